//! Conversation tests (`epsimo.test.yaml`) run through the library.

use std::path::PathBuf;
use std::time::Duration;

use futures_util::StreamExt;

use super::Result;
use super::project::ProjectClient;
use crate::testing::{self, Runner};

pub use crate::testing::Status as TestStatus;

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
        let selected = testing::select(paths, options.filter.as_deref())?;
        let runner = Runner::for_project(
            &self.api,
            &self.id,
            options.keep_threads,
            options.timeout,
            crate::jq::Budget::STANDARD,
        )
        .await?;
        runner.check_tool_names(&selected)?;
        let mut outcomes: Vec<testing::TestOutcome> = runner
            .run_all(&selected, options.repeat, options.jobs)
            .collect()
            .await;
        testing::in_file_order(&selected, &mut outcomes);
        Ok(outcomes.into_iter().map(report).collect())
    }
}

fn report(o: testing::TestOutcome) -> TestReport {
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
