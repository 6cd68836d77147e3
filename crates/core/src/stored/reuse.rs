//! Snapshot contents that need no read: a snapshot whose stored root is an
//! environment's committed tree holds exactly that environment's config,
//! which the load has in memory already (the `env/<id>` record keeps it
//! whole). Right after a promotion the target's merge base is the source's
//! head, so a cold load finds the base it must have without fetching a
//! node.

use super::StoredWorkspace;
use crate::snapshot::Content;
use crate::workspace::Workspace;

impl StoredWorkspace {
    /// Takes the content and merge base of snapshots `ids` from the
    /// committed heads wherever their roots are a head's tree, sharing the
    /// head's config. Returns how many contents were taken; the others are
    /// still to be read from the store.
    pub fn read_from_heads(&self, ws: &mut Workspace, ids: &[String]) -> usize {
        // The snapshot's own environment first: two heads can hold the same
        // tree (after promoting everything), and the map's order is not fixed.
        let from_head = |c: &mut Content, env: &crate::environment::EnvId| {
            let Content::Stored(root) = c else {
                return false;
            };
            let own = self.heads.get(env).filter(|h| &h.tree == root);
            match own.or_else(|| self.heads.values().find(|h| &h.tree == root)) {
                Some(h) => {
                    *c = Content::Loaded(h.config.clone());
                    true
                }
                None => false,
            }
        };
        let mut taken = 0;
        for s in ws.snapshots.iter_mut().filter(|s| ids.contains(&s.id)) {
            // A text is taken from its environment's committed one alike.
            if let Some(src) = &mut s.source {
                if let crate::snapshot::TextContent::Stored(root) = &src.text {
                    if let Some(t) = self.texts.get(&s.env).filter(|t| &t.head.tree == root) {
                        src.text = crate::snapshot::TextContent::Loaded(t.text.clone());
                    }
                }
            }
            taken += usize::from(from_head(&mut s.content, &s.env));
            if let Some(base) = &mut s.merge_base {
                taken += usize::from(from_head(base, &s.env));
            }
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{now, MapStore};
    use super::super::*;
    use crate::changeset::ChangeSet;
    use crate::promote::{self, Selection};
    use crate::snapshot::{self, Content};
    use crate::{demo, Workspace};
    use std::sync::Arc;

    /// `ws` saved, then loaded back without reading any snapshot.
    fn reloaded(ws: &Workspace) -> (Workspace, StoredWorkspace) {
        let mut store = MapStore::default();
        let mut stored = StoredWorkspace::empty();
        store.save(&mut stored, ws);
        let (back, loaded, report) = store.cold();
        assert!(report.rehashed.is_empty());
        (back, loaded)
    }

    #[test]
    fn a_snapshot_of_a_head_is_taken_from_it_without_a_read() {
        // Every environment alike, then an edit of Development promoted:
        // QA's after-promotion snapshot is QA's head, and its merge base
        // (the same content, so not stored apart) too.
        let mut ws = demo::workspace();
        demo::history::seed(&mut ws, 420);
        let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
        for round in 1..=2 {
            demo::history::edit(&mut ws, &dev, round).unwrap();
            let set = ChangeSet::between(&ws, &dev, &qa).unwrap();
            promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()).unwrap();
        }
        let (mut back, loaded) = reloaded(&ws);
        let needed = snapshot::needed_for_promotions(&back);
        assert_eq!(needed.len(), 1);
        assert_eq!(loaded.read_from_heads(&mut back, &needed), 1);
        let s = snapshot::get(&back, &needed[0]).unwrap();
        assert!(s.is_loaded());
        let qa_config = &back.environments[1].config;
        assert!(matches!(&s.content, Content::Loaded(v) if Arc::ptr_eq(v, qa_config)));
        // Nothing else to read, and the change set is the one before.
        assert!(snapshot::unread_roots(&back, needed.iter().map(String::as_str)).is_empty());
        assert_eq!(
            ChangeSet::between(&back, &dev, &qa).unwrap(),
            ChangeSet::between(&ws, &dev, &qa).unwrap()
        );
        assert!(loaded.plan(&back).is_empty());
        // The first promotion's after-snapshot is no head now: left to the
        // store. The one before it is the seeded config, which Production
        // still has.
        let ids: Vec<String> = back.snapshots.iter().map(|s| s.id.clone()).collect();
        assert_eq!(loaded.read_from_heads(&mut back, &ids[1..2]), 0);
        assert!(!snapshot::get(&back, &ids[1]).unwrap().is_loaded());
        assert_eq!(loaded.read_from_heads(&mut back, &ids[..1]), 1);
        let prod_config = &back.environments[2].config;
        let first = &snapshot::get(&back, &ids[0]).unwrap().content;
        assert!(matches!(first, Content::Loaded(v) if Arc::ptr_eq(v, prod_config)));
    }
}
