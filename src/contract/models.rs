//! Serde models of the wire contract, shared by the client and the emulator.
//!
//! Unknown fields are kept in `extra` so `--json` output shows what the server sent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The body of `POST /auth/login` and `/auth/signup`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Credentials {
    /// The account's e-mail.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// A project as the server returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Project {
    /// Its id.
    pub project_id: String,
    /// Its name.
    pub name: String,
    /// Its description, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it was created, as the server wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The body of `POST /projects/`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewProject {
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(default)]
    pub description: String,
    /// Its metadata.
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ProjectUpdate {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Metadata.
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

/// `GET /auth/thread-info`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThreadInfo {
    /// The account's e-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// The account's id, where the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Thread credits used.
    #[serde(default)]
    pub thread_counter: i64,
    /// Thread credits allowed.
    #[serde(default)]
    pub thread_max: i64,
    /// The plan, where the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_tier: Option<String>,
}

impl ThreadInfo {
    /// Thread credits left (never below 0).
    pub fn remaining(&self) -> i64 {
        (self.thread_max - self.thread_counter).max(0)
    }
}

/// An assistant as the server returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assistant {
    /// Its id.
    pub assistant_id: String,
    /// Its name.
    pub name: String,
    /// Its configuration (`configurable`: type, model, instructions, tools, ...).
    #[serde(default)]
    pub config: Value,
    /// The server's `public` flag.
    #[serde(default)]
    pub public: bool,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A thread as the server returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Thread {
    /// Its id.
    pub thread_id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// The assistant it talks to (none once that assistant is deleted).
    #[serde(default)]
    pub assistant_id: Option<String>,
    /// Every other field the server sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A field of an answer as display text: a string as it is, null or missing as
/// empty, any other value as its JSON.
pub fn field_text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The items of a list answer, in either shape servers send: the list itself, or
/// the list under `key` (`{"threads": [...], "total": N}`). `None` for anything else.
pub fn list_items(v: Value, key: &str) -> Option<Vec<Value>> {
    match v {
        Value::Array(items) => Some(items),
        Value::Object(mut map) => match map.remove(key) {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

/// What the server sent, read through a typed model and kept whole: every field,
/// known or not, in the order it came. Serialising it gives back what was received,
/// so `--json` output and a read-modify-write lose nothing; `Deref` gives the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Wire<T> {
    typed: T,
    raw: Value,
}

impl<T: serde::de::DeserializeOwned> Wire<T> {
    /// Reads `raw` through the model, keeping it whole.
    pub fn from_value(raw: Value) -> serde_json::Result<Self> {
        let typed = T::deserialize(&raw)?;
        Ok(Wire { typed, raw })
    }
}

impl<T> Wire<T> {
    /// The object as the server sent it.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// The object as the server sent it, taken out.
    pub fn into_raw(self) -> Value {
        self.raw
    }

    /// A field as display text: a string as it is, null or missing as empty, any
    /// other value as its JSON.
    pub fn text(&self, key: &str) -> String {
        field_text(&self.raw, key)
    }
}

impl<T> std::ops::Deref for Wire<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.typed
    }
}

impl<T> Serialize for Wire<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Wire<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(d)?;
        Wire::from_value(raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_wire_model_keeps_every_field_in_its_order() {
        let sent = r#"{"updated_at":"2026-01-01","name":"T","thread_id":"t1","metadata":{"x":1}}"#;
        let t: Wire<Thread> = serde_json::from_str(sent).unwrap();
        assert_eq!(t.thread_id, "t1");
        assert_eq!(t.name.as_deref(), Some("T"));
        assert_eq!(serde_json::to_string(&t).unwrap(), sent);
        assert_eq!(t.text("metadata"), r#"{"x":1}"#);
        assert_eq!(t.text("missing"), "");
    }

    #[test]
    fn list_answers_come_in_either_shape_and_fields_read_as_text() {
        assert_eq!(
            list_items(json!([1, 2]), "threads"),
            Some(vec![json!(1), json!(2)])
        );
        assert_eq!(
            list_items(json!({"threads": [1], "total": 1}), "threads"),
            Some(vec![json!(1)])
        );
        assert_eq!(list_items(json!({"items": [1]}), "threads"), None);
        assert_eq!(list_items(json!("x"), "threads"), None);
        let v = json!({"s": "a", "n": null, "k": 3});
        assert_eq!(
            (
                field_text(&v, "s"),
                field_text(&v, "n"),
                field_text(&v, "k")
            ),
            ("a".into(), String::new(), "3".into())
        );
        assert_eq!(field_text(&v, "missing"), "");
    }

    #[test]
    fn a_wire_model_refuses_what_lacks_a_required_field() {
        let e = Wire::<Thread>::from_value(json!({"name": "no id"})).unwrap_err();
        assert!(e.to_string().contains("thread_id"), "{e}");
    }
}
