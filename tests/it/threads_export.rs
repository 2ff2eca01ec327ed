//! `threads export`: a thread's transcript as Markdown, JSON or JSON Lines, with
//! tool calls and the database; `--all --dir` backs up every thread, resumably.

use serde_json::Value;

use crate::common::{Project, ok, run};

/// The command's stdout; it must succeed.
fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = run(cmd);
    ok(&out);
    out.stdout
}

/// A thread where the assistant called `update_database`, then answered a second
/// message: (assistant, thread).
fn thread_with_a_tool_call(p: &Project) -> (String, String) {
    let (a, t) = p.thread_with_a_write("plan", r#"{"tier": "pro"}"#);
    stdout(p.cmd().args(["threads", "run", &t, "--message", "thanks"]));
    (a, t)
}

#[test]
fn markdown_shows_the_conversation_its_tool_calls_and_the_database() {
    let p = Project::new();
    let (a, t) = thread_with_a_tool_call(&p);
    let out = stdout(p.cmd().args(["threads", "export", &t]));
    let shown = out.replace(&t, "<thread>").replace(&a, "<assistant>");
    insta::assert_snapshot!("threads-export-md", shown);
}

#[test]
fn json_and_jsonl_hold_every_message_and_end_with_the_database() {
    let p = Project::new();
    let (_, t) = thread_with_a_tool_call(&p);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    stdout(
        p.cmd()
            .args(["threads", "export", &t, "--format", "json", "-o"])
            .arg(&file),
    );
    let whole: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(whole["thread"]["thread_id"], t.as_str());
    assert_eq!(whole["database"]["plan"]["tier"], "pro");
    let kinds: Vec<&str> = whole["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["human", "ai", "tool", "ai", "human", "ai"]);

    let lines = stdout(p.cmd().args(["threads", "export", &t, "--format", "jsonl"]));
    let parsed: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), kinds.len() + 1);
    assert_eq!(parsed.last().unwrap()["type"], "database");
    assert_eq!(parsed.last().unwrap()["values"]["plan"]["tier"], "pro");
}

#[test]
fn all_backs_up_every_thread_and_a_second_run_resumes() {
    let p = Project::new();
    let a = p.db_tool();
    let threads: Vec<String> = (0..6).map(|_| p.emu.thread(&p.pt, &a)).collect();
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup");
    // As if an earlier run was stopped after one file.
    std::fs::create_dir_all(&backup).unwrap();
    let kept = backup.join(format!("{}.md", threads[0]));
    std::fs::write(&kept, "written earlier").unwrap();
    p.emu.clear_requests();
    let out = run(p
        .cmd()
        .args(["threads", "export", "--all", "--dir"])
        .arg(&backup)
        .arg("--json"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["exported"], 5);
    assert_eq!(summary["already_there"], 1);
    for t in &threads {
        assert!(backup.join(format!("{t}.md")).exists(), "{t}");
    }
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "written earlier");
    // The thread already backed up was not read again.
    let read: Vec<String> = p
        .calls()
        .into_iter()
        .filter(|(m, path)| m == "GET" && path.ends_with("/state"))
        .map(|(_, path)| path)
        .collect();
    assert_eq!(read.len(), 5, "{read:?}");
    assert!(
        !read.iter().any(|path| path.contains(&threads[0])),
        "{read:?}"
    );
    // Nothing half-written is left behind.
    let names: Vec<String> = std::fs::read_dir(&backup)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.ends_with(".md")), "{names:?}");
}

#[test]
fn bad_requests_are_usage_errors() {
    let p = Project::new();
    let no_thread = run(p.cmd().args(["threads", "export"]));
    assert_eq!(no_thread.code, 2, "{}", no_thread.stderr);
    let no_dir = run(p.cmd().args(["threads", "export", "--all"]));
    assert_eq!(no_dir.code, 2, "{}", no_dir.stderr);
    assert!(no_dir.stderr.contains("--dir"), "{}", no_dir.stderr);
    let not_an_id = run(p.cmd().args(["threads", "export", "nope"]));
    assert_eq!(not_an_id.code, 5, "{}", not_an_id.stderr);
}

#[test]
fn a_thread_that_cannot_be_read_does_not_stop_the_backup() {
    let p = Project::new();
    let good = p.db_tool();
    let gone = p.db_tool();
    let kept: Vec<String> = (0..3).map(|_| p.emu.thread(&p.pt, &good)).collect();
    let broken = p.emu.thread(&p.pt, &gone);
    // Its assistant deleted: the server cannot answer its state.
    p.emu.json(
        "DELETE",
        &format!("/assistants/{gone}"),
        Some(&p.pt),
        None,
        200,
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run(p
        .cmd()
        .args(["threads", "export", "--all", "--dir"])
        .arg(dir.path()));
    assert_ne!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains(&broken), "{}", out.stderr);
    assert!(
        out.stderr.contains("run the same command again"),
        "{}",
        out.stderr
    );
    for t in &kept {
        assert!(dir.path().join(format!("{t}.md")).exists(), "{t}");
    }
    assert!(!dir.path().join(format!("{broken}.md")).exists());
}

#[test]
fn all_of_200_threads_stops_cleanly_on_ctrl_c_and_the_next_run_finishes() {
    let p = Project::with(epsimo::emulator::Config {
        faults: true,
        thread_max: 1000,
        ..epsimo::emulator::Config::default()
    });
    let a = p.db_tool();
    let threads: Vec<String> = (0..200).map(|_| p.emu.thread(&p.pt, &a)).collect();
    // Each thread's read takes a moment, so Ctrl-C lands midway.
    p.emu.fault(
        serde_json::json!({"method": "GET", "path": "/threads/*", "times": 0,
        "action": "delay", "ms": 25}),
    );
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup");
    let count = || std::fs::read_dir(&backup).map(|d| d.count()).unwrap_or(0);
    let mut child = p
        .env
        .cmd_std()
        .env("EPSIMO_PROJECT_ID", &p.pid)
        .args(["threads", "export", "--all", "--dir"])
        .arg(&backup)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while count() < 20 && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "Ctrl-C exits 130");
    let first: Vec<String> = std::fs::read_dir(&backup)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        (20..200).contains(&first.len()),
        "stopped midway: {} files",
        first.len()
    );
    // Only whole files: no temporary one, each a complete transcript.
    for name in &first {
        assert!(name.ends_with(".md"), "{first:?}");
        let text = std::fs::read_to_string(backup.join(name)).unwrap();
        assert!(text.starts_with("# "), "{name}: {text}");
        assert!(text.contains("## Database"), "{name}: {text}");
    }
    // Run again: the rest is exported, what was there is neither read nor rewritten.
    p.emu.clear_requests();
    let out = run(p
        .cmd()
        .args(["threads", "export", "--all", "--dir"])
        .arg(&backup)
        .arg("--json"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["already_there"], first.len());
    assert_eq!(summary["exported"], 200 - first.len());
    for t in &threads {
        assert!(backup.join(format!("{t}.md")).exists(), "{t}");
    }
    let reads = p
        .calls()
        .into_iter()
        .filter(|(m, path)| m == "GET" && path.ends_with("/state"))
        .count();
    assert_eq!(reads, 200 - first.len());
}
