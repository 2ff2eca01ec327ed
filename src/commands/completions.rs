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

pub fn man(dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .map_err(|e| CliError::failure(format!("cannot write the man pages: {e}")))?;
    crate::say!("Wrote the manual pages to {}", dir.display());
    Ok(())
}
