//! A thread's Virtual Database: the top-level keys of its state's `values` other
//! than `messages`, read from `GET /threads/ID/state` and written with
//! `POST /threads/ID/state`.

use std::io::Write;

#[cfg(test)]
use indexmap::IndexMap;
#[cfg(test)]
use serde::Deserialize;
#[cfg(test)]
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::project;
use crate::api::client::{Body, parse_json};
use crate::api::{Api, Call, item_path};
use crate::error::{CliError, Exit, Result};

#[cfg(test)]
use crate::contract::state::database;
use crate::contract::state::into_database;

/// Largest value a write sends.
pub const MAX_VALUE_BYTES: usize = 8 * 1024 * 1024;

/// The thread's state as it came, unparsed: the request's path (for errors) and
/// the body, for a reader that wants to keep the server's text.
pub async fn state_body(api: &Api, pid: &str, thread_id: &str) -> Result<(String, Body)> {
    let (path, resp) = state_response(api, pid, thread_id).await?;
    Ok((path, api.body(resp).await?))
}

/// `GET /threads/ID/state` answered, its body unread: the request's path (for
/// errors) and the response.
async fn state_response(
    api: &Api,
    pid: &str,
    thread_id: &str,
) -> Result<(String, reqwest::Response)> {
    let call = Call::get(item_path("/threads", thread_id, "/state"), project(pid));
    let resp = api
        .send(&call)
        .await
        .map_err(|e| super::threads::state_error(e, thread_id))?;
    Ok((call.path, resp))
}

/// Writes the thread's database to `out` as its state arrives, as one line of
/// compact JSON (see [`super::db_stream::DatabaseStream`]), holding no more of the
/// body than the member being read; answers how many keys were written (none:
/// nothing was written). A body that breaks off or is not a state's JSON is an
/// error after what was complete before it was written.
pub async fn stream_database(
    api: &Api,
    pid: &str,
    thread_id: &str,
    out: &mut impl Write,
) -> std::result::Result<usize, super::db_stream::StreamError> {
    use super::db_stream::{DatabaseStream, StreamError};
    let (path, resp) = state_response(api, pid, thread_id)
        .await
        .map_err(StreamError::Api)?;
    let bad = |detail: String| -> CliError {
        crate::api::error::ApiError::BadBody {
            path: path.clone(),
            detail,
        }
        .into()
    };
    let mut stream = DatabaseStream::new();
    let mut failed: Option<StreamError> = None;
    let read = api
        .body_pieces(resp, |piece| {
            stream.feed(piece, out).map_err(|e| {
                failed = Some(e);
                // Stops the reading; `failed` says why.
                CliError::failure("stopped")
            })
        })
        .await;
    match (failed, read) {
        (Some(StreamError::Body(detail)), _) => Err(StreamError::Api(bad(detail))),
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(StreamError::Api(e)),
        (None, Ok(())) => stream.finish(out).map_err(|e| match e {
            StreamError::Body(detail) => StreamError::Api(bad(detail)),
            e => e,
        }),
    }
}

/// The thread's database.
pub async fn read(api: &Api, pid: &str, thread_id: &str) -> Result<Map<String, Value>> {
    let (path, body) = state_body(api, pid, thread_id).await?;
    let mut state: Value = parse_json(&path, &body)?;
    Ok(into_database(
        state
            .get_mut("values")
            .map(Value::take)
            .unwrap_or(Value::Null),
    ))
}

/// One key of a thread's database; a key that is not there is exit 4, with the
/// command that lists the keys.
pub async fn get(api: &Api, pid: &str, thread_id: &str, key: &str) -> Result<Value> {
    let mut db = read(api, pid, thread_id).await?;
    db.remove(key).ok_or_else(|| {
        CliError::new(
            Exit::NotFound,
            format!("no key {key:?} in the database of thread {thread_id}"),
        )
        .remedy(crate::error::Remedy::ListKeys {
            thread: Some(thread_id.to_string()),
        })
    })
}

/// Why a key cannot be written, if it cannot.
pub fn check_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(CliError::usage("the key is empty"));
    }
    if key == "messages" {
        return Err(
            CliError::usage("the key `messages` holds the conversation, not data")
                .with_hint("pick another key"),
        );
    }
    Ok(())
}

