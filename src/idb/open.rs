//! Opening, upgrading and deleting a database, with a bound on how long
//! another tab may block us.

use super::error::{from_crate, from_open, is_version_error};
use super::wait::{race, sleep, Either};
use super::{Area, IdbError};
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Opens `name` at `version`, creating the stores on upgrade.
pub(super) async fn open(name: &str, version: u32, grace_ms: i32) -> Result<Database, IdbError> {
    let (blocked, on_blocked) = signal();
    let request = Database::open(name)
        .with_version(version)
        .with_on_blocked(move |_| {
            let _ = on_blocked.call0(&JsValue::UNDEFINED);
            Ok(())
        })
        .with_on_upgrade_needed(move |_, db| create_stores(&db, version))
        .build()
        .map_err(from_open)?;
    let raw = request.as_sys().clone();
    let give_up = async {
        let _ = JsFuture::from(blocked).await;
        sleep(grace_ms).await;
    };
    match race(request, give_up).await {
        Either::Left(Ok(db)) => Ok(db),
        Either::Left(Err(e)) if is_version_error(&e) => Err(IdbError::TooNew {
            found: stored_version(name).await?,
        }),
        Either::Left(Err(e)) => Err(from_open(e)),
        Either::Right(()) => {
            disarm(&raw);
            Err(IdbError::Blocked)
        }
    }
}

/// The upgrade to `version`: each store that version has ([`Area::since`]),
/// unless it is already there. So a version-1 database (three stores)
/// gains `backups` and keeps the rest as they are.
fn create_stores(db: &Database, version: u32) -> indexed_db_futures::Result<()> {
    let existing: Vec<String> = db.object_store_names().collect();
    for area in Area::STORES.into_iter().filter(|a| a.since() <= version) {
        let name = area.store_name();
        if !existing.iter().any(|s| s == name) {
            // No key path, no auto-increment: keys are given with each put.
            db.create_object_store(name).build()?;
        }
    }
    Ok(())
}

/// The version of an existing database, read without asking for a version
/// (which never upgrades) and closed again at once.
async fn stored_version(name: &str) -> Result<u32, IdbError> {
    let db = Database::open(name).await.map_err(from_open)?;
    let version = db.version();
    db.close();
    Ok(version as u32)
}

/// We gave up on a blocked open, but the request stays queued and would
/// go ahead once the other tab closes, with nobody left to create the
/// stores or to close the connection. So abort its upgrade if it comes,
/// and close whatever it opens.
fn disarm(request: &web_sys::IdbOpenDbRequest) {
    let on_upgrade = {
        let request = request.clone();
        Closure::once_into_js(move |_: web_sys::Event| {
            if let Some(tx) = request.transaction() {
                let _ = tx.abort();
            }
        })
    };
    let on_success = {
        let request = request.clone();
        Closure::once_into_js(move |_: web_sys::Event| {
            if let Ok(db) = request.result() {
                if let Ok(db) = db.dyn_into::<web_sys::IdbDatabase>() {
                    db.close();
                }
            }
        })
    };
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    request.set_onsuccess(Some(on_success.unchecked_ref()));
    request.set_onblocked(None);
}

/// Deletes `name`, giving up with [`IdbError::Blocked`] when another
/// connection keeps it open past the grace period.
pub(super) async fn delete(name: &str, grace_ms: i32) -> Result<(), IdbError> {
    let request = Database::delete_by_name(name).map_err(from_open)?;
    let raw: web_sys::IdbOpenDbRequest = request.as_sys().clone().unchecked_into();
    let (blocked, on_blocked) = signal();
    raw.set_onblocked(Some(&on_blocked));
    let give_up = async {
        let _ = JsFuture::from(blocked).await;
        sleep(grace_ms).await;
    };
    let outcome = race(request, give_up).await;
    raw.set_onblocked(None);
    match outcome {
        Either::Left(result) => result.map_err(from_crate),
        // The deletion stays queued and happens once the other tab closes.
        Either::Right(()) => Err(IdbError::Blocked),
    }
}

/// A promise and the function that resolves it: a one-shot signal from a
/// browser event to a future, without polling.
fn signal() -> (js_sys::Promise, js_sys::Function) {
    let mut resolver = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
    // The executor runs synchronously, so `resolver` is always set; a
    // no-op function keeps this total all the same.
    let resolve = resolver.unwrap_or_else(|| js_sys::Function::new_no_args(""));
    (promise, resolve)
}
