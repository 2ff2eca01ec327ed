//! Errors the user sees, and the exit codes they map to (see `epsimo help exit-codes`).
//!
//! Every failure that leaves the program goes through [`CliError`]: a message, an
//! optional hint naming the command that fixes it, and an [`Exit`] code. Errors from
//! the HTTP layer are mapped to it once, in `From<ApiError>`.

use std::fmt;

/// The documented exit codes of `epsimo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success, including an empty list.
    Ok,
    /// Any other failure.
    Failure,
    /// Usage error: bad flags or arguments.
    Usage,
    /// Not found: a 404, a missing database key.
    NotFound,
    /// Not logged in, session expired, or permission denied (401, 403).
    Auth,
    /// Invalid input rejected: a bad `epsimo.yaml`, a 400/409/422 from the API.
    Invalid,
    /// API unreachable or unavailable: connection, timeout, 5xx or 429 after retries.
    Unavailable,
    /// `deploy --dry-run --exit-code`: changes are pending.
    Pending,
    /// A run paused before a tool call, waiting for approval (`threads resume`).
    Paused,
    /// `epsimo test`: every test ran, and an assertion did not hold.
    TestsFailed,
    /// Interrupted (Ctrl-C).
    Interrupted,
    /// The reader of stdout went away (`| head`): not a failure, nothing to say.
    BrokenPipe,
    /// `emulator exec`: the code its command exited with.
    Child(i32),
}

impl Exit {
    pub fn code(self) -> i32 {
        match self {
            Exit::Ok | Exit::BrokenPipe => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::NotFound => 3,
            Exit::Auth => 4,
            Exit::Invalid => 5,
            Exit::Unavailable => 6,
            Exit::Pending => 8,
            Exit::Paused => 9,
            Exit::TestsFailed => 10,
            Exit::Interrupted => 130,
            Exit::Child(code) => code,
        }
    }

    /// True when the program ends without a word (a pipe closed, a child's own exit).
    pub fn is_silent(self) -> bool {
        matches!(self, Exit::BrokenPipe | Exit::Child(_))
    }

    /// The section of docs/troubleshooting.md about this kind of failure.
    pub fn doc_anchor(self) -> &'static str {
        match self {
            Exit::Ok | Exit::Failure | Exit::BrokenPipe | Exit::Child(_) => "other-failures",
            Exit::Usage => "usage-errors",
            Exit::NotFound => "not-found",
            Exit::Auth => "authentication",
            Exit::Invalid => "invalid-input",
            Exit::Unavailable => "api-unreachable",
            Exit::Pending => "pending-changes",
            Exit::Paused => "paused-runs",
            Exit::TestsFailed => "failed-tests",
            Exit::Interrupted => "interrupted",
        }
    }

    /// Every exit code with its meaning, for `epsimo help exit-codes` and the README.
    /// Where the troubleshooting guide lives (hints point into it).
    pub const DOCS: &'static str = "docs/troubleshooting.md";

    /// The troubleshooting guide, built into the binary so an installed `epsimo`
    /// can show it (`epsimo help troubleshooting [SECTION]`).
    pub const TROUBLESHOOTING: &'static str = include_str!("../docs/troubleshooting.md");

    /// The command that shows this failure's section of the guide.
    pub fn help_command(self) -> String {
        format!("epsimo help troubleshooting {}", self.doc_anchor())
    }

    pub const TABLE: &'static [(i32, &'static str)] = &[
        (0, "success, including an empty list"),
        (1, "any other failure"),
        (2, "usage error (bad flags or arguments)"),
        (3, "not found (404, missing database key)"),
        (
            4,
            "not logged in, session expired, or permission denied (401, 403)",
        ),
        (
            5,
            "invalid input rejected: a bad epsimo.yaml, a 400/409/422 from the API",
        ),
        (
            6,
            "API unreachable or unavailable: connection, timeout, 5xx or 429 after retries",
        ),
        (8, "deploy --dry-run --exit-code: changes are pending"),
        (
            9,
            "a run paused before a tool call, waiting for approval: `epsimo threads resume THREAD`",
        ),
        (
            10,
            "epsimo test: the tests ran and an assertion did not hold (could not run: 2/4/5/6)",
        ),
        (130, "interrupted (Ctrl-C or SIGTERM)"),
    ];

    /// The exit code for an HTTP status that ended a call.
    pub fn for_status(status: u16) -> Exit {
        match status {
            401 | 403 => Exit::Auth,
            404 => Exit::NotFound,
            400 | 409 | 413 | 422 => Exit::Invalid,
            429 | 500..=599 => Exit::Unavailable,
            _ => Exit::Failure,
        }
    }
}

