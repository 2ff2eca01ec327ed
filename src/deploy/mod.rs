//! Deploying `epsimo.yaml`: a pure plan (manifest vs the project's assistants) and
//! its application.

pub mod apply;

use serde::Serialize;
use serde_json::{Value, json};

use crate::api::Api;
use crate::config::manifest::Manifest;
use crate::contract::assistant::{Desired, Finding, View, tool_identity};
use crate::contract::catalog::{AGENT, Catalog};
use crate::error::{CliError, Exit, Result};
pub use crate::platform::assistants::Validation;

/// An assistant as the project has it: the server's JSON, kept whole so an update
/// sends back every key the manifest does not manage.
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    pub id: String,
    pub raw: Value,
}

impl Remote {
    pub fn new(raw: Value) -> Remote {
        Remote {
            id: View::of(&raw).id().to_string(),
            raw,
        }
    }

    fn name(&self) -> &str {
        View::of(&self.raw).name()
    }
}

/// What a deploy does to one assistant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// In the manifest, not on the platform: created.
    Create,
    /// On both, different: updated.
    Update,
    /// On both, the same: left alone.
    Unchanged,
    /// On the platform, not in the manifest, and `prune` asked: deleted.
    Delete,
    /// On the platform, not in the manifest, and kept (no `--prune`).
    Orphan,
}

/// One field that an update changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: Value,
    pub to: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub action: Action,
    pub name: String,
    pub assistant_id: Option<String>,
    pub fields: Vec<FieldChange>,
    /// What to send (create and update): the whole payload.
    pub payload: Option<Value>,
    /// The assistant as read when the plan was made (update): what `payload` is
    /// compared with, so that only what differs is sent where the server has PATCH.
    pub current: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// What the checks said and let through (warnings and notes), for the front-end.
    pub findings: Vec<Finding>,
}

impl Plan {
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    /// True when applying would change something.
    pub fn pending(&self) -> bool {
        self.changes
            .iter()
            .any(|c| !matches!(c.action, Action::Unchanged | Action::Orphan))
    }
}

/// The fields the manifest manages that differ on the server. A field the manifest
/// leaves out (`interrupt_before_action`, `retrieval_description`, the model string)
/// is not managed, so it never differs.
fn field_changes(d: &Desired, remote: &Value, catalog: &Catalog) -> Vec<FieldChange> {
    let r = View::of(remote);
    let mut out = Vec::new();
    let mut diff = |field: &'static str, from: Value, to: Value| {
        if from != to {
            out.push(FieldChange { field, from, to });
        }
    };
    let bot = d
        .bot_type
        .clone()
        .unwrap_or_else(|| r.bot_type().to_string());
    diff("type", json!(r.bot_type()), json!(bot));
    if let Some(text) = &d.instructions {
        diff("instructions", json!(r.instructions()), json!(text));
    }
    if bot == AGENT
        && let Some(m) = &d.model
    {
        diff("model", json!(r.model()), json!(m));
    }
    if let Some(f) = d.family_wanted() {
        // Read under the key of the type the assistant will have.
        let key = catalog.family_key(&bot);
        diff(
            "agent_type",
            r.get(&key).cloned().unwrap_or(Value::Null),
            json!(f),
        );
    }
    if bot == AGENT
        && let Some(tools) = &d.tools
    {
        let remote_tools = r.tools();
        let same = remote_tools.len() == tools.len()
            && tools
                .iter()
                .zip(remote_tools)
                .all(|(d, r)| crate::contract::assistant::same_tool(d, r));
        if !same {
            let ids = |t: &[Value]| Value::Array(t.iter().map(tool_identity).collect());
            diff("tools", ids(remote_tools), ids(tools));
        }
    }
    if let Some(b) = d.interrupt_before_action {
        diff(
            "interrupt_before_action",
            json!(r.interrupt_before_action()),
            json!(b),
        );
    }
    if let Some(text) = &d.retrieval_description {
        diff(
            "retrieval_description",
            json!(r.retrieval_description()),
            json!(text),
        );
    }
    if let Some(p) = d.public {
        diff("public", json!(r.public()), json!(p));
    }
    let config = remote.get("config").cloned().unwrap_or(Value::Null);
    let (mode, token) = crate::contract::public::access_of_config(&config);
    if let Some(a) = &d.access {
        diff("access", json!(mode), json!(a));
    }
    // Compared, never shown: a plan names only whether a token is set.
    if let Some(t) = &d.public_token
        && token.as_deref() != Some(t.as_str())
    {
        let set = |present: bool| json!(if present { "(set)" } else { "(none)" });
        out.push(FieldChange {
            field: "public_token",
            from: set(token.is_some()),
            to: json!("(a new token)"),
        });
    }
    out
}

