//! `epsimo projects`, output modes and exit codes against the emulator.

use crate::common::{Emu, Env, run};
use serde_json::{Value, json};

fn logged_in() -> (Emu, Env) {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    emu.clear_requests();
    (emu, env)
}

#[test]
fn empty_list_is_success_with_nothing_on_stdout() {
    // The platform gives every account a project `main`; an account of another
    // server (upstream mode here) can have none.
    let emu = Emu::with(epsimo::emulator::Config {
        mode: epsimo::cli::Mode::Upstream,
        ..Default::default()
    });
    let env = Env::new(&emu.url);
    env.login();
    let out = run(env.cmd().arg("projects"));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
    let out = run(env.cmd().args(["projects", "--json"]));
    assert_eq!(out.stdout, "[]\n");
}

#[test]
fn create_list_show_update_in_every_output_mode() {
    let (emu, env) = logged_in();
    let out = run(env.cmd().args([
        "projects",
        "create",
        "Support Bot",
        "--description",
        "helps",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let id = out.stdout.trim().to_string();
    assert_eq!(id.len(), 36, "the new id alone on stdout: {:?}", out.stdout);
    assert!(out.stderr.contains("Created project Support Bot"));
    let sent = emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "POST")
        .unwrap();
    assert_eq!(sent["path"], "/projects/");
    assert_eq!(
        sent["body"],
        json!({"name": "Support Bot", "description": "helps", "metadata": {}})
    );

    // Piped: tab-separated, no header; the account's `main` (made at sign-up)
    // comes first, oldest first.
    let out = run(env.cmd().arg("projects"));
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    let last = out.stdout.lines().nth(1).unwrap();
    let cells: Vec<&str> = last.split('\t').collect();
    assert_eq!(&cells[..3], [id.as_str(), "Support Bot", "helps"]);
    assert_eq!(
        out.stdout.lines().next().unwrap().split('\t').nth(1),
        Some("main")
    );
    // JSON, compact when piped; --jq prints strings raw.
    let out = run(env.cmd().args(["projects", "--json"]));
    assert_eq!(out.stdout.lines().count(), 1);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[1]["project_id"], id);
    let out = run(env.cmd().args(["projects", "list", "--jq", ".[1].name"]));
    assert_eq!(out.stdout, "Support Bot\n");
    let out = run(env
        .cmd()
        .args(["projects", "--jq", "map({id: .project_id}) | .[1:]"]));
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap(),
        json!([{"id": id}])
    );

    // show: never leaks the project token.
    let out = run(env.cmd().args(["projects", "show", &id, "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["name"], "Support Bot");
    assert!(v.get("access_token").is_none() && !out.stdout.contains("eyJ"));
    let out = run(env.cmd().args(["projects", "show", &id]));
    assert!(
        out.stdout.contains("Name:") && out.stdout.contains("Support Bot"),
        "{}",
        out.stdout
    );

    let out = run(env
        .cmd()
        .args(["projects", "update", &id, "--name", "Renamed", "--json"]));
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap()["name"],
        "Renamed"
    );
    assert_eq!(run(env.cmd().args(["projects", "update", &id])).code, 2);
}

#[test]
fn delete_needs_yes_without_a_terminal_and_sends_confirm() {
    let (emu, env) = logged_in();
    let user = emu.dev_token();
    let (id, _) = emu.project(&user, "Doomed");
    emu.clear_requests();
    let out = run(env.cmd().args(["projects", "delete", &id]).write_stdin(""));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--yes"), "{}", out.stderr);
    assert!(
        emu.requests().is_empty(),
        "nothing sent without confirmation"
    );
    let out = run(env.cmd().args(["projects", "delete", &id, "--yes"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let del = emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "DELETE")
        .unwrap();
    assert_eq!(del["query"], "confirm=true");
    assert_eq!(run(env.cmd().args(["projects", "show", &id])).code, 3);
}

#[test]
fn exit_codes_come_from_real_scenarios() {
    let (emu, env) = logged_in();
    // 2: usage
    let out = run(env.cmd().args(["projects", "--no-such-flag"]));
    assert_eq!(out.code, 2);
    let out = run(env
        .cmd()
        .arg("whoami")
        .env("EPSIMO_API_URL", "http://api.example.com"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("plain HTTP"), "{}", out.stderr);
    // 3: not found
    let out = run(env
        .cmd()
        .args(["projects", "show", "1c355290-bf58-4308-bffd-2105ee87030f"]));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("Project not found"), "{}", out.stderr);
    // 4: permission denied on another user's project
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "o@example.com", "password": "password1"})),
        200,
    );
    let other = emu.login("o@example.com", "password1");
    let (theirs, _) = emu.project(&other, "theirs");
    assert_eq!(run(env.cmd().args(["projects", "show", &theirs])).code, 4);
    // 5: invalid input rejected by the API
    let out = run(env.cmd().args(["projects", "create", ""]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    // 6: 503 after retries
    emu.fault(json!({"method": "GET", "path": "/projects/", "times": 0, "action": "status", "status": 503}));
    let out = run(env.cmd().arg("projects").env("EPSIMO_MAX_RETRIES", "2"));
    assert_eq!(out.code, 6, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr.matches("retrying in").count(),
        2,
        "{}",
        out.stderr
    );
    // 6: nothing listening
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    // (A token given in the environment: the stored one is bound to its own API.)
    let out = run(env
        .cmd()
        .arg("projects")
        .env("EPSIMO_API_URL", format!("http://127.0.0.1:{closed}"))
        .env("EPSIMO_TOKEN", "t")
        .env("EPSIMO_MAX_RETRIES", "1"));
    assert_eq!(out.code, 6, "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot reach the API"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint:"));
}

#[test]
fn retry_honours_retry_after_then_succeeds() {
    let (emu, env) = logged_in();
    emu.fault(json!({"method": "GET", "path": "/projects/", "times": 1, "action": "status", "status": 429, "retry_after": "1"}));
    let out = run(env.cmd().args(["projects", "--json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("HTTP 429 on GET /projects/; retrying in 1.0s"),
        "{}",
        out.stderr
    );
    let listed: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(listed[0]["name"], "main", "{}", out.stdout);
    let gets = emu
        .requests()
        .iter()
        .filter(|r| r["path"] == "/projects/")
        .count();
    assert_eq!(gets, 2);
}

#[test]
fn rate_limit_beyond_the_budget_gives_up_at_once() {
    let (emu, env) = logged_in();
    emu.fault(json!({"path": "/projects/", "times": 0, "action": "status", "status": 429, "retry_after": "3600"}));
    let started = std::time::Instant::now();
    let out = run(env.cmd().arg("projects"));
    assert_eq!(out.code, 6, "{}", out.stderr);
    assert!(out.stderr.contains("rate limited"), "{}", out.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn posts_are_not_retried_once_sent() {
    let (emu, env) = logged_in();
    emu.fault(json!({"method": "POST", "path": "/projects/", "action": "status", "status": 503}));
    let out = run(env.cmd().args(["projects", "create", "Once"]));
    assert_eq!(out.code, 6, "{}", out.stderr);
    let posts = emu
        .requests()
        .iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[test]
fn broken_responses_are_clear_errors() {
    let (emu, env) = logged_in();
    let cases = [
        (
            json!({"path": "/projects/", "action": "malformed"}),
            1,
            "not valid JSON",
        ),
        (json!({"path": "/projects/", "action": "empty"}), 1, "empty"),
        (
            json!({"path": "/projects/", "times": 0, "action": "status", "status": 502, "body": "<html><h1>502 Bad Gateway</h1></html>", "content_type": "text/html"}),
            6,
            "HTML page",
        ),
        (
            json!({"path": "/projects/", "times": 0, "action": "drop"}),
            6,
            "broke",
        ),
    ];
    for (fault, code, words) in cases {
        emu.json("DELETE", "/_emulator/faults", None, None, 200);
        emu.fault(fault.clone());
        let out = run(env
            .cmd()
            .args(["projects", "--json"])
            .env("EPSIMO_MAX_RETRIES", "1"));
        assert_eq!(out.code, code, "{fault}: {}", out.stderr);
        assert!(out.stderr.contains(words), "{fault}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{fault}: stdout holds nothing");
        assert!(!out.stderr.contains("<html>"), "no raw HTML dump");
    }
}

#[test]
fn a_stalled_server_hits_the_read_timeout() {
    let (emu, env) = logged_in();
    emu.fault(json!({"path": "/projects/", "action": "delay", "ms": 5000}));
    let out = run(env.cmd().arg("projects").env("EPSIMO_READ_TIMEOUT", "0.5"));
    assert_eq!(out.code, 6, "{}", out.stderr);
    assert!(
        out.stderr.contains("did not answer within 0.5s"),
        "{}",
        out.stderr
    );
}

#[test]
fn server_text_is_stripped_of_terminal_escapes() {
    let (emu, env) = logged_in();
    let user = emu.dev_token();
    emu.project(&user, "evil\u{1b}]0;pwned\u{7}\u{1b}[31mred");
    let out = run(env.cmd().arg("projects"));
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(out.stdout.contains("evilred"), "{:?}", out.stdout);
    // JSON keeps the data exactly (escaped), for programs.
    let out = run(env.cmd().args(["projects", "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v[1]["name"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn help_topics_list_environment_and_exit_codes() {
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env.cmd().args(["help", "environment"]));
    assert_eq!(out.code, 0);
    for (name, _) in epsimo::env::VARS {
        assert!(out.stdout.contains(name), "{name}");
    }
    let out = run(env.cmd().args(["help", "exit-codes"]));
    for (code, _) in epsimo::error::Exit::TABLE {
        assert!(out.stdout.contains(&format!("{code:>3}  ")), "{code}");
    }
    let out = run(env.cmd().args(["help", "auth", "login"]));
    assert!(out.stdout.contains("--password-stdin"));
    assert_eq!(run(env.cmd().args(["help", "nope"])).code, 2);
}

#[test]
fn project_scoped_calls_cache_the_project_token() {
    let (emu, env) = logged_in();
    let user = emu.dev_token();
    let (pid, _) = emu.project(&user, "cached");
    emu.clear_requests();
    let out = run(env
        .cmd()
        .args(["api", "/assistants/", "--project-id", &pid]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "[]\n");
    let log = emu.requests();
    let seen: Vec<(String, String)> = log
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["auth_scope"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (format!("/projects/{pid}"), "user".into()),
            ("/assistants/".into(), "project".into())
        ]
    );
    // The requests a fresh process makes to list the project's assistants.
    let list_calls = || {
        emu.clear_requests();
        let out = run(env
            .cmd()
            .args(["api", "/assistants/", "--project-id", &pid]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        emu.calls()
    };
    // A second process finds the token in the store: one request, not two.
    assert_eq!(list_calls(), ["GET /assistants/"]);
    let mut stored = env.stored();
    assert!(stored["profiles"]["local"]["project_tokens"][&pid]["expires_at"].is_i64());
    // An expired cached token is not used: it is fetched again.
    stored["profiles"]["local"]["project_tokens"][&pid]["expires_at"] = json!(1);
    std::fs::write(env.credentials(), stored.to_string()).unwrap();
    assert_eq!(
        list_calls(),
        [format!("GET /projects/{pid}"), "GET /assistants/".into()]
    );
}

#[test]
fn a_project_token_from_the_environment_needs_no_lookup() {
    let (emu, env) = logged_in();
    let user = emu.dev_token();
    let (pid, pt) = emu.project(&user, "ci");
    emu.clear_requests();
    let out = run(env
        .cmd()
        .args(["api", "/threads/", "--project-id", &pid])
        .env("EPSIMO_PROJECT_TOKEN", &pt));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(emu.requests().len(), 1);
    // Commands that need a user token say so.
    let fresh = Env::new(&emu.url);
    let out = run(fresh.cmd().arg("whoami").env("EPSIMO_PROJECT_TOKEN", &pt));
    assert_eq!(out.code, 4);
    assert!(out.stderr.contains("needs a user token"), "{}", out.stderr);
}

#[test]
fn typed_commands_fall_back_to_the_other_slash_form_on_405_and_api_does_not() {
    let emu = Emu::with(epsimo::emulator::Config {
        faults: true,
        path_style: epsimo::cli::PathStyle::Opengpts,
        ..Default::default()
    });
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let (pid, _) = emu.project(&user, "upstream");
    emu.clear_requests();
    let posts = || -> Vec<Value> {
        emu.requests()
            .iter()
            .filter(|r| r["method"] == "POST")
            .map(|r| r["path"].clone())
            .collect()
    };
    let out = run(env.cmd().args([
        "assistants",
        "create",
        "--name",
        "Fallback",
        "--project-id",
        &pid,
        "--json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&out.stdout).unwrap()["name"],
        "Fallback"
    );
    assert_eq!(posts(), [json!("/assistants/"), json!("/assistants")]);
    // A raw call goes where it was told and reports the 405 as it came.
    emu.clear_requests();
    let out = run(env.cmd().args([
        "api",
        "/assistants/",
        "-X",
        "POST",
        "--project-id",
        &pid,
        "-f",
        "name=Raw",
        "-f",
        r#"config={"configurable": {}}"#,
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("HTTP 405"), "{}", out.stderr);
    assert_eq!(posts(), [json!("/assistants/")]);
}
