//! The emulator over real HTTP, endpoint by endpoint, against the contract.

use std::time::{Duration, Instant};

use crate::common::{DEV_EMAIL, DEV_PASSWORD, Emu, fixture};
use epsimo::cli::{PathStyle, ThreadsShape};
use epsimo::emulator::Config;
use serde_json::{Value, json};

fn body_of(fixture_name: &str) -> String {
    let raw = String::from_utf8(fixture(fixture_name)).unwrap();
    raw.split_once("\r\n\r\n").unwrap().1.to_string()
}

#[test]
fn health_and_unknown_routes_answer_json() {
    let emu = Emu::start();
    assert_eq!(
        emu.json("GET", "/health", None, None, 200),
        json!({"status": "ok"})
    );
    assert_eq!(emu.json("GET", "/ok", None, None, 200), json!({"ok": true}));
    assert_eq!(
        emu.json("GET", "/no/such/route", None, None, 404),
        json!({"detail": "Not Found"})
    );
}

#[test]
fn signup_login_and_real_jwts() {
    let emu = Emu::start();
    let creds = json!({"email": "new@example.com", "password": "long enough"});
    let v = emu.json("POST", "/auth/signup", None, Some(creds.clone()), 200);
    assert_eq!(v["email"], "new@example.com");
    let again = emu.json("POST", "/auth/signup", None, Some(creds.clone()), 400);
    assert_eq!(again["detail"], "User already exists");
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "x@y.z", "password": "short"})),
        400,
    );
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "not-an-email", "password": "long enough"})),
        400,
    );
    let missing = emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "a@b.co"})),
        422,
    );
    assert_eq!(missing["detail"][0]["loc"], json!(["body", "password"]));
    assert_eq!(missing["detail"][0]["msg"], "Field required");

    let login = emu.json("POST", "/auth/login", None, Some(creds), 200);
    let token = login["access_token"].as_str().unwrap();
    assert_eq!(login["jwt_token"], token);
    assert_eq!(login["token"], token);
    assert_eq!(token.split('.').count(), 3, "header.payload.signature");
    let exp = epsimo::api::token::jwt_exp(token).unwrap();
    let now = chrono::Utc::now().timestamp();
    assert!(
        (exp - now - 30 * 24 * 3600).abs() < 10,
        "exp 30 days ahead, as the platform's guide says"
    );
    // The guide's login answer also names the account's main assistant and thread.
    assert!(
        login["main_agent_id"]
            .as_str()
            .is_some_and(|s| s.len() == 36),
        "{login}"
    );
    assert!(
        login["main_thread_id"]
            .as_str()
            .is_some_and(|s| s.len() == 36),
        "{login}"
    );
    let bad = emu.json(
        "POST",
        "/auth/login",
        None,
        Some(json!({"email": "new@example.com", "password": "wrong"})),
        401,
    );
    assert!(bad["detail"].is_string());
}

#[test]
fn tokens_expire_and_bad_tokens_are_401() {
    let emu = Emu::with(Config {
        token_ttl: 1,
        faults: true,
        ..Config::default()
    });
    let token = emu.dev_token();
    emu.json("GET", "/auth/thread-info", Some(&token), None, 200);
    std::thread::sleep(Duration::from_millis(2100));
    let v = emu.json("GET", "/auth/thread-info", Some(&token), None, 401);
    assert_eq!(v["detail"], "Token has expired");
    let v = emu.json("GET", "/auth/thread-info", None, None, 401);
    assert_eq!(v["detail"], "Not authenticated");
    let forged = format!("{}x", emu.dev_token());
    emu.json("GET", "/auth/thread-info", Some(&forged), None, 401);
}

#[test]
fn thread_info_counts_threads() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let info = emu.json("GET", "/auth/thread-info", Some(&user), None, 200);
    assert_eq!(info["email"], DEV_EMAIL);
    assert_eq!(info["thread_counter"], 0);
    assert_eq!(info["thread_max"], 100);
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    emu.thread(&pt, &a);
    emu.thread(&pt, &a);
    let info = emu.json("GET", "/auth/thread-info", Some(&user), None, 200);
    assert_eq!(info["thread_counter"], 2);
}

