//! The emulator's `POST /runs/stream` compared with the transcripts recorded from a
//! real OpenGPTs server: same framing byte for byte (`\r\n`, event order, key order,
//! cumulative content, the final message sent twice, `end` without data), ids,
//! times and the model's words aside.

use crate::common::{Emu, fixture};
use serde_json::{Value, json};

/// Splits an HTTP transcript into (head, body).
fn split_http(raw: &[u8]) -> (String, String) {
    let text = String::from_utf8(raw.to_vec()).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.to_string(), body.to_string())
}

/// The events of an SSE body: (event name or "ping", data lines). Asserts the framing.
fn events(body: &str) -> Vec<(String, Vec<String>)> {
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "every line must end in \\r\\n"
    );
    assert!(
        body.ends_with("\r\n\r\n"),
        "the stream ends with an empty line"
    );
    let ping = regex::Regex::new(r"^: ping - \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$").unwrap();
    let mut out = Vec::new();
    for block in body.trim_end_matches("\r\n").split("\r\n\r\n") {
        let lines: Vec<&str> = block.split("\r\n").collect();
        if lines[0].starts_with(": ping - ") {
            assert!(ping.is_match(lines[0]), "ping line {:?}", lines[0]);
            assert_eq!(lines.len(), 1);
            out.push(("ping".to_string(), vec![]));
            continue;
        }
        let name = lines[0]
            .strip_prefix("event: ")
            .expect("event line first")
            .to_string();
        let data: Vec<String> = lines[1..]
            .iter()
            .map(|l| l.strip_prefix("data: ").expect("data line").to_string())
            .collect();
        out.push((name, data));
    }
    out
}

fn keys(v: &Value) -> String {
    v.as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .join(",")
}

fn message_skeleton(m: &Value) -> String {
    let kind = m["type"].as_str().unwrap();
    let mut s = format!("{kind}[{}]", keys(m));
    match kind {
        "ai" => {
            let content = if m["content"] == "" { "empty" } else { "text" };
            let calls = m["tool_calls"].as_array().unwrap();
            let args = calls
                .first()
                .map(|c| {
                    if c["args"] == json!({}) {
                        "args-empty"
                    } else {
                        "args-set"
                    }
                })
                .unwrap_or("no-calls");
            let finish = m["response_metadata"]["finish_reason"]
                .as_str()
                .unwrap_or("none");
            s.push_str(&format!(
                " {content} {args} finish={finish} meta=[{}]",
                keys(&m["response_metadata"])
            ));
            if let Some(tc) = m["additional_kwargs"].get("tool_calls") {
                s.push_str(&format!(" kwargs.tool_calls[{}]", keys(&tc[0])));
            }
        }
        "tool" => s.push_str(if m["content"].is_string() {
            " string"
        } else {
            " list"
        }),
        _ => {}
    }
    s
}

/// A comparable outline of a stream: one line per event; runs of identical token
/// events and of pings collapse into one line marked `+`.
fn skeleton(body: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (name, data) in events(body) {
        let line = match name.as_str() {
            "ping" => "ping".to_string(),
            "end" => {
                assert!(data.is_empty(), "end carries no data line");
                "end".to_string()
            }
            "metadata" => {
                assert_eq!(data.len(), 1);
                format!(
                    "metadata {}",
                    keys(&serde_json::from_str(&data[0]).unwrap())
                )
            }
            "error" => format!("error {}", data[0]),
            "data" => {
                assert_eq!(data.len(), 1, "one data line per event");
                let msgs: Value = serde_json::from_str(&data[0]).unwrap();
                let parts: Vec<String> = msgs
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(message_skeleton)
                    .collect();
                format!("data {}", parts.join(" | "))
            }
            other => panic!("unexpected event {other}"),
        };
        let collapsible =
            line == "ping" || (line.contains(" text ") && line.contains("finish=none"));
        match lines.last_mut() {
            Some(last) if collapsible && (*last == line || *last == format!("{line} +")) => {
                *last = format!("{line} +");
            }
            _ => lines.push(line),
        }
    }
    lines
}

