//! Building the AssistantPayload of the contract.
//!
//! An update is read-modify-write: the payload starts from the assistant as the server
//! returned it and changes only what the user asked for, keeping every other key of
//! `config.configurable` verbatim and in order (upstream stores the config as JSON
//! text, fixtures 93-95), and `public`. Tool objects take their `name` and
//! `description` from the server's catalogue: upstream checks them as literals each
//! time a run builds the graph (fixtures 90-92).

use serde_json::{Map, Value, json};

use crate::contract::catalog::{self, AGENT, Catalog, FUNCTION, key};

/// Model strings and the platform's model family names (`type==agent/agent_type`).
/// Unknown model strings pass through unchanged; the server's schema decides what
/// is valid (`epsimo models` lists it).
pub const MODEL_FAMILIES: &[(&str, &str)] = &[
    ("gpt-3.5-turbo", "GPT 3.5 Turbo"),
    ("gpt-4-turbo", "GPT 4 Turbo"),
    ("gpt-4o", "GPT 4o"),
    ("gpt-4o-mini", "GPT 4o mini"),
    ("claude-2", "Claude 2"),
    ("claude-3-haiku", "Claude 3.5 (Haiku)"),
    ("claude-3-5-haiku", "Claude 3.5 (Haiku)"),
    ("claude-3-5-sonnet", "Claude 3.5 (Sonnet)"),
    ("claude-3-7-sonnet", "Claude 3.7 (Sonnet)"),
    ("gemini", "GEMINI"),
    ("gemini-1.5-pro", "GEMINI"),
    ("llama-3", "Llama 3 (via Groq)"),
    ("mixtral", "Mixtral"),
    ("ollama", "Ollama"),
];

pub const DEFAULT_MODEL: &str = "gpt-4o";
pub const DEFAULT_INSTRUCTIONS: &str = "You are a helpful assistant.";

/// The family name of a model string.
pub fn agent_type_for(model: &str) -> String {
    MODEL_FAMILIES
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(model))
        .map(|(_, f)| f.to_string())
        .unwrap_or_else(|| model.to_string())
}

pub use crate::contract::catalog::suggest;

/// A tool as the user declared it, before the server's catalogue makes it an object.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolDecl {
    Builtin {
        kind: String,
        /// Settings the user wrote: each must be one the server declares.
        settings: Map<String, Value>,
        /// Settings a library entry would like: sent only where declared.
        preferred: Map<String, Value>,
        /// Gives the tool a stable id (the same declaration, the same id).
        seed: String,
    },
    Function {
        name: String,
        description: String,
        parameters: Value,
    },
}

impl ToolDecl {
    pub fn builtin(kind: &str, seed: &str) -> ToolDecl {
        ToolDecl::Builtin {
            kind: kind.to_string(),
            settings: Map::new(),
            preferred: Map::new(),
            seed: seed.to_string(),
        }
    }

