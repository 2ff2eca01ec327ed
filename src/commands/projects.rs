//! `epsimo projects`: list (the default), create, show, update, delete.

use serde_json::json;

use super::Ctx;
use crate::cli::{ProjectsArgs, ProjectsCommand};
use crate::contract::models::field_text as text;
use crate::error::Result;
use crate::output::Col;
use crate::project_view as public_view;

pub async fn run(args: ProjectsArgs, ctx: &Ctx) -> Result<()> {
    match args.command.unwrap_or(ProjectsCommand::List) {
        ProjectsCommand::List => list(ctx).await,
        ProjectsCommand::Create { name, description } => create(ctx, name, description).await,
        ProjectsCommand::Show { id } => {
            let id = match id {
                Some(id) => id,
                None => ctx.project_id(&Default::default()).await?,
            };
            show(ctx, &id).await
        }
        ProjectsCommand::Update {
            id,
            name,
            description,
        } => update(ctx, &id, name, description).await,
        ProjectsCommand::Delete { id, yes } => delete(ctx, &id, yes).await,
    }
}

async fn list(ctx: &Ctx) -> Result<()> {
    let client = ctx.client()?;
    let spinner = ctx.printer.spinner("Fetching projects…");
    let projects = client.projects().list().await?;
    drop(spinner);
    if ctx.printer.json {
        let view: Vec<_> = projects.into_iter().map(public_view).collect();
        return ctx.printer.json(&view);
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
                p.project_id.clone(),
                p.name.clone(),
                p.text("description"),
                p.text("created_at"),
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            Col::id("ID"),
            Col::text("Name"),
            Col::text("Description"),
            Col::time("Created"),
        ],
        &rows,
    )
}

async fn create(ctx: &Ctx, name: String, description: String) -> Result<()> {
    let client = ctx.client()?;
    let project = client
        .projects()
        .create_described(&name, &description)
        .await?;
    let (name, id) = (project.name.clone(), project.project_id.clone());
    if ctx.printer.json {
        return ctx.printer.json(&public_view(project));
    }
    ctx.printer.success(&format!(
        "Created project {} ({id})",
        crate::util::sanitize(&name),
    ));
    ctx.printer.line(&id)
}

async fn show(ctx: &Ctx, id: &str) -> Result<()> {
    let client = ctx.client()?;
    let id = &super::project_named(ctx, id).await?;
    let project = public_view(client.projects().get(id).await?);
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
    let client = ctx.client()?;
    let id = &super::project_named(ctx, id).await?;
    let project = client
        .projects()
        .update(id, name.as_deref(), description.as_deref())
        .await?;
    let project = public_view(project);
    if ctx.printer.json {
        return ctx.printer.json(&project);
    }
    ctx.printer.success(&format!("Updated project {id}"));
    Ok(())
}

async fn delete(ctx: &Ctx, id: &str, yes: bool) -> Result<()> {
    let id = &super::project_named(ctx, id).await?;
    if !ctx.confirm_delete(
        &format!("project {id} with all its assistants and threads"),
        yes,
    )? {
        return Ok(());
    }
    ctx.client()?.projects().delete(id).await?;
    let store = ctx.credentials()?;
    let profile = ctx.profile();
    if store.load()?.profiles.contains_key(&profile) {
        store.update_profile(&profile, |p| p.project_tokens.remove(id))?;
    }
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"deleted": true, "project_id": id}));
    }
    ctx.printer.success(&format!("Deleted project {id}"));
    Ok(())
}
