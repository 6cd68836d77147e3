//! How many bytes a commit adds to the store: the measure behind "stored
//! bytes grow per promotion by at most 3× the changed bytes".
//!
//! A record or node counts as its key plus its text. Nodes are content
//! addressed and a plan puts only nodes the store lacks, so each node put
//! is new and needs no remembering (there may be hundreds of thousands).
//! Records are replaced in place (an environment's head, the workspace
//! record), so their sizes are remembered and a put counts the difference.
//! A record this tab has neither loaded nor written counts whole.

use super::{Area, Commit};
use std::collections::HashMap;

/// The sizes of the records this tab knows, and what its commits added.
#[derive(Debug, Clone, Default)]
pub struct StoredSizes {
    records: HashMap<(Area, String), usize>,
    added: i64,
}

impl StoredSizes {
    /// Nothing known yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Knows the records of a store just read (`key`, `text`).
    pub fn of_records<'a>(records: impl IntoIterator<Item = (&'a String, &'a String)>) -> Self {
        Self {
            records: records
                .into_iter()
                .map(|(k, v)| ((Area::Records, k.clone()), k.len() + v.len()))
                .collect(),
            added: 0,
        }
    }

    /// Takes `commit` as landed and returns how many bytes it added
    /// (negative when it freed more than it wrote).
    pub fn landed(&mut self, commit: &Commit) -> i64 {
        let mut delta: i64 = 0;
        for (area, key) in &commit.deletes {
            if let Some(old) = self.records.remove(&(*area, key.clone())) {
                delta -= old as i64;
            }
        }
        for (area, key, value) in &commit.puts {
            let size = key.len() + value.len();
            delta += size as i64;
            if *area != Area::Nodes {
                if let Some(old) = self.records.insert((*area, key.clone()), size) {
                    delta -= old as i64;
                }
            }
        }
        self.added += delta;
        delta
    }

    /// Everything the commits since [`Self::new`] added.
    pub fn added(&self) -> i64 {
        self.added
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{now, MapStore};
    use super::super::*;
    use super::StoredSizes;
    use crate::changeset::ChangeSet;
    use crate::promote::{self, Selection};
    use crate::{demo, Workspace};

    fn save(
        store: &mut MapStore,
        stored: &mut StoredWorkspace,
        sizes: &mut StoredSizes,
        ws: &Workspace,
    ) -> i64 {
        let commit = stored.plan(ws);
        store.write(&commit);
        let added = sizes.landed(&commit);
        stored.committed(commit);
        added
    }

    #[test]
    fn what_commits_add_is_what_the_store_grows_by() {
        let mut ws = demo::workspace();
        demo::history::seed(&mut ws, 4_200);
        let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
        let mut store = MapStore::default();
        let mut stored = StoredWorkspace::empty();
        let mut sizes = StoredSizes::new();
        let first = save(&mut store, &mut stored, &mut sizes, &ws);
        assert_eq!(first, store.bytes() as i64);
        for round in 1..=3 {
            let before = store.bytes() as i64;
            demo::history::edit(&mut ws, &dev, round).expect("dev is there");
            let edit = save(&mut store, &mut stored, &mut sizes, &ws);
            assert_eq!(edit, store.bytes() as i64 - before, "round {round}");
            let set = ChangeSet::between(&ws, &dev, &qa).expect("a change set");
            promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()).expect("promoted");
            let before = store.bytes() as i64;
            let promotion = save(&mut store, &mut stored, &mut sizes, &ws);
            assert_eq!(promotion, store.bytes() as i64 - before, "round {round}");
            assert!(promotion > 0);
        }
        assert_eq!(sizes.added(), store.bytes() as i64);
        // Known from a load, a replaced record counts its difference only.
        let mut loaded = StoredSizes::of_records(&store.records);
        let mut commit = stored.plan(&ws);
        assert!(commit.is_empty());
        ws.environments[2].name.push('!');
        commit = stored.plan(&ws);
        let before = store.bytes() as i64;
        store.write(&commit);
        assert_eq!(loaded.landed(&commit), store.bytes() as i64 - before);
    }
}
