//! What broke against a real OpenGPTs server, each as the CLI meets it against an
//! emulator that is as strict as upstream (issue 12; `--mode upstream` since issue
//! 24): tool literals, read-modify-write updates, every stream framing, paused runs,
//! chat_retrieval input, the server's schema, retries and hints, and `api` multipart.

use crate::common::{Project, fixture, manifest_dir, ok, run, write_manifest};
use epsimo::emulator::Config;
use epsimo::emulator::stream::Framing;
use serde_json::{Value, json};

/// Fixture 93's config: every agent key, upstream's literals, plus a key from the
/// future that no client knows.
const FULL_AGENT: &str = r#"{"configurable": {"type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/system_message": "You are a fully configured test agent.", "type==agent/tools": [{"id": "retrieval", "type": "retrieval", "name": "Retrieval", "description": "Look up information in uploaded files.", "config": {}}, {"id": "ba705e59-1bc5-4b34-8759-92861b12b3cd", "type": "dall_e", "name": "Generate Image (Dall-E)", "description": "Generates images from a text description using OpenAI's DALL-E model.", "config": {}}], "type==agent/interrupt_before_action": true, "type==agent/retrieval_description": "custom text", "x-future": {"b": 1, "a": [2]}}}"#;

// ---- 1. built-in tools carry the server's literals --------------------------------

#[test]
fn built_in_tools_carry_the_literals_and_their_runs_work() {
    let p = Project::upstream();
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Painter",
        "--tool",
        "dall_e",
        "--tool",
        "ddg_search",
    ]));
    ok(&out);
    let a = out.stdout.trim().to_string();
    let body = p.body_of("POST", "/assistants/");
    let tools = body["config"]["configurable"]["type==agent/tools"]
        .as_array()
        .unwrap();
    // The literals of fixture 40 (and of the fixtures README's table), config {}.
    assert_eq!(tools[0]["name"], "Generate Image (Dall-E)");
    assert_eq!(
        tools[0]["description"],
        "Generates images from a text description using OpenAI's DALL-E model."
    );
    assert_eq!(tools[0]["config"], json!({}));
    assert_eq!(
        tools[1]["description"],
        "Search the web with [DuckDuckGo](https://pypi.org/project/duckduckgo-search/)."
    );
    // A run on it starts and finishes (with the invented text it was error + end).
    let out = run(p
        .cmd()
        .args(["threads", "run", "--assistant-id", &a, "--message", "hi"]));
    ok(&out);
    assert_eq!(out.stdout, "(emulated) You said: hi\n");
}

#[test]
fn deploy_sends_the_literals_for_every_built_in_of_the_library_and_the_manifest() {
    let p = Project::upstream();
    let manifest = |p: &Project, extra: &str| {
        format!(
            "project_id: {}\nassistants:\n  - name: Tools\n    tools:\n      - use: web_search_tavily\n      - use: retrieval_optimized\n      - arxiv\n      - dall_e\n{extra}",
            p.pid
        )
    };
    // Upstream has no function tools: its schema refuses them, nothing is sent.
    let dir = manifest_dir(manifest(&p, "      - use: database_sync\n"));
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("declares no `function` tools"),
        "{}",
        out.stderr
    );
    assert!(p.emu.calls().iter().all(|c| c.starts_with("GET")));
    write_manifest(dir.path(), manifest(&p, ""));
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));
    let body = p.body_of("POST", "/assistants/");
    let tools = body["config"]["configurable"]["type==agent/tools"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(tools.len(), 4);
    // The library's settings are not ones upstream declares: left out, silently.
    for t in &tools {
        assert_eq!(t["config"], json!({}), "{t}");
    }
    assert_eq!(tools[0]["name"], "Search (Tavily)");
    assert_eq!(tools[3]["name"], "Generate Image (Dall-E)");
}

#[test]
fn on_the_platform_documented_settings_go_out_and_names_are_the_servers() {
    let p = Project::new();
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Tools\n    tools:\n      - use: web_search_tavily\n      - use: retrieval_optimized\n      - arxiv\n      - use: database_sync\n",
        p.pid
    ));
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    let body = p.body_of("POST", "/assistants/");
    let tools = body["config"]["configurable"]["type==agent/tools"]
        .as_array()
        .unwrap()
        .clone();
    // The platform's schema declares the seeds' settings: they go out.
    assert_eq!(tools[0]["config"], json!({"max_results": 5}));
    assert_eq!(
        tools[1]["config"],
        json!({"top_k": 5, "score_threshold": 0.7})
    );
    // Names it does not fix are not invented: the server's defaults stand.
    assert!(tools[2].get("name").is_none(), "{}", tools[2]);
    let id = p.emu.json("GET", "/assistants/", Some(&p.pt), None, 200)[0]["assistant_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &id,
        "--message",
        r#"/tool update_database {"key": "k", "value": 1}"#,
    ]));
    ok(&out);
}

