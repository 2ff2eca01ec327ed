//! The emulator's `GET /runs/config_schema`, in each of its modes, and the catalogue
//! its runs are checked against (read from that very document, as upstream checks a
//! run when it builds the graph).
//!
//! - `upstream`: upstream OpenGPTs' schema byte for byte (fixture 99): the eight agent
//!   families, the thirteen tool models with their literal names and descriptions, no
//!   settings but the action server's, and no `function` tools.
//! - `platform` (the default): what the platform's own documents and clients send
//!   (CONTRACT.md, "Which source wins", source 2). On top of upstream's: the families
//!   the platform runs, matched loosely (`GPT-4O`, and a bot type such as the SDK's
//!   `agent_type: agent` in place of a family: the vendor keyword `x-epsimo-loose`);
//!   tool names and descriptions free, with upstream's literals as defaults (the SDK
//!   and the author's scripts send their own); the settings the seeds document
//!   (`max_results` on the search tools, `top_k` and `score_threshold` on
//!   retrieval); and the contract's `function` tools (`update_database`).

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::options::Mode;
use crate::contract::Catalog;
use crate::contract::catalog::{LOOSE, UPSTREAM_SCHEMA};

/// Families the platform runs that upstream OpenGPTs lacks.
pub const EXTRA_FAMILIES: &[&str] = &[
    "GPT 4o mini",
    "Claude 3.5 (Haiku)",
    "Claude 3.5 (Sonnet)",
    "Claude 3.7 (Sonnet)",
];

/// Settings the seeds document, per tool model of the schema (`$defs` name): the
/// model, the name of its new config definition, and that definition.
fn documented_settings() -> Vec<(&'static str, &'static str, Value)> {
    let max_results = json!({"properties": {"max_results": {"title": "Max Results", "type": "integer", "minimum": 1}}, "title": "SearchConfig", "type": "object"});
    let retrieval = json!({"properties": {
        "top_k": {"title": "Top K", "type": "integer", "minimum": 1},
        "score_threshold": {"title": "Score Threshold", "type": "number", "minimum": 0, "maximum": 1}
    }, "title": "RetrievalConfig", "type": "object"});
    vec![
        ("Tavily", "SearchConfig", max_results.clone()),
        ("TavilyAnswer", "SearchConfig", max_results),
        ("Retrieval", "RetrievalConfig", retrieval),
    ]
}

fn upstream() -> Value {
    serde_json::from_str(UPSTREAM_SCHEMA).expect("embedded schema")
}

fn platform() -> Value {
    let mut schema = upstream();
    let defs = schema["$defs"]
        .as_object_mut()
        .expect("the upstream schema has $defs");
    for family_enum in ["AgentType", "LLMType"] {
        if let Some(list) = defs
            .get_mut(family_enum)
            .and_then(|d| d.get_mut("enum"))
            .and_then(Value::as_array_mut)
        {
            list.extend(EXTRA_FAMILIES.iter().map(|f| json!(f)));
        }
    }
    // Tool names and descriptions: upstream's literals become defaults.
    for def in defs.values_mut() {
        let Some(props) = def.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        if props.get("type").is_none_or(|t| t.get("const").is_none()) {
            continue;
        }
        for field in ["name", "description"] {
            if let Some(p) = props.get_mut(field).and_then(Value::as_object_mut) {
                p.remove("const");
                p.remove("enum");
            }
        }
    }
    for (model, config, def) in documented_settings() {
        defs.insert(config.into(), def);
        if let Some(c) = defs
            .get_mut(model)
            .and_then(|m| m.pointer_mut("/properties/config"))
        {
            *c = json!({"$ref": format!("#/$defs/{config}")});
        }
    }
    defs.insert(
        "FunctionConfig".into(),
        json!({"properties": {"parameters": {"title": "Parameters", "type": "object"}},
               "title": "FunctionConfig", "type": "object"}),
    );
    defs.insert(
        "Function".into(),
        json!({
            "properties": {
                "type": {"const": "function", "default": "function", "enum": ["function"], "title": "Type", "type": "string"},
                "name": {"title": "Name", "type": "string"},
                "description": {"default": "", "title": "Description", "type": "string"},
                "config": {"$ref": "#/$defs/FunctionConfig"},
                "multi_use": {"default": false, "title": "Multi Use", "type": "boolean"}
            },
            "required": ["name"],
            "title": "Function",
            "type": "object"
        }),
    );
    if let Some(configurable) = schema
        .pointer_mut("/$defs/Configurable/properties")
        .and_then(Value::as_object_mut)
    {
        for (k, prop) in configurable.iter_mut() {
            if k.ends_with("/agent_type") || k.ends_with("/llm_type") {
                prop[LOOSE] = json!(true);
                prop["description"] = json!(
                    "Also matched ignoring case, spaces, hyphens and underscores (GPT-4O is GPT 4o); a bot type (agent, chatbot, chat_retrieval, tools, retrieval) in its place stands for the default family."
                );
            }
        }
    }
    if let Some(any_of) = schema
        .pointer_mut("/$defs/Configurable/properties/type==agent~1tools/items/anyOf")
        .and_then(Value::as_array_mut)
    {
        any_of.push(json!({"$ref": "#/$defs/Function"}));
    }
    schema
}

