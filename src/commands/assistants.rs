//! `epsimo assistants`: list (the default), show, create, update, delete.

use serde_json::{Value, json};

use super::Ctx;
use crate::cli::{AssistantFields, AssistantsArgs, AssistantsCommand};
use crate::contract::assistant::{Desired, View};
use crate::error::{CliError, Result};
use crate::output::Col;
use crate::sdk::Publish;
use crate::sdk::{Validation, Written};

pub async fn run(args: AssistantsArgs, ctx: &Ctx) -> Result<()> {
    let pid = ctx.project_id(&args.project).await?;
    let resolve = |id: String| {
        let pid = pid.clone();
        async move { super::assistant_named(ctx, &pid, &id).await }
    };
    match args.command.unwrap_or(AssistantsCommand::List) {
        AssistantsCommand::List => list(ctx, &pid).await,
        AssistantsCommand::Show { id, show_token } => {
            show(ctx, &pid, &resolve(id).await?, show_token).await
        }
        AssistantsCommand::Publish {
            id,
            no_auth,
            rotate,
            token_stdin,
        } => publish(ctx, &pid, &resolve(id).await?, no_auth, rotate, token_stdin).await,
        AssistantsCommand::Unpublish { id } => unpublish(ctx, &pid, &resolve(id).await?).await,
        AssistantsCommand::Endpoint { id } => endpoint(ctx, &pid, &resolve(id).await?).await,
        AssistantsCommand::Create(args) if args.interactive => {
            create_guided(ctx, &pid, args.fields).await.map(|_| ())
        }
        AssistantsCommand::Create(args) => create(ctx, &pid, args.fields).await.map(|_| ()),
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
    let project = ctx.client()?.project(pid);
    let spinner = ctx.printer.spinner("Fetching assistants…");
    let items = project.assistants().await?;
    drop(spinner);
    if ctx.printer.json {
        // Public tokens are masked here; `show --show-token` shows one.
        let masked: Vec<Value> = items
            .iter()
            .map(|a| crate::masked_assistant(a.raw().clone()))
            .collect();
        return ctx.printer.json(&masked);
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
    Ok(ctx.client()?.project(pid).assistant(id).await?.into_raw())
}

async fn show(ctx: &Ctx, pid: &str, id: &str, show_token: bool) -> Result<()> {
    let a = fetch(ctx, pid, id).await?;
    let (mode, token) = crate::access_of(&a);
    if ctx.printer.json {
        return ctx.printer.json(&if show_token {
            a
        } else {
            crate::masked_assistant(a)
        });
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
    let access = match (&token, mode.as_str()) {
        (Some(t), "public_token") if show_token => format!("{mode} (token {t})"),
        (Some(t), "public_token") => format!(
            "{mode} (token {}; --show-token shows it)",
            crate::util::mask_token(t)
        ),
        (None, "public_token") => format!("{mode} (no token set: nobody can call it)"),
        _ => mode.clone(),
    };
    fields.push(("Access", access));
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
        // Public access has its own commands (`publish`, `unpublish`).
        access: None,
        public_token: None,
        as_written: false,
    })
}

fn validation(fields: &AssistantFields) -> Validation {
    if fields.no_validate {
        Validation::AsWritten
    } else {
        Validation::Checked
    }
}

/// What a create or an update wrote, after what its checks said is shown.
fn shown(ctx: &Ctx, written: Written) -> crate::Wire<crate::Assistant> {
    ctx.printer.findings(&written.findings);
    written.assistant
}

/// Creates the assistant `fields` describe; returns its id.
async fn create(ctx: &Ctx, pid: &str, fields: AssistantFields) -> Result<String> {
    let project = ctx.client()?.project(pid);
    let (d, how) = (desired(&fields)?, validation(&fields));
    let a = shown(ctx, project.create_checked(d, &fields.tools, how).await?);
    if ctx.printer.json {
        ctx.printer.json(&a)?;
        return Ok(a.assistant_id.clone());
    }
    ctx.printer.success(&format!(
        "Created assistant {} ({})",
        crate::util::sanitize(&a.name),
        a.assistant_id
    ));
    ctx.printer.line(&a.assistant_id)?;
    Ok(a.assistant_id.clone())
}

/// `assistants create --interactive` (and the dashboard's `n`): asks for what the
/// flags left out, offering what the server's schema accepts: the bot types, the
/// bot type's model families, the tool types of its catalogue; the instructions
/// are written in `$EDITOR`. Then creates it as `create` does (same checks).
pub async fn create_guided(ctx: &Ctx, pid: &str, mut fields: AssistantFields) -> Result<String> {
    let printer = &ctx.printer;
    if !printer.interactive {
        return Err(CliError::usage(
            "--interactive asks questions, and this is not a terminal; pass --name, --model, --tool and --instructions instead",
        ));
    }
    let project = ctx.client()?.project(pid);
    let spinner = printer.spinner("Reading the server's schema…");
    let loaded = project.schema(false).await;
    drop(spinner);
    let catalog = loaded?.catalog;
    while fields.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        let name = super::prompt_line(printer, "Name: ")?;
        if name.trim().is_empty() {
            printer.say("An assistant needs a name.");
        }
        fields.name = Some(name.trim().to_string());
    }
    if fields.bot_type.is_none() && catalog.bot_types.len() > 1 {
        let what = |b: &str| match b {
            crate::contract::catalog::AGENT => "uses tools",
            crate::contract::catalog::CHAT_RETRIEVAL => "answers from uploaded files",
            "chatbot" => "talks, no tools",
            _ => "",
        };
        let choices: Vec<(&str, &str)> = catalog
            .bot_types
            .iter()
            .map(|b| (b.as_str(), what(b)))
            .collect();
        let i = super::pick(printer, "Bot type:", &choices, None)?
            .expect("no `new` choice was offered");
        fields.bot_type = Some(catalog.bot_types[i].clone());
    }
    let bot_type = fields
        .bot_type
        .clone()
        .or_else(|| catalog.bot_types.first().cloned())
        .unwrap_or_else(|| crate::contract::catalog::AGENT.to_string());
    if fields.model.is_none()
        && fields.agent_type.is_none()
        && let Some(families) = catalog.families(&bot_type)
        && !families.names.is_empty()
    {
        let marks: Vec<&str> = families
            .names
            .iter()
            .map(|n| {
                if families.default.as_deref() == Some(n.as_str()) {
                    "(the server's default)"
                } else {
                    ""
                }
            })
            .collect();
        let choices: Vec<(&str, &str)> = families
            .names
            .iter()
            .zip(&marks)
            .map(|(n, m)| (n.as_str(), *m))
            .collect();
        let i = super::pick(printer, "Model family:", &choices, None)?
            .expect("no `new` choice was offered");
        fields.agent_type = Some(families.names[i].clone());
    }
    if bot_type == crate::contract::catalog::AGENT && fields.tools.is_empty() {
        let kinds: Vec<String> = catalog
            .tool_kinds()
            .into_iter()
            .filter(|k| k != "function")
            .collect();
        if !kinds.is_empty() {
            let options: Vec<&str> = kinds.iter().map(String::as_str).collect();
            let picked = super::pick_many(printer, "Tools (none is fine):", &options)?;
            fields.tools = picked.into_iter().map(|i| kinds[i].clone()).collect();
        }
    }
    if fields.instructions.is_none() && fields.instructions_file.is_none() {
        let answer = super::prompt_line(
            printer,
            "Instructions: write them in your editor? [Y/n, or type them here] ",
        )?;
        let answer = answer.trim();
        let text = if answer.is_empty()
            || answer.eq_ignore_ascii_case("y")
            || answer.eq_ignore_ascii_case("yes")
        {
            let template =
                "\n# The assistant's instructions. Lines starting with # are left out.\n";
            let written = tokio::task::spawn_blocking(move || {
                super::edit_text(template, "epsimo-instructions-", ".md")
            })
            .await
            .map_err(|e| CliError::failure(format!("the editor failed: {e}")))??;
            written
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        } else if answer.eq_ignore_ascii_case("n") || answer.eq_ignore_ascii_case("no") {
            String::new()
        } else {
            answer.to_string()
        };
        if !text.is_empty() {
            fields.instructions = Some(text);
        }
    }
    create(ctx, pid, fields).await
}

