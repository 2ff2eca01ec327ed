//! `--jq EXPR`: jq filters evaluated in-process with jaq, so no `jq` binary is needed.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;
use serde_json::Value;

use crate::error::{CliError, Result};

/// The hidden first argument that makes the binary a filter worker.
pub const WORKER_ARG: &str = "__jq-worker";

/// What a filter may spend before it is stopped: a filter is user (or MCP client)
/// input, and `def f: f; f`, `[range(1e12)]` or a deep recursion must end in an
/// error, not a hung or killed process.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub time: std::time::Duration,
    /// Address space of the worker, in bytes.
    pub memory: u64,
    /// Largest output read back, in bytes.
    pub output: usize,
}

impl Budget {
    /// 10 s, 1 GiB of memory, 256 MiB of output; nothing read from the environment
    /// (the library's budget).
    pub const STANDARD: Budget = Budget {
        time: std::time::Duration::from_secs(10),
        memory: 1024 * 1024 * 1024,
        output: 256 * 1024 * 1024,
    };
}

/// The command line's budget: [`Budget::STANDARD`], with the time
/// `EPSIMO_JQ_TIMEOUT` sets.
impl Default for Budget {
    fn default() -> Self {
        Budget {
            time: crate::env::get(crate::env::JQ_TIMEOUT)
                .and_then(|v| crate::env::parse_seconds(&v).ok())
                .unwrap_or(Budget::STANDARD.time),
            ..Budget::STANDARD
        }
    }
}

static WORKER: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Makes [`run`] evaluate filters in a separate worker process (`exe __jq-worker`):
/// the binary calls this at start. Without it (the library in tests), filters run
/// in this process, without a budget.
pub fn use_worker(exe: std::path::PathBuf) {
    let _ = WORKER.set(exe);
}

/// Runs `filter` on `input` and returns every output value, within the default
/// [`Budget`] and in the worker when there is one.
pub fn run(filter: &str, input: &Value) -> Result<Vec<Value>> {
    run_with(filter, input, Budget::default(), None)
}

