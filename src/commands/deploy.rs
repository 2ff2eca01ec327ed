//! `epsimo deploy`: validate `epsimo.yaml`, plan against the project, apply.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::Ctx;
use crate::cli::DeployArgs;
use crate::config::manifest::{self, Manifest};
use crate::config::settings;
use crate::env;
use crate::error::{CliError, Exit, Result};
use crate::sdk::{Action, DeployPlan};

pub fn manifest_path(file: Option<&PathBuf>) -> Result<PathBuf> {
    match file {
        Some(f) => Ok(f.clone()),
        None => manifest::find().ok_or_else(|| {
            CliError::usage("no epsimo.yaml here or in any parent directory")
                .with_hint("run `epsimo init` to create one, or pass -f FILE")
        }),
    }
}

pub async fn run(args: DeployArgs, ctx: &Ctx) -> Result<()> {
    let path = manifest_path(args.file.as_ref())?;
    // A pipe (`-f <(...)`) may never end: Ctrl-C ends the read (exit 130).
    let reading = crate::interrupt::reading();
    let m = Manifest::load_lenient(&path);
    drop(reading);
    let m = m?;
    if !m.problems.is_empty() {
        // What the catalogue says of the assistants that are whole is reported with
        // the structure's problems, not after they are fixed.
        let (loaded, _) = cached_catalog(ctx);
        let (_, findings) = m.resolve(&loaded.catalog);
        let (refused, said) =
            crate::contract::assistant::verdict(findings, loaded.source.is_authoritative());
        ctx.printer.findings(&said);
        return Err(m.problems_error(refused, "fix them; nothing was sent"));
    }
    if args.check {
        return check(ctx, &path, &m);
    }
    let chosen = settings::project(
        args.project.project_id.clone(),
        env::get(env::PROJECT_ID),
        Some((path.clone(), m.project_id.clone())),
    )
    .ok_or_else(|| {
        CliError::usage(format!("{} is not linked to a project", path.display()))
            .with_hint("run `epsimo init`, or pass --project-id")
    })?;
    // Deploying one manifest to several projects (staging, production) this way is
    // legitimate; doing it by accident is not, so it is said.
    if chosen.given()
        && let Some(linked) = m
            .project_id
            .as_deref()
            .filter(|l| !l.is_empty() && *l != chosen.value)
    {
        ctx.printer.warn(&format!(
            "deploying to project {} (from {}), not to {linked} named in {}",
            chosen.value,
            chosen.source,
            path.display()
        ));
    }
    let from_manifest = !chosen.given();
    let pid = chosen.value;
    let client = ctx.client()?;
    let project = client.project(&pid);
    // Two deploys of one project on this machine would both create what is
    // missing: the second waits for the first, then plans against its result.
    let _lock = if args.dry_run {
        None
    } else {
        Some(lock(ctx, client.url(), &pid)?)
    };
    let manifest = crate::sdk::Manifest::from(m.clone());
    // Deploy handles Ctrl-C itself (to report while applying); before that, an
    // interrupt simply stops.
    let planned = tokio::select! {
        r = project.plan(&manifest, args.prune, !args.no_validate) => r.map_err(CliError::from),
        _ = crate::interrupt::shutdown_signal() => return Err(CliError::interrupted()),
    };
    // A project that is not there, named by epsimo.yaml: say where the id came from.
    let the_plan = planned.map_err(|e| {
        if e.exit == Exit::NotFound && from_manifest {
            CliError::new(
                Exit::NotFound,
                format!(
                    "project {pid} named in {} does not exist (or is not yours)",
                    path.display()
                ),
            )
            .with_hint("run `epsimo init --force` to link this directory to another project, or pass --project-id")
        } else {
            e
        }
    })?;
    ctx.printer.findings(the_plan.findings());
    // What is shown never holds a value that came from the environment.
    if !ctx.printer.quiet {
        ctx.printer
            .say_raw(&the_plan.render(ctx.printer.color, "`--prune` deletes them"));
    }
    if args.dry_run {
        report(ctx, &pid, &the_plan, &[])?;
        if args.exit_code && the_plan.pending() {
            return Err(CliError::new(Exit::Pending, "changes are pending"));
        }
        return Ok(());
    }
    let deletions = the_plan.count(Action::Delete);
    if deletions > 0
        && !args.yes
        && !ctx.confirm(
            &format!(
                "Delete {} not in the manifest?",
                crate::util::count(deletions, "assistant", "assistants")
            ),
            "--yes",
        )?
    {
        ctx.printer.status("Nothing applied.");
        return Ok(());
    }
    let outcome = project
        .deploy_apply_until(&the_plan, crate::interrupt::shutdown_signal())
        .await?;
    if outcome.failed.is_empty() && !outcome.interrupted {
        report(ctx, &pid, &the_plan, &outcome.ids)?;
        write_env_file(ctx, &path, args.env_file.as_deref(), &pid, &m, &outcome.ids)?;
        if the_plan.pending() {
            ctx.printer.success("Deployed.");
        } else {
            ctx.printer.status("Nothing to change.");
        }
        return Ok(());
    }
    ctx.printer.say(&format!(
        "Applied {}; {} failed{}:",
        crate::util::count(outcome.applied.len(), "change", "changes"),
        outcome.failed.len(),
        if outcome.interrupted {
            " (interrupted: nothing new was started)"
        } else {
            ""
        }
    ));
    for name in &outcome.applied {
        ctx.printer.say(&format!("  done    {name}"));
    }
    for (name, e) in &outcome.failed {
        ctx.printer
            .say(&format!("  failed  {name}: {}", e.message()));
    }
    if outcome.interrupted {
        return Err(CliError::interrupted());
    }
    let first = outcome
        .failed
        .into_iter()
        .next()
        .map(|(_, e)| CliError::from(e).exit)
        .unwrap_or(Exit::Failure);
    Err(CliError::new(first, "the deploy did not finish")
        .with_hint("run `epsimo deploy` again: it applies only what is still missing"))
}

