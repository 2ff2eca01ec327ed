//! Turns the events of `POST /runs/stream` into what a person or a program wants:
//! new text per message id (never the re-sent history, never the user's input),
//! tool calls and their results, each complete message once, the end.
//!
//! The wire repeats cumulative content; only the new suffix of each message is
//! emitted. A message whose new content does not extend the old one is emitted
//! whole again, marked as a restart.

use std::collections::{HashMap, HashSet};

use std::borrow::Cow;

use serde_json::value::RawValue;
use serde_json::{Value, json};

pub use super::events::{RunEvent, content_text};
use super::sse::Event;
use super::wire::{MetaPeek, message_peeks, message_raws, string_end, unescape};

/// What was shown of an AI message.
#[derive(Debug, Default)]
struct Shown {
    /// The text emitted so far.
    text: String,
    /// The same content as it was escaped on the wire (without its quotes), when it
    /// was a string: the next event's content is checked against it with one memcmp
    /// and only the new tail is decoded.
    wire: Option<String>,
}

/// The latest form of a message not yet emitted whole.
#[derive(Debug)]
enum Pending {
    /// At this index among the messages of the newest data event (kept as it came,
    /// so a streamed message is not copied out of every event).
    Here(usize),
    /// Copied out when a newer event no longer carried it.
    Kept(String),
}

/// The newest event was one AI message with a string content: the next event is
/// most likely the same bytes with a longer content.
#[derive(Debug)]
struct Template {
    id: String,
    /// Where the content's closing quote is in `last`.
    content_end: usize,
}

#[derive(Debug, Default)]
pub struct Accumulator {
    pub run_id: Option<String>,
    /// Ids of messages that existed before this run (or are the user's input).
    before: HashSet<String>,
    /// Content emitted so far, per AI message id.
    shown: HashMap<String, Shown>,
    /// Messages emitted whole.
    done: HashSet<String>,
    /// Tool calls announced.
    calls_announced: HashSet<String>,
    /// The calls announced, in order: (id, name, args).
    calls: Vec<(String, String, Value)>,
    /// Tool calls a tool message answered.
    calls_answered: HashSet<String>,
    /// AI messages not yet emitted whole, per id (for the end).
    pending: HashMap<String, Pending>,
    /// Bytes of the `Pending::Kept` texts in `pending`.
    kept_bytes: usize,
    /// The data of the newest event holding a `Pending::Here` message (valid UTF-8:
    /// read whole, or built of a checked tail between bytes of the previous one).
    last: Vec<u8>,
    /// When `last` held just one AI message, pending, with a string content.
    template: Option<Template>,
    /// Events read through the template (for tests of the fast path).
    #[cfg(test)]
    fast_events: usize,
    order: Vec<String>,
    ended: bool,
}

/// New messages one run may bring: a server that sends endless distinct messages
/// must end in an error, not in memory growing without bound.
pub const MAX_NEW_MESSAGES: usize = 10_000;

/// Bytes of unfinished messages held at once (their JSON, kept to print at the end).
pub const MAX_PENDING_BYTES: usize = 64 * 1024 * 1024;

impl Accumulator {
    pub fn new() -> Self {
        Accumulator::default()
    }

    /// Whether the run brought more than it may hold: more than
    /// [`MAX_NEW_MESSAGES`] new messages, or more than [`MAX_PENDING_BYTES`] of
    /// unfinished ones. The caller stops reading with a clear error.
    pub fn overflowed(&self) -> bool {
        if self.done.len() + self.pending.len() > MAX_NEW_MESSAGES {
            return true;
        }
        self.kept_bytes + self.last.len() > MAX_PENDING_BYTES
    }

    /// Removes a pending message, counting off the text it kept.
    fn unpend(&mut self, id: &str) -> Option<Pending> {
        let p = self.pending.remove(id)?;
        if let Pending::Kept(text) = &p {
            self.kept_bytes -= text.len();
        }
        Some(p)
    }

    /// A message is complete: printed whole, its text is no longer needed.
    fn finish(&mut self, id: &str) -> bool {
        self.shown.remove(id);
        self.done.insert(id.to_string())
    }

    /// True once `end` (or `[DONE]`) arrived.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Marks ids as existing before the run (when the caller knows the state).
    pub fn knew(&mut self, ids: impl IntoIterator<Item = String>) {
        self.before.extend(ids);
    }

