//! The emulator's records as its routes, runs and public routes look them up: a
//! record of the caller's project (404, 403, or upstream's 500 for an id that is
//! not a UUID), a new thread counted against its user, and whether an assistant's
//! graph builds. A leaf the route modules share, so none of them reaches into
//! another.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::Shared;
use super::http::ErrorReply;
use super::options::Mode;
use super::state::{AssistantRec, Scoped, ThreadRec};

/// A record of the token's project: 404 when unknown, 403 when another project's.
/// Ids are UUID columns upstream: anything else fails in the database driver, an
/// unhandled 500 in plain text (fixture 20), before any lookup.
pub fn scoped<T: Scoped>(
    map: &BTreeMap<String, T>,
    project_id: &str,
    id: &str,
) -> Result<T, ErrorReply> {
    scoped_ref(map, project_id, id).cloned()
}

/// [`scoped`] without the copy.
fn scoped_ref<'a, T: Scoped>(
    map: &'a BTreeMap<String, T>,
    project_id: &str,
    id: &str,
) -> Result<&'a T, ErrorReply> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(ErrorReply::internal(&format!("{id:?} is not a UUID")));
    }
    let r = map.get(id).ok_or_else(|| ErrorReply::not_found(T::WHAT))?;
    if r.project_id() != project_id {
        return Err(ErrorReply::forbidden(format!(
            "{} belongs to another project",
            T::WHAT
        )));
    }
    Ok(r)
}

pub fn project_assistant(
    s: &Shared,
    project_id: &str,
    id: &str,
) -> Result<AssistantRec, ErrorReply> {
    scoped(&s.db.lock().unwrap().assistants, project_id, id)
}

/// A thread of the token's project (see [`scoped`]).
pub fn project_thread(s: &Shared, project_id: &str, id: &str) -> Result<ThreadRec, ErrorReply> {
    // Checked in place and copied without its checkpoints: a thread keeps up to a
    // hundred full copies of its state, and copying them for every read or write
    // made a write's cost grow a hundredfold with the thread.
    let db = s.db.lock().unwrap();
    let t = scoped_ref(&db.threads, project_id, id)?;
    Ok(t.without_history())
}

/// [`project_thread`] without its state (`values` is `null`), with how many
/// messages it holds and whether its state is a list (a chatbot's): what a write
/// checks, without copying the conversation.
pub fn project_thread_head(
    s: &Shared,
    project_id: &str,
    id: &str,
) -> Result<(ThreadRec, usize, bool), ErrorReply> {
    let db = s.db.lock().unwrap();
    let t = scoped_ref(&db.threads, project_id, id)?;
    let count = t.message_count();
    let list_state = t.values().is_array();
    Ok((t.without_history_or_state(), count, list_state))
}

/// [`project_thread`] with its checkpoints (`GET /threads/ID/history`).
pub fn project_thread_with_history(
    s: &Shared,
    project_id: &str,
    id: &str,
) -> Result<ThreadRec, ErrorReply> {
    scoped(&s.db.lock().unwrap().threads, project_id, id)
}

/// A new thread of `user` in project `pid`, counted against the user's threads (a
/// public run's thread is the assistant owner's, billed to the owner).
pub fn insert_thread(
    s: &Shared,
    user: &str,
    pid: &str,
    assistant_id: Option<String>,
    name: String,
    metadata: Map<String, Value>,
) -> Result<ThreadRec, ErrorReply> {
    let mut db = s.db.lock().unwrap();
    let u = db
        .users
        .get_mut(user)
        .ok_or_else(|| ErrorReply::unauthorized("User no longer exists"))?;
    if u.thread_counter >= u.thread_max {
        return Err(ErrorReply::new(
            StatusCode::PAYMENT_REQUIRED,
            format!(
                "Thread limit reached ({}/{}): buy more threads",
                u.thread_counter, u.thread_max
            ),
        ));
    }
    u.thread_counter += 1;
    let seq = db.next_seq();
    let t = ThreadRec::new(pid, user, assistant_id, name, metadata, seq);
    db.threads.insert(t.thread_id.clone(), t.clone());
    Ok(t)
}

/// Why an assistant's graph does not build, checked against the schema published in
/// this mode; in `upstream` mode also the tools that need a key the emulator, like the
/// recorded server, does not have (fixtures 101, 102, 105, 111, 112).
pub fn graph_problem(mode: Mode, a: &AssistantRec) -> Option<String> {
    let Some(c) = a.config.get("configurable").and_then(Value::as_object) else {
        return Some("the assistant's config has no `configurable`".into());
    };
    if mode == Mode::Upstream
        && crate::contract::catalog::bot_type_of(c) == "agent"
        && let Some(why) = c
            .get("type==agent/tools")
            .and_then(Value::as_array)
            .and_then(|t| crate::emulator::tools::build_failure(t))
    {
        return Some(why);
    }
    // Upstream's retrieval tool ignores whatever its `config` holds (fixtures README,
    // "Built-in tool types"); every other undeclared setting breaks the build.
    let mut c = c.clone();
    if let Some(Value::Array(tools)) = c.get_mut("type==agent/tools") {
        for t in tools.iter_mut() {
            if t.get("type").and_then(Value::as_str) == Some("retrieval")
                && let Some(obj) = t.as_object_mut()
            {
                obj.remove("config");
            }
        }
    }
    crate::emulator::schema::catalog(mode)
        .check_configurable(&c)
        .err()
}
