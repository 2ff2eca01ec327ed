//! `epsimo chat`: an interactive conversation on one thread, turn after turn.

use serde_json::Value;

use super::Ctx;
use super::stream::{HumanSink, turn};
use super::threads::conversation;
use crate::api::{Auth, Call, item_path};
use crate::cli::ChatArgs;
use crate::error::{CliError, Exit, Result};

const HELP: &str = "Commands: /db (the thread's database), /thread (its id), /help, /exit";

pub async fn run(args: ChatArgs, ctx: &Ctx) -> Result<()> {
    if !ctx.printer.interactive {
        return Err(CliError::usage("chat needs a terminal")
            .with_hint("for scripts and pipes use `epsimo threads run [THREAD] --message TEXT`"));
    }
    let pid = ctx.project_id(&args.project).await?;
    let api = ctx.api()?;
    // One thread for the whole conversation: a new thread costs a credit.
    let (thread_id, assistant_id, _) = conversation(
        &api,
        &pid,
        args.thread_id.as_deref(),
        args.assistant_id.as_deref(),
        args.assistant.as_deref(),
        Some("epsimo chat"),
    )
    .await?;
    crate::say!("Chatting on thread {thread_id}. {HELP}");
    let mut editor = rustyline::DefaultEditor::new()
        .map_err(|e| CliError::failure(format!("cannot start line editing: {e}")))?;
    loop {
        // Line editing blocks: run it off the async threads.
        let (ed, line) = tokio::task::spawn_blocking(move || {
            let line = editor.readline("you> ");
            (editor, line)
        })
        .await
        .map_err(|e| CliError::failure(format!("line editor failed: {e}")))?;
        editor = ed;
        let line = match line {
            Ok(l) => l,
            Err(rustyline::error::ReadlineError::Interrupted) => {
                return Err(CliError::new(Exit::Interrupted, ""));
            }
            Err(rustyline::error::ReadlineError::Eof) => return Ok(()),
            Err(e) => return Err(CliError::failure(format!("cannot read input: {e}"))),
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(text);
        match text {
            "/exit" | "/quit" => return Ok(()),
            "/help" => {
                crate::say!("{HELP}");
                continue;
            }
            "/thread" => {
                ctx.printer.line(&thread_id)?;
                continue;
            }
            "/db" => {
                let state: Value = api
                    .json(&Call::get(
                        item_path("/threads", &thread_id, "/state"),
                        Auth::Project(pid.clone()),
                    ))
                    .await?;
                let db = super::db::database(state.get("values").unwrap_or(&Value::Null));
                if db.is_empty() {
                    crate::say!("(the database is empty)");
                } else {
                    ctx.printer.line(
                        &serde_json::to_string_pretty(&Value::Object(db)).unwrap_or_default(),
                    )?;
                }
                continue;
            }
            _ => {}
        }
        let mut sink = HumanSink::new(&ctx.printer, true);
        if let Err(e) = turn(
            &api,
            &pid,
            &thread_id,
            assistant_id.as_deref(),
            text,
            &mut sink,
        )
        .await
        {
            // One failed turn does not end the conversation.
            ctx.printer.error(&e);
        }
    }
}
