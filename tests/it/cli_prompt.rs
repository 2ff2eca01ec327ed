//! Interactive login, driven through a pseudo-terminal.

use crate::common::{DEV_EMAIL, DEV_PASSWORD, Emu, Env};
use rexpect::session::spawn_command;

/// How a session's process ended: its exit code (a signal is a failure).
fn exit_code(p: &mut rexpect::session::PtySession) -> i32 {
    match p.process_mut().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("not an exit: {other:?}"),
    }
}

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
    assert_eq!(env.stored()["profiles"]["local"]["email"], DEV_EMAIL);
}

#[test]
fn a_wrong_password_on_a_terminal_is_asked_for_again_three_times() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let mut p = spawn_command(
        command(&env, &["auth", "login", "--email", DEV_EMAIL]),
        Some(20_000),
    )
    .unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line("wrong-one").unwrap();
    p.exp_string("try again").unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line(DEV_PASSWORD).unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Logged in"), "{rest:?}");
    // Three wrong ones: exit 4, and no offer to create an account the server
    // never said was missing.
    let fresh = Env::new(&emu.url);
    let mut p = spawn_command(
        command(&fresh, &["auth", "login", "--email", "fresh@example.com"]),
        Some(20_000),
    )
    .unwrap();
    for _ in 0..3 {
        p.exp_string("Password: ").unwrap();
        p.send_line("a-good-password").unwrap();
    }
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("Create an account"), "{rest:?}");
    assert!(rest.contains("epsimo auth signup"), "{rest:?}");
    assert_eq!(exit_code(&mut p), 4);
}

#[test]
fn sign_up_on_a_terminal_asks_for_the_password_twice() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let mut p = spawn_command(
        command(&env, &["auth", "signup", "--email", "fresh@example.com"]),
        Some(20_000),
    )
    .unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line("a-good-password").unwrap();
    p.exp_string("Repeat the password: ").unwrap();
    p.send_line("a-typo-password").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("differ"), "{rest:?}");
    let mut p = spawn_command(
        command(&env, &["auth", "signup", "--email", "fresh@example.com"]),
        Some(20_000),
    )
    .unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line("a-good-password").unwrap();
    p.exp_string("Repeat the password: ").unwrap();
    p.send_line("a-good-password").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(
        rest.contains("Created account fresh@example.com"),
        "{rest:?}"
    );
    assert!(rest.contains("Logged in"), "{rest:?}");
    assert_eq!(
        env.stored()["profiles"]["local"]["email"],
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

#[test]
fn on_a_terminal_lists_are_tables_and_json_is_pretty() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    emu.project(&user, "Table Row");
    let screen = terminal(&env, &["projects"], 120);
    let header = screen.lines().next().expect("a header line");
    assert_eq!(
        header, "ID                                    NAME       DESCRIPTION  CREATED",
        "{screen:?}"
    );
    assert!(screen.contains("Table Row"), "{screen:?}");
    assert!(
        !screen.contains('┌') && !screen.contains('│'),
        "no borders: {screen:?}"
    );
    assert!(!screen.contains('\t'), "not the TSV of pipes: {screen:?}");
    let mut p = spawn_command(command(&env, &["projects", "--json"]), Some(20_000)).unwrap();
    let screen = p.exp_eof().unwrap();
    assert!(
        screen.contains("[\r\n  {\r\n    \"project_id\""),
        "pretty JSON: {screen:?}"
    );
}

#[test]
fn errors_are_colored_only_when_asked_or_on_a_terminal() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let plain = crate::common::run(env.cmd().arg("whoami"));
    assert!(
        !plain.stderr.contains('\u{1b}'),
        "NO_COLOR and a pipe: {:?}",
        plain.stderr
    );
    let forced = crate::common::run(env.cmd().args(["--color", "always", "whoami"]));
    assert!(forced.stderr.contains("\u{1b}["), "{:?}", forced.stderr);
    let forced = crate::common::run(
        env.cmd()
            .arg("whoami")
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1"),
    );
    assert!(forced.stderr.contains("\u{1b}["), "{:?}", forced.stderr);
    let mut cmd = command(&env, &["whoami"]);
    cmd.env_remove("NO_COLOR");
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    let screen = p.exp_eof().unwrap();
    assert!(
        screen.contains("\u{1b}["),
        "a terminal gets color: {screen:?}"
    );
}

#[test]
fn chat_keeps_one_thread_across_turns_with_slash_commands() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "Helper", serde_json::json!([{"id": "f", "type": "function", "name": "update_database", "description": "", "config": {}}]));
    emu.clear_requests();
    let mut cmd = command(&env, &["chat"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("hello there").unwrap();
    p.exp_string("(emulated) You said: hello there").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line(r#"//tool update_database {"key": "mood", "value": "good"}"#)
        .unwrap();
    p.exp_string("update_database").unwrap();
    p.exp_string("returned: Saved mood").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/db").unwrap();
    p.exp_string("\"mood\": \"good\"").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/thread").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/exit").unwrap();
    p.exp_eof().unwrap();
    // One thread for the whole conversation.
    let creates = emu
        .requests()
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/threads/")
        .count();
    assert_eq!(creates, 1);
    let runs = emu
        .requests()
        .iter()
        .filter(|r| r["path"] == "/runs/stream")
        .count();
    assert_eq!(runs, 2);
}

#[test]
fn init_on_a_terminal_offers_projects_and_a_new_one() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (existing, _) = emu.project(&emu.dev_token(), "Existing");
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = command(&env, &["init"]);
    cmd.current_dir(dir.path());
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("0) a new project").unwrap();
    p.exp_string(&existing).unwrap();
    p.exp_string("Number: ").unwrap();
    // 1 is the account's `main`, made at sign-up.
    p.send_line("2").unwrap();
    p.exp_eof().unwrap();
    let text = std::fs::read_to_string(dir.path().join("epsimo.yaml")).unwrap();
    assert!(text.contains(&format!("project_id: {existing}")), "{text}");
}

