//! Threads of a project: their state (the Virtual Database) and history.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Res, S};
use crate::emulator::Shared;
use crate::emulator::http::{ErrorReply, JsonBody, json_response, ok, project};
use crate::emulator::options::Mode;
use crate::emulator::options::ThreadsShape;
use crate::emulator::records::{graph_problem, insert_thread, project_assistant, project_thread};
use crate::emulator::state::{AssistantRec, ThreadRec, in_project, now_iso};

pub(super) async fn list_threads(State(s): S, headers: HeaderMap) -> Res {
    let (_, pid) = project(&s, &headers)?;
    let db = s.db.lock().unwrap();
    // Newest first.
    let list: Vec<Value> = in_project(&db.threads, &pid)
        .iter()
        .rev()
        .map(|t| t.view())
        .collect();
    Ok(ok(match s.cfg.threads_shape {
        ThreadsShape::List => Value::Array(list),
        ThreadsShape::Object => json!({"total": list.len(), "threads": list}),
    }))
}

#[derive(Deserialize)]
pub(super) struct NewThread {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    assistant_id: Option<String>,
    #[serde(default)]
    metadata: Option<Map<String, Value>>,
}

pub(super) async fn create_thread(
    State(s): S,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewThread>,
) -> Res {
    let (c, pid) = project(&s, &headers)?;
    let assistant = match &body.assistant_id {
        Some(aid) => Some(project_assistant(&s, &pid, aid)?),
        None => None,
    };
    let mut metadata = body.metadata.unwrap_or_default();
    if let Some(a) = &assistant {
        metadata
            .entry("assistant_type")
            .or_insert_with(|| json!(a.assistant_type()));
    }
    let view = insert_thread(
        &s,
        &c.sub,
        &pid,
        body.assistant_id,
        body.name.unwrap_or_default(),
        metadata,
    )?
    .view();
    s.persist().await;
    Ok(ok(view))
}

pub(super) async fn get_thread(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let (_, pid) = project(&s, &headers)?;
    Ok(ok(project_thread(&s, &pid, &id)?.view()))
}

#[derive(Deserialize)]
pub(super) struct ThreadUpdate {
    name: String,
    #[serde(default)]
    assistant_id: Option<String>,
}

pub(super) async fn put_thread(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ThreadUpdate>,
) -> Res {
    let (_, pid) = project(&s, &headers)?;
    project_thread(&s, &pid, &id)?;
    if let Some(aid) = &body.assistant_id {
        project_assistant(&s, &pid, aid)?;
    }
    let view = {
        let mut db = s.db.lock().unwrap();
        let t = db
            .threads
            .get_mut(&id)
            .ok_or_else(|| ErrorReply::not_found("Thread"))?;
        t.name = body.name;
        if body.assistant_id.is_some() {
            t.assistant_id = body.assistant_id;
        }
        t.updated_at = now_iso();
        t.view()
    };
    s.persist().await;
    Ok(ok(view))
}

pub(super) async fn delete_thread(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let (_, pid) = project(&s, &headers)?;
    match project_thread(&s, &pid, &id) {
        Ok(_) => {
            s.db.lock().unwrap().threads.remove(&id);
            s.persist().await;
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => {}
        Err(e) => return Err(e),
    }
    Ok(ok(json!({"status": "ok"})))
}

/// The assistant whose graph serves a thread, built as upstream builds it for every
/// run and state read: 400 without an assistant, and a 500 (plain text, nothing
/// stored) when its configuration does not build (fixture 92b).
pub fn thread_graph(s: &Shared, t: &ThreadRec) -> Result<AssistantRec, ErrorReply> {
    let no_assistant = || ErrorReply::bad_request("Thread has no assistant");
    let aid = t.assistant_id.as_ref().ok_or_else(no_assistant)?;
    let a =
        s.db.lock()
            .unwrap()
            .assistants
            .get(aid)
            .cloned()
            .ok_or_else(no_assistant)?;
    graph_problem(s.cfg.mode, &a).map_or(Ok(a), |why| Err(ErrorReply::internal(&why)))
}

pub(super) async fn get_state(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let (_, pid) = project(&s, &headers)?;
    let t = project_thread(&s, &pid, &id)?;
    thread_graph(&s, &t)?;
    Ok(ok(json!({"values": t.values(), "next": t.next})))
}

#[derive(Deserialize)]
pub(super) struct StateUpdate {
    values: Value,
    #[serde(default)]
    #[allow(dead_code)]
    config: Option<Value>,
}

/// Merges `values` into the top level of the state (the Virtual Database write);
/// a list of messages is appended to `messages`.
pub(super) async fn post_state(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<StateUpdate>,
) -> Res {
    let (_, pid) = project(&s, &headers)?;
    // Its state is not copied: a write costs what it adds, not the thread's size.
    let (t, count, list_state) = crate::emulator::records::project_thread_head(&s, &pid, &id)?;
    let a = thread_graph(&s, &t)?;
    let adding = match &body.values {
        Value::Array(items) => items.len(),
        Value::Object(m) => m
            .get("messages")
            .and_then(Value::as_array)
            .map_or(0, Vec::len),
        _ => 0,
    };
    if count.saturating_add(adding) > crate::emulator::state::MAX_THREAD_MESSAGES {
        return Err(crate::emulator::stream::thread_full());
    }
    let bot = a.assistant_type();
    match &body.values {
        // A chatbot's state is a list: a dict does not apply to it (fixture 17 on
        // upstream's list-state agents; Epsimo's agents are the Virtual Database).
        // In upstream mode an agent keeps a list state too, and refuses it likewise
        // (fixture 17).
        Value::Object(_)
            if bot == "chatbot"
                || list_state
                || (s.cfg.mode == Mode::Upstream && bot == "agent") =>
        {
            return Err(ErrorReply::internal("a dict update on a list state"));
        }
        // The agent's router expects tool calls on the last message (fixture 16).
        Value::Array(items)
            if bot == "agent" && items.last().is_some_and(|m| m["type"] == "human") =>
        {
            return Err(ErrorReply::internal(
                "the agent's router found no tool_calls",
            ));
        }
        _ => {}
    }
    {
        let mut db = s.db.lock().unwrap();
        let t = db
            .threads
            .get_mut(&id)
            .ok_or_else(|| ErrorReply::not_found("Thread"))?;
        match body.values {
            Value::Object(mut map) => {
                if let Some(Value::Array(items)) = map.get("messages") {
                    let full =
                        crate::emulator::stream::normalize_input(&Value::Array(items.clone()))?;
                    map.insert("messages".into(), Value::Array(full));
                }
                t.merge(map)
            }
            Value::Array(items) => t.add_messages(crate::emulator::stream::normalize_input(
                &Value::Array(items),
            )?),
            other => {
                return Err(ErrorReply::invalid(
                    "dict_type",
                    json!(["body", "values"]),
                    "Input should be a valid dictionary or list",
                    other,
                ));
            }
        }
        t.checkpoint(&[]);
    }
    s.persist().await;
    Ok(json_response(StatusCode::OK, &Value::Null))
}

pub(super) async fn get_history(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let (_, pid) = project(&s, &headers)?;
    let t = crate::emulator::records::project_thread_with_history(&s, &pid, &id)?;
    thread_graph(&s, &t)?;
    let mut newest_first = t.history.full();
    newest_first.reverse();
    Ok(ok(Value::Array(newest_first)))
}
