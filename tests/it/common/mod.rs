//! Shared test harness: an in-process emulator on a loopback port, and a hermetic
//! environment (temp HOME and config dir, no inherited EPSIMO_* variables) for
//! running the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use epsimo::emulator::{self, Config, Running};
use serde_json::{Value, json};

pub const DEV_EMAIL: &str = emulator::DEV_EMAIL;
pub const DEV_PASSWORD: &str = emulator::DEV_PASSWORD;

/// An emulator running on its own runtime for the life of the test.
pub struct Emu {
    pub rt: tokio::runtime::Runtime,
    pub running: Option<Running>,
    pub url: String,
    /// The token the admin endpoints require (sent by these helpers for them).
    pub admin: String,
}

impl Emu {
    pub fn start() -> Emu {
        Emu::with(Config {
            faults: true,
            ping_interval: Duration::from_millis(200),
            ..Config::default()
        })
    }

    pub fn with(cfg: Config) -> Emu {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let running = rt
            .block_on(emulator::start(cfg, "127.0.0.1:0".parse().unwrap()))
            .expect("emulator starts");
        let url = running.url();
        let admin = running.admin_token().to_string();
        Emu {
            rt,
            running: Some(running),
            url,
            admin,
        }
    }

    /// One HTTP request to the emulator: (status, headers, body text).
    pub fn http(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let url = format!("{}{}", self.url, path);
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        self.rt.block_on(async {
            let client = reqwest::Client::new();
            let mut rb = client.request(method, url);
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            } else if path.starts_with("/_emulator/") {
                rb = rb.bearer_auth(&self.admin);
            }
            if let Some(b) = body {
                rb = rb
                    .header("content-type", "application/json")
                    .body(b.to_string());
            }
            let resp = rb.send().await.expect("request sent");
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let text = resp.text().await.unwrap_or_default();
            (status, headers, text)
        })
    }

    /// A request whose answer must be JSON with the given status.
    pub fn json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        want: u16,
    ) -> Value {
        let body = body.map(|b| b.to_string());
        let (status, _, text) = self.http(method, path, token, body.as_deref());
        assert_eq!(status, want, "{method} {path} answered {status}: {text}");
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {text}"))
    }

    pub fn login(&self, email: &str, password: &str) -> String {
        let v = self.json(
            "POST",
            "/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
            200,
        );
        v["access_token"].as_str().unwrap().to_string()
    }

    pub fn dev_token(&self) -> String {
        self.login(DEV_EMAIL, DEV_PASSWORD)
    }

    /// Creates a project with the user token and returns (project_id, project_token).
    pub fn project(&self, user_token: &str, name: &str) -> (String, String) {
        let p = self.json(
            "POST",
            "/projects/",
            Some(user_token),
            Some(json!({"name": name, "description": "", "metadata": {}})),
            200,
        );
        let id = p["project_id"].as_str().unwrap().to_string();
        let full = self.json(
            "GET",
            &format!("/projects/{id}"),
            Some(user_token),
            None,
            200,
        );
        (id, full["access_token"].as_str().unwrap().to_string())
    }

    pub fn assistant(&self, project_token: &str, name: &str, tools: Value) -> String {
        let body = json!({"name": name, "public": false, "config": {"configurable": {
            "type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/model": "gpt-4o",
            "type==agent/system_message": "You are a test.", "type==agent/tools": tools}}});
        let a = self.json("POST", "/assistants/", Some(project_token), Some(body), 200);
        a["assistant_id"].as_str().unwrap().to_string()
    }

    pub fn thread(&self, project_token: &str, assistant_id: &str) -> String {
        let t = self.json(
            "POST",
            "/threads/",
            Some(project_token),
            Some(
                json!({"name": "t", "assistant_id": assistant_id, "metadata": {"type": "thread"}}),
            ),
            200,
        );
        t["thread_id"].as_str().unwrap().to_string()
    }

    /// Injects a fault through the admin endpoint.
    pub fn fault(&self, spec: Value) {
        self.json("POST", "/_emulator/faults", None, Some(spec), 200);
    }

    /// The request log, without the admin calls.
    pub fn requests(&self) -> Vec<Value> {
        let v = self.json("GET", "/_emulator/requests", None, None, 200);
        v.as_array().unwrap().clone()
    }

    /// "METHOD path" of every request since the last clear.
    pub fn calls(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["method"].as_str().unwrap(),
                    r["path"].as_str().unwrap()
                )
            })
            .collect()
    }

    pub fn clear_requests(&self) {
        self.json("DELETE", "/_emulator/requests", None, None, 200);
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            self.rt.block_on(r.stop());
        }
    }
}

