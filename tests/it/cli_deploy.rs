//! `epsimo init` and `epsimo deploy` against the emulator.

use std::path::Path;

use crate::common::{Emu, Env, ok, run};
use serde_json::{Value, json};

struct App {
    emu: Emu,
    env: Env,
    dir: tempfile::TempDir,
}

impl App {
    fn new() -> App {
        let emu = Emu::start();
        let env = Env::new(&emu.url);
        env.login();
        App {
            emu,
            env,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut c = self.env.cmd();
        c.current_dir(self.dir.path());
        c
    }

    fn manifest(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("epsimo.yaml")).unwrap()
    }

    fn write(&self, text: &str) {
        std::fs::write(self.dir.path().join("epsimo.yaml"), text).unwrap();
    }

    fn calls(&self) -> Vec<String> {
        self.emu.calls()
    }

    fn remote(&self, pid: &str) -> Vec<Value> {
        let user = self.emu.dev_token();
        let pt = self
            .emu
            .json("GET", &format!("/projects/{pid}"), Some(&user), None, 200)["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        self.emu
            .json("GET", "/assistants/", Some(&pt), None, 200)
            .as_array()
            .unwrap()
            .clone()
    }
}

fn manifest(pid: &str, model: &str) -> String {
    format!(
        "# our app\nproject_id: {pid}\nname: app\nassistants:\n  - name: Support  # the main one\n    model: {model}\n    instructions: Help customers.\n    tools:\n      - use: database_sync\n      - retrieval\n  - name: Research\n    tools:\n      - type: search_tavily\n"
    )
}

#[test]
fn init_modes() {
    let app = App::new();
    // No flags, no terminal: a hint, nothing sent, nothing written.
    let out = run(app.cmd().arg("init").write_stdin(""));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--project-id") && out.stderr.contains("--name"));
    assert!(!app.dir.path().join("epsimo.yaml").exists());
    // EPSIMO_PROJECT_ID links that project, as every project-scoped command takes it.
    let (from_env, _) = app.emu.project(&app.emu.dev_token(), "From env");
    let out = run(app
        .cmd()
        .arg("init")
        .env("EPSIMO_PROJECT_ID", &from_env)
        .write_stdin(""));
    ok(&out);
    assert!(
        app.manifest()
            .contains(&format!("project_id: {from_env}\n")),
        "{}",
        app.manifest()
    );
    std::fs::remove_file(app.dir.path().join("epsimo.yaml")).unwrap();
    // --name makes a project and a default manifest.
    let out = run(app.cmd().args(["init", "--name", "My App"]));
    ok(&out);
    let pid = out.stdout.trim().to_string();
    let text = app.manifest();
    assert!(
        text.contains(&format!("project_id: {pid}\n")) && text.contains("use: database_sync"),
        "{text}"
    );
    // Re-running is safe and changes nothing.
    ok(&run(app.cmd().arg("init")));
    assert_eq!(app.manifest(), text);
    // --create (or --name) again in the linked directory makes no orphan project.
    let before = app
        .emu
        .json("GET", "/projects/", Some(&app.emu.dev_token()), None, 200);
    for again in [&["init", "--create"][..], &["init", "--name", "Other App"]] {
        let out = run(app.cmd().args(again));
        ok(&out);
        assert!(out.stderr.contains("already linked"), "{}", out.stderr);
    }
    let after = app
        .emu
        .json("GET", "/projects/", Some(&app.emu.dev_token()), None, 200);
    assert_eq!(
        before.as_array().unwrap().len(),
        after.as_array().unwrap().len()
    );
    assert_eq!(app.manifest(), text);
    // --project-id is checked to exist.
    let out = run(app.cmd().args([
        "init",
        "--project-id",
        "00000000-0000-0000-0000-000000000000",
        "--force",
    ]));
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Linking another project edits only the project_id line.
    app.write("# keep this comment\nname: app   # and this\nproject_id: old-one\nassistants: []\n");
    let (other, _) = app.emu.project(&app.emu.dev_token(), "Other");
    let out = run(app.cmd().args(["init", "--project-id", &other]));
    assert_eq!(out.code, 2, "already linked: {}", out.stderr);
    ok(&run(app.cmd().args([
        "init",
        "--project-id",
        &other,
        "--force",
    ])));
    assert_eq!(
        app.manifest(),
        format!(
            "# keep this comment\nname: app   # and this\nproject_id: {other}\nassistants: []\n"
        )
    );
    // --create names the project after the manifest.
    let out = run(app.cmd().args(["init", "--create", "--force"]));
    ok(&out);
    let created = out.stdout.trim().to_string();
    let projects = app
        .emu
        .json("GET", "/projects/", Some(&app.emu.dev_token()), None, 200);
    assert!(
        projects
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["project_id"] == created && p["name"] == "app")
    );
}

