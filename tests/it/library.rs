//! The library (`epsimo::Client`) against the emulator: each resource, a streamed
//! run paused and resumed, and errors typed with what would fix them.

use epsimo::emulator::{DEV_EMAIL, DEV_PASSWORD};
use epsimo::{Client, ErrorKind, Fix, RunEnd, RunEvent, Session};
use futures_util::StreamExt;
use serde_json::json;

use crate::common::Project;

fn client(url: &str) -> Client {
    Client::new(Session::new(url).login(DEV_EMAIL, DEV_PASSWORD)).unwrap()
}

#[test]
fn resources_through_the_library_are_the_servers() {
    let p = Project::new();
    let c = client(&p.emu.url);
    let project = c.project(&p.pid);
    p.emu.rt.block_on(async {
        let names: Vec<String> = c
            .projects()
            .list()
            .await
            .unwrap()
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert!(names.contains(&"Resources".to_string()), "{names:?}");
        assert_eq!(c.projects().resolve("Resources").await.unwrap(), p.pid);

        let a = project
            .create_assistant(json!({"name": "Lib", "config": {"configurable": {
                "type": "agent", "type==agent/agent_type": "GPT 4o Mini",
                "type==agent/system_message": "Be brief.", "type==agent/tools": []}}}))
            .await
            .unwrap();
        // What the server sent is kept whole, not only the typed fields.
        assert!(a.raw().get("updated_at").is_some(), "{:?}", a.raw());
        assert_eq!(
            project.resolve_assistant("Lib").await.unwrap(),
            a.assistant_id
        );

        let mut whole = a.raw().clone();
        whole["name"] = json!("Lib 2");
        let updated = project
            .update_assistant(&a.assistant_id, whole)
            .await
            .unwrap();
        assert_eq!(updated.name, "Lib 2");

        let t = project
            .create_thread(&a.assistant_id, Some("lib thread"))
            .await
            .unwrap();
        project
            .database_set(&t.thread_id, "k", &json!({"n": 1}))
            .await
            .unwrap();
        assert_eq!(
            project.database_get(&t.thread_id, "k").await.unwrap(),
            json!({"n": 1})
        );
        assert_eq!(project.database(&t.thread_id).await.unwrap().len(), 1);

        project.delete_thread(&t.thread_id).await.unwrap();
        let gone = project.thread(&t.thread_id).await.unwrap_err();
        assert_eq!(gone.kind(), ErrorKind::NotFound, "{gone}");
        assert_eq!(gone.fix(), Some(&Fix::NameAnExistingOne));
    });
    // The library's writes are on the server's request log: it really sent them.
    let calls = p.calls();
    assert!(
        calls
            .iter()
            .any(|(m, path)| m == "POST" && path.ends_with("/state")),
        "{calls:?}"
    );
}

#[test]
fn a_run_streams_typed_events_pauses_and_resumes() {
    let p = Project::new();
    let c = client(&p.emu.url);
    let project = c.project(&p.pid);
    // An agent that stops before tools, with update_database.
    let id = p.emu.rt.block_on(async {
        project
            .create_assistant(json!({"name": "Pauser", "config": {"configurable": {
                "type": "agent", "type==agent/agent_type": "GPT 4o Mini",
                "type==agent/system_message": "x", "type==agent/interrupt_before_action": true,
                "type==agent/tools": [{"id": "function-update_database", "type": "function",
                    "name": "update_database", "description": "Save",
                    "config": {"parameters": {"type": "object"}}}]}}}))
            .await
            .unwrap()
            .assistant_id
            .clone()
    });
    p.emu.rt.block_on(async {
        let mut run = project.run(&id, None, "hello there").await.unwrap();
        let thread = run.thread_id().to_string();
        let mut text = String::new();
        while let Some(e) = run.next().await {
            if let RunEvent::Token { text: t, .. } = e {
                text.push_str(&t);
            }
        }
        assert_eq!(text, "(emulated) You said: hello there");
        assert_eq!(run.finish().await.unwrap(), RunEnd::Done);

        // Nothing waits: resuming is refused, typed.
        let e = project.resume(&thread).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");

        let run = project
            .run(
                &id,
                Some(&thread),
                r#"/tool update_database {"key": "seen", "value": true}"#,
            )
            .await
            .unwrap();
        match run.finish().await.unwrap() {
            RunEnd::Paused { calls } => assert_eq!(calls[0].1, "update_database"),
            other => panic!("the run pauses before the tool: {other:?}"),
        }
        let mut resumed = project.resume(&thread).await.unwrap();
        let mut results = Vec::new();
        while let Some(e) = resumed.next().await {
            if let RunEvent::ToolResult { name, .. } = e {
                results.push(name);
            }
        }
        assert_eq!(resumed.finish().await.unwrap(), RunEnd::Done);
        assert_eq!(results, ["update_database"]);
        assert_eq!(
            project.database_get(&thread, "seen").await.unwrap(),
            json!(true)
        );
    });
}

