//! The `localStorage` half of the storage adapter: the schema-2 document
//! and the automatic backups that older builds kept there (read once, to
//! move them into IndexedDB), the copies of damaged documents, and the id
//! of the build that ran last.
//!
//! Loading never panics and never loses data. A missing document starts the
//! demo workspace; an unreadable one is copied under a backup key before the
//! app starts clean, so it can still be downloaded; with no storage at all
//! the app runs in memory. Saving reports a full quota as its own error and
//! leaves the previously stored document untouched (the browser does not
//! write a partial value).

use gloo_storage::errors::StorageError as GlooError;
use gloo_storage::{LocalStorage, Storage};
use preflight_core::{demo, Workspace, WorkspaceError};
use std::fmt;

/// Where the workspace lives, by default.
pub const WORKSPACE_KEY: &str = "preflight.workspace";

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No `localStorage` (blocked, private mode, sandboxed frame).
    Unavailable(String),
    /// The browser refused the write because storage is full.
    QuotaExceeded,
    /// Any other refusal by the browser.
    Write(String),
    /// Another tab saved first; nothing of this change was written.
    Conflict { stored: u64 },
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "browser storage is not available ({why})"),
            Self::QuotaExceeded => f.write_str("browser storage is full"),
            Self::Write(why) => write!(f, "the browser refused to save ({why})"),
            Self::Conflict { stored } => write!(
                f,
                "another tab saved first (revision {stored}), so this change was not saved"
            ),
        }
    }
}

impl StorageError {
    /// What to do about a change that ran but was not stored.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Conflict { .. } => {
                "This tab keeps the change unsaved: choose in the banner above whether to load the other tab's version or keep this one."
            }
            Self::QuotaExceeded => {
                "Nothing of it was saved: it has been undone. The message at the top of the page says what takes the space and can download a backup."
            }
            _ => "It has been undone; nothing was changed. Try again, or download a backup from Settings.",
        }
    }
}

/// What loading found, besides the workspace to start with.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadNotice {
    /// A stored document was read as it was.
    None,
    /// Nothing was stored: this is the demo workspace.
    FirstRun,
    /// The stored document was in an older format and has been upgraded.
    Migrated { from: u64 },
    /// The stored text could not be read; it was kept under `backup_key`
    /// (unless `backup_key` is `None`, when even that failed and the stored
    /// text was left where it was, and saving is switched off).
    Recovered {
        error: WorkspaceError,
        backup_key: Option<String>,
        damaged_text: String,
    },
    /// No storage: everything stays in memory for this tab.
    Unavailable(StorageError),
    /// The stored workspace cannot be used by this build (written by a newer
    /// Preflight, or damaged): it is left untouched and saving is off.
    Refused(WorkspaceError),
    /// The workspace an older build kept in `localStorage` (format `from`)
    /// now lives in the browser database.
    MovedToDatabase { from: u64 },
    /// Data loaded on purpose into memory only (the benchmark page); the
    /// stored workspace is left as it was.
    InMemory(String),
}

/// The result of [`WorkspaceStorage::load`].
#[derive(Debug, Clone)]
pub struct Loaded {
    pub workspace: Workspace,
    pub notice: LoadNotice,
    /// False when writing would destroy data we could not back up.
    pub can_save: bool,
}

/// The workspace document under one key of `localStorage`.
#[derive(Debug, Clone)]
pub struct WorkspaceStorage {
    key: String,
}

impl Default for WorkspaceStorage {
    fn default() -> Self {
        Self::new(WORKSPACE_KEY)
    }
}

