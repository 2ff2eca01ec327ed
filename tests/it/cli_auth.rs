//! `epsimo auth` and `whoami` against the emulator, as a user runs them.

use std::time::{Duration, Instant};

use crate::common::{DEV_EMAIL, DEV_PASSWORD, Emu, Env, mode, run};
use epsimo::emulator::Config;
use serde_json::{Value, json};

#[test]
fn login_from_env_stores_a_private_token() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env.cmd_with_credentials().args(["auth", "login"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "status goes to stderr");
    assert!(out.stderr.contains("Logged in"), "{}", out.stderr);
    assert_eq!(mode(&env.credentials()), 0o600);
    assert_eq!(mode(&env.config_dir()), 0o700);
    let stored = env.stored();
    let profile = &stored["profiles"]["local"];
    assert_eq!(profile["email"], DEV_EMAIL);
    assert_eq!(profile["api_url"], emu.url);
    let token = profile["token"].as_str().unwrap();
    assert_eq!(
        profile["token_expires_at"].as_i64(),
        epsimo::api::token::jwt_exp(token)
    );
    assert!(
        !std::fs::read_to_string(env.credentials())
            .unwrap()
            .contains(DEV_PASSWORD)
    );

    // `auth token` prints the token and nothing else.
    let out = run(env.cmd().args(["auth", "token"]));
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, format!("{token}\n").as_str())
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn login_with_password_on_stdin() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env
        .cmd()
        .args(["auth", "login", "--email", DEV_EMAIL, "--password-stdin"])
        .write_stdin(format!("{DEV_PASSWORD}\n")));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(env
        .cmd()
        .args(["auth", "login", "--email", DEV_EMAIL, "--password-stdin"])
        .write_stdin("wrong-password\n"));
    assert_eq!(out.code, 4);
    assert!(out.stderr.contains("error: login failed"), "{}", out.stderr);
    assert!(out.stderr.contains("hint:"), "{}", out.stderr);
}

#[test]
fn without_terminal_or_credentials_login_fails_at_once() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let started = Instant::now();
    // No stdin at all, no terminal: it must not wait for input.
    let out = run(env
        .cmd()
        .args(["auth", "login"])
        .write_stdin("")
        .timeout(Duration::from_secs(20)));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("EPSIMO_EMAIL") && out.stderr.contains("EPSIMO_PASSWORD"),
        "{}",
        out.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(emu.requests().is_empty(), "nothing sent");
}

