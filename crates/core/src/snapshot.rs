//! Immutable snapshots of an environment's config, and revert.
//!
//! (Being built: see issue 3.)

use crate::environment::EnvId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a snapshot was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "description")]
pub enum SnapshotReason {
    BeforePromotion,
    AfterPromotion,
    BeforeRevert,
    AfterRevert,
    Manual(String),
}

/// A frozen copy of one environment's config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub env: EnvId,
    pub env_version: u64,
    pub time: Timestamp,
    pub actor: String,
    pub reason: SnapshotReason,
    pub content: Value,
}
