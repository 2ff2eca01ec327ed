//! `epsimo test`: runs the conversation tests of `epsimo.test.yaml` and
//! `tests/*.epsimo-test.yaml` (see `crate::testing`); `test new --from-thread`
//! writes one from a real conversation.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use super::Ctx;
use crate::cli::{TestArgs, TestCommand};
use crate::config::manifest;
use crate::error::{CliError, Exit, Result};
use crate::sdk::{TestOutcome, TestSelection};
use crate::{Manifest, TestOptions, TestStatus as Status};

pub async fn run(args: TestArgs, ctx: &Ctx) -> Result<()> {
    if let Some(TestCommand::New {
        from_thread,
        assistant,
        name,
        output,
        force,
        project,
    }) = args.command
    {
        let pid = ctx.project_id(&project).await?;
        return new_from_thread(ctx, &pid, &from_thread, assistant, name, output, force).await;
    }
    let timeout = match args.timeout {
        Some(t) if !(t.is_finite() && t > 0.0 && t <= crate::env::MAX_SECONDS) => {
            return Err(CliError::usage(format!(
                "--timeout is a number of seconds above 0 (at most {}), not {t}",
                crate::env::MAX_SECONDS
            )));
        }
        t => t.map(Duration::from_secs_f64),
    };
    // Every file is read and checked before anything runs.
    let selection = TestSelection::read(&args.paths, args.filter.as_deref())?;
    if args.emulator {
        let (emulated, pid, _dir, running) = emulated(ctx).await?;
        let result = run_tests(&emulated, Some(pid), &args, timeout, &selection).await;
        running.stop().await;
        return result;
    }
    run_tests(ctx, None, &args, timeout, &selection).await
}

/// A built-in emulator, logged in as its dev account in a throw-away config dir,
/// with the nearest `epsimo.yaml` deployed into a new project: the context to run
/// against (its `EPSIMO_PROJECT_ID` is that project).
async fn emulated(ctx: &Ctx) -> Result<(Ctx, String, tempfile::TempDir, crate::emulator::Running)> {
    let path = manifest::find().ok_or_else(|| {
        CliError::usage(
            "--emulator deploys the nearest epsimo.yaml, and there is none here or above",
        )
        .with_hint("run it in the project's directory (`epsimo init` writes epsimo.yaml)")
    })?;
    let m = Manifest::load(&path)?;
    let running = crate::emulator::start(
        // No credit limit: a run of many tests (and repeats) makes many threads.
        crate::emulator::Config {
            thread_max: 1_000_000_000,
            ..crate::emulator::Config::default()
        },
        "127.0.0.1:0".parse().expect("a loopback address"),
    )
    .await
    .map_err(|e| CliError::failure(format!("the emulator did not start: {e}")))?;
    let dir = tempfile::tempdir()
        .map_err(|e| CliError::failure(format!("cannot make a temporary directory: {e}")))?;
    let mut global = ctx.global.clone();
    global.api_url = Some(running.url());
    let emulated =
        Ctx::with_config_dir(global, ctx.printer.clone(), Some(dir.path().to_path_buf()));
    // The login the tests' runs use is stored in the throw-away config dir.
    emulated
        .log_in_stored(crate::emulator::DEV_EMAIL, crate::emulator::DEV_PASSWORD)
        .await?;
    let client = emulated.client()?;
    let name = m.name().unwrap_or("epsimo test");
    let pid = client.projects().create(name).await?.project_id.clone();
    let project = client.project(&pid);
    let plan = project.plan(&m, false, true).await?;
    let applied = project
        .deploy_apply_until(&plan, crate::interrupt::shutdown_signal())
        .await?;
    if let Some((what, e)) = applied.failed.into_iter().next() {
        let e = CliError::from(e);
        return Err(CliError::new(
            e.exit,
            format!(
                "deploying {} into the emulator failed: {what}: {}",
                path.display(),
                e.message
            ),
        ));
    }
    ctx.printer.status(&format!(
        "Emulator at {}: {} deployed ({})",
        running.url(),
        path.display(),
        crate::util::count(m.assistants(), "assistant", "assistants")
    ));
    Ok((emulated, pid, dir, running))
}

