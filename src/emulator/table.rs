//! A table of records by id that remembers which ids changed since it was last
//! asked, so `--data FILE` can append only those to its journal. Reads go
//! through `Deref` to the map; every way to change it is a method here that marks
//! what it touches, so no change can be missed by the journal (the compiler
//! refuses a mutation that does not come through here).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Records by id, with the ids changed or removed since [`Table::take_changed`].
#[derive(Debug, Clone)]
pub struct Table<T> {
    map: BTreeMap<String, T>,
    /// Marked only once tracking is on (with `--data`): otherwise the set would
    /// grow for nothing.
    tracking: bool,
    changed: BTreeSet<String>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            map: BTreeMap::new(),
            tracking: false,
            changed: BTreeSet::new(),
        }
    }
}

impl<T> Deref for Table<T> {
    type Target = BTreeMap<String, T>;
    fn deref(&self) -> &BTreeMap<String, T> {
        &self.map
    }
}

/// The records, not the bookkeeping.
impl<T: PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Table<T>) -> bool {
        self.map == other.map
    }
}

impl<T: Serialize> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Table<T>, D::Error> {
        Ok(Table::from(BTreeMap::deserialize(d)?))
    }
}

impl<T> From<BTreeMap<String, T>> for Table<T> {
    fn from(map: BTreeMap<String, T>) -> Table<T> {
        Table {
            map,
            ..Table::default()
        }
    }
}

impl<T> FromIterator<(String, T)> for Table<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(items: I) -> Table<T> {
        Table::from(items.into_iter().collect::<BTreeMap<_, _>>())
    }
}

impl<T> Table<T> {
    fn mark(&mut self, id: &str) {
        if self.tracking && !self.changed.contains(id) {
            self.changed.insert(id.to_string());
        }
    }

    /// Starts (or stops) remembering changes.
    pub fn track(&mut self, on: bool) {
        self.tracking = on;
        self.changed.clear();
    }

    /// The ids changed or removed since the last call, in order.
    pub fn take_changed(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.changed)
    }

    /// Visits the ids changed or removed since the last call, in order, each with
    /// its record (`None`: removed), which the visit may change without marking it.
    pub fn take_changed_with(&mut self, mut visit: impl FnMut(String, Option<&mut T>)) {
        for id in std::mem::take(&mut self.changed) {
            let record = self.map.get_mut(&id);
            visit(id, record);
        }
    }

    /// The record `id`, to change.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        if self.map.contains_key(id) {
            self.mark(id);
        }
        self.map.get_mut(id)
    }

    /// Sets the record `id`.
    pub fn insert(&mut self, id: String, record: T) -> Option<T> {
        self.mark(&id);
        self.map.insert(id, record)
    }

    /// Removes the record `id`.
    pub fn remove(&mut self, id: &str) -> Option<T> {
        let gone = self.map.remove(id);
        if gone.is_some() {
            self.mark(id);
        }
        gone
    }

    /// Keeps the records `keep` says to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut T) -> bool) {
        let mut gone = Vec::new();
        self.map.retain(|id, r| {
            let k = keep(id, r);
            if !k {
                gone.push(id.clone());
            }
            k
        });
        for id in gone {
            self.mark(&id);
        }
    }

    /// Every record, to change (all are marked).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        if self.tracking {
            self.changed.extend(self.map.keys().cloned());
        }
        self.map.values_mut()
    }

    /// Every record with its id, to change only those `pick` chooses (only they
    /// are marked).
    pub fn update_where(
        &mut self,
        mut pick: impl FnMut(&T) -> bool,
        mut change: impl FnMut(&mut T),
    ) {
        for (id, r) in self.map.iter_mut() {
            if pick(r) {
                change(r);
                if self.tracking && !self.changed.contains(id) {
                    self.changed.insert(id.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_is_marked_once_tracking_is_on() {
        let mut t: Table<i32> = Table::default();
        t.insert("a".into(), 1);
        assert!(t.take_changed().is_empty(), "not tracking yet");
        t.track(true);
        t.insert("b".into(), 2);
        *t.get_mut("a").unwrap() += 1;
        assert!(t.get_mut("zz").is_none());
        assert_eq!(t.take_changed(), ["a", "b"].map(String::from).into());
        t.remove("a");
        t.remove("nope");
        assert_eq!(t.take_changed(), ["a"].map(String::from).into());
        t.insert("c".into(), 3);
        t.take_changed();
        t.retain(|_, v| *v != 3);
        assert_eq!(t.take_changed(), ["c"].map(String::from).into());
        t.update_where(|v| *v == 2, |v| *v = 20);
        assert_eq!(t.take_changed(), ["b"].map(String::from).into());
        assert_eq!(t["b"], 20);
        t.insert("d".into(), 4);
        t.take_changed();
        t.values_mut().for_each(|v| *v += 1);
        assert_eq!(t.take_changed(), ["b", "d"].map(String::from).into());
        // Visited in order with their records, changed without being marked again.
        t.insert("e".into(), 5);
        t.remove("b");
        let mut seen = Vec::new();
        t.take_changed_with(|id, r| {
            if let Some(r) = r {
                *r += 10;
            }
            seen.push(id);
        });
        assert_eq!(seen, ["b", "e"]);
        assert_eq!(t["e"], 15);
        assert!(t.take_changed().is_empty());
    }
}
