//! The emulator's state: users, projects, assistants, files, threads. Serializable, so
//! `--data FILE` can load it at start and save it (temp file + rename) after changes.

use std::collections::BTreeMap;
use std::path::Path;

pub use super::table::Table;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

pub const DEV_EMAIL: &str = "dev@example.com";
pub const DEV_PASSWORD: &str = "epsimo-dev";
pub const DEFAULT_THREAD_MAX: i64 = 100;
/// The name of the project the platform gives each account.
pub const MAIN_PROJECT: &str = "main";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Db {
    /// Signing key of the tokens this emulator issues (hex).
    pub secret: String,
    #[serde(default)]
    pub users: Table<User>,
    #[serde(default)]
    pub projects: Table<ProjectRec>,
    #[serde(default)]
    pub assistants: Table<AssistantRec>,
    #[serde(default)]
    pub files: Table<FileRec>,
    #[serde(default)]
    pub threads: Table<ThreadRec>,
    /// Monotonic counter giving every record a creation order.
    #[serde(default)]
    pub seq: u64,
    /// Which journal of changes continues this file (`--data`).
    #[serde(default)]
    pub generation: Generation,
}

/// The generation of a data file: its journal continues it only when they agree
/// (a journal left from before the file was last rewritten whole is stale).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Generation(pub u64);

