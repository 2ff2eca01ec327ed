//! The platform's public access (CONTRACT.md, "Public access"; the platform guide's
//! "Public Assistants" and "OpenAI-Compatible Endpoint"), served in `platform` mode:
//!
//! - An assistant's `type==agent/access_mode` is `authenticated` (the default),
//!   `public_token` (callers present `type==agent/public_token` as Bearer) or
//!   `public_no_auth` (anyone). A public route refuses an `authenticated` assistant
//!   with the guide's `detail`, as a 403.
//! - `POST /public/openai/v1/chat/completions`: OpenAI's chat completions; the
//!   public token selects the assistant, `model` is accepted and ignored. Streamed
//!   (`chat.completion.chunk` events, then `data: [DONE]`) or one JSON answer.
//! - `POST /public/runs/stream`: the `/runs/stream` body (`assistant_id`, optional
//!   `thread_id`, `input`) with the public token, or none for `public_no_auth`; the
//!   same SSE as `/runs/stream`. The guide pages do not show this body: it is an
//!   assumption (docs/public-assistants.md says how to check it).
//!
//! What the guide leaves open, and the emulator's choice: every public call runs on
//! a thread of the assistant's owner, in the assistant's project, counted against
//! the owner's threads (public runs are billed to the owner); a chat completion
//! opens a new thread each time, with the request's messages as its input (the
//! assistant's own instructions stand: `system` messages are kept as messages).
//! The statuses and the wording of a refused token (401) are the emulator's: not
//! recorded from the platform.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Shared;
use super::http::{ErrorReply, JsonBody, bearer_token, ok};
use super::records::{insert_thread, project_thread};
use super::state::AssistantRec;
use super::stream::{Run, graph_failure, normalize_input, run_response, start_run, tokenize};

use crate::contract::public::NOT_PUBLIC;

/// An assistant's access mode and public token, as configured.
fn access(a: &AssistantRec) -> (String, Option<String>) {
    crate::contract::public::access_of_config(&a.config)
}

fn refused_token() -> ErrorReply {
    ErrorReply::unauthorized("Invalid or missing public token")
}

/// The assistant a public token selects (the OpenAI-compatible route).
fn by_token(s: &Shared, token: Option<&str>) -> Result<AssistantRec, ErrorReply> {
    let token = token.ok_or_else(refused_token)?;
    let db = s.db.lock().unwrap();
    let found = db.assistants.values().find(|a| {
        access(a)
            .1
            .is_some_and(|t| crate::util::constant_time_eq(t.as_bytes(), token.as_bytes()))
    });
    match found {
        Some(a) if access(a).0 == "public_token" => Ok(a.clone()),
        // The token is this assistant's, but the assistant is not public with it.
        Some(a) if access(a).0 == "public_no_auth" => Ok(a.clone()),
        Some(_) => Err(ErrorReply::forbidden(NOT_PUBLIC)),
        None => Err(refused_token()),
    }
}

/// Whether a caller presenting `token` may run assistant `a` publicly.
fn admit(a: &AssistantRec, token: Option<&str>) -> Result<(), ErrorReply> {
    let (mode, expected) = access(a);
    match mode.as_str() {
        "public_no_auth" => Ok(()),
        "public_token" => match (expected, token) {
            (Some(e), Some(t)) if crate::util::constant_time_eq(e.as_bytes(), t.as_bytes()) => {
                Ok(())
            }
            _ => Err(refused_token()),
        },
        _ => Err(ErrorReply::forbidden(NOT_PUBLIC)),
    }
}

/// A new thread of the assistant's owner for a public call.
fn owner_thread(
    s: &Shared,
    a: &AssistantRec,
    name: &str,
) -> Result<super::state::ThreadRec, ErrorReply> {
    let mut metadata = Map::new();
    metadata.insert("assistant_type".into(), json!(a.assistant_type()));
    metadata.insert("public".into(), json!(true));
    insert_thread(
        s,
        &a.user_id,
        &a.project_id,
        Some(a.assistant_id.clone()),
        name.to_string(),
        metadata,
    )
}

#[derive(Deserialize)]
pub struct PublicRun {
    assistant_id: String,
    #[serde(default)]
    thread_id: Option<String>,
    #[serde(default)]
    input: Value,
}

