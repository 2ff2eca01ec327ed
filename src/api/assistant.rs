//! Building the AssistantPayload of the contract: tools as objects, the model's
//! family name, `config.configurable` always present.

use serde_json::{Map, Value, json};

use crate::error::{CliError, Exit, Result};

/// The built-in tool types, with their display names and descriptions.
pub const BUILTIN_TOOLS: &[(&str, &str, &str)] = &[
    (
        "retrieval",
        "Retrieval",
        "Look up information in uploaded files.",
    ),
    (
        "search_tavily",
        "Search (Tavily)",
        "Search the web with Tavily, with sources.",
    ),
    (
        "search_tavily_answer",
        "Search (short answer, Tavily)",
        "A short answer from a Tavily web search.",
    ),
    (
        "ddg_search",
        "DuckDuckGo Search",
        "Search the web with DuckDuckGo.",
    ),
    ("arxiv", "Arxiv", "Search arXiv papers."),
    (
        "pubmed",
        "PubMed",
        "Search biomedical literature on PubMed.",
    ),
    ("wikipedia", "Wikipedia", "Look up Wikipedia articles."),
    (
        "dall_e",
        "Generate Image (Dall-E)",
        "Generate an image from a text prompt.",
    ),
    (
        "you_search",
        "You.com Search",
        "Search the web with You.com.",
    ),
    (
        "sec_filings_kai_ai",
        "SEC Filings (Kay.ai)",
        "Search SEC filings.",
    ),
    (
        "press_releases_kai_ai",
        "Press Releases (Kay.ai)",
        "Search company press releases.",
    ),
];

/// Model strings and the platform's model family names (`type==agent/agent_type`).
/// Unknown model strings pass through unchanged.
pub const MODEL_FAMILIES: &[(&str, &str)] = &[
    ("gpt-4o", "GPT 4o"),
    ("gpt-4o-mini", "GPT 4o mini"),
    ("gpt-4-turbo", "GPT 4 Turbo"),
    ("gpt-3.5-turbo", "GPT 3.5 Turbo"),
    ("claude-3-5-haiku", "Claude 3.5 (Haiku)"),
    ("claude-3-haiku", "Claude 3.5 (Haiku)"),
    ("claude-3-5-sonnet", "Claude 3.5 (Sonnet)"),
    ("gemini-1.5-pro", "GEMINI"),
    ("gemini", "GEMINI"),
    ("llama-3", "Llama 3 (via Groq)"),
    ("mixtral", "Mixtral"),
    ("ollama", "Ollama"),
];

pub const DEFAULT_MODEL: &str = "gpt-4o";

/// The family name of a model string.
pub fn agent_type_for(model: &str) -> String {
    MODEL_FAMILIES
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(model))
        .map(|(_, f)| f.to_string())
        .unwrap_or_else(|| model.to_string())
}

/// The nearest known name to a misspelt one, if it is near enough.
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (k, strsim::jaro_winkler(wrong, k)))
        .filter(|(_, score)| *score > 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// Checks a built-in tool type, suggesting the nearest one for a near miss.
pub fn check_tool_type(t: &str) -> Result<&'static (&'static str, &'static str, &'static str)> {
    if let Some(found) = BUILTIN_TOOLS.iter().find(|(ty, _, _)| *ty == t) {
        return Ok(found);
    }
    let known: Vec<&str> = BUILTIN_TOOLS.iter().map(|(t, _, _)| *t).collect();
    let mut err = CliError::new(Exit::Usage, format!("unknown tool type {t:?}"));
    err = match suggest(t, known.iter().copied()) {
        Some(s) => err.with_hint(format!("did you mean {s:?}? known types: {}", known.join(", "))),
        None if t == "function" => err.with_hint(
            "function tools need a name and a JSON Schema: declare them in epsimo.yaml and run `epsimo deploy`",
        ),
        None => err.with_hint(format!("known types: {}", known.join(", "))),
    };
    Err(err)
}

/// A built-in tool as the object the server expects, extra settings in `config`.
pub fn builtin_tool(t: &str, config: Map<String, Value>) -> Result<Value> {
    builtin_tool_with_id(t, config, &uuid::Uuid::new_v4().simple().to_string())
}

