//! `--data FILE`: the store saved as a whole file plus a journal of what changed
//! since, so a write costs what it changed, not the size of the store.
//!
//! `FILE` is the whole store (JSON, as before), written at start, when the
//! journal has grown past the file's size (so rewriting stays a constant share of
//! the writes), and on a clean stop. `FILE.journal` holds one JSON line per saved
//! change after it: the records changed (users, projects, assistants and files
//! whole; a thread as its fields plus the messages set and the checkpoints added),
//! and the ids removed. Its first line names the generation of the file it
//! continues; a journal of another generation (left by a stop between rewriting
//! the file and starting a new journal) is already in the file and is ignored.
//! Loading reads the file, then replays the journal; a last line cut short (the
//! machine stopped while writing it) is dropped with a warning, any other line
//! that does not read is an error naming the file and line.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::history::HistoryDelta;
use super::state::{
    AssistantRec, Db, FileRec, Generation, ProjectRec, ThreadRec, ThreadSave, User, ValuesDelta,
};

/// The journal grows to at least this before the file is rewritten whole.
const MIN_JOURNAL_BYTES: u64 = 4 * 1024 * 1024;

/// The journal's first line.
#[derive(Serialize, Deserialize)]
struct Header {
    epsimo_emulator_journal: u32,
    generation: u64,
}

/// One saved change: everything changed since the one before.
#[derive(Serialize, Deserialize)]
struct Batch {
    seq: u64,
    ops: Vec<Op>,
}

/// A table of the store.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Users,
    Projects,
    Assistants,
    Files,
    Threads,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Op {
    User {
        record: User,
    },
    Project {
        record: ProjectRec,
    },
    Assistant {
        record: AssistantRec,
    },
    File {
        record: FileRec,
    },
    Thread {
        record: Box<ThreadRec>,
    },
    ThreadChanges {
        head: Box<ThreadRec>,
        values: ValuesDelta,
        history: HistoryDelta,
    },
    Delete {
        table: Kind,
        id: String,
    },
}

/// Turns on change tracking in every table (the store is then as saved).
pub fn track(db: &mut Db) {
    // As read from the file: a thread's first change after it is saved as a change.
    for t in db.threads.values_mut() {
        t.saved();
    }
    db.users.track(true);
    db.projects.track(true);
    db.assistants.track(true);
    db.files.track(true);
    db.threads.track(true);
}

/// Every change so far counts as saved (the file is about to be written whole).
fn mark_saved(db: &mut Db) {
    db.users.take_changed();
    db.projects.take_changed();
    db.assistants.take_changed();
    db.files.take_changed();
    db.threads.take_changed_with(|_, t| {
        if let Some(t) = t {
            t.saved();
        }
    });
}

/// What changed since the last batch, now counted as saved (`None`: nothing).
fn take_batch(db: &mut Db) -> Option<Batch> {
    let mut ops = Vec::new();
    fn records<T: Clone>(
        ops: &mut Vec<Op>,
        table: &mut super::table::Table<T>,
        kind: Kind,
        op: fn(T) -> Op,
    ) {
        for id in table.take_changed() {
            ops.push(match table.get(&id) {
                Some(r) => op(r.clone()),
                None => Op::Delete { table: kind, id },
            });
        }
    }
    records(&mut ops, &mut db.users, Kind::Users, |record| Op::User {
        record,
    });
    records(&mut ops, &mut db.projects, Kind::Projects, |record| {
        Op::Project { record }
    });
    records(&mut ops, &mut db.assistants, Kind::Assistants, |record| {
        Op::Assistant { record }
    });
    records(&mut ops, &mut db.files, Kind::Files, |record| Op::File {
        record,
    });
    db.threads.take_changed_with(|id, t| {
        ops.push(match t {
            Some(t) => match t.take_save() {
                ThreadSave::Whole(record) => Op::Thread { record },
                ThreadSave::Changes {
                    head,
                    values,
                    history,
                } => Op::ThreadChanges {
                    head,
                    values,
                    history,
                },
            },
            None => Op::Delete {
                table: Kind::Threads,
                id,
            },
        });
    });
    (!ops.is_empty()).then(|| Batch { seq: db.seq, ops })
}

