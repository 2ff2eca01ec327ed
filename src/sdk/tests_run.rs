//! Conversation tests (`epsimo.test.yaml`) run through the library.

use std::path::PathBuf;
use std::time::Duration;

use futures_util::StreamExt;

use super::project::ProjectClient;
use super::{Error, Result};
use crate::error::{CliError, Exit, Remedy};
use crate::testing::{self, Runner, spec};

pub use crate::testing::Status as TestStatus;
/// One test's outcome with every run's details, for this crate's front-ends.
pub(crate) use crate::testing::TestOutcome;

/// How [`ProjectClient::run_tests`] runs the tests.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// Only the tests whose names contain this.
    pub filter: Option<String>,
    /// Runs of each test (else each test's own `repeat`, else one).
    pub repeat: Option<u32>,
    /// Runs at once.
    pub jobs: usize,
    /// Keeps each run's thread (they are deleted otherwise).
    pub keep_threads: bool,
    /// How long each turn's run may take.
    pub timeout: Option<Duration>,
}

impl Default for TestOptions {
    fn default() -> Self {
        TestOptions {
            filter: None,
            repeat: None,
            jobs: 4,
            keep_threads: false,
            timeout: None,
        }
    }
}

/// One test's result over its runs.
#[derive(Debug, Clone)]
pub struct TestReport {
    /// The file it is in.
    pub file: String,
    /// Its name.
    pub name: String,
    /// Passed, failed (an assertion did not hold), or could not run.
    pub status: TestStatus,
    /// Runs made.
    pub runs: usize,
    /// Runs in which every assertion held.
    pub passed_runs: usize,
    /// Each assertion that did not hold: where, what, expected and actual.
    pub failures: Vec<String>,
    /// Why a run could not be made, if one could not.
    pub error: Option<String>,
    /// The threads the runs used (kept only with [`TestOptions::keep_threads`]).
    pub thread_ids: Vec<String>,
}

impl ProjectClient {
    /// Runs the conversation tests of the files at `paths` (files, or directories
    /// searched for `*.epsimo-test.yaml`; none: `epsimo.test.yaml` and
    /// `tests/*.epsimo-test.yaml` here) against this project's assistants, each
    /// run on a new thread. Every file is read and checked before anything runs,
    /// and a tool assertion naming a tool its assistant lacks is refused. Each run
    /// starts a thread, which the platform bills as a thread credit. The reports
    /// come in the order of the files' tests.
    pub async fn run_tests(
        &self,
        paths: &[PathBuf],
        options: &TestOptions,
    ) -> Result<Vec<TestReport>> {
        let selection = TestSelection::read(paths, options.filter.as_deref())?;
        let runner = self
            .test_runner(&selection, options, crate::jq::Budget::STANDARD, None)
            .await?;
        let outcomes = runner.run(|_| Ok(())).await?;
        Ok(outcomes.into_iter().map(report).collect())
    }