/// A hermetic environment for the binary: temp HOME and config dir.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub api_url: String,
}

impl Env {
    pub fn new(api_url: &str) -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            api_url: api_url.to_string(),
        }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config").join("epsimo")
    }

    pub fn credentials(&self) -> PathBuf {
        self.config_dir().join("credentials.json")
    }

    /// The binary with a clean environment: nothing inherited but PATH.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("epsimo").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("EPSIMO_CONFIG_DIR", self.config_dir())
            .env("EPSIMO_API_URL", &self.api_url)
            // The keychain only in the tests of the keychain (tests/it/keychain.rs).
            .env("EPSIMO_AUTH_STORAGE", "file")
            .env("NO_COLOR", "1")
            .env("EPSIMO_MAX_RETRIES", "3")
            .env("EPSIMO_RETRY_MAX_WAIT", "10")
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// The same environment as [`Env::cmd`], as a `std` command (to spawn and signal).
    pub fn cmd_std(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("epsimo"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("EPSIMO_CONFIG_DIR", self.config_dir())
            .env("EPSIMO_API_URL", &self.api_url)
            .env("EPSIMO_AUTH_STORAGE", "file")
            .env("NO_COLOR", "1");
        cmd
    }

    /// The binary with the dev account's credentials in the environment (for
    /// `auth login` without prompts, and for the automatic re-login on 401).
    pub fn cmd_with_credentials(&self) -> Command {
        let mut cmd = self.cmd();
        cmd.env("EPSIMO_EMAIL", DEV_EMAIL)
            .env("EPSIMO_PASSWORD", DEV_PASSWORD);
        cmd
    }

    /// `auth login` with the dev account through the environment.
    pub fn login(&self) {
        self.cmd_with_credentials()
            .args(["auth", "login"])
            .assert()
            .success();
    }

    pub fn stored(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.credentials()).unwrap()).unwrap()
    }
}

/// Output of a finished command.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().expect("the binary runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Writes `epsimo.yaml` with `text` into `dir`.
pub fn write_manifest(dir: &Path, text: impl AsRef<str>) {
    std::fs::write(dir.join("epsimo.yaml"), text.as_ref()).unwrap();
}

/// A fresh directory holding `epsimo.yaml` with `text`.
pub fn manifest_dir(text: impl AsRef<str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_manifest(dir.path(), text);
    dir
}

/// The fixtures recorded from a real OpenGPTs server.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/opengpts")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// Whether an optional tool (zsh, fish, jq, man, ...) is on PATH for a test that
/// needs it. Missing, the test skips with a note on stderr; but under `.ci/run`, which
/// installs every such tool and sets `EPSIMO_TEST_REQUIRE_TOOLS=1`, a missing tool is
/// a failure, so no check is skipped in CI.
pub fn optional_tool(name: &str, install: &str) -> bool {
    let found = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(name);
            p.is_file()
                && std::fs::metadata(&p).is_ok_and(|m| {
                    std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0
                })
        })
    });
    if found {
        return true;
    }
    if std::env::var_os("EPSIMO_TEST_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!(
            "{name} is not installed, and EPSIMO_TEST_REQUIRE_TOOLS=1 (CI) makes that a failure: {install}"
        );
    }
    skipped(&format!(
        "needs {name}, which is not installed ({install}; .ci/run installs it)"
    ));
    false
}

/// Says that (part of) the running test was skipped and why, where `cargo test` shows
/// it: straight to the process's stderr, which libtest does not capture (its capture
/// takes only `eprintln!`), so a skip never hides behind the test's `ok`.
pub fn skipped(why: &str) {
    use std::io::Write;
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
}