#[test]
fn project_scoped_commands_offer_a_picker_on_a_terminal() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "Picked");
    emu.assistant(&pt, "Visible", serde_json::json!([]));
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = command(&env, &["assistants"]);
    cmd.current_dir(dir.path());
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string(&pid).unwrap();
    p.exp_string("Number: ").unwrap();
    // A bad answer is asked again, not the end of the command.
    for wrong in ["7", "x", ""] {
        p.send_line(wrong).unwrap();
        p.exp_string("is not a number from the list").unwrap();
        p.exp_string("Number: ").unwrap();
    }
    // 1 is the account's `main`, made at sign-up.
    p.send_line("2").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Visible"), "{rest:?}");
    assert_eq!(exit_code(&mut p), 0);
}

#[test]
fn chat_asks_before_a_paused_tool_call_and_resumes() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    let body = serde_json::json!({"name": "Careful", "public": false, "config": {"configurable": {
        "type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/system_message": "x",
        "type==agent/tools": [{"id": "f", "type": "function", "name": "update_database", "description": "", "config": {}}],
        "type==agent/interrupt_before_action": true}}});
    emu.json("POST", "/assistants/", Some(&pt), Some(body), 200);
    let mut cmd = command(&env, &["chat"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line(r#"//tool update_database {"key": "mood", "value": "good"}"#)
        .unwrap();
    p.exp_string("waiting for approval to run update_database")
        .unwrap();
    p.exp_string("Run update_database? [y/N] ").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("returned: Saved mood").unwrap();
    p.exp_string("you> ").unwrap();
    // No: it stays waiting, and /resume runs it later.
    p.send_line(r#"//tool update_database {"key": "later", "value": 1}"#)
        .unwrap();
    p.exp_string("Run update_database? [y/N] ").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("Left waiting").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/db").unwrap();
    p.exp_string("\"mood\": \"good\"").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/resume").unwrap();
    p.exp_string("returned: Saved later").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/resume").unwrap();
    p.exp_string("no run is waiting").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/exit").unwrap();
    p.exp_eof().unwrap();
    let resumes = emu
        .requests()
        .iter()
        .filter(|r| r["path"] == "/runs/stream" && r["body"]["input"].is_null())
        .count();
    assert_eq!(resumes, 2, "each approval is a run with input null");
}

#[test]
fn ctrl_c_at_a_prompt_ends_with_130_at_once() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (id, pt) = emu.project(&emu.dev_token(), "Keep me");
    emu.assistant(&pt, "One", serde_json::json!([]));
    let fresh = Env::new(&emu.url);
    for (env, args, prompt) in [
        (
            &fresh,
            vec!["auth", "login", "--email", "a@example.com"],
            "Password: ",
        ),
        (&fresh, vec!["auth", "login"], "Email: "),
        (&env, vec!["projects", "delete", id.as_str()], "[y/N] "),
        // A numbered picker (no project given, none linked here).
        (&env, vec!["assistants"], "Number: "),
        // The guided create's questions: a line, and a numbered multi-pick.
        (
            &env,
            vec![
                "assistants",
                "create",
                "--interactive",
                "--project-id",
                id.as_str(),
            ],
            "Name: ",
        ),
        (
            &env,
            vec![
                "assistants",
                "create",
                "--interactive",
                "--project-id",
                id.as_str(),
                "--name",
                "N",
                "--type",
                "agent",
                "--model",
                "gpt-4o",
            ],
            "empty for none): ",
        ),
        // The chat's own prompt.
        (&env, vec!["chat", "--project-id", id.as_str()], "you> "),
    ] {
        let mut p = spawn_command(command(env, &args), Some(20_000)).unwrap();
        p.exp_string(prompt).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        let sent = std::time::Instant::now();
        p.send_control('c').unwrap();
        p.exp_eof().unwrap();
        assert!(
            sent.elapsed() < std::time::Duration::from_secs(2),
            "{args:?}"
        );
        assert_eq!(exit_code(&mut p), 130, "{args:?}");
    }
    // End of input (Ctrl-D) answers no question: the command ends with a clear word.
    for (env, args, prompt) in [
        (&fresh, vec!["auth", "login"], "Email: "),
        (&env, vec!["projects", "delete", id.as_str()], "[y/N] "),
        (&env, vec!["assistants"], "Number: "),
        (
            &env,
            vec![
                "assistants",
                "create",
                "--interactive",
                "--project-id",
                id.as_str(),
            ],
            "Name: ",
        ),
    ] {
        let mut p = spawn_command(command(env, &args), Some(20_000)).unwrap();
        p.exp_string(prompt).unwrap();
        p.send_control('d').unwrap();
        let rest = p.exp_eof().unwrap();
        assert!(
            rest.contains("no answer (end of input)"),
            "{args:?}: {rest:?}"
        );
        assert_eq!(exit_code(&mut p), 130, "{args:?}");
    }
    // Nothing was deleted.
    emu.json(
        "GET",
        &format!("/projects/{id}"),
        Some(&emu.dev_token()),
        None,
        200,
    );
}

/// Writes a script that may be run (an "editor" for $EDITOR).
fn executable(path: &std::path::Path, body: &str) {
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
}

/// Sends a line to a chat and waits for `want`, then for the next prompt.
fn said(p: &mut rexpect::session::PtySession, line: &str, want: &str) {
    p.send_line(line).unwrap();
    p.exp_string(want).unwrap();
    p.exp_string("you> ").unwrap();
}

/// `cmd` run on a terminal of `cols` x `rows` (a new pseudo-terminal has no size).
fn sized(cmd: std::process::Command, cols: usize, rows: usize) -> std::process::Command {
    let mut sh = std::process::Command::new("sh");
    sh.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    let quoted: Vec<String> = cmd
        .get_args()
        .map(|a| format!("'{}'", a.to_string_lossy().replace('\'', "'\\''")))
        .collect();
    sh.arg("-c").arg(format!(
        "stty cols {cols} rows {rows}; exec '{}' {}",
        cmd.get_program().to_string_lossy(),
        quoted.join(" ")
    ));
    sh
}

/// What `epsimo ARGS` shows on a terminal `cols` columns wide, as text (the session
/// reads bytes as Latin-1: they are put back together as UTF-8), without the
/// carriage returns of the terminal's line endings.
fn terminal(env: &Env, args: &[&str], cols: usize) -> String {
    let mut p = spawn_command(sized(command(env, args), cols, 50), Some(20_000)).unwrap();
    let screen = p.exp_eof().unwrap();
    let bytes: Vec<u8> = screen.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).unwrap().replace('\r', "")
}

#[test]
fn every_list_stays_one_line_per_row_with_whole_ids_at_80_and_120_columns() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let long = "A project whose name goes on and on past any reasonable width";
    let (pid, pt) = emu.project(&user, long);
    let aid = emu.assistant(
        &pt,
        "An assistant with a long, descriptive name that keeps going",
        serde_json::json!([]),
    );
    let thread = emu.json(
        "POST",
        "/threads/",
        Some(&pt),
        Some(serde_json::json!({"name": "A thread about a customer's order that took weeks to arrive", "assistant_id": aid})),
        200,
    );
    let tid = thread["thread_id"].as_str().unwrap().to_string();
    let lists: [(&[&str], &[&str]); 3] = [
        (&["projects"], &[&pid]),
        (&["assistants", "--project-id", &pid], &[&aid]),
        (&["threads", "--project-id", &pid], &[&tid]),
    ];
    for cols in [80, 120] {
        for (args, ids) in &lists {
            let screen = terminal(&env, args, cols);
            let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(lines.len() >= 2, "{args:?} at {cols}: {screen}");
            for l in &lines {
                assert!(
                    l.chars().count() <= cols,
                    "{args:?} at {cols} columns: {l:?} is {} wide\n{screen}",
                    l.chars().count()
                );
            }
            for id in *ids {
                assert!(
                    lines.iter().any(|l| l.starts_with(id)),
                    "{args:?} at {cols}: {id} whole at the start of a row\n{screen}"
                );
            }
        }
    }
    // The thread's assistant is named, not shown as a second id.
    let screen = terminal(&env, &["threads", "--project-id", &pid], 120);
    assert!(screen.contains("An assistant with"), "{screen}");
    assert!(!screen.contains(&aid), "{screen}");
}

