//! What the client has to say while it works (retries, re-logins, the verbose
//! trace, warnings), reported to an [`Observer`] the front-end supplies instead of
//! printed: the command line renders them on stderr (`output::StderrObserver`), an
//! MCP server would log them, a test runner count them.

use std::time::Duration;

/// One thing worth telling.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A request is about to go out (for `--verbose`); the body is redacted.
    Request {
        method: String,
        url: String,
        user_agent: String,
        bearer: bool,
        body: Option<String>,
    },
    /// An answer arrived.
    Response { status: String, elapsed: Duration },
    /// The request failed before an answer.
    TransportError { elapsed: Duration, cause: String },
    /// A call is tried again after `wait`.
    Retrying {
        what: String,
        method: String,
        path: String,
        wait: Duration,
        retry: u32,
        of: u32,
    },
    /// The server's rate limit holds requests back for `wait`.
    RateLimited { wait: Duration },
    /// The session expired; logging in again with the environment's credentials.
    Relogin { email: String },
    /// Something went wrong that does not stop the command.
    Warning(String),
    /// A secret the client now uses (a token, a password): a front-end that shows
    /// text a server sent masks it there. Never to be shown itself.
    Secret(SecretText),
}

/// A secret's text, which `Debug` does not show.
#[derive(Clone, PartialEq)]
pub struct SecretText(pub String);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Event {
    /// True for the events only `--verbose` shows.
    pub fn is_trace(&self) -> bool {
        matches!(
            self,
            Event::Request { .. } | Event::Response { .. } | Event::TransportError { .. }
        )
    }
}

/// Receives the client's events.
pub trait Observer: Send + Sync {
    fn event(&self, event: &Event);
}

/// Says nothing (a front-end that has no one to tell).
pub struct Silent;

impl Observer for Silent {
    fn event(&self, _: &Event) {}
}

/// Keeps every event (for tests).
#[derive(Default)]
pub struct Recorder(pub std::sync::Mutex<Vec<Event>>);

impl Observer for Recorder {
    fn event(&self, event: &Event) {
        if let Ok(mut v) = self.0.lock() {
            v.push(event.clone());
        }
    }
}
