//! `emulator start --model-url URL`: runs answered by a real model behind an
//! OpenAI-compatible `chat/completions` endpoint (Ollama, llama.cpp's server, vLLM,
//! LM Studio, a hosted API) instead of the echo.
//!
//! The emulator runs the agent loop itself: it sends the assistant's instructions,
//! the thread's messages and the assistant's tools (as function definitions under
//! the names the model sees, fixtures 100-112) to the endpoint, streamed; streams
//! the model's words and tool calls to the client in the production framing as they
//! arrive; runs the tools the model calls (`update_database` writes the thread
//! state, `retrieval` searches the assistant's files, every other built-in answers
//! as the echo model's tools do, see [`super::tools`]); and calls the model again
//! with the results, up to a step limit. A model that fails (an HTTP error, a broken
//! stream, an `error` chunk) ends the run with the `error` event of fixture 27, the
//! reason on the emulator's stderr. So does the step limit.
//!
//! What the model sees of a built-in tool besides its name and argument was not
//! recorded: the emulator sends the tool's stored `description` (for `retrieval`,
//! the assistant's `retrieval_description` or the schema's default), and a single
//! string argument.

use std::sync::Arc;

use serde_json::{Map, Value, json};
use tokio::sync::{mpsc, oneshot};

use super::Shared;
use super::options::Mode;
use super::state::{AssistantRec, new_id};

/// The endpoint runs are sent to, as `--model-url`, `--model` and
/// `--model-key-env` gave it.
pub struct ModelConfig {
    /// The `chat/completions` URL requests go to.
    pub endpoint: String,
    /// The model asked for; `None`: the assistant's own model name.
    pub model: Option<String>,
    /// The bearer key sent, if any.
    key: Option<String>,
    /// The most model calls in one run.
    pub max_steps: usize,
    client: reqwest::Client,
}

impl std::fmt::Debug for ModelConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelConfig")
            .field("endpoint", &self.endpoint)
            .field("model", &self.model)
            .field("key", &self.key.as_ref().map(|_| "(set)"))
            .field("max_steps", &self.max_steps)
            .finish()
    }
}

impl ModelConfig {
    /// The endpoint of `url`: a base URL as OpenAI's SDKs take it
    /// (`http://localhost:11434/v1`) gets `/chat/completions` added; a URL that
    /// already ends with it is used as it is.
    pub fn new(
        url: &str,
        model: Option<String>,
        key: Option<String>,
        max_steps: usize,
    ) -> Result<ModelConfig, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("--model-url {url}: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("--model-url {url}: not an http or https URL"));
        }
        let base = url.trim_end_matches('/');
        let endpoint = if base.ends_with("/chat/completions") {
            base.to_string()
        } else {
            format!("{base}/chat/completions")
        };
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(ModelConfig {
            endpoint,
            model,
            key,
            max_steps: max_steps.max(1),
            client,
        })
    }
}

/// How a model-driven run ended, for callers that want the answer as a whole (the
/// OpenAI-compatible public endpoint).
#[derive(Debug, Clone, Default)]
pub struct LiveEnd {
    /// The last text the model answered.
    pub reply: String,
    /// The run ended with an `error` event.
    pub failed: bool,
}

/// A tool call as it streams in: pieces of its arguments keep arriving.
#[derive(Debug, Clone, Default)]
struct Call {
    id: String,
    name: String,
    arguments: String,
}

/// How a model turn ended, as the endpoint said it (upstream keeps these in the
/// message's `response_metadata`).
struct Finish {
    reason: String,
    model: String,
    fingerprint: Value,
}

/// The AI message of a model turn so far, in upstream's shape.
fn ai_message(id: &str, content: &str, finish: Option<&Finish>, calls: &[Call]) -> Value {
    let response_metadata = match finish {
        Some(f) => json!({
            "finish_reason": f.reason,
            "model_name": f.model,
            "system_fingerprint": f.fingerprint,
        }),
        None => json!({}),
    };
    let additional = if calls.is_empty() {
        json!({})
    } else {
        json!({"tool_calls": calls.iter().enumerate().map(|(i, c)| json!({
            "index": i, "id": c.id, "function": {"arguments": c.arguments, "name": c.name}, "type": "function",
        })).collect::<Vec<_>>()})
    };
    let tool_calls: Vec<Value> = calls
        .iter()
        .map(|c| {
            let args = serde_json::from_str::<Value>(&c.arguments)
                .ok()
                .filter(Value::is_object)
                .unwrap_or(json!({}));
            json!({"name": c.name, "args": args, "id": c.id, "type": "tool_call"})
        })
        .collect();
    super::tools::ai_shape(
        id,
        content,
        additional,
        response_metadata,
        Value::Array(tool_calls),
    )
}

