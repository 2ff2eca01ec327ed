//! The catalogue of what a run accepts, read from the JSON Schema the server publishes
//! at `GET /runs/config_schema` (fixture 99): the bot types, the model families of each,
//! and every tool type with the literals (`name`, `description`) and settings (`config`)
//! the server checks each time a run builds the graph.
//!
//! The server is the authority: the platform runs families upstream lacks and lacks some
//! a client might assume, so nothing here is a hard-coded list of families or tools.
//! Where a server does not publish the schema, [`Catalog::upstream`] is upstream
//! OpenGPTs' own schema (recorded, embedded at build time) plus the `function` tools of
//! the Epsimo contract.

use serde_json::{Map, Value, json};

/// Upstream OpenGPTs' `GET /runs/config_schema`, byte for byte as recorded (fixture 99).
pub const UPSTREAM_SCHEMA: &str = include_str!("upstream_config_schema.json");

pub const AGENT: &str = "agent";
pub const CHAT_RETRIEVAL: &str = "chat_retrieval";

/// The `function` tool type of the Epsimo contract: a function the model may call,
/// described by a JSON Schema in `config.parameters` (`update_database` is one).
pub const FUNCTION: &str = "function";

/// One tool type as the server declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolModel {
    /// The `type` literal.
    pub kind: String,
    /// The `name` the server requires, when it is a literal.
    pub name: Option<String>,
    /// The `description` the server requires, when it is a literal.
    pub description: Option<String>,
    /// The `name` the server fills in when none is sent (the literal, or a default).
    pub default_name: Option<String>,
    /// The `description` the server fills in when none is sent.
    pub default_description: Option<String>,
    /// The settings `config` may hold.
    pub settings: Vec<String>,
    /// The settings `config` must hold.
    pub required: Vec<String>,
    /// The value `multi_use` must have, when fixed.
    pub multi_use: Option<bool>,
}

/// The model families one bot type accepts, and the key that holds its family.
#[derive(Debug, Clone, PartialEq)]
pub struct Families {
    pub bot_type: String,
    /// `type==agent/agent_type`, `type==chatbot/llm_type`, ...
    pub key: String,
    pub names: Vec<String>,
    /// What the server uses when the key is absent.
    pub default: Option<String>,
    /// The server says (`x-epsimo-loose` on the property) that it also takes other
    /// spellings of a family (case, spaces, hyphens and underscores aside) and a bot
    /// type in place of a family (the default family then), as the platform's own
    /// clients send them (`GPT-4O`, `agent`).
    pub loose: bool,
}

/// The vendor keyword a schema sets on a family property to say it matches loosely.
pub const LOOSE: &str = "x-epsimo-loose";

/// A family name folded for matching: lower case, letters and digits only
/// (`GPT-4O`, `gpt 4o` and `GPT 4o` are one family).
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The bot type a value names where a model family is expected: the platform's SDK
/// sends `agent_type: agent`, and its data model calls `agent_type` "the agent type
/// (chatbot, tools, retrieval)". `tools` is an agent, `retrieval` a chat_retrieval.
pub fn bot_type_alias(value: &str) -> Option<&'static str> {
    match value.trim().to_ascii_lowercase().as_str() {
        "agent" | "tools" => Some(AGENT),
        "chatbot" => Some("chatbot"),
        "chat_retrieval" | "retrieval" => Some(CHAT_RETRIEVAL),
        _ => None,
    }
}

/// What the model sees of each built-in tool (fixtures 100-112 and 140-145): the name
/// a tool call carries, and the argument it takes. `ai_action_runner_by_connery`
/// becomes one tool per runner action, named by the action's id, so it has no row;
/// `action_server_by_sema4ai` never builds upstream.
pub const MODEL_VISIBLE: &[(&str, &str, &str)] = &[
    ("ddg_search", "duckduckgo_search", "query"),
    ("search_tavily", "search_tavily", "query"),
    ("search_tavily_answer", "search_tavily_answer", "query"),
    ("retrieval", "Retriever", "query"),
    ("arxiv", "arxiv", "query"),
    ("you_search", "you_search", "query"),
    ("sec_filings_kai_ai", "sec_filings_search", "query"),
    ("press_releases_kai_ai", "press_release_search", "query"),
    ("pubmed", "pub_med_search", "query"),
    ("wikipedia", "wikipedia", "query"),
    ("dall_e", "Dall-E-Image-Generator", "__arg1"),
];

