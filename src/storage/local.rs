//! The `localStorage` half of the storage adapter: the schema-2 document
//! that older builds kept there (read once, to move it into IndexedDB), the
//! copies of damaged documents, and the automatic backups.
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
                "It has been undone. Free some space (Settings → Storage shows what uses it, and can download a backup), then try again."
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

/// Everything Preflight keeps starts with this (workspace, backups, build).
pub const PREFLIGHT_PREFIX: &str = "preflight.";

/// What browsers allow one origin in `localStorage`: about five million
/// characters (UTF-16 code units) in most of them.
pub const STORAGE_BUDGET: usize = 5 * 1024 * 1024;

/// A copy of the workspace kept in browser storage before a replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptBackup {
    /// The storage key, `preflight.workspace.backup.<ms>`.
    pub key: String,
    /// When it was kept, from the key (milliseconds since the epoch).
    pub time_ms: u64,
    /// Its size in characters.
    pub size: usize,
}

/// How much of the browser's storage Preflight uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StorageUsage {
    /// Characters (keys and values) of Preflight's keys.
    pub preflight: usize,
    /// Characters of every key of this origin, Preflight's included.
    pub origin: usize,
}

impl StorageUsage {
    /// Preflight's share of [`STORAGE_BUDGET`], in percent (at most 100).
    pub fn percent(&self) -> u8 {
        let percent = self.preflight.saturating_mul(100) / STORAGE_BUDGET;
        u8::try_from(percent.min(100)).unwrap_or(100)
    }
}

/// Automatic backups: copies of the workspace kept before it is replaced,
/// so that a restore can always be undone.
impl WorkspaceStorage {
    /// Prefix of the keys that hold automatic backups.
    pub fn auto_backup_prefix(&self) -> String {
        format!("{}.backup.", self.key)
    }

    /// Keeps `text` under a new automatic backup key and returns the key.
    /// A full storage is [`StorageError::QuotaExceeded`]: nothing was kept.
    pub fn keep_backup(&self, text: &str) -> Result<String, StorageError> {
        Self::available()?;
        let raw = LocalStorage::raw();
        let mut ms = js_sys::Date::now() as u64;
        let mut key = format!("{}{ms}", self.auto_backup_prefix());
        while matches!(raw.get_item(&key), Ok(Some(_))) {
            ms += 1;
            key = format!("{}{ms}", self.auto_backup_prefix());
        }
        raw.set_item(&key, text).map_err(|e| {
            let name = js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            let message = js_text(&e);
            if is_quota(&name, &message) {
                StorageError::QuotaExceeded
            } else {
                StorageError::Write(message)
            }
        })?;
        Ok(key)
    }

    /// The automatic backups kept in this browser, newest first.
    pub fn kept_backups(&self) -> Vec<KeptBackup> {
        if Self::available().is_err() {
            return Vec::new();
        }
        let raw = LocalStorage::raw();
        let prefix = self.auto_backup_prefix();
        let len = raw.length().unwrap_or(0);
        let mut kept: Vec<KeptBackup> = (0..len)
            .filter_map(|i| raw.key(i).ok().flatten())
            .filter_map(|key| {
                let time_ms = key.strip_prefix(&prefix)?.parse().ok()?;
                let size = raw.get_item(&key).ok().flatten()?.encode_utf16().count();
                Some(KeptBackup { key, time_ms, size })
            })
            .collect();
        kept.sort_by_key(|k| std::cmp::Reverse(k.time_ms));
        kept
    }

    /// Characters used by Preflight's keys and by the whole origin.
    pub fn usage() -> StorageUsage {
        if Self::available().is_err() {
            return StorageUsage::default();
        }
        let raw = LocalStorage::raw();
        let len = raw.length().unwrap_or(0);
        let mut usage = StorageUsage::default();
        for key in (0..len).filter_map(|i| raw.key(i).ok().flatten()) {
            let value = raw.get_item(&key).ok().flatten().unwrap_or_default();
            let size = key.encode_utf16().count() + value.encode_utf16().count();
            usage.origin += size;
            if key.starts_with(PREFLIGHT_PREFIX) {
                usage.preflight += size;
            }
        }
        usage
    }
}
