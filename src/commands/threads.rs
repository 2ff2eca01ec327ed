//! `epsimo threads`: list (the default), show, create, delete, state, history, run.

use std::io::{IsTerminal, Read};

use serde_json::{Value, json};

use super::Ctx;
use super::stream::{Conversation, HumanSink, Input, JsonSink, Outcome, Sink};
use crate::cli::{RunArgs, ThreadsArgs, ThreadsCommand};
use crate::error::{CliError, Exit, Result};
use crate::output::Col;
use crate::sdk::{Choice, Open, ProjectClient};
use crate::sdk::{NotResumable, RunState, resumable};

pub async fn run(args: ThreadsArgs, ctx: &Ctx) -> Result<()> {
    let pid = ctx.project_id(&args.project).await?;
    let command = args.command.unwrap_or(ThreadsCommand::List);
    // A thread named by something that is not an id is refused before anything is
    // sent about it.
    let thread = match &command {
        ThreadsCommand::Show { id }
        | ThreadsCommand::Delete { id, .. }
        | ThreadsCommand::State { id }
        | ThreadsCommand::History { id }
        | ThreadsCommand::Resume { id, .. } => Some(id.as_str()),
        ThreadsCommand::Run(r) => r.thread_id.as_deref(),
        ThreadsCommand::Export(e) => e.id.as_deref(),
        ThreadsCommand::List | ThreadsCommand::Create { .. } => None,
    };
    if let Some(t) = thread {
        ctx.client()?.project(&pid).resolve_thread(t).await?;
    }
    match command {
        ThreadsCommand::List => list(ctx, &pid).await,
        ThreadsCommand::Show { id } => show(ctx, &pid, &id).await,
        ThreadsCommand::Create { assistant_id, name } => {
            let assistant_id = super::assistant_named(ctx, &pid, &assistant_id).await?;
            let project = ctx.client()?.project(&pid);
            let t = project
                .create_thread(&assistant_id, name.as_deref())
                .await?;
            if ctx.printer.json {
                return ctx.printer.json(&t);
            }
            ctx.printer
                .success(&format!("Created thread {}", t.thread_id));
            ctx.printer.line(&t.thread_id)
        }
        ThreadsCommand::Delete { id, yes } => delete(ctx, &pid, &id, yes).await,
        ThreadsCommand::State { id } => raw(ctx, &pid, &id, "/state").await,
        ThreadsCommand::History { id } => raw(ctx, &pid, &id, "/history").await,
        ThreadsCommand::Run(run_args) => run_turn(ctx, &pid, run_args).await,
        ThreadsCommand::Resume { id, timeout } => resume(ctx, &pid, &id, timeout).await,
        ThreadsCommand::Export(e) => export(ctx, &pid, e).await,
    }
}

