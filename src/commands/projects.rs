//! `epsimo projects`: list (the default), create, show, update, delete.

use serde_json::{Map, Value, json};

use super::Ctx;
use crate::api::models::Project;
use crate::api::{Auth, Call, item_path};
use crate::cli::{ProjectsArgs, ProjectsCommand};
use crate::error::Result;

pub async fn run(args: ProjectsArgs, ctx: &Ctx) -> Result<()> {
    match args.command.unwrap_or(ProjectsCommand::List) {
        ProjectsCommand::List => list(ctx).await,
        ProjectsCommand::Create { name, description } => create(ctx, name, description).await,
        ProjectsCommand::Show { id } => show(ctx, &id).await,
        ProjectsCommand::Update {
            id,
            name,
            description,
        } => update(ctx, &id, name, description).await,
        ProjectsCommand::Delete { id, yes } => delete(ctx, &id, yes).await,
    }
}

/// A project as `--json` shows it: what the server sent, minus any token.
fn public_view(mut v: Value) -> Value {
    if let Some(map) = v.as_object_mut() {
        for k in [
            "access_token",
            "token",
            "jwt_token",
            "token_type",
            "expires_in",
        ] {
            map.remove(k);
        }
    }
    v
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

async fn list(ctx: &Ctx) -> Result<()> {
    let api = ctx.api()?;
    let spinner = ctx.printer.spinner("Fetching projects…");
    let projects: Vec<Value> = api.json(&Call::get("/projects/", Auth::User)).await?;
    drop(spinner);
    if ctx.printer.json {
        let view: Vec<Value> = projects.into_iter().map(public_view).collect();
        return ctx.printer.json(&Value::Array(view));
    }
    if projects.is_empty() && ctx.printer.stdout_tty {
        ctx.printer
            .status("No projects yet. Create one with `epsimo projects create NAME`.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = projects
        .iter()
        .map(|p| {
            vec![
                text(p, "project_id"),
                text(p, "name"),
                text(p, "description"),
                text(p, "created_at"),
            ]
        })
        .collect();
    ctx.printer
        .table(&["ID", "Name", "Description", "Created"], &rows)
}

async fn create(ctx: &Ctx, name: String, description: String) -> Result<()> {
    let api = ctx.api()?;
    let body = json!({"name": name, "description": description, "metadata": {}});
    let project: Value = api
        .json(&Call::post("/projects/", Auth::User, body))
        .await?;
    let parsed: Project = serde_json::from_value(project.clone())?;
    if ctx.printer.json {
        return ctx.printer.json(&public_view(project));
    }
    ctx.printer.success(&format!(
        "Created project {} ({})",
        crate::util::sanitize(&parsed.name),
        parsed.project_id
    ));
    ctx.printer.line(&parsed.project_id)
}

async fn show(ctx: &Ctx, id: &str) -> Result<()> {
    let api = ctx.api()?;
    let project: Value = api
        .json(&Call::get(item_path("/projects", id, ""), Auth::User))
        .await?;
    let project = public_view(project);
    if ctx.printer.json {
        return ctx.printer.json(&project);
    }
    let mut pairs = vec![
        ("ID", text(&project, "project_id")),
        ("Name", text(&project, "name")),
    ];
    for (label, key) in [
        ("Description", "description"),
        ("Created", "created_at"),
        ("Updated", "updated_at"),
    ] {
        let v = text(&project, key);
        if !v.is_empty() {
            pairs.push((label, v));
        }
    }
    ctx.printer.record(&pairs)
}

async fn update(
    ctx: &Ctx,
    id: &str,
    name: Option<String>,
    description: Option<String>,
) -> Result<()> {
    if name.is_none() && description.is_none() {
        return Err(crate::error::CliError::usage("nothing to update")
            .with_hint("pass --name and/or --description"));
    }
    let api = ctx.api()?;
    let mut body = Map::new();
    if let Some(n) = name {
        body.insert("name".into(), Value::String(n));
    }
    if let Some(d) = description {
        body.insert("description".into(), Value::String(d));
    }
    body.insert("metadata".into(), json!({}));
    let call = Call::new(
        reqwest::Method::PUT,
        item_path("/projects", id, ""),
        Auth::User,
    )
    .json(Value::Object(body));
    let project: Value = api.json(&call).await?;
    let project = public_view(project);
    if ctx.printer.json {
        return ctx.printer.json(&project);
    }
    ctx.printer.success(&format!("Updated project {id}"));
    Ok(())
}

async fn delete(ctx: &Ctx, id: &str, yes: bool) -> Result<()> {
    if !ctx.confirm_delete(
        &format!("project {id} with all its assistants and threads"),
        yes,
    )? {
        return Ok(());
    }
    let api = ctx.api()?;
    let call = Call::new(
        reqwest::Method::DELETE,
        item_path("/projects", id, ""),
        Auth::User,
    )
    .query("confirm", "true");
    api.empty(&call).await?;
    let store = ctx.credentials()?;
    let profile = ctx.profile();
    store.update(|s| {
        if let Some(p) = s.profiles.get_mut(&profile) {
            p.project_tokens.remove(id);
        }
    })?;
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"deleted": true, "project_id": id}));
    }
    ctx.printer.success(&format!("Deleted project {id}"));
    Ok(())
}
