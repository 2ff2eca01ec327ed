//! `POST /runs/stream`: a run of the emulated assistant, streamed in the production
//! framing recorded in `fixtures/opengpts/` (`\r\n` line ends, `metadata`, a first
//! `data` event re-sending the thread's earlier messages plus the new input, one
//! `data` event per token with the cumulative content of the AI message, the final
//! message repeated once, then `end` without a data line).
//!
//! The emulated assistant is deterministic and says what it is. For a message TEXT it
//! replies `(emulated) You said: TEXT`, streamed word by word. Commands in the message:
//!
//! - `/tool NAME {json-args}`: calls tool NAME if the assistant has it configured (by
//!   its type, its `name`, or the name the model sees). The call carries the name the
//!   model sees (`Dall-E-Image-Generator` for `dall_e`, fixtures 100-112), as a real
//!   server's does. `update_database` with `{"key", "value"}` writes the value under
//!   the key in the thread state; other tools return a canned result (in `upstream`
//!   mode: what upstream did without keys or network, see `tools.rs`). Then it replies
//!   `(emulated) Tool NAME returned: RESULT`. `/tool` alone calls the first tool,
//!   its required arguments filled in, as the recordings' fake model did.
//! - `/long N`: a reply of N tokens (for benchmarks).
//! - `/slow SECS`: waits SECS before replying, sending `: ping` comments meanwhile.
//! - `/fail`: the run fails with an `error` event, as a failing model does upstream.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Shared;
use super::admin::{Action, StreamFault};
use super::http::{ErrorReply, JsonBody, project};
use super::options::Mode;
use super::records::{graph_problem, project_thread};
use super::state::{AssistantRec, ThreadRec, new_id};
use super::tools::{Outcome, retrieve, tool_message, tool_outcome};

#[derive(Deserialize)]
pub struct RunPayload {
    thread_id: String,
    #[serde(default)]
    assistant_id: Option<String>,
    #[serde(default)]
    input: Value,
}

const MESSAGE_TYPES: &[&str] = &["human", "ai", "system", "tool", "chat", "function"];

/// Turns the run input (or messages written to a state) into full messages, as
/// upstream serialises them: the keys every message has, then those of its type.
pub fn normalize_input(input: &Value) -> Result<Vec<Value>, ErrorReply> {
    let items = match input {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items.clone(),
        Value::Object(map) => match map.get("messages") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![input.clone()],
        },
        other => {
            return Err(ErrorReply::invalid(
                "list_type",
                json!(["body", "input"]),
                "Input should be a valid list",
                other.clone(),
            ));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let obj = item.as_object().ok_or_else(|| {
                ErrorReply::invalid(
                    "model_type",
                    json!(["body", "input", i]),
                    "Input should be a message object",
                    item.clone(),
                )
            })?;
            let kind = obj
                .get("type")
                .and_then(Value::as_str)
                .or_else(|| {
                    obj.get("role").and_then(Value::as_str).map(|r| match r {
                        "user" => "human",
                        "assistant" => "ai",
                        other => other,
                    })
                })
                .unwrap_or("");
            if !MESSAGE_TYPES.contains(&kind) {
                return Err(ErrorReply::invalid(
                    "union_tag_invalid",
                    json!(["body", "input", i]),
                    format!(
                        "Input tag '{kind}' found using _get_type() does not match any of the expected tags: 'ai', 'human', 'chat', 'system', 'function', 'tool'"
                    ),
                    item.clone(),
                ));
            }
            let content = obj.get("content").cloned().unwrap_or(json!(""));
            if !(content.is_string() || content.is_array()) {
                return Err(ErrorReply::invalid(
                    "string_type",
                    json!(["body", "input", i, "content"]),
                    "Input should be a valid string or list",
                    content,
                ));
            }
            let id = obj
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(new_id);
            let mut m = json!({
                "content": content,
                "additional_kwargs": obj.get("additional_kwargs").cloned().unwrap_or(json!({})),
                "response_metadata": obj.get("response_metadata").cloned().unwrap_or(json!({})),
                "type": kind,
                "name": obj.get("name").cloned().unwrap_or(Value::Null),
                "id": id,
                "example": false,
            });
            let given = |k: &str, default: Value| obj.get(k).cloned().unwrap_or(default);
            match kind {
                "ai" => {
                    m["tool_calls"] = given("tool_calls", json!([]));
                    m["invalid_tool_calls"] = given("invalid_tool_calls", json!([]));
                    m["usage_metadata"] = given("usage_metadata", Value::Null);
                }
                "tool" => {
                    m["tool_call_id"] = given("tool_call_id", json!(""));
                    m["artifact"] = given("artifact", Value::Null);
                    m["status"] = given("status", json!("success"));
                }
                _ => {}
            }
            Ok(m)
        })
        .collect()
}

