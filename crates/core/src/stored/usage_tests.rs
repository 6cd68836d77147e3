use super::*;
use crate::demo;
use crate::snapshot::{self, SnapshotReason};
use crate::stored::tests::{now, MapStore};
use crate::stored::StoredWorkspace;
use crate::workspace::Workspace;
use serde_json::json;

fn all_bytes(c: &StoreContents) -> usize {
    let pairs = c.meta.iter().chain(&c.records).chain(&c.nodes);
    pairs.map(|(k, v)| k.len() + v.len()).sum::<usize>() + c.backups.iter().sum::<usize>()
}

/// The demo with a large development config, stored.
fn stored_large() -> (Workspace, MapStore, StoredWorkspace) {
    let mut ws = demo::workspace();
    ws.environments[0].config = demo::large::document(2_000, 3).into();
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    (ws, store, stored)
}

/// Snapshots `env` before and after changing one leaf of its config, as a
/// promotion does, and stores it.
fn promote_one_leaf(ws: &mut Workspace, store: &mut MapStore, stored: &mut StoredWorkspace) {
    let env = ws.environments[0].id.clone();
    snapshot::take(ws, &env, SnapshotReason::BeforePromotion, "me", now()).unwrap();
    let e = &mut ws.environments[0];
    let mut config = (*e.config).clone();
    config["section_00001"]["tags"][0] = json!("changed by the promotion");
    e.set_config(config);
    e.version += 1;
    snapshot::take(ws, &env, SnapshotReason::AfterPromotion, "me", now()).unwrap();
    store.save(stored, ws);
}

#[test]
fn every_stored_character_is_counted_once() {
    let (mut ws, mut store, mut stored) = stored_large();
    promote_one_leaf(&mut ws, &mut store, &mut stored);
    let mut c = store.contents();
    c.backups = vec![1_234, 56];
    let b = StorageBreakdown::of(&c);
    assert_eq!(b.total(), all_bytes(&c));
    let parts: usize = Kind::ALL.iter().map(|k| b.part(*k).bytes).sum();
    assert_eq!(parts, b.total());
    let nodes: usize = Kind::ALL.iter().map(|k| b.part(*k).nodes).sum();
    assert_eq!(nodes, store.nodes.len(), "each node under one kind");
}

#[test]
fn a_fresh_workspace_is_configs_and_the_demo_records() {
    let (ws, store, _) = stored_large();
    let b = StorageBreakdown::of(&store.contents());
    let configs = b.part(Kind::Configs);
    assert_eq!(configs.records, ws.environments.len());
    assert_eq!(configs.nodes, store.nodes.len(), "every node is a config's");
    assert_eq!(b.part(Kind::Snapshots), Part::default());
    assert_eq!(b.part(Kind::Audit).records, ws.audit.len());
    assert_eq!(b.part(Kind::Checklists).records, ws.checklists.len());
    assert_eq!(b.largest().map(|(k, _)| k), Some(Kind::Configs));
    assert_eq!(b.shared, Part::default());
    assert!(b.shared_note().is_none());
}

#[test]
fn snapshots_count_the_nodes_only_they_use_and_share_the_rest() {
    let (mut ws, mut store, mut stored) = stored_large();
    let tree = crate::objects::hash_tree(&ws.environments[0].config)
        .nodes
        .len();
    promote_one_leaf(&mut ws, &mut store, &mut stored);
    let b = StorageBreakdown::of(&store.contents());
    let snaps = b.part(Kind::Snapshots);
    assert_eq!(snaps.records, 2);
    // The after-snapshot is the head: all shared. The before-snapshot keeps
    // the old path (root, section, tags) unless the head's new nodes are
    // deltas over them, which keeps them the head's.
    assert!(snaps.nodes <= 3, "{snaps:?}");
    // Both snapshots reach the whole old tree or the new one.
    assert!(b.shared.nodes + snaps.nodes >= tree, "{:?}", b.shared);
    assert_eq!(b.part(Kind::Configs).nodes + snaps.nodes, store.nodes.len());
    let note = b.shared_note().unwrap();
    assert!(
        note.contains("counted once under environment configs"),
        "{note}"
    );
}

#[test]
fn a_snapshot_of_a_config_since_replaced_owns_its_nodes() {
    let (mut ws, mut store, mut stored) = stored_large();
    let env = ws.environments[0].id.clone();
    snapshot::take(&mut ws, &env, SnapshotReason::BeforePromotion, "me", now()).unwrap();
    ws.environments[0].set_config(json!({ "small": true }));
    store.save(&mut stored, &ws);
    let b = StorageBreakdown::of(&store.contents());
    let snaps = b.part(Kind::Snapshots);
    assert!(snaps.nodes > 100, "{snaps:?}");
    assert_eq!(b.largest().map(|(k, _)| k), Some(Kind::Snapshots));
    let message = b.what_takes_the_space();
    assert!(message.starts_with("Snapshots take "), "{message}");
    assert!(message.contains(&format!("of the {}", size_text(b.total()))));
    assert!(message.contains("Preflight keeps in this browser"));
}

