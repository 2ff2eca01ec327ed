//! Rules the client and the emulator both apply: which hosts are loopback (plain
//! HTTP is allowed only there; the emulator trusts only those origins and `Host`s),
//! and which names hold secrets (redacted in traces and logs).

use serde_json::Value;
use url::Url;

/// The platform's API (CONTRACT.md, "Base URL and environments").
pub const DEFAULT_API_URL: &str = "https://backend.epsimoagents.com";

/// The platform's limits (its guide's data model): a project's name and
/// description, in characters, and the credits one purchase may buy.
pub const MAX_PROJECT_NAME: usize = 100;
pub const MAX_PROJECT_DESCRIPTION: usize = 500;
pub const PURCHASE: std::ops::RangeInclusive<i64> = 1..=100_000;

/// What is wrong with a project's name or description by the platform's limits.
pub fn project_problem(name: Option<&str>, description: Option<&str>) -> Option<String> {
    if let Some(n) = name {
        if n.trim().is_empty() {
            return Some("a project's name must not be empty".into());
        }
        let len = n.chars().count();
        if len > MAX_PROJECT_NAME {
            return Some(format!(
                "a project's name is at most {MAX_PROJECT_NAME} characters; this one has {len}"
            ));
        }
    }
    if let Some(d) = description {
        let len = d.chars().count();
        if len > MAX_PROJECT_DESCRIPTION {
            return Some(format!(
                "a project's description is at most {MAX_PROJECT_DESCRIPTION} characters; this one has {len}"
            ));
        }
    }
    None
}

/// True for `localhost`, `127.0.0.0/8` and `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// Pieces of a name that mark it as holding a secret, matched in the name lowered
/// and stripped of `_`, `-` and `.` (`X-Api-Key`, `client_secret`, `apiKey`,
/// `Proxy-Authorization`, `passwd` all match).
const SECRET_MARKS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "authorization",
    "cookie",
    "credential",
    "privatekey",
    "signature",
    "session",
];

/// True when a field or header name looks like it holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    folded == "pwd" || folded == "auth" || SECRET_MARKS.iter().any(|m| folded.contains(m))
}

/// A copy of a JSON value with every secret-looking field replaced.
pub fn redact(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    if is_secret_name(k) {
                        (k.clone(), Value::String("[redacted]".into()))
                    } else {
                        (k.clone(), redact(v))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}