fn text_of(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.as_str().or_else(|| p.get("text").and_then(Value::as_str)))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// Splits text into tokens that concatenate back to it: each token is the whitespace
/// before a word plus the word.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() && in_word {
            tokens.push(std::mem::take(&mut cur));
            in_word = false;
        }
        if !c.is_whitespace() {
            in_word = true;
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

fn ai_message(
    id: &str,
    content: &str,
    finish: Option<(&str, &str)>,
    tool: Option<&ToolCall>,
    args_text: &str,
) -> Value {
    let response_metadata = match finish {
        Some((reason, model)) => {
            json!({"finish_reason": reason, "model_name": model, "system_fingerprint": "fp_emulator"})
        }
        None => json!({}),
    };
    let (additional, tool_calls) = match tool {
        Some(t) => {
            let args = serde_json::from_str::<Value>(args_text)
                .ok()
                .filter(Value::is_object)
                .unwrap_or(json!({}));
            (
                json!({"tool_calls": [{"index": 0, "id": t.call_id, "function": {"arguments": args_text, "name": t.name}, "type": "function"}]}),
                json!([{"name": t.name, "args": args, "id": t.call_id, "type": "tool_call"}]),
            )
        }
        None => (json!({}), json!([])),
    };
    super::tools::ai_shape(id, content, additional, response_metadata, tool_calls)
}

#[derive(Debug, Clone)]
struct ToolCall {
    /// The name the model sees.
    name: String,
    call_id: String,
    args_text: String,
    /// The tool's type, when it is one the assistant has.
    kind: Option<String>,
}

/// What a run streams, expanded into events lazily (a long reply's cumulative
/// content is never held as a whole list of events).
enum Seg {
    /// A complete event frame.
    Frame(String),
    /// An AI message streamed token by token.
    Text {
        id: String,
        tokens: Vec<String>,
        model: String,
    },
    /// An AI message announcing a tool call, its arguments streamed in three pieces.
    Call {
        id: String,
        call: ToolCall,
        model: String,
    },
    /// Silence, filled with pings.
    Wait(Duration),
    /// Frames made as a real model answers (`--model-url`), pings while it thinks.
    Live(tokio::sync::mpsc::Receiver<String>),
}

fn frame(event: &str, data: &Value) -> String {
    format!("event: {event}\r\ndata: {data}\r\n\r\n")
}

fn ping_frame() -> String {
    format!(
        ": ping - {}\r\n\r\n",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S%.6f")
    )
}

struct Gen {
    segs: VecDeque<Seg>,
    /// Step within the front segment.
    step: usize,
    /// Cumulative content of the front text segment, JSON-escaped.
    content: String,
    events_sent: usize,
    fault: Option<Action>,
    fault_done: bool,
    ping_interval: Duration,
    token_delay: Duration,
    done: bool,
}

impl Gen {
    async fn next(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        if self.done {
            return None;
        }
        match &self.fault {
            Some(Action::CutStream { after_events }) if self.events_sent >= *after_events => {
                self.done = true;
                // Let what was sent reach the client before the cut.
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Some(Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected cut",
                )));
            }
            Some(Action::SseError { after_events })
                if self.events_sent >= *after_events && !self.fault_done =>
            {
                self.fault_done = true;
                self.segs.clear();
                self.segs.push_back(Seg::Frame("event: end\r\n\r\n".into()));
                self.events_sent += 1;
                return Some(Ok(Bytes::from(frame(
                    "error",
                    &json!({"status_code": 500, "message": "Internal Server Error"}),
                ))));
            }
            Some(Action::PingsOnly) if self.events_sent >= 1 => {
                tokio::time::sleep(self.ping_interval).await;
                return Some(Ok(Bytes::from(ping_frame())));
            }
            _ => {}
        }
        loop {
            let Some(seg) = self.segs.front_mut() else {
                self.done = true;
                return None;
            };
            let out = match seg {
                Seg::Frame(f) => {
                    let f = std::mem::take(f);
                    self.segs.pop_front();
                    f
                }
                Seg::Live(rx) => match tokio::time::timeout(self.ping_interval, rx.recv()).await {
                    Ok(Some(f)) => f,
                    Ok(None) => {
                        self.segs.pop_front();
                        continue;
                    }
                    Err(_) => return Some(Ok(Bytes::from(ping_frame()))),
                },
                Seg::Wait(d) => {
                    if *d > self.ping_interval {
                        *d -= self.ping_interval;
                        tokio::time::sleep(self.ping_interval).await;
                        return Some(Ok(Bytes::from(ping_frame())));
                    }
                    tokio::time::sleep(*d).await;
                    self.segs.pop_front();
                    continue;
                }
                Seg::Text { id, tokens, model } => {
                    // The message's JSON is written around the escaped content kept so
                    // far (escaping is per character, so appending each escaped token
                    // gives the escaped whole): byte-for-byte what serde_json would
                    // write for `ai_message`, without rebuilding a tree per token.
                    let n = tokens.len();
                    if self.step == 0 {
                        self.content.clear();
                    } else if self.step <= n {
                        if !self.token_delay.is_zero() {
                            tokio::time::sleep(self.token_delay).await;
                        }
                        let t = serde_json::to_string(&tokens[self.step - 1]).unwrap_or_default();
                        self.content.push_str(&t[1..t.len() - 1]);
                    }
                    let meta = if self.step > n {
                        format!(
                            r#"{{"finish_reason":"stop","model_name":{},"system_fingerprint":"fp_emulator"}}"#,
                            serde_json::to_string(model).unwrap_or_default()
                        )
                    } else {
                        "{}".to_string()
                    };
                    let frame = format!(
                        "event: data\r\ndata: [{{\"content\":\"{}\",\"additional_kwargs\":{{}},\"response_metadata\":{meta},\"type\":\"ai\",\"name\":null,\"id\":{},\"example\":false,\"tool_calls\":[],\"invalid_tool_calls\":[],\"usage_metadata\":null}}]\r\n\r\n",
                        self.content,
                        serde_json::to_string(id).unwrap_or_default()
                    );
                    self.step += 1;
                    if self.step > n + 2 {
                        self.step = 0;
                        self.segs.pop_front();
                    }
                    frame
                }
                Seg::Call { id, call, model } => {
                    let full = call.args_text.clone();
                    let half: String = full.chars().take(full.chars().count() / 2).collect();
                    let msg = match self.step {
                        0 => ai_message(id, "", None, Some(call), ""),
                        1 => ai_message(id, "", None, Some(call), &half),
                        2 => ai_message(id, "", None, Some(call), &full),
                        _ => ai_message(id, "", Some(("tool_calls", model)), Some(call), &full),
                    };
                    self.step += 1;
                    if self.step > 4 {
                        self.step = 0;
                        self.segs.pop_front();
                    }
                    frame("data", &json!([msg]))
                }
            };
            self.events_sent += 1;
            return Some(Ok(Bytes::from(out)));
        }
    }
}

