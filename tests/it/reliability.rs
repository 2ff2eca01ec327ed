//! The reliability suite: a fault matrix against the emulator's fault injection,
//! hostile input, credentials under pressure, interruption, and non-interactive
//! safety. Every case asserts the exit code, the message, and that stdout holds
//! only valid data or nothing. `scripts/reliability.sh` runs it with the fuzzers.

#![allow(clippy::print_stdout)] // the matrix table goes to stdout for docs/reliability.md

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{DEV_EMAIL, DEV_PASSWORD, Emu, Env, manifest_dir, mode, run};
use serde_json::{Value, json};

struct Case {
    name: String,
    faults: Vec<Value>,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    exit: i32,
    stderr: &'static str,
    /// Requests of this method+path the server must have seen.
    seen: Option<(&'static str, &'static str, usize)>,
}

fn stdout_is_data_or_nothing(out: &str) -> bool {
    out.is_empty()
        || out
            .lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
}

#[test]
fn fault_matrix() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let (pid, pt) = emu.project(&user, "matrix");
    let (other_pid, other_pt) = emu.project(&user, "other");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    let other_a = emu.assistant(&other_pt, "b", json!([]));
    let other_t = emu.thread(&other_pt, &other_a);
    // Cache the project token so each case costs the calls it is about.
    run(env.cmd().args(["threads", "--project-id", &pid]));
    let s = |v: &str| v.to_string();
    let run_args = |msg: &str| {
        vec![
            s("threads"),
            s("run"),
            t.clone(),
            s("--project-id"),
            pid.clone(),
            s("--json"),
            s("--message"),
            s(msg),
        ]
    };
    let projects = vec![s("projects"), s("--json")];
    let mut cases = vec![
        Case {
            name: s("429 with Retry-After, then success"),
            faults: vec![
                json!({"path": "/projects/", "times": 1, "action": "status", "status": 429, "retry_after": "1"}),
            ],
            args: projects.clone(),
            env: vec![],
            exit: 0,
            stderr: "retrying in 1.0s",
            seen: Some(("GET", "/projects/", 2)),
        },
        Case {
            name: s("429 forever gives up"),
            faults: vec![
                json!({"path": "/projects/", "times": 0, "action": "status", "status": 429, "retry_after": "0"}),
            ],
            args: projects.clone(),
            env: vec![("EPSIMO_MAX_RETRIES", s("3"))],
            exit: 6,
            stderr: "HTTP 429",
            seen: Some(("GET", "/projects/", 4)),
        },
        Case {
            name: s("429 asking to wait past the budget"),
            faults: vec![
                json!({"path": "/projects/", "times": 0, "action": "status", "status": 429, "retry_after": "600"}),
            ],
            args: projects.clone(),
            env: vec![],
            exit: 6,
            stderr: "rate limited",
            seen: Some(("GET", "/projects/", 1)),
        },
    ];
    for status in [500, 502, 503, 504] {
        cases.push(Case {
            name: format!("{status} on GET is retried"),
            faults: vec![
                json!({"path": "/projects/", "times": 0, "action": "status", "status": status}),
            ],
            args: projects.clone(),
            env: vec![("EPSIMO_MAX_RETRIES", s("2"))],
            exit: 6,
            stderr: "retrying",
            // A 500 is usually deterministic upstream: one quick retry, not a backoff.
            seen: Some(("GET", "/projects/", if status == 500 { 2 } else { 3 })),
        });
        cases.push(Case { name: format!("{status} on POST is not retried"), faults: vec![json!({"method": "POST", "path": "/projects/", "times": 0, "action": "status", "status": status})], args: vec![s("projects"), s("create"), s("x"), s("--json")], env: vec![], exit: 6, stderr: "HTTP ", seen: Some(("POST", "/projects/", 1)) });
    }
    cases.push(Case {
        name: s("429 on POST is retried after Retry-After (the server did not act)"),
        faults: vec![
            json!({"method": "POST", "path": "/projects/", "times": 1, "action": "status", "status": 429, "retry_after": "1"}),
        ],
        args: vec![s("projects"), s("create"), s("x"), s("--json")],
        env: vec![],
        exit: 0,
        stderr: "HTTP 429",
        seen: Some(("POST", "/projects/", 2)),
    });
    cases.extend([
        Case { name: s("connection dropped mid-response"), faults: vec![json!({"path": "/projects/", "times": 0, "action": "drop"})], args: projects.clone(), env: vec![("EPSIMO_MAX_RETRIES", s("1"))], exit: 6, stderr: "broke before the response was complete", seen: None },
        Case { name: s("stalled server hits the read timeout"), faults: vec![json!({"path": "/projects/", "times": 1, "action": "delay", "ms": 3000})], args: projects.clone(), env: vec![("EPSIMO_READ_TIMEOUT", s("0.5"))], exit: 6, stderr: "did not answer within 0.5s", seen: None },
        Case { name: s("malformed JSON body"), faults: vec![json!({"path": "/projects/", "times": 1, "action": "malformed"})], args: projects.clone(), env: vec![], exit: 1, stderr: "not valid JSON", seen: None },
        Case { name: s("HTML error page from a proxy"), faults: vec![json!({"path": "/projects/", "times": 0, "action": "status", "status": 502, "body": "<html><body><h1>502 Bad Gateway</h1></body></html>", "content_type": "text/html"})], args: projects.clone(), env: vec![("EPSIMO_MAX_RETRIES", s("0"))], exit: 6, stderr: "HTML page", seen: None },
        Case { name: s("empty body where JSON was expected"), faults: vec![json!({"path": "/projects/", "times": 1, "action": "empty"})], args: projects.clone(), env: vec![], exit: 1, stderr: "empty where JSON was expected", seen: None },
        Case { name: s("401 mid-session without credentials"), faults: vec![json!({"path": "/projects/", "times": 1, "action": "status", "status": 401})], args: projects.clone(), env: vec![], exit: 4, stderr: "session expired", seen: None },
        Case { name: s("401 mid-session with credentials logs in again"), faults: vec![json!({"path": "/projects/", "times": 1, "action": "status", "status": 401})], args: projects.clone(), env: vec![("EPSIMO_EMAIL", s(DEV_EMAIL)), ("EPSIMO_PASSWORD", s(DEV_PASSWORD))], exit: 0, stderr: "logging in again", seen: Some(("POST", "/auth/login", 1)) },
        Case { name: s("403 on another project's thread"), faults: vec![], args: vec![s("threads"), s("show"), other_t.clone(), s("--project-id"), pid.clone(), s("--json")], env: vec![], exit: 4, stderr: "belongs to another project", seen: None },
        Case { name: s("SSE stream cut after K events"), faults: vec![json!({"path": "/runs/stream", "times": 1, "action": "cut_stream", "after_events": 4})], args: run_args("one two three"), env: vec![], exit: 6, stderr: "before the run finished", seen: None },
        Case { name: s("SSE error event"), faults: vec![json!({"path": "/runs/stream", "times": 1, "action": "sse_error", "after_events": 3})], args: run_args("one two three"), env: vec![], exit: 1, stderr: "the run failed on the server", seen: None },
        Case { name: s("SSE stream of pings only"), faults: vec![json!({"path": "/runs/stream", "times": 1, "action": "pings_only"})], args: run_args("x"), env: vec![("EPSIMO_READ_TIMEOUT", s("1"))], exit: 6, stderr: "only keep-alive pings", seen: None },
        Case { name: s("connection refused"), faults: vec![], args: projects.clone(), env: vec![("EPSIMO_API_URL", s("http://127.0.0.1:9")), ("EPSIMO_TOKEN", s("t")), ("EPSIMO_MAX_RETRIES", s("1"))], exit: 6, stderr: "cannot reach the API", seen: None },
    ]);
    let _ = other_pid;
    let mut table = String::from("| case | exit | seconds |\n| --- | --- | --- |\n");
    for case in cases {
        emu.json("DELETE", "/_emulator/faults", None, None, 200);
        for f in &case.faults {
            emu.fault(f.clone());
        }
        emu.clear_requests();
        let mut cmd = env.cmd();
        cmd.args(&case.args)
            .write_stdin("")
            .timeout(Duration::from_secs(60));
        for (k, v) in &case.env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let out = run(&mut cmd);
        let took = started.elapsed();
        assert_eq!(out.code, case.exit, "{}: {}", case.name, out.stderr);
        assert!(
            out.stderr.contains(case.stderr),
            "{}: {}",
            case.name,
            out.stderr
        );
        assert!(
            stdout_is_data_or_nothing(&out.stdout),
            "{}: stdout {:?}",
            case.name,
            out.stdout
        );
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("RUST_BACKTRACE"),
            "{}",
            case.name
        );
        if let Some((method, path, n)) = case.seen {
            let count = emu
                .requests()
                .iter()
                .filter(|r| r["method"] == method && r["path"] == path)
                .count();
            assert_eq!(
                count, n,
                "{}: {method} {path} seen {count} times",
                case.name
            );
        }
        table.push_str(&format!(
            "| {} | {} | {:.2} |\n",
            case.name,
            case.exit,
            took.as_secs_f64()
        ));
    }
    println!("{table}");
}