/// `threads export`: one thread to stdout or a file, or `--all` into a directory,
/// a few at a time; each file is written whole (through a temporary file), so an
/// interrupted run leaves complete files only, and a run again skips them.
async fn export(ctx: &Ctx, pid: &str, args: crate::cli::ExportArgs) -> Result<()> {
    use futures_util::StreamExt;
    let project = ctx.client()?.project(pid);
    let (Some(dir), true) = (&args.dir, args.all) else {
        let id = args.id.as_deref().unwrap_or_default();
        let text = project.export_thread(id, args.format).await?;
        return match &args.output {
            Some(path) => {
                crate::util::write_atomic(path, text.as_bytes(), None).map_err(|e| {
                    CliError::failure(format!("cannot write {}: {e}", path.display()))
                })?;
                ctx.printer
                    .success(&format!("Wrote thread {id} to {}", path.display()));
                Ok(())
            }
            // On a terminal, nothing a server sent may steer it (escape sequences);
            // a pipe or a file gets the text exactly.
            None if ctx.printer.stdout_tty => ctx.printer.long(&crate::util::sanitize(&text)),
            None => ctx.printer.long(&text),
        };
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
    let all = project.threads().await?;
    let path_of = |id: &str| dir.join(format!("{id}.{}", args.format.extension()));
    let (kept, missing): (Vec<_>, Vec<_>) = all
        .iter()
        .map(|t| t.thread_id.clone())
        .partition(|id| path_of(id).exists());
    let bar = ctx
        .printer
        .progress(missing.len() as u64, "Exporting threads");
    let project = &project;
    let mut done = futures_util::stream::iter(missing.iter().map(|id| async move {
        let text = project.export_thread(id, args.format).await;
        (id, text.map_err(CliError::from))
    }))
    .buffer_unordered(4);
    let mut written = 0;
    // A thread that cannot be read (its assistant deleted, say) does not stop the
    // backup of the others: it is said at the end, and the exit code says so.
    let mut failed: Vec<(String, CliError)> = Vec::new();
    while let Some((id, text)) = done.next().await {
        bar.inc();
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                failed.push((id.clone(), e));
                continue;
            }
        };
        let path = path_of(id);
        crate::util::write_atomic(&path, text.as_bytes(), None)
            .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
        written += 1;
    }
    drop(bar);
    if ctx.printer.json {
        ctx.printer.json(&json!({
            "dir": dir, "exported": written, "already_there": kept.len(), "threads": all.len(),
            "failed": failed.iter().map(|(id, e)| json!({"thread_id": id, "error": e.message})).collect::<Vec<_>>(),
        }))?;
    }
    if let Some((_, first)) = failed.first() {
        for (id, e) in &failed {
            ctx.printer
                .warn(&format!("thread {id} was not exported: {}", e.message));
        }
        return Err(CliError::new(
            first.exit,
            format!(
                "{} of {} could not be exported ({written} written)",
                failed.len(),
                crate::util::count(missing.len(), "thread", "threads")
            ),
        )
        .with_hint(
            "run the same command again to retry them: the files already written are kept",
        ));
    }
    if ctx.printer.json {
        return Ok(());
    }
    ctx.printer.success(&format!(
        "Exported {} to {}{}",
        crate::util::count(written, "thread", "threads"),
        dir.display(),
        if kept.is_empty() {
            String::new()
        } else {
            format!(" ({} already there, kept)", kept.len())
        }
    ));
    Ok(())
}

