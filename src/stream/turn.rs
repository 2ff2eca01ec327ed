//! One streamed turn of a conversation: the payload for the thread's bot type, the
//! stream read through the SSE parser and the accumulator into a [`Sink`], its
//! deadlines and caps, and how it ended (done, paused, failed). Shared by
//! `threads run`, `threads resume` and `chat`; a front-end supplies the sink.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::accumulator::{Accumulator, RunEvent};
use super::error::StreamError;
use super::sse::Parser;
use crate::api::client::root_cause;
use crate::api::{Api, Auth, Call, item_path};
use crate::error::{CliError, Exit, Result};

/// Where the events of a turn go. A sink may buffer; `flush` is called after the
/// events of each chunk received from the network, so output is never behind what
/// arrived, without a write per token.
pub trait Sink {
    fn event(&mut self, event: &RunEvent, run_id: Option<&str>) -> Result<()>;
    /// Writes out what is buffered.
    fn flush(&mut self) -> Result<()>;
    /// Called once when the stream is over, however it ended.
    fn close(&mut self) -> Result<()> {
        self.flush()
    }
}

/// The thread a turn runs on, and what is known of it before the run.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    pub thread_id: String,
    /// The assistant the runs name (`None`: the thread's own).
    pub assistant_id: Option<String>,
    /// `agent`, `chatbot` or `chat_retrieval`: decides the input's shape.
    pub bot_type: String,
    /// The thread was created for this conversation.
    pub created: bool,
    /// Ids of the messages the thread held before the run: never printed again.
    pub known: Vec<String>,
    /// The thread's `next` as read before the run (`["action"]`: a paused run, or a
    /// tool call that failed).
    pub next: Vec<String>,
    /// The tool calls the thread stopped at (id, name, args), read before the run: a
    /// resumed run answers them without announcing them again.
    pub pending: Vec<(String, String, Value)>,
    /// At the tool step because a tool call failed on the server, not because the
    /// assistant pauses before tools (`interrupt_before_action` is not set).
    pub failed_tool: bool,
    /// How long a run may take in all (`--timeout`), else `EPSIMO_RUN_TIMEOUT`.
    pub timeout: Option<Duration>,
}

impl Conversation {
    /// A run waits for approval of a tool call (`threads resume` runs it).
    pub fn waiting(&self) -> bool {
        self.at_tool_step() && !self.failed_tool
    }

    /// The graph stopped at its tool step: paused, or a tool call failed.
    pub fn at_tool_step(&self) -> bool {
        self.next.iter().any(|n| n == "action")
    }
}

/// What a turn sends: a message, or nothing (resume a paused run, fixture 48).
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Message(&'a str),
    Resume,
}

/// How a turn ended (failures are errors).
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done,
    /// Stopped before these tool calls (id, name, args), waiting for approval.
    Paused(Vec<(String, String, Value)>),
}

/// The run payload of the contract. The input's shape follows the bot type: a list of
/// messages, or `{"messages": [...]}` for `chat_retrieval` (fixture 82), or `null` to
/// resume.
pub fn payload(conv: &Conversation, input: Input) -> Value {
    let input = match input {
        Input::Resume => Value::Null,
        Input::Message(text) => {
            let m = json!([{"role": "user", "type": "human", "content": text}]);
            if conv.bot_type == crate::contract::catalog::CHAT_RETRIEVAL {
                json!({"messages": m})
            } else {
                m
            }
        }
    };
    let mut p = json!({
        "thread_id": conv.thread_id,
        "input": input,
        "stream_mode": ["messages", "events", "values"],
    });
    if let Some(a) = &conv.assistant_id {
        p["assistant_id"] = json!(a);
    }
    p
}

pub use crate::contract::state::{message_ids, state_next};

