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
    // The skill file teaches coding agents the CLI: its commands run too.
    let skill = Path::new(env!("CARGO_MANIFEST_DIR")).join("skills/epsimo/SKILL.md");
    out.push((
        "skills/epsimo/SKILL.md".into(),
        std::fs::read_to_string(skill).unwrap(),
    ));
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
        let link = if name.contains('/') {
            name.clone()
        } else {
            format!("docs/{name}")
        };
        assert!(readme.contains(&link), "README does not link {link}");
    }
}

/// The README's tour, as (command, the lines shown after it).
fn tour(readme: &str) -> (usize, usize, Vec<(String, Vec<String>)>) {
    let start = readme.find("## A tour").expect("a tour");
    let open = start + readme[start..].find("```console\n").unwrap() + "```console\n".len();
    let close = open + readme[open..].find("```\n").unwrap();
    let mut steps: Vec<(String, Vec<String>)> = Vec::new();
    for line in readme[open..close].lines() {
        match line.strip_prefix("$ ") {
            Some(cmd) => steps.push((cmd.to_string(), Vec::new())),
            None => steps.last_mut().unwrap().1.push(line.to_string()),
        }
    }
    (open, close, steps)
}

/// What varies from run to run, named: ids, tokens, times, the port, the home.
fn normalized(lines: &[String], home: &str) -> Vec<String> {
    let uuid =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let token = regex::Regex::new(r"eyJ\S*").unwrap();
    let time = regex::Regex::new(r"\d{4}-\d\d-\d\dT[0-9:.]+Z?( \(in \d+ min\))?").unwrap();
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").unwrap();
    lines
        .iter()
        .map(|l| {
            let l = l.replace(home, "/home/you");
            let l = uuid.replace_all(&l, "<id>");
            let l = token.replace_all(&l, "<token>");
            let l = time.replace_all(&l, "<time>");
            port.replace_all(&l, "127.0.0.1:8787")
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The tour runs as written, on a terminal, against a real `emulator start`; what
/// it shows is what the README shows (ids, tokens, times and the port aside).
/// `UPDATE_README_TOUR=1 cargo test --test it readme_tour` writes a fresh run in.
#[test]
fn the_readme_tour_is_what_the_program_prints() {
    use std::io::BufRead;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (open, close, steps) = tour(&readme);
    assert!(steps.len() >= 8, "{steps:?}");
    let home = tempfile::tempdir().unwrap();
    let home_s = home.path().to_string_lossy().to_string();
    let bin = assert_cmd::cargo::cargo_bin("epsimo");
    let bin_dir = bin.parent().unwrap().to_path_buf();
    let path_var = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // The first step: the emulator, started as the README says (on a free port).
    assert!(
        steps[0].0.starts_with("epsimo emulator start"),
        "{}",
        steps[0].0
    );
    let mut emu = std::process::Command::new(&bin)
        .args(["emulator", "start", "--port", "0", "--quiet"])
        .env_clear()
        .env("PATH", &path_var)
        .env("HOME", home.path())
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = Vec::new();
    for line in std::io::BufReader::new(emu.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if line.starts_with("Press Ctrl-C") {
            break;
        }
        banner.push(line);
    }
    let url = banner
        .iter()
        .find_map(|l| l.trim().strip_prefix("API:").map(|u| u.trim().to_string()))
        .expect("the banner names the URL");
    let mut actual: Vec<(String, Vec<String>)> = vec![(
        steps[0].0.clone(),
        banner[..steps[0].1.len().min(banner.len())].to_vec(),
    )];
    for (cmd, _) in &steps[1..] {
        let run_cmd = cmd.split("  #").next().unwrap().trim().to_string();
        if run_cmd.starts_with("export ") {
            actual.push((cmd.clone(), Vec::new()));
            continue;
        }
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!("stty cols 100 rows 50; {run_cmd}"))
            .env_clear()
            .env("PATH", &path_var)
            .env("HOME", home.path())
            .env("EPSIMO_API_URL", &url)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        let mut p = rexpect::session::spawn_command(sh, Some(20_000)).unwrap();
        let mut raw = String::new();
        if run_cmd.contains("auth login") {
            let (before, prompt) = p.exp_regex("Password: ?").unwrap();
            raw.push_str(&before);
            raw.push_str(&prompt);
            p.send_line(crate::common::DEV_PASSWORD).unwrap();
        }
        raw.push_str(&p.exp_eof().unwrap());
        actual.push((cmd.clone(), crate::common::screen_of(&raw)));
    }
    let _ = emu.kill();
    let _ = emu.wait();
    if std::env::var_os("UPDATE_README_TOUR").is_some() {
        let mut block = String::new();
        let port = regex::Regex::new(r"127\.0\.0\.1:\d+").unwrap();
        for (cmd, lines) in &actual {
            block.push_str(&format!("$ {cmd}\n"));
            for l in lines {
                let l = l.replace(&home_s, "/home/you");
                let l = port.replace_all(&l, "127.0.0.1:8787");
                block.push_str(l.trim_end());
                block.push('\n');
            }
        }
        let text = format!("{}{}{}", &readme[..open], block, &readme[close..]);
        std::fs::write(&path, text).unwrap();
        return;
    }
    for ((cmd, want), (_, got)) in steps.iter().zip(&actual) {
        assert_eq!(
            normalized(want, &home_s),
            normalized(got, &home_s),
            "the README's `{cmd}` shows something else than the program"
        );
    }
}

#[test]
fn epsimo_skill_prints_the_skill_file() {
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env.cmd().arg("skill"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("skills/epsimo/SKILL.md"),
    )
    .unwrap();
    assert_eq!(out.stdout, file);
    assert!(
        file.starts_with("---\nname: epsimo\ndescription: "),
        "the skill's front matter"
    );
}

/// Every command a message of the program names (`epsimo tools types`, in a hint,
/// an error or a note) is one the program has: a hint that points nowhere is worse
/// than none. The words after `epsimo` are followed down the command tree as long
/// as they are plain lower-case words; each must be a command (or an alias) there.
#[test]
fn every_command_a_message_names_exists() {
    use clap::CommandFactory;
    let root = epsimo::cli::Cli::command();
    let re = regex::Regex::new(r"`epsimo ([a-z][a-z0-9_ -]*)").unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for cap in re.captures_iter(&text) {
                let mut cmd = &root;
                for word in cap[1].split_whitespace() {
                    if cmd.get_subcommands().next().is_none() {
                        break;
                    }
                    match cmd.find_subcommand(word) {
                        Some(sub) => cmd = sub,
                        // A positional argument (a thread id, a shell name) where
                        // the command takes one.
                        None if cmd.get_positionals().next().is_some() => break,
                        None => {
                            missing.push(format!("{}: `epsimo {}`", p.display(), &cap[1]));
                            break;
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} found: the pattern reads the sources"
    );
    assert!(
        missing.is_empty(),
        "commands that do not exist:\n{}",
        missing.join("\n")
    );
    // The check itself: a command that does not exist is caught.
    assert!(root.find_subcommand("modelz").is_none());
    let tools = root.find_subcommand("tools").unwrap();
    assert!(tools.find_subcommand("typez").is_none() && tools.get_positionals().next().is_none());
}
