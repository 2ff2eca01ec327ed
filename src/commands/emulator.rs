//! `epsimo emulator start` and `epsimo emulator exec -- CMD`.

use std::net::{IpAddr, SocketAddr};

use super::Ctx;
use crate::cli::{EmulatorCommand, EmulatorExecArgs, EmulatorExportArgs, EmulatorStartArgs};
use crate::emulator::{self, Config, DEV_EMAIL, DEV_PASSWORD};
use crate::env;
use crate::error::{CliError, Exit, Result};

pub async fn run(cmd: EmulatorCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        EmulatorCommand::Start(args) => start(args, ctx).await,
        EmulatorCommand::Exec(args) => exec(args, ctx).await,
        EmulatorCommand::Export(args) => export(args, ctx).await,
    }
}

/// `emulator export DIR`: a running emulator's records, read through its admin
/// endpoint, written as a directory `emulator start --import` reads.
async fn export(args: EmulatorExportArgs, ctx: &Ctx) -> Result<()> {
    let token = args
        .admin_token
        .or_else(|| env::get(env::EMULATOR_ADMIN_TOKEN))
        .ok_or_else(|| {
            CliError::usage("the emulator's admin token is needed")
                .with_hint("pass --admin-token TOKEN (the emulator prints it at start, with --faults) or set EPSIMO_EMULATOR_ADMIN_TOKEN")
        })?;
    let client = ctx.client()?;
    let answer = client.emulator_export(&token).await?;
    let bundle: emulator::dump::Bundle = serde_json::from_value(answer).map_err(|e| {
        CliError::failure(format!(
            "{} did not answer an emulator export: {e}",
            client.url()
        ))
    })?;
    emulator::dump::write_dir(&bundle, &args.dir)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", args.dir.display())))?;
    if ctx.printer.json {
        return ctx.printer.json(&serde_json::json!({
            "dir": args.dir, "users": bundle.users.len(), "projects": bundle.projects.len(),
            "assistants": bundle.assistants.len(), "files": bundle.files.len(),
            "threads": bundle.threads.len(),
        }));
    }
    ctx.printer.success(&format!(
        "Exported {} projects, {} assistants and {} threads to {}",
        bundle.projects.len(),
        bundle.assistants.len(),
        bundle.threads.len(),
        args.dir.display()
    ));
    Ok(())
}

fn bind_addr(host: &str, port: u16) -> Result<SocketAddr> {
    let ip: IpAddr = if host.eq_ignore_ascii_case("localhost") {
        IpAddr::from([127, 0, 0, 1])
    } else {
        host.parse().map_err(|_| {
            CliError::usage(format!("--host {host:?} is not an IP address"))
                .with_hint("use 127.0.0.1 (the default) or ::1")
        })?
    };
    Ok(SocketAddr::new(ip, port))
}

pub use crate::interrupt::shutdown_signal;