    /// Every message id this run saw or knew before it: what the next turn on the
    /// same thread must not print again.
    pub fn seen_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .before
            .iter()
            .chain(self.done.iter())
            .chain(self.shown.keys())
            .cloned()
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The calls this run announced that no tool message answered: at a normal end,
    /// the calls a paused run waits on. (id, name, args) each.
    pub fn unanswered_calls(&self) -> Vec<(String, String, Value)> {
        self.calls
            .iter()
            .filter(|(id, _, _)| !self.calls_answered.contains(id))
            .cloned()
            .collect()
    }

    pub fn push(&mut self, event: Event) -> Vec<RunEvent> {
        match event.name.as_str() {
            "metadata" => {
                if let Ok(v) = serde_json::from_slice::<Value>(&event.data) {
                    self.run_id = v.get("run_id").and_then(Value::as_str).map(str::to_owned);
                }
                Vec::new()
            }
            "end" => self.end(),
            "error" => {
                let v: Value = serde_json::from_slice(&event.data).unwrap_or(Value::Null);
                let message = v
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| event.text().into_owned());
                vec![RunEvent::Error {
                    status_code: v.get("status_code").and_then(Value::as_i64),
                    message,
                }]
            }
            "data" | "messages" | "message" => {
                if event.data.trim_ascii() == b"[DONE]" {
                    return self.end();
                }
                self.messages(event.data)
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
        // Whatever follows is read in full: the pending messages are done now.
        self.template = None;
        let mut out = Vec::new();
        for id in std::mem::take(&mut self.order) {
            if let Some(text) = self.take_pending(&id) {
                let m: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                self.announce_calls(&m, &mut out);
                if self.finish(&id) {
                    out.push(RunEvent::Message(m));
                }
            }
        }
        out.push(RunEvent::End);
        out
    }

    /// Removes a pending message and returns its JSON text.
    fn take_pending(&mut self, id: &str) -> Option<String> {
        match self.unpend(id)? {
            Pending::Kept(text) => Some(text),
            Pending::Here(i) => message_raws(self.last())?
                .get(i)
                .map(|r| r.get().to_string()),
        }
    }

    /// Messages are peeked at without building a tree: the wire repeats the whole
    /// content in every event, and only the new suffix matters.
    /// The newest event holding a pending message, as text.
    fn last(&self) -> &str {
        std::str::from_utf8(&self.last).unwrap_or_default()
    }

    fn messages(&mut self, data: Vec<u8>) -> Vec<RunEvent> {
        let mut out = Vec::new();
        if self.extends_template(&data, &mut out) {
            self.last = data;
            return out;
        }
        self.template = None;
        let data = String::from_utf8(data)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        // Messages of this event still pending at its end, with their index.
        let mut here: Vec<(String, usize)> = Vec::new();
        // The event is one message with a string content ending here.
        let mut lone_content_end = None;
        {
            let Some((peeks, count)) = message_peeks(&data) else {
                return out;
            };
            if let ([(_, p)], 1) = (peeks.as_slice(), count)
                && let Some(c) = p.content.map(RawValue::get)
                && c.starts_with('"')
            {
                lone_content_end = Some(c.as_ptr() as usize - data.as_ptr() as usize + c.len() - 1);
            }
            // A message's whole text is needed rarely (tool results, complete
            // messages): the event is split into messages then, once.
            let mut raws: Option<Vec<&RawValue>> = None;
            let mut whole = |i: usize| -> Value {
                raws.get_or_insert_with(|| message_raws(&data).unwrap_or_default())
                    .get(i)
                    .and_then(|r| serde_json::from_str(r.get()).ok())
                    .unwrap_or(Value::Null)
            };
            // An event that re-sends the thread (the first of a run, or every one on
            // servers that send the whole state) holds the history, then the user's
            // new input: all of it, up to and including the last human message,
            // existed before the run. What else existed is known from the thread's
            // state read before the run ([`Accumulator::knew`]); nothing is assumed
            // of "the first event", which may hold just the reply's first token.
            let start = peeks
                .iter()
                .rposition(|(_, p)| p.kind.as_deref() == Some("human"))
                .map(|i| i + 1)
                .unwrap_or(0);
            for (_, p) in &peeks[..start] {
                if let Some(id) = &p.id {
                    self.before.insert(id.to_string());
                }
            }
            for (i, p) in &peeks[start..] {
                let Some(id) = p.id.as_deref() else { continue };
                if self.before.contains(id) || self.done.contains(id) {
                    continue;
                }
                match p.kind.as_deref().unwrap_or("") {
                    "ai" | "AIMessageChunk" => {
                        self.ai_content(id, p.content, &mut out);
                        if p.response_metadata.as_ref().is_some_and(MetaPeek::finished) {
                            let m = whole(*i);
                            self.announce_calls(&m, &mut out);
                            self.unpend(id);
                            here.retain(|(h, _)| h != id);
                            if self.finish(id) {
                                out.push(RunEvent::Message(m));
                            }
                        } else {
                            if !self.pending.contains_key(id) && !here.iter().any(|(h, _)| h == id)
                            {
                                self.order.push(id.to_string());
                            }
                            here.retain(|(h, _)| h != id);
                            here.push((id.to_string(), *i));
                        }
                    }
                    "tool" => {
                        self.flush_pending_calls(&data, &here, &mut out);
                        self.tool_result(id, whole(*i), &mut out);
                    }
                    // The user's own input, echoed: never shown.
                    "human" => {
                        self.before.insert(id.to_string());
                    }
                    _ => {
                        self.done.insert(id.to_string());
                        out.push(RunEvent::Message(whole(*i)));
                    }
                }
            }
        }
        self.keep_pending(data, here, lone_content_end);
        out
    }

    /// A tool's answer: its result, then the message whole.
    fn tool_result(&mut self, id: &str, m: Value, out: &mut Vec<RunEvent>) {
        let call_id = m
            .get("tool_call_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        self.calls_answered.insert(call_id.clone());
        out.push(RunEvent::ToolResult {
            tool_call_id: call_id,
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

    /// After an event is read: the messages it left pending (`here`, with their
    /// index) make it the newest event, kept as it came; pending messages that still
    /// point into the previous one are copied out of it first. A lone message with a
    /// string content becomes the template of the fast path.
    fn keep_pending(
        &mut self,
        data: String,
        mut here: Vec<(String, usize)>,
        lone_content_end: Option<usize>,
    ) {
        // Messages completed while this event was read are no longer pending.
        here.retain(|(id, _)| !self.done.contains(id));
        if here.is_empty() {
            return;
        }
        // This event becomes the newest: pending messages that still point into
        // the previous one are copied out of it first.
        let last_text = std::str::from_utf8(&self.last).unwrap_or_default();
        let mut old: Option<Vec<&RawValue>> = None;
        for (id, p) in self.pending.iter_mut() {
            if let Pending::Here(i) = *p
                && !here.iter().any(|(h, _)| h == id)
            {
                let raws = old.get_or_insert_with(|| message_raws(last_text).unwrap_or_default());
                let text = raws.get(i).map(|r| r.get().to_string()).unwrap_or_default();
                self.kept_bytes += text.len();
                *p = Pending::Kept(text);
            }
        }
        if let ([(id, 0)], Some(content_end)) = (here.as_slice(), lone_content_end) {
            self.template = Some(Template {
                id: id.clone(),
                content_end,
            });
        }
        for (id, i) in here {
            self.unpend(&id);
            self.pending.insert(id, Pending::Here(i));
        }
        self.last = data.into_bytes();
    }

    /// The fast path of a long reply: `data` is the newest event's bytes with only
    /// more content (the same prefix up to the old content's end, the same bytes from
    /// its closing quote on). Then only the tail is read: no JSON parse of the rest.
    fn extends_template(&mut self, new: &[u8], out: &mut Vec<RunEvent>) -> bool {
        let Some(t) = &mut self.template else {
            return false;
        };
        let old = self.last.as_slice();
        let end = t.content_end;
        if new.len() < old.len() || new[..end] != old[..end] {
            return false;
        }
        let Some(close) = string_end(&new[end..]) else {
            return false;
        };
        if new[end + close..] != old[end..] {
            return false;
        }
        // Only the tail is new and needs checking: the bytes before it were whole
        // characters in `last` (a quote followed them) and a quote follows it.
        let Ok(tail) = std::str::from_utf8(&new[end..end + close]) else {
            return false;
        };
        // Raw control characters are not JSON: the full parse decides what to do.
        if tail.bytes().any(|b| b < 0x20) {
            return false;
        }
        let Some(text) = unescape(tail) else {
            return false;
        };
        let Some(shown) = self.shown.get_mut(&t.id) else {
            return false;
        };
        t.content_end += close;
        #[cfg(test)]
        {
            self.fast_events += 1;
        }
        if !text.is_empty() {
            shown.text.push_str(&text);
            if let Some(wire) = shown.wire.as_mut() {
                wire.push_str(tail);
            }
            out.push(RunEvent::Token {
                id: t.id.clone(),
                text: text.into_owned(),
            });
        }
        true
    }

    /// New text of an AI message: only the suffix past what was shown, or the whole
    /// text again if it changed. A string content that extends the wire form seen
    /// last is checked with one memcmp and only its new tail decoded.
    fn ai_content(&mut self, id: &str, content: Option<&RawValue>, out: &mut Vec<RunEvent>) {
        if !self.shown.contains_key(id) {
            self.shown.insert(id.to_string(), Shown::default());
        }
        let Some(shown) = self.shown.get_mut(id) else {
            return;
        };
        let inner = content
            .map(RawValue::get)
            .filter(|c| c.len() >= 2 && c.starts_with('"'))
            .map(|c| &c[1..c.len() - 1]);
        if let (Some(inner), Some(wire)) = (inner, shown.wire.as_mut())
            && inner.as_bytes().starts_with(wire.as_bytes())
            && let Some(tail) = inner.get(wire.len()..)
        {
            if tail.is_empty() {
                return;
            }
            // The shown wire form ended a whole string, so the tail starts at an
            // escape boundary and decodes on its own.
            if let Some(text) = unescape(tail) {
                shown.text.push_str(&text);
                wire.push_str(tail);
                out.push(RunEvent::Token {
                    id: id.to_string(),
                    text: text.into_owned(),
                });
                return;
            }
        }
        let text: Cow<str> = match (inner, content) {
            (Some(inner), _) => unescape(inner).unwrap_or_default(),
            (None, Some(c)) => Cow::Owned(content_text(
                &serde_json::from_str(c.get()).unwrap_or(Value::Null),
            )),
            (None, None) => Cow::Borrowed(""),
        };
        shown.wire = inner.map(str::to_owned);
        let old = &mut shown.text;
        if text.len() >= old.len()
            && text.is_char_boundary(old.len())
            && text.as_bytes()[..old.len()] == *old.as_bytes()
        {
            if text.len() > old.len() {
                out.push(RunEvent::Token {
                    id: id.to_string(),
                    text: text[old.len()..].to_string(),
                });
                old.push_str(&text[old.len()..]);
            }
        } else {
            out.push(RunEvent::Restart {
                id: id.to_string(),
                content: text.to_string(),
            });
            *old = text.into_owned();
        }
    }

    /// A tool result means the calls before it are complete even without a
    /// `finish_reason` (older servers). `here` are the pending messages of the
    /// event being read (`data`), newer than what `pending` holds for them.
    fn flush_pending_calls(
        &mut self,
        data: &str,
        here: &[(String, usize)],
        out: &mut Vec<RunEvent>,
    ) {
        let raws = message_raws(data).unwrap_or_default();
        let last = message_raws(self.last()).unwrap_or_default();
        let mut calls = Vec::new();
        for id in &self.order {
            let text = match here.iter().find(|(h, _)| h == id) {
                Some((_, i)) => raws.get(*i).map(|r| r.get()),
                None => match self.pending.get(id) {
                    Some(Pending::Here(i)) => last.get(*i).map(|r| r.get()),
                    Some(Pending::Kept(t)) => Some(t.as_str()),
                    None => None,
                },
            };
            if let Some(m) = text.and_then(|t| serde_json::from_str::<Value>(t).ok())
                && m.get("tool_calls")
                    .and_then(Value::as_array)
                    .is_some_and(|c| !c.is_empty())
            {
                calls.push((id.clone(), m));
            }
        }
        for (id, m) in calls {
            self.announce_calls(&m, out);
            self.unpend(&id);
            if self.finish(&id) {
                out.push(RunEvent::Message(m));
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
                let name = call
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("tool")
                    .to_string();
                let args = call.get("args").cloned().unwrap_or(json!({}));
                self.calls
                    .push((call_id.clone(), name.clone(), args.clone()));
                out.push(RunEvent::ToolCall {
                    id: call_id,
                    name,
                    args,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::sse::Parser;

    fn run(bytes: &[u8]) -> Vec<RunEvent> {
        let mut p = Parser::new();
        let mut acc = Accumulator::new();
        let mut out = Vec::new();
        for e in p.feed(bytes).into_iter().chain(p.finish()) {
            out.extend(acc.push(e));
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

    fn data_event(d: Value) -> Event {
        Event::new("data", d.to_string())
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
                RunEvent::Paused { .. } => "paused",
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
        let e = data_event;
        acc.push(e(json!([{"id": "h", "type": "human", "content": "x"}])));
        let a = acc.push(e(json!([{"id": "a", "type": "ai", "content": "abc"}])));
        assert_eq!(
            a,
            vec![RunEvent::Token {
                id: "a".into(),
                text: "abc".into()
            }]
        );
        let b = acc.push(e(json!([{"id": "a", "type": "ai", "content": "xyz"}])));
        assert_eq!(
            b,
            vec![RunEvent::Restart {
                id: "a".into(),
                content: "xyz".into()
            }]
        );
        let c = acc.push(e(
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

    /// A JSON string of `text`, escaping characters in `odd` as `\uXXXX` although
    /// they need no escape: another server's (valid) choice of escapes.
    fn quoted(text: &str, odd: &dyn Fn(char) -> bool) -> String {
        let mut q = String::from("\"");
        for c in text.chars() {
            if odd(c) && (c as u32) < 0x10000 {
                q.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                let e = serde_json::to_string(&c.to_string()).unwrap();
                q.push_str(&e[1..e.len() - 1]);
            }
        }
        q.push('"');
        q
    }

    fn ai_frame(content: &str, extra: &str) -> Event {
        Event {
            name: "data".into(),
            data: format!(r#"[{{"content": {content}, "id": "a", "type": "ai"{extra}}}]"#).into(),
        }
    }

    proptest::proptest! {
        /// Tokens decoded from the new tail of the wire form are exactly what a full
        /// decode of each event would give, whatever the escapes, and whether or not
        /// the server escapes the same text the same way from one event to the next.
        #[test]
        fn tails_decode_like_whole_contents(
            pieces in proptest::collection::vec("(\\PC|[\"\\\\\n\t\u{1}]|\u{1F600}){0,6}", 1..12),
            odd_from in proptest::option::of(0usize..12),
            // Events whose other fields change (not the same bytes around the content).
            changed in proptest::collection::vec(proptest::bool::weighted(0.2), 12),
        ) {
            let mut acc = Accumulator::new();
            acc.push(Event { name: "data".into(), data: r#"[{"id": "h", "type": "human", "content": "q"}]"#.into() });
            let mut content = String::new();
            let mut got = Vec::new();
            for (n, piece) in pieces.iter().enumerate() {
                content.push_str(piece);
                // From some event on, letters are sent as \u escapes.
                let odd = |c: char| odd_from.is_some_and(|k| n >= k) && c.is_ascii_alphabetic();
                let extra = if changed[n] { format!(r#", "seq": {n}"#) } else { String::new() };
                got.extend(acc.push(ai_frame(&quoted(&content, &odd), &extra)));
            }
            got.extend(acc.end());
            proptest::prop_assert!(!got.iter().any(|e| matches!(e, RunEvent::Restart { .. })), "{got:?}");
            proptest::prop_assert_eq!(text(&got), content.clone());
            let whole: Vec<&Value> = got.iter().filter_map(|e| match e { RunEvent::Message(m) => Some(m), _ => None }).collect();
            proptest::prop_assert_eq!(whole.len(), 1);
            proptest::prop_assert_eq!(whole[0]["content"].as_str(), Some(content.as_str()));
            // The message kept for the end is the last one sent.
            proptest::prop_assert_eq!(whole[0].get("seq").is_some(), changed[pieces.len() - 1]);
        }
    }

    #[test]
    fn a_message_later_events_leave_out_still_completes_with_its_last_content() {
        let mut acc = Accumulator::new();
        let e = data_event;
        acc.push(e(json!([{"id": "h", "type": "human", "content": "x"}])));
        acc.push(e(json!([{"id": "a", "type": "ai", "content": "one"}])));
        acc.push(e(json!([{"id": "a", "type": "ai", "content": "one two"}])));
        // Later events only carry b: a's last form must survive them.
        acc.push(e(json!([{"id": "b", "type": "ai", "content": "three"}])));
        acc.push(e(
            json!([{"id": "b", "type": "ai", "content": "three four"}]),
        ));
        let end = acc.end();
        let whole: Vec<Value> = end
            .into_iter()
            .filter_map(|e| match e {
                RunEvent::Message(m) => Some(m),
                _ => None,
            })
            .collect();
        assert_eq!(
            whole,
            vec![
                json!({"id": "a", "type": "ai", "content": "one two"}),
                json!({"id": "b", "type": "ai", "content": "three four"}),
            ]
        );
    }

    #[test]
    fn a_pending_call_completes_when_its_result_arrives_in_the_same_event() {
        let mut acc = Accumulator::new();
        let e = data_event;
        acc.push(e(json!([{"id": "h", "type": "human", "content": "x"}])));
        let call = json!({"id": "a", "type": "ai", "content": "", "tool_calls": [{"id": "c1", "name": "search", "args": {"q": 1}}]});
        let got = acc.push(e(json!([call, {"id": "t", "type": "tool", "tool_call_id": "c1", "name": "search", "content": "found"}])));
        assert_eq!(
            got,
            vec![
                RunEvent::ToolCall {
                    id: "c1".into(),
                    name: "search".into(),
                    args: json!({"q": 1})
                },
                RunEvent::Message(call),
                RunEvent::ToolResult {
                    tool_call_id: "c1".into(),
                    name: "search".into(),
                    content: "found".into()
                },
                RunEvent::Message(
                    json!({"id": "t", "type": "tool", "tool_call_id": "c1", "name": "search", "content": "found"})
                ),
            ]
        );
        assert_eq!(acc.end(), vec![RunEvent::End], "nothing left pending");
    }

    #[test]
    fn growing_content_is_read_through_the_template_and_anything_else_is_parsed() {
        let mut acc = Accumulator::new();
        let raw = |d: &str| Event {
            name: "data".into(),
            data: d.into(),
        };
        acc.push(raw(r#"[{"id": "h", "type": "human", "content": "x"}]"#));
        let mut got = Vec::new();
        for d in [
            r#"[{"content": "Hel", "id": "a", "type": "ai", "response_metadata": {}}]"#,
            r#"[{"content": "Hello", "id": "a", "type": "ai", "response_metadata": {}}]"#,
            r#"[{"content": "Hello \"w\u00f6rld\"", "id": "a", "type": "ai", "response_metadata": {}}]"#,
            // Same bytes around a longer content, but another message: not a token of a.
            r#"[{"content": "Hello \"w\u00f6rld\"!", "id": "b", "type": "ai", "response_metadata": {}}]"#,
            // Finished: the bytes after the content changed.
            r#"[{"content": "Hello \"w\u00f6rld\"!?", "id": "b", "type": "ai", "response_metadata": {"finish_reason": "stop"}}]"#,
        ] {
            got.extend(acc.push(raw(d)));
        }
        assert_eq!(acc.fast_events, 2, "the second and third events");
        let tokens: Vec<(String, String)> = got
            .iter()
            .filter_map(|e| match e {
                RunEvent::Token { id, text } => Some((id.clone(), text.clone())),
                _ => None,
            })
            .collect();
        let t = |id: &str, text: &str| (id.to_string(), text.to_string());
        assert_eq!(
            tokens,
            [
                t("a", "Hel"),
                t("a", "lo"),
                t("a", " \"wörld\""),
                t("b", "Hello \"wörld\"!"),
                t("b", "?")
            ]
        );
        let done: Vec<&str> = got
            .iter()
            .filter_map(|e| match e {
                RunEvent::Message(m) => m["id"].as_str(),
                _ => None,
            })
            .collect();
        assert_eq!(done, ["b"], "b finished; a completes at the end");
        let end = acc.end();
        assert!(matches!(&end[0], RunEvent::Message(m) if m["content"] == "Hello \"wörld\""));
        // After the end, an event extending a still-templated message is not news.
        let mut acc = Accumulator::new();
        acc.push(raw(r#"[{"id": "h", "type": "human", "content": "x"}]"#));
        acc.push(raw(r#"[{"content": "Hi", "id": "a", "type": "ai"}]"#));
        acc.end();
        assert!(
            acc.push(raw(r#"[{"content": "Hi!", "id": "a", "type": "ai"}]"#))
                .is_empty()
        );
    }

    #[test]
    fn list_content_of_tools_is_text() {
        let docs = json!([{"id": null, "metadata": {}, "page_content": "The secret word is pineapple.", "type": "Document"}]);
        assert_eq!(content_text(&docs), "The secret word is pineapple.");
    }
}
