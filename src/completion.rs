//! Dynamic completion of live values (project, assistant and thread ids, database
//! keys, manifest assistant names) through clap_complete's environment-driven
//! completion (`COMPLETE=bash epsimo`).
//!
//! Completers use cached tokens only: they never prompt, never log in, give up
//! after a short time, and return nothing on any error, so a Tab never hangs a
//! shell or prints into it.

use std::ffi::OsStr;
use std::time::Duration;

use clap_complete::engine::CompletionCandidate;
use serde_json::Value;

use crate::api::token;
use crate::config::credentials::{CredentialsFile, Profile};
use crate::config::settings;
use crate::config::{config_dir, manifest};
use crate::env;

/// The most a completion may take, network included.
pub const TIME_LIMIT: Duration = Duration::from_millis(1500);

/// The value after `flag` on the command line being completed.
fn arg_after(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().enumerate().find_map(|(i, a)| {
        if a == flag {
            args.get(i + 1).cloned().filter(|v| !v.is_empty())
        } else {
            a.strip_prefix(&format!("{flag}=")).map(str::to_owned)
        }
    })
}

/// The profile and the API URL, resolved as every command resolves them.
fn profile() -> Option<(Profile, String)> {
    let file = CredentialsFile::new(config_dir().ok()?);
    let store = file.load().ok()?;
    let name =
        settings::profile(arg_after("--profile"), env::get(env::PROFILE), store.active).value;
    let p = file.profile(&name).ok()?.unwrap_or_default();
    let url = settings::api_url(
        arg_after("--api-url"),
        env::get(env::API_URL),
        p.api_url.clone(),
    )
    .value;
    Some((p, url))
}

/// A stored token goes only to the API it was issued by, as for every command.
fn bound_to(p: &Profile, url: &str) -> bool {
    p.api_url
        .as_deref()
        .is_none_or(|u| u.trim_end_matches('/') == url.trim_end_matches('/'))
}

fn user_token(p: &Profile, url: &str) -> Option<String> {
    if let Some((_, t)) = env::env_token() {
        return Some(t);
    }
    p.token
        .clone()
        .filter(|_| bound_to(p, url))
        .filter(|_| !token::is_expired(p.token_expires_at, token::now()))
}

fn project_id() -> Option<String> {
    let linked = manifest::find().map(|path| {
        let id = manifest::read_link(&path).ok().and_then(|l| l.project_id);
        (path, id)
    });
    settings::project(arg_after("--project-id"), env::get(env::PROJECT_ID), linked).map(|s| s.value)
}

fn project_token(p: &Profile, url: &str, pid: &str) -> Option<String> {
    if let Some(t) = env::get(env::PROJECT_TOKEN) {
        return Some(t);
    }
    if !bound_to(p, url) {
        return None;
    }
    p.project_tokens
        .get(pid)
        .filter(|c| !token::is_expired(c.expires_at, token::now()))
        .map(|c| c.token.clone())
}

/// One GET within the time limit, through the client every command uses (no retry,
/// no login, nothing stored); `None` on anything unexpected.
fn get(url: &str, path: &str, token: &str) -> Option<Value> {
    use crate::api::{Api, Auth, Call, Options};
    let mut opts = Options::new(url.to_string(), String::new(), None);
    opts.connect_timeout = TIME_LIMIT;
    opts.read_timeout = TIME_LIMIT;
    opts.request_timeout = TIME_LIMIT;
    opts.retry.max_retries = 0;
    opts.quiet = true;
    // A plain-http remote URL is refused here, before any request.
    let api = Api::new(opts).ok()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    rt.block_on(async {
        let call = Call::get(path.to_string(), Auth::Given(token.to_string())).once();
        tokio::time::timeout(TIME_LIMIT, api.json::<Value>(&call))
            .await
            .ok()?
            .ok()
    })
}

