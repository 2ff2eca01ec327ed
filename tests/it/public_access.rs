//! The platform's public layer on the emulator: PATCH, access modes, the
//! OpenAI-compatible endpoint and `/public/runs/stream` (CONTRACT.md, "Public
//! access"), and how upstream answers the same requests.

use serde_json::{Value, json};

use crate::common::Project;

const NOT_PUBLIC: &str = "This assistant is not configured for public access. Please use the authenticated /runs endpoints instead, or set type==agent/access_mode to 'public_token' or 'public_no_auth'.";

fn publish(p: &Project, a: &str, mode: &str, token: Option<&str>) -> Value {
    let mut c = serde_json::Map::new();
    c.insert("type==agent/access_mode".into(), json!(mode));
    if let Some(t) = token {
        c.insert("type==agent/public_token".into(), json!(t));
    }
    p.emu.json(
        "PATCH",
        &format!("/assistants/{a}"),
        Some(&p.pt),
        Some(json!({"config": {"configurable": c}})),
        200,
    )
}

fn chat(p: &Project, token: Option<&str>, stream: bool) -> (u16, String) {
    let body = json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello there"}], "stream": stream}).to_string();
    let (status, _, text) = p.emu.http(
        "POST",
        "/public/openai/v1/chat/completions",
        token,
        Some(&body),
    );
    (status, text)
}

#[test]
fn patch_changes_only_the_keys_given() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let before = p
        .emu
        .json("GET", &format!("/assistants/{a}"), Some(&p.pt), None, 200);
    let after = publish(&p, &a, "public_token", Some("pubkey_x"));
    let mut want = before["config"]["configurable"].clone();
    want["type==agent/access_mode"] = json!("public_token");
    want["type==agent/public_token"] = json!("pubkey_x");
    assert_eq!(after["config"]["configurable"], want);
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["public"], before["public"]);
}

#[test]
fn the_openai_compatible_endpoint_answers_a_public_token_and_refuses_the_rest() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    // authenticated (the default): the token is nobody's yet.
    let (status, _) = chat(&p, Some("pubkey_one"), false);
    assert_eq!(status, 401);
    publish(&p, &a, "public_token", Some("pubkey_one"));
    let (status, text) = chat(&p, Some("pubkey_one"), false);
    assert_eq!(status, 200, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["object"], "chat.completion");
    assert!(v["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert!(v["created"].is_i64());
    assert_eq!(v["model"], "gpt-4o");
    assert_eq!(v["choices"][0]["message"]["role"], "assistant");
    assert_eq!(
        v["choices"][0]["message"]["content"],
        "(emulated) You said: Hello there"
    );
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    let u = &v["usage"];
    assert_eq!(
        u["total_tokens"].as_i64(),
        Some(u["prompt_tokens"].as_i64().unwrap() + u["completion_tokens"].as_i64().unwrap())
    );
    // Streamed: chunks whose deltas make the reply, a finish, then [DONE].
    let (status, text) = chat(&p, Some("pubkey_one"), true);
    assert_eq!(status, 200);
    let events: Vec<&str> = text
        .split("\n\n")
        .filter_map(|e| e.strip_prefix("data: "))
        .collect();
    assert_eq!(events.last(), Some(&"[DONE]"), "{text}");
    let mut reply = String::new();
    let mut finish = None;
    for e in &events[..events.len() - 1] {
        let v: Value = serde_json::from_str(e).unwrap();
        assert_eq!(v["object"], "chat.completion.chunk");
        if let Some(c) = v["choices"][0]["delta"]["content"].as_str() {
            reply.push_str(c);
        }
        if let Some(f) = v["choices"][0]["finish_reason"].as_str() {
            finish = Some(f.to_string());
        }
    }
    assert_eq!(reply, "(emulated) You said: Hello there");
    assert_eq!(finish.as_deref(), Some("stop"));
    // A wrong token, no token: refused.
    assert_eq!(chat(&p, Some("pubkey_two"), false).0, 401);
    assert_eq!(chat(&p, None, false).0, 401);
    // Back to authenticated: the documented refusal.
    publish(&p, &a, "authenticated", None);
    let (status, text) = chat(&p, Some("pubkey_one"), false);
    assert_eq!(status, 403, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["detail"], NOT_PUBLIC);
}

#[test]
fn public_runs_stream_without_a_login_and_bill_the_owner() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let run = |token: Option<&str>| {
        let body =
            json!({"assistant_id": a, "input": [{"type": "human", "content": "hi"}]}).to_string();
        p.emu
            .http("POST", "/public/runs/stream", token, Some(&body))
    };
    let (status, _, text) = run(None);
    assert_eq!(status, 403, "{text}");
    assert!(text.contains("not configured for public access"));
    publish(&p, &a, "public_no_auth", None);
    let before = p.emu.json(
        "GET",
        "/auth/thread-info",
        Some(&p.emu.dev_token()),
        None,
        200,
    );
    let (status, _, text) = run(None);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("(emulated) You said: hi"), "{text}");
    assert!(text.ends_with("event: end\r\n\r\n"), "{text}");
    // The thread is the owner's, in the assistant's project, counted to the owner.
    let threads = p.emu.json("GET", "/threads/", Some(&p.pt), None, 200);
    assert_eq!(threads.as_array().unwrap().len(), 1, "{threads}");
    let after = p.emu.json(
        "GET",
        "/auth/thread-info",
        Some(&p.emu.dev_token()),
        None,
        200,
    );
    assert_eq!(
        after["thread_counter"].as_i64(),
        before["thread_counter"].as_i64().map(|n| n + 1),
        "{after}"
    );
    publish(&p, &a, "public_token", Some("pubkey_run"));
    assert_eq!(run(None).0, 401);
    assert_eq!(run(Some("pubkey_run")).0, 200);
}

