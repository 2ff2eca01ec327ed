//! The emulator's data out and in: a versioned bundle of its records (users,
//! projects, assistants, files, threads with their state), written as a directory
//! people can read, one JSON file per record (`--import DIR`, `--export-on-exit`,
//! `epsimo emulator export DIR`, `GET /_emulator/export`). The token signing key
//! is not part of it: tokens issued before an import are not valid after it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::state::{AssistantRec, Db, FileRec, ProjectRec, ThreadRec, User};

/// What the bundle and its directory say they are.
pub const FORMAT: &str = "epsimo-emulator-data";
/// The version of the format this emulator writes and reads.
pub const VERSION: u32 = 1;
/// The directory's index file.
pub const INDEX: &str = "epsimo-emulator.json";

/// Every record of the emulator, and the counter that orders them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written by this emulator.
    pub version: u32,
    /// The creation counter (new records come after these).
    pub seq: u64,
    /// The accounts (with their password hashes: a development server's).
    pub users: Vec<User>,
    /// The projects.
    pub projects: Vec<ProjectRec>,
    /// The assistants.
    pub assistants: Vec<AssistantRec>,
    /// The uploaded files' records.
    pub files: Vec<FileRec>,
    /// The threads, each with its state (messages and database).
    pub threads: Vec<ThreadRec>,
}

/// The index file: what the directory is.
#[derive(Serialize, Deserialize)]
struct Index {
    format: String,
    version: u32,
    seq: u64,
}

impl Db {
    /// The records as a bundle.
    pub fn bundle(&self) -> Bundle {
        Bundle {
            format: FORMAT.into(),
            version: VERSION,
            seq: self.seq,
            users: self.users.values().cloned().collect(),
            projects: self.projects.values().cloned().collect(),
            assistants: self.assistants.values().cloned().collect(),
            files: self.files.values().cloned().collect(),
            threads: self.threads.values().cloned().collect(),
        }
    }

    /// The data of a bundle, with a new token signing key (and the dev account
    /// added if the bundle lacks it).
    pub fn from_bundle(b: Bundle) -> Db {
        let mut db = Db::new();
        db.seq = b.seq;
        db.users = b
            .users
            .into_iter()
            .map(|u| (u.user_id.clone(), u))
            .collect();
        db.projects = b
            .projects
            .into_iter()
            .map(|p| (p.project_id.clone(), p))
            .collect();
        db.assistants = b
            .assistants
            .into_iter()
            .map(|a| (a.assistant_id.clone(), a))
            .collect();
        db.files = b
            .files
            .into_iter()
            .map(|f| (f.file_id.clone(), f))
            .collect();
        db.threads = b
            .threads
            .into_iter()
            .map(|t| (t.thread_id.clone(), t))
            .collect();
        db.ensure_dev_account();
        db
    }
}

