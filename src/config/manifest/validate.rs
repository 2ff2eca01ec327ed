//! The whole manifest, validated: parsed with spans (so every problem names its
//! line and column), `${VAR}` references expanded, tools and fields resolved against
//! the server's catalogue, every problem collected before anything is sent.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{MAX_BYTES, too_large};
use crate::error::{CliError, Exit, Result};
use serde_json::{Map, Value};
use serde_saphyr::Spanned;

use crate::contract::assistant::{Desired, Field, Finding, Level, ToolDecl, suggest};
use crate::contract::catalog::{AGENT, Catalog};

/// The manifest's keys as written, each with where it is. Read loosely (any key,
/// any value) so that every unknown key and wrong type is found in one pass, then
/// checked into [`RawManifest`]: a strict `deny_unknown_fields` parse stops at the
/// first one.
#[derive(Debug, Default)]
struct RawManifest {
    project_id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    assistants: Vec<RawAssistant>,
}

#[derive(Debug, Default)]
struct RawAssistant {
    name: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
    agent_type: Option<Spanned<String>>,
    bot_type: Option<Spanned<String>>,
    instructions: Option<Spanned<String>>,
    instructions_file: Option<Spanned<String>>,
    public: Option<Spanned<bool>>,
    tools: Vec<Spanned<Value>>,
    /// `tools:` is written (a list, maybe empty): the manifest manages the tools.
    tools_written: bool,
    interrupt_before_action: Option<Spanned<bool>>,
    retrieval_description: Option<Spanned<String>>,
    access: Option<Spanned<String>>,
    public_token: Option<Spanned<String>>,
    /// Where the assistant's mapping starts (for one without a name).
    place: Option<Spanned<String>>,
}

/// A mapping's entries in file order, keys and values with their places.
type Entries = indexmap::IndexMap<Spanned<String>, Spanned<Value>>;

/// The second reading: each assistant's entries (and each tool) with places.
#[derive(Deserialize)]
struct AssistantEntries {
    #[serde(default)]
    assistants: Option<Vec<Spanned<Entries>>>,
}
#[derive(Deserialize)]
struct ToolEntries {
    #[serde(default)]
    tools: Option<Vec<Spanned<Value>>>,
}
#[derive(Deserialize)]
struct AssistantTools {
    #[serde(default)]
    assistants: Option<Vec<ToolEntries>>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A text value (a number or boolean written bare counts as its text); `key:` with
/// nothing after it is no value.
fn text_value(key: &str, v: &Spanned<Value>, p: &mut Problems) -> Option<Spanned<String>> {
    let text = match &v.value {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => {
            p.at_span(v, format!("`{key}` is text, not {}", kind(other)));
            return None;
        }
    };
    Some(Spanned::new(text, v.referenced, v.defined))
}

fn bool_value(key: &str, v: &Spanned<Value>, p: &mut Problems) -> Option<Spanned<bool>> {
    match &v.value {
        Value::Null => None,
        Value::Bool(b) => Some(Spanned::new(*b, v.referenced, v.defined)),
        other => {
            let shown = match other {
                Value::String(s) => format!("\"{s}\""),
                o => kind(o).to_string(),
            };
            p.at_span(v, format!("`{key}` is true or false, not {shown}"));
            None
        }
    }
}

fn unknown_key(k: &Spanned<String>, known: &[&str], p: &mut Problems) {
    let mut msg = format!("unknown field `{}`", k.value);
    match suggest(&k.value, known.iter().copied()) {
        Some(s) => msg.push_str(&format!(" (did you mean `{s}`?)")),
        None => msg.push_str(&format!("; expected one of {}", known.join(", "))),
    }
    p.at_span(k, msg);
}

/// Reads the manifest's structure: a YAML syntax error stops here (nothing after
/// it can be read); every unknown key and wrongly typed value is a problem in `p`,
/// and the rest is still read and checked.
fn structure(path: &Path, text: &str, p: &mut Problems) -> Result<RawManifest> {
    let mut raw = RawManifest::default();
    if text.trim().is_empty() {
        return Ok(raw);
    }
    let top: Entries = serde_saphyr::from_str(text).map_err(|e| parse_error(path, &e))?;
    let mut assistants_ok = false;
    for (k, v) in &top {
        match k.value.as_str() {
            "project_id" => raw.project_id = text_value("project_id", v, p),
            "name" => raw.name = text_value("name", v, p),
            "assistants" => match &v.value {
                Value::Null => {}
                Value::Array(items) => {
                    assistants_ok = true;
                    for item in items.iter().filter(|i| !i.is_object()) {
                        assistants_ok = false;
                        p.at_span(
                            v,
                            format!(
                                "each of `assistants` is a mapping with a `name`, not {}",
                                kind(item)
                            ),
                        );
                    }
                }
                other => p.at_span(v, format!("`assistants` is a list, not {}", kind(other))),
            },
            _ => unknown_key(k, MANIFEST_KEYS, p),
        }
    }
    if !assistants_ok {
        return Ok(raw);
    }
    let listed: AssistantEntries =
        serde_saphyr::from_str(text).map_err(|e| parse_error(path, &e))?;
    // Each tool with its own place, when every `tools` is a list.
    let tools: Option<Vec<ToolEntries>> = serde_saphyr::from_str::<AssistantTools>(text)
        .ok()
        .and_then(|t| t.assistants);
    for (i, entries) in listed.assistants.unwrap_or_default().iter().enumerate() {
        let mut a = RawAssistant {
            place: Some(Spanned::new(
                String::new(),
                entries.referenced,
                entries.defined,
            )),
            ..RawAssistant::default()
        };
        for (k, v) in &entries.value {
            let key = k.value.as_str();
            match key {
                "name" => a.name = text_value(key, v, p),
                "model" => a.model = text_value(key, v, p),
                "agent_type" => a.agent_type = text_value(key, v, p),
                "type" => a.bot_type = text_value(key, v, p),
                "instructions" => a.instructions = text_value(key, v, p),
                "instructions_file" => a.instructions_file = text_value(key, v, p),
                "retrieval_description" => a.retrieval_description = text_value(key, v, p),
                "public" => a.public = bool_value(key, v, p),
                "interrupt_before_action" => a.interrupt_before_action = bool_value(key, v, p),
                "access" => a.access = text_value(key, v, p),
                "public_token" => a.public_token = text_value(key, v, p),
                "tools" => match &v.value {
                    Value::Null => {}
                    Value::Array(_) => {
                        a.tools_written = true;
                        a.tools = tools
                            .as_ref()
                            .and_then(|t| t.get(i))
                            .and_then(|t| t.tools.clone())
                            .unwrap_or_default()
                    }
                    other => p.at_span(v, format!("`tools` is a list, not {}", kind(other))),
                },
                _ => unknown_key(k, ASSISTANT_KEYS, p),
            }
        }
        if a.name.is_none() {
            p.at_span(entries, "an assistant needs a `name`");
        }
        raw.assistants.push(a);
    }
    Ok(raw)
}

/// A place in the manifest: line and column.
pub type At = (u64, u64);

fn at<T>(s: &Spanned<T>) -> At {
    (s.referenced.line(), s.referenced.column())
}

/// One assistant of a validated manifest. Everything the manifest manages is set in
/// `desired` (defaults filled in), except the tools, which become objects only
/// against the server's catalogue ([`Manifest::resolve`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestAssistant {
    pub desired: Desired,
    pub tools: Vec<(At, ToolDecl)>,
    /// Where the family comes from (`agent_type`, else `model`, else the name).
    pub family_at: At,
    pub type_at: At,
    pub name_at: At,
}

