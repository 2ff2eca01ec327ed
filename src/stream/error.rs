//! How a streamed run can fail, typed, so a front-end (a test runner counting
//! failures, an MCP server) can tell the cases apart; converted to the CLI's
//! [`CliError`] (exit code, message, hint) in one place.

use std::time::Duration;

use crate::error::{CliError, Exit, Remedy};
use crate::util::sanitize;

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
            .remedy(Remedy::SeeThreadState),
            StreamError::EndedEarly => CliError::new(
                Exit::Unavailable,
                "the stream ended before the run finished (no `end` event)",
            )
            .remedy(Remedy::SeeThreadState),
            StreamError::Deadline { total } => CliError::new(
                Exit::Unavailable,
                format!(
                    "the run did not finish within {}s; what arrived is shown above",
                    total.as_secs_f64()
                ),
            )
            .remedy(Remedy::LongerRun),
            StreamError::Idle { limit } => CliError::new(
                Exit::Unavailable,
                format!(
                    "no progress for {}s (the server sent only keep-alive pings, or nothing)",
                    limit.as_secs_f64()
                ),
            )
            .remedy(Remedy::LongerIdle),
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
            .remedy(Remedy::ToolFailed),
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
                    err.remedy(Remedy::RunFailed)
                } else {
                    // No run id: the graph was refused before the run (fixture 92),
                    // nothing kept.
                    err.remedy(Remedy::ConfigRefused)
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
            assert!(c.remedy.is_some(), "{}", c.message);
            assert!(!c.message.contains('\u{1b}'));
        }
    }
}
