//! The platform's account rules (its guide's "Authentication" and "Data model"):
//! every account gets a project `main` with a main assistant and thread, which login
//! names; the last project cannot be deleted; sign-up sends a verification e-mail;
//! tokens last 30 days.

use std::time::Duration;

use crate::common::{Emu, Env, run};
use epsimo::emulator::Config;
use serde_json::{Value, json};

fn signup(env: &Env, email: &str) -> crate::common::Out {
    run(env
        .cmd()
        .args(["auth", "signup", "--email", email, "--password-stdin"])
        .write_stdin("password123"))
}

#[test]
fn a_new_account_has_main_and_whoami_names_its_assistant_and_thread() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let out = signup(&env, "new@example.com");
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The login's answer is the guide's shape; what it named is stored.
    let stored = &env.stored()["profiles"]["local"];
    let agent = stored["main_agent_id"]
        .as_str()
        .expect("main_agent_id kept");
    let thread = stored["main_thread_id"]
        .as_str()
        .expect("main_thread_id kept");

    let out = run(env.cmd().args(["projects", "--json"]));
    let projects: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(projects.as_array().unwrap().len(), 1, "{projects}");
    assert_eq!(projects[0]["name"], "main");
    let main = projects[0]["project_id"].as_str().unwrap();
    // The assistant and thread login named are that project's.
    let out = run(env
        .cmd()
        .args(["assistants", "--json", "--project-id", main]));
    assert!(out.stdout.contains(agent), "{}", out.stdout);
    let out = run(env.cmd().args(["threads", "--json", "--project-id", main]));
    assert!(out.stdout.contains(thread), "{}", out.stdout);

    let out = run(env.cmd().arg("whoami"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!("Main assistant:  {agent}"))
            && out.stdout.contains(&format!("Main thread:     {thread}")),
        "{}",
        out.stdout
    );
    let out = run(env.cmd().args(["whoami", "--json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (v["main_agent_id"].as_str(), v["main_thread_id"].as_str()),
        (Some(agent), Some(thread))
    );

    // A token from the environment may be another account's: nothing stored is shown.
    let other = {
        emu.json(
            "POST",
            "/auth/signup",
            None,
            Some(json!({"email": "other@example.com", "password": "password1"})),
            200,
        );
        emu.login("other@example.com", "password1")
    };
    let out = run(env
        .cmd()
        .args(["whoami", "--json"])
        .env("EPSIMO_TOKEN", &other));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["email"], "other@example.com");
    assert!(v["main_agent_id"].is_null(), "{v}");
}

#[test]
fn the_platform_token_lasts_30_days_and_auth_status_says_so() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let out = run(env.cmd().args(["auth", "status"]));
    assert!(out.stdout.contains("(in 30 days)"), "{}", out.stdout);
}

#[test]
fn the_last_project_cannot_be_deleted_and_the_cli_says_what_to_do() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let listed = emu.json("GET", "/projects/", Some(&user), None, 200);
    let main = listed[0]["project_id"].as_str().unwrap().to_string();
    let out = run(env.cmd().args(["projects", "delete", &main, "--yes"]));
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("main is your account's last project")
            && out.stderr.contains("`epsimo projects create NAME`"),
        "{}",
        out.stderr
    );
    // Refused by the server (the request was sent), and the project is still there.
    assert!(
        emu.calls()
            .iter()
            .any(|c| c.starts_with("DELETE /projects/"))
    );
    let still = emu.json("GET", "/projects/", Some(&user), None, 200);
    assert_eq!(still.as_array().unwrap().len(), 1);

    // With another project, `main` can go.
    emu.project(&user, "Other");
    let out = run(env.cmd().args(["projects", "delete", &main, "--yes"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // And now the other one is the last.
    let other = emu.json("GET", "/projects/", Some(&user), None, 200)[0]["project_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _, body) = emu.http(
        "DELETE",
        &format!("/projects/{other}?confirm=true"),
        Some(&user),
        None,
    );
    assert_eq!(status, 400, "{body}");
}

#[test]
fn a_name_of_101_characters_is_refused_before_sending() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    emu.clear_requests();
    let name = "n".repeat(101);
    let out = run(env.cmd().args(["projects", "create", &name]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(emu.calls().is_empty(), "{:?}", emu.calls());
    let ok = run(env.cmd().args(["projects", "create", &"n".repeat(100)]));
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn sign_up_with_verification_says_what_to_do_and_logs_in_after_the_link() {
    let emu = Emu::with(Config {
        faults: true,
        require_verification: true,
        ping_interval: Duration::from_millis(200),
        ..Config::default()
    });
    let env = Env::new(&emu.url);
    let out = signup(&env, "new@example.com");
    assert_eq!(out.code, 0, "the account exists: {}", out.stderr);
    assert!(
        out.stderr.contains("Created account new@example.com")
            && out.stderr.contains("verification e-mail")
            && out.stderr.contains("`epsimo auth login`"),
        "{}",
        out.stderr
    );
    let stored = env.config_dir().join("credentials.json");
    assert!(
        !stored.exists() || env.stored()["profiles"]["local"]["token"].is_null(),
        "nothing stored"
    );

    // A login before the link is refused with what to do.
    let login = || {
        run(env
            .cmd()
            .args([
                "auth",
                "login",
                "--email",
                "new@example.com",
                "--password-stdin",
            ])
            .write_stdin("password123"))
    };
    let out = login();
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("verification e-mail"), "{}", out.stderr);

    // The emulator's mail catcher has the link; opening it lets the login through.
    let mail = emu.json("GET", "/_emulator/mail", None, None, 200);
    assert_eq!(mail[0]["to"], "new@example.com");
    let link = mail[0]["link"].as_str().unwrap();
    let (status, _, _) = emu.http("GET", link, Some("no-admin-token-needed"), None);
    assert_eq!(status, 200);
    assert_eq!(
        emu.json("GET", "/_emulator/mail", None, None, 200),
        json!([])
    );
    let out = login();
    assert_eq!(out.code, 0, "{}", out.stderr);

    // --json says the same to a program.
    let out = run(env
        .cmd()
        .args([
            "auth",
            "signup",
            "--json",
            "--email",
            "two@example.com",
            "--password-stdin",
        ])
        .write_stdin("password123"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (v["signed_up"].as_bool(), v["logged_in"].as_bool()),
        (Some(true), Some(false))
    );
}
