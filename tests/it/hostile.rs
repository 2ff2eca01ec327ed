//! Attacks (issue 13): a hostile API server written here on loopback, hostile numbers
//! in flags and variables, and arbitrary input to the emulator's chat commands and
//! admin endpoints. Each reproduces what was seen and asserts a clear error instead.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{Env, manifest_dir, run, write_manifest};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A server that answers every request with what `answer` returns for its head, and
/// keeps every request it received (head and body).
struct Hostile {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    fn start(answer: impl Fn(&str) -> Vec<u8> + Send + Sync + 'static) -> Hostile {
        Hostile::start_raw(move |head, out| {
            let _ = out.write_all(&answer(head));
        })
    }

    /// A server that writes its answer itself (endless bodies, trickles).
    fn start_raw(answer: impl Fn(&str, &mut TcpStream) + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let answer = Arc::new(answer);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let log = log.clone();
                let answer = answer.clone();
                std::thread::spawn(move || serve(stream, &*answer, &log));
            }
        });
        Hostile { url, seen }
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, answer: &dyn Fn(&str, &mut TcpStream), log: &Mutex<Vec<String>>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .and_then(|n| n.trim().parse::<usize>().ok())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    log.lock()
        .unwrap()
        .push(format!("{head}{}", String::from_utf8_lossy(&body)));
    let mut out = stream;
    answer(&head, &mut out);
}

// ---- redirects ---------------------------------------------------------------------

#[test]
fn the_login_password_never_follows_a_redirect() {
    // Where a redirect would send the password: it must receive nothing.
    let elsewhere = Hostile::start(|_| {
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 24\r\n\r\n{\"access_token\":\"stolen\"}".to_vec()
    });
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let target = format!("{}/auth/login", elsewhere.url);
        let api = Hostile::start(move |_| {
            format!("HTTP/1.1 {status}\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n")
                .into_bytes()
        });
        let env = Env::new(&api.url);
        let out = run(env
            .cmd()
            .args(["auth", "login"])
            .env("EPSIMO_EMAIL", "a@example.com")
            .env("EPSIMO_PASSWORD", "hunter2-secret"));
        assert_ne!(out.code, 0, "{status}: {}", out.stderr);
        assert!(
            out.stderr.contains("redirect") && out.stderr.contains(&elsewhere.url),
            "{status}: the error names the redirect and where it pointed: {}",
            out.stderr
        );
        assert_eq!(api.requests().len(), 1, "{status}: one request, no retry");
        assert!(
            !env.credentials().exists()
                || !std::fs::read_to_string(env.credentials())
                    .unwrap()
                    .contains("stolen")
        );
    }
    assert!(elsewhere.requests().is_empty(), "nothing was sent onward");
}

#[test]
fn a_redirect_of_any_call_is_reported_not_followed() {
    let api = Hostile::start(|_| {
        b"HTTP/1.1 307 Temporary Redirect\r\nlocation: /projects/\r\ncontent-length: 0\r\n\r\n"
            .to_vec()
    });
    let env = Env::new(&api.url);
    let out = run(env.cmd().arg("projects").env("EPSIMO_TOKEN", "t"));
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("redirect"), "{}", out.stderr);
    assert_eq!(api.requests().len(), 1, "a redirect loop is one request");
}

// ---- hostile numbers ----------------------------------------------------------------

#[test]
fn numbers_from_variables_and_flags_are_checked_not_panicked_on() {
    let env = Env::new("http://127.0.0.1:1");
    for (var, value) in [
        ("EPSIMO_READ_TIMEOUT", "1e20"),
        ("EPSIMO_READ_TIMEOUT", "nan"),
        ("EPSIMO_CONNECT_TIMEOUT", "-1"),
        ("EPSIMO_RETRY_MAX_WAIT", "inf"),
        ("EPSIMO_MAX_RETRIES", "99999999999"),
    ] {
        let out = run(env
            .cmd()
            .arg("projects")
            .env(var, value)
            .env("EPSIMO_TOKEN", "t"));
        assert_eq!(out.code, 2, "{var}={value}: {}", out.stderr);
        assert!(out.stderr.contains(var), "{var}={value}: {}", out.stderr);
        assert!(!out.stderr.contains("internal error"), "{}", out.stderr);
    }
    for args in [
        ["--ping-interval", "nan"],
        ["--ping-interval", "1e20"],
        ["--token-ttl", "9223372036854775807"],
        ["--token-delay-ms", "18446744073709551615"],
    ] {
        let out = run(env
            .cmd()
            .args(["emulator", "start", "--port", "0"])
            .args(args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("internal error"), "{}", out.stderr);
    }
}

// ---- the emulator keeps answering ---------------------------------------------------

/// `epsimo emulator start` as a process (a panic there ends the process, which the
/// test would see), with its URL.
fn emulator() -> (Child, String, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("epsimo"))
        .args([
            "emulator",
            "start",
            "--port",
            "0",
            "--faults",
            "--ping-interval",
            "0.05",
        ])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut url = None;
    let admin = loop {
        let line = rx.recv_timeout(Duration::from_secs(20)).expect("a banner");
        if let Some(rest) = line.trim().strip_prefix("API:") {
            url = Some(rest.trim().to_string());
        }
        if let Some(rest) = line.trim().strip_prefix("Admin token:") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    (child, url.expect("the banner names the URL"), admin)
}

struct Client {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    url: String,
}

impl Client {
    fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> Option<(u16, String)> {
        self.rt.block_on(async {
            let mut rb = self
                .http
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                    format!("{}{path}", self.url),
                )
                .timeout(Duration::from_secs(2));
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            if let Some(b) = body {
                rb = rb.header("content-type", "application/json").body(b);
            }
            let resp = rb.send().await.ok()?;
            let status = resp.status().as_u16();
            // A stream may run long: its first part is enough.
            let text = tokio::time::timeout(Duration::from_millis(300), resp.text())
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default();
            Some((status, text))
        })
    }

    fn health(&self) -> bool {
        self.send("GET", "/health", None, None)
            .is_some_and(|(s, _)| s == 200)
    }
}

