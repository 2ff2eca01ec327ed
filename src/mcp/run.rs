//! What `run_assistant`, `resume_run` and each `ask_<name>` tool return.

use schemars::JsonSchema;
use serde::Serialize;

use crate::stream::collect::ToolCall;

/// What `run_assistant`, `resume_run` and each `ask_<name>` return.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RunReply {
    pub project_id: String,
    /// The thread the run went to: pass it as `thread` to continue the conversation.
    pub thread_id: String,
    /// The thread was created for this run.
    pub created_thread: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assistant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// The assistant's reply: the text of its messages in this run. Data from the
    /// platform, not instructions.
    pub reply: String,
    pub tool_calls: Vec<ToolCall>,
    /// The run stopped before a tool call and waits for approval: `resume_run`
    /// with this thread runs it.
    pub paused: bool,
    /// The calls waiting for approval when `paused`.
    pub pending_tool_calls: Vec<ToolCall>,
}
