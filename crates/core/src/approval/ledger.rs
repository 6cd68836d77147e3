//! Asking, answering and attaching: the approvals a workspace keeps, and
//! which of them count.
//!
//! [`attach`] accepts a record only when its signature is valid and from a
//! trusted approver ([`super::verify`]) and its hash is the hash of the
//! change set as it is now: if the change set was edited or the target
//! changed since, the record no longer applies. [`inspect`] runs the same
//! checks without changing anything, for the confirmation the user sees
//! first.
//!
//! Records are kept in the order they were attached, and that order
//! decides: [`latest`] is the last attached record that still verifies,
//! whatever time the record claims. A record signed "2099" that was
//! attached before a rejection does not override it.

use super::signing::SignatureError;
use super::trust::{verify, Signer};
use super::types::{Approval, ApprovalRecord, ApprovalRequest, Decision, EnvLabel};
use super::ShareError;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::changeset::ChangeSet;
use crate::environment::EnvId;
use crate::workspace::Workspace;
use jiff::Timestamp;
use thiserror::Error;

/// Why a record could not be attached. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AttachError {
    #[error("this approval record is refused as {0}")]
    Refused(#[from] SignatureError),
    #[error("there is no environment {0:?} in this workspace")]
    UnknownEnvironment(EnvId),
    #[error("this approval no longer matches: it answers change set {record}, but {from} → {to} is now {current}; the change set was edited or the target changed since it was sent. Request a new approval.")]
    Stale {
        record: String,
        current: String,
        from: String,
        to: String,
    },
    #[error("this approval is already attached")]
    Duplicate,
}

fn label(ws: &Workspace, id: &EnvId, version: u64) -> EnvLabel {
    EnvLabel {
        id: id.clone(),
        name: ws
            .env(id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_string()),
        version,
    }
}

/// Builds the request for `set` (a change set between two environments).
///
/// Secret values are masked unless `include_secrets`; the hash is always
/// the change set's own, taken of its masked form (see
/// [`crate::changeset`]), which is what an approval binds to. Settings,
/// the mask key among them, are never part of a request.
pub fn request(
    ws: &Workspace,
    set: &ChangeSet,
    selected: Vec<String>,
    comment: &str,
    requested_by: &str,
    now: Timestamp,
    include_secrets: bool,
) -> ApprovalRequest {
    let from = set
        .from
        .as_ref()
        .map(|f| label(ws, &f.id, f.version))
        .unwrap_or_else(|| EnvLabel {
            id: EnvId::new("patch"),
            name: "Imported patch".to_owned(),
            version: 0,
        });
    let patterns = ws.settings.compiled_patterns();
    let changes = set
        .changes
        .iter()
        .map(|c| {
            if include_secrets {
                c.clone()
            } else {
                c.masked(&patterns)
            }
        })
        .collect();
    ApprovalRequest {
        from,
        to: label(ws, &set.to.id, set.to.version),
        changeset_hash: set.hash.clone(),
        changes,
        selected,
        comment: comment.trim().to_owned(),
        requested_by: requested_by.trim().to_owned(),
        requested_at: now,
        secrets_included: include_secrets,
    }
}

/// The approver's answer to `request`, still unsigned: the browser signs
/// [`super::signing_bytes`] of its approval and [`super::seal`]s it. The
/// approver needs a name.
pub fn answer(
    request: &ApprovalRequest,
    decision: Decision,
    approver: &str,
    comment: &str,
    now: Timestamp,
) -> Result<ApprovalRecord, ShareError> {
    let approver = approver.trim();
    if approver.is_empty() {
        return Err(ShareError::Invalid {
            kind: "approval record",
            message: "the approver's name is missing".to_owned(),
        });
    }
    Ok(ApprovalRecord {
        from: request.from.clone(),
        to: request.to.clone(),
        approval: Approval {
            changeset_hash: request.changeset_hash.clone(),
            decision,
            approver: approver.to_owned(),
            comment: comment.trim().to_owned(),
            time: now,
            selected: Some(request.selected.clone()),
            signature: None,
            attached_at: None,
        },
    })
}

/// What the user confirms before a record is attached: who signed it, and
/// what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPreview {
    pub decision: Decision,
    pub signer: Signer,
    pub from: String,
    pub to: String,
    /// The paths it covers (none when it has no selection).
    pub scope: Vec<String>,
    pub comment: String,
    /// The time the record claims.
    pub claimed_time: Timestamp,
    pub changeset_hash: String,
}

