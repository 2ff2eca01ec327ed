//! `epsimo test`: conversation tests for agents. A test file's tests run each on a
//! fresh thread of their assistant (in parallel up to `--jobs`), their turns are
//! checked on the reply, the tool calls and the latency, and after the last turn
//! the thread's Virtual Database is checked. Results print like `cargo test`, as
//! NDJSON, and as JUnit XML.

pub mod check;
pub mod spec;

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::error::{CliError, Result};
use crate::platform::resolve::{self, Named};
use crate::platform::threads::{self, AssistantChoice, Opening};
use crate::stream::collect::Collect;
use crate::stream::turn::{Input, Outcome as RunOutcome, turn};
use check::{Failure, TurnResult};
use spec::TestSpec;

/// How a test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every assertion held (in enough runs, with `pass_rate`).
    Passed,
    /// An assertion did not hold.
    Failed,
    /// It could not run: the API, the network, an assistant that is not there.
    Error,
}

/// One run of a test (a test with `repeat: N` has N).
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub thread_id: Option<String>,
    pub failures: Vec<Failure>,
    /// Checks that could not be made (usage the platform did not report).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip)]
    pub error_exit: Option<crate::error::Exit>,
    pub duration_s: f64,
    /// The conversation, for the report.
    #[serde(skip)]
    pub transcript: String,
}

impl Attempt {
    /// Passed, failed, or could not run.
    pub fn status(&self) -> Status {
        if self.error.is_some() {
            Status::Error
        } else if self.failures.is_empty() {
            Status::Passed
        } else {
            Status::Failed
        }
    }
}

/// A test's result over its attempts.
#[derive(Debug, Clone, Serialize)]
pub struct TestOutcome {
    pub file: String,
    pub name: String,
    pub status: Status,
    pub duration_s: f64,
    pub passed_attempts: usize,
    pub pass_rate: f64,
    pub attempts: Vec<Attempt>,
}

/// Where tests run and how.
pub struct Runner<'a> {
    pub api: &'a Api,
    pub pid: &'a str,
    /// The project's assistants, read once for the whole run.
    pub assistants: Vec<Named>,
    /// Each assistant's tool objects, by id.
    pub tools: std::collections::HashMap<String, Vec<Value>>,
    pub keep_threads: bool,
    pub timeout: Option<Duration>,
    /// What a jq expression of a database expectation may spend.
    pub jq_budget: crate::jq::Budget,
    /// How the front-end words what would fix an error (its hint in the report);
    /// `None`: the report gives the error's message alone.
    pub words: Option<fn(&crate::error::Remedy) -> String>,
}