#[test]
fn chat_costs_no_thread_until_the_first_message_and_refuses_unknown_commands() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "One", serde_json::json!([]));
    emu.assistant(&pt, "Two", serde_json::json!([]));
    emu.clear_requests();
    let mut cmd = command(&env, &["chat"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    // Several assistants: a picker, not an error.
    p.exp_string("Chat with which assistant?").unwrap();
    p.exp_string("Number: ").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/dbb").unwrap();
    p.exp_string("unknown command /dbb (did you mean /db?)")
        .unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/thread").unwrap();
    p.exp_string("no thread yet").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/exit").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("Continue this conversation"), "{rest:?}");
    let posts = |emu: &Emu| {
        emu.requests()
            .iter()
            .filter(|r| {
                r["method"] == "POST" && (r["path"] == "/threads/" || r["path"] == "/runs/stream")
            })
            .count()
    };
    assert_eq!(posts(&emu), 0, "opening and leaving created nothing");
    // The first message creates the thread; leaving says how to continue it.
    let mut cmd = command(&env, &["chat", "--assistant", "Two"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("hello").unwrap();
    p.exp_string("(emulated) You said: hello").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("Continue this conversation with `epsimo chat --thread-id ")
        .unwrap();
    p.exp_eof().unwrap();
    assert_eq!(posts(&emu), 2, "one thread, one run");
}

#[test]
fn ctrl_c_in_chat_stops_the_reply_and_returns_to_the_prompt() {
    let emu = Emu::with(epsimo::emulator::Config {
        token_delay: std::time::Duration::from_millis(300),
        ..epsimo::emulator::Config::default()
    });
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "Slow", serde_json::json!([]));
    let mut cmd = command(&env, &["chat"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("tell me a long story about many things, one after another")
        .unwrap();
    p.exp_string("(emulated)").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("reply stopped").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/thread").unwrap();
    p.exp_string("you> ").unwrap();
    // Ctrl-C at the prompt leaves, with 130.
    p.send_control('c').unwrap();
    p.exp_string("Continue this conversation").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 130);
}

#[test]
fn a_retry_notice_leaves_no_dead_spinner_line() {
    let p = crate::common::Project::new();
    p.emu.fault(
        serde_json::json!({"path": "/projects/", "times": 2, "action": "status", "status": 503}),
    );
    let mut cmd = command(&p.env, &["projects"]);
    cmd.env_remove("TERM").env("TERM", "xterm");
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    let raw = s.exp_eof().unwrap();
    let screen = crate::common::screen_of(&raw);
    assert!(
        screen.iter().any(|l| l.contains("retrying")),
        "the notice is shown: {screen:#?}"
    );
    assert!(
        screen.iter().all(|l| !l.contains("Fetching projects")),
        "no spinner text is left on screen: {screen:#?}"
    );
    assert!(
        screen.iter().any(|l| l.contains("Resources")),
        "{screen:#?}"
    );
}

#[test]
fn an_expired_session_on_a_terminal_logs_in_again_and_finishes_the_command() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    emu.project(&emu.dev_token(), "Still here");
    let expire = || {
        let mut stored = env.stored();
        stored["profiles"]["local"]["token_expires_at"] = serde_json::json!(1);
        std::fs::write(env.credentials(), serde_json::to_vec(&stored).unwrap()).unwrap();
    };
    expire();
    // Without a terminal: exit 4, as always.
    let out = crate::common::run(env.cmd().arg("projects"));
    assert_eq!(out.code, 4, "{}", out.stderr);
    // On one: an offer, a password, and the command's own output.
    let mut p = spawn_command(command(&env, &["projects"]), Some(20_000)).unwrap();
    p.exp_string("Log in again and continue? [y/N] ").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("Password: ").unwrap();
    p.send_line(DEV_PASSWORD).unwrap();
    p.exp_string("Logged in").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Still here"), "{rest:?}");
    assert!(env.stored()["profiles"]["local"]["token_expires_at"].as_i64() > Some(1));
    // Saying no: exit 4, nothing else.
    expire();
    let mut p = spawn_command(command(&env, &["projects"]), Some(20_000)).unwrap();
    p.exp_string("[y/N] ").unwrap();
    p.send_line("n").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("session expired"), "{rest:?}");
    assert_eq!(exit_code(&mut p), 4);
}

#[test]
fn a_name_two_assistants_share_is_picked_on_a_terminal() {
    let p = crate::common::Project::new();
    let first = p.assistant(serde_json::json!([]));
    let second = p.assistant(serde_json::json!([]));
    let mut cmd = command(&p.env, &["assistants", "show", "Helper", "--json"]);
    cmd.env("EPSIMO_PROJECT_ID", &p.pid);
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    s.exp_string("2 assistants are named \"Helper\"; which one?")
        .unwrap();
    s.exp_string(&first).unwrap();
    s.exp_string(&second).unwrap();
    s.exp_string("Number: ").unwrap();
    s.send_line("2").unwrap();
    let rest = s.exp_eof().unwrap();
    assert!(rest.contains(&second), "{rest:?}");
}

/// Server data printed raw with `--jq` on a terminal shows its control characters
/// instead of acting on them: an OSC 52 sequence in a database value must not write
/// the clipboard, a C1 CSI must not reprogram the terminal. Piped, the same string is
/// printed as it is.
#[test]
fn raw_jq_output_on_a_terminal_never_drives_the_terminal() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "p");
    let a = emu.assistant(&pt, "a", serde_json::json!([]));
    let t = emu.thread(&pt, &a);
    let evil = "\u{1b}]52;c;ZXZpbA==\u{7}x\u{9b}31m";
    emu.json(
        "POST",
        &format!("/threads/{t}/state"),
        Some(&pt),
        Some(serde_json::json!({"values": {"k": evil}, "config": {}})),
        200,
    );
    let mut cmd = command(
        &env,
        &["db", "query", &t, "--jq", ".k", "--project-id", &pid],
    );
    cmd.env("EPSIMO_CONFIG_DIR", env.config_dir());
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    let out = p.exp_eof().unwrap();
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{9b}'),
        "{out:?}"
    );
    assert!(out.contains("^[]52;c;ZXZpbA==^Gx<U+009B>31m"), "{out:?}");
    // Piped: the string as the server stored it, for scripts.
    let piped = env
        .cmd()
        .args(["db", "query", &t, "--jq", ".k", "--project-id", &pid])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(piped.stdout).unwrap(),
        format!("{evil}\n")
    );
}

