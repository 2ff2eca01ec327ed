//! `emulator start --seed FILE.yaml`: projects, assistants, threads and their
//! databases for the dev account, from a small YAML file (for tests and demos).
//! Seeding is by name: what the account already has of that name is kept, so a
//! seed applied again (a `--data` file reused) adds nothing twice.
//!
//! ```yaml
//! projects:
//!   - name: Support
//!     assistants:
//!       - name: Helper
//!         instructions: You help customers.
//!         tools: [database_sync]          # names of `epsimo tools library`
//!     threads:
//!       - name: Order 1234
//!         assistant: Helper
//!         database: {status: shipped}
//! ```

use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::options::Mode;
use super::state::{AssistantRec, Db, ProjectRec, ThreadRec, new_id, now_iso};

/// A seed file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    projects: Vec<SeedProject>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedProject {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    assistants: Vec<SeedAssistant>,
    #[serde(default)]
    threads: Vec<SeedThread>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedAssistant {
    name: String,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    instructions: Option<String>,
    #[serde(default)]
    tools: Vec<String>,
    #[serde(default)]
    public: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedThread {
    #[serde(default)]
    name: Option<String>,
    assistant: String,
    #[serde(default)]
    database: Map<String, Value>,
}

/// Reads a seed file; any problem is an error naming it.
pub fn read(path: &Path) -> Result<Seed, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_saphyr::from_str(&text).map_err(|e| format!("{}: not a seed file: {e}", path.display()))
}

impl Db {
    /// Adds what `seed` describes for the user `user_id`, by name (see the module).
    pub fn seed(&mut self, seed: &Seed, user_id: &str, mode: Mode) -> Result<(), String> {
        let catalog = super::schema::catalog(mode);
        for p in &seed.projects {
            let pid = match self
                .projects
                .values()
                .find(|r| r.user_id == user_id && r.name == p.name)
            {
                Some(r) => r.project_id.clone(),
                None => {
                    let now = now_iso();
                    let rec = ProjectRec {
                        project_id: new_id(),
                        user_id: user_id.to_string(),
                        name: p.name.clone(),
                        description: p.description.clone(),
                        metadata: json!({}),
                        created_at: now.clone(),
                        updated_at: now,
                        seq: self.next_seq(),
                    };
                    let id = rec.project_id.clone();
                    self.projects.insert(id.clone(), rec);
                    id
                }
            };
            for a in &p.assistants {
                if self.assistant_named(&pid, &a.name).is_some() {
                    continue;
                }
                let mut tools = Vec::new();
                for t in &a.tools {
                    let decl = crate::contract::library::expand(t, &a.name).ok_or_else(|| {
                        let known: Vec<&str> = crate::contract::library::LIBRARY
                            .iter()
                            .map(|l| l.0)
                            .collect();
                        format!(
                            "assistant {:?}: no tool {t:?} in the library (one of: {})",
                            a.name,
                            known.join(", ")
                        )
                    })?;
                    tools.push(decl.resolve(catalog).0);
                }
                let desired = crate::contract::assistant::Desired {
                    name: Some(a.name.clone()),
                    model: a.model.clone(),
                    instructions: a.instructions.clone(),
                    tools: Some(tools),
                    public: Some(a.public),
                    ..Default::default()
                };
                let body = crate::contract::assistant::payload(None, &desired, catalog);
                let now = now_iso();
                let rec = AssistantRec {
                    assistant_id: new_id(),
                    project_id: pid.clone(),
                    user_id: user_id.to_string(),
                    name: a.name.clone(),
                    config: body.get("config").cloned().unwrap_or(json!({})),
                    public: a.public,
                    created_at: now.clone(),
                    updated_at: now,
                    seq: self.next_seq(),
                };
                self.assistants.insert(rec.assistant_id.clone(), rec);
            }
            for t in &p.threads {
                let aid = self.assistant_named(&pid, &t.assistant).ok_or_else(|| {
                    format!(
                        "thread {:?}: project {:?} has no assistant {:?}",
                        t.name.as_deref().unwrap_or(""),
                        p.name,
                        t.assistant
                    )
                })?;
                let name = t.name.clone().unwrap_or_else(|| "New thread".into());
                let exists = self
                    .threads
                    .values()
                    .any(|r| r.project_id == pid && r.name == name);
                if exists {
                    continue;
                }
                let seq = self.next_seq();
                let mut rec = ThreadRec::new(&pid, user_id, Some(aid), name, Map::new(), seq);
                if !t.database.is_empty() {
                    let mut values = Map::new();
                    values.insert("messages".into(), json!([]));
                    values.extend(t.database.clone());
                    rec.set_values(Value::Object(values));
                }
                self.threads.insert(rec.thread_id.clone(), rec);
            }
        }
        Ok(())
    }

    fn assistant_named(&self, pid: &str, name: &str) -> Option<String> {
        self.assistants
            .values()
            .find(|a| a.project_id == pid && a.name == name)
            .map(|a| a.assistant_id.clone())
    }
}