/// The plan of the manifest `m` against project `pid`: the project's assistants and
/// the server's schema (the manifest is resolved against it) are read at once. With
/// [`Validation::AsWritten`] no schema is read and the manifest goes out as written.
pub async fn against(
    api: &Api,
    pid: &str,
    m: &Manifest,
    prune: bool,
    how: Validation,
) -> Result<Plan> {
    if how == Validation::AsWritten {
        let remote = remote_of(crate::platform::assistants::list(api, pid).await?);
        return plan(&m.as_written(), &remote, prune, &Catalog::upstream());
    }
    let (remote, checked) = tokio::join!(
        crate::platform::assistants::list(api, pid),
        crate::api::schema::checked(api, pid, |c| m.resolve(c))
    );
    let checked = checked?;
    if !checked.refused.is_empty() {
        let remedy = crate::api::schema::refusal_remedy(&checked.loaded, api.base_url());
        return Err(m.refusal_remedied(checked.refused, remedy));
    }
    let mut p = plan(
        &checked.value,
        &remote_of(remote?),
        prune,
        &checked.loaded.catalog,
    )?;
    p.findings = checked.said;
    Ok(p)
}

fn remote_of(list: Vec<crate::platform::Wire<crate::platform::Assistant>>) -> Vec<Remote> {
    list.into_iter()
        .map(|a| Remote::new(a.into_raw()))
        .collect()
}

/// The plan (and, once applied, the ids of what was created) as `deploy --json`
/// prints it: each change, a summary, and what is on the platform but not in the
/// manifest (kept).
pub fn report_json(pid: &str, plan: &Plan, ids: &[(String, String)]) -> Value {
    let (orphans, changes): (Vec<&Change>, Vec<&Change>) = plan
        .changes
        .iter()
        .partition(|c| c.action == Action::Orphan);
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| json!({"action": c.action, "name": c.name, "assistant_id": c.id_after(ids), "fields": c.fields}))
        .collect();
    let kept: Vec<Value> = orphans
        .iter()
        .map(|c| json!({"name": c.name, "assistant_id": c.assistant_id}))
        .collect();
    json!({
        "version": 1,
        "project_id": pid,
        "changes": changes,
        "summary": {
            "create": plan.count(Action::Create),
            "update": plan.count(Action::Update),
            "delete": plan.count(Action::Delete),
            "unchanged": plan.count(Action::Unchanged),
        },
        "not_in_manifest": kept,
    })
}

impl Change {
    /// The assistant's id once `ids` (name, id of what was created) are known.
    pub fn id_after(&self, ids: &[(String, String)]) -> Option<String> {
        ids.iter()
            .find(|(n, _)| *n == self.name)
            .map(|(_, id)| id.clone())
            .or_else(|| self.assistant_id.clone())
    }
}

