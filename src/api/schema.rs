//! The server's catalogue (`GET /runs/config_schema`), cached per API URL.
//!
//! The cache lives in the cache dir, one file per API URL, and is trusted for
//! [`TTL`]; a command that finds a value the cached schema does not know asks the
//! server again once (the server may have learned a new family) before refusing it.
//! Reading it costs a command at most one request, never retried: when the server
//! cannot answer, the stale cache, else upstream's table, is used and the user is told.
//! A server without the endpoint gets upstream's table (remembered in the cache too).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::events::Event;
use super::{Api, Auth, Call};
use crate::contract::Catalog;
use crate::contract::assistant::{Finding, Level, verdict};
use crate::error::{CliError, Exit, Result};

/// How long a fetched schema is used without asking the server again.
pub const TTL: Duration = Duration::from_secs(3600);

pub const PATH: &str = "/runs/config_schema";

/// Where a catalogue came from, for messages ("validated against ...").
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Fetched from the server just now.
    Server,
    /// The server's schema, cached this long ago.
    Cached(Duration),
    /// Upstream OpenGPTs' table, and why.
    Builtin(String),
}

impl Source {
    pub fn describe(&self, api_url: &str) -> String {
        match self {
            Source::Server => format!("the schema of {api_url}"),
            Source::Cached(age) => {
                format!("the schema of {api_url} cached {} ago", human_age(*age))
            }
            Source::Builtin(why) => format!("upstream OpenGPTs' table ({why})"),
        }
    }

    pub fn is_fresh(&self) -> bool {
        *self == Source::Server
    }

    /// The server's own schema (fresh or cached), not upstream's table in its place.
    pub fn is_authoritative(&self) -> bool {
        matches!(self, Source::Server | Source::Cached(_))
    }
}

fn human_age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// A catalogue and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub catalog: Catalog,
    pub source: Source,
}

/// The cache file's content.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    api_url: String,
    /// Unix seconds.
    fetched_at: u64,
    /// The schema as the server sent it; `null` when the server has no such endpoint.
    schema: Value,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn cache_path(dir: Option<&Path>, api_url: &str) -> Option<PathBuf> {
    use sha2::Digest;
    let digest = hex::encode(sha2::Sha256::digest(api_url.as_bytes()));
    dir.map(|d| d.join(format!("config-schema-{}.json", &digest[..16])))
}

fn from_entry(e: &Entry) -> Option<Catalog> {
    if e.schema.is_null() {
        return Some(Catalog::upstream());
    }
    Catalog::from_schema(&e.schema).ok()
}

/// The catalogue of an API URL cached in `dir`, whatever its age.
pub fn cached(dir: Option<&Path>, api_url: &str) -> Option<Loaded> {
    cached_with_age(dir, api_url).map(|(l, _)| l)
}

/// [`cached`], with how long ago it was fetched.
fn cached_with_age(dir: Option<&Path>, api_url: &str) -> Option<(Loaded, Duration)> {
    let path = cache_path(dir, api_url)?;
    let bytes = std::fs::read(path).ok()?;
    let e: Entry = serde_json::from_slice(&bytes).ok()?;
    if e.api_url != api_url {
        return None;
    }
    let catalog = from_entry(&e)?;
    let age = Duration::from_secs(now().saturating_sub(e.fetched_at));
    let loaded = Loaded {
        catalog,
        source: if e.schema.is_null() {
            Source::Builtin(format!(
                "{api_url} publishes no {PATH}, as of {} ago",
                human_age(age)
            ))
        } else {
            Source::Cached(age)
        },
    };
    Some((loaded, age))
}

/// Writes the cache through a temp file renamed over it; a failure only costs the
/// next command a request.
fn store(dir: Option<&Path>, api_url: &str, schema: &Value) {
    let Some(path) = cache_path(dir, api_url) else {
        return;
    };
    let entry = Entry {
        api_url: api_url.to_string(),
        fetched_at: now(),
        schema: schema.clone(),
    };
    let write = || -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(std::path::Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer(&mut tmp, &entry)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    };
    let _ = write();
}

/// The cached catalogue of `api_url` while it is fresh.
pub fn fresh(api: &Api) -> Option<Loaded> {
    // What the server publishes (or that it publishes nothing) is trusted for TTL.
    cached_with_age(api.options().cache_dir.as_deref(), api.base_url())
        .filter(|(_, age)| *age < TTL)
        .map(|(l, _)| l)
}

/// The catalogue: the cache while it is fresh, else the server's (one request).
pub async fn load(api: &Api, project_id: &str) -> Result<Loaded> {
    if let Some(l) = fresh(api) {
        return Ok(l);
    }
    fetch(api, project_id).await
}

