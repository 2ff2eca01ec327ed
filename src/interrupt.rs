//! Ctrl-C and SIGTERM during a blocking read.
//!
//! Client commands run on one thread: while it blocks in a read of stdin, a terminal
//! prompt or a FIFO, the async signal handler cannot run, so an interrupt was ignored
//! until the read returned (and then taken as its answer). A watcher thread with a
//! runtime of its own waits for the signals; when one arrives while a read is marked
//! as blocking ([`reading`], [`reading_password`]), it ends the process with 130 at
//! once, restoring the terminal's echo first if a password prompt had turned it off.
//! At any other time it leaves the signal to the command's own handling.

use std::sync::atomic::{AtomicU8, Ordering};

const IDLE: u8 = 0;
const READ: u8 = 1;
const PASSWORD: u8 = 2;
const RAW: u8 = 3;

static BLOCKED: AtomicU8 = AtomicU8::new(IDLE);

/// Marks a blocking read until dropped.
#[must_use = "the read is marked only while the guard lives"]
pub struct Reading(());

impl Drop for Reading {
    fn drop(&mut self) {
        BLOCKED.store(IDLE, Ordering::SeqCst);
    }
}

/// A blocking read of stdin, a prompt or a file that may never end.
pub fn reading() -> Reading {
    BLOCKED.store(READ, Ordering::SeqCst);
    Reading(())
}

/// A password prompt: the terminal's echo is off while it lasts.
pub fn reading_password() -> Reading {
    BLOCKED.store(PASSWORD, Ordering::SeqCst);
    Reading(())
}

/// A full-screen or key-by-key prompt: the terminal is in raw mode while it lasts
/// (a SIGTERM ends the process with the terminal restored; Ctrl-C is a key then):
/// a key-driven picker, `epsimo ui`.
pub fn reading_raw() -> Reading {
    BLOCKED.store(RAW, Ordering::SeqCst);
    Reading(())
}

/// Starts the watcher (once, before the command runs).
pub fn watch() {
    let spawned = std::thread::Builder::new()
        .name("epsimo-signals".into())
        .spawn(|| {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            let Ok(mut hangup) = rt.block_on(async {
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            }) else {
                return;
            };
            loop {
                let hung_up = rt.block_on(async {
                    tokio::select! {
                        _ = shutdown_signal() => false,
                        _ = hangup.recv() => true,
                    }
                });
                if hung_up {
                    // The terminal is gone: whatever this process was writing is
                    // abandoned, and a temp file holding a token must not stay.
                    if let Ok(dir) = crate::config::config_dir() {
                        crate::config::credentials::remove_own_temp_files(&dir);
                    }
                    std::process::exit(128 + 1);
                }
                match BLOCKED.load(Ordering::SeqCst) {
                    IDLE => continue,
                    PASSWORD => {
                        restore_echo();
                        end()
                    }
                    RAW => {
                        restore_raw();
                        end()
                    }
                    _ => end(),
                }
            }
        });
    // Without the watcher, interrupts still work outside blocking reads.
    drop(spawned);
}

fn end() -> ! {
    crate::say!();
    std::process::exit(crate::error::Exit::Interrupted.code())
}

/// Leaves raw mode (and `epsimo ui`'s alternate screen) and shows the cursor: what
/// the watcher does on SIGTERM, and the dashboard on its way out or in a panic.
pub fn restore_raw() {
    use ratatui::crossterm::{cursor, execute, terminal};
    use std::io::IsTerminal;
    let _ = terminal::disable_raw_mode();
    if std::io::stdout().is_terminal() {
        let _ = execute!(
            std::io::stdout(),
            terminal::LeaveAlternateScreen,
            cursor::Show
        );
    }
    let _ = execute!(std::io::stderr(), cursor::Show);
}

/// Turns the terminal's echo back on (a password prompt had turned it off).
fn restore_echo() {
    if let Ok(tty) = std::fs::File::open("/dev/tty") {
        let _ = std::process::Command::new("stty")
            .arg("echo")
            .stdin(tty)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