#[test]
fn projects_crud_and_project_tokens() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let first = emu.json("GET", "/projects/", Some(&user), None, 200);
    let names: Vec<&Value> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["name"])
        .collect();
    assert_eq!(names, [&json!("main")], "every account starts with `main`");
    let p = emu.json(
        "POST",
        "/projects/",
        Some(&user),
        Some(json!({"name": "One", "description": "d", "metadata": {}})),
        200,
    );
    let id = p["project_id"].as_str().unwrap();
    assert_eq!(p["name"], "One");
    let list = emu.json("GET", "/projects/", Some(&user), None, 200);
    assert_eq!(list[1]["project_id"], id, "after `main`");
    let full = emu.json("GET", &format!("/projects/{id}"), Some(&user), None, 200);
    let pt = full["access_token"].as_str().unwrap();
    let claims = pt.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["project_id"], id);
    assert_eq!(claims["scope"], "project");
    let upd = emu.json(
        "PUT",
        &format!("/projects/{id}"),
        Some(&user),
        Some(json!({"name": "Two", "metadata": {}})),
        200,
    );
    assert_eq!(
        (upd["name"].as_str(), upd["description"].as_str()),
        (Some("Two"), Some("d"))
    );
    let refused = emu.json("DELETE", &format!("/projects/{id}"), Some(&user), None, 400);
    assert!(refused["detail"].as_str().unwrap().contains("confirm=true"));
    emu.json(
        "DELETE",
        &format!("/projects/{id}?confirm=true"),
        Some(&user),
        None,
        200,
    );
    emu.json("GET", &format!("/projects/{id}"), Some(&user), None, 404);
    emu.json(
        "POST",
        "/projects/",
        Some(&user),
        Some(json!({"name": ""})),
        422,
    );
}

#[test]
fn a_project_token_opens_only_its_own_project() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt_a) = emu.project(&user, "A");
    let (_, pt_b) = emu.project(&user, "B");
    let asst_b = emu.assistant(&pt_b, "b", json!([]));
    let thread_b = emu.thread(&pt_b, &asst_b);
    // A's token does not see B's resources.
    assert_eq!(
        emu.json("GET", "/assistants/", Some(&pt_a), None, 200),
        json!([])
    );
    assert_eq!(
        emu.json("GET", "/threads/", Some(&pt_a), None, 200),
        json!([])
    );
    emu.json(
        "GET",
        &format!("/assistants/{asst_b}"),
        Some(&pt_a),
        None,
        403,
    );
    emu.json(
        "GET",
        &format!("/threads/{thread_b}"),
        Some(&pt_a),
        None,
        403,
    );
    emu.json(
        "GET",
        &format!("/threads/{thread_b}/state"),
        Some(&pt_a),
        None,
        403,
    );
    emu.json(
        "POST",
        &format!("/threads/{thread_b}/state"),
        Some(&pt_a),
        Some(json!({"values": {"k": 1}})),
        403,
    );
    emu.json(
        "DELETE",
        &format!("/threads/{thread_b}"),
        Some(&pt_a),
        None,
        403,
    );
    emu.json(
        "POST",
        "/threads/",
        Some(&pt_a),
        Some(json!({"name": "x", "assistant_id": asst_b})),
        403,
    );
    // User tokens do not open project endpoints, project tokens not user endpoints.
    emu.json("GET", "/assistants/", Some(&user), None, 403);
    emu.json("GET", "/projects/", Some(&pt_a), None, 403);
    // Another user's project is refused.
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "other@example.com", "password": "password1"})),
        200,
    );
    let other = emu.login("other@example.com", "password1");
    let theirs = emu.json("GET", "/projects/", Some(&other), None, 200);
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    assert_eq!(theirs[0]["name"], "main", "only their own `main`");
    let pid_a = emu.json("GET", "/projects/", Some(&user), None, 200)[0]["project_id"]
        .as_str()
        .unwrap()
        .to_string();
    emu.json(
        "GET",
        &format!("/projects/{pid_a}"),
        Some(&other),
        None,
        403,
    );
}

