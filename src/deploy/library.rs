//! The built-in tool library of the seed, usable in `epsimo.yaml` as `- use: NAME`.

use serde_json::{Map, Value, json};

use crate::api::assistant::{builtin_tool_with_id, function_tool};

/// Name, what it is, and a short description, for `epsimo tools library`.
pub const LIBRARY: &[(&str, &str, &str)] = &[
    (
        "database_sync",
        "function update_database",
        "Let the agent write structured JSON into the thread state (the Virtual Database): {key, value}.",
    ),
    (
        "web_search_tavily",
        "search_tavily (max_results: 5)",
        "Advanced web search with source attribution.",
    ),
    (
        "web_search_ddg",
        "ddg_search",
        "Fast DuckDuckGo search for simple queries.",
    ),
    (
        "retrieval_optimized",
        "retrieval (top_k: 5, score_threshold: 0.7)",
        "High-accuracy search in uploaded files.",
    ),
    (
        "task_management",
        "function manage_tasks",
        "Track and update the user's tasks: {action, details}.",
    ),
];

/// The schema of the `update_database` function tool.
pub fn database_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "key": {"type": "string", "description": "The data category, e.g. 'user_preferences'"},
            "value": {"description": "The JSON data to store under the key"}
        },
        "required": ["key", "value"]
    })
}

/// The tool objects a library entry stands for, or `None` for an unknown name.
pub fn expand(name: &str, seed: &str) -> Option<Value> {
    let config = |pairs: &[(&str, Value)]| -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    Some(match name {
        "database_sync" => function_tool(
            "update_database",
            "Save structured data to the thread's database: call it with a key and a JSON value.",
            database_schema(),
        ),
        "web_search_tavily" => {
            builtin_tool_with_id("search_tavily", config(&[("max_results", json!(5))]), seed)
                .ok()?
        }
        "web_search_ddg" => builtin_tool_with_id("ddg_search", Map::new(), seed).ok()?,
        "retrieval_optimized" => builtin_tool_with_id(
            "retrieval",
            config(&[("top_k", json!(5)), ("score_threshold", json!(0.7))]),
            seed,
        )
        .ok()?,
        "task_management" => function_tool(
            "manage_tasks",
            "Create, update, complete or list the user's tasks.",
            json!({
                "type": "object",
                "properties": {
                    "action": {"type": "string", "enum": ["create", "update", "complete", "list"]},
                    "details": {"type": "object", "description": "The task's fields"}
                },
                "required": ["action"]
            }),
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_expands() {
        for (name, _, _) in LIBRARY {
            let t = expand(name, "a").unwrap_or_else(|| panic!("{name}"));
            assert!(t["type"].is_string() && t["id"].is_string(), "{t}");
        }
        assert_eq!(
            expand("database_sync", "a").unwrap()["name"],
            "update_database"
        );
        assert_eq!(
            expand("retrieval_optimized", "a").unwrap()["config"]["top_k"],
            5
        );
        assert!(expand("nope", "a").is_none());
    }
}
