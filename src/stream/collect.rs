//! A run as a front-end reports it: the reply, the tool calls with their results,
//! and whether the run paused for approval, collected from the streamed turn; and
//! one short progress line per network chunk that brought news (`epsimo mcp` sends
//! them as progress notifications). Used by `epsimo mcp` and `epsimo test`.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::accumulator::RunEvent;
use super::turn::Sink;
use crate::error::Result;

/// One tool call of the run, with what the tool answered (absent: not answered,
/// as when the run paused before it).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    /// The arguments the model gave, as JSON.
    pub args: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// Bytes of reply text and tool results one collected run may hold (MCP and
/// `epsimo test` return them whole): past it the run ends in an error.
pub const MAX_COLLECTED_BYTES: usize = 32 * 1024 * 1024;

/// A sink that keeps what a front-end must return, and reports progress.
pub struct Collect {
    /// Bytes kept so far (reply text and tool results).
    kept: usize,
    texts: IndexMap<String, String>,
    pub calls: Vec<ToolCall>,
    pub pending: Vec<ToolCall>,
    pub run_id: Option<String>,
    progress: Option<UnboundedSender<String>>,
    /// What happened since the last progress notification.
    news: String,
    tokens: Option<u64>,
}

impl Collect {
    /// `progress` receives one short line per network chunk that brought news.
    pub fn new(progress: Option<UnboundedSender<String>>) -> Self {
        Collect {
            kept: 0,
            texts: IndexMap::new(),
            calls: Vec::new(),
            pending: Vec::new(),
            run_id: None,
            progress,
            news: String::new(),
            tokens: None,
        }
    }

    /// Calls announced before this stream (a paused run's, which a resumed run
    /// answers): their results arrive with the arguments the model gave.
    pub fn expect_calls(&mut self, calls: &[(String, String, Value)]) {
        for (id, name, args) in calls {
            self.calls.push(ToolCall {
                id: id.clone(),
                name: name.clone(),
                args: args.clone(),
                result: None,
            });
        }
    }

    /// No more progress: lets the receiving end finish.
    pub fn stop_progress(&mut self) {
        self.progress = None;
    }

    /// Tokens the platform reported for the run's messages (`usage_metadata`), if
    /// it did.
    pub fn tokens(&self) -> Option<u64> {
        self.tokens
    }

    /// The reply: each AI message's text, in order, apart by a blank line.
    pub fn reply(&self) -> String {
        self.texts
            .values()
            .filter(|t| !t.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

impl Sink for Collect {
    fn event(&mut self, event: &RunEvent, run_id: Option<&str>) -> Result<()> {
        if self.run_id.is_none() {
            self.run_id = run_id.map(str::to_owned);
        }
        self.kept += match event {
            RunEvent::Token { text, .. } => text.len(),
            RunEvent::Restart { content, .. } => content.len(),
            RunEvent::ToolResult { content, .. } => content.len(),
            _ => 0,
        };
        if self.kept > MAX_COLLECTED_BYTES {
            return Err(crate::error::CliError::new(
                crate::error::Exit::Unavailable,
                format!(
                    "the run's reply and tool results passed {} MiB: stopped collecting it",
                    MAX_COLLECTED_BYTES / (1024 * 1024)
                ),
            )
            .remedy(crate::error::Remedy::StreamIt));
        }
        match event {
            RunEvent::Token { id, text } => {
                self.texts.entry(id.clone()).or_default().push_str(text);
                self.news.push_str(text);
            }
            RunEvent::Restart { id, content } => {
                self.texts.insert(id.clone(), content.clone());
            }
            RunEvent::ToolCall { id, name, args } => {
                if !self.calls.iter().any(|c| c.id == *id) {
                    self.calls.push(ToolCall {
                        id: id.clone(),
                        name: name.clone(),
                        args: args.clone(),
                        result: None,
                    });
                    self.news = format!("calling {name}");
                }
            }
            RunEvent::ToolResult {
                tool_call_id,
                name,
                content,
            } => {
                match self.calls.iter_mut().find(|c| c.id == *tool_call_id) {
                    Some(c) => c.result = Some(content.clone()),
                    None => self.calls.push(ToolCall {
                        id: tool_call_id.clone(),
                        name: name.clone(),
                        args: Value::Null,
                        result: Some(content.clone()),
                    }),
                }
                self.news = format!("{name} answered");
            }
            RunEvent::Paused { calls, .. } => {
                self.pending = calls
                    .iter()
                    .map(|(id, name, args)| ToolCall {
                        id: id.clone(),
                        name: name.clone(),
                        args: args.clone(),
                        result: None,
                    })
                    .collect();
            }
            RunEvent::Message(m) => {
                if let Some(n) = m
                    .pointer("/usage_metadata/total_tokens")
                    .and_then(Value::as_u64)
                {
                    *self.tokens.get_or_insert(0) += n;
                }
            }
            RunEvent::Error { .. } | RunEvent::End => {}
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.news.is_empty() {
            return Ok(());
        }
        let news = std::mem::take(&mut self.news);
        if let Some(tx) = &self.progress {
            // A client that went away is not the run's failure.
            let _ = tx.send(crate::util::truncate(&news, 200));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_run_is_collected_and_reported() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut c = Collect::new(Some(tx));
        let events = [
            RunEvent::Token {
                id: "m1".into(),
                text: "Hel".into(),
            },
            RunEvent::Token {
                id: "m1".into(),
                text: "lo".into(),
            },
        ];
        for e in &events {
            c.event(e, Some("run-1")).unwrap();
        }
        c.flush().unwrap();
        c.flush().unwrap();
        c.event(
            &RunEvent::ToolCall {
                id: "c1".into(),
                name: "update_database".into(),
                args: json!({"key": "k"}),
            },
            None,
        )
        .unwrap();
        c.event(
            &RunEvent::ToolResult {
                tool_call_id: "c1".into(),
                name: "update_database".into(),
                content: "Saved".into(),
            },
            None,
        )
        .unwrap();
        c.event(
            &RunEvent::Restart {
                id: "m2".into(),
                content: "Done.".into(),
            },
            None,
        )
        .unwrap();
        c.flush().unwrap();
        assert_eq!(c.reply(), "Hello\n\nDone.");
        assert_eq!(c.run_id.as_deref(), Some("run-1"));
        assert_eq!(c.calls.len(), 1);
        assert_eq!(c.calls[0].result.as_deref(), Some("Saved"));
        // One notification per flush that brought news; none for an empty one.
        assert_eq!(rx.try_recv().unwrap(), "Hello");
        assert_eq!(rx.try_recv().unwrap(), "update_database answered");
        assert!(rx.try_recv().is_err());
    }
}
