//! The text report of a failed conversation test, as `cargo test` shows one under
//! `failures:` (the CLI's own rendering of the test runner's outcomes).

use crate::TestStatus as Status;
use crate::sdk::TestOutcome;

/// The failure report of one test, as `cargo test` shows it under `failures:`.
pub fn report(o: &TestOutcome, keep_threads: bool) -> String {
    let mut out = format!("---- {} ({}) ----\n", o.name, o.file);
    if o.attempts.len() > 1 {
        out.push_str(&format!(
            "{} of {} runs passed; pass_rate {} needs {}\n",
            o.passed_attempts,
            o.attempts.len(),
            o.pass_rate,
            (o.pass_rate * o.attempts.len() as f64).ceil()
        ));
    }
    for (i, a) in o.attempts.iter().enumerate() {
        if a.status() == Status::Passed {
            continue;
        }
        if o.attempts.len() > 1 {
            out.push_str(&format!("run {}:\n", i + 1));
        }
        if let Some(e) = &a.error {
            out.push_str(&format!("could not run: {e}\n"));
        }
        for f in &a.failures {
            out.push_str(&format!("{}: `{}`\n", f.place, f.assertion));
            match &f.diff {
                Some(d) => out.push_str(&indent(d)),
                None => out.push_str(&format!(
                    "  expected: {}\n  actual:   {}\n",
                    crate::util::sanitize(&f.expected),
                    crate::util::sanitize(&f.actual)
                )),
            }
        }
        for n in &a.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        if let Some(t) = &a.thread_id {
            if keep_threads {
                out.push_str(&format!(
                    "thread: {t} (inspect it with `epsimo threads show {t}`)\n"
                ));
            } else {
                out.push_str(&format!(
                    "thread: {t} (deleted; --keep-threads keeps it to inspect)\n"
                ));
            }
        }
        if !a.transcript.is_empty() {
            out.push_str("conversation:\n");
            out.push_str(&indent(&crate::util::sanitize(&a.transcript)));
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