#[test]
fn errors_say_what_would_fix_them_without_cli_words() {
    let p = Project::new();
    p.emu.rt.block_on(async {
        // No credentials at all.
        let anonymous = Client::new(Session::new(&p.emu.url)).unwrap();
        let e = anonymous.projects().list().await.unwrap_err();
        assert_eq!(
            (e.kind(), e.fix()),
            (ErrorKind::Unauthenticated, Some(&Fix::LogIn))
        );
        // A token the server refuses.
        let refused = Client::new(Session::new(&p.emu.url).token("not-a-token")).unwrap();
        let e = refused.credits().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unauthenticated, "{e}");
        assert_eq!(e.status(), Some(401));
        // A project with several assistants and none named: the platform layer's
        // hint names CLI flags; the library's error carries none of it.
        let c = client(&p.emu.url);
        let project = c.project(&p.pid);
        let e = project
            .resolve_assistant("no such assistant")
            .await
            .unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(
            !shown.contains("--") && !shown.contains("epsimo "),
            "{shown}"
        );
        // Plain HTTP to another machine is refused before anything is sent.
        let e = Client::new(Session::new("http://example.com")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(Client::new(Session::new("http://example.com").allow_insecure_http(true)).is_ok());
    });
}

#[test]
fn a_session_can_use_the_login_the_cli_stored() {
    let p = Project::new();
    // `Project::new` logged in with `epsimo auth login` into its config dir (on a
    // loopback URL its profile is `local`, the active one).
    assert_eq!(p.env.stored()["active"], "local");
    let stored = Client::new(Session::new(&p.emu.url).stored_login(p.env.config_dir())).unwrap();
    let named =
        Client::new(Session::new(&p.emu.url).stored_profile(p.env.config_dir(), "local")).unwrap();
    let elsewhere =
        Client::new(Session::new(&p.emu.url).stored_profile(p.env.config_dir(), "other")).unwrap();
    p.emu.rt.block_on(async {
        let me = stored.credits().await.unwrap();
        assert_eq!(me.email.as_deref(), Some(DEV_EMAIL));
        assert_eq!(
            named.credits().await.unwrap().email.as_deref(),
            Some(DEV_EMAIL)
        );
        // A profile with no login is no login.
        let e = elsewhere.credits().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unauthenticated, "{e}");
    });
}

