//! Commands run in-process against an emulator started in the same process, their
//! output read back from the printer's buffers (no binary spawned, no terminal): the
//! human output of the commands people read most, snapshotted.

use clap::Parser;

use super::{Ctx, run_command};
use crate::api::Api;
use crate::cli::Cli;
use crate::config::credentials::CredentialsFile;
use crate::emulator::{self, Running};
use crate::error::{Exit, Result};
use crate::output::Printer;
use crate::platform;

const EMAIL: &str = "in-process@example.com";
const PASSWORD: &str = "correct horse battery";

/// An emulator with one signed-up user whose login is stored in a temporary
/// configuration directory, and one project with one assistant and one thread.
struct Harness {
    _emu: Running,
    url: String,
    dir: tempfile::TempDir,
    pid: String,
    assistant: String,
    thread: String,
}

async fn harness() -> Harness {
    let emu = emulator::start(emulator::Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = emu.url();
    let dir = tempfile::tempdir().unwrap();
    let store = CredentialsFile::new(dir.path().to_path_buf());
    let api =
        Api::new(crate::context::api_options(url.clone(), "default".into(), Some(store)).unwrap())
            .unwrap();
    platform::account::signup(&api, EMAIL, PASSWORD)
        .await
        .unwrap();
    let login = api.login(EMAIL, PASSWORD).await.unwrap();
    api.save_login(EMAIL, &login, None).unwrap();
    let project = platform::projects::create(
        &api,
        &crate::contract::models::NewProject {
            name: "Support Bot".into(),
            description: "answers questions".into(),
            metadata: Default::default(),
        },
    )
    .await
    .unwrap();
    let pid = project.project_id.clone();
    let desired = crate::contract::assistant::Desired {
        name: Some("Helper".into()),
        model: Some("gpt-4o".into()),
        ..Default::default()
    };
    let body =
        crate::contract::assistant::payload(None, &desired, &crate::contract::Catalog::upstream());
    let assistant = platform::assistants::create(&api, &pid, body)
        .await
        .unwrap()
        .assistant_id
        .clone();
    let thread = platform::threads::create(&api, &pid, &assistant, Some("First"))
        .await
        .unwrap()
        .thread_id
        .clone();
    Harness {
        _emu: emu,
        url,
        dir,
        pid,
        assistant,
        thread,
    }
}

struct Output {
    result: Result<()>,
    stdout: String,
    stderr: String,
}

impl Harness {
    /// Runs `epsimo ARGS` in-process, piped (not a terminal), with this harness's
    /// API URL and configuration directory.
    async fn run(&self, args: &[&str]) -> Output {
        let mut argv = vec!["epsimo", "--api-url", &self.url];
        argv.extend_from_slice(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let printer = Printer::captured(cli.global.json, cli.global.jq.clone());
        let ctx = Ctx::with_config_dir(cli.global, printer, Some(self.dir.path().to_path_buf()));
        let result = run_command(cli.command, &ctx).await;
        Output {
            result,
            stdout: ctx.printer.out.contents(),
            stderr: ctx.printer.err.contents(),
        }
    }

    /// The output with this harness's ids named, so it can be snapshotted.
    fn named(&self, text: &str) -> String {
        text.replace(&self.pid, "<project>")
            .replace(&self.assistant, "<assistant>")
            .replace(&self.thread, "<thread>")
    }
}

/// Timestamps vary from run to run.
fn without_times(text: &str) -> String {
    regex::Regex::new(r"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)?")
        .unwrap()
        .replace_all(text, "<time>")
        .into_owned()
}

#[tokio::test]
async fn shown_records_and_piped_lists_read_as_documented() {
    let h = harness().await;
    let show = h.run(&["projects", "show", &h.pid]).await;
    show.result.unwrap();
    insta::assert_snapshot!("projects-show", without_times(&h.named(&show.stdout)));

    let thread = h
        .run(&["threads", "show", &h.thread, "--project-id", &h.pid])
        .await;
    thread.result.unwrap();
    insta::assert_snapshot!("threads-show", h.named(&thread.stdout));

    // Piped: tab-separated rows, no header, no decoration.
    let list = h.run(&["assistants", "--project-id", &h.pid]).await;
    list.result.unwrap();
    assert_eq!(
        h.named(&list.stdout),
        "<assistant>\tHelper\tGPT 4o\tgpt-4o\t\tfalse\n",
        "family and model string each in their own column"
    );
    assert_eq!(list.stderr, "", "nothing but data when piped");
}

#[tokio::test]
async fn writes_say_what_they_did_on_stderr_and_print_data_on_stdout() {
    let h = harness().await;
    let pid = h.pid.clone();
    let thread = h.thread.clone();
    let set = h
        .run(&[
            "db",
            "set",
            "--thread-id",
            &thread,
            "--project-id",
            &pid,
            "--key",
            "status",
            "--value",
            "\"shipped\"",
        ])
        .await;
    set.result.unwrap();
    assert_eq!(set.stdout, "");
    insta::assert_snapshot!("db-set-stderr", h.named(&set.stderr));

    let get = h
        .run(&[
            "db",
            "get",
            "--thread-id",
            &thread,
            "--project-id",
            &pid,
            "--key",
            "status",
        ])
        .await;
    get.result.unwrap();
    assert_eq!(get.stdout, "\"shipped\"\n");

    let json = h
        .run(&["threads", "--project-id", &pid, "--jq", ".[].name"])
        .await;
    json.result.unwrap();
    assert_eq!(json.stdout, "First\n");

    let deleted = h
        .run(&["threads", "delete", &thread, "--yes", "--project-id", &pid])
        .await;
    deleted.result.unwrap();
    assert_eq!(h.named(&deleted.stderr), "✓ Deleted thread <thread>\n");

    let gone = h
        .run(&["threads", "show", &thread, "--project-id", &pid])
        .await;
    assert_eq!(gone.result.unwrap_err().exit, Exit::NotFound);
}

/// A command resolves its settings once and builds one API client: every call of
/// the command shares its session (tokens, re-login, pacing).
#[test]
fn a_command_builds_one_api_client() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::try_parse_from([
        "epsimo",
        "--api-url",
        "http://127.0.0.1:9",
        "projects",
        "list",
    ])
    .unwrap();
    let printer = Printer::captured(false, None);
    let ctx = Ctx::with_config_dir(cli.global, printer, Some(dir.path().to_path_buf()));
    let first = ctx.api().unwrap();
    let again = ctx.api().unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    assert_eq!(first.base_url(), "http://127.0.0.1:9");
}