/// Every AI message's content only grows, and the last two data events are identical.
fn assert_cumulative(body: &str) {
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    let data: Vec<String> = events(body)
        .into_iter()
        .filter(|(n, _)| n == "data")
        .map(|(_, d)| d[0].clone())
        .collect();
    for d in &data[1..] {
        for m in serde_json::from_str::<Value>(d)
            .unwrap()
            .as_array()
            .unwrap()
        {
            if m["type"] == "ai" {
                let id = m["id"].as_str().unwrap().to_string();
                let content = m["content"].as_str().unwrap().to_string();
                if let Some(prev) = seen.get(&id) {
                    assert!(
                        content.starts_with(prev.as_str()),
                        "{content:?} does not extend {prev:?}"
                    );
                }
                seen.insert(id, content);
            }
        }
    }
    let n = data.len();
    assert_eq!(
        data[n - 1],
        data[n - 2],
        "the final message is sent twice, identical"
    );
}

struct Run {
    head: reqwest::header::HeaderMap,
    body: String,
}

fn run(emu: &Emu, token: &str, thread: &str, text: &str) -> Run {
    let url = format!("{}/runs/stream", emu.url);
    let body = json!({"thread_id": thread, "input": [{"role": "user", "type": "human", "content": text}],
        "stream_mode": ["messages", "events", "values"]});
    emu.rt.block_on(async {
        let resp = reqwest::Client::new()
            .post(url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let head = resp.headers().clone();
        Run {
            head,
            body: resp.text().await.unwrap(),
        }
    })
}

fn setup(tools: Value) -> (Emu, String, String) {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "stream");
    let a = emu.assistant(&pt, "A", tools);
    let t = emu.thread(&pt, &a);
    (emu, pt, t)
}

#[test]
fn first_turn_matches_the_recorded_framing() {
    let (emu, pt, t) = setup(json!([]));
    let got = run(&emu, &pt, &t, "Hello there");
    let (head, want) = split_http(&fixture("10-runs-stream-turn1.http"));
    assert_eq!(skeleton(&got.body), skeleton(&want));
    assert_cumulative(&got.body);
    for h in [
        "cache-control: no-cache",
        "x-accel-buffering: no",
        "content-type: text/event-stream; charset=utf-8",
    ] {
        assert!(head.contains(h), "fixture has {h}");
        let (name, value) = h.split_once(": ").unwrap();
        assert_eq!(got.head.get(name).unwrap(), value, "header {name}");
    }
    // The documented echo, word by word.
    let last = events(&got.body)
        .iter()
        .rev()
        .find(|(n, _)| n == "data")
        .unwrap()
        .1[0]
        .clone();
    let msg: Value = serde_json::from_str(&last).unwrap();
    assert_eq!(msg[0]["content"], "(emulated) You said: Hello there");
    assert!(msg[0]["id"].as_str().unwrap().starts_with("run-"));
}

#[test]
fn second_turn_resends_history_then_only_new_messages() {
    let (emu, pt, t) = setup(json!([]));
    let first = run(&emu, &pt, &t, "Hello there");
    let second = run(&emu, &pt, &t, "How are you?");
    let (_, want) = split_http(&fixture("11-runs-stream-turn2.http"));
    assert_eq!(skeleton(&second.body), skeleton(&want));
    assert_cumulative(&second.body);
    // The first data event: human 1, the final ai 1 (as last sent in turn 1), human 2.
    let ev = events(&second.body);
    let resent: Value = serde_json::from_str(&ev[1].1[0]).unwrap();
    let ev1 = events(&first.body);
    let h1: Value = serde_json::from_str(&ev1[1].1[0]).unwrap();
    let last1 = ev1.iter().rev().find(|(n, _)| n == "data").unwrap().1[0].clone();
    let ai1: Value = serde_json::from_str(&last1).unwrap();
    assert_eq!(resent[0], h1[0]);
    assert_eq!(resent[1], ai1[0]);
    assert_eq!(resent[2]["content"], "How are you?");
    // After the first data event, no event carries an earlier message again.
    let earlier: Vec<&str> = resent
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    for (name, data) in &ev[2..] {
        if name == "data" {
            let msgs: Value = serde_json::from_str(&data[0]).unwrap();
            for m in msgs.as_array().unwrap() {
                assert!(!earlier.contains(&m["id"].as_str().unwrap()));
            }
        }
    }
    // The state keeps the conversation in `values.messages`.
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert_eq!(state["values"]["messages"].as_array().unwrap().len(), 4);
    assert_eq!(state["next"], json!([]));
}

