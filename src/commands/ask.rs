//! `epsimo ask`: one message to a public assistant, as an outsider.

use std::io::{Read, Write};

use serde_json::json;

use super::Ctx;
use super::stream::{Conversation, HumanSink, JsonSink};
use crate::PublicPiece as Piece;
use crate::cli::AskArgs;
use crate::env;
use crate::error::{CliError, Result};
use crate::output::stdout_error;

/// The public token: stdin with `--token-stdin`, else `EPSIMO_PUBLIC_TOKEN`. Never
/// an argument (argv is visible to every user of the machine). `None` when neither
/// gives one (a `public_no_auth` assistant needs none).
fn given_token(args: &AskArgs) -> Result<Option<String>> {
    let t = if args.token_stdin {
        let mut buf = String::new();
        let _reading = crate::interrupt::reading();
        std::io::stdin()
            .read_to_string(&mut buf)
            .map_err(|e| CliError::failure(format!("cannot read the token from stdin: {e}")))?;
        buf.trim().to_string()
    } else {
        env::get(env::PUBLIC_TOKEN).unwrap_or_default()
    };
    if t.is_empty() {
        return Ok(None);
    }
    crate::util::remember_secret(&t);
    Ok(Some(t))
}

fn token(args: &AskArgs) -> Result<String> {
    given_token(args)?.ok_or_else(|| {
        CliError::usage("no public token given").with_hint(format!(
            "set {} or pass --token-stdin; the assistant's owner gets one with `epsimo assistants publish`; a `public_no_auth` assistant is called with --assistant ID",
            env::PUBLIC_TOKEN
        ))
    })
}

/// `--assistant`: the platform's public run, streamed as `threads run` streams.
async fn ask_run(args: &AskArgs, ctx: &Ctx, assistant: &str) -> Result<()> {
    // An outsider can list nothing: an id that is not one is refused unsent.
    for (kind, id) in [
        ("assistant", Some(assistant)),
        ("thread", args.thread.as_deref()),
    ] {
        if let Some(id) = id.filter(|id| !crate::looks_like_id(id)) {
            let mut e = crate::sdk::not_an_id(kind, id, &[]);
            e.hint = Some(format!(
                "the {kind}'s owner has its id (`epsimo assistants endpoint` shows the assistant's)"
            ));
            return Err(e);
        }
    }
    let token = given_token(args)?;
    let client = ctx.client()?;
    let mut conv = Conversation {
        thread_id: args.thread.clone().unwrap_or_default(),
        assistant_id: Some(assistant.to_string()),
        ..Conversation::default()
    };
    if ctx.printer.json {
        let mut sink = JsonSink::new(&ctx.printer);
        client
            .public_turn(token.as_deref(), &mut conv, &args.message, &mut sink)
            .await?;
    } else {
        let mut sink = HumanSink::new(&ctx.printer, true);
        client
            .public_turn(token.as_deref(), &mut conv, &args.message, &mut sink)
            .await?;
    }
    Ok(())
}

pub async fn run(args: AskArgs, ctx: &Ctx) -> Result<()> {
    if args.message.trim().is_empty() {
        return Err(CliError::usage("the message is empty"));
    }
    if let Some(a) = &args.assistant {
        return ask_run(&args, ctx, a).await;
    }
    let token = token(&args)?;
    // No login and no project: the token is the only credential sent.
    let client = ctx.client()?;
    let json = ctx.printer.json;
    let mut flow = (!json && ctx.printer.stdout_tty)
        .then(crate::output::wrap::stdout_width)
        .flatten()
        .map(crate::output::wrap::Flow::new);
    let mut at_line_start = true;
    client
        .ask_openai(&token, &args.message, |piece| {
            let mut out = std::io::stdout().lock();
            match piece {
                Piece::Text(t) if json => {
                    writeln!(out, "{}", json!({"event": "token", "text": t}))
                }
                Piece::Text(t) => {
                    let t = crate::util::sanitize(&t);
                    at_line_start = t.ends_with('\n');
                    let shown = match &mut flow {
                        Some(f) => f.feed(&t),
                        None => t,
                    };
                    write!(out, "{shown}")
                }
                Piece::Done { finish_reason } if json => writeln!(
                    out,
                    "{}",
                    json!({"event": "end", "finish_reason": finish_reason})
                ),
                Piece::Done { .. } => {
                    let rest = flow.as_mut().map(|f| f.finish()).unwrap_or_default();
                    write!(out, "{rest}")?;
                    if !at_line_start {
                        writeln!(out)?;
                    }
                    Ok(())
                }
            }
            .and_then(|_| out.flush())
            .map_err(stdout_error)
        })
        .await
}
