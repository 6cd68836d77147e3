//! This browser's approval signatures: an Ed25519 key made and used
//! through WebCrypto, kept by [`crate::storage::signing_key`].
//!
//! The private key is generated non-extractable and only ever asked to
//! sign the bytes the core names ([`preflight_core::approval::signing_bytes`],
//! [`KeyCard::bytes`]); the core checks every signature made here before it
//! leaves ([`preflight_core::approval::seal`], [`KeyCard::new`]).

use crate::storage::signing_key::{self, StoredKey};
use js_sys::{Array, Object, Reflect, Uint8Array};
use preflight_core::approval::{self, ApprovalRecord, KeyCard};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair, SubtleCrypto};

/// The WebCrypto algorithm, `{ name: "Ed25519" }`.
fn ed25519() -> Object {
    let alg = Object::new();
    let _ = Reflect::set(&alg, &"name".into(), &"Ed25519".into());
    alg
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<web_sys::DomException>()
        .map(|d| format!("{}: {}", d.name(), d.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

fn subtle() -> Result<SubtleCrypto, String> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or_else(|| "this browser has no WebCrypto (is the page served over https?)".into())
}

async fn wait(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    let promise = promise.map_err(|e| describe(&e))?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))
}

/// This browser's key, if it has one.
pub async fn load() -> Result<Option<StoredKey>, String> {
    signing_key::load().await.map_err(|e| e.to_string())
}

/// Makes and stores a new signing key for `name`; the private key is
/// never extractable.
pub async fn create(name: &str) -> Result<StoredKey, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("enter your name: it is signed into your key card".into());
    }
    let subtle = subtle()?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair: CryptoKeyPair = wait(subtle.generate_key_with_object(&ed25519(), false, &usages))
        .await
        .map_err(|e| format!("this browser cannot make an Ed25519 key ({e})"))?
        .unchecked_into();
    let (private_key, public_key) = (pair.get_private_key(), pair.get_public_key());
    if !private_key.is_instance_of::<CryptoKey>() || !public_key.is_instance_of::<CryptoKey>() {
        return Err("the browser made no key pair".into());
    }
    let raw = wait(subtle.export_key("raw", &public_key)).await?;
    let public_raw = Uint8Array::new(&raw).to_vec();
    if public_raw.len() != 32 {
        return Err(format!(
            "the public key has {} bytes, not 32",
            public_raw.len()
        ));
    }
    let key = StoredKey {
        name: name.to_owned(),
        private_key,
        public_key,
        public_raw,
    };
    signing_key::save(&key, js_sys::Date::now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(key)
}

async fn sign(key: &StoredKey, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let subtle = subtle()?;
    let sig = wait(subtle.sign_with_object_and_u8_array(&ed25519(), &key.private_key, bytes))
        .await
        .map_err(|e| format!("the browser could not sign ({e})"))?;
    Ok(Uint8Array::new(&sig).to_vec())
}

/// `record` signed with `key`, checked by the core.
pub async fn sign_record(
    key: &StoredKey,
    mut record: ApprovalRecord,
) -> Result<ApprovalRecord, String> {
    let sig = sign(key, &approval::signing_bytes(&record.approval)).await?;
    record.approval =
        approval::seal(record.approval, &key.public_raw, &sig).map_err(|e| e.to_string())?;
    Ok(record)
}

/// The key card of `key`: its owner's name and public key, signed.
pub async fn key_card(key: &StoredKey) -> Result<KeyCard, String> {
    let sig = sign(key, &KeyCard::bytes(&key.name, &key.public_raw)).await?;
    KeyCard::new(&key.name, &key.public_raw, &sig).map_err(|e| e.to_string())
}

/// Where this browser's key stands, for the views.
#[derive(Clone)]
pub enum KeyState {
    Loading,
    Missing,
    Ready(StoredKey),
    Failed(String),
}

impl KeyState {
    /// The key, when there is one.
    pub fn key(&self) -> Option<StoredKey> {
        match self {
            KeyState::Ready(k) => Some(k.clone()),
            _ => None,
        }
    }
}

/// The key state shared by a page's components (see [`provide_key`]).
pub type KeySignal = leptos::prelude::RwSignal<KeyState, leptos::prelude::LocalStorage>;

/// Reads the key once and shares its state with the page's components.
pub fn provide_key() -> KeySignal {
    use leptos::prelude::*;
    let state: KeySignal = RwSignal::new_local(KeyState::Loading);
    leptos::task::spawn_local(async move {
        state.set(match load().await {
            Ok(Some(k)) => KeyState::Ready(k),
            Ok(None) => KeyState::Missing,
            Err(e) => KeyState::Failed(e),
        });
    });
    provide_context(state);
    state
}

/// The key state a page provided, or a fresh one.
pub fn use_key() -> KeySignal {
    leptos::prelude::use_context::<KeySignal>().unwrap_or_else(provide_key)
}