#[test]
fn assistants_crud_with_full_replace() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let body = json!({"name": "Support", "public": true, "config": {"configurable": {"type": "agent",
        "type==agent/tools": [{"id": "x", "type": "retrieval", "name": "Retrieval", "description": "", "config": {}}]}}});
    let a = emu.json("POST", "/assistants/", Some(&pt), Some(body), 200);
    let id = a["assistant_id"].as_str().unwrap();
    assert_eq!(a["public"], true);
    let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
    assert_eq!(
        &keys[..6],
        [
            "assistant_id",
            "user_id",
            "name",
            "config",
            "updated_at",
            "public"
        ]
    );
    assert_eq!(
        emu.json("GET", "/assistants/", Some(&pt), None, 200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        emu.json("GET", &format!("/assistants/{id}"), Some(&pt), None, 200)["name"],
        "Support"
    );
    // A PUT without `public` resets it: the update is a full replace.
    let put = emu.json(
        "PUT",
        &format!("/assistants/{id}"),
        Some(&pt),
        Some(json!({"name": "Renamed", "config": {"configurable": {}}})),
        200,
    );
    assert_eq!(put["public"], false);
    assert_eq!(put["name"], "Renamed");
    // Delete answers ok, also for an unknown id; then 404.
    assert_eq!(
        emu.json("DELETE", &format!("/assistants/{id}"), Some(&pt), None, 200),
        json!({"status": "ok"})
    );
    assert_eq!(
        emu.json(
            "DELETE",
            "/assistants/b5f5eccf-223a-4133-8439-a279507d8bed",
            Some(&pt),
            None,
            200
        ),
        json!({"status": "ok"})
    );
    let gone = emu.json("GET", &format!("/assistants/{id}"), Some(&pt), None, 404);
    assert_eq!(gone, json!({"detail": "Assistant not found"}));
    let bad = emu.http(
        "POST",
        "/assistants/",
        Some(&pt),
        Some("{\"name\": \"x\", \"config\": {"),
    );
    assert_eq!(bad.0, 422);
    assert!(bad.2.contains("json_invalid"));
}