fn start_error(e: emulator::StartError) -> CliError {
    let hint = match &e {
        emulator::StartError::AddrInUse(a) => Some(format!(
            "pick another port with --port N, or --port 0 for any free one (another emulator may be running: `lsof -i :{}` shows what listens there)",
            a.port()
        )),
        emulator::StartError::Other(_) => None,
    };
    let err = CliError::new(Exit::Failure, format!("cannot start the emulator: {e}"));
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

/// The emulator's configuration from its options; `--model-key-env` names the
/// variable the model API's key is read from, here, once.
fn config(options: &emulator::options::EmulatorOptions) -> Result<Config> {
    let mut cfg = Config::from(options);
    if let Some(url) = &options.model_url {
        let key = match &options.model_key_env {
            None => None,
            Some(var) => match std::env::var(var) {
                Ok(k) if !k.is_empty() => Some(k),
                _ => {
                    return Err(CliError::usage(format!(
                        "--model-key-env {var}: the variable is not set"
                    ))
                    .with_hint(format!("export {var}=... first, or leave --model-key-env out for a model that needs no key")));
                }
            },
        };
        let model =
            emulator::model::ModelConfig::new(url, options.model.clone(), key, options.model_steps)
                .map_err(CliError::usage)?;
        cfg.model = Some(std::sync::Arc::new(model));
    }
    Ok(cfg)
}

async fn start(args: EmulatorStartArgs, ctx: &Ctx) -> Result<()> {
    let addr = bind_addr(&args.host, args.port)?;
    if !addr.ip().is_loopback() {
        ctx.printer.warn(&format!(
            "listening on {} makes the emulator reachable from other machines; it has no real security",
            addr.ip()
        ));
    }
    emulator::EXPLAIN_ERRORS.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut cfg = config(&args.options)?;
    if !addr.ip().is_loopback() {
        // Served on purpose under another name: requests may name it in `Host`.
        cfg.allowed_host = Some(args.host.trim_matches(['[', ']']).to_string());
    }
    if !ctx.printer.quiet {
        cfg.log_requests = true;
    }
    let running = emulator::start(cfg.clone(), addr)
        .await
        .map_err(start_error)?;
    let url = running.url();
    // The banner goes to stderr so stdout stays free; it is always printed (even
    // with --quiet) because the URL is what the user started this for.
    match &cfg.model {
        None => ctx
            .printer
            .say("Epsimo emulator: a local development server (no real models, tools or payments)"),
        Some(_) => ctx
            .printer
            .say("Epsimo emulator: a local development server (no real tools or payments)"),
    }
    ctx.printer.say(&format!("  API:          {url}"));
    if let Some(m) = &cfg.model {
        ctx.printer.say(&format!(
            "  Model:        {} ({}; at most {} model calls a run)",
            m.endpoint,
            match &m.model {
                Some(name) => format!("model {name}"),
                None => "each assistant's own model name".to_string(),
            },
            m.max_steps
        ));
    }
    ctx.printer
        .say(&format!("  Dev account:  {DEV_EMAIL} / {DEV_PASSWORD}"));
    match (&cfg.import, &cfg.data) {
        (Some(dir), _) => ctx.printer.say(&format!(
            "  State:        imported from {}{}",
            dir.display(),
            if cfg.export_on_exit {
                " (written back when it stops)"
            } else {
                " (changes are gone when it stops; --export-on-exit keeps them)"
            }
        )),
        (None, Some(p)) => ctx
            .printer
            .say(&format!("  State:        saved to {}", p.display())),
        (None, None) => ctx
            .printer
            .say("  State:        in memory (gone when it stops; --data FILE keeps it)"),
    }
    if cfg.faults {
        ctx.printer.say(&format!(
            "  Admin:        {url}/_emulator/faults, {url}/_emulator/requests"
        ));
        ctx.printer.say(&format!(
            "  Admin token:  {} (Authorization: Bearer ...)",
            running.admin_token()
        ));
    }
    ctx.printer.say("");
    ctx.printer.say(&format!("  epsimo auth login --profile local --api-url {url} --email {DEV_EMAIL}   # password: {DEV_PASSWORD}"));
    ctx.printer
        .say("  (profile local becomes the active one; `epsimo auth switch default` goes back)");
    ctx.printer.say("");
    ctx.printer.say("Press Ctrl-C to stop.");
    shutdown_signal().await;
    ctx.printer.say("Stopping the emulator…");
    let exported = running.stop_and_export().await;
    if let (Some(dir), true) = (&cfg.import, cfg.export_on_exit) {
        exported.map_err(|e| {
            CliError::failure(format!(
                "the data was not written back to {}: {e}",
                dir.display()
            ))
        })?;
        ctx.printer
            .status(&format!("Data written back to {}.", dir.display()));
    }
    Ok(())
}

async fn exec(args: EmulatorExecArgs, ctx: &Ctx) -> Result<()> {
    emulator::EXPLAIN_ERRORS.store(true, std::sync::atomic::Ordering::Relaxed);
    let cfg = config(&args.options)?;
    let running = emulator::start(cfg, bind_addr("127.0.0.1", 0)?)
        .await
        .map_err(start_error)?;
    let config_dir = tempfile::Builder::new()
        .prefix("epsimo-emulator-")
        .tempdir()
        .map_err(|e| CliError::failure(format!("cannot create a temporary config dir: {e}")))?;
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| CliError::usage("no command given after --"))?;
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(rest);
    // Its own process group: a signal to `exec` is forwarded to CMD and everything
    // CMD started, not left to whatever the terminal reaches.
    cmd.process_group(0);
    // On a terminal, that group becomes the terminal's foreground (as a shell does
    // for a job): CMD can read it (a prompt, `epsimo chat`) and Ctrl-C reaches it.
    let terminal = Foreground::ours();
    if terminal.is_some() {
        // SAFETY: the closure runs in the child between fork and exec and calls
        // only async-signal-safe functions (signal, tcsetpgrp, getpgrp).
        unsafe {
            cmd.pre_exec(|| {
                libc::signal(libc::SIGTTOU, libc::SIG_IGN);
                libc::tcsetpgrp(libc::STDIN_FILENO, libc::getpgrp());
                libc::signal(libc::SIGTTOU, libc::SIG_DFL);
                Ok(())
            });
        }
    }
    // The user's real credentials and project never reach the child.
    for (name, _) in env::VARS {
        if name.starts_with("EPSIMO_") {
            cmd.env_remove(name);
        }
    }
    cmd.env(env::API_URL, running.url())
        .env(env::EMAIL, DEV_EMAIL)
        .env(env::PASSWORD, DEV_PASSWORD)
        .env(env::CONFIG_DIR, config_dir.path())
        // The emulator's own profile; the throw-away login stays in the throw-away
        // directory, never in the user's keychain.
        .env(env::PROFILE, crate::config::settings::LOCAL_PROFILE)
        .env(env::AUTH_STORAGE, "file");
    if running.shared.cfg.faults {
        cmd.env(env::EMULATOR_ADMIN_TOKEN, running.admin_token());
    }
    // `epsimo` in the child is this very binary, wherever it was started from.
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
    {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![dir];
        dirs.extend(std::env::split_paths(&path));
        if let Ok(joined) = std::env::join_paths(dirs) {
            cmd.env("PATH", joined);
        }
    }
    ctx.printer.status(&format!(
        "Emulator at {}; running {}",
        running.url(),
        args.command.join(" ")
    ));
    let mut child = cmd.spawn().map_err(|e| {
        CliError::new(Exit::Failure, format!("cannot run {program:?}: {e}")).with_hint(
            "check the command after `--`; it runs without a shell (use `sh -c '...'` for one)",
        )
    })?;
    // The parent hands the terminal over too (whichever runs first wins the race;
    // both name the child's group), and takes it back when the child is done.
    let _terminal = terminal.map(|t| t.lend_to(child.id()));
    let status = tokio::select! {
        s = child.wait() => s,
        _ = shutdown_signal() => {
            stop_group(&mut child).await;
            running.stop().await;
            drop(config_dir);
            return Err(CliError::interrupted());
        }
    }
    .map_err(|e| CliError::failure(format!("waiting for {program:?} failed: {e}")))?;
    let import = running.shared.cfg.import.clone();
    if let (Err(e), Some(dir)) = (running.stop_and_export().await, import) {
        ctx.printer.warn(&format!(
            "the data was not written back to {}: {e}",
            dir.display()
        ));
    }
    drop(config_dir);
    let code = exit_code_of(&status);
    if code == 0 {
        Ok(())
    } else {
        // The command's own code, said by the command itself.
        Err(CliError::new(Exit::Child(code), ""))
    }
}