/// A `data` event of these messages, in the production framing.
fn data_frame(messages: &[Value]) -> String {
    format!(
        "event: data\r\ndata: {}\r\n\r\n",
        Value::Array(messages.to_vec())
    )
}

/// The `error` event of a failing model (fixture 27).
fn error_frame() -> String {
    "event: error\r\ndata: {\"status_code\":500,\"message\":\"Internal Server Error\"}\r\n\r\n"
        .into()
}

/// The text of a message's content (a list of parts is joined), or its JSON.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts)
            if parts
                .iter()
                .all(|p| p.is_string() || p.get("text").is_some()) =>
        {
            parts
                .iter()
                .filter_map(|p| p.as_str().or_else(|| p.get("text").and_then(Value::as_str)))
                .collect::<Vec<_>>()
                .join("")
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The thread's messages as the OpenAI chat format has them, after the system
/// message of the assistant's instructions.
pub fn chat_messages(system: Option<&str>, messages: &[Value]) -> Vec<Value> {
    let mut out = Vec::with_capacity(messages.len() + 1);
    if let Some(s) = system {
        out.push(json!({"role": "system", "content": s}));
    }
    for m in messages {
        let text = content_text(&m["content"]);
        match m["type"].as_str().unwrap_or("") {
            "human" | "chat" => out.push(json!({"role": "user", "content": text})),
            "system" => out.push(json!({"role": "system", "content": text})),
            "ai" => {
                let calls: Vec<Value> = m["tool_calls"]
                    .as_array()
                    .map(|calls| {
                        calls
                            .iter()
                            .map(|c| {
                                json!({"id": c["id"], "type": "function", "function": {
                                    "name": c["name"],
                                    "arguments": c.get("args").cloned().unwrap_or(json!({})).to_string(),
                                }})
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if calls.is_empty() {
                    out.push(json!({"role": "assistant", "content": text}));
                } else {
                    out.push(json!({"role": "assistant", "content": if text.is_empty() { Value::Null } else { json!(text) }, "tool_calls": calls}));
                }
            }
            "tool" | "function" => out.push(json!({
                "role": "tool",
                "tool_call_id": m["tool_call_id"],
                "content": text,
            })),
            _ => {}
        }
    }
    out
}

/// The assistant's tools as function definitions, under the names the model sees.
/// A tool whose model-visible form was not recorded (Connery's runner, one tool
/// per action upstream) is left out, and the emulator says so.
pub fn tool_definitions(assistant: &AssistantRec, mode: Mode) -> Vec<Value> {
    let configurable = assistant
        .config
        .get("configurable")
        .cloned()
        .unwrap_or(json!({}));
    assistant
        .tools()
        .iter()
        .filter_map(|tool| {
            let kind = tool.get("type").and_then(Value::as_str).unwrap_or("");
            let described = tool
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("");
            let (name, description, parameters) = if kind == crate::contract::catalog::FUNCTION {
                (
                    tool.get("name").and_then(Value::as_str)?.to_string(),
                    described.to_string(),
                    tool.pointer("/config/parameters")
                        .cloned()
                        .unwrap_or(json!({"type": "object", "properties": {}})),
                )
            } else {
                let (Some(name), Some(arg)) = (
                    crate::contract::catalog::model_visible_name(tool),
                    crate::contract::catalog::model_visible_argument(kind),
                ) else {
                    super::explain(&format!(
                        "tool `{kind}` is not offered to the model: what the model sees of it was not recorded"
                    ));
                    return None;
                };
                let description = if kind == "retrieval" {
                    configurable
                        .get("type==agent/retrieval_description")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .or_else(|| {
                            super::schema::schema(mode)
                                .pointer("/$defs/Configurable/properties/type==agent~1retrieval_description/default")
                                .and_then(Value::as_str)
                                .map(str::to_owned)
                        })
                        .unwrap_or_else(|| described.to_string())
                } else {
                    described.to_string()
                };
                (
                    name,
                    description,
                    json!({"type": "object", "properties": {arg: {"type": "string"}}, "required": [arg]}),
                )
            };
            Some(json!({"type": "function", "function": {
                "name": name, "description": description, "parameters": parameters,
            }}))
        })
        .collect()
}

/// The instructions of the assistant, by its bot type.
fn system_message(assistant: &AssistantRec) -> Option<String> {
    let key = crate::contract::catalog::key(&assistant.assistant_type(), "system_message");
    assistant
        .config
        .pointer(&format!("/configurable/{}", key.replace('/', "~1")))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// What one model call answered.
struct Turn {
    message: Value,
    text: String,
    calls: Vec<Call>,
}

/// Why a model call failed (said on the emulator's stderr).
type Failure = String;

/// Sends frames to the client, if it is still there: the run goes on without it.
struct Out {
    tx: mpsc::Sender<String>,
}

impl Out {
    async fn send(&self, frame: String) {
        let _ = self.tx.send(frame).await;
    }
}

/// One streamed call to the model; each piece it sends is streamed on at once.
async fn call_model(
    cfg: &ModelConfig,
    model: &str,
    messages: &[Value],
    tools: &[Value],
    out: &Out,
) -> Result<Turn, Failure> {
    let mut body = json!({"model": model, "messages": messages, "stream": true});
    if !tools.is_empty() {
        body["tools"] = json!(tools);
    }
    let mut req = cfg.client.post(&cfg.endpoint).json(&body);
    if let Some(k) = &cfg.key {
        req = req.bearer_auth(k);
    }
    let resp = req
        .send()
        .await
        .map_err(|e| format!("the model at {} could not be reached: {e}", cfg.endpoint))?;
    let status = resp.status();
    if !status.is_success() {
        let text = resp.text().await.unwrap_or_default();
        return Err(format!(
            "the model at {} answered {status}: {}",
            cfg.endpoint,
            text.chars().take(500).collect::<String>()
        ));
    }
    let id = format!("run-{}", new_id());
    let mut text = String::new();
    let mut calls: Vec<Call> = Vec::new();
    let mut finish: Option<String> = None;
    let mut model_name = model.to_string();
    let mut fingerprint = Value::Null;
    let mut buf: Vec<u8> = Vec::new();
    let mut stream = resp.bytes_stream();
    let mut done = false;
    while !done {
        let Some(piece) = futures_util::StreamExt::next(&mut stream).await else {
            break;
        };
        let piece = piece.map_err(|e| format!("the model's stream broke: {e}"))?;
        buf.extend_from_slice(&piece);
        while let Some(nl) = memchr::memchr(b'\n', &buf) {
            let line: Vec<u8> = buf.drain(..=nl).collect();
            let line = String::from_utf8_lossy(&line);
            let Some(data) = line.trim_end().strip_prefix("data:") else {
                continue;
            };
            let data = data.trim_start();
            if data == "[DONE]" {
                done = true;
                break;
            }
            let chunk: Value = serde_json::from_str(data)
                .map_err(|e| format!("the model sent a chunk that is not JSON ({e}): {data}"))?;
            if let Some(err) = chunk.get("error") {
                return Err(format!("the model answered an error: {err}"));
            }
            if let Some(m) = chunk.get("model").and_then(Value::as_str) {
                model_name = m.to_string();
            }
            if let Some(f) = chunk.get("system_fingerprint").filter(|f| !f.is_null()) {
                fingerprint = f.clone();
            }
            let Some(choice) = chunk.pointer("/choices/0") else {
                continue;
            };
            let delta = &choice["delta"];
            let mut changed = false;
            if let Some(t) = delta.get("content").and_then(Value::as_str)
                && !t.is_empty()
            {
                text.push_str(t);
                changed = true;
            }
            for piece in delta
                .get("tool_calls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let index = piece
                    .get("index")
                    .and_then(Value::as_u64)
                    .map(|i| i as usize)
                    .unwrap_or(calls.len().saturating_sub(1));
                if index > 128 {
                    return Err(format!("the model sent a tool call index of {index}"));
                }
                while calls.len() <= index {
                    calls.push(Call::default());
                }
                let call = &mut calls[index];
                if let Some(i) = piece.get("id").and_then(Value::as_str) {
                    call.id = i.to_string();
                }
                if let Some(n) = piece.pointer("/function/name").and_then(Value::as_str) {
                    call.name.push_str(n);
                }
                if let Some(a) = piece.pointer("/function/arguments").and_then(Value::as_str) {
                    call.arguments.push_str(a);
                }
                changed = true;
            }
            if let Some(f) = choice.get("finish_reason").and_then(Value::as_str) {
                finish = Some(f.to_string());
            }
            if changed {
                out.send(data_frame(&[ai_message(&id, &text, None, &calls)]))
                    .await;
            }
        }
    }
    if finish.is_none() && !done && text.is_empty() && calls.is_empty() {
        return Err("the model's stream ended without an answer".into());
    }
    for (i, c) in calls.iter_mut().enumerate() {
        if c.id.is_empty() {
            c.id = format!("call_{i}_{}", uuid::Uuid::new_v4().simple());
        }
    }
    let reason = finish.unwrap_or_else(|| {
        if calls.is_empty() {
            "stop".into()
        } else {
            "tool_calls".into()
        }
    });
    let finish = Finish {
        reason,
        model: model_name,
        fingerprint,
    };
    let message = ai_message(&id, &text, Some(&finish), &calls);
    out.send(data_frame(std::slice::from_ref(&message))).await;
    Ok(Turn {
        message,
        text,
        calls,
    })
}

/// The calls of the thread's last AI message that have no result yet (a run
/// paused before them, `interrupt_before_action`).
fn pending_calls(messages: &[Value]) -> Vec<Call> {
    let Some(pos) = messages.iter().rposition(|m| m["type"] == "ai") else {
        return Vec::new();
    };
    let answered: Vec<&Value> = messages[pos..]
        .iter()
        .filter(|m| m["type"] == "tool")
        .map(|m| &m["tool_call_id"])
        .collect();
    messages[pos]["tool_calls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| !answered.contains(&&c["id"]))
        .map(|c| Call {
            id: c["id"].as_str().unwrap_or_default().to_string(),
            name: c["name"].as_str().unwrap_or_default().to_string(),
            arguments: c.get("args").cloned().unwrap_or(json!({})).to_string(),
        })
        .collect()
}

/// What the run added, committed to the thread when it ends.
struct Progress {
    new_messages: Vec<Value>,
    db_update: Map<String, Value>,
    next: Vec<String>,
}

/// Runs the tools of `calls`; `false` when one raised (the run ends there, as
/// upstream's does: `error`, and the thread waits at the tool step).
async fn run_tools(
    assistant: &AssistantRec,
    mode: Mode,
    passages: &[String],
    calls: &[Call],
    progress: &mut Progress,
    out: &Out,
) -> bool {
    for call in calls {
        let tool = assistant
            .tools()
            .into_iter()
            .find(|t| crate::contract::catalog::tool_is(t, &call.name));
        let kind = tool
            .as_ref()
            .and_then(|t| t.get("type").and_then(Value::as_str).map(str::to_owned));
        let args: Value = serde_json::from_str(&call.arguments).unwrap_or(json!({}));
        let (content, status) = if tool.is_none() {
            (
                json!(format!(
                    "Error: {} is not a valid tool, try one of the assistant's tools.",
                    call.name
                )),
                "error",
            )
        } else {
            match super::tools::tool_outcome(
                kind.as_deref(),
                &call.name,
                &args,
                mode,
                passages,
                &mut progress.db_update,
            ) {
                super::tools::Outcome::Answers { content, status } => (content, status),
                super::tools::Outcome::Raises(why) => {
                    super::explain(&format!("tool {} failed: {why}", call.name));
                    progress.next = vec!["action".to_string()];
                    out.send(error_frame()).await;
                    return false;
                }
            }
        };
        let msg = super::tools::tool_message(&call.name, &call.id, content, status);
        out.send(data_frame(std::slice::from_ref(&msg))).await;
        progress.new_messages.push(msg);
    }
    true
}

/// A run for a real model to answer.
pub(crate) struct LiveRun {
    pub s: Arc<Shared>,
    pub cfg: Arc<ModelConfig>,
    pub thread_id: String,
    pub assistant: AssistantRec,
    /// Every message of the thread, the run's input included.
    pub history: Vec<Value>,
    /// The passages of the assistant's files (for `retrieval`).
    pub passages: Vec<String>,
    /// The run resumes one paused before its tool calls.
    pub resume: bool,
}

/// Starts the agent loop of a run in the background: frames go to `tx` as they are
/// made (the client may leave; the run goes on), and the thread is updated when it
/// ends.
pub(crate) fn spawn(run: LiveRun, tx: mpsc::Sender<String>, done: oneshot::Sender<LiveEnd>) {
    let LiveRun {
        s,
        cfg,
        thread_id,
        assistant,
        history,
        passages,
        resume,
    } = run;
    tokio::spawn(async move {
        let out = Out { tx };
        let mode = s.cfg.mode;
        let model = cfg.model.clone().unwrap_or_else(|| assistant.model());
        let tools = if assistant.assistant_type() == "agent" {
            tool_definitions(&assistant, mode)
        } else {
            Vec::new()
        };
        let system = system_message(&assistant);
        let mut progress = Progress {
            new_messages: Vec::new(),
            db_update: Map::new(),
            next: Vec::new(),
        };
        let mut end = LiveEnd::default();
        let mut go_on = true;
        if resume {
            let pending = pending_calls(&history);
            go_on = run_tools(&assistant, mode, &passages, &pending, &mut progress, &out).await;
        }
        let mut steps = 0;
        while go_on {
            if steps == cfg.max_steps {
                super::explain(&format!(
                    "the run stopped at its step limit ({} model calls; --model-steps)",
                    cfg.max_steps
                ));
                out.send(error_frame()).await;
                end.failed = true;
                break;
            }
            steps += 1;
            let mut all = history.clone();
            all.extend(progress.new_messages.iter().cloned());
            let messages = chat_messages(system.as_deref(), &all);
            let turn = match call_model(&cfg, &model, &messages, &tools, &out).await {
                Ok(t) => t,
                Err(why) => {
                    super::explain(&why);
                    out.send(error_frame()).await;
                    end.failed = true;
                    break;
                }
            };
            progress.new_messages.push(turn.message);
            if turn.calls.is_empty() {
                end.reply = turn.text;
                break;
            }
            if assistant.interrupt_before_action() {
                progress.next = vec!["action".to_string()];
                break;
            }
            go_on = run_tools(
                &assistant,
                mode,
                &passages,
                &turn.calls,
                &mut progress,
                &out,
            )
            .await;
            end.failed |= !go_on;
        }
        {
            let mut db = s.db.lock().unwrap();
            if let Some(t) = db.threads.get_mut(&thread_id) {
                t.add_messages(std::mem::take(&mut progress.new_messages));
                if !progress.db_update.is_empty() {
                    t.merge(std::mem::take(&mut progress.db_update));
                }
                t.next = progress.next.clone();
                let next: Vec<&str> = progress.next.iter().map(String::as_str).collect();
                t.checkpoint(&next);
            }
        }
        s.persist().await;
        out.send("event: end\r\n\r\n".into()).await;
        let _ = done.send(end);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_is_the_base_url_plus_chat_completions() {
        let at = |u: &str| ModelConfig::new(u, None, None, 3).unwrap().endpoint;
        assert_eq!(
            at("http://localhost:11434/v1"),
            "http://localhost:11434/v1/chat/completions"
        );
        assert_eq!(
            at("http://localhost:11434/v1/"),
            "http://localhost:11434/v1/chat/completions"
        );
        assert_eq!(
            at("http://h/v1/chat/completions"),
            "http://h/v1/chat/completions"
        );
        assert!(ModelConfig::new("ftp://h", None, None, 3).is_err());
        assert!(ModelConfig::new("not a url", None, None, 3).is_err());
    }

    #[test]
    fn messages_convert_to_the_chat_format() {
        let history = vec![
            json!({"type": "human", "content": "hi"}),
            json!({"type": "ai", "content": "", "tool_calls": [{"name": "update_database", "args": {"key": "k", "value": 1}, "id": "c1"}]}),
            json!({"type": "tool", "content": "Saved", "tool_call_id": "c1"}),
            json!({"type": "ai", "content": "done", "tool_calls": []}),
        ];
        let m = chat_messages(Some("Be brief."), &history);
        assert_eq!(m[0], json!({"role": "system", "content": "Be brief."}));
        assert_eq!(m[1], json!({"role": "user", "content": "hi"}));
        assert_eq!(m[2]["role"], "assistant");
        assert_eq!(m[2]["content"], Value::Null);
        assert_eq!(m[2]["tool_calls"][0]["function"]["name"], "update_database");
        let args: Value = serde_json::from_str(
            m[2]["tool_calls"][0]["function"]["arguments"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(args, json!({"key": "k", "value": 1}));
        assert_eq!(
            m[3],
            json!({"role": "tool", "tool_call_id": "c1", "content": "Saved"})
        );
        assert_eq!(m[4], json!({"role": "assistant", "content": "done"}));
    }

    #[test]
    fn only_unanswered_calls_are_pending() {
        let history = vec![
            json!({"type": "ai", "content": "", "tool_calls": [
                {"name": "a", "args": {}, "id": "c1"}, {"name": "b", "args": {"q": 1}, "id": "c2"}]}),
            json!({"type": "tool", "content": "x", "tool_call_id": "c1"}),
        ];
        let p = pending_calls(&history);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].name, "b");
        assert_eq!(p[0].arguments, r#"{"q":1}"#);
    }
}
