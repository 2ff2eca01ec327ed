//! Serde models of the wire contract, shared by the client and the emulator.
//!
//! Unknown fields are kept in `extra` so `--json` output shows what the server sent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Project {
    pub project_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewProject {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ProjectUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

/// `GET /auth/thread-info`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThreadInfo {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default)]
    pub thread_counter: i64,
    #[serde(default)]
    pub thread_max: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_tier: Option<String>,
}

impl ThreadInfo {
    pub fn remaining(&self) -> i64 {
        (self.thread_max - self.thread_counter).max(0)
    }
}

/// An assistant as the server returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assistant {
    pub assistant_id: String,
    pub name: String,
    #[serde(default)]
    pub config: Value,
    #[serde(default)]
    pub public: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A thread as the server returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Thread {
    pub thread_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub assistant_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The two list shapes of `GET /threads/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ThreadList {
    Plain(Vec<Thread>),
    Wrapped { threads: Vec<Thread> },
}

impl ThreadList {
    pub fn into_vec(self) -> Vec<Thread> {
        match self {
            ThreadList::Plain(v) | ThreadList::Wrapped { threads: v } => v,
        }
    }
}