/// An error with what happened, what fixes it, and the exit code.
#[derive(Debug, Clone)]
pub struct CliError {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// A stored login expired: logging in again and repeating the command can
    /// finish it (a terminal offers to).
    pub renewable: bool,
    /// The HTTP status the server answered, when the error is its answer: callers
    /// that know what a status means for their request say so (not by the text).
    pub http_status: Option<u16>,
    /// What would fix it, typed, for a front-end other than the shell to say in its
    /// own words (the MCP server with its tools and arguments). Set by the layers
    /// under the front-ends, which word nothing for agents themselves.
    pub remedy: Option<Box<Remedy>>,
    /// What would fix it, said to an agent calling MCP tools (arguments and tools,
    /// never a CLI flag): set only by the MCP server itself. `None`: it words
    /// `remedy`, else translates `hint`.
    pub agent_hint: Option<String>,
}

/// What would fix an error, typed: each front-end words it (the shell's words are
/// in `hints`, an agent's in `mcp`). The layers under the front-ends name the
/// remedy and word nothing: no flag, no command, no environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// Log in again (a login expired or was refused): only the user can, at a shell.
    LogIn,
    /// Log in (there is no login at all).
    LogInFirst,
    /// This command needs a user's login, not a project token.
    NeedsUserLogin,
    /// The stored login is another server's: log in to this one (`url`).
    LogInHere { url: String },
    /// The login was refused: check the e-mail and password, or sign up.
    CheckPassword,
    /// The account logs in once its verification e-mail's link is opened.
    VerifyEmail,
    /// The credentials cannot reach the project named: name another.
    CheckProject,
    /// Nothing has that id: list what exists.
    CheckId,
    /// The thread's database has no such key: list its keys (`thread`, when known).
    ListKeys { thread: Option<String> },
    /// Not an id of `kind` (ids are UUIDs): the whole id is needed; `guess` says
    /// which one was likely meant, when one was.
    WholeId { kind: String, guess: Option<String> },
    /// No `kind` has that name; `guess` is the nearest name, or the names there are.
    NoSuchName { kind: String, guess: String },
    /// The server has no such route: the API URL is not an Epsimo API's.
    CheckApiUrl,
    /// The API URL could not be parsed: give a full one.
    FullApiUrl,
    /// Credentials would go over plain HTTP: use https (or allow it on purpose).
    UseHttpsOrAllow,
    /// The API URL's scheme is not one epsimo speaks: use https.
    UseHttps,
    /// The server could not be reached: check the URL and the network, or work offline.
    CheckNetwork,
    /// The server redirected: use the address it names directly, if trusted.
    CheckRedirect,
    /// The answer was not the API's: check the URL, look at the exchange.
    NotTheApi,
    /// The server failed in a way that is rarely temporary.
    ServerFailed,
    /// The server is unavailable: try later.
    TryLater,
    /// The connection broke: try again.
    TryAgain,
    /// The server is rate limiting: wait (the wait budget can be raised).
    RateLimited,
    /// The server asks to wait longer than the retry budget.
    RetryBudget,
    /// No answer within the limits: try again, or raise them.
    Timeouts,
    /// The answer is larger than the response limit.
    ResponseLimit,
    /// A streamed event is larger than the response limit.
    EventLimit,
    /// An id cannot be empty, `.` or `..`: give it as listed.
    IdAsListed,
    /// A public token was refused: get the current one from the owner.
    CurrentPublicToken,
    /// A token given directly was refused: nothing was stored; get a fresh one.
    FreshToken,
    /// The token in the environment variable `var` was refused.
    FreshTokenIn { var: String, project: bool },
    /// The stream broke or ended early: what the thread kept can be read.
    SeeThreadState,
    /// The run outlived its deadline: allow a longer one.
    LongerRun,
    /// Nothing but pings for too long: try again, or wait longer.
    LongerIdle,
    /// A tool failed and left the thread at its tool step.
    ToolFailed,
    /// The run failed after it started: the message was kept.
    RunFailed,
    /// The run never started: the assistant's configuration is refused.
    ConfigRefused,
    /// A reply larger than collecting allows: stream it instead.
    StreamIt,
    /// The server's schema refused the input (`whose` says which schema); nothing
    /// was sent.
    SchemaRefused { whose: String },
    /// The thread's assistant was deleted: its state cannot be read.
    ThreadWithoutAssistant { thread: String },
    /// The server could not build the graph of the thread's assistant.
    GraphBroken { thread: String },
    /// A new thread of a run that failed was deleted again (or could not be), then
    /// the remedy of the failure itself.
    NewThreadLeft {
        thread: String,
        deleted: bool,
        then: Option<Box<Remedy>>,
    },
    /// The assistant the manifest declares is not deployed yet.
    Deploy,
    /// The project has no assistant: create one.
    CreateAssistant,
    /// Several assistants: say which (`names` lists them).
    SayWhichAssistant { names: Vec<String> },
    /// The thread cannot go on: start a new one.
    NewThread,
    /// The assistant needs a name.
    NameIt,
    /// Nothing says which assistant is meant: name it.
    NameTheAssistant,
    /// The last project cannot be deleted: create another first.
    CreateAnotherProject,
    /// The database cannot be written here: let the agent write it.
    AgentWrites,
    /// Assistants with the manifest's names are duplicated: delete or rename them.
    RemoveDuplicates,
    /// A deploy made duplicates (another deploy ran at once): delete these `ids`.
    RemoveExtra { ids: Vec<String> },
    /// The manifest names no assistant to test and none is deployed.
    DeployBeforeTesting,
    /// A test file is not valid: fix it (the guide says what a test may say).
    FixTestFile,
    /// There are no test files: write one.
    WriteTests,
    /// The manifest is not valid YAML for epsimo: fix it (and check it offline).
    FixManifest,
    /// There is no manifest: create one, or name the file.
    CreateManifest,
    /// The manifest could not be read as one: fix it, or check it.
    CheckManifest,
    /// The stored credentials are damaged: log in to write fresh ones.
    RewriteCredentials,
    /// The config directory cannot be written: use another.
    WritableConfigDir,
    /// The config directory is another user's: use one of your own.
    OwnConfigDir,
    /// A config path is a symbolic link: replace it, or use another directory.
    ReplaceLink,
    /// The keychain is locked: unlock it, or keep the token in the file.
    UnlockKeychain,
    /// A jq filter ran out of time or memory.
    JqLimits,
}