/// The plan: manifest assistants matched to remote ones by name. Two remote
/// assistants with a name the manifest uses is an error listing their ids.
pub fn plan(
    desired: &[Desired],
    remote: &[Remote],
    prune: bool,
    catalog: &Catalog,
) -> Result<Plan> {
    let mut changes = Vec::new();
    let name_of = |d: &Desired| d.name.clone().unwrap_or_default();
    for d in desired {
        let name = name_of(d);
        let matches: Vec<&Remote> = remote.iter().filter(|r| r.name() == name).collect();
        match matches.as_slice() {
            [] => changes.push(Change {
                action: Action::Create,
                name,
                assistant_id: None,
                fields: Vec::new(),
                payload: Some(crate::contract::assistant::payload(None, d, catalog)),
                current: None,
            }),
            [r] => {
                let fields = field_changes(d, &r.raw, catalog);
                let action = if fields.is_empty() {
                    Action::Unchanged
                } else {
                    Action::Update
                };
                changes.push(Change {
                    action,
                    name,
                    assistant_id: Some(r.id.clone()),
                    payload: (action == Action::Update)
                        .then(|| crate::contract::assistant::payload(Some(&r.raw), d, catalog)),
                    current: (action == Action::Update).then(|| r.raw.clone()),
                    fields,
                });
            }
            many => {
                let ids: Vec<&str> = many.iter().map(|r| r.id.as_str()).collect();
                return Err(CliError::new(
                    Exit::Invalid,
                    format!(
                        "the project has {} assistants named {:?}: {}",
                        many.len(),
                        name,
                        ids.join(", ")
                    ),
                )
                .remedy(crate::error::Remedy::RemoveDuplicates));
            }
        }
    }
    for r in remote {
        if !desired.iter().any(|d| name_of(d) == r.name()) {
            changes.push(Change {
                action: if prune {
                    Action::Delete
                } else {
                    Action::Orphan
                },
                name: r.name().to_string(),
                assistant_id: Some(r.id.clone()),
                fields: Vec::new(),
                payload: None,
                current: None,
            });
        }
    }
    Ok(Plan {
        changes,
        findings: Vec::new(),
    })
}

impl Plan {
    /// The plan as it may be shown: every value that came from the environment
    /// (`${AWS_SECRET_ACCESS_KEY}` in epsimo.yaml), in what the manifest asks for and
    /// in what the server holds, written as `${NAME}`. Longer values first, so a
    /// value inside another is not half-replaced.
    pub fn masked(&self, from_env: &[(String, String)]) -> Plan {
        let mut secrets: Vec<&(String, String)> = from_env.iter().collect();
        secrets.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        fn mask(v: &Value, secrets: &[&(String, String)]) -> Value {
            match v {
                Value::String(s) => {
                    let mut s = s.clone();
                    for (name, value) in secrets {
                        s = s.replace(value.as_str(), &format!("${{{name}}}"));
                    }
                    // And whatever else looks like a credential (written into the
                    // manifest itself, or read from an instructions file).
                    Value::String(crate::util::mask_credentials(&s))
                }
                Value::Array(items) => {
                    Value::Array(items.iter().map(|i| mask(i, secrets)).collect())
                }
                Value::Object(map) => Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), mask(v, secrets)))
                        .collect(),
                ),
                other => other.clone(),
            }
        }
        let mut out = self.clone();
        for c in &mut out.changes {
            for f in &mut c.fields {
                f.from = mask(&f.from, &secrets);
                f.to = mask(&f.to, &secrets);
            }
            c.payload = None;
        }
        out
    }
}

/// The plan for people: `+`, `~`, `-` per assistant and per field, then a summary.
#[cfg(test)]
pub fn render(plan: &Plan) -> String {
    render_with(plan, false, "`--prune` deletes them")
}

/// Lines of context shown around a changed stretch of instructions.
const CONTEXT: usize = 1;
/// Changed lines shown of one stretch; the rest is counted.
const SHOWN: usize = 6;

