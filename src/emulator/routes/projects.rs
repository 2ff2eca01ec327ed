//! Projects of a user.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Res, S};
use crate::emulator::Shared;
use crate::emulator::http::{ErrorReply, JsonBody, ok, user};
use crate::emulator::state::{ProjectRec, new_id, now_iso};
use crate::emulator::tokens;

pub(super) async fn list_projects(State(s): S, headers: HeaderMap) -> Res {
    let c = user(&s, &headers)?;
    let db = s.db.lock().unwrap();
    let mut items: Vec<&ProjectRec> = db
        .projects
        .values()
        .filter(|p| p.user_id == c.sub)
        .collect();
    items.sort_by_key(|p| p.seq);
    Ok(ok(Value::Array(items.iter().map(|p| p.view()).collect())))
}

#[derive(Deserialize)]
pub(super) struct NewProject {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    metadata: Option<Map<String, Value>>,
}

pub(super) fn check_name(name: &str, what: &str) -> Result<(), ErrorReply> {
    if name.trim().is_empty() {
        return Err(ErrorReply::invalid(
            "string_too_short",
            json!(["body", "name"]),
            format!("{what} name must not be empty"),
            json!(name),
        ));
    }
    if name.chars().count() > 200 {
        return Err(ErrorReply::invalid(
            "string_too_long",
            json!(["body", "name"]),
            format!("{what} name must be at most 200 characters"),
            json!(name),
        ));
    }
    Ok(())
}

/// The platform's limits on a project (its guide's data model): a 422 as a
/// validation error, the problem said.
fn check_project(name: Option<&str>, description: Option<&str>) -> Result<(), ErrorReply> {
    match crate::contract::rules::project_problem(name, description) {
        Some(why) => Err(ErrorReply::invalid(
            "string_too_long",
            json!(["body"]),
            why,
            json!({"name": name, "description": description}),
        )),
        None => Ok(()),
    }
}

pub(super) async fn create_project(
    State(s): S,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewProject>,
) -> Res {
    let c = user(&s, &headers)?;
    check_name(&body.name, "Project")?;
    check_project(Some(&body.name), body.description.as_deref())?;
    let view = {
        let mut db = s.db.lock().unwrap();
        let now = now_iso();
        let seq = db.next_seq();
        let p = ProjectRec {
            project_id: new_id(),
            user_id: c.sub,
            name: body.name,
            description: body.description.unwrap_or_default(),
            metadata: Value::Object(body.metadata.unwrap_or_default()),
            created_at: now.clone(),
            updated_at: now,
            seq,
        };
        let view = p.view();
        db.projects.insert(p.project_id.clone(), p);
        view
    };
    s.persist().await;
    Ok(ok(view))
}

/// The user's own project, or 404 (unknown) / 403 (someone else's).
pub(super) fn owned_project(s: &Shared, user_id: &str, id: &str) -> Result<ProjectRec, ErrorReply> {
    let db = s.db.lock().unwrap();
    let p = db
        .projects
        .get(id)
        .ok_or_else(|| ErrorReply::not_found("Project"))?;
    if p.user_id != user_id {
        return Err(ErrorReply::forbidden(
            "You do not have access to this project",
        ));
    }
    Ok(p.clone())
}

pub(super) async fn get_project(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let c = user(&s, &headers)?;
    let p = owned_project(&s, &c.sub, &id)?;
    let secret = s.db.lock().unwrap().secret.clone();
    let token = tokens::issue(&secret, &c.sub, &c.email, Some(&id), s.cfg.token_ttl);
    let mut view = p.view();
    let map = view.as_object_mut().unwrap();
    map.insert("access_token".into(), json!(token));
    map.insert("token_type".into(), json!("bearer"));
    map.insert("expires_in".into(), json!(s.cfg.token_ttl));
    Ok(ok(view))
}

#[derive(Deserialize)]
pub(super) struct ProjectUpdate {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    metadata: Option<Map<String, Value>>,
}

pub(super) async fn update_project(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ProjectUpdate>,
) -> Res {
    let c = user(&s, &headers)?;
    owned_project(&s, &c.sub, &id)?;
    if let Some(n) = &body.name {
        check_name(n, "Project")?;
    }
    check_project(body.name.as_deref(), body.description.as_deref())?;
    let view = {
        let mut db = s.db.lock().unwrap();
        let p = db
            .projects
            .get_mut(&id)
            .ok_or_else(|| ErrorReply::not_found("Project"))?;
        if let Some(n) = body.name {
            p.name = n;
        }
        if let Some(d) = body.description {
            p.description = d;
        }
        if let Some(m) = body.metadata {
            p.metadata = Value::Object(m);
        }
        p.updated_at = now_iso();
        p.view()
    };
    s.persist().await;
    Ok(ok(view))
}

#[derive(Deserialize)]
pub(super) struct ConfirmQuery {
    #[serde(default)]
    confirm: Option<String>,
}

pub(super) async fn delete_project(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<ConfirmQuery>,
) -> Res {
    let c = user(&s, &headers)?;
    owned_project(&s, &c.sub, &id)?;
    if q.confirm.as_deref() != Some("true") {
        return Err(ErrorReply::bad_request(
            "Deleting a project needs ?confirm=true",
        ));
    }
    {
        let mut db = s.db.lock().unwrap();
        // The platform keeps one project per account (its guide, "Data model"); the
        // words of its refusal were not recorded: these are the emulator's.
        if s.cfg.mode == crate::emulator::options::Mode::Platform
            && db.projects.values().filter(|p| p.user_id == c.sub).count() == 1
        {
            return Err(ErrorReply::bad_request(
                "Cannot delete your last project: an account keeps at least one",
            ));
        }
        db.projects.remove(&id);
        db.assistants.retain(|_, a| a.project_id != id);
        db.threads.retain(|_, t| t.project_id != id);
        db.files.retain(|_, f| f.project_id != id);
    }
    s.persist().await;
    Ok(ok(json!({"status": "ok"})))
}
