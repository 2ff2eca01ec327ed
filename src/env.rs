//! Every environment variable `epsimo` reads, declared in one place.
//!
//! `epsimo help environment` and the README list them from [`VARS`]; code reads them
//! only through the constants here, so the list cannot drift from what is read.

pub const API_URL: &str = "EPSIMO_API_URL";
pub const TOKEN: &str = "EPSIMO_TOKEN";
pub const API_KEY: &str = "EPSIMO_API_KEY";
pub const PROJECT_TOKEN: &str = "EPSIMO_PROJECT_TOKEN";
pub const EMAIL: &str = "EPSIMO_EMAIL";
pub const PASSWORD: &str = "EPSIMO_PASSWORD";
pub const PROJECT_ID: &str = "EPSIMO_PROJECT_ID";
pub const PROFILE: &str = "EPSIMO_PROFILE";
pub const AUTH_STORAGE: &str = "EPSIMO_AUTH_STORAGE";
pub const CONFIG_DIR: &str = "EPSIMO_CONFIG_DIR";
pub const CACHE_DIR: &str = "EPSIMO_CACHE_DIR";
pub const CONNECT_TIMEOUT: &str = "EPSIMO_CONNECT_TIMEOUT";
pub const READ_TIMEOUT: &str = "EPSIMO_READ_TIMEOUT";
pub const MAX_RETRIES: &str = "EPSIMO_MAX_RETRIES";
pub const MAX_RPS: &str = "EPSIMO_MAX_RPS";
pub const REQUEST_TIMEOUT: &str = "EPSIMO_REQUEST_TIMEOUT";
pub const RUN_TIMEOUT: &str = "EPSIMO_RUN_TIMEOUT";
pub const MAX_RESPONSE_MB: &str = "EPSIMO_MAX_RESPONSE_MB";
pub const RETRY_MAX_WAIT: &str = "EPSIMO_RETRY_MAX_WAIT";
pub const NO_COLOR: &str = "NO_COLOR";
pub const PAGER: &str = "EPSIMO_PAGER";
pub const PUBLIC_TOKEN: &str = "EPSIMO_PUBLIC_TOKEN";
pub const CLICOLOR: &str = "CLICOLOR";
pub const CLICOLOR_FORCE: &str = "CLICOLOR_FORCE";
pub const CI: &str = "CI";
/// The bearer token `epsimo mcp --http` requires of its clients.
pub const MCP_TOKEN: &str = "EPSIMO_MCP_TOKEN";
/// How long a jq filter may run.
pub const JQ_TIMEOUT: &str = "EPSIMO_JQ_TIMEOUT";
/// Set by `emulator exec --faults` for its command: the admin endpoints' token.
pub const EMULATOR_ADMIN_TOKEN: &str = "EPSIMO_EMULATOR_ADMIN_TOKEN";
/// Set by the shell scripts of dynamic completion (`COMPLETE=bash epsimo`).
pub const COMPLETE: &str = "COMPLETE";