/// The terminal on stdin, while this process's group is its foreground: lent to
/// `emulator exec`'s child and taken back when dropped.
struct Foreground {
    ours: libc::pid_t,
}

impl Foreground {
    fn ours() -> Option<Foreground> {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            return None;
        }
        // SAFETY: plain queries of this process and its terminal.
        let (front, ours) = unsafe { (libc::tcgetpgrp(libc::STDIN_FILENO), libc::getpgrp()) };
        (front == ours).then_some(Foreground { ours })
    }

    /// Makes the child's group (its pid: it leads it) the terminal's foreground.
    fn lend_to(self, child: Option<u32>) -> Foreground {
        if let Some(pid) = child {
            set_foreground(pid as libc::pid_t);
        }
        self
    }
}

impl Drop for Foreground {
    fn drop(&mut self) {
        set_foreground(self.ours);
    }
}

/// `tcsetpgrp` on stdin, from a group that may be in the background then (so
/// SIGTTOU, which would stop it, is ignored around the call).
fn set_foreground(group: libc::pid_t) {
    // SAFETY: signal(2) and tcsetpgrp(2) on this process's own stdin; the previous
    // disposition is put back.
    unsafe {
        let before = libc::signal(libc::SIGTTOU, libc::SIG_IGN);
        libc::tcsetpgrp(libc::STDIN_FILENO, group);
        libc::signal(libc::SIGTTOU, before);
    }
}

/// How long CMD's process group has to finish after SIGTERM before SIGKILL.
const GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Sends SIGTERM to the child's process group (its traps run, its children hear
/// it too), waits up to [`GRACE`], then kills the group.
async fn stop_group(child: &mut tokio::process::Child) {
    let Some(pid) = child.id() else { return };
    let group = -(pid as libc::pid_t);
    // SAFETY: kill(2) with a negative pid signals that process group; no memory is
    // involved.
    unsafe { libc::kill(group, libc::SIGTERM) };
    if tokio::time::timeout(GRACE, child.wait()).await.is_err() {
        // SAFETY: as above.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = child.wait().await;
    } else {
        // The child is gone; what it started may linger: the group ends too.
        // SAFETY: as above.
        unsafe { libc::kill(group, libc::SIGKILL) };
    }
}

fn exit_code_of(status: &std::process::ExitStatus) -> i32 {
    if let Some(c) = status.code() {
        return c;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return 128 + sig;
        }
    }
    1
}
