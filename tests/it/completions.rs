//! Completions: the committed scripts are current, and real shells complete with
//! them (static commands and flags; dynamic live ids from the emulator).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{Env, run};

const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "epsimo.bash"),
    ("zsh", "_epsimo"),
    ("fish", "epsimo.fish"),
    ("powershell", "_epsimo.ps1"),
    ("elvish", "epsimo.elv"),
];

fn committed(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

/// Stale scripts fail; `UPDATE_COMPLETIONS=1 cargo test --test it completions` rewrites them.
#[test]
fn committed_scripts_are_current_and_stdout_is_only_the_script() {
    let env = Env::new("http://127.0.0.1:1");
    for (shell, file) in SCRIPTS {
        // Even with color forced and no terminal, only the script comes out.
        let out = run(env
            .cmd()
            .args(["completions", shell])
            .env("CLICOLOR_FORCE", "1"));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{shell}: nothing on stderr");
        assert!(!out.stdout.contains('\u{1b}'));
        if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
            std::fs::write(committed(file), &out.stdout).unwrap();
        }
        let on_disk = std::fs::read_to_string(committed(file)).unwrap_or_default();
        assert!(
            on_disk == out.stdout,
            "completions/{file} is stale: run `UPDATE_COMPLETIONS=1 cargo test --test it completions`"
        );
    }
}

fn shell_available(name: &str) -> bool {
    Command::new(name)
        .arg("-c")
        .arg("true")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn bash_complete(script_setup: &str, words: &[&str]) -> Vec<String> {
    let words_q: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let func = if script_setup.contains("COMPLETE=") {
        "_clap_complete_epsimo"
    } else {
        "_epsimo"
    };
    let cmd = format!(
        "{script_setup}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}; COMP_TYPE=9\n{func} epsimo '{cur}' '{prev}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = words_q.join(" "),
        cword = words.len() - 1,
        point = line.len(),
        cur = words.last().unwrap(),
        prev = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &cmd])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_commands_and_subcommands() {
    assert!(shell_available("bash"));
    let setup = format!("source '{}'", committed("epsimo.bash").display());
    let top = bash_complete(&setup, &["epsimo", "th"]);
    assert!(top.contains(&"threads".to_string()), "{top:?}");
    let db = bash_complete(&setup, &["epsimo", "db", ""]);
    for sub in ["query", "get", "set"] {
        assert!(db.contains(&sub.to_string()), "{db:?}");
    }
}

#[test]
fn fish_completes_commands() {
    if !crate::common::optional_tool("fish", "apt-get install fish") {
        return;
    }
    // What the committed fish script offers for a command line.
    let complete = |line: &str| {
        let cmd = format!(
            "source '{}'; complete -C '{line}'",
            committed("epsimo.fish").display()
        );
        let out = Command::new("fish")
            .args(["--no-config", "-c", &cmd])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = complete("epsimo th");
    assert!(text.lines().any(|l| l.starts_with("threads")), "{text}");
    let text = complete("epsimo db ");
    for sub in ["query", "get", "set"] {
        assert!(text.lines().any(|l| l.starts_with(sub)), "{text}");
    }
}

#[test]
fn zsh_loads_the_script_and_completes_commands() {
    if !crate::common::optional_tool("zsh", "apt-get install zsh") {
        return;
    }
    // Drive the completion widget through zsh's own test harness (zpty), as a
    // person pressing Tab would.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(committed("_epsimo"), dir.path().join("_epsimo")).unwrap();
    let script = format!(
        r#"
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=({dir} \$fpath); autoload -U compinit; compinit -u; zstyle ':completion:*' list-rows-first true; PROMPT='> '"
zpty -w z "epsimo th	"
sleep 1
zpty -r z out '*threads*' || true
print -r -- "$out"
zpty -d z
"#,
        dir = dir.path().display()
    );
    let out = Command::new("zsh")
        .args(["-f", "-c", &script])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("threads"),
        "zsh offered: {text:?} {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn dynamic_completion_offers_live_ids_and_nothing_when_down() {
    let emu = crate::common::Emu::start();
    let env = Env::new(&emu.url);
    env.login();
    let user = emu.dev_token();
    let (pid, pt) = emu.project(&user, "Completable");
    let bin = assert_cmd::cargo::cargo_bin("epsimo");
    let dynamic = |api: &str| {
        let out = Command::new(&bin)
            .env_clear()
            .env("COMPLETE", "bash")
            .output()
            .unwrap();
        let setup = String::from_utf8_lossy(&out.stdout).to_string();
        let env_setup = format!(
            "export EPSIMO_CONFIG_DIR='{}' EPSIMO_API_URL='{api}'\n{setup}",
            env.config_dir().display()
        );
        bash_complete(&env_setup, &["epsimo", "assistants", "--project-id", ""])
    };
    let got = dynamic(&emu.url);
    assert!(got.iter().any(|c| c.starts_with(&pid)), "{got:?}");
    // What the fish script asks the binary for `epsimo CMD --project-id <Tab>`.
    let fish = |cmd: &str, config: &Path, api: &str, login: bool| {
        let mut c = Command::new(&bin);
        c.args(["--", "epsimo", cmd, "--project-id", ""])
            .env_clear()
            .env("COMPLETE", "fish")
            .env("EPSIMO_CONFIG_DIR", config)
            .env("EPSIMO_API_URL", api);
        if login {
            c.env("EPSIMO_EMAIL", crate::common::DEV_EMAIL)
                .env("EPSIMO_PASSWORD", crate::common::DEV_PASSWORD);
        }
        c.output().unwrap()
    };
    // The fish flavour shows the project's name as the description.
    let out = fish("threads", &env.config_dir(), &emu.url, false);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("{pid}\tCompletable")));
    // Positional ids complete too, each with its name: `threads show <Tab>`,
    // `assistants show <Tab>`, `projects show <Tab>`, in each shell's flavour.
    let aid = emu.assistant(&pt, "Completer", serde_json::json!([]));
    // (Completion uses stored tokens only: one command stores the project's.)
    crate::common::ok(&crate::common::run(env.cmd().args([
        "assistants",
        "--project-id",
        &pid,
    ])));
    let positional = |shell: &str, words: &[&str]| {
        let out = Command::new(&bin)
            .arg("--")
            .args(words)
            .env_clear()
            .env("COMPLETE", shell)
            .env("EPSIMO_CONFIG_DIR", env.config_dir())
            .env("EPSIMO_API_URL", &emu.url)
            .env("EPSIMO_PROJECT_ID", &pid)
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_IFS", "\n")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let fish_out = positional("fish", &["epsimo", "assistants", "show", ""]);
    assert!(
        fish_out.contains(&format!("{aid}\tCompleter")),
        "{fish_out:?}"
    );
    let zsh_out = positional("zsh", &["epsimo", "assistants", "show", ""]);
    assert!(zsh_out.contains(&format!("{aid}:Completer")), "{zsh_out:?}");
    let bash_out = positional("bash", &["epsimo", "projects", "show", ""]);
    assert!(bash_out.contains(&pid), "{bash_out:?}");
    // Down: nothing, quickly, and silently.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", l.local_addr().unwrap().port())
    };
    let started = Instant::now();
    let out = fish("assistants", &env.config_dir(), &closed, false);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    // Logged in to this emulator, completing against another: the stored token is
    // bound to its API and goes nowhere else.
    let other = crate::common::Emu::start();
    other.clear_requests();
    let out = fish("assistants", &env.config_dir(), &other.url, false);
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(
        other.requests().is_empty(),
        "no request reached the other API"
    );
    // Not logged in: nothing, and no login attempt even with credentials at hand.
    let fresh = Env::new(&emu.url);
    emu.clear_requests();
    let out = fish("assistants", &fresh.config_dir(), &emu.url, true);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(emu.requests().is_empty(), "completion never logs in");
}

