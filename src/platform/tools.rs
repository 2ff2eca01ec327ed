//! The server's tools: `GET /tools/` and a tool's health.

use serde_json::Value;

use crate::api::{Api, Auth, Call, item_path};
use crate::error::Result;

/// The tools the server lists (either a list or `{"tools": [...]}`).
pub async fn list(api: &Api) -> Result<Vec<Value>> {
    let raw: Value = api.json(&Call::get("/tools/", Auth::User)).await?;
    Ok(crate::contract::models::list_items(raw, "tools").unwrap_or_default())
}

/// `GET /health/tool/TYPE`: the server's answer as it is.
pub async fn health(api: &Api, tool_type: &str) -> Result<Value> {
    api.json(&Call::get(
        item_path("/health/tool", tool_type, ""),
        Auth::User,
    ))
    .await
}