/// Applies a batch read from the journal.
fn apply(db: &mut Db, batch: Batch) -> Result<(), String> {
    db.seq = db.seq.max(batch.seq);
    for op in batch.ops {
        match op {
            Op::User { record } => _ = db.users.insert(record.user_id.clone(), record),
            Op::Project { record } => _ = db.projects.insert(record.project_id.clone(), record),
            Op::Assistant { record } => {
                _ = db.assistants.insert(record.assistant_id.clone(), record)
            }
            Op::File { record } => _ = db.files.insert(record.file_id.clone(), record),
            Op::Thread { record } => {
                let mut t = *record;
                t.saved();
                db.threads.insert(t.thread_id.clone(), t);
            }
            Op::ThreadChanges {
                head,
                values,
                history,
            } => {
                let id = head.thread_id.clone();
                let Some(t) = db.threads.get_mut(&id) else {
                    return Err(format!("changes to thread {id}, which it does not hold"));
                };
                t.apply_save(*head, values, history);
            }
            Op::Delete { table, id } => match table {
                Kind::Users => _ = db.users.remove(&id),
                Kind::Projects => _ = db.projects.remove(&id),
                Kind::Assistants => _ = db.assistants.remove(&id),
                Kind::Files => _ = db.files.remove(&id),
                Kind::Threads => _ = db.threads.remove(&id),
            },
        }
    }
    Ok(())
}

/// The journal's path beside the data file.
pub fn path_of(data: &Path) -> PathBuf {
    let mut name = data.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// Reads the store: the data file, then its journal (a missing file is a new
/// store). Warnings (a last line cut short) go to `warn`.
pub fn load(data: &Path, warn: &mut dyn FnMut(String)) -> Result<Db, String> {
    let mut db = Db::load(data)?;
    let jpath = path_of(data);
    let text = match std::fs::read(&jpath) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(db),
        Err(e) => return Err(format!("cannot read {}: {e}", jpath.display())),
    };
    let cut_short = !text.is_empty() && !text.ends_with(b"\n");
    let lines: Vec<&[u8]> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let at = |n: usize, why: String| format!("{} line {}: {why}", jpath.display(), n + 1);
    let Some((first, rest)) = lines.split_first() else {
        return Ok(db);
    };
    let header: Header = match serde_json::from_slice(first) {
        Ok(h) => h,
        // A header cut short: the file was being started, nothing follows it.
        Err(_) if cut_short && rest.is_empty() => return Ok(db),
        Err(e) => return Err(at(0, format!("not an emulator journal: {e}"))),
    };
    if header.generation != db.generation.0 {
        // Already folded into the file (written again after this journal began).
        return Ok(db);
    }
    for (i, line) in rest.iter().enumerate() {
        let n = i + 1;
        let batch: Batch = match serde_json::from_slice(line) {
            Ok(b) => b,
            Err(e) if cut_short && n == lines.len() - 1 => {
                warn(format!(
                    "{}: dropped its last change, cut short ({e}); the changes before it are kept",
                    jpath.display()
                ));
                break;
            }
            Err(e) => return Err(at(n, e.to_string())),
        };
        apply(&mut db, batch).map_err(|why| at(n, why))?;
    }
    Ok(db)
}

/// The data file and its journal, open for appending.
pub struct Journal {
    data: PathBuf,
    file: Option<std::fs::File>,
    bytes: u64,
    whole_bytes: u64,
}

impl Journal {
    /// The journal of `data` (nothing written yet: [`Journal::rewrite`] starts it).
    pub fn new(data: PathBuf) -> Journal {
        Journal {
            data,
            file: None,
            bytes: 0,
            whole_bytes: 0,
        }
    }

    /// Writes the store whole and starts a new journal after it.
    pub fn rewrite(&mut self, db: &std::sync::Mutex<Db>) -> std::io::Result<()> {
        let snapshot = {
            let mut db = db.lock().unwrap();
            mark_saved(&mut db);
            db.generation = Generation(db.generation.0 + 1);
            db.clone()
        };
        let bytes = serde_json::to_vec(&snapshot)?;
        crate::util::write_atomic(&self.data, &bytes, Some(0o600))?;
        let mut header = serde_json::to_vec(&Header {
            epsimo_emulator_journal: 1,
            generation: snapshot.generation.0,
        })?;
        header.push(b'\n');
        let jpath = path_of(&self.data);
        crate::util::write_atomic(&jpath, &header, Some(0o600))?;
        self.file = Some(std::fs::OpenOptions::new().append(true).open(&jpath)?);
        self.bytes = header.len() as u64;
        self.whole_bytes = bytes.len() as u64;
        Ok(())
    }

