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
    let time = regex::Regex::new(r"\d{4}-\d\d-\d\dT[0-9:.]+Z?( \(in \d+ (min|h|days)\))?").unwrap();
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
        // The README's port is the one the emulator got here.
        let run_cmd = cmd
            .split("  #")
            .next()
            .unwrap()
            .trim()
            .replace("http://127.0.0.1:8787", &url);
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!("stty cols 100 rows 50; {run_cmd}"))
            .env_clear()
            .env("PATH", &path_var)
            .env("HOME", home.path())
            // No EPSIMO_API_URL: the URL is the one the login stored in its profile.
            // The file, not a keychain, whatever the machine has.
            .env("EPSIMO_AUTH_STORAGE", "file")
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
    for (p, text) in crate::common::source_files(Some("rs")) {
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

/// Getting-started, followed step by step: every command of its `sh` blocks runs in
/// order, in one shell, against two emulators: one on 8787's place, one standing in
/// for the real platform (its URL put where the page names the platform's). What
/// cannot run here is left out by name (the install, the long-running emulator, the
/// interactive chat, npm); placeholders are filled as a user would, from the output
/// of the commands before.
#[test]
fn getting_started_walks_from_the_emulator_to_the_platform() {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/getting-started.md"),
    )
    .unwrap();
    let local = crate::common::Emu::start();
    let platform = crate::common::Emu::start();
    // The platform's account is another one than the emulator's dev account.
    platform.json(
        "POST",
        "/auth/signup",
        None,
        Some(serde_json::json!({"email": "you@example.com", "password": "platform-pw"})),
        200,
    );
    let mut script = String::from("set -e\n");
    let mut in_sh = false;
    let mut steps = 0;
    for line in page.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            l if in_sh && !l.is_empty() => {
                let cmd = l.split("  #").next().unwrap().trim();
                let skipped = [
                    "cargo install",
                    "epsimo --version",
                    "epsimo emulator start",
                    "epsimo chat",
                    "npm ",
                ];
                if skipped.iter().any(|s| cmd.starts_with(s)) {
                    continue;
                }
                let cmd = cmd
                    .replace("http://127.0.0.1:8787", &local.url)
                    .replace("https://backend.epsimoagents.com", &platform.url)
                    .replace("THREAD_ID", "\"$(epsimo threads list --jq '.[0].thread_id')\"")
                    .replace("PROJECT_ID", "\"$(epsimo projects --jq '.[] | select(.name == \"My AI App\") | .project_id')\"");
                // The password each login asks for: the dev account's, then yours.
                let cmd = if cmd.contains("auth login") && !cmd.contains("emulator exec") {
                    let pw = if cmd.contains(&platform.url) {
                        "EPSIMO_EMAIL=you@example.com EPSIMO_PASSWORD=platform-pw"
                    } else {
                        "EPSIMO_PASSWORD=epsimo-dev"
                    };
                    format!("{pw} {cmd}")
                } else {
                    cmd
                };
                script.push_str(&format!("echo '>>> {}'\n{cmd}\n", l.replace('\'', "")));
                steps += 1;
            }
            _ => {}
        }
    }
    assert!(steps >= 15, "{script}");
    let env = Env::new(&local.url);
    let work = tempfile::tempdir().unwrap();
    // No EPSIMO_API_URL: each command goes where its profile points.
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(&script)
        .current_dir(work.path())
        .env_clear()
        .env(
            "PATH",
            format!(
                "{}:{}",
                assert_cmd::cargo::cargo_bin("epsimo")
                    .parent()
                    .unwrap()
                    .display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("HOME", env.home())
        .env("EPSIMO_CONFIG_DIR", env.config_dir())
        .env("EPSIMO_AUTH_STORAGE", "file")
        .env("NO_COLOR", "1");
    let out = sh.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "the page stops:\n{stdout}\n{stderr}");
    // What each step said, by the step.
    let said = |step: &str| -> String {
        let start = stdout
            .find(&format!(">>> {step}"))
            .unwrap_or_else(|| panic!("{step}: {stdout}"));
        let rest = &stdout[start..];
        let rest = &rest[rest.find('\n').unwrap() + 1..];
        rest[..rest.find(">>> ").unwrap_or(rest.len())].to_string()
    };
    // Each whoami names the account of the profile that was active.
    let whoamis: Vec<&str> = stdout
        .match_indices(">>> epsimo whoami")
        .map(|(i, _)| &stdout[i..])
        .collect();
    assert_eq!(whoamis.len(), 4, "{stdout}");
    let account = |i: usize| {
        let body = &whoamis[i][whoamis[i].find('\n').unwrap()..];
        let body = &body[..body.find(">>> ").unwrap_or(body.len())];
        (
            body.contains("dev@example.com"),
            body.contains("you@example.com"),
            body.contains(&local.url),
            body.contains(&platform.url),
        )
    };
    let local_account = (true, false, true, false);
    let platform_account = (false, true, false, true);
    for (i, (want, step)) in [
        (local_account, "the emulator first"),
        (platform_account, "then the platform"),
        (local_account, "switched back to local"),
        (local_account, "--profile local"),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(account(i), want, "{step}: {stdout}");
    }
    let list = said("epsimo auth list");
    let rows: Vec<&str> = list.lines().collect();
    assert!(
        rows.iter().any(|r| r.starts_with("*\tdefault\t")
            && r.contains(&platform.url)
            && r.contains("you@example.com")),
        "{list}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("\tlocal\t")
            && r.contains(&local.url)
            && r.contains("dev@example.com")),
        "{list}"
    );
    // The app was deployed to both: one assistant on each server.
    let count = |emu: &crate::common::Emu| {
        emu.requests()
            .iter()
            .filter(|r| {
                r["method"] == "POST"
                    && r["path"]
                        .as_str()
                        .is_some_and(|p| p.trim_end_matches('/') == "/assistants")
            })
            .count()
    };
    assert_eq!((count(&local), count(&platform)), (1, 1), "{stderr}");
    // The reply and the database of the emulator's thread.
    assert!(stdout.contains("(emulated) You said: Hello"), "{stdout}");
    assert!(said("epsimo db query").contains("tea"), "{stdout}");
}

