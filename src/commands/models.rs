//! `epsimo models`: the model families the server accepts, per bot type, from its own
//! schema (`GET /runs/config_schema`).

use serde_json::json;

use super::Ctx;
use crate::cli::ModelsArgs;
use crate::error::Result;
use crate::output::Col;

/// The server's schema: cached, or asked again with `--refresh`. `models` and
/// `tools types` both read it. It is the server's, not a project's: without a
/// project named or linked, any of the user's projects opens it (the route takes
/// a project token), and no picker is shown.
pub async fn read_schema(
    ctx: &Ctx,
    args: &ModelsArgs,
) -> Result<(crate::sdk::Client, crate::sdk::Schema)> {
    let client = ctx.client()?;
    let pid = match ctx.project_id_offline(&args.project)? {
        Some(pid) => pid,
        None => {
            if !args.refresh
                && let Some(fresh) = client.cached_schema()
            {
                return Ok((client, fresh));
            }
            let projects = client.projects().list().await?;
            match projects.first() {
                Some(p) => p.project_id.clone(),
                None => {
                    return Err(crate::error::CliError::usage(
                        "the server's schema is read with a project's token, and you have no project yet",
                    )
                    .with_hint("create one with `epsimo projects create NAME`"));
                }
            }
        }
    };
    let spinner = ctx.printer.spinner("Reading the server's schema…");
    let loaded = client.project(&pid).schema(args.refresh).await?;
    drop(spinner);
    Ok((client, loaded))
}

pub async fn run(args: ModelsArgs, ctx: &Ctx) -> Result<()> {
    let (api, loaded) = read_schema(ctx, &args).await?;
    let source = loaded.source.describe(api.url());
    if ctx.printer.json {
        return ctx.printer.json(&json!({
            "source": source,
            "bot_types": loaded.catalog.bot_types,
            "families": loaded.catalog.families_json(),
        }));
    }
    let mut rows = Vec::new();
    for f in &loaded.catalog.families {
        for name in &f.names {
            let default = if f.default.as_deref() == Some(name.as_str()) {
                "default"
            } else {
                ""
            };
            rows.push(vec![f.bot_type.clone(), name.clone(), default.to_string()]);
        }
    }
    ctx.printer.table(
        &[Col::id("Bot type"), Col::text("Family"), Col::text("")],
        &rows,
    )?;
    ctx.printer.status(&format!("From {source}."));
    Ok(())
}