fn chat_command() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("18446744073709551616".to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        any::<i64>().prop_map(|i| i.to_string()),
        "[ -~]{0,12}",
    ];
    prop_oneof![
        number.clone().prop_map(|n| format!("/slow {n}")),
        number.clone().prop_map(|n| format!("/long {n}")),
        "[ -~]{0,40}".prop_map(|a| format!("/tool update_database {a}")),
        "[ -~]{0,40}".prop_map(|a| format!("/tool {a}")),
        Just("/fail".to_string()),
        "\\PC{0,60}",
    ]
}

fn admin_body() -> impl Strategy<Value = String> {
    prop_oneof![
        (any::<u16>(), "[ -~]{0,10}").prop_map(|(s, r)| json!({"path": "/projects/", "times": 1, "action": "status", "status": s, "retry_after": r}).to_string()),
        any::<u64>().prop_map(|ms| json!({"path": "/nope", "times": 1, "action": "delay", "ms": ms}).to_string()),
        any::<usize>().prop_map(|n| json!({"path": "/nope", "times": 1, "action": "cut_stream", "after_events": n}).to_string()),
        "[ -~]{0,80}",
        Just("{\"path\": 5}".to_string()),
    ]
}

#[test]
fn arbitrary_chat_commands_and_admin_input_never_stop_the_emulator() {
    let (child, url, admin) = emulator();
    let child = Mutex::new(child);
    let client = Client {
        rt: tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap(),
        http: reqwest::Client::new(),
        url,
    };
    let (_, login) = client
        .send(
            "POST",
            "/auth/login",
            None,
            Some(
                json!({"email": crate::common::DEV_EMAIL, "password": crate::common::DEV_PASSWORD})
                    .to_string(),
            ),
        )
        .unwrap();
    let user: Value = serde_json::from_str(&login).unwrap();
    let user = user["access_token"].as_str().unwrap().to_string();
    let (_, p) = client
        .send(
            "POST",
            "/projects/",
            Some(&user),
            Some(r#"{"name": "fuzz", "description": "", "metadata": {}}"#.into()),
        )
        .unwrap();
    let pid = serde_json::from_str::<Value>(&p).unwrap()["project_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, full) = client
        .send("GET", &format!("/projects/{pid}"), Some(&user), None)
        .unwrap();
    let pt = serde_json::from_str::<Value>(&full).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let tools = json!([{"id": "f", "type": "function", "name": "update_database", "description": "", "config": {}}]);
    let (_, a) = client
        .send("POST", "/assistants/", Some(&pt), Some(json!({"name": "a", "config": {"configurable": {"type": "agent", "type==agent/tools": tools}}}).to_string()))
        .unwrap();
    let aid = serde_json::from_str::<Value>(&a).unwrap()["assistant_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, t) = client
        .send(
            "POST",
            "/threads/",
            Some(&pt),
            Some(json!({"name": "t", "assistant_id": aid}).to_string()),
        )
        .unwrap();
    let tid = serde_json::from_str::<Value>(&t).unwrap()["thread_id"]
        .as_str()
        .unwrap()
        .to_string();
    let cfg = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let admin_token = admin;
    proptest!(cfg, |(command in chat_command(), admin_body in admin_body())| {
        let run = json!({"thread_id": tid, "input": [{"type": "human", "content": command}]}).to_string();
        client.send("POST", "/runs/stream", Some(&pt), Some(run));
        let (status, _) = client.send("POST", "/_emulator/faults", Some(&admin_token), Some(admin_body)).unwrap();
        prop_assert!(status < 500, "the admin endpoint answered {status}");
        client.send("DELETE", "/_emulator/faults", Some(&admin_token), None);
        prop_assert!(client.health(), "the emulator stopped answering after {command:?}");
        prop_assert!(child.lock().unwrap().try_wait().unwrap().is_none(), "the emulator exited after {command:?}");
    });
    let _ = child.lock().unwrap().kill();
}

// ---- hostile repositories -------------------------------------------------------------

/// A planted link under a name the old code wrote through, pointing at a file
/// that stands for `~/.bashrc`.
fn plant(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let victim = dir.join("victim-bashrc");
    std::fs::write(&victim, "original\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join(name)).unwrap();
    victim
}

#[test]
fn planted_temp_name_links_are_never_written_through() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let repo = tempfile::tempdir().unwrap();
    let victim = plant(repo.path(), ".epsimo.yaml.tmp");
    let out = run(env
        .cmd()
        .args(["init", "--name", "App"])
        .current_dir(repo.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "original\n");
    let manifest = repo.path().join("epsimo.yaml");
    assert!(
        !manifest
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&manifest)
            .unwrap()
            .contains("project_id:")
    );
    // deploy writes the ids into .env.local; `.env.epsimo-tmp` was its temp name.
    std::fs::write(repo.path().join(".env.local"), "KEEP=1\n").unwrap();
    let victim = plant(repo.path(), ".env.epsimo-tmp");
    let out = run(env.cmd().arg("deploy").current_dir(repo.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "original\n");
    let env_file = std::fs::read_to_string(repo.path().join(".env.local")).unwrap();
    assert!(
        env_file.contains("KEEP=1") && env_file.contains("NEXT_PUBLIC_EPSIMO_ASSISTANT_ID="),
        "{env_file}"
    );
    // No temp file is left behind.
    let left: Vec<String> = std::fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(
        left,
        [".epsimo.yaml.tmp"],
        "only the planted link: {left:?}"
    );
}

#[test]
fn the_emulators_data_file_is_readable_by_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("state.json");
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env
        .cmd()
        .args(["emulator", "exec", "--data"])
        .arg(&data)
        .args(["--", "epsimo", "auth", "login"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        crate::common::mode(&data),
        0o600,
        "it holds the token signing secret"
    );
}

#[test]
fn sizes_are_capped_by_the_bytes_read_not_the_metadata() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "p");
    let a = emu.assistant(&pt, "A", json!([]));
    let t = emu.thread(&pt, &a);
    for args in [
        vec!["deploy", "-f", "/dev/zero"],
        vec![
            "db",
            "set",
            "--thread-id",
            &t,
            "--key",
            "k",
            "--value-file",
            "/dev/zero",
        ],
        vec!["files", "upload", "--assistant-id", &a, "/dev/zero"],
    ] {
        let started = std::time::Instant::now();
        let out = run(env.cmd().args(&args).env("EPSIMO_PROJECT_ID", &pid));
        assert_eq!(out.code, 5, "{args:?}: {}", out.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{args:?} read on and on"
        );
    }
    let repo = manifest_dir(format!(
        "project_id: {pid}\nassistants:\n  - name: A\n    instructions_file: /dev/zero\n"
    ));
    let out = run(env
        .cmd()
        .args(["deploy", "--check"])
        .current_dir(repo.path()));
    // Outside the project, it is not read at all (issue 25).
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("outside the project"), "{}", out.stderr);
}

#[test]
fn a_dry_run_never_prints_values_from_the_environment() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    let repo = manifest_dir(format!(
        "project_id: {pid}\nassistants:\n  - name: A\n    instructions: \"Use key ${{AWS_SECRET_ACCESS_KEY}} wisely.\"\n"
    ));
    let secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    let out = run(env
        .cmd()
        .args(["deploy"])
        .current_dir(repo.path())
        .env("AWS_SECRET_ACCESS_KEY", secret));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Changed instructions: the plan shows both sides of the change, masked.
    write_manifest(
        repo.path(),
        format!(
            "project_id: {pid}\nassistants:\n  - name: A\n    instructions: \"Use key ${{AWS_SECRET_ACCESS_KEY}} well.\"\n"
        ),
    );
    for json in [false, true] {
        let mut cmd = env.cmd();
        cmd.args(["deploy", "--dry-run"])
            .current_dir(repo.path())
            .env("AWS_SECRET_ACCESS_KEY", secret);
        if json {
            cmd.arg("--json");
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(!all.contains(secret), "json={json}: {all}");
        assert!(
            all.contains("${AWS_SECRET_ACCESS_KEY}"),
            "json={json}: {all}"
        );
    }
    // The server got the real value.
    let sent = emu.requests();
    assert!(sent.iter().any(|r| r["body"].to_string().contains(secret)));
}

// ---- tokens stay with the API that issued them ------------------------------------------

#[test]
fn a_stored_token_is_never_sent_to_another_api_url() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let other = Hostile::start(|_| b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]".to_vec());
    for how in ["flag", "env"] {
        let mut cmd = env.cmd();
        match how {
            "flag" => cmd.args(["projects", "--api-url", &other.url]),
            _ => cmd.arg("projects").env("EPSIMO_API_URL", &other.url),
        };
        let out = run(&mut cmd);
        assert_eq!(out.code, 4, "{how}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("not logged in to {}", other.url)),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("auth login --api-url"),
            "{}",
            out.stderr
        );
    }
    assert!(
        other.requests().is_empty(),
        "no token went to the other server: {:?}",
        other.requests()
    );
    // The API it was issued for still works.
    assert_eq!(run(env.cmd().arg("projects")).code, 0);
}

