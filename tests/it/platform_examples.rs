//! Every example of the platform's own documents and clients that defines an
//! assistant or a manifest, as an acceptance test against the emulator's default
//! (`platform`) mode: it is created (or deployed), run, and answers. The same
//! payloads against `--mode upstream` get what upstream OpenGPTs answered in the
//! recordings (CONTRACT.md, "Which source wins").
//!
//! The documents are read from `../shared/seeds/` when it is there (the copy under
//! `tests/fixtures/seeds/` must then be the same), so an edit to them is tested.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{Project, manifest_dir, ok, run};

fn seed(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared: PathBuf = root.join("../shared/seeds").join(name);
    let copy = root.join("tests/fixtures/seeds").join(name);
    let text = std::fs::read_to_string(&copy).unwrap();
    if let Ok(s) = std::fs::read_to_string(&shared) {
        assert_eq!(
            s, text,
            "tests/fixtures/seeds/{name} differs from ../shared/seeds: copy it over"
        );
    }
    text
}

/// The fenced blocks of a language in a Markdown text.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match &mut cur {
            None if line.trim_start() == format!("```{lang}") => cur = Some(String::new()),
            Some(b) if line.trim_start().starts_with("```") => {
                out.push(std::mem::take(b));
                cur = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The reply `epsimo threads run` prints for a message on a new thread.
fn reply(p: &Project, assistant: &str, message: &str) -> String {
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        assistant,
        "--message",
        message,
    ]));
    ok(&out);
    out.stdout
}

/// A raw `POST /runs/stream` on a new thread of the assistant: the event names.
fn events(p: &Project, assistant: &str) -> (Vec<String>, String) {
    let thread = p.emu.thread(&p.pt, assistant);
    let body = json!({"thread_id": thread, "assistant_id": assistant,
        "input": [{"content": "hello", "type": "human", "role": "user"}],
        "stream_mode": ["messages", "values"]});
    let (status, _, text) =
        p.emu
            .http("POST", "/runs/stream", Some(&p.pt), Some(&body.to_string()));
    assert_eq!(status, 200, "{text}");
    let names = text
        .lines()
        .filter_map(|l| l.strip_prefix("event: "))
        .map(|n| n.trim().to_string())
        .collect();
    (names, thread)
}

fn create_raw(p: &Project, body: &Value) -> String {
    p.emu
        .json("POST", "/assistants/", Some(&p.pt), Some(body.clone()), 200)["assistant_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The skill guide's `epsimo.yaml` ("Using Tools in epsimo.yaml"), verbatim.
#[test]
fn the_skill_guides_manifest_deploys_runs_and_answers() {
    let guide = seed("epsimo-skill-v0.2.0.md");
    let manifests: Vec<String> = blocks(&guide, "yaml")
        .into_iter()
        .filter(|b| b.contains("assistants:"))
        .collect();
    assert_eq!(manifests.len(), 1, "the guide's manifest examples");
    let p = Project::new();
    let dir = manifest_dir(&manifests[0]);
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    let body = p.body_of("POST", "/assistants/");
    let c = &body["config"]["configurable"];
    assert_eq!(body["name"], "Research Assistant");
    assert_eq!(c["type==agent/agent_type"], "GPT 4o");
    // `max_results: 5` is a setting the platform documents: it goes out.
    assert_eq!(
        c["type==agent/tools"][0]["config"],
        json!({"max_results": 5})
    );
    assert_eq!(c["type==agent/tools"][1]["name"], "update_database");
    let id = body_id(&p);
    assert_eq!(reply(&p, &id, "hi"), "(emulated) You said: hi\n");
    // Its update_database tool writes the thread's database.
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &id,
        "--message",
        r#"/tool update_database {"key": "research_notes", "value": {"topic": "x"}}"#,
        "--json",
    ]));
    ok(&out);
    // Against upstream, whose schema has no function tools and no settings: its own
    // schema refuses the function tool, so nothing is sent (exit 5).
    let up = Project::upstream();
    let out = run(up.cmd().arg("deploy").current_dir(dir.path()));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("no `function` tools"), "{}", out.stderr);
    assert!(up.calls().iter().all(|(m, _)| m == "GET"));
}

