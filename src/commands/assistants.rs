//! `epsimo assistants`: list (the default), show, create, update, delete.

use serde_json::{Value, json};

use super::Ctx;
use crate::cli::{AssistantFields, AssistantsArgs, AssistantsCommand};
use crate::contract::assistant::{Desired, View};
use crate::error::{CliError, Result};
use crate::output::Col;
use crate::platform::assistants;

pub async fn run(args: AssistantsArgs, ctx: &Ctx) -> Result<()> {
    let pid = ctx.project_id(&args.project).await?;
    let resolve = |id: String| {
        let pid = pid.clone();
        async move { super::assistant_named(ctx, &pid, &id).await }
    };
    match args.command.unwrap_or(AssistantsCommand::List) {
        AssistantsCommand::List => list(ctx, &pid).await,
        AssistantsCommand::Show { id } => show(ctx, &pid, &resolve(id).await?).await,
        AssistantsCommand::Create(fields) => create(ctx, &pid, fields).await,
        AssistantsCommand::Update { id, fields } => {
            update(ctx, &pid, &resolve(id).await?, fields).await
        }
        AssistantsCommand::Delete { id, yes } => delete(ctx, &pid, &resolve(id).await?, yes).await,
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
    let items = assistants::list(&api, pid).await?;
    drop(spinner);
    if ctx.printer.json {
        return ctx.printer.json(&items);
    }
    if items.is_empty() && ctx.printer.stdout_tty {
        ctx.printer
            .status("No assistants yet. Create one with `epsimo assistants create --name NAME`.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|a| {
            let v = View::of(a.raw());
            vec![
                v.id().to_string(),
                v.name().to_string(),
                v.family().unwrap_or("").to_string(),
                v.model().unwrap_or("").to_string(),
                tool_names(v.tools()),
                v.public().to_string(),
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            Col::id("ID"),
            Col::text("Name"),
            Col::text("Family"),
            Col::text("Model"),
            Col::text("Tools"),
            Col::id("Public"),
        ],
        &rows,
    )
}

async fn fetch(ctx: &Ctx, pid: &str, id: &str) -> Result<Value> {
    Ok(assistants::get(&ctx.api()?, pid, id).await?.into_raw())
}

async fn show(ctx: &Ctx, pid: &str, id: &str) -> Result<()> {
    let a = fetch(ctx, pid, id).await?;
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    let v = View::of(&a);
    let bot = v.bot_type();
    let mut fields = vec![
        ("ID", id.to_string()),
        ("Name", v.name().to_string()),
        ("Type", bot.to_string()),
        (
            "Family",
            v.family().unwrap_or("(the server's default)").to_string(),
        ),
    ];
    if let Some(m) = v.model() {
        fields.push(("Model", m.to_string()));
    }
    fields.push(("Public", v.public().to_string()));
    if bot == "agent" {
        fields.push(("Tools", tool_names(v.tools())));
        if let Some(b) = v.interrupt_before_action() {
            fields.push(("Interrupt", b.to_string()));
        }
    }
    fields.push(("Instructions", v.instructions().unwrap_or("").to_string()));
    ctx.printer.record(&fields)
}

fn instructions(fields: &AssistantFields) -> Result<Option<String>> {
    if let Some(path) = &fields.instructions_file {
        return crate::util::read_text_capped(path, crate::util::MAX_INSTRUCTIONS_BYTES)
            .map(Some)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())));
    }
    Ok(fields.instructions.clone())
}

/// What the flags ask for; tools are resolved against the server's catalogue.
fn desired(fields: &AssistantFields) -> Result<Desired> {
    Ok(Desired {
        name: fields.name.clone(),
        bot_type: fields.bot_type.clone(),
        model: fields.model.clone(),
        family: fields.agent_type.clone(),
        instructions: instructions(fields)?,
        tools: None,
        interrupt_before_action: fields.interrupt_before_action,
        retrieval_description: fields.retrieval_description.clone(),
        public: fields.public,
        as_written: false,
    })
}

fn validation(fields: &AssistantFields) -> assistants::Validation {
    if fields.no_validate {
        assistants::Validation::AsWritten
    } else {
        assistants::Validation::Checked
    }
}

/// What a create or an update wrote, after what its checks said is shown.
fn shown(
    ctx: &Ctx,
    written: assistants::Written,
) -> crate::platform::Wire<crate::platform::Assistant> {
    ctx.printer.findings(&written.findings);
    written.assistant
}

async fn create(ctx: &Ctx, pid: &str, fields: AssistantFields) -> Result<()> {
    let api = ctx.api()?;
    let (d, how) = (desired(&fields)?, validation(&fields));
    let a = shown(
        ctx,
        assistants::create_checked(&api, pid, d, &fields.tools, how).await?,
    );
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    ctx.printer.success(&format!(
        "Created assistant {} ({})",
        crate::util::sanitize(&a.name),
        a.assistant_id
    ));
    ctx.printer.line(&a.assistant_id)
}

async fn update(ctx: &Ctx, pid: &str, id: &str, fields: AssistantFields) -> Result<()> {
    let api = ctx.api()?;
    let (d, how) = (desired(&fields)?, validation(&fields));
    let a = shown(
        ctx,
        assistants::update_checked(&api, pid, id, d, &fields.tools, how).await?,
    );
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    ctx.printer.success(&format!("Updated assistant {id}"));
    Ok(())
}

async fn delete(ctx: &Ctx, pid: &str, id: &str, yes: bool) -> Result<()> {
    let api = ctx.api()?;
    // The server answers "ok" for any id: one that is not there is said, before
    // anyone is asked to confirm it.
    assistants::get(&api, pid, id).await?;
    if !ctx.confirm_delete(&format!("assistant {id}"), yes)? {
        return Ok(());
    }
    assistants::delete(&api, pid, id).await?;
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"deleted": true, "assistant_id": id}));
    }
    ctx.printer.success(&format!("Deleted assistant {id}"));
    Ok(())
}
