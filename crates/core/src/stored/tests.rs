use super::*;
use crate::demo;
use crate::snapshot::{self, SnapshotReason};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde_json::json;

/// A store in maps, written the way the browser adapter writes.
#[derive(Default)]
pub(super) struct MapStore {
    pub(super) records: HashMap<String, String>,
    pub(super) nodes: HashMap<NodeId, String>,
    pub(super) revision: u64,
}

impl MapStore {
    pub(super) fn write(&mut self, commit: &Commit) {
        assert_eq!(commit.expected_revision, self.revision);
        for (area, key) in &commit.deletes {
            match area {
                Area::Records => self.records.remove(key),
                Area::Nodes => self.nodes.remove(&NodeId::from_stored(key.clone())),
                Area::Meta => None,
            };
        }
        for (area, key, value) in &commit.puts {
            match area {
                Area::Records => self.records.insert(key.clone(), value.clone()),
                Area::Nodes => self
                    .nodes
                    .insert(NodeId::from_stored(key.clone()), value.clone()),
                Area::Meta => None,
            };
        }
        self.revision = commit.revision;
    }

    pub(super) fn save(&mut self, stored: &mut StoredWorkspace, ws: &Workspace) -> (usize, usize) {
        let commit = stored.plan(ws);
        self.write(&commit);
        let sizes = (commit.puts.len(), commit.node_bytes());
        stored.committed(commit);
        sizes
    }

    /// A cold load: the records, with no snapshot read yet.
    pub(super) fn cold(&self) -> (Workspace, StoredWorkspace, LoadReport) {
        StoredWorkspace::load_records(
            &self.records,
            &self.nodes,
            self.nodes.keys().cloned(),
            self.revision,
        )
        .unwrap()
        .unwrap()
    }

    /// Everything stored, as the adapter reads it (the revision in meta).
    pub(super) fn contents(&self) -> super::usage::StoreContents {
        super::usage::StoreContents {
            meta: vec![("revision".into(), self.revision.to_string())],
            records: self
                .records
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            nodes: self
                .nodes
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
                .collect(),
            backups: Vec::new(),
        }
    }

    pub(super) fn load(&self) -> (Workspace, StoredWorkspace, LoadReport) {
        StoredWorkspace::load(
            &self.records,
            &self.nodes,
            self.nodes.keys().cloned(),
            self.revision,
        )
        .unwrap()
        .unwrap()
    }

    pub(super) fn bytes(&self) -> usize {
        let r: usize = self.records.iter().map(|(k, v)| k.len() + v.len()).sum();
        let n: usize = self
            .nodes
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len())
            .sum();
        r + n
    }
}

pub(super) fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

fn same(a: &Workspace, b: &Workspace) {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.revision = 0;
    b.revision = 0;
    assert_eq!(a.to_json(), b.to_json());
}

#[test]
fn nothing_stored_loads_as_none() {
    let none = StoredWorkspace::load(&HashMap::new(), &HashMap::new(), [], 0).unwrap();
    assert!(none.is_none());
}

#[test]
fn the_demo_round_trips_exactly() {
    let ws = demo::workspace();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let (back, _, report) = store.load();
    assert_eq!(report, LoadReport::default());
    same(&back, &ws);
    assert_eq!(back.revision, 1);
}

#[test]
fn an_unchanged_workspace_writes_nothing() {
    let ws = demo::workspace();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    assert!(stored.plan(&ws).is_empty());
    let (back, mut loaded, _) = store.load();
    assert!(loaded.plan(&back).is_empty(), "a fresh load plans nothing");
    loaded.revision = 7;
    assert_eq!(loaded.plan(&back).revision, 8);
}

#[test]
fn a_snapshot_shares_every_node_of_the_config_it_copies() {
    let mut ws = demo::workspace();
    ws.environments[0].config = demo::large::document(5_000, 1).into();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let env = ws.environments[0].id.clone();
    snapshot::take(
        &mut ws,
        &env,
        SnapshotReason::Manual("m".into()),
        "me",
        now(),
    )
    .unwrap();
    let (puts, node_bytes) = store.save(&mut stored, &ws);
    assert_eq!(node_bytes, 0, "the snapshot adds no node");
    assert_eq!(puts, 2, "the snapshot record and the workspace record");
}

