//! `epsimo test`: runs the conversation tests of `epsimo.test.yaml` and
//! `tests/*.epsimo-test.yaml` (see `crate::testing`); `test new --from-thread`
//! writes one from a real conversation.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};

use super::Ctx;
use crate::cli::{TestArgs, TestCommand};
use crate::config::manifest::{self, Manifest};
use crate::error::{CliError, Exit, Result};
use crate::platform::{assistants, projects, threads};
use crate::testing::spec::{self, Check, TestFile, TestSpec, ToolCalled, Turn};
use crate::testing::{self, Runner, Status, TestOutcome};

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
    let selected = testing::select(&args.paths, args.filter.as_deref())?;
    if args.emulator {
        let (emulated, pid, _dir, running) = emulated(ctx).await?;
        let result = run_tests(&emulated, Some(pid), &args, timeout, &selected).await;
        running.stop().await;
        return result;
    }
    run_tests(ctx, None, &args, timeout, &selected).await
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
    let api = emulated.api()?;
    let login = api
        .login(crate::emulator::DEV_EMAIL, crate::emulator::DEV_PASSWORD)
        .await?;
    api.save_login(crate::emulator::DEV_EMAIL, &login, None)?;
    let name = m.name.clone().unwrap_or_else(|| "epsimo test".into());
    let pid = projects::create(
        &api,
        &crate::contract::models::NewProject {
            name,
            description: String::new(),
            metadata: Default::default(),
        },
    )
    .await?
    .project_id
    .clone();
    let plan =
        crate::deploy::against(&api, &pid, &m, false, crate::deploy::Validation::Checked).await?;
    let applied =
        crate::deploy::apply::apply(&api, &pid, &plan, crate::interrupt::shutdown_signal()).await;
    if let Some((what, e)) = applied.failed.into_iter().next() {
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
        crate::util::count(m.assistants.len(), "assistant", "assistants")
    ));
    Ok((emulated, pid, dir, running))
}

async fn run_tests(
    ctx: &Ctx,
    pid: Option<String>,
    args: &TestArgs,
    timeout: Option<Duration>,
    selected: &[(String, TestSpec)],
) -> Result<()> {
    let pid = match pid {
        Some(p) => p,
        None => ctx.project_id(&args.project).await?,
    };
    let api = ctx.api()?;
    let mut runner = Runner::for_project(
        &api,
        &pid,
        args.keep_threads,
        timeout,
        crate::jq::Budget::default(),
    )
    .await?;
    runner.words = Some(crate::hints::shell);
    runner.check_tool_names(selected)?;
    let json = ctx.printer.json;
    let files: Vec<&str> = {
        let mut f: Vec<&str> = selected.iter().map(|(f, _)| f.as_str()).collect();
        f.dedup();
        f
    };
    if !json {
        ctx.printer.line(&format!(
            "\nrunning {} from {}",
            crate::util::count(selected.len(), "test", "tests"),
            files.join(", ")
        ))?;
    }
    let start = Instant::now();
    let runs = testing::runs(selected, args.repeat);
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
    let pending = runner.run_all(selected, args.repeat, args.jobs as usize);
    tokio::pin!(pending);
    let mut outcomes: Vec<TestOutcome> = Vec::new();
    let interrupt = crate::interrupt::shutdown_signal();
    tokio::pin!(interrupt);
    loop {
        let next = tokio::select! {
            n = pending.next() => n,
            _ = &mut interrupt => return Err(CliError::interrupted()),
        };
        let Some(o) = next else { break };
        if json {
            ctx.printer
                .line(&serde_json::to_string(&testing::record(&o)).unwrap_or_default())?;
        } else {
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
            ))?;
        }
        outcomes.push(o);
    }
    testing::in_file_order(selected, &mut outcomes);

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
    match testing::exit_of(&outcomes) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// A test from a conversation: each message of the user a turn; what the