#[test]
fn deploy_creates_then_does_nothing_then_updates_one_field() {
    let app = App::new();
    let (pid, _) = app.emu.project(&app.emu.dev_token(), "p");
    app.write(&manifest(&pid, "gpt-4o"));
    let out = run(app.cmd().arg("deploy"));
    ok(&out);
    assert!(
        out.stderr.contains("+ Support (create)") && out.stderr.contains("Plan: 2 to create"),
        "{}",
        out.stderr
    );
    let remote = app.remote(&pid);
    assert_eq!(remote.len(), 2);
    let support = remote.iter().find(|a| a["name"] == "Support").unwrap();
    let c = &support["config"]["configurable"];
    assert_eq!(c["type==agent/system_message"], "Help customers.");
    assert_eq!(c["type==agent/tools"][0]["name"], "update_database");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("Support\t{}", support["assistant_id"].as_str().unwrap())
    );
    // No-op: one list request (the project token is cached), nothing else.
    app.emu.clear_requests();
    let out = run(app.cmd().arg("deploy"));
    ok(&out);
    assert!(
        out.stderr
            .contains("Plan: 0 to create, 0 to update, 0 to delete, 2 unchanged."),
        "{}",
        out.stderr
    );
    assert_eq!(app.calls(), ["GET /assistants/"]);
    // One field.
    app.write(&manifest(&pid, "gpt-4o-mini"));
    app.emu.clear_requests();
    let out = run(app.cmd().args(["deploy", "--json"]));
    ok(&out);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"],
        json!({"create": 0, "update": 1, "delete": 0, "unchanged": 1})
    );
    let fields: Vec<&str> = doc["changes"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["model", "agent_type"]);
    // The platform has PATCH: one, with only the keys that changed.
    let writes: Vec<String> = app
        .calls()
        .into_iter()
        .filter(|c| c.starts_with("PUT") || c.starts_with("PATCH"))
        .collect();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert!(writes[0].starts_with("PATCH"), "{writes:?}");
    let sent = app
        .emu
        .requests()
        .into_iter()
        .find(|r| r["method"] == "PATCH")
        .unwrap();
    let keys: Vec<&String> = sent["body"]["config"]["configurable"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        keys,
        ["type==agent/agent_type", "type==agent/model"],
        "only the keys that changed"
    );
    // The update kept the tool ids: a further deploy is a no-op.
    let out = run(app.cmd().args(["deploy", "--dry-run", "--exit-code"]));
    ok(&out);
}