/// [`run`] off the async threads, stopped (the worker killed) when the future is
/// dropped: an MCP cancellation ends the filter, not only the wait for it.
pub async fn run_async(filter: &str, input: &Value) -> Result<Vec<Value>> {
    struct CancelOnDrop(std::sync::Arc<std::sync::atomic::AtomicBool>);
    impl Drop for CancelOnDrop {
        fn drop(&mut self) {
            self.0.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _guard = CancelOnDrop(cancel.clone());
    let (filter, input) = (filter.to_string(), input.clone());
    tokio::task::spawn_blocking(move || run_with(&filter, &input, Budget::default(), Some(&cancel)))
        .await
        .map_err(|e| CliError::failure(format!("the --jq worker failed: {e}")))?
}

/// [`run`] with a budget, stopped early when `cancel` is set.
pub fn run_with(
    filter: &str,
    input: &Value,
    budget: Budget,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<Vec<Value>> {
    // Syntax first, in this process: a parse error is a usage error at once.
    compile(filter)?;
    match WORKER.get() {
        Some(exe) => in_worker(exe, filter, input, budget, cancel),
        None => evaluate(filter, input),
    }
}

fn bad(filter: &str, what: String) -> CliError {
    CliError::usage(format!("invalid --jq expression {filter:?}: {what}"))
        .with_hint("see https://jqlang.org/manual/ for the jq language")
}

/// Whether a filter parses and compiles (a usage error when not); nothing is run.
pub fn check(filter: &str) -> Result<()> {
    compile(filter)
}

fn compile(filter: &str) -> Result<()> {
    compiled(filter).map(drop)
}

/// The filter, parsed and compiled with jq's standard library.
fn compiled(filter: &str) -> Result<jaq_core::Filter<data::JustLut<Val>>> {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let program = File {
        code: filter,
        path: (),
    };
    let what = |errs: usize, kind: &str, kinds: &str| {
        bad(
            filter,
            format!("{} in the filter", crate::util::count(errs, kind, kinds)),
        )
    };
    let modules = loader
        .load(&arena, program)
        .map_err(|errs| what(errs.len(), "parse error", "parse errors"))?;
    Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errs| what(errs.len(), "compile error", "compile errors"))
}

/// Evaluates in this process (the worker's body).
fn evaluate(filter: &str, input: &Value) -> Result<Vec<Value>> {
    let compiled = compiled(filter)?;
    let input = jaq_json::read::parse_single(input.to_string().as_bytes())
        .map_err(|e| CliError::failure(format!("cannot read JSON for --jq: {e}")))?;
    let ctx = Ctx::<data::JustLut<Val>>::new(&compiled.lut, Vars::new([]));
    let mut out = Vec::new();
    for item in compiled.id.run((ctx, input)).map(unwrap_valr) {
        let v = item.map_err(|e| CliError::failure(format!("--jq failed: {e}")))?;
        let text = v.to_string();
        let json: Value = serde_json::from_str(&text).map_err(|e| {
            CliError::failure(format!("--jq produced a value that is not JSON: {e}"))
        })?;
        out.push(json);
    }
    Ok(out)
}

/// A filter that went over its budget: invalid input (exit 5), never a crash.
fn over(what: &str) -> CliError {
    CliError::new(
        crate::error::Exit::Invalid,
        format!("the --jq filter {what}, and was stopped"),
    )
    .remedy(crate::error::Remedy::JqLimits)
}

fn in_worker(
    exe: &std::path::Path,
    filter: &str,
    input: &Value,
    budget: Budget,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<Vec<Value>> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(exe)
        .arg(WORKER_ARG)
        .arg(budget.memory.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| CliError::failure(format!("cannot start the --jq worker: {e}")))?;
    let request = serde_json::to_vec(&serde_json::json!({"filter": filter, "input": input}))?;
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&request);
    });
    let mut stdout = child.stdout.take().expect("piped");
    let cap = budget.output;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(cap as u64 + 1).read_to_end(&mut out);
        out
    });
    let mut stderr = child.stderr.take().expect("piped");
    let errs = std::thread::spawn(move || {
        let mut e = String::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_string(&mut e);
        e
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break Some(st);
        }
        let cancelled = cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::SeqCst));
        if cancelled || started.elapsed() > budget.time {
            let _ = child.kill();
            let _ = child.wait();
            if cancelled {
                return Err(CliError::interrupted());
            }
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let errs = errs.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(over(&format!(
            "ran longer than {} s",
            budget.time.as_secs_f64()
        )));
    };
    if out.len() > cap {
        return Err(over(&format!(
            "wrote more than {} MiB",
            cap / (1024 * 1024)
        )));
    }
    if !status.success() {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if status.signal().is_some() {
                // A Ctrl-C reaches the worker too: it is the user's, not the budget.
                if status.signal() == Some(libc::SIGINT) {
                    return Err(CliError::interrupted());
                }
                return Err(over("recursed too deeply (its stack ran out)"));
            }
        }
        if errs.contains("out of memory") {
            return Err(over(&format!(
                "needed more than {} MiB",
                budget.memory / (1024 * 1024)
            )));
        }
        // The worker's own error, as it wrote it.
        let reply: Value = serde_json::from_slice(&out).unwrap_or(Value::Null);
        let message = reply["error"].as_str().unwrap_or(errs.trim()).to_string();
        let exit = match reply["exit"].as_i64() {
            Some(2) => crate::error::Exit::Usage,
            _ => crate::error::Exit::Failure,
        };
        return Err(CliError::new(exit, message));
    }
    let reply: Value = serde_json::from_slice(&out)
        .map_err(|e| CliError::failure(format!("the --jq worker answered no JSON: {e}")))?;
    match reply.get("values") {
        Some(Value::Array(v)) => Ok(v.clone()),
        _ => Err(CliError::failure("the --jq worker answered no values")),
    }
}

/// The worker's body (`epsimo __jq-worker MEMORY`): reads `{filter, input}` on stdin,
/// writes `{values}` or `{error, exit}` on stdout, within an address-space limit.
pub fn worker_main(memory: Option<&str>) -> i32 {
    use std::io::{Read, Write};
    if let Some(bytes) = memory.and_then(|m| m.parse::<u64>().ok()) {
        // SAFETY: setrlimit(2) on this process with a plain struct.
        unsafe {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
        }
    }
    let mut raw = Vec::new();
    if std::io::stdin().read_to_end(&mut raw).is_err() {
        return 1;
    }
    let reply = match serde_json::from_slice::<Value>(&raw) {
        Ok(req) => {
            let filter = req["filter"].as_str().unwrap_or("");
            match evaluate(filter, &req["input"]) {
                Ok(values) => Ok(serde_json::json!({"values": values})),
                Err(e) => Err(serde_json::json!({"error": e.message, "exit": e.exit.code()})),
            }
        }
        Err(e) => Err(serde_json::json!({"error": format!("bad request: {e}"), "exit": 1})),
    };
    let (code, body) = match reply {
        Ok(b) => (0, b),
        Err(b) => (1, b),
    };
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, &body);
    let _ = out.flush();
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_values() {
        let input = json!([{"id": "a", "n": 1}, {"id": "b", "n": 2}]);
        assert_eq!(run(".[].id", &input).unwrap(), vec![json!("a"), json!("b")]);
        assert_eq!(
            run("map(select(.n > 1)) | length", &input).unwrap(),
            vec![json!(1)]
        );
        assert_eq!(run(".[0]", &input).unwrap(), vec![json!({"id":"a","n":1})]);
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        let e = run(".[", &json!(1)).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Usage);
        let e = run("error(\"boom\")", &json!(1)).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Failure);
    }
}
