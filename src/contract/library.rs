//! The built-in tool library of the seed, usable in `epsimo.yaml` as `- use: NAME`.

use serde_json::{Map, Value, json};

use crate::contract::assistant::ToolDecl;

/// Name, what it is, and a short description, for `epsimo tools library`.
pub const LIBRARY: &[(&str, &str, &str)] = &[
    (
        "database_sync",
        "function update_database",
        "Let the agent write structured JSON into the thread state (the Virtual Database): {key, value}.",
    ),
    (
        "web_search_tavily",
        "search_tavily (max_results: 5 where the server declares it)",
        "Advanced web search with source attribution.",
    ),
    (
        "web_search_ddg",
        "ddg_search",
        "Fast DuckDuckGo search for simple queries.",
    ),
    (
        "retrieval_optimized",
        "retrieval (top_k: 5, score_threshold: 0.7 where declared)",
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

/// The tool a library entry stands for, or `None` for an unknown name. Settings of
/// built-in entries (`max_results: 5`) are preferences: they go out only where the
/// server's schema declares them (upstream declares none, and fails every run of a
/// tool with an undeclared setting).
pub fn expand(name: &str, seed: &str) -> Option<ToolDecl> {
    let builtin = |kind: &str, preferred: &[(&str, Value)]| ToolDecl::Builtin {
        kind: kind.to_string(),
        settings: Map::new(),
        preferred: preferred
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        name: None,
        description: None,
        seed: seed.to_string(),
    };
    Some(match name {
        "database_sync" => ToolDecl::Function {
            name: "update_database".into(),
            description:
                "Save structured data to the thread's database: call it with a key and a JSON value."
                    .into(),
            parameters: database_schema(),
        },
        "web_search_tavily" => builtin("search_tavily", &[("max_results", json!(5))]),
        "web_search_ddg" => builtin("ddg_search", &[]),
        "retrieval_optimized" => builtin(
            "retrieval",
            &[("top_k", json!(5)), ("score_threshold", json!(0.7))],
        ),
        "task_management" => ToolDecl::Function {
            name: "manage_tasks".into(),
            description: "Create, update, complete or list the user's tasks.".into(),
            parameters: json!({
                "type": "object",
                "properties": {
                    "action": {"type": "string", "enum": ["create", "update", "complete", "list"]},
                    "details": {"type": "object", "description": "The task's fields"}
                },
                "required": ["action"]
            }),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Catalog;

    #[test]
    fn every_entry_expands_to_a_tool_the_upstream_server_accepts() {
        let c = Catalog::upstream();
        for (name, _, _) in LIBRARY {
            let (t, f) = expand(name, "a")
                .unwrap_or_else(|| panic!("{name}"))
                .resolve(&c);
            assert!(f.is_empty(), "{name}: {f:?}");
            assert!(t["type"].is_string() && t["id"].is_string(), "{t}");
            assert_eq!(c.check_tool(&t), Ok(()), "{name}: {t}");
        }
        let (db, _) = expand("database_sync", "a").unwrap().resolve(&c);
        assert_eq!(db["name"], "update_database");
        // Upstream declares no retrieval settings: the preferences stay home.
        let (r, _) = expand("retrieval_optimized", "a").unwrap().resolve(&c);
        assert_eq!(r["config"], json!({}));
        assert!(expand("nope", "a").is_none());
    }
}