#[test]
fn one_changed_leaf_adds_only_its_path_and_one_record() {
    let mut ws = demo::workspace();
    ws.environments[0].config = demo::large::document(50_000, 1).into();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let before = store.nodes.len();
    let env = &mut ws.environments[0];
    let mut config = (*env.config).clone();
    config["section_00007"]["tags"][1] = json!("changed");
    env.set_config(config);
    let commit = stored.plan(&ws);
    let records: Vec<_> = commit
        .puts
        .iter()
        .filter(|(a, _, _)| *a == Area::Records)
        .map(|(_, k, _)| k.as_str())
        .collect();
    assert_eq!(records, ["env/development"]);
    store.write(&commit);
    stored.committed(commit);
    // root, the section, its tags.
    assert_eq!(store.nodes.len(), before + 3);
    let (back, _, _) = store.load();
    same(&back, &ws);
}

#[test]
fn removed_things_are_deleted() {
    let mut ws = demo::workspace();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    let env = ws.environments[0].id.clone();
    snapshot::take(
        &mut ws,
        &env,
        SnapshotReason::Manual("m".into()),
        "me",
        now(),
    )
    .unwrap();
    store.save(&mut stored, &ws);
    ws.snapshots.clear();
    ws.checklists.clear();
    ws.environments.pop();
    store.save(&mut stored, &ws);
    let (back, _, _) = store.load();
    same(&back, &ws);
    assert!(!store.records.keys().any(|k| k.starts_with("snap/")));
    assert!(!store.records.keys().any(|k| k.starts_with("checklist/")));
}

#[test]
fn a_damaged_node_leaves_out_only_the_snapshots_that_use_it() {
    let mut ws = demo::workspace();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
    snapshot::take(
        &mut ws,
        &dev,
        SnapshotReason::Manual("dev".into()),
        "me",
        now(),
    )
    .unwrap();
    snapshot::take(
        &mut ws,
        &qa,
        SnapshotReason::Manual("qa".into()),
        "me",
        now(),
    )
    .unwrap();
    store.save(&mut stored, &ws);
    // Change dev so that its head no longer shares the damaged node.
    let mut config = (*ws.environments[0].config).clone();
    config["added"] = json!({"x": 1});
    ws.environments[0].set_config(config);
    store.save(&mut stored, &ws);

    let dev_snap: records::SnapRecord =
        serde_json::from_str(&store.records[&format!("snap/{}", ws.snapshots[0].id)]).unwrap();
    let root = dev_snap.tree.node().unwrap().clone();
    store.nodes.insert(root.clone(), "{\"o\":[]}".into());

    let (back, loaded, report) = store.load();
    assert_eq!(report.damaged.len(), 1);
    assert_eq!(report.damaged[0].id, ws.snapshots[0].id);
    assert_eq!(report.damaged[0].error.node(), &root);
    assert_eq!(back.snapshots.len(), 1);
    assert_eq!(back.snapshots[0].id, ws.snapshots[1].id);
    same(
        &Workspace {
            snapshots: Vec::new(),
            ..back.clone()
        },
        &Workspace {
            snapshots: Vec::new(),
            ..ws.clone()
        },
    );
    // Saving again keeps the damaged record and its place in the order.
    let commit = loaded.plan(&back);
    assert!(commit.deletes.iter().all(|(_, k)| !k.starts_with("snap/")));
    assert!(commit.is_empty(), "{:?}", commit.puts);
}

#[test]
fn older_documents_are_migrated_into_records() {
    let v1 = json!({
        "schema_version": 1,
        "environments": [{"id": "dev", "name": "Development", "config": {"z": 1, "a": [1, {"b": 2}]}, "version": 3}],
        "pinned_patterns": ["/db/**"],
        "settings": {"display_name": "Ada"}
    });
    let ws = Workspace::from_json(&v1.to_string()).unwrap();
    let mut store = MapStore::default();
    store.save(&mut StoredWorkspace::empty(), &ws);
    let (back, _, _) = store.load();
    same(&back, &ws);
    assert_eq!(back.settings.patterns.pinned, vec!["/db/**"]);
}

#[test]
fn a_newer_store_is_refused_as_too_new() {
    let mut records = HashMap::new();
    records.insert(
        WORKSPACE_RECORD.to_owned(),
        json!({"schema_version": 99}).to_string(),
    );
    let err = StoredWorkspace::load(&records, &HashMap::new(), [], 3).unwrap_err();
    assert!(matches!(
        err,
        crate::WorkspaceError::TooNew { found: 99, .. }
    ));
}

