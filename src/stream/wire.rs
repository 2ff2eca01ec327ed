//! Reading a run's events without building them: the few fields of each message
//! the accumulator needs, borrowed from the wire, and the string scanning behind
//! its fast path (a growing message re-sent with a longer content).

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

/// The fields of a streamed message the accumulator needs, borrowed from the wire.
#[derive(Deserialize)]
pub(super) struct Peek<'a> {
    #[serde(borrow, default)]
    pub(super) id: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "type")]
    pub(super) kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(super) content: Option<&'a RawValue>,
    #[serde(default)]
    pub(super) response_metadata: Option<MetaPeek>,
}

#[derive(Deserialize)]
pub(super) struct MetaPeek {
    #[serde(default)]
    pub(super) finish_reason: Option<Value>,
}

impl MetaPeek {
    pub(super) fn finished(&self) -> bool {
        self.finish_reason.as_ref().is_some_and(|f| !f.is_null())
    }
}

/// `values` mode: the state, whose messages are what matters.
#[derive(Deserialize)]
pub(super) struct StatePeek<'a> {
    #[serde(borrow)]
    pub(super) messages: Vec<&'a RawValue>,
}

/// Where a JSON string's closing quote is in `wire`, which starts inside the string
/// at an escape boundary.
pub(super) fn string_end(wire: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += memchr::memchr2(b'"', b'\\', &wire[at..])?;
        if wire[at] == b'"' {
            return Some(at);
        }
        at += 2; // an escape: the byte after the backslash is never the end
        if at > wire.len() {
            return None;
        }
    }
}

/// The messages of a data event: a list, or (`values` mode) a state's `messages`.
pub(super) fn message_raws(data: &str) -> Option<Vec<&RawValue>> {
    serde_json::from_str::<Vec<&RawValue>>(data)
        .ok()
        .or_else(|| {
            serde_json::from_str::<StatePeek>(data)
                .ok()
                .map(|s| s.messages)
        })
}

/// The same, peeked at with their index: in one pass over the event when every
/// message is an object (the usual case), else message by message.
/// The second value is how many messages the event holds.
pub(super) fn message_peeks(data: &str) -> Option<(Vec<(usize, Peek<'_>)>, usize)> {
    #[derive(Deserialize)]
    struct StatePeeks<'a> {
        #[serde(borrow)]
        messages: Vec<Peek<'a>>,
    }
    let whole = serde_json::from_str::<Vec<Peek>>(data).ok().or_else(|| {
        serde_json::from_str::<StatePeeks>(data)
            .ok()
            .map(|s| s.messages)
    });
    if let Some(peeks) = whole {
        let n = peeks.len();
        return Some((peeks.into_iter().enumerate().collect(), n));
    }
    let raws = message_raws(data)?;
    let n = raws.len();
    let peeks = raws
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| serde_json::from_str::<Peek>(r.get()).ok().map(|p| (i, p)))
        .collect();
    Some((peeks, n))
}

/// Decodes the inside of a JSON string (no quotes); borrowed when nothing is escaped.
pub(super) fn unescape(inner: &str) -> Option<Cow<'_, str>> {
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        return Some(Cow::Borrowed(inner));
    }
    let mut quoted = String::with_capacity(inner.len() + 2);
    quoted.push('"');
    quoted.push_str(inner);
    quoted.push('"');
    serde_json::from_str::<String>(&quoted).ok().map(Cow::Owned)
}