async fn list(ctx: &Ctx, pid: &str) -> Result<()> {
    let project = ctx.client()?.project(pid);
    let spinner = ctx.printer.spinner("Fetching threads…");
    // On a terminal the assistant is named, not shown as a second id: its name is
    // read at the same time. Piped rows keep the id, for scripts.
    let named = ctx.printer.stdout_tty && !ctx.printer.json;
    let (threads, assistants) = tokio::join!(project.threads(), async {
        if named {
            project.assistants().await.ok()
        } else {
            None
        }
    });
    let threads = threads?;
    drop(spinner);
    let assistant = |id: String| {
        assistants
            .iter()
            .flatten()
            .find(|a| a.assistant_id == id)
            .map(|a| a.name.clone())
            .unwrap_or(id)
    };
    if ctx.printer.json {
        return ctx.printer.json(&threads);
    }
    if threads.is_empty() && ctx.printer.stdout_tty {
        ctx.printer.status(
            "No threads yet. Start one with `epsimo threads run --message TEXT` or `epsimo chat`.",
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = threads
        .iter()
        .map(|t| {
            vec![
                t.thread_id.clone(),
                t.text("name"),
                assistant(t.text("assistant_id")),
                t.text("updated_at"),
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            Col::id("ID"),
            Col::text("Name"),
            Col::text("Assistant"),
            Col::time("Updated"),
        ],
        &rows,
    )
}

pub use crate::contract::state::messages_of;

pub use crate::transcript;

async fn show(ctx: &Ctx, pid: &str, id: &str) -> Result<()> {
    let project = ctx.client()?.project(pid);
    let (thread, state) = project.thread_with_state(id).await?;
    // The messages live in the state, which a thread whose assistant was deleted
    // (400) or whose assistant's configuration the server refuses (500, fixture 92b)
    // cannot give: say so, never "0 messages".
    let (messages, run_state) = match state {
        Ok(state) => (
            Ok(messages_of(&state["values"])),
            Some(
                project
                    .run_state(thread.assistant_id.as_deref(), &state)
                    .await,
            ),
        ),
        Err(e) if e.exit == Exit::Interrupted => return Err(e),
        Err(e) => (Err(e.message), None),
    };
    if ctx.printer.json {
        let mut t = thread.into_raw();
        match messages {
            Ok(m) => t["messages"] = Value::Array(m),
            Err(why) => {
                t["messages"] = Value::Null;
                t["messages_unavailable"] = json!(why);
            }
        }
        if let Some(r) = &run_state {
            t["run_state"] = serde_json::to_value(r).unwrap_or(Value::Null);
        }
        return ctx.printer.json(&t);
    }
    let s = |k: &str| thread.text(k);
    let count = match &messages {
        Ok(m) => m.len().to_string(),
        Err(why) => format!("unavailable: {why}"),
    };
    let assistant = match thread.assistant_id.as_deref() {
        Some(a) => a.to_string(),
        None => "none (deleted): the thread cannot run again".to_string(),
    };
    let mut fields = vec![
        ("ID", s("thread_id")),
        ("Name", s("name")),
        ("Assistant", assistant),
        ("Messages", count),
    ];
    match &run_state {
        Some(RunState::Paused { tools }) => fields.push((
            "Status",
            format!(
                "paused before {}: `epsimo threads resume {id}` runs it",
                tools.join(", ")
            ),
        )),
        Some(RunState::ToolFailed { tools }) => fields.push((
            "Status",
            format!(
                "the tool call {} failed on the server (not a pause); a new message goes on",
                tools.join(", ")
            ),
        )),
        _ => {}
    }
    // The record and the transcript together: paged as one when long.
    let mut text = ctx.printer.record_text(&fields);
    let messages = messages.unwrap_or_default();
    if !messages.is_empty() {
        text.push('\n');
        let t = transcript(&messages);
        let t = match ctx
            .printer
            .stdout_tty
            .then(crate::output::wrap::stdout_width)
        {
            Some(Some(w)) => crate::output::wrap::fill(t.trim_end(), w),
            _ => t.trim_end().to_string(),
        };
        text.push_str(&t);
        text.push('\n');
    }
    ctx.printer.long(&text)
}

async fn delete(ctx: &Ctx, pid: &str, id: &str, yes: bool) -> Result<()> {
    // The server answers "ok" for any id: one that is not there is said, before
    // anyone is asked to confirm it.
    let project = ctx.client()?.project(pid);
    if !project
        .delete_thread_if(id, |_| ctx.confirm_delete(&format!("thread {id}"), yes))
        .await?
    {
        return Ok(());
    }
    if ctx.printer.json {
        return ctx.printer.json(&json!({"deleted": true, "thread_id": id}));
    }
    ctx.printer.success(&format!("Deleted thread {id}"));
    Ok(())
}

/// `state` and `history`: the server's JSON as it is.
async fn raw(ctx: &Ctx, pid: &str, id: &str, rest: &str) -> Result<()> {
    let v = ctx.client()?.project(pid).thread_read(id, rest).await?;
    ctx.printer.json(&v)
}

/// The message: `--message`, else stdin when it is not a terminal.
fn message(args: &RunArgs) -> Result<String> {
    if let Some(m) = &args.message {
        if m.trim().is_empty() {
            return Err(CliError::usage("the message is empty"));
        }
        return Ok(m.clone());
    }
    if std::io::stdin().is_terminal() {
        return Err(CliError::usage("no message given")
            .with_hint("pass --message TEXT, pipe the message on stdin, or use `epsimo chat`"));
    }
    let mut text = String::new();
    let _reading = crate::interrupt::reading();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::usage(format!("cannot read the message from stdin: {e}")))?;
    let text = text.trim_end_matches(['\r', '\n']).to_string();
    if text.trim().is_empty() {
        return Err(
            CliError::usage("the message on stdin is empty").with_hint("pass --message TEXT")
        );
    }
    Ok(text)
}

fn sink<'a>(
    ctx: &'a Ctx,
    human: &'a mut Option<HumanSink>,
    json: &'a mut JsonSink<'a>,
) -> &'a mut (dyn Sink + Send) {
    if ctx.printer.json {
        json
    } else {
        human.insert(HumanSink::new(&ctx.printer, true))
    }
}

