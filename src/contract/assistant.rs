//! Building the AssistantPayload of the contract.
//!
//! Nothing is invented: a create sends only what the user set (plus the required
//! `type` and `configurable`); with no model, family, instructions or tools named, the
//! server's defaults stand. An update is read-modify-write: the payload starts from
//! the assistant as the server returned it and changes only what the user asked for,
//! keeping every other key of `config.configurable` verbatim and in order (upstream
//! stores the config as JSON text, fixtures 93-95), and `public`.
//!
//! What the server's catalogue says is checked and reported as [`Finding`]s: a
//! [`Level::Refuse`] is what the server's schema says will fail; everything else is a
//! warning or a note, and the input is sent (CONTRACT.md, "Which source wins"). The
//! caller knows whether the catalogue is the server's own, and so whether a refusal
//! stands ([`verdict`]).

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

/// The family name of a model string.
pub fn agent_type_for(model: &str) -> String {
    MODEL_FAMILIES
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(model))
        .map(|(_, f)| f.to_string())
        .unwrap_or_else(|| model.to_string())
}

pub use crate::contract::catalog::suggest;

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Said on stderr; nothing is wrong (a family matched to the server's spelling).
    Note,
    /// Said on stderr, and the input is sent (what only a lower source than the
    /// server's schema says, or what was left out or changed to make it work).
    Warn,
    /// The server's schema says this will fail: refused when the catalogue is the
    /// server's own, a warning otherwise.
    Refuse,
}

/// Which setting a finding is about (a manifest points at its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    BotType,
    Family,
    /// A setting only agents have.
    AgentOnly,
    /// A tool (its index among the tools resolved).
    Tool,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub level: Level,
    pub field: Field,
    pub message: String,
}

impl Finding {
    fn new(level: Level, field: Field, message: impl Into<String>) -> Self {
        Finding {
            level,
            field,
            message: message.into(),
        }
    }
}

/// Splits findings into what is refused and what is said: refusals stand only when
/// `authoritative` (the catalogue is the server's own schema); otherwise they become
/// warnings and the input is sent.
pub fn verdict(findings: Vec<Finding>, authoritative: bool) -> (Vec<Finding>, Vec<Finding>) {
    findings
        .into_iter()
        .map(|mut f| {
            if f.level == Level::Refuse && !authoritative {
                f.level = Level::Warn;
                // On the first line: a manifest's problem quotes its line below.
                let at = f.message.find('\n').unwrap_or(f.message.len());
                f.message.insert_str(
                    at,
                    " (upstream's table says so, not this server's own schema: sent as written)",
                );
            }
            f
        })
        .partition(|f| f.level == Level::Refuse)
}