/// Asks the server (one request, no retries). A route the server does not have gives
/// upstream's table; a failure gives the stale cache or upstream's table, with a
/// warning, rather than failing the command over it.
pub async fn fetch(api: &Api, project_id: &str) -> Result<Loaded> {
    // The project's token first: a project that does not exist is that error, not a
    // server without the schema.
    api.project_token(project_id).await?;
    let call = Call::get(PATH, Auth::Project(project_id.to_string())).once();
    match api.json::<Value>(&call).await {
        Ok(schema) => match Catalog::from_schema(&schema) {
            Ok(catalog) => {
                store(api.options().cache_dir.as_deref(), api.base_url(), &schema);
                Ok(Loaded {
                    catalog,
                    source: Source::Server,
                })
            }
            Err(e) => Ok(fallback(api, &format!("its {PATH} is not readable: {e}"))),
        },
        Err(e) if matches!(e.exit, Exit::NotFound) || e.message.contains("HTTP 405") => {
            store(
                api.options().cache_dir.as_deref(),
                api.base_url(),
                &Value::Null,
            );
            Ok(Loaded {
                catalog: Catalog::upstream(),
                source: Source::Builtin(format!("{} publishes no {PATH}", api.base_url())),
            })
        }
        // Not logged in, or no such project: the command would fail on that anyway.
        Err(e) if matches!(e.exit, Exit::Auth | Exit::Interrupted) => Err(e),
        Err(e) => Ok(fallback(api, &format!("{PATH} failed: {}", e.message))),
    }
}

fn fallback(api: &Api, why: &str) -> Loaded {
    let l = cached(api.options().cache_dir.as_deref(), api.base_url()).unwrap_or_else(|| Loaded {
        catalog: Catalog::upstream(),
        source: Source::Builtin(why.to_string()),
    });
    api.options().observer.event(&Event::Warning(format!(
        "cannot read the server's schema ({why}); checking against {}",
        l.source.describe(api.base_url())
    )));
    l
}

/// What [`checked`] found: the value built, the refusals that stand, what is said
/// instead (warnings and notes), and the catalogue used.
pub struct Checked<T> {
    pub value: T,
    pub refused: Vec<Finding>,
    pub said: Vec<Finding>,
    pub loaded: Loaded,
}

impl<T> Checked<T> {
    /// The value and what is said; the refusals, if any, as one exit-5 error.
    pub fn into_result(self, api_url: &str) -> Result<(T, Vec<Finding>, Loaded)> {
        if !self.refused.is_empty() {
            let lines: Vec<String> = self.refused.into_iter().map(|f| f.message).collect();
            return Err(CliError::new(Exit::Invalid, lines.join("\n"))
                .remedy(refusal_remedy(&self.loaded, api_url)));
        }
        Ok((self.value, self.said, self.loaded))
    }
}

/// The remedy of a refusal: whose schema refused (the front-end says where to
/// read it and how to send anyway).
pub fn refusal_remedy(loaded: &Loaded, api_url: &str) -> crate::error::Remedy {
    crate::error::Remedy::SchemaRefused {
        whose: loaded.source.describe(api_url),
    }
}

/// Runs `check` against the catalogue. Refusals (what the server's schema says will
/// fail) stand only when the catalogue is the server's own; a cached one that refuses
/// is asked for again once (the server may have learned a family). Against upstream's
/// table (the server publishes none, or it could not be read) every refusal becomes a
/// warning and the input is sent (CONTRACT.md, "Which source wins").
pub async fn checked<T>(
    api: &Api,
    project_id: &str,
    check: impl Fn(&Catalog) -> (T, Vec<Finding>),
) -> Result<Checked<T>> {
    let mut loaded = load(api, project_id).await?;
    let (mut value, mut findings) = check(&loaded.catalog);
    let refuses = |f: &[Finding]| f.iter().any(|f| f.level == Level::Refuse);
    // A stale cache was already the fallback of a failed fetch: not asked again.
    if refuses(&findings) && matches!(loaded.source, Source::Cached(age) if age < TTL) {
        loaded = fetch(api, project_id).await?;
        (value, findings) = check(&loaded.catalog);
    }
    let (refused, said) = verdict(findings, loaded.source.is_authoritative());
    Ok(Checked {
        value,
        refused,
        said,
        loaded,
    })
}

/// [`checked`], the refusals as one exit-5 error.
pub async fn validated<T>(
    api: &Api,
    project_id: &str,
    check: impl Fn(&Catalog) -> (T, Vec<Finding>),
) -> Result<(T, Vec<Finding>, Loaded)> {
    checked(api, project_id, check)
        .await?
        .into_result(api.base_url())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_well() {
        assert_eq!(human_age(Duration::from_secs(5)), "5s");
        assert_eq!(human_age(Duration::from_secs(125)), "2m");
        assert_eq!(human_age(Duration::from_secs(7200)), "2h");
        assert_eq!(human_age(Duration::from_secs(200_000)), "2d");
    }
}