/// Sends one turn and streams the reply into `sink`. Fails on an `error` event, on a
/// stream cut before `end`, and on a stream that only pings for longer than the read
/// timeout. A run refused before it started leaves no thread behind that this
/// conversation created. After the turn, `conv` knows every message it saw.
pub async fn turn(
    api: &Api,
    project_id: &str,
    conv: &mut Conversation,
    input: Input<'_>,
    sink: &mut (dyn Sink + Send),
) -> Result<Outcome> {
    let auth = Auth::Project(project_id.to_string());
    let call = Call::post("/runs/stream", auth.clone(), payload(conv, input)).streamed();
    streamed(api, call, &auth, true, conv, sink).await
}

/// The platform's streaming run for public callers (`POST /public/runs/stream`): one
/// message to `conv.assistant_id`, on `conv.thread_id` when it is not empty (else the
/// server makes one in the owner's project), as an outsider with the assistant's
/// public token (`None` for a `public_no_auth` assistant). The guide shows no body
/// for this route: the `/runs/stream` payload is sent. An outsider reads no thread
/// state, so a run that stops before a tool call is reported as ended (the calls were
/// shown as they came).
pub async fn public_turn(
    api: &Api,
    token: Option<&str>,
    conv: &mut Conversation,
    message: &str,
    sink: &mut (dyn Sink + Send),
) -> Result<Outcome> {
    let auth = token.map_or(Auth::None, |t| Auth::Public(t.to_string()));
    let mut body = payload(conv, Input::Message(message));
    if conv.thread_id.is_empty()
        && let Some(map) = body.as_object_mut()
    {
        map.remove("thread_id");
    }
    let call = Call::post(PUBLIC_RUNS_PATH, auth.clone(), body)
        .streamed()
        .once();
    streamed(api, call, &auth, false, conv, sink).await
}

/// Where public callers stream a run (the platform's guide, "Public Assistants").
pub const PUBLIC_RUNS_PATH: &str = "/public/runs/stream";

