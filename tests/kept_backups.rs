//! The automatic backups in the real IndexedDB of headless Chromium: kept,
//! listed, read back and deleted; a full disk keeps nothing; backups an
//! older build left in `localStorage` move in and are removed only once
//! stored; a version-1 database upgrades with its data intact; and the
//! breakdown of what the store holds counts them.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use gloo_storage::{LocalStorage, Storage};
use preflight::idb::{self, Area, Fault, Idb};
use preflight::storage::{StorageError, WorkspaceDb, WorkspaceStorage};
use preflight_core::demo;
use preflight_core::stored::usage::Kind;
use preflight_core::stored::{self, StoredWorkspace};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh(name: &str) -> (String, WorkspaceStorage) {
    let db = format!("test-kept-{name}");
    Idb::delete_database(&db).await.unwrap();
    let legacy = WorkspaceStorage::new(format!("test.kept.{name}"));
    WorkspaceStorage::remove(legacy.key());
    for (key, _, _) in legacy.legacy_backups() {
        WorkspaceStorage::remove(&key);
    }
    (db, legacy)
}

#[wasm_bindgen_test]
async fn a_kept_backup_round_trips_and_is_listed_newest_first() {
    let (name, legacy) = fresh("round-trip").await;
    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    assert!(db.kept_backups().await.unwrap().is_empty());
    let first = db.keep_backup("{\"first\":1}", 1_000).await.unwrap();
    // The same millisecond again: moved on, never overwritten.
    let second = db.keep_backup("{\"second\":22}", 1_000).await.unwrap();
    assert_eq!((first.time_ms, second.time_ms), (1_000, 1_001));
    assert_eq!(first.size, "{\"first\":1}".len());

    // Another connection (a reload) lists the same, newest first.
    let again = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    let kept = again.kept_backups().await.unwrap();
    assert_eq!(kept, vec![second.clone(), first.clone()]);
    assert_eq!(
        again.kept_backup_text(&first).await.unwrap().as_deref(),
        Some("{\"first\":1}")
    );
    // Nothing of it is in localStorage.
    assert!(legacy.legacy_backups().is_empty());

    again.delete_kept_backup(&second).await.unwrap();
    assert_eq!(db.kept_backups().await.unwrap(), vec![first]);
    assert_eq!(db.kept_backup_text(&second).await.unwrap(), None);
    // Both its records went: only the first backup's two remain.
    assert_eq!(db.idb().keys(Area::Backups).await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn a_full_disk_keeps_nothing_of_the_backup() {
    let (name, legacy) = fresh("quota").await;
    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    // The text is put, then its index record fails: neither is kept.
    db.idb().inject_fault(Some(Fault::QuotaAt(1)));
    assert_eq!(
        db.keep_backup("{\"big\":true}", 5).await,
        Err(StorageError::QuotaExceeded)
    );
    db.idb().inject_fault(None);
    assert!(db.idb().keys(Area::Backups).await.unwrap().is_empty());
    assert!(db.kept_backups().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn backups_left_in_local_storage_move_in_and_are_then_removed() {
    let (name, legacy) = fresh("legacy").await;
    let prefix = legacy.legacy_backup_prefix();
    LocalStorage::raw()
        .set_item(&format!("{prefix}2000"), "{\"old\":2}")
        .unwrap();
    LocalStorage::raw()
        .set_item(&format!("{prefix}1000"), "{\"old\":1}")
        .unwrap();
    // Not a backup key: left alone.
    LocalStorage::raw()
        .set_item(&format!("{prefix}notatime"), "x")
        .unwrap();

    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    let kept = db.kept_backups().await.unwrap();
    let times: Vec<u64> = kept.iter().map(|k| k.time_ms).collect();
    assert_eq!(times, [2000, 1000]);
    assert_eq!(
        db.kept_backup_text(&kept[1]).await.unwrap().as_deref(),
        Some("{\"old\":1}")
    );
    assert!(legacy.legacy_backups().is_empty());
    assert_eq!(
        WorkspaceStorage::raw_text(&format!("{prefix}2000")),
        None,
        "removed once stored"
    );
    assert!(WorkspaceStorage::raw_text(&format!("{prefix}notatime")).is_some());
    WorkspaceStorage::remove(&format!("{prefix}notatime"));

    // A key put back (a tab of the old build) is not stored twice.
    LocalStorage::raw()
        .set_item(&format!("{prefix}1000"), "{\"old\":1}")
        .unwrap();
    let again = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    assert_eq!(again.kept_backups().await.unwrap().len(), 2);
    assert!(legacy.legacy_backups().is_empty());
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_with_its_workspace_intact() {
    let (name, legacy) = fresh("upgrade").await;
    // What the previous build made: three stores, one workspace committed.
    let ws = demo::workspace();
    let v1 = Idb::open_with_version(&name, 1).await.unwrap();
    assert!(
        v1.keys(Area::Backups).await.is_err(),
        "no backups store yet"
    );
    let plan = StoredWorkspace::empty().plan(&ws);
    let area = |a: &stored::Area| match a {
        stored::Area::Meta => Area::Meta,
        stored::Area::Records => Area::Records,
        stored::Area::Nodes => Area::Nodes,
    };
    v1.commit(&idb::Commit {
        expected_revision: 0,
        revision: plan.revision,
        puts: plan
            .puts
            .iter()
            .map(|(a, k, v)| (area(a), k.clone(), v.clone()))
            .collect(),
        deletes: vec![],
    })
    .await
    .unwrap();

    let opened = WorkspaceDb::open(&name, &legacy).await;
    // The old connection let go for the upgrade.
    assert!(v1.is_closed());
    let db = opened.db.unwrap();
    assert_eq!(db.idb().version(), idb::DB_VERSION);
    let (mut a, mut b) = (opened.workspace.clone(), ws.clone());
    a.revision = 0;
    b.revision = 0;
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    db.keep_backup("{\"kept\":true}", 7).await.unwrap();
    assert_eq!(db.kept_backups().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn the_breakdown_counts_what_the_database_holds() {
    let (name, legacy) = fresh("breakdown").await;
    let db = WorkspaceDb::open(&name, &legacy).await.db.unwrap();
    let ws = demo::workspace();
    db.commit(&ws).await.unwrap();
    let text = ws.to_json().unwrap();
    db.keep_backup(&text, 9).await.unwrap();
    let b = db.breakdown().await.unwrap();
    assert_eq!(b.part(Kind::Configs).records, ws.environments.len());
    assert!(b.part(Kind::Configs).nodes > 0);
    assert_eq!(b.part(Kind::Backups).records, 1);
    assert!(b.part(Kind::Backups).bytes > text.len());
    let stored: usize = db
        .idb()
        .get_all(Area::Records)
        .await
        .unwrap()
        .iter()
        .chain(&db.idb().get_all(Area::Nodes).await.unwrap())
        .chain(&db.idb().get_all(Area::Meta).await.unwrap())
        .map(|(k, v)| k.len() + v.len())
        .sum();
    let backups: usize = db
        .idb()
        .get_all(Area::Backups)
        .await
        .unwrap()
        .iter()
        .map(|(k, v)| k.len() + v.len())
        .sum();
    assert_eq!(b.total(), stored + backups, "every stored character, once");
}
