//! What the approval card on the promote page, and the promotion's printed
//! summary, show: the answer that counts with its signer, what it leaves
//! uncovered, and the attached records that do not count, with why.

use super::ledger::{entries, latest};
use super::signing::SignatureError;
use super::trust::verify;
use super::types::Decision;
use crate::workspace::Workspace;
use jiff::Timestamp;

/// The answer that counts, with who signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub decision: Decision,
    /// The signer's trusted name.
    pub signer: String,
    /// The signer's key fingerprint in groups of four.
    pub fingerprint: String,
    pub comment: String,
    /// The time the record claims.
    pub claimed_time: Timestamp,
    pub attached_at: Option<Timestamp>,
}

impl Decided {
    /// "Approved by Grace (key 3fa2 c1d9 …)": one line for people.
    pub fn line(&self) -> String {
        format!(
            "{} by {} (key {})",
            self.decision.label(),
            self.signer,
            self.fingerprint
        )
    }
}

/// An attached record that does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub decision: Decision,
    /// The name the record gives.
    pub approver: String,
    pub reason: SignatureError,
}

/// The approval card's model for one change set and selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalCard {
    /// Promotions into production need an approval.
    pub required: bool,
    pub decided: Option<Decided>,
    /// Selected paths the counting approval does not cover (only for an
    /// approval).
    pub uncovered: Vec<String>,
    /// Attached records that do not count, in the order attached.
    pub refused: Vec<Refused>,
}

/// The answer that counts for `hash`, if any.
pub fn decided(ws: &Workspace, hash: &str) -> Option<Decided> {
    let a = latest(ws, hash)?;
    let signer = verify(a, &ws.settings.trusted_approvers).ok()?;
    Some(Decided {
        decision: a.decision,
        signer: signer.name.clone(),
        fingerprint: signer.grouped(),
        comment: a.comment.clone(),
        claimed_time: a.time,
        attached_at: a.attached_at,
    })
}

/// The card for the change set `hash` with `selected` paths ticked.
pub fn card<'a>(
    ws: &Workspace,
    hash: &str,
    selected: impl IntoIterator<Item = &'a str>,
) -> ApprovalCard {
    let decided = decided(ws, hash);
    let uncovered = match (&decided, latest(ws, hash)) {
        (Some(d), Some(a)) if d.decision == Decision::Approved => a.uncovered(selected),
        _ => Vec::new(),
    };
    let refused = entries(ws, hash)
        .into_iter()
        .filter_map(|e| {
            e.verdict.err().map(|reason| Refused {
                decision: e.decision,
                approver: e.approver,
                reason,
            })
        })
        .collect();
    ApprovalCard {
        required: ws.settings.require_approval,
        decided,
        uncovered,
        refused,
    }
}
