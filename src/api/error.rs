//! Errors of the HTTP layer, and their one mapping to what the user sees.

use std::time::Duration;

use serde_json::Value;

use crate::error::{CliError, Exit, Remedy};
use crate::util::{sanitize, truncate};

/// Longest piece of a raw server body shown in an error.
const MAX_BODY_SHOWN: usize = 300;

#[derive(Debug)]
pub enum ApiError {
    /// The server answered with an error status.
    Status {
        status: u16,
        method: String,
        path: String,
        message: String,
    },
    /// No connection could be made.
    Connect { url: String, detail: String },
    /// The server did not answer in time: nothing for `after`, or not done in `total`.
    Timeout {
        url: String,
        after: Duration,
        total: Duration,
    },
    /// A body (or a streamed event) larger than the limit.
    TooLarge { url: String, limit: usize },
    /// The connection broke while the response was being read.
    Dropped { url: String, detail: String },
    /// A success response whose body is not what the contract says.
    BadBody { path: String, detail: String },
    /// Refused before sending (plain HTTP to a remote host and the like).
    Refused { message: String, hint: String },
    /// Gave up after retries on a rate limit the server wanted us to wait out longer.
    RateLimited { path: String, wait: Duration },
    /// The server answered with a redirect, which is never followed.
    Redirect {
        status: u16,
        method: String,
        path: String,
        location: String,
    },
}

/// The server's message from an error body: `{"detail": "..."}`, `{"detail": [...]}`
/// (422 validation: each `loc` and `msg`), `{"error", "detail"}`, an HTML page, or
/// plain text. Never more than a few hundred bytes, and stripped of control characters.
pub fn message_from_body(status: u16, content_type: &str, body: &[u8]) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error");
    if body.iter().all(u8::is_ascii_whitespace) {
        return format!("HTTP {status} {reason}");
    }
    if let Ok(json) = serde_json::from_slice::<Value>(body)
        && let Some(msg) = message_from_json(&json)
    {
        return truncate(&sanitize(&msg), MAX_BODY_SHOWN);
    }
    let text = String::from_utf8_lossy(body);
    let looks_html = content_type.contains("html") || text.trim_start().starts_with('<');
    if looks_html {
        return format!(
            "HTTP {status} {reason} (the server sent an HTML page, not the API's JSON)"
        );
    }
    truncate(&sanitize(text.trim()), MAX_BODY_SHOWN)
}