/// `--check`: validates the manifest without sending anything, against the server's
/// schema as last cached for this API URL, else upstream's table; says which.
/// The catalogue a check without the network uses: the server's cached schema,
/// else upstream's table (said so), and the API URL it is of.
fn cached_catalog(ctx: &Ctx) -> (crate::sdk::Schema, String) {
    let url = ctx.api_url().0;
    let loaded = crate::sdk::cached_schema(crate::config::cache_dir().as_deref(), &url)
        .unwrap_or_else(|| crate::sdk::Schema {
            catalog: crate::contract::Catalog::upstream(),
            source: crate::sdk::SchemaSource::Builtin(format!(
                "no schema of {url} is cached yet: `epsimo models` or a deploy fetches it"
            )),
        });
    (loaded, url)
}

fn check(ctx: &Ctx, path: &Path, m: &Manifest) -> Result<()> {
    let (loaded, url) = cached_catalog(ctx);
    let against = loaded.source.describe(&url);
    let (_, findings) = m.resolve(&loaded.catalog);
    let (refused, said) =
        crate::contract::assistant::verdict(findings, loaded.source.is_authoritative());
    if !refused.is_empty() {
        return Err(m.refusal(
            refused,
            format!("checked against {against}; nothing was sent"),
        ));
    }
    ctx.printer.findings(&said);
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "valid": true, "file": path, "assistants": m.assistants.len(), "checked_against": against,
        }));
    }
    let n = m.assistants.len();
    ctx.printer.success(&format!(
        "{} is valid: {n} {} (checked against {against})",
        path.display(),
        if n == 1 { "assistant" } else { "assistants" }
    ));
    Ok(())
}

