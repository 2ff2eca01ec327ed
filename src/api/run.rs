//! Turns the events of `POST /runs/stream` into what a person or a program wants:
//! new text per message id (never the re-sent history, never the user's input),
//! tool calls and their results, each complete message once, the end.
//!
//! The wire repeats cumulative content; only the new suffix of each message is
//! emitted. A message whose new content does not extend the old one is emitted
//! whole again, marked as a restart.

use std::collections::{HashMap, HashSet};

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::sse::Event;

/// The fields of a streamed message the accumulator needs, borrowed from the wire.
#[derive(Deserialize)]
struct Peek<'a> {
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "type")]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    content: Option<&'a RawValue>,
    #[serde(default)]
    response_metadata: Option<MetaPeek>,
}

#[derive(Deserialize)]
struct MetaPeek {
    #[serde(default)]
    finish_reason: Option<Value>,
}

impl MetaPeek {
    fn finished(&self) -> bool {
        self.finish_reason.as_ref().is_some_and(|f| !f.is_null())
    }
}

/// `values` mode: the state, whose messages are what matters.
#[derive(Deserialize)]
struct StatePeek<'a> {
    #[serde(borrow)]
    messages: Vec<&'a RawValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    /// New text of an AI message.
    Token { id: String, text: String },
    /// An AI message's content changed in a way that does not extend it.
    Restart { id: String, content: String },
    /// The model called a tool.
    ToolCall {
        id: String,
        name: String,
        args: Value,
    },
    /// A tool answered.
    ToolResult {
        tool_call_id: String,
        name: String,
        content: String,
    },
    /// A complete new message (each once).
    Message(Value),
    /// The run failed on the server (`event: error`).
    Error {
        status_code: Option<i64>,
        message: String,
    },
    /// The run finished.
    End,
}

impl RunEvent {
    /// The NDJSON form of `threads run --json`.
    pub fn to_json(&self, run_id: Option<&str>) -> Value {
        match self {
            RunEvent::Token { id, text } => json!({"event": "token", "id": id, "text": text}),
            RunEvent::Restart { id, content } => {
                json!({"event": "restart", "id": id, "content": content})
            }
            RunEvent::ToolCall { id, name, args } => {
                json!({"event": "tool_call", "id": id, "name": name, "args": args})
            }
            RunEvent::ToolResult {
                tool_call_id,
                name,
                content,
            } => {
                json!({"event": "tool_result", "tool_call_id": tool_call_id, "name": name, "content": content})
            }
            RunEvent::Message(m) => json!({"event": "message", "message": m}),
            RunEvent::Error {
                status_code,
                message,
            } => json!({"event": "error", "status_code": status_code, "message": message}),
            RunEvent::End => json!({"event": "end", "run_id": run_id}),
        }
    }
}

