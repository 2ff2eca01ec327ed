//! `epsimo chat`: an interactive conversation on one thread, turn after turn.

use serde_json::Value;

use super::Ctx;
use super::stream::{HumanSink, Input, Outcome, turn};
use crate::cli::ChatArgs;
use crate::error::{CliError, Exit, Result};
use crate::platform::threads::{self, AssistantChoice, Opening};

const HELP: &str = "Commands: /db (the thread's database), /thread (its id), /resume (run a tool call waiting for approval), /help, /exit";

pub async fn run(args: ChatArgs, ctx: &Ctx) -> Result<()> {
    if !ctx.printer.interactive {
        return Err(CliError::usage("chat needs a terminal")
            .with_hint("for scripts and pipes use `epsimo threads run [THREAD] --message TEXT`"));
    }
    let pid = ctx.project_id(&args.project).await?;
    let api = ctx.api()?;
    // One thread for the whole conversation: a new thread costs a credit.
    let open = Opening {
        thread_id: args.thread_id.as_deref(),
        assistant: AssistantChoice {
            id: args.assistant_id.as_deref(),
            name: args.assistant.as_deref(),
        },
        new_name: Some("epsimo chat"),
    };
    let mut conv = threads::conversation(&api, &pid, open).await?;
    let thread_id = conv.thread_id.clone();
    crate::say!("Chatting on thread {thread_id}. {HELP}");
    if conv.waiting() {
        crate::say!("The last run is waiting for approval of a tool call: /resume runs it.");
    }
    let mut editor = rustyline::DefaultEditor::new()
        .map_err(|e| CliError::failure(format!("cannot start line editing: {e}")))?;
    loop {
        // Line editing blocks: run it off the async threads.
        let (ed, line) = read_line(editor, "you> ").await?;
        editor = ed;
        let Some(line) = line else { return Ok(()) };
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
                let db = crate::platform::db::read(&api, &pid, &thread_id).await?;
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
        let mut input = if text == "/resume" {
            if !conv.waiting() {
                crate::say!("(no run is waiting for approval)");
                continue;
            }
            Input::Resume
        } else {
            Input::Message(text)
        };
        loop {
            let mut sink = HumanSink::new(&ctx.printer, true);
            sink.quiet_resume_hint = true;
            match turn(&api, &pid, &mut conv, input, &mut sink).await {
                Ok(Outcome::Paused(calls)) => {
                    let names: Vec<&str> = calls.iter().map(|(_, n, _)| n.as_str()).collect();
                    let (ed, answer) =
                        read_line(editor, &format!("Run {}? [y/N] ", names.join(", "))).await?;
                    editor = ed;
                    if matches!(
                        answer
                            .as_deref()
                            .map(|a| a.trim().to_ascii_lowercase())
                            .as_deref(),
                        Some("y" | "yes")
                    ) {
                        input = Input::Resume;
                        continue;
                    }
                    crate::say!(
                        "Left waiting: /resume runs it, a new message leaves it unanswered."
                    );
                }
                Ok(Outcome::Done) => {}
                // One failed turn does not end the conversation.
                Err(e) => ctx.printer.error(&e),
            }
            break;
        }
    }
}

/// Reads a line with the editor off the async threads (it blocks): `None` at end of
/// input; Ctrl-C ends the program with 130.
async fn read_line(
    mut editor: rustyline::DefaultEditor,
    prompt: &str,
) -> Result<(rustyline::DefaultEditor, Option<String>)> {
    let prompt = prompt.to_string();
    let (editor, line) = tokio::task::spawn_blocking(move || {
        let line = editor.readline(&prompt);
        (editor, line)
    })
    .await
    .map_err(|e| CliError::failure(format!("line editor failed: {e}")))?;
    match line {
        Ok(l) => Ok((editor, Some(l))),
        Err(rustyline::error::ReadlineError::Interrupted) => {
            Err(CliError::new(Exit::Interrupted, ""))
        }
        Err(rustyline::error::ReadlineError::Eof) => Ok((editor, None)),
        Err(e) => Err(CliError::failure(format!("cannot read input: {e}"))),
    }
}
