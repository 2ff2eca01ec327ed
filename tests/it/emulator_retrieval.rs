//! Retrieval over uploaded files on the emulator: a question finds the one file of
//! eleven that answers it, through the echo model's documented rule and through
//! an explicit `/tool` call; a type it cannot read is reported at upload.

use serde_json::{Value, json};

use crate::common::{Project, ok, run};

fn retrieval_agent(p: &Project) -> String {
    p.assistant(
        json!([{"id": "retrieval", "type": "retrieval", "name": "Retrieval",
        "description": "Look up information in uploaded files.", "config": {}}]),
    )
}

/// Ten files about other things and one with the answer, uploaded with the CLI.
pub fn upload_library(p: &Project, assistant: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..10 {
        let path = dir.path().join(format!("note-{i}.md"));
        std::fs::write(
            &path,
            format!("# Note {i}\n\nThe weather on day {i} was mild, and the trains ran on time.\n"),
        )
        .unwrap();
        paths.push(path);
    }
    let answer = dir.path().join("keeper.txt");
    std::fs::write(
        &answer,
        "Epsimo fixture document.\nThe secret word is pineapple.\n",
    )
    .unwrap();
    paths.push(answer);
    let out = run(p
        .cmd()
        .args(["files", "upload", "--assistant-id", assistant])
        .args(&paths));
    ok(&out);
    dir
}

#[test]
fn a_question_is_answered_from_the_file_that_holds_it() {
    let p = Project::new();
    let a = retrieval_agent(&p);
    let _files = upload_library(&p, &a);
    let out = run(p.cmd().args([
        "threads",
        "run",
        "--assistant-id",
        &a,
        "--message",
        "What is the secret word?",
        "--json",
    ]));
    ok(&out);
    let events: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let result = events
        .iter()
        .find(|e| e["event"] == "tool_result")
        .unwrap_or_else(|| panic!("the model looked it up: {}", out.stdout));
    // The recorded shape: the passages as one string, the file's text first.
    assert_eq!(
        result["content"], "Epsimo fixture document.\nThe secret word is pineapple.",
        "{result}"
    );
    let reply: String = events
        .iter()
        .filter(|e| e["event"] == "token")
        .map(|e| e["text"].as_str().unwrap_or(""))
        .collect();
    assert!(reply.contains("pineapple"), "{reply}");
    // An explicit call searches too; a word no file has finds nothing.
    let t = p.emu.thread(&p.pt, &a);
    let out = run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--message",
        r#"/tool retrieval {"query": "zeppelin"}"#,
    ]));
    ok(&out);
    assert!(out.stdout.contains("found nothing"), "{}", out.stdout);
    // A statement is not a question: the echo as before.
    let out = run(p
        .cmd()
        .args(["threads", "run", &t, "--message", "pineapple"]));
    assert!(out.stdout.contains("You said: pineapple"), "{}", out.stdout);
}

#[test]
fn a_file_it_cannot_read_is_reported_not_ignored() {
    let p = Project::new();
    let a = retrieval_agent(&p);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 binary").unwrap();
    let out = run(p
        .cmd()
        .args(["files", "upload", "--assistant-id", &a, "--json"])
        .arg(&pdf));
    ok(&out);
    assert!(out.stdout.contains("not indexed"), "{}", out.stdout);
}
