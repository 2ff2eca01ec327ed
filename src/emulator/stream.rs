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
//!   `name`, or `type` for built-ins). `update_database` with `{"key", "value"}` writes
//!   the value under the key in the thread state; other tools return a canned result.
//!   Then it replies `(emulated) Tool NAME returned: RESULT`.
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
use super::http::{ApiErr, JsonBody, project};
use super::routes::project_thread;
use super::state::{AssistantRec, new_id};

#[derive(Deserialize)]
pub struct RunPayload {
    thread_id: String,
    #[serde(default)]
    assistant_id: Option<String>,
    #[serde(default)]
    input: Value,
}

const MESSAGE_TYPES: &[&str] = &["human", "ai", "system", "tool", "chat", "function"];

/// Turns the run input into full messages, as upstream serialises them.
fn normalize_input(input: &Value) -> Result<Vec<Value>, ApiErr> {
    let items = match input {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items.clone(),
        Value::Object(map) => match map.get("messages") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![input.clone()],
        },
        other => {
            return Err(ApiErr::invalid(
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
                ApiErr::invalid(
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
                return Err(ApiErr::invalid(
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
                return Err(ApiErr::invalid(
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
            Ok(json!({
                "content": content,
                "additional_kwargs": obj.get("additional_kwargs").cloned().unwrap_or(json!({})),
                "response_metadata": {},
                "type": kind,
                "name": obj.get("name").cloned().unwrap_or(Value::Null),
                "id": id,
                "example": false,
            }))
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
    json!({
        "content": content,
        "additional_kwargs": additional,
        "response_metadata": response_metadata,
        "type": "ai",
        "name": null,
        "id": id,
        "example": false,
        "tool_calls": tool_calls,
        "invalid_tool_calls": [],
        "usage_metadata": null,
    })
}

#[derive(Debug, Clone)]
struct ToolCall {
    name: String,
    call_id: String,
    args_text: String,
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

/// Checks that the assistant config is one a run can use, as the real server needs:
/// `config.configurable` present and every tool an object with a `type`.
fn config_problem(a: &AssistantRec) -> Option<String> {
    let Some(configurable) = a.config.get("configurable").and_then(Value::as_object) else {
        return Some("assistant config has no `configurable`".into());
    };
    if let Some(tools) = configurable.get("type==agent/tools") {
        let Some(list) = tools.as_array() else {
            return Some("`type==agent/tools` is not a list".into());
        };
        if list
            .iter()
            .any(|t| t.get("type").and_then(Value::as_str).is_none())
        {
            return Some("a tool is not an object with a `type`".into());
        }
    }
    None
}

/// Runs a tool: `update_database` writes the state; others return canned text.
fn run_tool(
    name: &str,
    args: &Value,
    db_update: &mut Map<String, Value>,
) -> (String, &'static str) {
    if name == "update_database" {
        let key = args.get("key").and_then(Value::as_str);
        let value = args.get("value");
        return match (key, value) {
            (Some("messages"), _) => (
                "error: the key `messages` is reserved for the conversation".into(),
                "error",
            ),
            (Some(k), Some(v)) if !k.is_empty() => {
                db_update.insert(k.to_string(), v.clone());
                (format!("Saved {k} to the thread database."), "success")
            }
            _ => (
                "error: update_database needs arguments {\"key\": string, \"value\": any}".into(),
                "error",
            ),
        };
    }
    (format!("(emulated) {name} result for {args}"), "success")
}

pub async fn run_stream(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    fault: Option<Extension<StreamFault>>,
    JsonBody(body): JsonBody<RunPayload>,
) -> Result<Response, ApiErr> {
    let (_, pid) = project(&s, &headers)?;
    let input = normalize_input(&body.input)?;
    let thread = project_thread(&s, &pid, &body.thread_id)?;
    let assistant_id = body
        .assistant_id
        .clone()
        .or_else(|| thread.assistant_id.clone())
        .ok_or_else(|| ApiErr::bad_request("Thread has no assistant"))?;
    let assistant = {
        let db = s.db.lock().unwrap();
        let a = db
            .assistants
            .get(&assistant_id)
            .cloned()
            .ok_or_else(|| ApiErr::not_found("Assistant"))?;
        if a.project_id != pid {
            return Err(ApiErr::forbidden("Assistant belongs to another project"));
        }
        a
    };
    let model = assistant.model();
    let run_id = new_id();

    // The first data event re-sends every earlier message, then the new input.
    let mut first: Vec<Value> = thread.messages();
    first.extend(input.iter().cloned());

    let last_human = input
        .iter()
        .rev()
        .find(|m| m["type"] == "human")
        .map(|m| text_of(&m["content"]))
        .unwrap_or_default();
    let trimmed = last_human.trim();

    let mut segs = VecDeque::new();
    segs.push_back(Seg::Frame(frame("metadata", &json!({"run_id": run_id}))));
    segs.push_back(Seg::Frame(frame("data", &Value::Array(first))));
    let mut new_messages: Vec<Value> = Vec::new();
    let mut db_update = Map::new();

    let text_reply = |text: String, segs: &mut VecDeque<Seg>, new_messages: &mut Vec<Value>| {
        let id = format!("run-{}", new_id());
        new_messages.push(final_text(&id, &text, &model));
        segs.push_back(Seg::Text {
            id,
            tokens: tokenize(&text),
            model: model.clone(),
        });
    };

    let failed = if let Some(problem) = config_problem(&assistant) {
        Some(problem)
    } else if trimmed == "/fail" || trimmed.starts_with("/fail ") {
        Some("the emulated model was asked to fail".to_string())
    } else {
        None
    };

    if failed.is_some() {
        segs.push_back(Seg::Frame(frame(
            "error",
            &json!({"status_code": 500, "message": "Internal Server Error"}),
        )));
    } else if let Some(rest) = trimmed.strip_prefix("/tool ") {
        let rest = rest.trim();
        let (name, args_raw) = match rest.find(char::is_whitespace) {
            Some(i) => (&rest[..i], rest[i..].trim()),
            None => (rest, ""),
        };
        let args_raw = if args_raw.is_empty() { "{}" } else { args_raw };
        let configured = assistant.tools().into_iter().find(|t| {
            t.get("name").and_then(Value::as_str) == Some(name)
                || t.get("type").and_then(Value::as_str) == Some(name)
        });
        match (configured, serde_json::from_str::<Value>(args_raw)) {
            (None, _) => text_reply(
                format!("(emulated) Tool {name} is not configured on this assistant."),
                &mut segs,
                &mut new_messages,
            ),
            (Some(_), Err(e)) => text_reply(
                format!("(emulated) The arguments of /tool {name} are not valid JSON: {e}"),
                &mut segs,
                &mut new_messages,
            ),
            (Some(_), Ok(args)) => {
                let call = ToolCall {
                    name: name.to_string(),
                    call_id: format!("call_{}", uuid::Uuid::new_v4().simple()),
                    args_text: args.to_string(),
                };
                let call_msg_id = format!("run-{}", new_id());
                new_messages.push(ai_message(
                    &call_msg_id,
                    "",
                    Some(("tool_calls", &model)),
                    Some(&call),
                    &call.args_text,
                ));
                segs.push_back(Seg::Call {
                    id: call_msg_id,
                    call: call.clone(),
                    model: model.clone(),
                });
                let (result, status) = run_tool(name, &args, &mut db_update);
                let tool_msg = json!({
                    "content": result,
                    "additional_kwargs": {},
                    "response_metadata": {},
                    "type": "tool",
                    "name": name,
                    "id": new_id(),
                    "tool_call_id": call.call_id,
                    "artifact": null,
                    "status": status,
                });
                new_messages.push(tool_msg.clone());
                segs.push_back(Seg::Frame(frame("data", &json!([tool_msg]))));
                text_reply(
                    format!("(emulated) Tool {name} returned: {result}"),
                    &mut segs,
                    &mut new_messages,
                );
            }
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
        text_reply(text, &mut segs, &mut new_messages);
    } else if let Some(secs) = trimmed.strip_prefix("/slow") {
        let secs: f64 = secs.trim().parse().unwrap_or(20.0);
        segs.push_back(Seg::Wait(Duration::from_secs_f64(secs.clamp(0.0, 600.0))));
        text_reply(
            format!("(emulated) You said: {last_human}"),
            &mut segs,
            &mut new_messages,
        );
    } else if input.is_empty() {
        text_reply(
            "(emulated) Nothing new to answer.".into(),
            &mut segs,
            &mut new_messages,
        );
    } else {
        text_reply(
            format!("(emulated) You said: {last_human}"),
            &mut segs,
            &mut new_messages,
        );
    }
    segs.push_back(Seg::Frame("event: end\r\n\r\n".into()));

    // Commit now: the input is kept even if the run fails, and the run's result
    // does not depend on the client staying connected.
    {
        let mut db = s.db.lock().unwrap();
        if let Some(t) = db.threads.get_mut(&body.thread_id) {
            t.checkpoint(&["__start__"]);
            t.add_messages(input);
            t.checkpoint(&["agent"]);
            if failed.is_none() {
                t.add_messages(new_messages);
                if !db_update.is_empty() {
                    t.merge(db_update);
                }
                t.checkpoint(&[]);
            }
        }
    }
    s.persist().await;

    let generator = Gen {
        segs,
        step: 0,
        content: String::new(),
        events_sent: 0,
        fault: fault.map(|Extension(StreamFault(a))| a),
        fault_done: false,
        ping_interval: s.cfg.ping_interval,
        token_delay: s.cfg.token_delay,
        done: false,
    };
    let stream = futures_util::stream::unfold(generator, |mut g| async move {
        g.next().await.map(|item| (item, g))
    });
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
    Ok(resp)
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