// ---- 2. updates are read-modify-write ----------------------------------------------

#[test]
fn assistants_update_changes_only_what_the_flags_name() {
    // Upstream has no PATCH: the whole assistant goes back by PUT (the platform's
    // PATCH is checked below).
    let p = Project::upstream();
    let a = p.raw_assistant("Full Config Agent", FULL_AGENT, true);
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &a,
        "--name",
        "Renamed",
    ])));
    let put = p.body_of("PUT", &format!("/assistants/{a}"));
    assert_eq!(put["name"], "Renamed");
    assert_eq!(put["public"], true);
    // Every key verbatim and in order (upstream stores the config as JSON text).
    let sent = serde_json::to_string(&put["config"]).unwrap();
    let original: Value = serde_json::from_str(FULL_AGENT).unwrap();
    assert_eq!(sent, serde_json::to_string(&original).unwrap());
    // One field: only that key changes.
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &a,
        "--instructions",
        "Be brief.",
    ])));
    let put = p.body_of("PUT", &format!("/assistants/{a}"));
    let mut want = original.clone();
    want["configurable"]["type==agent/system_message"] = json!("Be brief.");
    assert_eq!(
        serde_json::to_string(&put["config"]).unwrap(),
        serde_json::to_string(&want).unwrap()
    );
    assert!(
        put["config"]["configurable"]
            .get("type==agent/model")
            .is_none()
    );

    // The platform: only what changed is sent, and the server keeps the rest.
    let p = Project::new();
    let a = p.raw_assistant("Full Config Agent", FULL_AGENT, true);
    for args in [["--name", "Renamed"], ["--instructions", "Be brief."]] {
        ok(&run(p.cmd().args(["assistants", "update", &a]).args(args)));
    }
    assert!(!p.emu.calls().iter().any(|c| c.starts_with("PUT")));
    let got = p
        .emu
        .json("GET", &format!("/assistants/{a}"), Some(&p.pt), None, 200);
    assert_eq!(
        (&got["name"], &got["public"]),
        (&json!("Renamed"), &json!(true))
    );
    assert_eq!(got["config"], want);
}

#[test]
fn a_chatbot_stays_a_chatbot_through_update_and_deploy() {
    let p = Project::new();
    let config = r#"{"configurable": {"type": "chatbot", "type==chatbot/llm_type": "Mixtral", "type==chatbot/system_message": "Old."}}"#;
    let a = p.raw_assistant("Bot", config, false);
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &a,
        "--instructions",
        "New.",
    ])));
    let got = p
        .emu
        .json("GET", &format!("/assistants/{a}"), Some(&p.pt), None, 200);
    assert_eq!(
        got["config"],
        json!({"configurable": {"type": "chatbot", "type==chatbot/llm_type": "Mixtral", "type==chatbot/system_message": "New."}})
    );
    // A chatbot takes no tools: said, and none are sent (a chatbot would only store
    // them).
    let out = run(p
        .cmd()
        .args(["assistants", "update", &a, "--tool", "arxiv"]));
    ok(&out);
    assert!(out.stderr.contains("belongs to agents"), "{}", out.stderr);
    let sent = p.body_of("PATCH", &format!("/assistants/{a}"));
    assert!(
        sent["config"]["configurable"]
            .get("type==agent/tools")
            .is_none(),
        "{sent}"
    );
    // Deploy: the manifest says chatbot, manages its keys, keeps the rest.
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Bot\n    type: chatbot\n    agent_type: Mixtral\n    instructions: New.\n",
        p.pid
    ));
    let out = run(p
        .cmd()
        .args(["deploy", "--dry-run", "--exit-code"])
        .current_dir(dir.path()));
    ok(&out);
    assert!(out.stderr.contains("1 unchanged"), "{}", out.stderr);
}

#[test]
fn deploy_keeps_the_keys_the_manifest_does_not_manage() {
    let p = Project::new();
    let a = p.raw_assistant("Full Config Agent", FULL_AGENT, false);
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Full Config Agent\n    agent_type: GPT 4o\n    model: gpt-4o\n    instructions: Changed.\n    tools: [retrieval, dall_e]\n",
        p.pid
    ));
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    assert!(out.stderr.contains("~ instructions"), "{}", out.stderr);
    let got = p
        .emu
        .json("GET", &format!("/assistants/{a}"), Some(&p.pt), None, 200);
    let c = &got["config"]["configurable"];
    assert_eq!(c["type==agent/system_message"], "Changed.");
    assert_eq!(c["type==agent/interrupt_before_action"], true);
    assert_eq!(c["type==agent/retrieval_description"], "custom text");
    assert_eq!(c["x-future"], json!({"b": 1, "a": [2]}));
    // The tools are the same tools: their ids (the UI's) stay.
    assert_eq!(c["type==agent/tools"][0]["id"], "retrieval");
    assert_eq!(
        c["type==agent/tools"][1]["id"],
        "ba705e59-1bc5-4b34-8759-92861b12b3cd"
    );
    // Managed now: the manifest turns the interrupt off.
    write_manifest(
        dir.path(),
        format!(
            "project_id: {}\nassistants:\n  - name: Full Config Agent\n    agent_type: GPT 4o\n    instructions: Changed.\n    tools: [retrieval, dall_e]\n    interrupt_before_action: false\n",
            p.pid
        ),
    );
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));
    let got = p
        .emu
        .json("GET", &format!("/assistants/{a}"), Some(&p.pt), None, 200);
    assert_eq!(
        got["config"]["configurable"]["type==agent/interrupt_before_action"],
        false
    );
    ok(&run(p
        .cmd()
        .args(["deploy", "--dry-run", "--exit-code"])
        .current_dir(dir.path())));
}