    /// A conversation test written from the thread `thread_id`: each message of the
    /// user a turn, and what the assistant did in answer as loose assertions (the
    /// tools it called, the first line of its reply), as the YAML of a test file
    /// ([`ProjectClient::run_tests`] reads it). The test talks to `assistant`, else
    /// to the thread's assistant (by name); it is called `name`, else the thread's
    /// name. Tighten its assertions to what must hold.
    pub async fn test_from_thread(
        &self,
        thread_id: &str,
        assistant: Option<&str>,
        name: Option<&str>,
    ) -> Result<String> {
        let (t, state) = self.thread_with_state(thread_id).await?;
        let state = state?;
        let messages = crate::contract::state::messages_of(&state["values"]);
        let assistant = match assistant {
            Some(a) => a.to_string(),
            None => {
                let id = t.assistant_id.clone().ok_or_else(|| {
                    Error::from(
                        CliError::usage(format!("thread {thread_id} names no assistant"))
                            .remedy(Remedy::NameTheAssistant),
                    )
                })?;
                self.assistant(&id)
                    .await
                    .map(|a| a.name.clone())
                    .unwrap_or(id)
            }
        };
        let test = spec::from_messages(
            name.map(str::to_string)
                .or_else(|| t.name.clone())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| format!("conversation {thread_id}")),
            assistant,
            &messages,
        );
        if test.turns.is_empty() {
            return Err(Error::from(CliError::new(
                Exit::Invalid,
                format!("thread {thread_id} holds no message of the user to replay"),
            )));
        }
        let file = spec::TestFile { tests: vec![test] };
        let yaml = serde_saphyr::to_string(&file).map_err(|e| {
            Error::from(CliError::failure(format!(
                "cannot write the test as YAML: {e}"
            )))
        })?;
        // What is given must read back as a test.
        spec::parse(std::path::Path::new("(generated)"), &yaml)?;
        Ok(yaml)
    }

    /// A runner of `selection` on this project: its assistants and their tools
    /// read once, and every tool assertion checked against them, before anything
    /// runs. `words` words the remedies in a run's error for a front-end (else the
    /// error alone): for `epsimo test`, which reports each test as it ends.
    pub(crate) async fn test_runner<'a>(
        &'a self,
        selection: &'a TestSelection,
        options: &TestOptions,
        budget: crate::jq::Budget,
        words: Option<fn(&Remedy) -> String>,
    ) -> Result<TestRunner<'a>> {
        let mut runner = Runner::for_project(
            &self.api,
            &self.id,
            options.keep_threads,
            options.timeout,
            budget,
        )
        .await?;
        runner.words = words;
        runner.check_tool_names(&selection.tests)?;
        Ok(TestRunner {
            runner,
            selection,
            repeat: options.repeat,
            jobs: options.jobs,
        })
    }
}

/// The tests of some files, read and checked, and chosen by name: for this crate's
/// front-ends (the public face is [`ProjectClient::run_tests`]).
pub(crate) struct TestSelection {
    tests: Vec<(String, spec::TestSpec)>,
}

impl TestSelection {
    /// The tests of the files at `paths` whose names contain `filter`; every file is
    /// read and checked, and none selected is refused.
    pub(crate) fn read(paths: &[PathBuf], filter: Option<&str>) -> Result<TestSelection> {
        Ok(TestSelection {
            tests: testing::select(paths, filter)?,
        })
    }

    /// How many tests.
    pub(crate) fn len(&self) -> usize {
        self.tests.len()
    }

    /// The files they are in, in order.
    pub(crate) fn files(&self) -> Vec<&str> {
        let mut f: Vec<&str> = self.tests.iter().map(|(f, _)| f.as_str()).collect();
        f.dedup();
        f
    }

    /// How many runs (threads) they make, each test `repeat` times, else its own.
    pub(crate) fn runs(&self, repeat: Option<u32>) -> usize {
        testing::runs(&self.tests, repeat)
    }
}

/// Tests ready to run ([`ProjectClient::test_runner`]).
pub(crate) struct TestRunner<'a> {
    runner: Runner<'a>,
    selection: &'a TestSelection,
    repeat: Option<u32>,
    jobs: usize,
}

impl TestRunner<'_> {
    /// Runs every test, `jobs` runs at a time, handing each test's outcome to
    /// `each` as its last run ends (an error from `each` stops the runs); answers
    /// the outcomes in the order of the files' tests. Dropping the future stops
    /// starting runs.
    pub(crate) async fn run(
        &self,
        mut each: impl FnMut(&TestOutcome) -> crate::error::Result<()>,
    ) -> Result<Vec<TestOutcome>> {
        let tests = &self.selection.tests;
        let pending = self.runner.run_all(tests, self.repeat, self.jobs);
        tokio::pin!(pending);
        let mut outcomes = Vec::new();
        while let Some(o) = pending.next().await {
            each(&o)?;
            outcomes.push(o);
        }
        testing::in_file_order(tests, &mut outcomes);
        Ok(outcomes)
    }
}

fn report(o: TestOutcome) -> TestReport {
    let failures = o
        .attempts
        .iter()
        .flat_map(|a| &a.failures)
        .map(|f| {
            format!(
                "{}: {}: expected {}, got {}",
                f.place, f.assertion, f.expected, f.actual
            )
        })
        .collect();
    TestReport {
        error: o.attempts.iter().find_map(|a| a.error.clone()),
        thread_ids: o
            .attempts
            .iter()
            .filter_map(|a| a.thread_id.clone())
            .collect(),
        runs: o.attempts.len(),
        passed_runs: o.passed_attempts,
        status: o.status,
        file: o.file,
        name: o.name,
        failures,
    }
}
