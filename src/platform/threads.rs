//! Threads of a project (`/threads/`), and the conversation a turn runs on: which
//! assistant it talks to and which thread it continues.

use reqwest::Method;
use serde_json::{Value, json};

use super::resolve;
use super::{Thread, Wire, assistants, project};
use crate::api::{Api, Call, item_path};
use crate::config::manifest;
use crate::contract::assistant::View;
use crate::contract::catalog::AGENT;
use crate::error::{CliError, Exit, Remedy, Result};
use crate::stream::turn::{Conversation, message_ids, state_next};

/// The project's threads. Both list shapes the servers send (a list, or
/// `{"threads": [...]}`) come in; one goes out, each thread checked against the
/// contract's model and kept whole.
pub async fn list(api: &Api, pid: &str) -> Result<Vec<Wire<Thread>>> {
    let raw: Value = api.json(&Call::get("/threads/", project(pid))).await?;
    let object = raw.is_object();
    let items = crate::contract::models::list_items(raw, "threads").ok_or_else(|| {
        CliError::failure(if object {
            "unexpected response from /threads/: neither a list nor {\"threads\": [...]}"
        } else {
            "unexpected response from /threads/"
        })
    })?;
    items
        .into_iter()
        .map(|t| {
            Wire::from_value(t)
                .map_err(|e| CliError::failure(format!("unexpected thread in /threads/: {e}")))
        })
        .collect()
}

pub async fn get(api: &Api, pid: &str, id: &str) -> Result<Wire<Thread>> {
    api.json(&Call::get(item_path("/threads", id, ""), project(pid)))
        .await
}