impl CliError {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        CliError {
            exit,
            message: message.into(),
            hint: None,
            renewable: false,
            http_status: None,
            remedy: None,
            agent_hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The fix as an agent calling MCP tools should read it (see `agent_hint`).
    pub fn for_agents(mut self, hint: impl Into<String>) -> Self {
        self.agent_hint = Some(hint.into());
        self
    }

    /// What would fix it, typed (see [`Remedy`]).
    pub fn remedy(mut self, remedy: Remedy) -> Self {
        self.remedy = Some(Box::new(remedy));
        self
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(Exit::Usage, message)
    }

    pub fn failure(message: impl Into<String>) -> Self {
        CliError::new(Exit::Failure, message)
    }

    pub fn not_logged_in() -> Self {
        CliError::new(Exit::Auth, "not logged in").remedy(Remedy::LogInFirst)
    }

    pub fn session_expired() -> Self {
        CliError {
            renewable: true,
            ..CliError::new(Exit::Auth, "session expired").remedy(Remedy::LogIn)
        }
    }

    pub fn interrupted() -> Self {
        CliError::new(Exit::Interrupted, "interrupted")
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::failure(e.to_string())
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::failure(format!("invalid JSON: {e}"))
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_has_its_variant() {
        let all = [
            Exit::Ok,
            Exit::Failure,
            Exit::Usage,
            Exit::NotFound,
            Exit::Auth,
            Exit::Invalid,
            Exit::Unavailable,
            Exit::Pending,
            Exit::Paused,
            Exit::TestsFailed,
            Exit::Interrupted,
        ];
        let codes: Vec<i32> = all.iter().map(|e| e.code()).collect();
        let documented: Vec<i32> = Exit::TABLE.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, documented);
        assert_eq!(Exit::BrokenPipe.code(), 0);
        assert_eq!(Exit::Child(7).code(), 7);
        assert!(Exit::Child(7).is_silent() && !Exit::Failure.is_silent());
    }

    #[test]
    fn status_codes_map_to_the_contract() {
        assert_eq!(Exit::for_status(401), Exit::Auth);
        assert_eq!(Exit::for_status(403), Exit::Auth);
        assert_eq!(Exit::for_status(404), Exit::NotFound);
        assert_eq!(Exit::for_status(400), Exit::Invalid);
        assert_eq!(Exit::for_status(409), Exit::Invalid);
        assert_eq!(Exit::for_status(422), Exit::Invalid);
        assert_eq!(Exit::for_status(429), Exit::Unavailable);
        assert_eq!(Exit::for_status(500), Exit::Unavailable);
        assert_eq!(Exit::for_status(503), Exit::Unavailable);
        assert_eq!(Exit::for_status(418), Exit::Failure);
    }

    #[test]
    fn table_lists_every_code() {
        for exit in [
            Exit::Ok,
            Exit::Failure,
            Exit::Usage,
            Exit::NotFound,
            Exit::Auth,
            Exit::Invalid,
            Exit::Unavailable,
            Exit::Pending,
            Exit::Interrupted,
        ] {
            assert!(
                Exit::TABLE.iter().any(|(c, _)| *c == exit.code()),
                "{exit:?}"
            );
        }
    }
}
