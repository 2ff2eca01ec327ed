//! The emulator's data out and in: `emulator export DIR`, `emulator start --import
//! DIR [--export-on-exit]`, the directory's format, and a damaged file named.

use std::time::Duration;

use epsimo::emulator::{Config, DEV_EMAIL, DEV_PASSWORD};
use serde_json::json;

use crate::common::{Emu, Project, ok, run};

fn importing(dir: &std::path::Path, export_on_exit: bool) -> Config {
    Config {
        faults: true,
        ping_interval: Duration::from_millis(200),
        import: Some(dir.to_path_buf()),
        export_on_exit,
        ..Config::default()
    }
}

#[test]
fn an_export_imported_again_is_the_same_data_ids_included() {
    let p = Project::new();
    let (a, t) = p.thread_with_a_write("plan", r#"{"tier": "pro"}"#);
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot");
    let out = run(p
        .cmd()
        .args(["emulator", "export"])
        .arg(&snapshot)
        .args(["--admin-token", &p.emu.admin]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // One file per record, named by its id, readable as JSON.
    let thread_file = snapshot.join(format!("threads/{t}.json"));
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&thread_file).unwrap()).unwrap();
    assert_eq!(record["values"]["plan"], json!({"tier": "pro"}));
    assert!(snapshot.join(format!("assistants/{a}.json")).exists());
    assert!(snapshot.join(format!("projects/{}.json", p.pid)).exists());

    let again = Emu::with(importing(&snapshot, false));
    let before = p.emu.json("GET", "/_emulator/export", None, None, 200);
    let after = again.json("GET", "/_emulator/export", None, None, 200);
    assert_eq!(before, after);
    // And it serves them: the dev account logs in and reads the thread's state.
    let user = again.login(DEV_EMAIL, DEV_PASSWORD);
    let project = again.json(
        "GET",
        &format!("/projects/{}", p.pid),
        Some(&user),
        None,
        200,
    );
    let pt = project["access_token"]
        .as_str()
        .or(project["token"].as_str())
        .unwrap()
        .to_string();
    let state = again.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert_eq!(state["values"]["plan"]["tier"], "pro");
}

#[test]
fn export_on_exit_writes_the_changes_back() {
    let first = Emu::start();
    let dir = tempfile::tempdir().unwrap();
    epsimo::emulator::dump::write_dir(
        &serde_json::from_value(first.json("GET", "/_emulator/export", None, None, 200)).unwrap(),
        dir.path(),
    )
    .unwrap();
    let mut emu = Emu::with(importing(dir.path(), true));
    let user = emu.dev_token();
    let (pid, _) = emu.project(&user, "Made after the import");
    let running = emu.running.take().unwrap();
    emu.rt.block_on(running.stop_and_export()).unwrap();
    let back = epsimo::emulator::dump::read_dir(dir.path()).unwrap();
    assert!(
        back.projects
            .iter()
            .any(|p| p.project_id == pid && p.name == "Made after the import"),
        "{:?}",
        back.projects
    );
}

#[test]
fn a_damaged_file_is_named_and_nothing_starts() {
    let first = Emu::start();
    let dir = tempfile::tempdir().unwrap();
    let bundle: epsimo::emulator::dump::Bundle =
        serde_json::from_value(first.json("GET", "/_emulator/export", None, None, 200)).unwrap();
    epsimo::emulator::dump::write_dir(&bundle, dir.path()).unwrap();
    let bad = dir
        .path()
        .join(format!("threads/{}.json", bundle.threads[0].thread_id));
    std::fs::write(&bad, "{\"thread_id\": 3").unwrap();
    let env = crate::common::Env::new("http://127.0.0.1:9");
    let out = run(env
        .cmd()
        .args(["emulator", "start", "--port", "0", "--import"])
        .arg(dir.path()));
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains(&bad.display().to_string()),
        "{}",
        out.stderr
    );
    // Without the admin token, no export.
    let refused = run(env
        .cmd()
        .args(["emulator", "export", "x"])
        .env("EPSIMO_API_URL", &first.url));
    assert_eq!(refused.code, 2, "{}", refused.stderr);
}

/// The seed file docs/emulator.md shows (its example is this test's input).
fn documented_seed() -> String {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/emulator.md"),
    )
    .unwrap();
    let after = &doc[doc
        .find("--seed FILE.yaml")
        .expect("the guide shows a seed")..];
    let start = after.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = after[start..].find("```").unwrap();
    after[start..start + end].to_string()
}

