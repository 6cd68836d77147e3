//! Stakeholder approval by link or file.
//!
//! A requester shares an [`ApprovalRequest`]: the change set's hash, its
//! changes (secret values masked unless the requester opted in), the
//! selection, who asks and why. The approver answers with an
//! [`ApprovalRecord`] bound to that hash. Both travel the same way:
//!
//! - as a **link**: an envelope, deflated and base64url-encoded, in the URL
//!   fragment (never sent to a server);
//! - as a **file** (`.preflight.json`): the same envelope as readable JSON.
//!
//! The envelope names its kind and format version and carries the SHA-256
//! of its body, so a truncated, corrupted or edited payload is refused with
//! a specific error instead of being shown as if it were valid. (A digest
//! proves integrity, not authorship: anyone can compute one. Approvals are
//! a record of consent, not a signature.)
//!
//! Back in the requester's workspace, [`attach`] accepts a record only when
//! its hash is the hash of the change set as it is now: if the change set
//! was edited or the target changed since, the record no longer applies.

use crate::audit::{self, AuditAction, AuditEvent};
use crate::changeset::ChangeSet;
use crate::diff::Change;
use crate::environment::EnvId;
use crate::workspace::Workspace;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use thiserror::Error;

/// The envelope format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Links longer than this are hard to send; the UI suggests the file.
pub const LINK_WARN_CHARS: usize = 8_000;

/// The largest payload accepted once inflated (guards against zip bombs).
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024 * 1024;

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
    /// The paths the approver saw selected: an approval covers promoting
    /// those changes of the change set, not others. `None` (records from
    /// before selections were recorded) covers the whole change set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<Vec<String>>,
}

impl Approval {
    /// The paths of `paths` this approval does not cover (empty when it
    /// covers them all).
    pub fn uncovered<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        match &self.selected {
            None => Vec::new(),
            Some(approved) => paths
                .into_iter()
                .filter(|p| !approved.iter().any(|a| a == p))
                .map(str::to_owned)
                .collect(),
        }
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

/// Either payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    Request(ApprovalRequest),
    Record(ApprovalRecord),
}

impl Shared {
    fn kind(&self) -> &'static str {
        match self {
            Shared::Request(_) => KIND_REQUEST,
            Shared::Record(_) => KIND_RECORD,
        }
    }
}

const KIND_REQUEST: &str = "preflight-approval-request";
const KIND_RECORD: &str = "preflight-approval-record";

/// Why a link or file could not be read. Nothing was shown or changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShareError {
    #[error("the link holds no approval data")]
    Empty,
    #[error("the link is damaged: character {position} is not part of a Preflight link (it may have been cut or changed)")]
    NotBase64 { position: usize },
    #[error("the link is damaged or cut short: its data does not unpack")]
    Corrupt,
    #[error("the data is larger than {limit} bytes once unpacked")]
    TooLarge { limit: usize },
    #[error("not a Preflight approval {what}: {message}")]
    NotPreflight { what: &'static str, message: String },
    #[error(
        "this {kind} was written by a newer Preflight (format {found}; this one reads {supported})"
    )]
    TooNew {
        kind: &'static str,
        found: u64,
        supported: u32,
    },
    #[error("the data was changed after it was shared: its checksum does not match (expected {expected}, found {found})")]
    Tampered { expected: String, found: String },
    #[error("the {kind} is incomplete: {message}")]
    Invalid { kind: &'static str, message: String },
}

/// Why a record could not be attached. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AttachError {
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(body: &Value) -> String {
    hex(&Sha256::digest(body.to_string().as_bytes()))
}

fn envelope(shared: &Shared) -> Value {
    let body = match shared {
        Shared::Request(r) => serde_json::to_value(r),
        Shared::Record(r) => serde_json::to_value(r),
    }
    // Plain data with string keys always serializes.
    .unwrap_or(Value::Null);
    serde_json::json!({
        "kind": shared.kind(),
        "version": FORMAT_VERSION,
        "sha256": digest(&body),
        "body": body,
    })
}