/// Writes `b` into `dir`: the index, then one pretty JSON file per record, named by
/// its id; records no longer there lose their files. Every file is written whole
/// (through a temporary file), readable only by its owner (it holds password
/// hashes).
pub fn write_dir(b: &Bundle, dir: &Path) -> std::io::Result<()> {
    fn put<T: Serialize>(dir: &Path, kind: &str, items: &[(String, &T)]) -> std::io::Result<()> {
        let sub = dir.join(kind);
        std::fs::create_dir_all(&sub)?;
        let mut keep = std::collections::BTreeSet::new();
        for (id, item) in items {
            let name = format!("{id}.json");
            let mut text = serde_json::to_vec_pretty(item)?;
            text.push(b'\n');
            crate::util::write_atomic(&sub.join(&name), &text, Some(0o600))?;
            keep.insert(name);
        }
        for entry in std::fs::read_dir(&sub)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !keep.contains(&name) {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }
    std::fs::create_dir_all(dir)?;
    let index = Index {
        format: FORMAT.into(),
        version: VERSION,
        seq: b.seq,
    };
    let mut text = serde_json::to_vec_pretty(&index)?;
    text.push(b'\n');
    crate::util::write_atomic(&dir.join(INDEX), &text, None)?;
    put(
        dir,
        "users",
        &b.users
            .iter()
            .map(|u| (u.user_id.clone(), u))
            .collect::<Vec<_>>(),
    )?;
    put(
        dir,
        "projects",
        &b.projects
            .iter()
            .map(|p| (p.project_id.clone(), p))
            .collect::<Vec<_>>(),
    )?;
    put(
        dir,
        "assistants",
        &b.assistants
            .iter()
            .map(|a| (a.assistant_id.clone(), a))
            .collect::<Vec<_>>(),
    )?;
    put(
        dir,
        "files",
        &b.files
            .iter()
            .map(|f| (f.file_id.clone(), f))
            .collect::<Vec<_>>(),
    )?;
    put(
        dir,
        "threads",
        &b.threads
            .iter()
            .map(|t| (t.thread_id.clone(), t))
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}

/// Reads a directory [`write_dir`] wrote. Any problem is an error naming the file:
/// not an export, another version, a file that is not its kind of record, or one
/// whose name is not its record's id.
pub fn read_dir(dir: &Path) -> Result<Bundle, String> {
    let index_path = dir.join(INDEX);
    let index: Index = match std::fs::read(&index_path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{}: not an emulator export index: {e}",
                index_path.display()
            )
        })?,
        Err(e) => {
            return Err(format!(
                "{} is not an emulator export (no {INDEX}: {e})",
                dir.display()
            ));
        }
    };
    if index.format != FORMAT || index.version != VERSION {
        return Err(format!(
            "{}: format {:?} version {}, and this emulator reads {FORMAT:?} version {VERSION}",
            index_path.display(),
            index.format,
            index.version
        ));
    }
    fn records<T: DeserializeOwned>(
        dir: &Path,
        kind: &str,
        id_of: impl Fn(&T) -> &str,
    ) -> Result<Vec<T>, String> {
        let sub = dir.join(kind);
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&sub) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("{}: {e}", sub.display())),
        };
        paths.sort();
        let mut out = BTreeMap::new();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let item: T = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: not a record of {kind}: {e}", path.display()))?;
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if id_of(&item) != stem {
                return Err(format!(
                    "{}: the record's id is {}, not the file's name",
                    path.display(),
                    id_of(&item)
                ));
            }
            out.insert(stem, item);
        }
        Ok(out.into_values().collect())
    }
    Ok(Bundle {
        format: index.format,
        version: index.version,
        seq: index.seq,
        users: records(dir, "users", |u: &User| &u.user_id)?,
        projects: records(dir, "projects", |p: &ProjectRec| &p.project_id)?,
        assistants: records(dir, "assistants", |a: &AssistantRec| &a.assistant_id)?,
        files: records(dir, "files", |f: &FileRec| &f.file_id)?,
        threads: records(dir, "threads", |t: &ThreadRec| &t.thread_id)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_round_trips_and_a_bad_file_is_named() {
        let mut db = Db::new();
        let dev = db
            .user_by_email(super::super::state::DEV_EMAIL)
            .unwrap()
            .user_id
            .clone();
        db.ensure_main(&dev);
        let dir = tempfile::tempdir().unwrap();
        write_dir(&db.bundle(), dir.path()).unwrap();
        let back = read_dir(dir.path()).unwrap();
        assert_eq!(back, db.bundle());
        assert!(!back.threads.is_empty() && !back.assistants.is_empty());
        // A record gone from the data loses its file.
        let mut fewer = db.bundle();
        let gone = fewer.threads.pop().unwrap();
        write_dir(&fewer, dir.path()).unwrap();
        assert!(
            !dir.path()
                .join(format!("threads/{}.json", gone.thread_id))
                .exists()
        );
        // A damaged file is named.
        let bad = dir
            .path()
            .join(format!("projects/{}.json", fewer.projects[0].project_id));
        std::fs::write(&bad, "{ not json").unwrap();
        let e = read_dir(dir.path()).unwrap_err();
        assert!(e.contains(&bad.display().to_string()), "{e}");
        // Not an export at all.
        let empty = tempfile::tempdir().unwrap();
        assert!(
            read_dir(empty.path())
                .unwrap_err()
                .contains("is not an emulator export")
        );
    }
}
