//! The records that travel: a request, the approver's answer, and the
//! approval it carries.

use super::signing::Signature;
use crate::diff::Change;
use crate::environment::EnvId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Approved or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approved,
    Rejected,
}

impl Decision {
    /// "Approved" or "Rejected", for people.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Approved => "Approved",
            Decision::Rejected => "Rejected",
        }
    }
}

/// A stakeholder's answer to one change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// SHA-256 of the change set's canonical form, hex.
    pub changeset_hash: String,
    pub decision: Decision,
    pub approver: String,
    #[serde(default)]
    pub comment: String,
    /// When the approver says they answered: signed, but only a claim. The
    /// order of answers is the order they were attached in.
    pub time: Timestamp,
    /// The paths the approver saw selected: an approval covers promoting
    /// those changes of the change set, not others. `None` (records from
    /// before selections were recorded) covers nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<Vec<String>>,
    /// The approver's Ed25519 signature over [`super::signing_bytes`], with
    /// the public key. `None` in records from before signatures: those are
    /// kept and shown, and never count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// When this workspace attached the record (not signed: set by
    /// [`super::attach`] and backup merges, never taken from a link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_at: Option<Timestamp>,
}

impl Approval {
    /// The paths of `paths` this approval does not cover (empty when it
    /// covers them all). An approval without a selection covers nothing.
    pub fn uncovered<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let approved: &[String] = self.selected.as_deref().unwrap_or_default();
        paths
            .into_iter()
            .filter(|p| !approved.iter().any(|a| a == p))
            .map(str::to_owned)
            .collect()
    }

    /// The same signed answer (whatever this workspace noted about it).
    pub fn same_answer(&self, other: &Approval) -> bool {
        let strip = |a: &Approval| Approval {
            attached_at: None,
            ..a.clone()
        };
        strip(self) == strip(other)
    }
}

/// One side of the promotion, as the approver sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvLabel {
    pub id: EnvId,
    pub name: String,
    pub version: u64,
}

/// What a requester sends to an approver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalRequest {
    pub from: EnvLabel,
    pub to: EnvLabel,
    /// The hash of the full change set in the requester's workspace.
    pub changeset_hash: String,
    /// Its changes; secret values masked unless `secrets_included`.
    pub changes: Vec<Change>,
    /// Paths the requester selected for promotion.
    pub selected: Vec<String>,
    #[serde(default)]
    pub comment: String,
    pub requested_by: String,
    pub requested_at: Timestamp,
    #[serde(default)]
    pub secrets_included: bool,
}

/// An approver's answer, with what it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRecord {
    pub from: EnvLabel,
    pub to: EnvLabel,
    pub approval: Approval,
}