// ---- 3. every framing of CONTRACT.md, through the CLI --------------------------------

#[test]
fn every_stream_framing_prints_each_reply_once_and_never_the_history() {
    for framing in [
        Framing::Production,
        Framing::NewOnly,
        Framing::FullState,
        Framing::Legacy,
    ] {
        let p = Project::with(Config {
            framing,
            faults: true,
            ..Config::default()
        });
        let a = p.emu.assistant(
            &p.pt,
            "Keeper",
            json!([{"id": "function-update_database", "type": "function", "name": "update_database",
                "description": "Save", "config": {"parameters": {"type": "object"}}}]),
        );
        let out = run(p.cmd().args([
            "threads",
            "run",
            "--assistant-id",
            &a,
            "--message",
            "first words",
        ]));
        ok(&out);
        assert_eq!(
            out.stdout, "(emulated) You said: first words\n",
            "{framing:?}"
        );
        let t = p.threads()[0]["thread_id"].as_str().unwrap().to_string();
        let out = run(p
            .cmd()
            .args(["threads", "run", &t, "--message", "second words"]));
        ok(&out);
        assert_eq!(
            out.stdout, "(emulated) You said: second words\n",
            "{framing:?}: {}",
            out.stderr
        );
        let out = run(p.cmd().args([
            "threads",
            "run",
            &t,
            "--message",
            r#"/tool update_database {"key": "k", "value": 7}"#,
        ]));
        ok(&out);
        assert_eq!(
            out.stdout,
            "(emulated) Tool update_database returned: Saved k to the thread database.\n",
            "{framing:?}"
        );
        assert_eq!(
            out.stderr.matches("⚙ update_database").count(),
            1,
            "{framing:?}: {}",
            out.stderr
        );
        // NDJSON: one complete message event per new message, none of the history.
        let out = run(p
            .cmd()
            .args(["threads", "run", &t, "--json", "--message", "third"]));
        ok(&out);
        let messages: Vec<Value> = out
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|e| e["event"] == "message")
            .collect();
        assert_eq!(messages.len(), 1, "{framing:?}: {}", out.stdout);
        assert_eq!(
            messages[0]["message"]["content"],
            "(emulated) You said: third"
        );
    }
}

// ---- 4. paused runs ------------------------------------------------------------------

#[test]
fn a_paused_run_is_shown_exits_9_and_resumes() {
    let p = Project::new();
    let config = r#"{"configurable": {"type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/system_message": "x", "type==agent/tools": [{"id": "function-update_database", "type": "function", "name": "update_database", "description": "Save", "config": {"parameters": {"type": "object"}}}], "type==agent/interrupt_before_action": true}}"#;
    let a = p.raw_assistant("Careful", config, false);
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &a,
        "--message",
        r#"/tool update_database {"key": "status", "value": "shipped"}"#,
    ]));
    assert_eq!(out.code, 9, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            r#"waiting for approval to run update_database {"key":"status","value":"shipped"}"#
        ),
        "{}",
        out.stderr
    );
    let t = p.threads()[0]["thread_id"].as_str().unwrap().to_string();
    assert!(out.stderr.contains(&format!("epsimo threads resume {t}")));
    // A pause is not an error: it is said as what it is.
    assert!(
        out.stderr.contains("paused: ") && !out.stderr.contains("error:"),
        "{}",
        out.stderr
    );
    // The thread is named after its first message, as chat apps name them.
    assert_eq!(
        p.threads()[0]["name"],
        r#"/tool update_database {"key": "status", "value": "shipped"}"#
    );
    // Nothing ran yet: the state waits on "action" (fixture 47).
    let state = p.state(&t);
    assert_eq!(state["next"], json!(["action"]));
    assert!(state["values"].get("status").is_none());
    // Resume: the call runs, the rest streams, exit 0.
    let out = run(p.cmd().args(["threads", "resume", &t]));
    ok(&out);
    assert_eq!(
        out.stdout,
        "(emulated) Tool update_database returned: Saved status to the thread database.\n"
    );
    let body = p.body_of("POST", "/runs/stream");
    assert_eq!(
        body["input"],
        Value::Null,
        "a resume sends input: null (fixture 48)"
    );
    assert_eq!(p.state(&t)["values"]["status"], "shipped");
    assert_eq!(p.state(&t)["next"], json!([]));
    // Nothing waits now.
    let out = run(p.cmd().args(["threads", "resume", &t]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    // --json: a `paused` event names the call.
    let out = run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--json",
        "--message",
        r#"/tool update_database {"key": "n", "value": 2}"#,
    ]));
    assert_eq!(out.code, 9);
    let last: Value = serde_json::from_str(out.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "paused");
    assert_eq!(last["tool_calls"][0]["name"], "update_database");
    assert_eq!(
        last["tool_calls"][0]["args"],
        json!({"key": "n", "value": 2})
    );
    assert_eq!(last["thread_id"], t.as_str());
    let out = run(p.cmd().args(["threads", "resume", &t, "--json"]));
    ok(&out);
    assert!(
        out.stdout.contains(r#""event":"tool_result""#),
        "{}",
        out.stdout
    );
}

