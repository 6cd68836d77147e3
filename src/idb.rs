//! # IndexedDB, the durable half of the storage adapter
//!
//! The workspace outgrows `localStorage` (5 MB of strings, synchronous, no
//! transactions), so its records live in IndexedDB: one database per
//! workspace, four object stores ([`Area`]): `meta` (the revision and other
//! small facts), `records` and `nodes`, which every commit spans, and
//! `backups` (copies of the workspace kept before a replace, written on
//! their own by [`Idb::write`]). Keys are out-of-line strings and
//! values are strings (the app serialises to JSON itself), so this module
//! knows nothing of the app's types. The caller names the database.
//!
//! ## How writes stay whole
//!
//! Every change is one [`Commit`], applied by [`Idb::commit`] in **one**
//! readwrite transaction over all three stores. Inside it, the stored
//! revision is read first; if another tab has moved it since this writer
//! started ([`Commit::expected_revision`]), the transaction is aborted and
//! the caller gets [`IdbError::Conflict`]. Otherwise deletes, puts and the
//! new revision are written and the transaction is committed; `commit`
//! returns `Ok` only after the browser's `complete` event, when the data is
//! on disk (durability `"strict"`). After any error nothing of the commit is
//! visible: IndexedDB rolls a transaction back as a whole.
//!
//! Other tabs hear of a commit through [`CommitChannel`] (a
//! `BroadcastChannel`), and an upgrade in one tab never waits forever on
//! another: each connection closes itself on `versionchange`
//! ([`IdbError::Closed`] from then on), and an upgrade still blocked after a
//! grace period gives [`IdbError::Blocked`]. A database made by a newer app
//! version is never opened for writing ([`IdbError::TooNew`]).
//!
//! ## Use
//!
//! ```ignore
//! let db = Idb::open("preflight").await?;          // creates the stores once
//! let from = db.revision().await?;                  // 0 for a new database
//! let records = db.get_all(Area::Records).await?;   // key order
//! db.commit(&Commit {
//!     expected_revision: from,
//!     revision: from + 1,
//!     puts: vec![(Area::Records, "env/dev".into(), json)],
//!     deletes: vec![],
//! })
//! .await?;                                          // or Conflict: reload, redo
//! channel.post(from + 1);                           // tell the other tabs
//! ```
//!
//! ## Why `indexed_db_futures`
//!
//! The raw `web-sys` API is callbacks on request objects. The
//! [`indexed_db_futures`] crate (0.6, written by Alorel and the IndexedDB
//! layer under matrix-org's `matrix-rust-sdk`, so it is exercised hard in
//! production) turns requests and transactions into
//! futures, is written for `wasm32` first, and — unlike JS — **rolls a
//! transaction back unless it is explicitly committed**: an early `return`
//! or `?` while staging a commit aborts it instead of committing half of
//! it. It is used for opening, upgrades and every transaction here; raw
//! `web-sys` only where the crate has no hook (`onversionchange`, the
//! cause of an abort, disarming an abandoned open request).

mod channel;
mod error;
mod open;
mod quota;
mod read;
mod wait;
mod write;

pub use channel::{CommitChannel, CommitNotice, Subscription, CHANNEL_NAME};
pub use error::IdbError;
pub use quota::{persist, persisted, storage_estimate};

use error::{from_crate, from_dom, from_js};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{DomException, Error as CrateError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{
    Transaction, TransactionDurability, TransactionMode, TransactionOptions,
};
use read::{first_text, key_text, read_one, read_revision, text};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The schema version this build of the app creates and understands.
/// Version 2 added the `backups` store; opening a version-1 database
/// creates it and leaves the other stores as they are.
pub const DB_VERSION: u32 = 2;

/// The `meta` key holding the revision, as a decimal string.
const REVISION_KEY: &str = "revision";

/// How long an upgrade or deletion may be blocked by another tab before we
/// give up with [`IdbError::Blocked`].
const BLOCKED_GRACE_MS: i32 = 3_000;

/// How long to wait for an aborted transaction's `abort` event.
const SETTLE_MS: i32 = 2_000;

/// One of the object stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Meta,
    Records,
    Nodes,
    /// Kept automatic backups: never part of a workspace commit.
    Backups,
}

