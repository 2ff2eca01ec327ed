//! `epsimo init`: link the current directory to a project through `epsimo.yaml`.

use std::path::Path;

use serde_json::{Value, json};

use super::{Ctx, pick_from};
use crate::cli::InitArgs;
use crate::config::manifest::{self, FILE_NAME, set_project_id};
use crate::error::{CliError, Result};
use crate::sdk::Client;

/// The manifest `init` writes when there is none: one assistant with the database tool.
pub fn default_manifest(project_id: &str, name: &str) -> String {
    format!(
        "# epsimo.yaml: this app's assistants, applied with `epsimo deploy`.\n\
         # Reference: `epsimo help guide manifest`.\n\
         project_id: {project_id}\n\
         name: {name}\n\
         assistants:\n\
         \x20 - name: Assistant\n\
         \x20   model: gpt-4o\n\
         \x20   instructions: >-\n\
         \x20     You are a helpful assistant. When you learn something worth keeping\n\
         \x20     about the user, save it with the update_database tool.\n\
         \x20   tools:\n\
         \x20     - use: database_sync\n",
        name = serde_json::to_string(name).unwrap_or_else(|_| "\"app\"".into()),
    )
}

async fn create_project(client: &Client, name: &str) -> Result<String> {
    Ok(client.projects().create(name).await?.project_id.clone())
}

fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "app".into())
}

pub async fn run(args: InitArgs, ctx: &Ctx) -> Result<()> {
    let dir = std::env::current_dir()?;
    let path = dir.join(FILE_NAME);
    let existing = if path.is_file() {
        Some(
            std::fs::read_to_string(&path)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?,
        )
    } else {
        None
    };
    let linked = match &existing {
        Some(_) => manifest::read_link(&path)?
            .project_id
            .filter(|p| !p.is_empty()),
        None => None,
    };
    let default_name = match &existing {
        Some(text) => serde_saphyr::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get("name").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| dir_name(&dir)),
        None => dir_name(&dir),
    };
    // A linked directory keeps its link: `--create` (or `--name`) again would make a
    // new, orphan project on every retry. Another project needs `--force`.
    if let (Some(id), false, true) = (&linked, args.force, args.create || args.name.is_some()) {
        ctx.printer.warn(&format!(
            "{} is already linked to project {id}: no new project was created (add --force to create and link another)",
            path.display()
        ));
        return finish(ctx, id, &path, false);
    }
    let client = ctx.client()?;
    let (pid, created) = if let Some(id) = &args.project.project_id {
        // Checked to exist (and to be yours).
        client.projects().get(id).await?;
        (id.clone(), false)
    } else if let Some(name) = &args.name {
        (create_project(&client, name).await?, true)
    } else if args.create {
        (create_project(&client, &default_name).await?, true)
    } else if let Some(id) = crate::env::get(crate::env::PROJECT_ID).filter(|p| !p.is_empty()) {
        // As every project-scoped command takes it (checked to exist and be yours).
        client.projects().get(&id).await?;
        (id, false)
    } else if let (Some(id), false) = (&linked, args.force) {
        ctx.printer.status(&format!(
            "{} is already linked to project {id}.",
            path.display()
        ));
        return finish(ctx, id, &path, false);
    } else if ctx.printer.interactive {
        pick(ctx, &client, &default_name).await?
    } else {
        return Err(CliError::usage("which project should this directory use?").with_hint(
            "pass --project-id ID to link an existing project, or --name NAME (or --create) to make one",
        ));
    };
    if let Some(old) = &linked
        && *old != pid
        && !args.force
    {
        return Err(CliError::usage(format!(
            "{} is linked to project {old} already",
            path.display()
        ))
        .with_hint("pass --force to link the other project"));
    }
    let text = match &existing {
        Some(text) => set_project_id(text, &pid),
        None => default_manifest(&pid, &default_name),
    };
    crate::util::write_atomic(&path, text.as_bytes(), None)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    if created {
        ctx.printer.success(&format!("Created project {pid}"));
    }
    finish(ctx, &pid, &path, true)
}

fn finish(ctx: &Ctx, pid: &str, path: &Path, wrote: bool) -> Result<()> {
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"project_id": pid, "manifest": path, "written": wrote}));
    }
    if wrote {
        ctx.printer
            .success(&format!("Linked {} to project {pid}", path.display()));
    }
    ctx.printer
        .status("Next: `epsimo deploy` creates the assistants it declares.");
    ctx.printer.line(pid)
}

async fn pick(ctx: &Ctx, client: &Client, default_name: &str) -> Result<(String, bool)> {
    let projects = client.projects().list().await?;
    let label = format!("a new project named {default_name:?}");
    match pick_from(
        &ctx.printer,
        "Link this directory to:",
        &projects,
        Some(&label),
    )? {
        None => Ok((create_project(client, default_name).await?, true)),
        Some(i) => Ok((projects[i].project_id.clone(), false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_manifest_is_valid() {
        let m = crate::config::manifest::Manifest::parse(
            Path::new("epsimo.yaml"),
            &default_manifest("p-1", "my \"app\""),
        )
        .unwrap();
        assert_eq!(m.project_id.as_deref(), Some("p-1"));
        assert_eq!(m.name.as_deref(), Some("my \"app\""));
        let (resolved, findings) = m.resolve(&crate::contract::Catalog::upstream());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            resolved[0].tools.as_ref().unwrap()[0]["name"],
            "update_database"
        );
    }
}
