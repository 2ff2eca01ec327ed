//! A thread's checkpoints (what `GET /threads/ID/history` shows), kept as changes.
//!
//! Upstream's checkpointer stores a full copy of the state at each step. Kept that
//! way, a write to a thread of n messages cost O(n) (the copy, and measuring it),
//! so writes slowed as a thread grew. Here a checkpoint holds only what changed
//! since the one before: the messages added or replaced, and the other keys of the
//! state (the Virtual Database, small). The messages as they were at the oldest
//! checkpoint kept form the base; dropping that checkpoint folds its changes into
//! the base. A write therefore costs what it changed; a read of the history
//! rebuilds each full state, as the endpoint answers (and as the data file and
//! exports keep it, so their format is unchanged).

use std::collections::{BTreeSet, VecDeque};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

/// Checkpoints kept per thread, at most (the oldest go first).
pub const MAX_HISTORY_ENTRIES: usize = 100;
/// Bytes of changes kept per thread's history, at most (the oldest go first; the
/// newest is always kept).
pub const MAX_HISTORY_BYTES: usize = 16 * 1024 * 1024;

/// One checkpoint: what changed since the one before (as the data file's journal
/// keeps it, but for its size, measured again when it is read).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Messages set since the checkpoint before: (index, message); an index at the
    /// end appends.
    changes: Vec<(usize, Value)>,
    /// How many messages the state held.
    len: usize,
    /// The state's other keys, and its shape.
    rest: Rest,
    next: Value,
    config: Value,
    parent: Value,
    /// Serialised bytes of `changes` and `rest`.
    #[serde(skip)]
    size: usize,
}

/// A state's shape and its keys other than `messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "shape", content = "keys", rename_all = "lowercase")]
pub enum Rest {
    /// A list of messages (a chatbot's state).
    List,
    /// `null` (a thread never written).
    Null,
    /// An object: `messages` and these keys (the Virtual Database).
    Object(Map<String, Value>),
}

impl Rest {
    /// The state of this shape holding `messages`.
    pub fn with(&self, messages: Vec<Value>) -> Value {
        match self {
            Rest::List => Value::Array(messages),
            Rest::Null => Value::Null,
            Rest::Object(rest) => {
                let mut map = Map::with_capacity(rest.len() + 1);
                map.insert("messages".into(), Value::Array(messages));
                map.extend(rest.iter().map(|(k, v)| (k.clone(), v.clone())));
                Value::Object(map)
            }
        }
    }
}

/// The checkpoints a thread recorded since its history was last saved
/// ([`History::take_unsaved`]), to append to the saved ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistoryDelta {
    add: Vec<Entry>,
    /// How many checkpoints are kept after adding them (the oldest fold away).
    keep: usize,
}

/// What the messages did since the last checkpoint (kept by the thread's writes).
/// A new one says "everything": the first checkpoint, and the first after a load,
/// record the state whole.
#[derive(Debug, Clone)]
pub struct Changes {
    /// Indexes of messages replaced in place.
    replaced: BTreeSet<usize>,
    /// Everything may have changed (a state set whole, or loaded from a file).
    all: bool,
}

impl Default for Changes {
    fn default() -> Changes {
        Changes {
            replaced: BTreeSet::new(),
            all: true,
        }
    }
}

/// Bookkeeping, not data: two threads are equal whatever their pending changes.
impl PartialEq for Changes {
    fn eq(&self, _: &Changes) -> bool {
        true
    }
}

impl Changes {
    /// Nothing changed since a given point.
    pub fn none() -> Changes {
        Changes {
            replaced: BTreeSet::new(),
            all: false,
        }
    }

    /// Whether everything may have changed.
    pub fn all(&self) -> bool {
        self.all
    }

    /// The messages set since the point where `before` messages were known: the
    /// replaced ones and those added; all of them after a truncation or a whole set.
    pub fn set_in(&self, messages: &[Value], before: usize) -> Vec<(usize, Value)> {
        if self.all || messages.len() < before {
            return messages.iter().cloned().enumerate().collect();
        }
        self.replaced
            .iter()
            .filter(|i| **i < before)
            .map(|i| (*i, messages[*i].clone()))
            .chain(
                messages[before..]
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(|(i, m)| (before + i, m)),
            )
            .collect()
    }

    /// A message at `index` was replaced in place.
    pub fn replaced(&mut self, index: usize) {
        self.replaced.insert(index);
    }

    /// The state was set some other way: the next checkpoint records it whole.
    pub fn everything(&mut self) {
        self.all = true;
    }
}

/// A thread's checkpoints, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The messages before the oldest checkpoint's changes.
    base: Vec<Value>,
    entries: VecDeque<Entry>,
    bytes: usize,
    /// Checkpoints recorded since the history was last saved (more than are kept:
    /// the base changed too, so the next save is whole).
    unsaved: usize,
}

