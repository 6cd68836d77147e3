//! Which snapshot contents stay in memory, and snapshots found damaged
//! when they are read in.
//!
//! A committed snapshot's content is in the store, so memory need not hold
//! it: after each commit the app calls [`StoredWorkspace::release`], which
//! keeps only what promotions read (their merge bases). A snapshot whose
//! nodes turn out missing or damaged when a page reads it is moved out of
//! the workspace ([`StoredWorkspace::set_damaged`]) and its record kept, as
//! loading does.

use super::load::DamagedSnapshot;
use super::StoredWorkspace;
use crate::objects::TreeError;
use crate::snapshot;
use crate::workspace::Workspace;

impl StoredWorkspace {
    /// Lets go of the content of every committed snapshot that promotions
    /// do not need and that is not in `keep` (what a page shows). Returns
    /// how many were let go.
    pub fn release(&self, ws: &mut Workspace, keep: &[String]) -> usize {
        let mut keep_all = snapshot::needed_for_promotions(ws);
        keep_all.extend(keep.iter().cloned());
        let keep = keep_all;
        let mut released = 0;
        for s in &mut ws.snapshots {
            if !s.content.is_loaded() || keep.contains(&s.id) {
                continue;
            }
            // Only what this tab knows to be committed, with the roots it
            // was committed under.
            let committed = self.snapshots.get(&s.id) == Some(&(s.env_version, s.time));
            if let (true, Some((content, base, text))) = (committed, self.snapshot_roots.get(&s.id))
            {
                snapshot::release(s, content.clone(), base.clone(), text.clone());
                released += 1;
            }
        }
        released
    }