#[test]
fn upstream_has_no_patch_and_no_public_routes() {
    let p = Project::upstream();
    let a = p.assistant(json!([]));
    let (status, _, text) = p.emu.http(
        "PATCH",
        &format!("/assistants/{a}"),
        Some(&p.pt),
        Some(r#"{"config": {"configurable": {}}}"#),
    );
    assert_eq!(status, 405, "{text}");
    let (status, _, _) = p.emu.http(
        "POST",
        "/public/openai/v1/chat/completions",
        Some("x"),
        Some(r#"{"messages": []}"#),
    );
    assert_eq!(status, 404);
}

/// End to end: publish with a generated token, call as an outsider with the CLI
/// (no credentials anywhere), rotate (the old token fails), unpublish (public calls
/// fail). The token never reaches argv or a trace.
#[test]
fn publish_call_as_an_outsider_rotate_and_unpublish() {
    let p = Project::new();
    p.assistant(json!([]));
    let published = crate::common::run(p.cmd().args(["assistants", "publish", "Helper", "-v"]));
    crate::common::ok(&published);
    let token = published.stdout.trim().to_string();
    assert!(token.starts_with("pubkey_") && token.len() > 40, "{token}");
    assert!(
        !published.stderr.contains(&token),
        "the trace masks it: {}",
        published.stderr
    );
    let patch = p.calls().into_iter().filter(|(m, _)| m == "PATCH").count();
    assert_eq!(patch, 1, "{:?}", p.calls());
    // Shown masked, unless asked for.
    let shown = crate::common::run(p.cmd().args(["assistants", "show", "Helper", "--json"]));
    assert!(!shown.stdout.contains(&token), "{}", shown.stdout);
    let shown = crate::common::run(
        p.cmd()
            .args(["assistants", "show", "Helper", "--show-token"]),
    );
    assert!(shown.stdout.contains(&token), "{}", shown.stdout);
    assert!(shown.stdout.contains("public_token"), "{}", shown.stdout);
    // An outsider: a home with no credentials, the token on stdin.
    let outsider = crate::common::Env::new(&p.emu.url);
    let ask = |t: &str| {
        crate::common::run(
            outsider
                .cmd()
                .args(["ask", "--token-stdin", "--message", "Hi there"])
                .write_stdin(t.to_string()),
        )
    };
    let out = ask(&token);
    crate::common::ok(&out);
    assert_eq!(out.stdout.trim(), "(emulated) You said: Hi there");
    assert!(!outsider.credentials().exists(), "nothing was stored");
    let json_out = crate::common::run(
        outsider
            .cmd()
            .args(["ask", "--message", "Hi", "--json"])
            .env("EPSIMO_PUBLIC_TOKEN", &token),
    );
    crate::common::ok(&json_out);
    let last: Value = serde_json::from_str(json_out.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last, json!({"event": "end", "finish_reason": "stop"}));
    // Each outsider call is in the request log, with how it was answered.
    let answered = |status: u64| {
        p.emu
            .requests()
            .iter()
            .any(|r| r["path"] == "/public/openai/v1/chat/completions" && r["status"] == status)
    };
    assert!(answered(200), "{:?}", p.calls());
    // Rotated: the old token fails, the new one works.
    p.emu.clear_requests();
    let rotated = crate::common::run(
        p.cmd()
            .args(["assistants", "publish", "Helper", "--rotate"]),
    );
    crate::common::ok(&rotated);
    let new_token = rotated.stdout.trim().to_string();
    assert_ne!(new_token, token);
    let out = ask(&token);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("public token was refused"),
        "{}",
        out.stderr
    );
    crate::common::ok(&ask(&new_token));
    let keys = |body: &Value| -> Vec<String> {
        body["config"]["configurable"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let a = &p
        .emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "PATCH")
        .unwrap();
    assert_eq!(
        keys(&a["body"]),
        ["type==agent/access_mode", "type==agent/public_token"]
    );
    assert!(answered(401) && answered(200), "{:?}", p.calls());
    // Unpublished: refused with the guide's words.
    p.emu.clear_requests();
    crate::common::ok(&crate::common::run(p.cmd().args([
        "assistants",
        "unpublish",
        "Helper",
    ])));
    let patch = p
        .emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "PATCH")
        .unwrap();
    assert_eq!(
        patch["body"]["config"]["configurable"],
        json!({"type==agent/access_mode": "authenticated"})
    );
    let out = ask(&new_token);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("not configured for public access"),
        "{}",
        out.stderr
    );
    assert!(answered(403), "{:?}", p.calls());
    // The endpoint and snippets name the token's variable, never a token.
    let ep = crate::common::run(p.cmd().args(["assistants", "endpoint", "Helper"]));
    crate::common::ok(&ep);
    assert!(ep.stdout.contains("/public/openai/v1/chat/completions"));
    assert!(ep.stdout.contains("EPSIMO_PUBLIC_TOKEN") && !ep.stdout.contains(&new_token));
}