/// assistant did in answer as loose assertions (the tools it called, the start of
/// its reply).
async fn new_from_thread(
    ctx: &Ctx,
    pid: &str,
    thread: &str,
    assistant: Option<String>,
    name: Option<String>,
    output: Option<PathBuf>,
    force: bool,
) -> Result<()> {
    let api = ctx.api()?;
    let (t, state) = threads::with_state(&api, pid, thread).await?;
    let state = state?;
    let messages = crate::contract::state::messages_of(&state["values"]);
    let assistant = match assistant {
        Some(a) => a,
        None => {
            let id = t.assistant_id.clone().ok_or_else(|| {
                CliError::usage(format!("thread {thread} names no assistant"))
                    .with_hint("pass --assistant NAME")
            })?;
            assistants::get(&api, pid, &id)
                .await
                .map(|a| a.name.clone())
                .unwrap_or(id)
        }
    };
    let test = from_messages(
        name.or_else(|| t.name.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("conversation {thread}")),
        assistant,
        &messages,
    );
    if test.turns.is_empty() {
        return Err(CliError::new(
            Exit::Invalid,
            format!("thread {thread} holds no message of the user to replay"),
        ));
    }
    let file = TestFile { tests: vec![test] };
    let yaml = serde_saphyr::to_string(&file)
        .map_err(|e| CliError::failure(format!("cannot write the test as YAML: {e}")))?;
    let text = format!(
        "# Made by `epsimo test new --from-thread {thread}`: the user's messages replayed,\n# the replies checked loosely. Tighten the assertions to what must hold.\n{yaml}"
    );
    // What is written must read back as a test.
    spec::parse(Path::new("(generated)"), &text)?;
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

/// The turns of a conversation: a human message starts one; the tools called
/// before the next are `tool_called`, and the first line of the last reply (up to
/// 60 characters) is `contains`.
pub fn from_messages(name: String, assistant: String, messages: &[Value]) -> TestSpec {
    let text = |m: &Value| crate::stream::accumulator::content_text(&m["content"]);
    let mut turns: Vec<Turn> = Vec::new();
    let mut reply: Option<String> = None;
    let close = |turns: &mut Vec<Turn>, reply: &mut Option<String>| {
        if let (Some(turn), Some(r)) = (turns.last_mut(), reply.take()) {
            let first: String = r.lines().next().unwrap_or("").chars().take(60).collect();
            if !first.trim().is_empty() {
                turn.expect.push(Check::Contains(first.trim().to_string()));
            }
        }
    };
    for m in messages {
        match m["type"].as_str().unwrap_or("") {
            "human" => {
                close(&mut turns, &mut reply);
                turns.push(Turn {
                    user: text(m),
                    expect: Vec::new(),
                });
            }
            "ai" => {
                let Some(turn) = turns.last_mut() else {
                    continue;
                };
                for c in m["tool_calls"].as_array().into_iter().flatten() {
                    if let Some(n) = c["name"].as_str() {
                        let check = Check::ToolCalled(ToolCalled::Name(n.to_string()));
                        if !turn.expect.contains(&check) {
                            turn.expect.push(check);
                        }
                    }
                }
                let t = text(m);
                if !t.trim().is_empty() {
                    reply = Some(t);
                }
            }
            _ => {}
        }
    }
    close(&mut turns, &mut reply);
    TestSpec {
        name,
        assistant,
        turns,
        db: Default::default(),
        tool_sequence: None,
        repeat: None,
        pass_rate: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_becomes_turns_with_loose_assertions() {
        let messages = vec![
            json!({"type": "human", "content": "store it"}),
            json!({"type": "ai", "content": "", "tool_calls": [{"name": "update_database", "args": {}}]}),
            json!({"type": "tool", "content": "Saved"}),
            json!({"type": "ai", "content": "Saved it.\nAnything else?"}),
            json!({"type": "human", "content": "thanks"}),
            json!({"type": "ai", "content": [{"type": "text", "text": "You are welcome"}]}),
        ];
        let t = from_messages("n".into(), "Keeper".into(), &messages);
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].user, "store it");
        assert_eq!(
            t.turns[0].expect,
            vec![
                Check::ToolCalled(ToolCalled::Name("update_database".into())),
                Check::Contains("Saved it.".into())
            ]
        );
        assert_eq!(
            t.turns[1].expect,
            vec![Check::Contains("You are welcome".into())]
        );
    }
}
