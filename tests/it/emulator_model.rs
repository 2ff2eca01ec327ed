//! `emulator start --model-url`: runs answered by a real model through an
//! OpenAI-compatible endpoint. The model here is a small fake written in the test:
//! it streams chunks as OpenAI's API does (words one by one, tool calls whose
//! arguments are split across chunks), or fails, and records every request.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use crate::common::{Project, ok, run};
use epsimo::emulator::Config;
use epsimo::emulator::model::ModelConfig;

/// What the fake model answers to one request.
enum Reply {
    /// `data:` payloads streamed one by one, then `data: [DONE]`.
    Chunks(Vec<Value>),
    /// An HTTP error with this body.
    Status(u16, &'static str),
}

type Script = dyn Fn(&Value) -> Reply + Send + Sync;

struct Fake {
    script: Box<Script>,
    /// (Authorization header, request body) of each request.
    seen: Mutex<Vec<(Option<String>, Value)>>,
}

/// A fake OpenAI-compatible server on a loopback port.
struct FakeModel {
    _rt: tokio::runtime::Runtime,
    state: Arc<Fake>,
    /// Its base URL, as `--model-url` takes it (`http://127.0.0.1:PORT/v1`).
    url: String,
}

async fn completions(
    State(fake): State<Arc<Fake>>,
    headers: HeaderMap,
    body: axum::Json<Value>,
) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    fake.seen.lock().unwrap().push((auth, body.0.clone()));
    match (fake.script)(&body.0) {
        Reply::Status(code, text) => Response::builder()
            .status(StatusCode::from_u16(code).unwrap())
            .header("content-type", "application/json")
            .body(Body::from(text))
            .unwrap(),
        Reply::Chunks(chunks) => {
            let mut frames: VecDeque<String> = chunks
                .into_iter()
                .map(|c| format!("data: {c}\n\n"))
                .collect();
            frames.push_back("data: [DONE]\n\n".into());
            // One frame at a time, a little apart, so a client sees them arrive.
            let stream = futures_util::stream::unfold(frames, |mut f| async move {
                let next = f.pop_front()?;
                tokio::time::sleep(Duration::from_millis(5)).await;
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(next)), f))
            });
            Response::builder()
                .header("content-type", "text/event-stream")
                .body(Body::from_stream(stream))
                .unwrap()
        }
    }
}

impl FakeModel {
    fn start(script: impl Fn(&Value) -> Reply + Send + Sync + 'static) -> FakeModel {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let state = Arc::new(Fake {
            script: Box::new(script),
            seen: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .route("/v1/chat/completions", axum::routing::post(completions))
            .with_state(state.clone());
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        rt.spawn(async move { axum::serve(listener, app).await });
        FakeModel {
            _rt: rt,
            state,
            url,
        }
    }

    fn requests(&self) -> Vec<Value> {
        let seen = self.state.seen.lock().unwrap();
        seen.iter().map(|(_, b)| b.clone()).collect()
    }

    /// A project on an emulator whose runs go to this model.
    fn project(&self, steps: usize, key: Option<&str>) -> Project {
        let model = ModelConfig::new(&self.url, None, key.map(str::to_owned), steps).unwrap();
        Project::with(Config {
            faults: true,
            ping_interval: Duration::from_millis(200),
            model: Some(Arc::new(model)),
            ..Config::default()
        })
    }
}

fn chunk(delta: Value, finish: Option<&str>) -> Value {
    json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1,
        "model": "fake-model", "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}]})
}

/// A text answer streamed word by word.
fn words(text: &str) -> Reply {
    let mut chunks = vec![chunk(json!({"role": "assistant", "content": ""}), None)];
    let mut first = true;
    for w in text.split(' ') {
        let piece = if first {
            w.to_string()
        } else {
            format!(" {w}")
        };
        first = false;
        chunks.push(chunk(json!({"content": piece}), None));
    }
    chunks.push(chunk(json!({}), Some("stop")));
    Reply::Chunks(chunks)
}

/// A call of `name` whose JSON arguments arrive in three pieces, as OpenAI's do.
fn call(id: &str, name: &str, args: &Value) -> Reply {
    let text = args.to_string();
    let (a, rest) = text.split_at(text.len() / 3);
    let (b, c) = rest.split_at(rest.len() / 2);
    Reply::Chunks(vec![
        chunk(
            json!({"role": "assistant", "content": null, "tool_calls": [{"index": 0, "id": id,
            "type": "function", "function": {"name": name, "arguments": ""}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": a}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": b}}]}),
            None,
        ),
        chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": c}}]}),
            None,
        ),
        chunk(json!({}), Some("tool_calls")),
    ])
}

