//! The built-in emulator's admin endpoints, as a client calls them (with the admin
//! token the emulator printed at start).

use serde_json::Value;

use crate::api::{Api, Auth, Call};
use crate::error::Result;

/// `GET /_emulator/export`: every record of a running emulator.
pub async fn export(api: &Api, admin_token: &str) -> Result<Value> {
    api.json(&Call::get("/_emulator/export", Auth::Given(admin_token.to_string())).once())
        .await
}