/// `POST /public/runs/stream`.
pub async fn run_stream(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<PublicRun>,
) -> Result<Response, ErrorReply> {
    let assistant = {
        let db = s.db.lock().unwrap();
        db.assistants
            .get(&body.assistant_id)
            .cloned()
            .ok_or_else(|| ErrorReply::not_found("Assistant"))?
    };
    admit(&assistant, bearer_token(&headers))?;
    let input = normalize_input(&body.input)?;
    let thread = match &body.thread_id {
        // A thread of this assistant only: a public caller reaches nothing else.
        Some(t) => {
            let t = project_thread(&s, &assistant.project_id, t)?;
            if t.assistant_id.as_deref() != Some(assistant.assistant_id.as_str()) {
                return Err(ErrorReply::not_found("Thread"));
            }
            t
        }
        None => owner_thread(&s, &assistant, "public run")?,
    };
    s.persist().await;
    match start_run(&s, &thread, &assistant, input).await? {
        Run::GraphFails => Ok(graph_failure()),
        Run::Planned { plan, history, .. } => Ok(run_response(&s, *plan, history, None)),
    }
}

#[derive(Deserialize)]
pub struct ChatRequest {
    #[serde(default)]
    model: Option<String>,
    messages: Vec<Value>,
    #[serde(default)]
    stream: bool,
}

/// `POST /public/openai/v1/chat/completions`.
pub async fn chat_completions(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<ChatRequest>,
) -> Result<Response, ErrorReply> {
    let assistant = by_token(&s, bearer_token(&headers))?;
    if body.messages.is_empty() {
        return Err(ErrorReply::invalid(
            "too_short",
            json!(["body", "messages"]),
            "messages must hold at least one message",
            json!([]),
        ));
    }
    let input = normalize_input(&Value::Array(body.messages.clone()))?;
    let prompt_tokens: usize = input
        .iter()
        .map(|m| tokenize(m["content"].as_str().unwrap_or("")).len())
        .sum();
    let thread = owner_thread(&s, &assistant, "OpenAI-compatible call")?;
    s.persist().await;
    let reply = match start_run(&s, &thread, &assistant, input).await? {
        Run::GraphFails => {
            return Err(ErrorReply::internal("the assistant's graph does not build"));
        }
        Run::Planned { plan, .. } if plan.failed => {
            return Err(ErrorReply::internal("the run failed"));
        }
        // A real model's run (`--model-url`): its answer once the loop ends.
        Run::Planned {
            mut plan, reply, ..
        } => match plan.live.take() {
            None => reply,
            Some(done) => {
                drop(plan);
                match done.await {
                    Ok(end) if !end.failed => end.reply,
                    _ => return Err(ErrorReply::internal("the run failed")),
                }
            }
        },
    };
    // `model` is accepted and ignored: the answer names the one that was asked for
    // (what OpenAI clients expect back), else the assistant's.
    let model = body.model.unwrap_or_else(|| assistant.model());
    let id = format!("chatcmpl-{}", uuid::Uuid::new_v4().simple());
    let created = chrono::Utc::now().timestamp();
    let tokens = tokenize(&reply);
    let usage = json!({
        "prompt_tokens": prompt_tokens,
        "completion_tokens": tokens.len(),
        "total_tokens": prompt_tokens + tokens.len(),
    });
    if !body.stream {
        return Ok(ok(json!({
            "id": id,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": reply},
                "logprobs": null,
                "finish_reason": "stop",
            }],
            "usage": usage,
        })));
    }
    let chunk = |delta: Value, finish: Option<&str>| {
        let v = json!({
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
        });
        format!("data: {v}\n\n")
    };
    let mut frames = vec![chunk(json!({"role": "assistant", "content": ""}), None)];
    frames.extend(tokens.iter().map(|t| chunk(json!({"content": t}), None)));
    frames.push(chunk(json!({}), Some("stop")));
    frames.push("data: [DONE]\n\n".to_string());
    let delay = s.cfg.token_delay;
    let stream = futures_util::stream::unfold(frames.into_iter(), move |mut it| async move {
        let f = it.next()?;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        Some((Ok::<_, std::io::Error>(Bytes::from(f)), it))
    });
    let mut resp = Response::new(Body::from_stream(stream));
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    Ok(resp)
}