#[test]
fn files_upload_list_delete_multipart() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let url = format!("{}/assistants/{a}/files", emu.url);
    let uploaded: Value = emu.rt.block_on(async {
        let form = reqwest::multipart::Form::new()
            .part(
                "files",
                reqwest::multipart::Part::bytes(b"The secret word is pineapple.".to_vec())
                    .file_name("doc.txt"),
            )
            .part(
                "files",
                reqwest::multipart::Part::bytes(vec![0u8; 10]).file_name("b.bin"),
            );
        let r = reqwest::Client::new()
            .post(&url)
            .bearer_auth(&pt)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    });
    assert_eq!(uploaded["files"].as_array().unwrap().len(), 2);
    let list = emu.json(
        "GET",
        &format!("/assistants/{a}/files"),
        Some(&pt),
        None,
        200,
    );
    assert_eq!(list[0]["filename"], "doc.txt");
    assert_eq!(list[0]["size"], 29);
    let fid = list[0]["file_id"].as_str().unwrap();
    emu.json(
        "DELETE",
        &format!("/assistants/{a}/files/{fid}"),
        Some(&pt),
        None,
        200,
    );
    emu.json(
        "DELETE",
        &format!("/assistants/{a}/files/{fid}"),
        Some(&pt),
        None,
        404,
    );
    assert_eq!(
        emu.json(
            "GET",
            &format!("/assistants/{a}/files"),
            Some(&pt),
            None,
            200
        )
        .as_array()
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn threads_state_is_the_virtual_database() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    let thread = emu.json("GET", &format!("/threads/{t}"), Some(&pt), None, 200);
    assert_eq!(thread["assistant_id"], a);
    assert_eq!(thread["metadata"]["type"], "thread");
    // A new thread: values null, as upstream.
    let (_, _, raw) = emu.http("GET", &format!("/threads/{t}/state"), Some(&pt), None);
    assert_eq!(raw, body_of("08-threads-state-empty.http"));
    assert_eq!(
        emu.json(
            "GET",
            &format!("/threads/{t}/history"),
            Some(&pt),
            None,
            200
        ),
        json!([])
    );
    // POST merges into the top level and answers null.
    let (status, _, raw) = emu.http(
        "POST",
        &format!("/threads/{t}/state"),
        Some(&pt),
        Some(r#"{"values": {"status": "active"}, "config": {}}"#),
    );
    assert_eq!((status, raw.as_str()), (200, "null"));
    emu.http(
        "POST",
        &format!("/threads/{t}/state"),
        Some(&pt),
        Some(r#"{"values": {"prefs": {"theme": "dark"}}, "config": {}}"#),
    );
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert_eq!(state["values"]["status"], "active");
    assert_eq!(state["values"]["prefs"], json!({"theme": "dark"}));
    assert_eq!(state["values"]["messages"], json!([]));
    let history = emu.json(
        "GET",
        &format!("/threads/{t}/history"),
        Some(&pt),
        None,
        200,
    );
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert!(history[0]["values"].get("prefs").is_some(), "newest first");
    assert_eq!(history[0]["parent"], history[1]["config"]);
    emu.json(
        "POST",
        &format!("/threads/{t}/state"),
        Some(&pt),
        Some(json!({"values": 5})),
        422,
    );
    // Rename, delete (ok even when unknown), then 404 as upstream words it.
    assert_eq!(
        emu.json(
            "PUT",
            &format!("/threads/{t}"),
            Some(&pt),
            Some(json!({"name": "renamed"})),
            200
        )["name"],
        "renamed"
    );
    let (_, _, raw) = emu.http("DELETE", &format!("/threads/{t}"), Some(&pt), None);
    assert_eq!(raw, body_of("60-threads-delete.http"));
    let (status, _, raw) = emu.http("GET", &format!("/threads/{t}"), Some(&pt), None);
    assert_eq!(status, 404);
    assert_eq!(raw, body_of("21-threads-get-random-uuid.http"));
}

#[test]
fn deleting_the_assistant_leaves_threads_without_one() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    emu.json("DELETE", &format!("/assistants/{a}"), Some(&pt), None, 200);
    assert_eq!(
        emu.json("GET", &format!("/threads/{t}"), Some(&pt), None, 200)["assistant_id"],
        Value::Null
    );
    assert_eq!(
        emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 400),
        json!({"detail": "Thread has no assistant"})
    );
}

#[test]
fn threads_list_in_both_shapes() {
    for (shape, wrapped) in [(ThreadsShape::List, false), (ThreadsShape::Object, true)] {
        let emu = Emu::with(Config {
            threads_shape: shape,
            ..Config::default()
        });
        let user = emu.dev_token();
        let (_, pt) = emu.project(&user, "p");
        let a = emu.assistant(&pt, "a", json!([]));
        emu.thread(&pt, &a);
        let v = emu.json("GET", "/threads/", Some(&pt), None, 200);
        if wrapped {
            assert_eq!(v["total"], 1);
            assert_eq!(v["threads"].as_array().unwrap().len(), 1);
        } else {
            assert_eq!(v.as_array().unwrap().len(), 1);
        }
    }
}

#[test]
fn opengpts_path_style_answers_405_with_allow_like_upstream() {
    let emu = Emu::with(Config {
        path_style: PathStyle::Opengpts,
        ..Config::default()
    });
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let body = r#"{"name": "x", "config": {"configurable": {}}}"#;
    let (status, headers, raw) = emu.http("POST", "/assistants/", Some(&pt), Some(body));
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "GET,HEAD");
    assert_eq!(raw, body_of("22-assistants-post-trailing-slash.http"));
    let (status, headers, raw) = emu.http("GET", "/assistants", Some(&pt), None);
    assert_eq!(status, 405);
    assert_eq!(headers["allow"], "POST");
    assert_eq!(raw, body_of("29-assistants-list-no-trailing-slash.http"));
    let (status, _, _) = emu.http("POST", "/assistants", Some(&pt), Some(body));
    assert_eq!(status, 200);
}

