//! `epsimo chat`: an interactive conversation on one thread, turn after turn.
//!
//! The thread is created with the first message (opening and leaving costs no
//! thread credit). Ctrl-C during a reply cancels that reply and returns to the
//! prompt; Ctrl-C or Ctrl-D at the prompt leaves, saying how to continue.

use serde_json::{Value, json};

use super::Ctx;
use super::stream::{Conversation, HumanSink, Input, Outcome};
use crate::cli::{ChatArgs, Render};
use crate::error::{CliError, Exit, Result};
use crate::interrupt::shutdown_signal;
use crate::sdk::{Choice, Client, ExportFormat, Open, ProjectClient};

/// The line editor, lent to a blocking thread while it reads.
type Editor = Option<rustyline::Editor<Slash, rustyline::history::DefaultHistory>>;

/// What a chat command takes after its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Takes {
    Nothing,
    Maybe,
    Something,
}

/// The chat's own commands: name, what it takes, what it does (for `/help`).
const COMMANDS: &[(&str, Takes, &str)] = &[
    (
        "/db",
        Takes::Maybe,
        "the thread's database; `/db set KEY VALUE` writes one key (VALUE is JSON, else text)",
    ),
    ("/thread", Takes::Nothing, "this thread's id"),
    (
        "/threads",
        Takes::Nothing,
        "the assistant's other threads: pick one to go on with",
    ),
    ("/new", Takes::Nothing, "a fresh thread with this assistant"),
    ("/assistants", Takes::Nothing, "the project's assistants"),
    (
        "/switch",
        Takes::Something,
        "`/switch NAME`: talk to another assistant, on a new thread",
    ),
    (
        "/status",
        Takes::Nothing,
        "project, assistant and thread, and whether a run waits",
    ),
    (
        "/credits",
        Takes::Nothing,
        "thread credits used and allowed",
    ),
    ("/tools", Takes::Nothing, "the assistant's tools"),
    (
        "/models",
        Takes::Nothing,
        "the model families the server accepts",
    ),
    (
        "/export",
        Takes::Maybe,
        "`/export [FILE]`: this conversation as Markdown (default THREAD.md)",
    ),
    (
        "/resume",
        Takes::Nothing,
        "run a tool call waiting for approval",
    ),
    ("/edit", Takes::Nothing, "write the next message in $EDITOR"),
    ("/clear", Takes::Nothing, "clear the screen"),
    ("/help", Takes::Nothing, "these commands"),
    ("/exit", Takes::Nothing, "leave (also /quit and Ctrl-D)"),
    ("/quit", Takes::Nothing, "leave"),
];

const HELP_LINE: &str = "/help lists the commands; Tab completes them. A message of several lines goes between two lines of \"\"\" (or /edit). //text sends a message that starts with /. Ctrl-C stops a reply";

/// `/help`: every command and what it does.
fn help() -> String {
    let mut out = String::from("Commands:\n");
    for (name, _, what) in COMMANDS {
        out.push_str(&format!("  {name:<12} {what}\n"));
    }
    out.push_str("A message of several lines goes between two lines of \"\"\"; //text sends a message that starts with /. Ctrl-C stops a reply; Ctrl-C or Ctrl-D at the prompt leaves.");
    out
}

/// What the user typed: one of the chat's commands (with what follows its name),
/// a message, or a slash word that is neither (refused, never sent to the model).
#[derive(Debug, PartialEq)]
enum Line<'a> {
    Command(&'static str, &'a str),
    /// A command given what it does not take, or not given what it needs.
    Misused(&'static str),
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
    let rest = text[word.len()..].trim();
    match COMMANDS.iter().find(|(c, _, _)| *c == word) {
        Some((c, Takes::Nothing, _)) if !rest.is_empty() => Line::Misused(c),
        Some((c, Takes::Something, _)) if rest.is_empty() => Line::Misused(c),
        Some((c, _, _)) => Line::Command(c, rest),
        None => Line::Unknown(word),
    }
}