// ---- hostile servers: endless, trickling, only pinging ----------------------------------

/// Runs the binary to its end while sampling its resident memory; the peak in MiB.
/// Kills it (and fails) past 1 GiB, so a regression cannot take the machine down.
fn run_measured(mut cmd: Command) -> (i32, String, u64) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status_file = format!("/proc/{}/status", child.id());
    let started = std::time::Instant::now();
    let mut peak_kib = 0u64;
    let code = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            for key in ["VmHWM:", "VmRSS:"] {
                if let Some(kib) = text
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
                {
                    peak_kib = peak_kib.max(kib);
                }
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if peak_kib > 1024 * 1024 {
            let _ = child.kill();
            panic!("over 1 GiB resident: the body is not bounded");
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("still running after 60 s: no deadline ended it");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (code, reader.join().unwrap(), peak_kib / 1024)
}

fn endless(head: &'static str, piece: &'static [u8], pause: Duration) -> Hostile {
    Hostile::start_raw(move |_, out| {
        if out.write_all(head.as_bytes()).is_err() {
            return;
        }
        while out.write_all(piece).is_ok() {
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
        }
    })
}

/// A project-scoped environment against a hostile API, with tokens given.
fn hostile_cmd(env: &Env, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("epsimo"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home())
        .env("EPSIMO_CONFIG_DIR", env.config_dir())
        .env("EPSIMO_API_URL", &env.api_url)
        .env("EPSIMO_TOKEN", "user-token")
        .env("EPSIMO_PROJECT_TOKEN", "project-token")
        .env("EPSIMO_PROJECT_ID", "p")
        .env("NO_COLOR", "1")
        .args(args);
    cmd
}

#[test]
fn an_endless_body_ends_in_a_clear_error_with_bounded_memory() {
    let api = endless(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n[",
        &[b'1'; 64 * 1024],
        Duration::ZERO,
    );
    let env = Env::new(&api.url);
    let mut cmd = hostile_cmd(&env, &["projects"]);
    cmd.env("EPSIMO_MAX_RESPONSE_MB", "16");
    let (code, stderr, peak_mib) = run_measured(cmd);
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("larger than 16 MiB"), "{stderr}");
    assert!(peak_mib < 256, "peak resident memory {peak_mib} MiB");
}

/// What a run needs before its stream: the thread and its state.
/// The thread the hostile servers' runs are on (an id of the server's shape: other
/// ones are refused before anything is sent).
const THREAD: &str = "7e0c0d7a-1b2c-4d3e-8f40-5a6b7c8d9e0f";

fn run_prelude(head: &str, out: &mut TcpStream) -> bool {
    let json = |out: &mut TcpStream, body: &str| {
        let _ = out.write_all(
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}", body.len())
                .as_bytes(),
        );
    };
    if head.starts_with(&format!("GET /threads/{THREAD}/state")) {
        json(out, r#"{"values":null,"next":[]}"#);
        return true;
    }
    if head.starts_with(&format!("GET /threads/{THREAD} ")) {
        json(
            out,
            &format!(
                r#"{{"thread_id":"{THREAD}","assistant_id":"a","name":"t","metadata":{{"assistant_type":"agent"}}}}"#
            ),
        );
        return true;
    }
    false
}

#[test]
fn an_endless_stream_line_ends_in_a_clear_error_with_bounded_memory() {
    let api = Hostile::start_raw(|head, out| {
        if run_prelude(head, out) {
            return;
        }
        if out
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\nevent: data\r\ndata: [")
            .is_err()
        {
            return;
        }
        let piece = [b'x'; 64 * 1024];
        while out.write_all(&piece).is_ok() {}
    });
    let env = Env::new(&api.url);
    let (code, stderr, peak_mib) = run_measured(hostile_cmd(
        &env,
        &["threads", "run", THREAD, "--message", "hi"],
    ));
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("larger than 16 MiB"), "{stderr}");
    assert!(peak_mib < 256, "peak resident memory {peak_mib} MiB");
}

#[test]
fn a_trickling_answer_ends_by_the_request_deadline() {
    let api = endless(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n",
        b" ",
        Duration::from_millis(200),
    );
    let env = Env::new(&api.url);
    let started = std::time::Instant::now();
    let mut cmd = hostile_cmd(&env, &["projects"]);
    cmd.env("EPSIMO_REQUEST_TIMEOUT", "2")
        .env("EPSIMO_MAX_RETRIES", "0");
    let (code, stderr, _) = run_measured(cmd);
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("did not finish within 2s"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

/// A stream of named pings (not progress), with a growing reply every other event
/// (progress) when `tokens`.
fn pinging(tokens: bool) -> Hostile {
    Hostile::start_raw(move |head, out| {
        if run_prelude(head, out) {
            return;
        }
        if out
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\nevent: metadata\r\ndata: {\"run_id\":\"r\"}\r\n\r\n")
            .is_err()
        {
            return;
        }
        let mut n = 0;
        loop {
            // Named pings (not progress), and now and then a token (progress).
            n += 1;
            let frame = if tokens && n % 2 == 0 {
                format!(
                    "event: data\r\ndata: [{{\"type\":\"ai\",\"id\":\"m\",\"content\":\"{}\"}}]\r\n\r\n",
                    "a".repeat(n)
                )
            } else {
                "event: ping\r\ndata: {}\r\n\r\n".to_string()
            };
            if out.write_all(frame.as_bytes()).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    })
}

#[test]
fn a_stream_of_named_pings_ends_by_the_idle_deadline_and_a_long_run_by_its_timeout() {
    let api = pinging(false);
    let env = Env::new(&api.url);
    let started = std::time::Instant::now();
    let mut cmd = hostile_cmd(&env, &["threads", "run", THREAD, "--message", "hi"]);
    cmd.env("EPSIMO_READ_TIMEOUT", "1");
    let (code, stderr, _) = run_measured(cmd);
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("no progress for 1s"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // Real progress keeps a run alive, until its overall --timeout.
    let api = pinging(true);
    let env = Env::new(&api.url);
    let started = std::time::Instant::now();
    let mut cmd = hostile_cmd(
        &env,
        &[
            "threads",
            "run",
            THREAD,
            "--message",
            "tokens",
            "--timeout",
            "2",
        ],
    );
    cmd.env("EPSIMO_READ_TIMEOUT", "1");
    let (code, stderr, _) = run_measured(cmd);
    assert_eq!(code, 6, "{stderr}");
    assert!(stderr.contains("did not finish within 2s"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

// ---- Ctrl-C and SIGTERM during a blocking read --------------------------------------------

#[test]
fn ctrl_c_and_sigterm_end_every_blocking_read_at_once() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "p");
    let a = emu.assistant(&pt, "A", json!([]));
    let t = emu.thread(&pt, &a);
    let fifo_dir = tempfile::tempdir().unwrap();
    let fifo = fifo_dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap().to_string();
    let cases: Vec<Vec<String>> = vec![
        ["db", "set", "--thread-id", &t, "--key", "k", "--value", "-"]
            .map(String::from)
            .to_vec(),
        ["api", "/projects/", "-X", "POST", "--input", "-"]
            .map(String::from)
            .to_vec(),
        [
            "auth",
            "login",
            "--email",
            "a@example.com",
            "--password-stdin",
        ]
        .map(String::from)
        .to_vec(),
        ["threads", "run", &t].map(String::from).to_vec(),
        [
            "db",
            "set",
            "--thread-id",
            &t,
            "--key",
            "k",
            "--value-file",
            &fifo,
        ]
        .map(String::from)
        .to_vec(),
    ];
    for args in &cases {
        for (round, signal) in (0..20).map(|i| (i, if i % 2 == 0 { "-INT" } else { "-TERM" })) {
            let mut child = env
                .cmd_std()
                .args(args)
                .env("EPSIMO_PROJECT_ID", &pid)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Let it reach the read (stdin stays open and silent).
            std::thread::sleep(Duration::from_millis(if round == 0 { 400 } else { 150 }));
            Command::new("kill")
                .args([signal, &child.id().to_string()])
                .status()
                .unwrap();
            let sent = std::time::Instant::now();
            let code = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status.code();
                }
                if sent.elapsed() > Duration::from_secs(1) {
                    let _ = child.kill();
                    panic!("{args:?} {signal} (round {round}): still running a second later");
                }
                std::thread::sleep(Duration::from_millis(10));
            };
            assert_eq!(code, Some(130), "{args:?} {signal} (round {round})");
        }
    }
}

// ---- two deploys at once ---------------------------------------------------------------

#[test]
fn two_deploys_of_one_manifest_at_once_create_each_assistant_once() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "p");
    let repo = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..5).map(|i| format!("A{i}")).collect();
    write_manifest(
        repo.path(),
        format!(
            "project_id: {pid}\nassistants:\n{}",
            names
                .iter()
                .map(|n| format!("  - name: {n}\n"))
                .collect::<String>()
        ),
    );
    // Every request takes a while, so the two overlap.
    emu.fault(json!({"path": "*", "times": 0, "action": "delay", "ms": 50}));
    let spawn = || {
        env.cmd_std()
            .arg("deploy")
            .current_dir(repo.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let waited = [&a, &b]
        .iter()
        .any(|o| String::from_utf8_lossy(&o.stderr).contains("Waiting for another deploy"));
    assert!(waited, "one of them waited for the other");
    emu.json("DELETE", "/_emulator/faults", None, None, 200);
    let remote = emu.json("GET", "/assistants/", Some(&pt), None, 200);
    let mut got: Vec<&str> = remote
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    got.sort();
    assert_eq!(
        got,
        names.iter().map(String::as_str).collect::<Vec<_>>(),
        "each once"
    );
}

#[test]
fn duplicates_made_elsewhere_are_reported_with_the_command_that_removes_them() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "p");
    let repo = manifest_dir(format!("project_id: {pid}\nassistants:\n  - name: Twin\n"));
    // Another runner creates the same assistant while this deploy's create is on
    // its way (it is held 300 ms; the racer goes as soon as the log shows it).
    let made = Arc::new(Mutex::new(None::<String>));
    emu.clear_requests();
    emu.fault(
        json!({"method": "POST", "path": "/assistants/", "times": 1, "action": "delay", "ms": 300}),
    );
    let racer = {
        let url = emu.url.clone();
        let admin = emu.admin.clone();
        let pt = pt.clone();
        let made = made.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let started = std::time::Instant::now();
            loop {
                let log: Value = rt.block_on(async {
                    reqwest::Client::new()
                        .get(format!("{url}/_emulator/requests"))
                        .bearer_auth(&admin)
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap()
                });
                if log
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["method"] == "POST" && r["path"] == "/assistants/")
                {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(20),
                    "the deploy never created"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            let body = json!({"name": "Twin", "public": false, "config": {"configurable": {"type": "agent", "type==agent/agent_type": "GPT 4o"}}});
            let v: Value = rt.block_on(async {
                reqwest::Client::new()
                    .post(format!("{url}/assistants/"))
                    .bearer_auth(pt)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap()
            });
            *made.lock().unwrap() = v["assistant_id"].as_str().map(str::to_owned);
        })
    };
    let out = run(env.cmd().arg("deploy").current_dir(repo.path()));
    racer.join().unwrap();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("more than one assistant named \"Twin\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("epsimo assistants delete"),
        "{}",
        out.stderr
    );
    assert!(made.lock().unwrap().is_some());
}