#[test]
fn tools_catalogue_health_and_checkout() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let tools = emu.json("GET", "/tools/", Some(&user), None, 200);
    let types: Vec<&str> = tools
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    for t in [
        "retrieval",
        "search_tavily",
        "search_tavily_answer",
        "ddg_search",
        "arxiv",
        "pubmed",
        "wikipedia",
        "dall_e",
        "you_search",
        "sec_filings_kai_ai",
        "press_releases_kai_ai",
    ] {
        assert!(types.contains(&t), "{t}");
    }
    assert_eq!(
        emu.json("GET", "/health/tool/retrieval", Some(&user), None, 200)["status"],
        "healthy"
    );
    emu.json("GET", "/health/tool/nope", Some(&user), None, 404);
    let c = emu.json(
        "POST",
        "/checkout/create-checkout-session",
        Some(&user),
        Some(json!({"quantity": 1000, "total_amount": 80.0})),
        200,
    );
    let url = url::Url::parse(c["url"].as_str().unwrap()).expect("a well-formed URL");
    assert!(c["session_id"].as_str().unwrap().starts_with("cs_"));
    assert_eq!(c["total_amount"], 80.0);
    let (status, _, page) = emu.http("GET", url.path(), None, None);
    assert_eq!(status, 200);
    assert!(page.contains("no payment"));
    emu.json(
        "POST",
        "/checkout/create-checkout-session",
        Some(&user),
        Some(json!({"quantity": 0})),
        422,
    );
}

#[test]
fn huge_bodies_get_413_and_the_server_survives() {
    let emu = Emu::with(Config {
        max_body: 1024,
        ..Config::default()
    });
    let big = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(5000)
    );
    let (status, _, body) = emu.http("POST", "/auth/login", None, Some(&big));
    assert_eq!(status, 413);
    assert!(serde_json::from_str::<Value>(&body).unwrap()["detail"].is_string());
    let (status, _, _) = emu.http("POST", "/auth/login", None, Some("[1, 2"));
    assert_eq!(status, 422);
    let (status, _, _) = emu.http(
        "POST",
        "/auth/login",
        None,
        Some(r#"{"email": 5, "password": []}"#),
    );
    assert_eq!(status, 422);
    emu.dev_token();
}

#[test]
fn cors_preflight_and_headers() {
    let emu = Emu::start();
    let resp = emu.rt.block_on(async {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, format!("{}/threads/", emu.url))
            .header("origin", "http://localhost:3000")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await
            .unwrap()
    });
    assert!(resp.status().is_success());
    assert!(resp.headers().contains_key("access-control-allow-origin"));
    assert!(resp.headers().contains_key("access-control-allow-methods"));
}

#[test]
fn admin_endpoints_exist_only_with_faults() {
    let emu = Emu::with(Config::default());
    emu.json("GET", "/_emulator/requests", None, None, 404);
    emu.json(
        "POST",
        "/_emulator/faults",
        None,
        Some(json!({"path": "/x", "action": "drop"})),
        404,
    );
}

#[test]
fn request_log_redacts_secrets() {
    let emu = Emu::start();
    let user = emu.login(DEV_EMAIL, DEV_PASSWORD);
    emu.json("GET", "/projects/", Some(&user), None, 200);
    let log = emu.requests();
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(DEV_PASSWORD), "password in the log");
    assert!(!text.contains(&user), "token in the log");
    assert_eq!(log[0]["path"], "/auth/login");
    assert_eq!(log[0]["body"]["email"], DEV_EMAIL);
    assert_eq!(log[1]["auth_scope"], "user");
    assert_eq!(log[1]["headers"]["authorization"], "[redacted]");
}

