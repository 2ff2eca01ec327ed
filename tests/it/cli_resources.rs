//! Project resources against the emulator: assistants, threads, db, credits, files,
//! tools, api, and project resolution. Each test checks what the user sees and
//! what the emulator received.

use crate::common::{Emu, Env, Project, manifest_dir, ok, run};
use serde_json::{Value, json};

// ---- project resolution ---------------------------------------------------------

#[test]
fn project_comes_from_flag_env_manifest_or_fails_with_all_three_hints() {
    let p = Project::new();
    let (other, _) = p.emu.project(&p.emu.dev_token(), "Other");
    let dir = manifest_dir(format!("project_id: {other}\nname: app\n"));
    let sub = dir.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let scope = |out: &crate::common::Out| ok(out);
    // Manifest, found from a subdirectory.
    p.emu.clear_requests();
    scope(&run(p.env.cmd().arg("assistants").current_dir(&sub)));
    assert_eq!(p.calls()[0].1, format!("/projects/{other}"));
    // The environment beats the manifest, the flag beats both.
    p.emu.clear_requests();
    scope(&run(p.cmd().arg("assistants").current_dir(&sub)));
    assert_eq!(p.calls()[0].1, format!("/projects/{}", p.pid));
    let (third, _) = p.emu.project(&p.emu.dev_token(), "Third");
    p.emu.clear_requests();
    scope(&run(p
        .cmd()
        .args(["assistants", "--project-id", &third])
        .current_dir(&sub)));
    assert_eq!(p.calls()[0].1, format!("/projects/{third}"));
    // Nothing: exit 2 naming the three ways, nothing sent.
    let empty = tempfile::tempdir().unwrap();
    p.emu.clear_requests();
    let out = run(p
        .env
        .cmd()
        .arg("threads")
        .current_dir(empty.path())
        .write_stdin(""));
    assert_eq!(out.code, 2, "{}", out.stderr);
    for way in ["--project-id", "EPSIMO_PROJECT_ID", "epsimo init"] {
        assert!(out.stderr.contains(way), "{way}: {}", out.stderr);
    }
    assert!(p.calls().is_empty());
}

// ---- assistants ------------------------------------------------------------------

#[test]
fn assistants_create_sends_the_contract_payload() {
    let p = Project::new();
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Support",
        "--model",
        "gpt-4o-mini",
        "--instructions",
        "Be brief.",
        "--tool",
        "retrieval",
        "--tool",
        "search_tavily",
    ]));
    ok(&out);
    let id = out.stdout.trim().to_string();
    let body = p.body_of("POST", "/assistants/");
    let c = &body["config"]["configurable"];
    assert_eq!(body["name"], "Support");
    assert_eq!(body["public"], false);
    assert_eq!(c["type"], "agent");
    assert_eq!(c["type==agent/agent_type"], "GPT 4o mini");
    assert_eq!(c["type==agent/model"], "gpt-4o-mini");
    assert_eq!(c["type==agent/system_message"], "Be brief.");
    let tools = c["type==agent/tools"].as_array().unwrap();
    assert_eq!(tools.len(), 2);
    for t in tools {
        // Objects, never bare strings; the names and descriptions this server does
        // not fix are its own defaults, not sent.
        for k in ["id", "type", "config"] {
            assert!(t.get(k).is_some(), "tool objects carry {k}: {t}");
        }
    }
    // Listing: TSV piped, the family and the model string in their own columns.
    let out = run(p.cmd().arg("assistants"));
    let cells: Vec<&str> = out.stdout.trim_end().split('\t').collect();
    assert_eq!(
        &cells[..4],
        [id.as_str(), "Support", "GPT 4o mini", "gpt-4o-mini"]
    );
    let out = run(p.cmd().args(["assistants", "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["assistant_id"], id);
    let out = run(p.cmd().args(["assistants", "show", &id]));
    assert!(out.stdout.contains("Be brief."), "{}", out.stdout);
}

#[test]
fn unknown_tool_types_are_refused_with_a_suggestion_before_any_write() {
    let p = Project::new();
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "X",
        "--tool",
        "search_tavly",
    ]));
    // The server's schema decides (exit 5, invalid input), read before any write.
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean \"search_tavily\""),
        "{}",
        out.stderr
    );
    assert!(!p.calls().iter().any(|(m, _)| m == "POST"));
}