/// The tool names a test's assertions use: `tool_called`, `not_tool_called` (also
/// under `not:`) and `tool_sequence`.
fn named_tools(t: &TestSpec) -> Vec<String> {
    fn of(c: &spec::Check, out: &mut Vec<String>) {
        match c {
            spec::Check::ToolCalled(tc) => out.push(tc.name().to_string()),
            spec::Check::NotToolCalled(n) => out.push(n.clone()),
            spec::Check::Not(inner) => of(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for turn in &t.turns {
        for c in &turn.expect {
            of(c, &mut out);
        }
    }
    if let Some(seq) = &t.tool_sequence {
        out.extend(seq.tools.iter().cloned());
    }
    out.dedup();
    out
}

/// How a tool reads in a list of what an assistant has: its type and, where it
/// differs, the name the model sees.
fn tool_label(t: &Value) -> String {
    let kind = t.get("type").and_then(Value::as_str).unwrap_or("?");
    match crate::contract::catalog::model_visible_name(t) {
        Some(n) if n != kind => format!("{kind} ({n})"),
        _ => kind.to_string(),
    }
}

impl Runner<'_> {
    /// Every tool assertion of the tests names a tool its assistant has (by type,
    /// name or model-visible name): one that does not could never be checked
    /// (`not_tool_called` would pass whatever happens), so the file is refused,
    /// exit 5, before anything runs. An assistant that is not there is left to the
    /// run, which says so.
    pub fn check_tool_names(&self, tests: &[(String, TestSpec)]) -> Result<()> {
        let mut problems = Vec::new();
        for (file, t) in tests {
            let Ok(id) = self.assistant(&t.assistant) else {
                continue;
            };
            let tools = self.tools.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            // A Connery runner is one tool per action, named by ids no one recorded.
            if tools.iter().any(|t| {
                t.get("type").and_then(Value::as_str) == Some("ai_action_runner_by_connery")
            }) {
                continue;
            }
            for name in named_tools(t) {
                if !tools
                    .iter()
                    .any(|tool| crate::contract::catalog::tool_is(tool, &name))
                {
                    let has: Vec<String> = tools.iter().map(tool_label).collect();
                    problems.push(format!(
                        "{file}: test {:?}: assistant {:?} has no tool {name:?} ({})",
                        t.name,
                        t.assistant,
                        if has.is_empty() {
                            "it has none".to_string()
                        } else {
                            format!("it has {}", has.join(", "))
                        }
                    ));
                }
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        Err(CliError::new(crate::error::Exit::Invalid, problems.join("\n")).with_hint(
            "name a tool by its type (dall_e), its name, or the name the model sees (Dall-E-Image-Generator); nothing ran",
        ))
    }

    /// The assistant a test names: a name of the project's, else an id.
    fn assistant(&self, name: &str) -> Result<String> {
        match resolve::by_name("assistant", name, &self.assistants)? {
            Some(id) => Ok(id),
            None if self.assistants.iter().any(|a| a.id == name) => Ok(name.to_string()),
            None => Err(resolve::not_found("assistant", name, &self.assistants)
                .remedy(crate::error::Remedy::DeployBeforeTesting)),
        }
    }

    /// One run of a test on a fresh thread.
    pub async fn attempt(&self, t: &TestSpec, label: &str) -> Attempt {
        let start = Instant::now();
        let mut a = Attempt {
            thread_id: None,
            failures: Vec::new(),
            notes: Vec::new(),
            error: None,
            error_exit: None,
            duration_s: 0.0,
            transcript: String::new(),
        };
        if let Err(e) = self.conversation(t, label, &mut a).await {
            let hint = e.hint.clone().or_else(|| {
                let words = self.words?;
                e.remedy.as_deref().map(words)
            });
            a.error = Some(match hint {
                Some(h) => format!("{} ({h})", e.message),
                None => e.message.clone(),
            });
            a.error_exit = Some(e.exit);
        }
        if let Some(thread) = &a.thread_id
            && !self.keep_threads
            && let Err(e) = threads::delete(self.api, self.pid, thread).await
        {
            a.notes.push(format!(
                "the thread {thread} could not be deleted: {}",
                e.message
            ));
        }
        a.duration_s = start.elapsed().as_secs_f64();
        a
    }

    async fn conversation(&self, t: &TestSpec, label: &str, a: &mut Attempt) -> Result<()> {
        let assistant = self.assistant(&t.assistant)?;
        let tools = self.tools.get(&assistant).cloned().unwrap_or_default();
        let name = format!("epsimo test: {label}");
        let open = Opening {
            thread_id: None,
            assistant: AssistantChoice {
                id: Some(&assistant),
                name: None,
            },
            new_name: Some(&name),
        };
        let mut conv = threads::conversation(self.api, self.pid, open).await?;
        conv.timeout = self.timeout;
        a.thread_id = Some(conv.thread_id.clone());
        let mut all_calls = Vec::new();
        for (i, turn_spec) in t.turns.iter().enumerate() {
            let mut sink = Collect::new(None);
            let started = Instant::now();
            let outcome = turn(
                self.api,
                self.pid,
                &mut conv,
                Input::Message(&turn_spec.user),
                &mut sink,
            )
            .await?;
            let result = TurnResult {
                reply: sink.reply(),
                calls: sink.calls.clone(),
                latency: started.elapsed(),
                tokens: sink.tokens(),
                tools: tools.clone(),
            };
            a.transcript.push_str(&format!("You: {}\n", turn_spec.user));
            for c in &result.calls {
                a.transcript.push_str(&format!(
                    "  ⚙ {} {} -> {}\n",
                    c.name,
                    c.args,
                    c.result.as_deref().unwrap_or("(no result)")
                ));
            }
            a.transcript.push_str(&format!(
                "Assistant: {}   ({:.3}s)\n",
                result.reply,
                result.latency.as_secs_f64()
            ));
            all_calls.extend(result.calls.iter().map(|c| c.name.clone()));
            let (failures, notes) =
                check::turn(&format!("turn {}", i + 1), &turn_spec.expect, &result);
            a.failures.extend(failures);
            a.notes.extend(notes);
            if let RunOutcome::Paused(calls) = outcome {
                a.notes.push(format!(
                    "turn {}: the run paused before {} (waiting for approval)",
                    i + 1,
                    calls
                        .iter()
                        .map(|(_, n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if let Some(seq) = &t.tool_sequence
            && let Some(f) = check::sequence(seq, &all_calls, &tools)
        {
            a.failures.push(f);
        }
        if !t.db.is_empty() {
            let db = crate::platform::db::read(self.api, self.pid, &conv.thread_id).await?;
            a.failures
                .extend(check::database(&t.db, &Value::Object(db), self.jq_budget));
        }
        Ok(())
    }
}

/// The tests to run: those of the files at `paths` (see [`spec::discover`]) whose
/// names contain `filter`, each with its file. Every file is read and checked
/// before anything runs; no test selected is a usage error.
pub fn select(
    paths: &[std::path::PathBuf],
    filter: Option<&str>,
) -> Result<Vec<(String, TestSpec)>> {
    let mut suites = Vec::new();
    for path in spec::discover(paths)? {
        suites.push(spec::load(&path)?);
    }
    let mut selected: Vec<(String, TestSpec)> = Vec::new();
    for s in &suites {
        for t in &s.file.tests {
            if filter.is_none_or(|f| t.name.contains(f)) {
                selected.push((s.path.display().to_string(), t.clone()));
            }
        }
    }
    if selected.is_empty() {
        return Err(CliError::usage(match filter {
            Some(f) => format!("no test's name contains {f:?}"),
            None => "the test files hold no test".to_string(),
        }));
    }
    Ok(selected)
}

/// How many runs `selected` makes: each test `repeat` times, else its own `repeat`,
/// else once. Each run is a thread (a thread credit on the platform).
pub fn runs(selected: &[(String, TestSpec)], repeat: Option<u32>) -> usize {
    selected
        .iter()
        .map(|(_, t)| repeat.or(t.repeat).unwrap_or(1) as usize)
        .sum()
}

impl<'a> Runner<'a> {
    /// A runner for the project `pid`: its assistants and their tools read once,
    /// for every test.
    pub async fn for_project(
        api: &'a Api,
        pid: &'a str,
        keep_threads: bool,
        timeout: Option<Duration>,
        jq_budget: crate::jq::Budget,
    ) -> Result<Runner<'a>> {
        let listed = crate::platform::assistants::list(api, pid).await?;
        let assistants = listed
            .iter()
            .map(|a| Named {
                id: a.assistant_id.clone(),
                name: a.name.clone(),
            })
            .collect();
        let tools = listed
            .iter()
            .map(|a| {
                let tools = crate::contract::assistant::View::of(a.raw())
                    .tools()
                    .to_vec();
                (a.assistant_id.clone(), tools)
            })
            .collect();
        Ok(Runner {
            api,
            pid,
            assistants,
            tools,
            keep_threads,
            timeout,
            jq_budget,
            words: None,
        })
    }

    /// Runs the tests of `selected` ([`runs`] of them, `jobs` at a time; the runs
    /// share nothing but the client) and yields each test's outcome as its last
    /// run ends. Dropping the stream stops starting runs.
    pub fn run_all<'s>(
        &'s self,
        selected: &'s [(String, TestSpec)],
        repeat: Option<u32>,
        jobs: usize,
    ) -> impl futures_util::Stream<Item = TestOutcome> + 's {
        use futures_util::StreamExt;
        let planned: Vec<(usize, u32, u32)> = selected
            .iter()
            .enumerate()
            .flat_map(|(i, (_, t))| {
                let n = repeat.or(t.repeat).unwrap_or(1);
                (0..n).map(move |k| (i, k, n))
            })
            .collect();
        let finished = futures_util::stream::iter(planned.into_iter().map(move |(i, k, n)| {
            let t = &selected[i].1;
            async move {
                let label = if n > 1 {
                    format!("{} (run {}/{n})", t.name, k + 1)
                } else {
                    t.name.clone()
                };
                (i, self.attempt(t, &label).await)
            }
        }))
        .buffer_unordered(jobs.max(1));
        let attempts: Vec<Vec<Attempt>> = vec![Vec::new(); selected.len()];
        finished
            .scan(attempts, move |attempts, (i, attempt)| {
                attempts[i].push(attempt);
                let (file, t) = &selected[i];
                let wanted = repeat.or(t.repeat).unwrap_or(1) as usize;
                let done = (attempts[i].len() == wanted)
                    .then(|| outcome(file, t, std::mem::take(&mut attempts[i])));
                std::future::ready(Some(done))
            })
            .filter_map(std::future::ready)
    }
}

/// Puts outcomes (which finish in any order) in the order of the files' tests.
pub fn in_file_order(selected: &[(String, TestSpec)], outcomes: &mut [TestOutcome]) {
    outcomes.sort_by_key(|o| {
        selected
            .iter()
            .position(|(f, t)| *f == o.file && t.name == o.name)
            .unwrap_or(usize::MAX)
    });
}

/// A test's outcome from its attempts: errors first (it could not run), else the
/// share of attempts that passed against `pass_rate`.
pub fn outcome(file: &str, t: &TestSpec, attempts: Vec<Attempt>) -> TestOutcome {
    let passed = attempts
        .iter()
        .filter(|a| a.status() == Status::Passed)
        .count();
    let rate = t.pass_rate.unwrap_or(1.0);
    let status = if attempts.iter().any(|a| a.status() == Status::Error) {
        Status::Error
    } else if (passed as f64) + 1e-9 >= rate * attempts.len() as f64 {
        Status::Passed
    } else {
        Status::Failed
    };
    TestOutcome {
        file: file.to_string(),
        name: t.name.clone(),
        status,
        duration_s: attempts.iter().map(|a| a.duration_s).sum(),
        passed_attempts: passed,
        pass_rate: rate,
        attempts,
    }
}

impl TestOutcome {
    /// The NDJSON record of the test (`{"event": "test", ...}`).
    pub fn record(&self) -> Value {
        record(self)
    }
}

/// The NDJSON record of a test.
fn record(o: &TestOutcome) -> Value {
    let mut v = json!({"event": "test"});
    if let (Some(m), Value::Object(rest)) = (
        v.as_object_mut(),
        serde_json::to_value(o).unwrap_or(Value::Null),
    ) {
        m.extend(rest);
    }
    v
}