#[test]
fn hostile_ids_are_percent_encoded_and_reach_no_other_path() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    for id in [
        "../projects",
        "a/b",
        "x?confirm=true",
        "y#frag",
        "sp ace",
        "..",
        ".",
        "",
        "ctl\u{7}\u{1b}[2J",
    ] {
        emu.clear_requests();
        // A thread id is a UUID: anything else is refused before it is sent.
        let out = run(env
            .cmd()
            .args(["threads", "show", id, "--project-id", &pid]));
        assert_eq!(out.code, 5, "{id:?}: {}", out.stderr);
        assert!(out.stderr.contains("not a valid id"), "{}", out.stderr);
        assert!(
            !out.stderr.contains('\u{1b}'),
            "no escape sequences in errors"
        );
        for r in emu.requests() {
            let p = r["path"].as_str().unwrap();
            assert!(
                ["/threads/", "/threads", "/projects/"].contains(&p) || p.starts_with("/projects/"),
                "{id:?} reached {p}"
            );
        }
        // A project id has no known shape: it is sent, as one segment.
        emu.clear_requests();
        let out = run(env.cmd().args(["projects", "show", id]));
        assert_ne!(out.code, 0, "{id:?}: {}", out.stdout);
        let paths: Vec<String> = emu
            .requests()
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect();
        for p in &paths {
            assert!(p.starts_with("/projects"), "{id:?} reached {p}");
            assert!(p.matches('/').count() <= 2, "{id:?}: one segment, got {p}");
        }
        assert!(
            !out.stderr.contains('\u{1b}'),
            "no escape sequences in errors"
        );
    }
}

