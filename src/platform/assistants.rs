//! Assistants of a project: `/assistants/`, reached with the project's token.

use reqwest::Method;
use serde_json::Value;

use super::{Assistant, Wire, project};
use crate::api::schema::{self, Loaded};
use crate::api::{Api, Call, item_path};
use crate::contract::Catalog;
use crate::contract::assistant::{Desired, Field, Finding, Level, ToolDecl, View, payload};
use crate::error::{CliError, Result};

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

/// A partial change: `name` when given and only the `configurable` keys given. With
/// `PATCH` where the server has it; a server without one (405, upstream) gets the
/// read-modify-write `PUT` instead, every other key sent back as read, and PATCH is
/// not tried again by this client.
pub async fn patch(
    api: &Api,
    pid: &str,
    id: &str,
    name: Option<&str>,
    configurable: serde_json::Map<String, Value>,
) -> Result<Wire<Assistant>> {
    let mut body = serde_json::json!({"config": {"configurable": configurable.clone()}});
    if let Some(n) = name {
        body["name"] = Value::String(n.to_string());
    }
    if let Some(a) = try_patch(api, pid, id, body).await? {
        return Ok(a);
    }
    let mut current = get(api, pid, id).await?.into_raw();
    if let Some(n) = name {
        current["name"] = Value::String(n.to_string());
    }
    if !current["config"].is_object() {
        current["config"] = serde_json::json!({});
    }
    if !current["config"]["configurable"].is_object() {
        current["config"]["configurable"] = serde_json::json!({});
    }
    if let Some(map) = current["config"]["configurable"].as_object_mut() {
        map.extend(configurable);
    }
    let body = serde_json::json!({
        "name": current["name"],
        "public": current["public"],
        "config": current["config"],
    });
    update(api, pid, id, body).await
}