fn candidates(items: Vec<(String, String)>, current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    items
        .into_iter()
        .filter(|(v, _)| v.starts_with(prefix.as_ref()))
        .map(|(v, help)| {
            CompletionCandidate::new(v).help(Some(crate::util::sanitize(&help).into()))
        })
        .collect()
}

fn list(v: Value, key: &str) -> Vec<Value> {
    crate::contract::models::list_items(v, key).unwrap_or_default()
}

fn pairs(items: Vec<Value>, id: &str, name: &str) -> Vec<(String, String)> {
    items
        .iter()
        .filter_map(|i| {
            Some((
                i.get(id)?.as_str()?.to_string(),
                i.get(name)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ))
        })
        .collect()
}

/// Project ids, with their names.
pub fn projects(current: &OsStr) -> Vec<CompletionCandidate> {
    let items = (|| {
        let (p, url) = profile()?;
        get(&url, "/projects/", &user_token(&p, &url)?)
    })();
    candidates(
        items
            .map(|v| pairs(list(v, "projects"), "project_id", "name"))
            .unwrap_or_default(),
        current,
    )
}

fn in_project(path: &str, key: &str, id: &str, name: &str) -> Vec<(String, String)> {
    (|| {
        let (p, url) = profile()?;
        let pid = project_id()?;
        let v = get(&url, path, &project_token(&p, &url, &pid)?)?;
        Some(pairs(list(v, key), id, name))
    })()
    .unwrap_or_default()
}

/// Assistant ids of the current project, with their names.
pub fn assistants(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(
        in_project("/assistants/", "assistants", "assistant_id", "name"),
        current,
    )
}

/// Thread ids of the current project, with their names.
pub fn threads(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(
        in_project("/threads/", "threads", "thread_id", "name"),
        current,
    )
}

/// The first positional argument after the words `path` (`["db", "get"]`) on the
/// command line being completed, skipping flags and the values of flags that take
/// one.
fn positional_after(path: &[&str]) -> Option<String> {
    const WITH_VALUE: [&str; 10] = [
        "--project-id",
        "--thread-id",
        "--key",
        "--value",
        "--value-file",
        "--api-url",
        "--profile",
        "--jq",
        "--color",
        "--assistant-id",
    ];
    let args: Vec<String> = std::env::args().collect();
    let start = args
        .windows(path.len())
        .position(|w| w.iter().zip(path).all(|(a, b)| a == b))?
        + path.len();
    let mut skip = false;
    for a in &args[start..] {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with('-') {
            skip = WITH_VALUE.contains(&a.as_str());
            continue;
        }
        if a.is_empty() {
            return None;
        }
        return Some(a.clone());
    }
    None
}

/// Keys of the database of the thread named as THREAD or by `--thread-id`.
pub fn db_keys(current: &OsStr) -> Vec<CompletionCandidate> {
    let keys = (|| {
        let (p, url) = profile()?;
        let pid = project_id()?;
        let thread = arg_after("--thread-id").or_else(|| {
            ["get", "set", "query"]
                .iter()
                .find_map(|sub| positional_after(&["db", sub]))
        })?;
        let path = crate::api::item_path("/threads", &thread, "/state");
        let v = get(&url, &path, &project_token(&p, &url, &pid)?)?;
        let db = crate::contract::state::database(v.get("values").unwrap_or(&Value::Null));
        Some(
            db.into_iter()
                .map(|(k, v)| (k, crate::util::truncate(&v.to_string(), 40)))
                .collect::<Vec<_>>(),
        )
    })();
    candidates(keys.unwrap_or_default(), current)
}

/// Assistant names declared in the nearest `epsimo.yaml` (no network).
pub fn manifest_assistants(current: &OsStr) -> Vec<CompletionCandidate> {
    let names = manifest::find()
        .and_then(|p| manifest::read_link(&p).ok())
        .map(|l| {
            l.assistants
                .into_iter()
                .filter_map(|a| a.name)
                .map(|n| (n, "in epsimo.yaml".to_string()))
                .collect()
        })
        .unwrap_or_default();
    candidates(names, current)
}