fn message_from_json(json: &Value) -> Option<String> {
    let detail = json.get("detail");
    let error = json.get("error").and_then(Value::as_str);
    let detail_text = match detail {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|item| {
                    let loc = item
                        .get("loc")
                        .and_then(Value::as_array)
                        .map(|l| {
                            l.iter()
                                .map(|p| match p {
                                    Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                })
                                .collect::<Vec<_>>()
                                .join(".")
                        })
                        .unwrap_or_default();
                    let msg = item
                        .get("msg")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .unwrap_or_else(|| item.to_string());
                    if loc.is_empty() {
                        msg
                    } else {
                        format!("{loc}: {msg}")
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    match (error, detail_text) {
        (Some(e), Some(d)) => Some(format!("{e}: {d}")),
        (Some(e), None) => Some(e.to_string()),
        (None, Some(d)) => Some(d),
        (None, None) => json
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Status {
                status,
                method,
                path,
                message,
            } => {
                let exit = Exit::for_status(status);
                let mut err = CliError::new(exit, format!("{message} ({method} {path}: HTTP {status})"));
                err.http_status = Some(status);
                // The hint follows what the server said, not the status alone.
                match status {
                    401 => err.remedy(Remedy::LogIn),
                    403 => err.remedy(Remedy::CheckProject),
                    // `{"detail":"Not Found"}` is the router's: no such route (fixture
                    // 98), unlike `{"detail":"Thread not found"}` (fixture 21).
                    404 if message == "Not Found" => err.remedy(Remedy::CheckApiUrl),
                    404 => err.remedy(Remedy::CheckId),
                    429 => err.remedy(Remedy::RateLimited),
                    // Upstream answers 500 for a malformed id or a configuration its
                    // graph refuses: trying again rarely helps.
                    500 => err.remedy(Remedy::ServerFailed),
                    501..=599 => err.remedy(Remedy::TryLater),
                    _ => err,
                }
            }
            ApiError::Connect { url, detail } => CliError::new(
                Exit::Unavailable,
                format!("cannot reach the API at {url}: {detail}"),
            )
            .remedy(Remedy::CheckNetwork),
            ApiError::Timeout { url, after, total } => CliError::new(
                Exit::Unavailable,
                format!(
                    "the API at {url} did not answer within {}s (or did not finish within {}s)",
                    after.as_secs_f64(),
                    total.as_secs_f64()
                ),
            )
            .remedy(Remedy::Timeouts),
            ApiError::TooLarge { url, limit } => CliError::new(
                Exit::Unavailable,
                format!(
                    "the response from {url} is larger than {} MiB; it was not read further",
                    limit / (1024 * 1024)
                ),
            )
            .remedy(Remedy::ResponseLimit),
            ApiError::Dropped { url, detail } => CliError::new(
                Exit::Unavailable,
                format!("the connection to {url} broke before the response was complete: {detail}"),
            )
            .remedy(Remedy::TryAgain),
            ApiError::BadBody { path, detail } => CliError::new(
                Exit::Failure,
                format!("unexpected response from {path}: {detail}"),
            )
            .remedy(Remedy::NotTheApi),
            ApiError::Refused { message, hint } => {
                CliError::new(Exit::Usage, message).with_hint(hint)
            }
            ApiError::Redirect {
                status,
                method,
                path,
                location,
            } => CliError::new(
                Exit::Failure,
                format!(
                    "the API answered {method} {path} with a redirect (HTTP {status}) to {location}; epsimo follows no redirects, so nothing was sent there"
                ),
            )
            .remedy(Remedy::CheckRedirect),
            ApiError::RateLimited { path, wait } => CliError::new(
                Exit::Unavailable,
                format!(
                    "rate limited on {path}: the server asks to wait {}s more, beyond the retry budget",
                    wait.as_secs_f64().ceil()
                ),
            )
            .remedy(Remedy::RetryBudget),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_from_each_body_shape() {
        assert_eq!(
            message_from_body(404, "application/json", br#"{"detail":"Thread not found"}"#),
            "Thread not found"
        );
        assert_eq!(
            message_from_body(
                422,
                "application/json",
                br#"{"detail":[{"type":"missing","loc":["body","name"],"msg":"Field required"},{"loc":["body",29],"msg":"JSON decode error"}]}"#
            ),
            "body.name: Field required; body.29: JSON decode error"
        );
        assert_eq!(
            message_from_body(
                400,
                "application/json",
                br#"{"error":"bad_request","detail":"no"}"#
            ),
            "bad_request: no"
        );
        assert_eq!(
            message_from_body(500, "text/plain", b"Internal Server Error"),
            "Internal Server Error"
        );
        assert!(
            message_from_body(502, "text/html", b"<html><body>Bad gateway</body></html>")
                .contains("HTML page")
        );
        assert_eq!(
            message_from_body(503, "", b""),
            "HTTP 503 Service Unavailable"
        );
        let long = "x".repeat(5000);
        assert!(message_from_body(500, "text/plain", long.as_bytes()).len() < 400);
        assert_eq!(
            message_from_body(400, "application/json", b"{\"detail\":\"\\u001b[31mred\"}"),
            "red"
        );
    }

    #[test]
    fn exit_codes_of_api_errors() {
        let status = |s| {
            CliError::from(ApiError::Status {
                status: s,
                method: "GET".into(),
                path: "/x".into(),
                message: "m".into(),
            })
            .exit
        };
        assert_eq!(status(401), Exit::Auth);
        assert_eq!(status(404), Exit::NotFound);
        assert_eq!(status(422), Exit::Invalid);
        assert_eq!(status(503), Exit::Unavailable);
        let e: CliError = ApiError::Connect {
            url: "u".into(),
            detail: "refused".into(),
        }
        .into();
        assert_eq!(e.exit, Exit::Unavailable);
        assert_eq!(e.remedy.as_deref(), Some(&Remedy::CheckNetwork));
    }
}