/// A built-in tool whose id is derived from `seed`, so the same declaration gets
/// the same id on every deploy.
pub fn builtin_tool_with_id(t: &str, config: Map<String, Value>, seed: &str) -> Result<Value> {
    use sha2::Digest;
    let (ty, name, desc) = check_tool_type(t)?;
    let digest = hex::encode(sha2::Sha256::digest(format!("{seed}|{ty}").as_bytes()));
    Ok(json!({
        "id": format!("{ty}-{}", &digest[..8]),
        "type": ty,
        "name": name,
        "description": desc,
        "config": config,
    }))
}

/// A tool without its id, for comparing what a tool does rather than its label.
pub fn tool_identity(tool: &Value) -> Value {
    let mut t = tool.clone();
    if let Some(m) = t.as_object_mut() {
        m.remove("id");
        if m.get("config")
            .is_some_and(|c| c.as_object().is_some_and(|o| o.is_empty()))
        {
            m.remove("config");
        }
    }
    t
}

/// A function tool with a JSON Schema for its parameters.
pub fn function_tool(name: &str, description: &str, parameters: Value) -> Value {
    json!({
        "id": format!("function-{name}"),
        "type": "function",
        "name": name,
        "description": description,
        "config": {"parameters": parameters},
    })
}

/// The editable fields of an assistant.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub name: String,
    pub model: String,
    pub agent_type: Option<String>,
    pub instructions: String,
    pub tools: Vec<Value>,
    pub public: bool,
}

impl Spec {
    /// The full payload (an update is a full replace: every field goes out).
    pub fn payload(&self) -> Value {
        json!({
            "name": self.name,
            "public": self.public,
            "config": {"configurable": {
                "type": "agent",
                "type==agent/agent_type": self.agent_type.clone().unwrap_or_else(|| agent_type_for(&self.model)),
                "type==agent/model": self.model,
                "type==agent/system_message": self.instructions,
                "type==agent/tools": self.tools,
            }},
        })
    }

    /// The fields of an assistant as the server returned it.
    pub fn from_remote(a: &Value) -> Spec {
        let c = |k: &str| a.pointer(&format!("/config/configurable/{}", k.replace('/', "~1")));
        let text = |k: &str| c(k).and_then(Value::as_str).map(str::to_owned);
        Spec {
            name: a
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            model: text("type==agent/model").unwrap_or_else(|| DEFAULT_MODEL.to_string()),
            agent_type: text("type==agent/agent_type"),
            instructions: text("type==agent/system_message").unwrap_or_default(),
            tools: c("type==agent/tools")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            public: a.get("public").and_then(Value::as_bool).unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_pass_through() {
        assert_eq!(agent_type_for("gpt-4o"), "GPT 4o");
        assert_eq!(agent_type_for("GPT-4O-MINI"), "GPT 4o mini");
        assert_eq!(agent_type_for("my-custom-model"), "my-custom-model");
    }

    #[test]
    fn tool_types_are_checked_with_suggestions() {
        let t = builtin_tool("search_tavily", Map::new()).unwrap();
        assert_eq!(t["type"], "search_tavily");
        assert!(t["id"].as_str().unwrap().starts_with("search_tavily-"));
        assert!(t["config"].is_object());
        let e = check_tool_type("retreival").unwrap_err();
        assert_eq!(e.exit, Exit::Usage);
        assert!(e.hint.unwrap().contains("did you mean \"retrieval\""));
        let e = check_tool_type("function").unwrap_err();
        assert!(e.hint.unwrap().contains("epsimo.yaml"));
        assert!(
            check_tool_type("zzz")
                .unwrap_err()
                .hint
                .unwrap()
                .contains("known types")
        );
    }

    #[test]
    fn payload_round_trips_and_always_has_configurable() {
        let spec = Spec {
            name: "Support".into(),
            model: "gpt-4o".into(),
            agent_type: None,
            instructions: "Be kind.".into(),
            tools: vec![function_tool(
                "update_database",
                "Save",
                json!({"type": "object"}),
            )],
            public: true,
        };
        let p = spec.payload();
        assert_eq!(
            p["config"]["configurable"]["type==agent/agent_type"],
            "GPT 4o"
        );
        assert_eq!(p["public"], true);
        let back = Spec::from_remote(&p);
        assert_eq!(back.agent_type.as_deref(), Some("GPT 4o"));
        assert_eq!(
            Spec {
                agent_type: None,
                ..back
            },
            spec
        );
    }
}
