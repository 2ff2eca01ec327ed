//! Assistants of a project: `/assistants/`, reached with the project's token.

use reqwest::Method;
use serde_json::Value;

use super::{Assistant, Wire, project};
use crate::api::{Api, Call, item_path};
use crate::error::Result;

pub async fn list(api: &Api, pid: &str) -> Result<Vec<Wire<Assistant>>> {
    api.json(&Call::get("/assistants/", project(pid))).await
}

pub async fn get(api: &Api, pid: &str, id: &str) -> Result<Wire<Assistant>> {
    api.json(&Call::get(item_path("/assistants", id, ""), project(pid)))
        .await
}

/// Like [`get`], without retries: for a lookup that has a fallback.
pub async fn get_once(api: &Api, pid: &str, id: &str) -> Result<Wire<Assistant>> {
    api.json(&Call::get(item_path("/assistants", id, ""), project(pid)).once())
        .await
}

/// Creates an assistant from a payload built by [`crate::contract::assistant::payload`].
pub async fn create(api: &Api, pid: &str, body: Value) -> Result<Wire<Assistant>> {
    api.json(&Call::post("/assistants/", project(pid), body))
        .await
}

/// Replaces an assistant (`PUT`): the payload is the whole assistant, read, changed
/// and sent back.
pub async fn update(api: &Api, pid: &str, id: &str, body: Value) -> Result<Wire<Assistant>> {
    let call = Call::new(Method::PUT, item_path("/assistants", id, ""), project(pid)).json(body);
    api.json(&call).await
}

pub async fn delete(api: &Api, pid: &str, id: &str) -> Result<()> {
    let call = Call::new(
        Method::DELETE,
        item_path("/assistants", id, ""),
        project(pid),
    );
    api.empty(&call).await.map(drop)
}

/// The project's assistants by id and name.
pub async fn named(api: &Api, pid: &str) -> Result<Vec<super::resolve::Named>> {
    Ok(list(api, pid)
        .await?
        .iter()
        .map(|a| super::resolve::Named {
            id: a.assistant_id.clone(),
            name: a.name.clone(),
        })
        .collect())
}

/// The id of the assistant `arg` names: an id as it is, else the one assistant of
/// that name in the project (shared: exit 5; no such name: tried as an id).
pub async fn resolve(api: &Api, pid: &str, arg: &str) -> Result<String> {
    if super::resolve::looks_like_id(arg) {
        return Ok(arg.to_string());
    }
    let named = named(api, pid).await?;
    Ok(super::resolve::by_name("assistant", arg, &named)?.unwrap_or_else(|| arg.to_string()))
}