/// `PATCH` unless this client learned the server has none: `None` when it has none
/// (a 405 now or before), the assistant as answered otherwise.
async fn try_patch(api: &Api, pid: &str, id: &str, body: Value) -> Result<Option<Wire<Assistant>>> {
    if api.lacks_patch() {
        return Ok(None);
    }
    let call = Call::new(
        Method::PATCH,
        item_path("/assistants", id, ""),
        project(pid),
    )
    .json(body);
    match api.json(&call).await {
        Ok(a) => Ok(Some(a)),
        Err(e) if e.http_status == Some(405) => {
            api.remember_no_patch();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What a `PATCH` would send to turn `current` (as read) into `whole` (the full
/// payload after a change): the name and `public` if they differ, and the
/// `configurable` keys whose values differ. `None` when a PATCH cannot say it: a
/// `configurable` key removed, or another part of `config` changed.
pub fn patch_body(current: &Value, whole: &Value) -> Option<Value> {
    let empty = serde_json::Map::new();
    let conf = |v: &Value| {
        v.get("config")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (mut old_config, mut new_config) = (conf(current), conf(whole));
    let old_c = old_config.remove("configurable");
    let new_c = new_config.remove("configurable");
    if old_config != new_config {
        return None;
    }
    let old_c = old_c.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    let new_c = new_c.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    if old_c.keys().any(|k| !new_c.contains_key(k)) {
        return None;
    }
    let changed: serde_json::Map<String, Value> = new_c
        .iter()
        .filter(|(k, v)| old_c.get(*k) != Some(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut body = serde_json::json!({"config": {"configurable": changed}});
    for key in ["name", "public"] {
        if let Some(v) = whole.get(key).filter(|v| current.get(key) != Some(*v)) {
            body[key] = v.clone();
        }
    }
    Some(body)
}

/// Writes `whole` (the full payload after a change) over `current` (the assistant
/// as read): only what differs, by `PATCH`, where the server has it; the whole
/// payload by `PUT` where it has not, or where a PATCH cannot say the change.
pub async fn write_changes(
    api: &Api,
    pid: &str,
    id: &str,
    current: &Value,
    whole: Value,
) -> Result<Wire<Assistant>> {
    if let Some(body) = patch_body(current, &whole)
        && let Some(a) = try_patch(api, pid, id, body).await?
    {
        return Ok(a);
    }
    update(api, pid, id, whole).await
}

/// Deletes an assistant that exists: the server answers "ok" for any id (fixtures
/// 66, 122), so it is read first and one that is not there is "not found" (exit 3).
pub async fn delete_existing(api: &Api, pid: &str, id: &str) -> Result<()> {
    get(api, pid, id).await?;
    delete(api, pid, id).await
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

/// How a create or an update is checked before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Validation {
    /// Against the server's catalogue: refusals stand only where it is the server's
    /// own schema (CONTRACT.md, "Which source wins").
    #[default]
    Checked,
    /// Sent exactly as written (`--no-validate`): no catalogue is read.
    AsWritten,
}

/// What a create or an update did, and what the checks said (warnings and notes
/// for the front-end to show; the checks' refusals are errors instead).
#[derive(Debug)]
pub struct Written {
    pub assistant: Wire<Assistant>,
    pub findings: Vec<Finding>,
}

/// Checks what is asked (and the tool types named) against the server's catalogue,
/// fetched or cached: exit 5 with every refusal, before anything is written.
pub async fn validated(
    api: &Api,
    pid: &str,
    d: Desired,
    tools: &[String],
    current_bot: Option<&str>,
) -> Result<(Desired, Vec<Finding>, Loaded)> {
    let seed = uuid::Uuid::new_v4().simple().to_string();
    let decls: Vec<ToolDecl> = tools.iter().map(|t| ToolDecl::builtin(t, &seed)).collect();
    let decls = (!tools.is_empty()).then_some(decls.as_slice());
    schema::validated(api, pid, |catalog| {
        crate::contract::assistant::resolve(d.clone(), decls, current_bot, catalog)
    })
    .await
}

/// [`validated`], or with [`Validation::AsWritten`] the tools as written and no
/// catalogue (the family is only what `--agent-type` says).
async fn prepared(
    api: &Api,
    pid: &str,
    mut d: Desired,
    tools: &[String],
    current_bot: Option<&str>,
    how: Validation,
) -> Result<(Desired, Vec<Finding>, Catalog)> {
    match how {
        Validation::Checked => {
            let (d, findings, loaded) = validated(api, pid, d, tools, current_bot).await?;
            Ok((d, findings, loaded.catalog))
        }
        Validation::AsWritten => {
            d.as_written = true;
            if !tools.is_empty() {
                let seed = uuid::Uuid::new_v4().simple().to_string();
                d.tools = Some(
                    tools
                        .iter()
                        .map(|t| ToolDecl::builtin(t, &seed).as_written())
                        .collect(),
                );
            }
            Ok((d, Vec::new(), Catalog::upstream()))
        }
    }
}

/// Creates the assistant `d` (and `tools`, by type name) describes, once the
/// server's catalogue accepts it. A name is required.
pub async fn create_checked(
    api: &Api,
    pid: &str,
    d: Desired,
    tools: &[String],
    how: Validation,
) -> Result<Written> {
    if d.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(
            CliError::usage("an assistant needs a name").remedy(crate::error::Remedy::NameIt)
        );
    }
    let (d, findings, catalog) = prepared(api, pid, d, tools, None, how).await?;
    let body = payload(None, &d, &catalog);
    Ok(Written {
        assistant: create(api, pid, body).await?,
        findings,
    })
}

/// Read-modify-write: the assistant as the server has it, with only what `d` names
/// changed. What was left alone and already fails runs on this server is said, not
/// hidden (a warning among the findings).
pub async fn update_checked(
    api: &Api,
    pid: &str,
    id: &str,
    d: Desired,
    tools: &[String],
    how: Validation,
) -> Result<Written> {
    let current = get(api, pid, id).await?.into_raw();
    let bot = View::of(&current).bot_type().to_string();
    let (d, mut findings, catalog) = prepared(api, pid, d, tools, Some(&bot), how).await?;
    let body = payload(Some(&current), &d, &catalog);
    if how == Validation::Checked
        && let Some(e) = body
            .pointer("/config/configurable")
            .and_then(Value::as_object)
            .and_then(|c| catalog.check_configurable(c).err())
    {
        findings.push(Finding {
            level: Level::Warn,
            field: Field::Tool,
            message: format!(
                "this assistant's configuration will fail its runs on this server: {e}"
            ),
        });
    }
    Ok(Written {
        assistant: write_changes(api, pid, id, &current, body).await?,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::patch_body;
    use serde_json::json;

    #[test]
    fn a_patch_says_only_what_differs_or_nothing_when_it_cannot() {
        let current = json!({"name": "A", "public": true,
            "config": {"configurable": {"type": "agent", "type==agent/system_message": "Hi."}}});
        let mut whole = current.clone();
        whole["config"]["configurable"]["type==agent/system_message"] = json!("Bye.");
        assert_eq!(
            patch_body(&current, &whole),
            Some(json!({"config": {"configurable": {"type==agent/system_message": "Bye."}}}))
        );
        whole["name"] = json!("B");
        whole["public"] = json!(false);
        assert_eq!(
            patch_body(&current, &whole).unwrap(),
            json!({"name": "B", "public": false,
                "config": {"configurable": {"type==agent/system_message": "Bye."}}})
        );
        // A key removed, or config beyond configurable changed: only a PUT says it.
        let mut removed = current.clone();
        removed["config"]["configurable"]
            .as_object_mut()
            .unwrap()
            .remove("type");
        assert_eq!(patch_body(&current, &removed), None);
        let mut other = current.clone();
        other["config"]["tags"] = json!(["x"]);
        assert_eq!(patch_body(&current, &other), None);
    }
}
