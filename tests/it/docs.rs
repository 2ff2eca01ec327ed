//! The documentation stays true: runnable examples run against the emulator with
//! the exit code they show, and every error's pointer lands on a real section.

use std::path::Path;

use crate::common::{Env, run};

fn docs() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Code blocks fenced as ```sh test, with an optional first line `# exit: N`.
fn runnable(text: &str) -> Vec<(String, i32)> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        match (&mut current, line.trim()) {
            (None, "```sh test") => current = Some(Vec::new()),
            (Some(lines), "```") => {
                let code = lines.join("\n");
                let exit = lines
                    .first()
                    .and_then(|l| l.strip_prefix("# exit: "))
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0);
                blocks.push((code, exit));
                current = None;
            }
            (Some(lines), _) => lines.push(line),
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn runnable_examples_run_with_the_exit_code_shown() {
    let env = Env::new("http://127.0.0.1:1");
    let mut ran = 0;
    for (name, text) in docs() {
        for (code, exit) in runnable(&text) {
            // Examples that pipe into jq (the seed's own usage) need it installed.
            if code.contains("| jq") && !crate::common::optional_tool("jq", "apt-get install jq") {
                continue;
            }
            let work = tempfile::tempdir().unwrap();
            let out = run(env
                .cmd()
                .args(["emulator", "exec", "--", "sh", "-ec", &code])
                .current_dir(work.path()));
            assert_eq!(
                out.code, exit,
                "{name}:\n{code}\nstdout: {}\nstderr: {}",
                out.stdout, out.stderr
            );
            ran += 1;
        }
    }
    assert!(ran >= 5, "runnable examples found: {ran}");
}

#[test]
fn every_error_points_to_a_real_troubleshooting_section() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(epsimo::error::Exit::DOCS),
    )
    .unwrap();
    use epsimo::error::Exit::*;
    for exit in [
        Ok,
        Failure,
        Usage,
        NotFound,
        Auth,
        Invalid,
        Unavailable,
        Pending,
        Paused,
        Interrupted,
    ] {
        let anchor = exit.doc_anchor();
        assert!(
            text.lines().any(|l| l == format!("## {anchor}")),
            "no section {anchor}"
        );
    }
    // And the pointer really is printed with the hint.
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env.cmd().arg("whoami"));
    assert!(
        out.stderr
            .contains("(more: `epsimo help troubleshooting authentication`)"),
        "{}",
        out.stderr
    );
    // And an installed binary shows that section without the repository.
    let section = run(env
        .cmd()
        .args(["help", "troubleshooting", "authentication"]));
    assert_eq!(section.code, 0, "{}", section.stderr);
    assert!(
        section.stdout.starts_with("## authentication\n"),
        "{}",
        section.stdout
    );
    assert!(
        !section.stdout.contains("## invalid-input"),
        "{}",
        section.stdout
    );
    let unknown = run(env.cmd().args(["help", "troubleshooting", "nope"]));
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("authentication"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_readme_links_every_guide() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for (name, _) in docs() {
        assert!(
            readme.contains(&format!("docs/{name}")),
            "README does not link docs/{name}"
        );
    }
}