async fn update(ctx: &Ctx, pid: &str, id: &str, fields: AssistantFields) -> Result<()> {
    let project = ctx.client()?.project(pid);
    let (d, how) = (desired(&fields)?, validation(&fields));
    let a = shown(
        ctx,
        project.update_checked(id, d, &fields.tools, how).await?,
    );
    if ctx.printer.json {
        return ctx.printer.json(&a);
    }
    ctx.printer.success(&format!("Updated assistant {id}"));
    Ok(())
}

async fn delete(ctx: &Ctx, pid: &str, id: &str, yes: bool) -> Result<()> {
    // The server answers "ok" for any id: one that is not there is said, before
    // anyone is asked to confirm it.
    let project = ctx.client()?.project(pid);
    if !project
        .delete_assistant_if(id, |_| ctx.confirm_delete(&format!("assistant {id}"), yes))
        .await?
    {
        return Ok(());
    }
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"deleted": true, "assistant_id": id}));
    }
    ctx.printer.success(&format!("Deleted assistant {id}"));
    Ok(())
}

/// `assistants publish`: `public_token` with a new token (generated, or read from
/// stdin), or `public_no_auth`. A generated token is printed once, on stdout, and
/// never put in argv or a log.
async fn publish(
    ctx: &Ctx,
    pid: &str,
    id: &str,
    no_auth: bool,
    rotate: bool,
    token_stdin: bool,
) -> Result<()> {
    let project = ctx.client()?.project(pid);
    if no_auth {
        project.set_access(id, Publish::NoAuth).await?;
        if ctx.printer.json {
            return ctx.printer.json(&json!({
                "assistant_id": id, "access_mode": "public_no_auth",
                "endpoint": project.public_endpoints().0,
            }));
        }
        ctx.printer.success(&format!(
            "Assistant {id} is public: anyone can call it, with no token (public_no_auth)"
        ));
        return Ok(());
    }
    let given = if token_stdin {
        let mut buf = String::new();
        let _reading = crate::interrupt::reading();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut buf)
            .map_err(|e| CliError::failure(format!("cannot read the token from stdin: {e}")))?;
        let t = buf.trim().to_string();
        crate::util::remember_secret(&t);
        Some(t)
    } else {
        None
    };
    let published = project
        .set_access(id, Publish::Token { token: given, rotate })
        .await
        .map_err(CliError::from)
        .map_err(|e| match e.exit {
            crate::error::Exit::Invalid if e.http_status.is_none() => e.with_hint(format!(
                "`epsimo assistants publish {id} --rotate` replaces the token; `epsimo assistants show {id} --show-token` shows it"
            )),
            crate::error::Exit::Usage => e.with_hint("or leave out --token-stdin and one is generated"),
            _ => e,
        })?;
    let (token, generated) = (published.token.unwrap_or_default(), published.generated);
    if ctx.printer.json {
        let mut out = json!({
            "assistant_id": id, "access_mode": "public_token",
            "endpoint": project.public_endpoints().0, "rotated": rotate,
        });
        if generated {
            out["public_token"] = json!(token);
        }
        return ctx.printer.json(&out);
    }
    ctx.printer.success(&format!(
        "Assistant {id} is public with a token (public_token){}",
        if rotate {
            "; the old token no longer works"
        } else {
            ""
        }
    ));
    if generated {
        ctx.printer.status(
            "Its token is on stdout, shown this once (`epsimo assistants show ID --show-token` reads it again).",
        );
        ctx.printer.line(&token)?;
    }
    ctx.printer.status(&format!(
        "Endpoint: {} (`epsimo assistants endpoint {id}` prints snippets)",
        project.public_endpoints().0
    ));
    Ok(())
}

