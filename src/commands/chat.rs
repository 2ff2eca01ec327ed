//! `epsimo chat`: an interactive conversation on one thread, turn after turn.
//!
//! The thread is created with the first message (opening and leaving costs no
//! thread credit). Ctrl-C during a reply cancels that reply and returns to the
//! prompt; Ctrl-C or Ctrl-D at the prompt leaves, saying how to continue.

use serde_json::Value;

use super::Ctx;
use super::stream::{Conversation, HumanSink, Input, Outcome, turn};
use crate::api::Api;
use crate::cli::ChatArgs;
use crate::error::{CliError, Exit, Result};
use crate::interrupt::shutdown_signal;
use crate::platform::threads::{self, AssistantChoice, Opening};

const HELP: &str = "Commands: /db (the thread's database), /thread (its id), /resume (run a tool call waiting for approval), /help, /exit. Ctrl-C stops a reply; a message that starts with / is sent as //text";

/// The line editor, lent to a blocking thread while it reads.
type Editor = Option<rustyline::DefaultEditor>;

/// The chat's own commands.
const COMMANDS: [&str; 6] = ["/db", "/thread", "/resume", "/help", "/exit", "/quit"];

/// What the user typed: one of the chat's commands, a message, or a slash word
/// that is neither (refused, never sent to the model).
#[derive(Debug, PartialEq)]
enum Line<'a> {
    Command(&'static str),
    Message(&'a str),
    Unknown(&'a str),
}

fn classify(text: &str) -> Line<'_> {
    if let Some(literal) = text.strip_prefix("//") {
        return Line::Message(&text[text.len() - literal.len() - 1..]);
    }
    if !text.starts_with('/') {
        return Line::Message(text);
    }
    let word = text.split_whitespace().next().unwrap_or(text);
    match COMMANDS.iter().find(|c| **c == word) {
        Some(c) if word == text => Line::Command(c),
        _ => Line::Unknown(word),
    }
}

/// Runs `fut` unless Ctrl-C (or SIGTERM) comes first: chat handles its own
/// signals, so a request that hangs is still ended by them.
async fn interruptible<T>(fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    tokio::select! {
        r = fut => r,
        _ = shutdown_signal() => Err(CliError::interrupted()),
    }
}

/// The assistant of a new conversation: as `run` picks it, or on several, from a
/// list on the terminal.
async fn assistant_for(ctx: &Ctx, api: &Api, pid: &str, args: &ChatArgs) -> Result<String> {
    let choice = AssistantChoice {
        id: args.assistant_id.as_deref(),
        name: args.assistant.as_deref(),
    };
    match threads::pick_assistant(api, pid, choice).await {
        Err(e) if e.exit == Exit::Usage && choice.id.is_none() && choice.name.is_none() => {
            let all = crate::platform::assistants::named(api, pid).await?;
            if all.len() < 2 {
                return Err(e);
            }
            let choices: Vec<(&str, &str)> = all
                .iter()
                .map(|a| (a.name.as_str(), a.id.as_str()))
                .collect();
            let i = super::pick(&ctx.printer, "Chat with which assistant?", &choices, None)?
                .expect("no `new` choice was offered");
            Ok(all[i].id.clone())
        }
        other => other,
    }
}

/// How many of a thread's last messages chat shows when it goes on with it.
const RECALLED: usize = 6;

pub async fn run(args: ChatArgs, ctx: &Ctx) -> Result<()> {
    if !ctx.printer.interactive {
        return Err(CliError::usage("chat needs a terminal")
            .with_hint("for scripts and pipes use `epsimo threads run [THREAD] --message TEXT`"));
    }
    let pid = ctx.project_id(&args.project).await?;
    let api = ctx.api()?;
    // An existing thread is read now; a new one waits for the first message.
    let (mut conv, assistant) = match &args.thread_id {
        Some(t) => {
            let t = &interruptible(crate::platform::threads::resolve(&api, &pid, t)).await?;
            let open = Opening {
                thread_id: Some(t),
                ..Opening::default()
            };
            let conv = interruptible(threads::conversation(&api, &pid, open)).await?;
            (Some(conv), None)
        }
        None => (
            None,
            Some(interruptible(assistant_for(ctx, &api, &pid, &args)).await?),
        ),
    };
    // Who is answering, by name; and on a thread that goes on, where it was.
    let assistant_id = conv
        .as_ref()
        .and_then(|c| c.assistant_id.clone())
        .or_else(|| assistant.clone());
    let (name, history) = tokio::join!(
        async {
            match &assistant_id {
                Some(id) => crate::platform::assistants::get(&api, &pid, id)
                    .await
                    .ok()
                    .map(|a| a.name.clone()),
                None => None,
            }
        },
        async {
            match &conv {
                Some(c) => crate::platform::threads::state(&api, &pid, &c.thread_id)
                    .await
                    .ok()
                    .map(|s| crate::contract::state::messages_of(&s["values"])),
                None => None,
            }
        }
    );
    let with = name
        .map(|n| format!(" with {}", crate::util::sanitize(&n)))
        .unwrap_or_default();
    match &conv {
        Some(c) => {
            let history = history.unwrap_or_default();
            if !history.is_empty() {
                let last = &history[history.len().saturating_sub(RECALLED)..];
                ctx.printer.say(&format!(
                    "The last {} of {} messages of this thread:",
                    last.len(),
                    history.len()
                ));
                ctx.printer
                    .say(crate::platform::threads::transcript(last).trim_end());
                ctx.printer.say("");
            }
            ctx.printer
                .say(&format!("Chatting{with} on thread {}. {HELP}", c.thread_id));
            if c.waiting() {
                ctx.printer
                    .say("The last run is waiting for approval of a tool call: /resume runs it.");
            }
        }
        None => ctx.printer.say(&format!(
            "Chatting{with} on a new thread (created with your first message). {HELP}"
        )),
    }
    let mut editor = Some(
        rustyline::DefaultEditor::new()
            .map_err(|e| CliError::failure(format!("cannot start line editing: {e}")))?,
    );
    let result = converse(
        ctx,
        &api,
        &pid,
        &mut conv,
        assistant.as_deref(),
        &mut editor,
    )
    .await;
    if let Some(c) = &conv {
        ctx.printer.say(&format!(
            "Continue this conversation with `epsimo chat --thread-id {}`",
            c.thread_id
        ));
    }
    result
}

async fn converse(
    ctx: &Ctx,
    api: &Api,
    pid: &str,
    conv: &mut Option<Conversation>,
    assistant: Option<&str>,
    editor: &mut Editor,
) -> Result<()> {
    // A line typed ahead that answered no question (see below): the next message.
    let mut typed_ahead: Option<String> = None;
    loop {
        // Line editing blocks: run it off the async threads.
        let line = match typed_ahead.take() {
            Some(l) => l,
            None => match read_line(ctx, editor, "you> ").await? {
                Some(l) => l,
                None => return Ok(()),
            },
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(ed) = editor.as_mut() {
            let _ = ed.add_history_entry(text);
        }
        let message = match classify(text) {
            Line::Command("/exit" | "/quit") => return Ok(()),
            Line::Command("/help") => {
                ctx.printer.say(HELP);
                continue;
            }
            Line::Command("/thread") => {
                match conv {
                    Some(c) => ctx.printer.line(&c.thread_id)?,
                    None => ctx
                        .printer
                        .say("(no thread yet: it is created with your first message)"),
                }
                continue;
            }
            Line::Command("/db") => {
                let Some(c) = conv else {
                    ctx.printer
                        .say("(no thread yet, so no database: send a message first)");
                    continue;
                };
                match interruptible(crate::platform::db::read(api, pid, &c.thread_id)).await {
                    Ok(db) if db.is_empty() => ctx.printer.say("(the database is empty)"),
                    Ok(db) => ctx.printer.line(
                        &serde_json::to_string_pretty(&Value::Object(db)).unwrap_or_default(),
                    )?,
                    Err(e) if e.exit == Exit::Interrupted => ctx.printer.say("(cancelled)"),
                    Err(e) => ctx.printer.error(&e),
                }
                continue;
            }
            Line::Command(_) => None,
            Line::Message(m) => Some(m),
            Line::Unknown(word) => {
                let hint = match crate::contract::catalog::suggest(word, COMMANDS) {
                    Some(s) => format!(" (did you mean {s}?)"),
                    None => String::new(),
                };
                ctx.printer.say(&format!(
                    "unknown command {word}{hint}; nothing was sent. /help lists the commands; //text sends a message that starts with /"
                ));
                continue;
            }
        };
        let mut input = match message {
            Some(m) => Input::Message(m),
            None => {
                if !conv.as_ref().is_some_and(Conversation::waiting) {
                    ctx.printer.say("(no run is waiting for approval)");
                    continue;
                }
                Input::Resume
            }
        };
        if conv.is_none() {
            let name = match input {
                Input::Message(m) => threads::name_from(m),
                Input::Resume => threads::DEFAULT_NAME.to_string(),
            };
            let open = Opening {
                thread_id: None,
                assistant: AssistantChoice {
                    id: assistant,
                    name: None,
                },
                new_name: Some(&name),
            };
            match interruptible(threads::conversation(api, pid, open)).await {
                Ok(c) => *conv = Some(c),
                Err(e) if e.exit == Exit::Interrupted => {
                    ctx.printer.say("(cancelled)");
                    continue;
                }
                Err(e) => {
                    ctx.printer.error(&e);
                    continue;
                }
            }
        }
        let c = conv.as_mut().expect("a thread exists by now");
        loop {
            let mut sink = HumanSink::new(&ctx.printer, true);
            sink.quiet_resume_hint = true;
            let outcome = tokio::select! {
                o = turn(api, pid, c, input, &mut sink) => o,
                _ = shutdown_signal() => {
                    drop(sink);
                    ctx.printer.say("\n(reply stopped; Ctrl-C or Ctrl-D at the prompt leaves)");
                    break;
                }
            };
            match outcome {
                Ok(Outcome::Paused(calls)) => {
                    let names: Vec<&str> = calls.iter().map(|(_, n, _)| n.as_str()).collect();
                    let answer =
                        read_line(ctx, editor, &format!("Run {}? [y/N] ", names.join(", ")))
                            .await?;
                    match approval(answer.as_deref()) {
                        Approval::Yes => {
                            input = Input::Resume;
                            continue;
                        }
                        Approval::No => ctx.printer.say(
                            "Left waiting: /resume runs it, a new message leaves it unanswered.",
                        ),
                        // Typed before the question appeared: a message, not an
                        // answer. Kept, and sent as the next message.
                        Approval::Other(text) => {
                            ctx.printer.say("Left waiting (that was not a yes or no: it is sent as your next message).");
                            typed_ahead = Some(text);
                        }
                    }
                }
                Ok(Outcome::Done) => {}
                // One failed turn does not end the conversation.
                Err(e) => ctx.printer.error(&e),
            }
            break;
        }
    }
}

/// What was answered to "Run TOOL? [y/N]".
#[derive(Debug, PartialEq)]
enum Approval {
    Yes,
    /// No, nothing, or end of input.
    No,
    /// Text that is no answer (typed ahead while the reply streamed).
    Other(String),
}

fn approval(answer: Option<&str>) -> Approval {
    let Some(a) = answer else {
        return Approval::No;
    };
    match a.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Approval::Yes,
        "" | "n" | "no" => Approval::No,
        _ => Approval::Other(a.to_string()),
    }
}

/// Reads a line with the editor off the async threads (it blocks): `None` at end of
/// input (Ctrl-D); Ctrl-C at the prompt ends the chat with 130.
async fn read_line(ctx: &Ctx, editor: &mut Editor, prompt: &str) -> Result<Option<String>> {
    let prompt = prompt.to_string();
    let mut owned = editor
        .take()
        .ok_or_else(|| CliError::failure("the line editor is gone"))?;
    let reading = tokio::task::spawn_blocking(move || {
        let line = owned.readline(&prompt);
        (owned, line)
    });
    // On a terminal the editor reads Ctrl-C as a key; on one it cannot drive
    // (TERM=dumb) the line is read cooked and Ctrl-C is a signal: either way it
    // leaves (the blocked read is abandoned with the process).
    let (back, line) = tokio::select! {
        r = reading => r.map_err(|e| CliError::failure(format!("line editor failed: {e}")))?,
        _ = shutdown_signal() => {
            ctx.printer.say("");
            return Err(CliError::new(Exit::Interrupted, ""));
        }
    };
    *editor = Some(back);
    match line {
        Ok(l) => Ok(Some(l)),
        Err(rustyline::error::ReadlineError::Interrupted) => {
            Err(CliError::new(Exit::Interrupted, ""))
        }
        Err(rustyline::error::ReadlineError::Eof) => Ok(None),
        Err(e) => Err(CliError::failure(format!("cannot read input: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_answers_no_question_is_kept_as_a_message() {
        assert_eq!(approval(Some(" Y ")), Approval::Yes);
        assert_eq!(approval(Some("no")), Approval::No);
        assert_eq!(approval(Some("")), Approval::No);
        assert_eq!(approval(None), Approval::No);
        assert_eq!(
            approval(Some("what about tomorrow?")),
            Approval::Other("what about tomorrow?".into())
        );
    }

    #[test]
    fn slash_words_are_commands_or_refused_and_double_slash_sends() {
        assert_eq!(classify("/db"), Line::Command("/db"));
        assert_eq!(classify("hello"), Line::Message("hello"));
        assert_eq!(classify("/dbb"), Line::Unknown("/dbb"));
        assert_eq!(classify("/db now"), Line::Unknown("/db"));
        assert_eq!(
            classify("//tool update_database {}"),
            Line::Message("/tool update_database {}")
        );
        assert_eq!(
            crate::contract::catalog::suggest("/exti", COMMANDS),
            Some("/exit")
        );
    }
}