#[test]
fn assistants_update_sends_everything_and_keeps_public() {
    // Upstream has no PATCH: the update is the whole assistant, by PUT.
    let p = Project::upstream();
    let id = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "A",
        "--public",
        "--tool",
        "retrieval",
    ]))
    .stdout
    .trim()
    .to_string();
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &id,
        "--name",
        "Renamed",
    ])));
    let put = p.body_of("PUT", &format!("/assistants/{id}"));
    assert_eq!(put["name"], "Renamed");
    assert_eq!(put["public"], true, "kept, not reset");
    assert_eq!(
        put["config"]["configurable"]["type==agent/tools"][0]["type"],
        "retrieval"
    );
    // Nothing invented: no instructions were ever set, none are sent.
    assert!(
        put["config"]["configurable"]
            .get("type==agent/system_message")
            .is_none(),
        "{put}"
    );
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &id,
        "--public",
        "false",
    ])));
    assert_eq!(
        p.body_of("PUT", &format!("/assistants/{id}"))["public"],
        false
    );
    let out = run(p.cmd().args(["assistants", "delete", &id]).write_stdin(""));
    assert_eq!(out.code, 2);
    ok(&run(p.cmd().args(["assistants", "delete", &id, "--yes"])));
    assert_eq!(run(p.cmd().args(["assistants", "show", &id])).code, 3);
}

/// The platform has PATCH: an update sends only what changed, and the server keeps
/// the rest.
#[test]
fn assistants_update_patches_only_what_changed() {
    let p = Project::new();
    let id = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "A",
        "--public",
        "--tool",
        "retrieval",
    ]))
    .stdout
    .trim()
    .to_string();
    p.emu.clear_requests();
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &id,
        "--name",
        "Renamed",
    ])));
    assert!(
        !p.calls().iter().any(|(m, _)| m == "PUT"),
        "{:?}",
        p.calls()
    );
    assert_eq!(
        p.body_of("PATCH", &format!("/assistants/{id}")),
        json!({"name": "Renamed", "config": {"configurable": {}}})
    );
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &id,
        "--instructions",
        "Be brief.",
    ])));
    assert_eq!(
        p.body_of("PATCH", &format!("/assistants/{id}")),
        json!({"config": {"configurable": {"type==agent/system_message": "Be brief."}}})
    );
    let out = run(p.cmd().args(["assistants", "show", &id, "--json"]));
    let a: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(a["name"], "Renamed");
    assert_eq!(a["public"], true, "kept by the server");
    assert_eq!(
        a["config"]["configurable"]["type==agent/tools"][0]["type"],
        "retrieval"
    );
}

#[test]
fn a_cached_project_token_makes_one_request() {
    let p = Project::new();
    ok(&run(p.cmd().arg("assistants")));
    p.emu.clear_requests();
    ok(&run(p.cmd().arg("assistants")));
    assert_eq!(p.calls(), [("GET".to_string(), "/assistants/".to_string())]);
}

// ---- threads --------------------------------------------------------------------

