//! Deploying `epsimo.yaml`: a pure plan (manifest vs the project's assistants) and
//! its application.

pub mod library;

use serde::Serialize;
use serde_json::{Value, json};

use crate::api::assistant::{Spec, agent_type_for, tool_identity};
use crate::error::{CliError, Exit, Result};

/// An assistant as the project has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remote {
    pub id: String,
    pub spec: Spec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Delete,
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
    /// What to send (create and update).
    pub spec: Option<Spec>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
}

impl Plan {
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }

    /// True when applying would change something.
    pub fn pending(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::Unchanged)
    }
}

fn effective_agent_type(s: &Spec) -> String {
    s.agent_type
        .clone()
        .unwrap_or_else(|| agent_type_for(&s.model))
}

/// The desired spec with the remote's tool ids wherever a tool is the same, so a
/// redeploy does not relabel tools.
fn keep_tool_ids(desired: &Spec, remote: &Spec) -> Spec {
    let mut s = desired.clone();
    s.agent_type = Some(effective_agent_type(desired));
    for t in &mut s.tools {
        let identity = tool_identity(t);
        if let Some(id) = remote
            .tools
            .iter()
            .find(|r| tool_identity(r) == identity)
            .and_then(|r| r.get("id"))
        {
            t["id"] = id.clone();
        }
    }
    s
}

fn field_changes(desired: &Spec, remote: &Spec) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut diff = |field: &'static str, from: Value, to: Value| {
        if from != to {
            out.push(FieldChange { field, from, to });
        }
    };
    diff(
        "instructions",
        json!(remote.instructions),
        json!(desired.instructions),
    );
    diff("model", json!(remote.model), json!(desired.model));
    diff(
        "agent_type",
        json!(effective_agent_type(remote)),
        json!(effective_agent_type(desired)),
    );
    let ids = |s: &Spec| Value::Array(s.tools.iter().map(tool_identity).collect());
    diff("tools", ids(remote), ids(desired));
    diff("public", json!(remote.public), json!(desired.public));
    out
}

/// The plan: manifest assistants matched to remote ones by name. Two remote
/// assistants with a name the manifest uses is an error listing their ids.
pub fn plan(desired: &[Spec], remote: &[Remote], prune: bool) -> Result<Plan> {
    let mut changes = Vec::new();
    for d in desired {
        let matches: Vec<&Remote> = remote.iter().filter(|r| r.spec.name == d.name).collect();
        match matches.as_slice() {
            [] => changes.push(Change {
                action: Action::Create,
                name: d.name.clone(),
                assistant_id: None,
                fields: Vec::new(),
                spec: Some(Spec {
                    agent_type: Some(effective_agent_type(d)),
                    ..d.clone()
                }),
            }),
            [r] => {
                let fields = field_changes(d, &r.spec);
                let action = if fields.is_empty() {
                    Action::Unchanged
                } else {
                    Action::Update
                };
                changes.push(Change {
                    action,
                    name: d.name.clone(),
                    assistant_id: Some(r.id.clone()),
                    spec: (action == Action::Update).then(|| keep_tool_ids(d, &r.spec)),
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
                        d.name,
                        ids.join(", ")
                    ),
                )
                .with_hint("delete or rename the extra ones (`epsimo assistants delete ID`), then deploy again"));
            }
        }
    }
    if prune {
        for r in remote {
            if !desired.iter().any(|d| d.name == r.spec.name) {
                changes.push(Change {
                    action: Action::Delete,
                    name: r.spec.name.clone(),
                    assistant_id: Some(r.id.clone()),
                    fields: Vec::new(),
                    spec: None,
                });
            }
        }
    }
    Ok(Plan { changes })
}