// ---- 5. chat_retrieval input, and no thread left behind -------------------------------

#[test]
fn chat_retrieval_threads_get_a_messages_object() {
    let p = Project::new();
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Rag",
        "--type",
        "chat_retrieval",
    ]));
    ok(&out);
    let a = out.stdout.trim().to_string();
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &a,
        "--message",
        "What do the docs say?",
    ]));
    ok(&out);
    assert!(
        out.stdout
            .ends_with("(emulated) You said: What do the docs say?\n"),
        "{}",
        out.stdout
    );
    let body = p.body_of("POST", "/runs/stream");
    assert_eq!(
        body["input"]["messages"][0]["content"],
        "What do the docs say?"
    );
    // Its state is the retrieval graph's dict (fixture 83).
    let t = p.threads()[0]["thread_id"].as_str().unwrap().to_string();
    let state = p.state(&t);
    assert!(state["values"]["msg_count"].is_number(), "{state}");
    // A second turn on the thread.
    let out = run(p
        .cmd()
        .args(["threads", "run", &t, "--message", "And then?"]));
    ok(&out);
    assert!(
        out.stdout.ends_with("(emulated) You said: And then?\n"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("What do the docs say?"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_run_refused_before_it_starts_leaves_no_new_thread_behind() {
    let p = Project::new();
    let a = p.emu.assistant(&p.pt, "A", json!([]));
    p.emu.fault(json!({"method": "POST", "path": "/runs/stream", "times": 1, "action": "status", "status": 422,
        "body": "{\"detail\":[{\"type\":\"dict_type\",\"loc\":[\"body\",\"input\"],\"msg\":\"Input should be a valid dictionary\"}]}",
        "content_type": "application/json"}));
    let out = run(p
        .cmd()
        .args(["threads", "run", "--assistant-id", &a, "--message", "hi"]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("was deleted again"), "{}", out.stderr);
    assert!(p.threads().is_empty(), "{:?}", p.threads());
}

// ---- 6. the server's schema decides ------------------------------------------------

#[test]
fn families_and_settings_are_checked_against_the_servers_schema() {
    let p = Project::new();
    // The platform's spelling of a family: matched to the server's, and said.
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Spelled",
        "--agent-type",
        "GPT-4O",
    ]));
    ok(&out);
    assert!(
        out.stderr.contains("spelled \"GPT 4o\" by this server"),
        "{}",
        out.stderr
    );
    assert_eq!(
        p.body_of("POST", "/assistants/")["config"]["configurable"]["type==agent/agent_type"],
        "GPT 4o"
    );
    // The emulator, like the platform, runs a family upstream lacks.
    ok(&run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Mini",
        "--model",
        "gpt-4o-mini",
    ])));
    // And lacks one the CLI's table knows: refused, with what it accepts.
    p.emu.clear_requests();
    let out = run(p
        .cmd()
        .args(["assistants", "create", "--name", "L", "--model", "llama-3"]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("\"Llama 3 (via Groq)\"") && out.stderr.contains("\"GPT 4o mini\""),
        "{}",
        out.stderr
    );
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "L",
        "--agent-type",
        "GPT 4o mni",
    ]));
    assert_eq!(out.code, 5);
    assert!(
        out.stderr.contains("did you mean \"GPT 4o mini\""),
        "{}",
        out.stderr
    );
    let calls = p.emu.calls();
    assert!(!calls.iter().any(|c| c.starts_with("POST")), "{calls:?}");
    // `epsimo models` lists them per bot type.
    let out = run(p.cmd().args(["models", "--json"]));
    ok(&out);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let agent = v["families"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["bot_type"] == "agent")
        .unwrap();
    assert!(
        agent["families"]
            .as_array()
            .unwrap()
            .contains(&json!("Claude 3.7 (Sonnet)"))
    );
    let out = run(p.cmd().arg("models"));
    ok(&out);
    assert!(
        out.stdout.contains("chat_retrieval\tMixtral"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_schema_is_cached_per_api_url_and_check_says_what_it_used() {
    let p = Project::new();
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: A\n    model: gpt-4o-mini\n",
        p.pid
    ));
    // Nothing cached yet: --check sends nothing and uses upstream's table, which
    // lacks the family; it says so, as a warning: upstream's table is not this
    // server's schema, so it refuses nothing.
    let out = run(p.cmd().args(["deploy", "--check"]).current_dir(dir.path()));
    ok(&out);
    assert!(
        out.stderr.contains("upstream OpenGPTs' table")
            && out.stderr.contains("warning: ")
            && out.stderr.contains("unknown model family"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("unknown model family").count(),
        1,
        "said once: {}",
        out.stderr
    );
    assert!(p.emu.calls().is_empty());
    // A deploy reads the server's schema once and caches it.
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));
    let schema_reads = |p: &Project| {
        p.emu
            .calls()
            .iter()
            .filter(|c| c.as_str() == "GET /runs/config_schema")
            .count()
    };
    assert_eq!(schema_reads(&p), 1);
    let out = run(p.cmd().args(["deploy", "--check"]).current_dir(dir.path()));
    ok(&out);
    assert!(out.stderr.contains("cached"), "{}", out.stderr);
    p.emu.clear_requests();
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));
    assert_eq!(schema_reads(&p), 0, "cached: {:?}", p.emu.calls());
    // A family the cached schema does not know asks the server again, once.
    write_manifest(
        dir.path(),
        format!(
            "project_id: {}\nassistants:\n  - name: A\n    agent_type: Nope 1\n",
            p.pid
        ),
    );
    p.emu.clear_requests();
    assert_eq!(run(p.cmd().arg("deploy").current_dir(dir.path())).code, 5);
    assert_eq!(schema_reads(&p), 1);
}

