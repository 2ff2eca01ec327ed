//! `epsimo help [COMMAND...|environment|exit-codes|troubleshooting|guide NAME]`.

use clap::CommandFactory;
use serde_json::json;

use super::Ctx;
use crate::cli::Cli;
use crate::env::VARS;
use crate::error::{CliError, Exit, Result};

pub fn run(topic: &[String], ctx: &Ctx) -> Result<()> {
    match topic
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["environment"] | ["env"] => {
            if ctx.printer.json {
                let vars: Vec<_> = VARS
                    .iter()
                    .map(|(n, d)| json!({"name": n, "description": d}))
                    .collect();
                return ctx.printer.json(&json!(vars));
            }
            let width = VARS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
            let mut out = String::from("Environment variables read by epsimo:\n\n");
            for (name, desc) in VARS {
                out.push_str(&entry(&format!("  {name:width$}  "), desc));
            }
            ctx.printer.line(out.trim_end())
        }
        ["exit-codes"] => {
            if ctx.printer.json {
                let codes: Vec<_> = Exit::TABLE
                    .iter()
                    .map(|(c, d)| json!({"code": c, "meaning": d}))
                    .collect();
                return ctx.printer.json(&json!(codes));
            }
            let mut out = String::from("Exit codes of epsimo:\n\n");
            for (code, desc) in Exit::TABLE {
                out.push_str(&entry(&format!("  {code:>3}  "), desc));
            }
            ctx.printer.line(out.trim_end())
        }
        ["troubleshooting", rest @ ..] => troubleshooting(rest, ctx),
        ["guide"] | ["guides"] => {
            let mut out = String::from("Guides built into epsimo (`epsimo help guide NAME`):\n\n");
            let width = GUIDES.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
            for (name, text) in GUIDES {
                let title = text.lines().next().unwrap_or("").trim_start_matches("# ");
                out.push_str(&entry(&format!("  {name:width$}  "), title));
            }
            ctx.printer.line(out.trim_end())
        }
        ["guide", name] => {
            let (_, text) = GUIDES.iter().find(|(n, _)| n == name).ok_or_else(|| {
                let names: Vec<&str> = GUIDES.iter().map(|(n, _)| *n).collect();
                let hint = match crate::contract::catalog::suggest(name, names.iter().copied()) {
                    Some(s) => format!("did you mean {s}? the guides: {}", names.join(", ")),
                    None => format!("the guides: {}", names.join(", ")),
                };
                CliError::new(Exit::NotFound, format!("no guide {name:?}")).with_hint(hint)
            })?;
            ctx.printer.long(&format!("{}\n", text.trim_end()))
        }
        path => {
            let mut cmd = Cli::command();
            cmd.build();
            let mut current = &mut cmd;
            for name in path {
                current = current.find_subcommand_mut(name).ok_or_else(|| {
                    CliError::usage(format!("no help topic or command {name:?}"))
                        .with_hint("run `epsimo help` for the commands; the topics are environment, exit-codes, troubleshooting and guide")
                })?;
            }
            let help = current.render_long_help();
            ctx.printer.line(help.to_string().trim_end())
        }
    }
}

/// The guides of `docs/`, built into the binary so an installed `epsimo` has them
/// (`epsimo help guide NAME`); hints name these instead of repository paths.
pub const GUIDES: &[(&str, &str)] = &[
    (
        "getting-started",
        include_str!("../../docs/getting-started.md"),
    ),
    ("manifest", include_str!("../../docs/manifest.md")),
    ("sources", include_str!("../../docs/sources.md")),
    ("ci", include_str!("../../docs/ci.md")),
    ("scripting", include_str!("../../docs/scripting.md")),
    (
        "virtual-database",
        include_str!("../../docs/virtual-database.md"),
    ),
    ("emulator", include_str!("../../docs/emulator.md")),
    ("testing", include_str!("../../docs/testing.md")),
    ("mcp", include_str!("../../docs/mcp.md")),
    (
        "public-assistants",
        include_str!("../../docs/public-assistants.md"),
    ),
    ("security", include_str!("../../docs/security.md")),
    ("reliability", include_str!("../../docs/reliability.md")),
    (
        "troubleshooting",
        include_str!("../../docs/troubleshooting.md"),
    ),
];

/// One entry of a topic: `label` then `text`, wrapped to the terminal's width with
/// continuation lines under the text.
fn entry(label: &str, text: &str) -> String {
    let width = crate::output::terminal_width().unwrap_or(100);
    let indent = " ".repeat(label.len());
    let opts = textwrap::Options::new(width.max(label.len() + 20))
        .initial_indent(label)
        .subsequent_indent(&indent);
    textwrap::fill(text, opts) + "\n"
}

/// `help troubleshooting [SECTION]`: the guide built into the binary, or one of its
/// sections (as a hint names it).
fn troubleshooting(section: &[&str], ctx: &Ctx) -> Result<()> {
    let text = Exit::TROUBLESHOOTING;
    let Some(name) = section.first() else {
        return ctx.printer.line(text.trim_end());
    };
    let heading = format!("## {name}");
    let start = text.lines().position(|l| l == heading).ok_or_else(|| {
        let sections: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ")).collect();
        CliError::usage(format!("no troubleshooting section {name:?}"))
            .with_hint(format!("the sections: {}", sections.join(", ")))
    })?;
    let body: Vec<&str> = text
        .lines()
        .skip(start)
        .enumerate()
        .take_while(|(i, l)| *i == 0 || !l.starts_with("## "))
        .map(|(_, l)| l)
        .collect();
    ctx.printer.line(body.join("\n").trim_end())
}
