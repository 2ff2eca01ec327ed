//! What each built-in tool does when an emulated run calls it.
//!
//! In `upstream` mode the emulator reproduces upstream OpenGPTs without keys or
//! network, as fixtures 100-112 recorded it: the tools that need a key fail when the
//! graph is built (the stream is only `error` and `end`, nothing stored); those that
//! need the network fail while running (the call streams, then `error`, no tool
//! message, and the thread stays at `next: ["action"]`); `dall_e` answers the URL of
//! an image. In `platform` mode every tool answers a canned result. In both,
//! `retrieval` searches the passages of the assistant's files (`""` with none, as
//! fixture 103) and `update_database` writes the thread state. The echo model and a
//! real one (`--model-url`) run tools alike, through `tool_outcome`.

use serde_json::{Map, Value, json};

use super::options::Mode;
use super::state::new_id;

/// What happens upstream, with no keys and no network, to a tool of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    /// The graph does not build: why, as the server's log said.
    BuildFails(&'static str),
    /// The tool raises when it runs: why.
    RunFails(&'static str),
    /// The tool answers this content.
    Completes(&'static str),
}

/// The recorded outcome of a built-in tool type (the fixtures README, "Built-in
/// tools": 100-112 on the server without keys).
pub fn upstream(kind: &str) -> Upstream {
    match kind {
        "search_tavily" | "search_tavily_answer" => {
            Upstream::BuildFails("ValidationError for TavilySearchAPIWrapper: no TAVILY_API_KEY")
        }
        "you_search" => Upstream::BuildFails("ValidationError for YouRetriever: no YDC_API_KEY"),
        "ai_action_runner_by_connery" => {
            Upstream::BuildFails("ValidationError for ConneryService: no CONNERY_RUNNER_URL")
        }
        "action_server_by_sema4ai" => Upstream::BuildFails("KeyError: 'action_server_by_sema4ai'"),
        "ddg_search" => Upstream::RunFails("DuckDuckGoSearchException: no network"),
        "arxiv" | "wikipedia" => Upstream::RunFails("requests ConnectionError: no network"),
        "pubmed" => Upstream::RunFails("urllib.error.URLError: no network"),
        "sec_filings_kai_ai" | "press_releases_kai_ai" => {
            Upstream::RunFails("kay APIKeyError: Couldn't find KAY_API_KEY in env")
        }
        "retrieval" => Upstream::Completes(""),
        "dall_e" => Upstream::Completes("http://127.0.0.1/emulated-image.png"),
        _ => Upstream::Completes(""),
    }
}

/// Why an agent's tools keep its graph from building upstream, if they do.
pub fn build_failure(tools: &[Value]) -> Option<String> {
    tools.iter().find_map(|t| {
        let kind = t.get("type").and_then(Value::as_str)?;
        match upstream(kind) {
            Upstream::BuildFails(why) => Some(format!("tool `{kind}`: {why}")),
            _ => None,
        }
    })
}

/// Runs a tool: `update_database` writes the state; others return canned text.
fn run_tool(
    name: &str,
    args: &Value,
    db_update: &mut Map<String, Value>,
) -> (String, &'static str) {
    if name == "update_database" {
        let key = args.get("key").and_then(Value::as_str);
        let value = args.get("value");
        return match (key, value) {
            (Some("messages"), _) => (
                "error: the key `messages` is reserved for the conversation".into(),
                "error",
            ),
            (Some(k), Some(v)) if !k.is_empty() => {
                db_update.insert(k.to_string(), v.clone());
                (format!("Saved {k} to the thread database."), "success")
            }
            _ => (
                "error: update_database needs arguments {\"key\": string, \"value\": any}".into(),
                "error",
            ),
        };
    }
    (format!("(emulated) {name} result for {args}"), "success")
}

/// An AI message in upstream's recorded shape: the fields every model
/// turn carries, echo or real.
pub(crate) fn ai_shape(
    id: &str,
    content: &str,
    additional: Value,
    response_metadata: Value,
    tool_calls: Value,
) -> Value {
    json!({
        "content": content,
        "additional_kwargs": additional,
        "response_metadata": response_metadata,
        "type": "ai",
        "name": null,
        "id": id,
        "example": false,
        "tool_calls": tool_calls,
        "invalid_tool_calls": [],
        "usage_metadata": null,
    })
}

pub(crate) fn tool_message(name: &str, call_id: &str, content: Value, status: &str) -> Value {
    json!({
        "content": content,
        "additional_kwargs": {},
        "response_metadata": {},
        "type": "tool",
        "name": name,
        "id": new_id(),
        "tool_call_id": call_id,
        "artifact": null,
        "status": status,
    })
}

/// The retriever's answer: the best passages of the assistant's files (fixture
/// 130d joins them with blank lines; "" with no file, 103).
pub(crate) fn retrieve(passages: &[String], args: &Value) -> Vec<String> {
    let query = args
        .get("query")
        .and_then(Value::as_str)
        .unwrap_or_default();
    super::retrieval::search(passages, query, super::retrieval::TOP)
}

/// What a tool does when a run calls it, for the echo model and a real one alike.
pub(crate) enum Outcome {
    /// The tool message's content and status.
    Answers {
        content: Value,
        status: &'static str,
    },
    /// The tool raises (upstream, a tool that needs the network): why.
    Raises(String),
}

/// Runs the tool of type `kind` called as `name`: `retrieval` searches the files'
/// passages, `update_database` writes into `db_update`; in `upstream` mode the
/// others do what upstream did without keys or network (`tools.rs`); in `platform`
/// mode they answer a canned result.
pub(crate) fn tool_outcome(
    kind: Option<&str>,
    name: &str,
    args: &Value,
    mode: Mode,
    passages: &[String],
    db_update: &mut Map<String, Value>,
) -> Outcome {
    if kind == Some("retrieval") {
        return Outcome::Answers {
            content: json!(retrieve(passages, args).join("\n\n")),
            status: "success",
        };
    }
    if mode == Mode::Upstream {
        match kind.map(upstream) {
            Some(Upstream::RunFails(why)) => return Outcome::Raises(why.to_string()),
            Some(Upstream::Completes(content)) => {
                return Outcome::Answers {
                    content: json!(content),
                    status: "success",
                };
            }
            _ => {}
        }
    }
    let (result, status) = run_tool(name, args, db_update);
    Outcome::Answers {
        content: json!(result),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_recorded_outcome() {
        // Fixtures 101, 102, 105, 111, 112: B; 100, 104, 106-109: R; 103, 110: C.
        for b in [
            "search_tavily",
            "search_tavily_answer",
            "you_search",
            "action_server_by_sema4ai",
            "ai_action_runner_by_connery",
        ] {
            assert!(matches!(upstream(b), Upstream::BuildFails(_)), "{b}");
        }
        for r in [
            "ddg_search",
            "arxiv",
            "sec_filings_kai_ai",
            "press_releases_kai_ai",
            "pubmed",
            "wikipedia",
        ] {
            assert!(matches!(upstream(r), Upstream::RunFails(_)), "{r}");
        }
        assert_eq!(upstream("retrieval"), Upstream::Completes(""));
        assert!(matches!(upstream("dall_e"), Upstream::Completes(u) if u.starts_with("http")));
        assert!(build_failure(&[serde_json::json!({"type": "arxiv"})]).is_none());
        assert!(build_failure(&[serde_json::json!({"type": "you_search"})]).is_some());
    }
}
