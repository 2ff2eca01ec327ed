//! Interactive login, driven through a pseudo-terminal.

mod common;

use common::{DEV_EMAIL, DEV_PASSWORD, Emu, Env};
use rexpect::session::spawn_command;

fn command(env: &Env, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("epsimo"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home())
        .env("EPSIMO_CONFIG_DIR", env.config_dir())
        .env("EPSIMO_API_URL", &env.api_url)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .args(args);
    cmd
}

#[test]
fn login_prompts_for_email_and_hidden_password() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let mut p = spawn_command(command(&env, &["auth", "login"]), Some(20_000)).unwrap();
    p.exp_string("Email: ").unwrap();
    p.send_line(DEV_EMAIL).unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line(DEV_PASSWORD).unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Logged in"), "{rest:?}");
    assert!(
        !rest.contains(DEV_PASSWORD),
        "the password is not echoed: {rest:?}"
    );
    assert_eq!(env.stored()["profiles"]["default"]["email"], DEV_EMAIL);
}

#[test]
fn failed_login_on_a_terminal_offers_to_create_the_account() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let mut p = spawn_command(
        command(&env, &["auth", "login", "--email", "fresh@example.com"]),
        Some(20_000),
    )
    .unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line("a-good-password").unwrap();
    p.exp_string("Create an account for fresh@example.com? [y/N] ")
        .unwrap();
    p.send_line("y").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(
        rest.contains("Created account fresh@example.com"),
        "{rest:?}"
    );
    assert!(rest.contains("Logged in"), "{rest:?}");
    assert_eq!(
        env.stored()["profiles"]["default"]["email"],
        "fresh@example.com"
    );
}

#[test]
fn delete_asks_on_a_terminal_and_no_keeps_the_project() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let (id, _) = emu.project(&user, "Keep me");
    let mut p = spawn_command(command(&env, &["projects", "delete", &id]), Some(20_000)).unwrap();
    p.exp_string("[y/N] ").unwrap();
    p.send_line("n").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Nothing deleted"), "{rest:?}");
    emu.json("GET", &format!("/projects/{id}"), Some(&user), None, 200);
}