#[test]
fn a_server_without_the_schema_gets_warnings_not_refusals() {
    let p = Project::new();
    p.emu.fault(
        json!({"path": "/runs/config_schema", "times": 0, "action": "status", "status": 404,
        "body": "{\"detail\":\"Not Found\"}", "content_type": "application/json"}),
    );
    // Upstream's table lacks the family; only the server's own schema may refuse
    // it: a warning, said once, and the assistant is created with it.
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Mini",
        "--model",
        "gpt-4o-mini",
    ]));
    ok(&out);
    assert_eq!(
        out.stderr.matches("did you mean \"GPT 4o\"").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("sent as written"), "{}", out.stderr);
    assert_eq!(
        p.body_of("POST", "/assistants/")["config"]["configurable"]["type==agent/agent_type"],
        "GPT 4o mini"
    );
    // A setting upstream does not declare is left out with a warning; the deploy
    // succeeds.
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: S\n    tools:\n      - type: search_tavily\n        max_results: 5\n",
        p.pid
    ));
    p.emu.clear_requests();
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    assert!(
        out.stderr
            .contains("epsimo.yaml:5:9: this server's schema declares no setting `max_results`"),
        "{}",
        out.stderr
    );
    let body = p.body_of("POST", "/assistants/");
    assert_eq!(
        body["config"]["configurable"]["type==agent/tools"][0]["config"],
        json!({})
    );
}

// ---- 7. retries and hints follow what the server said ---------------------------------

