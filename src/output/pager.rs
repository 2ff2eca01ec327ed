//! Long output on a terminal goes through a pager, as git and gh do: `EPSIMO_PAGER`,
//! else `PAGER`, else `less -FRX` (`-F` quits when it fits, `-R` keeps colours,
//! `-X` leaves it on the screen). Only what is longer than the terminal is paged,
//! so short output never starts one; `--no-pager`, an empty or `cat` pager, or
//! stdout that is no terminal write it straight.

use std::io::{IsTerminal, Write};

use crate::env;

/// The pager command (run by `sh -c`), or `None` for none.
pub fn command() -> Option<String> {
    let chosen = env::get(env::PAGER).or_else(|| std::env::var("PAGER").ok());
    match chosen {
        Some(p) if p.trim().is_empty() || p.trim() == "cat" => None,
        Some(p) => Some(p),
        None => Some("less -FRX".to_string()),
    }
}

/// The terminal's height in rows, when stdout is one.
fn rows() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(_, h)| h.0 as usize)
        .filter(|h| *h > 2)
}

/// Shows `text` through the pager when it is longer than the terminal; `false`
/// when it did not (the caller writes it itself). A pager that cannot start, or
/// that ends early (`q`), is not an error: what it showed was shown.
pub fn page(text: &str) -> bool {
    let Some(rows) = rows() else { return false };
    if text.lines().count() < rows {
        return false;
    }
    let Some(cmd) = command() else { return false };
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg(&cmd)
        .env(
            "LESS",
            std::env::var("LESS").unwrap_or_else(|_| "FRX".into()),
        )
        .stdin(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else { return false };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit before the end closes its input: that is fine.
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
    true
}
