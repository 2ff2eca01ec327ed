//! Rate limits: the client paces itself by the server's `X-RateLimit-*` headers and
//! retries what a 429 refused; the emulator's `--rate-limit` enforces a window.

use std::time::{Duration, Instant};

use crate::common::{Emu, Env, manifest_dir, ok, run};
use epsimo::emulator::Config;
use serde_json::{Value, json};

fn limited(per_second: u64) -> Emu {
    Emu::with(Config {
        faults: true,
        rate_limit: Some(epsimo::emulator::ratelimit::RateLimit {
            requests: per_second,
            window: 1,
        }),
        ..Config::default()
    })
}

fn manifest(pid: &str, n: usize) -> String {
    let mut text = format!("project_id: {pid}\nassistants:\n");
    for i in 0..n {
        text.push_str(&format!("  - name: A{i:03}\n"));
    }
    text
}

#[test]
fn a_big_deploy_on_a_small_tier_finishes_creating_each_assistant_once() {
    let emu = limited(10);
    let env = Env::new(&emu.url);
    env.login();
    let (pid, _) = emu.project(&emu.dev_token(), "tier");
    let dir = manifest_dir(manifest(&pid, 60));
    emu.clear_requests();
    let out = run(env.cmd().arg("deploy").current_dir(dir.path()));
    ok(&out);
    let log = emu.requests();
    let refused = log.iter().filter(|r| r["status"] == 429).count();
    assert!(refused <= 3, "{refused} answers were 429");
    let creates: Vec<&Value> = log
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/assistants/" && r["status"] == 200)
        .collect();
    assert_eq!(creates.len(), 60, "one successful create per assistant");
    let mut names: Vec<&str> = creates
        .iter()
        .map(|r| r["body"]["name"].as_str().unwrap())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 60, "each name created once");
    // Again: nothing to do.
    emu.clear_requests();
    let again = run(env.cmd().arg("deploy").current_dir(dir.path()));
    ok(&again);
    assert!(
        again.stderr.contains("Nothing to change"),
        "{}",
        again.stderr
    );
    assert!(
        emu.requests().iter().all(|r| r["method"] == "GET"),
        "a re-deploy writes nothing"
    );
}

#[test]
fn a_run_refused_with_429_is_sent_again_after_retry_after() {
    let p = crate::common::Project::new();
    p.assistant(json!([]));
    p.emu.fault(json!({
        "method": "POST", "path": "/runs/stream", "times": 1,
        "action": "status", "status": 429, "retry_after": "1"
    }));
    let started = Instant::now();
    let out = run(p.cmd().args(["threads", "run", "--message", "hello"]));
    ok(&out);
    assert!(out.stdout.contains("You said: hello"), "{}", out.stdout);
    assert!(out.stderr.contains("HTTP 429"), "{}", out.stderr);
    let runs = p
        .calls()
        .iter()
        .filter(|(m, path)| m == "POST" && path == "/runs/stream")
        .count();
    assert_eq!(runs, 2, "refused once, then sent again");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "it waited as asked"
    );
}

#[test]
fn ctrl_c_during_a_rate_limit_wait_ends_at_once_with_130() {
    let p = crate::common::Project::new();
    p.emu.fault(json!({
        "method": "GET", "path": "/assistants/", "times": 1,
        "action": "status", "status": 429, "retry_after": "30"
    }));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("epsimo"));
    child
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.env.home())
        .env("EPSIMO_CONFIG_DIR", p.env.config_dir())
        .env("EPSIMO_API_URL", &p.env.api_url)
        .env("EPSIMO_PROJECT_ID", &p.pid)
        .args(["assistants"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = child.spawn().unwrap();
    // Wait until the refusal is in the log, then interrupt.
    let seen = Instant::now();
    while !p.emu.requests().iter().any(|r| r["status"] == 429) {
        assert!(seen.elapsed() < Duration::from_secs(20), "never refused");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let sent = Instant::now();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        sent.elapsed() < Duration::from_secs(10),
        "it did not sit out the 30 s"
    );
}

#[test]
fn a_refused_loopback_connection_is_tried_once_more_not_backed_off() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let env = Env::new(&closed);
    let out = run(env.cmd().env("EPSIMO_TOKEN", "t").args(["projects"]));
    assert_eq!(out.code, 6, "{}", out.stderr);
    let retries = out.stderr.matches("connection failed").count();
    assert_eq!(retries, 1, "one quick retry: {}", out.stderr);
}

#[test]
fn the_emulator_sends_the_three_headers_and_max_rps_paces_the_client() {
    let emu = limited(1000);
    let env = Env::new(&emu.url);
    env.login();
    let out = run(env.cmd().args(["api", "/projects/", "--include"]));
    ok(&out);
    let head = format!("{}{}", out.stdout, out.stderr).to_ascii_lowercase();
    for h in [
        "x-ratelimit-limit: 1000",
        "x-ratelimit-remaining:",
        "x-ratelimit-reset:",
    ] {
        assert!(head.contains(h), "{h}: {}", out.stdout);
    }
    // EPSIMO_MAX_RPS spaces the requests: n of them at 4 a second take at least
    // (n - 1) / 4 seconds (a lower bound: a slow machine only adds to it).
    let (pid, _) = emu.project(&emu.dev_token(), "paced");
    let dir = manifest_dir(manifest(&pid, 5));
    emu.clear_requests();
    let started = Instant::now();
    ok(&run(env
        .cmd()
        .env("EPSIMO_MAX_RPS", "4")
        .arg("deploy")
        .current_dir(dir.path())));
    let elapsed = started.elapsed();
    let n = emu.requests().len() as f64;
    assert!(n >= 6.0, "{n} requests");
    assert!(
        elapsed.as_secs_f64() >= (n - 1.0) / 4.0 * 0.95,
        "{n} requests in {elapsed:?}"
    );
    let bad = run(env.cmd().env("EPSIMO_MAX_RPS", "fast").arg("projects"));
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("EPSIMO_MAX_RPS"), "{}", bad.stderr);
}

/// The rate limit is keyed on the token, whatever the spelling of its header:
/// `bearer`, `BEARER` or extra spaces do not make a second allowance.
#[test]
fn the_rate_limit_counts_a_token_once_whatever_its_spelling() {
    let emu = Emu::with(Config {
        rate_limit: Some(epsimo::emulator::ratelimit::RateLimit {
            requests: 3,
            window: 60,
        }),
        ..Config::default()
    });
    let token = emu.dev_token();
    let statuses: Vec<u16> = ["Bearer", "bearer", "BEARER ", "Bearer  ", "bEaReR"]
        .iter()
        .map(|scheme| {
            emu.rt.block_on(async {
                reqwest::Client::new()
                    .get(format!("{}/projects/", emu.url))
                    .header("authorization", format!("{scheme} {token}"))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
}