#[test]
fn the_test_runner_is_a_library_call() {
    let p = Project::new();
    let c = client(&p.emu.url);
    let project = c.project(&p.pid);
    p.assistant(json!([]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("epsimo.test.yaml");
    std::fs::write(
        &file,
        r#"tests:
  - name: passes
    assistant: Helper
    turns:
      - user: hello
        expect: [{equals: "(emulated) You said: hello"}]
  - name: fails
    assistant: Helper
    repeat: 2
    turns:
      - user: "where is my order"
        expect: [{contains: "refund"}]
"#,
    )
    .unwrap();
    let reports = p
        .emu
        .rt
        .block_on(project.run_tests(std::slice::from_ref(&file), &epsimo::TestOptions::default()))
        .unwrap();
    let seen: Vec<(&str, epsimo::TestStatus, usize, usize)> = reports
        .iter()
        .map(|r| (r.name.as_str(), r.status, r.runs, r.passed_runs))
        .collect();
    assert_eq!(
        seen,
        [
            ("passes", epsimo::TestStatus::Passed, 1, 1),
            ("fails", epsimo::TestStatus::Failed, 2, 0)
        ]
    );
    assert!(
        reports[1].failures[0].contains("refund"),
        "{:?}",
        reports[1].failures
    );
    // Three runs, three threads made on the server, none kept.
    let created = p
        .calls()
        .iter()
        .filter(|(m, path)| m == "POST" && path.trim_end_matches('/') == "/threads")
        .count();
    assert_eq!(created, 3);
    // A filter that selects nothing is refused before anything runs.
    let none = epsimo::TestOptions {
        filter: Some("nothing".into()),
        ..Default::default()
    };
    let e = p
        .emu
        .rt
        .block_on(project.run_tests(&[file], &none))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
}

/// What a front-end's own error type is: anything the library's converts into.
#[derive(Debug, PartialEq)]
enum Mine {
    Stopped(String),
    Library(ErrorKind),
}

impl From<epsimo::Error> for Mine {
    fn from(e: epsimo::Error) -> Self {
        Mine::Library(e.kind())
    }
}

#[test]
fn public_assistants_answer_an_outsider_through_the_library() {
    let p = Project::new();
    let owner = client(&p.emu.url);
    let aid = p.assistant(json!([]));
    let token = p
        .emu
        .rt
        .block_on(owner.project(&p.pid).publish(&aid, None, false))
        .unwrap();
    // No login: the public token is the only credential.
    let outsider = Client::new(Session::new(&p.emu.url)).unwrap();
    let mut pieces = Vec::new();
    p.emu
        .rt
        .block_on(outsider.ask_openai(&token, "hello", |piece| {
            pieces.push(piece);
            Ok::<(), Mine>(())
        }))
        .unwrap();
    let text: String = pieces
        .iter()
        .filter_map(|p| match p {
            epsimo::PublicPiece::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(text, "(emulated) You said: hello");
    assert!(
        matches!(pieces.last(), Some(epsimo::PublicPiece::Done { finish_reason: Some(f) }) if f == "stop"),
        "{pieces:?}"
    );
    // The caller's error stops the reading and comes back as it was.
    let stopped = p.emu.rt.block_on(outsider.ask_openai(&token, "hello", |_| {
        Err::<(), Mine>(Mine::Stopped("enough".into()))
    }));
    assert_eq!(stopped, Err(Mine::Stopped("enough".into())));
    // A token that is not the assistant's is the server's refusal, typed.
    let refused =
        p.emu.rt.block_on(
            outsider.ask_openai("pubkey_not-the-one-at-all", "hello", |_| Ok::<(), Mine>(())),
        );
    assert!(
        matches!(refused, Err(Mine::Library(k)) if k != ErrorKind::Other),
        "{refused:?}"
    );
}

#[test]
fn deletes_ask_first_and_reads_say_what_the_server_has() {
    let p = Project::new();
    let c = client(&p.emu.url);
    let project = c.project(&p.pid);
    let aid = p.assistant(json!([]));
    p.emu.rt.block_on(async {
        let t = project.create_thread(&aid, Some("keep me")).await.unwrap();
        project
            .database_set(&t.thread_id, "k", &json!(1))
            .await
            .unwrap();
        let history = project.thread_history(&t.thread_id).await.unwrap();
        assert!(
            history.as_array().is_some_and(|h| !h.is_empty()),
            "{history}"
        );

        // Declined: nothing is deleted; the thread was shown to the one asked.
        let mut shown = None;
        let deleted = project
            .delete_thread_if(&t.thread_id, |t| {
                shown = t.name.clone();
                Ok::<bool, Mine>(false)
            })
            .await
            .unwrap();
        assert!(!deleted);
        assert_eq!(shown.as_deref(), Some("keep me"));
        project.thread(&t.thread_id).await.unwrap();

        // A thread that is not there is said before anyone is asked.
        let missing = "9b0c6f0e-1d2a-4c1e-9f3b-2a6d8e7c5b41";
        let mut asked = false;
        let r = project
            .delete_thread_if(missing, |_| {
                asked = true;
                Ok::<bool, Mine>(true)
            })
            .await;
        assert_eq!(r, Err(Mine::Library(ErrorKind::NotFound)));
        assert!(!asked);

        // Agreed: gone.
        assert!(
            project
                .delete_thread_if(&t.thread_id, |_| Ok::<bool, Mine>(true))
                .await
                .unwrap()
        );
        let gone = project.thread(&t.thread_id).await.unwrap_err();
        assert_eq!(gone.kind(), ErrorKind::NotFound);

        // The confirmation's own error comes back as it was, and nothing is deleted.
        let r = project
            .delete_assistant_if(&aid, |_| Err::<bool, Mine>(Mine::Stopped("no tty".into())))
            .await;
        assert_eq!(r, Err(Mine::Stopped("no tty".into())));
        project.assistant(&aid).await.unwrap();
        assert!(
            project
                .delete_assistant_if(&aid, |a| Ok::<bool, Mine>(a.name == "Helper"))
                .await
                .unwrap()
        );
        assert_eq!(
            project.assistant(&aid).await.unwrap_err().kind(),
            ErrorKind::NotFound
        );

        let health = c.tool_health("retrieval").await.unwrap();
        assert_eq!(health["status"], "healthy", "{health}");
    });
}

#[test]
fn a_test_is_written_from_a_thread_and_runs() {
    let p = Project::new();
    let c = client(&p.emu.url);
    let project = c.project(&p.pid);
    let aid = p.assistant(json!([]));
    let dir = tempfile::tempdir().unwrap();
    p.emu.rt.block_on(async {
        let empty = project.create_thread(&aid, Some("empty")).await.unwrap();
        let e = project
            .test_from_thread(&empty.thread_id, None, None)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("no message of the user"), "{e}");

        let run = project.run(&aid, None, "hello").await.unwrap();
        let thread = run.thread_id().to_string();
        run.finish().await.unwrap();
        let yaml = project
            .test_from_thread(&thread, None, Some("greets"))
            .await
            .unwrap();
        assert!(yaml.contains("name: greets"), "{yaml}");
        assert!(yaml.contains("assistant: Helper"), "{yaml}");
        assert!(yaml.contains("user: hello"), "{yaml}");
        let file = dir.path().join("greets.epsimo-test.yaml");
        std::fs::write(&file, &yaml).unwrap();
        let reports = project
            .run_tests(&[file], &epsimo::TestOptions::default())
            .await
            .unwrap();
        assert_eq!(reports.len(), 1);
        assert_eq!(
            reports[0].status,
            epsimo::TestStatus::Passed,
            "{:?}",
            reports[0]
        );
    });
}
