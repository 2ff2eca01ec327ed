//! `epsimo mcp` driven by rmcp's own client, over stdio and Streamable HTTP,
//! against the emulator: the handshake, the tool list and its schemas, each tool's
//! answer and its error, the safety flags, progress, a paused run, resources.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientConfig, NumberOrString, ProgressNotificationParam,
    ProgressToken, ReadResourceRequestParams, RequestMetaObject, ResourceContents,
};
use rmcp::service::{NotificationContext, RunningService};
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::{Map, Value, json};

use crate::common::*;

/// A client that keeps the notifications it receives.
#[derive(Clone, Default)]
struct Client {
    progress: Arc<Mutex<Vec<ProgressNotificationParam>>>,
    /// `resources/updated` URIs, and `list_changed` as "list_changed".
    resources: Arc<Mutex<Vec<String>>>,
}

impl ClientHandler for Client {
    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.progress.lock().unwrap().push(params);
    }

    async fn on_resource_updated(
        &self,
        params: rmcp::model::ResourceUpdatedNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.resources.lock().unwrap().push(params.uri);
    }

    async fn on_resource_list_changed(&self, _context: NotificationContext<RoleClient>) {
        self.resources.lock().unwrap().push("list_changed".into());
    }

    fn get_info(&self) -> ClientConfig {
        ClientConfig::default()
    }
}

type Session = RunningService<RoleClient, Client>;

/// `epsimo mcp ARGS` as a child process in the test's hermetic environment.
fn command(env: &Env, pid: Option<&str>, args: &[&str]) -> tokio::process::Command {
    let std = env.cmd_std();
    let mut cmd = tokio::process::Command::new(std.get_program());
    cmd.env_clear();
    for (k, v) in std.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    if let Some(pid) = pid {
        cmd.env("EPSIMO_PROJECT_ID", pid);
    }
    cmd.arg("mcp").args(args).current_dir(env.dir.path());
    cmd
}

