//! `epsimo threads`: list (the default), show, create, delete, state, history, run.

use std::io::{IsTerminal, Read};

use reqwest::Method;
use serde_json::{Value, json};

use super::Ctx;
use super::stream::{
    Conversation, HumanSink, Input, JsonSink, Outcome, Sink, message_ids, state_next, turn,
};
use crate::api::assistant::View;
use crate::api::models::ThreadList;
use crate::api::{Api, Auth, Call, item_path};
use crate::cli::{RunArgs, ThreadsArgs, ThreadsCommand};
use crate::config::manifest;
use crate::contract::catalog::AGENT;
use crate::error::{CliError, Exit, Result};
use crate::stream::accumulator::content_text;

pub async fn run(args: ThreadsArgs, ctx: &Ctx) -> Result<()> {
    let pid = ctx.project_id(&args.project).await?;
    match args.command.unwrap_or(ThreadsCommand::List) {
        ThreadsCommand::List => list(ctx, &pid).await,
        ThreadsCommand::Show { id } => show(ctx, &pid, &id).await,
        ThreadsCommand::Create { assistant_id, name } => {
            let api = ctx.api()?;
            let t = create_thread(&api, &pid, &assistant_id, name.as_deref()).await?;
            if ctx.printer.json {
                return ctx.printer.json(&t);
            }
            let id = t["thread_id"].as_str().unwrap_or("").to_string();
            ctx.printer.success(&format!("Created thread {id}"));
            ctx.printer.line(&id)
        }
        ThreadsCommand::Delete { id, yes } => delete(ctx, &pid, &id, yes).await,
        ThreadsCommand::State { id } => raw(ctx, &pid, &id, "/state").await,
        ThreadsCommand::History { id } => raw(ctx, &pid, &id, "/history").await,
        ThreadsCommand::Run(run_args) => run_turn(ctx, &pid, run_args).await,
        ThreadsCommand::Resume { id, timeout } => resume(ctx, &pid, &id, timeout).await,
    }
}

pub async fn create_thread(
    api: &Api,
    pid: &str,
    assistant_id: &str,
    name: Option<&str>,
) -> Result<Value> {
    let body = json!({
        "name": name.unwrap_or("epsimo CLI"),
        "assistant_id": assistant_id,
        "metadata": {"type": "thread"},
    });
    api.json(&Call::post("/threads/", Auth::Project(pid.into()), body))
        .await
}

async fn list(ctx: &Ctx, pid: &str) -> Result<()> {
    let api = ctx.api()?;
    let spinner = ctx.printer.spinner("Fetching threads…");
    let raw: Value = api
        .json(&Call::get("/threads/", Auth::Project(pid.into())))
        .await?;
    drop(spinner);
    // Both list shapes come in; one goes out.
    let threads: Vec<Value> = match raw {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("threads") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(CliError::failure(
                    "unexpected response from /threads/: neither a list nor {\"threads\": [...]}",
                ));
            }
        },
        _ => return Err(CliError::failure("unexpected response from /threads/")),
    };
    // Check the shape once, as the contract's model describes it.
    serde_json::from_value::<ThreadList>(Value::Array(threads.clone()))
        .map_err(|e| CliError::failure(format!("unexpected thread in /threads/: {e}")))?;
    if ctx.printer.json {
        return ctx.printer.json(&Value::Array(threads));
    }
    if threads.is_empty() && ctx.printer.stdout_tty {
        ctx.printer.status(
            "No threads yet. Start one with `epsimo threads run --message TEXT` or `epsimo chat`.",
        );
        return Ok(());
    }
    let s = |t: &Value, k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let rows: Vec<Vec<String>> = threads
        .iter()
        .map(|t| {
            vec![
                s(t, "thread_id"),
                s(t, "name"),
                s(t, "assistant_id"),
                s(t, "updated_at"),
            ]
        })
        .collect();
    ctx.printer
        .table(&["ID", "Name", "Assistant", "Updated"], &rows)
}

pub use crate::contract::state::messages_of;

/// A readable transcript of messages.
pub fn transcript(messages: &[Value]) -> String {
    let mut out = String::new();
    for m in messages {
        let text = content_text(&m["content"]);
        let line = match m.get("type").and_then(Value::as_str).unwrap_or("") {
            "human" => format!("You: {text}"),
            "ai" => {
                let calls: Vec<String> = m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|c| format!("⚙ {} {}", c["name"].as_str().unwrap_or("tool"), c["args"]))
                    .collect();
                match (text.is_empty(), calls.is_empty()) {
                    (true, false) => format!("Assistant: {}", calls.join("; ")),
                    (_, true) => format!("Assistant: {text}"),
                    (false, false) => format!("Assistant: {text}\n  {}", calls.join("; ")),
                }
            }
            "tool" => format!(
                "Tool {}: {}",
                m["name"].as_str().unwrap_or(""),
                crate::util::truncate(&text, 300)
            ),
            other => format!("{other}: {text}"),
        };
        out.push_str(&crate::util::sanitize(&line));
        out.push('\n');
    }
    out
}