#[test]
fn a_process_that_holds_tokens_writes_no_core_file() {
    let env = Env::new("http://127.0.0.1:1");
    let mut child = env
        .cmd_std()
        .args(["api", "/projects/", "-X", "POST", "--input", "-"])
        .env("EPSIMO_TOKEN", "t")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let limits = format!("/proc/{}/limits", child.id());
    let mut core = String::new();
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(20));
        core = std::fs::read_to_string(&limits)
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap_or("")
            .to_string();
        if core.split_whitespace().nth(4) == Some("0") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(fields.get(4..6), Some(&["0", "0"][..]), "{core}");
}

// ---- secrets in what is printed -----------------------------------------------------------

#[test]
fn a_server_that_echoes_the_request_never_gets_the_password_printed() {
    let api = Hostile::start(|_| {
        // The body it got, echoed back in the error.
        let body = json!({"detail": "bad input: {\"email\":\"a@example.com\",\"password\":\"hunter2-pw-9\"}"}).to_string();
        format!(
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    });
    let env = Env::new(&api.url);
    let out = run(env
        .cmd()
        .args(["auth", "login"])
        .env("EPSIMO_EMAIL", "a@example.com")
        .env("EPSIMO_PASSWORD", "hunter2-pw-9"));
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("bad input"), "{}", out.stderr);
    assert!(!out.stderr.contains("hunter2-pw-9"), "{}", out.stderr);
    assert!(out.stderr.contains("[redacted]"), "{}", out.stderr);
}

