//! What a run's stream means to a front-end: new text, tool calls and results,
//! complete messages, the end; and how each looks as an NDJSON record.

use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    /// New text of an AI message.
    Token { id: String, text: String },
    /// An AI message's content changed in a way that does not extend it.
    Restart { id: String, content: String },
    /// The model called a tool.
    ToolCall {
        id: String,
        name: String,
        args: Value,
    },
    /// A tool answered.
    ToolResult {
        tool_call_id: String,
        name: String,
        content: String,
    },
    /// A complete new message (each once).
    Message(Value),
    /// The run failed on the server (`event: error`).
    Error {
        status_code: Option<i64>,
        message: String,
    },
    /// The run finished.
    End,
    /// The run stopped before a tool call, waiting for approval (an agent with
    /// `interrupt_before_action`): `threads resume` runs the call. Said by the
    /// client after the end, from the calls left unanswered and the thread's `next`.
    Paused {
        thread_id: String,
        calls: Vec<(String, String, Value)>,
        next: Vec<String>,
    },
}

impl RunEvent {
    /// The NDJSON form of `threads run --json`.
    pub fn to_json(&self, run_id: Option<&str>) -> Value {
        match self {
            RunEvent::Token { id, text } => json!({"event": "token", "id": id, "text": text}),
            RunEvent::Restart { id, content } => {
                json!({"event": "restart", "id": id, "content": content})
            }
            RunEvent::ToolCall { id, name, args } => {
                json!({"event": "tool_call", "id": id, "name": name, "args": args})
            }
            RunEvent::ToolResult {
                tool_call_id,
                name,
                content,
            } => {
                json!({"event": "tool_result", "tool_call_id": tool_call_id, "name": name, "content": content})
            }
            RunEvent::Message(m) => json!({"event": "message", "message": m}),
            RunEvent::Error {
                status_code,
                message,
            } => json!({"event": "error", "status_code": status_code, "message": message}),
            RunEvent::End => json!({"event": "end", "run_id": run_id}),
            RunEvent::Paused {
                thread_id,
                calls,
                next,
            } => json!({
                "event": "paused",
                "thread_id": thread_id,
                "tool_calls": calls
                    .iter()
                    .map(|(id, name, args)| json!({"id": id, "name": name, "args": args}))
                    .collect::<Vec<_>>(),
                "next": next,
                "resume": format!("epsimo threads resume {thread_id}"),
            }),
        }
    }
}

/// Text of a message's content: a string, or the text parts of a list.
pub fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.clone()),
                other => other
                    .get("text")
                    .or_else(|| other.get("page_content"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
