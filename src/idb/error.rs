//! [`IdbError`]: every way IndexedDB can fail, as the app needs to tell them
//! apart, and the one place where browser and crate errors are mapped to it.

use super::Area;
use indexed_db_futures::error::{Error as CrateError, OpenDbError};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// Why an IndexedDB operation failed. `Display` is a sentence for the user:
/// what happened and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdbError {
    /// No IndexedDB (private mode, blocked by settings, sandboxed frame), or
    /// opening it failed for a reason other than the ones below.
    Unavailable(String),
    /// An upgrade (or deletion) waited for another tab's connection to close,
    /// and it did not.
    Blocked,
    /// The browser refused the write for lack of space.
    QuotaExceeded,
    /// The stored revision was not the one this commit started from: another
    /// tab wrote first. Nothing was written.
    Conflict { stored: u64 },
    /// The database was created by a newer version of the app. It is left
    /// untouched.
    TooNew { found: u32 },
    /// This connection was closed: another tab is upgrading or deleting the
    /// database, or the browser dropped it (site data cleared).
    Closed,
    /// The transaction was aborted for any other reason; nothing was written.
    Aborted(String),
    /// A stored record is not text: it was not written by this app.
    Corrupt {
        area: Area,
        key: String,
        why: String,
    },
}

impl fmt::Display for IdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(why) => write!(
                f,
                "This browser will not let Preflight use its database ({why}). \
                 Check that site data is allowed and that this is not a private window."
            ),
            Self::Blocked => f.write_str(
                "Preflight is open in another tab with an older version that will not let go \
                 of the database. Close or reload the other Preflight tabs, then reload this one.",
            ),
            Self::QuotaExceeded => f.write_str(
                "The browser has no space left for Preflight's data, so the last change was \
                 not saved. Free some disk space or site data, then try again.",
            ),
            Self::Conflict { stored } => write!(
                f,
                "Another tab saved first (revision {stored}), so this change was not saved. \
                 Reload to see the latest data, then make the change again."
            ),
            Self::TooNew { found } => write!(
                f,
                "The saved data was written by a newer version of Preflight (database version \
                 {found}); this version will not touch it. Reload the page to get the new version."
            ),
            Self::Closed => f.write_str(
                "This tab has let go of Preflight's database, because another tab is \
                 upgrading it or site data was cleared. Reload this tab to carry on.",
            ),
            Self::Aborted(why) => write!(
                f,
                "The browser stopped a database operation ({why}); nothing was written. \
                 Try again."
            ),
            Self::Corrupt { area, key, why } => write!(
                f,
                "The saved record \"{key}\" in {} is damaged ({why}). \
                 Export what you can and report it.",
                area.store_name()
            ),
        }
    }
}

impl std::error::Error for IdbError {}

/// The `name` of a DOMException, or `None` for other JS values.
pub(crate) fn dom_name(value: &JsValue) -> Option<String> {
    value
        .dyn_ref::<web_sys::DomException>()
        .map(web_sys::DomException::name)
}

/// A DOMException from a request or transaction.
pub(crate) fn from_dom(e: &web_sys::DomException) -> IdbError {
    match e.name().as_str() {
        "QuotaExceededError" => IdbError::QuotaExceeded,
        "SecurityError" => IdbError::Unavailable(e.message()),
        name => IdbError::Aborted(format!("{name}: {}", e.message())),
    }
}

/// Any error the crate reports for a request or a transaction.
pub(crate) fn from_crate(e: CrateError) -> IdbError {
    match e {
        CrateError::DomException(d) => from_dom(&web_sys::DomException::from(d)),
        CrateError::Serialisation(s) => IdbError::Aborted(s.to_string()),
        CrateError::MissingData(m) => IdbError::Aborted(m.to_string()),
        CrateError::Unknown(j) => IdbError::Aborted(j.to_string()),
    }
}

/// An error from opening a database. `VersionError` (stored version newer
/// than ours) is handled by the caller, which knows the stored version.
pub(crate) fn from_open(e: OpenDbError) -> IdbError {
    match e {
        OpenDbError::Base(CrateError::DomException(d)) => {
            let d = web_sys::DomException::from(d);
            match d.name().as_str() {
                "QuotaExceededError" => IdbError::QuotaExceeded,
                name => IdbError::Unavailable(format!("{name}: {}", d.message())),
            }
        }
        other => IdbError::Unavailable(other.to_string()),
    }
}

/// A thrown JS value from a raw web-sys call.
pub(crate) fn from_js(value: JsValue) -> IdbError {
    match value.dyn_into::<web_sys::DomException>() {
        Ok(d) => from_dom(&d),
        Err(other) => IdbError::Aborted(
            other
                .as_string()
                .unwrap_or_else(|| "an unknown browser error".into()),
        ),
    }
}

/// Whether an open failed because the stored version is newer than ours.
pub(crate) fn is_version_error(e: &OpenDbError) -> bool {
    match e {
        OpenDbError::Base(CrateError::DomException(d)) => {
            dom_name(d.as_ref()).as_deref() == Some("VersionError")
        }
        _ => false,
    }
}