#[test]
fn a_project_from_the_environment_wins_over_the_manifest_and_says_so() {
    let app = App::new();
    let (linked, _) = app.emu.project(&app.emu.dev_token(), "linked");
    let (staging, _) = app.emu.project(&app.emu.dev_token(), "staging");
    app.write(&manifest(&linked, "gpt-4o"));
    let out = run(app.cmd().arg("deploy").env("EPSIMO_PROJECT_ID", &staging));
    ok(&out);
    assert!(
        out.stderr.contains(&format!(
            "deploying to project {staging} (from EPSIMO_PROJECT_ID), not to {linked} named in"
        )),
        "{}",
        out.stderr
    );
    assert_eq!(app.remote(&staging).len(), 2);
    assert!(app.remote(&linked).is_empty());
    // The flag likewise; and no warning when they agree.
    let out = run(app.cmd().args(["deploy", "--project-id", &staging]));
    assert!(out.stderr.contains("(from --project-id)"), "{}", out.stderr);
    let out = run(app.cmd().args(["deploy", "--project-id", &linked]));
    ok(&out);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn dry_run_exit_code_and_prune() {
    let app = App::new();
    let (pid, pt) = app.emu.project(&app.emu.dev_token(), "p");
    app.write(&manifest(&pid, "gpt-4o"));
    app.emu.clear_requests();
    let out = run(app.cmd().args(["deploy", "--dry-run", "--exit-code"]));
    assert_eq!(out.code, 8, "{}", out.stderr);
    assert!(
        app.calls().iter().all(|c| c.starts_with("GET")),
        "a dry run changes nothing"
    );
    ok(&run(app.cmd().args(["deploy", "--dry-run"])));
    ok(&run(app.cmd().arg("deploy")));
    let extra = app.emu.assistant(&pt, "Extra", json!([]));
    // Without --prune the extra one stays, and the plan says so; with it, a
    // terminal-less run needs --yes.
    let kept = run(app.cmd().arg("deploy"));
    ok(&kept);
    assert!(
        kept.stderr
            .contains("Not in epsimo.yaml, kept: Extra (`--prune` deletes them)"),
        "{}",
        kept.stderr
    );
    assert!(
        !kept.stdout.contains("Extra"),
        "only the manifest's ids: {}",
        kept.stdout
    );
    let out = run(app.cmd().args(["deploy", "--prune"]).write_stdin(""));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("- Extra (delete {extra})")),
        "{}",
        out.stderr
    );
    assert_eq!(app.remote(&pid).len(), 3);
    ok(&run(app.cmd().args(["deploy", "--prune", "--yes"])));
    assert_eq!(app.remote(&pid).len(), 2);
}

#[test]
fn duplicate_remote_names_are_an_error() {
    let app = App::new();
    let (pid, pt) = app.emu.project(&app.emu.dev_token(), "p");
    let a1 = app.emu.assistant(&pt, "Support", json!([]));
    let a2 = app.emu.assistant(&pt, "Support", json!([]));
    app.write(&manifest(&pid, "gpt-4o"));
    let out = run(app.cmd().arg("deploy"));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains(&a1) && out.stderr.contains(&a2),
        "{}",
        out.stderr
    );
}

#[test]
fn a_failure_midway_reports_and_a_rerun_converges() {
    let app = App::new();
    let (pid, _) = app.emu.project(&app.emu.dev_token(), "p");
    app.write(&manifest(&pid, "gpt-4o"));
    app.emu.fault(json!({"method": "POST", "path": "/assistants/", "times": 1, "action": "status", "status": 500}));
    let out = run(app.cmd().arg("deploy"));
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("1 failed") && out.stderr.contains("done    create"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run `epsimo deploy` again"),
        "{}",
        out.stderr
    );
    assert_eq!(app.remote(&pid).len(), 1);
    let out = run(app.cmd().arg("deploy"));
    ok(&out);
    assert!(
        out.stderr
            .contains("Plan: 1 to create, 0 to update, 0 to delete, 1 unchanged."),
        "{}",
        out.stderr
    );
    assert_eq!(app.remote(&pid).len(), 2);
}