/// On a server without PATCH (upstream), publishing falls back to a PUT that keeps
/// every key, and PATCH is not tried again in the process.
#[test]
fn without_patch_the_fallback_put_keeps_every_key() {
    let p = Project::upstream();
    let a = p.assistant(json!([]));
    let before = p
        .emu
        .json("GET", &format!("/assistants/{a}"), Some(&p.pt), None, 200);
    p.emu.clear_requests();
    crate::common::ok(&crate::common::run(p.cmd().args([
        "assistants",
        "publish",
        &a,
        "--no-auth",
    ])));
    let methods: Vec<String> = p.calls().into_iter().map(|(m, _)| m).collect();
    assert_eq!(
        methods.iter().filter(|m| *m == "PATCH").count(),
        1,
        "{methods:?}"
    );
    let put = p.body_of("PUT", &format!("/assistants/{a}"));
    let mut want = before["config"].clone();
    want["configurable"]["type==agent/access_mode"] = json!("public_no_auth");
    assert_eq!(put["config"], want);
    assert_eq!(put["name"], before["name"]);
    assert_eq!(put["public"], before["public"]);
}

/// The platform's account rules: a project's name (100) and description (500) and a
/// purchase (1 to 100,000) are checked before anything is sent, and the emulator
/// enforces the project limits itself.
#[test]
fn the_platforms_limits_are_checked_before_sending_and_enforced() {
    let p = Project::new();
    p.emu.clear_requests();
    let long_name = "n".repeat(101);
    let out = crate::common::run(p.env.cmd().args(["projects", "create", &long_name]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains("at most 100 characters"),
        "{}",
        out.stderr
    );
    let long_description = "d".repeat(501);
    let out = crate::common::run(p.env.cmd().args([
        "projects",
        "create",
        "Fine",
        "--description",
        &long_description,
    ]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    for q in ["0", "100001"] {
        let out =
            crate::common::run(
                p.env
                    .cmd()
                    .args(["credits", "buy", "--quantity", q, "--yes"]),
            );
        assert_eq!(out.code, 5, "{q}: {}", out.stderr);
        assert!(out.stderr.contains("1 to 100000"), "{}", out.stderr);
    }
    assert!(
        p.calls().iter().all(|(m, _)| m == "GET"),
        "nothing was sent: {:?}",
        p.calls()
    );
    // 100 is fine; the emulator itself refuses 101.
    crate::common::ok(&crate::common::run(p.env.cmd().args([
        "projects",
        "create",
        &"n".repeat(100),
    ])));
    let body = json!({"name": long_name, "description": "", "metadata": {}}).to_string();
    let (status, _, _) = p
        .emu
        .http("POST", "/projects/", Some(&p.emu.dev_token()), Some(&body));
    assert_eq!(status, 422);
    let (status, _, _) = p.emu.http(
        "POST",
        "/checkout/create-checkout-session",
        Some(&p.emu.dev_token()),
        Some(r#"{"quantity": 100001, "total_amount": 1.0}"#),
    );
    assert_eq!(status, 422);
}

/// `epsimo ask --assistant`: the platform's own public run, as an outsider with the
/// public token, or with nothing for a `public_no_auth` assistant; streamed like
/// `threads run`, with `--json` events; each call checked in the request log.
#[test]
fn ask_through_public_runs_stream_as_an_outsider() {
    let p = Project::new();
    let a = p.assistant(json!([]));
    let published = crate::common::run(p.cmd().args(["assistants", "publish", "Helper"]));
    crate::common::ok(&published);
    let token = published.stdout.trim().to_string();
    let outsider = crate::common::Env::new(&p.emu.url);
    let ask = |args: &[&str], token: Option<&str>| {
        let mut cmd = outsider.cmd();
        cmd.args(["ask", "--message", "Hi there"]).args(args);
        if let Some(t) = token {
            cmd.env("EPSIMO_PUBLIC_TOKEN", t);
        }
        crate::common::run(&mut cmd)
    };
    p.emu.clear_requests();
    let out = ask(&["--assistant", &a], Some(&token));
    crate::common::ok(&out);
    assert_eq!(out.stdout.trim(), "(emulated) You said: Hi there");
    assert!(!outsider.credentials().exists(), "nothing was stored");
    // One request, to the public route, with the /runs/stream payload (no thread:
    // the server makes one), the public token as the bearer.
    let sent = p.emu.requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        (&sent[0]["method"], &sent[0]["path"]),
        (&json!("POST"), &json!("/public/runs/stream"))
    );
    assert_eq!(sent[0]["body"]["assistant_id"], a.as_str());
    assert!(
        sent[0]["body"].get("thread_id").is_none(),
        "{}",
        sent[0]["body"]
    );
    assert_eq!(sent[0]["body"]["input"][0]["content"], "Hi there");
    assert_eq!(sent[0]["status"], 200);

    // A thread of the assistant is continued; --json streams the events.
    let t = p.emu.thread(&p.pt, &a);
    let out = ask(&["--assistant", &a, "--thread", &t, "--json"], Some(&token));
    crate::common::ok(&out);
    let events: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        events.iter().any(|e| e["event"] == "token"),
        "{}",
        out.stdout
    );
    assert_eq!(events.last().unwrap()["event"], "end", "{}", out.stdout);
    assert_eq!(
        p.body_of("POST", "/public/runs/stream")["thread_id"],
        t.as_str()
    );

    // No token, or a wrong one: refused (exit 4), the guide's words kept.
    let out = ask(&["--assistant", &a], None);
    assert_eq!(out.code, 4, "{}", out.stderr);
    let out = ask(&["--assistant", &a], Some("pubkey_wrong"));
    assert_eq!(out.code, 4, "{}", out.stderr);
    // An id that is not one is refused unsent.
    p.emu.clear_requests();
    let out = ask(&["--assistant", "Helper"], Some(&token));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(p.emu.requests().is_empty());

    // public_no_auth: nothing but the assistant id.
    crate::common::ok(&crate::common::run(p.cmd().args([
        "assistants",
        "publish",
        "Helper",
        "--no-auth",
    ])));
    p.emu.clear_requests();
    let out = ask(&["--assistant", &a], None);
    crate::common::ok(&out);
    assert_eq!(out.stdout.trim(), "(emulated) You said: Hi there");
    let sent = p.emu.requests();
    assert!(
        sent[0]["headers"].get("authorization").is_none(),
        "{}",
        sent[0]
    );

    // Back to authenticated: public runs are refused with the guide's words.
    crate::common::ok(&crate::common::run(p.cmd().args([
        "assistants",
        "unpublish",
        "Helper",
    ])));
    let out = ask(&["--assistant", &a], None);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("not configured for public access"),
        "{}",
        out.stderr
    );
}

/// `epsimo.yaml` publishes too: `access: public_token` with the token from an
/// environment variable, never from the file; the plan and `-v` never show it.
#[test]
fn the_manifest_publishes_with_a_token_from_the_environment() {
    use crate::common::{manifest_dir, ok, run, write_manifest};
    let p = Project::new();
    let text = format!(
        "project_id: {}\nassistants:\n  - name: Support\n    instructions: Be kind.\n    access: public_token\n    public_token: ${{SUPPORT_PUBLIC_TOKEN}}\n",
        p.pid
    );
    let dir = manifest_dir(&text);
    let first = "pubkey_first0123456789abcdefghijklmnopqrstuv";
    let deploy = |token: &str, args: &[&str]| {
        run(p
            .cmd()
            .arg("deploy")
            .args(args)
            .current_dir(dir.path())
            .env("SUPPORT_PUBLIC_TOKEN", token))
    };
    let out = deploy(first, &["-v"]);
    ok(&out);
    assert!(
        !out.stderr.contains(first) && !out.stdout.contains(first),
        "{}",
        out.stderr
    );
    let sent = p.body_of("POST", "/assistants/");
    assert_eq!(
        sent["config"]["configurable"]["type==agent/access_mode"],
        "public_token"
    );
    // The request log redacts it; the outsider's call below proves which it was.
    assert!(sent["config"]["configurable"]["type==agent/public_token"].is_string());
    // An outsider calls it with that token.
    let outsider = crate::common::Env::new(&p.emu.url);
    let ask = |token: &str| {
        run(outsider
            .cmd()
            .args(["ask", "--message", "Hi there"])
            .env("EPSIMO_PUBLIC_TOKEN", token))
    };
    ok(&ask(first));
    // Deployed again with the same variable: nothing to do.
    let out = deploy(first, &["--dry-run", "--exit-code"]);
    ok(&out);
    // A new value: the plan says a new token, never either token; after the
    // deploy, only the new one works.
    let second = "pubkey_second123456789abcdefghijklmnopqrstu";
    let out = deploy(second, &["--dry-run", "--json"]);
    assert!(out.stdout.contains("public_token"), "{}", out.stdout);
    assert!(
        !out.stdout.contains(first) && !out.stdout.contains(second),
        "{}",
        out.stdout
    );
    p.emu.clear_requests();
    ok(&deploy(second, &[]));
    let patch = p
        .emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "PATCH")
        .unwrap();
    let keys: Vec<&String> = patch["body"]["config"]["configurable"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["type==agent/public_token"], "only the token changed");
    assert_eq!(ask(first).code, 4);
    ok(&ask(second));

    // A token written in the file is refused before anything is sent, and so is a
    // mode the platform does not have.
    for (bad, says) in [
        (
            "    access: public_token\n    public_token: pubkey_written_in_the_file\n",
            "never the token itself",
        ),
        (
            "    access: public\n",
            "`access` is one of authenticated, public_token, public_no_auth",
        ),
        (
            "    public_token: ${SUPPORT_PUBLIC_TOKEN}\n",
            "goes with `access: public_token`",
        ),
    ] {
        write_manifest(
            dir.path(),
            format!(
                "project_id: {}\nassistants:\n  - name: Support\n{bad}",
                p.pid
            ),
        );
        p.emu.clear_requests();
        let out = deploy(second, &[]);
        assert_eq!(out.code, 5, "{}", out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
        assert!(p.emu.requests().is_empty(), "{:?}", p.calls());
    }
    // Back to authenticated from the manifest: public calls are refused.
    write_manifest(
        dir.path(),
        format!(
            "project_id: {}\nassistants:\n  - name: Support\n    access: authenticated\n",
            p.pid
        ),
    );
    ok(&deploy(second, &[]));
    assert_eq!(ask(second).code, 4);
}