/// A tool as the user declared it, before the server's catalogue makes it an object.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolDecl {
    Builtin {
        kind: String,
        /// Settings the user wrote: sent where the server declares them.
        settings: Map<String, Value>,
        /// Settings a library entry would like: sent only where declared, silently.
        preferred: Map<String, Value>,
        /// A `name` the user wrote.
        name: Option<String>,
        /// A `description` the user wrote.
        description: Option<String>,
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
            name: None,
            description: None,
            seed: seed.to_string(),
        }
    }

    /// The tool as written, with no catalogue (`--no-validate`).
    pub fn as_written(&self) -> Value {
        match self {
            ToolDecl::Function { .. } => self.function_object(),
            ToolDecl::Builtin {
                kind,
                settings,
                name,
                description,
                seed,
                ..
            } => {
                let mut t = Map::new();
                t.insert("id".into(), json!(tool_id(kind, seed)));
                t.insert("type".into(), json!(kind));
                if let Some(n) = name {
                    t.insert("name".into(), json!(n));
                }
                if let Some(d) = description {
                    t.insert("description".into(), json!(d));
                }
                t.insert("config".into(), Value::Object(settings.clone()));
                Value::Object(t)
            }
        }
    }

    fn function_object(&self) -> Value {
        match self {
            ToolDecl::Function {
                name,
                description,
                parameters,
            } => json!({
                "id": format!("function-{name}"),
                "type": FUNCTION,
                "name": name,
                "description": description,
                "config": {"parameters": parameters},
            }),
            ToolDecl::Builtin { .. } => Value::Null,
        }
    }

    /// The tool object to send, and what the catalogue says of it. The object is
    /// always built (a refusal that does not stand still sends it).
    pub fn resolve(&self, catalog: &Catalog) -> (Value, Vec<Finding>) {
        let refuse = |m: String| vec![Finding::new(Level::Refuse, Field::Tool, m)];
        match self {
            ToolDecl::Function { .. } => {
                let findings = if catalog.tool(FUNCTION).is_none() {
                    refuse("this server's schema declares no `function` tools".into())
                } else {
                    Vec::new()
                };
                (self.function_object(), findings)
            }
            ToolDecl::Builtin {
                kind,
                settings,
                preferred,
                name,
                description,
                seed,
            } => {
                let model = match catalog.tool(kind) {
                    Some(m) if m.kind != FUNCTION => m,
                    Some(_) => {
                        return (
                            self.as_written(),
                            refuse("a function tool needs a name and a JSON Schema: declare it in epsimo.yaml as `type: function` with `name` and `parameters`".into()),
                        );
                    }
                    None => {
                        let kinds: Vec<String> = catalog
                            .tool_kinds()
                            .into_iter()
                            .filter(|k| k != FUNCTION)
                            .collect();
                        return (
                            self.as_written(),
                            refuse(catalog::not_one_of("tool type", kind, &kinds)),
                        );
                    }
                };
                let mut findings = Vec::new();
                let mut config = Map::new();
                for (k, v) in settings {
                    if model.settings.contains(k) {
                        config.insert(k.clone(), v.clone());
                    } else {
                        findings.push(Finding::new(
                            Level::Warn,
                            Field::Tool,
                            format!(
                                "this server's schema declares no setting `{k}` on a `{kind}` tool ({}): left out, as the server fails every run of a tool with an undeclared setting",
                                if model.settings.is_empty() {
                                    "it declares none".to_string()
                                } else {
                                    format!("it declares {}", model.settings.join(", "))
                                }
                            ),
                        ));
                    }
                }
                for (k, v) in preferred {
                    if model.settings.contains(k) && !config.contains_key(k) {
                        config.insert(k.clone(), v.clone());
                    }
                }
                for r in &model.required {
                    if !config.contains_key(r) {
                        findings.push(Finding::new(
                            Level::Refuse,
                            Field::Tool,
                            format!("a `{kind}` tool needs the setting `{r}`"),
                        ));
                    }
                }
                let mut t = Map::new();
                t.insert("id".into(), json!(tool_id(kind, seed)));
                t.insert("type".into(), json!(kind));
                for (field, fixed, written) in [
                    ("name", &model.name, name),
                    ("description", &model.description, description),
                ] {
                    match (fixed, written) {
                        (Some(lit), Some(w)) if lit != w => {
                            findings.push(Finding::new(
                                Level::Warn,
                                Field::Tool,
                                format!(
                                    "this server fixes the {field} of a `{kind}` tool to {lit:?} (any other fails every run): sent that instead of {w:?}"
                                ),
                            ));
                            t.insert(field.into(), json!(lit));
                        }
                        // The literal the server checks (a server that fixes none
                        // fills in its own default when nothing is sent).
                        (Some(lit), _) => {
                            t.insert(field.into(), json!(lit));
                        }
                        (None, Some(w)) => {
                            t.insert(field.into(), json!(w));
                        }
                        (None, None) => {}
                    }
                }
                t.insert("config".into(), Value::Object(config));
                if let Some(m) = model.multi_use {
                    t.insert("multi_use".into(), json!(m));
                }
                (Value::Object(t), findings)
            }
        }
    }
}

/// A built-in tool's stable id: its type and a digest of where it was declared.
fn tool_id(kind: &str, seed: &str) -> String {
    use sha2::Digest;
    let digest = hex::encode(sha2::Sha256::digest(format!("{seed}|{kind}").as_bytes()));
    format!("{kind}-{}", &digest[..8])
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
/// server's value as it is on an update, and the server's default on a create.
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
    /// The platform's access mode (`type==agent/access_mode`): `authenticated`,
    /// `public_token` or `public_no_auth`.
    pub access: Option<String>,
    /// The public token (`type==agent/public_token`): a secret, from the
    /// environment, never shown.
    pub public_token: Option<String>,
    /// Sent exactly as written (`--no-validate`): the model implies no family.
    pub as_written: bool,
}