    /// The tool object the server expects, or what is wrong with the declaration.
    pub fn resolve(&self, catalog: &Catalog) -> Result<Value, String> {
        match self {
            ToolDecl::Function {
                name,
                description,
                parameters,
            } => {
                catalog.tool(FUNCTION).ok_or_else(|| {
                    "this server's schema declares no `function` tools".to_string()
                })?;
                Ok(json!({
                    "id": format!("function-{name}"),
                    "type": FUNCTION,
                    "name": name,
                    "description": description,
                    "config": {"parameters": parameters},
                }))
            }
            ToolDecl::Builtin {
                kind,
                settings,
                preferred,
                seed,
            } => {
                let model = match catalog.tool(kind) {
                    Some(m) if m.kind != FUNCTION => m,
                    Some(_) => {
                        return Err(
                            "a function tool needs a name and a JSON Schema: declare it in epsimo.yaml as `type: function` with `name` and `parameters`".into(),
                        );
                    }
                    None => {
                        let kinds: Vec<String> = catalog
                            .tool_kinds()
                            .into_iter()
                            .filter(|k| k != FUNCTION)
                            .collect();
                        return Err(catalog::not_one_of("tool type", kind, &kinds));
                    }
                };
                catalog.check_settings(model, settings)?;
                let mut config = settings.clone();
                for (k, v) in preferred {
                    if model.settings.contains(k) && !config.contains_key(k) {
                        config.insert(k.clone(), v.clone());
                    }
                }
                catalog.check_settings(model, &config)?;
                use sha2::Digest;
                let digest = hex::encode(sha2::Sha256::digest(format!("{seed}|{kind}").as_bytes()));
                let mut t = Map::new();
                t.insert("id".into(), json!(format!("{kind}-{}", &digest[..8])));
                t.insert("type".into(), json!(kind));
                // The literals the server checks; a server that declares none fills
                // them in itself.
                if let Some(n) = &model.name {
                    t.insert("name".into(), json!(n));
                }
                if let Some(d) = &model.description {
                    t.insert("description".into(), json!(d));
                }
                t.insert("config".into(), Value::Object(config));
                if let Some(m) = model.multi_use {
                    t.insert("multi_use".into(), json!(m));
                }
                Ok(Value::Object(t))
            }
        }
    }
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

/// What a user (flags) or a manifest manages of an assistant. `None` leaves the
/// server's value as it is on an update, and means the documented default on a create.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Desired {
    pub name: Option<String>,
    /// `agent`, `chatbot` or `chat_retrieval` (or whatever the server's schema lists).
    pub bot_type: Option<String>,
    /// The model string the user wrote (`gpt-4o`), kept in `type==agent/model`.
    pub model: Option<String>,
    /// An explicit family name; wins over the one the model maps to.
    pub family: Option<String>,
    pub instructions: Option<String>,
    /// Tool objects, resolved against the catalogue (agents only).
    pub tools: Option<Vec<Value>>,
    pub interrupt_before_action: Option<bool>,
    pub retrieval_description: Option<String>,
    pub public: Option<bool>,
}

impl Desired {
    /// The family this asks for, if any: the explicit one, else the model's.
    pub fn family_wanted(&self) -> Option<String> {
        self.family
            .clone()
            .or_else(|| self.model.as_deref().map(agent_type_for))
    }
}

/// The parts of an assistant the CLI reads, from the server's JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct View<'a> {
    raw: &'a Value,
}

impl<'a> View<'a> {
    pub fn of(raw: &'a Value) -> Self {
        View { raw }
    }

    pub fn id(&self) -> &'a str {
        self.raw
            .get("assistant_id")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn name(&self) -> &'a str {
        self.raw.get("name").and_then(Value::as_str).unwrap_or("")
    }

    pub fn public(&self) -> bool {
        self.raw
            .get("public")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn configurable(&self) -> Option<&'a Map<String, Value>> {
        self.raw
            .pointer("/config/configurable")
            .and_then(Value::as_object)
    }

    pub fn get(&self, k: &str) -> Option<&'a Value> {
        self.configurable().and_then(|c| c.get(k))
    }

    fn text(&self, k: &str) -> Option<&'a str> {
        self.get(k).and_then(Value::as_str)
    }

    pub fn bot_type(&self) -> &'a str {
        self.text("type").unwrap_or(AGENT)
    }

    pub fn model(&self) -> Option<&'a str> {
        self.text(&key(AGENT, "model"))
    }

    pub fn instructions(&self) -> Option<&'a str> {
        self.text(&key(self.bot_type(), "system_message"))
    }

    pub fn tools(&self) -> &'a [Value] {
        self.get(&key(AGENT, "tools"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn interrupt_before_action(&self) -> Option<bool> {
        self.get(&key(AGENT, "interrupt_before_action"))
            .and_then(Value::as_bool)
    }

    pub fn retrieval_description(&self) -> Option<&'a str> {
        self.text(&key(AGENT, "retrieval_description"))
    }
}

/// The tools to send: the desired ones, each with the id of the same tool on the
/// server when there is one, so an update does not relabel tools.
pub fn keep_tool_ids(desired: &[Value], remote: &[Value]) -> Vec<Value> {
    desired
        .iter()
        .map(|t| {
            let identity = tool_identity(t);
            let mut t = t.clone();
            if let Some(id) = remote
                .iter()
                .find(|r| tool_identity(r) == identity)
                .and_then(|r| r.get("id"))
            {
                t["id"] = id.clone();
            }
            t
        })
        .collect()
}