#[test]
fn oversized_and_malformed_input_is_refused_before_sending() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::write(&big, vec![b'1'; 50 * 1024 * 1024]).unwrap();
    emu.clear_requests();
    let out = run(env
        .cmd()
        .args([
            "db",
            "set",
            "--project-id",
            "p",
            "--thread-id",
            "t",
            "--key",
            "k",
            "--value-file",
        ])
        .arg(&big));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("limit"), "{}", out.stderr);
    assert!(emu.requests().is_empty(), "nothing sent");
    let manifest = dir.path().join("epsimo.yaml");
    std::fs::write(
        &manifest,
        format!(
            "project_id: p\nname: \"{}\"\n",
            "x".repeat(10 * 1024 * 1024)
        ),
    )
    .unwrap();
    let out = run(env.cmd().args(["deploy"]).current_dir(dir.path()));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(out.stderr.contains("larger than 1 MiB"), "{}", out.stderr);
    let deep = format!(
        "project_id: p\nname: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(&manifest, deep).unwrap();
    let out = run(env.cmd().args(["deploy"]).current_dir(dir.path()));
    assert_eq!(out.code, 5, "{}", out.stderr);
    let bomb = "project_id: p\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
    std::fs::write(&manifest, bomb).unwrap();
    let out = run(env.cmd().args(["deploy"]).current_dir(dir.path()));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(emu.requests().is_empty(), "nothing sent for any manifest");
}