fn size_of(v: &impl Serialize) -> usize {
    /// Counts bytes without keeping them.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

/// The messages of a state, borrowed (a chatbot's state is the list itself).
pub fn messages_of(values: &Value) -> &[Value] {
    match values {
        Value::Array(items) => items,
        other => other
            .get("messages")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice),
    }
}

/// The state's shape and keys other than `messages`, as an entry keeps them.
pub fn rest_of(values: &Value) -> Rest {
    match values {
        Value::Array(_) => Rest::List,
        Value::Object(map) => Rest::Object(
            map.iter()
                .filter(|(k, _)| *k != "messages")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => Rest::Null,
    }
}

impl History {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The newest checkpoint's `config` (the next one's parent).
    fn last_config(&self) -> Value {
        self.entries
            .back()
            .map_or(Value::Null, |e| e.config.clone())
    }

    /// Records checkpoint `checkpoint_id` of `values` with `next`, given what
    /// changed since the last one (`changes` is then cleared).
    pub fn record(
        &mut self,
        thread_id: &str,
        checkpoint_id: String,
        values: &Value,
        next: &[&str],
        changes: &mut Changes,
    ) {
        let messages = messages_of(values);
        let before = self.entries.back().map_or(self.base.len(), |e| e.len);
        let set = changes.set_in(messages, before);
        *changes = Changes::none();
        let rest = rest_of(values);
        let size = size_of(&set) + size_of(&rest);
        let entry = Entry {
            changes: set,
            len: messages.len(),
            rest,
            next: json!(next),
            config: json!({"configurable": {
                "thread_id": thread_id,
                "checkpoint_ns": "",
                "checkpoint_id": checkpoint_id,
            }}),
            parent: self.last_config(),
            size,
        };
        self.push(entry);
        self.unsaved += 1;
    }

    /// Adds a checkpoint, dropping the oldest past the bounds.
    fn push(&mut self, entry: Entry) {
        self.bytes += entry.size;
        self.entries.push_back(entry);
        while self.entries.len() > 1
            && (self.entries.len() > MAX_HISTORY_ENTRIES || self.bytes > MAX_HISTORY_BYTES)
        {
            self.drop_oldest();
        }
    }

    /// The checkpoints recorded since the last save, now counted as saved; `None`
    /// when the saved ones cannot be brought up to date by adding (checkpoints not
    /// yet saved were already folded into the base): then save the history whole.
    pub fn take_unsaved(&mut self) -> Option<HistoryDelta> {
        let n = std::mem::take(&mut self.unsaved);
        if n > self.entries.len() {
            return None;
        }
        Some(HistoryDelta {
            add: self
                .entries
                .range(self.entries.len() - n..)
                .cloned()
                .collect(),
            keep: self.entries.len(),
        })
    }

    /// Everything counts as saved (the history was just saved or read whole).
    pub fn saved(&mut self) {
        self.unsaved = 0;
    }

    /// Brings a saved history up to date with a [`HistoryDelta`]: its checkpoints
    /// added, the oldest folded into the base down to the count kept then.
    pub fn apply(&mut self, d: HistoryDelta) {
        for mut e in d.add {
            e.size = size_of(&e.changes) + size_of(&e.rest);
            self.bytes += e.size;
            self.entries.push_back(e);
        }
        while self.entries.len() > d.keep.max(1) {
            self.drop_oldest();
        }
    }

    /// Folds the oldest checkpoint into the base.
    fn drop_oldest(&mut self) {
        if let Some(e) = self.entries.pop_front() {
            apply(&mut self.base, e.changes, e.len);
            self.bytes -= e.size;
        }
    }

    /// Every checkpoint whole, oldest first, as the history endpoint shows them.
    pub fn full(&self) -> Vec<Value> {
        let mut messages = self.base.clone();
        let mut out = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            apply(&mut messages, e.changes.iter().cloned(), e.len);
            let values = match &e.rest {
                Rest::Null => Value::Null,
                rest => rest.with(messages.clone()),
            };
            out.push(json!({
                "values": values,
                "next": e.next,
                "config": e.config,
                "parent": e.parent,
            }));
        }
        out
    }

    /// Checkpoints given whole (a data file, an import): kept as changes.
    pub fn from_full(full: Vec<Value>) -> History {
        let mut h = History::default();
        let mut known: Vec<Value> = Vec::new();
        for mut c in full {
            let values = c.get_mut("values").map(Value::take).unwrap_or(Value::Null);
            let messages = messages_of(&values);
            let set: Vec<(usize, Value)> = if messages.len() < known.len() {
                messages.iter().cloned().enumerate().collect()
            } else {
                messages
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| known.get(*i) != Some(*m))
                    .map(|(i, m)| (i, m.clone()))
                    .collect()
            };
            known = messages.to_vec();
            let rest = rest_of(&values);
            let size = size_of(&set) + size_of(&rest);
            h.bytes += size;
            h.entries.push_back(Entry {
                changes: set,
                len: known.len(),
                rest,
                next: c.get_mut("next").map(Value::take).unwrap_or(json!([])),
                config: c.get_mut("config").map(Value::take).unwrap_or(Value::Null),
                parent: c.get_mut("parent").map(Value::take).unwrap_or(Value::Null),
                size,
            });
        }
        h
    }
}

