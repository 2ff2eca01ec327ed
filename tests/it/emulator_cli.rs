//! `epsimo emulator start` and `epsimo emulator exec` as processes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{DEV_EMAIL, Env, run};
use serde_json::{Value, json};

/// A started emulator, killed when dropped: a test that fails half-way leaves no
/// server running behind it.
struct Started(Child);

impl Drop for Started {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

impl std::ops::Deref for Started {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Started {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl std::borrow::Borrow<Child> for Started {
    fn borrow(&self) -> &Child {
        &self.0
    }
}

impl std::borrow::BorrowMut<Child> for Started {
    fn borrow_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

/// Starts `epsimo emulator start` and returns the child and its URL from the banner.
fn start(args: &[&str]) -> (Started, String, mpsc::Receiver<String>) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("epsimo"))
        .args(["emulator", "start", "--port", "0"])
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Keep draining even when nobody listens any more, so the child never
        // writes into a closed pipe.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the banner names the URL");
        if let Some(rest) = line.trim().strip_prefix("API:") {
            break rest.trim().to_string();
        }
    };
    (Started(child), url, rx)
}

fn terminate(mut child: impl std::borrow::BorrowMut<Child>) -> i32 {
    let child = child.borrow_mut();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    panic!("the emulator did not stop on SIGTERM");
}

fn post(url: &str, path: &str, token: Option<&str>, body: Value) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut rb = reqwest::Client::new()
            .post(format!("{url}{path}"))
            .json(&body);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        let r = rb.send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap()
    })
}

#[test]
fn start_prints_url_and_dev_account_and_stops_cleanly() {
    let (child, url, rx) = start(&[]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0, "port 0 picks a free port and prints it");
    // The rest of the banner follows the URL line.
    let account = (0..20)
        .filter_map(|_| rx.recv_timeout(Duration::from_secs(5)).ok())
        .find(|l| l.contains("Dev account:"))
        .expect("the banner names the dev account");
    assert!(
        account.contains(DEV_EMAIL) && account.contains("epsimo-dev"),
        "{account}"
    );
    let login = post(
        &url,
        "/auth/login",
        None,
        json!({"email": DEV_EMAIL, "password": "epsimo-dev"}),
    );
    assert!(login["access_token"].is_string());
    assert_eq!(terminate(child), 0);
}

#[test]
fn data_file_keeps_state_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("state.json");
    let data_arg = data.to_str().unwrap();

    let (child, url, _) = start(&["--data", data_arg]);
    post(
        &url,
        "/auth/signup",
        None,
        json!({"email": "keep@example.com", "password": "password1"}),
    );
    let token = post(
        &url,
        "/auth/login",
        None,
        json!({"email": "keep@example.com", "password": "password1"}),
    )["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let project = post(
        &url,
        "/projects/",
        Some(&token),
        json!({"name": "Kept", "description": "", "metadata": {}}),
    );
    assert_eq!(terminate(child), 0);

    // Atomic writes: the file is whole JSON and no temp file is left beside it
    // (only its journal, emptied by the clean stop).
    let saved: Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    assert!(
        saved["projects"]
            .as_object()
            .unwrap()
            .contains_key(project["project_id"].as_str().unwrap())
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    assert!(
        leftovers.iter().any(|f| f == "state.json.journal"),
        "{leftovers:?}"
    );

    let (child, url, _) = start(&["--data", data_arg]);
    // The old token still verifies (the signing key is kept), and the data is there.
    let env = Env::new(&url);
    let out = run(env
        .cmd()
        .args(["projects", "--json"])
        .env("EPSIMO_TOKEN", &token));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let projects: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(projects[1]["name"], "Kept", "after `main`: {projects}");
    assert_eq!(terminate(child), 0);
}

