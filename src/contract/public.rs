//! The platform's public access in an assistant's configuration (CONTRACT.md,
//! "Public access"): the configurable keys and how they read.

use serde_json::Value;

/// The configurable key of the access mode.
pub const ACCESS_MODE: &str = "type==agent/access_mode";
/// The configurable key of the public token.
pub const PUBLIC_TOKEN: &str = "type==agent/public_token";
/// What a public route answers for an `authenticated` assistant (the guide's words).
pub const NOT_PUBLIC: &str = "This assistant is not configured for public access. Please use the authenticated /runs endpoints instead, or set type==agent/access_mode to 'public_token' or 'public_no_auth'.";

/// The access mode of an assistant's `config` (absent: `authenticated`, the
/// default; a mode this client does not know is given as written) and its public
/// token if one is set.
pub fn access_of_config(config: &Value) -> (String, Option<String>) {
    let c = config.get("configurable");
    let mode = c
        .and_then(|c| c.get(ACCESS_MODE))
        .and_then(Value::as_str)
        .unwrap_or("authenticated")
        .to_string();
    let token = c
        .and_then(|c| c.get(PUBLIC_TOKEN))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    (mode, token)
}