/// Applies a checkpoint's changes to the messages before it.
pub fn apply(
    messages: &mut Vec<Value>,
    changes: impl IntoIterator<Item = (usize, Value)>,
    len: usize,
) {
    messages.truncate(len);
    for (i, m) in changes {
        if i < messages.len() {
            messages[i] = m;
        } else if i == messages.len() {
            messages.push(m);
        }
    }
}

impl PartialEq for History {
    fn eq(&self, other: &History) -> bool {
        self.full() == other.full()
    }
}

impl Serialize for History {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.full().serialize(s)
    }
}

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<History, D::Error> {
        Ok(History::from_full(Vec::<Value>::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(messages: &[&str], k: i64) -> Value {
        let m: Vec<Value> = messages
            .iter()
            .map(|id| json!({"id": id, "content": id}))
            .collect();
        json!({"messages": m, "k": k})
    }

    #[test]
    fn checkpoints_read_back_whole_and_survive_a_round_trip() {
        let mut h = History::default();
        let mut ch = Changes::default();
        h.record(
            "t",
            format!("c{}", h.len()),
            &Value::Null,
            &["__start__"],
            &mut ch,
        );
        h.record(
            "t",
            format!("c{}", h.len()),
            &state(&["a"], 1),
            &["agent"],
            &mut ch,
        );
        h.record(
            "t",
            format!("c{}", h.len()),
            &state(&["a", "b"], 2),
            &[],
            &mut ch,
        );
        // "a" replaced in place.
        let mut replaced = state(&["a", "b"], 2);
        replaced["messages"][0]["content"] = json!("A");
        ch.replaced(0);
        h.record("t", format!("c{}", h.len()), &replaced, &[], &mut ch);
        h.record(
            "t",
            format!("c{}", h.len()),
            &json!([{"id": "x"}]),
            &[],
            &mut ch,
        );
        let full = h.full();
        assert_eq!(full.len(), 5);
        assert!(full[0]["values"].is_null());
        assert_eq!(full[1]["values"], state(&["a"], 1));
        assert_eq!(full[2]["values"], state(&["a", "b"], 2));
        assert_eq!(full[3]["values"], replaced);
        assert_eq!(full[4]["values"], json!([{"id": "x"}]));
        assert_eq!(full[1]["next"], json!(["agent"]));
        assert_eq!(full[2]["parent"], full[1]["config"]);
        // Through serde (the data file, exports) and back: the same.
        let text = serde_json::to_string(&h).unwrap();
        let back: History = serde_json::from_str(&text).unwrap();
        assert_eq!(back.full(), full);
    }

    #[test]
    fn a_write_records_only_what_it_changed() {
        let mut h = History::default();
        let mut ch = Changes::default();
        let many: Vec<String> = (0..500).map(|i| format!("m{i}")).collect();
        let ids: Vec<&str> = many.iter().map(String::as_str).collect();
        h.record("t", format!("c{}", h.len()), &state(&ids, 0), &[], &mut ch);
        let first = h.bytes;
        let mut more = ids.clone();
        more.push("new");
        h.record("t", format!("c{}", h.len()), &state(&more, 1), &[], &mut ch);
        let second = h.bytes - first;
        assert!(second * 50 < first, "{second} of {first}");
        assert_eq!(h.entries.back().unwrap().changes.len(), 1);
    }

    #[test]
    fn the_oldest_fold_into_the_base_within_the_bounds() {
        let mut h = History::default();
        let mut ch = Changes::default();
        let mut ids: Vec<String> = Vec::new();
        for i in 0..(MAX_HISTORY_ENTRIES + 20) {
            ids.push(format!("m{i}"));
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            h.record(
                "t",
                format!("c{}", h.len()),
                &state(&refs, i as i64),
                &[],
                &mut ch,
            );
        }
        assert_eq!(h.len(), MAX_HISTORY_ENTRIES);
        let full = h.full();
        // The oldest kept is whole: its messages include those folded away.
        assert_eq!(full[0]["values"]["messages"].as_array().unwrap().len(), 21);
        assert_eq!(
            full.last().unwrap()["values"]["messages"]
                .as_array()
                .unwrap()
                .len(),
            MAX_HISTORY_ENTRIES + 20
        );
        // Big values are bounded in bytes; the newest always stays.
        let big = "x".repeat(1024 * 1024);
        for i in 0..40 {
            let mut v = state(&[], 0);
            v["k"] = json!(format!("{i}{big}"));
            h.record("t", format!("c{}", h.len()), &v, &[], &mut ch);
        }
        assert!(h.bytes <= MAX_HISTORY_BYTES, "{}", h.bytes);
        let full = h.full();
        assert!(
            full.last().unwrap()["values"]["k"]
                .as_str()
                .unwrap()
                .starts_with("39")
        );
    }
}
