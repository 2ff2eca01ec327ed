//! `epsimo test` against the emulator: the issue's file as written, a suite whose
//! every assertion kind fails, exit codes per case, JUnit, NDJSON, parallel runs
//! that share nothing, threads cleaned up, and a test made from a conversation.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::*;

const MANIFEST: &str = "name: Shop\nassistants:\n  - name: Helper\n    instructions: Echo.\n  - name: Keeper\n    instructions: Keep state.\n    tools:\n      - use: database_sync\n";

/// The file of issue 18 (`epsimo test`), exactly as it was written.
const ISSUE_FILE: &str = include_str!("data/epsimo.test.yaml");

/// A directory with the manifest and `epsimo.test.yaml` holding `tests`.
fn suite(tests: &str) -> tempfile::TempDir {
    let dir = manifest_dir(MANIFEST);
    std::fs::write(dir.path().join("epsimo.test.yaml"), tests).unwrap();
    dir
}

fn test_cmd(env: &Env, dir: &Path) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.arg("test").current_dir(dir);
    c
}

#[test]
fn the_issue_s_file_passes_on_the_emulator() {
    let env = Env::new("http://127.0.0.1:1");
    let dir = suite(ISSUE_FILE);
    let out = run(test_cmd(&env, dir.path()).arg("--emulator"));
    ok(&out);
    assert!(
        out.stdout.contains("running 2 tests from epsimo.test.yaml"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("test echoes the question ... ok ("),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("test stores the status ... ok ("),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("test result: ok. 2 passed, 0 failed, 0 could not run;"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("deployed (2 assistants)"),
        "{}",
        out.stderr
    );
    // Each run is a thread, and a thread is a credit: said before they run.
    assert!(
        out.stderr
            .contains("Each run starts a thread, which uses a thread credit of the emulator's (not yours): 2 credits."),
        "{}",
        out.stderr
    );
    // Without an epsimo.yaml, --emulator says what it needs.
    let bare = tempfile::tempdir().unwrap();
    std::fs::write(bare.path().join("epsimo.test.yaml"), ISSUE_FILE).unwrap();
    let out = run(test_cmd(&env, bare.path()).arg("--emulator"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("epsimo.yaml"), "{}", out.stderr);
}

/// Every kind of assertion, each written so that it fails: exit 10, and each
/// failure says its turn, its assertion, what was expected and what was there.
#[test]
fn failing_assertions_are_reported_and_exit_10() {
    let env = Env::new("http://127.0.0.1:1");
    let dir = suite(
        r#"tests:
  - name: passes
    assistant: Helper
    turns:
      - user: hello
        expect: [{equals: "(emulated) You said: hello"}]
  - name: reply checks
    assistant: Helper
    turns:
      - user: "where is my order"
        expect:
          - contains: "refund"
          - not_contains: "order"
          - regex: "^Dear"
          - equals: "something else"
          - json: {subset: {a: 1}}
          - not: {contains: "where"}
          - max_latency: 1ms
  - name: tool checks
    assistant: Keeper
    tool_sequence: {mode: strict, tools: [update_database, update_database]}
    turns:
      - user: '/tool update_database {"key": "status", "value": "shipped"}'
        expect:
          - tool_called: {name: update_database, args: {key: other}}
          - not_tool_called: update_database
      - user: "and now?"
        expect:
          - tool_called: update_database
    db:
      status: pending
      .missing: {exists: true}
      .status: {type: number}
"#,
    );
    let out = run(test_cmd(&env, dir.path()).args(["--emulator", "--junit", "report.xml"]));
    assert_eq!(out.code, 10, "{}\n{}", out.stdout, out.stderr);
    let o = &out.stdout;
    assert!(o.contains("test passes ... ok"), "{o}");
    assert!(o.contains("test reply checks ... FAILED"), "{o}");
    for want in [
        "turn 1: `contains: \"refund\"`\n  expected: a reply containing \"refund\"\n  actual:   \"(emulated) You said: where is my order\"",
        "turn 1: `not_contains: \"order\"`",
        "turn 1: `regex: \"^Dear\"`",
        "turn 1: `equals: \"something else\"`",
        "turn 1: `json: {\"subset\":{\"a\":1}}`\n  expected: a reply that is JSON",
        "turn 1: `not: {\"contains\":\"where\"}`",
        "turn 1: `max_latency: \"1ms\"`\n  expected: at most 0.001s",
        "turn 1: `tool_called: {\"name\":\"update_database\",\"args\":{\"key\":\"other\"}}`",
        "turn 1: `not_tool_called: \"update_database\"`",
        "turn 2: `tool_called: \"update_database\"`\n  expected: a call of update_database\n  actual:   no tool was called",
        "tool_sequence: `tool_sequence: strict [\"update_database\", \"update_database\"]`",
        "db: `status: \"pending\"`\n  expected: \"pending\"\n  actual:   \"shipped\"",
        "db: `.missing: {\"exists\":true}`",
        "(deleted; --keep-threads keeps it to inspect)",
        "conversation:\n  You: where is my order",
        "test result: FAILED. 1 passed, 2 failed, 0 could not run;",
    ] {
        assert!(o.contains(want), "missing:\n{want}\n---\n{o}");
    }
    // JUnit: failures apart from errors, the conversation in system-out.
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"epsimo test\" tests=\"3\" failures=\"2\" errors=\"0\""), "{xml}");
    assert_eq!(
        xml.matches("<failure type=\"assertion\"").count(),
        2,
        "{xml}"
    );
    assert_eq!(xml.matches("<error").count(), 0);
    assert!(xml.contains("<system-out>run 1 of 1:"), "{xml}");
    assert!(xml.contains("You: where is my order"), "{xml}");
}

#[test]
fn tests_that_cannot_run_are_errors_with_the_usual_codes() {
    let env = Env::new("http://127.0.0.1:1");
    // An assistant the project does not have: could not run, exit 3 (not found);
    // JUnit <error>.
    let dir = suite("tests:\n  - name: ghost\n    assistant: Nobody\n    turns: [{user: hi}]\n");
    let out = run(test_cmd(&env, dir.path()).args(["--emulator", "--junit", "r.xml"]));
    assert_eq!(out.code, 3, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("test ghost ... ERROR"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("could not run: no assistant named \"Nobody\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("0 passed, 0 failed, 1 could not run"),
        "{}",
        out.stdout
    );
    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    assert!(
        xml.contains(
            "<error type=\"could not run\" message=\"no assistant named &quot;Nobody&quot;"
        ),
        "{xml}"
    );
    assert!(!xml.contains("<failure"), "{xml}");
    // An invalid test file: exit 5 with file, line and column, before anything runs.
    let dir = suite(
        "tests:\n  - name: a\n    assistant: Helper\n    turns:\n      - user: hi\n        expect: [{containz: x}]\n",
    );
    let out = run(test_cmd(&env, dir.path()).arg("--emulator"));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("epsimo.test.yaml:6:19: unknown variant `containz`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `contains`?"),
        "{}",
        out.stderr
    );
    // Not logged in (no emulator): exit 4.
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let dir = suite(ISSUE_FILE);
    let out = run(test_cmd(&env, dir.path()).args(["--project-id", "p"]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    // No test file at all: exit 2 with the way to make one.
    let empty = tempfile::tempdir().unwrap();
    let out = run(&mut test_cmd(&env, empty.path()));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("epsimo test new --from-thread"),
        "{}",
        out.stderr
    );
}

/// Against a project (not --emulator): parallel runs on threads of their own,
/// deleted afterwards unless --keep-threads; NDJSON; --filter; repeat with pass_rate.
#[test]
fn parallel_runs_share_nothing_and_clean_up() {
    let p = Project::new();
    let dir = suite(ISSUE_FILE);
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    let out = run(p
        .cmd()
        .args(["test", "--jobs", "4", "--repeat", "5", "--json"])
        .current_dir(dir.path()));
    ok(&out);
    let records: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 3, "{}", out.stdout);
    for r in &records[..2] {
        assert_eq!(r["event"], "test");
        assert_eq!(r["status"], "passed");
        assert_eq!(r["attempts"].as_array().unwrap().len(), 5);
    }
    assert_eq!(
        records[2],
        json!({"event": "summary", "passed": 2, "failed": 0, "errors": 0, "duration_s": records[2]["duration_s"]})
    );
    // Ten runs, ten threads, each its own, all deleted.
    let threads: std::collections::HashSet<&str> = records[..2]
        .iter()
        .flat_map(|r| r["attempts"].as_array().unwrap())
        .map(|a| a["thread_id"].as_str().unwrap())
        .collect();
    assert_eq!(threads.len(), 10);
    assert!(p.threads().is_empty(), "threads left: {:?}", p.threads());
    // --keep-threads keeps them; --filter picks by name.
    let out = run(p
        .cmd()
        .args(["test", "--keep-threads", "--filter", "stores"])
        .current_dir(dir.path()));
    ok(&out);
    assert!(out.stdout.contains("running 1 test from"), "{}", out.stdout);
    let kept = p.threads();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["name"], "epsimo test: stores the status");
    let out = run(p
        .cmd()
        .args(["test", "--filter", "nothing"])
        .current_dir(dir.path()));
    assert_eq!(out.code, 2);
}

#[test]
fn pass_rate_decides_over_repeated_runs() {
    let env = Env::new("http://127.0.0.1:1");
    // Never holds: 0 of 3 runs; with pass_rate it still fails, said per run.
    let dir = suite(
        "tests:\n  - name: flaky\n    assistant: Helper\n    repeat: 3\n    pass_rate: 0.5\n    turns:\n      - user: hi\n        expect: [{contains: nope}]\n",
    );
    let out = run(test_cmd(&env, dir.path()).arg("--emulator"));
    assert_eq!(out.code, 10, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("0 of 3 runs passed; pass_rate 0.5 needs 2"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("run 3:"), "{}", out.stdout);
}

/// A conversation that went right becomes a test that passes on the same assistant.
#[test]
fn a_test_made_from_a_thread_passes_on_its_assistant() {
    let p = Project::new();
    let dir = suite(ISSUE_FILE);
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant",
        "Keeper",
        "--message",
        r#"/tool update_database {"key": "status", "value": "shipped"}"#,
    ]));
    ok(&out);
    let thread = p.threads()[0]["thread_id"].as_str().unwrap().to_string();
    ok(&run(p.cmd().args([
        "threads",
        "run",
        &thread,
        "--message",
        "thanks",
    ])));
    let out = run(p
        .cmd()
        .args([
            "test",
            "new",
            "--from-thread",
            &thread,
            "-o",
            "tests/keeper.epsimo-test.yaml",
        ])
        .current_dir(dir.path()));
    ok(&out);
    let text = std::fs::read_to_string(dir.path().join("tests/keeper.epsimo-test.yaml")).unwrap();
    assert!(text.contains("assistant: Keeper"), "{text}");
    assert!(text.contains("tool_called: update_database"), "{text}");
    assert!(text.contains("user: thanks"), "{text}");
    assert!(
        text.contains("contains: \"(emulated) You said: thanks\""),
        "{text}"
    );
    // It runs (found under tests/) and passes.
    let out = run(p
        .cmd()
        .args(["test", "tests/keeper.epsimo-test.yaml"])
        .current_dir(dir.path()));
    ok(&out);
    assert!(out.stdout.contains("1 passed, 0 failed"), "{}", out.stdout);
    // Not over an existing file without --force.
    let out = run(p
        .cmd()
        .args([
            "test",
            "new",
            "--from-thread",
            &thread,
            "-o",
            "tests/keeper.epsimo-test.yaml",
        ])
        .current_dir(dir.path()));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// A server names a tool call by the name the model sees (`Dall-E-Image-Generator`