/// The final (complete) form of a text AI message, as stored in the state.
fn final_text(id: &str, text: &str, model: &str) -> Value {
    ai_message(id, text, Some(("stop", model)), None, "")
}

/// What a run streams and stores.
pub(crate) struct Plan {
    segs: VecDeque<Seg>,
    new_messages: Vec<Value>,
    db_update: Map<String, Value>,
    /// The graph's next step after the run (`["action"]` when paused).
    next: Vec<String>,
    pub(crate) failed: bool,
    model: String,
    mode: Mode,
    /// The passages of the files uploaded to the assistant (for `retrieval`).
    passages: Vec<String>,
    /// A run answered by a real model (`--model-url`): how it ended, once it has.
    pub(crate) live: Option<tokio::sync::oneshot::Receiver<super::model::LiveEnd>>,
}

impl Plan {
    fn text_reply(&mut self, text: String) {
        let id = format!("run-{}", new_id());
        self.new_messages.push(final_text(&id, &text, &self.model));
        self.segs.push_back(Seg::Text {
            id,
            tokens: tokenize(&text),
            model: self.model.clone(),
        });
    }

    /// The model announces a call (streamed in pieces).
    fn announce(&mut self, call: &ToolCall) {
        let call_msg_id = format!("run-{}", new_id());
        self.new_messages.push(ai_message(
            &call_msg_id,
            "",
            Some(("tool_calls", &self.model)),
            Some(call),
            &call.args_text,
        ));
        self.segs.push_back(Seg::Call {
            id: call_msg_id,
            call: call.clone(),
            model: self.model.clone(),
        });
    }

