//! Snapshots of `--help` for every command, and of human output and errors, with
//! ids, ports, paths and times filtered.

use crate::common::{Emu, Env, run};
use clap::CommandFactory;

fn command_paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands() {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_string());
        out.push(path.clone());
        command_paths(sub, &path, out);
    }
}

#[test]
fn help_of_every_command() {
    let env = Env::new("http://127.0.0.1:1");
    let mut paths = vec![vec![]];
    command_paths(&epsimo::cli::Cli::command(), &[], &mut paths);
    assert!(paths.len() > 40, "the whole tree: {}", paths.len());
    for path in paths {
        let out = run(env.cmd().args(&path).arg("--help").env("COLUMNS", "100"));
        assert_eq!(out.code, 0, "{path:?}: {}", out.stderr);
        assert!(out.stderr.is_empty());
        let name = if path.is_empty() {
            "help".to_string()
        } else {
            format!("help-{}", path.join("-"))
        };
        insta::assert_snapshot!(name, out.stdout);
    }
}

fn filters() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"http://127\.0\.0\.1:\d+", "[API]");
    s.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[ID]",
    );
    s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[TIME]");
    s.add_filter(r"in \d+ min", "in [N] min");
    s.add_filter(r"eyJ[A-Za-z0-9]…[A-Za-z0-9_-]{4}", "[MASKED]");
    s.add_filter(r"/[^\s]*/credentials\.json", "[CONFIG]/credentials.json");
    s
}

#[test]
fn human_output() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let login = run(env.cmd_with_credentials().args(["auth", "login"]));
    let status = run(env.cmd().args(["auth", "status"]));
    let whoami = run(env.cmd().arg("whoami"));
    let create = run(env.cmd().args([
        "projects",
        "create",
        "Support Bot",
        "--description",
        "Answers customers",
    ]));
    let id = create.stdout.trim().to_string();
    let show = run(env.cmd().args(["projects", "show", &id]));
    let list = run(env.cmd().arg("projects"));
    let missing = run(env
        .cmd()
        .args(["projects", "show", "00000000-0000-0000-0000-000000000000"]));
    let logout = run(env.cmd().args(["auth", "logout"]));
    let after = run(env.cmd().arg("whoami"));
    filters().bind(|| {
        insta::assert_snapshot!("login-stderr", login.stderr);
        insta::assert_snapshot!("status", status.stdout);
        insta::assert_snapshot!("whoami", whoami.stdout);
        insta::assert_snapshot!("projects-create-stderr", create.stderr);
        insta::assert_snapshot!("projects-show", show.stdout);
        insta::assert_snapshot!("projects-list-piped", list.stdout);
        insta::assert_snapshot!("error-not-found", missing.stderr);
        insta::assert_snapshot!("logout-stderr", logout.stderr);
        insta::assert_snapshot!("error-not-logged-in", after.stderr);
    });
}

#[test]
fn every_flag_and_argument_says_what_it_is() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&epsimo::cli::Cli::command(), "epsimo", &mut missing);
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}