#[test]
fn threads_create_list_show_state_history_delete() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let out = run(p.cmd().args([
        "threads",
        "create",
        "--assistant-id",
        &a,
        "--name",
        "Support #1",
    ]));
    ok(&out);
    let t = out.stdout.trim().to_string();
    assert_eq!(
        p.body_of("POST", "/threads/"),
        json!({"name": "Support #1", "assistant_id": a, "metadata": {"type": "thread"}})
    );
    let out = run(p.cmd().arg("threads"));
    assert!(
        out.stdout.starts_with(&format!("{t}\tSupport #1\t{a}\t")),
        "{}",
        out.stdout
    );
    ok(&run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--message",
        "hello",
    ])));
    let out = run(p.cmd().args(["threads", "show", &t]));
    assert!(
        out.stdout
            .contains("You: hello\nAssistant: (emulated) You said: hello"),
        "{}",
        out.stdout
    );
    let out = run(p.cmd().args(["threads", "show", &t, "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["messages"].as_array().unwrap().len(), 2);
    let out = run(p.cmd().args(["threads", "state", &t]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["values"]["messages"][0]["content"], "hello");
    let out = run(p.cmd().args(["threads", "history", &t]));
    assert!(
        serde_json::from_str::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
            >= 2
    );
    ok(&run(p.cmd().args(["threads", "delete", &t, "--yes"])));
    assert_eq!(run(p.cmd().args(["threads", "show", &t])).code, 3);
}

#[test]
fn threads_list_accepts_the_wrapped_shape() {
    let emu = Emu::with(epsimo::emulator::Config {
        threads_shape: epsimo::cli::ThreadsShape::Object,
        ..Default::default()
    });
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    let out = run(env.cmd().args(["threads", "--json", "--project-id", &pid]));
    ok(&out);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["thread_id"], t, "one output shape: a list");
}

#[test]
fn run_prints_the_reply_once_and_never_the_history() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &a,
        "--message",
        "one two three",
    ]));
    ok(&out);
    assert_eq!(out.stdout, "(emulated) You said: one two three\n");
    let t = out
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("thread: "))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let run_body = p.body_of("POST", "/runs/stream");
    assert_eq!(run_body["thread_id"], t);
    assert_eq!(run_body["assistant_id"], a);
    assert_eq!(
        run_body["input"],
        json!([{"role": "user", "type": "human", "content": "one two three"}])
    );
    let out = run(p
        .cmd()
        .args(["threads", "run", &t])
        .write_stdin("second turn\n"));
    ok(&out);
    assert_eq!(
        out.stdout, "(emulated) You said: second turn\n",
        "history is not re-printed"
    );
    // The only assistant of the project is picked when none is named.
    let out = run(p.cmd().args(["threads", "run", "--message", "hi"]));
    ok(&out);
}

#[test]
fn run_ndjson_events_each_parse() {
    let p = Project::new();
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    let out = run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--json",
        "--message",
        r#"/tool update_database {"key": "status", "value": "done"}"#,
    ]));
    ok(&out);
    let events: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"tool_call") && kinds.contains(&"tool_result") && kinds.contains(&"token"),
        "{kinds:?}"
    );
    assert_eq!(*kinds.last().unwrap(), "end");
    assert!(events.last().unwrap()["run_id"].is_string());
    let call = events.iter().find(|e| e["event"] == "tool_call").unwrap();
    assert_eq!(call["name"], "update_database");
    assert_eq!(call["args"], json!({"key": "status", "value": "done"}));
    assert_eq!(
        kinds.iter().filter(|k| **k == "message").count(),
        3,
        "ai call, tool, ai reply"
    );
}

#[test]
fn update_database_tool_run_is_shown_and_lands_in_the_database() {
    let p = Project::new();
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    let out = run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--message",
        r#"/tool update_database {"key": "user_preferences", "value": {"theme": "dark"}}"#,
    ]));
    ok(&out);
    assert!(
        out.stderr
            .contains("⚙ update_database {\"key\":\"user_preferences\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("↳ update_database: Saved user_preferences"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stdout,
        "(emulated) Tool update_database returned: Saved user_preferences to the thread database.\n"
    );
    let out = run(p
        .cmd()
        .args(["db", "get", "--thread-id", &t, "--key", "user_preferences"]));
    ok(&out);
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap(),
        json!({"theme": "dark"})
    );
}

