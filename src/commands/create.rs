//! `epsimo create NAME`: scaffold a Next.js app with a chat UI.

use std::path::PathBuf;

use serde_json::json;

use super::Ctx;
use crate::cli::CreateArgs;
use crate::error::{CliError, Result};
use crate::scaffold::{slug, write_app};

pub async fn run(args: CreateArgs, ctx: &Ctx) -> Result<()> {
    if args.name.trim().is_empty() {
        return Err(
            CliError::usage("the app needs a name").with_hint("epsimo create \"My AI App\"")
        );
    }
    let slug = slug(&args.name);
    // Without --dir the app lands in ./<slug>; the slug has no `/` or `..`, so it
    // stays inside the current directory whatever the name holds.
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(&slug));
    let (api_url, _) = ctx.api_url();
    let files = write_app(&dir, &args.name, &api_url, args.force)?;
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "name": args.name,
            "package": slug,
            "dir": dir,
            "files": files.len(),
        }));
    }
    ctx.printer.success(&format!(
        "Created {} in {} ({} files)",
        crate::util::sanitize(&args.name),
        dir.display(),
        files.len()
    ));
    ctx.printer.status(&format!(
        "Next:\n  cd {}\n  epsimo init --create     # link it to a new project\n  epsimo deploy            # create its assistant; writes the ids to .env.local\n  npm install && npm run dev",
        dir.display()
    ));
    ctx.printer.line(&dir.display().to_string())
}