#[test]
fn invalid_manifests_send_nothing() {
    let app = App::new();
    let cases = [
        (
            "assistants:\n  - name: a\n    modle: x\n",
            "epsimo.yaml:4:5: unknown field `modle`",
        ),
        (
            "assistants:\n  - name: a\n  - name: a\n",
            "duplicate assistant name",
        ),
        (
            "assistants:\n  - name: a\n    model: ${EPSIMO_SURELY_UNSET_VARIABLE}\n",
            "EPSIMO_SURELY_UNSET_VARIABLE is not set",
        ),
        ("assistants: [\n", "epsimo.yaml:"),
    ];
    for (text, words) in cases {
        app.write(&format!("project_id: p\n{text}"));
        app.emu.clear_requests();
        let out = run(app.cmd().arg("deploy"));
        assert_eq!(out.code, 5, "{text}: {}", out.stderr);
        assert!(out.stderr.contains(words), "{text}: {}", out.stderr);
        assert!(app.calls().is_empty(), "{text}: nothing sent");
        assert_eq!(run(app.cmd().args(["deploy", "--check"])).code, 5);
    }
    // What only the server's schema can decide is checked against it (one read)
    // before anything is written.
    let (pid, _) = app.emu.project(&app.emu.dev_token(), "p");
    app.write(&format!(
        "project_id: {pid}\nassistants:\n  - name: a\n    tools: [retreival]\n"
    ));
    app.emu.clear_requests();
    let out = run(app.cmd().arg("deploy"));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "epsimo.yaml:4:13: unknown tool type \"retreival\" (did you mean \"retrieval\"?)"
        ),
        "{}",
        out.stderr
    );
    assert!(
        app.calls().iter().all(|c| c.starts_with("GET")),
        "nothing written: {:?}",
        app.calls()
    );
    assert_eq!(run(app.cmd().args(["deploy", "--check"])).code, 5);
    std::fs::write(app.dir.path().join("epsimo.yaml"), [0xff, 0xfe, b'a']).unwrap();
    assert_eq!(run(app.cmd().arg("deploy")).code, 5);
    std::fs::write(
        app.dir.path().join("epsimo.yaml"),
        "x".repeat(2 * 1024 * 1024),
    )
    .unwrap();
    assert_eq!(run(app.cmd().arg("deploy")).code, 5);
    app.write("project_id: p\nassistants: []\n");
    let out = run(app.cmd().args(["deploy", "--check"]));
    ok(&out);
    let empty = tempfile::tempdir().unwrap();
    let out = run(app.env.cmd().arg("deploy").current_dir(empty.path()));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("epsimo init"));
}

#[test]
fn deploy_writes_the_ids_into_the_app_env_file() {
    let app = App::new();
    let (pid, _) = app.emu.project(&app.emu.dev_token(), "p");
    app.write(&manifest(&pid, "gpt-4o"));
    std::fs::write(app.dir.path().join(".env.local"), "# local\nNEXT_PUBLIC_EPSIMO_API_URL=http://127.0.0.1:8787\nNEXT_PUBLIC_EPSIMO_ASSISTANT_ID=\n").unwrap();
    ok(&run(app.cmd().arg("deploy")));
    let support = app
        .remote(&pid)
        .into_iter()
        .find(|a| a["name"] == "Support")
        .unwrap();
    let env = std::fs::read_to_string(app.dir.path().join(".env.local")).unwrap();
    assert_eq!(
        env,
        format!(
            "# local\nNEXT_PUBLIC_EPSIMO_API_URL=http://127.0.0.1:8787\nNEXT_PUBLIC_EPSIMO_ASSISTANT_ID={}\nNEXT_PUBLIC_EPSIMO_PROJECT_ID={pid}\n",
            support["assistant_id"].as_str().unwrap()
        )
    );
    // -f from elsewhere, and --env-file.
    let other = tempfile::tempdir().unwrap();
    let env_file = other.path().join("app.env");
    let out = run(app
        .env
        .cmd()
        .args(["deploy", "-f"])
        .arg(app.dir.path().join("epsimo.yaml"))
        .arg("--env-file")
        .arg(&env_file)
        .current_dir(other.path()));
    ok(&out);
    assert!(
        std::fs::read_to_string(Path::new(&env_file))
            .unwrap()
            .contains("NEXT_PUBLIC_EPSIMO_ASSISTANT_ID=")
    );
}

#[test]
fn tools_library_lists_the_seed_library() {
    let app = App::new();
    let out = run(app.cmd().args(["tools", "library"]));
    ok(&out);
    for name in [
        "database_sync",
        "web_search_tavily",
        "web_search_ddg",
        "retrieval_optimized",
        "task_management",
    ] {
        assert!(out.stdout.contains(name), "{name}");
    }
    let v: Value =
        serde_json::from_str(&run(app.cmd().args(["tools", "library", "--json"])).stdout).unwrap();
    assert_eq!(v[0]["tool"]["name"], "update_database");
}

