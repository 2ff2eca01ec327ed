//! `epsimo ui` in a real terminal (tmux) at 80x24 and 200x60: navigated by keys,
//! following a run's database writes as it streams, quit with `q` and with Ctrl-C,
//! the terminal restored each time (`stty -a` before and after).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{Project, optional_tool};
use epsimo::emulator::Config;

/// One tmux server of its own (its socket in a temp dir) running `epsimo ui` in a
/// window of the given size, in a clean environment.
struct Tmux {
    dir: tempfile::TempDir,
}

impl Tmux {
    fn start(p: &Project, cols: u16, rows: u16, extra: &[(&str, &str)]) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let bin = assert_cmd::cargo::cargo_bin("epsimo");
        let mut vars = vec![
            (
                "PATH".to_string(),
                std::env::var("PATH").unwrap_or_default(),
            ),
            ("HOME".into(), p.env.home().display().to_string()),
            (
                "EPSIMO_CONFIG_DIR".into(),
                p.env.config_dir().display().to_string(),
            ),
            ("EPSIMO_API_URL".into(), p.env.api_url.clone()),
            ("EPSIMO_AUTH_STORAGE".into(), "file".into()),
            ("EPSIMO_PROJECT_ID".into(), p.pid.clone()),
            ("TERM".into(), "screen".into()),
        ];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let env: Vec<String> = vars
            .iter()
            .map(|(k, v)| format!("{k}='{}'", v.replace('\'', "'\\''")))
            .collect();
        let d = dir.path().display().to_string();
        // The pane stays after the program ends, so its exit code and the terminal's
        // settings can be read.
        let script = format!(
            "stty -a > {d}/before\nenv -i {} '{}' ui\necho $? > {d}/exit.tmp\nstty -a > {d}/after\nmv {d}/exit.tmp {d}/exit\nsleep 600\n",
            env.join(" "),
            bin.display()
        );
        std::fs::write(dir.path().join("run.sh"), script).unwrap();
        let t = Tmux { dir };
        let status = t
            .tmux()
            .args([
                "new-session",
                "-d",
                "-s",
                "ui",
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
            ])
            .arg(format!("sh {d}/run.sh"))
            .status()
            .unwrap();
        assert!(status.success());
        t
    }

    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(self.dir.path().join("socket"));
        c
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", "ui"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen once `pred` holds of it (a failure shows the last screen).
    fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {what}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = self
                .tmux()
                .args(["send-keys", "-t", "ui", k])
                .status()
                .unwrap();
            assert!(ok.success());
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn typed(&self, text: &str) {
        let ok = self
            .tmux()
            .args(["send-keys", "-t", "ui", "-l", text])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// The exit code of `epsimo ui`, once it has ended, and whether the terminal's
    /// settings are what they were before it started.
    fn ended(&self) -> (i32, String, String) {
        let start = Instant::now();
        while !self.path("exit").exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "epsimo ui did not end; the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let code = std::fs::read_to_string(self.path("exit"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let read = |n: &str| std::fs::read_to_string(self.path(n)).unwrap();
        (code, read("before"), read("after"))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// Thread ids (and other UUIDs) as `<id>`, for a screen snapshot.
fn redacted(screen: &str, cols: usize) -> String {
    let uuid =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    uuid.replace_all(screen, |_: &regex::Captures| format!("{:<36}", "<id>"))
        .lines()
        .map(|l| {
            assert!(
                unicode_width::UnicodeWidthStr::width(l) <= cols,
                "wider than {cols}: {l}"
            );
            l.trim_end()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn dashboard(cols: u16, rows: u16) {
    if !optional_tool("tmux", "apt-get install tmux") {
        return;
    }
    // Tokens paced so a run streams for seconds after its tool wrote the database.
    let p = Project::with(Config {
        faults: true,
        token_delay: Duration::from_millis(400),
        ..Config::default()
    });
    let (_, thread) = p.thread_with_a_write("mood", r#"{"level": 3, "tags": ["calm", "warm"]}"#);
    let t = Tmux::start(&p, cols, rows, &[("NO_COLOR", "1")]);
    // The project is the one of EPSIMO_PROJECT_ID; its assistant and thread load.
    let unfolded = t.wait("the thread's database", |s| s.contains("\"mood\": {"));
    assert!(
        regex::Regex::new(r#""tags": \[\s*[│┃]"#)
            .unwrap()
            .is_match(&unfolded),
        "the value is pretty JSON: {unfolded}"
    );
    // Navigate: Tab to the Database pane, fold the key.
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Enter"]);
    let folded = t.wait("the key folded", |s| s.contains("▸ \"mood\": {…} 2 keys"));
    // The database pane's pretty lines are gone (the transcript's stay).
    let pretty = regex::Regex::new(r#""tags": \[\s*[│┃]"#).unwrap();
    assert!(!pretty.is_match(&folded), "{folded}");
    insta::assert_snapshot!(format!("ui_{cols}x{rows}"), redacted(&folded, cols.into()));
    // The help overlay, closed again.
    t.keys(&["?"]);
    t.wait("the help", |s| s.contains("fold or unfold the key"));
    t.keys(&["Escape"]);
    t.wait("the help closed", |s| !s.contains("fold or unfold the key"));

    // A run started elsewhere: its write shows while it still streams.
    let mut run = std::process::Command::new(assert_cmd::cargo::cargo_bin("epsimo"));
    run.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", p.env.home())
        .env("EPSIMO_CONFIG_DIR", p.env.config_dir())
        .env("EPSIMO_API_URL", &p.env.api_url)
        .env("EPSIMO_AUTH_STORAGE", "file")
        .env("EPSIMO_PROJECT_ID", &p.pid)
        .args(["threads", "run", &thread, "--message"])
        .arg(r#"/tool update_database {"key": "weather", "value": "rain"}"#)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = run.spawn().unwrap();
    t.wait("the new key", |s| s.contains("\"weather\": \"rain\""));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run had ended before its write was shown"
    );
    assert!(child.wait().unwrap().success());

    // A message from the dashboard itself, on the selected thread.
    t.keys(&["i"]);
    t.typed(r#"/tool update_database {"key": "sent", "value": "here"}"#);
    t.keys(&["Enter"]);
    t.wait("the write of the message sent here", |s| {
        s.contains("\"sent\": \"here\"")
    });
    t.wait("the run's end", |s| s.contains("the run ended"));

    // Resized, it is drawn again to the new size.
    let (wide, tall) = (cols + 24, rows + 6);
    let ok = t
        .tmux()
        .args([
            "resize-window",
            "-t",
            "ui",
            "-x",
            &wide.to_string(),
            "-y",
            &tall.to_string(),
        ])
        .status()
        .unwrap();
    assert!(ok.success());
    let resized = t.wait("the dashboard at the new size", |s| {
        let lines: Vec<&str> = s.lines().collect();
        lines.first().is_some_and(|l| {
            unicode_width::UnicodeWidthStr::width(l.trim_end()) == usize::from(wide)
        }) && lines.len() >= usize::from(tall) - 1
            && lines[usize::from(tall) - 2].starts_with('└')
    });
    assert!(resized.contains("\"sent\": \"here\""), "{resized}");

    t.keys(&["q"]);
    let (code, before, after) = t.ended();
    assert_eq!(code, 0);
    // The same settings (the size aside: the window was resized).
    let settings = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(
        settings(&before),
        settings(&after),
        "the terminal is restored"
    );
    assert!(
        after.contains(&format!("rows {tall}; columns {wide}")),
        "{after}"
    );
    let screen = t.screen();
    assert!(
        !screen.contains("Projects"),
        "the dashboard is gone: {screen}"
    );
}

#[test]
fn the_dashboard_at_80x24() {
    dashboard(80, 24);
}

#[test]
fn the_dashboard_at_200x60() {
    dashboard(200, 60);
}

/// Ctrl-C quits with 130, and the terminal is restored; so does SIGTERM.
#[test]
fn ctrl_c_and_sigterm_leave_the_terminal_as_it_was() {
    if !optional_tool("tmux", "apt-get install tmux") {
        return;
    }
    let p = Project::new();
    p.thread_with_a_write("k", "1");
    let t = Tmux::start(&p, 80, 24, &[]);
    t.wait("the dashboard", |s| s.contains("\"k\": 1"));
    t.keys(&["C-c"]);
    let (code, before, after) = t.ended();
    assert_eq!(code, 130);
    assert_eq!(before, after, "the terminal is restored");

    let t = Tmux::start(&p, 80, 24, &[]);
    t.wait("the dashboard", |s| s.contains("\"k\": 1"));
    signal_ui(t.path("run.sh").as_path());
    let (code, before, after) = t.ended();
    assert_eq!(code, 130);
    assert_eq!(before, after, "the terminal is restored after SIGTERM");
}

/// Sends SIGTERM to the `epsimo ui` started by this script (found by its parent).
fn signal_ui(script: &Path) {
    let ps = Command::new("ps")
        .args(["-eo", "pid=,ppid=,args="])
        .output()
        .unwrap();
    let ps = String::from_utf8_lossy(&ps.stdout);
    let procs: Vec<(&str, &str, String)> = ps
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some((f.next()?, f.next()?, f.collect::<Vec<_>>().join(" ")))
        })
        .collect();
    let shell = procs
        .iter()
        .find(|(_, _, args)| *args == format!("sh {}", script.display()))
        .map(|(pid, _, _)| *pid)
        .expect("the script's shell");
    let ui = procs
        .iter()
        .find(|(_, parent, args)| *parent == shell && args.ends_with(" ui"))
        .map(|(pid, _, _)| *pid)
        .expect("epsimo ui, child of the script");
    let ok = Command::new("kill").args(["-TERM", ui]).status().unwrap();
    assert!(ok.success());
}

/// `n` leaves the dashboard for the guided create (real pickers in tmux), and comes
/// back to it with the new assistant listed.
#[test]
fn the_dashboard_creates_an_assistant_through_the_guided_questions() {
    if !optional_tool("tmux", "apt-get install tmux") {
        return;
    }
    let p = Project::new();
    p.thread_with_a_write("k", "1");
    let t = Tmux::start(&p, 100, 30, &[("NO_COLOR", "1")]);
    t.wait("the dashboard", |s| s.contains("\"k\": 1"));
    t.keys(&["n"]);
    t.wait("the name question", |s| s.contains("Name:"));
    t.typed("Wizard");
    t.keys(&["Enter"]);
    t.wait("the bot type picker", |s| s.contains("Bot type:"));
    t.typed("chat_retr");
    t.keys(&["Enter"]);
    t.wait("the model picker", |s| s.contains("Model family:"));
    t.keys(&["Enter"]);
    t.wait("the instructions question", |s| s.contains("Instructions:"));
    t.typed("Answer from the files.");
    t.keys(&["Enter"]);
    let back = t.wait("the dashboard again", |s| {
        s.contains("created assistant") && s.contains("Wizard")
    });
    assert!(back.contains("Assistants"), "{back}");
    let all = p.emu.json("GET", "/assistants/", Some(&p.pt), None, 200);
    let made = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Wizard")
        .expect("created");
    let c = &made["config"]["configurable"];
    assert_eq!(c["type"], "chat_retrieval", "{made}");
    assert_eq!(
        c["type==chat_retrieval/system_message"], "Answer from the files.",
        "{made}"
    );
    t.keys(&["q"]);
    let (code, before, after) = t.ended();
    assert_eq!(code, 0);
    assert_eq!(before, after);
}