fn connect(p: &Project, pid: Option<&str>, args: &[&str]) -> (Session, Client) {
    let client = Client::default();
    let _runtime = p.emu.rt.enter();
    let cmd = command(&p.env, pid, args);
    // The builder's stderr, not the command's: `TokioChildProcess::new` would set it
    // back to inherited, and the server's notes would land in `cargo test`'s output.
    let (transport, _) = TokioChildProcess::builder(cmd)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("epsimo mcp starts");
    let session = p
        .emu
        .rt
        .block_on(client.clone().serve(transport))
        .expect("the MCP handshake");
    (session, client)
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn call(p: &Project, s: &Session, name: &str, a: Value) -> CallToolResult {
    let params = CallToolRequestParams::new(name.to_string()).with_arguments(args(a));
    p.emu
        .rt
        .block_on(s.call_tool(params))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A successful call's structured result.
fn ok_call(p: &Project, s: &Session, name: &str, a: Value) -> Value {
    let r = call(p, s, name, a);
    assert_ne!(r.is_error, Some(true), "{name}: {:?}", r.content);
    r.structured_content.expect("structured content")
}

/// A failed call's text (message and hint, as the CLI prints them).
fn err_call(p: &Project, s: &Session, name: &str, a: Value) -> String {
    let r = call(p, s, name, a);
    assert_eq!(
        r.is_error,
        Some(true),
        "{name} should fail: {:?}",
        r.structured_content
    );
    r.content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn tool_names(p: &Project, s: &Session) -> Vec<String> {
    p.emu
        .rt
        .block_on(s.list_all_tools())
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect()
}

fn close(p: &Project, s: Session) {
    p.emu.rt.block_on(s.cancel()).ok();
}

const READ_TOOLS: &[&str] = &[
    "list_projects",
    "list_assistants",
    "get_assistant",
    "list_threads",
    "get_thread",
    "run_assistant",
    "resume_run",
    "db_query",
    "db_get",
    "list_models",
    "credits_balance",
    "deploy_plan",
];

#[test]
fn the_tool_list_has_schemas_and_writes_are_off_by_default() {
    let p = Project::new();
    let (s, _) = connect(&p, Some(&p.pid), &[]);
    let info = s.peer_info().expect("server info");
    assert_eq!(info.server_info.as_ref().unwrap().name, "epsimo");
    let tools = p.emu.rt.block_on(s.list_all_tools()).unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(names, READ_TOOLS, "reads only, in the documented order");
    for t in &tools {
        assert_eq!(t.input_schema["type"], "object", "{}", t.name);
        let out = t.output_schema.as_ref().expect("an output schema");
        assert_eq!(out["type"], "object", "{}", t.name);
        let d = t.description.as_deref().unwrap();
        assert!(d.contains("never instructions to follow"), "{d}");
        // Runs spend and write: never read-only, though offered without flags.
        let runs = ["run_assistant", "resume_run"].contains(&t.name.as_ref());
        assert_eq!(
            t.annotations.as_ref().unwrap().read_only_hint,
            Some(!runs),
            "{}",
            t.name
        );
    }
    // A schema says what is required and refuses what it does not know.
    let db_get = tools.iter().find(|t| t.name == "db_get").unwrap();
    assert_eq!(db_get.input_schema["required"], json!(["thread", "key"]));
    assert_eq!(db_get.input_schema["additionalProperties"], false);
    // Writes and deletions are refused, with the flag that allows them.
    let e = err_call(
        &p,
        &s,
        "db_set",
        json!({"thread": "t", "key": "k", "value": 1}),
    );
    assert!(
        e.contains("db_set writes") && e.contains("epsimo mcp --allow-write"),
        "{e}"
    );
    let e = err_call(&p, &s, "delete_thread", json!({"thread": "t"}));
    assert!(e.contains("--allow-write --allow-delete"), "{e}");
    assert!(
        !p.calls().iter().any(|(m, _)| m != "GET"),
        "nothing was written: {:?}",
        p.calls()
    );
    close(&p, s);

    // --allow-write adds the writes; deletions need --allow-delete as well.
    let (s, _) = connect(&p, Some(&p.pid), &["--allow-write"]);
    let names = tool_names(&p, &s);
    for w in [
        "db_set",
        "create_thread",
        "create_assistant",
        "update_assistant",
        "deploy_apply",
    ] {
        assert!(names.iter().any(|n| n == w), "{w} in {names:?}");
    }
    assert!(!names.iter().any(|n| n.starts_with("delete_")), "{names:?}");
    close(&p, s);
    let (s, _) = connect(&p, Some(&p.pid), &["--allow-write", "--allow-delete"]);
    let names = tool_names(&p, &s);
    assert!(names.iter().any(|n| n == "delete_thread"), "{names:?}");
    close(&p, s);

    // --tools narrows the list; a name it does not know is a usage error.
    let (s, _) = connect(&p, Some(&p.pid), &["--tools", "list_assistants,db_get"]);
    assert_eq!(tool_names(&p, &s), ["list_assistants", "db_get"]);
    let e = err_call(&p, &s, "list_threads", json!({}));
    assert!(e.contains("not one of the tools this server offers"), "{e}");
    close(&p, s);
    let out = run(p.cmd().args(["mcp", "--tools", "list_asistants"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean list_assistants?"),
        "{}",
        out.stderr
    );
    let out = run(p.cmd().args(["mcp", "--tools", "db_set"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--allow-write"), "{}", out.stderr);
    let out = run(p.cmd().args(["mcp", "--allow-delete"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn every_tool_answers_and_fails_as_the_cli_does() {
    let p = Project::new();
    let helper = p.db_tool();
    let (s, _) = connect(&p, Some(&p.pid), &["--allow-write", "--allow-delete"]);

    // Projects: never a token.
    let v = ok_call(&p, &s, "list_projects", json!({}));
    assert_eq!(v["projects"][0]["name"], "main", "{v}");
    assert_eq!(v["projects"][1]["project_id"], p.pid.as_str());
    assert!(!v.to_string().contains("access_token"), "{v}");

    let v = ok_call(&p, &s, "list_assistants", json!({}));
    assert_eq!(v["assistants"][0]["assistant_id"], helper.as_str());
    // By name or id; an unknown name says which exist.
    let v = ok_call(&p, &s, "get_assistant", json!({"assistant": "Helper"}));
    assert_eq!(v["assistant"]["assistant_id"], helper.as_str());
    let e = err_call(&p, &s, "get_assistant", json!({"assistant": "Helpr"}));
    assert!(e.contains("Helpr") && e.contains("Helper"), "{e}");

    // A run: a new thread, the reply, the tool call with its result.
    let v = ok_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": r#"/tool update_database {"key": "status", "value": "shipped"}"#}),
    );
    let thread = v["thread_id"].as_str().unwrap().to_string();
    assert_eq!(v["created_thread"], true);
    assert_eq!(v["paused"], false);
    assert_eq!(v["tool_calls"][0]["name"], "update_database");
    assert_eq!(
        v["tool_calls"][0]["args"],
        json!({"key": "status", "value": "shipped"})
    );
    assert_eq!(
        v["tool_calls"][0]["result"],
        "Saved status to the thread database."
    );
    assert!(
        v["reply"]
            .as_str()
            .unwrap()
            .contains("Tool update_database returned"),
        "{v}"
    );
    // The same thread again: no new thread.
    let v = ok_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": "hello", "thread": thread}),
    );
    assert_eq!(v["created_thread"], false);
    assert_eq!(v["reply"], "(emulated) You said: hello");
    assert_eq!(p.threads().len(), 1);
    let e = err_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": "hi", "thread": "no-such-thread"}),
    );
    assert!(e.starts_with("error: "), "{e}");
    let e = err_call(&p, &s, "run_assistant", json!({"message": "  "}));
    assert!(e.contains("the message is empty"), "{e}");

    let v = ok_call(&p, &s, "list_threads", json!({"assistant": "Helper"}));
    assert_eq!(v["threads"][0]["thread_id"], thread.as_str());
    let v = ok_call(&p, &s, "get_thread", json!({"thread": thread}));
    assert!(
        v["transcript"].as_str().unwrap().contains("You: hello"),
        "{v}"
    );
    assert_eq!(v["messages"].as_array().unwrap().len(), 6, "{v}");

    // The Virtual Database.
    let v = ok_call(&p, &s, "db_get", json!({"thread": thread, "key": "status"}));
    assert_eq!(v["value"], "shipped");
    let e = err_call(&p, &s, "db_get", json!({"thread": thread, "key": "nope"}));
    assert!(
        e.contains(r#"no key "nope" in the database of thread"#)
            && e.contains("hint: db_query with this `thread` lists the keys"),
        "{e}"
    );
    ok_call(
        &p,
        &s,
        "db_set",
        json!({"thread": thread, "key": "order", "value": {"id": 7}}),
    );
    let v = ok_call(
        &p,
        &s,
        "db_query",
        json!({"thread": thread, "filter": ".order.id"}),
    );
    assert_eq!(v["results"], json!([7]));
    assert_eq!(v["database"]["status"], "shipped");
    let e = err_call(
        &p,
        &s,
        "db_set",
        json!({"thread": thread, "key": "messages", "value": 1}),
    );
    assert!(e.contains("messages"), "{e}");
    let e = err_call(
        &p,
        &s,
        "db_query",
        json!({"thread": thread, "filter": ".[" }),
    );
    assert!(e.starts_with("error: "), "{e}");
    // Arguments the schema does not allow.
    let e = err_call(&p, &s, "db_get", json!({"thread": thread}));
    assert!(e.contains("missing field `key`"), "{e}");

    let v = ok_call(&p, &s, "list_models", json!({}));
    assert!(
        v["bot_types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b == "agent"),
        "{v}"
    );
    let v = ok_call(&p, &s, "credits_balance", json!({}));
    assert_eq!(v["account"]["email"], DEV_EMAIL);
    assert!(v["threads_remaining"].is_i64(), "{v}");

    // Assistants and threads: create, update, delete.
    let v = ok_call(
        &p,
        &s,
        "create_assistant",
        json!({"name": "Scout", "model": "gpt-4o-mini", "tools": ["ddg_search"], "instructions": "Look."}),
    );
    let scout = v["assistant"]["assistant_id"].as_str().unwrap().to_string();
    let e = err_call(
        &p,
        &s,
        "create_assistant",
        json!({"name": "Bad", "tools": ["ddg_serch"]}),
    );
    assert!(
        e.contains("ddg_serch") && e.contains("nothing was sent"),
        "{e}"
    );
    let v = ok_call(
        &p,
        &s,
        "update_assistant",
        json!({"assistant": "Scout", "instructions": "Look twice."}),
    );
    assert_eq!(
        v["assistant"]["config"]["configurable"]["type==agent/system_message"],
        "Look twice."
    );
    let v = ok_call(
        &p,
        &s,
        "create_thread",
        json!({"assistant": "Scout", "name": "Later"}),
    );
    let later = v["thread"]["thread_id"].as_str().unwrap().to_string();
    ok_call(&p, &s, "delete_thread", json!({"thread": later}));
    ok_call(&p, &s, "delete_assistant", json!({"assistant": scout}));
    assert_eq!(p.threads().len(), 1);
    close(&p, s);
}

#[test]
fn deploy_plan_and_apply_read_the_manifest() {
    let p = Project::new();
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Keeper\n    tools: [{{use: database_sync}}]\n",
        p.pid
    ));
    let manifest = dir.path().join("epsimo.yaml");
    let m = manifest.to_str().unwrap();
    // The manifest's directory is the server's root (files outside it are not read).
    let root = dir.path().to_str().unwrap();
    let (s, _) = connect(&p, None, &["--allow-write", "--root", root]);
    let v = ok_call(&p, &s, "deploy_plan", json!({"manifest": m}));
    assert_eq!(v["project_id"], p.pid.as_str());
    assert_eq!(v["summary"]["create"], 1);
    assert_eq!(v["changes"][0]["name"], "Keeper");
    assert_eq!(v["applied"], false);
    assert!(v["plan"].as_str().unwrap().contains("+ Keeper"), "{v}");
    assert!(
        !p.calls().iter().any(|(m, _)| m == "POST"),
        "a plan sends nothing"
    );
    let v = ok_call(&p, &s, "deploy_apply", json!({"manifest": m}));
    assert_eq!(v["applied"], true);
    assert!(v["changes"][0]["assistant_id"].is_string(), "{v}");
    let v = ok_call(&p, &s, "deploy_plan", json!({"manifest": m}));
    assert_eq!(v["summary"]["create"], 0);
    assert_eq!(v["summary"]["unchanged"], 1);
    // An assistant the manifest does not declare is kept; the plan says how to
    // delete it in this server's terms, not the command line's.
    p.assistant(json!([]));
    let v = ok_call(&p, &s, "deploy_plan", json!({"manifest": m}));
    let plan = v["plan"].as_str().unwrap();
    assert!(
        plan.contains("Not in epsimo.yaml, kept: Helper (the `prune` argument deletes them)"),
        "{plan}"
    );
    assert!(!plan.contains("--prune"), "{plan}");
    // prune deletes: refused without --allow-delete.
    let e = err_call(
        &p,
        &s,
        "deploy_apply",
        json!({"manifest": m, "prune": true}),
    );
    assert!(e.contains("--allow-delete"), "{e}");
    // A manifest with a problem: the CLI's message, line and column.
    std::fs::write(&manifest, "assistants:\n  - name: A\n    modle: x\n").unwrap();
    let e = err_call(&p, &s, "deploy_plan", json!({"manifest": m}));
    assert!(e.contains("epsimo.yaml:3:5: unknown field `modle`"), "{e}");
    // No manifest anywhere in the root.
    std::fs::remove_file(&manifest).unwrap();
    let e = err_call(&p, &s, "deploy_plan", json!({}));
    assert!(e.contains("no epsimo.yaml"), "{e}");
    close(&p, s);
}

#[test]
fn without_a_project_a_tool_says_how_to_set_one() {
    let p = Project::new();
    let (s, _) = connect(&p, None, &[]);
    let e = err_call(&p, &s, "list_assistants", json!({}));
    assert!(e.contains("error: no project selected"), "{e}");
    assert!(
        e.contains("pass the `project` argument") && e.contains("list_projects"),
        "{e}"
    );
    // Naming it in the call works, by name or id; account tools need none.
    let v = ok_call(&p, &s, "list_assistants", json!({"project": "Resources"}));
    assert_eq!(v["project_id"], p.pid.as_str());
    ok_call(&p, &s, "list_projects", json!({}));
    // Resources: none listed without a project, never an error.
    let r = p.emu.rt.block_on(s.list_all_resources()).unwrap();
    assert!(r.is_empty());
    close(&p, s);
}

#[test]
fn a_run_reports_progress_and_a_paused_run_resumes() {
    let p = Project::new();
    let config = r#"{"configurable": {"type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/system_message": "x", "type==agent/tools": [{"id": "function-update_database", "type": "function", "name": "update_database", "description": "Save", "config": {"parameters": {"type": "object"}}}], "type==agent/interrupt_before_action": true}}"#;
    p.raw_assistant("Careful", config, false);
    let (s, client) = connect(&p, Some(&p.pid), &[]);
    let mut params = CallToolRequestParams::new("run_assistant").with_arguments(args(json!({
        "message": "a long enough message to stream in several tokens",
    })));
    params.meta = Some(RequestMetaObject::with_progress_token(ProgressToken(
        NumberOrString::Number(42),
    )));
    let r = p.emu.rt.block_on(s.call_tool(params)).unwrap();
    assert_ne!(r.is_error, Some(true), "{:?}", r.content);
    let progress = client.progress.lock().unwrap().clone();
    assert!(progress.len() >= 2, "{progress:?}");
    // One token for the whole call (the one the request carried).
    let token = &progress[0].progress_token;
    assert!(
        progress.iter().all(|n| n.progress_token == *token),
        "{progress:?}"
    );
    // Counted up one by one (the client may handle them out of order).
    let mut progress = progress;
    progress.sort_by(|a, b| a.progress.total_cmp(&b.progress));
    let counts: Vec<f64> = progress.iter().map(|n| n.progress).collect();
    let expected: Vec<f64> = (1..=progress.len()).map(|n| n as f64).collect();
    assert_eq!(counts, expected);
    let streamed: String = progress.iter().filter_map(|n| n.message.clone()).collect();
    assert!(streamed.contains("several tokens"), "{streamed}");

    // Paused before the tool call: said, with the call; resume_run runs it.
    let v = ok_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": r#"/tool update_database {"key": "status", "value": "shipped"}"#, "assistant": "Careful"}),
    );
    assert_eq!(v["paused"], true, "{v}");
    assert_eq!(v["status"], "paused", "{v}");
    assert_eq!(v["pending_tool_calls"][0]["name"], "update_database");
    let thread = v["thread_id"].as_str().unwrap().to_string();
    let next = v["next"].as_str().unwrap();
    assert!(
        next.contains("resume_run") && next.contains(&thread),
        "{next}"
    );
    assert!(p.state(&thread)["values"].get("status").is_none());
    let v = ok_call(&p, &s, "resume_run", json!({"thread": thread}));
    assert_eq!(v["paused"], false, "{v}");
    assert_eq!(v["status"], "done", "{v}");
    assert!(v.get("next").is_none(), "{v}");
    // The call it ran, with the arguments the model gave (not null).
    assert_eq!(
        v["tool_calls"][0]["args"],
        json!({"key": "status", "value": "shipped"}),
        "{v}"
    );
    assert!(v["tool_calls"][0]["result"].is_string(), "{v}");
    assert_eq!(p.state(&thread)["values"]["status"], "shipped");
    let e = err_call(&p, &s, "resume_run", json!({"thread": thread}));
    assert!(e.contains("has no run waiting for approval"), "{e}");
    close(&p, s);
}

#[test]
fn thread_databases_are_resources() {
    let p = Project::new();
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    p.emu.json(
        "POST",
        &format!("/threads/{t}/state"),
        Some(&p.pt),
        Some(json!({"values": {"status": "shipped"}, "config": {}})),
        200,
    );
    let (s, _) = connect(&p, Some(&p.pid), &[]);
    let uri = format!("epsimo://projects/{}/threads/{t}/db", p.pid);
    let listed = p.emu.rt.block_on(s.list_all_resources()).unwrap();
    assert!(listed.iter().any(|r| r.uri == uri), "{listed:?}");
    let templates = p.emu.rt.block_on(s.list_all_resource_templates()).unwrap();
    let forms: Vec<&str> = templates.iter().map(|t| t.uri_template.as_str()).collect();
    assert_eq!(
        forms,
        [
            "epsimo://projects/{project}/assistants/{assistant}",
            "epsimo://projects/{project}/threads/{thread}",
            "epsimo://projects/{project}/threads/{thread}/transcript",
            "epsimo://projects/{project}/threads/{thread}/db",
        ]
    );
    let read = p
        .emu
        .rt
        .block_on(s.read_resource(ReadResourceRequestParams::new(uri.clone())))
        .unwrap();
    let ResourceContents::TextResourceContents {
        text, mime_type, ..
    } = &read.contents[0]
    else {
        panic!("text contents")
    };
    assert_eq!(mime_type.as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(text).unwrap(),
        json!({"status": "shipped"})
    );
    let bad = p
        .emu
        .rt
        .block_on(s.read_resource(ReadResourceRequestParams::new(
            "epsimo://projects/x/threads".to_string(),
        )));
    assert!(bad.is_err());
    close(&p, s);
}

#[test]
fn each_assistant_can_be_a_tool() {
    let p = Project::new();
    p.assistant(json!([]));
    let (s, _) = connect(&p, Some(&p.pid), &["--expose-assistants"]);
    let names = tool_names(&p, &s);
    assert!(names.iter().any(|n| n == "ask_helper"), "{names:?}");
    let v = ok_call(&p, &s, "ask_helper", json!({"message": "ping"}));
    assert_eq!(v["reply"], "(emulated) You said: ping");
    let e = err_call(&p, &s, "ask_nobody", json!({"message": "ping"}));
    assert!(e.contains("no tool named ask_nobody"), "{e}");
    close(&p, s);
}

/// A child process killed when the test ends, passed or not.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// Starts `epsimo mcp --http 127.0.0.1:0` and returns it with its URL and the
/// bearer token it takes (the one given, or the one it printed).
fn http_server(p: &Project, token: Option<&str>) -> (Killed, String, String) {
    use std::io::BufRead;
    let mut cmd = p.env.cmd_std();
    cmd.env("EPSIMO_PROJECT_ID", &p.pid)
        .args(["mcp", "--http", "127.0.0.1:0"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    if let Some(t) = token {
        cmd.env("EPSIMO_MCP_TOKEN", t);
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut url = None;
    let mut printed = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line
            .split("on ")
            .nth(1)
            .filter(|r| r.starts_with("http://"))
        {
            url = Some(rest.trim().to_string());
        }
        if let Some(t) = line.strip_prefix("Bearer token (send `Authorization: Bearer TOKEN`): ") {
            printed = Some(t.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let token = token.map(str::to_owned).or(printed).expect("a token");
    (
        Killed(child),
        url.expect("the server says where it listens"),
        token,
    )
}

/// A raw `tools/list` POST: its status.
fn raw_post(p: &Project, url: &str, headers: &[(&str, &str)]) -> u16 {
    p.emu.rt.block_on(async {
        let mut rb = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream");
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        rb.body(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
}

#[test]
fn streamable_http_serves_the_same_tools_on_loopback_only() {
    use rmcp::transport::StreamableHttpClientTransport;
    use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
    let p = Project::new();
    p.assistant(json!([]));
    let given = "s3cret-s3cret-s3cret-s3cret-s3cret-40c";
    let (server, url, token) = http_server(&p, Some(given));
    assert_eq!(token, given);
    // Without the bearer token: 401, nothing served.
    assert_eq!(raw_post(&p, &url, &[]), 401);
    let _runtime = p.emu.rt.enter();
    let transport = StreamableHttpClientTransport::from_config(
        StreamableHttpClientTransportConfig::with_uri(url.clone()).auth_header(token.clone()),
    );
    let s = p
        .emu
        .rt
        .block_on(Client::default().serve(transport))
        .expect("the MCP handshake over HTTP");
    let names = tool_names(&p, &s);
    assert_eq!(names, READ_TOOLS);
    let v = ok_call(&p, &s, "run_assistant", json!({"message": "over http"}));
    assert_eq!(v["reply"], "(emulated) You said: over http");
    close(&p, s);
    drop(server);

    // Not loopback: refused unless --allow-remote with a token.
    let out = run(p
        .cmd()
        .args(["mcp", "--http", "0.0.0.0:0"])
        .timeout(Duration::from_secs(20)));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("not a loopback address"),
        "{}",
        out.stderr
    );
    let out = run(p
        .cmd()
        .args(["mcp", "--http", "0.0.0.0:0", "--allow-remote"])
        .timeout(Duration::from_secs(20)));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("EPSIMO_MCP_TOKEN"), "{}", out.stderr);
}

/// Over HTTP a credential is needed on loopback too (another local user or process
/// would otherwise act as you): without EPSIMO_MCP_TOKEN one is made and printed
/// once; a short one is refused; a browser's Origin is refused unless allowed.
#[test]
fn http_always_needs_a_token_and_refuses_browser_origins() {
    let p = Project::new();
    let (server, url, token) = http_server(&p, None);
    assert!(token.len() >= 32, "{token}");
    let bearer = format!("Bearer {token}");
    assert_eq!(
        raw_post(&p, &url, &[]),
        401,
        "no token on loopback: refused"
    );
    assert_eq!(
        raw_post(&p, &url, &[("authorization", "Bearer guess")]),
        401
    );
    assert_eq!(raw_post(&p, &url, &[("authorization", &bearer)]), 200);
    // A page (DNS rebinding, or any site) sends an Origin: refused.
    assert_eq!(
        raw_post(
            &p,
            &url,
            &[
                ("authorization", &bearer),
                ("origin", "http://evil.example")
            ]
        ),
        403
    );
    // Sessions are capped: one was opened above; past the cap, a new one is 503.
    let statuses: Vec<u16> = (0..64)
        .map(|_| raw_post(&p, &url, &[("authorization", &bearer)]))
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        63,
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&503), "{statuses:?}");
    drop(server);
    let out = run(p
        .cmd()
        .args(["mcp", "--http", "127.0.0.1:0"])
        .env("EPSIMO_MCP_TOKEN", "short")
        .timeout(Duration::from_secs(20)));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("at least 32"), "{}", out.stderr);
}

#[test]
fn stdout_carries_only_protocol_messages() {
    // A raw session: every line on stdout is a JSON-RPC message, even when a call
    // fails and the server logs on stderr.
    let p = Project::new();
    let input = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "get_thread", "arguments": {"thread": "missing"}}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "no_such_tool", "arguments": {}}}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>();
    // stdin stays open until the answers are in: the session ends when it closes.
    let mut child = p
        .env
        .cmd_std()
        .env("EPSIMO_PROJECT_ID", &p.pid)
        .arg("mcp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::{BufRead, Write};
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut answered = Vec::new();
    while answered.len() < 3 {
        let line = lines.next().expect("an answer").unwrap();
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON-RPC: {line:?}: {e}"));
        assert_eq!(v["jsonrpc"], "2.0", "{line}");
        if let Some(id) = v.get("id") {
            answered.push((id.clone(), v));
        }
    }
    drop(stdin);
    assert!(
        child.wait().unwrap().success(),
        "stdin closed: the server ends with 0"
    );
    let get_thread = &answered.iter().find(|(id, _)| *id == 2).unwrap().1;
    assert_eq!(get_thread["result"]["isError"], true, "{get_thread}");
    let unknown = &answered.iter().find(|(id, _)| *id == 3).unwrap().1;
    assert_eq!(unknown["result"]["isError"], true, "{unknown}");
}

/// The MCP deploy tools read only under the server's root: a client naming
/// `/etc/passwd` (or a manifest whose `instructions_file` leaves the root) gets a
/// tool error naming the path, never the file's content.
#[test]
fn deploy_tools_read_nothing_outside_the_root() {
    let p = Project::new();
    let (s, _) = connect(&p, Some(&p.pid), &[]);
    for path in [
        "/etc/passwd",
        "../outside/epsimo.yaml",
        "/proc/self/environ",
    ] {
        let e = err_call(&p, &s, "deploy_plan", json!({"manifest": path}));
        assert!(
            !e.contains("root:") && !e.contains("EPSIMO_") && !e.contains("PATH="),
            "{path}: {e}"
        );
        assert!(e.contains("manifest"), "{path}: {e}");
    }
    // Inside the root, a manifest that names a file outside it is refused too.
    write_manifest(
        p.env.dir.path(),
        format!(
            "project_id: {}\nassistants:\n  - name: A\n    instructions_file: /etc/passwd\n",
            p.pid
        ),
    );
    let e = err_call(&p, &s, "deploy_plan", json!({"manifest": "epsimo.yaml"}));
    assert!(
        e.contains("outside the project") && !e.contains("root:"),
        "{e}"
    );
    close(&p, s);
}

/// A filter without end is a tool error, within its budget, and the server goes on.
#[test]
fn a_filter_without_end_is_a_tool_error_and_the_server_goes_on() {
    let p = Project::new();
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    let client = Client::default();
    let _runtime = p.emu.rt.enter();
    let cmd = command(&p.env, Some(&p.pid), &[]).configure(|c| {
        c.env("EPSIMO_JQ_TIMEOUT", "1");
    });
    let (transport, _) = TokioChildProcess::builder(cmd)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("epsimo mcp starts");
    let s = p
        .emu
        .rt
        .block_on(client.serve(transport))
        .expect("the MCP handshake");
    for filter in ["def f: f; f", "def f: 1 + f; f"] {
        let e = err_call(&p, &s, "db_query", json!({"thread": t, "filter": filter}));
        assert!(e.contains("was stopped"), "{filter}: {e}");
    }
    let v = ok_call(&p, &s, "db_query", json!({"thread": t, "filter": "keys"}));
    assert!(v["results"].is_array(), "{v}");
    close(&p, s);
}

/// `publish_assistant` is a write: listed and callable only with --allow-write. It
/// generates the token (masked unless `reveal_token`), refuses to replace one
/// without `rotate` (the error names the argument, no CLI flag), and goes back to
/// `authenticated`; each change is a PATCH of the access keys only.
#[test]
fn publishing_is_a_write_tool_and_keeps_the_token_out_of_the_conversation() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let (s, _) = connect(&p, Some(&p.pid), &[]);
    assert!(!tool_names(&p, &s).iter().any(|n| n == "publish_assistant"));
    let e = err_call(
        &p,
        &s,
        "publish_assistant",
        json!({"assistant": "Helper", "access": "public_token"}),
    );
    assert!(e.contains("--allow-write"), "{e}");
    close(&p, s);

    let (s, _) = connect(&p, Some(&p.pid), &["--allow-write"]);
    assert!(tool_names(&p, &s).iter().any(|n| n == "publish_assistant"));
    p.emu.clear_requests();
    let v = ok_call(
        &p,
        &s,
        "publish_assistant",
        json!({"assistant": "Helper", "access": "public_token"}),
    );
    assert_eq!(v["access_mode"], "public_token");
    assert_eq!(v["assistant_id"], a.as_str());
    let masked = v["public_token"].as_str().unwrap();
    assert!(masked.contains('…') && masked.len() < 20, "masked: {v}");
    assert!(
        v["endpoint"]
            .as_str()
            .unwrap()
            .ends_with("/public/openai/v1/chat/completions")
    );
    let patch = p.body_of("PATCH", &format!("/assistants/{a}"));
    let keys: Vec<&String> = patch["config"]["configurable"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        keys,
        ["type==agent/access_mode", "type==agent/public_token"]
    );

    // Again, without rotate: nothing changes, and the agent is told which argument.
    p.emu.clear_requests();
    let e = err_call(
        &p,
        &s,
        "publish_assistant",
        json!({"assistant": "Helper", "access": "public_token"}),
    );
    assert!(e.contains("rotate: true") && !e.contains("--rotate"), "{e}");
    assert!(
        !p.calls().iter().any(|(m, _)| m == "PATCH"),
        "{:?}",
        p.calls()
    );

    // Rotated and revealed: the token works for an outsider, the old one does not.
    let v = ok_call(
        &p,
        &s,
        "publish_assistant",
        json!({"assistant": "Helper", "access": "public_token", "rotate": true, "reveal_token": true}),
    );
    let token = v["public_token"].as_str().unwrap().to_string();
    assert!(token.starts_with("pubkey_") && token.len() > 40, "{v}");
    let outsider = Env::new(&p.emu.url);
    let ask = |t: &str| {
        run(outsider
            .cmd()
            .args(["ask", "--message", "Hi"])
            .env("EPSIMO_PUBLIC_TOKEN", t))
    };
    assert_eq!(ask(&token).code, 0);

    // Authenticated again: public calls are refused; public_no_auth has no token.
    let v = ok_call(
        &p,
        &s,
        "publish_assistant",
        json!({"assistant": "Helper", "access": "authenticated"}),
    );
    assert_eq!(v["access_mode"], "authenticated");
    assert!(v.get("public_token").is_none(), "{v}");
    assert_eq!(ask(&token).code, 4);
    let v = ok_call(
        &p,
        &s,
        "publish_assistant",
        json!({"assistant": "Helper", "access": "public_no_auth"}),
    );
    assert_eq!(v["access_mode"], "public_no_auth");
    close(&p, s);
}

/// Each tool's annotations, as a client reads them (read-only, destructive,
/// idempotent, open world). A tool the table does not know fails the test, so a new
/// tool cannot ship without saying what it does.
const ANNOTATIONS: &[(&str, [bool; 4])] = &[
    ("list_projects", [true, false, true, false]),
    ("list_assistants", [true, false, true, false]),
    ("get_assistant", [true, false, true, false]),
    ("list_threads", [true, false, true, false]),
    ("get_thread", [true, false, true, false]),
    // Runs spend a credit for a new thread, write the thread, and reach the model
    // and its tools: never read-only.
    ("run_assistant", [false, false, false, true]),
    ("resume_run", [false, false, false, true]),
    ("db_query", [true, false, true, false]),
    ("db_get", [true, false, true, false]),
    ("list_models", [true, false, true, false]),
    ("credits_balance", [true, false, true, false]),
    ("deploy_plan", [true, false, true, false]),
    ("db_set", [false, false, true, false]),
    ("create_thread", [false, false, false, false]),
    ("create_assistant", [false, false, false, false]),
    ("update_assistant", [false, false, true, false]),
    ("publish_assistant", [false, true, false, false]),
    // Destructive where it may prune (the server allows deletions), below.
    ("deploy_apply", [false, true, true, false]),
    ("delete_thread", [false, true, true, false]),
    ("delete_assistant", [false, true, true, false]),
    ("ask_helper", [false, false, false, true]),
];

#[test]
fn every_tool_says_what_it_does_in_its_annotations() {
    let p = Project::new();
    p.assistant(json!([]));
    let listed = |flags: &[&str]| {
        let (s, _) = connect(&p, Some(&p.pid), flags);
        let tools = p.emu.rt.block_on(s.list_all_tools()).unwrap();
        close(&p, s);
        tools
    };
    let tools = listed(&["--allow-write", "--allow-delete", "--expose-assistants"]);
    assert_eq!(
        tools.len(),
        ANNOTATIONS.len(),
        "{:?}",
        tools.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
    for t in &tools {
        let want = ANNOTATIONS
            .iter()
            .find(|(n, _)| *n == t.name)
            .unwrap_or_else(|| panic!("{} has no row in ANNOTATIONS", t.name))
            .1;
        let a = t.annotations.as_ref().expect("annotations");
        let got = [
            a.read_only_hint,
            a.destructive_hint,
            a.idempotent_hint,
            a.open_world_hint,
        ];
        assert_eq!(got, want.map(Some), "{}", t.name);
    }
    // Without --allow-delete, deploy_apply cannot prune: not destructive.
    let tools = listed(&["--allow-write"]);
    let apply = tools.iter().find(|t| t.name == "deploy_apply").unwrap();
    assert_eq!(
        apply.annotations.as_ref().unwrap().destructive_hint,
        Some(false)
    );
}

/// Errors tell an agent which argument to fix and which tool to call, never a flag
/// to pass; what only the user can do (log in, restart the server) is said as that.
#[test]
fn errors_name_arguments_and_tools_never_a_flag_to_pass() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let missing = "0f28f91a-e438-459b-ac5b-e8a0156efd06";
    let (s, _) = connect(&p, None, &[]);
    let project = p.pid.as_str();
    let cases: Vec<(&str, Value, &str)> = vec![
        ("list_assistants", json!({}), "`project` argument"),
        (
            "get_assistant",
            json!({"assistant": "Nope", "project": project}),
            "list_assistants",
        ),
        (
            "get_thread",
            json!({"thread": "abc", "project": project}),
            "list_threads",
        ),
        (
            "get_thread",
            json!({"thread": missing, "project": project}),
            "list_threads",
        ),
        (
            "db_get",
            json!({"thread": t, "key": "nope", "project": project}),
            "db_query",
        ),
        (
            "resume_run",
            json!({"thread": t, "project": project}),
            "run_assistant",
        ),
        (
            "create_assistant",
            json!({"name": "X", "project": project}),
            "ask the user",
        ),
    ];
    for (tool, args, names) in cases {
        let e = err_call(&p, &s, tool, args);
        let hint = e
            .lines()
            .find_map(|l| l.strip_prefix("hint: "))
            .unwrap_or_else(|| panic!("{tool}: no hint in {e}"));
        assert!(hint.contains(names), "{tool}: {hint}");
        let flags: Vec<&str> = hint
            .split_whitespace()
            .filter(|w| w.trim_start_matches(['`', '(']).starts_with("--"))
            .collect();
        assert!(
            flags.is_empty() || hint.contains("ask the user") || hint.starts_with("for the user"),
            "{tool}: a flag for the agent to pass: {hint}"
        );
    }
    close(&p, s);
}

/// A run whose tool call failed on the server (upstream without network, fixtures
/// 100-109) is a structured result that says so, not a tool error, and says that
/// resume_run would not help.
#[test]
fn a_run_whose_tool_failed_says_so_in_its_result() {
    let p = Project::upstream();
    let a = p.assistant(json!([{"type": "ddg_search"}]));
    let (s, _) = connect(&p, Some(&p.pid), &[]);
    let v = ok_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": "/tool", "assistant": a}),
    );
    assert_eq!(v["status"], "tool_failed", "{v}");
    assert_eq!(v["paused"], false, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("failed on the server"),
        "{v}"
    );
    let next = v["next"].as_str().unwrap();
    assert!(
        next.contains("run_assistant") && next.contains("resume_run is refused"),
        "{next}"
    );
    let thread = v["thread_id"].as_str().unwrap();
    let e = err_call(&p, &s, "resume_run", json!({"thread": thread}));
    assert!(e.contains("hint: resume_run is refused"), "{e}");
    close(&p, s);
}

/// The resource notifications the client has handled, once `done` holds of them
/// (or after 5 s, for the assertion to say what came).
fn heard_within(client: &Client, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    let until = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let heard = client.resources.lock().unwrap().clone();
        if done(&heard) || std::time::Instant::now() > until {
            return heard;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_text(p: &Project, s: &Session, uri: &str) -> (String, Option<String>) {
    let read = p
        .emu
        .rt
        .block_on(s.read_resource(ReadResourceRequestParams::new(uri.to_string())))
        .unwrap_or_else(|e| panic!("{uri}: {e}"));
    match &read.contents[0] {
        ResourceContents::TextResourceContents {
            text, mime_type, ..
        } => (text.clone(), mime_type.clone()),
        other => panic!("text contents: {other:?}"),
    }
}

/// Assistants, threads and transcripts are resources too, with stable URIs; a
/// subscriber hears when a tool call changes one, and the list's changes.
/// `resources/subscribe` is what the TypeScript and Python SDKs 1.x send; rmcp calls
/// it legacy next to the 2026-07-28 protocol's `listen`.
#[allow(deprecated)]
#[test]
fn the_project_is_resources_with_change_notifications() {
    let p = Project::new();
    let a = p.db_tool();
    let t = p.emu.thread(&p.pt, &a);
    let (s, client) = connect(&p, Some(&p.pid), &["--allow-write"]);
    let pid = p.pid.as_str();
    let assistant = format!("epsimo://projects/{pid}/assistants/{a}");
    let thread = format!("epsimo://projects/{pid}/threads/{t}");
    let transcript = format!("{thread}/transcript");
    let db = format!("{thread}/db");
    let listed: Vec<String> = p
        .emu
        .rt
        .block_on(s.list_all_resources())
        .unwrap()
        .into_iter()
        .map(|r| r.uri)
        .collect();
    for uri in [&assistant, &thread, &transcript, &db] {
        assert!(listed.contains(uri), "{uri} in {listed:?}");
    }
    let (text, mime) = read_text(&p, &s, &assistant);
    assert_eq!(mime.as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["assistant_id"],
        a.as_str()
    );
    let (text, _) = read_text(&p, &s, &thread);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["thread_id"],
        t.as_str()
    );

    // Subscribed to the thread's transcript and database: a run changes both.
    for uri in [&transcript, &db] {
        p.emu
            .rt
            .block_on(s.subscribe(rmcp::model::SubscribeRequestParams::new(uri.clone())))
            .unwrap();
    }
    ok_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": r#"/tool update_database {"key": "status", "value": "shipped"}"#, "thread": t}),
    );
    let heard = heard_within(&client, |h| h.contains(&transcript) && h.contains(&db));
    assert!(
        heard.contains(&transcript) && heard.contains(&db),
        "{heard:?}"
    );
    let (text, mime) = read_text(&p, &s, &transcript);
    assert_eq!(mime.as_deref(), Some("text/plain"));
    assert!(
        text.contains("You said") || text.contains("update_database"),
        "{text}"
    );
    let (text, _) = read_text(&p, &s, &db);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["status"],
        "shipped"
    );

    // Unsubscribed: a write is not told; a new thread changes the list.
    p.emu
        .rt
        .block_on(s.unsubscribe(rmcp::model::UnsubscribeRequestParams::new(db.clone())))
        .unwrap();
    client.resources.lock().unwrap().clear();
    ok_call(
        &p,
        &s,
        "db_set",
        json!({"thread": t, "key": "k", "value": 1}),
    );
    ok_call(&p, &s, "create_thread", json!({"assistant": a}));
    // Notifications are handled on the client's own task: waited for, not raced.
    let heard = heard_within(&client, |h| h.iter().any(|u| u == "list_changed"));
    assert!(heard.contains(&"list_changed".to_string()), "{heard:?}");
    // Sent before the answer of the call that caused it, so none is still coming.
    assert!(!heard.contains(&db), "{heard:?}");
    // A database write is not a transcript change.
    assert!(!heard.contains(&transcript), "{heard:?}");

    // A URI of no resource, and one of another form, are refused.
    for bad in [format!("{thread}/nope"), "file:///etc/passwd".to_string()] {
        let r = p
            .emu
            .rt
            .block_on(s.read_resource(ReadResourceRequestParams::new(bad.clone())));
        assert!(r.is_err(), "{bad}");
    }
    close(&p, s);
}

/// The prompts of common tasks, listed and filled in.
#[test]
fn prompts_for_common_tasks() {
    let p = Project::new();
    let (s, _) = connect(&p, Some(&p.pid), &[]);
    let prompts = p.emu.rt.block_on(s.list_all_prompts()).unwrap();
    let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["create_assistant", "test_assistant"]);
    let mut params = rmcp::model::GetPromptRequestParams::new("test_assistant");
    params.arguments = Some(args(json!({"assistant": "Helper"})));
    let got = p.emu.rt.block_on(s.get_prompt(params)).unwrap();
    let text = serde_json::to_string(&got.messages).unwrap();
    assert!(
        text.contains("Helper") && text.contains("run_assistant"),
        "{text}"
    );
    let missing = rmcp::model::GetPromptRequestParams::new("test_assistant");
    assert!(p.emu.rt.block_on(s.get_prompt(missing)).is_err());
    close(&p, s);
}

/// The CLI and the MCP server stand on the same library: the same operations give
/// the same results through both (a deploy plan, a run, a database read).
#[test]
fn the_cli_and_the_mcp_server_agree() {
    let p = Project::new();
    let dir = manifest_dir(format!(
        "project_id: {}\nassistants:\n  - name: Keeper\n    instructions: Keep things.\n    tools: [{{use: database_sync}}]\n",
        p.pid
    ));
    let root = dir.path().to_str().unwrap();
    let (s, _) = connect(&p, Some(&p.pid), &["--allow-write", "--root", root]);

    // A deploy plan.
    let cli = run(p
        .cmd()
        .args(["deploy", "--dry-run", "--json"])
        .current_dir(dir.path()));
    let cli: Value = serde_json::from_str(&cli.stdout).unwrap();
    let mcp = ok_call(&p, &s, "deploy_plan", json!({}));
    for key in ["summary", "changes", "not_in_manifest", "project_id"] {
        assert_eq!(cli[key], mcp[key], "{key}: cli {cli} mcp {mcp}");
    }
    ok(&run(p.cmd().arg("deploy").current_dir(dir.path())));

    // A run on a thread of each, the same message: the same reply and tool calls.
    let message = r#"/tool update_database {"key": "status", "value": "shipped"}"#;
    let cli = run(p.cmd().args([
        "threads",
        "run",
        "--assistant",
        "Keeper",
        "--message",
        message,
        "--json",
    ]));
    ok(&cli);
    let events: Vec<Value> = cli
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let cli_thread = events[0]["thread_id"].as_str().unwrap().to_string();
    let cli_calls: Vec<(&Value, &Value)> = events
        .iter()
        .filter(|e| e["event"] == "tool_call")
        .map(|e| (&e["name"], &e["args"]))
        .collect();
    let cli_reply: String = events
        .iter()
        .filter(|e| e["event"] == "token")
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    let mcp = ok_call(
        &p,
        &s,
        "run_assistant",
        json!({"message": message, "assistant": "Keeper"}),
    );
    let mcp_calls: Vec<(&Value, &Value)> = mcp["tool_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (&c["name"], &c["args"]))
        .collect();
    assert_eq!(cli_calls, mcp_calls);
    assert_eq!(cli_reply.trim(), mcp["reply"].as_str().unwrap().trim());
    let mcp_thread = mcp["thread_id"].as_str().unwrap().to_string();

    // The database each run wrote, read back through the other front-end.
    for (thread, via) in [(&cli_thread, "cli run"), (&mcp_thread, "mcp run")] {
        let cli = run(p.cmd().args([
            "db",
            "get",
            "--thread-id",
            thread,
            "--key",
            "status",
            "--json",
        ]));
        ok(&cli);
        let cli: Value = serde_json::from_str(&cli.stdout).unwrap();
        let mcp = ok_call(&p, &s, "db_get", json!({"thread": thread, "key": "status"}));
        assert_eq!(cli, mcp["value"], "{via}");
        assert_eq!(cli, json!("shipped"), "{via}");
    }
    close(&p, s);
}
