//! The browser's signing key, in an IndexedDB database of its own.
//!
//! The key pair is a WebCrypto `CryptoKeyPair` whose private key is not
//! extractable: no script, ours included, can read its bytes. IndexedDB
//! stores `CryptoKey` objects by structured clone, so the key survives a
//! reload and stays unreadable. It lives apart from the workspace database
//! ([`KEY_DB_NAME`], one object store `keys`, one record `signing`): a
//! workspace backup, restore or reset never carries or replaces it, and
//! the workspace's records stay plain strings.
//!
//! The record is a plain object: `name` (the owner's name, as signed into
//! their key card), `privateKey`, `publicKey`, `publicRaw` (the raw 32-byte
//! public key) and `createdAt` (milliseconds). Anything else read back is
//! reported as damaged, never unwrapped.
//!
//! Raw `web-sys` rather than [`indexed_db_futures`]: this store holds one
//! JavaScript object under one key, which that crate's typed, string-valued
//! use in [`crate::idb`] does not need to know about.

use js_sys::{Object, Reflect, Uint8Array};
use std::fmt;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbRequest, IdbTransactionMode};

/// The database holding the signing key.
pub const KEY_DB_NAME: &str = "preflight-keys";
const STORE: &str = "keys";
const KEY: &str = "signing";

/// This browser's key pair with its owner's name.
#[derive(Clone)]
pub struct StoredKey {
    pub name: String,
    pub private_key: CryptoKey,
    pub public_key: CryptoKey,
    /// The raw public key (32 bytes).
    pub public_raw: Vec<u8>,
}

/// Why the key store could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStoreError {
    /// IndexedDB is not there (a private window in some browsers).
    Unavailable(String),
    /// A read or write failed.
    Failed(String),
    /// The stored record is not a key this build wrote.
    Damaged(String),
}

impl fmt::Display for KeyStoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyStoreError::Unavailable(why) => {
                write!(f, "this browser cannot keep a signing key ({why})")
            }
            KeyStoreError::Failed(why) => write!(f, "the signing key store failed: {why}"),
            KeyStoreError::Damaged(why) => write!(f, "the stored signing key is damaged: {why}"),
        }
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<web_sys::DomException>()
        .map(|d| format!("{}: {}", d.name(), d.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

fn failed(e: JsValue) -> KeyStoreError {
    KeyStoreError::Failed(describe(&e))
}

/// Waits for `request`'s `success` (its result) or `error`.
async fn finished(request: &IdbRequest) -> Result<JsValue, KeyStoreError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = {
            let request = request.clone();
            Closure::once_into_js(move |_: web_sys::Event| {
                let result = request.result().unwrap_or(JsValue::UNDEFINED);
                let _ = resolve.call1(&JsValue::UNDEFINED, &result);
            })
        };
        let err = {
            let request = request.clone();
            Closure::once_into_js(move |_: web_sys::Event| {
                let error = request
                    .error()
                    .ok()
                    .flatten()
                    .map(JsValue::from)
                    .unwrap_or_else(|| JsValue::from_str("the request failed"));
                let _ = reject.call1(&JsValue::UNDEFINED, &error);
            })
        };
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(failed)
}

async fn open() -> Result<IdbDatabase, KeyStoreError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| KeyStoreError::Unavailable("no IndexedDB".into()))?;
    let request = factory
        .open_with_u32(KEY_DB_NAME, 1)
        .map_err(|e| KeyStoreError::Unavailable(describe(&e)))?;
    let upgrade = {
        let request = request.clone();
        Closure::once_into_js(move |_: web_sys::Event| {
            if let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    finished(&request)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| KeyStoreError::Failed("the key database did not open".into()))
}

fn field(record: &JsValue, name: &str) -> Result<JsValue, KeyStoreError> {
    Reflect::get(record, &JsValue::from_str(name))
        .map_err(|_| KeyStoreError::Damaged(format!("no {name}")))
}

fn key_field(record: &JsValue, name: &str) -> Result<CryptoKey, KeyStoreError> {
    field(record, name)?
        .dyn_into::<CryptoKey>()
        .map_err(|_| KeyStoreError::Damaged(format!("{name} is not a key")))
}

/// The stored key, if this browser has made one.
pub async fn load() -> Result<Option<StoredKey>, KeyStoreError> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readonly)
        .map_err(failed)?;
    let request = tx
        .object_store(STORE)
        .and_then(|s| s.get(&JsValue::from_str(KEY)))
        .map_err(failed)?;
    let record = finished(&request).await;
    db.close();
    let record = record?;
    if record.is_undefined() {
        return Ok(None);
    }
    let name = field(&record, "name")?
        .as_string()
        .ok_or_else(|| KeyStoreError::Damaged("its name is not text".into()))?;
    let raw = field(&record, "publicRaw")?
        .dyn_into::<Uint8Array>()
        .map_err(|_| KeyStoreError::Damaged("its public key is not bytes".into()))?
        .to_vec();
    if raw.len() != 32 {
        return Err(KeyStoreError::Damaged(format!(
            "its public key has {} bytes, not 32",
            raw.len()
        )));
    }
    Ok(Some(StoredKey {
        name,
        private_key: key_field(&record, "privateKey")?,
        public_key: key_field(&record, "publicKey")?,
        public_raw: raw,
    }))
}

/// Stores `key` as this browser's signing key (replacing any), once the
/// transaction has completed.
pub async fn save(key: &StoredKey, created_ms: f64) -> Result<(), KeyStoreError> {
    let record = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&record, &JsValue::from_str(k), v).map(drop);
    set("name", &JsValue::from_str(&key.name))
        .and_then(|()| set("privateKey", &key.private_key))
        .and_then(|()| set("publicKey", &key.public_key))
        .and_then(|()| set("publicRaw", &Uint8Array::from(key.public_raw.as_slice())))
        .and_then(|()| set("createdAt", &JsValue::from_f64(created_ms)))
        .map_err(failed)?;
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
            .map_err(failed)?;
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onabort(Some(&reject));
            tx.set_onerror(Some(&reject));
        });
        let request = tx
            .object_store(STORE)
            .and_then(|s| s.put_with_key(&record, &JsValue::from_str(KEY)))
            .map_err(failed)?;
        finished(&request).await?;
        JsFuture::from(done)
            .await
            .map(drop)
            .map_err(|_| KeyStoreError::Failed("the key was not stored".into()))
    }
    .await;
    db.close();
    result
}