/// Writes one key (the server merges it into the state's values).
pub async fn write(api: &Api, pid: &str, thread_id: &str, key: &str, value: &Value) -> Result<()> {
    check_key(key)?;
    let body = json!({"values": {key: value}, "config": {}});
    api.empty(&Call::post(
        item_path("/threads", thread_id, "/state"),
        project(pid),
        body,
    ))
    .await
    .map(drop)
    .map_err(|e| match e.http_status {
        // Upstream's agent graphs keep a list of messages as their state and fail
        // on a key written from outside (fixture 17): a 500 that no retry changes.
        Some(500) => CliError::new(
            Exit::Failure,
            format!(
                "the server refused to write {key:?} into thread {thread_id}: its graph for this thread does not take writes from outside (a server whose agents keep only a list of messages, as upstream OpenGPTs does, answers 500)"
            ),
        )
        .remedy(crate::error::Remedy::AgentWrites),
        _ => e,
    })
}

/// Parses a value: JSON when it is JSON, else the text as a string (and says so).
pub fn parse_value(raw: &str) -> (Value, bool) {
    match serde_json::from_str::<Value>(raw) {
        Ok(v) => (v, true),
        Err(_) => (Value::String(raw.to_string()), false),
    }
}

/// A state's database with each value kept as the text that came, read from the
/// whole body: what `db query` printed when piped before it streamed, kept as the
/// reference the stream ([`super::db_stream`]) is checked against.
#[cfg(test)]
pub struct RawDatabase<'a> {
    entries: IndexMap<String, &'a RawValue>,
}