/// A bare `epsimo mcp` at a terminal says what it is waiting for instead of looking
/// hung; Ctrl-C stops it.
#[test]
fn a_bare_mcp_at_a_terminal_says_what_it_waits_for() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    let mut p = spawn_command(command(&env, &["mcp"]), Some(20_000)).unwrap();
    p.exp_string("waiting for a client").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}

/// Ctrl-C while the spinner waits for a reply: the spinner's line is cleared, in
/// `threads run` (which ends with 130) and in `chat` (which goes back to its prompt).
#[test]
fn ctrl_c_while_the_spinner_spins_leaves_a_clean_line() {
    let p = crate::common::Project::new();
    let a = p.assistant(serde_json::json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let mut cmd = command(&p.env, &["threads", "run", &t, "--message", "/slow 30"]);
    cmd.env("EPSIMO_PROJECT_ID", &p.pid)
        .env_remove("TERM")
        .env("TERM", "xterm");
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    s.exp_string("Thinking").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send_control('c').unwrap();
    let raw = s.exp_eof().unwrap();
    let screen = crate::common::screen_of(&raw);
    assert!(
        screen.iter().all(|l| !l.contains("Thinking")),
        "the spinner's line is gone: {screen:#?}"
    );
    assert_eq!(exit_code(&mut s), 130);

    let mut cmd = command(&p.env, &["chat", "--assistant-id", &a]);
    cmd.env("EPSIMO_PROJECT_ID", &p.pid)
        .env_remove("TERM")
        .env("TERM", "xterm");
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    s.exp_string("you> ").unwrap();
    s.send_line("//slow 30").unwrap();
    s.exp_string("Thinking").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send_control('c').unwrap();
    let (before, _) = s.exp_regex("you> ").unwrap();
    let screen = crate::common::screen_of(&before);
    assert!(
        screen.iter().all(|l| !l.contains("Thinking")),
        "the spinner's line is gone: {screen:#?}"
    );
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
}

/// Chat names the assistant it talks to, and going on with a thread shows its last
/// messages first.
#[test]
fn chat_names_its_assistant_and_recalls_the_thread() {
    let p = crate::common::Project::new();
    let a = p.assistant(serde_json::json!([]));
    let t = p.emu.thread(&p.pt, &a);
    for m in ["first words", "second words"] {
        crate::common::ok(&crate::common::run(p.cmd().args([
            "threads",
            "run",
            &t,
            "--message",
            m,
        ])));
    }
    let mut cmd = command(&p.env, &["chat", "--thread-id", &t]);
    cmd.env("EPSIMO_PROJECT_ID", &p.pid);
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    let (before, _) = s.exp_regex("you> ").unwrap();
    let screen = crate::common::screen_of(&before).join("\n");
    assert!(screen.contains("The last 4 of 4 messages"), "{screen}");
    assert!(screen.contains("You: first words"), "{screen}");
    assert!(
        screen.contains("Assistant: (emulated) You said: second words"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("Chatting with Helper on thread {t}")),
        "{screen}"
    );
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();

    let mut cmd = command(&p.env, &["chat"]);
    cmd.env("EPSIMO_PROJECT_ID", &p.pid);
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    s.exp_string("Chatting with Helper on a new thread")
        .unwrap();
    s.send_control('d').unwrap();
    s.exp_eof().unwrap();
}

/// What a command shows on a terminal `cols` wide, as lines (escape sequences and
/// what varies from run to run, ports and ids, taken out).
fn shown_at(env: &Env, extra: &[(&str, &str)], cols: usize, args: &[&str]) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("epsimo");
    let quoted: Vec<String> = args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(format!(
            "stty cols {cols} rows 60; exec '{}' {}",
            bin.display(),
            quoted.join(" ")
        ))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home())
        .env("EPSIMO_CONFIG_DIR", env.config_dir())
        .env("EPSIMO_API_URL", &env.api_url)
        .env("EPSIMO_AUTH_STORAGE", "file")
        .env("NO_COLOR", "1")
        .env("TERM", "dumb");
    for (k, v) in extra {
        sh.env(k, v);
    }
    let mut s = spawn_command(sh, Some(20_000)).unwrap();
    let raw = if args.first() == Some(&"emulator") {
        let before = s.exp_string("Press Ctrl-C").unwrap();
        s.send_control('c').unwrap();
        let _ = s.exp_eof();
        before
    } else {
        s.exp_eof().unwrap()
    };
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    let uuid =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let text = strip_ansi_escapes::strip_str(raw.replace('\r', ""));
    text.lines()
        .map(|l| {
            uuid.replace_all(&port.replace_all(l, "PORT"), "ID")
                .to_string()
        })
        .collect()
}

