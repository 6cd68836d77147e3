//! The Storage API around IndexedDB: how much is used, how much may be, and
//! whether the browser has promised not to evict it. Each returns `None`
//! when the browser has no such API or refuses, so callers just skip the
//! notice they would have shown.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `navigator.storage`, when the browser has it (not in insecure contexts).
fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // The web-sys getter is not optional; check by hand so that an
    // `undefined` never reaches a method call.
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    storage.dyn_into::<web_sys::StorageManager>().ok()
}

/// `navigator.storage.estimate()`: `(usage, quota)` in bytes.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let promise = manager()?.estimate().ok()?;
    let estimate: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// `navigator.storage.persist()`: asks that the data not be evicted under
/// storage pressure; `Some(true)` when granted.
pub async fn persist() -> Option<bool> {
    let promise = manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// `navigator.storage.persisted()`: whether persistence was already granted.
pub async fn persisted() -> Option<bool> {
    let promise = manager()?.persisted().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}
