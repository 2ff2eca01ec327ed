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
                out.push_str(&format!("  {name:width$}  {desc}\n"));
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
                out.push_str(&format!("  {code:>3}  {desc}\n"));
            }
            ctx.printer.line(out.trim_end())
        }
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
