//! Stakeholder approvals bound to a change-set hash.
//!
//! (Being built: see issue 6.)

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Approved or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approved,
    Rejected,
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
    pub time: Timestamp,
}
