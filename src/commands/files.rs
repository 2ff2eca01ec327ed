//! `epsimo files`: an assistant's files (list, upload, delete).

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;

use super::Ctx;
use crate::api::Payload;
use crate::cli::FilesCommand;
use crate::error::{CliError, Result};
use crate::output::Col;

/// Files above this size get a progress bar on a terminal.
const PROGRESS_FROM: u64 = 1024 * 1024;

pub async fn run(cmd: FilesCommand, ctx: &Ctx) -> Result<()> {
    match cmd {
        FilesCommand::List {
            project,
            assistant,
            assistant_id,
        } => {
            let pid = ctx.project_id(&project).await?;
            let named = assistant.or(assistant_id).unwrap_or_default();
            let id = ctx
                .client()?
                .project(&pid)
                .resolve_assistant(&named)
                .await?;
            list(ctx, &pid, &id).await
        }
        FilesCommand::Upload {
            project,
            assistant_id,
            paths,
        } => {
            // Every file is checked before anything is sent.
            let files = read_all(&paths)?;
            let pid = ctx.project_id(&project).await?;
            upload(ctx, &pid, &assistant_id, files).await
        }
        FilesCommand::Delete {
            project,
            assistant_id,
            file_id,
            yes,
        } => {
            let pid = ctx.project_id(&project).await?;
            if !ctx.confirm_delete(&format!("file {file_id}"), yes)? {
                return Ok(());
            }
            let project = ctx.client()?.project(&pid);
            project.delete_file(&assistant_id, &file_id).await?;
            if ctx.printer.json {
                return ctx
                    .printer
                    .json(&json!({"deleted": true, "file_id": file_id}));
            }
            ctx.printer.success(&format!("Deleted file {file_id}"));
            Ok(())
        }
    }
}

async fn list(ctx: &Ctx, pid: &str, assistant_id: &str) -> Result<()> {
    let files = ctx.client()?.project(pid).files(assistant_id).await?;
    if ctx.printer.json {
        return ctx.printer.json(&files);
    }
    let s = crate::contract::models::field_text;
    let rows: Vec<Vec<String>> = files
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            vec![
                s(f, "file_id"),
                s(f, "filename"),
                s(f, "size"),
                s(f, "created_at"),
            ]
        })
        .collect();
    ctx.printer.table(
        &[
            Col::id("ID"),
            Col::text("Name"),
            Col::bytes("Size"),
            Col::time("Created"),
        ],
        &rows,
    )
}

/// The largest file one upload reads and sends.
pub const MAX_UPLOAD_BYTES: u64 = 512 * 1024 * 1024;

/// A file to upload, read once and then shared (a retry, the progress stream and the
/// form all refer to the same bytes; none copies them).
struct LocalFile {
    name: String,
    bytes: bytes::Bytes,
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<LocalFile>> {
    paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                return Err(CliError::usage(format!("{} is a directory", p.display())));
            }
            let _reading = crate::interrupt::reading();
            // Capped by the bytes read, not the metadata (`/dev/zero` says 0 and
            // never ends).
            let bytes = crate::util::read_capped(p, MAX_UPLOAD_BYTES).map_err(|e| {
                if e.kind() == std::io::ErrorKind::FileTooLarge {
                    return CliError::new(
                        crate::error::Exit::Invalid,
                        format!(
                            "{} is larger than {} MiB, the most one upload sends",
                            p.display(),
                            MAX_UPLOAD_BYTES / (1024 * 1024)
                        ),
                    )
                    .with_hint("nothing was uploaded");
                }
                CliError::usage(format!("cannot read {}: {e}", p.display()))
                    .with_hint("nothing was uploaded; fix the path and try again")
            })?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "upload".into());
            Ok(LocalFile {
                name,
                bytes: bytes::Bytes::from(bytes),
            })
        })
        .collect()
}

async fn upload(ctx: &Ctx, pid: &str, assistant_id: &str, files: Vec<LocalFile>) -> Result<()> {
    let total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    let bar = (ctx.printer.stderr_tty && !ctx.printer.quiet && total >= PROGRESS_FROM).then(|| {
        let pb = indicatif::ProgressBar::new(total);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec}, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb.set_message("Uploading");
        pb
    });
    let parts: Arc<Vec<(String, bytes::Bytes)>> = Arc::new(
        files
            .iter()
            .map(|f| (f.name.clone(), f.bytes.clone()))
            .collect(),
    );
    let progress = bar.clone();
    let build = move || {
        let mut form = reqwest::multipart::Form::new();
        for (name, bytes) in parts.iter() {
            let part = match &progress {
                Some(pb) => {
                    // Stream the file in chunks so the bar moves as bytes leave.
                    let pb = pb.clone();
                    let data = bytes.clone();
                    let len = data.len() as u64;
                    let chunks = futures_util::stream::iter(
                        (0..data.len()).step_by(64 * 1024).map(move |at| {
                            let end = (at + 64 * 1024).min(data.len());
                            pb.inc((end - at) as u64);
                            // Everything sent: what is left is the server's answer,
                            // which has no rate or ETA to show.
                            if pb.position() >= pb.length().unwrap_or(u64::MAX) {
                                pb.set_style(
                                    indicatif::ProgressStyle::with_template(
                                        "{spinner} {msg} ({total_bytes} sent, {elapsed})",
                                    )
                                    .unwrap_or_else(|_| {
                                        indicatif::ProgressStyle::default_spinner()
                                    }),
                                );
                                pb.set_message("Waiting for the server");
                                pb.enable_steady_tick(std::time::Duration::from_millis(100));
                            }
                            Ok::<_, std::io::Error>(data.slice(at..end))
                        }),
                    );
                    reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::wrap_stream(chunks),
                        len,
                    )
                }
                None => reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::from(bytes.clone()),
                    bytes.len() as u64,
                ),
            };
            form = form.part("files", part.file_name(name.clone()));
        }
        form
    };
    let form = Payload::Multipart(Arc::new(build));
    let result = ctx
        .client()?
        .project(pid)
        .upload_form(assistant_id, form)
        .await;
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let v = result?;
    if ctx.printer.json {
        return ctx.printer.json(&v);
    }
    ctx.printer.success(&format!(
        "Uploaded {} ({}) to assistant {assistant_id}",
        crate::util::count(files.len(), "file", "files"),
        crate::util::human_bytes(total)
    ));
    Ok(())
}