#[test]
fn hints_follow_the_body_and_show_never_claims_zero_messages() {
    let p = Project::upstream();
    let out = run(p.cmd().args(["api", "/nope"]));
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("no such route"), "{}", out.stderr);
    let out = run(p
        .cmd()
        .args(["threads", "show", "1c355290-bf58-4308-bffd-2105ee87030f"]));
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("check the id"), "{}", out.stderr);
    // A thread whose assistant's config the server refuses: its state is a 500.
    let wrong = json!([{"type": "dall_e", "description": "Generate an image from a text prompt."}]);
    let a = p.emu.assistant(&p.pt, "Broken", wrong);
    let t = p.emu.thread(&p.pt, &a);
    p.emu.clear_requests();
    let out = run(p.cmd().args(["threads", "show", &t]));
    ok(&out);
    assert!(
        out.stdout.contains("Messages:   unavailable"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Messages:   0"), "{}", out.stdout);
    let out = run(p.cmd().args(["threads", "show", &t, "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        v["messages"].is_null() && v["messages_unavailable"].is_string(),
        "{v}"
    );
    // The run fails before it starts: said, and not blamed on the model.
    let out = run(p.cmd().args(["threads", "run", &t, "--message", "hi"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("never started"), "{}", out.stderr);
    // A 500 is not retried four times over seconds.
    p.emu.clear_requests();
    let (status, _, _) = p
        .emu
        .http("GET", &format!("/threads/{t}/history"), Some(&p.pt), None);
    assert_eq!(status, 500);
    p.emu.clear_requests();
    let out = run(p.cmd().args(["threads", "history", &t]));
    assert_eq!(out.code, 6);
    // Said for what it is: the assistant's graph does not build there.
    assert!(
        out.stderr.contains("could not build the graph")
            && out.stderr.contains("epsimo tools types"),
        "{}",
        out.stderr
    );
    // One retry is the most a 500 gets, and that is what is said.
    assert!(out.stderr.contains("(retry 1 of 1)"), "{}", out.stderr);
    let tries = p
        .emu
        .calls()
        .iter()
        .filter(|c| c.ends_with("/history"))
        .count();
    assert_eq!(tries, 2, "one quick retry");
}

// ---- 8. api reaches every endpoint ----------------------------------------------------

#[test]
fn api_sends_multipart_forms_like_curl() {
    let p = Project::new();
    let a = p.emu.assistant(&p.pt, "Docs", json!([]));
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(
        &doc,
        "OpenGPTs fixture document.\nThe secret word is pineapple.\n",
    )
    .unwrap();
    // The request of fixture 80b.
    let out = run(p.cmd().current_dir(dir.path()).args([
        "api",
        "/ingest",
        "-X",
        "POST",
        "-F",
        "files=@doc.txt;type=text/plain",
        "-F",
        &format!(r#"config={{"configurable": {{"assistant_id": "{a}"}}}}"#),
    ]));
    ok(&out);
    let ids: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(ids.as_array().unwrap().len(), 1);
    let files = p.emu.json(
        "GET",
        &format!("/assistants/{a}/files"),
        Some(&p.pt),
        None,
        200,
    );
    assert_eq!(files[0]["filename"], "doc.txt");
    assert_eq!(files[0]["content_type"], "text/plain");
    assert_eq!(files[0]["size"], 57);
    // A missing file is a usage error before anything is sent.
    p.emu.clear_requests();
    let out = run(p
        .cmd()
        .args(["api", "/ingest", "-X", "POST", "-F", "files=@/nonexistent"]));
    assert_eq!(out.code, 2);
    assert!(p.emu.calls().is_empty());
    let _ = fixture("80b-ingest-file.request");
}

/// Fixtures 100, 104, 106-109: upstream without network fails a tool while it runs:
/// the call streams, then `error`; the thread stays at `next: ["action"]`, which looks
/// like a pause but is not one (the assistant has no `interrupt_before_action`).
#[test]
fn a_tool_that_failed_on_the_server_is_not_shown_as_a_pause() {
    let p = Project::upstream();
    let a = p.assistant(json!([{"type": "ddg_search"}]));
    let out = run(p
        .cmd()
        .args(["threads", "run", "--assistant-id", &a, "--message", "/tool"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the tool call duckduckgo_search failed on the server")
            && out.stderr.contains("not a pause"),
        "{}",
        out.stderr
    );
    let t = p.threads()[0]["thread_id"].as_str().unwrap().to_string();
    assert_eq!(p.state(&t)["next"], json!(["action"]));
    let out = run(p.cmd().args(["threads", "show", &t]));
    ok(&out);
    assert!(
        out.stdout.contains("Status:")
            && out
                .stdout
                .contains("duckduckgo_search failed on the server (not a pause)"),
        "{}",
        out.stdout
    );
    let out = run(p.cmd().args(["threads", "show", &t, "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v["run_state"],
        json!({"status": "tool_failed", "tools": ["duckduckgo_search"]})
    );
    p.emu.clear_requests();
    let out = run(p.cmd().args(["threads", "resume", &t]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("is not paused"), "{}", out.stderr);
    assert!(
        !p.calls()
            .iter()
            .any(|(m, path)| m == "POST" && path == "/runs/stream"),
        "nothing was run again"
    );
    // The same step on an assistant that pauses before tools is a pause.
    let gate = p.raw_assistant(
        "Gate",
        r#"{"configurable": {"type": "agent", "type==agent/tools": [{"type": "ddg_search"}], "type==agent/interrupt_before_action": true}}"#,
        false,
    );
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &gate,
        "--message",
        "/tool",
    ]));
    assert_eq!(out.code, 9, "{}", out.stderr);
    let t = p
        .threads()
        .iter()
        .find(|t| t["assistant_id"] == gate.as_str())
        .unwrap()["thread_id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(p.cmd().args(["threads", "show", &t]));
    assert!(
        out.stdout.contains("paused before duckduckgo_search"),
        "{}",
        out.stdout
    );
}

/// What the server cannot answer well, said clearly: an outside write on a graph that
/// refuses it (fixture 17), the server's own `msg_count`, a thread without an
/// assistant (fixture 64), and the tool types the server's schema lists.
#[test]
fn clear_answers_where_the_server_cannot_give_them() {
    // Upstream's agent graph keeps a list state: an outside write is a 500.
    let p = Project::upstream();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    ok(&run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--message",
        "hi",
    ])));
    p.emu.clear_requests();
    let out = run(p
        .cmd()
        .args(["db", "set", &t, "--key", "k", "--value", "1"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("does not take writes from outside")
            && out.stderr.contains("update_database"),
        "{}",
        out.stderr
    );
    assert!(
        p.calls()
            .contains(&("POST".to_string(), format!("/threads/{t}/state"))),
        "the server was asked: {:?}",
        p.calls()
    );
    // A chat_retrieval thread's msg_count is the server's, not data.
    let p = Project::new();
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Rag",
        "--type",
        "chat_retrieval",
    ]));
    let rag = out.stdout.trim().to_string();
    ok(&run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &rag,
        "--message",
        "q",
    ])));
    let t = p.threads()[0]["thread_id"].as_str().unwrap().to_string();
    assert!(p.state(&t)["values"]["msg_count"].is_number());
    let out = run(p.cmd().args(["db", "query", &t, "--json"]));
    ok(&out);
    assert_eq!(out.stdout.trim(), "{}", "no msg_count: {}", out.stdout);
    // A thread whose assistant was deleted: refused before anything is posted.
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    p.emu.json(
        "DELETE",
        &format!("/assistants/{a}"),
        Some(&p.pt),
        None,
        200,
    );
    p.emu.clear_requests();
    let out = run(p.cmd().args(["threads", "run", &t, "--message", "hi"]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("has no assistant") && out.stderr.contains("new thread"),
        "{}",
        out.stderr
    );
    assert!(
        !p.calls().iter().any(|(m, _)| m == "POST"),
        "no run posted: {:?}",
        p.calls()
    );
    let out = run(p.cmd().args(["threads", "show", &t]));
    assert!(out.stdout.contains("none (deleted)"), "{}", out.stdout);
    let out = run(p.cmd().args(["threads", "state", &t]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("Thread has no assistant") && out.stderr.contains("hint: thread"),
        "{}",
        out.stderr
    );
    // The server answers "ok" to a delete of any id (fixture 66): one that is not
    // there is "not found", and no delete is sent.
    p.emu.clear_requests();
    let gone = "1c355290-bf58-4308-bffd-2105ee87030f";
    for what in ["threads", "assistants"] {
        let out = run(p.cmd().args([what, "delete", gone, "--yes"]));
        assert_eq!(out.code, 3, "{what}: {}", out.stderr);
        assert!(!out.stderr.contains("Deleted"), "{}", out.stderr);
    }
    assert!(
        !p.calls().iter().any(|(m, _)| m == "DELETE"),
        "{:?}",
        p.calls()
    );
    // The server's tool types, each with the name the model sees and its settings.
    let out = run(p.cmd().args(["tools", "types", "--json"]));
    ok(&out);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let dalle = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "dall_e")
        .unwrap();
    assert_eq!(dalle["model_visible_name"], "Dall-E-Image-Generator");
    let tavily = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "search_tavily")
        .unwrap();
    assert_eq!(tavily["settings"], json!(["max_results"]));
    // The catalogue's Markdown links read as their text, not as cut URLs.
    let out = run(p.cmd().args(["tools"]));
    ok(&out);
    assert!(
        out.stdout.contains("Search the web with DuckDuckGo.") && !out.stdout.contains("]("),
        "{}",
        out.stdout
    );
    // An assistant name nothing has is "not found", as a missing id is.
    let out = run(p.cmd().args(["assistants", "show", "Nobody At All"]));
    assert_eq!(out.code, 3, "{}", out.stderr);
    let out = run(p.cmd().args(["tools", "types"]));
    ok(&out);
    assert!(
        out.stdout.contains("ddg_search\tduckduckgo_search\t"),
        "{}",
        out.stdout
    );
}

/// Nothing invented: an update of a minimal configuration changes only what was
/// named, a deploy without `model` sends no model, and --no-validate sends exactly
/// what was written.
#[test]
fn only_what_the_user_set_is_sent() {
    let p = Project::new();
    let minimal = r#"{"configurable": {"type==agent/system_message": "Hi."}}"#;
    let a = p.raw_assistant("Min", minimal, false);
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &a,
        "--name",
        "X",
    ])));
    assert_eq!(
        p.body_of("PATCH", &format!("/assistants/{a}")),
        json!({"name": "X", "config": {"configurable": {}}}),
        "the request body: nothing else"
    );
    // A deploy without `model` (or instructions, or tools): none of them is sent.
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Bare\n",
        p.pid
    ));
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));
    assert_eq!(
        p.body_of("POST", "/assistants/")["config"],
        json!({"configurable": {"type": "agent"}})
    );
    // --no-validate: the flags as written, no family mapped, no literal filled in,
    // no schema read.
    p.emu.clear_requests();
    ok(&run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Raw",
        "--model",
        "gpt-4o",
        "--agent-type",
        "agent",
        "--tool",
        "dall_e",
        "--no-validate",
    ])));
    let c = &p.body_of("POST", "/assistants/")["config"]["configurable"];
    assert_eq!(c["type==agent/agent_type"], "agent");
    assert_eq!(c["type==agent/model"], "gpt-4o");
    let tool = &c["type==agent/tools"][0];
    assert_eq!(tool["type"], "dall_e");
    assert!(
        tool.get("name").is_none() && tool.get("description").is_none(),
        "{tool}"
    );
    assert!(
        !p.calls()
            .iter()
            .any(|(_, path)| path == "/runs/config_schema"),
        "{:?}",
        p.calls()
    );
    write_manifest(
        dir.path(),
        format!(
            "project_id: {}\nassistants:\n  - name: Written\n    agent_type: GPT-4O\n    tools:\n      - type: ddg_search\n        max_results: 3\n",
            p.pid
        ),
    );
    ok(&run(p
        .cmd()
        .args(["deploy", "--no-validate"])
        .current_dir(dir.path())));
    let c = &p.body_of("POST", "/assistants/")["config"]["configurable"];
    assert_eq!(c["type==agent/agent_type"], "GPT-4O");
    assert_eq!(
        c["type==agent/tools"][0]["config"],
        json!({"max_results": 3})
    );
}