impl Desired {
    /// The family this asks for, if any: the explicit one, else the model's (not
    /// when sent as written).
    pub fn family_wanted(&self) -> Option<String> {
        if self.as_written {
            return self.family.clone();
        }
        self.family
            .clone()
            .or_else(|| self.model.as_deref().map(agent_type_for))
    }

    /// The platform's spellings understood, against the catalogue: an `agent_type`
    /// that names a bot type (`agent`, `tools`, `retrieval`, ...) sets the bot type,
    /// and a family written another way (`GPT-4O`) becomes the server's spelling.
    /// What was changed is said in notes.
    pub fn normalize(&mut self, current_bot: Option<&str>, catalog: &Catalog) -> Vec<Finding> {
        let mut notes = Vec::new();
        if let Some(f) = self.family.clone()
            && let Some(bot) = catalog::bot_type_alias(&f)
        {
            let bot_known = self.bot_type.as_deref();
            match bot_known {
                Some(b) if b != bot => notes.push(Finding::new(
                    Level::Warn,
                    Field::Family,
                    format!(
                        "`agent_type: {f}` names a bot type ({bot}), not a model family, and `type` says {b}: kept {b}; the family comes from `model`"
                    ),
                )),
                _ => {
                    notes.push(Finding::new(
                        Level::Note,
                        Field::Family,
                        format!(
                            "`agent_type: {f}` names the bot type ({bot}), not a model family; the family comes from `model`{}",
                            if self.model.is_none() {
                                " (none given: the server's default)"
                            } else {
                                ""
                            }
                        ),
                    ));
                    self.bot_type = Some(bot.to_string());
                }
            }
            self.family = None;
        }
        let bot = self
            .bot_type
            .clone()
            .or_else(|| current_bot.map(str::to_owned))
            .unwrap_or_else(|| AGENT.to_string());
        if let Some(wanted) = self.family_wanted()
            && let Some(canon) = catalog.canonical_family(&bot, &wanted)
            && canon != wanted
        {
            notes.push(Finding::new(
                Level::Note,
                Field::Family,
                format!(
                    "model family {wanted:?} is spelled {canon:?} by this server: sent {canon:?}"
                ),
            ));
            self.family = Some(canon.to_string());
        }
        notes
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

    /// The model string written (`type==agent/model`), if any.
    pub fn model(&self) -> Option<&'a str> {
        self.text(&key(AGENT, "model"))
    }