impl WorkspaceStorage {
    /// Storage under `key`; tests use their own keys.
    pub fn new(key: impl Into<String>) -> Self {
        Self { key: key.into() }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// Prefix of the keys that hold damaged documents.
    pub fn backup_prefix(&self) -> String {
        format!("{}.damaged.", self.key)
    }

    /// Whether `localStorage` can be used at all, checked without panicking
    /// (gloo's accessors assume it exists).
    pub fn available() -> Result<(), StorageError> {
        let window =
            web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
        let storage = window
            .local_storage()
            .map_err(|e| StorageError::Unavailable(js_text(&e)))?
            .ok_or_else(|| StorageError::Unavailable("localStorage is missing".into()))?;
        // Some browsers expose the object but throw on first use.
        storage
            .get_item("preflight.probe")
            .map_err(|e| StorageError::Unavailable(js_text(&e)))?;
        Ok(())
    }

    /// Loads the workspace, whatever state storage is in.
    pub fn load(&self) -> Loaded {
        if let Err(e) = Self::available() {
            return Loaded {
                workspace: demo::workspace(),
                notice: LoadNotice::Unavailable(e),
                can_save: false,
            };
        }
        let text = match LocalStorage::raw().get_item(&self.key) {
            Ok(Some(text)) => text,
            Ok(None) => {
                return Loaded {
                    workspace: demo::workspace(),
                    notice: LoadNotice::FirstRun,
                    can_save: true,
                }
            }
            Err(e) => {
                return Loaded {
                    workspace: demo::workspace(),
                    notice: LoadNotice::Unavailable(StorageError::Unavailable(js_text(&e))),
                    can_save: false,
                }
            }
        };
        match Workspace::from_json(&text) {
            Ok(workspace) => {
                let from = stored_version(&text);
                let notice = match from {
                    Some(v) if v < u64::from(preflight_core::SCHEMA_VERSION) => {
                        LoadNotice::Migrated { from: v }
                    }
                    _ => LoadNotice::None,
                };
                Loaded {
                    workspace,
                    notice,
                    can_save: true,
                }
            }
            Err(error) => {
                let backup_key = format!("{}{}", self.backup_prefix(), js_sys::Date::now() as u64);
                let backed_up = LocalStorage::raw().set_item(&backup_key, &text).is_ok();
                Loaded {
                    workspace: Workspace::empty(),
                    notice: LoadNotice::Recovered {
                        error,
                        backup_key: backed_up.then_some(backup_key),
                        damaged_text: text,
                    },
                    can_save: backed_up,
                }
            }
        }
    }

    /// Stores the workspace; on failure the stored document is unchanged.
    pub fn save(&self, workspace: &Workspace) -> Result<(), StorageError> {
        Self::available()?;
        LocalStorage::set(&self.key, workspace).map_err(classify)
    }

    /// The revision of the stored document, if one is stored and readable.
    pub fn stored_revision(&self) -> Option<u64> {
        #[derive(serde::Deserialize)]
        struct Revision {
            #[serde(default)]
            revision: u64,
        }
        let text = Self::raw_text(&self.key)?;
        serde_json::from_str::<Revision>(&text)
            .ok()
            .map(|r| r.revision)
    }

    /// The stored workspace, if one is stored and readable.
    pub fn read(&self) -> Option<Workspace> {
        Workspace::from_json(&Self::raw_text(&self.key)?).ok()
    }

    /// Keys of the damaged documents kept by earlier recoveries, oldest first.
    pub fn backups(&self) -> Vec<String> {
        if Self::available().is_err() {
            return Vec::new();
        }
        let raw = LocalStorage::raw();
        let prefix = self.backup_prefix();
        let len = raw.length().unwrap_or(0);
        let mut keys: Vec<String> = (0..len)
            .filter_map(|i| raw.key(i).ok().flatten())
            .filter(|k| k.starts_with(&prefix))
            .collect();
        keys.sort();
        keys
    }

    /// The raw text stored under any key.
    pub fn raw_text(key: &str) -> Option<String> {
        Self::available().ok()?;
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    /// Removes a key; used by tests and by "discard backup".
    pub fn remove(key: &str) {
        if Self::available().is_ok() {
            let _ = LocalStorage::raw().remove_item(key);
        }
    }
}

/// The `schema_version` a stored text claims, if it is readable at all.
fn stored_version(text: &str) -> Option<u64> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()?
        .get("schema_version")?
        .as_u64()
}

fn classify(e: GlooError) -> StorageError {
    match e {
        GlooError::JsError(js) if is_quota(&js.name, &js.message) => StorageError::QuotaExceeded,
        GlooError::JsError(js) => StorageError::Write(format!("{}: {}", js.name, js.message)),
        other => StorageError::Write(other.to_string()),
    }
}

/// Chromium says `QuotaExceededError`, Firefox `NS_ERROR_DOM_QUOTA_REACHED`.
fn is_quota(name: &str, message: &str) -> bool {
    name == "QuotaExceededError"
        || name == "NS_ERROR_DOM_QUOTA_REACHED"
        || message.to_ascii_lowercase().contains("quota")
}

fn js_text(value: &wasm_bindgen::JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(value, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The automatic backups builds before IndexedDB kept in `localStorage`:
/// read once to move them into the database ([`super::WorkspaceDb`]).
impl WorkspaceStorage {
    /// Prefix of the keys that held automatic backups.
    pub fn legacy_backup_prefix(&self) -> String {
        format!("{}.backup.", self.key)
    }

    /// The automatic backups still in `localStorage`: `(key, time in ms,
    /// text)`, oldest first.
    pub fn legacy_backups(&self) -> Vec<(String, u64, String)> {
        if Self::available().is_err() {
            return Vec::new();
        }
        let raw = LocalStorage::raw();
        let prefix = self.legacy_backup_prefix();
        let len = raw.length().unwrap_or(0);
        let mut found: Vec<(String, u64, String)> = (0..len)
            .filter_map(|i| raw.key(i).ok().flatten())
            .filter_map(|key| {
                let ms = key.strip_prefix(&prefix)?.parse().ok()?;
                let text = raw.get_item(&key).ok().flatten()?;
                Some((key, ms, text))
            })
            .collect();
        found.sort_by_key(|(_, ms, _)| *ms);
        found
    }
}

/// Where the id of the build this browser ran last is kept: a few
/// characters, so `localStorage` is the place (it is read before the
/// database opens).
const BUILD_KEY: &str = "preflight.build";

/// Notes that this browser now runs `build` and returns the build it ran
/// before, if one was noted. Without storage nothing is noted; a full
/// storage only loses the notice next time.
pub fn swap_build_id(build: &str) -> Option<String> {
    WorkspaceStorage::available().ok()?;
    let raw = LocalStorage::raw();
    let previous = raw.get_item(BUILD_KEY).ok().flatten();
    let _ = raw.set_item(BUILD_KEY, build);
    previous
}