#[test]
fn nodes_nothing_reaches_are_other() {
    let (_, mut store, _) = stored_large();
    let id = crate::objects::NodeId::from_stored("unused-node-id");
    store.nodes.insert(id, "{\"o\":[[\"x\",1]]}".into());
    let b = StorageBreakdown::of(&store.contents());
    assert_eq!(b.part(Kind::Other).nodes, 1);
    assert_eq!(
        b.part(Kind::Other).bytes,
        "revision".len()
            + store.revision.to_string().len()
            + store.records["workspace"].len()
            + "workspace".len()
            + store.records["approvals"].len()
            + "approvals".len()
            + "unused-node-id".len()
            + "{\"o\":[[\"x\",1]]}".len()
    );
}

#[test]
fn kept_backups_have_their_own_line_and_can_be_what_takes_the_space() {
    let (_, store, _) = stored_large();
    let mut c = store.contents();
    let total_before = StorageBreakdown::of(&c).total();
    c.backups = vec![total_before, total_before];
    let b = StorageBreakdown::of(&c);
    assert_eq!(b.part(Kind::Backups).records, 2);
    assert_eq!(b.part(Kind::Backups).bytes, 2 * total_before);
    assert_eq!(b.largest().map(|(k, _)| k), Some(Kind::Backups));
    assert!(b
        .what_takes_the_space()
        .starts_with("Automatic backups take "));
    assert!(b.what_takes_the_space().contains("(66%)"));
    assert!(b.advice().contains("delete automatic backups"));
}

#[test]
fn lines_are_listed_in_order_with_sizes_and_details() {
    let (mut ws, mut store, mut stored) = stored_large();
    promote_one_leaf(&mut ws, &mut store, &mut stored);
    let b = StorageBreakdown::of(&store.contents());
    let lines = b.lines();
    let kinds: Vec<Kind> = lines.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, Kind::ALL);
    assert_eq!(lines[0].label, "Environment configs");
    assert!(lines[0].detail.starts_with("3 environment(s), "));
    assert_eq!(lines[1].detail.split(',').next(), Some("2 snapshot(s)"));
    assert_eq!(lines[4].detail, "0 backup(s)");
    assert_eq!(lines[4].size, "0 bytes");
    let percents: u32 = lines.iter().map(|l| u32::from(l.percent)).sum();
    assert!((95..=100).contains(&percents), "{percents}");
}

#[test]
fn an_empty_store_says_so() {
    let b = StorageBreakdown::of(&StoreContents::default());
    assert_eq!(b.total(), 0);
    assert_eq!(b.largest(), None);
    assert_eq!(
        b.what_takes_the_space(),
        "Preflight keeps nothing in this browser yet."
    );
    assert!(b.lines().iter().all(|l| l.percent == 0));
}

#[test]
fn damaged_records_and_nodes_are_still_counted() {
    let c = StoreContents {
        records: vec![
            ("env/dev".into(), "not json".into()),
            ("snap/s1".into(), "{\"tree\":{\"node\":\"gone\"}}".into()),
        ],
        nodes: vec![("n1".into(), "garbage".into())],
        ..StoreContents::default()
    };
    let b = StorageBreakdown::of(&c);
    assert_eq!(b.part(Kind::Configs).records, 1);
    assert_eq!(b.part(Kind::Snapshots).records, 1);
    assert_eq!(b.part(Kind::Other).nodes, 1);
    assert_eq!(b.total(), all_bytes(&c));
}

#[test]
fn references_of_full_and_delta_records() {
    assert_eq!(
        refs(r#"{"o":[["a",1],["b",["x1"]],["c",["s"]]]}"#),
        ["x1", "s"]
    );
    assert_eq!(refs(r#"{"a":[1,["x2"],"s",null]}"#), ["x2"]);
    assert_eq!(
        refs(r#"{"d":"base","n":1,"e":[[0,1,[["k",["x3"]],["v",2]]],[4,0,[["y4"]]]]}"#),
        ["base", "x3", "y4"]
    );
    assert!(refs("not a record").is_empty());
}

#[test]
fn sizes_read_as_people_write_them() {
    assert_eq!(size_text(0), "0 bytes");
    assert_eq!(size_text(1023), "1023 bytes");
    assert_eq!(size_text(1536), "1.5 KB");
    assert_eq!(size_text(38 * 1024 * 1024), "38.0 MB");
    assert_eq!(size_text(3 << 30), "3.0 GB");
}