    /// The model family stored for the bot type (`type==agent/agent_type`,
    /// `type==chatbot/llm_type`, ...), if any: absent means the server's default.
    pub fn family(&self) -> Option<&'a str> {
        let bot = self.bot_type();
        let field = if bot == AGENT {
            "agent_type"
        } else {
            "llm_type"
        };
        self.text(&key(bot, field))
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

/// Whether two tool objects are the same tool: the same type and settings, and the
/// same name and description where both have one (a tool sent without them gets the
/// server's, so one stored with the server's is still the same tool).
pub fn same_tool(a: &Value, b: &Value) -> bool {
    let (a, b) = (tool_identity(a), tool_identity(b));
    let text = |v: &Value, k: &str| v.get(k).cloned();
    if text(&a, "type") != text(&b, "type") {
        return false;
    }
    let config = |v: &Value| {
        v.get("config")
            .cloned()
            .filter(|c| c.as_object().is_none_or(|o| !o.is_empty()))
    };
    if config(&a) != config(&b) {
        return false;
    }
    ["name", "description"]
        .iter()
        .all(|k| match (text(&a, k), text(&b, k)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        })
}

/// The tools to send: the desired ones, where the server already has the same tool
/// its stored object verbatim (its id, and its keys), so an update relabels nothing.
pub fn keep_tool_ids(desired: &[Value], remote: &[Value]) -> Vec<Value> {
    desired
        .iter()
        .map(|t| {
            remote
                .iter()
                .find(|r| same_tool(t, r))
                .cloned()
                .unwrap_or_else(|| t.clone())
        })
        .collect()
}

/// The full payload of a create (`remote` is `None`) or an update (read-modify-write
/// over `remote`, the assistant as the server returned it). Only what `d` sets is
/// written; everything else is the server's (kept on an update, its default on a
/// create). `family_key` names the key of a bot type's family, from the catalogue.
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
    // `type` is required (the server picks the graph by it); an update that does not
    // change it leaves the stored value, or its absence, alone.
    if d.bot_type.is_some() || (remote.is_none() && !c.contains_key("type")) {
        c.insert("type".into(), json!(bot));
    }
    if let Some(f) = d.family_wanted() {
        c.insert(catalog.family_key(&bot), json!(f));
    }
    if bot == AGENT
        && let Some(m) = &d.model
    {
        c.insert(key(AGENT, "model"), json!(m));
    }
    if let Some(text) = &d.instructions {
        c.insert(key(&bot, "system_message"), json!(text));
    }
    if bot == AGENT {
        if let Some(tools) = &d.tools {
            let old = view.as_ref().map(View::tools).unwrap_or(&[]);
            c.insert(key(AGENT, "tools"), Value::Array(keep_tool_ids(tools, old)));
        }
        if let Some(b) = d.interrupt_before_action {
            c.insert(key(AGENT, "interrupt_before_action"), json!(b));
        }
        if let Some(text) = &d.retrieval_description {
            c.insert(key(AGENT, "retrieval_description"), json!(text));
        }
    }
    // The platform's public access: keys of every bot type (CONTRACT.md, "Public
    // access"; the guide writes them with the agent prefix).
    if let Some(mode) = &d.access {
        c.insert(crate::contract::public::ACCESS_MODE.into(), json!(mode));
    }
    if let Some(t) = &d.public_token {
        c.insert(crate::contract::public::PUBLIC_TOKEN.into(), json!(t));
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

/// What the catalogue says of `d`: the bot type and the family (refused when the
/// server's schema does not list them), and settings that only agents have (a
/// warning: a chatbot stores and ignores them, and they are not sent).
pub fn check_fields(d: &Desired, current_bot: Option<&str>, catalog: &Catalog) -> Vec<Finding> {
    let mut findings = Vec::new();
    let bot = d
        .bot_type
        .as_deref()
        .or(current_bot)
        .unwrap_or(AGENT)
        .to_string();
    if let Some(b) = &d.bot_type
        && let Err(e) = catalog.check_bot_type(b)
    {
        findings.push(Finding::new(Level::Refuse, Field::BotType, e));
        return findings;
    }
    if let Some(f) = d.family_wanted()
        && let Err(e) = catalog.check_family(&bot, &f)
    {
        let from_model = d.family.is_none() && d.model.is_some();
        findings.push(Finding::new(
            Level::Refuse,
            Field::Family,
            if from_model {
                format!(
                    "{e} (model {:?} maps to {f:?}; set `agent_type` to one of the server's families)",
                    d.model.as_deref().unwrap_or("")
                )
            } else {
                e
            },
        ));
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
                findings.push(Finding::new(
                    Level::Warn,
                    Field::AgentOnly,
                    format!(
                        "`{what}` belongs to agents; a {bot} has none, so it is not sent (set `type: agent`, or remove it)"
                    ),
                ));
            }
        }
    }
    findings
}

