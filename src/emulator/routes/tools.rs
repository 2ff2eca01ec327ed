//! The server's catalogue: `/runs/config_schema`, `/tools/`, tool health.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::{Res, S};
use crate::emulator::http::{ErrorReply, ok, project, user};

/// `GET /runs/config_schema`: what runs accept (the project token opens it, as every
/// `/runs/*` route of the contract).
pub(super) async fn config_schema(State(s): S, headers: HeaderMap) -> Res {
    project(&s, &headers)?;
    Ok(ok(crate::emulator::schema::schema(s.cfg.mode).clone()))
}

/// The tool types of the catalogue: those the published schema declares.
pub(super) fn tool_types(
    mode: crate::emulator::options::Mode,
) -> impl Iterator<Item = (String, String, String)> {
    crate::emulator::schema::catalog(mode)
        .tools
        .iter()
        .map(|t| {
            (
                t.kind.clone(),
                t.default_name.clone().unwrap_or_else(|| "Function".into()),
                t.default_description.clone().unwrap_or_else(|| {
                    "A function the model may call, described by a JSON Schema.".into()
                }),
            )
        })
}

pub(super) async fn tools_catalogue(State(s): S, headers: HeaderMap) -> Res {
    user(&s, &headers)?;
    let items: Vec<Value> = tool_types(s.cfg.mode)
        .map(|(t, name, desc)| json!({"name": name, "type": t, "description": desc}))
        .collect();
    Ok(ok(Value::Array(items)))
}

pub(super) async fn tool_health(
    State(s): S,
    headers: HeaderMap,
    Path(tool_type): Path<String>,
) -> Res {
    user(&s, &headers)?;
    if !tool_types(s.cfg.mode).any(|(t, _, _)| t == tool_type) {
        return Err(ErrorReply::not_found("Tool"));
    }
    Ok(ok(json!({
        "status": "healthy",
        "message": format!("{tool_type} is emulated: it returns canned results"),
    })))
}
