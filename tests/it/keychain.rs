//! Tokens in the OS keychain: a real Secret Service (gnome-keyring-daemon on a
//! private D-Bus session started by `dbus-run-session`, one per test), and what
//! happens without one.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Stdio};

use crate::common::{DEV_EMAIL, Emu, Env, ok, optional_tool, run};
use serde_json::{Value, json};

/// A Secret Service of its own: `dbus-run-session` with an unlocked
/// gnome-keyring-daemon in it, alive until dropped.
struct SecretService {
    session: Child,
    bus: String,
    _home: tempfile::TempDir,
}

impl SecretService {
    fn start() -> Option<SecretService> {
        for (tool, package) in [
            ("dbus-run-session", "apt-get install dbus"),
            ("gnome-keyring-daemon", "apt-get install gnome-keyring"),
            ("secret-tool", "apt-get install libsecret-tools"),
        ] {
            if !optional_tool(tool, package) {
                return None;
            }
        }
        let home = tempfile::tempdir().unwrap();
        let runtime = home.path().join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        let mut session = std::process::Command::new("dbus-run-session")
            .args([
                "--",
                "sh",
                "-c",
                "printf keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && echo \"$DBUS_SESSION_BUS_ADDRESS\" && exec sleep 600",
            ])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(session.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let bus = line.trim().to_string();
        assert!(bus.starts_with("unix:"), "no session bus: {line:?}");
        Some(SecretService {
            session,
            bus,
            _home: home,
        })
    }

    /// The secrets stored under this config dir's service, as secret-tool finds them.
    fn items(&self, env: &Env) -> String {
        let out = std::process::Command::new("secret-tool")
            .args(["search", "--all", "service"])
            .arg(format!("epsimo {}", env.config_dir().display()))
            .env_clear()
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    /// The binary on this bus, with the default store (`auto`).
    fn cmd(&self, env: &Env) -> assert_cmd::Command {
        let mut c = env.cmd();
        c.env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .env_remove("EPSIMO_AUTH_STORAGE");
        c
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        // The whole group: the session, its shell and sleep; the daemon leaves with
        // its bus.
        // SAFETY: kill(2) on a process group this test started.
        unsafe { libc::kill(-(self.session.id() as i32), libc::SIGTERM) };
        let _ = self.session.wait();
    }
}

fn token_of(env: &Env, cmd: &mut assert_cmd::Command) -> String {
    let out = run(cmd.args(["auth", "token"]));
    ok(&out);
    let t = out.stdout.trim().to_string();
    assert!(t.starts_with("eyJ"), "{t}");
    let _ = env;
    t
}

#[test]
fn a_login_keeps_its_token_in_the_keychain_and_logout_removes_it() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(ss
        .cmd(&env)
        .args(["auth", "login"])
        .env("EPSIMO_EMAIL", DEV_EMAIL)
        .env("EPSIMO_PASSWORD", crate::common::DEV_PASSWORD));
    ok(&out);
    assert!(
        out.stderr.contains("The token is kept in Secret Service"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let token = token_of(&env, &mut ss.cmd(&env));
    // The file holds the profile, not the secret.
    let file = std::fs::read_to_string(env.credentials()).unwrap();
    assert!(!file.contains(&token), "{file}");
    assert!(!file.contains("eyJ"), "{file}");
    let stored = env.stored();
    assert_eq!(stored["profiles"]["local"]["storage"], "keyring");
    assert!(ss.items(&env).contains(&token), "{}", ss.items(&env));
    // Commands read it from there.
    let who = run(ss.cmd(&env).args(["whoami", "--jq", ".email"]));
    ok(&who);
    assert_eq!(who.stdout.trim(), DEV_EMAIL);
    let status = run(ss.cmd(&env).args(["auth", "status", "--json"]));
    ok(&status);
    let status: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["token_storage"], "keyring");
    assert_eq!(status["token_source"], "Secret Service");
    assert!(!status.to_string().contains(&token));
    // A project token cached by a project-scoped command goes there too.
    let pid = run(ss.cmd(&env).args(["projects", "create", "K"]));
    ok(&pid);
    ok(&run(ss.cmd(&env).args([
        "assistants",
        "--project-id",
        pid.stdout.trim(),
    ])));
    assert!(
        !std::fs::read_to_string(env.credentials())
            .unwrap()
            .contains("eyJ")
    );
    assert!(
        ss.items(&env).contains("project_tokens"),
        "{}",
        ss.items(&env)
    );
    // Without the bus, the keychain profile cannot be read: exit 4, said so.
    let out = run(env.cmd().args(["whoami"]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("Secret Service"), "{}", out.stderr);
    // Logout removes the item.
    ok(&run(ss.cmd(&env).args(["auth", "logout"])));
    assert!(!ss.items(&env).contains(&token), "{}", ss.items(&env));
    assert!(!ss.items(&env).contains("secret"), "{}", ss.items(&env));
}

#[test]
fn a_second_profile_is_independent_and_switching_stores_moves_the_secret() {
    let Some(ss) = SecretService::start() else {
        return;
    };
    let emu = Emu::start();
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "two@example.com", "password": "password2"})),
        200,
    );
    let env = Env::new(&emu.url);
    let login = |profile: &str, email: &str, pw: &str, storage: Option<&str>| {
        let mut c = ss.cmd(&env);
        c.args(["--profile", profile, "auth", "login"])
            .env("EPSIMO_EMAIL", email)
            .env("EPSIMO_PASSWORD", pw);
        if let Some(s) = storage {
            c.args(["--storage", s]);
        }
        let out = run(&mut c);
        ok(&out);
        out
    };
    login("one", DEV_EMAIL, crate::common::DEV_PASSWORD, None);
    login("two", "two@example.com", "password2", None);
    let t1 = token_of(&env, ss.cmd(&env).args(["--profile", "one"]));
    let t2 = token_of(&env, ss.cmd(&env).args(["--profile", "two"]));
    assert_ne!(t1, t2);
    let items = ss.items(&env);
    assert!(items.contains(&t1) && items.contains(&t2), "{items}");
    // Logging one out leaves the other.
    ok(&run(ss.cmd(&env).args([
        "--profile",
        "one",
        "auth",
        "logout",
    ])));
    let items = ss.items(&env);
    assert!(!items.contains(&t1) && items.contains(&t2), "{items}");
    let who = run(ss
        .cmd(&env)
        .args(["--profile", "two", "whoami", "--jq", ".email"]));
    ok(&who);
    assert_eq!(who.stdout.trim(), "two@example.com");
    // To the file: the keychain's copy goes.
    login("two", "two@example.com", "password2", Some("file"));
    let t2b = token_of(&env, ss.cmd(&env).args(["--profile", "two"]));
    assert!(
        std::fs::read_to_string(env.credentials())
            .unwrap()
            .contains(&t2b)
    );
    assert!(!ss.items(&env).contains("secret"), "{}", ss.items(&env));
    // And back: the file's copy goes.
    login("two", "two@example.com", "password2", Some("keyring"));
    let t2c = token_of(&env, ss.cmd(&env).args(["--profile", "two"]));
    assert!(
        !std::fs::read_to_string(env.credentials())
            .unwrap()
            .contains("eyJ")
    );
    assert!(ss.items(&env).contains(&t2c), "{}", ss.items(&env));
    // `auth list` says where each is kept, reading no secret out.
    let list = run(ss.cmd(&env).args(["auth", "list", "--json"]));
    ok(&list);
    let rows: Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows[0]["name"], "two");
    assert_eq!(rows[0]["token_storage"], "keyring");
    assert_eq!(rows[0]["logged_in"], true);
    assert!(!list.stdout.contains("eyJ"));
}

