//! Assistants of a project: `/assistants/`, reached with the project's token.

use reqwest::Method;
use serde_json::Value;

use super::{Assistant, Wire, project};
use crate::api::schema::{self, Loaded};
use crate::api::{Api, Call, item_path};
use crate::contract::assistant::{Desired, ToolDecl, View, check, payload};
use crate::error::{CliError, Exit, Result};

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
/// that name in the project (shared: exit 5). A name no assistant has is exit 2 with
/// a did-you-mean, never sent as an id: assistant ids are UUIDs, and upstream
/// answers a bare 500 for a path that is not one (fixture 20).
pub async fn resolve(api: &Api, pid: &str, arg: &str) -> Result<String> {
    if super::resolve::looks_like_id(arg) {
        return Ok(arg.to_string());
    }
    let named = named(api, pid).await?;
    super::resolve::by_name("assistant", arg, &named)?
        .ok_or_else(|| super::resolve::not_found("assistant", arg, &named))
}

/// Checks what is asked (and the tool types named) against the server's catalogue,
/// fetched or cached: exit 5 with every problem, before anything is written.
pub async fn validated(
    api: &Api,
    pid: &str,
    d: Desired,
    tools: &[String],
    current_bot: Option<&str>,
) -> Result<(Desired, Loaded)> {
    let seed = uuid::Uuid::new_v4().simple().to_string();
    schema::validated(api, pid, |catalog| {
        let mut d = d.clone();
        let mut problems = Vec::new();
        if !tools.is_empty() {
            let mut resolved = Vec::new();
            for t in tools {
                match ToolDecl::builtin(t, &seed).resolve(catalog) {
                    Ok(v) => resolved.push(v),
                    Err(e) => problems.push(e),
                }
            }
            d.tools = Some(resolved);
        }
        problems.extend(check(&d, current_bot, catalog));
        if problems.is_empty() {
            Ok(d)
        } else {
            Err(CliError::new(Exit::Invalid, problems.join("\n")))
        }
    })
    .await
    .map_err(|e| {
        if e.exit == Exit::Invalid && e.hint.is_none() {
            e.with_hint("nothing was sent; `epsimo models` lists the server's families and tools")
        } else {
            e
        }
    })
}

/// Creates the assistant `d` (and `tools`, by type name) describes, once the
/// server's catalogue accepts it. A name is required.
pub async fn create_checked(
    api: &Api,
    pid: &str,
    d: Desired,
    tools: &[String],
) -> Result<Wire<Assistant>> {
    if d.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(CliError::usage("an assistant needs a name").with_hint("pass --name NAME"));
    }
    let (d, loaded) = validated(api, pid, d, tools, None).await?;
    create(api, pid, payload(None, &d, &loaded.catalog)).await
}

/// Read-modify-write: the assistant as the server has it, with only what `d` names
/// changed. Also returns a warning when what was left alone already fails runs on
/// this server (said, not hidden).
pub async fn update_checked(
    api: &Api,
    pid: &str,
    id: &str,
    d: Desired,
    tools: &[String],
) -> Result<(Wire<Assistant>, Option<String>)> {
    let current = get(api, pid, id).await?.into_raw();
    let bot = View::of(&current).bot_type().to_string();
    let (d, loaded) = validated(api, pid, d, tools, Some(&bot)).await?;
    let body = payload(Some(&current), &d, &loaded.catalog);
    let warning = body
        .pointer("/config/configurable")
        .and_then(Value::as_object)
        .and_then(|c| loaded.catalog.check_configurable(c).err())
        .map(|e| format!("this assistant's configuration will fail its runs on this server: {e}"));
    Ok((update(api, pid, id, body).await?, warning))
}
