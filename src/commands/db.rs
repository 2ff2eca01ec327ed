//! `epsimo db`: the Virtual Database, which is the thread state's top-level keys
//! other than `messages`.

use std::io::Read;

use serde_json::{Map, Value, json};

use super::Ctx;
use crate::api::{Api, Auth, Call, item_path};
use crate::cli::{DbCommand, DbTarget};
use crate::error::{CliError, Exit, Result};

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

/// The database of a state's `values`: every key but `messages`; `null` or a list
/// (a plain chat thread) is an empty database.
pub fn database(values: &Value) -> Map<String, Value> {
    into_database(values.clone())
}

/// [`database`] without a copy, for large states.
pub fn into_database(values: Value) -> Map<String, Value> {
    match values {
        Value::Object(mut map) => {
            map.shift_remove("messages");
            map
        }
        _ => Map::new(),
    }
}

async fn fetch(ctx: &Ctx, target: &DbTarget) -> Result<(Api, String, Map<String, Value>)> {
    let pid = ctx.project_id(&target.project).await?;
    let api = ctx.api()?;
    let mut state: Value = api
        .json(&Call::get(
            item_path("/threads", &target.thread_id, "/state"),
            Auth::Project(pid.clone()),
        ))
        .await?;
    let db = into_database(
        state
            .get_mut("values")
            .map(Value::take)
            .unwrap_or(Value::Null),
    );
    Ok((api, pid, db))
}

async fn query(ctx: &Ctx, target: &DbTarget) -> Result<()> {
    let (_, _, db) = fetch(ctx, target).await?;
    if db.is_empty() && !ctx.printer.json {
        ctx.printer.status(&format!(
            "The database of thread {} is empty.",
            target.thread_id
        ));
        return Ok(());
    }
    ctx.printer.json(&Value::Object(db))
}

async fn get(ctx: &Ctx, target: &DbTarget, key: &str) -> Result<()> {
    let (_, _, db) = fetch(ctx, target).await?;
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
            std::io::stdin()
                .take(MAX_VALUE_BYTES as u64 + 1)
                .read_to_string(&mut s)
                .map_err(|e| CliError::usage(format!("cannot read the value from stdin: {e}")))?;
            s.trim_end_matches(['\r', '\n']).to_string()
        }
        (Some(v), None) => v,
        (None, Some(path)) => {
            let meta = std::fs::metadata(&path)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
            if meta.len() > MAX_VALUE_BYTES as u64 {
                return Err(too_big(meta.len() as usize));
            }
            std::fs::read_to_string(&path)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?
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

    #[test]
    fn values_parse_as_json_or_string() {
        assert_eq!(parse_value("\"completed\""), (json!("completed"), true));
        assert_eq!(parse_value("{\"a\": 1}"), (json!({"a": 1}), true));
        assert_eq!(parse_value("42"), (json!(42), true));
        assert_eq!(parse_value("completed"), (json!("completed"), false));
        assert_eq!(parse_value("{broken"), (json!("{broken"), false));
    }
}
