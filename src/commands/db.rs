//! `epsimo db`: the Virtual Database, which is the thread state's top-level keys
//! other than `messages` (`platform::db` reads and writes it).

use std::io::{Read, Write};

use serde_json::{Map, Value, json};

use super::Ctx;
use crate::cli::{DbCommand, DbTarget};
use crate::error::{CliError, Exit, Result};
use crate::output::stdout_error;
use crate::sdk::ProjectClient;
use crate::sdk::StreamError;
use crate::sdk::parse_value;
use crate::{MAX_DATABASE_VALUE_BYTES as MAX_VALUE_BYTES, check_database_key};

pub async fn run(cmd: DbCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        DbCommand::Query(target) => query(ctx, &target).await,
        DbCommand::Get { target, key } => get(ctx, &target, &key).await,
        DbCommand::Set {
            target,
            key,
            value,
            value_file,
        } => set(ctx, &target, &key, value, value_file).await,
        DbCommand::Delete { target, key, yes } => delete(ctx, &target, &key, yes).await,
    }
}

/// Clears a key. Upstream's state update merges the values it is given into the
/// thread's and has no way to remove one (nothing recorded shows another), so the
/// key is written as null, and that is what this says.
async fn delete(ctx: &Ctx, target: &DbTarget, key: &str, yes: bool) -> Result<()> {
    check_database_key(key)?;
    let (project, thread) = located(ctx, target).await?;
    // A key that is not there is said, before anyone is asked.
    let database = project.database(&thread).await?;
    if !database.contains_key(key) {
        return Err(CliError::new(
            Exit::NotFound,
            format!("thread {thread} has no key {key:?} in its database"),
        )
        .with_hint(format!("`epsimo db query {thread}` lists its keys")));
    }
    if !ctx.confirm_delete(&format!("key {key} of thread {thread}"), yes)? {
        return Ok(());
    }
    project.database_set(&thread, key, &Value::Null).await?;
    if ctx.printer.json {
        return ctx
            .printer
            .json(&json!({"key": key, "value": null, "cleared": true}));
    }
    ctx.printer
        .success(&format!("Cleared {key} in the database of thread {thread}"));
    ctx.printer.status(
        "The server merges state keys and removes none: the key stays, with the value null.",
    );
    Ok(())
}

/// The project and the thread of a `db` command; a thread argument that is not an
/// id is refused before anything is sent.
async fn located(ctx: &Ctx, target: &DbTarget) -> Result<(ProjectClient, String)> {
    let pid = ctx.project_id(&target.project).await?;
    let project = ctx.client()?.project(pid);
    let thread = project.resolve_thread(target.thread_id()).await?;
    Ok((project, thread))
}

async fn fetch(ctx: &Ctx, target: &DbTarget) -> Result<Map<String, Value>> {
    let (project, thread) = located(ctx, target).await?;
    Ok(project.database(&thread).await?)
}

/// Says so on stderr when the database is empty and the output is not JSON;
/// true when it did (nothing more to print).
fn said_empty(ctx: &Ctx, target: &DbTarget, empty: bool) -> bool {
    if empty && !ctx.printer.json {
        ctx.printer.status(&format!(
            "The database of thread {} is empty.",
            target.thread_id()
        ));
        return true;
    }
    false
}

async fn query(ctx: &Ctx, target: &DbTarget) -> Result<()> {
    // Piped without a filter: the values go out as they came, only `messages` left
    // out, with no tree built (a database can be many megabytes).
    if ctx.printer.jq.is_none() && !ctx.printer.stdout_tty {
        let (project, thread) = located(ctx, target).await?;
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        let written = match project.stream_database(&thread, &mut out).await {
            Ok(n) => n,
            Err(StreamError::Api(e)) => {
                // What was complete before the body broke off is kept, as a line.
                let _ = out.flush();
                return Err(e);
            }
            Err(StreamError::Write(e)) => return Err(stdout_error(e)),
            Err(StreamError::Body(detail)) => return Err(CliError::failure(detail)),
        };
        if written == 0 {
            if said_empty(ctx, target, true) {
                return Ok(());
            }
            out.write_all(b"{}").map_err(stdout_error)?;
        }
        return out
            .write_all(b"\n")
            .and_then(|_| out.flush())
            .map_err(stdout_error);
    }
    let db = fetch(ctx, target).await?;
    if said_empty(ctx, target, db.is_empty()) {
        return Ok(());
    }
    ctx.printer.json(&Value::Object(db))
}

async fn get(ctx: &Ctx, target: &DbTarget, key: &str) -> Result<()> {
    let (project, thread) = located(ctx, target).await?;
    let value = project.database_get(&thread, key).await?;
    ctx.printer.json(&value)
}

fn read_value(value: Option<String>, file: Option<std::path::PathBuf>) -> Result<String> {
    let text = match (value, file) {
        (Some(v), None) if v == "-" => {
            let mut s = String::new();
            let _reading = crate::interrupt::reading();
            std::io::stdin()
                .take(MAX_VALUE_BYTES as u64 + 1)
                .read_to_string(&mut s)
                .map_err(|e| CliError::usage(format!("cannot read the value from stdin: {e}")))?;
            s.trim_end_matches(['\r', '\n']).to_string()
        }
        (Some(v), None) => v,
        (None, Some(path)) => {
            let read = {
                let _reading = crate::interrupt::reading();
                crate::util::read_text_capped(&path, MAX_VALUE_BYTES as u64)
            };
            match read {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                    return Err(too_big(MAX_VALUE_BYTES + 1));
                }
                Err(e) => {
                    return Err(CliError::usage(format!(
                        "cannot read {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        _ => {
            return Err(CliError::usage(
                "give the value with --value or --value-file",
            ));
        }
    };
    if text.len() > MAX_VALUE_BYTES {
        return Err(too_big(text.len()));
    }
    Ok(text)
}

fn too_big(n: usize) -> CliError {
    CliError::new(
        Exit::Invalid,
        format!("the value is {n} bytes; the limit is {MAX_VALUE_BYTES} bytes"),
    )
    .with_hint("store large data elsewhere (files) and keep a reference in the database")
}

async fn set(
    ctx: &Ctx,
    target: &DbTarget,
    key: &str,
    value: Option<String>,
    file: Option<std::path::PathBuf>,
) -> Result<()> {
    check_database_key(key)?;
    let raw = read_value(value, file)?;
    let (parsed, was_json) = parse_value(&raw);
    if !was_json {
        ctx.printer.warn(
            "the value is not JSON: it is stored as a string (quote it as JSON to be explicit)",
        );
    }
    let (project, thread) = located(ctx, target).await?;
    project.database_set(&thread, key, &parsed).await?;
    if ctx.printer.json {
        return ctx.printer.json(&json!({"key": key, "value": parsed}));
    }
    ctx.printer.success(&format!(
        "Set {key} in the database of thread {}",
        target.thread_id()
    ));
    Ok(())
}