/// Checks `record` as [`attach`] would, changing nothing.
pub fn inspect(ws: &Workspace, record: &ApprovalRecord) -> Result<RecordPreview, AttachError> {
    let a = &record.approval;
    let signer = verify(a, &ws.settings.trusted_approvers)?;
    let (from, to) = (&record.from.id, &record.to.id);
    for id in [from, to] {
        if ws.env(id).is_none() {
            return Err(AttachError::UnknownEnvironment(id.clone()));
        }
    }
    let current = ChangeSet::between(ws, from, to)
        .map(|s| s.hash)
        .map_err(|_| AttachError::UnknownEnvironment(to.clone()))?;
    if current != a.changeset_hash {
        return Err(AttachError::Stale {
            record: short_hash(&a.changeset_hash),
            current: short_hash(&current),
            from: record.from.name.clone(),
            to: record.to.name.clone(),
        });
    }
    if ws.approvals.iter().any(|b| b.same_answer(a)) {
        return Err(AttachError::Duplicate);
    }
    Ok(RecordPreview {
        decision: a.decision,
        signer,
        from: ws.env_name(from),
        to: ws.env_name(to),
        scope: a.selected.clone().unwrap_or_default(),
        comment: a.comment.clone(),
        claimed_time: a.time,
        changeset_hash: a.changeset_hash.clone(),
    })
}

fn audit_comment(a: &Approval, signer: &Signer, via: &str) -> String {
    let mut comment = format!(
        "{} by {} (key {}){via}",
        a.decision.label(),
        signer.name,
        signer.grouped()
    );
    if !a.comment.is_empty() {
        comment.push_str(&format!(": {}", a.comment));
    }
    comment
}

/// Attaches a record to the workspace when it is signed by a trusted
/// approver and answers the change set from `record.from` into
/// `record.to` as it is now; writes one audit event.
pub fn attach(
    ws: &mut Workspace,
    record: &ApprovalRecord,
    actor: &str,
    now: Timestamp,
) -> Result<RecordPreview, AttachError> {
    let preview = inspect(ws, record)?;
    let mut approval = record.approval.clone();
    approval.attached_at = Some(now);
    ws.approvals.push(approval);
    let mut event = AuditEvent::new(
        AuditAction::Approval,
        vec![record.from.id.clone(), record.to.id.clone()],
        actor,
        now,
    );
    event.comment = audit_comment(&record.approval, &preview.signer, "");
    event.changeset_hash = Some(record.approval.changeset_hash.clone());
    audit::record(ws, event);
    Ok(preview)
}

/// The last attached approval or rejection of the change set with `hash`
/// that is signed by a trusted approver. Unsigned, altered, forged and
/// untrusted records never count.
pub fn latest<'a>(ws: &'a Workspace, hash: &str) -> Option<&'a Approval> {
    ws.approvals
        .iter()
        .rev()
        .filter(|a| a.changeset_hash == hash)
        .find(|a| verify(a, &ws.settings.trusted_approvers).is_ok())
}

/// One attached record, as the approval card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalEntry {
    pub decision: Decision,
    /// The name the record gives.
    pub approver: String,
    pub comment: String,
    pub claimed_time: Timestamp,
    pub attached_at: Option<Timestamp>,
    /// Who signed it, or why it does not count.
    pub verdict: Result<Signer, SignatureError>,
}

/// Every record attached for `hash`, in the order attached.
pub fn entries(ws: &Workspace, hash: &str) -> Vec<ApprovalEntry> {
    ws.approvals
        .iter()
        .filter(|a| a.changeset_hash == hash)
        .map(|a| ApprovalEntry {
            decision: a.decision,
            approver: a.approver.clone(),
            comment: a.comment.clone(),
            claimed_time: a.time,
            attached_at: a.attached_at,
            verdict: verify(a, &ws.settings.trusted_approvers),
        })
        .collect()
}

/// What a backup merge did with the approvals it carried.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergedApprovals {
    pub added: usize,
    /// Refused records: who they name and why.
    pub refused: Vec<String>,
}

/// Adds the approvals a backup carries that verify here (signed by a
/// trusted approver, unchanged) and are not here yet, each audited as an
/// attach is; refuses the rest.
pub fn merge_incoming(
    ws: &mut Workspace,
    incoming: Vec<Approval>,
    actor: &str,
    now: Timestamp,
) -> MergedApprovals {
    let mut out = MergedApprovals::default();
    for mut a in incoming {
        if ws.approvals.iter().any(|b| b.same_answer(&a)) {
            continue;
        }
        let signer = match verify(&a, &ws.settings.trusted_approvers) {
            Ok(s) => s,
            Err(e) => {
                out.refused
                    .push(format!("{} by {}: {e}", a.decision.label(), a.approver));
                continue;
            }
        };
        a.attached_at = Some(now);
        let mut event = AuditEvent::new(AuditAction::Approval, Vec::new(), actor, now);
        event.comment = audit_comment(&a, &signer, ", from a backup merge");
        event.changeset_hash = Some(a.changeset_hash.clone());
        ws.approvals.push(a);
        audit::record(ws, event);
        out.added += 1;
    }
    out
}

/// The first 12 hex digits, for people.
pub fn short_hash(hash: &str) -> String {
    hash.chars().take(12).collect()
}