#[test]
fn the_password_of_an_api_url_is_never_printed() {
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://someone:P4ssw0rd-in-url@127.0.0.1:{closed}");
    let env = Env::new(&url);
    for args in [
        vec!["projects", "-v"],
        vec!["auth", "status"],
        vec!["auth", "status", "--json"],
    ] {
        let out = run(env
            .cmd()
            .args(&args)
            .env("EPSIMO_TOKEN", "t")
            .env("EPSIMO_MAX_RETRIES", "0"));
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(!all.contains("P4ssw0rd-in-url"), "{args:?}: {all}");
        assert!(all.contains("someone"), "{args:?}: {all}");
    }
}

#[test]
fn sighup_leaves_no_temp_file_holding_a_token() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let mut child = env
        .cmd_std()
        .args(["api", "/projects/", "-X", "POST", "--input", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // What a credentials write cut short would leave, named as this process names it.
    let planted = env
        .config_dir()
        .join(format!(".credentials.json.{}.7.tmp", child.id()));
    std::fs::write(&planted, "{\"token\": \"secret\"}").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // stdin stays open until the end (wait() would close it first, ending the read).
    let stdin = child.stdin.take();
    Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    let mut status = None;
    for _ in 0..200 {
        if let Some(s) = child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(stdin);
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    assert_eq!(status.and_then(|s| s.code()), Some(129), "{err}");
    assert!(!planted.exists(), "the temp file was removed");
    assert!(
        env.credentials().exists(),
        "the credentials themselves stay"
    );
}

#[test]
fn a_malformed_chunked_request_to_the_emulator_is_400() {
    let emu = crate::common::Emu::start();
    let addr = emu.url.trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[test]
fn a_filter_that_recurses_forever_or_memory_running_out_end_in_one_line() {
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env
        .cmd()
        .args(["tools", "library", "--jq", "def f: 1 + f; f"]));
    // A filter over its budget is invalid input (issue 25): exit 5.
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("recursed too deeply"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("fatal runtime error"),
        "{}",
        out.stderr
    );
    // Memory that runs out: an endless body with the cap lifted, under a small
    // address-space limit.
    let api = endless(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n[",
        &[b'1'; 64 * 1024],
        Duration::ZERO,
    );
    let bin = assert_cmd::cargo::cargo_bin("epsimo");
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        &format!("ulimit -v 600000; exec '{}' projects", bin.display()),
    ])
    .env_clear()
    .env("PATH", std::env::var_os("PATH").unwrap_or_default())
    .env("HOME", env.home())
    .env("EPSIMO_CONFIG_DIR", env.config_dir())
    .env("EPSIMO_API_URL", &api.url)
    .env("EPSIMO_TOKEN", "t")
    .env("EPSIMO_MAX_RESPONSE_MB", "4096");
    let (code, stderr, _) = run_measured(cmd);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("out of memory"), "{stderr}");
}