/// The plan for people: `+`, `~`, `-` per assistant and per field, then a summary.
pub fn render(plan: &Plan) -> String {
    let short = |v: &Value| {
        let s = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        crate::util::truncate(&crate::util::sanitize(&s.replace('\n', " ")), 60)
    };
    let mut out = String::new();
    for c in &plan.changes {
        let name = crate::util::sanitize(&c.name);
        match c.action {
            Action::Create => out.push_str(&format!("+ {name} (create)\n")),
            Action::Delete => out.push_str(&format!(
                "- {name} (delete {})\n",
                c.assistant_id.as_deref().unwrap_or("")
            )),
            Action::Unchanged => out.push_str(&format!("  {name} (unchanged)\n")),
            Action::Update => {
                out.push_str(&format!("~ {name} (update)\n"));
                for f in &c.fields {
                    out.push_str(&format!(
                        "    ~ {}: {} -> {}\n",
                        f.field,
                        short(&f.from),
                        short(&f.to)
                    ));
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spec(name: &str, model: &str, instructions: &str, tools: &[&str], public: bool) -> Spec {
        Spec {
            name: name.into(),
            model: model.into(),
            agent_type: None,
            instructions: instructions.into(),
            tools: tools
                .iter()
                .map(|t| {
                    crate::api::assistant::builtin_tool_with_id(t, Default::default(), name)
                        .unwrap()
                })
                .collect(),
            public,
        }
    }

    /// What the server would hold after the plan is applied.
    fn apply(plan: &Plan, remote: &[Remote]) -> Vec<Remote> {
        let mut out: Vec<Remote> = remote.to_vec();
        for (i, c) in plan.changes.iter().enumerate() {
            match c.action {
                Action::Create => out.push(Remote {
                    id: format!("new-{i}"),
                    spec: c.spec.clone().unwrap(),
                }),
                Action::Update => {
                    let r = out
                        .iter_mut()
                        .find(|r| Some(&r.id) == c.assistant_id.as_ref())
                        .unwrap();
                    r.spec = c.spec.clone().unwrap();
                }
                Action::Delete => out.retain(|r| Some(&r.id) != c.assistant_id.as_ref()),
                Action::Unchanged => {}
            }
        }
        out
    }

    #[test]
    fn create_update_unchanged_delete() {
        let remote = vec![
            Remote {
                id: "r1".into(),
                spec: spec("Same", "gpt-4o", "hi", &["retrieval"], false),
            },
            Remote {
                id: "r2".into(),
                spec: spec("Changed", "gpt-4o", "old", &[], false),
            },
            Remote {
                id: "r3".into(),
                spec: spec("Gone", "gpt-4o", "", &[], false),
            },
        ];
        let desired = vec![
            spec("Same", "gpt-4o", "hi", &["retrieval"], false),
            spec("Changed", "gpt-4o-mini", "new", &[], true),
            spec("New", "gpt-4o", "x", &[], false),
        ];
        let p = plan(&desired, &remote, false).unwrap();
        let actions: Vec<Action> = p.changes.iter().map(|c| c.action).collect();
        assert_eq!(actions, [Action::Unchanged, Action::Update, Action::Create]);
        let fields: Vec<&str> = p.changes[1].fields.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["instructions", "model", "agent_type", "public"]);
        let p = plan(&desired, &remote, true).unwrap();
        assert_eq!(p.changes.last().unwrap().action, Action::Delete);
        assert_eq!(
            p.changes.last().unwrap().assistant_id.as_deref(),
            Some("r3")
        );
        let text = render(&p);
        assert!(
            text.contains("~ Changed (update)\n    ~ instructions: old -> new\n"),
            "{text}"
        );
        assert!(text.contains("+ New (create)") && text.contains("- Gone (delete r3)"));
        assert!(text.ends_with("Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged.\n"));
    }

    #[test]
    fn tool_ids_are_kept_and_do_not_count_as_changes() {
        let mut remote_spec = spec("A", "gpt-4o", "", &["retrieval"], false);
        remote_spec.tools[0]["id"] = json!("retrieval-server-made");
        let remote = vec![Remote {
            id: "r".into(),
            spec: remote_spec,
        }];
        let p = plan(
            &[spec("A", "gpt-4o", "", &["retrieval"], false)],
            &remote,
            false,
        )
        .unwrap();
        assert!(!p.pending());
        let p = plan(
            &[spec("A", "gpt-4o", "changed", &["retrieval"], false)],
            &remote,
            false,
        )
        .unwrap();
        assert_eq!(
            p.changes[0].spec.as_ref().unwrap().tools[0]["id"],
            "retrieval-server-made"
        );
    }

    #[test]
    fn duplicate_remote_names_are_an_error_listing_ids() {
        let remote = vec![
            Remote {
                id: "a1".into(),
                spec: spec("A", "gpt-4o", "", &[], false),
            },
            Remote {
                id: "a2".into(),
                spec: spec("A", "gpt-4o", "", &[], false),
            },
        ];
        let e = plan(&[spec("A", "gpt-4o", "", &[], false)], &remote, false).unwrap_err();
        assert!(e.message.contains("a1, a2"), "{}", e.message);
    }

    fn arb_spec() -> impl Strategy<Value = Spec> {
        (
            prop::sample::select(vec!["A", "B", "C", "D"]),
            prop::sample::select(vec!["gpt-4o", "gpt-4o-mini", "custom"]),
            prop::sample::select(vec!["", "be kind", "be brief"]),
            prop::sample::subsequence(vec!["retrieval", "arxiv", "wikipedia"], 0..=3),
            any::<bool>(),
        )
            .prop_map(|(n, m, i, t, p)| spec(n, m, i, &t, p))
    }

    proptest! {
        #[test]
        fn applying_the_plan_reaches_the_manifest_and_a_second_plan_is_empty(
            desired in prop::collection::vec(arb_spec(), 0..5),
            remote in prop::collection::vec(arb_spec(), 0..5),
            prune in any::<bool>(),
        ) {
            // Names are unique in a valid manifest and on a consistent server.
            let mut desired = desired;
            desired.dedup_by(|a, b| a.name == b.name);
            let mut seen = std::collections::HashSet::new();
            desired.retain(|s| seen.insert(s.name.clone()));
            let mut seen = std::collections::HashSet::new();
            let remote: Vec<Remote> = remote
                .into_iter()
                .filter(|s| seen.insert(s.name.clone()))
                .enumerate()
                .map(|(i, spec)| Remote { id: format!("r{i}"), spec })
                .collect();
            let p = plan(&desired, &remote, prune).unwrap();
            let after = apply(&p, &remote);
            for d in &desired {
                let r = after.iter().find(|r| r.spec.name == d.name).unwrap();
                prop_assert!(field_changes(d, &r.spec).is_empty());
            }
            if prune {
                prop_assert_eq!(after.len(), desired.len());
            }
            let again = plan(&desired, &after, prune).unwrap();
            prop_assert!(!again.pending(), "second plan: {:?}", again);
        }
    }
}
