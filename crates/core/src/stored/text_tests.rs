//! Texts in the store: exact round trips, small growth per promotion,
//! never swept while used, reloaded without reading nodes.

use super::tests::{now, MapStore};
use super::usage::StorageBreakdown;
use super::*;
use crate::changeset::ChangeSet;
use crate::edit::{self, EditSource, SourceEdit};
use crate::environment::Environment;
use crate::promote::{self, Selection};
use crate::snapshot;
use crate::workspace::Workspace;
use proptest::prelude::*;

/// A workspace of `dev` and `prod` imported from these YAML texts.
fn imported(dev: &str, prod: &str) -> Workspace {
    let mut ws = Workspace::empty();
    for (id, text) in [("dev", dev), ("prod", prod)] {
        ws.environments
            .push(Environment::new(id, id, serde_json::json!({})));
        let (source, _) = edit::read_source_file(&format!("{id}.yaml"), text).unwrap();
        let e = SourceEdit {
            env: EnvId::new(id),
            base_version: 1,
            source,
            origin: EditSource::Import,
            note: String::new(),
        };
        edit::set_source(&mut ws, e, "me", now()).unwrap();
    }
    ws
}

/// About 1.5 MB of commented YAML: 500 sections of 100 keys.
fn large(variant: &str) -> String {
    let mut out = String::with_capacity(1_600_000);
    for i in 0..500 {
        out.push_str(&format!("# section {i}\ns{i}:\n"));
        for j in 0..100 {
            out.push_str(&format!("  key{j}: value-{i}-{j}{variant} # a comment\n"));
        }
    }
    out
}

#[test]
fn a_promotion_into_a_large_file_stores_little() {
    let prod = large("");
    let mut dev = prod.clone();
    for i in [3, 170, 444] {
        dev = dev.replace(&format!("value-{i}-7 #"), &format!("changed-{i} #"));
    }
    assert!(prod.len() > 1_500_000);
    let mut ws = imported(&dev, &prod);
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let set = ChangeSet::between(&ws, &EnvId::new("dev"), &EnvId::new("prod")).unwrap();
    assert_eq!(set.changes.len(), 3);
    let leaf_bytes: usize = set
        .changes
        .iter()
        .map(|c| c.path.len() + c.new.as_ref().map_or(0, |v| v.to_string().len()))
        .sum();
    let t = std::time::Instant::now();
    let placed = promote::placement(&ws, &set, &Selection::all());
    eprintln!("placement of 3 changes into 1.5 MB YAML: {:?}", t.elapsed());
    assert!(placed.is_empty());
    let before = store.bytes();
    promote::promote(&mut ws, &set, &Selection::all(), "", "me", now()).unwrap();
    store.save(&mut stored, &ws);
    let grown = store.bytes() - before;
    eprintln!("stored bytes grew by {grown} for {leaf_bytes} changed-leaf bytes");
    assert!(
        grown <= 3 * leaf_bytes + 4096,
        "{grown} > 3 × {leaf_bytes} + 4 KB"
    );

    // Reloaded: the text comes back whole, snapshots' texts exactly.
    let (back, _, report) = store.load();
    assert!(
        report.damaged.is_empty() && report.rehashed.is_empty(),
        "{report:?}"
    );
    let env = back.env(&EnvId::new("prod")).unwrap();
    assert_eq!(env.source, ws.env(&EnvId::new("prod")).unwrap().source);
    for s in &back.snapshots {
        let orig = snapshot::get(&ws, &s.id).unwrap();
        assert_eq!(s.source().unwrap(), orig.source().unwrap());
    }
    // Nothing of it is unused, and texts count under configs.
    let c = store.contents();
    assert_eq!(StorageBreakdown::of(&c).unused.bytes, 0);
    assert!(stored.sweep(&c).unwrap().is_none_or(|s| s.nodes == 0));
}

