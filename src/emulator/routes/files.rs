//! Files of an assistant, and `/ingest`.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Res, S};
use crate::emulator::Shared;
use crate::emulator::http::{ErrorReply, ok, project};
use crate::emulator::records::{project_assistant, project_thread};
use crate::emulator::state::{FileRec, new_id, now_iso};

pub(super) async fn list_files(State(s): S, headers: HeaderMap, Path(id): Path<String>) -> Res {
    let (_, pid) = project(&s, &headers)?;
    project_assistant(&s, &pid, &id)?;
    let db = s.db.lock().unwrap();
    let mut items: Vec<&FileRec> = db.files.values().filter(|f| f.assistant_id == id).collect();
    items.sort_by_key(|f| f.seq);
    Ok(ok(Value::Array(items.iter().map(|f| f.view()).collect())))
}

/// A file part of a multipart body: (filename, content type, bytes).
type Upload = (String, Option<String>, bytes::Bytes);

/// Parts one multipart body may have: 300,000 empty ones took 650 MB.
pub const MAX_PARTS: usize = 1000;

/// The `files` parts of a multipart body, and its `config` part (upstream's
/// `/ingest`) when there is one. No file is a 422 as upstream answers it.
pub(super) async fn read_uploads(
    mut multipart: Multipart,
) -> Result<(Vec<Upload>, Option<String>), ErrorReply> {
    let mut added = Vec::new();
    let mut config = None;
    let mut parts = 0usize;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(ErrorReply::new(e.status(), e.body_text())),
        };
        parts += 1;
        if parts > MAX_PARTS {
            return Err(ErrorReply::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                format!("A multipart body may have at most {MAX_PARTS} parts"),
            ));
        }
        match field.name() {
            Some("files") => {}
            Some("config") => {
                config = Some(
                    field
                        .text()
                        .await
                        .map_err(|e| ErrorReply::new(e.status(), e.body_text()))?,
                );
                continue;
            }
            _ => continue,
        }
        let filename = field.file_name().unwrap_or("upload").to_string();
        let content_type = field.content_type().map(str::to_owned);
        let data = field
            .bytes()
            .await
            .map_err(|e| ErrorReply::new(e.status(), e.body_text()))?;
        added.push((filename, content_type, data));
    }
    if added.is_empty() {
        return Err(ErrorReply::invalid(
            "missing",
            json!(["body", "files"]),
            "Field required",
            Value::Null,
        ));
    }
    Ok((added, config))
}

/// Stores uploaded files for an assistant; their views.
pub(super) fn store_files(
    s: &Shared,
    pid: &str,
    assistant_id: &str,
    added: Vec<Upload>,
) -> Vec<Value> {
    let mut db = s.db.lock().unwrap();
    let mut views = Vec::new();
    for (filename, content_type, data) in added {
        let seq = db.next_seq();
        let (passages, not_indexed) =
            match crate::emulator::retrieval::index(&filename, content_type.as_deref(), &data) {
                Ok(p) => (p, None),
                Err(why) => (Vec::new(), Some(why)),
            };
        let f = FileRec {
            file_id: new_id(),
            assistant_id: assistant_id.to_string(),
            project_id: pid.to_string(),
            filename,
            content_type,
            size: data.len() as u64,
            sha256: hex::encode(Sha256::digest(&data)),
            created_at: now_iso(),
            seq,
            passages,
            not_indexed,
        };
        views.push(f.view());
        db.files.insert(f.file_id.clone(), f);
    }
    views
}

/// `POST /ingest` (upstream's upload route, fixture 80b): `files` parts and a `config`
/// part naming the assistant (or thread) in `configurable`; answers the ids of each
/// file's stored chunks (one chunk each here).
pub(super) async fn ingest(State(s): S, headers: HeaderMap, multipart: Multipart) -> Res {
    let (_, pid) = project(&s, &headers)?;
    let (added, config) = read_uploads(multipart).await?;
    let config: Value = config
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| {
            ErrorReply::invalid(
                "json_invalid",
                json!(["body", "config"]),
                "Invalid JSON",
                json!(config),
            )
        })?
        .unwrap_or(Value::Null);
    let c = &config["configurable"];
    let assistant_id = match (c["assistant_id"].as_str(), c["thread_id"].as_str()) {
        (Some(a), _) => project_assistant(&s, &pid, a)?.assistant_id,
        (None, Some(t)) => project_thread(&s, &pid, t)?
            .assistant_id
            .ok_or_else(|| ErrorReply::bad_request("Thread has no assistant"))?,
        (None, None) => {
            return Err(ErrorReply::bad_request(
                "config.configurable needs an assistant_id or a thread_id",
            ));
        }
    };
    let views = store_files(&s, &pid, &assistant_id, added);
    s.persist().await;
    Ok(ok(Value::Array(
        views.iter().map(|v| json!([v["file_id"]])).collect(),
    )))
}

pub(super) async fn upload_files(
    State(s): S,
    headers: HeaderMap,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Res {
    let (_, pid) = project(&s, &headers)?;
    project_assistant(&s, &pid, &id)?;
    let (added, _) = read_uploads(multipart).await?;
    let views = store_files(&s, &pid, &id, added);
    s.persist().await;
    Ok(ok(json!({"files": views})))
}

pub(super) async fn delete_file(
    State(s): S,
    headers: HeaderMap,
    Path((id, file_id)): Path<(String, String)>,
) -> Res {
    let (_, pid) = project(&s, &headers)?;
    project_assistant(&s, &pid, &id)?;
    let removed = {
        let mut db = s.db.lock().unwrap();
        match db.files.get(&file_id) {
            Some(f) if f.assistant_id == id => db.files.remove(&file_id).is_some(),
            _ => false,
        }
    };
    if !removed {
        return Err(ErrorReply::not_found("File"));
    }
    s.persist().await;
    Ok(ok(json!({"status": "ok"})))
}
