//! Links and files: the envelope every shared payload travels in.
//!
//! - a **link**: the envelope, deflated and base64url-encoded, in the URL
//!   fragment (never sent to a server): `#r=` a request, `#a=` a record,
//!   `#k=` a key card;
//! - a **file** (`.preflight.json`): the same envelope as readable JSON.
//!
//! The envelope names its kind and format version and carries the SHA-256
//! of its body, so a truncated, corrupted or edited payload is refused with
//! a specific error instead of being shown as if it were valid. A digest
//! proves integrity in transit, not authorship: anyone can compute one.
//! Authorship is the approver's signature ([`super::signing`]).

use super::signing::hex;
use super::trust::KeyCard;
use super::types::{ApprovalRecord, ApprovalRequest};
use super::{FORMAT_VERSION, MAX_PAYLOAD_BYTES};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use thiserror::Error;

/// Either payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Shared {
    Request(ApprovalRequest),
    Record(ApprovalRecord),
    /// An approver's public key with their name (see [`super::trust`]).
    KeyCard(KeyCard),
}

impl Shared {
    fn kind(&self) -> &'static str {
        match self {
            Shared::Request(_) => KIND_REQUEST,
            Shared::Record(_) => KIND_RECORD,
            Shared::KeyCard(_) => KIND_KEY_CARD,
        }
    }
}

const KIND_REQUEST: &str = "preflight-approval-request";
const KIND_RECORD: &str = "preflight-approval-record";
const KIND_KEY_CARD: &str = "preflight-key-card";

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

fn digest(body: &Value) -> String {
    hex(&Sha256::digest(body.to_string().as_bytes()))
}

fn envelope(shared: &Shared) -> Value {
    let body = match shared {
        Shared::Request(r) => serde_json::to_value(r),
        Shared::Record(r) => serde_json::to_value(r),
        Shared::KeyCard(c) => serde_json::to_value(c),
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

/// Reads a link payload (the part after `#r=`, `#a=` or `#k=`, or a whole
/// URL).
pub fn from_link_payload(payload: &str) -> Result<Shared, ShareError> {
    let payload = payload.trim();
    let payload = payload
        .rsplit_once('#')
        .map_or(payload, |(_, f)| f)
        .trim_start_matches("r=")
        .trim_start_matches("a=")
        .trim_start_matches("k=");
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
        Some(KIND_KEY_CARD) => KIND_KEY_CARD,
        Some(other) => return Err(not(format!("it is a {other:?}"))),
        None => return Err(not("it has no \"kind\"".to_owned())),
    };
    let label = match kind {
        KIND_REQUEST => "approval request",
        KIND_RECORD => "approval record",
        _ => "key card",
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
    let body = body.clone();
    Ok(match kind {
        KIND_REQUEST => Shared::Request(serde_json::from_value(body).map_err(invalid)?),
        KIND_RECORD => Shared::Record(serde_json::from_value(body).map_err(invalid)?),
        _ => Shared::KeyCard(serde_json::from_value(body).map_err(invalid)?),
    })
}
