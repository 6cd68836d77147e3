//! The workspace: the one document Preflight stores, and its format.
//!
//! The stored form is JSON with a `schema_version`. [`Workspace::from_json`]
//! reads every version ever written and migrates it step by step to
//! [`SCHEMA_VERSION`]; a migration is a pure function over the JSON value,
//! so old documents never need the old Rust types.
//!
//! ## Versions
//!
//! - **1**: the first format. Patterns lived at the top level as
//!   `pinned_patterns` and `secret_patterns`; there were no approvals and
//!   no revision counter.
//! - **2**: patterns moved into `settings.patterns`; `approvals` and
//!   `revision` added.

use crate::approval::{Approval, TrustedApprover};
use crate::audit::AuditEvent;
use crate::checklist::Checklist;
use crate::environment::{EnvId, Environment};
use crate::patterns::{MaskKey, PatternSet, Patterns};
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// The format this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// Why a stored workspace could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkspaceError {
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a Preflight workspace: {0}")]
    NotAWorkspace(String),
    #[error("workspace format {found} is newer than this app understands ({supported}); update Preflight")]
    TooNew { found: u64, supported: u32 },
    #[error("workspace format {version} is damaged: {message}")]
    Invalid { version: u32, message: String },
}

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Preferences that travel with the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The name written into audit events and approvals.
    pub display_name: String,
    pub theme: Theme,
    pub patterns: PatternSet,
    /// The production environment; `None` means the last one.
    pub production_env: Option<EnvId>,
    /// The checklist whose gating items guard promotion into production.
    pub gate_checklist: Option<String>,
    /// Promotion into production needs an approval of the exact change set.
    pub require_approval: bool,
    /// The random key masks are made under (see [`crate::patterns`]).
    /// Kept here, with the patterns it serves, so that stored copies and
    /// backups keep masks comparable; `None` in workspaces written before
    /// keys, until [`Workspace::ensure_mask_key`] is given one. Settings
    /// never travel in approval links or config exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask_key: Option<MaskKey>,
    /// Whose signed approvals count (see [`crate::approval::trust`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_approvers: Vec<TrustedApprover>,
}

impl Settings {
    /// The patterns, compiled leniently (see [`PatternSet::lenient`]), with
    /// the mask key: what every core operation matches and masks with.
    pub fn compiled_patterns(&self) -> Patterns {
        self.patterns.lenient().with_key(self.mask_key.clone())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            display_name: "Release manager".to_owned(),
            theme: Theme::System,
            patterns: PatternSet::default(),
            production_env: None,
            gate_checklist: None,
            require_approval: false,
            mask_key: None,
            trusted_approvers: Vec::new(),
        }
    }
}

/// Everything Preflight knows, in one serializable value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub schema_version: u32,
    /// Ordered: index 0 is the lowest environment.
    pub environments: Vec<Environment>,
    #[serde(default)]
    pub checklists: Vec<Checklist>,
    #[serde(default)]
    pub snapshots: Vec<Snapshot>,
    #[serde(default)]
    pub audit: Vec<AuditEvent>,
    #[serde(default)]
    pub approvals: Vec<Approval>,
    #[serde(default)]
    pub settings: Settings,
    /// Bumped on every stored write, so writers can detect a lost update.
    #[serde(default)]
    pub revision: u64,
    /// Source of unique ids for snapshots and events.
    #[serde(default)]
    pub next_seq: u64,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::empty()
    }
}