#[test]
fn the_request_log_says_how_each_request_was_answered_and_how_fast() {
    let emu = Emu::start();
    let user = emu.dev_token();
    // 30 ms injected: the log's duration sees it.
    emu.fault(
        json!({"method": "GET", "path": "/projects/", "times": 1, "action": "delay", "ms": 30}),
    );
    emu.clear_requests();
    emu.json("GET", "/projects/", Some(&user), None, 200);
    emu.http("GET", "/projects/nope", Some(&user), None);
    let log = emu.requests();
    assert_eq!(log[0]["status"], 200);
    let took = log[0]["duration_ms"].as_f64().unwrap();
    assert!(took >= 30.0, "{took}");
    assert_eq!(log[1]["status"], 404, "{}", log[1]);
    assert!(log[1]["duration_ms"].as_f64().is_some(), "{}", log[1]);
}

/// `hold` serves the request at once and holds its answer back: a read that began
/// before a write answers, after the write, what was there before it (`delay`
/// would wait first and answer what is there after).
#[test]
fn a_held_answer_says_what_was_there_when_it_was_served() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "Held");
    let a = emu.assistant(&pt, "A", json!([]));
    let t = emu.thread(&pt, &a);
    let state = format!("/threads/{t}/state");
    let write = |n: u64| {
        emu.json(
            "POST",
            &state,
            Some(&pt),
            Some(json!({"values": {"n": n}})),
            200,
        );
    };
    write(1);
    emu.fault(json!({"method": "GET", "path": state, "times": 1, "action": "hold", "ms": 2000}));
    let (held, wrote_at, answered_at) = std::thread::scope(|s| {
        let read = s.spawn(|| {
            let v = emu.json("GET", &state, Some(&pt), None, 200);
            (v, std::time::Instant::now())
        });
        // Well inside the hold: the read has been served by then.
        std::thread::sleep(std::time::Duration::from_millis(300));
        write(2);
        let wrote_at = std::time::Instant::now();
        let (v, answered_at) = read.join().unwrap();
        (v, wrote_at, answered_at)
    });
    assert!(
        answered_at > wrote_at,
        "the held answer came before the write"
    );
    assert_eq!(held["values"]["n"], 1, "{held}");
    // Once: the next read is served at once, with the write.
    assert_eq!(
        emu.json("GET", &state, Some(&pt), None, 200)["values"]["n"],
        2
    );
}