// ---- files a manifest names stay inside the project (issue 25) ----------------------

/// A manifest in a cloned repository names files outside it: `/proc/self/environ`
/// (the environment, `EPSIMO_TOKEN` included), `../` and a link that leaves the
/// project. Each is refused (exit 5) with its path, never its content, and nothing
/// is sent.
#[test]
fn instructions_files_outside_the_project_are_refused_without_their_content() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    let outside = tempfile::tempdir().unwrap();
    let secret_file = outside.path().join("secret.txt");
    std::fs::write(&secret_file, "TOP-SECRET-CONTENT\n").unwrap();
    let repo = tempfile::tempdir().unwrap();
    let project = repo.path().join("app");
    std::fs::create_dir(&project).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret_file, project.join("link.md")).unwrap();
    std::fs::write(project.join("inside.md"), "You help.").unwrap();
    let secret = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLWZvci10ZXN0cw.sig-0123456789";
    for name in [
        "/proc/self/environ".to_string(),
        secret_file.display().to_string(),
        format!("../../{}", secret_file.strip_prefix("/").unwrap().display()),
        "link.md".to_string(),
    ] {
        write_manifest(
            &project,
            format!("project_id: {pid}\nassistants:\n  - name: A\n    instructions_file: {name}\n"),
        );
        emu.clear_requests();
        for args in [
            &["deploy", "--dry-run"][..],
            &["deploy"],
            &["deploy", "--check"],
        ] {
            let out = run(env
                .cmd()
                .args(args)
                .current_dir(&project)
                .env("EPSIMO_TEST_SECRET", secret));
            assert_eq!(out.code, 5, "{name} {args:?}: {}", out.stderr);
            let all = format!("{}{}", out.stdout, out.stderr);
            assert!(
                !all.contains(secret) && !all.contains("TOP-SECRET-CONTENT"),
                "{name}: {all}"
            );
            assert!(all.contains("instructions_file"), "{name}: {all}");
        }
        assert!(
            !emu.calls().iter().any(|c| c.starts_with("POST")),
            "{name}: nothing sent"
        );
    }
    // A file inside the project is read as before.
    write_manifest(
        &project,
        format!("project_id: {pid}\nassistants:\n  - name: A\n    instructions_file: inside.md\n"),
    );
    let out = run(env.cmd().args(["deploy"]).current_dir(&project));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// A value that looks like a credential, written into the manifest itself (not from