/// Name and meaning of every variable, in the order `epsimo help environment` shows them.
pub const VARS: &[(&str, &str)] = &[
    (
        API_URL,
        "API base URL (default https://backend.epsimoagents.com); --api-url wins over it",
    ),
    (
        TOKEN,
        "a user token to use instead of stored credentials (for CI); never written to disk",
    ),
    (
        API_KEY,
        "alias of EPSIMO_TOKEN, the name the Python SDK uses",
    ),
    (
        PROJECT_TOKEN,
        "a project token for project-scoped commands (least privilege for CI jobs)",
    ),
    (
        EMAIL,
        "email for non-interactive `auth login`, and for one automatic re-login on 401",
    ),
    (
        PASSWORD,
        "password for non-interactive `auth login`, and for one automatic re-login on 401",
    ),
    (
        PROJECT_ID,
        "the project for project-scoped commands when --project-id is not given",
    ),
    (
        PROFILE,
        "the credentials profile to use (default: the active one, `epsimo auth switch`, else default)",
    ),
    (
        PUBLIC_TOKEN,
        "a public assistant's token, for `epsimo ask` (an outsider's call: no login needed)",
    ),
    (
        PAGER,
        "the pager for output longer than the terminal (default: $PAGER, else `less -FRX`; empty or `cat` for none); --no-pager turns it off",
    ),
    (
        AUTH_STORAGE,
        "where `epsimo auth login` keeps the token: auto (the OS keychain when it answers, else the file), keyring, or file",
    ),
    (
        CONFIG_DIR,
        "where credentials.json lives (default: the OS config dir + /epsimo)",
    ),
    (
        CACHE_DIR,
        "where the server's schema is cached (default: the OS cache dir + /epsimo)",
    ),
    (
        CONNECT_TIMEOUT,
        "seconds to wait for a connection (default 10)",
    ),
    (
        READ_TIMEOUT,
        "seconds to wait for data on an open connection (default 60)",
    ),
    (
        REQUEST_TIMEOUT,
        "seconds a request may take in all, answer included (default 300; not for streamed runs)",
    ),
    (
        RUN_TIMEOUT,
        "seconds a streamed run may take in all (default 1800); --timeout wins",
    ),
    (
        MAX_RESPONSE_MB,
        "the largest response body, or streamed event, accepted in MiB (default 128 and 16)",
    ),
    (
        MAX_RETRIES,
        "retries for idempotent calls on 429/5xx/connection errors (default 4)",
    ),
    (
        MAX_RPS,
        "the most requests a second this process sends (for a quota shared across jobs); the server's X-RateLimit-* headers are followed either way",
    ),
    (
        RETRY_MAX_WAIT,
        "total seconds all retries of one call may wait (default 60)",
    ),
    (
        MCP_TOKEN,
        "the bearer token (32 characters at least) `epsimo mcp --http` requires of every request; unset, one is made and printed at start",
    ),
    (
        JQ_TIMEOUT,
        "seconds a jq filter (--jq, epsimo test's db keys, MCP filters) may run (default 10); it also has 1 GiB of memory",
    ),
    (NO_COLOR, "set to anything to turn color off"),
    (CLICOLOR, "0 turns color off"),
    (
        CLICOLOR_FORCE,
        "non-zero forces color even when not on a terminal",
    ),
    (CI, "true means non-interactive: never prompt"),
    (
        EMULATOR_ADMIN_TOKEN,
        "set by `emulator exec --faults` for its command: the token /_emulator/* requires",
    ),
    (
        COMPLETE,
        "set by the dynamic completion scripts (`source <(COMPLETE=bash epsimo)`); not for people",
    ),
];

/// A variable's value, treating an empty value as unset.
pub fn get(name: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => None,
    }
}

/// The longest duration a variable may set: a day.
pub const MAX_SECONDS: f64 = 86_400.0;

/// A variable read as a number of seconds (fractions allowed): unset is `None`; a
/// value that is not a finite number from 0 to a day is an error naming it (never
/// a panic on `1e20` or `nan`).
pub fn seconds(name: &str) -> crate::error::Result<Option<std::time::Duration>> {
    let Some(raw) = get(name) else {
        return Ok(None);
    };
    parse_seconds(&raw)
        .map(Some)
        .map_err(|why| crate::error::CliError::usage(format!("{name}={raw:?}: {why}")))
}

/// Seconds from text: a finite number from 0 to [`MAX_SECONDS`].
pub fn parse_seconds(raw: &str) -> Result<std::time::Duration, String> {
    match raw.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && (0.0..=MAX_SECONDS).contains(&s) => {
            Ok(std::time::Duration::from_secs_f64(s))
        }
        Ok(_) => Err(format!(
            "must be a number of seconds from 0 to {MAX_SECONDS}"
        )),
        Err(_) => Err("is not a number of seconds".to_string()),
    }
}

/// A whole number from a variable, within `range`; unset is `None`.
/// A positive rate (requests a second) from a variable; malformed is a usage error.
pub fn rate(name: &str) -> crate::error::Result<Option<f64>> {
    let Some(raw) = get(name) else {
        return Ok(None);
    };
    match raw.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 && r <= 100_000.0 => Ok(Some(r)),
        _ => Err(crate::error::CliError::usage(format!(
            "{name}={raw:?}: must be a number of requests a second above 0"
        ))),
    }
}

pub fn number(
    name: &str,
    range: std::ops::RangeInclusive<u32>,
) -> crate::error::Result<Option<u32>> {
    let Some(raw) = get(name) else {
        return Ok(None);
    };
    match raw.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(crate::error::CliError::usage(format!(
            "{name}={raw:?}: must be a whole number from {} to {}",
            range.start(),
            range.end()
        ))),
    }
}

/// True when a variable holds a truthy value (`1`, `true`, `yes`).
pub fn truthy(name: &str) -> bool {
    get(name)
        .map(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
        .unwrap_or(false)
}

/// The user token given in the environment, with the name it came from.
pub fn env_token() -> Option<(&'static str, String)> {
    get(TOKEN)
        .map(|t| (TOKEN, t))
        .or_else(|| get(API_KEY).map(|t| (API_KEY, t)))
}

/// Email and password for automatic login, when both are set.
pub fn login_credentials() -> Option<(String, String)> {
    Some((get(EMAIL)?, get(PASSWORD)?))
}
