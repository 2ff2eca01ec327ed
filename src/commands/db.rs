//! `epsimo db`: the Virtual Database, which is the thread state's top-level keys
//! other than `messages`.

use std::io::{Read, Write};

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::Ctx;
use crate::api::client::{Body, parse_body, parse_json};
use crate::api::{Auth, Call, item_path};
use crate::cli::{DbCommand, DbTarget};
use crate::error::{CliError, Exit, Result};
use crate::output::stdout_error;

/// Largest value `db set` sends.
pub const MAX_VALUE_BYTES: usize = 8 * 1024 * 1024;

pub async fn run(cmd: DbCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        DbCommand::Query(target) => query(ctx, &target).await,
        DbCommand::Get { target, key } => get(ctx, &target, &key).await,
        DbCommand::Set {
            target,
            key,
            value,
            value_file,
        } => set(ctx, &target, &key, value, value_file).await,
    }
}

pub use crate::contract::state::{database, into_database};

/// The thread's state as it came: the request's path (for errors) and the body.
async fn state_body(ctx: &Ctx, target: &DbTarget) -> Result<(String, Body)> {
    let pid = ctx.project_id(&target.project).await?;
    let api = ctx.api()?;
    let call = Call::get(
        item_path("/threads", &target.thread_id, "/state"),
        Auth::Project(pid),
    );
    let body = api.body(api.send(&call).await?).await?;
    Ok((call.path, body))
}

async fn fetch(ctx: &Ctx, target: &DbTarget) -> Result<Map<String, Value>> {
    let (path, body) = state_body(ctx, target).await?;
    let mut state: Value = parse_json(&path, &body)?;
    Ok(into_database(
        state
            .get_mut("values")
            .map(Value::take)
            .unwrap_or(Value::Null),
    ))
}

/// Says so on stderr when the database is empty and the output is not JSON;
/// true when it did (nothing more to print).
fn said_empty(ctx: &Ctx, target: &DbTarget, empty: bool) -> bool {
    if empty && !ctx.printer.json {
        ctx.printer.status(&format!(
            "The database of thread {} is empty.",
            target.thread_id
        ));
        return true;
    }
    false
}

async fn query(ctx: &Ctx, target: &DbTarget) -> Result<()> {
    // Piped without a filter: the values go out as they came, only `messages` left
    // out, with no tree built (a database can be many megabytes).
    if ctx.printer.jq.is_none() && !ctx.printer.stdout_tty {
        let (path, body) = state_body(ctx, target).await?;
        let db = parse_body(&path, &body, RawDatabase::parse)?;
        if said_empty(ctx, target, db.entries.is_empty()) {
            return Ok(());
        }
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        return db
            .write_compact(&mut out)
            .and_then(|_| out.write_all(b"\n"))
            .and_then(|_| out.flush())
            .map_err(stdout_error);
    }
    let db = fetch(ctx, target).await?;
    if said_empty(ctx, target, db.is_empty()) {
        return Ok(());
    }
    ctx.printer.json(&Value::Object(db))
}

/// A state's database with each value kept as the text that came: what `db query`
/// prints when piped, in the order the server sent the keys.
pub struct RawDatabase<'a> {
    entries: IndexMap<String, &'a RawValue>,
}

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
        entries.shift_remove("messages");
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
            serde_json::to_writer(&mut *out, key)?;
            out.write_all(b":")?;
            let text = value.get().as_bytes();
            let spaced = memchr::memchr3(b' ', b'\n', b'\t', text).is_some()
                || memchr::memchr(b'\r', text).is_some();
            if spaced {
                let parsed: Value = serde_json::from_str(value.get())?;
                serde_json::to_writer(&mut *out, &parsed)?;
            } else {
                out.write_all(text)?;
            }
        }
        out.write_all(b"}")
    }
}

async fn get(ctx: &Ctx, target: &DbTarget, key: &str) -> Result<()> {
    let db = fetch(ctx, target).await?;
    match db.get(key) {
        Some(v) => ctx.printer.json(v),
        None => Err(CliError::new(
            Exit::NotFound,
            format!(
                "no key {key:?} in the database of thread {}",
                target.thread_id
            ),
        )
        .with_hint(format!(
            "list the keys with `epsimo db query --thread-id {}`",
            target.thread_id
        ))),
    }
}

/// Parses a value: JSON when it is JSON, else the text as a string (and says so).
pub fn parse_value(raw: &str) -> (Value, bool) {
    match serde_json::from_str::<Value>(raw) {
        Ok(v) => (v, true),
        Err(_) => (Value::String(raw.to_string()), false),
    }
}

fn read_value(value: Option<String>, file: Option<std::path::PathBuf>) -> Result<String> {
    let text = match (value, file) {
        (Some(v), None) if v == "-" => {
            let mut s = String::new();
            let _reading = crate::interrupt::reading();
            std::io::stdin()
                .take(MAX_VALUE_BYTES as u64 + 1)
                .read_to_string(&mut s)
                .map_err(|e| CliError::usage(format!("cannot read the value from stdin: {e}")))?;
            s.trim_end_matches(['\r', '\n']).to_string()
        }
        (Some(v), None) => v,
        (None, Some(path)) => {
            let read = {
                let _reading = crate::interrupt::reading();
                crate::util::read_text_capped(&path, MAX_VALUE_BYTES as u64)
            };
            match read {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                    return Err(too_big(MAX_VALUE_BYTES + 1));
                }
                Err(e) => {
                    return Err(CliError::usage(format!(
                        "cannot read {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        _ => {
            return Err(CliError::usage(
                "give the value with --value or --value-file",
            ));
        }
    };
    if text.len() > MAX_VALUE_BYTES {
        return Err(too_big(text.len()));
    }
    Ok(text)
}

fn too_big(n: usize) -> CliError {
    CliError::new(
        Exit::Invalid,
        format!("the value is {n} bytes; the limit is {MAX_VALUE_BYTES} bytes"),
    )
    .with_hint("store large data elsewhere (files) and keep a reference in the database")
}

async fn set(
    ctx: &Ctx,
    target: &DbTarget,
    key: &str,
    value: Option<String>,
    file: Option<std::path::PathBuf>,
) -> Result<()> {
    if key.is_empty() {
        return Err(CliError::usage("the key is empty"));
    }
    if key == "messages" {
        return Err(
            CliError::usage("the key `messages` holds the conversation, not data")
                .with_hint("pick another key"),
        );
    }
    let raw = read_value(value, file)?;
    let (parsed, was_json) = parse_value(&raw);
    if !was_json {
        ctx.printer.warn(
            "the value is not JSON: it is stored as a string (quote it as JSON to be explicit)",
        );
    }
    let pid = ctx.project_id(&target.project).await?;
    let body = json!({"values": {key: parsed}, "config": {}});
    ctx.api()?
        .empty(&Call::post(
            item_path("/threads", &target.thread_id, "/state"),
            Auth::Project(pid),
            body,
        ))
        .await?;
    if ctx.printer.json {
        return ctx.printer.json(&json!({"key": key, "value": parsed}));
    }
    ctx.printer.success(&format!(
        "Set {key} in the database of thread {}",
        target.thread_id
    ));
    Ok(())
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