/// At 60, 80 and 120 columns, the help, the emulator's banner, an error and a reply
/// are wrapped at words: no line is wider than the terminal (where it would break a
/// word) unless it is one word alone, and the words are those of a wide terminal,
/// in the same order, none cut in two.
#[test]
fn output_wraps_at_words_to_the_terminal_width() {
    let p = crate::common::Project::new();
    let a = p.assistant(serde_json::json!([]));
    let t = p.emu.thread(&p.pt, &a);
    let pid = [("EPSIMO_PROJECT_ID", p.pid.as_str())];
    let long = "please remember that the delivery address changed to the warehouse on the northern side of the river, next to the old railway station, and that deliveries happen between eight and noon";
    type Vars<'a> = &'a [(&'a str, &'a str)];
    let cases: Vec<(Vec<&str>, Vars)> = vec![
        (vec!["--help"], &[]),
        (vec!["auth", "login", "--help"], &[]),
        (vec!["emulator", "start", "--port", "0"], &[]),
        (vec!["threads", "show", "not-a-thread-id-at-all"], &pid),
        (vec!["threads", "run", &t, "--message", long], &pid),
    ];
    for (args, extra) in &cases {
        let wide = shown_at(&p.env, extra, 400, args);
        let words = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .collect()
        };
        assert!(words(&wide).len() > 10, "{args:?}: {wide:#?}");
        for cols in [60, 80, 120] {
            let lines = shown_at(&p.env, extra, cols, args);
            for l in &lines {
                let w = unicode_width::UnicodeWidthStr::width(l.as_str());
                assert!(
                    w <= cols || l.split_whitespace().count() == 1,
                    "{args:?} at {cols} columns: a line of {w}: {l:?}"
                );
            }
            if args[0] != "--help" && args.get(2) != Some(&"--help") {
                assert_eq!(words(&lines), words(&wide), "{args:?} at {cols} columns");
            }
        }
    }
}

/// Output longer than the terminal goes through the pager (`EPSIMO_PAGER` over
/// `PAGER`); shorter output, `--no-pager` and pipes never start one.
#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    let p = crate::common::Project::new();
    let dir = tempfile::tempdir().unwrap();
    let paged = dir.path().join("paged");
    let run_at = |rows: usize, args: &[&str], pager_var: &str| -> String {
        let _ = std::fs::remove_file(&paged);
        let bin = assert_cmd::cargo::cargo_bin("epsimo");
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!(
                "stty cols 120 rows {rows}; exec '{}' {}",
                bin.display(),
                args.join(" ")
            ))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", p.env.home())
            .env("EPSIMO_CONFIG_DIR", p.env.config_dir())
            .env("EPSIMO_API_URL", &p.env.api_url)
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .env("PAGER", "false")
            .env(pager_var, format!("cat > '{}'", paged.display()));
        let mut s = spawn_command(sh, Some(20_000)).unwrap();
        let shown = s.exp_eof().unwrap();
        assert_eq!(exit_code(&mut s), 0, "{shown}");
        shown
    };
    for i in 0..12 {
        p.emu
            .project(&p.emu.dev_token(), &format!("Project {i:02}"));
    }
    // 14 projects (`main`, one from the harness) and a header: longer than 10 rows.
    let shown = run_at(10, &["projects"], "EPSIMO_PAGER");
    let through = std::fs::read_to_string(&paged).unwrap();
    assert!(through.starts_with("ID"), "{through}");
    assert_eq!(through.lines().count(), 15, "{through}");
    assert!(
        !shown.contains("Project 05"),
        "the pager showed it, not epsimo: {shown}"
    );
    // PAGER when EPSIMO_PAGER is not set.
    let shown = run_at(10, &["projects"], "PAGER");
    assert!(paged.exists(), "{shown}");
    // --no-pager, and a terminal tall enough: straight to the screen.
    let shown = run_at(10, &["projects", "--no-pager"], "EPSIMO_PAGER");
    assert!(!paged.exists());
    assert!(shown.contains("Project 05"), "{shown}");
    let shown = run_at(40, &["projects"], "EPSIMO_PAGER");
    assert!(!paged.exists());
    assert!(shown.contains("Project 05"), "{shown}");
}