#[test]
fn every_fault_kind() {
    let emu = Emu::start();
    let user = emu.dev_token();
    // status with Retry-After, twice, then normal again
    emu.fault(json!({"method": "GET", "path": "/projects/", "times": 2, "action": "status", "status": 503, "retry_after": "1"}));
    for _ in 0..2 {
        let (status, headers, _) = emu.http("GET", "/projects/", Some(&user), None);
        assert_eq!(status, 503);
        assert_eq!(headers["retry-after"], "1");
    }
    assert_eq!(emu.http("GET", "/projects/", Some(&user), None).0, 200);
    // an HTML page from a proxy
    emu.fault(json!({"path": "/projects/", "action": "status", "status": 502, "body": "<html>bad gateway</html>", "content_type": "text/html"}));
    let (status, headers, body) = emu.http("GET", "/projects/", Some(&user), None);
    assert_eq!((status, body.as_str()), (502, "<html>bad gateway</html>"));
    assert_eq!(headers["content-type"], "text/html");
    // malformed and empty bodies
    emu.fault(json!({"path": "/projects/", "action": "malformed"}));
    let (status, _, body) = emu.http("GET", "/projects/", Some(&user), None);
    assert_eq!(status, 200);
    assert!(serde_json::from_str::<Value>(&body).is_err());
    emu.fault(json!({"path": "/projects/", "action": "empty"}));
    assert_eq!(emu.http("GET", "/projects/", Some(&user), None).2, "");
    // a stall
    emu.fault(json!({"path": "/projects/", "action": "delay", "ms": 300}));
    let started = Instant::now();
    assert_eq!(emu.http("GET", "/projects/", Some(&user), None).0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    // a dropped connection mid-response
    emu.fault(json!({"path": "/projects/", "action": "drop"}));
    let err = emu.rt.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{}/projects/", emu.url))
            .bearer_auth(&user)
            .send()
            .await
            .unwrap();
        r.text().await
    });
    assert!(err.is_err(), "the body must fail to arrive whole");
    // listing and clearing
    emu.fault(json!({"path": "/never", "times": 0, "action": "drop"}));
    assert_eq!(
        emu.json("GET", "/_emulator/faults", None, None, 200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    emu.json("DELETE", "/_emulator/faults", None, None, 200);
    assert_eq!(
        emu.json("GET", "/_emulator/faults", None, None, 200),
        json!([])
    );
    emu.json(
        "POST",
        "/_emulator/faults",
        None,
        Some(json!({"path": "/x", "action": "explode"})),
        422,
    );
}

#[test]
fn stream_faults_cut_error_and_ping() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    let body = json!({"thread_id": t, "input": [{"type": "human", "content": "one two three"}]})
        .to_string();
    // Reads a stream for at most `limit`: (text, whether the transfer failed).
    let stream = |limit: Duration| {
        emu.rt.block_on(async {
            use futures_util::StreamExt;
            let r = reqwest::Client::new()
                .post(format!("{}/runs/stream", emu.url))
                .bearer_auth(&pt)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let mut got = Vec::new();
            let mut failed = false;
            let mut chunks = r.bytes_stream();
            let deadline = tokio::time::sleep(limit);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    _ = &mut deadline => break,
                    chunk = chunks.next() => match chunk {
                        Some(Ok(c)) => got.extend_from_slice(&c),
                        Some(Err(_)) => { failed = true; break; }
                        None => break,
                    },
                }
            }
            (String::from_utf8(got).unwrap(), failed)
        })
    };
    emu.fault(json!({"path": "/runs/stream", "action": "cut_stream", "after_events": 3}));
    let (text, failed) = stream(Duration::from_secs(10));
    assert!(failed, "a cut stream ends in an error");
    assert_eq!(text.matches("event: ").count(), 3);
    assert!(!text.contains("event: end"));

    emu.fault(json!({"path": "/runs/stream", "action": "sse_error", "after_events": 2}));
    let (text, failed) = stream(Duration::from_secs(10));
    assert!(!failed);
    assert!(text.contains("event: error\r\ndata: {\"status_code\":500,\"message\":\"Internal Server Error\"}\r\n\r\nevent: end\r\n\r\n"));
    assert_eq!(text.matches("event: data").count(), 1);

    emu.fault(json!({"path": "/runs/stream", "action": "pings_only"}));
    let (text, failed) = stream(Duration::from_millis(900));
    assert!(!failed);
    assert!(text.starts_with("event: metadata"));
    assert!(text.contains(": ping - "));
    assert!(!text.contains("event: data"));
}

#[test]
fn the_thread_allowance_is_enforced_and_configurable() {
    let emu = Emu::with(Config {
        thread_max: 2,
        ..Config::default()
    });
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    emu.thread(&pt, &a);
    emu.thread(&pt, &a);
    let refused = emu.json(
        "POST",
        "/threads/",
        Some(&pt),
        Some(json!({"name": "x", "assistant_id": a})),
        402,
    );
    assert!(refused["detail"].as_str().unwrap().contains("2/2"));
    assert_eq!(
        emu.json("GET", "/auth/thread-info", Some(&user), None, 200)["thread_max"],
        2
    );
}

#[test]
fn a_large_state_write_within_the_limit_is_accepted() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    let big = json!({"values": {"blob": "x".repeat(5 * 1024 * 1024)}, "config": {}}).to_string();
    let (status, _, body) = emu.http(
        "POST",
        &format!("/threads/{t}/state"),
        Some(&pt),
        Some(&big),
    );
    assert_eq!(status, 200, "{body}");
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert_eq!(
        state["values"]["blob"].as_str().unwrap().len(),
        5 * 1024 * 1024
    );
}

