//! The workspace store against the real IndexedDB of headless Chromium:
//! round trip, an incremental commit, a commit refused midway (quota) that
//! leaves nothing visible and the next commit whole, the move from
//! `localStorage`, a newer store left untouched, and a damaged node.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use gloo_storage::{LocalStorage, Storage};
use preflight::idb::{Area, Fault, Idb};
use preflight::storage::{LoadNotice, Opened, StorageError, WorkspaceDb, WorkspaceStorage};
use preflight_core::stored::DamagedSnapshot;
use preflight_core::{demo, snapshot, Workspace};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> (String, WorkspaceStorage) {
    let db = format!("test-ws-{name}");
    Idb::delete_database(&db).await.unwrap();
    let legacy = WorkspaceStorage::new(format!("test.ws.{name}"));
    WorkspaceStorage::remove(legacy.key());
    (db, legacy)
}

/// Reads every snapshot `ws` left in the store, as a page that needs the
/// whole history does, and returns the ones found damaged.
async fn read_all(db: &WorkspaceDb, ws: &mut Workspace) -> Vec<DamagedSnapshot> {
    let ids = snapshot::unread(ws);
    let roots = snapshot::unread_roots(ws, ids.iter().map(String::as_str));
    let nodes = db.fetch_trees(&roots).await.unwrap();
    db.read_fetched(ws, &ids, &nodes)
}

/// Equal once the history of `opened` is read (a load leaves it stored).
async fn same(opened: &Opened, b: &Workspace) {
    let db = opened.db.as_ref().unwrap();
    let mut a = opened.workspace.clone();
    assert!(read_all(db, &mut a).await.is_empty());
    let mut b = b.clone();
    a.revision = 0;
    b.revision = 0;
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
}

fn now() -> preflight_core::jiff::Timestamp {
    preflight_core::jiff::Timestamp::from_second(1_800_000_000).unwrap()
}

#[wasm_bindgen_test]
async fn a_workspace_round_trips_exactly_and_commits_only_what_changed() {
    let (name, legacy) = fresh("round-trip").await;
    let opened = WorkspaceDb::open(&name, &legacy).await;
    assert_eq!(opened.notice, LoadNotice::FirstRun);
    let db = opened.db.unwrap();
    let mut ws = opened.workspace;
    std::sync::Arc::make_mut(&mut ws.environments[0].config)["zeta"] = json!("last key stays last");
    let env = ws.environments[0].id.clone();
    snapshot::take(
        &mut ws,
        &env,
        snapshot::SnapshotReason::Manual("m".into()),
        "me",
        now(),
    )
    .unwrap();
    assert_eq!(db.commit(&ws).await.unwrap(), 1);
    // Nothing changed: nothing written, the revision stays.
    assert_eq!(db.commit(&ws).await.unwrap(), 1);

    let again = WorkspaceDb::open(&name, &legacy).await;
    assert_eq!(again.notice, LoadNotice::None);
    same(&again, &ws).await;
    assert_eq!(again.workspace.revision, 1);
}

#[wasm_bindgen_test]
async fn a_commit_refused_midway_leaves_nothing_and_the_next_one_is_whole() {
    let (name, legacy) = fresh("quota").await;
    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    let mut ws = demo::workspace();
    db.commit(&ws).await.unwrap();
    let stored_before = db.idb().get_all(Area::Records).await.unwrap();
    let nodes_before = db.idb().keys(Area::Nodes).await.unwrap();

    std::sync::Arc::make_mut(&mut ws.environments[1].config)["big"] =
        json!({"nested": {"value": 42}});
    ws.settings.display_name = "Changed".into();
    db.idb().inject_fault(Some(Fault::QuotaAt(1)));
    assert_eq!(db.commit(&ws).await, Err(StorageError::QuotaExceeded));
    db.idb().inject_fault(None);
    assert_eq!(
        db.idb().get_all(Area::Records).await.unwrap(),
        stored_before
    );
    assert_eq!(db.idb().keys(Area::Nodes).await.unwrap(), nodes_before);
    assert_eq!(db.idb().revision().await.unwrap(), 1);

    // The failed commit taught this tab nothing: the next one writes it all.
    assert_eq!(db.commit(&ws).await.unwrap(), 2);
    let back = WorkspaceDb::open(&name, &legacy).await;
    same(&back, &ws).await;
}