#[test]
fn threads_export_all_shows_a_progress_bar_on_a_terminal_and_clears_it() {
    let p = crate::common::Project::new();
    let a = p.db_tool();
    for _ in 0..12 {
        p.emu.thread(&p.pt, &a);
    }
    p.emu.fault(
        serde_json::json!({"method": "GET", "path": "/threads/*", "times": 0,
        "action": "delay", "ms": 150}),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = command(&p.env, &["threads", "export", "--all", "--dir"]);
    cmd.arg(dir.path())
        .env("EPSIMO_PROJECT_ID", &p.pid)
        .env("TERM", "xterm");
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    // The bar counts the threads as they are written.
    s.exp_string("Exporting threads").unwrap();
    s.exp_string("/12").unwrap();
    let rest = s.exp_eof().unwrap();
    assert_eq!(exit_code(&mut s), 0, "{rest}");
    assert!(rest.contains("Exported 12 threads"), "{rest}");
    // Cleared before the summary: the last line is the summary, not a bar.
    let screen = crate::common::screen_of(&rest);
    assert!(
        screen
            .last()
            .is_some_and(|l| l.contains("Exported 12 threads")),
        "{screen:?}"
    );
    assert!(
        !screen.iter().any(|l| l.contains("Exporting threads")),
        "{screen:?}"
    );
}

/// The chat's commands act on the conversation without ever reaching the model:
/// `/help` is answered locally, `/switch` and `/threads` move to another assistant
/// and thread, `/db set` writes the state, `/export` writes the transcript, `/edit`
/// sends what was written in `$EDITOR`.
#[test]
fn chat_commands_switch_threads_and_assistants_and_never_reach_the_model() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    let one = emu.assistant(&pt, "One", serde_json::json!([]));
    let two = emu.assistant(&pt, "Two", serde_json::json!([]));
    let old = emu.thread(&pt, &one);
    emu.clear_requests();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("talk.md");
    // An "editor" that writes the message into the file it is given.
    let editor = dir.path().join("editor.sh");
    executable(&editor, "#!/bin/sh\necho 'from the editor' > \"$1\"\n");
    let mut cmd = command(&env, &["chat", "--assistant", "One"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid).env("EDITOR", &editor);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    said(&mut p, "/help", "/switch");
    said(&mut p, "first words", "(emulated) You said: first words");
    p.send_line("/db set mood \"calm\"").unwrap();
    p.exp_string("you> ").unwrap();
    said(&mut p, "/edit", "(emulated) You said: from the editor");
    p.send_line(&format!("/export {}", out.display())).unwrap();
    p.exp_string("you> ").unwrap();
    // The assistant's other thread, picked by number.
    p.send_line("/threads").unwrap();
    let (_, row) = p.exp_regex(&format!(r"\d+\) t  {old}")).unwrap();
    let number = row.split(')').next().unwrap().trim().to_string();
    p.exp_string("Number: ").unwrap();
    p.send_line(&number).unwrap();
    p.exp_string("you> ").unwrap();
    said(&mut p, "/thread", &old);
    said(&mut p, "/switch Two", "Two");
    said(
        &mut p,
        "to the other one",
        "(emulated) You said: to the other one",
    );
    p.send_line("/exit").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);

    let requests = emu.requests();
    let runs: Vec<&serde_json::Value> = requests
        .iter()
        .filter(|r| r["path"] == "/runs/stream")
        .collect();
    assert_eq!(runs.len(), 3, "three messages, three runs: {runs:#?}");
    for r in &requests {
        let body = r["body"].to_string();
        assert!(!body.contains("/help"), "/help reached the server: {r}");
    }
    // The first thread holds the value written by /db set.
    let first = runs[0]["body"]["thread_id"].as_str().unwrap().to_string();
    let state = emu.json(
        "GET",
        &format!("/threads/{first}/state"),
        Some(&pt),
        None,
        200,
    );
    assert_eq!(state["values"]["mood"], "calm", "{state}");
    // The message after /switch went to a new thread of Two.
    assert_eq!(
        runs[1]["body"]["thread_id"],
        first.as_str(),
        "/edit's message"
    );
    let second = runs[2]["body"]["thread_id"].as_str().unwrap();
    assert_ne!(second, first);
    assert_ne!(second, old);
    let thread = emu.json("GET", &format!("/threads/{second}"), Some(&pt), None, 200);
    assert_eq!(thread["assistant_id"], two.as_str(), "{thread}");
    // The export holds the conversation as Markdown.
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("first words"), "{md}");
    assert!(md.contains("You said: first words"), "{md}");
}

