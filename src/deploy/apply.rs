//! Applying a plan: its changes sent with bounded concurrency, Ctrl-C stopping
//! anything new from starting, and the check for duplicates a racing deploy leaves.

use futures_util::StreamExt;

use super::{Action, Change, Plan};
use crate::api::Api;
use crate::config::manifest::Manifest;
use crate::error::{CliError, Exit, Result};
use crate::platform::assistants;

/// Requests in flight at once while applying.
const CONCURRENCY: usize = 8;

/// After creating assistants, the project is listed again: deploys racing from other
/// machines (CI runners) can each create the same assistant. Duplicates of a
/// manifest name are an error naming the command that removes them.
pub async fn duplicates(api: &Api, pid: &str, m: &Manifest) -> Result<()> {
    let list = assistants::list(api, pid).await?;
    let mut found = Vec::new();
    for a in &m.assistants {
        let name = a.desired.name.as_deref().unwrap_or("");
        let ids: Vec<&str> = list
            .iter()
            .filter(|r| r.name == name)
            .map(|r| r.assistant_id.as_str())
            .collect();
        if ids.len() > 1 {
            found.push((name.to_string(), ids[1..].join(" ")));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = found.iter().map(|(n, _)| format!("{n:?}")).collect();
    let ids: Vec<String> = found
        .iter()
        .flat_map(|(_, ids)| ids.split(' ').map(str::to_owned))
        .collect();
    Err(CliError::new(
        Exit::Failure,
        format!(
            "the project now holds more than one assistant named {} (another deploy ran at the same time)",
            names.join(", ")
        ),
    )
    .remedy(crate::error::Remedy::RemoveExtra { ids }))
}

/// Applies the plan; then, when it created assistants and every change went
/// through, lists the project again for duplicates a racing deploy may have left
/// (an error naming them). The one way every front-end applies a plan. `stop`
/// ending stops new changes from starting (the command line passes Ctrl-C).
pub async fn apply_checked(
    api: &Api,
    pid: &str,
    m: &Manifest,
    plan: &Plan,
    stop: impl std::future::Future<Output = ()>,
) -> Result<Outcome> {
    let outcome = apply(api, pid, plan, stop).await;
    if outcome.failed.is_empty() && !outcome.interrupted && plan.count(Action::Create) > 0 {
        duplicates(api, pid, m).await?;
    }
    Ok(outcome)
}

/// What happened while applying.
#[derive(Default)]
pub struct Outcome {
    /// What was done, as `create NAME`, `update NAME`, ...
    pub applied: Vec<String>,
    pub failed: Vec<(String, CliError)>,
    /// (name, assistant_id) of every manifest assistant that exists now.
    pub ids: Vec<(String, String)>,
    /// Ctrl-C stopped it; nothing new was started after.
    pub interrupted: bool,
}

async fn apply_one(api: &Api, pid: &str, c: &Change) -> Result<Option<String>> {
    match c.action {
        Action::Unchanged => Ok(c.assistant_id.clone()),
        Action::Orphan => Ok(None),
        Action::Create => {
            let body = c.payload.clone().expect("a create carries its payload");
            let a = assistants::create(api, pid, body).await?;
            Ok(Some(a.assistant_id.clone()))
        }
        Action::Update => {
            let body = c.payload.clone().expect("an update carries its payload");
            let id = c.assistant_id.clone().unwrap_or_default();
            match &c.current {
                Some(current) => assistants::write_changes(api, pid, &id, current, body).await?,
                None => assistants::update(api, pid, &id, body).await?,
            };
            Ok(Some(id))
        }
        Action::Delete => {
            let id = c.assistant_id.clone().unwrap_or_default();
            assistants::delete(api, pid, &id).await?;
            Ok(None)
        }
    }
}

/// Applies the plan with bounded concurrency; when `stop` ends, no new request
/// starts (the caller decides what stops it: this layer installs no signal
/// handler).
pub async fn apply(
    api: &Api,
    pid: &str,
    plan: &Plan,
    stop: impl std::future::Future<Output = ()>,
) -> Outcome {
    let mut out = Outcome::default();
    // The futures are made first (they start nothing until polled): a closure kept
    // inside the stream's type would make this future not provably Send, which a
    // multi-threaded server (`epsimo mcp`) needs.
    let pending: Vec<_> = plan
        .changes
        .iter()
        .map(|c| async move { (c, apply_one(api, pid, c).await) })
        .collect();
    let mut results = futures_util::stream::iter(pending).buffer_unordered(CONCURRENCY);
    let interrupt = stop;
    tokio::pin!(interrupt);
    loop {
        tokio::select! {
            next = results.next() => match next {
                None => break,
                Some((c, Ok(id))) => {
                    if !matches!(c.action, Action::Unchanged | Action::Orphan) {
                        out.applied.push(format!("{} {}", verb(c.action), c.name));
                    }
                    if let Some(id) = id {
                        out.ids.push((c.name.clone(), id));
                    }
                }
                Some((c, Err(e))) => out.failed.push((format!("{} {}", verb(c.action), c.name), e)),
            },
            _ = &mut interrupt => {
                out.interrupted = true;
                break;
            }
        }
    }
    out
}

fn verb(a: Action) -> &'static str {
    match a {
        Action::Create => "create",
        Action::Update => "update",
        Action::Delete => "delete",
        Action::Unchanged | Action::Orphan => "keep",
    }
}
