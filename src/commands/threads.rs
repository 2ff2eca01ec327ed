//! `epsimo threads`: list (the default), show, create, delete, state, history, run.

use std::io::{IsTerminal, Read};

use reqwest::Method;
use serde_json::{Value, json};

use super::Ctx;
use super::stream::{HumanSink, JsonSink, Sink, turn};
use crate::api::models::ThreadList;
use crate::api::run::content_text;
use crate::api::{Api, Auth, Call, item_path};
use crate::cli::{RunArgs, ThreadsArgs, ThreadsCommand};
use crate::config::manifest;
use crate::error::{CliError, Exit, Result};

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

/// The conversation of a state's values: `{"messages": [...]}` or a plain list.
pub fn messages_of(values: &Value) -> Vec<Value> {
    match values {
        Value::Array(items) => items.clone(),
        Value::Object(map) => map
            .get("messages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

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
    let thread: Value = api
        .json(&Call::get(item_path("/threads", id, ""), auth.clone()))
        .await?;
    let state: Value = match api
        .json(&Call::get(item_path("/threads", id, "/state"), auth))
        .await
    {
        Ok(s) => s,
        // A thread whose assistant was deleted has no state to show.
        Err(e) if e.exit == Exit::Invalid => json!({"values": null}),
        Err(e) => return Err(e),
    };
    let messages = messages_of(&state["values"]);
    if ctx.printer.json {
        let mut t = thread;
        t["messages"] = Value::Array(messages);
        return ctx.printer.json(&t);
    }
    let s = |k: &str| {
        thread
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    ctx.printer.record(&[
        ("ID", s("thread_id")),
        ("Name", s("name")),
        ("Assistant", s("assistant_id")),
        ("Messages", messages.len().to_string()),
    ])?;
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

/// The thread a conversation continues, and the assistant its runs name: the
/// given thread (with its own assistant unless one is given), or a new thread for
/// the picked assistant. The flag says whether the thread is new.
pub async fn conversation(
    api: &Api,
    pid: &str,
    thread_id: Option<&str>,
    assistant_id: Option<&str>,
    assistant_name: Option<&str>,
    new_name: Option<&str>,
) -> Result<(String, Option<String>, bool)> {
    match thread_id {
        Some(t) => {
            let thread: Value = api
                .json(&Call::get(
                    item_path("/threads", t, ""),
                    Auth::Project(pid.into()),
                ))
                .await?;
            let a = assistant_id.map(str::to_owned).or_else(|| {
                thread
                    .get("assistant_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            Ok((t.to_string(), a, false))
        }
        None => {
            let a = pick_assistant(api, pid, assistant_id, assistant_name).await?;
            let t = create_thread(api, pid, &a, new_name).await?;
            let id = t["thread_id"].as_str().unwrap_or("").to_string();
            Ok((id, Some(a), true))
        }
    }
}

async fn run_turn(ctx: &Ctx, pid: &str, args: RunArgs) -> Result<()> {
    let text = message(&args)?;
    let api = ctx.api()?;
    let (thread_id, assistant_id, created) = conversation(
        &api,
        pid,
        args.thread_id.as_deref(),
        args.assistant_id.as_deref(),
        args.assistant.as_deref(),
        None,
    )
    .await?;
    if created {
        crate::say!(
            "thread: {thread_id}  (continue it with `epsimo threads run {thread_id} --message ...`)"
        );
    }
    let mut human;
    let mut json_sink = JsonSink::new(&ctx.printer);
    let sink: &mut dyn Sink = if ctx.printer.json {
        &mut json_sink
    } else {
        human = HumanSink::new(&ctx.printer, true);
        &mut human
    };
    turn(&api, pid, &thread_id, assistant_id.as_deref(), &text, sink).await
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