/// the environment), is masked in the plan a dry run shows.
#[test]
fn a_dry_run_masks_what_looks_like_a_credential() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    let key = "sk-proj-AbCdEfGhIjKlMnOpQrStUv0123";
    let repo = manifest_dir(format!(
        "project_id: {pid}\nassistants:\n  - name: A\n    instructions: \"Call the API with {key}.\"\n"
    ));
    assert_eq!(
        run(env.cmd().arg("deploy").current_dir(repo.path())).code,
        0
    );
    // Changed instructions: the plan shows both sides of the change.
    write_manifest(
        repo.path(),
        format!(
            "project_id: {pid}\nassistants:\n  - name: A\n    instructions: \"Call it with {key} please.\"\n"
        ),
    );
    for json in [false, true] {
        let mut cmd = env.cmd();
        cmd.args(["deploy", "--dry-run"]).current_dir(repo.path());
        if json {
            cmd.arg("--json");
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(
            !all.contains(key) && all.contains("[redacted]"),
            "json={json}: {all}"
        );
    }
}

/// A 429 with a reset no clock can hold (`1e30`, beyond a `Duration`) is a clear
/// rate-limit error, not the panic hook's "internal error".
#[test]
fn a_huge_rate_limit_reset_is_clamped_not_a_crash() {
    for reset in ["1e30", "1e300", "99999999999999999999"] {
        let api = Hostile::start(move |_| {
            format!("HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nx-ratelimit-limit: 60\r\nx-ratelimit-remaining: 0\r\nx-ratelimit-reset: {reset}\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{{}}")
                .into_bytes()
        });
        let env = Env::new(&api.url);
        let out = hostile_cmd(&env, &["projects"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(6), "{reset}: {stderr}");
        assert!(!stderr.contains("internal error"), "{reset}: {stderr}");
        assert!(stderr.contains("rate"), "{reset}: {stderr}");
    }
}

// ---- filters run within a budget (issue 25) ----------------------------------------

/// A filter is input: one without end, one that recurses without end and one that
/// asks for all the memory each end in a clear error (exit 5), in a worker that is
/// stopped, never in a hung or killed `epsimo`.
#[test]
fn jq_filters_that_never_end_or_exhaust_are_stopped() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    for (filter, says) in [
        ("def f: f; f", "ran longer than 2 s"),
        ("def f: 1 + f; f", "recursed too deeply"),
        ("\"x\" | until(length > 1e12; . + .)", "needed more than"),
    ] {
        let started = std::time::Instant::now();
        let out = run(env
            .cmd()
            .args(["projects", "--jq", filter])
            .env(
                "EPSIMO_JQ_TIMEOUT",
                if says.starts_with("needed") {
                    "30"
                } else {
                    "2"
                },
            )
            .env("EPSIMO_PROJECT_ID", &pid));
        assert_eq!(out.code, 5, "{filter}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{filter}: {}", out.stderr);
        assert!(!out.stderr.contains("internal error"), "{}", out.stderr);
        assert!(started.elapsed() < Duration::from_secs(60), "{filter}");
    }
    // In epsimo test, a database key: the file is read, the test reports, the run ends.
    let dir = manifest_dir("name: J\nassistants:\n  - name: Helper\n");
    std::fs::write(
        dir.path().join("epsimo.test.yaml"),
        "tests:\n  - name: loops\n    assistant: Helper\n    turns:\n      - user: hi\n    db:\n      \".a | (def f: f; f)\": 1\n",
    )
    .unwrap();
    let out = run(env
        .cmd()
        .args(["test", "--emulator"])
        .current_dir(dir.path())
        .env("EPSIMO_JQ_TIMEOUT", "2"));
    assert_eq!(out.code, 10, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("ran longer than 2 s"), "{}", out.stdout);
}