    /// The tool runs, and the model says what it returned. In `upstream` mode a tool
    /// that needs the network raises instead: `error`, no tool message, and the thread
    /// stays at the tool step (fixtures 100, 104, 106-109).
    fn execute(&mut self, call: &ToolCall) {
        let args: Value = serde_json::from_str(&call.args_text).unwrap_or(json!({}));
        if call.kind.as_deref() == Some("retrieval") {
            let found = retrieve(&self.passages, &args);
            let content = found.join("\n\n");
            let msg = tool_message(&call.name, &call.call_id, json!(content), "success");
            self.new_messages.push(msg.clone());
            self.segs
                .push_back(Seg::Frame(frame("data", &json!([msg]))));
            self.text_reply(match found.first() {
                Some(best) => format!("(emulated) From the files: {best}"),
                None => format!("(emulated) Tool {} found nothing in the files.", call.name),
            });
            return;
        }
        match tool_outcome(
            call.kind.as_deref(),
            &call.name,
            &args,
            self.mode,
            &self.passages,
            &mut self.db_update,
        ) {
            Outcome::Raises(why) => {
                super::explain(&format!("tool {} failed: {why}", call.name));
                self.next = vec!["action".to_string()];
                self.segs.push_back(Seg::Frame(frame(
                    "error",
                    &json!({"status_code": 500, "message": "Internal Server Error"}),
                )));
            }
            Outcome::Answers { content, status } => {
                let msg = tool_message(&call.name, &call.call_id, content.clone(), status);
                self.new_messages.push(msg.clone());
                self.segs
                    .push_back(Seg::Frame(frame("data", &json!([msg]))));
                let result = content.as_str().map(str::to_owned).unwrap_or_default();
                self.text_reply(format!("(emulated) Tool {} returned: {result}", call.name));
            }
        }
    }
}

/// The call an interrupted run waits on: the last AI message's first tool call.
fn pending_call(thread: &ThreadRec, assistant: &AssistantRec) -> Option<ToolCall> {
    let messages = thread.messages();
    let m = messages.iter().rev().find(|m| m["type"] == "ai")?;
    let c = m.get("tool_calls")?.as_array()?.first()?;
    let name = c.get("name")?.as_str()?.to_string();
    Some(ToolCall {
        kind: assistant_tool(assistant, &name)
            .and_then(|t| t.get("type").and_then(Value::as_str).map(str::to_owned)),
        name,
        call_id: c.get("id")?.as_str()?.to_string(),
        args_text: c.get("args").cloned().unwrap_or(json!({})).to_string(),
    })
}

/// The assistant's tool a name stands for: by type, `name`, or the name the model sees.
fn assistant_tool(assistant: &AssistantRec, called: &str) -> Option<Value> {
    assistant
        .tools()
        .into_iter()
        .find(|t| crate::contract::catalog::tool_is(t, called))
}

