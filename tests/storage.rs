//! The storage adapter against the real `localStorage` of headless Chromium:
//! round trip, missing, corrupt, quota exceeded and schema migration.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use gloo_storage::{LocalStorage, Storage};
use preflight::storage::{LoadNotice, StorageError, WorkspaceStorage};
use preflight_core::{demo, Workspace, SCHEMA_VERSION};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh key per test, so tests never see each other's data.
fn fresh(name: &str) -> WorkspaceStorage {
    let storage = WorkspaceStorage::new(format!("test.{name}"));
    WorkspaceStorage::remove(storage.key());
    for key in storage.backups() {
        WorkspaceStorage::remove(&key);
    }
    storage
}

#[wasm_bindgen_test]
fn round_trip_keeps_the_workspace_exactly() {
    let storage = fresh("round-trip");
    let mut ws = demo::workspace();
    ws.settings.display_name = "Ada Lovelace".into();
    std::sync::Arc::make_mut(&mut ws.environments[0].config)["zeta"] =
        serde_json::json!("last key stays last");
    storage.save(&ws).unwrap();

    let loaded = storage.load();
    assert_eq!(loaded.notice, LoadNotice::None);
    assert!(loaded.can_save);
    assert_eq!(loaded.workspace, ws);
    assert_eq!(
        loaded.workspace.to_json(),
        ws.to_json(),
        "key order survives"
    );
}

#[wasm_bindgen_test]
fn missing_document_starts_the_demo() {
    let storage = fresh("missing");
    let loaded = storage.load();
    assert_eq!(loaded.notice, LoadNotice::FirstRun);
    assert_eq!(loaded.workspace, demo::workspace());
    assert!(loaded.can_save);
}

#[wasm_bindgen_test]
fn corrupt_document_is_backed_up_and_the_app_starts_clean() {
    let storage = fresh("corrupt");
    let damaged = "{\"schema_version\": 2, \"environments\": [ oops";
    LocalStorage::raw()
        .set_item(storage.key(), damaged)
        .unwrap();

    let loaded = storage.load();
    let LoadNotice::Recovered {
        error,
        backup_key,
        damaged_text,
    } = loaded.notice
    else {
        panic!("expected a recovery, got {:?}", loaded.notice);
    };
    assert!(error.to_string().contains("line 1"), "{error}");
    assert_eq!(damaged_text, damaged);
    let backup_key = backup_key.expect("a backup key");
    assert_eq!(
        WorkspaceStorage::raw_text(&backup_key).as_deref(),
        Some(damaged)
    );
    assert_eq!(storage.backups(), vec![backup_key.clone()]);
    assert_eq!(loaded.workspace, Workspace::empty());
    assert!(loaded.can_save);

    // Saving the clean workspace leaves the backup alone.
    storage.save(&loaded.workspace).unwrap();
    assert_eq!(
        WorkspaceStorage::raw_text(&backup_key).as_deref(),
        Some(damaged)
    );
    WorkspaceStorage::remove(&backup_key);
}

#[wasm_bindgen_test]
fn a_document_of_the_wrong_shape_is_recovered_too() {
    let storage = fresh("wrong-shape");
    LocalStorage::raw()
        .set_item(storage.key(), r#"{"schema_version": 2, "environments": 7}"#)
        .unwrap();
    let loaded = storage.load();
    assert!(matches!(loaded.notice, LoadNotice::Recovered { .. }));
    for key in storage.backups() {
        WorkspaceStorage::remove(&key);
    }
}

#[wasm_bindgen_test]
fn quota_exceeded_is_reported_and_the_stored_state_is_intact() {
    let storage = fresh("quota");
    let ws = demo::workspace();
    storage.save(&ws).unwrap();
    let before = WorkspaceStorage::raw_text(storage.key()).unwrap();

    // Fill the origin's storage until nothing more fits.
    let raw = LocalStorage::raw();
    let mut fillers = Vec::new();
    for size in [256 * 1024, 16 * 1024, 1024, 64] {
        let chunk = "x".repeat(size);
        loop {
            let key = format!("test.filler.{}", fillers.len());
            if raw.set_item(&key, &chunk).is_err() {
                break;
            }
            fillers.push(key);
        }
    }

    let mut bigger = ws.clone();
    bigger.settings.display_name = "n".repeat(8 * 1024);
    let result = storage.save(&bigger);
    for key in &fillers {
        WorkspaceStorage::remove(key);
    }
    assert_eq!(result, Err(StorageError::QuotaExceeded));
    assert_eq!(WorkspaceStorage::raw_text(storage.key()).unwrap(), before);

    // With space again, the same save succeeds.
    storage.save(&bigger).unwrap();
    assert_eq!(storage.load().workspace, bigger);
}

#[wasm_bindgen_test]
fn an_older_schema_is_migrated_on_load() {
    let storage = fresh("migrate");
    let v1 = serde_json::json!({
        "schema_version": 1,
        "environments": [
            {"id": "dev", "name": "Development", "config": {"b": 1, "a": 2}, "version": 4}
        ],
        "pinned_patterns": ["/database/**"],
        "settings": {"display_name": "Linus"}
    });
    LocalStorage::raw()
        .set_item(storage.key(), &v1.to_string())
        .unwrap();

    let loaded = storage.load();
    assert_eq!(loaded.notice, LoadNotice::Migrated { from: 1 });
    let ws = loaded.workspace;
    assert_eq!(ws.schema_version, SCHEMA_VERSION);
    assert_eq!(ws.settings.display_name, "Linus");
    assert_eq!(ws.settings.patterns.pinned, vec!["/database/**"]);
    assert_eq!(ws.environments[0].version, 4);
    assert_eq!(
        serde_json::to_string(&ws.environments[0].config).unwrap(),
        r#"{"b":1,"a":2}"#
    );
}