#[test]
fn promotions_grow_the_store_by_little_more_than_what_changed() {
    // The storage target at a size that runs quickly in `cargo test`; the
    // browser benchmark measures the full one.
    let mut ws = demo::workspace();
    let base = demo::large::document(5_000, 1);
    ws.environments[0].config = base.clone().into();
    ws.environments[1].config = base.clone().into();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let mut growth = Vec::new();
    for round in 0..5u64 {
        let next = demo::large::mutate(&ws.environments[1].config, 0.001, round + 10);
        let changed: usize = crate::diff::diff(
            &ws.environments[1].config,
            &next,
            &crate::diff::DiffOptions::default(),
        )
        .iter()
        .map(|c| c.new.as_ref().map(|v| v.to_string().len()).unwrap_or(0))
        .sum();
        let env = ws.environments[1].id.clone();
        snapshot::take(&mut ws, &env, SnapshotReason::BeforePromotion, "me", now()).unwrap();
        ws.environments[1].set_config(next);
        snapshot::take(&mut ws, &env, SnapshotReason::AfterPromotion, "me", now()).unwrap();
        let before = store.bytes();
        let (_, node_bytes) = store.save(&mut stored, &ws);
        growth.push((store.bytes() - before, node_bytes, changed));
    }
    for (grown, node_bytes, changed) in growth {
        assert!(node_bytes > 0 && changed > 0);
        // The env record is rewritten, not grown; what grows is the nodes
        // on the changed paths and two snapshot records.
        assert!(grown < node_bytes + 4096, "{grown} vs {node_bytes}");
    }
}

#[test]
fn a_config_edited_outside_the_app_is_rehashed_not_trusted() {
    let mut ws = demo::workspace();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    // Another writer changes the whole config but leaves the old tree.
    let key = "env/development".to_owned();
    let mut rec: serde_json::Value = serde_json::from_str(&store.records[&key]).unwrap();
    rec["config"] = json!({"edited": "elsewhere"});
    store.records.insert(key.clone(), rec.to_string());

    let (back, mut loaded, report) = store.load();
    assert_eq!(report.rehashed, vec![key]);
    assert_eq!(*back.environments[0].config, json!({"edited": "elsewhere"}));
    ws = back;
    let env = ws.environments[0].id.clone();
    snapshot::take(
        &mut ws,
        &env,
        SnapshotReason::Manual("m".into()),
        "me",
        now(),
    )
    .unwrap();
    store.save(&mut loaded, &ws);
    let (again, _, report) = store.load();
    assert!(report.rehashed.is_empty() && report.damaged.is_empty());
    assert_eq!(
        again.snapshots.last().unwrap().content,
        json!({"edited": "elsewhere"})
    );
}

#[test]
fn a_long_history_is_stored_as_deltas_and_every_version_reads_back() {
    use crate::objects::delta;
    let mut ws = demo::workspace();
    ws.environments[1].config = demo::large::document(5_000, 3).into();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let env = ws.environments[1].id.clone();
    let mut versions = Vec::new();
    for round in 0..(u64::from(delta::MAX_CHAIN) + 6) {
        let next = demo::large::mutate(&ws.environments[1].config, 0.05, round + 40);
        ws.environments[1].set_config(next);
        snapshot::take(
            &mut ws,
            &env,
            SnapshotReason::Manual(round.to_string()),
            "me",
            now(),
        )
        .unwrap();
        versions.push(ws.environments[1].config.clone());
        store.save(&mut stored, &ws);
        if round % 7 == 3 {
            // A reload in the middle: the next deltas build on what was read.
            let (_, loaded, _) = store.load();
            stored = loaded;
        }
    }
    let deltas: Vec<u8> = store
        .nodes
        .values()
        .filter_map(|r| delta::base_of(r).map(|(_, n)| n))
        .collect();
    assert!(deltas.len() > 100, "{} delta records", deltas.len());
    assert!(deltas.iter().all(|n| *n <= delta::MAX_CHAIN));
    assert!(
        deltas.contains(&delta::MAX_CHAIN),
        "the chain cap was reached"
    );
    let (back, _, report) = store.load();
    assert!(report.damaged.is_empty());
    let snaps: Vec<_> = back.snapshots.iter().filter(|s| s.env == env).collect();
    assert_eq!(snaps.len(), versions.len());
    for (s, v) in snaps.iter().zip(&versions) {
        assert_eq!(text(s.content().unwrap()), text(v));
    }
}