/// A schema that cannot be read (a 500) falls back to upstream's table: said once,
/// and what that table alone refuses is a warning, not an error.
#[test]
fn an_unreadable_schema_is_said_once_and_refuses_nothing() {
    let p = Project::new();
    p.emu.fault(
        json!({"path": "/runs/config_schema", "times": 0, "action": "status", "status": 502}),
    );
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Mini",
        "--model",
        "gpt-4o-mini",
    ]));
    ok(&out);
    assert_eq!(
        out.stderr
            .matches("cannot read the server's schema")
            .count(),
        1,
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("unknown model family").count(),
        1,
        "{}",
        out.stderr
    );
}

/// The schema is the server's: `models` without a project named or linked reads it
/// with any of the user's projects, and says what is missing when there is none.
#[test]
fn models_needs_no_project_of_its_own() {
    // An account with no project (another server: the platform gives every account
    // a `main`) is told what is missing.
    let emu = crate::common::Emu::with(epsimo::emulator::Config {
        mode: epsimo::cli::Mode::Upstream,
        ..Default::default()
    });
    let env = crate::common::Env::new(&emu.url);
    env.login();
    let dir = tempfile::tempdir().unwrap();
    let out = run(env.cmd().arg("models").current_dir(dir.path()));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no project yet"), "{}", out.stderr);
    emu.project(&emu.dev_token(), "Any");
    let out = run(env.cmd().args(["models", "--json"]).current_dir(dir.path()));
    ok(&out);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v["source"].as_str().unwrap().contains("schema"), "{v}");
    assert!(!v["families"].as_array().unwrap().is_empty());
    // On the platform, the account's own `main` is enough.
    let emu = crate::common::Emu::start();
    let env = crate::common::Env::new(&emu.url);
    env.login();
    let out = run(env.cmd().args(["models", "--json"]).current_dir(dir.path()));
    ok(&out);
}

/// A manifest with problems of structure and refusals of the server's schema
/// reports them all at once, in file order, not the schema's after the structure
/// is fixed.
#[test]
fn structure_and_schema_problems_are_reported_together() {
    let p = Project::upstream();
    // The server's schema, cached (what deploy --check reads without the network).
    ok(&run(p.cmd().arg("models")));
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: A\n    agent_type: No Such Family\n  - instructions: no name\n    temperature: 7\n",
        p.pid
    ));
    p.emu.clear_requests();
    for args in [vec!["deploy", "--check"], vec!["deploy"]] {
        let out = run(p.cmd().args(&args).current_dir(dir.path()));
        assert_eq!(out.code, 5, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("3 problems"), "{}", out.stderr);
        let family = out
            .stderr
            .find("No Such Family")
            .expect("the schema's refusal");
        let name = out
            .stderr
            .find("needs a `name`")
            .expect("the structure's problem");
        let field = out.stderr.find("unknown field `temperature`").unwrap();
        assert!(family < name && name < field, "file order: {}", out.stderr);
    }
    assert!(
        p.calls().iter().all(|(m, _)| m == "GET"),
        "nothing was written: {:?}",
        p.calls()
    );
}