#[test]
fn create_writes_a_whole_app_in_a_slug_directory() {
    let app = App::new();
    let out = run(app.cmd().args(["create", "My AI App"]));
    ok(&out);
    let dir = app.dir.path().join("my-ai-app");
    assert_eq!(out.stdout.trim(), "my-ai-app");
    for f in [
        "package.json",
        "tsconfig.json",
        "next.config.mjs",
        ".gitignore",
        ".env.example",
        ".env.local",
        "README.md",
        "epsimo.yaml",
        "src/components/epsimo/ThreadChat.tsx",
        "src/components/epsimo/DatabasePanel.tsx",
        "src/components/epsimo/SignIn.tsx",
        "src/components/epsimo/ThreadList.tsx",
        "src/hooks/epsimo/useChat.ts",
        "src/lib/epsimo.ts",
        "src/app/page.tsx",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let pkg: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    assert_eq!(pkg["name"], "my-ai-app");
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for line in ["node_modules", ".next", ".env.local"] {
        assert!(gitignore.lines().any(|l| l == line), "{line}");
    }
    assert!(
        std::fs::read_to_string(dir.join(".env.local"))
            .unwrap()
            .contains(&app.emu.url)
    );
    // Nothing secret reaches the bundle: no token, no password in what is built.
    let mut bundled = walk(&dir.join("src"));
    bundled.extend([dir.join(".env.local"), dir.join(".env.example")]);
    let all: String = bundled
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    assert!(!all.contains("epsimo-dev") && !all.contains("eyJ"));
    assert!(!all.contains("TODO_DEPLOY_FIRST"));
    assert!(
        all.contains("NEXT_PUBLIC_EPSIMO_ASSISTANT_ID")
            && all.contains("NEXT_PUBLIC_EPSIMO_API_URL")
    );
    // Not over a non-empty directory without --force.
    let out = run(app.cmd().args(["create", "My AI App"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--force"));
    ok(&run(app.cmd().args(["create", "My AI App", "--force"])));
    // Hostile names stay inside the current directory.
    let out = run(app.cmd().args(["create", "../../$(touch pwned); rm -rf ~"]));
    ok(&out);
    let made = app.dir.path().join(out.stdout.trim());
    assert!(
        made.starts_with(app.dir.path()) && made.join("package.json").is_file(),
        "{}",
        made.display()
    );
    assert!(!app.dir.path().join("pwned").exists());
    let out = run(app.cmd().args(["create", "Other", "--dir", "custom/place"]));
    ok(&out);
    assert!(app.dir.path().join("custom/place/epsimo.yaml").is_file());
}

#[test]
fn create_init_deploy_is_the_three_command_mvp() {
    let app = App::new();
    ok(&run(app.cmd().args(["create", "Mvp"])));
    let dir = app.dir.path().join("mvp");
    let sub = |args: &[&str]| run(app.env.cmd().args(args).current_dir(&dir));
    ok(&sub(&["init", "--create"]));
    let out = sub(&["deploy"]);
    ok(&out);
    let env = std::fs::read_to_string(dir.join(".env.local")).unwrap();
    let assistant = env
        .lines()
        .find_map(|l| l.strip_prefix("NEXT_PUBLIC_EPSIMO_ASSISTANT_ID="))
        .unwrap();
    assert_eq!(out.stdout, format!("Assistant\t{assistant}\n"));
    let pid = env
        .lines()
        .find_map(|l| l.strip_prefix("NEXT_PUBLIC_EPSIMO_PROJECT_ID="))
        .unwrap()
        .to_string();
    let remote = app.remote(&pid);
    assert_eq!(
        remote[0]["config"]["configurable"]["type==agent/tools"][0]["name"],
        "update_database"
    );
    // And the assistant chats, with its database tool.
    let out = sub(&[
        "threads",
        "run",
        "--message",
        r#"/tool update_database {"key": "ready", "value": true}"#,
    ]);
    ok(&out);
    assert!(out.stdout.contains("Saved ready"), "{}", out.stdout);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_missing_project_named_by_the_manifest_says_where_the_id_came_from() {
    let app = App::new();
    app.write(&manifest("00000000-0000-4000-8000-000000000000", "gpt-4o"));
    let out = run(app.cmd().arg("deploy"));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("named in"), "{}", out.stderr);
    assert!(out.stderr.contains("epsimo.yaml"), "{}", out.stderr);
    assert!(out.stderr.contains("epsimo init --force"), "{}", out.stderr);
}
