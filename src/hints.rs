//! The shell's words for each typed [`Remedy`]: the hints the CLI prints under an
//! error, with its commands, flags and environment variables. The layers under
//! the front-ends only name the remedy; this front-end module words it (the MCP
//! server words it for agents, translating these where it has no words of its
//! own). The architecture test keeps flags and commands out of those layers.

use crate::error::{CliError, Remedy};

/// The hint to show under `e`: the one its front-end gave, else its remedy worded
/// for the shell.
pub fn hint_of(e: &CliError) -> Option<String> {
    e.hint.clone().or_else(|| e.remedy.as_deref().map(shell))
}

/// A remedy in the shell's words.
pub fn shell(r: &Remedy) -> String {
    match r {
        Remedy::LogIn => "run `epsimo auth login`, or set EPSIMO_EMAIL and EPSIMO_PASSWORD to log in again automatically".into(),
        Remedy::LogInFirst => "run `epsimo auth login`, or set EPSIMO_TOKEN (or EPSIMO_EMAIL and EPSIMO_PASSWORD)".into(),
        Remedy::NeedsUserLogin => "set EPSIMO_TOKEN, or run `epsimo auth login`".into(),
        Remedy::LogInHere { url } => format!(
            "run `epsimo auth login --api-url {url}` (or use another --profile), or set EPSIMO_TOKEN"
        ),
        Remedy::CheckPassword => {
            "check the email and password; create an account with `epsimo auth signup`".into()
        }
        Remedy::VerifyEmail => {
            "a new account logs in once the link in its verification e-mail is opened".into()
        }
        Remedy::CheckProject => "this token cannot reach that resource: check --project-id, or run `epsimo auth status`".into(),
        Remedy::CheckId => "check the id; list what exists with `epsimo projects`, `epsimo assistants` or `epsimo threads`".into(),
        Remedy::ListKeys { thread } => format!(
            "list the keys with `epsimo db query {}`",
            thread.as_deref().unwrap_or("THREAD")
        ),
        Remedy::WholeId { guess: Some(g), .. } => g.clone(),
        Remedy::WholeId { kind, guess: None } => format!("`epsimo {kind}s` lists them with their ids"),
        Remedy::NoSuchName { guess, .. } => guess.clone(),
        Remedy::CheckApiUrl => "the server has no such route: check that --api-url (or EPSIMO_API_URL) points at an Epsimo API, and the path".into(),
        Remedy::FullApiUrl => "pass a full URL such as https://backend.epsimoagents.com".into(),
        Remedy::UseHttpsOrAllow => {
            "use https://, or pass --allow-insecure-http if you really mean it".into()
        }
        Remedy::UseHttps => "use an https:// URL".into(),
        Remedy::CheckNetwork => "check --api-url or EPSIMO_API_URL and your network; for offline work run `epsimo emulator start`".into(),
        Remedy::CheckRedirect => "check --api-url (or EPSIMO_API_URL): if you trust the address the redirect names, use it directly".into(),
        Remedy::NotTheApi => "is --api-url pointing at an Epsimo API? run with --verbose to see the exchange".into(),
        Remedy::ServerFailed => "the server failed on this request, which is usually not temporary: check the id and the input (`--verbose` shows the exchange); if they are right, the server has a problem".into(),
        Remedy::TryLater => "the API is unavailable; try again later".into(),
        Remedy::TryAgain => "try again".into(),
        Remedy::RateLimited => "the API is rate limiting; wait a moment and try again (EPSIMO_RETRY_MAX_WAIT sets how long epsimo waits)".into(),
        Remedy::RetryBudget => "wait and try again; EPSIMO_RETRY_MAX_WAIT raises the budget".into(),
        Remedy::Timeouts => "try again; EPSIMO_READ_TIMEOUT, EPSIMO_REQUEST_TIMEOUT and EPSIMO_CONNECT_TIMEOUT set the limits".into(),
        Remedy::ResponseLimit => "if that is expected, raise EPSIMO_MAX_RESPONSE_MB".into(),
        Remedy::EventLimit => "a streamed event this large is not a reply; EPSIMO_MAX_RESPONSE_MB raises the limit".into(),
        Remedy::IdAsListed => "pass the id as `epsimo ... list` shows it".into(),
        Remedy::CurrentPublicToken => "ask the assistant's owner for its current token (`epsimo assistants publish --rotate` makes a new one)".into(),
        Remedy::FreshToken => {
            "nothing was stored; get a fresh token (the web app, or `epsimo auth login`)".into()
        }
        Remedy::FreshTokenIn { var, project: true } => {
            format!("set a fresh project token, or unset {var} to use your login")
        }
        Remedy::FreshTokenIn { var, project: false } => {
            format!("set a fresh token in {var}, or unset it and run `epsimo auth login`")
        }
        Remedy::SeeThreadState => "what arrived is shown above; run `epsimo threads state THREAD` to see what the thread kept".into(),
        Remedy::LongerRun => "--timeout SECS (or EPSIMO_RUN_TIMEOUT) allows longer runs".into(),
        Remedy::LongerIdle => "try again; EPSIMO_READ_TIMEOUT sets how long to wait".into(),
        Remedy::ToolFailed => "the thread is left at its tool step (a failed call, not a pause: nothing waits for approval); the tool may need a key or network the server lacks. Send a new message to go on, or check `epsimo tools types`".into(),
        Remedy::RunFailed => "the message was kept in the thread; try again, or check the assistant's configuration".into(),
        Remedy::ConfigRefused => "the run never started and nothing was kept: the assistant's configuration is one this server refuses; check it with `epsimo assistants show ASSISTANT` and `epsimo models`".into(),
        Remedy::StreamIt => {
            "a reply is never this large; `epsimo threads run --json` streams one of any size".into()
        }
        Remedy::SchemaRefused { whose } => format!(
            "nothing was sent: {whose} refuses it; `epsimo models` and `epsimo tools types` list what it accepts, and --no-validate sends it as written"
        ),
        Remedy::ThreadWithoutAssistant { thread } => format!(
            "thread {thread} has no assistant (it was deleted), so the server cannot read its state; `epsimo threads show {thread}` shows what it can, and a new thread goes on"
        ),
        Remedy::GraphBroken { thread } => format!(
            "the server could not build the graph of thread {thread}'s assistant (a tool or family it refuses, or a tool key it lacks): check the assistant with `epsimo assistants show ID` against `epsimo tools types` and `epsimo models`"
        ),
        Remedy::NewThreadLeft {
            thread,
            deleted,
            then,
        } => {
            let note = if *deleted {
                format!("the new thread {thread} was deleted again")
            } else {
                format!(
                    "the new thread {thread} could not be deleted: `epsimo threads delete {thread}` removes it"
                )
            };
            match then {
                Some(r) => format!("{note}; {}", shell(r)),
                None => note,
            }
        }
        Remedy::Deploy => "run `epsimo deploy` to create it".into(),
        Remedy::CreateAssistant => {
            "create one with `epsimo assistants create --name NAME` or `epsimo deploy`".into()
        }
        Remedy::SayWhichAssistant { names } => format!(
            "pass --assistant-id ID or --assistant NAME (one of: {})",
            names.join(", ")
        ),
        Remedy::NewThread => {
            "start a new thread: `epsimo threads run --assistant NAME --message TEXT`".into()
        }
        Remedy::NameIt => "pass --name NAME".into(),
        Remedy::NameTheAssistant => "pass --assistant NAME".into(),
        Remedy::CreateAnotherProject => "create another project first (`epsimo projects create NAME`), then delete this one".into(),
        Remedy::AgentWrites => "let the thread's agent write it with its update_database tool (`epsimo threads run THREAD --message ...`), or use the Epsimo platform, whose threads are the Virtual Database".into(),
        Remedy::RemoveDuplicates => "delete or rename the extra ones (`epsimo assistants delete ID`), then deploy again".into(),
        Remedy::RemoveExtra { ids } => format!(
            "remove the extra ones: {}; serialize deploys of one project (`epsimo help guide ci`)",
            ids.iter()
                .map(|id| format!("epsimo assistants delete {id} --yes"))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Remedy::FixTestFile => {
            "fix the test file; `epsimo help guide testing` lists what a test may say".into()
        }
        Remedy::WriteTests => "write one (`epsimo help guide testing`), or make one from a conversation with `epsimo test new --from-thread THREAD`".into(),
        Remedy::FixManifest => {
            "fix epsimo.yaml; `epsimo deploy --check` validates it without sending anything".into()
        }
        Remedy::CreateManifest => "create one with `epsimo init`, or pass -f FILE".into(),
        Remedy::CheckManifest => "fix the file, or check it with `epsimo deploy --check`".into(),
        Remedy::RewriteCredentials => {
            "run `epsimo auth login` to write a fresh one (the damaged file is replaced)".into()
        }
        Remedy::WritableConfigDir => {
            "set EPSIMO_CONFIG_DIR to a directory epsimo may write to".into()
        }
        Remedy::OwnConfigDir => "set EPSIMO_CONFIG_DIR to a directory of your own".into(),
        Remedy::ReplaceLink => {
            "replace the link with a real file or directory, or set EPSIMO_CONFIG_DIR".into()
        }
        Remedy::UnlockKeychain => "unlock the keychain and try again, or keep the token in the file: `epsimo auth login --storage file`".into(),
        Remedy::JqLimits => "check it for a recursion or a range without end; a filter may take 10 s (EPSIMO_JQ_TIMEOUT) and 1 GiB".into(),
        Remedy::DeployBeforeTesting => "deploy epsimo.yaml first (`epsimo deploy`, or `epsimo test --emulator`), or name one of the project's assistants".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn a_front_ends_own_hint_wins_else_the_remedy_is_worded() {
        let e = CliError::new(Exit::NotFound, "x").remedy(Remedy::CheckId);
        assert!(hint_of(&e).unwrap().contains("`epsimo threads`"));
        let e = e.with_hint("said here");
        assert_eq!(hint_of(&e).as_deref(), Some("said here"));
        assert_eq!(hint_of(&CliError::failure("plain")), None);
    }

    #[test]
    fn remedies_with_data_are_worded_with_it() {
        assert_eq!(
            shell(&Remedy::WholeId {
                kind: "thread".into(),
                guess: None
            }),
            "`epsimo threads` lists them with their ids"
        );
        let left = Remedy::NewThreadLeft {
            thread: "t1".into(),
            deleted: false,
            then: Some(Box::new(Remedy::ConfigRefused)),
        };
        let words = shell(&left);
        assert!(
            words.starts_with("the new thread t1 could not be deleted: `epsimo threads delete t1`")
        );
        assert!(words.ends_with("`epsimo models`"), "{words}");
        assert_eq!(
            shell(&Remedy::RemoveExtra {
                ids: vec!["a".into(), "b".into()]
            }),
            "remove the extra ones: epsimo assistants delete a --yes; epsimo assistants delete b --yes; serialize deploys of one project (`epsimo help guide ci`)"
        );
    }
}