/// Takes this machine's deploy lock for the API URL and project, waiting (and saying
/// so) while another deploy holds it. Held until dropped.
fn lock(ctx: &Ctx, api_url: &str, pid: &str) -> Result<std::fs::File> {
    let (file, path) = match crate::config::deploy_lock::lock(api_url, pid)? {
        crate::config::deploy_lock::Lock::Held(file) => return Ok(file),
        crate::config::deploy_lock::Lock::Busy(file, path) => (file, path),
    };
    ctx.printer.status(&format!(
        "Waiting for another deploy of project {pid} on this machine to finish…"
    ));
    let _reading = crate::interrupt::reading();
    file.lock()
        .map_err(|e| CliError::failure(format!("cannot lock {}: {e}", path.display())))?;
    Ok(file)
}

/// `--json`: one document; human: `name<TAB>assistant_id` per assistant on stdout.
fn report(ctx: &Ctx, pid: &str, plan: &DeployPlan, ids: &[(String, String)]) -> Result<()> {
    if ctx.printer.json {
        return ctx.printer.json(&plan.report(pid, ids));
    }
    for (name, id) in plan.assistants_after(ids) {
        ctx.printer
            .line(&format!("{}\t{id}", crate::util::sanitize(&name)))?;
    }
    Ok(())
}

/// Sets `KEY=value` in dotenv text, keeping every other line.
pub fn set_env_line(text: &str, key: &str, value: &str) -> String {
    let mut found = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            let bare = l.trim_start().trim_start_matches("export ");
            if bare.split('=').next().map(str::trim) == Some(key) {
                found = true;
                format!("{key}={value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        lines.push(format!("{key}={value}"));
    }
    lines.join("\n") + "\n"
}

/// Writes the ids where the scaffolded app reads them: `.env.local` beside the
/// manifest when it exists, or `--env-file`.
fn write_env_file(
    ctx: &Ctx,
    manifest_path: &Path,
    env_file: Option<&Path>,
    pid: &str,
    m: &Manifest,
    ids: &[(String, String)],
) -> Result<()> {
    let path = match env_file {
        Some(p) => p.to_path_buf(),
        None => {
            let p = manifest_path
                .parent()
                .unwrap_or(Path::new("."))
                .join(".env.local");
            if !p.exists() {
                return Ok(());
            }
            p
        }
    };
    let Some(first) = m.assistants.first() else {
        return Ok(());
    };
    let Some((_, id)) = ids
        .iter()
        .find(|(n, _)| Some(n.as_str()) == first.desired.name.as_deref())
    else {
        return Ok(());
    };
    // A link (planted in a cloned repository) would make deploy read its target
    // and copy it here: not followed.
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        ctx.printer.warn(&format!(
            "{} is a symbolic link: not written (point --env-file at a regular file)",
            path.display()
        ));
        return Ok(());
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let text = set_env_line(&text, "NEXT_PUBLIC_EPSIMO_ASSISTANT_ID", id);
    let text = set_env_line(&text, "NEXT_PUBLIC_EPSIMO_PROJECT_ID", pid);
    crate::util::write_atomic(&path, text.as_bytes(), None)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    ctx.printer
        .status(&format!("Wrote the assistant id to {}", path.display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_lines_are_set_in_place() {
        let text =
            "# keep me\nNEXT_PUBLIC_EPSIMO_API_URL=http://x\nNEXT_PUBLIC_EPSIMO_ASSISTANT_ID=old\n";
        assert_eq!(
            set_env_line(text, "NEXT_PUBLIC_EPSIMO_ASSISTANT_ID", "new"),
            "# keep me\nNEXT_PUBLIC_EPSIMO_API_URL=http://x\nNEXT_PUBLIC_EPSIMO_ASSISTANT_ID=new\n"
        );
        assert_eq!(set_env_line("", "K", "v"), "K=v\n");
        assert_eq!(set_env_line("A=1", "K", "v"), "A=1\nK=v\n");
    }
}