#[test]
fn a_seed_file_makes_projects_assistants_threads_and_databases_once() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.yaml");
    std::fs::write(&seed, documented_seed()).unwrap();
    let data = dir.path().join("data.json");
    let cfg = || Config {
        faults: true,
        seed: Some(seed.clone()),
        data: Some(data.clone()),
        ..Config::default()
    };
    let emu = Emu::with(cfg());
    let user = emu.dev_token();
    let projects = emu.json("GET", "/projects/", Some(&user), None, 200);
    let support: Vec<&serde_json::Value> = projects
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "Support")
        .collect();
    assert_eq!(support.len(), 1, "{projects}");
    let pid = support[0]["project_id"].as_str().unwrap().to_string();
    let project = emu.json("GET", &format!("/projects/{pid}"), Some(&user), None, 200);
    let pt = project["access_token"]
        .as_str()
        .or(project["token"].as_str())
        .unwrap()
        .to_string();
    let assistants = emu.json("GET", "/assistants/", Some(&pt), None, 200);
    let helper = &assistants[0];
    assert_eq!(helper["name"], "Helper");
    let c = &helper["config"]["configurable"];
    assert_eq!(c["type==agent/system_message"], "You help customers.");
    assert_eq!(c["type==agent/tools"][0]["name"], "update_database", "{c}");
    let threads = emu.json("GET", "/threads/", Some(&pt), None, 200);
    let t = threads[0]["thread_id"].as_str().unwrap();
    assert_eq!(threads[0]["name"], "Order 1234");
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert_eq!(state["values"]["status"], "shipped");
    drop(emu);
    // The same seed on the same data adds nothing twice.
    let again = Emu::with(cfg());
    let bundle = again.json("GET", "/_emulator/export", None, None, 200);
    let named = |kind: &str, name: &str| {
        bundle[kind]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["name"] == name)
            .count()
    };
    assert_eq!(
        (
            named("projects", "Support"),
            named("assistants", "Helper"),
            named("threads", "Order 1234")
        ),
        (1, 1, 1)
    );
}

#[test]
fn a_seed_with_an_unknown_tool_stops_the_start_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.yaml");
    std::fs::write(
        &seed,
        documented_seed().replace("database_sync", "teleport"),
    )
    .unwrap();
    let env = crate::common::Env::new("http://127.0.0.1:9");
    let out = run(env
        .cmd()
        .args(["emulator", "start", "--port", "0", "--seed"])
        .arg(&seed));
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("seed.yaml")
            && out.stderr.contains("teleport")
            && out.stderr.contains("database_sync"),
        "{}",
        out.stderr
    );
}

/// What the running emulator holds.
fn store(p: &Project) -> epsimo::emulator::state::Db {
    let running = p.emu.running.as_ref().unwrap();
    running.shared.db.lock().unwrap().clone()
}

/// `--data FILE` keeps the file and a journal of the changes after it: what the
/// two read back as, at any moment (a kill leaves no chance to write the file
/// whole), is the store the emulator holds, after every kind of change.
#[test]
fn the_data_file_and_its_journal_read_back_as_the_store_after_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.json");
    let p = Project::with(Config {
        faults: true,
        data: Some(data.clone()),
        ..Config::default()
    });
    let read_back = |p: &Project| {
        let mut warnings = Vec::new();
        let back = epsimo::emulator::journal::load(&data, &mut |w| warnings.push(w)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let live = store(p);
        assert!(
            back == live,
            "the data file and journal differ from the store"
        );
        assert_eq!(back.seq, live.seq);
    };
    read_back(&p);
    // Runs that write the database, a state written by the API, twice.
    let (a, t) = p.thread_with_a_write("plan", r#"{"tier": "pro"}"#);
    ok(&run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--message",
        "hello",
    ])));
    ok(&run(p.cmd().args([
        "db",
        "set",
        &t,
        "--key",
        "status",
        "--value",
        "\"active\"",
    ])));
    read_back(&p);
    // Threads renamed and deleted; an assistant updated, a file uploaded.
    let other = p.emu.thread(&p.pt, &a);
    p.emu.json(
        "PUT",
        &format!("/threads/{other}"),
        Some(&p.pt),
        Some(json!({"name": "Renamed", "assistant_id": a})),
        200,
    );
    let gone = p.emu.thread(&p.pt, &a);
    ok(&run(p.cmd().args(["threads", "delete", &gone, "--yes"])));
    let f = dir.path().join("doc.txt");
    std::fs::write(&f, "The secret word is pineapple.").unwrap();
    ok(&run(p.cmd().args([
        "files",
        "upload",
        "--assistant-id",
        &a,
        f.to_str().unwrap(),
    ])));
    ok(&run(p.cmd().args([
        "assistants",
        "update",
        &a,
        "--name",
        "Renamed helper",
    ])));
    read_back(&p);
    // An assistant deleted (its threads keep going without it), a project made
    // and deleted with what it held.
    let b = p.db_tool();
    let orphan = p.emu.thread(&p.pt, &b);
    ok(&run(p.cmd().args(["assistants", "delete", &b, "--yes"])));
    let (pid, pt) = p.emu.project(&p.emu.dev_token(), "Doomed");
    let doomed = p.emu.assistant(&pt, "Doomed helper", json!([]));
    p.emu.thread(&pt, &doomed);
    ok(&run(p.cmd().args(["projects", "delete", &pid, "--yes"])));
    read_back(&p);
    let kept = p.threads();
    let orphaned = kept
        .iter()
        .find(|x| x["thread_id"] == orphan.as_str())
        .unwrap();
    assert!(orphaned["assistant_id"].is_null(), "{orphaned}");
    // A clean stop writes the file whole and starts an empty journal.
    let live = store(&p);
    drop(p);
    let journal = epsimo::emulator::journal::path_of(&data);
    let lines = std::fs::read_to_string(&journal).unwrap().lines().count();
    assert_eq!(lines, 1, "only the header after a clean stop");
    let back = epsimo::emulator::journal::load(&data, &mut |_| {}).unwrap();
    assert!(back == live);
}
