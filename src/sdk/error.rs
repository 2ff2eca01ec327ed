//! The library's error: what happened and what would fix it, typed, with no
//! wording for any front-end (no flag, no command, no tool name).

use crate::error::{CliError, Exit};

/// What went wrong, in kinds a caller can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input was refused: by the server (400, 409, 422) or before sending.
    InvalidInput,
    /// What was named is not there (404, a missing database key).
    NotFound,
    /// No credentials, or the server refused them (401), or a stored login expired.
    Unauthenticated,
    /// The credentials are good but may not do this (403).
    Forbidden,
    /// The server could not be reached or did not answer in time (connection,
    /// timeout, 5xx or 429 after the retries).
    Unavailable,
    /// A run stopped before a tool call, waiting for approval.
    Paused,
    /// Stopped by an interrupt (Ctrl-C) before it finished.
    Interrupted,
    /// Anything else.
    Other,
}

/// What would fix the failure, for a front-end to say in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fix {
    /// Log in (give a token, or an e-mail and password, to the [`Session`](crate::Session)).
    LogIn,
    /// The login expired: log in again.
    LogInAgain,
    /// Use credentials that may do this (the project's owner's, or a project token
    /// of this project).
    OtherCredentials,
    /// Correct the input (the message says what the server refused).
    CorrectInput,
    /// Name something that exists (list them to see which).
    NameAnExistingOne,
    /// Try again later: the server is busy, down, or unreachable.
    RetryLater,
    /// Resume the paused run on this thread (or give it up).
    ResumeRun {
        /// The paused thread.
        thread_id: String,
    },
}

/// A failure of the library. Its `Display` is what happened; [`Error::fix`] says
/// what would fix it.
#[derive(Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    fix: Option<Fix>,
    /// What the layers under the library said, whole: this crate's front-ends,
    /// which stand on the library, turn it back into their own words
    /// ([`CliError::from`]); it never shows through the public API.
    layers: Box<CliError>,
}

/// What happened and what would fix it; not the front-ends' words.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("status", &self.status)
            .field("fix", &self.fix)
            .finish()
    }
}

impl Error {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What happened, in one sentence (also the `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status the server answered, when the failure is its answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// What would fix it, when something would.
    pub fn fix(&self) -> Option<&Fix> {
        self.fix.as_ref()
    }
}

/// The layers under the library report with the CLI's error (exit code, message,
/// worded hint); the library keeps the message and the status, and turns the rest
/// into a kind and a typed fix. The worded hint is dropped: it is a front-end's.
impl From<CliError> for Error {
    fn from(e: CliError) -> Error {
        let status = e.http_status;
        let (kind, fix) = match e.exit {
            Exit::Usage | Exit::Invalid => (ErrorKind::InvalidInput, Some(Fix::CorrectInput)),
            Exit::NotFound => (ErrorKind::NotFound, Some(Fix::NameAnExistingOne)),
            Exit::Auth if status == Some(403) => {
                (ErrorKind::Forbidden, Some(Fix::OtherCredentials))
            }
            Exit::Auth if e.renewable => (ErrorKind::Unauthenticated, Some(Fix::LogInAgain)),
            Exit::Auth => (ErrorKind::Unauthenticated, Some(Fix::LogIn)),
            Exit::Unavailable => (ErrorKind::Unavailable, Some(Fix::RetryLater)),
            Exit::Paused => (ErrorKind::Paused, None),
            Exit::Interrupted => (ErrorKind::Interrupted, None),
            _ => (ErrorKind::Other, None),
        };
        Error {
            kind,
            message: e.message.clone(),
            status,
            fix,
            layers: Box::new(e),
        }
    }
}

/// Back to what the layers under the library said, nothing lost: a front-end of
/// this crate words its error as it would have without the library between.
impl From<Error> for CliError {
    fn from(e: Error) -> CliError {
        *e.layers
    }
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_fixes_follow_what_the_layers_said() {
        let mut forbidden = CliError::new(Exit::Auth, "HTTP 403 Forbidden");
        forbidden.http_status = Some(403);
        let e = Error::from(forbidden);
        assert_eq!(e.kind(), ErrorKind::Forbidden);
        assert_eq!(e.fix(), Some(&Fix::OtherCredentials));
        assert_eq!(e.status(), Some(403));
        let expired = Error::from(CliError::session_expired());
        assert_eq!(expired.fix(), Some(&Fix::LogInAgain));
        let missing = Error::from(CliError::not_logged_in());
        assert_eq!(missing.fix(), Some(&Fix::LogIn));
        let gone = Error::from(CliError::new(Exit::NotFound, "assistant x not found"));
        assert_eq!(
            (gone.kind(), gone.to_string().as_str()),
            (ErrorKind::NotFound, "assistant x not found")
        );
    }

    #[test]
    fn a_front_end_gets_back_what_the_layers_said() {
        let mut said = CliError::new(Exit::NotFound, "no key plan")
            .with_hint("the shell's words")
            .for_agents("an agent's words");
        said.remedy = Some(Box::new(crate::error::Remedy::CheckId));
        said.http_status = Some(404);
        let back = CliError::from(Error::from(said.clone()));
        assert_eq!(
            (
                back.exit,
                back.message,
                back.hint,
                back.agent_hint,
                back.remedy,
                back.http_status
            ),
            (
                said.exit,
                said.message,
                said.hint,
                said.agent_hint,
                said.remedy,
                said.http_status
            )
        );
    }

    #[test]
    fn no_front_end_wording_crosses_the_boundary() {
        let e = Error::from(
            CliError::usage("the project has several assistants; say which one")
                .with_hint("pass --assistant-id ID")
                .for_agents("pass the assistant argument"),
        );
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("--assistant-id"), "{shown}");
        assert!(!shown.contains("argument"), "{shown}");
    }
}