async fn show(ctx: &Ctx, pid: &str, id: &str) -> Result<()> {
    let api = ctx.api()?;
    let auth = Auth::Project(pid.into());
    let get = Call::get(item_path("/threads", id, ""), auth.clone());
    let state = Call::get(item_path("/threads", id, "/state"), auth).once();
    let (thread, state) = tokio::join!(api.json::<Value>(&get), api.json::<Value>(&state));
    let thread = thread?;
    // The messages live in the state, which a thread whose assistant was deleted
    // (400) or whose assistant's configuration the server refuses (500, fixture 92b)
    // cannot give: say so, never "0 messages".
    let messages = match state {
        Ok(state) => Ok(messages_of(&state["values"])),
        Err(e) if e.exit == Exit::Interrupted => return Err(e),
        Err(e) => Err(e.message),
    };
    if ctx.printer.json {
        let mut t = thread;
        match messages {
            Ok(m) => t["messages"] = Value::Array(m),
            Err(why) => {
                t["messages"] = Value::Null;
                t["messages_unavailable"] = json!(why);
            }
        }
        return ctx.printer.json(&t);
    }
    let s = |k: &str| {
        thread
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let count = match &messages {
        Ok(m) => m.len().to_string(),
        Err(why) => format!("unavailable: {why}"),
    };
    ctx.printer.record(&[
        ("ID", s("thread_id")),
        ("Name", s("name")),
        ("Assistant", s("assistant_id")),
        ("Messages", count),
    ])?;
    let messages = messages.unwrap_or_default();
    if !messages.is_empty() {
        ctx.printer.line("")?;
        ctx.printer.line(transcript(&messages).trim_end())?;
    }
    Ok(())
}

async fn delete(ctx: &Ctx, pid: &str, id: &str, yes: bool) -> Result<()> {
    if !ctx.confirm_delete(&format!("thread {id}"), yes)? {
        return Ok(());
    }
    let call = Call::new(
        Method::DELETE,
        item_path("/threads", id, ""),
        Auth::Project(pid.into()),
    );
    ctx.api()?.empty(&call).await?;
    if ctx.printer.json {
        return ctx.printer.json(&json!({"deleted": true, "thread_id": id}));
    }
    ctx.printer.success(&format!("Deleted thread {id}"));
    Ok(())
}

/// `state` and `history`: the server's JSON as it is.
async fn raw(ctx: &Ctx, pid: &str, id: &str, rest: &str) -> Result<()> {
    let v: Value = ctx
        .api()?
        .json(&Call::get(
            item_path("/threads", id, rest),
            Auth::Project(pid.into()),
        ))
        .await?;
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

/// The assistant for a new thread: `--assistant-id`, the manifest's assistant named
/// by `--assistant`, or the project's only assistant.
pub async fn pick_assistant(
    api: &Api,
    pid: &str,
    assistant_id: Option<&str>,
    assistant_name: Option<&str>,
) -> Result<String> {
    if let Some(id) = assistant_id {
        return Ok(id.to_string());
    }
    let remote: Vec<Value> = api
        .json(&Call::get("/assistants/", Auth::Project(pid.into())))
        .await?;
    let name_of = |a: &Value| {
        a.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let id_of = |a: &Value| {
        a.get("assistant_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if let Some(name) = assistant_name {
        if let Some(path) = manifest::find() {
            let declared: Vec<String> = manifest::read_link(&path)?
                .assistants
                .into_iter()
                .filter_map(|a| a.name)
                .collect();
            if !declared.iter().any(|d| d == name) {
                let hint =
                    match crate::api::assistant::suggest(name, declared.iter().map(String::as_str))
                    {
                        Some(s) => format!(
                            "did you mean {s:?}? {} declares: {}",
                            path.display(),
                            declared.join(", ")
                        ),
                        None => format!("{} declares: {}", path.display(), declared.join(", ")),
                    };
                return Err(
                    CliError::usage(format!("no assistant named {name:?} in epsimo.yaml"))
                        .with_hint(hint),
                );
            }
        }
        return remote
            .iter()
            .find(|a| name_of(a) == name)
            .map(id_of)
            .ok_or_else(|| {
                CliError::new(
                    Exit::NotFound,
                    format!("assistant {name:?} is not on the platform yet"),
                )
                .with_hint("run `epsimo deploy` to create it")
            });
    }
    match remote.as_slice() {
        [only] => Ok(id_of(only)),
        [] => Err(
            CliError::usage("the project has no assistant to talk to").with_hint(
                "create one with `epsimo assistants create --name NAME` or `epsimo deploy`",
            ),
        ),
        many => Err(
            CliError::usage("the project has several assistants; say which one").with_hint(
                format!(
                    "pass --assistant-id ID or --assistant NAME (one of: {})",
                    many.iter().map(name_of).collect::<Vec<_>>().join(", ")
                ),
            ),
        ),
    }
}

/// The bot type a thread runs: its `metadata.assistant_type`, else its assistant's
/// `type` (one more request), else `agent`.
async fn bot_type_of(api: &Api, pid: &str, thread: &Value, assistant_id: Option<&str>) -> String {
    if let Some(t) = thread
        .pointer("/metadata/assistant_type")
        .and_then(Value::as_str)
    {
        return t.to_string();
    }
    if let Some(a) = assistant_id {
        let call = Call::get(item_path("/assistants", a, ""), Auth::Project(pid.into())).once();
        if let Ok(a) = api.json::<Value>(&call).await {
            return View::of(&a).bot_type().to_string();
        }
    }
    AGENT.to_string()
}

/// The thread a conversation continues and what it holds: the given thread (its
/// state read at the same time as the thread itself, so knowing what existed before
/// the run adds no latency), or a new thread for the picked assistant.
pub async fn conversation(
    api: &Api,
    pid: &str,
    thread_id: Option<&str>,
    assistant_id: Option<&str>,
    assistant_name: Option<&str>,
    new_name: Option<&str>,
) -> Result<Conversation> {
    let auth = Auth::Project(pid.into());
    match thread_id {
        Some(t) => {
            let get = Call::get(item_path("/threads", t, ""), auth.clone());
            let state = Call::get(item_path("/threads", t, "/state"), auth.clone()).once();
            let (thread, state) = tokio::join!(api.json::<Value>(&get), api.json::<Value>(&state));
            let thread = thread?;
            // A state that cannot be read (a thread whose assistant is gone or broken)
            // leaves the position of the user's input to tell history apart.
            let state = state.unwrap_or(Value::Null);
            let a = assistant_id.map(str::to_owned).or_else(|| {
                thread
                    .get("assistant_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            Ok(Conversation {
                thread_id: t.to_string(),
                bot_type: bot_type_of(api, pid, &thread, a.as_deref()).await,
                assistant_id: a,
                created: false,
                known: message_ids(state.get("values").unwrap_or(&Value::Null)),
                timeout: None,
                next: state_next(&state),
            })
        }
        None => {
            let a = pick_assistant(api, pid, assistant_id, assistant_name).await?;
            let t = create_thread(api, pid, &a, new_name).await?;
            let id = t["thread_id"].as_str().unwrap_or("").to_string();
            Ok(Conversation {
                bot_type: bot_type_of(api, pid, &t, Some(&a)).await,
                thread_id: id,
                assistant_id: Some(a),
                created: true,
                known: Vec::new(),
                next: Vec::new(),
                timeout: None,
            })
        }
    }
}

fn sink<'a>(
    ctx: &'a Ctx,
    human: &'a mut Option<HumanSink>,
    json: &'a mut JsonSink<'a>,
) -> &'a mut dyn Sink {
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
    let api = ctx.api()?;
    let mut conv = conversation(
        &api,
        pid,
        args.thread_id.as_deref(),
        args.assistant_id.as_deref(),
        args.assistant.as_deref(),
        None,
    )
    .await?;
    conv.timeout = args.timeout.map(std::time::Duration::from_secs_f64);
    if conv.created {
        crate::say!(
            "thread: {}  (continue it with `epsimo threads run {} --message ...`)",
            conv.thread_id,
            conv.thread_id
        );
    } else if conv.waiting() {
        ctx.printer.warn(&format!(
            "this thread's last run is waiting for approval of a tool call; `epsimo threads resume {}` runs it, a new message leaves it unanswered",
            conv.thread_id
        ));
    }
    streamed(ctx, &api, pid, &mut conv, Input::Message(&text)).await
}

/// One turn streamed to the human or the NDJSON sink; a pause is exit 9.
async fn streamed(
    ctx: &Ctx,
    api: &Api,
    pid: &str,
    conv: &mut Conversation,
    input: Input<'_>,
) -> Result<()> {
    let mut human = None;
    let mut json_sink = JsonSink::new(&ctx.printer);
    let o = turn(api, pid, conv, input, sink(ctx, &mut human, &mut json_sink)).await?;
    outcome(conv, o)
}

/// `threads resume THREAD`: runs the tool call a paused run waits on (`input: null`,
/// fixture 48) and streams the rest.
async fn resume(ctx: &Ctx, pid: &str, thread_id: &str, timeout: Option<f64>) -> Result<()> {
    let api = ctx.api()?;
    let mut conv = conversation(&api, pid, Some(thread_id), None, None, None).await?;
    conv.timeout = timeout.map(std::time::Duration::from_secs_f64);
    if !conv.waiting() {
        return Err(CliError::new(
            Exit::Invalid,
            format!("thread {thread_id} has no run waiting for approval"),
        )
        .with_hint(format!(
            "send a message instead: `epsimo threads run {thread_id} --message TEXT`"
        )));
    }
    streamed(ctx, &api, pid, &mut conv, Input::Resume).await
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