/// A reply's Markdown is rendered as it streams: the heading bold and underlined,
/// the code block highlighted (24-bit color), its fences dimmed; without rendering
/// the same reply is its raw text.
#[test]
fn chat_renders_a_heading_and_a_code_block_as_the_reply_streams() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "One", serde_json::json!([]));
    let reply = |render: &str| {
        let mut cmd = command(&env, &["chat", "--render", render]);
        cmd.env("EPSIMO_PROJECT_ID", &pid);
        let mut p = spawn_command(cmd, Some(20_000)).unwrap();
        p.exp_string("you> ").unwrap();
        p.send_line("\"\"\"").unwrap();
        for line in [
            "see below",
            "# Plan",
            "```rust",
            "fn main() {}",
            "```",
            "done",
        ] {
            p.send_line(line).unwrap();
        }
        p.send_line("\"\"\"").unwrap();
        let (shown, _) = p.exp_regex("done\\s*\r?\n").unwrap();
        p.exp_string("you> ").unwrap();
        p.send_line("/exit").unwrap();
        p.exp_eof().unwrap();
        let bytes: Vec<u8> = shown.chars().map(|c| c as u32 as u8).collect();
        let shown = String::from_utf8(bytes).unwrap().replace('\r', "");
        // What the reply showed, from its first words on.
        shown[shown.rfind("(emulated) You said").unwrap()..].to_string()
    };
    let rendered = reply("always");
    assert!(
        rendered.contains("\x1b[1m\x1b[4mPlan\x1b[0m"),
        "the heading is bold and underlined: {rendered:?}"
    );
    assert!(
        rendered.contains("\x1b[2m```rust\x1b[0m"),
        "fences are dimmed: {rendered:?}"
    );
    assert!(!rendered.contains("# Plan"), "{rendered:?}");
    assert!(
        rendered.contains("\x1b[38;2;"),
        "the code is highlighted: {rendered:?}"
    );
    assert!(rendered.contains("main"), "{rendered:?}");
    // The screen, escapes shown as ␛.
    insta::assert_snapshot!("chat_rendered_markdown", rendered.replace('\x1b', "␛"));
    let plain = reply("never");
    assert!(
        plain.contains("# Plan\n```rust\nfn main() {}\n```"),
        "{plain:?}"
    );
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

/// On a terminal that moves its cursor, a choice is a picker: arrow keys move,
/// typed text filters, Enter picks; Ctrl-C and Esc end the command with 130.
#[test]
fn the_picker_selects_with_arrows_and_with_typed_text() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "Alpha", serde_json::json!([]));
    emu.assistant(&pt, "Bravo", serde_json::json!([]));
    emu.assistant(&pt, "Charlie", serde_json::json!([]));
    let chat = |keys: &[&str]| {
        let mut cmd = command(&env, &["chat"]);
        cmd.env("EPSIMO_PROJECT_ID", &pid).env("TERM", "xterm");
        let mut p = spawn_command(sized(cmd, 80, 24), Some(20_000)).unwrap();
        p.exp_string("Chat with which assistant?").unwrap();
        p.exp_string("Charlie").unwrap();
        for k in keys {
            p.send(k).unwrap();
            p.flush().unwrap();
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        p.send("\r").unwrap();
        p.flush().unwrap();
        let (_, with) = p.exp_regex("Chatting with [A-Za-z]+").unwrap();
        p.exp_string("you> ").unwrap();
        p.send_line("/exit").unwrap();
        p.exp_eof().unwrap();
        assert_eq!(exit_code(&mut p), 0);
        with
    };
    // Which assistant is first depends on the server's order: find it by name.
    let first = chat(&[]);
    let down = chat(&["\x1b[B"]);
    assert_ne!(first, down, "the down arrow moved the choice");
    assert_eq!(chat(&["brav"]), "Chatting with Bravo");
    assert_eq!(chat(&["Charl"]), "Chatting with Charlie");

    for key in ["\x03", "\x1b"] {
        let mut cmd = command(&env, &["chat"]);
        cmd.env("EPSIMO_PROJECT_ID", &pid).env("TERM", "xterm");
        let mut p = spawn_command(sized(cmd, 80, 24), Some(20_000)).unwrap();
        p.exp_string("Charlie").unwrap();
        let asked = std::time::Instant::now();
        p.send(key).unwrap();
        p.flush().unwrap();
        p.exp_eof().unwrap();
        assert_eq!(exit_code(&mut p), 130, "{key:?}");
        assert!(asked.elapsed() < std::time::Duration::from_secs(5));
    }
}

