//! `epsimo.yaml`: finding it, reading what project-scoped commands need from it (the
//! linked `project_id` and the assistants' names), writing the link; the whole
//! manifest, validated against the server's catalogue, is in `validate.rs`.

mod validate;

pub use validate::{Manifest, ManifestAssistant, check_schema, yaml_problem};

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{CliError, Exit, Result};

pub const FILE_NAME: &str = "epsimo.yaml";

/// Largest manifest read, against hostile input.
const MAX_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Link {
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub assistants: Vec<AssistantName>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssistantName {
    #[serde(default)]
    pub name: Option<String>,
}

fn too_large(path: &Path) -> CliError {
    CliError::new(
        Exit::Invalid,
        format!("{} is larger than 1 MiB", path.display()),
    )
}

/// The root a manifest's files must stay inside: the git work tree that holds it (the
/// nearest parent with a `.git`), else the manifest's own directory; links resolved.
pub fn project_root(manifest: &Path) -> PathBuf {
    let dir = manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(dir)
}

/// A path a manifest names (`instructions_file`), resolved against the manifest's
/// directory with its links followed, if it stays inside `root` and is a regular
/// file. Otherwise what is wrong, naming the path and never its content: a manifest
/// in a cloned repository must not read `/proc/self/environ` or `~/.ssh/id_rsa`.
pub fn contained(root: &Path, base: &Path, name: &str) -> std::result::Result<PathBuf, String> {
    let joined = base.join(name);
    let real = std::fs::canonicalize(&joined)
        .map_err(|e| format!("cannot read {}: {e}", joined.display()))?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&root) {
        return Err(format!(
            "{name} is outside the project ({}): a manifest may only name files inside it",
            root.display()
        ));
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => Ok(real),
        Ok(_) => Err(format!("{name} is not a regular file")),
        Err(e) => Err(format!("cannot read {}: {e}", joined.display())),
    }
}

/// The nearest `epsimo.yaml` in `start` or one of its parents.
pub fn find_from(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The nearest manifest from the current directory.
pub fn find() -> Option<PathBuf> {
    std::env::current_dir().ok().and_then(|d| find_from(&d))
}

/// Reads the link fields of a manifest.
pub fn read_link(path: &Path) -> Result<Link> {
    let text = crate::util::read_text_capped(path, MAX_BYTES).map_err(|e| {
        if e.kind() == std::io::ErrorKind::FileTooLarge {
            return too_large(path);
        }
        CliError::new(
            Exit::Invalid,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    if text.trim().is_empty() {
        return Ok(Link::default());
    }
    serde_saphyr::from_str::<Link>(&text).map_err(|e| {
        CliError::new(Exit::Invalid, format!("{}: {e}", path.display()))
            .remedy(crate::error::Remedy::CheckManifest)
    })
}

/// Writes `project_id: ID` into a manifest's text, changing only that line (or
/// adding it at the top), so comments and layout survive.
pub fn set_project_id(text: &str, id: &str) -> String {
    let line = format!("project_id: {id}");
    let mut done = false;
    let mut out: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with("project_id:") {
                done = true;
                // Keep a trailing comment on the line.
                match l.find(" #") {
                    Some(i) => format!("{line}{}", &l[i..]),
                    None => line.clone(),
                }
            } else {
                l.to_string()
            }
        })
        .collect();
    if !done {
        out.insert(0, line);
    }
    let mut s = out.join("\n");
    if text.ends_with('\n') || !done {
        s.push('\n');
    }
    s
}