    /// Takes snapshot `id`, whose content could not be read, out of `ws`;
    /// its record stays stored and listed at its place.
    pub fn set_damaged(
        &mut self,
        ws: &mut Workspace,
        id: &str,
        error: TreeError,
    ) -> Option<DamagedSnapshot> {
        let at = ws.snapshots.iter().position(|s| s.id == id)?;
        // Its place in the stored order, which lists the damaged ones too
        // (inserted the way the plan writes the order).
        let mut order: Vec<&str> = ws.snapshots.iter().map(|s| s.id.as_str()).collect();
        for (place, d) in &self.damaged {
            order.insert((*place).min(order.len()), d);
        }
        let place = order.iter().position(|x| *x == id).unwrap_or(at);
        let s = ws.snapshots.remove(at);
        self.damaged.push((place, s.id.clone()));
        self.damaged.sort();
        self.snapshots.remove(&s.id);
        Some(DamagedSnapshot {
            id: s.id,
            env: s.env,
            env_version: s.env_version,
            time: s.time,
            reason: s.reason,
            error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{now, MapStore};
    use super::super::*;
    use crate::changeset::{ChangeSet, ChangeSetError};
    use crate::promote::{self, Selection};
    use crate::snapshot::{self, SnapshotError};
    use crate::{demo, Workspace};
    use serde_json::json;

    /// The demo with one promotion dev → qa and a manual snapshot, saved.
    fn promoted() -> (Workspace, MapStore, StoredWorkspace) {
        let mut ws = demo::workspace();
        let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
        let mut config = (*ws.environments[0].config).clone();
        config["added"] = json!({"x": 1});
        ws.environments[0].set_config(config);
        let set = ChangeSet::between(&ws, &dev, &qa).unwrap();
        promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()).unwrap();
        snapshot::take_manual(&mut ws, &dev, "by hand", "Ada", now()).unwrap();
        let mut store = MapStore::default();
        let mut stored = StoredWorkspace::empty();
        store.save(&mut stored, &ws);
        (ws, store, stored)
    }

    #[test]
    fn a_cold_load_reads_no_snapshot_until_asked() {
        let (ws, store, _) = promoted();
        let (mut back, mut loaded, _) = store.cold();
        assert!(back.snapshots.iter().all(|s| !s.is_loaded()));
        assert_eq!(back.snapshots.len(), ws.snapshots.len());
        let first = back.snapshots[0].id.clone();
        assert_eq!(
            snapshot::get(&back, &first).unwrap().content(),
            Err(SnapshotError::NotLoaded(first.clone()))
        );
        assert!(matches!(
            back.to_json(),
            Err(SnapshotError::NotLoaded(id)) if id == first
        ));
        // A promotion needs its merge base: refused until it is read.
        let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
        assert!(matches!(
            ChangeSet::between(&back, &dev, &qa),
            Err(ChangeSetError::BaseNotLoaded(_))
        ));
        let needed = snapshot::needed_for_promotions(&back);
        assert!(!needed.is_empty());
        assert!(loaded
            .read_snapshots(&mut back, &needed, &store.nodes)
            .is_empty());
        assert_eq!(
            ChangeSet::between(&back, &dev, &qa).unwrap(),
            ChangeSet::between(&ws, &dev, &qa).unwrap()
        );
        // Snapshots not read are written by nobody.
        assert!(loaded.plan(&back).is_empty());
        let all = snapshot::unread(&back);
        assert!(loaded
            .read_snapshots(&mut back, &all, &store.nodes)
            .is_empty());
        assert_eq!(back.to_json().unwrap(), {
            let mut w = ws.clone();
            w.revision = back.revision;
            w.to_json().unwrap()
        });
    }

    #[test]
    fn committed_snapshots_are_let_go_except_merge_bases() {
        let (mut ws, store, stored) = promoted();
        let released = stored.release(&mut ws, &[]);
        let kept = snapshot::needed_for_promotions(&ws);
        assert_eq!(released, ws.snapshots.len() - kept.len());
        for s in &ws.snapshots {
            assert_eq!(s.is_loaded(), kept.contains(&s.id), "{}", s.id);
        }
        // Let go is not changed: nothing to write, and every one reads
        // back as it was.
        assert!(stored.plan(&ws).is_empty());
        let (full, _, _) = store.load();
        let mut again = ws.clone();
        let mut st = stored.clone();
        let ids = snapshot::unread(&again);
        assert!(st.read_snapshots(&mut again, &ids, &store.nodes).is_empty());
        for (a, b) in again.snapshots.iter().zip(&full.snapshots) {
            assert_eq!(a.content().unwrap(), b.content().unwrap());
        }
    }

    #[test]
    fn a_snapshot_found_damaged_when_read_keeps_its_record_and_place() {
        let (ws, mut store, _) = promoted();
        let (mut back, mut loaded, _) = store.cold();
        // The manual snapshot of dev (the last one): its own root.
        let last = back.snapshots.last().unwrap().clone();
        let root = last.content.root().unwrap().node().unwrap().clone();
        store.nodes.insert(root.clone(), "{\"o\":[]}".into());
        let damaged =
            loaded.read_snapshots(&mut back, std::slice::from_ref(&last.id), &store.nodes);
        assert_eq!(damaged.len(), 1);
        assert_eq!(damaged[0].id, last.id);
        assert_eq!(damaged[0].error.node(), &root);
        assert!(snapshot::get(&back, &last.id).is_none());
        let commit = loaded.plan(&back);
        assert!(commit.deletes.is_empty(), "{:?}", commit.deletes);
        let order: records::WorkspaceRecord = serde_json::from_str(
            &commit
                .puts
                .iter()
                .find(|(_, k, _)| k == WORKSPACE_RECORD)
                .map(|(_, _, v)| v.clone())
                .unwrap_or_else(|| store.records[WORKSPACE_RECORD].clone()),
        )
        .unwrap();
        let ids: Vec<&str> = ws.snapshots.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(order.snapshots, ids);
    }

    #[test]
    fn restoring_a_backup_repairs_damaged_nodes_read_or_not() {
        let (ws, mut store, _) = promoted();
        let backup = ws.clone();
        // Every snapshot's own root is damaged; nothing has read them yet.
        let (_, loaded, _) = store.load();
        let roots: Vec<_> = ws
            .snapshots
            .iter()
            .filter_map(|s| loaded.snapshot_roots.get(&s.id))
            .filter_map(|(t, _, _)| t.node().cloned())
            .collect();
        assert!(!roots.is_empty());
        for root in &roots {
            store.nodes.insert(root.clone(), "{\"o\":[]}".into());
        }
        let (mut current, mut stored, _) = store.cold();
        // A plain replace trusts what it believes is stored: still damaged.
        let mut plain = stored.clone();
        let mut replaced = current.clone();
        crate::backup::replace(&mut replaced, backup.clone());
        let mut copy = MapStore {
            records: store.records.clone(),
            nodes: store.nodes.clone(),
            revision: store.revision,
        };
        copy.save(&mut plain, &replaced);
        assert!(!copy.load().2.damaged.is_empty());
        // The restore path writes everything again: nothing is damaged.
        crate::backup::replace(&mut current, backup);
        stored.rewrite_next();
        store.save(&mut stored, &current);
        let (back, _, report) = store.load();
        assert!(report.damaged.is_empty(), "{:?}", report.damaged);
        assert_eq!(back.snapshots.len(), ws.snapshots.len());
        for (a, b) in back.snapshots.iter().zip(&ws.snapshots) {
            assert_eq!(a.content().unwrap(), b.content().unwrap());
        }
        // Only that one commit: the next writes only what changed.
        assert!(stored.plan(&current).is_empty());
    }

    #[test]
    fn a_restore_after_damage_was_found_lists_each_snapshot_once() {
        let (ws, mut store, _) = promoted();
        let (mut back, mut loaded, _) = store.cold();
        let last = back.snapshots.last().unwrap().clone();
        let root = last.content.root().unwrap().node().unwrap().clone();
        store.nodes.insert(root, "{\"o\":[]}".into());
        let all = snapshot::unread(&back);
        let damaged = loaded.read_snapshots(&mut back, &all, &store.nodes);
        assert_eq!(damaged.len(), 1);
        // Restored from a backup that has it: listed once, readable.
        crate::backup::replace(&mut back, ws.clone());
        loaded.rewrite_next();
        store.save(&mut loaded, &back);
        let (again, _, report) = store.load();
        assert!(report.damaged.is_empty(), "{:?}", report.damaged);
        let ids: Vec<&str> = again.snapshots.iter().map(|s| s.id.as_str()).collect();
        let want: Vec<&str> = ws.snapshots.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, want);
        // Restored from one without it: its record goes with the rest.
        let mut none = ws.clone();
        none.snapshots.retain(|s| s.id != last.id);
        let (mut b2, mut l2, _) = store.load();
        let root2 = l2.snapshot_roots[&last.id].0.node().unwrap().clone();
        store.nodes.insert(root2, "{\"o\":[]}".into());
        let ids2 = vec![last.id.clone()];
        // Read in again, found damaged again.
        b2.snapshots
            .iter_mut()
            .filter(|s| s.id == last.id)
            .for_each(|s| {
                let root = l2.snapshot_roots[&s.id].0.clone();
                s.content = crate::snapshot::Content::Stored(root);
            });
        assert_eq!(l2.read_snapshots(&mut b2, &ids2, &store.nodes).len(), 1);
        crate::backup::replace(&mut b2, none.clone());
        l2.rewrite_next();
        store.save(&mut l2, &b2);
        assert!(!store.records.contains_key(&snap_key(&last.id)));
        let (third, _, report) = store.load();
        assert!(report.damaged.is_empty() && report.missing_records.is_empty());
        assert_eq!(third.snapshots.len(), ws.snapshots.len() - 1);
    }
}