/// The name a call to a configured tool carries: the name the model sees, else its
/// `name`, else its type.
fn call_name(tool: &Value) -> String {
    crate::contract::catalog::model_visible_name(tool)
        .or_else(|| tool.get("name").and_then(Value::as_str).map(str::to_owned))
        .or_else(|| tool.get("type").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}

/// Arguments for a call made without any: each required argument filled in as the
/// recordings' fake model did (`__arg1` with "a red cat", any other with "epsimo").
fn filled_arguments(tool: &Value) -> Value {
    let kind = tool.get("type").and_then(Value::as_str).unwrap_or("");
    let required: Vec<String> = match crate::contract::catalog::model_visible_argument(kind) {
        Some(a) => vec![a.to_string()],
        None => tool
            .pointer("/config/parameters/required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    };
    Value::Object(
        required
            .into_iter()
            .map(|a| {
                let v = if a == "__arg1" { "a red cat" } else { "epsimo" };
                (a, json!(v))
            })
            .collect(),
    )
}

/// The passages of the assistant's files, read only for an assistant with the
/// `retrieval` tool: every other run (the hot path) copies no file text.
fn assistant_passages(s: &Shared, assistant: &AssistantRec) -> Vec<String> {
    let retrieves = assistant
        .tools()
        .iter()
        .any(|t| t.get("type").and_then(Value::as_str) == Some("retrieval"));
    if !retrieves {
        return Vec::new();
    }
    s.db.lock()
        .unwrap()
        .files
        .values()
        .filter(|f| f.assistant_id == assistant.assistant_id)
        .flat_map(|f| f.passages.iter().cloned())
        .collect()
}

/// The call an agent makes on its own for a question (text ending with `?`, not a
/// slash command) when it has the `retrieval` tool and its files have passages.
fn retrieval_call(
    plan: &Plan,
    assistant: &AssistantRec,
    bot: &str,
    text: &str,
) -> Option<ToolCall> {
    if bot != "agent" || text.starts_with('/') || !text.ends_with('?') || plan.passages.is_empty() {
        return None;
    }
    let tool = assistant
        .tools()
        .into_iter()
        .find(|t| t.get("type").and_then(Value::as_str) == Some("retrieval"))?;
    Some(ToolCall {
        name: call_name(&tool),
        call_id: format!("call_{}", uuid::Uuid::new_v4().simple()),
        args_text: json!({"query": text}).to_string(),
        kind: Some("retrieval".into()),
    })
}

/// The emulated model's turn for the input, by the assistant's bot type.
fn plan_reply(plan: &mut Plan, assistant: &AssistantRec, thread: &ThreadRec, input: &[Value]) {
    let bot = assistant.assistant_type();
    let last_human = input
        .iter()
        .rev()
        .find(|m| m["type"] == "human")
        .map(|m| text_of(&m["content"]))
        .unwrap_or_default();
    let trimmed = last_human.trim();
    if trimmed == "/fail" || trimmed.starts_with("/fail ") {
        plan.failed = true;
        plan.segs.push_back(Seg::Frame(frame(
            "error",
            &json!({"status_code": 500, "message": "Internal Server Error"}),
        )));
        return;
    }
    // A run resumed after an interrupt runs the call it stopped before.
    if input.is_empty() && thread.next.iter().any(|n| n == "action") {
        match pending_call(thread, assistant) {
            Some(call) => plan.execute(&call),
            None => plan.text_reply("(emulated) Nothing new to answer.".into()),
        }
        return;
    }
    if bot == "chat_retrieval" && !input.is_empty() {
        // The retrieval graph always looks the question up first (fixture 82).
        let call_id = uuid::Uuid::new_v4().simple().to_string();
        let call_msg = json!({
            "content": "", "additional_kwargs": {}, "response_metadata": {}, "type": "ai",
            "name": null, "id": new_id(), "example": false,
            "tool_calls": [{"name": "retrieval", "args": {"query": last_human}, "id": call_id, "type": "tool_call"}],
            "invalid_tool_calls": [], "usage_metadata": null,
        });
        let docs = json!([{"id": null, "metadata": {"source": "emulator", "namespace": assistant.assistant_id},
            "page_content": "(emulated) The emulator keeps no document index.", "type": "Document"}]);
        let tool_msg = tool_message("retrieval", &call_id, docs, "success");
        plan.segs
            .push_back(Seg::Frame(frame("data", &json!([call_msg]))));
        plan.segs
            .push_back(Seg::Frame(frame("data", &json!([tool_msg]))));
        plan.new_messages.push(call_msg);
        plan.new_messages.push(tool_msg);
    }
    if bot == "agent"
        && let Some(rest) = trimmed
            .strip_prefix("/tool ")
            .or((trimmed == "/tool").then_some(""))
    {
        let rest = rest.trim();
        let (name, args_raw) = match rest.find(char::is_whitespace) {
            Some(i) => (&rest[..i], rest[i..].trim()),
            None => (rest, ""),
        };
        let configured = if name.is_empty() {
            assistant.tools().into_iter().next()
        } else {
            assistant_tool(assistant, name)
        };
        let args = match (&configured, args_raw) {
            (Some(t), "") => Ok(filled_arguments(t)),
            (_, raw) => serde_json::from_str::<Value>(if raw.is_empty() { "{}" } else { raw }),
        };
        match (configured, args) {
            (None, _) if name.is_empty() => {
                plan.text_reply("(emulated) This assistant has no tools.".into())
            }
            (None, _) => plan.text_reply(format!(
                "(emulated) Tool {name} is not configured on this assistant."
            )),
            (Some(_), Err(e)) => plan.text_reply(format!(
                "(emulated) The arguments of /tool {name} are not valid JSON: {e}"
            )),
            (Some(tool), Ok(args)) => {
                let call = ToolCall {
                    name: call_name(&tool),
                    call_id: format!("call_{}", uuid::Uuid::new_v4().simple()),
                    args_text: args.to_string(),
                    kind: tool.get("type").and_then(Value::as_str).map(str::to_owned),
                };
                plan.announce(&call);
                if assistant.interrupt_before_action() {
                    // Stop before the tool, as `interrupt_before_action` makes upstream
                    // do (fixtures 46-47): the stream ends, the state waits on "action".
                    plan.next = vec!["action".to_string()];
                } else {
                    plan.execute(&call);
                }
            }
        }
    } else if let Some(call) = retrieval_call(plan, assistant, &bot, trimmed) {
        // The documented rule: an agent with `retrieval` and indexed files looks a
        // question up on its own, and answers with the best passage.
        plan.announce(&call);
        if assistant.interrupt_before_action() {
            plan.next = vec!["action".to_string()];
        } else {
            plan.execute(&call);
        }
    } else if let Some(n) = trimmed.strip_prefix("/long ") {
        let n: usize = n.trim().parse().unwrap_or(100).clamp(1, 1_000_000);
        let words = [
            "lorem",
            "ipsum",
            "dolor",
            "sit",
            "amet",
            "consectetur",
            "adipiscing",
            "elit",
        ];
        let mut text = String::from("(emulated)");
        for i in 1..n {
            text.push(' ');
            text.push_str(words[i % words.len()]);
        }
        plan.text_reply(text);
    } else if let Some(secs) = trimmed.strip_prefix("/slow") {
        let secs: f64 = secs.trim().parse().unwrap_or(20.0);
        let secs = if secs.is_finite() {
            secs.clamp(0.0, 600.0)
        } else {
            20.0
        };
        plan.segs
            .push_back(Seg::Wait(Duration::from_secs_f64(secs)));
        plan.text_reply(format!("(emulated) You said: {last_human}"));
    } else if input.is_empty() {
        plan.text_reply("(emulated) Nothing new to answer.".into());
    } else {
        plan.text_reply(format!("(emulated) You said: {last_human}"));
    }
}

/// A `text/event-stream` response of the given frames.
fn sse_response<S>(stream: S) -> Response
where
    S: futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
{
    let mut resp = Response::new(Body::from_stream(stream));
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    resp
}

pub async fn run_stream(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    fault: Option<Extension<StreamFault>>,
    JsonBody(body): JsonBody<RunPayload>,
) -> Result<Response, ErrorReply> {
    let (_, pid) = project(&s, &headers)?;
    let thread = project_thread(&s, &pid, &body.thread_id)?;
    let assistant_id = body
        .assistant_id
        .clone()
        .or_else(|| thread.assistant_id.clone())
        .ok_or_else(|| ErrorReply::bad_request("Thread has no assistant"))?;
    let assistant = {
        let db = s.db.lock().unwrap();
        let a = db
            .assistants
            .get(&assistant_id)
            .cloned()
            .ok_or_else(|| ErrorReply::not_found("Assistant"))?;
        if a.project_id != pid {
            return Err(ErrorReply::forbidden(
                "Assistant belongs to another project",
            ));
        }
        a
    };
    // The retrieval graph's input is a state, `{"messages": [...]}` (fixture 82).
    if assistant.assistant_type() == "chat_retrieval" && body.input.is_array() {
        return Err(ErrorReply::invalid(
            "dict_type",
            json!(["body", "input"]),
            "Input should be a valid dictionary: a chat_retrieval thread takes {\"messages\": [...]}",
            body.input.clone(),
        ));
    }
    let input = normalize_input(&body.input)?;
    let (plan, history) = match start_run(&s, &thread, &assistant, input).await? {
        Run::GraphFails => return Ok(graph_failure()),
        Run::Planned { plan, history, .. } => (*plan, history),
    };
    Ok(run_response(
        &s,
        plan,
        history,
        fault.map(|Extension(StreamFault(a))| a),
    ))
}

/// The stream of a planned run, in the framing the emulator was started with.
pub(crate) fn run_response(
    s: &Shared,
    plan: Plan,
    history: Vec<Value>,
    fault: Option<Action>,
) -> Response {
    let generator = Gen {
        segs: plan.segs,
        step: 0,
        content: String::new(),
        events_sent: 0,
        fault,
        fault_done: false,
        ping_interval: s.cfg.ping_interval,
        token_delay: s.cfg.token_delay,
        done: false,
    };
    let stream = futures_util::stream::unfold(generator, |mut g| async move {
        g.next().await.map(|item| (item, g))
    });
    let framing = s.cfg.framing;
    if framing == Framing::Production {
        return sse_response(stream);
    }
    let mut reframe = Reframe::new(framing, history);
    let stream = futures_util::StreamExt::map(stream, move |item| {
        item.map(|b| Bytes::from(reframe.frame(&String::from_utf8_lossy(&b))))
    });
    sse_response(stream)
}

/// What starting a run gave: a graph that does not build (the stream is only
/// `error` and `end`, nothing stored), or the run planned and committed.
pub(crate) enum Run {
    GraphFails,
    Planned {
        plan: Box<Plan>,
        /// Every earlier message and the input: the first data event.
        history: Vec<Value>,
        /// The final text of the reply (what an OpenAI-style answer carries).
        reply: String,
    },
}

/// The stream of a run whose graph does not build (fixture 92).
pub(crate) fn graph_failure() -> Response {
    let frames = [
        frame(
            "error",
            &json!({"status_code": 500, "message": "Internal Server Error"}),
        ),
        "event: end\r\n\r\n".to_string(),
    ];
    sse_response(futures_util::stream::iter(
        frames.map(|f| Ok(Bytes::from(f))),
    ))
}

/// Plans the emulated assistant's turn on `thread` for `input` and commits it (the
/// input is kept even if the run fails, and the result does not depend on the
/// client staying connected).
pub(crate) async fn start_run(
    s: &Arc<Shared>,
    thread: &ThreadRec,
    assistant: &AssistantRec,
    input: Vec<Value>,
) -> Result<Run, ErrorReply> {
    // A run adds the input and a few messages of its own.
    if thread.full(input.len() + 8) {
        return Err(thread_full());
    }
    // The graph is built from the assistant's config before anything runs: a config
    // it refuses (a wrong tool literal, an unknown family) ends the stream with just
    // `error` and `end`, no run id, and nothing stored (fixture 92).
    if let Some(why) = graph_problem(s.cfg.mode, assistant) {
        super::explain(&format!("the run's graph does not build: {why}"));
        return Ok(Run::GraphFails);
    }
    let run_id = new_id();

    // The first data event re-sends every earlier message, then the new input.
    let mut first: Vec<Value> = thread.messages();
    first.extend(input.iter().cloned());
    let history = first.clone();

    let mut plan = Plan {
        segs: VecDeque::new(),
        new_messages: Vec::new(),
        db_update: Map::new(),
        next: Vec::new(),
        failed: false,
        model: assistant.model(),
        mode: s.cfg.mode,
        passages: assistant_passages(s, assistant),
        live: None,
    };
    plan.segs
        .push_back(Seg::Frame(frame("metadata", &json!({"run_id": run_id}))));
    plan.segs
        .push_back(Seg::Frame(frame("data", &Value::Array(first))));
    // With `--model-url`, a real model answers agents and chatbots; the retrieval
    // graph (its own fixed steps) and `/fail` stay emulated.
    let model = s.cfg.model.clone().filter(|_| {
        matches!(assistant.assistant_type().as_str(), "agent" | "chatbot")
            && !input.iter().any(|m| {
                m["type"] == "human" && {
                    let t = text_of(&m["content"]);
                    let t = t.trim();
                    t == "/fail" || t.starts_with("/fail ")
                }
            })
    });
    let resume = input.is_empty() && thread.next.iter().any(|n| n == "action");
    let mut live = None;
    if model.is_some() {
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        plan.segs.push_back(Seg::Live(rx));
        plan.live = Some(done_rx);
        live = Some((tx, done_tx));
    } else {
        plan_reply(&mut plan, assistant, thread, &input);
        plan.segs.push_back(Seg::Frame("event: end\r\n\r\n".into()));
    }
    let reply = plan
        .new_messages
        .iter()
        .rev()
        .find(|m| m["type"] == "ai" && m["tool_calls"].as_array().is_none_or(Vec::is_empty))
        .map(|m| text_of(&m["content"]))
        .unwrap_or_default();
    // Commit now: the input is kept even if the run fails, and the run's result
    // does not depend on the client staying connected.
    {
        let mut db = s.db.lock().unwrap();
        if let Some(t) = db.threads.get_mut(&thread.thread_id) {
            if t.values().is_null() {
                // The graph's empty state: a chatbot's is the list of messages, as
                // upstream keeps it; the others' an object holding `messages`.
                t.set_values(if assistant.assistant_type() == "chatbot" {
                    Value::Array(Vec::new())
                } else {
                    json!({"messages": []})
                });
            }
            t.checkpoint(&["__start__"]);
            t.add_messages(input);
            t.checkpoint(&["agent"]);
            // A real model's run updates the thread itself when it ends.
            if !plan.failed && model.is_none() {
                t.add_messages(std::mem::take(&mut plan.new_messages));
                if !plan.db_update.is_empty() {
                    t.merge(std::mem::take(&mut plan.db_update));
                }
                t.next = plan.next.clone();
                if assistant.assistant_type() == "chat_retrieval" {
                    let count = t
                        .messages()
                        .iter()
                        .filter(|m| {
                            m["type"] == "human"
                                || (m["type"] == "ai"
                                    && m["tool_calls"].as_array().is_none_or(Vec::is_empty))
                        })
                        .count();
                    t.set_key("msg_count", json!(count));
                }
                let next: Vec<&str> = plan.next.iter().map(String::as_str).collect();
                t.checkpoint(&next);
            }
        }
    }
    s.persist().await;
    // The model's loop starts once the input is stored.
    if let (Some(model), Some((tx, done))) = (model, live) {
        super::model::spawn(
            super::model::LiveRun {
                s: s.clone(),
                cfg: model,
                thread_id: thread.thread_id.clone(),
                assistant: assistant.clone(),
                history: history.clone(),
                passages: std::mem::take(&mut plan.passages),
                resume,
            },
            tx,
            done,
        );
    }
    Ok(Run::Planned {
        plan: Box::new(plan),
        history,
        reply,
    })
}

/// A thread that holds all the messages the emulator keeps.
pub fn thread_full() -> ErrorReply {
    ErrorReply::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "This emulated thread holds {} messages, the most the emulator keeps: start a new thread",
            super::state::MAX_THREAD_MESSAGES
        ),
    )
}

pub use super::options::Framing;

/// Rewrites production frames into another framing.
struct Reframe {
    framing: Framing,
    /// FullState: every message so far, in order.
    all: Vec<Value>,
    first_seen: bool,
}

impl Reframe {
    fn new(framing: Framing, history: Vec<Value>) -> Self {
        Reframe {
            framing,
            all: history,
            first_seen: false,
        }
    }

    fn frame(&mut self, f: &str) -> String {
        if f.starts_with("event: end") {
            return match self.framing {
                Framing::Legacy => "data: [DONE]\r\n\r\n".into(),
                _ => f.to_string(),
            };
        }
        let Some(data) = f
            .strip_prefix("event: data\r\ndata: ")
            .and_then(|d| d.strip_suffix("\r\n\r\n"))
        else {
            return f.to_string();
        };
        let messages: Vec<Value> = serde_json::from_str(data).unwrap_or_default();
        let first = !std::mem::replace(&mut self.first_seen, true);
        match self.framing {
            Framing::Production => f.to_string(),
            Framing::NewOnly if first => String::new(),
            Framing::NewOnly => f.to_string(),
            Framing::FullState => {
                if !first {
                    for m in messages {
                        match self.all.iter().position(|a| a["id"] == m["id"]) {
                            Some(i) => self.all[i] = m,
                            None => self.all.push(m),
                        }
                    }
                }
                frame("data", &Value::Array(self.all.clone()))
            }
            Framing::Legacy => {
                let lines: Vec<String> = messages.iter().map(Value::to_string).collect();
                format!(
                    "event: messages\r\ndata: [{}]\r\n\r\n",
                    lines.join(",\r\ndata: ")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_text_frames_equal_the_serialised_messages() {
        let tokens = tokenize("(emulated) \"quoted\" \u{e9}\t\n\\ end");
        let mut g = Gen {
            segs: VecDeque::from([Seg::Text {
                id: "run-1".into(),
                tokens: tokens.clone(),
                model: "gpt-4o".into(),
            }]),
            step: 0,
            content: String::new(),
            events_sent: 0,
            fault: None,
            fault_done: false,
            ping_interval: Duration::from_secs(15),
            token_delay: Duration::ZERO,
            done: false,
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut got = Vec::new();
        while let Some(b) = rt.block_on(g.next()) {
            got.push(String::from_utf8(b.unwrap().to_vec()).unwrap());
        }
        let mut want = vec![frame(
            "data",
            &json!([ai_message("run-1", "", None, None, "")]),
        )];
        let mut text = String::new();
        for t in &tokens {
            text.push_str(t);
            want.push(frame(
                "data",
                &json!([ai_message("run-1", &text, None, None, "")]),
            ));
        }
        let last = frame(
            "data",
            &json!([ai_message(
                "run-1",
                &text,
                Some(("stop", "gpt-4o")),
                None,
                ""
            )]),
        );
        want.push(last.clone());
        want.push(last);
        assert_eq!(got, want);
    }

    #[test]
    fn tokens_concatenate_back() {
        for text in [
            "Hello there",
            "  a  b\nc ",
            "",
            "one",
            "(emulated) You said: x y",
        ] {
            assert_eq!(tokenize(text).concat(), text);
        }
        assert_eq!(tokenize("a b\nc"), vec!["a", " b", "\nc"]);
    }

    #[test]
    fn input_is_validated() {
        assert!(normalize_input(&json!([{"type": "bogus", "content": "x"}])).is_err());
        assert!(normalize_input(&json!("text")).is_err());
        let msgs = normalize_input(&json!([{"role": "user", "content": "hi"}])).unwrap();
        assert_eq!(msgs[0]["type"], "human");
        assert_eq!(
            msgs[0].as_object().unwrap().keys().collect::<Vec<_>>(),
            vec![
                "content",
                "additional_kwargs",
                "response_metadata",
                "type",
                "name",
                "id",
                "example"
            ]
        );
        assert!(normalize_input(&Value::Null).unwrap().is_empty());
    }
}