/// A validated `epsimo.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub path: PathBuf,
    pub project_id: Option<String>,
    pub name: Option<String>,
    pub assistants: Vec<ManifestAssistant>,
    /// The `${VAR}`s the file uses, with their values (never printed in a plan).
    pub from_env: Vec<(String, String)>,
    /// The text it was read from (problems quote their line).
    text: String,
    /// What is wrong with its structure, each shown with its place, in file order
    /// (a manifest read by [`Manifest::load_lenient`]; empty otherwise).
    pub problems: Vec<(u64, u64, String)>,
}

/// Problems found, each with its place in the file.
struct Problems {
    path: String,
    /// (line, column, the problem as shown): shown in the order of the file.
    list: Vec<(u64, u64, String)>,
    /// The manifest's text, to quote each problem's line.
    text: String,
}

impl Problems {
    /// A problem at `line:column`, as `file:line:column: message` followed by the
    /// line of the file it is on and a caret under the column (as rustc shows
    /// them, and as the parser's own errors look).
    fn at(&mut self, line: u64, column: u64, msg: impl Into<String>) {
        let text = self.render(line, column, &msg.into());
        self.list.push((line, column, text));
    }

    /// `file:line:column: message`, the line quoted and a caret under the column.
    fn render(&self, line: u64, column: u64, msg: &str) -> String {
        let mut text = format!("{}:{line}:{column}: {msg}", self.path);
        if let Some(src) = self.text.lines().nth((line as usize).saturating_sub(1)) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let caret = " ".repeat((column as usize).saturating_sub(1));
            text.push_str(&format!(
                "\n    {pad} |\n    {num} | {}\n    {pad} | {caret}^",
                crate::util::sanitize(src)
            ));
        }
        text
    }

    fn at_span<T>(&mut self, s: &Spanned<T>, msg: impl Into<String>) {
        self.at(s.referenced.line(), s.referenced.column(), msg);
    }
}

const MANIFEST_KEYS: &[&str] = &["project_id", "name", "assistants"];
const ASSISTANT_KEYS: &[&str] = &[
    "name",
    "type",
    "model",
    "agent_type",
    "instructions",
    "instructions_file",
    "public",
    "tools",
    "interrupt_before_action",
    "retrieval_description",
    "access",
    "public_token",
];
/// The platform's access modes (CONTRACT.md, "Public access").
const ACCESS_MODES: &[&str] = &["authenticated", "public_token", "public_no_auth"];
const JSON_TYPES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// A parse error as `file:line:column: message`, with a did-you-mean for an
/// unknown key.
fn parse_error(path: &Path, e: &serde_saphyr::Error) -> CliError {
    CliError::new(Exit::Invalid, yaml_problem(path, e)).remedy(crate::error::Remedy::FixManifest)
}