/// A stream of endless distinct messages (each unfinished, each kept to print at the
/// end) ends in a clear error with bounded memory, instead of growing without end.
#[test]
fn endless_distinct_messages_end_in_a_clear_error_with_bounded_memory() {
    let api = Hostile::start_raw(|head, out| {
        if run_prelude(head, out) {
            return;
        }
        if out
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\nevent: metadata\r\ndata: {\"run_id\":\"r\"}\r\n\r\n")
            .is_err()
        {
            return;
        }
        let filler = "y".repeat(2000);
        let mut n = 0u64;
        loop {
            n += 1;
            let event = format!(
                "event: data\r\ndata: [{{\"type\":\"ai\",\"id\":\"m-{n}\",\"content\":\"{filler}{n}\"}}]\r\n\r\n"
            );
            if out.write_all(event.as_bytes()).is_err() {
                return;
            }
        }
    });
    let env = Env::new(&api.url);
    for json in [false, true] {
        let mut args = vec!["threads", "run", THREAD, "--message", "hi"];
        if json {
            args.push("--json");
        }
        let (code, stderr, peak_mib) = run_measured(hostile_cmd(&env, &args));
        assert_eq!(code, 6, "json={json}: {stderr}");
        assert!(stderr.contains("new messages"), "{stderr}");
        assert!(
            peak_mib < 256,
            "json={json}: peak resident memory {peak_mib} MiB"
        );
    }
}

// ---- the emulator stays up for everyone (issue 25) ----------------------------------

/// Sockets trickling chunked bodies (no length, a byte a second) each reserved the
/// whole body limit, and eight stalled every other client. Now each holds what it
/// brought: a normal client is answered at once, and the tricklers are cut off.
#[test]
fn trickling_bodies_do_not_stall_other_clients() {
    let emu = crate::common::Emu::start();
    let addr = emu.url.trim_start_matches("http://").to_string();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tricklers = Vec::new();
    for _ in 0..12 {
        let addr = addr.clone();
        let stop = stop.clone();
        tricklers.push(std::thread::spawn(move || {
            let Ok(mut s) = TcpStream::connect(&addr) else { return };
            let _ = s.write_all(format!("POST /projects/ HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n").as_bytes());
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                if s.write_all(b"1\r\n{\r\n").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        }));
    }
    std::thread::sleep(Duration::from_millis(500));
    let token = emu.dev_token();
    let started = std::time::Instant::now();
    let (status, _, body) = emu.http(
        "POST",
        "/projects/",
        Some(&token),
        Some(r#"{"name": "p", "description": "", "metadata": {}}"#),
    );
    assert_eq!(status, 200, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for t in tricklers {
        let _ = t.join();
    }
}

/// 300,000 empty multipart parts were taken (650 MB); a body may have 1,000 parts.
#[test]
fn a_multipart_body_of_countless_parts_is_refused() {
    let emu = crate::common::Emu::start();
    let (_, pt) = emu.project(&emu.dev_token(), "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let mut body = Vec::new();
    for _ in 0..300_000 {
        body.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\r\n");
    }
    body.extend_from_slice(b"--b--\r\n");
    let url = format!("{}/assistants/{a}/files", emu.url);
    let status = emu.rt.block_on(async {
        reqwest::Client::new()
            .post(url)
            .bearer_auth(&pt)
            .header("content-type", "multipart/form-data; boundary=b")
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 413);
    // The emulator answers on.
    let (status, _, _) = emu.http("GET", "/health", None, None);
    assert_eq!(status, 200);
}

/// A thread keeps at most 10,000 messages: past that a write is refused with a
/// clear error, not an emulator that grows without end.
#[test]
fn an_emulated_thread_is_bounded() {
    let emu = crate::common::Emu::start();
    let (_, pt) = emu.project(&emu.dev_token(), "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    let batch: Vec<Value> = (0..5000)
        .map(|i| json!({"type": "ai", "content": format!("m{i}"), "tool_calls": [{"id": "c", "name": "x", "args": {}}]}))
        .collect();
    let path = format!("/threads/{t}/state");
    for _ in 0..2 {
        emu.json(
            "POST",
            &path,
            Some(&pt),
            Some(json!({"values": batch})),
            200,
        );
    }
    let (status, _, body) = emu.http(
        "POST",
        &path,
        Some(&pt),
        Some(&json!({"values": [{"type": "ai", "content": "one more"}]}).to_string()),
    );
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("start a new thread"), "{body}");
}

/// A `.env.local` planted as a link is not followed: deploy would read its target and
/// copy it beside the manifest.
#[test]
fn a_planted_env_file_link_is_not_followed() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("config");
    std::fs::write(&target, "PRIVATE=1\n").unwrap();
    let repo = manifest_dir(format!("project_id: {pid}\nassistants:\n  - name: A\n"));
    std::os::unix::fs::symlink(&target, repo.path().join(".env.local")).unwrap();
    let out = run(env.cmd().arg("deploy").current_dir(repo.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("symbolic link: not written"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "PRIVATE=1\n");
    assert!(
        std::fs::symlink_metadata(repo.path().join(".env.local"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