impl Workspace {
    /// A workspace with nothing in it.
    pub fn empty() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            environments: Vec::new(),
            checklists: Vec::new(),
            snapshots: Vec::new(),
            audit: Vec::new(),
            approvals: Vec::new(),
            settings: Settings::default(),
            revision: 0,
            next_seq: 0,
        }
    }

    /// True when the workspace has no mask key yet (an older document):
    /// the shell then draws random bytes for [`Workspace::ensure_mask_key`].
    pub fn needs_mask_key(&self) -> bool {
        self.settings.mask_key.is_none()
    }

    /// Gives the workspace a mask key made from `bytes` (32 random bytes
    /// the caller drew) unless it has one; true when the key was set. An
    /// existing key is never replaced: masks already written would stop
    /// matching new ones.
    pub fn ensure_mask_key(&mut self, bytes: [u8; MaskKey::LEN]) -> bool {
        if self.settings.mask_key.is_some() {
            return false;
        }
        self.settings.mask_key = Some(MaskKey::from_bytes(bytes));
        true
    }

    /// Reads a stored workspace of any known version, migrating it.
    pub fn from_json(text: &str) -> Result<Self, WorkspaceError> {
        let value =
            crate::formats::exact_json::from_str(text).map_err(|e| WorkspaceError::Syntax {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        Self::from_value(value)
    }

    /// Like [`Workspace::from_json`], from an already parsed value.
    pub fn from_value(value: Value) -> Result<Self, WorkspaceError> {
        let migrated = migrate(value)?;
        serde_json::from_value(migrated).map_err(|e| WorkspaceError::Invalid {
            version: SCHEMA_VERSION,
            message: e.to_string(),
        })
    }

    /// The stored form.
    ///
    /// Fails, naming the snapshot, while a snapshot's content has not been
    /// read from storage ([`crate::snapshot::read_in`]).
    pub fn to_json(&self) -> Result<String, crate::snapshot::SnapshotError> {
        self.require_loaded()?;
        // Plain data with string keys, all in memory: cannot fail.
        Ok(serde_json::to_string(self).unwrap_or_default())
    }

    /// Fails, naming it, when a snapshot's content is not in memory.
    pub fn require_loaded(&self) -> Result<(), crate::snapshot::SnapshotError> {
        match self.snapshots.iter().find(|s| !s.is_loaded()) {
            Some(s) => Err(crate::snapshot::SnapshotError::NotLoaded(s.id.clone())),
            None => Ok(()),
        }
    }

    /// A fresh id with a readable prefix, unique within this workspace.
    pub fn next_id(&mut self, prefix: &str) -> String {
        self.next_seq += 1;
        format!("{prefix}-{}", self.next_seq)
    }

    pub fn env(&self, id: &EnvId) -> Option<&Environment> {
        self.environments.iter().find(|e| &e.id == id)
    }

    pub fn env_mut(&mut self, id: &EnvId) -> Option<&mut Environment> {
        self.environments.iter_mut().find(|e| &e.id == id)
    }

    /// An environment's display name, or its id when it is gone (history
    /// can name deleted environments).
    pub fn env_name(&self, id: &EnvId) -> String {
        self.env(id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Position of an environment in the pipeline (0 is the lowest).
    pub fn env_index(&self, id: &EnvId) -> Option<usize> {
        self.environments.iter().position(|e| &e.id == id)
    }

    /// The production environment: the chosen one, else the last.
    pub fn production(&self) -> Option<&Environment> {
        self.settings
            .production_env
            .as_ref()
            .and_then(|id| self.env(id))
            .or_else(|| self.environments.last())
    }

    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.id == id)
    }

    pub fn checklist_mut(&mut self, id: &str) -> Option<&mut Checklist> {
        self.checklists.iter_mut().find(|c| c.id == id)
    }
}

/// Brings a stored document of any older version up to [`SCHEMA_VERSION`].
pub fn migrate(mut value: Value) -> Result<Value, WorkspaceError> {
    let Some(obj) = value.as_object() else {
        return Err(WorkspaceError::NotAWorkspace(
            "the top level is not an object".to_owned(),
        ));
    };
    let version = match obj.get("schema_version") {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| {
            WorkspaceError::NotAWorkspace(format!("schema_version {n} is not a whole number"))
        })?,
        Some(other) => {
            return Err(WorkspaceError::NotAWorkspace(format!(
                "schema_version is {other}, not a number"
            )))
        }
        None => {
            return Err(WorkspaceError::NotAWorkspace(
                "there is no schema_version".to_owned(),
            ))
        }
    };
    if version == 0 {
        return Err(WorkspaceError::NotAWorkspace(
            "schema_version 0 was never written".to_owned(),
        ));
    }
    if version > u64::from(SCHEMA_VERSION) {
        return Err(WorkspaceError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut v = version as u32;
    while v < SCHEMA_VERSION {
        value = match v {
            1 => v1_to_v2(value)?,
            _ => unreachable_version(v)?,
        };
        v += 1;
    }
    Ok(value)
}

fn unreachable_version(v: u32) -> Result<Value, WorkspaceError> {
    Err(WorkspaceError::Invalid {
        version: v,
        message: "no migration is known from this version".to_owned(),
    })
}

/// v1 kept the patterns at the top level and had no approvals.
fn v1_to_v2(mut value: Value) -> Result<Value, WorkspaceError> {
    let invalid = |message: &str| WorkspaceError::Invalid {
        version: 1,
        message: message.to_owned(),
    };
    let obj = value
        .as_object_mut()
        .ok_or_else(|| invalid("the top level is not an object"))?;
    let pinned = obj.shift_remove("pinned_patterns");
    let secret = obj.shift_remove("secret_patterns");
    let settings = obj
        .entry("settings")
        .or_insert_with(|| Value::Object(Default::default()))
        .as_object_mut()
        .ok_or_else(|| invalid("settings is not an object"))?;
    if pinned.is_some() || secret.is_some() {
        let defaults = PatternSet::default();
        let patterns = serde_json::json!({
            "pinned": pinned.unwrap_or_else(|| serde_json::json!(defaults.pinned)),
            "secret": secret.unwrap_or_else(|| serde_json::json!(defaults.secret)),
        });
        settings.insert("patterns".to_owned(), patterns);
    }
    obj.entry("approvals")
        .or_insert_with(|| Value::Array(Vec::new()));
    obj.insert("revision".to_owned(), Value::from(0));
    obj.insert("schema_version".to_owned(), Value::from(2));
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_mask_key_is_made_once_from_given_bytes_and_stored() {
        let mut ws = Workspace::empty();
        assert!(ws.needs_mask_key());
        assert!(ws.ensure_mask_key([1; 32]));
        assert!(!ws.ensure_mask_key([2; 32]), "an existing key is kept");
        assert_eq!(ws.settings.mask_key, Some(MaskKey::from_bytes([1; 32])));
        let text = serde_json::to_string(&ws).unwrap();
        let back = Workspace::from_json(&text).unwrap();
        assert_eq!(back.settings.mask_key, ws.settings.mask_key);
        let v = json!("hunter2");
        assert_eq!(
            back.settings.compiled_patterns().mask(&v),
            MaskKey::from_bytes([1; 32]).mask(&v)
        );
        // Older documents have no key, and say so.
        let old = Workspace::from_json(r#"{"schema_version": 2, "environments": []}"#).unwrap();
        assert!(old.needs_mask_key());
        assert!(!serde_json::to_string(&old).unwrap().contains("mask_key"));
    }

    #[test]
    fn stored_configs_come_back_without_spare_capacity() {
        let mut ws = Workspace::empty();
        let list: Vec<u32> = (0..5).collect();
        ws.environments.push(Environment::new(
            "dev",
            "Development",
            json!({"list": list}),
        ));
        let back = Workspace::from_json(&ws.to_json().unwrap()).unwrap();
        let capacity = back.environments[0].config["list"]
            .as_array()
            .map(Vec::capacity);
        assert_eq!(capacity, Some(5));
    }

    #[test]
    fn round_trip_keeps_everything() {
        let mut ws = Workspace::empty();
        ws.environments.push(Environment::new(
            "dev",
            "Development",
            json!({"z": 1, "a": {"c": 2, "b": 3}}),
        ));
        ws.settings.display_name = "Ada".into();
        let back = Workspace::from_json(&ws.to_json().unwrap()).unwrap();
        assert_eq!(back, ws);
        assert_eq!(
            serde_json::to_string(&back.environments[0].config).unwrap(),
            r#"{"z":1,"a":{"c":2,"b":3}}"#
        );
    }

    #[test]
    fn v1_is_migrated() {
        let v1 = json!({
            "schema_version": 1,
            "environments": [{"id": "dev", "name": "Development", "config": {}, "version": 3}],
            "pinned_patterns": ["/db/**"],
            "settings": {"display_name": "Ada"}
        });
        let ws = Workspace::from_json(&v1.to_string()).unwrap();
        assert_eq!(ws.schema_version, SCHEMA_VERSION);
        assert_eq!(ws.settings.patterns.pinned, vec!["/db/**"]);
        assert_eq!(ws.settings.patterns.secret, PatternSet::default().secret);
        assert_eq!(ws.settings.display_name, "Ada");
        assert_eq!(ws.environments[0].version, 3);
    }

    #[test]
    fn bad_documents_are_typed_errors() {
        assert!(matches!(
            Workspace::from_json("{\n  \"a\": ,"),
            Err(WorkspaceError::Syntax { line: 2, .. })
        ));
        assert!(matches!(
            Workspace::from_json("[]"),
            Err(WorkspaceError::NotAWorkspace(_))
        ));
        assert!(matches!(
            Workspace::from_json(r#"{"environments": []}"#),
            Err(WorkspaceError::NotAWorkspace(_))
        ));
        assert!(matches!(
            Workspace::from_json(r#"{"schema_version": 99, "environments": []}"#),
            Err(WorkspaceError::TooNew { found: 99, .. })
        ));
        assert!(matches!(
            Workspace::from_json(r#"{"schema_version": 2, "environments": 5}"#),
            Err(WorkspaceError::Invalid { .. })
        ));
    }
}