async fn run_tests(
    ctx: &Ctx,
    pid: Option<String>,
    args: &TestArgs,
    timeout: Option<Duration>,
    selection: &TestSelection,
) -> Result<()> {
    let pid = match pid {
        Some(p) => p,
        None => ctx.project_id(&args.project).await?,
    };
    let project = ctx.client()?.project(pid);
    let options = TestOptions {
        filter: None,
        repeat: args.repeat,
        jobs: args.jobs as usize,
        keep_threads: args.keep_threads,
        timeout,
    };
    let runner = project
        .test_runner(
            selection,
            &options,
            crate::jq::Budget::default(),
            Some(crate::hints::shell),
        )
        .await?;
    let json = ctx.printer.json;
    if !json {
        ctx.printer.line(&format!(
            "\nrunning {} from {}",
            crate::util::count(selection.len(), "test", "tests"),
            selection.files().join(", ")
        ))?;
    }
    let start = Instant::now();
    let runs = selection.runs(args.repeat);
    // Each run is a new thread, and a thread is what the platform bills.
    ctx.printer.status(&format!(
        "Each run starts a thread, which uses a thread credit{}: {}.",
        if args.emulator {
            " of the emulator's (not yours)"
        } else {
            " of the account's"
        },
        crate::util::count(runs, "credit", "credits")
    ));
    let each = |o: &TestOutcome| {
        if json {
            return ctx
                .printer
                .line(&serde_json::to_string(&o.record()).unwrap_or_default());
        }
        let verdict = match o.status {
            Status::Passed => "ok",
            Status::Failed => "FAILED",
            Status::Error => "ERROR",
        };
        let runs = if o.attempts.len() > 1 {
            format!(", {}/{} runs passed", o.passed_attempts, o.attempts.len())
        } else {
            String::new()
        };
        ctx.printer.line(&format!(
            "test {} ... {verdict} ({:.2}s{runs})",
            crate::util::sanitize(&o.name),
            o.duration_s
        ))
    };
    let outcomes = tokio::select! {
        o = runner.run(each) => o?,
        _ = crate::interrupt::shutdown_signal() => return Err(CliError::interrupted()),
    };

    let total = start.elapsed().as_secs_f64();
    let passed = outcomes
        .iter()
        .filter(|o| o.status == Status::Passed)
        .count();
    let failed = outcomes
        .iter()
        .filter(|o| o.status == Status::Failed)
        .count();
    let errors = outcomes
        .iter()
        .filter(|o| o.status == Status::Error)
        .count();
    if let Some(path) = &args.junit {
        let xml = super::junit::render(&outcomes, total, args.keep_threads);
        crate::util::write_atomic(path, xml.as_bytes(), None)
            .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    }
    if json {
        ctx.printer.line(
            &json!({"event": "summary", "passed": passed, "failed": failed, "errors": errors,
                    "duration_s": total})
            .to_string(),
        )?;
    } else {
        let bad: Vec<&TestOutcome> = outcomes
            .iter()
            .filter(|o| o.status != Status::Passed)
            .collect();
        if !bad.is_empty() {
            ctx.printer.line("\nfailures:\n")?;
            for o in &bad {
                ctx.printer
                    .line(&super::test_report::report(o, args.keep_threads))?;
            }
            ctx.printer.line("failures:")?;
            for o in &bad {
                ctx.printer
                    .line(&format!("    {}", crate::util::sanitize(&o.name)))?;
            }
        }
        let verdict = if bad.is_empty() { "ok" } else { "FAILED" };
        ctx.printer.line(&format!(
            "\ntest result: {verdict}. {passed} passed, {failed} failed, {errors} could not run; finished in {total:.2}s\n"
        ))?;
    }
    match exit_of(&outcomes) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The exit of a run: the first error's code (it could not run), else 10 when an
/// assertion failed.
fn exit_of(outcomes: &[TestOutcome]) -> Option<CliError> {
    let errors = outcomes
        .iter()
        .filter(|o| o.status == Status::Error)
        .count();
    let failed = outcomes
        .iter()
        .filter(|o| o.status == Status::Failed)
        .count();
    if errors > 0 {
        let exit = outcomes
            .iter()
            .flat_map(|o| &o.attempts)
            .find_map(|a| a.error_exit)
            .unwrap_or(Exit::Failure);
        return Some(CliError::new(
            exit,
            format!(
                "{} could not run",
                crate::util::count(errors, "test", "tests")
            ),
        ));
    }
    if failed > 0 {
        return Some(CliError::new(
            Exit::TestsFailed,
            format!("{} failed", crate::util::count(failed, "test", "tests")),
        ));
    }
    None
}

/// A test from a conversation (written by the library): the header says where it
/// came from, and the file is written where asked, or printed.
async fn new_from_thread(
    ctx: &Ctx,
    pid: &str,
    thread: &str,
    assistant: Option<String>,
    name: Option<String>,
    output: Option<PathBuf>,
    force: bool,
) -> Result<()> {
    let yaml = ctx
        .client()?
        .project(pid)
        .test_from_thread(thread, assistant.as_deref(), name.as_deref())
        .await?;
    let text = format!(
        "# Made by `epsimo test new --from-thread {thread}`: the user's messages replayed,\n# the replies checked loosely. Tighten the assertions to what must hold.\n{yaml}"
    );
    match output {
        None => ctx.printer.line(text.trim_end()),
        Some(path) => {
            if path.exists() && !force {
                return Err(CliError::usage(format!("{} exists", path.display()))
                    .with_hint("pass --force to replace it"));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    CliError::failure(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            crate::util::write_atomic(&path, text.as_bytes(), None)
                .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
            ctx.printer.success(&format!(
                "Wrote {} (run it with `epsimo test {}`)",
                path.display(),
                path.display()
            ));
            Ok(())
        }
    }
}
