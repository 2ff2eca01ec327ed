//! `epsimo assistants`: list (the default), show, create, update, delete.

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::Ctx;
use crate::api::assistant::{DEFAULT_MODEL, Spec, builtin_tool};
use crate::api::{Auth, Call, item_path};
use crate::cli::{AssistantFields, AssistantsArgs, AssistantsCommand};
use crate::error::{CliError, Result};

pub async fn run(args: AssistantsArgs, ctx: &Ctx) -> Result<()> {
    let pid = ctx.project_id(&args.project).await?;
    match args.command.unwrap_or(AssistantsCommand::List) {
        AssistantsCommand::List => list(ctx, &pid).await,
        AssistantsCommand::Show { id } => show(ctx, &pid, &id).await,
        AssistantsCommand::Create(fields) => create(ctx, &pid, fields).await,
        AssistantsCommand::Update { id, fields } => update(ctx, &pid, &id, fields).await,
        AssistantsCommand::Delete { id, yes } => delete(ctx, &pid, &id, yes).await,
    }
}

fn tool_names(tools: &[Value]) -> String {
    tools
        .iter()
        .map(|t| {
            t.get("name")
                .or_else(|| t.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn list(ctx: &Ctx, pid: &str) -> Result<()> {
    let api = ctx.api()?;
    let spinner = ctx.printer.spinner("Fetching assistants…");
    let items: Vec<Value> = api
        .json(&Call::get("/assistants/", Auth::Project(pid.into())))
        .await?;
    drop(spinner);
    if ctx.printer.json {
        return ctx.printer.json(&Value::Array(items));
    }
    if items.is_empty() && ctx.printer.stdout_tty {
        ctx.printer
            .status("No assistants yet. Create one with `epsimo assistants create --name NAME`.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|a| {
            let spec = Spec::from_remote(a);
            vec![
                a.get("assistant_id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                spec.name,
                spec.model,
                tool_names(&spec.tools),
                spec.public.to_string(),
            ]
        })
        .collect();
    ctx.printer
        .table(&["ID", "Name", "Model", "Tools", "Public"], &rows)
}

async fn fetch(ctx: &Ctx, pid: &str, id: &str) -> Result<Value> {
    ctx.api()?
        .json(&Call::get(
            item_path("/assistants", id, ""),
            Auth::Project(pid.into()),
        ))
        .await
}

async fn show(ctx: &Ctx, pid: &str, id: &str) -> Result<()> {
    let a = fetch(ctx, pid, id).await?;
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    let spec = Spec::from_remote(&a);
    ctx.printer.record(&[
        ("ID", id.to_string()),
        ("Name", spec.name.clone()),
        ("Model", spec.model.clone()),
        ("Agent type", spec.agent_type.clone().unwrap_or_default()),
        ("Public", spec.public.to_string()),
        ("Tools", tool_names(&spec.tools)),
        ("Instructions", spec.instructions.clone()),
    ])
}

fn instructions(fields: &AssistantFields) -> Result<Option<String>> {
    if let Some(path) = &fields.instructions_file {
        return std::fs::read_to_string(path)
            .map(Some)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())));
    }
    Ok(fields.instructions.clone())
}

fn tools(types: &[String]) -> Result<Vec<Value>> {
    types.iter().map(|t| builtin_tool(t, Map::new())).collect()
}

async fn create(ctx: &Ctx, pid: &str, fields: AssistantFields) -> Result<()> {
    let name = fields
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            CliError::usage("an assistant needs a name").with_hint("pass --name NAME")
        })?;
    let spec = Spec {
        name,
        model: fields.model.clone().unwrap_or_else(|| DEFAULT_MODEL.into()),
        agent_type: None,
        instructions: instructions(&fields)?
            .unwrap_or_else(|| "You are a helpful assistant.".into()),
        tools: tools(&fields.tools)?,
        public: fields.public.unwrap_or(false),
    };
    let api = ctx.api()?;
    let a: Value = api
        .json(&Call::post(
            "/assistants/",
            Auth::Project(pid.into()),
            spec.payload(),
        ))
        .await?;
    let id = a
        .get("assistant_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    ctx.printer.success(&format!(
        "Created assistant {} ({id})",
        crate::util::sanitize(&spec.name)
    ));
    ctx.printer.line(&id)
}

async fn update(ctx: &Ctx, pid: &str, id: &str, fields: AssistantFields) -> Result<()> {
    let current = fetch(ctx, pid, id).await?;
    let mut spec = Spec::from_remote(&current);
    if let Some(n) = fields.name.clone() {
        spec.name = n;
    }
    if let Some(m) = fields.model.clone() {
        // A new model gets its own family name unless the old one was explicit.
        spec.agent_type = None;
        spec.model = m;
    }
    if let Some(text) = instructions(&fields)? {
        spec.instructions = text;
    }
    if !fields.tools.is_empty() {
        spec.tools = tools(&fields.tools)?;
    }
    if let Some(p) = fields.public {
        spec.public = p;
    }
    let call = Call::new(
        Method::PUT,
        item_path("/assistants", id, ""),
        Auth::Project(pid.into()),
    )
    .json(spec.payload());
    let a: Value = ctx.api()?.json(&call).await?;
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    ctx.printer.success(&format!("Updated assistant {id}"));
    Ok(())
}

async fn delete(ctx: &Ctx, pid: &str, id: &str, yes: bool) -> Result<()> {
    if !ctx.confirm_delete(&format!("assistant {id}"), yes)? {
        return Ok(());
    }
    let call = Call::new(
        Method::DELETE,
        item_path("/assistants", id, ""),
        Auth::Project(pid.into()),
    );
    ctx.api()?.empty(&call).await?;
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"deleted": true, "assistant_id": id}));
    }
    ctx.printer.success(&format!("Deleted assistant {id}"));
    Ok(())
}
