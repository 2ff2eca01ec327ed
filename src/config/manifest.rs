//! Finding `epsimo.yaml` and reading what project-scoped commands need from it: the
//! linked `project_id` and the assistants' names. (Full validation belongs to
//! `deploy`.)

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
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::failure(format!("cannot read {}: {e}", path.display())))?;
    if meta.len() > MAX_BYTES {
        return Err(CliError::new(
            Exit::Invalid,
            format!("{} is larger than 1 MiB", path.display()),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
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
            .with_hint("fix the file, or check it with `epsimo deploy --check`")
    })
}

#[cfg(test)]
mod tests {
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
}