impl Area {
    /// The areas a commit spans, in the order of their stores in its
    /// transaction.
    pub const ALL: [Area; 3] = [Area::Meta, Area::Records, Area::Nodes];

    /// Every store of the database, as an upgrade creates them.
    pub const STORES: [Area; 4] = [Area::Meta, Area::Records, Area::Nodes, Area::Backups];

    /// The object store's name.
    pub fn store_name(self) -> &'static str {
        match self {
            Area::Meta => "meta",
            Area::Records => "records",
            Area::Nodes => "nodes",
            Area::Backups => "backups",
        }
    }

    /// The schema version that added this store.
    pub fn since(self) -> u32 {
        match self {
            Area::Backups => 2,
            _ => 1,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One atomic change: all of it is stored, or none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commit {
    /// The revision this writer started from (0 for an empty database).
    pub expected_revision: u64,
    /// The revision stored once the commit lands.
    pub revision: u64,
    pub puts: Vec<(Area, String, String)>,
    /// Applied before the puts, so a key both deleted and put ends up put.
    pub deletes: Vec<(Area, String)>,
}

/// A failure injected into the next commits, for the browser tests only.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Put number `n` (from 0) of a commit uses an invalid key, so the real
    /// IndexedDB throws a `DataError` midway through the transaction.
    InvalidKeyAt(usize),
    /// Put number `n` fails with a `QuotaExceededError` DOMException, as the
    /// browser raises when the disk is full.
    QuotaAt(usize),
    /// Put number `n` is followed by an `add` of the same key, which the
    /// real IndexedDB fails asynchronously with a `ConstraintError`: the
    /// path a real quota error takes, surfacing only at commit time.
    ConstraintAt(usize),
}

/// An open connection to one database.
pub struct Idb {
    db: Database,
    /// Set once this connection closed itself for another tab's upgrade,
    /// or the browser closed it.
    closed: Rc<Cell<bool>>,
    /// Kept alive for as long as it is the connection's handler.
    _on_version_change: Closure<dyn FnMut(web_sys::Event)>,
    fault: Cell<Option<Fault>>,
}

impl Idb {
    /// Opens (creating or upgrading) the database `name` at [`DB_VERSION`].
    pub async fn open(name: &str) -> Result<Idb, IdbError> {
        Self::open_with(name, DB_VERSION, BLOCKED_GRACE_MS).await
    }

    /// [`open`](Self::open) at another schema version: tests of upgrades
    /// and of databases from a newer app.
    #[doc(hidden)]
    pub async fn open_with_version(name: &str, version: u32) -> Result<Idb, IdbError> {
        Self::open_with(name, version, BLOCKED_GRACE_MS).await
    }

    /// [`open`](Self::open) with the schema version and blocked grace period
    /// given.
    #[doc(hidden)]
    pub async fn open_with(name: &str, version: u32, grace_ms: i32) -> Result<Idb, IdbError> {
        let db = open::open(name, version, grace_ms).await?;
        let raw: web_sys::IdbDatabase = db.as_sys().clone().into();
        let closed = Rc::new(Cell::new(false));
        // Another tab wants a newer schema (or to delete the database): let
        // go at once, or it would wait on this tab until the tab is closed.
        // The same handler notes a close by the browser (site data cleared).
        let on_version_change = {
            let closed = closed.clone();
            let raw = raw.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                closed.set(true);
                raw.close();
            })
        };
        raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        raw.set_onclose(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Idb {
            db,
            closed,
            _on_version_change: on_version_change,
            fault: Cell::new(None),
        })
    }

    /// Deletes the database `name`. Open connections in other tabs close
    /// themselves first; one that does not gives [`IdbError::Blocked`] (the
    /// browser then deletes the database once it closes).
    pub async fn delete_database(name: &str) -> Result<(), IdbError> {
        open::delete(name, BLOCKED_GRACE_MS).await
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Whether this connection closed itself for another tab's upgrade (or
    /// the browser closed it): every call then gives [`IdbError::Closed`].
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Makes later commits fail as `fault` says (`None` to stop).
    #[doc(hidden)]
    pub fn inject_fault(&self, fault: Option<Fault>) {
        self.fault.set(fault);
    }

    /// The stored revision: 0 for a new database.
    pub async fn revision(&self) -> Result<u64, IdbError> {
        let tx = self.start(Area::Meta.store_name(), TransactionMode::Readonly)?;
        let meta = store(&tx, Area::Meta)?;
        read_revision(&meta).await
    }

    /// The value under `key`, if any.
    pub async fn get(&self, area: Area, key: &str) -> Result<Option<String>, IdbError> {
        let tx = self.start(area.store_name(), TransactionMode::Readonly)?;
        read_one(&store(&tx, area)?, area, key).await
    }

    /// The values under `keys`, in the same order, read in one transaction
    /// so that they are consistent with each other.
    pub async fn get_many(
        &self,
        area: Area,
        keys: &[String],
    ) -> Result<Vec<Option<String>>, IdbError> {
        let tx = self.start(area.store_name(), TransactionMode::Readonly)?;
        let store = store(&tx, area)?;
        // Issue every request before awaiting any: one round trip, not many.
        let requests = keys
            .iter()
            .map(|key| {
                store
                    .get_all::<JsValue>()
                    .with_query::<&str, _>(key.as_str())
                    .primitive()
                    .map_err(from_crate)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(keys.len());
        for (key, request) in keys.iter().zip(requests) {
            let found = request.await.map_err(from_crate)?;
            out.push(first_text(found, area, key)?);
        }
        Ok(out)
    }

    /// Every `(key, value)` of `area`, in key order.
    pub async fn get_all(&self, area: Area) -> Result<Vec<(String, String)>, IdbError> {
        let tx = self.start(area.store_name(), TransactionMode::Readonly)?;
        let store = store(&tx, area)?;
        let keys = store
            .get_all_keys::<JsValue>()
            .primitive()
            .map_err(from_crate)?;
        let values = store.get_all::<JsValue>().primitive().map_err(from_crate)?;
        let keys = keys.await.map_err(from_crate)?;
        let values = values.await.map_err(from_crate)?;
        let mut out = Vec::new();
        for (key, value) in keys.zip(values) {
            let key = key_text(key.map_err(from_crate)?, area)?;
            let value = text(value.map_err(from_crate)?, area, &key)?;
            out.push((key, value));
        }
        Ok(out)
    }

    /// Every key of `area`, in order.
    pub async fn keys(&self, area: Area) -> Result<Vec<String>, IdbError> {
        let tx = self.start(area.store_name(), TransactionMode::Readonly)?;
        let store = store(&tx, area)?;
        let keys = store
            .get_all_keys::<JsValue>()
            .primitive()
            .map_err(from_crate)?
            .await
            .map_err(from_crate)?;
        keys.map(|key| key_text(key.map_err(from_crate)?, area))
            .collect()
    }

    /// Applies `commit` atomically, if the stored revision is still
    /// `commit.expected_revision`. `Ok` means the browser reported the
    /// transaction complete; after any error nothing of it is stored.
    pub async fn commit(&self, commit: &Commit) -> Result<(), IdbError> {
        let names = Area::ALL.map(Area::store_name);
        let options = TransactionOptions::new().with_durability(TransactionDurability::Strict);
        let tx = self.check_open().and_then(|()| {
            self.db
                .transaction(names)
                .with_mode(TransactionMode::Readwrite)
                .with_options(options)
                .build()
                .map_err(|e| self.start_error(e))
        })?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().into();
        let settled = settled(&raw);
        if let Err(e) = self.stage(&tx, commit).await {
            // An explicit abort, so that we return only once it is done.
            let _ = tx.abort().await;
            return Err(e);
        }
        self.finish(tx, &raw, settled).await
    }

    /// Commits a staged transaction; `Ok` once the browser says it is
    /// complete, else the cause of its abort.
    async fn finish(
        &self,
        tx: Transaction<'_>,
        raw: &web_sys::IdbTransaction,
        settled: js_sys::Promise,
    ) -> Result<(), IdbError> {
        match tx.commit().await {
            Ok(()) => Ok(()),
            Err(e) => {
                // The crate resolves on the first `error` event; wait for
                // the `abort` that follows, then read its cause, which the
                // crate does not report for an abort.
                let _ = wait::race(
                    wasm_bindgen_futures::JsFuture::from(settled),
                    wait::sleep(SETTLE_MS),
                )
                .await;
                Err(match raw.error() {
                    Some(cause) => from_dom(&cause),
                    None if self.closed.get() => IdbError::Closed,
                    None => from_crate(e),
                })
            }
        }
    }

    /// Everything inside the commit transaction before committing it. Any
    /// error returned here leaves the transaction to be aborted.
    async fn stage(&self, tx: &Transaction<'_>, commit: &Commit) -> Result<(), IdbError> {
        let stores = [
            store(tx, Area::Meta)?,
            store(tx, Area::Records)?,
            store(tx, Area::Nodes)?,
        ];
        let stored = read_revision(&stores[Area::Meta.index()]).await?;
        if stored != commit.expected_revision {
            return Err(IdbError::Conflict { stored });
        }
        // Requests are issued without awaiting each: errors surface on the
        // transaction, which then aborts as a whole.
        // A commit spans the three workspace areas only.
        let area_store = |area: &Area| {
            stores.get(area.index()).ok_or_else(|| {
                IdbError::Aborted(format!("a commit cannot write {}", area.store_name()))
            })
        };
        for (area, key) in &commit.deletes {
            area_store(area)?
                .delete::<&str, _>(key.as_str())
                .primitive()
                .map_err(from_crate)?;
        }
        let fault = self.fault.get();
        // Marks for the browser benchmark: issuing the puts (converting each
        // record to a JS string, cloning it into the request) is main-thread
        // time of the save too.
        crate::browser::mark("store:staging");
        for (i, (area, key, value)) in commit.puts.iter().enumerate() {
            let store = area_store(area)?;
            match fault {
                Some(Fault::QuotaAt(n)) if n == i => return Err(quota_fault()),
                Some(Fault::InvalidKeyAt(n)) if n == i => {
                    put(store, JsValue::from_f64(f64::NAN), value)?;
                }
                Some(Fault::ConstraintAt(n)) if n == i => {
                    put(store, JsValue::from_str(key), value)?;
                    store
                        .add(value.as_str())
                        .with_key(key.as_str())
                        .without_key_type()
                        .primitive()
                        .map_err(from_crate)?;
                }
                _ => put(store, JsValue::from_str(key), value)?,
            }
        }
        crate::browser::mark("store:staged");
        put(
            &stores[Area::Meta.index()],
            JsValue::from_str(REVISION_KEY),
            &commit.revision.to_string(),
        )
    }

    fn check_open(&self) -> Result<(), IdbError> {
        if self.closed.get() {
            Err(IdbError::Closed)
        } else {
            Ok(())
        }
    }

    /// A transaction over one store.
    fn start(&self, store: &str, mode: TransactionMode) -> Result<Transaction<'_>, IdbError> {
        self.check_open()?;
        self.db
            .transaction(store)
            .with_mode(mode)
            .build()
            .map_err(|e| self.start_error(e))
    }

    /// A closed connection (by us or by the browser, say when site data is
    /// cleared) refuses new transactions with `InvalidStateError`.
    fn start_error(&self, e: CrateError) -> IdbError {
        match e {
            CrateError::DomException(DomException::InvalidStateError(_)) => IdbError::Closed,
            e => from_crate(e),
        }
    }
}

impl Drop for Idb {
    fn drop(&mut self) {
        // The handler is about to be freed: detach it first.
        let raw: &web_sys::IdbDatabase = self.db.as_sys();
        raw.set_onversionchange(None);
        raw.set_onclose(None);
        raw.close();
    }
}

fn store<'a>(tx: &'a Transaction<'_>, area: Area) -> Result<ObjectStore<'a>, IdbError> {
    tx.object_store(area.store_name()).map_err(from_crate)
}

fn put(store: &ObjectStore<'_>, key: JsValue, value: &str) -> Result<(), IdbError> {
    store
        .put(value)
        .with_key(key)
        .without_key_type()
        .primitive()
        .map(drop)
        .map_err(from_crate)
}

/// The injected stand-in for a full disk.
fn quota_fault() -> IdbError {
    match web_sys::DomException::new_with_message_and_name(
        "injected by a test: the quota has been exceeded",
        "QuotaExceededError",
    ) {
        Ok(e) => from_dom(&e),
        Err(js) => from_js(js),
    }
}

/// A promise that resolves when `tx` finishes, either way.
fn settled(tx: &web_sys::IdbTransaction) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _reject| {
        for event in ["complete", "abort"] {
            let _ = tx.add_event_listener_with_callback(event, &resolve);
        }
    })
}
