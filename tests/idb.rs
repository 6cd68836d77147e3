//! The IndexedDB adapter against the real IndexedDB of headless Chromium:
//! round trip, rollback midway, quota exceeded, conflicting writers,
//! upgrades across connections, corrupt records and the commit channel.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use preflight::idb::{Area, Commit, CommitChannel, Fault, Idb, IdbError, DB_VERSION};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database per test, so tests never see each other's data.
async fn fresh(name: &str) -> (String, Idb) {
    let name = format!("test.idb.{name}");
    Idb::delete_database(&name).await.unwrap();
    let db = Idb::open(&name).await.unwrap();
    (name, db)
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn s(text: &str) -> String {
    text.to_string()
}

fn put(area: Area, key: &str, value: &str) -> (Area, String, String) {
    (area, s(key), s(value))
}

/// A commit from `from` to `from + 1`.
fn commit(from: u64, puts: Vec<(Area, String, String)>) -> Commit {
    Commit {
        expected_revision: from,
        revision: from + 1,
        puts,
        deletes: Vec::new(),
    }
}

#[wasm_bindgen_test]
async fn round_trip_keeps_every_value_exactly() {
    let (_, db) = fresh("round-trip").await;
    assert_eq!(db.revision().await.unwrap(), 0);
    assert_eq!(db.version(), DB_VERSION);

    let big: String = "0123456789abcdef".repeat(64 * 1024); // 1 MiB
    let unicode = "värde ✓ 日本語 🚀 \u{0} \"quoted\" \\ \n end";
    db.commit(&commit(
        0,
        vec![
            put(Area::Meta, "schema", "1"),
            put(Area::Records, "b", "second"),
            put(Area::Records, "a", "first"),
            put(Area::Records, "ключ 🔑", unicode),
            put(Area::Records, "empty", ""),
            put(Area::Nodes, "big", &big),
        ],
    ))
    .await
    .unwrap();

    assert_eq!(db.revision().await.unwrap(), 1);
    assert_eq!(
        db.get(Area::Records, "ключ 🔑").await.unwrap().as_deref(),
        Some(unicode)
    );
    assert_eq!(
        db.get(Area::Records, "empty").await.unwrap().as_deref(),
        Some("")
    );
    assert_eq!(db.get(Area::Records, "missing").await.unwrap(), None);
    assert_eq!(
        db.get(Area::Nodes, "big").await.unwrap().as_deref(),
        Some(big.as_str())
    );
    // Areas are separate stores.
    assert_eq!(db.get(Area::Nodes, "a").await.unwrap(), None);

    let many = db
        .get_many(Area::Records, &[s("b"), s("nope"), s("a"), s("ключ 🔑")])
        .await
        .unwrap();
    assert_eq!(
        many,
        vec![Some(s("second")), None, Some(s("first")), Some(s(unicode))]
    );

    // Key order, whatever the order of the puts.
    let all = db.get_all(Area::Records).await.unwrap();
    let expected = vec![
        (s("a"), s("first")),
        (s("b"), s("second")),
        (s("empty"), s("")),
        (s("ключ 🔑"), s(unicode)),
    ];
    assert_eq!(all, expected);
    assert_eq!(
        db.keys(Area::Records).await.unwrap(),
        vec![s("a"), s("b"), s("empty"), s("ключ 🔑")]
    );
    assert_eq!(
        db.get_all(Area::Meta).await.unwrap(),
        vec![(s("revision"), s("1")), (s("schema"), s("1"))]
    );
    assert_eq!(
        db.get_all(Area::Nodes).await.unwrap(),
        vec![(s("big"), big)]
    );

    // Deletes and overwrites, and a new connection sees the same data.
    let mut next = commit(1, vec![put(Area::Records, "a", "first, again")]);
    next.deletes = vec![(Area::Records, s("b")), (Area::Nodes, s("big"))];
    db.commit(&next).await.unwrap();
    drop(db);
    let db = Idb::open("test.idb.round-trip").await.unwrap();
    assert_eq!(db.revision().await.unwrap(), 2);
    assert_eq!(
        db.keys(Area::Records).await.unwrap(),
        vec![s("a"), s("empty"), s("ключ 🔑")]
    );
    assert_eq!(
        db.get(Area::Records, "a").await.unwrap().as_deref(),
        Some("first, again")
    );
    assert!(db.get_all(Area::Nodes).await.unwrap().is_empty());
}

/// The state that a failed commit must leave alone.
async fn seed(db: &Idb) {
    db.commit(&commit(0, vec![put(Area::Records, "keep", "kept")]))
        .await
        .unwrap();
}

/// A commit whose third put will fail, with a delete of the seeded record.
fn doomed() -> Commit {
    let mut c = commit(
        1,
        vec![
            put(Area::Records, "early", "written before the failure"),
            put(Area::Nodes, "early", "also before"),
            put(Area::Records, "failing", "the failing put"),
            put(Area::Meta, "late", "after the failure"),
        ],
    );
    c.deletes = vec![(Area::Records, s("keep"))];
    c
}

async fn assert_untouched(db: &Idb) {
    assert_eq!(db.revision().await.unwrap(), 1);
    assert_eq!(
        db.get_all(Area::Records).await.unwrap(),
        vec![(s("keep"), s("kept"))]
    );
    assert!(db.get_all(Area::Nodes).await.unwrap().is_empty());
    assert_eq!(db.keys(Area::Meta).await.unwrap(), vec![s("revision")]);
}

#[wasm_bindgen_test]
async fn a_transaction_failing_midway_leaves_nothing_behind() {
    let (_, db) = fresh("abort").await;
    seed(&db).await;

    // A real DataError from IndexedDB on the third put (a NaN key).
    db.inject_fault(Some(Fault::InvalidKeyAt(2)));
    let result = db.commit(&doomed()).await;
    let Err(IdbError::Aborted(why)) = result else {
        panic!("expected an abort, got {result:?}");
    };
    assert!(why.contains("DataError"), "{why}");
    assert_untouched(&db).await;

    // A failure that IndexedDB reports only asynchronously, through the
    // transaction's error and abort events at commit time.
    db.inject_fault(Some(Fault::ConstraintAt(2)));
    let result = db.commit(&doomed()).await;
    let Err(IdbError::Aborted(why)) = result else {
        panic!("expected an abort, got {result:?}");
    };
    assert!(why.contains("ConstraintError"), "{why}");
    assert_untouched(&db).await;

    // The same commit goes through once nothing fails.
    db.inject_fault(None);
    db.commit(&doomed()).await.unwrap();
    assert_eq!(db.revision().await.unwrap(), 2);
    assert_eq!(db.get(Area::Records, "keep").await.unwrap(), None);
    assert_eq!(
        db.get(Area::Meta, "late").await.unwrap().as_deref(),
        Some("after the failure")
    );
}

#[wasm_bindgen_test]
async fn quota_exceeded_is_reported_and_nothing_is_half_written() {
    let (_, db) = fresh("quota").await;
    seed(&db).await;

    db.inject_fault(Some(Fault::QuotaAt(2)));
    let result = db.commit(&doomed()).await;
    assert_eq!(result, Err(IdbError::QuotaExceeded));
    assert!(IdbError::QuotaExceeded
        .to_string()
        .contains("no space left"));
    assert_untouched(&db).await;

    db.inject_fault(None);
    db.commit(&doomed()).await.unwrap();
    assert_eq!(db.revision().await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn the_second_of_two_writers_gets_a_conflict_and_writes_nothing() {
    let (name, first) = fresh("conflict").await;
    seed(&first).await;
    let second = Idb::open(&name).await.unwrap();

    // Both start from the same revision.
    let r = first.revision().await.unwrap();
    assert_eq!(second.revision().await.unwrap(), r);

    first
        .commit(&commit(r, vec![put(Area::Records, "first", "wins")]))
        .await
        .unwrap();
    let result = second
        .commit(&commit(r, vec![put(Area::Records, "second", "loses")]))
        .await;
    assert_eq!(result, Err(IdbError::Conflict { stored: r + 1 }));

    assert_eq!(second.revision().await.unwrap(), r + 1);
    assert_eq!(second.get(Area::Records, "second").await.unwrap(), None);
    assert_eq!(
        second.get(Area::Records, "first").await.unwrap().as_deref(),
        Some("wins")
    );

    // Starting again from the stored revision works.
    second
        .commit(&commit(
            r + 1,
            vec![put(Area::Records, "second", "retried")],
        ))
        .await
        .unwrap();
    assert_eq!(first.revision().await.unwrap(), r + 2);
}

#[wasm_bindgen_test]
async fn an_upgrade_closes_older_connections_and_an_older_app_is_refused() {
    let (name, old) = fresh("upgrade").await;
    seed(&old).await;

    // The newer app opens while the older connection is still open: the
    // older one lets go on `versionchange`, so the upgrade is not blocked.
    let newer = Idb::open_with_version(&name, DB_VERSION + 1).await.unwrap();
    assert_eq!(newer.version(), DB_VERSION + 1);
    assert!(old.is_closed());
    assert_eq!(old.revision().await, Err(IdbError::Closed));
    assert_eq!(old.commit(&commit(1, vec![])).await, Err(IdbError::Closed));
    // The data survived the upgrade.
    assert_eq!(
        newer.get(Area::Records, "keep").await.unwrap().as_deref(),
        Some("kept")
    );
    drop(newer);

    // This app version must not touch the newer database.
    let found = DB_VERSION + 1;
    assert_eq!(
        Idb::open(&name).await.err(),
        Some(IdbError::TooNew { found })
    );
    assert_eq!(
        Idb::open_with_version(&name, DB_VERSION).await.err(),
        Some(IdbError::TooNew { found })
    );
    // And refusing did not change it.
    let again = Idb::open_with_version(&name, found).await.unwrap();
    assert_eq!(
        again.get(Area::Records, "keep").await.unwrap().as_deref(),
        Some("kept")
    );
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_a_connection_that_will_not_close_gives_up() {
    let (name, db) = fresh("blocked").await;
    drop(db);
    // A connection with no `versionchange` handler, like an old app's.
    let stubborn = Database::open(name.as_str()).await.unwrap();

    let result = Idb::open_with(&name, DB_VERSION + 1, 200).await;
    assert_eq!(result.err(), Some(IdbError::Blocked));

    // Once it closes, the abandoned upgrade is aborted, not applied halfway.
    stubborn.close();
    let db = Idb::open(&name).await.unwrap();
    assert_eq!(db.version(), DB_VERSION);
    assert_eq!(db.revision().await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn a_record_that_is_not_text_is_reported_as_corrupt() {
    let (name, db) = fresh("corrupt").await;
    db.commit(&commit(0, vec![put(Area::Records, "fine", "text")]))
        .await
        .unwrap();
    drop(db);

    // Write what this app never writes, straight into the stores.
    {
        let raw = Database::open(name.as_str()).await.unwrap();
        let tx = raw
            .transaction(["records", "nodes"])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        let records = tx.object_store("records").unwrap();
        records
            .put(JsValue::from_f64(42.0))
            .with_key("number")
            .without_key_type()
            .primitive()
            .unwrap();
        let nodes = tx.object_store("nodes").unwrap();
        nodes
            .put(JsValue::NULL)
            .with_key("null")
            .without_key_type()
            .primitive()
            .unwrap();
        nodes
            .put(js_sys::Object::new())
            .with_key(JsValue::from_f64(7.0))
            .without_key_type()
            .primitive()
            .unwrap();
        drop(nodes);
        drop(records);
        tx.commit().await.unwrap();
        raw.close();
    }

    let db = Idb::open(&name).await.unwrap();
    assert_eq!(
        db.get(Area::Records, "fine").await.unwrap().as_deref(),
        Some("text")
    );
    let result = db.get(Area::Records, "number").await;
    let Err(IdbError::Corrupt { area, key, why }) = &result else {
        panic!("expected corrupt, got {result:?}");
    };
    assert_eq!((*area, key.as_str()), (Area::Records, "number"));
    assert!(why.contains("number"), "{why}");
    assert!(result.unwrap_err().to_string().contains("\"number\""));

    let result = db.get_all(Area::Records).await;
    assert!(
        matches!(&result, Err(IdbError::Corrupt { key, .. }) if key == "number"),
        "{result:?}"
    );
    // A stored null is damage, not absence.
    let result = db.get_many(Area::Nodes, &[s("null")]).await;
    assert!(
        matches!(&result, Err(IdbError::Corrupt { key, why, .. }) if key == "null" && why.contains("null")),
        "{result:?}"
    );
    // A key that is not text is reported too (numbers sort before strings).
    let result = db.keys(Area::Nodes).await;
    assert!(
        matches!(&result, Err(IdbError::Corrupt { area: Area::Nodes, key, .. }) if key.contains('7')),
        "{result:?}"
    );
    // Commits still work around the damage.
    db.commit(&commit(1, vec![put(Area::Records, "more", "text")]))
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_commit_notice_reaches_the_other_channel() {
    let sender = CommitChannel::new("test.idb.channel").unwrap();
    let receiver = CommitChannel::new("test.idb.channel").unwrap();
    assert_ne!(sender.tab(), receiver.tab());
    let heard = Rc::new(RefCell::new(Vec::new()));
    let subscription = receiver.on_message({
        let heard = heard.clone();
        move |notice| heard.borrow_mut().push(notice)
    });

    sender.post(7);
    for _ in 0..100 {
        if !heard.borrow().is_empty() {
            break;
        }
        sleep(20).await;
    }
    {
        let heard = heard.borrow();
        assert_eq!(heard.len(), 1, "{heard:?}");
        assert_eq!(heard[0].revision, 7);
        assert_eq!(heard[0].tab, sender.tab());
    }

    // Other messages on the channel are ignored, and dropping the
    // subscription stops delivery.
    let raw = web_sys::BroadcastChannel::new("test.idb.channel").unwrap();
    raw.post_message(&JsValue::from_str("not a notice"))
        .unwrap();
    raw.post_message(&JsValue::from_f64(3.0)).unwrap();
    sleep(100).await;
    assert_eq!(heard.borrow().len(), 1);
    drop(subscription);
    sender.post(8);
    sleep(100).await;
    assert_eq!(heard.borrow().len(), 1);
    raw.close();
}

#[wasm_bindgen_test]
async fn the_storage_api_answers() {
    let (usage, quota) = preflight::idb::storage_estimate().await.unwrap();
    assert!(usage >= 0.0 && quota > 0.0, "{usage} of {quota}");
    assert!(preflight::idb::persisted().await.is_some());
}