/// The envelope as a link payload (for the URL fragment).
pub fn to_link_payload(shared: &Shared) -> String {
    let json = envelope(shared).to_string();
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(json.as_bytes());
    let bytes = enc.finish().unwrap_or_default();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The envelope as a `.preflight.json` file.
pub fn to_file(shared: &Shared) -> String {
    serde_json::to_string_pretty(&envelope(shared)).unwrap_or_default()
}

/// Reads a link payload (the part after `#r=` or `#a=`, or a whole URL).
pub fn from_link_payload(payload: &str) -> Result<Shared, ShareError> {
    let payload = payload.trim();
    let payload = payload
        .rsplit_once('#')
        .map_or(payload, |(_, f)| f)
        .trim_start_matches("r=")
        .trim_start_matches("a=");
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    if let Some(position) = payload
        .chars()
        .position(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(ShareError::NotBase64 {
            position: position + 1,
        });
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| ShareError::Corrupt)?;
    let mut out = Vec::new();
    DeflateDecoder::new(&bytes[..])
        .take(MAX_PAYLOAD_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| ShareError::Corrupt)?;
    if out.len() > MAX_PAYLOAD_BYTES {
        return Err(ShareError::TooLarge {
            limit: MAX_PAYLOAD_BYTES,
        });
    }
    let text = String::from_utf8(out).map_err(|_| ShareError::Corrupt)?;
    read_envelope(&text, "link")
}

/// Reads a `.preflight.json` file.
pub fn from_file(text: &str) -> Result<Shared, ShareError> {
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(ShareError::TooLarge {
            limit: MAX_PAYLOAD_BYTES,
        });
    }
    read_envelope(text, "file")
}

fn read_envelope(text: &str, what: &'static str) -> Result<Shared, ShareError> {
    let not = |message: String| ShareError::NotPreflight { what, message };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        not(format!(
            "not JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        ))
    })?;
    let kind = match value.get("kind").and_then(Value::as_str) {
        Some(KIND_REQUEST) => KIND_REQUEST,
        Some(KIND_RECORD) => KIND_RECORD,
        Some(other) => return Err(not(format!("it is a {other:?}"))),
        None => return Err(not("it has no \"kind\"".to_owned())),
    };
    let label = if kind == KIND_REQUEST {
        "approval request"
    } else {
        "approval record"
    };
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| not("it has no format version".to_owned()))?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(ShareError::TooNew {
            kind: label,
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let body = value
        .get("body")
        .ok_or_else(|| not("it has no body".to_owned()))?;
    let expected = value
        .get("sha256")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let found = digest(body);
    if expected != found {
        return Err(ShareError::Tampered { expected, found });
    }
    let invalid = |e: serde_json::Error| ShareError::Invalid {
        kind: label,
        message: e.to_string(),
    };
    Ok(if kind == KIND_REQUEST {
        Shared::Request(serde_json::from_value(body.clone()).map_err(invalid)?)
    } else {
        Shared::Record(serde_json::from_value(body.clone()).map_err(invalid)?)
    })
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

/// The approver's answer to `request`. The approver needs a name.
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
        },
    })
}

/// Attaches a record to the workspace when it answers the change set from
/// `record.from` into `record.to` as it is now; writes one audit event.
pub fn attach(
    ws: &mut Workspace,
    record: &ApprovalRecord,
    actor: &str,
    now: Timestamp,
) -> Result<(), AttachError> {
    let (from, to) = (&record.from.id, &record.to.id);
    for id in [from, to] {
        if ws.env(id).is_none() {
            return Err(AttachError::UnknownEnvironment(id.clone()));
        }
    }
    let current = ChangeSet::between(ws, from, to)
        .map(|s| s.hash)
        .map_err(|_| AttachError::UnknownEnvironment(to.clone()))?;
    if current != record.approval.changeset_hash {
        return Err(AttachError::Stale {
            record: short_hash(&record.approval.changeset_hash),
            current: short_hash(&current),
            from: record.from.name.clone(),
            to: record.to.name.clone(),
        });
    }
    if ws.approvals.contains(&record.approval) {
        return Err(AttachError::Duplicate);
    }
    ws.approvals.push(record.approval.clone());
    let mut event = AuditEvent::new(
        AuditAction::Approval,
        vec![from.clone(), to.clone()],
        actor,
        now,
    );
    let verb = match record.approval.decision {
        Decision::Approved => "Approved",
        Decision::Rejected => "Rejected",
    };
    let mut comment = format!("{verb} by {}", record.approval.approver);
    if !record.approval.comment.is_empty() {
        comment.push_str(&format!(": {}", record.approval.comment));
    }
    event.comment = comment;
    event.changeset_hash = Some(record.approval.changeset_hash.clone());
    audit::record(ws, event);
    Ok(())
}