/// The last message of a request.
fn last(request: &Value) -> &Value {
    request["messages"].as_array().unwrap().last().unwrap()
}

/// `threads run --json` events of one message on a new thread of `assistant`.
fn run_json(p: &Project, assistant: &str, message: &str) -> (Vec<Value>, String) {
    let t = p.emu.thread(&p.pt, assistant);
    let out = run(p.cmd().args([
        "threads",
        "run",
        &t,
        "--assistant-id",
        assistant,
        "--message",
        message,
        "--json",
    ]));
    ok(&out);
    let events = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (events, t)
}

fn reply_of(events: &[Value]) -> String {
    events
        .iter()
        .filter(|e| e["event"] == "token")
        .map(|e| e["text"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn the_models_words_stream_and_it_sees_instructions_and_history() {
    let fake = FakeModel::start(|req| {
        let n = req["messages"].as_array().unwrap().len();
        words(&format!("I see {n} messages in this thread"))
    });
    let p = fake.project(5, Some("sk-test-key"));
    let a = p.assistant(json!([]));
    let (events, t) = run_json(&p, &a, "Hello there");
    // Streamed as it came: one token per word.
    let tokens = events.iter().filter(|e| e["event"] == "token").count();
    assert!(tokens >= 7, "{events:?}");
    assert_eq!(reply_of(&events), "I see 2 messages in this thread");

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req["stream"], true);
    // The assistant's own model, its instructions first, no tools offered.
    assert_eq!(req["model"], "gpt-4o");
    assert_eq!(
        req["messages"][0],
        json!({"role": "system", "content": "You are a test."})
    );
    assert_eq!(
        req["messages"][1],
        json!({"role": "user", "content": "Hello there"})
    );
    assert!(req.get("tools").is_none(), "{req}");
    let auth = fake.state.seen.lock().unwrap()[0].0.clone();
    assert_eq!(auth.as_deref(), Some("Bearer sk-test-key"));

    // A second turn carries the first, and the answer was stored as upstream keeps it.
    let out = run(p
        .cmd()
        .args(["threads", "run", &t, "--message", "And now?", "--json"]));
    ok(&out);
    let second = &fake.requests()[1];
    assert_eq!(
        second["messages"][2],
        json!({"role": "assistant", "content": "I see 2 messages in this thread"})
    );
    assert_eq!(
        last(second),
        &json!({"role": "user", "content": "And now?"})
    );
    let state = p.state(&t);
    let messages = state["values"]["messages"]
        .as_array()
        .or(state["values"].as_array())
        .unwrap()
        .clone();
    let ai = &messages[1];
    assert_eq!(ai["type"], "ai");
    assert_eq!(ai["response_metadata"]["model_name"], "fake-model");
    assert_eq!(ai["response_metadata"]["finish_reason"], "stop");
    assert_eq!(ai["response_metadata"]["system_fingerprint"], "fp_fake");
}

#[test]
fn a_tool_call_split_across_chunks_writes_the_database() {
    let fake = FakeModel::start(|req| {
        if last(req)["role"] == "tool" {
            words("Saved your colour.")
        } else {
            call(
                "call_db1",
                "update_database",
                &json!({"key": "colour", "value": {"hex": "#ff0000", "name": "red"}}),
            )
        }
    });
    let p = fake.project(5, None);
    let a = p.db_tool();
    let (events, t) = run_json(&p, &a, "Remember red");
    let call = events
        .iter()
        .find(|e| e["event"] == "tool_call")
        .unwrap_or_else(|| panic!("{events:?}"));
    assert_eq!(call["name"], "update_database", "{call}");
    assert_eq!(
        call["args"],
        json!({"key": "colour", "value": {"hex": "#ff0000", "name": "red"}})
    );
    assert!(
        events.iter().any(|e| e["event"] == "tool_result"
            && e["content"] == "Saved colour to the thread database."),
        "{events:?}"
    );
    assert_eq!(reply_of(&events), "Saved your colour.");

    // The database holds what the model wrote.
    let out = run(p.cmd().args(["db", "get", &t, "--key", "colour", "--json"]));
    ok(&out);
    let got: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(got, json!({"hex": "#ff0000", "name": "red"}));

    // The tool was offered under its own name with its schema; the second call
    // carried the call and its result.
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0]["tools"],
        json!([{"type": "function", "function": {"name": "update_database",
            "description": "Save", "parameters": {"type": "object"}}}])
    );
    let messages = requests[1]["messages"].as_array().unwrap();
    let asked = &messages[messages.len() - 2];
    assert_eq!(asked["role"], "assistant");
    assert_eq!(asked["tool_calls"][0]["id"], "call_db1");
    let args: Value = serde_json::from_str(
        asked["tool_calls"][0]["function"]["arguments"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        args,
        json!({"key": "colour", "value": {"hex": "#ff0000", "name": "red"}})
    );
    assert_eq!(
        last(&requests[1]),
        &json!({"role": "tool", "tool_call_id": "call_db1",
            "content": "Saved colour to the thread database."})
    );
}

#[test]
fn retrieval_through_a_model_finds_the_uploaded_passage() {
    // The model looks the question up, then answers with what the tool returned.
    let fake = FakeModel::start(|req| {
        let l = last(req);
        if l["role"] == "tool" {
            words(&format!(
                "According to the files: {}",
                l["content"].as_str().unwrap()
            ))
        } else {
            call(
                "call_r1",
                "Retriever",
                &json!({"query": l["content"].as_str().unwrap()}),
            )
        }
    });
    let p = fake.project(5, None);
    let a = p.assistant(
        json!([{"id": "retrieval", "type": "retrieval", "name": "Retrieval",
        "description": "Look up information in uploaded files.", "config": {}}]),
    );
    let _files = crate::emulator_retrieval::upload_library(&p, &a);
    let (events, _) = run_json(&p, &a, "What is the secret word?");
    let reply = reply_of(&events);
    assert!(reply.contains("The secret word is pineapple."), "{reply}");
    // Offered as the model sees it upstream: `Retriever`, with the schema's default
    // retrieval description.
    let tools = &fake.requests()[0]["tools"];
    assert_eq!(tools[0]["function"]["name"], "Retriever", "{tools}");
    assert!(
        tools[0]["function"]["description"]
            .as_str()
            .unwrap()
            .starts_with("Can be used to look up information that was uploaded"),
        "{tools}"
    );
    assert_eq!(
        tools[0]["function"]["parameters"]["required"],
        json!(["query"])
    );
}

/// The raw stream of a run of `message` on a new thread of `assistant`.
fn raw_run(p: &Project, assistant: &str, message: &str) -> (String, String) {
    let t = p.emu.thread(&p.pt, assistant);
    let body = json!({"thread_id": t, "assistant_id": assistant,
        "input": [{"type": "human", "content": message}]})
    .to_string();
    let (status, _, text) = p.emu.http("POST", "/runs/stream", Some(&p.pt), Some(&body));
    assert_eq!(status, 200, "{text}");
    (text, t)
}

fn event_names(stream: &str) -> Vec<&str> {
    stream
        .split("\r\n\r\n")
        .filter_map(|f| f.lines().next()?.strip_prefix("event: "))
        .collect()
}

#[test]
fn a_run_stops_at_the_step_limit() {
    // A model that never stops calling tools.
    let fake = FakeModel::start(|_| {
        call(
            "call_again",
            "update_database",
            &json!({"key": "n", "value": 1}),
        )
    });
    let p = fake.project(3, None);
    let a = p.db_tool();
    let (stream, t) = raw_run(&p, &a, "loop");
    assert_eq!(fake.requests().len(), 3, "three model calls, no more");
    let names = event_names(&stream);
    assert_eq!(names.last(), Some(&"end"), "{stream}");
    assert_eq!(names[names.len() - 2], "error", "{stream}");
    // What ran before the limit stays: three calls, three results.
    let state = p.state(&t);
    let messages = state["values"]["messages"].as_array().unwrap();
    assert_eq!(
        messages.iter().filter(|m| m["type"] == "tool").count(),
        3,
        "{state}"
    );
}

#[test]
fn a_model_error_becomes_an_error_event_and_keeps_only_the_input() {
    for (what, reply) in [
        (
            "an HTTP error",
            Reply::Status(500, r#"{"error": {"message": "overloaded"}}"#),
        ),
        (
            "an error chunk mid-stream",
            Reply::Chunks(vec![
                chunk(json!({"content": "Half an"}), None),
                json!({"error": {"message": "the model crashed", "type": "server_error"}}),
            ]),
        ),
    ] {
        let reply = Mutex::new(Some(reply));
        let fake = FakeModel::start(move |_| {
            reply
                .lock()
                .unwrap()
                .take()
                .unwrap_or(Reply::Status(500, "{}"))
        });
        let p = fake.project(5, None);
        let a = p.assistant(json!([]));
        let (stream, t) = raw_run(&p, &a, "Please answer");
        // As fixture 27: metadata, the history, error, end.
        let names = event_names(&stream);
        assert_eq!(names.first(), Some(&"metadata"), "{what}: {stream}");
        assert_eq!(
            &names[names.len() - 2..],
            ["error", "end"],
            "{what}: {stream}"
        );
        assert!(
            stream.contains(r#"data: {"status_code":500,"message":"Internal Server Error"}"#),
            "{what}: {stream}"
        );
        let state = p.state(&t);
        let messages = state["values"]["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 1, "{what}: only the input is kept: {state}");
        assert_eq!(messages[0]["type"], "human");
    }
}

#[test]
fn an_unreachable_model_is_an_error_event() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", closed.local_addr().unwrap());
    drop(closed);
    let p = Project::with(Config {
        faults: true,
        model: Some(Arc::new(ModelConfig::new(&url, None, None, 3).unwrap())),
        ..Config::default()
    });
    let a = p.assistant(json!([]));
    let (stream, _) = raw_run(&p, &a, "hello");
    assert_eq!(
        &event_names(&stream)[..],
        ["metadata", "data", "error", "end"],
        "{stream}"
    );
}

#[test]
fn a_paused_run_resumes_by_running_the_tool_then_asking_the_model() {
    let fake = FakeModel::start(|req| {
        if last(req)["role"] == "tool" {
            words("Done.")
        } else {
            call(
                "call_p1",
                "update_database",
                &json!({"key": "k", "value": "v"}),
            )
        }
    });
    let p = fake.project(5, None);
    let a = p.emu.json(
        "POST",
        "/assistants/",
        Some(&p.pt),
        Some(
            json!({"name": "Careful", "public": false, "config": {"configurable": {
            "type": "agent", "type==agent/agent_type": "GPT 4o",
            "type==agent/system_message": "You are a test.",
            "type==agent/interrupt_before_action": true,
            "type==agent/tools": [{"id": "function-update_database", "type": "function",
                "name": "update_database", "description": "Save",
                "config": {"parameters": {"type": "object"}}}]}}}),
        ),
        200,
    )["assistant_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, t) = raw_run(&p, &a, "save it");
    assert_eq!(p.state(&t)["next"], json!(["action"]));
    assert_eq!(fake.requests().len(), 1);
    // Resuming runs the pending call, then the model answers.
    let body = json!({"thread_id": t, "assistant_id": a, "input": null}).to_string();
    let (status, _, stream) = p.emu.http("POST", "/runs/stream", Some(&p.pt), Some(&body));
    assert_eq!(status, 200);
    assert!(
        stream.contains("Saved k to the thread database."),
        "{stream}"
    );
    assert_eq!(fake.requests().len(), 2);
    let state = p.state(&t);
    assert_eq!(state["values"]["k"], "v", "{state}");
    assert_eq!(state["next"], json!([]));
}

#[test]
fn a_model_key_variable_that_is_not_set_is_refused_at_start() {
    let env = crate::common::Env::new("http://127.0.0.1:9");
    let out = run(env.cmd().args([
        "emulator",
        "start",
        "--port",
        "0",
        "--model-url",
        "http://127.0.0.1:9/v1",
        "--model-key-env",
        "EPSIMO_TEST_MODEL_KEY_NOT_SET",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("--model-key-env EPSIMO_TEST_MODEL_KEY_NOT_SET: the variable is not set"),
        "{}",
        out.stderr
    );
    // --model means nothing without --model-url.
    let out = run(env
        .cmd()
        .args(["emulator", "start", "--port", "0", "--model", "llama3.2"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--model-url"), "{}", out.stderr);
}

#[test]
fn the_openai_compatible_endpoint_answers_with_the_models_words() {
    let fake = FakeModel::start(|_| words("A real answer."));
    let p = fake.project(5, None);
    let a = p.assistant(json!([]));
    p.emu.json(
        "PATCH",
        &format!("/assistants/{a}"),
        Some(&p.pt),
        Some(json!({"config": {"configurable": {
            "type==agent/access_mode": "public_token",
            "type==agent/public_token": "pubkey_model"}}})),
        200,
    );
    let body =
        json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}).to_string();
    let (status, _, text) = p.emu.http(
        "POST",
        "/public/openai/v1/chat/completions",
        Some("pubkey_model"),
        Some(&body),
    );
    assert_eq!(status, 200, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["choices"][0]["message"]["content"], "A real answer.");
    assert_eq!(fake.requests().len(), 1);
    // A failing model is a failed call, not an empty answer.
    let failing = FakeModel::start(|_| Reply::Status(503, "{}"));
    let q = failing.project(5, None);
    let b = q.assistant(json!([]));
    q.emu.json(
        "PATCH",
        &format!("/assistants/{b}"),
        Some(&q.pt),
        Some(json!({"config": {"configurable": {
            "type==agent/access_mode": "public_token",
            "type==agent/public_token": "pubkey_fail"}}})),
        200,
    );
    let (status, _, text) = q.emu.http(
        "POST",
        "/public/openai/v1/chat/completions",
        Some("pubkey_fail"),
        Some(&body),
    );
    assert_eq!(status, 500, "{text}");
}