/// The full payload of a create (`remote` is `None`) or an update (read-modify-write
/// over `remote`, the assistant as the server returned it).
pub fn payload(remote: Option<&Value>, d: &Desired, catalog: &Catalog) -> Value {
    let view = remote.map(View::of);
    // Every key of the stored config, and of its `configurable`, in order.
    let mut config: Map<String, Value> = remote
        .and_then(|r| r.get("config"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut c: Map<String, Value> = config
        .get("configurable")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let bot = d
        .bot_type
        .clone()
        .or_else(|| view.as_ref().map(|v| v.bot_type().to_string()))
        .unwrap_or_else(|| AGENT.to_string());
    if d.bot_type.is_some() || !c.contains_key("type") {
        c.insert("type".into(), json!(bot));
    }
    let family = d.family_wanted().or_else(|| {
        // A new assistant, or one whose type changed, gets the default model's family.
        let has = c.contains_key(&catalog.family_key(&bot));
        (!has).then(|| agent_type_for(DEFAULT_MODEL))
    });
    if let Some(f) = family {
        c.insert(catalog.family_key(&bot), json!(f));
    }
    if bot == AGENT
        && let Some(m) = &d.model
    {
        c.insert(key(AGENT, "model"), json!(m));
    }
    let instructions_key = key(&bot, "system_message");
    match &d.instructions {
        Some(text) => {
            c.insert(instructions_key, json!(text));
        }
        None if !c.contains_key(&instructions_key) => {
            c.insert(instructions_key, json!(DEFAULT_INSTRUCTIONS));
        }
        None => {}
    }
    if bot == AGENT {
        let tools_key = key(AGENT, "tools");
        match &d.tools {
            Some(tools) => {
                let old = view.as_ref().map(View::tools).unwrap_or(&[]);
                c.insert(tools_key, Value::Array(keep_tool_ids(tools, old)));
            }
            None if !c.contains_key(&tools_key) => {
                c.insert(tools_key, json!([]));
            }
            None => {}
        }
        if let Some(b) = d.interrupt_before_action {
            c.insert(key(AGENT, "interrupt_before_action"), json!(b));
        }
        if let Some(text) = &d.retrieval_description {
            c.insert(key(AGENT, "retrieval_description"), json!(text));
        }
    }
    config.insert("configurable".into(), Value::Object(c));
    let name = d
        .name
        .clone()
        .or_else(|| view.as_ref().map(|v| v.name().to_string()))
        .unwrap_or_default();
    let public = d
        .public
        .or_else(|| view.as_ref().map(View::public))
        .unwrap_or(false);
    json!({"name": name, "config": Value::Object(config), "public": public})
}

/// Which setting a problem is about (a manifest points at its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    BotType,
    Family,
    /// A setting only agents have.
    AgentOnly,
}

/// What in `d` the server's catalogue refuses: the bot type, the family, and settings
/// that only make sense on an agent. Each problem is one line, with its field.
pub fn check_fields(
    d: &Desired,
    current_bot: Option<&str>,
    catalog: &Catalog,
) -> Vec<(Field, String)> {
    let mut problems = Vec::new();
    let bot = d
        .bot_type
        .as_deref()
        .or(current_bot)
        .unwrap_or(AGENT)
        .to_string();
    if let Some(b) = &d.bot_type
        && let Err(e) = catalog.check_bot_type(b)
    {
        problems.push((Field::BotType, e));
        return problems;
    }
    if let Some(f) = d.family_wanted()
        && let Err(e) = catalog.check_family(&bot, &f)
    {
        let from_model = d.family.is_none() && d.model.is_some();
        problems.push((Field::Family, if from_model {
            format!(
                "{e} (model {:?} maps to {f:?}; set `agent_type` to one of the server's families, or see `epsimo models`)",
                d.model.as_deref().unwrap_or("")
            )
        } else {
            e
        }));
    }
    if bot != AGENT {
        let agent_only = [
            ("tools", d.tools.as_ref().is_some_and(|t| !t.is_empty())),
            (
                "interrupt_before_action",
                d.interrupt_before_action.is_some(),
            ),
            ("retrieval_description", d.retrieval_description.is_some()),
        ];
        for (what, given) in agent_only {
            if given {
                problems.push((
                    Field::AgentOnly,
                    format!(
                        "`{what}` belongs to agents; a {bot} has none (set `type: agent`, or remove it)"
                    ),
                ));
            }
        }
    }
    problems
}

/// [`check_fields`], the messages alone.
pub fn check(d: &Desired, current_bot: Option<&str>, catalog: &Catalog) -> Vec<String> {
    check_fields(d, current_bot, catalog)
        .into_iter()
        .map(|(_, m)| m)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::upstream()
    }

    #[test]
    fn families_and_pass_through() {
        assert_eq!(agent_type_for("gpt-4o"), "GPT 4o");
        assert_eq!(agent_type_for("GPT-4O-MINI"), "GPT 4o mini");
        assert_eq!(agent_type_for("my-custom-model"), "my-custom-model");
    }

    #[test]
    fn builtin_tools_carry_the_servers_literals_and_no_invented_text() {
        let c = catalog();
        let t = ToolDecl::builtin("dall_e", "a").resolve(&c).unwrap();
        assert_eq!(t["name"], "Generate Image (Dall-E)");
        assert_eq!(
            t["description"],
            "Generates images from a text description using OpenAI's DALL-E model."
        );
        assert_eq!(t["config"], json!({}));
        assert!(t["id"].as_str().unwrap().starts_with("dall_e-"));
        assert_eq!(c.check_tool(&t), Ok(()));
        // Every built-in of the catalogue resolves to a tool the server accepts.
        for m in &c.tools {
            if m.kind == FUNCTION || !m.required.is_empty() {
                continue;
            }
            let t = ToolDecl::builtin(&m.kind, "s").resolve(&c).unwrap();
            assert_eq!(c.check_tool(&t), Ok(()), "{t}");
        }
        let e = ToolDecl::builtin("retreival", "a").resolve(&c).unwrap_err();
        assert!(e.contains("did you mean \"retrieval\""), "{e}");
        let e = ToolDecl::builtin("function", "a").resolve(&c).unwrap_err();
        assert!(e.contains("epsimo.yaml"), "{e}");
    }

    #[test]
    fn settings_go_out_only_where_the_schema_declares_them() {
        let c = catalog();
        let mut settings = Map::new();
        settings.insert("max_results".into(), json!(5));
        let written = ToolDecl::Builtin {
            kind: "search_tavily".into(),
            settings: settings.clone(),
            preferred: Map::new(),
            seed: "s".into(),
        };
        let e = written.resolve(&c).unwrap_err();
        assert!(e.contains("max_results"), "{e}");
        let preferred = ToolDecl::Builtin {
            kind: "search_tavily".into(),
            settings: Map::new(),
            preferred: settings,
            seed: "s".into(),
        };
        assert_eq!(preferred.resolve(&c).unwrap()["config"], json!({}));
        // A server that declares the setting gets it.
        let mut declares = c.clone();
        for t in &mut declares.tools {
            if t.kind == "search_tavily" {
                t.settings.push("max_results".into());
            }
        }
        assert_eq!(
            preferred.resolve(&declares).unwrap()["config"],
            json!({"max_results": 5})
        );
        assert_eq!(
            written.resolve(&declares).unwrap()["config"],
            json!({"max_results": 5})
        );
    }

    /// Fixture 93: every key of a fully configured agent.
    fn full_agent() -> Value {
        json!({"assistant_id": "a1", "user_id": "u", "name": "Full Config Agent", "config": {"configurable": {
            "type": "agent",
            "type==agent/agent_type": "GPT 4o",
            "type==agent/system_message": "You are a fully configured test agent.",
            "type==agent/tools": [
                {"id": "retrieval", "type": "retrieval", "name": "Retrieval", "description": "Look up information in uploaded files.", "config": {}}
            ],
            "type==agent/interrupt_before_action": true,
            "type==agent/retrieval_description": "custom text",
            "x-future-key": {"kept": [1, 2]}
        }}, "updated_at": "2026-12-02T01:06:29.155341Z", "public": true})
    }

    #[test]
    fn an_update_changes_only_what_was_asked_and_keeps_every_other_key_in_order() {
        let remote = full_agent();
        let d = Desired {
            name: Some("Renamed".into()),
            ..Desired::default()
        };
        let p = payload(Some(&remote), &d, &catalog());
        assert_eq!(p["config"], remote["config"], "the config is verbatim");
        assert_eq!(
            serde_json::to_string(&p["config"]).unwrap(),
            serde_json::to_string(&remote["config"]).unwrap(),
            "in order"
        );
        assert_eq!(p["public"], true);
        assert_eq!(p["name"], "Renamed");
        assert!(
            p["config"]["configurable"]
                .get("type==agent/model")
                .is_none(),
            "no model it never read"
        );
        let d = Desired {
            instructions: Some("New.".into()),
            ..Desired::default()
        };
        let p = payload(Some(&remote), &d, &catalog());
        let c = p["config"]["configurable"].as_object().unwrap();
        assert_eq!(c["type==agent/system_message"], "New.");
        let keys: Vec<&String> = c.keys().collect();
        let old: Vec<&String> = remote["config"]["configurable"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, old);
    }

    #[test]
    fn a_chatbot_stays_a_chatbot() {
        let remote = json!({"assistant_id": "b", "name": "Bot", "public": false, "config": {"configurable": {
            "type": "chatbot", "type==chatbot/llm_type": "Mixtral", "type==chatbot/system_message": "Hi."}}});
        let d = Desired {
            instructions: Some("Be brief.".into()),
            ..Desired::default()
        };
        let p = payload(Some(&remote), &d, &catalog());
        assert_eq!(
            p["config"]["configurable"],
            json!({"type": "chatbot", "type==chatbot/llm_type": "Mixtral", "type==chatbot/system_message": "Be brief."})
        );
        let d = Desired {
            model: Some("gpt-4o".into()),
            ..Desired::default()
        };
        let p = payload(Some(&remote), &d, &catalog());
        assert_eq!(
            p["config"]["configurable"]["type==chatbot/llm_type"],
            "GPT 4o"
        );
    }

    #[test]
    fn a_create_has_every_key_the_graph_needs() {
        let d = Desired {
            name: Some("Support".into()),
            model: Some("gpt-4o".into()),
            ..Desired::default()
        };
        let p = payload(None, &d, &catalog());
        assert_eq!(
            p,
            json!({"name": "Support", "config": {"configurable": {
                "type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/model": "gpt-4o",
                "type==agent/system_message": DEFAULT_INSTRUCTIONS, "type==agent/tools": []}}, "public": false})
        );
        let bot = Desired {
            name: Some("B".into()),
            bot_type: Some("chat_retrieval".into()),
            ..Desired::default()
        };
        assert_eq!(
            payload(None, &bot, &catalog())["config"]["configurable"],
            json!({"type": "chat_retrieval", "type==chat_retrieval/llm_type": "GPT 4o", "type==chat_retrieval/system_message": DEFAULT_INSTRUCTIONS})
        );
    }

    #[test]
    fn checks_name_what_the_server_refuses() {
        let c = catalog();
        let d = Desired {
            model: Some("gpt-4o-mini".into()),
            ..Desired::default()
        };
        let p = check(&d, None, &c);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].contains("GPT 4o mini") && p[0].contains("epsimo models"),
            "{}",
            p[0]
        );
        let d = Desired {
            bot_type: Some("chatbot".into()),
            tools: Some(vec![json!({"type": "arxiv"})]),
            interrupt_before_action: Some(true),
            ..Desired::default()
        };
        assert_eq!(check(&d, None, &c).len(), 2);
        let d = Desired {
            bot_type: Some("chatbott".into()),
            ..Desired::default()
        };
        assert!(check(&d, None, &c)[0].contains("did you mean \"chatbot\""));
        assert!(check(&Desired::default(), Some("agent"), &c).is_empty());
    }
}
