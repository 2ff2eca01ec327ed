//! `epsimo help [COMMAND...|environment|exit-codes]`.

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
        path => {
            let mut cmd = Cli::command();
            cmd.build();
            let mut current = &mut cmd;
            for name in path {
                current = current.find_subcommand_mut(name).ok_or_else(|| {
                    CliError::usage(format!("no help topic or command {name:?}"))
                        .with_hint("run `epsimo help` for the commands, `epsimo help environment` or `epsimo help exit-codes` for the topics")
                })?;
            }
            let help = current.render_long_help();
            ctx.printer.line(help.to_string().trim_end())
        }
    }
}

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