/// A YAML file's parse error as `file:line:column: message`, with a did-you-mean for
/// an unknown key or variant (from the names serde says it expected, else the
/// manifest's), then the snippet with a caret.
pub fn yaml_problem(path: &Path, e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ");
    let message = first
        .split_once(": ")
        .map(|(_, m)| m)
        .unwrap_or(first)
        .to_string();
    let (line, column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let mut msg = format!("{}:{line}:{column}: {message}", path.display());
    let unknown = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"));
    if let Some(rest) = unknown {
        let field = rest.split('`').next().unwrap_or("");
        // serde lists what it expected: `a`, `b`; else the manifest's own keys.
        let listed: Vec<&str> = message
            .split_once("expected ")
            .map(|(_, e)| {
                e.trim_start_matches("one of ")
                    .split(", ")
                    .map(|w| w.trim().trim_matches('`'))
                    .filter(|w| !w.is_empty() && !w.contains(' '))
                    .collect()
            })
            .unwrap_or_default();
        let known: Vec<&str> = if !listed.is_empty() {
            listed
        } else if message.contains("instructions") {
            ASSISTANT_KEYS.to_vec()
        } else {
            MANIFEST_KEYS.to_vec()
        };
        if let Some(s) = suggest(field, known.iter().copied()) {
            msg.push_str(&format!(" (did you mean `{s}`?)"));
        }
    }
    let snippet: Vec<&str> = text.lines().skip(1).collect();
    if !snippet.is_empty() {
        msg.push('\n');
        msg.push_str(
            &snippet
                .join("\n")
                .replace("<input>", &path.display().to_string()),
        );
    }
    msg
}

/// Replaces `${VAR}` from the environment; an unset variable is a problem.
fn expand_env(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| "an unclosed ${ in a value".to_string())?;
        let name = &after[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("${{{name}}} is not a variable name"));
        }
        match std::env::var(name) {
            Ok(v) => out.push_str(&v),
            Err(_) => {
                return Err(format!(
                    "environment variable {name} is not set (used as ${{{name}}})"
                ));
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Every `${VAR}` the text names whose variable is set, with its value: what the plan
/// must show as `${VAR}` rather than print (CI secrets in a pull request's logs).
fn env_references(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if let Ok(v) = std::env::var(name)
            && !v.is_empty()
            && !out.iter().any(|(n, _)| n == name)
        {
            out.push((name.to_string(), v));
        }
        rest = &after[end + 1..];
    }
    out
}

fn expand_value(v: &mut Value) -> Result<(), String> {
    match v {
        Value::String(s) => *s = expand_env(s)?,
        Value::Array(items) => items.iter_mut().try_for_each(expand_value)?,
        Value::Object(map) => map.values_mut().try_for_each(expand_value)?,
        _ => {}
    }
    Ok(())
}

/// Checks the shape of a function's `parameters` JSON Schema.
pub fn check_schema(schema: &Value) -> Result<(), String> {
    let obj = schema
        .as_object()
        .ok_or("`parameters` must be a JSON Schema object")?;
    if obj.get("type").and_then(Value::as_str) != Some("object") {
        return Err("`parameters` must have `type: object`".into());
    }
    let props = match obj.get("properties") {
        None => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(_) => return Err("`parameters.properties` must be a mapping".into()),
    };
    for (name, prop) in &props {
        let p = prop
            .as_object()
            .ok_or_else(|| format!("property `{name}` must be a mapping"))?;
        match p.get("type") {
            None => {}
            Some(Value::String(t)) if JSON_TYPES.contains(&t.as_str()) => {}
            Some(Value::Array(ts))
                if ts
                    .iter()
                    .all(|t| t.as_str().is_some_and(|t| JSON_TYPES.contains(&t))) => {}
            Some(other) => {
                return Err(format!(
                    "property `{name}` has type {other}, not one of {}",
                    JSON_TYPES.join(", ")
                ));
            }
        }
    }
    match obj.get("required") {
        None => {}
        Some(Value::Array(req)) => {
            for r in req {
                let r = r.as_str().ok_or("`required` must list property names")?;
                if !props.contains_key(r) {
                    return Err(format!(
                        "`required` names `{r}`, which is not in `properties`"
                    ));
                }
            }
        }
        Some(_) => return Err("`required` must be a list".into()),
    }
    Ok(())
}

/// One tool declaration as what it stands for.
fn tool(raw: &Value, seed: &str) -> Result<ToolDecl, String> {
    match raw {
        Value::String(t) => Ok(ToolDecl::builtin(t, seed)),
        Value::Object(map) => {
            if let Some(name) = map.get("use") {
                let name = name.as_str().ok_or("`use` must name a library tool")?;
                if map.len() > 1 {
                    return Err("a `use:` tool takes no other keys".into());
                }
                return crate::contract::library::expand(name, seed).ok_or_else(|| {
                    let known: Vec<&str> = crate::contract::library::LIBRARY
                        .iter()
                        .map(|(n, _, _)| *n)
                        .collect();
                    match suggest(name, known.iter().copied()) {
                        Some(s) => format!("unknown library tool `{name}` (did you mean `{s}`?)"),
                        None => format!(
                            "unknown library tool `{name}`; the library has {}",
                            known.join(", ")
                        ),
                    }
                });
            }
            let ty = map
                .get("type")
                .and_then(Value::as_str)
                .ok_or("a tool needs a `type` (or `use:` for a library tool)")?;
            if ty == "function" {
                for k in map.keys() {
                    if !["type", "name", "description", "parameters"].contains(&k.as_str()) {
                        return Err(format!(
                            "unknown key `{k}` on a function tool (it takes name, description, parameters)"
                        ));
                    }
                }
                let name = map
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                    .ok_or("a function tool needs a `name`")?;
                if !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    return Err(format!(
                        "function name `{name}` may only hold letters, digits, _ and -"
                    ));
                }
                let description = match map.get("description") {
                    None => "",
                    Some(Value::String(d)) => d.as_str(),
                    Some(_) => return Err("`description` must be text".into()),
                };
                let parameters = map
                    .get("parameters")
                    .cloned()
                    .unwrap_or_else(|| serde_json::json!({"type": "object", "properties": {}}));
                check_schema(&parameters)?;
                return Ok(ToolDecl::Function {
                    name: name.to_string(),
                    description: description.to_string(),
                    parameters,
                });
            }
            // `name` and `description` are the tool's own; `config:` holds settings,
            // and so does every other key (the seed writes `max_results: 5` beside
            // `type`, as the platform's SDK moves such keys into `config`).
            let text = |k: &str| -> Result<Option<String>, String> {
                match map.get(k) {
                    None => Ok(None),
                    Some(Value::String(t)) => Ok(Some(t.clone())),
                    Some(_) => Err(format!("`{k}` of a tool must be text")),
                }
            };
            let mut settings = Map::new();
            for (k, v) in map {
                match k.as_str() {
                    "type" | "name" | "description" => {}
                    "config" => match v {
                        Value::Object(c) => settings.extend(c.clone()),
                        Value::Null => {}
                        _ => return Err("`config` of a tool must be a mapping".into()),
                    },
                    _ => {
                        settings.insert(k.clone(), v.clone());
                    }
                }
            }
            Ok(ToolDecl::Builtin {
                kind: ty.to_string(),
                settings,
                preferred: Map::new(),
                name: text("name")?,
                description: text("description")?,
                seed: seed.to_string(),
            })
        }
        _ => Err("a tool is a type name, a mapping with `type`, or `use: LIBRARY_TOOL`".into()),
    }
}

