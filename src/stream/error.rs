//! How a streamed run can fail, typed, so a front-end (a test runner counting
//! failures, an MCP server) can tell the cases apart; converted to the CLI's
//! [`CliError`] (exit code, message, hint) in one place.

use std::time::Duration;

use crate::error::{CliError, Exit};
use crate::util::sanitize;

/// Where to look after a stream was cut short.
const SEE_STATE: &str =
    "what arrived is shown above; run `epsimo threads state THREAD` to see what the thread kept";

#[derive(Debug, Clone, PartialEq)]
pub enum StreamError {
    /// The connection broke while the run was streaming.
    Broke { cause: String },
    /// The stream ended without its `end` event.
    EndedEarly,
    /// The run took longer than it may in all.
    Deadline { total: Duration },
    /// Nothing but keep-alives (or nothing) for too long.
    Idle { limit: Duration },
    /// The server reported an error event; `started` when it had given a run id
    /// (the message was kept), else the graph was refused before the run.
    RunFailed {
        status_code: Option<i64>,
        message: String,
        started: bool,
    },
    /// The run failed after the model called these tools and before any answered:
    /// the tool failed on the server (fixtures 100, 104, 106-109), and the thread is
    /// left at its tool step. Not a pause.
    ToolFailed {
        tools: Vec<String>,
        status_code: Option<i64>,
        message: String,
    },
}

impl From<StreamError> for CliError {
    fn from(e: StreamError) -> CliError {
        match e {
            StreamError::Broke { cause } => CliError::new(
                Exit::Unavailable,
                format!("the stream broke before the run finished: {cause}"),
            )
            .with_hint(SEE_STATE),
            StreamError::EndedEarly => CliError::new(
                Exit::Unavailable,
                "the stream ended before the run finished (no `end` event)",
            )
            .with_hint(SEE_STATE),
            StreamError::Deadline { total } => CliError::new(
                Exit::Unavailable,
                format!(
                    "the run did not finish within {}s; what arrived is shown above",
                    total.as_secs_f64()
                ),
            )
            .with_hint("--timeout SECS (or EPSIMO_RUN_TIMEOUT) allows longer runs"),
            StreamError::Idle { limit } => CliError::new(
                Exit::Unavailable,
                format!(
                    "no progress for {}s (the server sent only keep-alive pings, or nothing)",
                    limit.as_secs_f64()
                ),
            )
            .with_hint("try again; EPSIMO_READ_TIMEOUT sets how long to wait"),
            StreamError::ToolFailed {
                tools,
                status_code,
                message,
            } => CliError::new(
                Exit::Failure,
                format!(
                    "the tool call {} failed on the server: {}{}",
                    tools.join(", "),
                    sanitize(&message),
                    status_code.map(|c| format!(" ({c})")).unwrap_or_default()
                ),
            )
            .with_hint(
                "the thread is left at its tool step (a failed call, not a pause: nothing waits for approval); the tool may need a key or network the server lacks. Send a new message to go on, or check `epsimo tools types`",
            ),
            StreamError::RunFailed {
                status_code,
                message,
                started,
            } => {
                let err = CliError::new(
                    Exit::Failure,
                    format!(
                        "the run failed on the server: {}{}",
                        sanitize(&message),
                        status_code.map(|c| format!(" ({c})")).unwrap_or_default()
                    ),
                );
                if started {
                    err.with_hint(
                        "the message was kept in the thread; try again, or check the assistant's configuration",
                    )
                } else {
                    // No run id: the graph was refused before the run (fixture 92),
                    // nothing kept.
                    err.with_hint("the run never started and nothing was kept: the assistant's configuration is one this server refuses; check it with `epsimo assistants show ASSISTANT` and `epsimo models`")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_keeps_its_exit_code() {
        let cases = [
            (
                StreamError::Broke {
                    cause: "reset".into(),
                },
                Exit::Unavailable,
            ),
            (StreamError::EndedEarly, Exit::Unavailable),
            (
                StreamError::Deadline {
                    total: Duration::from_secs(2),
                },
                Exit::Unavailable,
            ),
            (
                StreamError::Idle {
                    limit: Duration::from_millis(1500),
                },
                Exit::Unavailable,
            ),
            (
                StreamError::RunFailed {
                    status_code: Some(500),
                    message: "boom\u{1b}[2J".into(),
                    started: false,
                },
                Exit::Failure,
            ),
        ];
        for (e, exit) in cases {
            let c = CliError::from(e);
            assert_eq!(c.exit, exit, "{}", c.message);
            assert!(c.hint.is_some());
            assert!(!c.message.contains('\u{1b}'));
        }
    }
}