#[wasm_bindgen_test]
async fn a_local_storage_document_moves_in_and_is_removed_once_read_back_equal() {
    let (name, legacy) = fresh("move").await;
    let mut ws = demo::workspace();
    ws.settings.display_name = "From localStorage".into();
    LocalStorage::raw()
        .set_item(legacy.key(), &ws.to_json().unwrap())
        .unwrap();

    let opened = WorkspaceDb::open(&name, &legacy).await;
    assert_eq!(opened.notice, LoadNotice::MovedToDatabase { from: 2 });
    same(&opened, &ws).await;
    assert_eq!(WorkspaceStorage::raw_text(legacy.key()), None);
    let again = WorkspaceDb::open(&name, &legacy).await;
    assert_eq!(again.notice, LoadNotice::None);
    same(&again, &ws).await;
}

#[wasm_bindgen_test]
async fn a_store_written_by_a_newer_preflight_is_left_untouched() {
    let (name, legacy) = fresh("newer").await;
    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    db.commit(&demo::workspace()).await.unwrap();
    let text = db
        .idb()
        .get(Area::Records, "workspace")
        .await
        .unwrap()
        .unwrap();
    let mut w: serde_json::Value = serde_json::from_str(&text).unwrap();
    w["schema_version"] = json!(99);
    let newer = w.to_string();
    db.idb()
        .commit(&preflight::idb::Commit {
            expected_revision: 1,
            revision: 2,
            puts: vec![(Area::Records, "workspace".into(), newer.clone())],
            deletes: vec![],
        })
        .await
        .unwrap();
    let opened = WorkspaceDb::open(&name, &legacy).await;
    assert!(matches!(
        opened.notice,
        LoadNotice::Refused(preflight_core::WorkspaceError::TooNew { found: 99, .. })
    ));
    assert!(opened.db.is_none());
    // "Keep mine" from a tab that loaded before: refused too.
    assert!(db.overwrite(&demo::workspace()).await.is_err());
    assert_eq!(
        db.idb().get(Area::Records, "workspace").await.unwrap(),
        Some(newer)
    );
}

#[wasm_bindgen_test]
async fn a_damaged_node_costs_only_the_snapshot_that_uses_it() {
    let (name, legacy) = fresh("damaged").await;
    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    let mut ws = demo::workspace();
    let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
    snapshot::take(
        &mut ws,
        &dev,
        snapshot::SnapshotReason::Manual("dev".into()),
        "me",
        now(),
    )
    .unwrap();
    snapshot::take(
        &mut ws,
        &qa,
        snapshot::SnapshotReason::Manual("qa".into()),
        "me",
        now(),
    )
    .unwrap();
    db.commit(&ws).await.unwrap();
    ws.environments[0].set_config(json!({"replaced": true}));
    db.commit(&ws).await.unwrap();
    let rec = db
        .idb()
        .get(Area::Records, &format!("snap/{}", ws.snapshots[0].id))
        .await
        .unwrap()
        .unwrap();
    let rec: serde_json::Value = serde_json::from_str(&rec).unwrap();
    let root = rec["tree"]["node"].as_str().unwrap().to_owned();
    db.idb()
        .commit(&preflight::idb::Commit {
            expected_revision: 2,
            revision: 3,
            puts: vec![(Area::Nodes, root, "{\"o\":[]}".into())],
            deletes: vec![],
        })
        .await
        .unwrap();
    // A load reads no history, so the damage shows when it is read.
    let opened = WorkspaceDb::open(&name, &legacy).await;
    assert!(opened.report.damaged.is_empty());
    let mut back = opened.workspace;
    assert_eq!(back.snapshots.len(), 2);
    let damaged = read_all(opened.db.as_ref().unwrap(), &mut back).await;
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].id, ws.snapshots[0].id);
    assert_eq!(back.snapshots.len(), 1);
    assert_eq!(
        back.snapshots[0].content().unwrap(),
        ws.snapshots[1].content().unwrap()
    );
    assert_eq!(back.environments, ws.environments);
}