impl Manifest {
    /// Reads and validates a manifest: every problem is reported, each with its
    /// file, line and column; exit 5.
    pub fn load(path: &Path) -> Result<Manifest> {
        Manifest::load_in(path, &super::project_root(path))
    }

    /// Reads a manifest whose files must stay inside `root` (the MCP server's root).
    pub fn load_in(path: &Path, root: &Path) -> Result<Manifest> {
        let text = read_manifest(path)?;
        Manifest::parse_in(path, &text, root)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Manifest> {
        Manifest::parse_in(path, text, &super::project_root(path))
    }
}

/// The `file:line:column:` a shown finding starts with, as numbers (0:0 if none).
fn place_of(shown: &str) -> (u64, u64) {
    // `path:line:column: message`: the first two numbers between colons.
    let nums: Vec<u64> = shown
        .split(':')
        .filter_map(|p| p.trim().parse().ok())
        .take(2)
        .collect();
    match nums.as_slice() {
        [l, c, ..] => (*l, *c),
        _ => (0, 0),
    }
}

/// The manifest's text, read with its size capped.
fn read_manifest(path: &Path) -> Result<String> {
    {
        let bytes = crate::util::read_capped(path, MAX_BYTES).map_err(|e| {
            if e.kind() == std::io::ErrorKind::FileTooLarge {
                return too_large(path);
            }
            CliError::usage(format!("cannot read {}: {e}", path.display()))
                .remedy(crate::error::Remedy::CreateManifest)
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            CliError::new(
                Exit::Invalid,
                format!(
                    "{}: not UTF-8 text (byte {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Ok(text)
    }
}

impl Manifest {
    /// [`Manifest::parse`] with the root its files must stay inside.
    pub fn parse_in(path: &Path, text: &str, root: &Path) -> Result<Manifest> {
        let m = Manifest::parse_lenient_in(path, text, root)?;
        if m.problems.is_empty() {
            return Ok(m);
        }
        Err(m.problems_error(Vec::new(), "fix them; nothing was sent"))
    }

    /// Reads a manifest keeping what is wrong with its structure in `problems`
    /// instead of failing on it (what is not YAML still fails), so its assistants
    /// that are whole can be checked against the server's catalogue too, and every
    /// problem of the file reported at once.
    pub fn load_lenient(path: &Path) -> Result<Manifest> {
        let text = read_manifest(path)?;
        Manifest::parse_lenient_in(path, &text, &super::project_root(path))
    }

    /// The structure's problems and `refused` (findings of the catalogue, already
    /// shown with their place) as one error, in file order.
    pub fn problems_error(&self, refused: Vec<Finding>, hint: &str) -> CliError {
        let mut list = self.problems.clone();
        list.extend(refused.into_iter().map(|f| {
            let (line, column) = place_of(&f.message);
            (line, column, f.message)
        }));
        list.sort_by_key(|(line, column, _)| (*line, *column));
        let n = list.len();
        let shown: Vec<String> = list.into_iter().map(|(_, _, text)| text).collect();
        CliError::new(
            Exit::Invalid,
            format!(
                "{} {} in {}:\n  {}",
                n,
                if n == 1 { "problem" } else { "problems" },
                self.path.display(),
                shown.join("\n  ")
            ),
        )
        .with_hint(hint.to_string())
    }

    fn parse_lenient_in(path: &Path, text: &str, root: &Path) -> Result<Manifest> {
        let mut p = Problems {
            path: path.display().to_string(),
            list: Vec::new(),
            text: text.to_string(),
        };
        let raw = structure(path, text, &mut p)?;
        let base = path.parent().unwrap_or(Path::new("."));
        let text_of = |s: &Spanned<String>, p: &mut Problems| -> String {
            match expand_env(&s.value) {
                Ok(v) => v,
                Err(e) => {
                    p.at_span(s, e);
                    s.value.clone()
                }
            }
        };
        let project_id = raw.project_id.as_ref().map(|s| text_of(s, &mut p));
        let name = raw.name.as_ref().map(|s| text_of(s, &mut p));
        let mut assistants: Vec<ManifestAssistant> = Vec::new();
        let mut seen: Vec<(String, u64)> = Vec::new();
        for a in &raw.assistants {
            // Without a name (a problem already) the rest is still checked.
            let Some(name_span) = a.name.clone().or_else(|| a.place.clone()) else {
                continue;
            };
            let aname = text_of(&name_span, &mut p);
            if a.name.is_some() {
                if aname.trim().is_empty() {
                    p.at_span(&name_span, "an assistant's `name` must not be empty");
                }
                if let Some((_, line)) = seen.iter().find(|(n, _)| *n == aname) {
                    p.at_span(
                        &name_span,
                        format!("duplicate assistant name `{aname}` (first at line {line})"),
                    );
                }
                seen.push((aname.clone(), name_span.referenced.line()));
            }
            let instructions = match (&a.instructions, &a.instructions_file) {
                (Some(_), Some(f)) => {
                    p.at_span(f, "give `instructions` or `instructions_file`, not both");
                    String::new()
                }
                (Some(i), None) => text_of(i, &mut p),
                (None, Some(f)) => {
                    let name = text_of(f, &mut p);
                    let read = super::contained(root, base, &name).and_then(|file| {
                        crate::util::read_text_capped(&file, crate::util::MAX_INSTRUCTIONS_BYTES)
                            .map_err(|e| {
                                format!("cannot read instructions_file {}: {e}", file.display())
                            })
                    });
                    match read {
                        Ok(t) => t,
                        Err(e) => {
                            p.at_span(f, format!("instructions_file: {e}"));
                            String::new()
                        }
                    }
                }
                (None, None) => String::new(),
            };
            // Nothing invented: instructions only where written.
            let instructions =
                (a.instructions.is_some() || a.instructions_file.is_some()).then_some(instructions);
            let mut tools = Vec::new();
            for (i, t) in a.tools.iter().enumerate() {
                let mut value = t.value.clone();
                if let Err(e) = expand_value(&mut value) {
                    p.at_span(t, e);
                    continue;
                }
                match tool(&value, &format!("{aname}#{i}")) {
                    Ok(decl) => tools.push((at(t), decl)),
                    Err(e) => p.at_span(t, e),
                }
            }
            // Nothing invented: the bot type, model and family only where written
            // (the server's defaults stand; a create sends `type: agent`, which the
            // contract requires).
            let bot_type = a.bot_type.as_ref().map(|t| text_of(t, &mut p));
            let model = a.model.as_ref().map(|m| text_of(m, &mut p));
            let family = a.agent_type.as_ref().map(|t| text_of(t, &mut p));
            assistants.push(ManifestAssistant {
                family_at: a
                    .agent_type
                    .as_ref()
                    .or(a.model.as_ref())
                    .map(at)
                    .unwrap_or_else(|| at(&name_span)),
                type_at: a
                    .bot_type
                    .as_ref()
                    .map(at)
                    .unwrap_or_else(|| at(&name_span)),
                name_at: at(&name_span),
                desired: Desired {
                    name: Some(aname),
                    bot_type,
                    model,
                    family,
                    instructions,
                    // Resolved against the server's catalogue later; only where
                    // `tools:` is written does the manifest manage them.
                    tools: a.tools_written.then(Vec::new),
                    interrupt_before_action: a.interrupt_before_action.as_ref().map(|b| b.value),
                    retrieval_description: a
                        .retrieval_description
                        .as_ref()
                        .map(|t| text_of(t, &mut p)),
                    public: a.public.as_ref().map(|b| b.value),
                    access: a.access.as_ref().map(|m| {
                        let mode = text_of(m, &mut p);
                        if !ACCESS_MODES.contains(&mode.as_str()) {
                            p.at_span(
                                m,
                                format!(
                                    "`access` is one of {}, not {mode:?}",
                                    ACCESS_MODES.join(", ")
                                ),
                            );
                        } else if let Some(t) = &a.public_token
                            && mode != "public_token"
                        {
                            p.at_span(t, format!("`public_token` is for `access: public_token`, not {mode}"));
                        }
                        mode
                    }),
                    public_token: a.public_token.as_ref().and_then(|t| {
                        // A secret is never written in the file: only `${VAR}`.
                        let whole_var = t.value.trim().starts_with("${")
                            && t.value.trim().ends_with('}')
                            && t.value.trim().matches("${").count() == 1;
                        if !whole_var {
                            p.at_span(t, "`public_token` is a secret: write `${VARIABLE}` and set the variable, never the token itself");
                            return None;
                        }
                        if a.access.is_none() {
                            p.at_span(t, "`public_token` goes with `access: public_token`");
                        }
                        let token = text_of(t, &mut p);
                        crate::util::remember_secret(&token);
                        Some(token)
                    }),
                    as_written: false,
                },
                tools,
            });
        }
        let mut problems = p.list;
        problems.sort_by_key(|(line, column, _)| (*line, *column));
        Ok(Manifest {
            path: path.to_path_buf(),
            project_id,
            name,
            assistants,
            from_env: env_references(text),
            text: text.to_string(),
            problems,
        })
    }

    /// The assistants as the server's catalogue takes them: the platform's spellings
    /// understood, each tool an object with the server's literals, and what the
    /// catalogue says of each, with its place in the file (a refusal quotes its line).
    pub fn resolve(&self, catalog: &Catalog) -> (Vec<Desired>, Vec<Finding>) {
        let p = Problems {
            path: self.path.display().to_string(),
            list: Vec::new(),
            text: self.text.clone(),
        };
        let mut out = Vec::new();
        let mut findings = Vec::new();
        for a in &self.assistants {
            let mut placed: Vec<((u64, u64), Finding)> = Vec::new();
            let mut d = a.desired.clone();
            for f in d.normalize(None, catalog) {
                placed.push((a.family_at, f));
            }
            if let Some(((line, column), _)) = a.tools.first()
                && d.bot_type.as_deref().is_some_and(|b| b != AGENT)
            {
                placed.push((
                    (*line, *column),
                    Finding {
                        level: Level::Warn,
                        field: Field::AgentOnly,
                        message: format!(
                            "`tools` belong to agents; a {} has none, so they are not sent (set `type: agent`, or remove them)",
                            d.bot_type.as_deref().unwrap_or("")
                        ),
                    },
                ));
            } else if d.tools.is_some() {
                let mut tools = Vec::new();
                for (place, decl) in &a.tools {
                    let (t, f) = decl.resolve(catalog);
                    tools.push(t);
                    placed.extend(f.into_iter().map(|f| (*place, f)));
                }
                d.tools = Some(tools);
            }
            let checked = Desired {
                // Tools are placed above; the rest is checked as a whole.
                tools: None,
                ..d.clone()
            };
            for f in crate::contract::assistant::check_fields(&checked, None, catalog) {
                let place = match f.field {
                    Field::BotType => a.type_at,
                    Field::Family => a.family_at,
                    Field::AgentOnly | Field::Tool => a.name_at,
                };
                placed.push((place, f));
            }
            for ((line, column), mut f) in placed {
                f.message = if f.level == Level::Refuse {
                    p.render(line, column, &f.message)
                } else {
                    format!("{}:{line}:{column}: {}", p.path, f.message)
                };
                findings.push(((line, column), f));
            }
            out.push(d);
        }
        findings.sort_by_key(|(place, _)| *place);
        (out, findings.into_iter().map(|(_, f)| f).collect())
    }

    /// [`Manifest::resolve`] with its verdict: refusals stand when the catalogue is
    /// the server's own (`authoritative`), as one error listing them in file order.
    pub fn resolve_checked(
        &self,
        catalog: &Catalog,
        authoritative: bool,
        hint: &str,
    ) -> Result<(Vec<Desired>, Vec<Finding>)> {
        let (desired, findings) = self.resolve(catalog);
        let (refused, said) = crate::contract::assistant::verdict(findings, authoritative);
        if !refused.is_empty() {
            return Err(self.refusal(refused, hint.to_string()));
        }
        Ok((desired, said))
    }

    /// The assistants exactly as written (`deploy --no-validate`): no catalogue, the
    /// tools as declared, no family mapped from `model`.
    pub fn as_written(&self) -> Vec<Desired> {
        self.assistants
            .iter()
            .map(|a| {
                let mut d = a.desired.clone();
                d.as_written = true;
                if d.tools.is_some() {
                    d.tools = Some(a.tools.iter().map(|(_, t)| t.as_written()).collect());
                }
                d
            })
            .collect()
    }

    /// Refusals found by [`Manifest::resolve`] as one error: every one, in file order
    /// (with the structure's problems, if the manifest was read leniently).
    pub fn refusal(&self, refused: Vec<Finding>, hint: String) -> CliError {
        self.problems_error(refused, &hint)
    }

    /// The same, with a typed remedy (the front-end words it) instead of a hint.
    pub fn refusal_remedied(
        &self,
        refused: Vec<Finding>,
        remedy: crate::error::Remedy,
    ) -> CliError {
        let mut e = self.problems_error(refused, "");
        e.hint = None;
        e.remedy(remedy)
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    #[test]
    fn found_in_a_parent_and_read() {
        let tmp = tempfile::tempdir().unwrap();
        let deep = tmp.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        assert!(find_from(&deep).is_none() || !find_from(&deep).unwrap().starts_with(tmp.path()));
        std::fs::write(
            tmp.path().join("a").join(FILE_NAME),
            "project_id: p-123\nname: app\nassistants:\n  - name: Support\n    model: gpt-4o\n",
        )
        .unwrap();
        let found = find_from(&deep).unwrap();
        assert_eq!(found, tmp.path().join("a").join(FILE_NAME));
        let link = read_link(&found).unwrap();
        assert_eq!(link.project_id.as_deref(), Some("p-123"));
        assert_eq!(link.assistants[0].name.as_deref(), Some("Support"));
    }

    #[test]
    fn bad_yaml_is_an_invalid_input_error() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join(FILE_NAME);
        std::fs::write(&p, "project_id: [unclosed\n").unwrap();
        assert_eq!(read_link(&p).unwrap_err().exit, Exit::Invalid);
        std::fs::write(&p, "").unwrap();
        assert!(read_link(&p).unwrap().project_id.is_none());
    }

    fn parse(text: &str) -> Result<Manifest> {
        Manifest::parse(Path::new("epsimo.yaml"), text)
    }

    #[test]
    fn a_full_manifest() {
        let m = parse(
            "project_id: p1\nname: app\nassistants:\n  - name: Support\n    model: gpt-4o-mini\n    instructions: Be kind.\n    public: true\n    tools:\n      - retrieval\n      - type: search_tavily\n        max_results: 3\n      - use: database_sync\n      - type: function\n        name: lookup\n        description: Find things\n        parameters:\n          type: object\n          properties:\n            q: {type: string}\n          required: [q]\n",
        )
        .unwrap();
        assert_eq!(m.project_id.as_deref(), Some("p1"));
        // Upstream's schema lists no `GPT 4o mini`: refused at its place, before
        // anything is sent, when it is the server's own schema. Its undeclared
        // `max_results` is left out with a warning at its place, not refused.
        let upstream = Catalog::upstream();
        let e = m.resolve_checked(&upstream, true, "h").unwrap_err();
        assert_eq!(e.exit, Exit::Invalid);
        assert!(e.message.starts_with("1 problem in"), "{}", e.message);
        assert!(
            e.message.contains("epsimo.yaml:5:12: unknown model family"),
            "{}",
            e.message
        );
        // Upstream's table in place of a schema the server does not publish: a warning.
        let (_, said) = m.resolve_checked(&upstream, false, "h").unwrap();
        let messages: Vec<&str> = said.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages[0].starts_with("epsimo.yaml:5:12: unknown model family")
                && messages[0].contains("sent as written"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with(
                "epsimo.yaml:10:9: this server's schema declares no setting `max_results`"
            ),
            "{messages:?}"
        );
        // A server that runs the family and declares the setting gets both.
        let declares = crate::emulator::schema::catalog(crate::emulator::options::Mode::Platform);
        let (d, said) = m.resolve_checked(declares, true, "h").unwrap();
        assert!(said.is_empty(), "{said:?}");
        let a = &d[0];
        assert_eq!(
            (
                a.name.as_deref(),
                a.model.as_deref(),
                a.family_wanted(),
                a.public
            ),
            (
                Some("Support"),
                Some("gpt-4o-mini"),
                Some("GPT 4o mini".to_string()),
                Some(true)
            )
        );
        let tools = a.tools.as_ref().unwrap();
        let types: Vec<&str> = tools.iter().map(|t| t["type"].as_str().unwrap()).collect();
        assert_eq!(
            types,
            ["retrieval", "search_tavily", "function", "function"]
        );
        // Free descriptions on this server: none written, none sent (its default).
        assert_eq!(tools[0].get("description"), None);
        assert_eq!(tools[1]["config"]["max_results"], 3);
        assert_eq!(tools[2]["name"], "update_database");
        assert!(parse("").unwrap().assistants.is_empty());
    }

    #[test]
    fn bot_types_and_agent_keys_are_managed_and_checked_against_the_schema() {
        let m = parse(
            "assistants:\n  - name: Bot\n    type: chatbot\n    model: gpt-4o\n  - name: Gate\n    interrupt_before_action: true\n    retrieval_description: Look here.\n    agent_type: GPT 4o\n",
        )
        .unwrap();
        let (d, _) = m.resolve_checked(&Catalog::upstream(), true, "h").unwrap();
        assert_eq!(d[0].bot_type.as_deref(), Some("chatbot"));
        assert_eq!(d[0].tools, None, "a chatbot manages no tools");
        assert_eq!(d[1].interrupt_before_action, Some(true));
        assert_eq!(d[1].retrieval_description.as_deref(), Some("Look here."));
        // The schema decides: a family upstream lacks, a type it lacks, agent keys
        // on a chatbot; all reported at once, each at its place.
        let m = parse(
            "assistants:\n  - name: A\n    model: gpt-4o-mini\n  - name: B\n    type: chat_bot\n  - name: C\n    type: chatbot\n    tools: [retrieval]\n",
        )
        .unwrap();
        let e = m
            .resolve_checked(&Catalog::upstream(), true, "h")
            .unwrap_err();
        assert!(e.message.starts_with("2 problems"), "{}", e.message);
        assert!(e.message.contains("epsimo.yaml:3:12: unknown model family for an agent \"GPT 4o mini\" (did you mean \"GPT 4o\"?)"), "{}", e.message);
        assert!(
            e.message
                .contains("model \"gpt-4o-mini\" maps to \"GPT 4o mini\""),
            "{}",
            e.message
        );
        assert!(
            e.message.contains(
                "epsimo.yaml:5:11: unknown bot type \"chat_bot\" (did you mean \"chatbot\"?)"
            ),
            "{}",
            e.message
        );
        // Tools on a chatbot: our own rule, so a warning, and they are not sent.
        let (_, said) = m.resolve(&Catalog::upstream());
        assert!(
            said.iter().any(|f| f.level == Level::Warn
                && f.message
                    .contains("epsimo.yaml:8:13: `tools` belong to agents")),
            "{said:?}"
        );
    }

    #[test]
    fn stable_tool_ids() {
        let text = "assistants:\n  - name: A\n    tools: [retrieval]\n";
        assert_eq!(
            parse(text).unwrap().assistants[0].tools,
            parse(text).unwrap().assistants[0].tools
        );
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let e = parse("name: x\nassistants:\n  - name: a\n    modle: b\n").unwrap_err();
        assert_eq!(e.exit, Exit::Invalid);
        assert!(
            e.message
                .contains("\n  epsimo.yaml:4:5: unknown field `modle` (did you mean `model`?)"),
            "{}",
            e.message
        );
        let e = parse("projct_id: x\n").unwrap_err();
        assert!(
            e.message.contains("did you mean `project_id`"),
            "{}",
            e.message
        );
        let e = parse("assistants:\n  - name: a\n    public: maybe\n").unwrap_err();
        assert!(
            e.message
                .contains("epsimo.yaml:3:13: `public` is true or false, not \"maybe\""),
            "{}",
            e.message
        );
        // Tool types are the server's to decide: checked against its catalogue.
        let e = parse("assistants:\n  - name: a\n    tools:\n      - retreival\n")
            .unwrap()
            .resolve_checked(&Catalog::upstream(), true, "h")
            .unwrap_err();
        assert!(
            e.message.contains(
                "epsimo.yaml:4:9: unknown tool type \"retreival\" (did you mean \"retrieval\"?)"
            ),
            "{}",
            e.message
        );
        let e = parse("assistants:\n  - name: a\n    tools:\n      - retrieval\n      - use: nope\n  - name: a\n").unwrap_err();
        assert!(
            e.message
                .contains("epsimo.yaml:5:9: unknown library tool `nope`"),
            "{}",
            e.message
        );
        assert!(
            e.message
                .contains("epsimo.yaml:6:11: duplicate assistant name `a` (first at line 2)"),
            "{}",
            e.message
        );
        // Each problem quotes its line with a caret under the column, as the
        // parser's own errors do.
        assert!(
            e.message
                .contains("epsimo.yaml:5:9: unknown library tool `nope`; the library has")
                && e.message
                    .contains("\n    5 |       - use: nope\n      |         ^"),
            "{}",
            e.message
        );
        let e = parse("assistants:\n  - name: a\n    tools:\n      - type: function\n        name: f\n        parameters: {type: object, properties: {x: {type: strng}}}\n").unwrap_err();
        assert!(e.message.contains("property `x` has type"), "{}", e.message);
        let e = parse("assistants: [\n").unwrap_err();
        assert_eq!(e.exit, Exit::Invalid);
    }

    /// Unknown keys, wrong types, a missing name and the checks after them are
    /// all reported in one run, each at its place, not only the first.
    #[test]
    fn every_problem_is_reported_at_once() {
        let text = "projct_id: p\nname: [x]\nassistants:\n  - name: a\n    modle: gpt-4o\n    public: maybe\n    tools:\n      - use: nope\n  - instructions: hi\n    colour: red\n  - name: a\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.exit, Exit::Invalid);
        for want in [
            "8 problems in epsimo.yaml:",
            "epsimo.yaml:1:1: unknown field `projct_id` (did you mean `project_id`?)",
            "epsimo.yaml:2:7: `name` is text, not a list",
            "epsimo.yaml:5:5: unknown field `modle` (did you mean `model`?)",
            "epsimo.yaml:6:13: `public` is true or false, not \"maybe\"",
            "epsimo.yaml:10:5: unknown field `colour`; expected one of name, type,",
            "epsimo.yaml:9:5: an assistant needs a `name`",
            "epsimo.yaml:8:9: unknown library tool `nope`",
            "epsimo.yaml:11:11: duplicate assistant name `a` (first at line 4)",
        ] {
            assert!(e.message.contains(want), "{want}\n---\n{}", e.message);
        }
        // In the order of the file.
        let lines: Vec<u64> = e
            .message
            .lines()
            .filter_map(|l| l.strip_prefix("  epsimo.yaml:"))
            .map(|l| l.split(':').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(lines, [1, 2, 5, 6, 8, 9, 10, 11]);
        // Wrong shapes of the lists themselves.
        let e = parse("assistants: {name: a}\n").unwrap_err();
        assert!(
            e.message.contains("`assistants` is a list, not a mapping"),
            "{}",
            e.message
        );
        let e = parse("assistants:\n  - just-a-name\n").unwrap_err();
        assert!(
            e.message.contains("each of `assistants` is a mapping"),
            "{}",
            e.message
        );
        let e =
            parse("assistants:\n  - name: a\n    tools: retrieval\n    publc: true\n").unwrap_err();
        assert!(e.message.starts_with("2 problems"), "{}", e.message);
        assert!(
            e.message
                .contains("epsimo.yaml:3:12: `tools` is a list, not a string"),
            "{}",
            e.message
        );
        // A bare number is a name's text, as YAML readers take it.
        let m = parse("name: 2024\nassistants:\n  - name: 7\n").unwrap();
        assert_eq!(m.name.as_deref(), Some("2024"));
        assert_eq!(m.assistants[0].desired.name.as_deref(), Some("7"));
    }

    #[test]
    fn env_vars_are_expanded_or_named() {
        // SAFETY: the variable name is unique to this test.
        unsafe { std::env::set_var("EPSIMO_TEST_MANIFEST_MODEL", "gpt-4o-mini") };
        let m =
            parse("assistants:\n  - name: a\n    model: ${EPSIMO_TEST_MANIFEST_MODEL}\n").unwrap();
        assert_eq!(
            m.assistants[0].desired.model.as_deref(),
            Some("gpt-4o-mini")
        );
        let e = parse(
            "assistants:\n  - name: a\n    instructions: \"Hi ${EPSIMO_TEST_SURELY_UNSET_VAR}\"\n",
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("EPSIMO_TEST_SURELY_UNSET_VAR is not set"),
            "{}",
            e.message
        );
        assert!(e.message.contains("epsimo.yaml:3:19"), "{}", e.message);
    }

    #[test]
    fn hostile_yaml_is_refused() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
        assert_eq!(parse(bomb).unwrap_err().exit, Exit::Invalid);
        let deep = format!("name: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(parse(&deep).unwrap_err().exit, Exit::Invalid);
    }

    #[test]
    fn the_project_id_line_is_the_only_edit() {
        let text = "# my app\nname: app   # the name\nproject_id: old # linked\nassistants: []\n";
        assert_eq!(
            set_project_id(text, "new"),
            "# my app\nname: app   # the name\nproject_id: new # linked\nassistants: []\n"
        );
        assert_eq!(
            set_project_id("name: app\n", "p"),
            "project_id: p\nname: app\n"
        );
        assert_eq!(set_project_id("", "p"), "project_id: p\n");
        let once = set_project_id(text, "x");
        assert_eq!(set_project_id(&once, "x"), once, "re-running is safe");
    }
}