#[test]
fn error_event_and_cut_stream_exit_non_zero_keeping_partial_text() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let out = run(p.cmd().args(["threads", "run", &t, "--message", "/fail"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("the run failed on the server: Internal Server Error (500)"),
        "{}",
        out.stderr
    );
    // An error event after some tokens: the text so far stays on stdout.
    p.emu
        .fault(json!({"path": "/runs/stream", "action": "sse_error", "after_events": 5}));
    let out = run(p
        .cmd()
        .args(["threads", "run", &t, "--message", "alpha beta gamma delta"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "(emulated) You\n");
    // A cut stream.
    p.emu
        .fault(json!({"path": "/runs/stream", "action": "cut_stream", "after_events": 5}));
    let out = run(p
        .cmd()
        .args(["threads", "run", &t, "--message", "alpha beta gamma delta"]));
    assert_eq!(out.code, 6, "{}", out.stderr);
    assert_eq!(out.stdout, "(emulated) You\n");
    assert!(
        out.stderr.contains("before the run finished"),
        "{}",
        out.stderr
    );
    // Only pings: the read timeout fires.
    p.emu
        .fault(json!({"path": "/runs/stream", "action": "pings_only"}));
    let out = run(p
        .cmd()
        .args(["threads", "run", &t, "--message", "x"])
        .env("EPSIMO_READ_TIMEOUT", "1"));
    assert_eq!(out.code, 6, "{}", out.stderr);
    assert!(
        out.stderr.contains("only keep-alive pings"),
        "{}",
        out.stderr
    );
    // An HTTP error.
    let out = run(p.cmd().args([
        "threads",
        "run",
        "1c355290-bf58-4308-bffd-2105ee87030f",
        "--message",
        "x",
    ]));
    assert_eq!(out.code, 3, "{}", out.stderr);
}

#[test]
fn run_needs_a_message_and_an_assistant() {
    let p = Project::new();
    let out = run(p.cmd().args(["threads", "run", "--message", "hi"]));
    assert_eq!(out.code, 2, "no assistant: {}", out.stderr);
    p.assistant(json!([]));
    p.assistant(json!([]));
    let out = run(p.cmd().args(["threads", "run", "--message", "hi"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("several assistants"), "{}", out.stderr);
    let out = run(p.cmd().args(["threads", "run"]).write_stdin("  \n"));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn run_finds_the_assistant_by_its_manifest_name() {
    let p = Project::new();
    p.assistant(json!([]));
    let support = p.emu.assistant(&p.pt, "Support", json!([]));
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Support\n",
        p.pid
    ));
    let out = run(p
        .env
        .cmd()
        .args([
            "threads",
            "run",
            "--assistant",
            "Support",
            "--message",
            "hi",
        ])
        .current_dir(dir.path()));
    ok(&out);
    assert_eq!(p.body_of("POST", "/threads/")["assistant_id"], support);
    let out = run(p
        .env
        .cmd()
        .args(["threads", "run", "--assistant", "Suport", "--message", "hi"])
        .current_dir(dir.path()));
    assert_eq!(out.code, 3);
    assert!(
        out.stderr.contains("did you mean \"Support\""),
        "{}",
        out.stderr
    );
}

// ---- db ------------------------------------------------------------------------

#[test]
fn db_set_get_query_per_the_seed() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    // Empty: nothing on stdout, {} with --json.
    let out = run(p.cmd().args(["db", "query", "--thread-id", &t]));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    assert_eq!(
        run(p.cmd().args(["db", "query", "--thread-id", &t, "--json"])).stdout,
        "{}\n"
    );
    // The seed's example.
    ok(&run(p.cmd().args([
        "db",
        "set",
        "--project-id",
        &p.pid,
        "--thread-id",
        &t,
        "--key",
        "status",
        "--value",
        "\"completed\"",
    ])));
    assert_eq!(
        p.body_of("POST", &format!("/threads/{t}/state")),
        json!({"values": {"status": "completed"}, "config": {}})
    );
    let out = run(p.cmd().args([
        "db",
        "set",
        "--thread-id",
        &t,
        "--key",
        "note",
        "--value",
        "plain text",
    ]));
    ok(&out);
    assert!(out.stderr.contains("not JSON"), "{}", out.stderr);
    let out = run(p
        .cmd()
        .args([
            "db",
            "set",
            "--thread-id",
            &t,
            "--key",
            "prefs",
            "--value",
            "-",
        ])
        .write_stdin("{\"theme\": \"dark\"}\n"));
    ok(&out);
    let f = p.env.dir.path().join("v.json");
    std::fs::write(&f, "[1, 2, 3]").unwrap();
    ok(&run(p.cmd().args([
        "db",
        "set",
        "--thread-id",
        &t,
        "--key",
        "list",
        "--value-file",
        f.to_str().unwrap(),
    ])));
    let out = run(p.cmd().args(["db", "query", "--thread-id", &t, "--json"]));
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap(),
        json!({"status": "completed", "note": "plain text", "prefs": {"theme": "dark"}, "list": [1, 2, 3]})
    );
    assert_eq!(
        run(p
            .cmd()
            .args(["db", "get", "--thread-id", &t, "--key", "status"]))
        .stdout,
        "\"completed\"\n"
    );
    let out = run(p
        .cmd()
        .args(["db", "get", "--thread-id", &t, "--key", "missing"]));
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert_eq!(
        run(p.cmd().args([
            "db",
            "set",
            "--thread-id",
            &t,
            "--key",
            "messages",
            "--value",
            "1"
        ]))
        .code,
        2
    );
}

fn db_set(p: &Project, thread: &str, key: &str, value: &str) {
    ok(&run(p.cmd().args([
        "db",
        "set",
        "--thread-id",
        thread,
        "--key",
        key,
        "--value",
        value,
    ])));
}

#[test]
fn db_query_piped_passes_values_through_and_reports_a_bad_body() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    db_set(&p, &t, "b", "{\"nested\": [1, 2.5, \"x y\"]}");
    db_set(&p, &t, "a", "\"é\\n\"");
    // One compact line, the server's key order, no `messages`.
    let out = run(p.cmd().args(["db", "query", "--thread-id", &t, "--json"]));
    ok(&out);
    assert_eq!(
        out.stdout,
        "{\"b\":{\"nested\":[1,2.5,\"x y\"]},\"a\":\"é\\n\"}\n"
    );
    // --jq takes the parsed path: the same data.
    let out = run(p.cmd().args([
        "db",
        "query",
        "--thread-id",
        &t,
        "--json",
        "--jq",
        ".b.nested[2]",
    ]));
    assert_eq!(out.stdout, "x y\n");
    let path = format!("/threads/{t}/state");
    for (action, says) in [
        ("malformed", "not valid JSON"),
        ("empty", "empty where JSON was expected"),
    ] {
        p.emu
            .fault(json!({"path": path, "times": 1, "action": action}));
        let out = run(p.cmd().args(["db", "query", "--thread-id", &t, "--json"]));
        assert_eq!(
            (out.code, out.stdout.as_str()),
            (1, ""),
            "{action}: {}",
            out.stderr
        );
        assert!(out.stderr.contains(says), "{action}: {}", out.stderr);
    }
}

/// Piped, the database is written as the state arrives: a state that breaks off
/// ends with exit 1 after the keys that were complete, the line left unclosed so
/// no JSON reader takes it for the whole database.
#[test]
fn db_query_piped_streams_and_a_state_cut_short_is_not_taken_for_whole() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let path = format!("/threads/{t}/state");
    p.emu.fault(
        json!({"path": path, "times": 1, "action": "status", "status": 200,
        "content_type": "application/json",
        "body": "{\"values\": {\"a\": 1, \"messages\": [], \"b\": \"two words\", \"c\": [1, "}),
    );
    let out = run(p.cmd().args(["db", "query", "--thread-id", &t, "--json"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "{\"a\":1,\"b\":\"two words\"");
    assert!(
        out.stderr.contains("not valid JSON") && out.stderr.contains("EOF"),
        "{}",
        out.stderr
    );
    assert!(serde_json::from_str::<Value>(&out.stdout).is_err());
    // A large database comes through whole, key order kept.
    let big: serde_json::Map<String, Value> = (0..300)
        .map(|i| (format!("k{i}"), json!("v".repeat(5_000))))
        .collect();
    p.emu.fault(
        json!({"path": path, "times": 1, "action": "status", "status": 200,
        "content_type": "application/json",
        "body": json!({"values": big.clone(), "next": []}).to_string()}),
    );
    let out = run(p.cmd().args(["db", "query", "--thread-id", &t, "--json"]));
    ok(&out);
    assert_eq!(out.stdout, format!("{}\n", Value::Object(big)));
}

#[test]
fn db_query_pipes_into_real_jq() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    db_set(&p, &t, "status", "\"active\"");
    if !crate::common::optional_tool("jq", "apt-get install jq") {
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("epsimo");
    let script = format!(
        "'{}' db query --project-id '{}' --thread-id '{}' --json | jq -e .status",
        bin.display(),
        p.pid,
        t
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("EPSIMO_CONFIG_DIR", p.env.config_dir())
        .env("EPSIMO_API_URL", &p.emu.url)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "jq -e failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "\"active\"\n");
}

// ---- credits --------------------------------------------------------------------

#[test]
fn credits_balance_and_buy() {
    let p = Project::new();
    let out = run(p.cmd().args(["credits", "balance"]));
    ok(&out);
    assert!(
        out.stdout.contains("Threads Used:       0")
            && out.stdout.contains("Threads Remaining:  100"),
        "{}",
        out.stdout
    );
    let v: Value =
        serde_json::from_str(&run(p.cmd().args(["credits", "balance", "--json"])).stdout).unwrap();
    assert_eq!(v["threads_remaining"], 100);
    // No terminal, no --yes: asks nothing, sends nothing.
    p.emu.clear_requests();
    let out = run(p
        .cmd()
        .args(["credits", "buy", "--quantity", "1000"])
        .write_stdin(""));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("80.00 EUR"), "{}", out.stderr);
    assert!(p.calls().is_empty());
    let out = run(p
        .cmd()
        .args(["credits", "buy", "--quantity", "1000", "--yes"]));
    ok(&out);
    assert!(
        out.stdout
            .starts_with(&format!("{}/checkout/emulated/cs_", p.emu.url)),
        "{}",
        out.stdout
    );
    assert_eq!(
        p.body_of("POST", "/checkout/create-checkout-session"),
        json!({"quantity": 1000, "total_amount": 80.0})
    );
    // Out of the platform's range: refused (5); not a number: a usage error (2).
    for (bad, code) in [("0", 5), ("-5", 5), ("99999999999", 5), ("ten", 2)] {
        p.emu.clear_requests();
        let out = run(p.cmd().args(["credits", "buy", "--yes", "--quantity", bad]));
        assert_eq!(out.code, code, "{bad}: {}", out.stderr);
        assert!(p.calls().is_empty());
    }
}

// ---- files / tools / api ----------------------------------------------------------

#[test]
fn files_upload_list_delete() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let f = p.env.dir.path().join("doc.txt");
    std::fs::write(&f, "The secret word is pineapple.").unwrap();
    p.emu.clear_requests();
    let out = run(p.cmd().args([
        "files",
        "upload",
        "--assistant-id",
        &a,
        f.to_str().unwrap(),
        "/no/such/file",
    ]));
    assert_eq!(out.code, 2);
    assert!(
        !p.calls().iter().any(|(m, _)| m == "POST"),
        "nothing uploaded"
    );
    ok(&run(p.cmd().args([
        "files",
        "upload",
        "--assistant-id",
        &a,
        f.to_str().unwrap(),
    ])));
    let upload = p
        .emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "POST")
        .unwrap();
    assert!(
        upload["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("multipart/form-data")
    );
    let out = run(p.cmd().args(["files", "list", "--assistant-id", &a]));
    let cells: Vec<String> = out
        .stdout
        .trim_end()
        .split('\t')
        .map(str::to_owned)
        .collect();
    assert_eq!((cells[1].as_str(), cells[2].as_str()), ("doc.txt", "29"));
    ok(&run(p.cmd().args([
        "files",
        "delete",
        "--assistant-id",
        &a,
        &cells[0],
        "--yes",
    ])));
    assert_eq!(
        run(p
            .cmd()
            .args(["files", "list", "--assistant-id", &a, "--json"]))
        .stdout,
        "[]\n"
    );
}