/// for `dall_e`, fixture 110), and so does the emulator: an assertion may name the
/// tool by its type or that name, and `not_tool_called` fails when the tool ran. An
/// assertion on a tool the assistant lacks could never be checked: refused, exit 5.
#[test]
fn tool_assertions_name_a_tool_by_type_or_by_the_name_the_model_sees() {
    let env = Env::new("http://127.0.0.1:1");
    let dir = manifest_dir("name: Art\nassistants:\n  - name: Painter\n    tools: [dall_e]\n");
    let tests = |body: &str| {
        std::fs::write(dir.path().join("epsimo.test.yaml"), body).unwrap();
    };
    tests(
        r#"tests:
  - name: by type and by model-visible name
    assistant: Painter
    tool_sequence: {mode: strict, tools: [dall_e]}
    turns:
      - user: '/tool dall_e {"__arg1": "a red cat"}'
        expect:
          - tool_called: dall_e
          - tool_called: Dall-E-Image-Generator
          - tool_called: {name: dall_e, args: {__arg1: a red cat}}
"#,
    );
    let out = run(test_cmd(&env, dir.path()).arg("--emulator"));
    ok(&out);
    assert!(out.stdout.contains("1 passed, 0 failed"), "{}", out.stdout);
    tests(
        r#"tests:
  - name: not called, but it was
    assistant: Painter
    turns:
      - user: '/tool Dall-E-Image-Generator'
        expect: [{not_tool_called: dall_e}]
"#,
    );
    let out = run(test_cmd(&env, dir.path()).arg("--emulator"));
    assert_eq!(out.code, 10, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("`not_tool_called: \"dall_e\"`")
            && out.stdout.contains("Dall-E-Image-Generator"),
        "{}",
        out.stdout
    );
    tests(
        r#"tests:
  - name: a tool it does not have
    assistant: Painter
    turns:
      - user: hi
        expect: [{not_tool_called: arxiv}]
"#,
    );
    let out = run(test_cmd(&env, dir.path()).arg("--emulator"));
    assert_eq!(out.code, 5, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("assistant \"Painter\" has no tool \"arxiv\"")
            && out.stderr.contains("dall_e (Dall-E-Image-Generator)"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stdout.contains("running"),
        "nothing ran: {}",
        out.stdout
    );
}
