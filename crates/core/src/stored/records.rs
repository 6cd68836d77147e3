//! The stored records' shapes: what `workspace`, `env/<id>` and
//! `snap/<id>` hold (see the parent module for the layout).

use super::*;
use crate::environment::PromotedBase;
use crate::files::SourceFormat;
use crate::snapshot::SnapshotReason;
use crate::workspace::Settings;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The workspace record.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct WorkspaceRecord {
    pub schema_version: u32,
    pub settings: Settings,
    pub next_seq: u64,
    pub environments: Vec<EnvId>,
    pub checklists: Vec<String>,
    pub snapshots: Vec<String>,
    pub audit: Vec<String>,
}

/// An environment record without its config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct EnvHead {
    pub id: EnvId,
    pub name: String,
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloned_from: Option<EnvId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_base: Option<PromotedBase>,
    pub tree: TreeRoot,
    /// The longest delta chain among the tree's nodes, so that a load
    /// which reads no nodes can still build the next deltas on them.
    /// Records from before it was kept count as the limit: no deltas.
    #[serde(default = "unknown_chain")]
    pub chain: u8,
    /// The environment's file, when it keeps one (its text is whole in the
    /// record, and in nodes under `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceHead>,
}

/// An environment's or snapshot's file: format, name, text root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct SourceHead {
    pub format: SourceFormat,
    pub file_name: String,
    pub text: TreeRoot,
    /// As [`EnvHead::chain`], for the text's nodes (snapshots: unused).
    #[serde(default = "unknown_chain", skip_serializing_if = "is_max")]
    pub chain: u8,
}

fn is_max(c: &u8) -> bool {
    *c >= crate::objects::delta::MAX_CHAIN
}

fn unknown_chain() -> u8 {
    crate::objects::delta::MAX_CHAIN
}

#[derive(Serialize)]
pub(super) struct EnvRecordOut<'a> {
    pub head: &'a EnvHead,
    pub config: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

/// A snapshot record: the snapshot without its content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct SnapRecord {
    pub id: String,
    pub env: EnvId,
    pub env_version: u64,
    pub time: Timestamp,
    pub actor: String,
    pub reason: SnapshotReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_base: Option<PromotedBase>,
    pub tree: TreeRoot,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_base: Option<TreeRoot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceHead>,
}