/// No session bus at all: `auto` falls back to the file with one warning naming why,
/// `keyring` fails closed with exit 4 and stores nothing, `file` never asks.
#[test]
fn without_a_session_bus_auto_falls_back_and_keyring_fails_closed() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let login = |storage: Option<&str>| {
        let mut c = env.cmd_with_credentials();
        c.env_remove("EPSIMO_AUTH_STORAGE").args(["auth", "login"]);
        if let Some(s) = storage {
            c.env("EPSIMO_AUTH_STORAGE", s);
        }
        run(&mut c)
    };
    let out = login(Some("keyring"));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("not available"), "{}", out.stderr);
    assert!(out.stderr.contains("--storage file"), "{}", out.stderr);
    assert!(!env.credentials().exists() || !env.stored().to_string().contains("eyJ"));
    let out = login(None);
    ok(&out);
    assert_eq!(out.stderr.matches("warning").count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("D-Bus"), "{}", out.stderr);
    assert!(env.stored()["profiles"]["local"]["token"].is_string());
    assert!(env.stored()["profiles"]["local"].get("storage").is_none());
    let out = login(Some("file"));
    ok(&out);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let out = login(Some("vault"));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// A bus that accepts and never answers: the probe gives up at its deadline (the
/// command ends, saying why) instead of hanging.
#[test]
fn a_keychain_that_never_answers_is_given_up_on() {
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("bus");
    let listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        for c in listener.incoming().take(4).flatten() {
            open.push(c);
        }
        std::thread::sleep(std::time::Duration::from_secs(20));
    });
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env
        .cmd_with_credentials()
        .env_remove("EPSIMO_AUTH_STORAGE")
        .env("EPSIMO_AUTH_STORAGE", "keyring")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", sock.display()),
        )
        .args(["auth", "login"]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("did not answer within"),
        "{}",
        out.stderr
    );
    drop(held);
}

/// What an earlier version wrote (no `active`, no `storage`, the token in the file)
/// keeps working as it is.
#[test]
fn credentials_of_an_earlier_version_keep_working() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let token = emu.login(DEV_EMAIL, crate::common::DEV_PASSWORD);
    std::fs::create_dir_all(env.config_dir()).unwrap();
    let old = json!({"version": 1, "profiles": {"default": {
        "api_url": emu.url, "email": DEV_EMAIL, "token": token}}});
    let path = env.credentials();
    std::fs::write(&path, old.to_string()).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let who = run(env.cmd().args(["whoami", "--jq", ".email"]));
    ok(&who);
    assert_eq!(who.stdout.trim(), DEV_EMAIL);
    let list = run(env.cmd().args(["auth", "list", "--json"]));
    let rows: Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows[0]["name"], "default");
    assert_eq!(rows[0]["active"], true);
    assert_eq!(rows[0]["token_storage"], "file");
}