/// Without --dir, `epsimo man` prints one page and writes nothing (it wrote 62 files
/// into `./man`).
#[test]
fn man_without_a_directory_prints_one_page() {
    let env = Env::new("http://127.0.0.1:1");
    let here = tempfile::tempdir().unwrap();
    let out = run(env
        .cmd()
        .args(["man", "threads", "run"])
        .current_dir(here.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(".TH epsimo-threads-run 1"),
        "{}",
        out.stdout
    );
    assert_eq!(
        std::fs::read_dir(here.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let out = run(env.cmd().arg("man"));
    assert!(out.stdout.contains(".TH epsimo 1"), "{}", out.stdout);
    let out = run(env.cmd().args(["man", "nope"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn man_pages_render_without_warnings() {
    let env = Env::new("http://127.0.0.1:1");
    let dir = tempfile::tempdir().unwrap();
    let out = run(env.cmd().args(["man", "--dir"]).arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(pages.len() > 40, "one page per command: {}", pages.len());
    assert!(pages.iter().any(|p| p.ends_with("epsimo-threads-run.1")));
    // Examples sit under EXAMPLES, one per line (not run together in a paragraph).
    let deploy = std::fs::read_to_string(dir.path().join("epsimo-deploy.1")).unwrap();
    let at = deploy.find(".SH EXAMPLES").expect("an EXAMPLES section");
    let examples = &deploy[at..];
    assert!(
        examples.contains(".nf\nepsimo deploy \\-\\-check\n"),
        "{examples}"
    );
    assert!(!deploy.contains("EXTRA"), "{deploy}");
    if !crate::common::optional_tool("man", "apt-get install man-db") {
        return;
    }
    for page in pages.iter().filter(|p| {
        p.ends_with("epsimo.1")
            || p.ends_with("epsimo-threads-run.1")
            || p.ends_with("epsimo-deploy.1")
    }) {
        let out = Command::new("man")
            .arg("-l")
            .arg(page)
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_STDERR", "1")
            .env("MANROFFOPT", "-ww")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", page.display());
        assert!(!String::from_utf8_lossy(&out.stdout).is_empty());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{}",
            page.display()
        );
    }
}

/// Every `EPSIMO_*` name the code reads is declared in the registry that
/// `epsimo help environment` lists.
#[test]
fn every_env_var_in_the_code_is_declared() {
    let declared: Vec<&str> = epsimo::env::VARS.iter().map(|(n, _)| *n).collect();
    // Whole names only: NEXT_PUBLIC_EPSIMO_* belong to the scaffolded app.
    let re = regex::Regex::new(r"\bEPSIMO_[A-Z_]+").unwrap();
    let mut seen = 0;
    for (p, text) in crate::common::source_files(None) {
        for m in re.find_iter(&text) {
            // Names the scaffolded app's bundle uses are not read by the CLI.
            if m.as_str().starts_with("EPSIMO_TEST_") {
                continue;
            }
            seen += 1;
            assert!(
                declared.contains(&m.as_str()),
                "{} in {} is not in env::VARS",
                m.as_str(),
                p.display()
            );
        }
    }
    assert!(seen > 10);
}
