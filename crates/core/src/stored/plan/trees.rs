//! Storing one tree: its new nodes queued for the commit, each as a delta
//! over the node at the same place in the environment's previous version
//! when that is smaller, and the records the next version's deltas build on.

use super::*;
use crate::objects::delta;
use rustc_hash::{FxHashMap, FxHashSet};

/// What storing one tree gave: its root, index and full records.
pub(super) struct StoredTree {
    pub root: TreeRoot,
    /// The tree's compact JSON, from hashing it.
    pub text: String,
    pub index: TreeIndex,
    pub records: FxHashMap<NodeId, (Arc<str>, u8)>,
}

impl StoredTree {
    pub fn chain(&self) -> u8 {
        self.records.values().map(|(_, d)| *d).max().unwrap_or(0)
    }
}

impl Planner<'_> {
    /// Queues the nodes of `h` that the store does not hold yet, each as a
    /// delta over the node at the same place in `prev` when that is smaller.
    /// The nodes `h` took from `prev` unchanged keep `prev`'s records.
    pub(super) fn store_tree(&mut self, h: Hashed, prev: Option<&Head>) -> StoredTree {
        let fresh: FxHashSet<&NodeId> = h.nodes.iter().map(|(id, _)| id).collect();
        let mut at: FxHashMap<&NodeId, &str> =
            FxHashMap::with_capacity_and_hasher(fresh.len(), Default::default());
        for (pointer, id) in h.index.iter() {
            if fresh.contains(id) {
                at.entry(id).or_insert(pointer);
            }
        }
        // A node shared with another head (a promotion copies the
        // source's) keeps the record and chain length that head knows.
        let known_record = |id: &NodeId| {
            prev.into_iter()
                .chain(self.stored.heads.values())
                .chain(self.stored.texts.values().map(|t| &t.head))
                .find_map(|p| p.records.get(id))
        };
        let mut records = FxHashMap::with_capacity_and_hasher(h.index.len(), Default::default());
        let mut puts = Vec::new();
        for (id, record) in &h.nodes {
            let known =
                (self.stored.nodes.contains(id) && !self.rewrite) || self.queued.contains(id);
            if known {
                let depth = known_record(id).map_or(delta::MAX_CHAIN, |(_, d)| *d);
                records.insert(id.clone(), (Arc::from(record.as_str()), depth));
                continue;
            }
            let base = prev.and_then(|p| match h.edited.get(id) {
                // Only some entries changed: the delta is those entries.
                Some(e) => {
                    let (_, depth) = p.records.get(&e.base)?;
                    delta::encode_edited(&e.base, *depth, record, &e.entries)
                        .map(|d| (d, depth + 1))
                }
                None => {
                    let base_id = p.index.get(at.get(id)?)?;
                    let (text, depth) = p.records.get(base_id)?;
                    delta::encode(base_id, *depth, text, record).map(|d| (d, depth + 1))
                }
            });
            let (stored, depth) = base.unwrap_or_else(|| (record.clone(), 0));
            puts.push((id.clone(), stored));
            records.insert(id.clone(), (Arc::from(record.as_str()), depth));
        }
        for (_, id) in h.index.iter() {
            if !records.contains_key(id) {
                if let Some((text, depth)) = known_record(id) {
                    records.insert(id.clone(), (Arc::clone(text), *depth));
                }
            }
        }
        for (id, stored) in puts {
            self.queued.insert(id.clone());
            self.commit
                .puts
                .push((Area::Nodes, id.as_str().to_owned(), stored));
            self.commit.after.nodes.push(id);
        }
        StoredTree {
            root: h.root,
            text: h.text,
            index: h.index,
            records,
        }
    }

    pub(super) fn nodes(&mut self, h: Hashed, prev: Option<&Head>) -> TreeRoot {
        self.store_tree(h, prev).root
    }
}
