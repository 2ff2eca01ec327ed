//! `epsimo tools`: the platform's catalogue and tool health.

use serde_json::Value;

use super::Ctx;
use crate::cli::{ToolsArgs, ToolsCommand};
use crate::error::{CliError, Exit, Result};
use crate::output::Col;

pub async fn run(args: ToolsArgs, ctx: &Ctx) -> Result<()> {
    match args.command.unwrap_or(ToolsCommand::List) {
        ToolsCommand::List => list(ctx).await,
        ToolsCommand::Health { tool_type } => health(ctx, &tool_type).await,
        ToolsCommand::Types(args) => types(ctx, args).await,
        ToolsCommand::Library => library(ctx),
    }
}

/// The built-in library for `epsimo.yaml` (`- use: NAME`); no request needed.
fn library(ctx: &Ctx) -> Result<()> {
    use crate::contract::library::{LIBRARY, expand};
    if ctx.printer.json {
        let items: Vec<Value> = LIBRARY
            .iter()
            .map(|(name, what, desc)| {
                serde_json::json!({"name": name, "provides": what, "description": desc, "tool": expand(name, "library").map(|t| t.resolve(&crate::contract::Catalog::upstream()).0)})
            })
            .collect();
        return ctx.printer.json(&Value::Array(items));
    }
    let rows: Vec<Vec<String>> = LIBRARY
        .iter()
        .map(|(n, w, d)| vec![n.to_string(), w.to_string(), d.to_string()])
        .collect();
    ctx.printer.table(
        &[
            Col::id("Name (use: NAME)"),
            Col::text("Provides"),
            Col::text("Description"),
        ],
        &rows,
    )
}

/// The tool types of the server's own schema (`GET /runs/config_schema`).
async fn types(ctx: &Ctx, args: crate::cli::ModelsArgs) -> Result<()> {
    let (api, loaded) = super::models::read_schema(ctx, &args).await?;
    let list = loaded.catalog.tools_json();
    if ctx.printer.json {
        return ctx.printer.json(&list);
    }
    let s = |t: &Value, k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let rows: Vec<Vec<String>> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            let settings: Vec<String> = t["settings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let name = match (s(t, "name"), t["name_fixed"].as_bool() == Some(true)) {
                (n, _) if n.is_empty() => String::new(),
                (n, true) => format!("{n} (fixed)"),
                (n, false) => n,
            };
            vec![
                s(t, "type"),
                t["model_visible_name"]
                    .as_str()
                    .unwrap_or("(not recorded)")
                    .to_string(),
                settings.join(", "),
                name,
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            Col::id("Type"),
            Col::text("Model sees"),
            Col::text("Settings"),
            Col::text("Name"),
        ],
        &rows,
    )?;
    ctx.printer.status(&format!(
        "From {}. A tool is named in epsimo.yaml by its type; a tool call carries the name the model sees.",
        loaded.source.describe(api.url())
    ));
    Ok(())
}

async fn list(ctx: &Ctx) -> Result<()> {
    let tools = ctx.client()?.tools().await?;
    if ctx.printer.json {
        return ctx.printer.json(&Value::Array(tools));
    }
    let s = |t: &Value, k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let rows: Vec<Vec<String>> = tools
        .iter()
        .map(|t| {
            vec![
                s(t, "type"),
                s(t, "name"),
                crate::util::markdown_links_as_text(&s(t, "description")),
            ]
        })
        .collect();
    ctx.printer.table(
        &[Col::id("Type"), Col::text("Name"), Col::text("Description")],
        &rows,
    )
}

async fn health(ctx: &Ctx, tool_type: &str) -> Result<()> {
    let v = ctx.client()?.tool_health(tool_type).await?;
    let status = v
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    if ctx.printer.json {
        ctx.printer.json(&v)?;
    } else {
        let mut pairs = vec![("Tool", tool_type.to_string()), ("Status", status.clone())];
        for k in ["message", "error"] {
            if let Some(m) = v.get(k).and_then(Value::as_str) {
                pairs.push((
                    if k == "message" { "Message" } else { "Error" },
                    m.to_string(),
                ));
            }
        }
        ctx.printer.record(&pairs)?;
    }
    if status != "healthy" {
        return Err(CliError::new(
            Exit::Failure,
            format!("{tool_type} is {status}"),
        ));
    }
    Ok(())
}
