//! `epsimo models`: the model families the server accepts, per bot type, from its own
//! schema (`GET /runs/config_schema`).

use serde_json::json;

use super::Ctx;
use crate::api::schema;
use crate::cli::ModelsArgs;
use crate::error::Result;
use crate::output::Col;

/// The server's schema for the project `args` names: cached, or asked again with
/// `--refresh`. `models` and `tools types` both read it.
pub async fn read_schema(
    ctx: &Ctx,
    args: &ModelsArgs,
) -> Result<(crate::api::Api, schema::Loaded)> {
    let pid = ctx.project_id(&args.project).await?;
    let api = ctx.api()?;
    let spinner = ctx.printer.spinner("Reading the server's schema…");
    let loaded = if args.refresh {
        schema::fetch(&api, &pid).await?
    } else {
        schema::load(&api, &pid).await?
    };
    drop(spinner);
    Ok((api, loaded))
}

pub async fn run(args: ModelsArgs, ctx: &Ctx) -> Result<()> {
    let (api, loaded) = read_schema(ctx, &args).await?;
    let source = loaded.source.describe(api.base_url());
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
