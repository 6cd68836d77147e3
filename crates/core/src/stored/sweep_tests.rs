use super::super::tests::{now, MapStore};
use super::super::usage::StorageBreakdown;
use super::*;
use crate::changeset::ChangeSet;
use crate::promote::{self, Selection};
use crate::{demo, Workspace};
use serde_json::{json, Value};

fn edited(config: &Value, round: usize) -> Value {
    let mut c = config.clone();
    c["hand_edited"] = json!({"round": round, "list": [round, round + 1, {"deep": round}]});
    c
}

/// The demo promoted once, QA's config edited by hand twice (stored as
/// deltas, whose bases stay in use), and an environment added and deleted
/// (no snapshot keeps its tree), each saved.
fn with_unused() -> (Workspace, MapStore, StoredWorkspace) {
    let mut ws = demo::workspace();
    let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    let set = ChangeSet::between(&ws, &dev, &qa).unwrap();
    promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()).unwrap();
    store.save(&mut stored, &ws);
    for round in 0..2 {
        let c = edited(&ws.environments[1].config, round);
        ws.environments[1].set_config(c);
        store.save(&mut stored, &ws);
    }
    let mut scratch = ws.environments[0].clone();
    scratch.id = "scratch".to_owned().into();
    scratch.name = "Scratch".into();
    let c = json!({"only_here": {"items": (0..20).map(|i| json!({"n": i, "x": [i, {"y": i}]})).collect::<Vec<_>>()}});
    scratch.set_config(c);
    ws.environments.push(scratch);
    store.save(&mut stored, &ws);
    ws.environments.pop();
    store.save(&mut stored, &ws);
    (ws, store, stored)
}

fn same(a: &Workspace, b: &Workspace) {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.revision = 0;
    b.revision = 0;
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
}

#[test]
fn nodes_nothing_reaches_are_removed_and_everything_else_loads_exactly() {
    let (ws, mut store, mut stored) = with_unused();
    let before = StorageBreakdown::of(&store.contents());
    assert!(
        before.unused.nodes > 0,
        "a deleted environment leaves its tree behind"
    );
    let sweep = stored
        .sweep(&store.contents())
        .unwrap()
        .expect("something to remove");
    assert_eq!(sweep.nodes, before.unused.nodes);
    assert_eq!(sweep.bytes, before.unused.bytes);
    assert!(sweep.commit.puts.is_empty());
    let nodes_before = store.nodes.len();
    store.write(&sweep.commit);
    stored.committed(sweep.commit);
    assert_eq!(store.nodes.len(), nodes_before - sweep.nodes);
    // Every snapshot and head reads back exactly.
    let (back, _, report) = store.load();
    assert!(report.damaged.is_empty() && report.missing_records.is_empty());
    same(&back, &ws);
    // Nothing is left to remove, and the tab knows it.
    assert_eq!(StorageBreakdown::of(&store.contents()).unused.nodes, 0);
    assert!(stored.sweep(&store.contents()).unwrap().is_none());
    assert_eq!(stored.node_count(), store.nodes.len());
}

#[test]
fn a_removed_tree_needed_again_is_written_again() {
    let (mut ws, mut store, mut stored) = with_unused();
    let sweep = stored.sweep(&store.contents()).unwrap().unwrap();
    store.write(&sweep.commit);
    stored.committed(sweep.commit);
    // The deleted environment's config again, whose nodes were removed.
    let mut again = ws.environments[0].clone();
    again.id = "again".to_owned().into();
    again.set_config(json!({"only_here": {"items": (0..20).map(|i| json!({"n": i, "x": [i, {"y": i}]})).collect::<Vec<_>>()}}));
    ws.environments.push(again);
    store.save(&mut stored, &ws);
    // A snapshot of it reads its tree from the nodes alone.
    let again = ws.environments[3].id.clone();
    crate::snapshot::take_manual(&mut ws, &again, "", "Ada", now()).unwrap();
    store.save(&mut stored, &ws);
    let (back, _, report) = store.load();
    assert!(report.damaged.is_empty() && report.rehashed.is_empty());
    same(&back, &ws);
}

#[test]
fn a_store_moved_since_it_was_read_is_not_swept() {
    let (mut ws, mut store, mut stored) = with_unused();
    let read = store.contents();
    // Another commit lands after the read (this tab's, here).
    ws.settings.display_name = "Grace".into();
    store.save(&mut stored, &ws);
    assert_eq!(
        stored.sweep(&read).unwrap_err(),
        SweepError::Stale {
            stored: store.revision - 1
        }
    );
}

#[test]
fn an_unreadable_head_or_snapshot_record_stops_the_sweep() {
    let (_, store, stored) = with_unused();
    for prefix in ["env/", "snap/"] {
        let mut c = store.contents();
        let (key, value) = c
            .records
            .iter_mut()
            .find(|(k, _)| k.starts_with(prefix))
            .unwrap();
        *value = "{not json".into();
        let key = key.clone();
        assert_eq!(stored.sweep(&c).unwrap_err(), SweepError::Unreadable(key));
    }
}

#[test]
fn what_is_left_of_a_damaged_snapshot_stays() {
    let (_, mut store, stored) = with_unused();
    // Damage the root of one snapshot: the node stays, as its record
    // still names it (restoring a backup rewrites it).
    let roots: Vec<(String, String)> = store
        .records
        .iter()
        .filter(|(k, _)| k.starts_with("snap/"))
        .map(|(k, v)| {
            let r: Value = serde_json::from_str(v).unwrap();
            (
                k.clone(),
                r["tree"]["node"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let (_, root) = roots.iter().find(|(_, r)| !r.is_empty()).unwrap().clone();
    let id = NodeId::from_stored(root.clone());
    store.nodes.insert(id, "{\"o\":[]}".into());
    let sweep = stored.sweep(&store.contents()).unwrap();
    let removed: Vec<String> = sweep
        .map(|s| s.commit.deletes.iter().map(|(_, k)| k.clone()).collect())
        .unwrap_or_default();
    assert!(
        !removed.contains(&root),
        "the damaged root is a record's root"
    );
}