#[test]
fn credentials_survive_concurrency_and_damage() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    let bin = assert_cmd::cargo::cargo_bin("epsimo");
    let spawn = |args: &[&str]| {
        Command::new(&bin)
            .args(args)
            .env_clear()
            .env("EPSIMO_CONFIG_DIR", env.config_dir())
            .env("EPSIMO_API_URL", &emu.url)
            .env("EPSIMO_EMAIL", DEV_EMAIL)
            .env("EPSIMO_PASSWORD", DEV_PASSWORD)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    for round in 0..3 {
        let mut children: Vec<_> = (0..20).map(|_| spawn(&["auth", "login"])).collect();
        children.extend((0..20).map(|_| spawn(&["api", "/threads/", "--project-id", &pid])));
        for mut c in children {
            assert!(c.wait().unwrap().success(), "round {round}");
        }
        let stored: Value = serde_json::from_slice(&std::fs::read(env.credentials()).unwrap())
            .expect("valid JSON every time");
        assert!(stored["profiles"]["local"]["token"].is_string());
        assert_eq!(mode(&env.credentials()), 0o600);
        assert_eq!(mode(&env.config_dir()), 0o700);
        let tmp: Vec<_> = std::fs::read_dir(env.config_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(tmp.is_empty());
    }
    // Damaged in each way: a clear error with a hint, never a panic; login repairs.
    for damage in [
        "{\"profiles\": {\"default\": {\"tok",
        "",
        "[]",
        "{\"profiles\": 5}",
        "\u{0}\u{1}binary",
    ] {
        std::fs::write(env.credentials(), damage).unwrap();
        let out = run(env.cmd().arg("whoami"));
        assert!(out.code == 1 || out.code == 4, "{damage:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("hint:") && !out.stderr.contains("panicked"),
            "{damage:?}: {}",
            out.stderr
        );
        env.login();
        assert_eq!(run(env.cmd().arg("whoami")).code, 0, "{damage:?}: repaired");
    }
    // A symlinked credentials file is refused.
    let elsewhere = env.dir.path().join("elsewhere.json");
    std::fs::rename(env.credentials(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, env.credentials()).unwrap();
    let out = run(env.cmd().arg("whoami"));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
}

#[test]
fn tokens_never_leak() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let token = env.stored()["profiles"]["local"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (pid, _) = emu.project(&emu.dev_token(), "p");
    emu.fault(json!({"path": "/projects/", "times": 1, "action": "status", "status": 500, "body": "boom"}));
    for args in [
        vec!["-v", "projects"],
        vec!["-v", "api", "/threads/", "--project-id", &pid],
        vec!["auth", "status"],
        vec!["auth", "status", "--json"],
        vec!["-v", "threads", "show", "nope", "--project-id", &pid],
    ] {
        let out = run(env.cmd().args(&args).env("EPSIMO_MAX_RETRIES", "0"));
        assert!(
            !out.stderr.contains(&token) && !out.stdout.contains(&token),
            "{args:?}"
        );
        let pt = env.stored()["profiles"]["local"]["project_tokens"][&pid]["token"]
            .as_str()
            .map(str::to_owned);
        if let Some(pt) = pt {
            assert!(
                !out.stderr.contains(&pt) && !out.stdout.contains(&pt),
                "{args:?}: project token"
            );
        }
    }
}

fn interrupt(
    env: &Env,
    args: &[&str],
    cwd: &std::path::Path,
    signal: &str,
    ready: impl Fn() -> bool,
) -> std::process::Output {
    let child = Command::new(assert_cmd::cargo::cargo_bin("epsimo"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("EPSIMO_CONFIG_DIR", env.config_dir())
        .env("EPSIMO_API_URL", &env.api_url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if ready() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    std::thread::sleep(Duration::from_millis(150));
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn interruption_exits_130_and_leaves_files_intact() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let (pid, pt) = emu.project(&user, "p");
    let a = emu.assistant(&pt, "a", json!([]));
    let t = emu.thread(&pt, &a);
    run(env.cmd().args(["threads", "--project-id", &pid]));
    let before = std::fs::read(env.credentials()).unwrap();
    let dir = manifest_dir(format!(
        "project_id: {pid}\nassistants:\n  - name: One\n  - name: Two\n"
    ));
    std::fs::write(dir.path().join("doc.txt"), "x").unwrap();
    for signal in ["-INT", "-TERM"] {
        // A streaming run.
        emu.clear_requests();
        let out = interrupt(
            &env,
            &[
                "threads",
                "run",
                &t,
                "--project-id",
                &pid,
                "--message",
                "/slow 30",
            ],
            dir.path(),
            signal,
            || emu.requests().iter().any(|r| r["path"] == "/runs/stream"),
        );
        assert_eq!(
            out.status.code(),
            Some(130),
            "run {signal}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // A deploy, stalled on its creations.
        emu.json("DELETE", "/_emulator/faults", None, None, 200);
        emu.fault(json!({"method": "POST", "path": "/assistants/", "times": 0, "action": "delay", "ms": 20000}));
        emu.clear_requests();
        let out = interrupt(&env, &["deploy"], dir.path(), signal, || {
            emu.requests().iter().any(|r| r["method"] == "POST")
        });
        assert_eq!(
            out.status.code(),
            Some(130),
            "deploy {signal}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
        // A file upload, stalled at the server.
        emu.json("DELETE", "/_emulator/faults", None, None, 200);
        emu.fault(json!({"method": "POST", "path": format!("/assistants/{a}/files"), "times": 0, "action": "delay", "ms": 20000}));
        emu.clear_requests();
        let out = interrupt(
            &env,
            &[
                "files",
                "upload",
                "--assistant-id",
                &a,
                "--project-id",
                &pid,
                "doc.txt",
            ],
            dir.path(),
            signal,
            || emu.requests().iter().any(|r| r["method"] == "POST"),
        );
        assert_eq!(
            out.status.code(),
            Some(130),
            "upload {signal}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        emu.json("DELETE", "/_emulator/faults", None, None, 200);
    }
    assert_eq!(
        std::fs::read(env.credentials()).unwrap(),
        before,
        "credentials intact"
    );
    let stray: Vec<_> = std::fs::read_dir(env.config_dir())
        .unwrap()
        .chain(std::fs::read_dir(dir.path()).unwrap())
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.contains("epsimo-tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn without_terminal_or_credentials_nothing_waits() {
    let env = Env::new("http://127.0.0.1:9");
    let commands: Vec<Vec<&str>> = vec![
        vec!["whoami"],
        vec!["projects"],
        vec!["auth", "login"],
        vec!["auth", "token"],
        vec!["auth", "status"],
        vec!["assistants", "--project-id", "p"],
        vec!["threads", "--project-id", "p"],
        vec!["threads", "run", "--project-id", "p", "--message", "x"],
        vec![
            "db",
            "query",
            "--project-id",
            "p",
            "--thread-id",
            "7e0c0d7a-1b2c-4d3e-8f40-5a6b7c8d9e0f",
        ],
        vec!["credits", "balance"],
        vec!["credits", "buy", "--quantity", "5"],
        vec!["tools"],
        vec!["api", "/projects/"],
        vec!["chat", "--project-id", "p"],
        vec!["init"],
        vec!["projects", "delete", "p"],
    ];
    for args in commands {
        // stdin is an open pipe nobody writes to: a read would block until the
        // timeout. Exiting at once proves nothing waits on it.
        let out = run(env.cmd().args(&args).timeout(Duration::from_secs(20)));
        assert!(
            matches!(out.code, 2 | 4),
            "{args:?} exited {}: {}",
            out.code,
            out.stderr
        );
        assert!(out.stderr.contains("hint:"), "{args:?}: {}", out.stderr);
    }
}