async fn unpublish(ctx: &Ctx, pid: &str, id: &str) -> Result<()> {
    let project = ctx.client()?.project(pid);
    project.set_access(id, Publish::Authenticated).await?;
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"assistant_id": id, "access_mode": "authenticated"}));
    }
    ctx.printer.success(&format!(
        "Assistant {id} answers only logged-in users again (authenticated); public calls are refused"
    ));
    Ok(())
}

async fn endpoint(ctx: &Ctx, pid: &str, id: &str) -> Result<()> {
    let client = ctx.client()?;
    let project = client.project(pid);
    let current = project.assistant(id).await?.into_raw();
    let (mode, _) = crate::access_of(&current);
    let base = crate::util::redact_url(client.url());
    let (endpoint, public_runs) = project.public_endpoints();
    if ctx.printer.json {
        let snippets: serde_json::Map<String, Value> = crate::sdk::endpoint_snippets(&base)
            .into_iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        return ctx.printer.json(&json!({
            "assistant_id": id, "access_mode": mode, "endpoint": endpoint,
            "public_runs": public_runs,
            "snippets": snippets,
        }));
    }
    if mode != "public_token" {
        ctx.printer.warn(&format!(
            "assistant {id} is {mode}: the endpoint refuses it until `epsimo assistants publish {id}`"
        ));
    }
    let mut text = format!("Endpoint: {endpoint}\n");
    text.push_str("The assistant's public token is the API key (here read from EPSIMO_PUBLIC_TOKEN); `model` is accepted and ignored.\n");
    for (name, code) in crate::sdk::endpoint_snippets(&base) {
        text.push_str(&format!("\n{name}:\n\n{code}\n"));
    }
    text.push_str(&format!(
        "\nThe platform's own streaming run for public callers: {public_runs} with this assistant's id.\nFrom the CLI: epsimo ask --assistant {id} --message \"Hello\"\n",
    ));
    ctx.printer.long(&text)
}