#[test]
fn status_shows_the_source_and_a_masked_token() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env.cmd().args(["auth", "status"]));
    assert_eq!(out.code, 4, "not logged in: {}", out.stderr);
    assert!(out.stderr.contains("not logged in"));
    env.login();
    let token = env.stored()["profiles"]["local"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(env.cmd().args(["auth", "status"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(env.credentials().to_str().unwrap()),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(&token), "the token is masked");
    let out = run(env.cmd().args(["auth", "status", "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["logged_in"], true);
    assert_eq!(v["email"], DEV_EMAIL);
    assert_eq!(v["expired"], false);
    assert!(v["expires_at"].as_str().unwrap().ends_with('Z'));
    assert!(!out.stdout.contains(&token));
}

#[test]
fn logout_removes_tokens_and_says_the_server_token_lives_on() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let out = run(env.cmd().args(["auth", "logout"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("not revoked"), "{}", out.stderr);
    assert!(env.stored()["profiles"]["local"].get("token").is_none());
    assert_eq!(run(env.cmd().args(["auth", "status"])).code, 4);
    assert_eq!(run(env.cmd().args(["auth", "token"])).code, 4);
    assert_eq!(run(env.cmd().arg("whoami")).code, 4);
}

#[test]
fn whoami_human_and_json() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let out = run(env.cmd().arg("whoami"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("Logged in as:    {DEV_EMAIL}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Threads Used:    0/100"),
        "{}",
        out.stdout
    );
    let out = run(env.cmd().args(["whoami", "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["thread_counter"], 0);
    assert_eq!(v["thread_max"], 100);
    assert_eq!(v["threads_remaining"], 100);
    let out = run(env.cmd().args(["whoami", "--jq", ".email"]));
    assert_eq!(out.stdout, format!("{DEV_EMAIL}\n"));
}

#[test]
fn env_token_wins_and_is_never_written() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "ci@example.com", "password": "password1"})),
        200,
    );
    let ci_token = emu.login("ci@example.com", "password1");
    for var in ["EPSIMO_TOKEN", "EPSIMO_API_KEY"] {
        let out = run(env.cmd().args(["whoami", "--json"]).env(var, &ci_token));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(
            serde_json::from_str::<Value>(&out.stdout).unwrap()["email"],
            "ci@example.com"
        );
        let out = run(env.cmd().args(["auth", "status"]).env(var, &ci_token));
        assert!(
            out.stdout.contains(&format!("environment ({var})")),
            "{}",
            out.stdout
        );
    }
    let out = run(env
        .cmd_with_credentials()
        .args(["auth", "login"])
        .env("EPSIMO_TOKEN", &ci_token));
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("EPSIMO_TOKEN is set"), "{}", out.stderr);
    assert!(
        !std::fs::read_to_string(env.credentials())
            .unwrap()
            .contains(&ci_token)
    );
}

#[test]
fn expired_session_is_exit_4_or_renewed_with_env_credentials() {
    let emu = Emu::with(Config {
        token_ttl: 1,
        faults: true,
        ..Config::default()
    });
    let env = Env::new(&emu.url);
    env.login();
    // Expiry is read from the JWT and taken 60 s early: this token is already stale.
    let out = run(env.cmd().arg("whoami"));
    assert_eq!(out.code, 4);
    assert!(out.stderr.contains("session expired"), "{}", out.stderr);
    assert!(out.stderr.contains("epsimo auth login"), "{}", out.stderr);
    let out = run(env.cmd().args(["auth", "status"]));
    assert_eq!(out.code, 4);
    assert!(out.stdout.contains("(expired)"));
    let out = run(env.cmd_with_credentials().arg("whoami"));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_401_mid_session_logs_in_again_once() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    // The server rejects the stored token (as after a key rotation), though it is
    // not expired by its own clock.
    let mut stored = env.stored();
    let token = stored["profiles"]["local"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (head, rest) = token.split_once('.').unwrap();
    let forged = format!("{head}.{rest}x");
    stored["profiles"]["local"]["token"] = json!(forged);
    std::fs::write(env.credentials(), serde_json::to_vec(&stored).unwrap()).unwrap();

    let out = run(env.cmd().arg("whoami"));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("session expired"), "{}", out.stderr);

    emu.clear_requests();
    let out = run(env.cmd_with_credentials().arg("whoami"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("logging in again"), "{}", out.stderr);
    assert_eq!(
        emu.calls(),
        [
            "GET /auth/thread-info",
            "POST /auth/login",
            "GET /auth/thread-info"
        ]
    );
    let renewed = env.stored()["profiles"]["local"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(renewed, forged, "the new token is stored");

    // Only once: a server that keeps refusing ends in exit 4, not a loop.
    emu.fault(json!({"path": "/auth/thread-info", "times": 0, "action": "status", "status": 401}));
    let out = run(env.cmd_with_credentials().arg("whoami"));
    assert_eq!(out.code, 4, "{}", out.stderr);
}

#[test]
fn verbose_traces_without_secrets() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env.cmd_with_credentials().args(["-v", "auth", "login"]));
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("> POST "), "{}", out.stderr);
    assert!(out.stderr.contains("[redacted]"), "{}", out.stderr);
    assert!(!out.stderr.contains(DEV_PASSWORD), "{}", out.stderr);
    let token = env.stored()["profiles"]["local"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let out = run(env.cmd().args(["-v", "whoami"]));
    assert!(
        out.stderr.contains("authorization: Bearer [redacted]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("< 200 OK"), "{}", out.stderr);
    assert!(!out.stderr.contains(&token) && !out.stdout.contains(&token));
}

#[test]
fn a_damaged_credentials_file_is_reported_and_repaired_by_login() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.credentials(), "{\"profiles\": {\"default\": ").unwrap();
    let out = run(env.cmd().arg("whoami"));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("damaged"), "{}", out.stderr);
    assert!(
        out.stderr.contains("hint: run `epsimo auth login`"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"));
    env.login();
    assert_eq!(run(env.cmd().arg("whoami")).code, 0);
}

#[test]
fn signup_then_login() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env
        .cmd()
        .args([
            "auth",
            "signup",
            "--email",
            "new@example.com",
            "--password-stdin",
        ])
        .write_stdin("password123"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        env.stored()["profiles"]["local"]["email"],
        "new@example.com"
    );
    let out = run(env
        .cmd()
        .args([
            "auth",
            "signup",
            "--email",
            "new@example.com",
            "--password-stdin",
        ])
        .write_stdin("password123"));
    assert_eq!(out.code, 5, "exists: {}", out.stderr);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
}

#[test]
fn profiles_keep_separate_logins() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    emu.json(
        "POST",
        "/auth/signup",
        None,
        Some(json!({"email": "two@example.com", "password": "password1"})),
        200,
    );
    let out = run(env
        .cmd()
        .args(["--profile", "work", "auth", "login"])
        .env("EPSIMO_EMAIL", "two@example.com")
        .env("EPSIMO_PASSWORD", "password1"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let who = |profile: &str| {
        let out = run(env
            .cmd()
            .args(["--profile", profile, "whoami", "--jq", ".email"]));
        out.stdout.trim().to_string()
    };
    assert_eq!(who("local"), DEV_EMAIL);
    // The login that named `work` made it the active profile.
    let out = run(env.cmd().args(["whoami", "--jq", ".email"]));
    assert_eq!(out.stdout.trim(), "two@example.com");
    assert_eq!(who("work"), "two@example.com");
    let out = run(env
        .cmd()
        .arg("whoami")
        .env("EPSIMO_PROFILE", "work")
        .args(["--jq", ".email"]));
    assert_eq!(out.stdout.trim(), "two@example.com");
}

#[test]
fn concurrent_logins_never_tear_the_file() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let children: Vec<_> = (0..10)
        .map(|i| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("epsimo"));
            cmd.env_clear()
                .env("EPSIMO_CONFIG_DIR", env.config_dir())
                .env("EPSIMO_API_URL", &emu.url)
                .env("EPSIMO_EMAIL", DEV_EMAIL)
                .env("EPSIMO_PASSWORD", DEV_PASSWORD)
                .args(["--profile", &format!("p{i}"), "auth", "login"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            cmd.spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let stored = env.stored();
    assert_eq!(
        stored["profiles"].as_object().unwrap().len(),
        10,
        "no update lost"
    );
    assert_eq!(mode(&env.credentials()), 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(env.config_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_names_people_type_first_work() {
    let emu = crate::common::Emu::start();
    let env = crate::common::Env::new(&emu.url);
    // `login`/`logout` at the top, as vercel, railway, supabase and fly have them.
    let login = crate::common::run(
        env.cmd()
            .args([
                "login",
                "--email",
                crate::common::DEV_EMAIL,
                "--password-stdin",
            ])
            .write_stdin(crate::common::DEV_PASSWORD),
    );
    assert_eq!(login.code, 0, "{}", login.stderr);
    assert!(login.stderr.contains("Logged in"), "{}", login.stderr);
    let (pid, _) = emu.project(&emu.dev_token(), "Aliases");
    // `ls`, `new`, `rm` where gh has them.
    let ls = crate::common::run(env.cmd().args(["projects", "ls"]));
    assert_eq!(ls.code, 0, "{}", ls.stderr);
    assert!(ls.stdout.contains(&pid), "{}", ls.stdout);
    let new = crate::common::run(env.cmd().args(["projects", "new", "Made with new"]));
    assert_eq!(new.code, 0, "{}", new.stderr);
    let made = new.stdout.trim().to_string();
    let rm = crate::common::run(env.cmd().args(["projects", "rm", &made, "--yes"]));
    assert_eq!(rm.code, 0, "{}", rm.stderr);
    // `credits` alone is the balance.
    let credits = crate::common::run(env.cmd().args(["credits", "--json"]));
    assert_eq!(credits.code, 0, "{}", credits.stderr);
    let balance: serde_json::Value = serde_json::from_str(&credits.stdout).unwrap();
    assert!(balance["threads_remaining"].is_number(), "{balance}");
    let logout = crate::common::run(env.cmd().arg("logout"));
    assert_eq!(logout.code, 0, "{}", logout.stderr);
    let after = crate::common::run(env.cmd().arg("whoami"));
    assert_eq!(after.code, 4, "{}", after.stderr);
}

/// `auth login --with-token`: a token from stdin (an account that signs in with
/// Google, CI), checked with the server before it is stored; a refused one stores
/// nothing.
#[test]
fn login_with_a_token_from_stdin_checks_it_first() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = run(env
        .cmd()
        .args(["auth", "login", "--with-token"])
        .write_stdin("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad"));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("token was refused"), "{}", out.stderr);
    assert!(!env.credentials().exists(), "nothing stored");
    let token = emu.dev_token();
    let out = run(env
        .cmd()
        .args(["auth", "login", "--with-token"])
        .write_stdin(format!("{token}\n")));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains(&token), "{}", out.stderr);
    let stored = env.stored();
    let p = &stored["profiles"]["local"];
    assert_eq!(p["token"], token.as_str());
    assert_eq!(p["email"], DEV_EMAIL);
    assert_eq!(
        p["token_expires_at"].as_i64(),
        epsimo::api::token::jwt_exp(&token)
    );
    let who = run(env.cmd().args(["whoami", "--jq", ".email"]));
    assert_eq!(who.stdout.trim(), DEV_EMAIL, "{}", who.stderr);
}