/// A kill leaves no chance to write the file whole: what the journal holds comes
/// back, to the last message written before it.
#[test]
fn a_killed_emulator_comes_back_with_every_change_from_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("state.json");
    let data_arg = data.to_str().unwrap();
    let (mut child, url, _) = start(&["--data", data_arg]);
    let env = Env::new(&url);
    env.login();
    let out = run(env.cmd().args(["projects", "create", "Kept", "--json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pid: Value = serde_json::from_str(&out.stdout).unwrap();
    let pid = pid["project_id"].as_str().unwrap().to_string();
    let in_project = |args: &[&str]| {
        let out = run(env.cmd().args(args).env("EPSIMO_PROJECT_ID", &pid));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        out.stdout
    };
    in_project(&["assistants", "create", "--name", "Keeper"]);
    let made = in_project(&["threads", "create", "--assistant", "Keeper", "--json"]);
    let made: Value = serde_json::from_str(&made).unwrap();
    let tid = made["thread_id"].as_str().unwrap().to_string();
    for i in 0..30 {
        in_project(&["threads", "run", &tid, "--message", &format!("message {i}")]);
    }
    in_project(&["db", "set", &tid, "--key", "plan", "--value", "\"pro\""]);
    child.kill().unwrap();
    child.wait().unwrap();

    let (child, url, _) = start(&["--data", data_arg]);
    let env = Env::new(&url);
    env.login();
    let out = run(env
        .cmd()
        .args(["threads", "show", &tid, "--json"])
        .env("EPSIMO_PROJECT_ID", &pid));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shown: Value = serde_json::from_str(&out.stdout).unwrap();
    let text = shown.to_string();
    assert!(text.contains("message 29"), "{text}");
    let out = run(env
        .cmd()
        .args(["db", "get", &tid, "--key", "plan"])
        .env("EPSIMO_PROJECT_ID", &pid));
    assert_eq!(
        (out.code, out.stdout.trim()),
        (0, "\"pro\""),
        "{}",
        out.stderr
    );
    assert_eq!(terminate(child), 0);
}

#[test]
fn a_damaged_data_file_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("state.json");
    std::fs::write(&data, "not json").unwrap();
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env.cmd().args([
        "emulator",
        "start",
        "--port",
        "0",
        "--data",
        data.to_str().unwrap(),
    ]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("is not an emulator data file"),
        "{}",
        out.stderr
    );
}

#[test]
fn exec_propagates_the_exit_code() {
    let env = Env::new("http://127.0.0.1:1");
    for code in [0, 3, 7] {
        let out = run(env.cmd().args([
            "emulator",
            "exec",
            "--",
            "sh",
            "-c",
            &format!("exit {code}"),
        ]));
        assert_eq!(out.code, code, "{}", out.stderr);
    }
    let out = run(env
        .cmd()
        .args(["emulator", "exec", "--", "no-such-program-xyz"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("cannot run"), "{}", out.stderr);
}

#[test]
fn exec_isolates_the_config_dir_and_drops_real_tokens() {
    let env = Env::new("http://127.0.0.1:1");
    let script = r#"
        test -z "${EPSIMO_TOKEN:-}" || { echo "EPSIMO_TOKEN leaked"; exit 10; }
        test -z "${EPSIMO_PROJECT_ID:-}" || { echo "EPSIMO_PROJECT_ID leaked"; exit 11; }
        echo "config=$EPSIMO_CONFIG_DIR"
        echo "url=$EPSIMO_API_URL"
        epsimo auth login
        epsimo whoami --json
    "#;
    let out = run(env
        .cmd()
        .args(["emulator", "exec", "--", "sh", "-c", script])
        .env("EPSIMO_TOKEN", "real-user-token")
        .env("EPSIMO_PROJECT_ID", "real-project"));
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    let config = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("config="))
        .unwrap();
    assert_ne!(std::path::Path::new(config), env.config_dir());
    assert!(
        !std::path::Path::new(config).exists(),
        "the throw-away config dir is removed"
    );
    assert!(
        !env.credentials().exists(),
        "the user's own credentials are not touched"
    );
    assert!(out.stdout.contains("url=http://127.0.0.1:"));
    assert!(out.stdout.contains("\"email\":\"dev@example.com\""));
}

#[test]
fn sigterm_to_exec_reaches_the_childs_trap_and_leaves_no_orphan() {
    let dir = tempfile::tempdir().unwrap();
    let trapped = dir.path().join("trapped");
    let orphan = dir.path().join("orphan.pid");
    let script = format!(
        "trap 'echo trapped > {t}; exit 0' TERM; sleep 300 & echo $! > {o}; wait",
        t = trapped.display(),
        o = orphan.display()
    );
    let child = Command::new(assert_cmd::cargo::cargo_bin("epsimo"))
        .args(["emulator", "exec", "--", "sh", "-c", &script])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if orphan.exists() && !std::fs::read_to_string(&orphan).unwrap().trim().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let grandchild = std::fs::read_to_string(&orphan).unwrap().trim().to_string();
    let code = terminate(child);
    assert_eq!(code, 130, "exec ends as interrupted");
    assert_eq!(
        std::fs::read_to_string(&trapped).unwrap_or_default(),
        "trapped\n",
        "the child's trap ran"
    );
    // The child's own child is gone too (no orphan left running).
    let mut gone = false;
    for _ in 0..100 {
        let status =
            std::fs::read_to_string(format!("/proc/{grandchild}/status")).unwrap_or_default();
        if status.is_empty() || status.contains("State:\tZ") {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(gone, "sleep {grandchild} still runs");
}

#[test]
fn start_logs_each_request_and_a_port_in_use_says_what_to_do() {
    let (child, url, rx) = start(&[]);
    let env = Env::new(&url);
    post(
        &url,
        "/auth/login",
        None,
        json!({"email": DEV_EMAIL, "password": crate::common::DEV_PASSWORD}),
    );
    let line = loop {
        let l = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a request log line");
        if l.starts_with("POST ") {
            break l;
        }
    };
    let re = regex::Regex::new(r"^POST /auth/login 200 \d+ ms$").unwrap();
    assert!(re.is_match(&line), "{line:?}");
    // The same port again: a clear error naming --port 0.
    let port = url.rsplit(':').next().unwrap().to_string();
    let again = run(env.cmd().args(["emulator", "start", "--port", &port]));
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("is in use"), "{}", again.stderr);
    assert!(again.stderr.contains("--port 0"), "{}", again.stderr);
    terminate(child);
    // --quiet: no log.
    let (child, url, rx) = start(&["--quiet"]);
    post(
        &url,
        "/auth/login",
        None,
        json!({"email": DEV_EMAIL, "password": crate::common::DEV_PASSWORD}),
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        rx.try_iter().all(|l| !l.starts_with("POST ")),
        "nothing logged with --quiet"
    );
    terminate(child);
}