/// The plan for people: `+` create, `~` update (each field; instructions as a line
/// diff, tools item by item), `-` delete, and what the manifest does not declare,
/// kept (`prune_words`: how the front-end says deleting them is asked for). Colored
/// as terraform colors its plans when `color`.
pub fn render_with(plan: &Plan, color: bool, prune_words: &str) -> String {
    let paint = |text: &str, c: anstyle::AnsiColor| {
        if color {
            let style = anstyle::Style::new().fg_color(Some(c.into()));
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    use anstyle::AnsiColor::{Green, Red, Yellow};
    let short = |v: &Value| {
        let s = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        crate::util::truncate(&crate::util::sanitize(&s.replace('\n', " ")), 60)
    };
    let mut out = String::new();
    for c in plan.changes.iter().filter(|c| c.action != Action::Orphan) {
        let name = crate::util::sanitize(&c.name);
        match c.action {
            Action::Create => out.push_str(&format!(
                "{}\n",
                paint(&format!("+ {name} (create)"), Green)
            )),
            Action::Delete => out.push_str(&format!(
                "{}\n",
                paint(
                    &format!(
                        "- {name} (delete {})",
                        c.assistant_id.as_deref().unwrap_or("")
                    ),
                    Red
                )
            )),
            Action::Unchanged | Action::Orphan => out.push_str(&format!("  {name} (unchanged)\n")),
            Action::Update => {
                out.push_str(&format!(
                    "{}\n",
                    paint(&format!("~ {name} (update)"), Yellow)
                ));
                for f in &c.fields {
                    match f.field {
                        "instructions" => {
                            out.push_str("    ~ instructions:\n");
                            for (sign, line) in line_diff(&text_of(&f.from), &text_of(&f.to)) {
                                let shown =
                                    format!("        {sign} {}", crate::util::sanitize(&line))
                                        .trim_end()
                                        .to_string();
                                out.push_str(&match sign {
                                    '+' => paint(&shown, Green),
                                    '-' => paint(&shown, Red),
                                    _ => shown,
                                });
                                out.push('\n');
                            }
                        }
                        "tools" => {
                            out.push_str("    ~ tools:\n");
                            let (from, to) = (tool_names(&f.from), tool_names(&f.to));
                            for t in from.iter().filter(|t| !to.contains(t)) {
                                out.push_str(&paint(&format!("        - {t}"), Red));
                                out.push('\n');
                            }
                            for t in to.iter().filter(|t| !from.contains(t)) {
                                out.push_str(&paint(&format!("        + {t}"), Green));
                                out.push('\n');
                            }
                            if from.iter().all(|t| to.contains(t))
                                && to.iter().all(|t| from.contains(t))
                            {
                                out.push_str("        (the same tools, configured differently)\n");
                            }
                        }
                        _ => out.push_str(&format!(
                            "    ~ {}: {} -> {}\n",
                            f.field,
                            short(&f.from),
                            short(&f.to)
                        )),
                    }
                }
            }
        }
    }
    let orphans: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Orphan)
        .map(|c| crate::util::sanitize(&c.name))
        .collect();
    if !orphans.is_empty() {
        out.push_str(&format!(
            "Not in epsimo.yaml, kept: {} ({prune_words})\n",
            orphans.join(", ")
        ));
    }
    out.push_str(&format!(
        "Plan: {} to create, {} to update, {} to delete, {} unchanged.\n",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Delete),
        plan.count(Action::Unchanged)
    ));
    out
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The tools of a field change by name (a function's `name`, else its `type`).
fn tool_names(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            t.get("name")
                .or_else(|| t.get("type"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| t.to_string())
        })
        .collect()
}

/// A line diff of two texts, as (sign, line): `-` removed, `+` added, ` ` context
/// (one line around each changed stretch), `…` for what is left out.
fn line_diff(old: &str, new: &str) -> Vec<(char, String)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(CONTEXT) {
        if !out.is_empty() {
            out.push(('…', String::new()));
        }
        let mut changed = 0;
        let mut hidden = 0;
        for op in &group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                if sign != ' ' {
                    changed += 1;
                    if changed > SHOWN {
                        hidden += 1;
                        continue;
                    }
                }
                out.push((
                    sign,
                    change.value().trim_end_matches(['\n', '\r']).to_string(),
                ));
            }
        }
        if hidden > 0 {
            out.push(('…', format!("{hidden} more changed lines")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::contract::assistant::{ToolDecl, payload};

    fn catalog() -> Catalog {
        Catalog::upstream()
    }

    /// A manifest assistant as `Manifest::resolve` gives it.
    fn spec(name: &str, model: &str, instructions: &str, tools: &[&str], public: bool) -> Desired {
        Desired {
            name: Some(name.into()),
            bot_type: Some("agent".into()),
            model: Some(model.into()),
            family: Some(crate::contract::assistant::agent_type_for(model)),
            instructions: Some(instructions.into()),
            tools: Some(
                tools
                    .iter()
                    .map(|t| ToolDecl::builtin(t, name).resolve(&catalog()).0)
                    .collect(),
            ),
            public: Some(public),
            ..Desired::default()
        }
    }

    /// The server's answer for a stored payload.
    fn stored(id: &str, payload: &Value) -> Remote {
        let mut raw = payload.clone();
        raw["assistant_id"] = json!(id);
        Remote::new(raw)
    }

    fn remote(id: &str, d: &Desired) -> Remote {
        stored(id, &payload(None, d, &catalog()))
    }

    /// What the server would hold after the plan is applied.
    fn apply(plan: &Plan, remote: &[Remote]) -> Vec<Remote> {
        let mut out: Vec<Remote> = remote.to_vec();
        for (i, c) in plan.changes.iter().enumerate() {
            match c.action {
                Action::Create => {
                    out.push(stored(&format!("new-{i}"), c.payload.as_ref().unwrap()))
                }
                Action::Update => {
                    let r = out
                        .iter_mut()
                        .find(|r| Some(&r.id) == c.assistant_id.as_ref())
                        .unwrap();
                    *r = stored(&r.id.clone(), c.payload.as_ref().unwrap());
                }
                Action::Delete => out.retain(|r| Some(&r.id) != c.assistant_id.as_ref()),
                Action::Unchanged | Action::Orphan => {}
            }
        }
        out
    }

    #[test]
    fn instructions_show_as_a_line_diff_and_tools_item_by_item() {
        let old: String = (1..=40).map(|i| format!("rule {i}\n")).collect();
        let new = old
            .replace("rule 3\n", "rule three\n")
            .replace("rule 30\n", "rule thirty\n");
        let remote = vec![remote(
            "r1",
            &spec("Bot", "gpt-4o", &old, &["retrieval", "ddg_search"], false),
        )];
        let desired = vec![spec(
            "Bot",
            "gpt-4o",
            &new,
            &["retrieval", "wikipedia"],
            false,
        )];
        let text = render(&plan(&desired, &remote, false, &catalog()).unwrap());
        assert_eq!(
            text,
            "~ Bot (update)\n    ~ instructions:\n          rule 2\n        - rule 3\n        + rule three\n          rule 4\n        …\n          rule 29\n        - rule 30\n        + rule thirty\n          rule 31\n    ~ tools:\n        - DuckDuckGo Search\n        + Wikipedia\nPlan: 0 to create, 1 to update, 0 to delete, 0 unchanged.\n"
        );
        // Colors as terraform uses them, only when asked.
        let colored = render_with(
            &plan(&desired, &remote, false, &catalog()).unwrap(),
            true,
            "x",
        );
        assert!(colored.contains("\u{1b}["), "{colored}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn create_update_unchanged_delete() {
        let remote = vec![
            remote("r1", &spec("Same", "gpt-4o", "hi", &["retrieval"], false)),
            remote("r2", &spec("Changed", "gpt-4o", "old", &[], false)),
            remote("r3", &spec("Gone", "gpt-4o", "", &[], false)),
        ];
        let desired = vec![
            spec("Same", "gpt-4o", "hi", &["retrieval"], false),
            spec("Changed", "gpt-4o-mini", "new", &[], true),
            spec("New", "gpt-4o", "x", &[], false),
        ];
        let p = plan(&desired, &remote, false, &catalog()).unwrap();
        let actions: Vec<Action> = p.changes.iter().map(|c| c.action).collect();
        // What the manifest does not declare is listed, and kept.
        assert_eq!(
            actions,
            [
                Action::Unchanged,
                Action::Update,
                Action::Create,
                Action::Orphan
            ]
        );
        assert!(
            render(&p).contains("Not in epsimo.yaml, kept: Gone (`--prune` deletes them)\n"),
            "{}",
            render(&p)
        );
        let fields: Vec<&str> = p.changes[1].fields.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["instructions", "model", "agent_type", "public"]);
        let p = plan(&desired, &remote, true, &catalog()).unwrap();
        assert_eq!(p.changes.last().unwrap().action, Action::Delete);
        assert_eq!(
            p.changes.last().unwrap().assistant_id.as_deref(),
            Some("r3")
        );
        let text = render(&p);
        assert!(
            text.contains(
                "~ Changed (update)\n    ~ instructions:\n        - old\n        + new\n"
            ),
            "{text}"
        );
        assert!(text.contains("+ New (create)") && text.contains("- Gone (delete r3)"));
        assert!(text.ends_with("Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged.\n"));
    }

    #[test]
    fn tool_ids_are_kept_and_do_not_count_as_changes() {
        let mut r = remote("r", &spec("A", "gpt-4o", "", &["retrieval"], false));
        r.raw["config"]["configurable"]["type==agent/tools"][0]["id"] =
            json!("retrieval-server-made");
        let remote = vec![r];
        let p = plan(
            &[spec("A", "gpt-4o", "", &["retrieval"], false)],
            &remote,
            false,
            &catalog(),
        )
        .unwrap();
        assert!(!p.pending());
        let p = plan(
            &[spec("A", "gpt-4o", "changed", &["retrieval"], false)],
            &remote,
            false,
            &catalog(),
        )
        .unwrap();
        assert_eq!(
            p.changes[0].payload.as_ref().unwrap()["config"]["configurable"]["type==agent/tools"]
                [0]["id"],
            "retrieval-server-made"
        );
    }

    #[test]
    fn duplicate_remote_names_are_an_error_listing_ids() {
        let remote = vec![
            remote("a1", &spec("A", "gpt-4o", "", &[], false)),
            remote("a2", &spec("A", "gpt-4o", "", &[], false)),
        ];
        let e = plan(
            &[spec("A", "gpt-4o", "", &[], false)],
            &remote,
            false,
            &catalog(),
        )
        .unwrap_err();
        assert!(e.message.contains("a1, a2"), "{}", e.message);
    }

    fn arb_spec() -> impl Strategy<Value = Desired> {
        (
            prop::sample::select(vec!["A", "B", "C", "D"]),
            prop::sample::select(vec!["gpt-4o", "gpt-4o-mini", "custom"]),
            prop::sample::select(vec!["", "be kind", "be brief"]),
            prop::sample::subsequence(vec!["retrieval", "arxiv", "wikipedia"], 0..=3),
            any::<bool>(),
        )
            .prop_map(|(n, m, i, t, p)| spec(n, m, i, &t, p))
    }

    /// A remote assistant as other clients leave them: keys the manifest does not
    /// manage, no model string, or another bot type.
    fn arb_remote() -> impl Strategy<Value = (Desired, u8)> {
        (arb_spec(), 0u8..4)
    }

    fn perturbed(id: &str, d: &Desired, how: u8) -> Remote {
        let mut r = remote(id, d);
        let c = &mut r.raw["config"]["configurable"];
        match how {
            1 => c["x-future-key"] = json!({"kept": true}),
            2 => {
                c.as_object_mut().unwrap().remove("type==agent/model");
            }
            3 => {
                *c = json!({"type": "chatbot", "type==chatbot/llm_type": "GPT 4o", "type==chatbot/system_message": "hi", "x-future-key": 1});
            }
            _ => {}
        }
        r
    }

    proptest! {
        #[test]
        fn applying_the_plan_reaches_the_manifest_and_a_second_plan_is_empty(
            desired in prop::collection::vec(arb_spec(), 0..5),
            remote in prop::collection::vec(arb_remote(), 0..5),
            prune in any::<bool>(),
        ) {
            let c = catalog();
            // Names are unique in a valid manifest and on a consistent server.
            let mut desired = desired;
            let mut seen = std::collections::HashSet::new();
            desired.retain(|s| seen.insert(s.name.clone()));
            let mut seen = std::collections::HashSet::new();
            let remote: Vec<Remote> = remote
                .into_iter()
                .filter(|(s, _)| seen.insert(s.name.clone()))
                .enumerate()
                .map(|(i, (spec, how))| perturbed(&format!("r{i}"), &spec, how))
                .collect();
            let p = plan(&desired, &remote, prune, &c).unwrap();
            let after = apply(&p, &remote);
            for d in &desired {
                let r = after.iter().find(|r| Some(r.name()) == d.name.as_deref()).unwrap();
                prop_assert!(field_changes(d, &r.raw, &c).is_empty());
                // Whatever the manifest does not manage survives.
                if let Some(before) = remote.iter().find(|b| b.id == r.id)
                    && let Some(kept) = before.raw.pointer("/config/configurable/x-future-key")
                {
                    prop_assert_eq!(r.raw.pointer("/config/configurable/x-future-key"), Some(kept));
                }
            }
            if prune {
                prop_assert_eq!(after.len(), desired.len());
            }
            let again = plan(&desired, &after, prune, &c).unwrap();
            prop_assert!(!again.pending(), "second plan: {:?}", again);
        }
    }
}
