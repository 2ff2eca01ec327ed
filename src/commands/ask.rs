//! `epsimo ask`: one message to a public assistant, as an outsider.

use std::io::{Read, Write};

use serde_json::json;

use super::Ctx;
use crate::cli::AskArgs;
use crate::env;
use crate::error::{CliError, Result};
use crate::output::stdout_error;
use crate::platform::public::{self, Piece};

/// The public token: stdin with `--token-stdin`, else `EPSIMO_PUBLIC_TOKEN`. Never
/// an argument (argv is visible to every user of the machine).
fn token(args: &AskArgs) -> Result<String> {
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
        return Err(CliError::usage("no public token given").with_hint(format!(
            "set {} or pass --token-stdin; the assistant's owner gets one with `epsimo assistants publish`",
            env::PUBLIC_TOKEN
        )));
    }
    crate::util::remember_secret(&t);
    Ok(t)
}

pub async fn run(args: AskArgs, ctx: &Ctx) -> Result<()> {
    if args.message.trim().is_empty() {
        return Err(CliError::usage("the message is empty"));
    }
    let token = token(&args)?;
    // No login and no project: the token is the only credential sent.
    let (url, _) = ctx.api_url();
    let api = ctx.api_for(url, ctx.profile())?;
    let json = ctx.printer.json;
    let mut flow = (!json && ctx.printer.stdout_tty)
        .then(crate::output::wrap::stdout_width)
        .flatten()
        .map(crate::output::wrap::Flow::new);
    let mut at_line_start = true;
    public::ask_openai(&api, &token, &args.message, |piece| {
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
