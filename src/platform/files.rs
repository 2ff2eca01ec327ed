//! Files of an assistant (retrieval): `/assistants/ID/files`.

use reqwest::Method;
use serde_json::Value;

use super::project;
use crate::api::{Api, Call, Payload, item_path};
use crate::error::Result;

fn files_path(assistant_id: &str) -> String {
    item_path("/assistants", assistant_id, "/files")
}

/// The assistant's files, as the server lists them.
pub async fn list(api: &Api, pid: &str, assistant_id: &str) -> Result<Value> {
    api.json(&Call::get(files_path(assistant_id), project(pid)))
        .await
}

/// Uploads a multipart form (built again for each attempt) and returns the answer.
pub async fn upload(api: &Api, pid: &str, assistant_id: &str, form: Payload) -> Result<Value> {
    let mut call = Call::new(Method::POST, files_path(assistant_id), project(pid));
    call.payload = form;
    api.json(&call).await
}

pub async fn delete(api: &Api, pid: &str, assistant_id: &str, file_id: &str) -> Result<()> {
    let path = item_path(&files_path(assistant_id), file_id, "");
    api.empty(&Call::new(Method::DELETE, path, project(pid)))
        .await
        .map(drop)
}