#[test]
fn a_reload_that_reads_no_nodes_still_stores_the_next_change_as_deltas() {
    use crate::objects::delta;
    let mut ws = demo::workspace();
    ws.environments[1].config = demo::large::document(5_000, 3).into();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let next = demo::large::mutate(&ws.environments[1].config, 0.01, 7);
    let mut warm = ws.clone();
    warm.environments[1].set_config(next.clone());
    let warm_bytes = stored.plan(&warm).node_bytes();

    // A cold load reads records only: no node text is at hand.
    let none: HashMap<NodeId, String> = HashMap::new();
    let (mut back, mut cold, _) = StoredWorkspace::load_records(
        &store.records,
        &none,
        store.nodes.keys().cloned(),
        store.revision,
    )
    .unwrap()
    .unwrap();
    back.environments[1].set_config(next);
    let commit = cold.plan(&back);
    assert!(
        commit.node_bytes() <= warm_bytes * 2,
        "{} bytes after a cold load, {warm_bytes} warm",
        commit.node_bytes()
    );
    assert!(commit
        .puts
        .iter()
        .any(|(area, _, t)| *area == Area::Nodes && delta::is_delta(t)));
    store.write(&commit);
    cold.committed(commit);
    let (again, _, report) = store.load();
    assert!(report.damaged.is_empty());
    assert_eq!(
        text(&again.environments[1].config),
        text(&back.environments[1].config)
    );
}

fn text(v: &serde_json::Value) -> String {
    serde_json::to_string(v).unwrap()
}

#[test]
fn an_environment_record_is_what_serializing_it_would_write() {
    // The record is assembled from the text hashing wrote; it must be the
    // exact serialization, odd keys and numbers included.
    let mut ws = demo::workspace();
    ws.environments[0].set_config(
        json!({"a/b~c": {"x": -0.0, "y": 1e300, "z": "ключ \"q\""}, "": [1, {"": null}]}),
    );
    let mut stored = StoredWorkspace::empty();
    let first = stored.plan(&ws);
    stored.committed(first);
    let mut config = (*ws.environments[0].config).clone();
    config["a/b~c"]["x"] = json!(0.0);
    ws.environments[0].set_config(config);
    let commit = stored.plan(&ws);
    let key = env_key(&ws.environments[0].id);
    let (_, _, record) = commit.puts.iter().find(|(_, k, _)| *k == key).unwrap();
    let head: records::EnvHead = serde_json::from_str::<serde_json::Value>(record)
        .map(|v| serde_json::from_value(v["head"].clone()).unwrap())
        .unwrap();
    let expected = serde_json::to_string(&records::EnvRecordOut {
        head: &head,
        config: &ws.environments[0].config,
        text: None,
    })
    .unwrap();
    assert_eq!(record, &expected);
}

#[test]
fn comparisons_use_the_indexes_of_committed_configs_and_agree_with_the_plain_diff() {
    use crate::diff::KnownIndexes;
    let mut ws = demo::workspace();
    let base = demo::large::document(5_000, 1);
    ws.environments[0].set_config(demo::large::mutate(&base, 0.01, 3));
    ws.environments[1].set_config(base);
    let mut stored = StoredWorkspace::empty();
    let commit = stored.plan(&ws);
    stored.committed(commit);
    let (a, b) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
    assert!(stored.index_of(&ws.environments[0].config).is_some());
    assert_eq!(
        crate::review::compare_known(&ws, &a, &b, &stored),
        crate::review::compare(&ws, &a, &b)
    );
    assert_eq!(
        crate::pipeline::sync_status_known(&ws, &stored),
        crate::pipeline::sync_status(&ws)
    );
    // A change not committed yet is not the committed tree: walked in full.
    let mut config = (*ws.environments[0].config).clone();
    config["section_00001"]["tags"][0] = json!("edited");
    ws.environments[0].set_config(config);
    assert!(stored.index_of(&ws.environments[0].config).is_none());
    assert_eq!(
        crate::review::compare_known(&ws, &a, &b, &stored),
        crate::review::compare(&ws, &a, &b)
    );
}