/// Bookkeeping, not data: two stores are equal whatever their generations.
impl PartialEq for Generation {
    fn eq(&self, _: &Generation) -> bool {
        true
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub email: String,
    pub salt: String,
    pub password_hash: String,
    pub thread_counter: i64,
    pub thread_max: i64,
    pub subscription_tier: String,
    pub created_at: String,
    /// The account's main assistant and thread (login's `main_agent_id` and
    /// `main_thread_id`), in its project `main`: platform mode only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_thread_id: Option<String>,
    /// The code of the verification link sent at sign-up, while it is unused
    /// (`--require-verification`); such an account cannot log in yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectRec {
    pub project_id: String,
    pub user_id: String,
    pub name: String,
    pub description: String,
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantRec {
    pub assistant_id: String,
    pub project_id: String,
    pub user_id: String,
    pub name: String,
    pub config: Value,
    pub public: bool,
    pub created_at: String,
    pub updated_at: String,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRec {
    pub file_id: String,
    pub assistant_id: String,
    pub project_id: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub size: u64,
    pub sha256: String,
    pub created_at: String,
    pub seq: u64,
    /// Its text in passages, for the `retrieval` tool.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
    /// Why it is not indexed (a type the emulator does not read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_indexed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadRec {
    pub thread_id: String,
    pub project_id: String,
    pub user_id: String,
    pub assistant_id: Option<String>,
    pub name: String,
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
    /// `null` for a new thread, else an object whose `messages` is the conversation.
    /// Changed only through this module's methods, which note what changed.
    values: Value,
    /// Checkpoints, oldest first (kept as changes; read whole with `full()`).
    pub history: super::history::History,
    /// The graph's next step: `["action"]` while a run waits before a tool call.
    #[serde(default)]
    pub next: Vec<String>,
    pub seq: u64,
    /// What changed since the last checkpoint.
    #[serde(skip)]
    pub changes: super::history::Changes,
    /// Where each message id is (rebuilt when stale).
    #[serde(skip)]
    ids: IdIndex,
    /// What changed since the thread was last saved to `--data`'s journal.
    #[serde(skip)]
    unsaved: Unsaved,
}

/// What a thread's state did since it was last saved.
#[derive(Debug, Clone, Default)]
struct Unsaved {
    changes: super::history::Changes,
    /// How many messages it held then.
    len: usize,
}

/// Bookkeeping, not data.
impl PartialEq for Unsaved {
    fn eq(&self, _: &Unsaved) -> bool {
        true
    }
}

/// A thread's state brought up to date from its saved copy: the messages set
/// since, how many it holds, and its shape and other keys (the Virtual Database,
/// written whole).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValuesDelta {
    len: usize,
    set: Vec<(usize, Value)>,
    rest: super::history::Rest,
}

/// What to save of a changed thread.
#[derive(Debug, Clone)]
pub enum ThreadSave {
    /// The whole record (new, or its state was set whole).
    Whole(Box<ThreadRec>),
    /// Its fields but the state and checkpoints whole (`head`), and what changed in
    /// those.
    Changes {
        head: Box<ThreadRec>,
        values: ValuesDelta,
        history: super::history::HistoryDelta,
    },
}

/// Message ids to their place, for the messages scanned so far.
#[derive(Debug, Clone, Default)]
struct IdIndex {
    at: std::collections::HashMap<String, usize>,
    scanned: usize,
}

/// Bookkeeping, not data.
impl PartialEq for IdIndex {
    fn eq(&self, _: &IdIndex) -> bool {
        true
    }
}

impl ThreadRec {
    /// A copy without its checkpoints (`history`), which can be large.
    pub fn without_history(&self) -> ThreadRec {
        ThreadRec {
            values: self.values.clone(),
            ..self.without_history_or_state()
        }
    }

    /// A copy without its checkpoints nor its state (`values` is `null`).
    pub fn without_history_or_state(&self) -> ThreadRec {
        ThreadRec {
            thread_id: self.thread_id.clone(),
            project_id: self.project_id.clone(),
            user_id: self.user_id.clone(),
            assistant_id: self.assistant_id.clone(),
            name: self.name.clone(),
            metadata: self.metadata.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            values: Value::Null,
            history: Default::default(),
            next: self.next.clone(),
            seq: self.seq,
            changes: Default::default(),
            ids: IdIndex::default(),
            unsaved: Unsaved::default(),
        }
    }

    /// A new, empty thread (no state yet: `values` is `null`).
    pub fn new(
        project_id: &str,
        user_id: &str,
        assistant_id: Option<String>,
        name: String,
        metadata: Map<String, Value>,
        seq: u64,
    ) -> ThreadRec {
        let now = now_iso();
        ThreadRec {
            thread_id: new_id(),
            project_id: project_id.to_string(),
            user_id: user_id.to_string(),
            assistant_id,
            name,
            metadata: Value::Object(metadata),
            created_at: now.clone(),
            updated_at: now,
            values: Value::Null,
            history: Default::default(),
            next: Vec::new(),
            seq,
            changes: Default::default(),
            ids: IdIndex::default(),
            unsaved: Unsaved::default(),
        }
    }

    /// The state: `null` for a new thread, the list of messages of a chatbot, else
    /// an object whose `messages` is the conversation.
    pub fn values(&self) -> &Value {
        &self.values
    }

    /// Sets the state whole (the next checkpoint and the next save record it
    /// whole).
    pub fn set_values(&mut self, values: Value) {
        self.values = values;
        self.ids = IdIndex::default();
        self.changes.everything();
        self.unsaved.changes.everything();
    }

    /// Sets one key of an object state other than `messages` (nothing for another
    /// shape).
    pub fn set_key(&mut self, key: &str, value: Value) {
        debug_assert_ne!(key, "messages");
        if let Some(map) = self.values.as_object_mut() {
            map.insert(key.to_string(), value);
        }
    }

    /// What to save of the thread since it was last saved; it then counts as saved.
    pub fn take_save(&mut self) -> ThreadSave {
        let now = Unsaved {
            changes: super::history::Changes::none(),
            len: self.message_count(),
        };
        let unsaved = std::mem::replace(&mut self.unsaved, now);
        let history = match self.history.take_unsaved() {
            Some(h) if !unsaved.changes.all() => h,
            _ => {
                self.history.saved();
                return ThreadSave::Whole(Box::new(self.clone()));
            }
        };
        let messages = super::history::messages_of(&self.values);
        ThreadSave::Changes {
            head: Box::new(self.without_history_or_state()),
            values: ValuesDelta {
                len: messages.len(),
                set: unsaved.changes.set_in(messages, unsaved.len),
                rest: super::history::rest_of(&self.values),
            },
            history,
        }
    }

    /// The thread as saved: nothing to save until it changes.
    pub fn saved(&mut self) {
        self.unsaved = Unsaved {
            changes: super::history::Changes::none(),
            len: self.message_count(),
        };
        self.history.saved();
    }

    /// Brings a saved thread up to date with what [`ThreadRec::take_save`] gave.
    pub fn apply_save(
        &mut self,
        head: ThreadRec,
        values: ValuesDelta,
        history: super::history::HistoryDelta,
    ) {
        let mut messages = match std::mem::take(&mut self.values) {
            Value::Array(items) => items,
            Value::Object(mut map) => match map.remove("messages") {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        super::history::apply(&mut messages, values.set, values.len);
        let history_kept = std::mem::take(&mut self.history);
        *self = ThreadRec {
            values: values.rest.with(messages),
            history: history_kept,
            ..head
        };
        self.history.apply(history);
        self.saved();
    }
}

pub use super::history::{MAX_HISTORY_BYTES, MAX_HISTORY_ENTRIES};

/// Messages one emulated thread keeps: past them, runs and writes are refused (a
/// client looping on one thread must not grow the emulator without end).
pub const MAX_THREAD_MESSAGES: usize = 10_000;

/// ISO 8601 UTC with microseconds and `Z`, as the upstream server prints it.
pub fn now_iso() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn hash_password(salt: &str, password: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(password.as_bytes());
    hex::encode(h.finalize())
}

impl Db {
    pub fn new() -> Db {
        let mut db = Db {
            secret: hex::encode(rand::random::<[u8; 32]>()),
            users: Table::default(),
            projects: Table::default(),
            assistants: Table::default(),
            files: Table::default(),
            threads: Table::default(),
            seq: 0,
            generation: Generation::default(),
        };
        db.ensure_dev_account();
        db
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn ensure_dev_account(&mut self) {
        if self.user_by_email(DEV_EMAIL).is_none() {
            self.add_user(DEV_EMAIL, DEV_PASSWORD);
        }
    }

    pub fn add_user(&mut self, email: &str, password: &str) -> User {
        let salt = hex::encode(rand::random::<[u8; 16]>());
        let user = User {
            user_id: new_id(),
            email: email.to_string(),
            password_hash: hash_password(&salt, password),
            salt,
            thread_counter: 0,
            thread_max: DEFAULT_THREAD_MAX,
            subscription_tier: "free".into(),
            created_at: now_iso(),
            main_agent_id: None,
            main_thread_id: None,
            verification_code: None,
        };
        self.users.insert(user.user_id.clone(), user.clone());
        user
    }

    /// Gives an account what the platform gives each new one (the guide's
    /// "Authentication" and "Data model" pages): a project named `main` holding its
    /// main assistant and thread, whose ids login answers. Nothing else about them
    /// was recorded, so the emulator's are plain: a chatbot named `main` with no
    /// settings of its own, and an empty thread named `main` (not counted against
    /// the thread allowance). Does nothing for an account that has them.
    pub fn ensure_main(&mut self, user_id: &str) {
        if self
            .users
            .get(user_id)
            .is_none_or(|u| u.main_agent_id.is_some())
        {
            return;
        }
        let now = now_iso();
        let project_id = new_id();
        let seq = self.next_seq();
        self.projects.insert(
            project_id.clone(),
            ProjectRec {
                project_id: project_id.clone(),
                user_id: user_id.to_string(),
                name: MAIN_PROJECT.into(),
                description: String::new(),
                metadata: Value::Object(Default::default()),
                created_at: now.clone(),
                updated_at: now.clone(),
                seq,
            },
        );
        let assistant_id = new_id();
        let seq = self.next_seq();
        self.assistants.insert(
            assistant_id.clone(),
            AssistantRec {
                assistant_id: assistant_id.clone(),
                project_id: project_id.clone(),
                user_id: user_id.to_string(),
                name: MAIN_PROJECT.into(),
                config: json!({"configurable": {"type": "chatbot"}}),
                public: false,
                created_at: now.clone(),
                updated_at: now.clone(),
                seq,
            },
        );
        let seq = self.next_seq();
        let thread = ThreadRec::new(
            &project_id,
            user_id,
            Some(assistant_id.clone()),
            MAIN_PROJECT.into(),
            Map::new(),
            seq,
        );
        let thread_id = thread.thread_id.clone();
        self.threads.insert(thread_id.clone(), thread);
        if let Some(u) = self.users.get_mut(user_id) {
            u.main_agent_id = Some(assistant_id);
            u.main_thread_id = Some(thread_id);
        }
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .values()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub fn load(path: &Path) -> Result<Db, String> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let mut db: Db = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("{} is not an emulator data file: {e}", path.display()))?;
                // Tokens are signed with the secret: an empty or short one would let
                // anyone forge them.
                if db.secret.len() < 32 {
                    return Err(format!(
                        "{} has a token signing secret of {} characters (32 at least): remove the file to start afresh",
                        path.display(),
                        db.secret.len()
                    ));
                }
                db.ensure_dev_account();
                Ok(db)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Db::new()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Writes the state to `path` atomically through a randomly named temp file,
    /// readable by its owner only: it holds the token signing secret and every
    /// account's password hash.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self)?;
        crate::util::write_atomic(path, &bytes, Some(0o600))
    }
}

impl Default for Db {
    fn default() -> Self {
        Db::new()
    }
}

/// A record that lives inside one project (assistants, threads).
pub trait Scoped: Clone {
    /// What it is called in errors ("Assistant not found").
    const WHAT: &'static str;
    fn project_id(&self) -> &str;
    fn seq(&self) -> u64;
}

impl Scoped for AssistantRec {
    const WHAT: &'static str = "Assistant";
    fn project_id(&self) -> &str {
        &self.project_id
    }
    fn seq(&self) -> u64 {
        self.seq
    }
}

impl Scoped for ThreadRec {
    const WHAT: &'static str = "Thread";
    fn project_id(&self) -> &str {
        &self.project_id
    }
    fn seq(&self) -> u64 {
        self.seq
    }
}

/// The records of one project, oldest first.
pub fn in_project<'a, T: Scoped>(map: &'a BTreeMap<String, T>, project_id: &str) -> Vec<&'a T> {
    let mut items: Vec<&T> = map
        .values()
        .filter(|r| r.project_id() == project_id)
        .collect();
    items.sort_by_key(|r| r.seq());
    items
}

// ---- JSON views, in the key order the real server uses -------------------------

impl ProjectRec {
    pub fn view(&self) -> Value {
        json!({
            "project_id": self.project_id,
            "name": self.name,
            "description": self.description,
            "metadata": self.metadata,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

impl AssistantRec {
    /// The keys upstream answers, in its order (fixtures 01-04): no `created_at`.
    pub fn view(&self) -> Value {
        json!({
            "assistant_id": self.assistant_id,
            "user_id": self.user_id,
            "name": self.name,
            "config": self.config,
            "updated_at": self.updated_at,
            "public": self.public,
        })
    }

    /// The configured tools (`type==agent/tools`), if any.
    pub fn tools(&self) -> Vec<Value> {
        self.config
            .pointer("/configurable/type==agent~1tools")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    pub fn model(&self) -> String {
        self.config
            .pointer("/configurable/type==agent~1model")
            .and_then(Value::as_str)
            .unwrap_or("gpt-4o")
            .to_string()
    }

    /// `type==agent/interrupt_before_action`: runs stop before each tool call.
    pub fn interrupt_before_action(&self) -> bool {
        self.config
            .pointer("/configurable/type==agent~1interrupt_before_action")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn assistant_type(&self) -> String {
        self.config
            .pointer("/configurable/type")
            .and_then(Value::as_str)
            .unwrap_or("agent")
            .to_string()
    }
}

impl FileRec {
    /// The file as the files routes answer it; one the emulator could not index
    /// says why (`not_indexed`), so an upload is never silently useless.
    pub fn view(&self) -> Value {
        let mut v = json!({
            "file_id": self.file_id,
            "assistant_id": self.assistant_id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "created_at": self.created_at,
        });
        if let Some(why) = &self.not_indexed {
            v["not_indexed"] = json!(why);
        }
        v
    }
}

impl ThreadRec {
    /// The keys upstream answers, in its order (fixtures 05-07): no `created_at`.
    pub fn view(&self) -> Value {
        json!({
            "thread_id": self.thread_id,
            "user_id": self.user_id,
            "assistant_id": self.assistant_id,
            "name": self.name,
            "updated_at": self.updated_at,
            "metadata": self.metadata,
        })
    }

    /// The conversation: the list state of a chatbot, or `messages` of an object.
    pub fn messages(&self) -> Vec<Value> {
        match &self.values {
            Value::Array(items) => items.clone(),
            other => other
                .get("messages")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Merges top-level keys into the state; `messages` are added by id (a message
    /// with a known id replaces it, others are appended).
    pub fn merge(&mut self, update: Map<String, Value>) {
        if !self.values.is_object() {
            self.set_values(json!({"messages": []}));
        }
        for (k, v) in update {
            if k == "messages"
                && let Value::Array(items) = v
            {
                self.add_messages(items);
                continue;
            }
            self.values.as_object_mut().unwrap().insert(k, v);
        }
    }

    /// Whether adding `n` messages would take the thread past what the emulator
    /// keeps ([`MAX_THREAD_MESSAGES`]).
    pub fn full(&self, n: usize) -> bool {
        self.message_count().saturating_add(n) > MAX_THREAD_MESSAGES
    }

    /// How many messages the state holds (nothing copied).
    pub fn message_count(&self) -> usize {
        super::history::messages_of(&self.values).len()
    }

    /// Adds messages by id (a known id is replaced): to the list state of a chatbot,
    /// else to `messages` of the object state. Costs what it adds: the ids' places
    /// are kept between calls.
    pub fn add_messages(&mut self, items: Vec<Value>) {
        if !self.values.is_object() && !self.values.is_array() {
            self.set_values(json!({"messages": []}));
        }
        let list = match &mut self.values {
            Value::Array(list) => list,
            values => {
                let map = values.as_object_mut().unwrap();
                let list = map
                    .entry("messages")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !list.is_array() {
                    *list = Value::Array(Vec::new());
                }
                list.as_array_mut().unwrap()
            }
        };
        let ids = &mut self.ids;
        if list.len() < ids.scanned {
            // The list was set some other way: its places are looked up again.
            *ids = IdIndex::default();
            self.changes.everything();
            self.unsaved.changes.everything();
        }
        for (i, m) in list.iter().enumerate().skip(ids.scanned) {
            if let Some(id) = m.get("id").and_then(Value::as_str) {
                ids.at.insert(id.to_string(), i);
            }
        }
        for item in items {
            let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
            match id.as_ref().and_then(|id| ids.at.get(id).copied()) {
                Some(pos) if pos < list.len() => {
                    list[pos] = item;
                    self.changes.replaced(pos);
                    self.unsaved.changes.replaced(pos);
                }
                _ => {
                    if let Some(id) = id {
                        ids.at.insert(id, list.len());
                    }
                    list.push(item)
                }
            }
        }
        ids.scanned = list.len();
    }

    /// Records a checkpoint of the current values, as the history endpoint shows them.
    pub fn checkpoint(&mut self, next: &[&str]) {
        self.history.record(
            &self.thread_id,
            new_id(),
            &self.values,
            next,
            &mut self.changes,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread() -> ThreadRec {
        ThreadRec {
            thread_id: "t".into(),
            project_id: "p".into(),
            user_id: "u".into(),
            assistant_id: None,
            name: "n".into(),
            metadata: json!({}),
            created_at: now_iso(),
            updated_at: now_iso(),
            values: Value::Null,
            history: Default::default(),
            next: vec![],
            seq: 1,
            changes: Default::default(),
            ids: IdIndex::default(),
            unsaved: Unsaved::default(),
        }
    }

    #[test]
    fn merge_sets_keys_and_keeps_messages() {
        let mut t = thread();
        t.merge(serde_json::from_value(json!({"status": "active"})).unwrap());
        assert_eq!(t.values, json!({"messages": [], "status": "active"}));
        t.add_messages(vec![json!({"id": "1", "content": "a"})]);
        t.merge(
            serde_json::from_value(
                json!({"status": {"x": 1}, "messages": [{"id": "1", "content": "b"}, {"id": "2"}]}),
            )
            .unwrap(),
        );
        assert_eq!(t.values["status"], json!({"x": 1}));
        assert_eq!(t.messages().len(), 2);
        assert_eq!(t.messages()[0]["content"], "b");
    }

    #[test]
    fn history_is_bounded_in_entries_and_bytes() {
        let mut t = thread();
        for _ in 0..(MAX_HISTORY_ENTRIES + 20) {
            t.checkpoint(&[]);
        }
        assert_eq!(t.history.len(), MAX_HISTORY_ENTRIES);
        let big = "x".repeat(1024 * 1024);
        for i in 0..40 {
            t.merge(serde_json::from_value(json!({"k": format!("{i}{big}")})).unwrap());
            t.checkpoint(&[]);
        }
        let full = t.history.full();
        assert!(full.len() < 20, "{}", full.len());
        assert!(
            full.last().unwrap()["values"]["k"]
                .as_str()
                .unwrap()
                .starts_with("39")
        );
    }

    #[test]
    fn a_copy_without_history_is_the_thread_but_its_checkpoints() {
        let mut t = ThreadRec::new("p", "u", None, "t".into(), Map::new(), 1);
        t.values = json!({"messages": [], "k": 1});
        t.checkpoint(&[]);
        t.checkpoint(&[]);
        let light = t.without_history();
        assert!(light.history.is_empty());
        let mut back = light.clone();
        back.history = t.history.clone();
        assert_eq!(back, t);
    }

    #[test]
    fn checkpoints_chain_parents_and_name_the_thread() {
        let mut t = thread();
        t.checkpoint(&["__start__"]);
        t.add_messages(vec![json!({"id": "1", "content": "a"})]);
        t.checkpoint(&[]);
        let h = t.history.full();
        assert!(h[0]["parent"].is_null());
        assert_eq!(h[1]["parent"], h[0]["config"]);
        assert_eq!(h[1]["config"]["configurable"]["thread_id"], "t");
        assert_eq!(h[1]["values"]["messages"][0]["content"], "a");
    }

    #[test]
    fn messages_replaced_by_id_show_in_the_checkpoints() {
        let mut t = thread();
        t.add_messages(vec![json!({"id": "1", "content": "a"}), json!({"id": "2"})]);
        t.checkpoint(&[]);
        t.add_messages(vec![json!({"id": "1", "content": "b"}), json!({"id": "3"})]);
        t.checkpoint(&[]);
        // A state set whole, shorter: recorded whole.
        t.values = json!({"messages": [{"id": "9"}]});
        t.add_messages(vec![json!({"id": "1", "content": "c"})]);
        t.checkpoint(&[]);
        let h = t.history.full();
        assert_eq!(h[0]["values"]["messages"][0]["content"], "a");
        assert_eq!(h[1]["values"]["messages"][0]["content"], "b");
        assert_eq!(h[1]["values"]["messages"].as_array().unwrap().len(), 3);
        assert_eq!(
            h[2]["values"]["messages"],
            json!([{"id": "9"}, {"id": "1", "content": "c"}])
        );
        assert_eq!(h[2]["values"], t.values);
    }

    #[test]
    fn save_and_load_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.json");
        let mut db = Db::new();
        db.add_user("a@b.c", "pw");
        db.save(&path).unwrap();
        let back = Db::load(&path).unwrap();
        assert_eq!(back.secret, db.secret);
        // A file whose secret is empty (or short) is refused: tokens could be forged.
        let mut weak: Value = serde_json::to_value(&db).unwrap();
        weak["secret"] = Value::String(String::new());
        std::fs::write(&path, weak.to_string()).unwrap();
        assert!(Db::load(&path).unwrap_err().contains("signing secret"));
        assert!(back.user_by_email("A@B.C").is_some());
        assert!(back.user_by_email(DEV_EMAIL).is_some());
        std::fs::write(&path, b"garbage").unwrap();
        assert!(Db::load(&path).is_err());
    }
}