#[test]
fn tool_call_matches_the_recorded_framing_and_update_database_writes_state() {
    let tools = json!([{"id": "function-update_database", "type": "function", "name": "update_database",
        "description": "Save to the thread database", "config": {"parameters": {"type": "object"}}}]);
    let (emu, pt, t) = setup(tools);
    let got = run(
        &emu,
        &pt,
        &t,
        r#"/tool update_database {"key": "user_preferences", "value": {"theme": "dark"}}"#,
    );
    let (_, want) = split_http(&fixture("42-runs-stream-tool-call.http"));
    assert_eq!(skeleton(&got.body), skeleton(&want));
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert_eq!(
        state["values"]["user_preferences"],
        json!({"theme": "dark"})
    );
    let kinds: Vec<&str> = state["values"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["human", "ai", "tool", "ai"]);
    let tool_msg = &state["values"]["messages"][2];
    assert_eq!(
        tool_msg["tool_call_id"],
        state["values"]["messages"][1]["tool_calls"][0]["id"]
    );
}

#[test]
fn unconfigured_tool_is_answered_in_text_and_writes_nothing() {
    let (emu, pt, t) = setup(json!([]));
    let got = run(
        &emu,
        &pt,
        &t,
        r#"/tool update_database {"key": "k", "value": 1}"#,
    );
    assert!(got.body.contains("is not configured on this assistant"));
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    assert!(state["values"].get("k").is_none());
}

#[test]
fn model_error_matches_the_recorded_framing_and_keeps_the_input() {
    let (emu, pt, t) = setup(json!([]));
    run(&emu, &pt, &t, "Hello there");
    let got = run(&emu, &pt, &t, "/fail");
    let (_, want) = split_http(&fixture("27-runs-stream-model-error.http"));
    // The fixture's thread had more history; the outline of the first event differs
    // only in how many earlier messages it re-sends.
    let g = skeleton(&got.body);
    let w = skeleton(&want);
    assert_eq!(g.len(), w.len());
    assert_eq!(g[0], w[0]);
    assert_eq!(&g[2..], &w[2..]);
    let state = emu.json("GET", &format!("/threads/{t}/state"), Some(&pt), None, 200);
    let msgs = state["values"]["messages"].as_array().unwrap();
    assert_eq!(msgs.last().unwrap()["content"], "/fail");
}

#[test]
fn slow_run_sends_pings_like_the_recording() {
    let (emu, pt, t) = setup(json!([]));
    let got = run(&emu, &pt, &t, "/slow 0.5");
    let (_, want) = split_http(&fixture("50-runs-stream-slow-with-ping.http"));
    // How many pings depends on the wait; that there are some, where, does not.
    let pings_as_one = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .map(|l| if l == "ping +" { "ping".into() } else { l })
            .collect()
    };
    let g = pings_as_one(skeleton(&got.body));
    let w = pings_as_one(skeleton(&want));
    assert_eq!(g[2], "ping", "{g:#?}");
    assert_eq!(&g[2..], &w[2..]);
}

#[test]
fn long_reply_streams_n_tokens() {
    let (emu, pt, t) = setup(json!([]));
    let got = run(&emu, &pt, &t, "/long 50");
    let data_events = events(&got.body)
        .iter()
        .filter(|(n, _)| n == "data")
        .count();
    // first data + empty chunk + 50 tokens + final twice
    assert_eq!(data_events, 1 + 1 + 50 + 2);
    assert_cumulative(&got.body);
}

