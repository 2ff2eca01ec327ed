//! What each built-in tool does when an emulated run calls it.
//!
//! In `upstream` mode the emulator reproduces upstream OpenGPTs without keys or
//! network, as fixtures 100-112 recorded it: the tools that need a key fail when the
//! graph is built (the stream is only `error` and `end`, nothing stored); those that
//! need the network fail while running (the call streams, then `error`, no tool
//! message, and the thread stays at `next: ["action"]`); `retrieval` answers `""`
//! (nothing ingested into an index: the emulator keeps none) and `dall_e` the URL of
//! an image. In `platform` mode every tool answers a canned result.

use serde_json::Value;

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