/// The command ended with 0; on failure the assertion shows both outputs.
pub fn ok(out: &Out) {
    assert_eq!(
        out.code, 0,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
}

/// A logged-in environment with a project selected through EPSIMO_PROJECT_ID.
pub struct Project {
    pub emu: Emu,
    pub env: Env,
    pub pid: String,
    pub pt: String,
}

impl Project {
    /// On an emulator with faults and the request log, quick pings.
    pub fn new() -> Project {
        Project::with(Config {
            faults: true,
            ping_interval: Duration::from_millis(200),
            ..Config::default()
        })
    }

    /// On an emulator as strict as upstream OpenGPTs was recorded (`--mode upstream`).
    pub fn upstream() -> Project {
        Project::with(Config {
            faults: true,
            ping_interval: Duration::from_millis(200),
            mode: epsimo::cli::Mode::Upstream,
            ..Config::default()
        })
    }

    pub fn with(cfg: Config) -> Project {
        let emu = Emu::with(cfg);
        let env = Env::new(&emu.url);
        env.login();
        let (pid, pt) = emu.project(&emu.dev_token(), "Resources");
        emu.clear_requests();
        Project { emu, env, pid, pt }
    }

    pub fn cmd(&self) -> Command {
        let mut c = self.env.cmd();
        c.env("EPSIMO_PROJECT_ID", &self.pid);
        c
    }

    /// (method, path) of every request since the last clear.
    pub fn calls(&self) -> Vec<(String, String)> {
        self.emu
            .requests()
            .iter()
            .map(|r| {
                (
                    r["method"].as_str().unwrap().to_string(),
                    r["path"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// The body of the newest request with this method and path.
    pub fn body_of(&self, method: &str, path: &str) -> Value {
        self.emu
            .requests()
            .into_iter()
            .rev()
            .find(|r| r["method"] == method && r["path"] == path)
            .unwrap_or_else(|| panic!("no {method} {path}"))["body"]
            .clone()
    }

    pub fn assistant(&self, tools: Value) -> String {
        self.emu.assistant(&self.pt, "Helper", tools)
    }

    /// A thread of a new `update_database` assistant on which the emulated model
    /// called that tool with `{"key": key, "value": value}` (`value` is JSON text),
    /// through `epsimo threads run`: (assistant, thread).
    pub fn thread_with_a_write(&self, key: &str, value: &str) -> (String, String) {
        let a = self.db_tool();
        let t = self.emu.thread(&self.pt, &a);
        let message = format!(r#"/tool update_database {{"key": "{key}", "value": {value}}}"#);
        let out = run(self
            .cmd()
            .args(["threads", "run", &t, "--message", &message]));
        ok(&out);
        (a, t)
    }

    /// An assistant with the `update_database` function tool.
    pub fn db_tool(&self) -> String {
        self.assistant(
            json!([{"id": "function-update_database", "type": "function", "name": "update_database",
            "description": "Save", "config": {"parameters": {"type": "object"}}}]),
        )
    }

    /// Creates an assistant with this exact config through the API, as another
    /// client (the upstream UI) would.
    pub fn raw_assistant(&self, name: &str, config: &str, public: bool) -> String {
        let body = format!(r#"{{"name": {name:?}, "config": {config}, "public": {public}}}"#);
        let (status, _, text) = self
            .emu
            .http("POST", "/assistants/", Some(&self.pt), Some(&body));
        assert_eq!(status, 200, "{text}");
        serde_json::from_str::<Value>(&text).unwrap()["assistant_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn state(&self, thread: &str) -> Value {
        self.emu.json(
            "GET",
            &format!("/threads/{thread}/state"),
            Some(&self.pt),
            None,
            200,
        )
    }

    pub fn threads(&self) -> Vec<Value> {
        self.emu
            .json("GET", "/threads/", Some(&self.pt), None, 200)
            .as_array()
            .unwrap()
            .clone()
    }
}

/// The screen a terminal shows after `raw`: carriage returns, line clears and
/// cursor-up moves applied, other escape sequences dropped.
pub fn screen_of(raw: &str) -> Vec<String> {
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    let text = String::from_utf8_lossy(&bytes).to_string();
    let mut lines: Vec<Vec<char>> = vec![Vec::new()];
    let (mut row, mut col) = (0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                col = 0;
                if lines.len() <= row {
                    lines.push(Vec::new());
                }
            }
            '\u{1b}' => {
                if chars.peek() != Some(&'[') {
                    continue;
                }
                chars.next();
                let mut param = String::new();
                while let Some(&p) = chars.peek() {
                    if p.is_ascii_digit() || p == ';' || p == '?' {
                        param.push(p);
                        chars.next();
                    } else {
                        break;
                    }
                }
                match chars.next() {
                    Some('K') => {
                        if param == "2" {
                            lines[row].clear();
                        } else {
                            lines[row].truncate(col);
                        }
                    }
                    Some('A') => row = row.saturating_sub(param.parse().unwrap_or(1)),
                    _ => {}
                }
            }
            c => {
                let line = &mut lines[row];
                while line.len() < col {
                    line.push(' ');
                }
                if col < line.len() {
                    line[col] = c;
                } else {
                    line.push(c);
                }
                col += 1;
            }
        }
    }
    lines
        .into_iter()
        .map(|l| l.into_iter().collect::<String>().trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Every file under the program's `src/` (those ending in `.{ext}`, when given) with
/// its text: for the tests that read the program's own sources.
pub fn source_files(ext: Option<&str>) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if ext.is_none_or(|x| path.extension().is_some_and(|e| e == x)) {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}