#[test]
fn on_a_shared_machine_admin_needs_its_token_browsers_need_a_loopback_origin_and_hosts_are_checked()
{
    let emu = Emu::start();
    let raw = |method: &str, path: &str, headers: &[(&str, &str)]| {
        emu.rt.block_on(async {
            let mut rb = reqwest::Client::new().request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                format!("{}{path}", emu.url),
            );
            for (k, v) in headers {
                rb = rb.header(*k, *v);
            }
            let r = rb.send().await.unwrap();
            (r.status().as_u16(), r.headers().clone())
        })
    };
    // The admin endpoints: the token printed at start, nothing else.
    assert_eq!(raw("GET", "/_emulator/requests", &[]).0, 401);
    assert_eq!(
        raw(
            "GET",
            "/_emulator/requests",
            &[("authorization", "Bearer nope")]
        )
        .0,
        401
    );
    let bearer = format!("Bearer {}", emu.admin);
    assert_eq!(
        raw("GET", "/_emulator/requests", &[("authorization", &bearer)]).0,
        200
    );
    assert_eq!(raw("DELETE", "/_emulator/faults", &[]).0, 401);
    // CORS: loopback origins (the scaffolded app), not the internet.
    let preflight = |origin: &str| {
        raw(
            "OPTIONS",
            "/threads/",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
            ],
        )
        .1
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(
        preflight("http://localhost:3000").as_deref(),
        Some("http://localhost:3000")
    );
    assert_eq!(
        preflight("http://127.0.0.1:5173").as_deref(),
        Some("http://127.0.0.1:5173")
    );
    assert_eq!(preflight("https://evil.example"), None);
    // DNS rebinding: a name that is not loopback is refused.
    assert_eq!(raw("GET", "/health", &[("host", "evil.example")]).0, 403);
    assert_eq!(raw("GET", "/health", &[("host", "localhost:1234")]).0, 200);
    // --cors-origin adds one.
    let more = Emu::with(Config {
        cors_origins: vec!["https://app.example.test".into()],
        ..Config::default()
    });
    let allowed = more.rt.block_on(async {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, format!("{}/threads/", more.url))
            .header("origin", "https://app.example.test")
            .header("access-control-request-method", "POST")
            .send()
            .await
            .unwrap()
            .headers()
            .contains_key("access-control-allow-origin")
    });
    assert!(allowed);
}

#[test]
fn the_request_log_redacts_secret_looking_headers_and_fields() {
    let emu = Emu::start();
    emu.clear_requests();
    emu.rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{}/auth/login", emu.url))
            .header("x-api-key", "key-123-secret")
            .header("proxy-authorization", "Basic c2VjcmV0")
            .json(&serde_json::json!({"email": "a@b.co", "passwd": "pw-1", "client_secret": "cs-2", "apiKey": "k-3"}))
            .send()
            .await
            .unwrap()
    });
    let log = serde_json::to_string(&emu.requests()).unwrap();
    for secret in ["key-123-secret", "c2VjcmV0", "pw-1", "cs-2", "k-3"] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
    assert!(log.contains("a@b.co"));
}

#[test]
fn slow_clients_are_dropped_and_cannot_crowd_out_a_normal_request() {
    use std::io::{Read, Write};
    let emu = Emu::with(Config {
        header_timeout: std::time::Duration::from_millis(500),
        max_connections: 64,
        ..Config::default()
    });
    let addr = emu.url.trim_start_matches("http://").to_string();
    // 200 clients that start a request and never finish its headers.
    let mut slow: Vec<std::net::TcpStream> = (0..200)
        .filter_map(|_| std::net::TcpStream::connect(&addr).ok())
        .collect();
    for s in &mut slow {
        let _ = s.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
    }
    // Each is closed: beyond the limit at once, the others by the header deadline.
    let started = std::time::Instant::now();
    for s in &mut slow {
        let mut buf = [0u8; 256];
        let n = s.read(&mut buf).unwrap_or(0);
        let text = String::from_utf8_lossy(&buf[..n]);
        assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // And a normal request is answered.
    let (status, _, _) = emu.http("GET", "/health", None, None);
    assert_eq!(status, 200);
}