/// Tab completion of the chat's commands (and of assistant names after `/switch`).
struct Slash {
    assistants: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl rustyline::completion::Completer for Slash {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = &line[..pos];
        if let Some(name) = before.strip_prefix("/switch ") {
            let names = self
                .assistants
                .lock()
                .map(|n| n.clone())
                .unwrap_or_default();
            let found = names.into_iter().filter(|n| n.starts_with(name)).collect();
            return Ok(("/switch ".len(), found));
        }
        if before.starts_with('/') && !before.contains(char::is_whitespace) {
            let found = COMMANDS
                .iter()
                .map(|(c, takes, _)| {
                    if *takes == Takes::Nothing {
                        c.to_string()
                    } else {
                        format!("{c} ")
                    }
                })
                .filter(|c| c.starts_with(before))
                .collect();
            return Ok((0, found));
        }
        Ok((pos, Vec::new()))
    }
}

impl rustyline::hint::Hinter for Slash {
    type Hint = String;
}
impl rustyline::highlight::Highlighter for Slash {}
impl rustyline::validate::Validator for Slash {}
impl rustyline::Helper for Slash {}

/// Runs `fut` unless Ctrl-C (or SIGTERM) comes first: chat handles its own
/// signals, so a request that hangs is still ended by them.
async fn interruptible<T, E>(
    fut: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> Result<T>
where
    CliError: From<E>,
{
    tokio::select! {
        r = fut => Ok(r?),
        _ = shutdown_signal() => Err(CliError::interrupted()),
    }
}

/// The assistant of a new conversation: as `run` picks it, or on several, from a
/// list on the terminal.
async fn assistant_for(ctx: &Ctx, project: &ProjectClient, args: &ChatArgs) -> Result<String> {
    let choice = Choice {
        id: args.assistant_id.as_deref(),
        name: args.assistant.as_deref(),
    };
    match project.pick_assistant(choice).await.map_err(CliError::from) {
        Err(e) if e.exit == Exit::Usage && choice.id.is_none() && choice.name.is_none() => {
            let all = named(project).await?;
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

/// An assistant of the project, by id and name.
struct Named {
    id: String,
    name: String,
}

/// The project's assistants by id and name.
async fn named(project: &ProjectClient) -> Result<Vec<Named>> {
    let all = project.assistants().await?;
    Ok(all
        .iter()
        .map(|a| Named {
            id: a.assistant_id.clone(),
            name: a.name.clone(),
        })
        .collect())
}

/// How many of a thread's last messages chat shows when it goes on with it.
const RECALLED: usize = 6;

pub async fn run(args: ChatArgs, ctx: &Ctx) -> Result<()> {
    if !ctx.printer.interactive {
        return Err(CliError::usage("chat needs a terminal")
            .with_hint("for scripts and pipes use `epsimo threads run [THREAD] --message TEXT`"));
    }
    let pid = ctx.project_id(&args.project).await?;
    let client = ctx.client()?;
    let project = client.project(&pid);
    // An existing thread is read now; a new one waits for the first message.
    let (conv, assistant) = match &args.thread_id {
        Some(t) => {
            let t = &interruptible(project.resolve_thread(t)).await?;
            let open = Open {
                thread_id: Some(t),
                ..Open::default()
            };
            let conv = interruptible(project.open(open)).await?;
            (Some(conv), None)
        }
        None => (
            None,
            Some(interruptible(assistant_for(ctx, &project, &args)).await?),
        ),
    };
    let render = match args.render {
        Render::Never => false,
        Render::Always => true,
        Render::Auto => ctx.printer.stdout_tty && ctx.printer.color,
    };
    let names = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut editor = Some({
        let mut ed = rustyline::Editor::new()
            .map_err(|e| CliError::failure(format!("cannot start line editing: {e}")))?;
        ed.set_helper(Some(Slash {
            assistants: names.clone(),
        }));
        ed
    });
    let mut chat = Chat {
        ctx,
        client: &client,
        project: &project,
        pid: &pid,
        assistant_id: conv
            .as_ref()
            .and_then(|c| c.assistant_id.clone())
            .or(assistant),
        conv,
        names,
        render,
    };
    chat.greet().await;
    let result = chat.converse(&mut editor).await;
    if let Some(c) = &chat.conv {
        ctx.printer.say(&format!(
            "Continue this conversation with `epsimo chat --thread-id {}`",
            c.thread_id
        ));
    }
    result
}

/// A conversation at the terminal: the thread (none until the first message), the
/// assistant it is with, and what the commands need.
struct Chat<'a> {
    ctx: &'a Ctx,
    client: &'a Client,
    project: &'a ProjectClient,
    pid: &'a str,
    conv: Option<Conversation>,
    assistant_id: Option<String>,
    /// The project's assistants' names, for Tab after `/switch`.
    names: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// Replies' Markdown rendered as they stream.
    render: bool,
}

/// What a command asks of the conversation loop.
enum Next {
    /// Read the next line.
    Prompt,
    /// Send this message.
    Say(String),
    /// Resume the run waiting for approval.
    Resume,
    Leave,
}

impl Chat<'_> {
    /// Who is answering, by name; on a thread that goes on, where it was.
    async fn greet(&mut self) {
        let project = self.project;
        let (all, history) = tokio::join!(named(project), async {
            match &self.conv {
                Some(c) => project
                    .thread_state(&c.thread_id)
                    .await
                    .ok()
                    .map(|s| crate::contract::state::messages_of(&s["values"])),
                None => None,
            }
        });
        let all = all.unwrap_or_default();
        if let Ok(mut n) = self.names.lock() {
            *n = all.iter().map(|a| a.name.clone()).collect();
        }
        let with = self
            .assistant_id
            .as_ref()
            .and_then(|id| all.iter().find(|a| &a.id == id))
            .map(|a| format!(" with {}", crate::util::sanitize(&a.name)))
            .unwrap_or_default();
        let printer = &self.ctx.printer;
        match &self.conv {
            Some(c) => {
                let history = history.unwrap_or_default();
                if !history.is_empty() {
                    let last = &history[history.len().saturating_sub(RECALLED)..];
                    printer.say(&format!(
                        "The last {} of {} messages of this thread:",
                        last.len(),
                        history.len()
                    ));
                    printer.say(crate::transcript(last).trim_end());
                    printer.say("");
                }
                printer.say(&format!(
                    "Chatting{with} on thread {}. {HELP_LINE}",
                    c.thread_id
                ));
                if c.waiting() {
                    printer.say(
                        "The last run is waiting for approval of a tool call: /resume runs it.",
                    );
                }
            }
            None => printer.say(&format!(
                "Chatting{with} on a new thread (created with your first message). {HELP_LINE}"
            )),
        }
    }

    async fn converse(&mut self, editor: &mut Editor) -> Result<()> {
        let ctx = self.ctx;
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
            let mut text = line.trim().to_string();
            if text.is_empty() {
                continue;
            }
            // Several lines between two lines of """.
            if text == "\"\"\"" {
                match read_block(ctx, editor).await? {
                    Some(block) if !block.trim().is_empty() => text = block,
                    Some(_) => continue,
                    None => return Ok(()),
                }
            }
            if let Some(ed) = editor.as_mut() {
                let _ = ed.add_history_entry(text.as_str());
            }
            // A message written by a command (/edit) lives here while it is sent.
            let composed: String;
            let input = match classify(&text) {
                Line::Message(m) => Input::Message(m),
                Line::Unknown(word) => {
                    let names: Vec<&str> = COMMANDS.iter().map(|(c, _, _)| *c).collect();
                    let hint = match crate::contract::catalog::suggest(word, names) {
                        Some(s) => format!(" (did you mean {s}?)"),
                        None => String::new(),
                    };
                    ctx.printer.say(&format!(
                        "unknown command {word}{hint}; nothing was sent. /help lists the commands; //text sends a message that starts with /"
                    ));
                    continue;
                }
                Line::Misused(name) => {
                    let what = COMMANDS
                        .iter()
                        .find(|(c, _, _)| *c == name)
                        .map(|(_, _, w)| *w)
                        .unwrap_or_default();
                    ctx.printer
                        .say(&format!("{name}: {what}. Nothing was sent."));
                    continue;
                }
                Line::Command(name, rest) => match self.command(name, rest, editor).await {
                    Ok(Next::Prompt) => continue,
                    Ok(Next::Leave) => return Ok(()),
                    Ok(Next::Resume) => Input::Resume,
                    Ok(Next::Say(m)) => {
                        composed = m;
                        Input::Message(&composed)
                    }
                    Err(e) if e.exit == Exit::Interrupted && !e.message.is_empty() => {
                        ctx.printer.say("(cancelled)");
                        continue;
                    }
                    Err(e) if e.exit == Exit::Interrupted => return Err(e),
                    Err(e) => {
                        ctx.printer.error(&e);
                        continue;
                    }
                },
            };
            if let Some(text) = self.send(input, editor).await? {
                typed_ahead = Some(text);
            }
        }
    }

    /// Sends a message (or resumes), creating the thread with the first one; a
    /// paused run asks whether to run its tool. Returns a line typed ahead that
    /// answered no question: the next message.
    async fn send(&mut self, mut input: Input<'_>, editor: &mut Editor) -> Result<Option<String>> {
        let ctx = self.ctx;
        if self.conv.is_none() {
            let name = match input {
                Input::Message(m) => crate::thread_name(m),
                Input::Resume => crate::DEFAULT_THREAD_NAME.to_string(),
            };
            let open = Open {
                thread_id: None,
                assistant: Choice {
                    id: self.assistant_id.as_deref(),
                    name: None,
                },
                new_name: Some(&name),
            };
            match interruptible(self.project.open(open)).await {
                Ok(c) => self.conv = Some(c),
                Err(e) if e.exit == Exit::Interrupted => {
                    ctx.printer.say("(cancelled)");
                    return Ok(None);
                }
                Err(e) => {
                    ctx.printer.error(&e);
                    return Ok(None);
                }
            }
        }
        let c = self.conv.as_mut().expect("a thread exists by now");
        loop {
            let mut sink = HumanSink::new(&ctx.printer, true);
            if self.render {
                sink = sink.render_markdown();
            }
            sink.quiet_resume_hint = true;
            let outcome = tokio::select! {
                o = self.project.turn(c, input, &mut sink) => o.map_err(CliError::from),
                _ = shutdown_signal() => {
                    drop(sink);
                    ctx.printer.say("\n(reply stopped; Ctrl-C or Ctrl-D at the prompt leaves)");
                    return Ok(None);
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
                            return Ok(Some(text));
                        }
                    }
                }
                Ok(Outcome::Done) => {}
                // One failed turn does not end the conversation.
                Err(e) => ctx.printer.error(&e),
            }
            return Ok(None);
        }
    }

    /// One of the chat's commands.
    async fn command(&mut self, name: &str, rest: &str, editor: &mut Editor) -> Result<Next> {
        let (ctx, project, pid) = (self.ctx, self.project, self.pid);
        let printer = &ctx.printer;
        match name {
            "/exit" | "/quit" => return Ok(Next::Leave),
            "/help" => printer.say(&help()),
            "/clear" => printer.say_raw("\x1b[2J\x1b[3J\x1b[H"),
            "/thread" => match &self.conv {
                Some(c) => printer.line(&c.thread_id)?,
                None => printer.say("(no thread yet: it is created with your first message)"),
            },
            "/resume" => {
                if !self.conv.as_ref().is_some_and(Conversation::waiting) {
                    printer.say("(no run is waiting for approval)");
                    return Ok(Next::Prompt);
                }
                return Ok(Next::Resume);
            }
            "/db" => {
                let Some(c) = &self.conv else {
                    printer.say("(no thread yet, so no database: send a message first)");
                    return Ok(Next::Prompt);
                };
                if rest.is_empty() {
                    let db = interruptible(project.database(&c.thread_id)).await?;
                    if db.is_empty() {
                        printer.say("(the database is empty)");
                    } else {
                        printer.line(
                            &serde_json::to_string_pretty(&Value::Object(db)).unwrap_or_default(),
                        )?;
                    }
                    return Ok(Next::Prompt);
                }
                let Some((key, value)) = rest
                    .strip_prefix("set ")
                    .map(str::trim)
                    .and_then(|r| r.split_once(char::is_whitespace))
                else {
                    printer.say("/db shows the database; `/db set KEY VALUE` writes one key. Nothing was sent.");
                    return Ok(Next::Prompt);
                };
                let value = value.trim();
                let value: Value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
                interruptible(project.database_set(&c.thread_id, key, &value)).await?;
                printer.success(&format!("Set {key}."));
            }
            "/new" => {
                if self.assistant_id.is_none() {
                    self.assistant_id = self.conv.as_ref().and_then(|c| c.assistant_id.clone());
                }
                self.conv = None;
                printer.say("A new thread begins with your next message.");
            }
            "/threads" => {
                let all = interruptible(project.threads()).await?;
                let mine: Vec<_> = all
                    .iter()
                    .filter(|t| {
                        self.assistant_id.is_none()
                            || t.assistant_id.as_deref() == self.assistant_id.as_deref()
                    })
                    .collect();
                if mine.is_empty() {
                    printer.say("(this assistant has no thread yet)");
                    return Ok(Next::Prompt);
                }
                let choices: Vec<(&str, &str)> = mine
                    .iter()
                    .map(|t| (t.name.as_deref().unwrap_or(""), t.thread_id.as_str()))
                    .collect();
                let i = super::pick(printer, "Go on with which thread?", &choices, None)?
                    .expect("no `new` choice was offered");
                let id = mine[i].thread_id.clone();
                self.open_thread(&id).await?;
            }
            "/assistants" => {
                let all = interruptible(named(project)).await?;
                if let Ok(mut n) = self.names.lock() {
                    *n = all.iter().map(|a| a.name.clone()).collect();
                }
                for a in &all {
                    let mark = if self.current_assistant().as_deref() == Some(a.id.as_str()) {
                        "*"
                    } else {
                        " "
                    };
                    printer.say(&format!(
                        "{mark} {}  {}",
                        crate::util::sanitize(&a.name),
                        a.id
                    ));
                }
                printer.say("/switch NAME talks to another.");
            }
            "/switch" => {
                let id = interruptible(project.resolve_assistant(rest)).await?;
                self.assistant_id = Some(id);
                self.conv = None;
                printer.say(&format!(
                    "Now chatting with {}: a new thread begins with your next message.",
                    crate::util::sanitize(rest)
                ));
            }
            "/status" => {
                let assistant = self.current_assistant();
                let mut pairs = vec![("Project", pid.to_string())];
                pairs.push(("Assistant", assistant.unwrap_or_else(|| "-".into())));
                match &self.conv {
                    Some(c) => {
                        pairs.push(("Thread", c.thread_id.clone()));
                        pairs.push((
                            "Run",
                            if c.waiting() {
                                "waiting for approval of a tool call (/resume)".into()
                            } else {
                                "idle".into()
                            },
                        ));
                    }
                    None => pairs.push(("Thread", "(created with your next message)".into())),
                }
                printer.say(printer.record_text(&pairs).trim_end());
            }
            "/credits" => {
                let info = interruptible(self.client.credits()).await?;
                printer.say(&format!(
                    "Thread credits: {} used of {}.",
                    info.thread_counter, info.thread_max
                ));
            }
            "/tools" => {
                let Some(id) = self.current_assistant() else {
                    printer.say("(no assistant yet)");
                    return Ok(Next::Prompt);
                };
                let a = interruptible(project.assistant(&id)).await?;
                let view = crate::contract::assistant::View::of(a.raw());
                let tools = view.tools();
                if tools.is_empty() {
                    printer.say("(this assistant has no tools)");
                }
                for t in tools {
                    let text = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("");
                    let name = crate::contract::catalog::model_visible_name(t)
                        .unwrap_or_else(|| text("name").to_string());
                    printer.say(&format!(
                        "  {}  ({})  {}",
                        crate::util::sanitize(&name),
                        text("type"),
                        crate::util::sanitize(text("description"))
                    ));
                }
            }
            "/models" => {
                let loaded = interruptible(project.schema(false)).await?;
                for f in &loaded.catalog.families {
                    printer.say(&format!("  {}: {}", f.bot_type, f.names.join(", ")));
                }
            }
            "/export" => {
                let Some(c) = &self.conv else {
                    printer.say("(no thread yet: nothing to export)");
                    return Ok(Next::Prompt);
                };
                let path = if rest.is_empty() {
                    std::path::PathBuf::from(format!("{}.md", c.thread_id))
                } else {
                    std::path::PathBuf::from(rest)
                };
                let text =
                    interruptible(project.export_thread(&c.thread_id, ExportFormat::Md)).await?;
                crate::util::write_atomic(&path, text.as_bytes(), None).map_err(|e| {
                    CliError::failure(format!("cannot write {}: {e}", path.display()))
                })?;
                printer.success(&format!("Wrote the conversation to {}", path.display()));
            }
            "/edit" => {
                let text = compose_in_editor(editor).await?;
                if text.trim().is_empty() {
                    printer.say("(nothing written: nothing was sent)");
                    return Ok(Next::Prompt);
                }
                return Ok(Next::Say(text.trim_end().to_string()));
            }
            _ => {}
        }
        Ok(Next::Prompt)
    }

    /// The assistant this chat talks to: the chosen one, else its thread's.
    fn current_assistant(&self) -> Option<String> {
        self.assistant_id
            .clone()
            .or_else(|| self.conv.as_ref().and_then(|c| c.assistant_id.clone()))
    }

    /// Goes on with another thread (its last messages shown).
    async fn open_thread(&mut self, id: &str) -> Result<()> {
        let open = Open {
            thread_id: Some(id),
            ..Open::default()
        };
        let conv = interruptible(self.project.open(open)).await?;
        if conv.assistant_id.is_some() {
            self.assistant_id = conv.assistant_id.clone();
        }
        self.conv = Some(conv);
        self.greet().await;
        Ok(())
    }
}

