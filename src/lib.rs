// `epsimo`: the command-line client of the Epsimo AI agent platform, and the library
// it stands on. The binary is a thin `main` over [`run`]. The library's API is what
// the crate root re-exports (`Client`, `Session`, ...) and `emulator`; the other
// public modules are the binary's layers, public for its integration tests and
// hidden from the docs; the front-end's commands, printer and helpers are
// crate-private, so dead code there is reported.

#![doc = include_str!("../docs/library.md")]
#![deny(missing_docs)]

/// A line on stderr that never panics (stderr may be closed, e.g. `2>&-`, or a pipe
/// whose reader went away): status output must not take the program down.
#[macro_export]
macro_rules! say {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr());
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // Wrapped at words to the terminal's width when stderr is one.
        let text = $crate::output::wrap::for_stderr(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{text}");
    }};
}

/// Like [`say!`] without the newline, flushed (for prompts).
#[macro_export]
macro_rules! say_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut e = std::io::stderr();
        let _ = write!(e, $($arg)*);
        let _ = e.flush();
    }};
}

#[doc(hidden)]
pub mod api;
// Its doc comments are clap's `--help` text, not rustdoc: URLs and `<name>` stay bare.
#[doc(hidden)]
#[allow(rustdoc::bare_urls, rustdoc::invalid_html_tags)]
pub mod cli;
pub(crate) mod commands;
pub(crate) mod completion;
#[doc(hidden)]
pub mod config;
pub(crate) mod context;
pub(crate) mod contract;
pub(crate) mod deploy;
pub mod emulator;
#[doc(hidden)]
pub mod env;
#[doc(hidden)]
pub mod error;
pub(crate) mod hints;
pub(crate) mod interrupt;
pub(crate) mod jq;
pub(crate) mod mcp;
pub(crate) mod output;
pub(crate) mod platform;
pub(crate) mod pricing;
pub(crate) mod scaffold;
mod sdk;
#[doc(hidden)]
pub mod stream;
pub(crate) mod testing;
pub(crate) mod util;

pub use sdk::{
    Action, Applied, Assistant, Change, Client, DEFAULT_API_URL, DEFAULT_THREAD_NAME, DeployPlan,
    Error, ErrorKind, ExportFormat, FieldChange, Fix, Login, MAX_DATABASE_VALUE_BYTES, Manifest,
    Project, ProjectClient, Projects, PublicPiece, Run, RunEnd, RunEvent, Session, TestOptions,
    TestReport, TestStatus, Thread, ThreadInfo, Wire, access_of, check_database_key, looks_like_id,
    masked_assistant, project_view, thread_name, transcript,
};

use clap::Parser;

use crate::error::{CliError, Exit};

/// Parses the command line, runs the command, and returns the exit code.
pub fn run() -> i32 {
    // `epsimo __jq-worker MEMORY`: evaluate one filter within a budget (jq.rs).
    let mut args = std::env::args();
    if args.nth(1).as_deref() == Some(jq::WORKER_ARG) {
        return jq::worker_main(args.next().as_deref());
    }
    if let Ok(exe) = std::env::current_exe() {
        jq::use_worker(exe);
    }
    install_panic_hook();
    // `COMPLETE=bash epsimo ...`: answer the shell's completion request and exit.
    clap_complete::CompleteEnv::with_factory(<cli::Cli as clap::CommandFactory>::command)
        .complete();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage.code()
            } else {
                0
            };
            let _ = e.print();
            return code;
        }
    };
    let mut printer = output::Printer::new(
        cli.global.json,
        cli.global.jq.clone(),
        cli.global.quiet,
        cli.global.color,
        cli.global.no_input,
    );
    // Interactive sessions and servers never hand stdout to a pager.
    printer.pager &= !cli.global.no_pager && commands::pages(&cli);
    // The emulator serves many connections at once: a worker pool. A client command
    // is one conversation with the network (even deploy's bounded concurrency only
    // waits on sockets): one thread, with no cross-thread wake-up per received chunk.
    let runtime = if commands::serves(&cli) {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            printer.error(&CliError::failure(format!(
                "cannot start the async runtime: {e}"
            )));
            return Exit::Failure.code();
        }
    };
    let own_signals = commands::handles_signals(&cli);
    if !commands::serves(&cli) {
        interrupt::watch();
        no_core_dumps();
    }
    let command_printer = printer.clone();
    let result = runtime.block_on(async move {
        if own_signals {
            commands::dispatch(cli, command_printer).await
        } else {
            tokio::select! {
                r = commands::dispatch(cli, command_printer) => r,
                _ = interrupt::shutdown_signal() => Err(CliError::interrupted()),
            }
        }
    });
    // Do not wait for stray background work (a stalled connection) on the way out.
    runtime.shutdown_background();
    match result {
        Ok(()) => Exit::Ok.code(),
        Err(e) => {
            if !e.exit.is_silent() && (e.exit != Exit::Interrupted || !e.message.is_empty()) {
                printer.error(&e);
            }
            e.exit.code()
        }
    }
}

/// A process that holds tokens writes no core file (as ssh-agent does): an abort
/// would otherwise leave its memory, tokens included, on disk.
fn no_core_dumps() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit(2) reads the struct passed by reference; failure (a
    // sandbox that forbids it) only leaves the default.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) };
}

/// A panic prints one clean line (never a backtrace, never the panic payload, which
/// could hold data) and exits 1.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        crate::say!(
            "error: internal error{at}; this is a bug in epsimo, please report it with the command you ran"
        );
        std::process::exit(Exit::Failure.code());
    }));
}