#[test]
fn tools_catalogue_and_health() {
    let p = Project::new();
    let out = run(p.cmd().arg("tools"));
    ok(&out);
    assert!(
        out.stdout.lines().any(|l| l.starts_with("retrieval\t")),
        "{}",
        out.stdout
    );
    let out = run(p.cmd().args(["tools", "health", "retrieval"]));
    ok(&out);
    assert!(out.stdout.contains("healthy"));
    p.emu.fault(json!({"path": "/health/tool/arxiv", "action": "status", "status": 200, "body": "{\"status\": \"degraded\", \"error\": \"quota\"}", "content_type": "application/json"}));
    let out = run(p.cmd().args(["tools", "health", "arxiv"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("degraded") && out.stdout.contains("quota"));
    assert_eq!(run(p.cmd().args(["tools", "health", "nope"])).code, 3);
}

#[test]
fn api_headers_include_and_project_scope() {
    let p = Project::new();
    let out = run(p
        .cmd()
        .args(["api", "/threads/", "-H", "X-Trace: abc", "--include"]));
    ok(&out);
    assert_eq!(out.stdout, "[]\n");
    assert!(
        out.stderr.contains("200 OK") && out.stderr.contains("content-type: application/json"),
        "{}",
        out.stderr
    );
    let req = p
        .emu
        .requests()
        .into_iter()
        .find(|r| r["path"] == "/threads/")
        .unwrap();
    assert_eq!(req["headers"]["x-trace"], "abc");
    assert_eq!(req["auth_scope"], "project");
    let out = run(p
        .cmd()
        .args(["api", "/auth/thread-info", "--jq", ".thread_max"]));
    assert_eq!(out.stdout, "100\n");
    let out = run(p
        .env
        .cmd()
        .args(["api", "/threads/"])
        .current_dir(p.env.dir.path()));
    assert_eq!(
        out.code, 2,
        "project-scoped without a project: {}",
        out.stderr
    );
}

#[test]
fn chat_without_a_terminal_points_to_threads_run() {
    let p = Project::new();
    let out = run(p.cmd().arg("chat").write_stdin("hello\n"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("epsimo threads run"), "{}", out.stderr);
    assert!(p.calls().is_empty());
}

#[test]
fn ctrl_c_stops_a_stream_with_exit_130() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("epsimo"))
        .args([
            "threads",
            "run",
            &t,
            "--message",
            "/slow 30",
            "--project-id",
            &p.pid,
        ])
        .env_clear()
        .env("EPSIMO_CONFIG_DIR", p.env.config_dir())
        .env("EPSIMO_API_URL", &p.emu.url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run has reached the server, then interrupt.
    for _ in 0..100 {
        if p.calls().iter().any(|(_, path)| path == "/runs/stream") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
}

#[test]
fn objects_are_named_by_id_or_name_and_a_shared_name_is_refused() {
    let p = Project::new();
    let helper = p.assistant(json!([]));
    // Projects by name: `projects show "Resources"`.
    let show = run(p
        .env
        .cmd()
        .args(["projects", "show", "Resources", "--json"]));
    ok(&show);
    let shown: Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(shown["project_id"], p.pid.as_str());
    // `projects show` alone is the linked (or given) project.
    let linked = run(p.cmd().args(["projects", "show", "--json"]));
    ok(&linked);
    assert!(linked.stdout.contains(&p.pid), "{}", linked.stdout);
    // Assistants by name.
    let a = run(p.cmd().args(["assistants", "show", "Helper", "--json"]));
    ok(&a);
    assert!(a.stdout.contains(&helper), "{}", a.stdout);
    // --assistant NAME is resolved against the project, not only epsimo.yaml.
    let ran = run(p
        .cmd()
        .args(["threads", "run", "--assistant", "Helper", "--message", "hi"]));
    ok(&ran);
    // A name nobody has: not found (exit 3, as a missing id) with the closest name.
    let typo = run(p
        .cmd()
        .args(["threads", "run", "--assistant", "Helpr", "--message", "hi"]));
    assert_eq!(typo.code, 3, "{}", typo.stderr);
    assert!(
        typo.stderr.contains("did you mean \"Helper\""),
        "{}",
        typo.stderr
    );
    // Two of one name: exit 5 listing both ids, nothing guessed.
    let twin = p.assistant(json!([]));
    let both = run(p.cmd().args(["assistants", "delete", "Helper", "--yes"]));
    assert_eq!(both.code, 5, "{}", both.stderr);
    assert!(
        both.stderr.contains(&helper) && both.stderr.contains(&twin),
        "{}",
        both.stderr
    );
    let still = run(p.cmd().args(["assistants", "--json"]));
    assert!(still.stdout.contains(&helper) && still.stdout.contains(&twin));
}

#[test]
fn the_object_a_command_acts_on_is_positional_and_the_old_flags_still_work() {
    let p = Project::new();
    let helper = p.assistant(json!([]));
    let t = run(p
        .cmd()
        .args(["threads", "create", "--assistant-id", &helper]));
    ok(&t);
    let thread = t.stdout.trim().to_string();
    ok(&run(p.cmd().args([
        "db", "set", &thread, "--key", "status", "--value", "\"open\"",
    ])));
    let positional = run(p.cmd().args(["db", "get", &thread, "--key", "status"]));
    ok(&positional);
    assert_eq!(positional.stdout, "\"open\"\n");
    let flag = run(p.cmd().args(["db", "query", "--thread-id", &thread]));
    ok(&flag);
    assert_eq!(flag.stdout, "{\"status\":\"open\"}\n");
    let both = run(p
        .cmd()
        .args(["db", "query", &thread, "--thread-id", &thread]));
    assert_eq!(both.code, 2, "one or the other: {}", both.stderr);
    let neither = run(p.cmd().args(["db", "query"]));
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    // files list ASSISTANT, by name too, and --assistant-id as before.
    for by in [
        vec!["files", "list", "Helper"],
        vec!["files", "list", "--assistant-id", helper.as_str()],
    ] {
        let out = run(p.cmd().args(&by).arg("--json"));
        ok(&out);
        assert_eq!(out.stdout.trim(), "[]", "{by:?}");
    }
}

/// A shortened thread id is refused before it is sent (upstream answers a bare 500
/// for a path that is not a UUID, fixture 20), with the thread it begins.
#[test]
fn a_shortened_thread_id_is_not_a_valid_id_and_the_whole_one_is_suggested() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let short = &t[..8];
    for args in [
        vec!["threads", "show", short],
        vec!["threads", "run", short, "--message", "hi"],
        vec!["db", "query", short],
    ] {
        p.emu.clear_requests();
        let out = run(p.cmd().args(&args));
        assert_eq!(out.code, 5, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("not a valid id"), "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!("did you mean {t}?")),
            "{}",
            out.stderr
        );
        assert!(
            p.calls().iter().all(|(_, path)| !path.contains(short)),
            "{args:?} sent it: {:?}",
            p.calls()
        );
    }
}

#[test]
fn db_delete_clears_a_key_and_says_what_the_server_keeps() {
    let p = Project::new();
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    ok(&run(p.cmd().args([
        "db", "set", &t, "--key", "draft", "--value", "\"x\"",
    ])));
    // Without a terminal and without --yes: refused, nothing written.
    let out = run(p.cmd().args(["db", "delete", &t, "--key", "draft"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = run(p.cmd().args(["db", "get", &t, "--key", "draft", "--json"]));
    assert_eq!(out.stdout.trim(), "\"x\"");
    let out = run(p
        .cmd()
        .args(["db", "delete", &t, "--key", "draft", "--yes"]));
    ok(&out);
    assert!(out.stderr.contains("value null"), "{}", out.stderr);
    assert_eq!(
        p.body_of("POST", &format!("/threads/{t}/state"))["values"],
        json!({"draft": null})
    );
    let out = run(p.cmd().args(["db", "query", &t, "--json"]));
    let db: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(db["draft"], serde_json::Value::Null);
    let out = run(p.cmd().args(["db", "rm", &t, "--key", "never", "--yes"]));
    assert_eq!(out.code, 3, "{}", out.stderr);
}