/// Text of a message's content: a string, or the text parts of a list.
pub fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.clone()),
                other => other
                    .get("text")
                    .or_else(|| other.get("page_content"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[derive(Debug, Default)]
pub struct Accumulator {
    pub run_id: Option<String>,
    first_data_seen: bool,
    /// Ids of messages that existed before this run (or are the user's input).
    before: HashSet<String>,
    /// Content emitted so far, per AI message id.
    shown: HashMap<String, String>,
    /// Messages emitted whole.
    done: HashSet<String>,
    /// Tool calls announced.
    calls_announced: HashSet<String>,
    /// Latest AI message (its JSON text) per id not yet emitted whole (for the end).
    pending: HashMap<String, String>,
    order: Vec<String>,
    ended: bool,
}

impl Accumulator {
    pub fn new() -> Self {
        Accumulator::default()
    }

    /// True once `end` (or `[DONE]`) arrived.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Marks ids as existing before the run (when the caller knows the state).
    pub fn knew(&mut self, ids: impl IntoIterator<Item = String>) {
        self.before.extend(ids);
    }

    pub fn push(&mut self, event: &Event) -> Vec<RunEvent> {
        match event.name.as_str() {
            "metadata" => {
                if let Ok(v) = serde_json::from_str::<Value>(&event.data) {
                    self.run_id = v.get("run_id").and_then(Value::as_str).map(str::to_owned);
                }
                Vec::new()
            }
            "end" => self.end(),
            "error" => {
                let v: Value = serde_json::from_str(&event.data).unwrap_or(Value::Null);
                let message = v
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| event.data.clone());
                vec![RunEvent::Error {
                    status_code: v.get("status_code").and_then(Value::as_i64),
                    message,
                }]
            }
            "data" | "messages" | "message" => {
                if event.data.trim() == "[DONE]" {
                    return self.end();
                }
                // Messages are peeked at without building a tree: the wire repeats
                // the whole content in every event, and only the new suffix matters.
                if let Ok(raws) = serde_json::from_str::<Vec<&RawValue>>(&event.data) {
                    return self.messages(raws);
                }
                // `values` mode sends the state; its messages are what matters.
                match serde_json::from_str::<StatePeek>(&event.data) {
                    Ok(state) => self.messages(state.messages),
                    Err(_) => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// What is left when the stream ends: messages never marked complete.
    pub fn end(&mut self) -> Vec<RunEvent> {
        if self.ended {
            return Vec::new();
        }
        self.ended = true;
        let mut out = Vec::new();
        for id in std::mem::take(&mut self.order) {
            if let Some(text) = self.pending.remove(&id) {
                let m: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                self.announce_calls(&m, &mut out);
                if self.done.insert(id) {
                    out.push(RunEvent::Message(m));
                }
            }
        }
        out.push(RunEvent::End);
        out
    }

    fn messages(&mut self, raws: Vec<&RawValue>) -> Vec<RunEvent> {
        let peeks: Vec<(Peek, &RawValue)> = raws
            .into_iter()
            .filter_map(|r| serde_json::from_str::<Peek>(r.get()).ok().map(|p| (p, r)))
            .collect();
        let mut start = 0;
        if !self.first_data_seen {
            self.first_data_seen = true;
            // The first data event re-sends the thread and then the new input: all of
            // it, up to and including the last human message, existed before.
            start = peeks
                .iter()
                .rposition(|(p, _)| p.kind.as_deref() == Some("human"))
                .map(|i| i + 1)
                // No input (a resume): everything sent first is history.
                .unwrap_or(peeks.len());
            for (p, _) in &peeks[..start] {
                if let Some(id) = &p.id {
                    self.before.insert(id.to_string());
                }
            }
        }
        let mut out = Vec::new();
        for (p, raw) in &peeks[start..] {
            let Some(id) = p.id.as_deref() else { continue };
            if self.before.contains(id) || self.done.contains(id) {
                continue;
            }
            let full = || serde_json::from_str::<Value>(raw.get()).unwrap_or(Value::Null);
            match p.kind.as_deref().unwrap_or("") {
                "ai" | "AIMessageChunk" => {
                    let content: Cow<str> = match p.content {
                        Some(c) if c.get().starts_with('"') => {
                            serde_json::from_str::<Cow<str>>(c.get()).unwrap_or_default()
                        }
                        Some(c) => Cow::Owned(content_text(
                            &serde_json::from_str(c.get()).unwrap_or(Value::Null),
                        )),
                        None => Cow::Borrowed(""),
                    };
                    let finished = p.response_metadata.as_ref().is_some_and(MetaPeek::finished);
                    self.ai(id, &content, finished, raw, &mut out);
                }
                "tool" => {
                    self.flush_pending_calls(&mut out);
                    let m = full();
                    out.push(RunEvent::ToolResult {
                        tool_call_id: m
                            .get("tool_call_id")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        name: m
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or("tool")
                            .to_string(),
                        content: content_text(&m["content"]),
                    });
                    self.done.insert(id.to_string());
                    out.push(RunEvent::Message(m));
                }
                // The user's own input, echoed: never shown.
                "human" => {
                    self.before.insert(id.to_string());
                }
                _ => {
                    self.done.insert(id.to_string());
                    out.push(RunEvent::Message(full()));
                }
            }
        }
        out
    }

    /// New text of an AI message: only the suffix past what was shown (a memcmp of
    /// the shown prefix, no re-parse), or the whole text again if it changed.
    fn ai(
        &mut self,
        id: &str,
        content: &str,
        finished: bool,
        raw: &RawValue,
        out: &mut Vec<RunEvent>,
    ) {
        let old = self.shown.entry(id.to_string()).or_default();
        if content.len() >= old.len()
            && content.is_char_boundary(old.len())
            && content.as_bytes()[..old.len()] == *old.as_bytes()
        {
            if content.len() > old.len() {
                out.push(RunEvent::Token {
                    id: id.to_string(),
                    text: content[old.len()..].to_string(),
                });
                old.push_str(&content[old.len()..]);
            }
        } else {
            out.push(RunEvent::Restart {
                id: id.to_string(),
                content: content.to_string(),
            });
            *old = content.to_string();
        }
        if finished {
            let m: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
            self.announce_calls(&m, out);
            self.pending.remove(id);
            if self.done.insert(id.to_string()) {
                out.push(RunEvent::Message(m));
            }
        } else {
            if !self.pending.contains_key(id) {
                self.order.push(id.to_string());
            }
            self.pending.insert(id.to_string(), raw.get().to_string());
        }
    }

    /// A tool result means the calls before it are complete even without a
    /// `finish_reason` (older servers).
    fn flush_pending_calls(&mut self, out: &mut Vec<RunEvent>) {
        let ids: Vec<String> = self.order.clone();
        for id in ids {
            if let Some(m) = self
                .pending
                .get(&id)
                .and_then(|t| serde_json::from_str::<Value>(t).ok())
                && m.get("tool_calls")
                    .and_then(Value::as_array)
                    .is_some_and(|c| !c.is_empty())
            {
                self.announce_calls(&m, out);
                self.pending.remove(&id);
                if self.done.insert(id) {
                    out.push(RunEvent::Message(m));
                }
            }
        }
    }

    fn announce_calls(&mut self, m: &Value, out: &mut Vec<RunEvent>) {
        for call in m
            .get("tool_calls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let call_id = call
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if self.calls_announced.insert(call_id.clone()) {
                out.push(RunEvent::ToolCall {
                    id: call_id,
                    name: call
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("tool")
                        .to_string(),
                    args: call.get("args").cloned().unwrap_or(json!({})),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::sse::Parser;

    fn run(bytes: &[u8]) -> Vec<RunEvent> {
        let mut p = Parser::new();
        let mut acc = Accumulator::new();
        let mut out = Vec::new();
        for e in p.feed(bytes).into_iter().chain(p.finish()) {
            out.extend(acc.push(&e));
        }
        out
    }

    fn fixture_body(name: &str) -> Vec<u8> {
        let raw = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/opengpts")
                .join(name),
        )
        .unwrap();
        let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        raw[at + 4..].to_vec()
    }

    fn text(events: &[RunEvent]) -> String {
        events
            .iter()
            .filter_map(|e| match e {
                RunEvent::Token { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn turn_one_prints_the_reply_once() {
        let ev = run(&fixture_body("10-runs-stream-turn1.http"));
        assert_eq!(text(&ev), "Hello! I am a fake model.");
        let messages: Vec<_> = ev
            .iter()
            .filter(|e| matches!(e, RunEvent::Message(_)))
            .collect();
        assert_eq!(messages.len(), 1, "the repeated final message once");
        assert_eq!(ev.last(), Some(&RunEvent::End));
    }

    #[test]
    fn turn_two_never_reprints_history() {
        let ev = run(&fixture_body("11-runs-stream-turn2.http"));
        assert_eq!(text(&ev), "You said: How are you?. This is turn 2.");
        assert!(!ev.iter().any(|e| matches!(e, RunEvent::Restart { .. })));
    }

    #[test]
    fn tool_call_then_result_then_text() {
        let ev = run(&fixture_body("42-runs-stream-tool-call.http"));
        let kinds: Vec<&str> = ev
            .iter()
            .map(|e| match e {
                RunEvent::Token { .. } => "token",
                RunEvent::Restart { .. } => "restart",
                RunEvent::ToolCall { .. } => "call",
                RunEvent::ToolResult { .. } => "result",
                RunEvent::Message(_) => "message",
                RunEvent::Error { .. } => "error",
                RunEvent::End => "end",
            })
            .collect();
        let mut dedup = kinds.clone();
        dedup.dedup();
        assert_eq!(
            dedup,
            [
                "call", "message", "result", "message", "token", "message", "end"
            ]
        );
        assert!(ev.contains(&RunEvent::ToolCall {
            id: "call_fake0001".into(),
            name: "Dall-E-Image-Generator".into(),
            args: json!({"__arg1": "a red cat"})
        }));
        assert_eq!(
            text(&ev),
            "Here is your image: http://127.0.0.1:18081/fake-image.png"
        );
    }

    #[test]
    fn model_error_is_reported_and_history_is_silent() {
        let ev = run(&fixture_body("27-runs-stream-model-error.http"));
        assert_eq!(
            ev,
            vec![
                RunEvent::Error {
                    status_code: Some(500),
                    message: "Internal Server Error".into()
                },
                RunEvent::End
            ]
        );
    }

    #[test]
    fn pings_change_nothing() {
        let ev = run(&fixture_body("50-runs-stream-slow-with-ping.http"));
        assert_eq!(text(&ev), "You said: Please be slow. This is turn 4.");
    }

    #[test]
    fn older_framing_with_full_state_resends_and_done() {
        let h1 = json!({"id": "h1", "type": "human", "content": "hi"});
        let a1 = json!({"id": "a1", "type": "ai", "content": "old answer"});
        let h2 = json!({"id": "h2", "type": "human", "content": "again"});
        let a2 = |c: &str| json!({"id": "a2", "type": "ai", "content": c});
        let frames = [
            json!([h1, a1, h2]),
            json!([h1, a1, h2, a2("Hel")]),
            json!([h1, a1, h2, a2("Hello")]),
        ];
        let mut bytes = Vec::new();
        for f in frames {
            bytes.extend_from_slice(format!("event: messages\ndata: {f}\n\n").as_bytes());
        }
        bytes.extend_from_slice(b"data: [DONE]\n\n");
        let ev = run(&bytes);
        assert_eq!(text(&ev), "Hello");
        let msgs: Vec<_> = ev
            .iter()
            .filter_map(|e| match e {
                RunEvent::Message(m) => Some(m["id"].clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            msgs,
            [json!("a2")],
            "the unfinished message completes at the end"
        );
        assert_eq!(ev.last(), Some(&RunEvent::End));
    }

    #[test]
    fn content_that_does_not_extend_restarts() {
        let mut acc = Accumulator::new();
        let e = |d: Value| Event {
            name: "data".into(),
            data: d.to_string(),
        };
        acc.push(&e(json!([{"id": "h", "type": "human", "content": "x"}])));
        let a = acc.push(&e(json!([{"id": "a", "type": "ai", "content": "abc"}])));
        assert_eq!(
            a,
            vec![RunEvent::Token {
                id: "a".into(),
                text: "abc".into()
            }]
        );
        let b = acc.push(&e(json!([{"id": "a", "type": "ai", "content": "xyz"}])));
        assert_eq!(
            b,
            vec![RunEvent::Restart {
                id: "a".into(),
                content: "xyz".into()
            }]
        );
        let c = acc.push(&e(
            json!([{"id": "a", "type": "ai", "content": [{"type": "text", "text": "xyz!"}]}]),
        ));
        assert_eq!(
            c,
            vec![RunEvent::Token {
                id: "a".into(),
                text: "!".into()
            }]
        );
    }

    #[test]
    fn list_content_of_tools_is_text() {
        let docs = json!([{"id": null, "metadata": {}, "page_content": "The secret word is pineapple.", "type": "Document"}]);
        assert_eq!(content_text(&docs), "The secret word is pineapple.");
    }
}