#[test]
fn sweep_keeps_the_text_nodes_of_heads_and_snapshots() {
    let text = (0..400)
        .map(|i| format!("k{i}: v{i}\n"))
        .collect::<String>();
    let mut ws = imported(&text, &text.replace("v7\n", "x\n"));
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    snapshot::take_manual(&mut ws, &EnvId::new("prod"), "kept", "me", now()).unwrap();
    // A new text for prod: its old text is reached only by the snapshot.
    let (source, _) = edit::read_source_file("prod.yaml", "only: here\n").unwrap();
    let e = SourceEdit {
        env: EnvId::new("prod"),
        base_version: ws.env(&EnvId::new("prod")).unwrap().version,
        source,
        origin: EditSource::Editor,
        note: String::new(),
    };
    edit::set_source(&mut ws, e, "me", now()).unwrap();
    store.save(&mut stored, &ws);
    if let Some(sweep) = stored.sweep(&store.contents()).unwrap() {
        let commit = sweep.commit;
        store.write(&commit);
        stored.committed(commit);
    }
    let (back, _, report) = store.load();
    assert!(report.damaged.is_empty(), "{report:?}");
    let snap = back
        .snapshots
        .iter()
        .find(|s| matches!(s.reason, snapshot::SnapshotReason::Manual(_)))
        .unwrap();
    assert_eq!(
        snap.source().unwrap().unwrap().text.as_ref(),
        text.replace("v7\n", "x\n")
    );
}

#[test]
fn backups_and_stores_without_texts_load_unchanged() {
    let mut ws = imported("a: 1 # one\n", "a: 2 # two\n");
    snapshot::take_manual(&mut ws, &EnvId::new("prod"), "x", "me", now()).unwrap();
    let json = ws.to_json().unwrap();
    assert!(json.contains("a: 2 # two"));
    let back = Workspace::from_json(&json).unwrap();
    assert_eq!(back.snapshots[0].source, ws.snapshots[0].source);
    assert_eq!(back.environments, ws.environments);
    // A store written before texts: records without them load as before.
    let mut plain = ws.clone();
    for e in &mut plain.environments {
        e.source = None;
    }
    for s in &mut plain.snapshots {
        s.source = None;
    }
    let mut store = MapStore::default();
    store.save(&mut StoredWorkspace::empty(), &plain);
    assert!(!store.records.values().any(|r| r.contains("\"source\"")));
    let (loaded, _, _) = store.load();
    assert!(loaded.environments.iter().all(|e| e.source.is_none()));
    // Revert to a snapshot without text: the file is dropped, and said.
    let id = plain.snapshots[0].id.clone();
    let mut old = ws.clone();
    old.snapshots[0].source = None;
    let r = snapshot::revert(&mut old, &id, "", "me", now()).unwrap();
    assert!(r.source_dropped);
    assert!(old.env(&EnvId::new("prod")).unwrap().source.is_none());
}

#[test]
fn rewrite_next_writes_text_nodes_again() {
    let ws = imported("a: 1\n", "b: 2 # keep\n");
    let mut store = MapStore::default();
    let mut stored = StoredWorkspace::empty();
    store.save(&mut stored, &ws);
    let text_root = stored.texts[&EnvId::new("prod")].head.tree.clone();
    let id = text_root.node().unwrap().clone();
    store.nodes.insert(id.clone(), "{\"o\":[]}".into());
    stored.rewrite_next();
    let commit = stored.plan(&ws);
    assert!(commit
        .puts
        .iter()
        .any(|(a, k, _)| *a == Area::Nodes && k == id.as_str()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn stored_texts_come_back_exactly(
        lines in proptest::collection::vec("[a-z é:#\r]{0,30}", 1..200),
        edits in proptest::collection::vec((0usize..200, "[a-z é]{0,20}"), 1..6),
    ) {
        let mut text = lines.join("\n");
        let mut ws = Workspace::empty();
        ws.environments.push(Environment::new("e", "e", serde_json::json!({})));
        let mut store = MapStore::default();
        let mut stored = StoredWorkspace::empty();
        for (at, new) in edits {
            let mut ls: Vec<&str> = text.split('\n').collect();
            let i = at % ls.len();
            ls[i] = &new;
            text = ls.join("\n");
            // The text as a source, whatever it parses as (storage does
            // not care); the snapshot keeps each version.
            let e = &mut ws.environments[0];
            e.source = Some(crate::environment::EnvSource::new(crate::files::SourceFormat::Env, text.as_str(), "x.env"));
            e.version += 1;
            snapshot::take(&mut ws, &EnvId::new("e"), snapshot::SnapshotReason::Manual(String::new()), "me", now()).unwrap();
            store.save(&mut stored, &ws);
        }
        let (back, _, report) = store.load();
        prop_assert!(report.damaged.is_empty());
        prop_assert_eq!(&back.environments[0].source, &ws.environments[0].source);
        for (a, b) in back.snapshots.iter().zip(&ws.snapshots) {
            prop_assert_eq!(a.source().unwrap(), b.source().unwrap());
        }
    }
}