/// The lines up to a line of `"""` (`None`: end of input).
async fn read_block(ctx: &Ctx, editor: &mut Editor) -> Result<Option<String>> {
    let mut lines = Vec::new();
    loop {
        match read_line(ctx, editor, "... ").await? {
            None => return Ok(None),
            Some(l) if l.trim() == "\"\"\"" => return Ok(Some(lines.join("\n"))),
            Some(l) => lines.push(l),
        }
    }
}

/// `/edit`: the message written in `$VISUAL` or `$EDITOR` (else `vi`); the editor
/// has the terminal meanwhile (the line editor holds it only while it reads).
async fn compose_in_editor(editor: &mut Editor) -> Result<String> {
    let _ = editor;
    tokio::task::spawn_blocking(|| super::edit_text("", "epsimo-message-", ".md"))
        .await
        .map_err(|e| CliError::failure(format!("the editor failed: {e}")))?
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
        assert_eq!(classify("/db"), Line::Command("/db", ""));
        assert_eq!(classify("/db set k v"), Line::Command("/db", "set k v"));
        assert_eq!(classify("hello"), Line::Message("hello"));
        assert_eq!(classify("/dbb"), Line::Unknown("/dbb"));
        assert_eq!(classify("/thread now"), Line::Misused("/thread"));
        assert_eq!(classify("/switch"), Line::Misused("/switch"));
        assert_eq!(
            classify("/switch Helper"),
            Line::Command("/switch", "Helper")
        );
        assert_eq!(
            classify("//tool update_database {}"),
            Line::Message("/tool update_database {}")
        );
        let names: Vec<&str> = COMMANDS.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(
            crate::contract::catalog::suggest("/exti", names),
            Some("/exit")
        );
    }
}