#[test]
fn stream_errors_before_the_stream_are_http_errors() {
    let (emu, pt, t) = setup(json!([]));
    let (status, _, body) = emu.http(
        "POST",
        "/runs/stream",
        Some(&pt),
        Some(r#"{"thread_id": "1c355290-bf58-4308-bffd-2105ee87030f", "input": []}"#),
    );
    assert_eq!(
        (status, body.as_str()),
        (404, r#"{"detail":"Thread not found"}"#)
    );
    let bad = json!({"thread_id": t, "input": [{"type": "bogus", "content": "x"}]}).to_string();
    let (status, _, body) = emu.http("POST", "/runs/stream", Some(&pt), Some(&bad));
    assert_eq!(status, 422);
    assert!(body.contains("union_tag_invalid"), "{body}");
}

#[test]
fn bad_assistant_config_fails_the_run_like_the_real_server() {
    let emu = Emu::start();
    let user = emu.dev_token();
    let (_, pt) = emu.project(&user, "p");
    // Tools as bare strings: the real server indexes tool["type"] and fails the run.
    let a = emu.json(
        "POST",
        "/assistants/",
        Some(&pt),
        Some(json!({"name": "bad", "config": {"configurable": {
        "type": "agent", "type==agent/tools": ["retrieval"]}}})),
        200,
    );
    let t = emu.thread(&pt, a["assistant_id"].as_str().unwrap());
    let got = run(&emu, &pt, &t, "hi");
    let ev = events(&got.body);
    // As fixture 92: the graph is refused before the run starts, so no run id, no
    // data, only `error` and `end`; and nothing stored: state and history answer
    // 500 in plain text (92b).
    let names: Vec<&str> = ev.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["error", "end"]);
    for rest in ["/state", "/history"] {
        let (status, headers, body) =
            emu.http("GET", &format!("/threads/{t}{rest}"), Some(&pt), None);
        assert_eq!((status, body.as_str()), (500, "Internal Server Error"));
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    }
    let thread = emu.json("GET", &format!("/threads/{t}"), Some(&pt), None, 200);
    assert_eq!(
        thread["thread_id"],
        t.as_str(),
        "the thread itself stays readable"
    );
}

#[test]
fn a_wrong_tool_literal_fails_every_run_like_fixture_92() {
    let emu = Emu::with(epsimo::emulator::Config {
        mode: epsimo::cli::Mode::Upstream,
        ..Default::default()
    });
    let (_, pt) = emu.project(&emu.dev_token(), "p");
    let wrong = json!([{"id": "x", "type": "dall_e", "name": "Generate Image (Dall-E)",
        "description": "Generate an image from a text prompt.", "config": {}}]);
    let a = emu.assistant(&pt, "dalle", wrong.clone());
    let t = emu.thread(&pt, &a);
    let want = String::from_utf8(fixture("92-runs-stream-dalle-wrong-description.http")).unwrap();
    let want_body = want.split_once("\r\n\r\n").unwrap().1;
    assert_eq!(run(&emu, &pt, &t, "no tool needed").body, want_body);
    // The platform's own clients write descriptions of their own: its mode runs them.
    let platform = Emu::start();
    let (_, ppt) = platform.project(&platform.dev_token(), "p");
    let a = platform.assistant(&ppt, "dalle", wrong);
    let t = platform.thread(&ppt, &a);
    assert!(
        run(&platform, &ppt, &t, "no tool needed")
            .body
            .contains("event: metadata")
    );
    // A setting upstream does not declare breaks runs the same way; a right tool runs.
    for tools in [
        json!([{"type": "arxiv", "config": {"max": 1}}]),
        json!([{"type": "nope"}]),
    ] {
        let a = emu.assistant(&pt, "bad", tools);
        let t = emu.thread(&pt, &a);
        assert_eq!(run(&emu, &pt, &t, "x").body, want_body);
    }
    let a = emu.assistant(
        &pt,
        "ok",
        json!([{"type": "arxiv"}, {"type": "retrieval", "config": {"k": 1}}]),
    );
    let t = emu.thread(&pt, &a);
    assert!(run(&emu, &pt, &t, "x").body.contains("event: metadata"));
}
