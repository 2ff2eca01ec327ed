//! `epsimo completions SHELL` and `epsimo man`.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{CliError, Result};

/// The static script of a shell, as bytes (the same as `completions/` holds).
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "epsimo", &mut out);
    out
}

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    use std::io::Write;
    std::io::stdout()
        .lock()
        .write_all(&script(shell))
        .map_err(crate::output::stdout_error)
}

pub fn man(dir: &std::path::Path, printer: &crate::output::Printer) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    write_pages(&cmd, dir)
        .map_err(|e| CliError::failure(format!("cannot write the man pages: {e}")))?;
    printer.success(&format!("Wrote the manual pages to {}", dir.display()));
    Ok(())
}

/// One page on stdout (`epsimo man threads run | man -l -`): the top command's,
/// or the page of the command named by its words.
pub fn man_page(words: &[String]) -> Result<()> {
    use std::io::Write;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut at = &cmd;
    for w in words {
        at = at.find_subcommand(w).ok_or_else(|| {
            CliError::usage(format!("no command `epsimo {}`", words.join(" ")))
                .with_hint("`epsimo --help` lists the commands")
        })?;
    }
    let (_, out) =
        page(at).map_err(|e| CliError::failure(format!("cannot render the page: {e}")))?;
    std::io::stdout()
        .lock()
        .write_all(&out)
        .map_err(crate::output::stdout_error)
}

/// One page per command, as clap_mangen lays them out, except that a command's
/// examples (its `after_help`) sit under EXAMPLES, one per line, unfilled.
fn write_pages(cmd: &clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    let (name, out) = page(cmd)?;
    std::fs::write(dir.join(name), out)
}

/// A command's page: its file name and its roff.
fn page(cmd: &clap::Command) -> std::io::Result<(String, Vec<u8>)> {
    use clap_mangen::roff::{Roff, roman};
    let examples = cmd.get_after_long_help().or_else(|| cmd.get_after_help());
    let page = clap_mangen::Man::new(cmd.clone().after_help("").after_long_help(""));
    let mut out = Vec::new();
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        page.render_options_section(&mut out)?;
    }
    if cmd.has_subcommands() {
        page.render_subcommands_section(&mut out)?;
    }
    if let Some(text) = examples {
        let text = text.to_string();
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !matches!(*l, "Examples:" | "Example:"))
            .collect();
        if !lines.is_empty() {
            let mut roff = Roff::default();
            roff.control("SH", ["EXAMPLES"]);
            roff.control("nf", []);
            for l in lines {
                roff.text([roman(l)]);
            }
            roff.control("fi", []);
            roff.to_writer(&mut out)?;
        }
    }
    if cmd.get_version().is_some() {
        page.render_version_section(&mut out)?;
    }
    Ok((page.get_filename(), out))
}