    /// Saves what changed since the last save: one line appended, or the store
    /// written whole once the journal has grown past it.
    pub fn save(&mut self, db: &std::sync::Mutex<Db>) -> std::io::Result<()> {
        if self.file.is_none() || self.bytes > self.whole_bytes.max(MIN_JOURNAL_BYTES) {
            return self.rewrite(db);
        }
        let Some(batch) = take_batch(&mut db.lock().unwrap()) else {
            return Ok(());
        };
        let mut line = serde_json::to_vec(&batch)?;
        line.push(b'\n');
        let file = self.file.as_mut().expect("opened above");
        if let Err(e) = file.write_all(&line) {
            // What the line held is not in the journal: the next save writes all.
            self.file = None;
            return Err(e);
        }
        self.bytes += line.len() as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, json};

    fn thread(db: &mut Db, user: &str) -> String {
        let seq = db.next_seq();
        let t = ThreadRec::new("p", user, None, "t".into(), Map::new(), seq);
        let id = t.thread_id.clone();
        db.threads.insert(id.clone(), t);
        id
    }

    fn state_write(db: &mut Db, id: &str, n: usize) {
        let t = db.threads.get_mut(id).unwrap();
        t.add_messages(vec![
            json!({"id": format!("m{n}"), "type": "human", "content": n}),
        ]);
        t.merge(serde_json::from_value(json!({"count": n, "big": "x".repeat(n % 3)})).unwrap());
        t.checkpoint(&[]);
    }

    #[test]
    fn the_file_and_its_journal_read_back_as_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("emulator.json");
        let db = std::sync::Mutex::new(Db::new());
        track(&mut db.lock().unwrap());
        let mut j = Journal::new(data.clone());
        j.rewrite(&db).unwrap();
        let user = db.lock().unwrap().users.keys().next().unwrap().clone();
        let (a, b) = {
            let mut d = db.lock().unwrap();
            (thread(&mut d, &user), thread(&mut d, &user))
        };
        j.save(&db).unwrap();
        let mut sizes = Vec::new();
        for n in 0..(super::super::history::MAX_HISTORY_ENTRIES + 30) {
            state_write(&mut db.lock().unwrap(), &a, n);
            let before = j.bytes;
            j.save(&db).unwrap();
            sizes.push(j.bytes - before);
        }
        // A message replaced in place, a state set whole, a chatbot's list.
        {
            let mut d = db.lock().unwrap();
            let t = d.threads.get_mut(&a).unwrap();
            t.add_messages(vec![json!({"id": "m3", "content": "again"})]);
            t.checkpoint(&["action"]);
            t.next = vec!["action".into()];
            let t = d.threads.get_mut(&b).unwrap();
            t.set_values(json!([]));
            t.add_messages(vec![json!({"id": "x"})]);
            t.checkpoint(&[]);
        }
        j.save(&db).unwrap();
        {
            let mut d = db.lock().unwrap();
            d.threads
                .get_mut(&b)
                .unwrap()
                .add_messages(vec![json!({"id": "y"})]);
            d.threads.get_mut(&b).unwrap().checkpoint(&[]);
            d.add_user("second@example.com", "pw");
            let gone = thread(&mut d, &user);
            d.threads.remove(&gone);
        }
        j.save(&db).unwrap();
        let mut warnings = Vec::new();
        let back = load(&data, &mut |w| warnings.push(w)).unwrap();
        let now = db.lock().unwrap().clone();
        assert_eq!(
            back.threads[&a].history.full(),
            now.threads[&a].history.full()
        );
        assert_eq!(back, now);
        assert_eq!(back.seq, now.seq);
        assert!(warnings.is_empty(), "{warnings:?}");
        // A write costs what it changed: the last line is as long as the first
        // ones, at 130 messages as at 1.
        let (first, last) = (sizes[5], *sizes.last().unwrap());
        assert!(last < first * 2, "{first} then {last} bytes");

        // Cut short while writing: the last change is dropped, the rest kept.
        let jpath = path_of(&data);
        let text = std::fs::read(&jpath).unwrap();
        std::fs::write(&jpath, &text[..text.len() - 10]).unwrap();
        let mut warnings = Vec::new();
        let cut = load(&data, &mut |w| warnings.push(w)).unwrap();
        assert!(cut.users.values().all(|u| u.email != "second@example.com"));
        assert_eq!(cut.threads[&a], now.threads[&a]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");

        // A line in the middle that does not read: an error naming file and line.
        let mut lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
        lines[2] = b"{not json";
        std::fs::write(&jpath, lines.join(&b'\n')).unwrap();
        let e = load(&data, &mut |_| {}).unwrap_err();
        assert!(e.contains("emulator.json.journal line 3"), "{e}");

        // A journal of another generation is already in the file.
        std::fs::write(&jpath, &text).unwrap();
        j.rewrite(&db).unwrap();
        std::fs::write(&jpath, &text).unwrap();
        assert_eq!(load(&data, &mut |_| {}).unwrap(), now);
    }
}
