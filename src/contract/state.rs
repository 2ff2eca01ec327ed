//! A thread's state as the Virtual Database (CONTRACT.md): `values` is an object
//! whose `messages` key holds the conversation and whose every other top-level key is
//! a database entry; `null` (a new thread) or a list (a plain chat thread) is an
//! empty database.

use serde_json::{Map, Value};

/// Keys a server keeps in a state for itself, not data (CONTRACT.md, "The Virtual
/// Database"): a chat_retrieval thread's `msg_count` (fixture 83).
pub const INTERNAL_KEYS: &[&str] = &["msg_count"];

/// Whether a top-level key of a state's values is a database entry.
pub fn is_data_key(key: &str) -> bool {
    key != "messages" && !INTERNAL_KEYS.contains(&key)
}

/// The database of a state's `values`: every key but `messages` and the server's own.
pub fn database(values: &Value) -> Map<String, Value> {
    into_database(values.clone())
}

/// [`database`] without a copy, for large states.
pub fn into_database(values: Value) -> Map<String, Value> {
    match values {
        Value::Object(mut map) => {
            map.retain(|k, _| is_data_key(k));
            map
        }
        _ => Map::new(),
    }
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

/// Ids of a state's messages.
pub fn message_ids(values: &Value) -> Vec<String> {
    messages_of(values)
        .iter()
        .filter_map(|m| m.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// The `next` of a thread's state (`["action"]`: a run waits before a tool call).
pub fn state_next(state: &Value) -> Vec<String> {
    state
        .get("next")
        .and_then(Value::as_array)
        .map(|n| {
            n.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_database_is_every_key_but_messages() {
        assert!(database(&json!(null)).is_empty());
        assert!(database(&json!([{"id": "m"}])).is_empty());
        let v = json!({"messages": [{"id": "m1"}], "status": "ok"});
        assert_eq!(Value::Object(database(&v)), json!({"status": "ok"}));
        assert_eq!(message_ids(&v), ["m1"]);
        assert_eq!(messages_of(&json!([1, 2])).len(), 2);
        assert_eq!(state_next(&json!({"next": ["action"]})), ["action"]);
        assert!(state_next(&json!({})).is_empty());
        // A chat_retrieval thread's counter is the server's, not data (fixture 83).
        let v = json!({"messages": [], "msg_count": 2, "k": 1});
        assert_eq!(Value::Object(database(&v)), json!({"k": 1}));
    }
}