/// A paused run is not a failure, but scripts must tell it from a finished one.
fn outcome(conv: &Conversation, o: Outcome) -> Result<()> {
    match o {
        Outcome::Done => Ok(()),
        Outcome::Paused(calls) => {
            let names: Vec<&str> = calls.iter().map(|(_, n, _)| n.as_str()).collect();
            Err(CliError::new(
                Exit::Paused,
                format!(
                    "the run is waiting for approval to call {}",
                    names.join(", ")
                ),
            )
            .with_hint(format!(
                "run it with `epsimo threads resume {}`",
                conv.thread_id
            )))
        }
    }
}

async fn run_turn(ctx: &Ctx, pid: &str, args: RunArgs) -> Result<()> {
    let text = message(&args)?;
    let project = ctx.client()?.project(pid);
    let name = crate::thread_name(&text);
    let open = Open {
        thread_id: args.thread_id.as_deref(),
        assistant: Choice {
            id: args.assistant_id.as_deref(),
            name: args.assistant.as_deref(),
        },
        new_name: Some(&name),
    };
    let mut conv = project.open(open).await?;
    conv.timeout = args.timeout.map(std::time::Duration::from_secs_f64);
    if conv.created {
        ctx.printer.say(&format!(
            "thread: {}  (continue it with `epsimo threads run {} --message ...`)",
            conv.thread_id, conv.thread_id
        ));
    } else if conv.waiting() {
        ctx.printer.warn(&format!(
            "this thread's last run is waiting for approval of a tool call; `epsimo threads resume {}` runs it, a new message leaves it unanswered",
            conv.thread_id
        ));
    } else if conv.failed_tool {
        ctx.printer.warn(
            "this thread's last tool call failed on the server and was never answered (not a pause)",
        );
    }
    streamed(ctx, &project, &mut conv, Input::Message(&text)).await
}

/// One turn streamed to the human or the NDJSON sink; a pause is exit 9.
async fn streamed(
    ctx: &Ctx,
    project: &ProjectClient,
    conv: &mut Conversation,
    input: Input<'_>,
) -> Result<()> {
    let mut human = None;
    let mut json_sink = JsonSink::new(&ctx.printer);
    if ctx.printer.json {
        // First, the thread the run is on: a new one's id is otherwise nowhere.
        json_sink.record(&json!({
            "event": "thread",
            "thread_id": conv.thread_id,
            "created": conv.created,
            "assistant_id": conv.assistant_id,
        }))?;
    }
    let o = project
        .turn(conv, input, sink(ctx, &mut human, &mut json_sink))
        .await?;
    outcome(conv, o)
}

/// `threads resume THREAD`: runs the tool call a paused run waits on (`input: null`,
/// fixture 48) and streams the rest.
async fn resume(ctx: &Ctx, pid: &str, thread_id: &str, timeout: Option<f64>) -> Result<()> {
    let project = ctx.client()?.project(pid);
    let open = Open {
        thread_id: Some(thread_id),
        ..Open::default()
    };
    let mut conv = project.open(open).await?;
    conv.timeout = timeout.map(std::time::Duration::from_secs_f64);
    if let Err(why) = resumable(&conv) {
        let hint = match why {
            NotResumable::ToolFailed => format!(
                "send a message instead: `epsimo threads run {thread_id} --message TEXT`; `epsimo tools types` says what each tool needs"
            ),
            NotResumable::NothingWaiting => {
                format!("send a message instead: `epsimo threads run {thread_id} --message TEXT`")
            }
        };
        return Err(CliError::new(Exit::Invalid, why.message(thread_id)).with_hint(hint));
    }
    streamed(ctx, &project, &mut conv, Input::Resume).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_read_well() {
        let msgs = vec![
            json!({"type": "human", "content": "hi"}),
            json!({"type": "ai", "content": "", "tool_calls": [{"name": "update_database", "args": {"key": "k"}}]}),
            json!({"type": "tool", "name": "update_database", "content": "Saved k"}),
            json!({"type": "ai", "content": "Done \u{1b}[31m!"}),
        ];
        assert_eq!(
            transcript(&msgs),
            "You: hi\nAssistant: ⚙ update_database {\"key\":\"k\"}\nTool update_database: Saved k\nAssistant: Done !\n"
        );
        assert_eq!(messages_of(&json!(null)).len(), 0);
        assert_eq!(messages_of(&json!([1, 2])).len(), 2);
        assert_eq!(messages_of(&json!({"messages": [1], "k": 2})).len(), 1);
    }
}