fn body_id(p: &Project) -> String {
    p.emu.json("GET", "/assistants/", Some(&p.pt), None, 200)[0]["assistant_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The API reference's `POST /assistants/` request body, as raw HTTP.
#[test]
fn the_api_references_create_request_runs_on_both() {
    let reference = seed("epsimo-api-reference-diff-0.1.0-to-0.2.0.txt");
    // The request body of "POST /assistants/" (the diff's `+` lines, unprefixed).
    let at = reference.find("### POST /assistants/").unwrap();
    let lines: Vec<&str> = reference[at..]
        .lines()
        .filter_map(|l| l.strip_prefix("+ "))
        .collect();
    let start = lines.iter().position(|l| *l == "```json").unwrap() + 1;
    let end = start + lines[start..].iter().position(|l| *l == "```").unwrap();
    let body: Value = serde_json::from_str(&lines[start..end].join("\n")).unwrap();
    assert_eq!(body["config"]["configurable"]["agent_type"], "agent");
    for p in [Project::new(), Project::upstream()] {
        let id = create_raw(&p, &body);
        // Its keys are outside `type==agent/...`: stored, no effect; the run works.
        let (names, _) = events(&p, &id);
        assert_eq!(
            names.first().map(String::as_str),
            Some("metadata"),
            "{names:?}"
        );
        assert!(reply(&p, &id, "hi").starts_with("(emulated) You said: hi"));
    }
}

/// The platform SDK's `assistants.create` (its `_prepare_payload`): the bot type in
/// `agent_type`, tool descriptions of its own, settings moved into `config`.
fn sdk_payload() -> Value {
    json!({"name": "Support Agent", "config": {"configurable": {
        "type": "agent",
        "type==agent/agent_type": "agent",
        "type==agent/system_message": "You are a helpful customer support agent.",
        "type==agent/tools": [
            {"id": "search_tavily-1a2b3c4d", "name": "Search (Tavily)", "type": "search_tavily",
             "description": "Uses the Tavily search engine. Includes sources in the response.",
             "config": {"max_results": 5}},
            {"id": "function-5e6f7a8b", "name": "update_database", "type": "function",
             "description": "Save structured data to thread state",
             "config": {"parameters": {"type": "object", "properties": {"key": {"type": "string"},
                "value": {"type": "object"}}, "required": ["key", "value"]}}}
        ]}}, "metadata": {}, "tags": [], "public": false})
}

/// The platform author's test script (`test_all_skills.py`): the family spelled
/// `GPT-4O`, extra keys, and a ddg tool with the description "Search web".
fn script_payload() -> Value {
    json!({"name": "AutoTest Assistant", "config": {"configurable": {
        "type": "agent",
        "type==agent/agent_type": "GPT-4O",
        "type==agent/llm_type": "gpt-4o",
        "type==agent/model": "gpt-4o",
        "type==agent/system_message": "You are a test assistant.",
        "type==agent/tools": [
            {"id": "retrieval-ab12", "name": "Retrieval", "type": "retrieval",
             "description": "Look up information in uploaded files.", "config": {}},
            {"id": "ddg-cd34", "name": "DuckDuckGo Search", "type": "ddg_search",
             "description": "Search web", "config": {}}
        ]}}, "public": true})
}

#[test]
fn the_platforms_own_payloads_run_on_the_platform_and_fail_as_upstream_did() {
    for (payload, first_tool) in [
        (sdk_payload(), "search_tavily"),
        (script_payload(), "Retriever"),
    ] {
        let p = Project::new();
        let id = create_raw(&p, &payload);
        let (mut names, thread) = events(&p, &id);
        names.dedup();
        assert_eq!(names, ["metadata", "data", "end"], "{}", payload["name"]);
        assert!(reply(&p, &id, "hi").starts_with("(emulated) You said: hi"));
        // Its tools answer under the names the model sees.
        let out = run(p
            .cmd()
            .args(["threads", "run", &thread, "--message", "/tool", "--json"]));
        ok(&out);
        assert!(
            out.stdout.contains(&format!("\"name\":\"{first_tool}\"")),
            "{}",
            out.stdout
        );
        // Upstream: stored as sent, but the graph does not build (a bot type where
        // a family goes, GPT-4O, a description of its own, a function tool): only
        // `error` and `end`, and the state is a 500 (fixture 92).
        let up = Project::upstream();
        let id = create_raw(&up, &payload);
        let (names, thread) = events(&up, &id);
        assert_eq!(names, ["error", "end"], "{}", payload["name"]);
        let (status, _, _) = up.emu.http(
            "GET",
            &format!("/threads/{thread}/state"),
            Some(&up.pt),
            None,
        );
        assert_eq!(status, 500);
    }
}

/// The same shapes written through the CLI: the platform's spellings are understood
/// and the server's are sent, each change said.
#[test]
fn the_cli_understands_the_platforms_spellings() {
    let p = Project::new();
    let out = run(p.cmd().args([
        "assistants",
        "create",
        "--name",
        "Sdk",
        "--agent-type",
        "agent",
        "--model",
        "gpt-4o",
    ]));
    ok(&out);
    assert!(out.stderr.contains("names the bot type"), "{}", out.stderr);
    let c = &p.body_of("POST", "/assistants/")["config"]["configurable"];
    assert_eq!(c["type"], "agent");
    assert_eq!(c["type==agent/agent_type"], "GPT 4o");
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Script\n    agent_type: GPT-4O\n    tools:\n      - type: ddg_search\n        description: Search web\n",
        p.pid
    ));
    let out = run(p.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    assert!(out.stderr.contains("spelled \"GPT 4o\""), "{}", out.stderr);
    let c = &p.body_of("POST", "/assistants/")["config"]["configurable"];
    assert_eq!(c["type==agent/agent_type"], "GPT 4o");
    assert_eq!(c["type==agent/tools"][0]["description"], "Search web");
    // Upstream fixes the description: its literal is sent, with a warning.
    let up = Project::upstream();
    write_and_deploy(&up, dir.path());
}

fn write_and_deploy(up: &Project, dir: &Path) {
    crate::common::write_manifest(
        dir,
        format!(
            "project_id: {}\nassistants:\n  - name: Script\n    agent_type: GPT-4O\n    tools:\n      - type: ddg_search\n        description: Search web\n",
            up.pid
        ),
    );
    let out = run(up.cmd().arg("deploy").current_dir(dir));
    ok(&out);
    assert!(
        out.stderr
            .contains("fixes the description of a `ddg_search` tool"),
        "{}",
        out.stderr
    );
    let c = &up.body_of("POST", "/assistants/")["config"]["configurable"];
    assert_eq!(
        c["type==agent/tools"][0]["description"],
        "Search the web with [DuckDuckGo](https://pypi.org/project/duckduckgo-search/)."
    );
    assert_eq!(c["type==agent/agent_type"], "GPT 4o");
}