/// `assistants create --interactive` asks for what the flags leave out, offering
/// the server's bot types, model families and tools, with the instructions written
/// in $EDITOR; what it creates is what was picked.
#[test]
fn a_guided_create_offers_the_servers_models_and_tools() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "guided");
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("editor.sh");
    executable(
        &editor,
        "#!/bin/sh\nprintf 'Answer in French.\\n# a comment\\n' >> \"$1\"\n",
    );
    let mut cmd = command(&env, &["assistants", "create", "--interactive"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid).env("EDITOR", &editor);
    let mut p = spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("Name: ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("An assistant needs a name.").unwrap();
    p.exp_string("Name: ").unwrap();
    p.send_line("Guide").unwrap();
    p.exp_string("Bot type:").unwrap();
    let (_, agent) = p.exp_regex(r"\d+\) agent ").unwrap();
    p.exp_string("Number: ").unwrap();
    p.send_line(agent.split(')').next().unwrap().trim())
        .unwrap();
    p.exp_string("Model family:").unwrap();
    let (_, first) = p.exp_regex(r" 1\) [^\r\n]+").unwrap();
    let family = first[4..]
        .trim()
        .trim_end_matches("(the server's default)")
        .trim()
        .to_string();
    p.exp_string("Number: ").unwrap();
    p.send_line("1").unwrap();
    p.exp_string("Tools (none is fine):").unwrap();
    let listed = p
        .exp_string("Numbers (e.g. 1,3; empty for none): ")
        .unwrap();
    let number = |tool: &str| {
        listed
            .lines()
            .find(|l| l.trim_end().ends_with(&format!(") {tool}")))
            .unwrap_or_else(|| panic!("{tool} is offered: {listed}"))
            .split(')')
            .next()
            .unwrap()
            .trim()
            .to_string()
    };
    p.send_line("99").unwrap();
    p.exp_string("is not a list of numbers").unwrap();
    p.send_line(&format!(
        "{}, {}",
        number("retrieval"),
        number("ddg_search")
    ))
    .unwrap();
    p.exp_string("Instructions: write them in your editor?")
        .unwrap();
    p.send_line("").unwrap();
    p.exp_string("Created assistant Guide").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);

    let all = emu.json("GET", "/assistants/", Some(&pt), None, 200);
    let a = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Guide")
        .expect("created");
    let c = &a["config"]["configurable"];
    assert_eq!(c["type"], "agent", "{a}");
    assert_eq!(c["type==agent/agent_type"], family.as_str(), "{a}");
    assert_eq!(c["type==agent/system_message"], "Answer in French.", "{a}");
    let tools: Vec<&str> = c["type==agent/tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert_eq!(tools, ["retrieval", "ddg_search"], "{a}");

    // Without a terminal it asks nothing: a usage error that names the flags.
    let out = crate::common::run(env.cmd().env("EPSIMO_PROJECT_ID", &pid).args([
        "assistants",
        "create",
        "--interactive",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("--interactive asks questions"),
        "{}",
        out.stderr
    );
}

/// The chat's informational commands answer from the server, and `/new` starts a
/// second thread with the next message.
#[test]
fn chat_status_tools_models_credits_and_new() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "Helper", serde_json::json!([{"id": "f", "type": "function", "name": "update_database", "description": "Saves a key", "config": {}}]));
    emu.clear_requests();
    let mut cmd = command(&env, &["chat"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid);
    let mut p = spawn_command(sized(cmd, 120, 40), Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/status").unwrap();
    p.exp_string(&pid).unwrap();
    p.exp_string("(created with your next message)").unwrap();
    p.exp_string("you> ").unwrap();
    said(&mut p, "/tools", "update_database  (function)  Saves a key");
    p.send_line("/models").unwrap();
    p.exp_regex(r"agent: [^\r\n]*GPT 4o").unwrap();
    p.exp_string("you> ").unwrap();
    said(&mut p, "/assistants", "* Helper");
    said(&mut p, "one", "You said: one");
    p.send_line("/credits").unwrap();
    p.exp_regex(r"Thread credits: 1 used of \d+\.").unwrap();
    p.exp_string("you> ").unwrap();
    said(
        &mut p,
        "/new",
        "A new thread begins with your next message.",
    );
    said(&mut p, "two", "You said: two");
    p.send_line("/exit").unwrap();
    p.exp_eof().unwrap();
    let threads: Vec<String> = emu
        .requests()
        .iter()
        .filter(|r| r["path"] == "/runs/stream")
        .map(|r| r["body"]["thread_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(threads.len(), 2);
    assert_ne!(threads[0], threads[1], "/new began another thread");
}

/// `emulator exec -- CMD` on a terminal lends CMD the terminal, as a shell does
/// for a job: CMD reads what is typed (it was cut off, its read failing, before),
/// and Ctrl-C reaches it.
#[test]
fn emulator_exec_lends_the_terminal_to_its_command() {
    let env = Env::new("http://127.0.0.1:9");
    let mut p = spawn_command(
        command(
            &env,
            &[
                "emulator",
                "exec",
                "--",
                "sh",
                "-c",
                "read x; echo \"got [$x]\"",
            ],
        ),
        Some(20_000),
    )
    .unwrap();
    p.exp_string("Emulator at").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_line("typed words").unwrap();
    p.exp_string("got [typed words]").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);

    let mut p = spawn_command(
        command(
            &env,
            &["emulator", "exec", "--", "sh", "-c", "echo ready; sleep 30"],
        ),
        Some(20_000),
    )
    .unwrap();
    p.exp_string("ready").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 130);
}

/// Tab completes a chat command, and an assistant's name after `/switch`.
#[test]
fn tab_completes_chat_commands_and_assistant_names() {
    let emu = Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let (pid, pt) = emu.project(&emu.dev_token(), "chat");
    emu.assistant(&pt, "One", serde_json::json!([]));
    emu.assistant(&pt, "Zephyr", serde_json::json!([]));
    let mut cmd = command(&env, &["chat", "--assistant", "One"]);
    cmd.env("EPSIMO_PROJECT_ID", &pid).env("TERM", "xterm");
    let mut p = spawn_command(sized(cmd, 100, 30), Some(20_000)).unwrap();
    p.exp_string("you> ").unwrap();
    p.send("/swi\t").unwrap();
    p.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send("Zep\t").unwrap();
    p.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Zephyr").unwrap();
    p.exp_string("you> ").unwrap();
    p.send("/stat\t\r").unwrap();
    p.flush().unwrap();
    let (_, row) = p.exp_regex(r"Assistant:\s+[0-9a-f-]{36}").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/exit").unwrap();
    p.exp_eof().unwrap();
    let all = emu.json("GET", "/assistants/", Some(&pt), None, 200);
    let zephyr = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Zephyr")
        .unwrap()["assistant_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        row.contains(&zephyr),
        "/switch Zep<Tab> switched to Zephyr: {row}"
    );
}
