//! Reading values back: every stored value must be a string, and anything
//! else is reported as [`IdbError::Corrupt`] naming its key, never a panic.

use super::error::from_crate;
use super::{Area, IdbError, REVISION_KEY};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

pub(super) async fn read_revision(meta: &ObjectStore<'_>) -> Result<u64, IdbError> {
    match read_one(meta, Area::Meta, REVISION_KEY).await? {
        None => Ok(0),
        Some(text) => text.parse().map_err(|_| IdbError::Corrupt {
            area: Area::Meta,
            key: REVISION_KEY.into(),
            why: format!("{text:?} is not a revision number"),
        }),
    }
}

/// One value, read with `getAll(key)` rather than `get(key)`: an empty
/// array is a missing key, `[null]` is a stored `null` (damage, not absence).
pub(super) async fn read_one(
    store: &ObjectStore<'_>,
    area: Area,
    key: &str,
) -> Result<Option<String>, IdbError> {
    let found = store
        .get_all::<JsValue>()
        .with_query::<&str, _>(key)
        .primitive()
        .map_err(from_crate)?
        .await
        .map_err(from_crate)?;
    first_text(found, area, key)
}

pub(super) fn first_text(
    mut found: impl Iterator<Item = indexed_db_futures::Result<JsValue>>,
    area: Area,
    key: &str,
) -> Result<Option<String>, IdbError> {
    match found.next() {
        None => Ok(None),
        Some(value) => text(value.map_err(from_crate)?, area, key).map(Some),
    }
}

pub(super) fn text(value: JsValue, area: Area, key: &str) -> Result<String, IdbError> {
    value.as_string().ok_or_else(|| IdbError::Corrupt {
        area,
        key: key.into(),
        why: format!("the stored value is {}, not text", describe(&value)),
    })
}

pub(super) fn key_text(key: JsValue, area: Area) -> Result<String, IdbError> {
    key.as_string().ok_or_else(|| IdbError::Corrupt {
        area,
        key: format!("{key:?}"),
        why: format!("the key is {}, not text", describe(&key)),
    })
}

/// `null`, `number`, `object`…: what a value is, for an error message.
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "unknown".into())
    }
}