/// The name a tool call to this tool object carries: a function tool's own `name`,
/// a built-in's model-visible name (None where it is not recorded).
pub fn model_visible_name(tool: &Value) -> Option<String> {
    let kind = tool.get("type").and_then(Value::as_str)?;
    if kind == FUNCTION {
        return tool.get("name").and_then(Value::as_str).map(str::to_owned);
    }
    recorded(kind).map(|(n, _)| n.to_string())
}

/// A built-in type's row of [`MODEL_VISIBLE`]: the name the model sees, its argument.
fn recorded(kind: &str) -> Option<(&'static str, &'static str)> {
    MODEL_VISIBLE
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, n, a)| (*n, *a))
}

/// The argument a built-in tool's call takes (`query`, dall_e's `__arg1`).
pub fn model_visible_argument(kind: &str) -> Option<&'static str> {
    recorded(kind).map(|(_, a)| a)
}

/// Whether `called` (what an assertion, a user or a tool call names) is this tool:
/// its type, its `name`, or the name the model sees.
pub fn tool_is(tool: &Value, called: &str) -> bool {
    let text = |k: &str| tool.get(k).and_then(Value::as_str);
    text("type") == Some(called)
        || text("name") == Some(called)
        || model_visible_name(tool).as_deref() == Some(called)
}

/// What a run accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub bot_types: Vec<String>,
    pub families: Vec<Families>,
    pub tools: Vec<ToolModel>,
}

/// The type of a bot (`config.configurable.type`), `agent` when absent as upstream does.
pub fn bot_type_of(configurable: &Map<String, Value>) -> &str {
    configurable
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or(AGENT)
}

/// `type==<bot>/<field>`.
pub fn key(bot_type: &str, field: &str) -> String {
    format!("type=={bot_type}/{field}")
}