/// Streams the run `call` starts into `sink`. `owner` says the caller may read the
/// thread's state (to tell a pause from an end) and delete a thread it made.
async fn streamed(
    api: &Api,
    call: Call,
    auth: &Auth,
    owner: bool,
    conv: &mut Conversation,
    sink: &mut (dyn Sink + Send),
) -> Result<Outcome> {
    let auth = auth.clone();
    let path = call.path.clone();
    let mut resp = match api.send(&call).await {
        Ok(r) => r,
        Err(e) => {
            sink.close()?;
            return Err(forget_new_thread(api, &auth, conv, e).await);
        }
    };
    let idle_limit = api.options().read_timeout;
    let total = conv.timeout.unwrap_or(api.options().run_timeout);
    let deadline = Instant::now() + total;
    let mut parser = Parser::new();
    parser.max_event = api.options().max_body.min(super::sse::MAX_EVENT_BYTES);
    let mut acc = Accumulator::new();
    acc.knew(conv.known.iter().cloned());
    let mut failure: Option<CliError> = None;
    let mut tool_failed = false;
    // Only real progress (text, tool activity, the end) resets the idle deadline:
    // keep-alive comments and named `ping` events do not.
    let mut last_progress = Instant::now();
    let result: Result<()> = async {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Err(StreamError::Deadline { total }.into());
            }
            let idle_left = idle_limit.saturating_sub(now - last_progress);
            let wait = idle_left.min(deadline - now);
            let chunk = match tokio::time::timeout(wait, resp.chunk()).await {
                Err(_) if Instant::now() >= deadline => return Err(StreamError::Deadline { total }.into()),
                Err(_) => return Err(StreamError::Idle { limit: idle_limit }.into()),
                Ok(Err(e)) => {
                    return Err(StreamError::Broke { cause: root_cause(&e) }.into());
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(c))) => c,
            };
            let events = parser.feed(&chunk);
            if parser.overflowed() {
                return Err(CliError::from(crate::api::error::ApiError::TooLarge {
                    url: format!("{}{path}", api.base_url()),
                    limit: parser.max_event,
                })
                .remedy(crate::error::Remedy::EventLimit));
            }
            for e in events {
                let out = acc.push(e);
                if !out.is_empty() {
                    last_progress = Instant::now();
                }
                for ev in out {
                    if let RunEvent::Error { status_code, message } = &ev {
                        let pending = acc.unanswered_calls();
                        tool_failed = !pending.is_empty();
                        failure = Some(CliError::from(if pending.is_empty() {
                            StreamError::RunFailed {
                                status_code: *status_code,
                                message: message.clone(),
                                started: acc.run_id.is_some(),
                            }
                        } else {
                            StreamError::ToolFailed {
                                tools: pending.into_iter().map(|(_, n, _)| n).collect(),
                                status_code: *status_code,
                                message: message.clone(),
                            }
                        }));
                    }
                    sink.event(&ev, acc.run_id.as_deref())?;
                }
            }
            sink.flush()?;
            if acc.overflowed() {
                return Err(CliError::new(
                    Exit::Unavailable,
                    format!(
                        "the stream brought more than {} new messages (or {} MiB of unfinished ones) in one run: stopped reading it",
                        super::accumulator::MAX_NEW_MESSAGES,
                        super::accumulator::MAX_PENDING_BYTES / (1024 * 1024)
                    ),
                )
                .with_hint("what arrived is shown above; a reply is never this large, so the server is misbehaving"));
            }
            if acc.ended() {
                return Ok(());
            }
        }
        for e in parser.finish() {
            for ev in acc.push(e) {
                sink.event(&ev, acc.run_id.as_deref())?;
            }
        }
        if !acc.ended() {
            return Err(StreamError::EndedEarly.into());
        }
        Ok(())
    }
    .await;
    conv.known = acc.seen_ids();
    if tool_failed {
        conv.next = vec!["action".into()];
        conv.failed_tool = true;
    }
    let outcome = match (&result, &failure) {
        (Ok(()), None) if owner => paused(api, &auth, conv, &acc).await,
        _ => Outcome::Done,
    };
    if let Outcome::Paused(calls) = &outcome {
        sink.event(
            &RunEvent::Paused {
                thread_id: conv.thread_id.clone(),
                calls: calls.clone(),
                next: conv.next.clone(),
            },
            acc.run_id.as_deref(),
        )?;
    }
    sink.close()?;
    result?;
    match failure {
        Some(f) => Err(f),
        None => Ok(outcome),
    }
}

/// A run that ended normally with tool calls no tool answered stopped before them
/// (`interrupt_before_action`, fixtures 46-47) when the thread's `next` says so; the
/// state is read only in that case.
async fn paused(api: &Api, auth: &Auth, conv: &mut Conversation, acc: &Accumulator) -> Outcome {
    let calls = acc.unanswered_calls();
    if calls.is_empty() {
        conv.next.clear();
        return Outcome::Done;
    }
    let call = Call::get(
        item_path("/threads", &conv.thread_id, "/state"),
        auth.clone(),
    )
    .once();
    match api.json::<Value>(&call).await {
        Ok(state) => {
            conv.next = state_next(&state);
            if conv.waiting() {
                Outcome::Paused(calls)
            } else {
                Outcome::Done
            }
        }
        // Unreadable state: the stream alone says the calls are waiting.
        Err(_) => {
            conv.next = vec!["action".into()];
            Outcome::Paused(calls)
        }
    }
}

/// A run refused before it started: a thread created for it is deleted again (it
/// would cost a credit and hold nothing), and the error says so.
async fn forget_new_thread(api: &Api, auth: &Auth, conv: &Conversation, e: CliError) -> CliError {
    if !conv.created || e.exit == Exit::Interrupted {
        return e;
    }
    let delete = Call::new(
        reqwest::Method::DELETE,
        item_path("/threads", &conv.thread_id, ""),
        auth.clone(),
    );
    let deleted = api.empty(&delete).await.is_ok();
    let then = e.remedy.clone();
    e.remedy(crate::error::Remedy::NewThreadLeft {
        thread: conv.thread_id.clone(),
        deleted,
        then,
    })
}
