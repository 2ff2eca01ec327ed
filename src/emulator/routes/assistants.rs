//! Assistants of a project (and the public ones).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::projects::check_name;
use super::{Res, S};
use crate::emulator::Shared;
use crate::emulator::http::{ErrorReply, JsonBody, ok, project};
use crate::emulator::records::project_assistant;
use crate::emulator::state::{AssistantRec, in_project, new_id, now_iso};

#[derive(Deserialize)]
pub(super) struct AssistantPayload {
    name: String,
    config: Map<String, Value>,
    #[serde(default)]
    public: bool,
}

pub(super) async fn list_assistants(State(s): S, headers: HeaderMap) -> Res {
    let (_, pid) = project(&s, &headers)?;
    let db = s.db.lock().unwrap();
    let items = in_project(&db.assistants, &pid);
    Ok(ok(Value::Array(items.iter().map(|a| a.view()).collect())))
}

/// `GET /assistants/public/` (fixture 04c): the public assistants of other users in
/// the project (upstream lists other users' public assistants).
pub(super) async fn list_public_assistants(State(s): S, headers: HeaderMap) -> Res {
    let (c, pid) = project(&s, &headers)?;
    let db = s.db.lock().unwrap();
    let items = in_project(&db.assistants, &pid);
    Ok(ok(Value::Array(
        items
            .iter()
            .filter(|a| a.public && a.user_id != c.sub)
            .map(|a| a.view())
            .collect(),
    )))
}

pub(super) async fn create_assistant(
    State(s): S,
    headers: HeaderMap,
    JsonBody(body): JsonBody<AssistantPayload>,
) -> Res {
    let (c, pid) = project(&s, &headers)?;
    check_name(&body.name, "Assistant")?;
    let view = {
        let mut db = s.db.lock().unwrap();
        let now = now_iso();
        let seq = db.next_seq();
        let a = AssistantRec {
            assistant_id: new_id(),
            project_id: pid,
            user_id: c.sub,
            name: body.name,
            config: Value::Object(body.config),
            public: body.public,
            created_at: now.clone(),
            updated_at: now,
            seq,
        };
        let view = a.view();
        db.assistants.insert(a.assistant_id.clone(), a);
        view
    };
    s.persist().await;
    Ok(ok(view))
}

pub(super) async fn get_assistant(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let (_, pid) = project(&s, &headers)?;
    Ok(ok(project_assistant(&s, &pid, &id)?.view()))
}

/// A full replace: a field left out (`public`) goes back to its default.
pub(super) async fn put_assistant(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AssistantPayload>,
) -> Res {
    change_assistant(&s, &headers, &id, Some(&body.name.clone()), |a| {
        a.name = body.name;
        a.config = Value::Object(body.config);
        a.public = body.public;
    })
    .await
}

/// What PUT and PATCH share: the caller's project holds the assistant, a new name
/// is checked, `edit` applied, the time of the change kept and the state saved.
async fn change_assistant(
    s: &Arc<Shared>,
    headers: &HeaderMap,
    id: &str,
    name: Option<&str>,
    edit: impl FnOnce(&mut AssistantRec),
) -> Res {
    let (_, pid) = project(s, headers)?;
    project_assistant(s, &pid, id)?;
    if let Some(n) = name {
        check_name(n, "Assistant")?;
    }
    let view = {
        let mut db = s.db.lock().unwrap();
        let a = db
            .assistants
            .get_mut(id)
            .ok_or_else(|| ErrorReply::not_found("Assistant"))?;
        edit(a);
        a.updated_at = now_iso();
        a.view()
    };
    s.persist().await;
    Ok(ok(view))
}

#[derive(Deserialize)]
pub(super) struct AssistantPatch {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    public: Option<bool>,
    #[serde(default)]
    config: Option<Map<String, Value>>,
}

/// `PATCH /assistants/{id}` (the platform; upstream has none, fixture 120): the name
/// and `public` when given, and only the `configurable` keys given, merged into the
/// stored ones; every other key stays as it is.
pub(super) async fn patch_assistant(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AssistantPatch>,
) -> Res {
    let changes = match body.config.as_ref().map(|c| c.get("configurable")) {
        Some(Some(Value::Object(m))) => Some(m.clone()),
        Some(Some(_)) => {
            return Err(ErrorReply::bad_request(
                "config.configurable must be an object",
            ));
        }
        _ => None,
    };
    change_assistant(&s, &headers, &id, body.name.clone().as_deref(), |a| {
        if let Some(n) = body.name {
            a.name = n;
        }
        if let Some(p) = body.public {
            a.public = p;
        }
        if let Some(changes) = changes {
            if !a.config.is_object() {
                a.config = json!({});
            }
            let config = a.config.as_object_mut().expect("an object by now");
            let configurable = config.entry("configurable").or_insert_with(|| json!({}));
            if !configurable.is_object() {
                *configurable = json!({});
            }
            let map = configurable.as_object_mut().expect("an object by now");
            for (k, v) in changes {
                map.insert(k, v);
            }
        }
    })
    .await
}

/// Deleting answers `{"status":"ok"}` even for an unknown id, as upstream does;
/// threads of the assistant keep existing with `assistant_id: null`.
pub(super) async fn delete_assistant(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Res {
    let (_, pid) = project(&s, &headers)?;
    match project_assistant(&s, &pid, &id) {
        Ok(_) => {
            {
                let mut db = s.db.lock().unwrap();
                db.assistants.remove(&id);
                db.files.retain(|_, f| f.assistant_id != id);
                db.threads.update_where(
                    |t| t.assistant_id.as_deref() == Some(id.as_str()),
                    |t| t.assistant_id = None,
                );
            }
            s.persist().await;
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => {}
        Err(e) => return Err(e),
    }
    Ok(ok(json!({"status": "ok"})))
}