/// The user guides are built in (`epsimo help guide NAME` prints each as written),
/// and no message names a repository path that an installed binary's user lacks.
#[test]
fn guides_are_built_in_and_messages_name_no_repository_path() {
    let env = Env::new("http://127.0.0.1:1");
    let out = run(env.cmd().args(["help", "guide"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    // Developer documents stay in the repository.
    let for_developers = ["architecture.md", "performance.md", "library.md"];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        if for_developers.contains(&file.as_str()) {
            continue;
        }
        let name = file.trim_end_matches(".md");
        assert!(
            out.stdout.contains(&format!("  {name} ")),
            "{name} is not listed: {}",
            out.stdout
        );
        let shown = run(env.cmd().args(["help", "guide", name]));
        assert_eq!(shown.code, 0, "{name}: {}", shown.stderr);
        assert_eq!(
            shown.stdout.trim_end(),
            std::fs::read_to_string(&path).unwrap().trim_end(),
            "{name}"
        );
    }
    let out = run(env.cmd().args(["help", "guide", "testin"]));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean testing"),
        "{}",
        out.stderr
    );
    // Messages: no string literal in the sources names a docs/ path (the guide's
    // own constants and the files built in aside).
    let mut offenders = Vec::new();
    // `docs/NAME.md` after a quote on the line: a path inside a string.
    let repo_path = |line: &str| {
        line.match_indices("docs/").any(|(i, _)| {
            let name: String = line[i + 5..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            !name.is_empty()
                && line[i + 5 + name.len()..].starts_with(".md")
                && line[..i].contains('"')
        })
    };
    for (p, text) in crate::common::source_files(Some("rs")) {
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//")
                || line.contains("include_str!")
                || line.contains("const DOCS")
            {
                continue;
            }
            if repo_path(line) {
                offenders.push(format!("{}:{}: {}", p.display(), i + 1, code));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