/// A thread id as the server takes it: a UUID. Anything else is not sent (upstream
/// answers a bare 500 for a thread path that is not one, fixture 20): exit 5, with
/// the thread meant if the project has one that `arg` begins (a shortened id) or
/// is named. The project's threads are listed only then, for that hint.
pub async fn resolve(api: &Api, pid: &str, arg: &str) -> Result<String> {
    let arg = arg.trim();
    if resolve::looks_like_id(arg) {
        return Ok(arg.to_string());
    }
    let known: Vec<resolve::Named> = list(api, pid)
        .await
        .map(|ts| {
            ts.iter()
                .map(|t| resolve::Named {
                    id: t.thread_id.clone(),
                    name: t.name.clone().unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Err(resolve::not_an_id("thread", arg, &known))
}

/// The thread's state (`values`, `next`, ...) as the server sent it, read once (a
/// thread whose assistant is gone answers an error that retrying cannot mend).
pub async fn state(api: &Api, pid: &str, id: &str) -> Result<Value> {
    api.json(&Call::get(item_path("/threads", id, "/state"), project(pid)).once())
        .await
        .map_err(|e| state_error(e, id))
}

/// A state or history read the server could not answer, with what it means: the
/// server builds the thread's graph from its assistant for every such read.
pub fn state_error(e: CliError, thread_id: &str) -> CliError {
    match e.http_status {
        // Upstream: `{"detail":"Thread has no assistant"}` (fixture 64).
        Some(400) => e.remedy(Remedy::ThreadWithoutAssistant {
            thread: thread_id.to_string(),
        }),
        // Upstream: a configuration the graph refuses answers a bare 500 (92b).
        Some(500) => e.remedy(Remedy::GraphBroken {
            thread: thread_id.to_string(),
        }),
        _ => e,
    }
}

/// The thread and its state, read at the same time; the state may fail alone.
pub async fn with_state(api: &Api, pid: &str, id: &str) -> Result<(Wire<Thread>, Result<Value>)> {
    let (thread, state) = tokio::join!(get(api, pid, id), state(api, pid, id));
    Ok((thread?, state))
}

/// `GET /threads/ID/state` or `/history`: the server's JSON as it is.
pub async fn raw(api: &Api, pid: &str, id: &str, rest: &str) -> Result<Value> {
    api.json(&Call::get(item_path("/threads", id, rest), project(pid)))
        .await
        .map_err(|e| state_error(e, id))
}

/// The name of a thread started by a message, as chat apps name them: the message's
/// first line, its whitespace folded, cut at a word to at most 60 characters.
pub fn name_from(message: &str) -> String {
    const MAX: usize = 60;
    let line = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let folded = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= MAX {
        return if folded.is_empty() {
            DEFAULT_NAME.to_string()
        } else {
            folded
        };
    }
    let cut: String = folded.chars().take(MAX - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > MAX / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{at_word}…")
}

/// The name of a thread created before any message (`threads create`).
pub const DEFAULT_NAME: &str = "New thread";

/// A new thread for an assistant; the name defaults to [`DEFAULT_NAME`].
pub async fn create(
    api: &Api,
    pid: &str,
    assistant_id: &str,
    name: Option<&str>,
) -> Result<Wire<Thread>> {
    let body = json!({
        "name": name.unwrap_or(DEFAULT_NAME),
        "assistant_id": assistant_id,
        "metadata": {"type": "thread"},
    });
    api.json(&Call::post("/threads/", project(pid), body)).await
}

/// Deletes a thread that exists: the server answers "ok" for any id (fixture 66), so
/// the thread is read first and one that is not there is "not found" (exit 3).
pub async fn delete_existing(api: &Api, pid: &str, id: &str) -> Result<()> {
    get(api, pid, id).await?;
    delete(api, pid, id).await
}

pub async fn delete(api: &Api, pid: &str, id: &str) -> Result<()> {
    let call = Call::new(Method::DELETE, item_path("/threads", id, ""), project(pid));
    api.empty(&call).await.map(drop)
}

/// How the user named the assistant of a new conversation: by id, by the name the
/// manifest declares, or not at all (the project's only assistant).
#[derive(Debug, Clone, Copy, Default)]
pub struct AssistantChoice<'a> {
    pub id: Option<&'a str>,
    pub name: Option<&'a str>,
}

/// The assistant for a new thread: the id given, the manifest's assistant named,
/// or the project's only assistant.
pub async fn pick_assistant(api: &Api, pid: &str, choice: AssistantChoice<'_>) -> Result<String> {
    if let Some(id) = choice.id {
        return Ok(id.to_string());
    }
    let named = assistants::named(api, pid).await?;
    if let Some(name) = choice.name {
        // The project's assistants first: a name the manifest declares but the
        // project lacks says to deploy; one neither knows gets a did-you-mean.
        if let Some(id) = resolve::by_name("assistant", name, &named)? {
            return Ok(id);
        }
        if resolve::looks_like_id(name) {
            return Ok(name.to_string());
        }
        let declared: Vec<String> = match manifest::find() {
            Some(path) => manifest::read_link(&path)?
                .assistants
                .into_iter()
                .filter_map(|a| a.name)
                .collect(),
            None => Vec::new(),
        };
        if declared.iter().any(|d| d == name) {
            return Err(CliError::new(
                Exit::NotFound,
                format!("assistant {name:?} is not on the platform yet"),
            )
            .remedy(Remedy::Deploy));
        }
        return Err(resolve::not_found("assistant", name, &named));
    }
    match named.as_slice() {
        [only] => Ok(only.id.clone()),
        [] => Err(CliError::usage("the project has no assistant to talk to")
            .remedy(Remedy::CreateAssistant)),
        many => Err(
            CliError::usage("the project has several assistants; say which one").remedy(
                Remedy::SayWhichAssistant {
                    names: many.iter().map(|a| a.name.clone()).collect(),
                },
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
    if let Some(a) = assistant_id
        && let Ok(a) = assistants::get_once(api, pid, a).await
    {
        return View::of(a.raw()).bot_type().to_string();
    }
    AGENT.to_string()
}

/// Whether the assistant stops before each tool call (`interrupt_before_action`):
/// only then is a thread at its tool step paused; otherwise a tool call failed there
/// (fixtures 100, 104, 106-109). An assistant that cannot be read is taken to pause,
/// as the state alone suggests.
pub async fn pauses_before_tools(api: &Api, pid: &str, assistant_id: &str) -> bool {
    match assistants::get_once(api, pid, assistant_id).await {
        Ok(a) => View::of(a.raw()).interrupt_before_action() == Some(true),
        Err(_) => true,
    }
}

/// Where a thread's last run left it, from its state and its assistant.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum RunState {
    /// Nothing waits.
    Idle,
    /// Paused before these tool calls, waiting for approval (`threads resume`).
    Paused { tools: Vec<String> },
    /// These tool calls failed on the server; the thread is at its tool step.
    ToolFailed { tools: Vec<String> },
}

/// The tool calls of the last AI message that no tool message answered: (id, name,
/// args) each.
pub fn unanswered_calls(messages: &[Value]) -> Vec<(String, String, Value)> {
    let Some(i) = messages.iter().rposition(|m| m["type"] == "ai") else {
        return Vec::new();
    };
    let answered: Vec<&str> = messages[i + 1..]
        .iter()
        .filter_map(|m| m.get("tool_call_id").and_then(Value::as_str))
        .collect();
    messages[i]
        .get("tool_calls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| !answered.contains(&c["id"].as_str().unwrap_or("")))
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["name"].as_str().unwrap_or("").to_string(),
                c.get("args").cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// Where a thread's last run left it: read from its state (`next: ["action"]`) and,
/// only then, its assistant (does it pause before tools?).
pub async fn run_state(
    api: &Api,
    pid: &str,
    assistant_id: Option<&str>,
    state: &Value,
) -> RunState {
    if !state_next(state).iter().any(|n| n == "action") {
        return RunState::Idle;
    }
    let tools = unanswered_calls(&crate::contract::state::messages_of(&state["values"]))
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    let pauses = match assistant_id {
        Some(a) => pauses_before_tools(api, pid, a).await,
        None => true,
    };
    if pauses {
        RunState::Paused { tools }
    } else {
        RunState::ToolFailed { tools }
    }
}

/// Why a thread's run cannot be resumed: each front-end words what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotResumable {
    /// Its last tool call failed on the server (the assistant does not stop before
    /// tools): resuming would run the call again.
    ToolFailed,
    /// No run waits for approval.
    NothingWaiting,
}

impl NotResumable {
    /// What happened, in the same words everywhere.
    pub fn message(self, thread_id: &str) -> String {
        match self {
            NotResumable::ToolFailed => format!(
                "thread {thread_id} is not paused: its last tool call failed on the server (its assistant does not stop before tools), and resuming would run it again"
            ),
            NotResumable::NothingWaiting => {
                format!("thread {thread_id} has no run waiting for approval")
            }
        }
    }
}

/// Whether the run the conversation's thread stopped at can be resumed: only a
/// pause before tools can (a failed tool call would run again).
pub fn resumable(conv: &Conversation) -> std::result::Result<(), NotResumable> {
    if conv.failed_tool {
        Err(NotResumable::ToolFailed)
    } else if !conv.waiting() {
        Err(NotResumable::NothingWaiting)
    } else {
        Ok(())
    }
}

/// What a conversation starts from: the thread to continue, or the assistant (and
/// the name) of a new one.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opening<'a> {
    pub thread_id: Option<&'a str>,
    pub assistant: AssistantChoice<'a>,
    /// The name of a thread created for the conversation.
    pub new_name: Option<&'a str>,
}

/// The thread a conversation continues and what it holds: the given thread (its
/// state read at the same time as the thread itself, so knowing what existed before
/// the run adds no latency), or a new thread for the picked assistant.
pub async fn conversation(api: &Api, pid: &str, open: Opening<'_>) -> Result<Conversation> {
    match open.thread_id {
        Some(t) => {
            let (thread, state) = with_state(api, pid, t).await?;
            // A state that cannot be read (a thread whose assistant is gone or broken)
            // leaves the position of the user's input to tell history apart.
            let state = state.unwrap_or(Value::Null);
            let a = open
                .assistant
                .id
                .map(str::to_owned)
                .or_else(|| thread.assistant_id.clone());
            // A thread whose assistant was deleted cannot run (upstream: 400 "Thread
            // has no assistant"); said before anything is posted.
            let Some(a) = a else {
                return Err(CliError::new(
                    Exit::Invalid,
                    format!(
                        "thread {t} has no assistant (it was deleted): a run on it cannot work"
                    ),
                )
                .remedy(Remedy::NewThread));
            };
            let next = state_next(&state);
            // At the tool step: the calls it stopped at, and whether that is a pause
            // or a failed call (the assistant says which).
            let (pending, failed_tool) = if next.iter().any(|n| n == "action") {
                (
                    unanswered_calls(&crate::contract::state::messages_of(&state["values"])),
                    !pauses_before_tools(api, pid, &a).await,
                )
            } else {
                (Vec::new(), false)
            };
            Ok(Conversation {
                thread_id: t.to_string(),
                pending,
                bot_type: bot_type_of(api, pid, thread.raw(), Some(&a)).await,
                assistant_id: Some(a),
                created: false,
                known: message_ids(state.get("values").unwrap_or(&Value::Null)),
                timeout: None,
                next,
                failed_tool,
            })
        }
        None => {
            let a = pick_assistant(api, pid, open.assistant).await?;
            let t = create(api, pid, &a, open.new_name).await?;
            Ok(Conversation {
                bot_type: bot_type_of(api, pid, t.raw(), Some(&a)).await,
                thread_id: t.thread_id.clone(),
                assistant_id: Some(a),
                created: true,
                known: Vec::new(),
                next: Vec::new(),
                pending: Vec::new(),
                failed_tool: false,
                timeout: None,
            })
        }
    }
}

/// A readable transcript of messages.
pub fn transcript(messages: &[Value]) -> String {
    let mut out = String::new();
    for m in messages {
        let text = crate::stream::accumulator::content_text(&m["content"]);
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

#[cfg(test)]
mod naming {
    use super::*;

    #[test]
    fn threads_are_named_from_their_first_message() {
        assert_eq!(name_from("Where is my order?"), "Where is my order?");
        assert_eq!(name_from("\n  first   line \nsecond"), "first line");
        assert_eq!(name_from("   "), DEFAULT_NAME);
        let long = "word ".repeat(30);
        let n = name_from(&long);
        assert!(n.ends_with('…') && n.chars().count() <= 60, "{n}");
        assert!(!n.contains("wor…"), "cut at a word: {n}");
    }
}