/// The nearest known name to a misspelt one, if it is near enough.
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wrong.to_lowercase();
    known
        .into_iter()
        .map(|k| (k, strsim::jaro_winkler(&lower, &k.to_lowercase())))
        .filter(|(_, score)| *score > 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// "did you mean X? allowed: A, B, C" for a value outside a list.
pub fn not_one_of(what: &str, wrong: &str, allowed: &[String]) -> String {
    let list = allowed
        .iter()
        .map(|a| format!("{a:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    match suggest(wrong, allowed.iter().map(String::as_str)) {
        Some(s) => {
            format!("unknown {what} {wrong:?} (did you mean {s:?}?); the server accepts {list}")
        }
        None => format!("unknown {what} {wrong:?}; the server accepts {list}"),
    }
}

/// Follows a local `$ref` (`#/$defs/Name`) to its definition.
fn resolve<'a>(schema: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/")
            .map(|p| format!("/{p}"))
            .and_then(|p| schema.pointer(&p))
            .unwrap_or(v),
        None => v,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The single value a property allows (`const`, or a one-value `enum`).
fn literal(prop: Option<&Value>) -> Option<Value> {
    let p = prop?;
    if let Some(c) = p.get("const") {
        return Some(c.clone());
    }
    match p.get("enum").and_then(Value::as_array) {
        Some(e) if e.len() == 1 => Some(e[0].clone()),
        _ => None,
    }
}

fn tool_model(schema: &Value, def: &Value) -> Option<ToolModel> {
    let props = def.get("properties")?;
    let kind = literal(props.get("type"))?.as_str()?.to_string();
    let config = props.get("config").map(|c| resolve(schema, c));
    let text = |k: &str| literal(props.get(k)).and_then(|v| v.as_str().map(str::to_owned));
    let default = |k: &str| {
        text(k).or_else(|| {
            props
                .get(k)
                .and_then(|p| p.get("default"))
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
        })
    };
    Some(ToolModel {
        kind,
        name: text("name"),
        description: text("description"),
        default_name: default("name"),
        default_description: default("description"),
        settings: config
            .and_then(|c| c.get("properties"))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        required: strings(config.and_then(|c| c.get("required"))),
        multi_use: literal(props.get("multi_use")).and_then(|v| v.as_bool()),
    })
}

impl Catalog {
    /// Reads the schema of `GET /runs/config_schema`.
    pub fn from_schema(schema: &Value) -> Result<Catalog, String> {
        let configurable = schema
            .pointer("/properties/configurable")
            .map(|c| resolve(schema, c))
            .and_then(|c| c.get("properties"))
            .and_then(Value::as_object)
            .ok_or("the schema has no `properties.configurable` with properties")?;
        let bot_types = configurable
            .get("type")
            .map(|t| resolve(schema, t))
            .map(|t| strings(t.get("enum")))
            .filter(|t| !t.is_empty())
            .ok_or("the schema does not list the bot types (`configurable.type`)")?;
        let mut families = Vec::new();
        for bot in &bot_types {
            for field in ["agent_type", "llm_type"] {
                let k = key(bot, field);
                if let Some(prop) = configurable.get(&k) {
                    let loose = [prop, resolve(schema, prop)]
                        .iter()
                        .any(|p| p.get(LOOSE).and_then(Value::as_bool) == Some(true));
                    families.push(Families {
                        loose,
                        bot_type: bot.clone(),
                        names: strings(resolve(schema, prop).get("enum")),
                        default: prop
                            .get("default")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        key: k,
                    });
                    break;
                }
            }
        }
        let mut tools = Vec::new();
        let listed = configurable
            .get(&key(AGENT, "tools"))
            .and_then(|t| t.pointer("/items/anyOf"))
            .and_then(Value::as_array);
        match listed {
            Some(options) => {
                for option in options {
                    if let Some(t) = tool_model(schema, resolve(schema, option)) {
                        tools.push(t);
                    }
                }
            }
            None => {
                // No list: every definition that looks like a tool model.
                for def in schema
                    .get("$defs")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|d| d.values())
                {
                    if let Some(t) = tool_model(schema, def) {
                        tools.push(t);
                    }
                }
            }
        }
        Ok(Catalog {
            bot_types,
            families,
            tools,
        })
    }

    /// Upstream OpenGPTs' catalogue (its recorded schema), plus the contract's
    /// `function` tools: what is assumed of a server that publishes no schema.
    pub fn upstream() -> Catalog {
        let schema: Value =
            serde_json::from_str(UPSTREAM_SCHEMA).expect("the embedded schema is JSON");
        let mut c = Catalog::from_schema(&schema).expect("the embedded schema reads");
        c.tools.push(function_model());
        c
    }

    /// The families of a bot type.
    pub fn families(&self, bot_type: &str) -> Option<&Families> {
        self.families.iter().find(|f| f.bot_type == bot_type)
    }

    /// The key holding a bot type's family (`type==agent/agent_type`, ...).
    pub fn family_key(&self, bot_type: &str) -> String {
        self.families(bot_type)
            .map(|f| f.key.clone())
            .unwrap_or_else(|| {
                key(
                    bot_type,
                    if bot_type == AGENT {
                        "agent_type"
                    } else {
                        "llm_type"
                    },
                )
            })
    }

    pub fn tool(&self, kind: &str) -> Option<&ToolModel> {
        self.tools.iter().find(|t| t.kind == kind)
    }

    pub fn tool_kinds(&self) -> Vec<String> {
        self.tools.iter().map(|t| t.kind.clone()).collect()
    }

    pub fn check_bot_type(&self, bot_type: &str) -> Result<(), String> {
        if self.bot_types.iter().any(|b| b == bot_type) {
            return Ok(());
        }
        Err(not_one_of("bot type", bot_type, &self.bot_types))
    }

    /// The server's spelling of a family written another way (`GPT-4O` for `GPT 4o`):
    /// the one family whose folded name is the same; `None` when none or several are.
    pub fn canonical_family(&self, bot_type: &str, written: &str) -> Option<&str> {
        let f = self.families(bot_type)?;
        if let Some(n) = f.names.iter().find(|n| *n == written) {
            return Some(n);
        }
        let folded = fold(written);
        let mut matches = f.names.iter().filter(|n| fold(n) == folded);
        match (matches.next(), matches.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// Whether the server takes `family` for a bot type: one of its names, or, where
    /// its schema says it matches loosely, another spelling or a bot type.
    pub fn check_family(&self, bot_type: &str, family: &str) -> Result<(), String> {
        let Some(f) = self.families(bot_type) else {
            return Ok(());
        };
        if f.names.iter().any(|n| n == family) {
            return Ok(());
        }
        if f.loose
            && (self.canonical_family(bot_type, family).is_some()
                || bot_type_alias(family).is_some())
        {
            return Ok(());
        }
        let article = if bot_type.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        Err(not_one_of(
            &format!("model family for {article} {bot_type}"),
            family,
            &f.names,
        ))
    }

    /// Checks one tool object as the server does when a run builds the graph.
    pub fn check_tool(&self, tool: &Value) -> Result<(), String> {
        let obj = tool
            .as_object()
            .ok_or("a tool must be an object with a `type`")?;
        let kind = obj
            .get("type")
            .and_then(Value::as_str)
            .ok_or("a tool has no `type`")?;
        let model = self
            .tool(kind)
            .ok_or_else(|| not_one_of("tool type", kind, &self.tool_kinds()))?;
        for (field, want) in [("name", &model.name), ("description", &model.description)] {
            if let (Some(want), Some(got)) = (want, obj.get(field))
                && got.as_str() != Some(want.as_str())
            {
                return Err(format!(
                    "the {field} of a `{kind}` tool must be exactly {want:?}, not {got}"
                ));
            }
        }
        let config = match obj.get("config") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                return Err(format!(
                    "the config of a `{kind}` tool is {other}, not an object"
                ));
            }
        };
        self.check_settings(model, &config)?;
        if let (Some(want), Some(got)) = (model.multi_use, obj.get("multi_use"))
            && got.as_bool() != Some(want)
        {
            return Err(format!("`multi_use` of a `{kind}` tool must be {want}"));
        }
        Ok(())
    }

    /// Checks the settings a tool's `config` holds against what its type declares.
    pub fn check_settings(
        &self,
        model: &ToolModel,
        config: &Map<String, Value>,
    ) -> Result<(), String> {
        let kind = &model.kind;
        for k in config.keys() {
            if !model.settings.contains(k) {
                return Err(if model.settings.is_empty() {
                    format!(
                        "a `{kind}` tool takes no settings, and the server fails every run of a tool with an undeclared one: remove `{k}`"
                    )
                } else {
                    format!(
                        "a `{kind}` tool has no setting `{k}`; the server declares {}",
                        model.settings.join(", ")
                    )
                });
            }
        }
        for r in &model.required {
            if !config.contains_key(r) {
                return Err(format!("a `{kind}` tool needs the setting `{r}`"));
            }
        }
        Ok(())
    }

    /// Checks an assistant's `config.configurable` as a run builds its graph: the bot
    /// type, its family (when set), and each tool of an agent. Keys the graph does not
    /// know are ignored, as upstream ignores them.
    pub fn check_configurable(&self, configurable: &Map<String, Value>) -> Result<(), String> {
        let bot = bot_type_of(configurable);
        self.check_bot_type(bot)?;
        let fkey = self.family_key(bot);
        match configurable.get(&fkey) {
            None => {}
            Some(Value::String(f)) => self.check_family(bot, f)?,
            Some(other) => return Err(format!("`{fkey}` is {other}, not a family name")),
        }
        if bot == AGENT
            && let Some(tools) = configurable.get(&key(AGENT, "tools"))
        {
            let list = tools
                .as_array()
                .ok_or_else(|| format!("`{}` is not a list", key(AGENT, "tools")))?;
            for (i, t) in list.iter().enumerate() {
                self.check_tool(t).map_err(|e| format!("tool {i}: {e}"))?;
            }
        }
        Ok(())
    }

    /// The tool types as JSON, for `epsimo tools types --json`: each type with the name
    /// the model sees (as recorded upstream; `null` where nothing was recorded), its
    /// settings, and its name and description (`*_fixed`: the server checks them).
    pub fn tools_json(&self) -> Value {
        Value::Array(
            self.tools
                .iter()
                .map(|t| {
                    let visible = if t.kind == FUNCTION {
                        json!("its own `name`")
                    } else {
                        recorded(&t.kind).map_or(Value::Null, |(n, _)| json!(n))
                    };
                    json!({
                        "type": t.kind,
                        "model_visible_name": visible,
                        "settings": t.settings,
                        "required_settings": t.required,
                        "name": t.default_name,
                        "name_fixed": t.name.is_some(),
                        "description": t.default_description,
                        "description_fixed": t.description.is_some(),
                    })
                })
                .collect(),
        )
    }

    /// The catalogue as JSON, for `epsimo models --json`.
    pub fn families_json(&self) -> Value {
        Value::Array(
            self.families
                .iter()
                .map(|f| json!({"bot_type": f.bot_type, "key": f.key, "default": f.default, "families": f.names}))
                .collect(),
        )
    }
}

/// The `function` tool of the contract, as a tool model.
pub fn function_model() -> ToolModel {
    ToolModel {
        kind: FUNCTION.to_string(),
        name: None,
        description: None,
        default_name: None,
        default_description: None,
        settings: vec!["parameters".to_string()],
        required: Vec::new(),
        multi_use: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_schema_reads_as_the_fixture_tables_say() {
        let c = Catalog::upstream();
        assert_eq!(c.bot_types, ["chatbot", "chat_retrieval", "agent"]);
        let agent = c.families(AGENT).unwrap();
        assert_eq!(agent.key, "type==agent/agent_type");
        assert_eq!(agent.default.as_deref(), Some("GPT 3.5 Turbo"));
        assert!(agent.names.contains(&"GPT 4o".to_string()));
        assert!(!agent.names.contains(&"Mixtral".to_string()));
        let chatbot = c.families("chatbot").unwrap();
        assert_eq!(chatbot.key, "type==chatbot/llm_type");
        assert!(chatbot.names.contains(&"Mixtral".to_string()));
        assert_eq!(
            c.families(CHAT_RETRIEVAL).unwrap().key,
            "type==chat_retrieval/llm_type"
        );
        // 13 tool models of upstream, plus the contract's functions.
        assert_eq!(c.tools.len(), 14);
        let dalle = c.tool("dall_e").unwrap();
        assert_eq!(dalle.name.as_deref(), Some("Generate Image (Dall-E)"));
        assert_eq!(
            dalle.description.as_deref(),
            Some("Generates images from a text description using OpenAI's DALL-E model.")
        );
        assert!(dalle.settings.is_empty());
        let action = c.tool("action_server_by_sema4ai").unwrap();
        assert_eq!(action.settings, ["url", "api_key"]);
        assert_eq!(action.required, ["url", "api_key"]);
        assert_eq!(action.multi_use, Some(true));
        assert!(c.tool("function").is_some());
    }

    #[test]
    fn tools_are_checked_like_the_server_checks_them() {
        let c = Catalog::upstream();
        let ok = json!({"id": "x", "type": "dall_e", "name": "Generate Image (Dall-E)",
            "description": "Generates images from a text description using OpenAI's DALL-E model.", "config": {}});
        assert_eq!(c.check_tool(&ok), Ok(()));
        // Left out, the literals are the server's defaults.
        assert_eq!(c.check_tool(&json!({"type": "arxiv"})), Ok(()));
        // Fixture 92: a description of our own breaks every run.
        let wrong =
            json!({"type": "dall_e", "description": "Generate an image from a text prompt."});
        assert!(
            c.check_tool(&wrong)
                .unwrap_err()
                .contains("must be exactly")
        );
        let e = c
            .check_tool(&json!({"type": "search_tavily", "config": {"max_results": 5}}))
            .unwrap_err();
        assert!(
            e.contains("takes no settings") && e.contains("max_results"),
            "{e}"
        );
        let e = c.check_tool(&json!({"type": "dal_e"})).unwrap_err();
        assert!(e.contains("did you mean \"dall_e\""), "{e}");
        assert!(c.check_tool(&json!("dall_e")).is_err());
        let e = c
            .check_tool(&json!({"type": "action_server_by_sema4ai", "config": {"url": "u"}}))
            .unwrap_err();
        assert!(e.contains("api_key"), "{e}");
    }

    #[test]
    fn configurables_are_checked_per_bot_type() {
        let c = Catalog::upstream();
        let mut m: Map<String, Value> = serde_json::from_value(json!({
            "type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/tools": [],
            "type==agent/model": "ignored", "future": 1}))
        .unwrap();
        assert_eq!(c.check_configurable(&m), Ok(()));
        m.insert("type==agent/agent_type".into(), json!("GPT 4o mini"));
        let e = c.check_configurable(&m).unwrap_err();
        assert!(e.contains("\"GPT 4o\""), "{e}");
        let bot: Map<String, Value> =
            serde_json::from_value(json!({"type": "chatbot", "type==chatbot/llm_type": "Mixtral"}))
                .unwrap();
        assert_eq!(c.check_configurable(&bot), Ok(()));
        let bad: Map<String, Value> = serde_json::from_value(json!({"type": "chat_bot"})).unwrap();
        assert!(
            c.check_configurable(&bad)
                .unwrap_err()
                .contains("did you mean \"chatbot\"")
        );
        // No type: an agent, as upstream defaults it.
        assert_eq!(c.check_configurable(&Map::new()), Ok(()));
    }

    #[test]
    fn a_schema_without_a_tool_list_still_yields_its_tool_models() {
        let schema = json!({
            "$defs": {
                "Bot": {"enum": ["agent"]},
                "Fam": {"enum": ["A", "B"]},
                "T": {"properties": {"type": {"const": "t"}, "config": {"properties": {"k": {}}}}}
            },
            "properties": {"configurable": {"properties": {
                "type": {"$ref": "#/$defs/Bot"},
                "type==agent/agent_type": {"$ref": "#/$defs/Fam", "default": "A"}
            }}}
        });
        let c = Catalog::from_schema(&schema).unwrap();
        assert_eq!(c.tools[0].kind, "t");
        assert_eq!(c.tools[0].settings, ["k"]);
        assert!(c.check_family("agent", "C").is_err());
        assert!(Catalog::from_schema(&json!({})).is_err());
    }
}