/// The schema the emulator publishes in a mode.
pub fn schema(mode: Mode) -> &'static Value {
    static PLATFORM: OnceLock<Value> = OnceLock::new();
    static UPSTREAM: OnceLock<Value> = OnceLock::new();
    match mode {
        Mode::Platform => PLATFORM.get_or_init(platform),
        Mode::Upstream => UPSTREAM.get_or_init(upstream),
    }
}

/// What the emulator's runs accept in a mode: its own published schema, read.
pub fn catalog(mode: Mode) -> &'static Catalog {
    static PLATFORM: OnceLock<Catalog> = OnceLock::new();
    static UPSTREAM: OnceLock<Catalog> = OnceLock::new();
    let cell = match mode {
        Mode::Platform => &PLATFORM,
        Mode::Upstream => &UPSTREAM,
    };
    cell.get_or_init(|| Catalog::from_schema(schema(mode)).expect("the emulator's schema reads"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_mode_publishes_upstreams_schema_byte_for_byte() {
        assert_eq!(
            serde_json::to_string(schema(Mode::Upstream)).unwrap(),
            serde_json::to_string(&upstream()).unwrap()
        );
        let c = catalog(Mode::Upstream);
        assert!(
            c.tool("function").is_none(),
            "upstream has no function tools"
        );
        assert!(c.families("agent").is_some_and(|f| !f.loose));
        assert!(c.check_family("agent", "GPT-4O").is_err());
    }

    #[test]
    fn platform_mode_takes_what_the_platforms_clients_send() {
        let c = catalog(Mode::Platform);
        let up = Catalog::upstream();
        assert_eq!(c.bot_types, up.bot_types);
        for bot in ["agent", "chatbot", "chat_retrieval"] {
            let ours = c.families(bot).unwrap();
            assert!(ours.loose);
            for f in &up.families(bot).unwrap().names {
                assert!(ours.names.contains(f), "{bot}: {f}");
            }
            assert!(ours.names.contains(&"GPT 4o mini".to_string()));
        }
        assert_eq!(c.check_family("agent", "GPT-4O"), Ok(()));
        assert_eq!(c.check_family("agent", "agent"), Ok(()));
        assert!(c.check_family("agent", "GPT 5 Ultra").is_err());
        assert!(c.tool("function").is_some());
        let dalle = c.tool("dall_e").unwrap();
        assert_eq!(dalle.name, None, "free names");
        assert_eq!(
            dalle.default_name.as_deref(),
            Some("Generate Image (Dall-E)")
        );
        assert_eq!(c.tool("search_tavily").unwrap().settings, ["max_results"]);
        assert_eq!(
            c.tool("retrieval").unwrap().settings,
            ["top_k", "score_threshold"]
        );
        // The author's scripts: ddg with a description of its own.
        assert_eq!(
            c.check_tool(&json!({"type": "ddg_search", "name": "DuckDuckGo Search", "description": "Search web", "config": {}})),
            Ok(())
        );
    }
}
