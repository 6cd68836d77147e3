//! The append-only audit trail.
//!
//! (Being built: see issue 3.)

use crate::environment::EnvId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What an audit event records.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    Promotion,
    Revert,
    ConfigEdit,
    Import,
    Snapshot,
    EnvironmentAdded,
    EnvironmentRenamed,
    EnvironmentReordered,
    EnvironmentDeleted,
    EnvironmentCloned,
    Approval,
    GateOverride,
}

/// One changed path as the audit keeps it (secret values already masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditChange {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: String,
    pub actor: String,
    pub time: Timestamp,
    pub action: AuditAction,
    pub environments: Vec<EnvId>,
    #[serde(default)]
    pub changes: Vec<AuditChange>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub snapshots: Vec<String>,
}