/// Everything a create or an update asks, checked: the spellings normalized, the
/// tool declarations resolved (each finding names its tool), the fields checked.
pub fn resolve(
    mut d: Desired,
    tools: Option<&[ToolDecl]>,
    current_bot: Option<&str>,
    catalog: &Catalog,
) -> (Desired, Vec<Finding>) {
    let mut findings = d.normalize(current_bot, catalog);
    if let Some(decls) = tools {
        let mut resolved = Vec::new();
        for decl in decls {
            let (t, f) = decl.resolve(catalog);
            resolved.push(t);
            findings.extend(f);
        }
        d.tools = Some(resolved);
    }
    findings.extend(check_fields(&d, current_bot, catalog));
    (d, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::upstream()
    }

    fn refusals(f: &[Finding]) -> Vec<&str> {
        f.iter()
            .filter(|f| f.level == Level::Refuse)
            .map(|f| f.message.as_str())
            .collect()
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
        let (t, f) = ToolDecl::builtin("dall_e", "a").resolve(&c);
        assert!(f.is_empty());
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
            let (t, f) = ToolDecl::builtin(&m.kind, "s").resolve(&c);
            assert!(f.is_empty(), "{f:?}");
            assert_eq!(c.check_tool(&t), Ok(()), "{t}");
        }
        let (t, f) = ToolDecl::builtin("retreival", "a").resolve(&c);
        assert!(
            refusals(&f)[0].contains("did you mean \"retrieval\""),
            "{f:?}"
        );
        assert_eq!(
            t["type"], "retreival",
            "sent as written where it is not refused"
        );
        let (_, f) = ToolDecl::builtin("function", "a").resolve(&c);
        assert!(refusals(&f)[0].contains("epsimo.yaml"), "{f:?}");
    }

    #[test]
    fn settings_go_out_where_declared_and_are_left_out_with_a_warning_elsewhere() {
        let c = catalog();
        let mut settings = Map::new();
        settings.insert("max_results".into(), json!(5));
        let written = ToolDecl::Builtin {
            kind: "search_tavily".into(),
            settings: settings.clone(),
            preferred: Map::new(),
            name: None,
            description: None,
            seed: "s".into(),
        };
        let (t, f) = written.resolve(&c);
        assert_eq!(t["config"], json!({}), "left out");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].level, Level::Warn, "not a refusal: the deploy goes on");
        assert!(f[0].message.contains("max_results"), "{f:?}");
        let preferred = ToolDecl::Builtin {
            kind: "search_tavily".into(),
            settings: Map::new(),
            preferred: settings,
            name: None,
            description: None,
            seed: "s".into(),
        };
        let (t, f) = preferred.resolve(&c);
        assert_eq!(t["config"], json!({}));
        assert!(f.is_empty(), "a library preference is silent");
        // A server that declares the setting gets it.
        let mut declares = c.clone();
        for t in &mut declares.tools {
            if t.kind == "search_tavily" {
                t.settings.push("max_results".into());
            }
        }
        assert_eq!(
            preferred.resolve(&declares).0["config"],
            json!({"max_results": 5})
        );
        let (t, f) = written.resolve(&declares);
        assert_eq!(t["config"], json!({"max_results": 5}));
        assert!(f.is_empty());
    }

    #[test]
    fn a_custom_name_goes_out_where_the_schema_fixes_no_literal() {
        let decl = ToolDecl::Builtin {
            kind: "ddg_search".into(),
            settings: Map::new(),
            preferred: Map::new(),
            name: Some("DuckDuckGo Search".into()),
            description: Some("Search web".into()),
            seed: "s".into(),
        };
        // Upstream fixes the description: the literal goes out, with a warning.
        let (t, f) = decl.resolve(&catalog());
        assert_eq!(
            t["description"],
            "Search the web with [DuckDuckGo](https://pypi.org/project/duckduckgo-search/)."
        );
        assert_eq!(f.len(), 1, "the name is the literal already: {f:?}");
        assert_eq!(f[0].level, Level::Warn);
        // A schema with free descriptions gets the user's.
        let mut free = catalog();
        for t in &mut free.tools {
            t.description = None;
        }
        let (t, f) = decl.resolve(&free);
        assert_eq!(t["description"], "Search web");
        assert!(f.is_empty());
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
        assert_eq!(
            serde_json::to_string(&p["config"]).unwrap(),
            serde_json::to_string(&remote["config"]).unwrap(),
            "verbatim, in order"
        );
        assert_eq!(p["public"], true);
        assert_eq!(p["name"], "Renamed");
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
    fn an_update_of_a_minimal_assistant_adds_nothing() {
        // No type, family, instructions or tools stored: a rename adds none of them.
        let remote = json!({"assistant_id": "m", "name": "Min", "public": false,
            "config": {"configurable": {"type==agent/system_message": "Hi."}}});
        let d = Desired {
            name: Some("X".into()),
            ..Desired::default()
        };
        let p = payload(Some(&remote), &d, &catalog());
        assert_eq!(
            p,
            json!({"name": "X", "public": false, "config": {"configurable": {"type==agent/system_message": "Hi."}}})
        );
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
    fn a_create_sends_only_what_was_set() {
        let d = Desired {
            name: Some("Support".into()),
            model: Some("gpt-4o".into()),
            ..Desired::default()
        };
        assert_eq!(
            payload(None, &d, &catalog()),
            json!({"name": "Support", "config": {"configurable": {
                "type": "agent", "type==agent/agent_type": "GPT 4o", "type==agent/model": "gpt-4o"}}, "public": false})
        );
        // No model: no family and no model key; the server's default stands.
        let bare = Desired {
            name: Some("B".into()),
            ..Desired::default()
        };
        assert_eq!(
            payload(None, &bare, &catalog())["config"],
            json!({"configurable": {"type": "agent"}})
        );
        let bot = Desired {
            name: Some("B".into()),
            bot_type: Some("chat_retrieval".into()),
            ..Desired::default()
        };
        assert_eq!(
            payload(None, &bot, &catalog())["config"]["configurable"],
            json!({"type": "chat_retrieval"})
        );
        // As written: the model implies no family.
        let written = Desired {
            model: Some("gpt-4o".into()),
            as_written: true,
            ..d
        };
        assert_eq!(
            payload(None, &written, &catalog())["config"]["configurable"],
            json!({"type": "agent", "type==agent/model": "gpt-4o"})
        );
    }

    #[test]
    fn the_platforms_spellings_are_understood() {
        let c = catalog();
        let mut d = Desired {
            family: Some("GPT-4O".into()),
            ..Desired::default()
        };
        let notes = d.normalize(None, &c);
        assert_eq!(d.family.as_deref(), Some("GPT 4o"));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].level, Level::Note);
        assert!(notes[0].message.contains("\"GPT 4o\""), "{notes:?}");
        let mut d = Desired {
            family: Some("gpt 4o".into()),
            ..Desired::default()
        };
        d.normalize(None, &c);
        assert_eq!(d.family.as_deref(), Some("GPT 4o"));
        // The SDK's `agent_type: agent` is the bot type; the family is the model's.
        let mut d = Desired {
            family: Some("agent".into()),
            model: Some("gpt-4o".into()),
            ..Desired::default()
        };
        d.normalize(None, &c);
        assert_eq!(d.bot_type.as_deref(), Some("agent"));
        assert_eq!(d.family, None);
        assert_eq!(d.family_wanted().as_deref(), Some("GPT 4o"));
        // The data model's words.
        let mut d = Desired {
            family: Some("retrieval".into()),
            ..Desired::default()
        };
        d.normalize(None, &c);
        assert_eq!(d.bot_type.as_deref(), Some("chat_retrieval"));
        assert!(check_fields(&d, None, &c).is_empty());
    }

    #[test]
    fn checks_name_what_the_server_refuses_and_warn_on_the_rest() {
        let c = catalog();
        let d = Desired {
            model: Some("gpt-4o-mini".into()),
            ..Desired::default()
        };
        let f = check_fields(&d, None, &c);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].level, Level::Refuse);
        assert!(
            f[0].message.contains("GPT 4o mini") && f[0].message.contains("agent_type"),
            "{}",
            f[0].message
        );
        let d = Desired {
            bot_type: Some("chatbot".into()),
            tools: Some(vec![json!({"type": "arxiv"})]),
            interrupt_before_action: Some(true),
            ..Desired::default()
        };
        let f = check_fields(&d, None, &c);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.level == Level::Warn));
        let d = Desired {
            bot_type: Some("chatbott".into()),
            ..Desired::default()
        };
        assert!(
            check_fields(&d, None, &c)[0]
                .message
                .contains("did you mean \"chatbot\"")
        );
        assert!(check_fields(&Desired::default(), Some("agent"), &c).is_empty());
    }

    #[test]
    fn refusals_stand_only_against_the_servers_own_schema() {
        let f = vec![
            Finding::new(Level::Refuse, Field::Family, "unknown model family"),
            Finding::new(Level::Note, Field::Family, "spelled"),
        ];
        let (refused, said) = verdict(f.clone(), true);
        assert_eq!((refused.len(), said.len()), (1, 1));
        let (refused, said) = verdict(f, false);
        assert!(refused.is_empty());
        assert_eq!(said[0].level, Level::Warn);
        assert!(said[0].message.ends_with("sent as written)"));
    }
}
