//! Projects: `/projects/`, reached with the user's token.

use reqwest::Method;

use super::{Project, Wire};
use crate::api::{Api, Auth, Call, item_path};
use crate::contract::models::{NewProject, ProjectUpdate};
use crate::error::{CliError, Result};

pub async fn list(api: &Api) -> Result<Vec<Wire<Project>>> {
    api.json(&Call::get("/projects/", Auth::User)).await
}

pub async fn get(api: &Api, id: &str) -> Result<Wire<Project>> {
    api.json(&Call::get(item_path("/projects", id, ""), Auth::User))
        .await
}

pub async fn create(api: &Api, new: &NewProject) -> Result<Wire<Project>> {
    limits(Some(&new.name), Some(&new.description))?;
    api.json(&Call::post(
        "/projects/",
        Auth::User,
        serde_json::to_value(new)?,
    ))
    .await
}

/// The platform's limits, checked before anything is sent: exit 5.
fn limits(name: Option<&str>, description: Option<&str>) -> Result<()> {
    match crate::contract::rules::project_problem(name, description) {
        Some(why) => Err(
            crate::error::CliError::new(crate::error::Exit::Invalid, why)
                .with_hint("nothing was sent; shorten it"),
        ),
        None => Ok(()),
    }
}

pub async fn update(api: &Api, id: &str, change: &ProjectUpdate) -> Result<Wire<Project>> {
    limits(change.name.as_deref(), change.description.as_deref())?;
    let call = Call::new(Method::PUT, item_path("/projects", id, ""), Auth::User)
        .json(serde_json::to_value(change)?);
    api.json(&call).await
}

/// Deletes a project with everything in it (the server asks for `confirm=true`).
/// The platform refuses to delete an account's last project: a refusal (4xx other
/// than 401/404) of a project that is the only one listed is said as that, with
/// what to do, whatever words the server chose.
pub async fn delete(api: &Api, id: &str) -> Result<()> {
    let call = Call::new(Method::DELETE, item_path("/projects", id, ""), Auth::User)
        .query("confirm", "true");
    let Err(e) = api.empty(&call).await else {
        return Ok(());
    };
    let refused = e
        .http_status
        .is_some_and(|s| (400..500).contains(&s) && s != 401 && s != 404);
    if !refused {
        return Err(e);
    }
    match list(api).await {
        Ok(all) if all.len() == 1 && all[0].project_id == id => Err(CliError::new(
            e.exit,
            format!(
                "{} is your account's last project, and the platform keeps at least one: {}",
                all[0].name, e.message
            ),
        )
        .remedy(crate::error::Remedy::CreateAnotherProject)),
        _ => Err(e),
    }
}

/// Fields of a project answer that hold its token: never shown, never stored
/// anywhere but the credential store.
pub const TOKEN_FIELDS: [&str; 5] = [
    "access_token",
    "token",
    "jwt_token",
    "token_type",
    "expires_in",
];

/// The project as it may be shown: its token fields left out.
pub fn public_view(p: Wire<Project>) -> serde_json::Value {
    let mut v = p.into_raw();
    if let Some(map) = v.as_object_mut() {
        for k in TOKEN_FIELDS {
            map.remove(k);
        }
    }
    v
}

/// The id of the project `arg` names: an id as it is, else the one project of that
/// name (the name shared: exit 5; no such name: tried as an id).
pub async fn resolve(api: &Api, arg: &str) -> Result<String> {
    if super::resolve::looks_like_id(arg) {
        return Ok(arg.to_string());
    }
    let named = named(api).await?;
    Ok(super::resolve::by_name("project", arg, &named)?.unwrap_or_else(|| arg.to_string()))
}

/// The user's projects by id and name.
pub async fn named(api: &Api) -> Result<Vec<super::resolve::Named>> {
    Ok(list(api)
        .await?
        .iter()
        .map(|p| super::resolve::Named {
            id: p.project_id.clone(),
            name: p.name.clone(),
        })
        .collect())
}
