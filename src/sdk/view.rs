//! What a front-end shows of the platform's data: pure functions, no request.

use serde_json::Value;

use super::{Project, Wire};
use crate::platform::{projects, public, resolve, threads};

/// The assistant's JSON (as the server sent it) with its public token masked: what
/// to show unless the token itself is asked for.
pub fn masked_assistant(assistant: Value) -> Value {
    public::masked(assistant)
}

/// The project's JSON without its token fields (`token`, `jwt_token`, ...): what
/// may be shown or logged.
pub fn project_view(project: Wire<Project>) -> Value {
    projects::public_view(project)
}

/// A readable transcript of a thread's messages (`You: ...`, `Assistant: ...`,
/// the tools called and what they answered), control characters removed.
pub fn transcript(messages: &[Value]) -> String {
    threads::transcript(messages)
}

/// The name a thread started by `message` gets, as chat apps name them: its first
/// line, whitespace folded, cut at a word to at most 60 characters.
pub fn thread_name(message: &str) -> String {
    threads::name_from(message)
}

/// The name of a thread nothing named (the platform's own default).
pub const DEFAULT_THREAD_NAME: &str = threads::DEFAULT_NAME;

/// The largest value [`crate::ProjectClient::database_set`] sends (8 MiB of JSON).
pub const MAX_DATABASE_VALUE_BYTES: usize = crate::platform::db::MAX_VALUE_BYTES;

/// Why `key` cannot be a key of a thread's database, if it cannot (empty, or one
/// the thread keeps for itself, such as `messages`).
pub fn check_database_key(key: &str) -> super::Result<()> {
    Ok(crate::platform::db::check_key(key)?)
}

/// The assistant's access mode (`authenticated`, `public_token`,
/// `public_no_auth`) and its public token, if it has one, from the assistant's
/// JSON as the server sent it.
pub fn access_of(assistant: &Value) -> (String, Option<String>) {
    public::access_of(assistant)
}

/// Whether `arg` is an id the platform could have made (a UUID) rather than a
/// name.
pub fn looks_like_id(arg: &str) -> bool {
    resolve::looks_like_id(arg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_views_hide_what_must_not_be_shown() {
        let a = json!({"config": {"configurable": {"type==agent/public_token": "pubkey_abcdefghijklmnop"}}});
        let shown =
            masked_assistant(a)["config"]["configurable"]["type==agent/public_token"].to_string();
        assert!(shown.contains("***"), "{shown}");
        assert!(!shown.contains("abcdefghijklmnop"), "{shown}");
        let p: Wire<Project> = Wire::from_value(
            json!({"project_id": "p", "name": "n", "jwt_token": "secret", "token": "t"}),
        )
        .unwrap();
        let v = project_view(p);
        assert_eq!(v, json!({"project_id": "p", "name": "n"}));
        assert_eq!(thread_name("  hi\nthere"), "hi");
        assert!(looks_like_id("9b0c6f0e-1d2a-4c1e-9f3b-2a6d8e7c5b41"));
        assert!(!looks_like_id("Support Bot"));
        let t = transcript(&[json!({"type": "human", "content": "hi"})]);
        assert_eq!(t, "You: hi\n");
        assert!(check_database_key("status").is_ok());
        assert!(check_database_key("messages").is_err());
        assert!(check_database_key("").is_err());
        let published = json!({"config": {"configurable": {
            "type==agent/access_mode": "public_token",
            "type==agent/public_token": "pubkey_abcdefghijklmnop"}}});
        assert_eq!(
            access_of(&published),
            (
                "public_token".to_string(),
                Some("pubkey_abcdefghijklmnop".to_string())
            )
        );
        assert_eq!(access_of(&json!({})).0, "authenticated");
    }
}