/// The latest approval or rejection of the change set with `hash`.
pub fn latest<'a>(ws: &'a Workspace, hash: &str) -> Option<&'a Approval> {
    ws.approvals
        .iter()
        .filter(|a| a.changeset_hash == hash)
        .max_by_key(|a| a.time)
}

/// The first 12 hex digits, for people.
pub fn short_hash(hash: &str) -> String {
    hash.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    fn sample() -> (Workspace, ChangeSet, ApprovalRequest) {
        let ws = demo::workspace();
        let set = ChangeSet::between(&ws, &EnvId::new("qa"), &EnvId::new("production")).unwrap();
        let req = request(
            &ws,
            &set,
            vec!["/logging/level".into()],
            "please",
            "Ada",
            now(),
            false,
        );
        (ws, set, req)
    }

    #[test]
    fn a_request_round_trips_by_link_and_file_without_secrets() {
        let (_, set, req) = sample();
        let link = to_link_payload(&Shared::Request(req.clone()));
        assert!(link.len() < LINK_WARN_CHARS, "{}", link.len());
        assert_eq!(
            from_link_payload(&link).unwrap(),
            Shared::Request(req.clone())
        );
        assert_eq!(
            from_link_payload(&format!("https://x.test/approve#r={link}")).unwrap(),
            Shared::Request(req.clone())
        );
        let file = to_file(&Shared::Request(req.clone()));
        assert_eq!(from_file(&file).unwrap(), Shared::Request(req.clone()));
        for secret in ["qa-erp-pass-37", "live-erp-pass-2f8c", "qa-sf-0b8e3f5512"] {
            assert!(!file.contains(secret));
        }
        assert_eq!(req.changeset_hash, set.hash);
    }

    #[test]
    fn damaged_links_are_refused_specifically() {
        let (_, _, req) = sample();
        let link = to_link_payload(&Shared::Request(req));
        assert_eq!(from_link_payload(""), Err(ShareError::Empty));
        assert!(matches!(
            from_link_payload(&format!("{link}!")),
            Err(ShareError::NotBase64 { .. })
        ));
        assert!(from_link_payload(&link[..link.len() / 2]).is_err());
        // Change one character anywhere: never accepted as valid.
        for i in (0..link.len()).step_by(7) {
            let mut bytes = link.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).unwrap();
            if tampered != link {
                assert!(
                    from_link_payload(&tampered).is_err(),
                    "accepted a change at {i}"
                );
            }
        }
        let mut file: Value = serde_json::from_str(&to_file(&Shared::Request(sample().2))).unwrap();
        file["body"]["comment"] = "edited".into();
        assert!(matches!(
            from_file(&file.to_string()),
            Err(ShareError::Tampered { .. })
        ));
        file["version"] = 9.into();
        assert!(matches!(
            from_file(&file.to_string()),
            Err(ShareError::TooNew { .. })
        ));
        assert!(matches!(
            from_file("{"),
            Err(ShareError::NotPreflight { .. })
        ));
    }

    #[test]
    fn a_record_attaches_only_while_the_change_set_is_unchanged() {
        let (mut ws, _, req) = sample();
        let record = answer(&req, Decision::Approved, "Grace", "ok", now()).unwrap();
        assert!(answer(&req, Decision::Approved, "  ", "", now()).is_err());
        let link = to_link_payload(&Shared::Record(record.clone()));
        let Shared::Record(back) = from_link_payload(&link).unwrap() else {
            panic!()
        };
        let mut stale = ws.clone();
        stale
            .env_mut(&EnvId::new("production"))
            .unwrap()
            .set_config(serde_json::json!({}));
        assert!(matches!(
            attach(&mut stale, &back, "Ada", now()),
            Err(AttachError::Stale { .. })
        ));
        attach(&mut ws, &back, "Ada", now()).unwrap();
        assert_eq!(latest(&ws, &req.changeset_hash).unwrap().approver, "Grace");
        assert_eq!(ws.audit.last().unwrap().action, AuditAction::Approval);
        assert_eq!(
            attach(&mut ws, &back, "Ada", now()),
            Err(AttachError::Duplicate)
        );
    }
}