#[cfg(test)]
impl<'a> RawDatabase<'a> {
    pub fn parse(state: &'a [u8]) -> serde_json::Result<Self> {
        /// The usual state: `values` an object (or null), read in one pass.
        #[derive(Deserialize)]
        struct Direct<'a> {
            #[serde(borrow, default)]
            values: Option<IndexMap<String, &'a RawValue>>,
        }
        #[derive(Deserialize)]
        struct State<'a> {
            #[serde(borrow, default)]
            values: Option<&'a RawValue>,
        }
        if !state.trim_ascii_start().starts_with(b"{") {
            // Not a state object: no database, but the body must still be JSON.
            serde_json::from_slice::<serde::de::IgnoredAny>(state)?;
            return Ok(RawDatabase {
                entries: IndexMap::new(),
            });
        }
        let mut entries = match serde_json::from_slice::<Direct>(state) {
            Ok(direct) => direct.values.unwrap_or_default(),
            // `values` not an object: a list (a plain chat thread) is no database.
            Err(_) => match serde_json::from_slice::<State>(state)?.values {
                Some(v) if v.get().starts_with('{') => serde_json::from_str(v.get())?,
                _ => IndexMap::new(),
            },
        };
        entries.retain(|k, _| crate::contract::state::is_data_key(k));
        Ok(RawDatabase { entries })
    }

    /// Writes the database as one line of compact JSON: the same text as
    /// re-serialising it, for values sent compactly (no byte of whitespace in
    /// them, which memchr finds at once); a value with any is re-serialised.
    pub fn write_compact(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(b"{")?;
        for (i, (key, value)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            super::db_stream::write_member(out, key, value)?;
        }
        out.write_all(b"}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_state_without_messages() {
        assert!(database(&Value::Null).is_empty());
        assert!(database(&json!([{"type": "human"}])).is_empty());
        let db = database(&json!({"messages": [], "status": "active", "n": 1}));
        assert_eq!(Value::Object(db), json!({"status": "active", "n": 1}));
    }

    #[test]
    fn keys_that_cannot_be_written() {
        assert!(check_key("").is_err());
        assert!(check_key("messages").is_err());
        assert!(check_key("status").is_ok());
    }

    fn through(body: &str) -> String {
        let mut out = Vec::new();
        RawDatabase::parse(body.as_bytes())
            .unwrap()
            .write_compact(&mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    /// What `db query --json` printed before the pass-through: the state parsed,
    /// `messages` removed, serialised compactly.
    fn reserialised(body: &str) -> String {
        let state: Value = serde_json::from_str(body).unwrap();
        let values = state.get("values").cloned().unwrap_or(Value::Null);
        serde_json::to_string(&Value::Object(into_database(values))).unwrap()
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            // Floats whose shortest text serde_json reads back exactly (see the
            // test of digits below for the others).
            (-1_000_000i64..1_000_000).prop_map(|n| Value::from(n as f64 / 8.0)),
            "\\PC{0,8}|[ \"\\\\\n\u{1}é😀]{0,4}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::vec(("[a-z ]{0,3}|messages", inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Sent compactly (as our emulator and the real backend do), the
        /// pass-through prints exactly what re-serialising printed; sent
        /// pretty-printed, the same text too.
        #[test]
        fn the_pass_through_prints_what_reserialising_printed(
            values in proptest::collection::vec(("[a-z]{0,3}|messages", json_value()), 0..6),
        ) {
            let values = Value::Object(values.into_iter().collect());
            let state = json!({"values": values, "next": [], "checkpoint": {"x": 1}});
            let compact = state.to_string();
            proptest::prop_assert_eq!(through(&compact), reserialised(&compact));
            let pretty = serde_json::to_string_pretty(&state).unwrap();
            proptest::prop_assert_eq!(through(&pretty), reserialised(&pretty));
        }
    }

    proptest::proptest! {
        /// Read as it arrives, in pieces of any size, the state gives the text the
        /// whole-body pass-through gave.
        #[test]
        fn the_streamed_database_is_the_whole_bodys(
            values in proptest::collection::vec(("[a-z]{0,3}|messages", json_value()), 0..6),
            size in 1usize..80,
            pretty in proptest::bool::ANY,
        ) {
            let values = Value::Object(values.into_iter().collect());
            let state = json!({"next": [], "values": values, "checkpoint": {"x": 1}});
            let body = if pretty {
                serde_json::to_string_pretty(&state).unwrap()
            } else {
                state.to_string()
            };
            let mut out = Vec::new();
            let mut s = super::super::db_stream::DatabaseStream::new();
            for piece in body.as_bytes().chunks(size) {
                s.feed(piece, &mut out).unwrap();
            }
            let kept = s.finish(&mut out).unwrap();
            let streamed = if kept == 0 { "{}".to_string() } else { String::from_utf8(out).unwrap() };
            proptest::prop_assert_eq!(streamed, through(&body));
        }
    }

    #[test]
    fn the_pass_through_keeps_every_digit_the_server_sent() {
        // serde_json reads this float one unit in the last place off; the
        // pass-through does not read it at all.
        let body =
            r#"{"values":{"x":-6.877180743553819e299,"big":123456789012345678901234567890}}"#;
        assert_eq!(
            through(body),
            r#"{"x":-6.877180743553819e299,"big":123456789012345678901234567890}"#
        );
    }

    #[test]
    fn the_pass_through_keeps_order_and_the_last_of_repeated_keys() {
        let body = r#"{"values": {"b": 1, "messages": [], "a": {"x": [1, 2]}, "b": "again"}}"#;
        assert_eq!(through(body), r#"{"b":"again","a":{"x":[1,2]}}"#);
        assert_eq!(through(r#"{"values": null}"#), "{}");
        assert_eq!(through(r#"{"values": [{"type": "human"}]}"#), "{}");
        assert_eq!(through(r#"[1, 2]"#), "{}");
        assert_eq!(through(r#"{}"#), "{}");
        assert!(RawDatabase::parse(b"{\"values\": {\"a\": tru}}").is_err());
        assert!(RawDatabase::parse(b"[1, 2").is_err());
    }

    #[test]
    fn values_parse_as_json_or_string() {
        assert_eq!(parse_value("\"completed\""), (json!("completed"), true));
        assert_eq!(parse_value("{\"a\": 1}"), (json!({"a": 1}), true));
        assert_eq!(parse_value("42"), (json!(42), true));
        assert_eq!(parse_value("completed"), (json!("completed"), false));
        assert_eq!(parse_value("{broken"), (json!("{broken"), false));
    }
}
