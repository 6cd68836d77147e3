//! Whose signatures count: key cards and the workspace's trusted
//! approvers.
//!
//! An approver's browser makes a [`KeyCard`]: their name and raw public
//! key, signed by that key (so the name cannot be changed on the way). The
//! requester opens it, compares the fingerprint with the one the approver
//! reads out (by phone, in person), and trusts it: [`trust`] keeps the
//! name and the key's fingerprint in [`crate::Settings::trusted_approvers`]
//! and writes an audit event, as every change of a production guard does.
//! [`verify`] accepts a signed record only from a key on that list, under
//! the name it was trusted with.

use super::signing::{self, group, key_card_bytes, SignatureError};
use super::types::Approval;
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The longest name a key card may carry.
pub const MAX_NAME_CHARS: usize = 120;

/// A person's public key with their name, signed by that key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCard {
    pub name: String,
    /// The raw 32-byte Ed25519 public key, base64url.
    pub public_key: String,
    /// The key's signature over [`signing::key_card_bytes`].
    pub signature: String,
}

impl KeyCard {
    /// A card from the raw key and the browser's signature over
    /// [`KeyCard::bytes`]; checked before it is handed out.
    pub fn new(name: &str, public_key: &[u8], signature: &[u8]) -> Result<KeyCard, TrustError> {
        let card = KeyCard {
            name: name.trim().to_owned(),
            public_key: signing::encode(public_key),
            signature: signing::encode(signature),
        };
        card.fingerprint()?;
        Ok(card)
    }

    /// What the key's owner signs to make a card named `name`.
    pub fn bytes(name: &str, public_key: &[u8]) -> Vec<u8> {
        key_card_bytes(name.trim(), public_key)
    }

    /// The key's fingerprint, once the card's name and self-signature are
    /// checked.
    pub fn fingerprint(&self) -> Result<String, TrustError> {
        let name = self.name.trim();
        if name.is_empty() || name != self.name {
            return Err(TrustError::BadName);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(TrustError::NameTooLong {
                limit: MAX_NAME_CHARS,
            });
        }
        let raw = base64_key(&self.public_key)?;
        signing::check(
            &self.public_key,
            &self.signature,
            &key_card_bytes(name, &raw),
        )
        .map_err(TrustError::BadCard)
    }
}

fn base64_key(text: &str) -> Result<Vec<u8>, TrustError> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| {
            TrustError::BadCard(SignatureError::Forged {
                why: "its public key is not base64url",
            })
        })
}

/// One person whose signed approvals count in this workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedApprover {
    pub name: String,
    /// SHA-256 of the raw public key, hex.
    pub fingerprint: String,
    /// The raw public key, base64url (from the card).
    pub public_key: String,
    pub added_at: Timestamp,
    #[serde(default)]
    pub added_by: String,
}

/// Why a key card was not trusted, or a trust not removed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrustError {
    #[error("this key card has no name, or spaces around it")]
    BadName,
    #[error("the name on this key card is longer than {limit} characters")]
    NameTooLong { limit: usize },
    #[error("this key card is not valid: {0}")]
    BadCard(SignatureError),
    #[error("this key is already trusted, as “{name}”")]
    AlreadyTrusted { name: String },
    #[error("no trusted approver has the key {}", group(.0))]
    NotTrusted(String),
}

/// What the confirmation before trusting a card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPreview {
    pub name: String,
    pub fingerprint: String,
    /// The fingerprint in groups of four, for reading out.
    pub grouped: String,
    /// Names of other keys already trusted under the same name.
    pub same_name_keys: Vec<String>,
}

/// Checks `card` for trusting it in `ws`.
pub fn preview_card(ws: &Workspace, card: &KeyCard) -> Result<CardPreview, TrustError> {
    let fingerprint = card.fingerprint()?;
    let trusted = &ws.settings.trusted_approvers;
    if let Some(t) = trusted.iter().find(|t| t.fingerprint == fingerprint) {
        return Err(TrustError::AlreadyTrusted {
            name: t.name.clone(),
        });
    }
    Ok(CardPreview {
        name: card.name.clone(),
        grouped: group(&fingerprint),
        same_name_keys: trusted
            .iter()
            .filter(|t| t.name == card.name)
            .map(|t| group(&t.fingerprint))
            .collect(),
        fingerprint,
    })
}

/// Trusts `card` (after the user confirmed its fingerprint); audited.
pub fn trust(
    ws: &mut Workspace,
    card: &KeyCard,
    actor: &str,
    now: Timestamp,
) -> Result<CardPreview, TrustError> {
    let preview = preview_card(ws, card)?;
    ws.settings.trusted_approvers.push(TrustedApprover {
        name: preview.name.clone(),
        fingerprint: preview.fingerprint.clone(),
        public_key: card.public_key.clone(),
        added_at: now,
        added_by: actor.to_owned(),
    });
    crate::guards::record(
        ws,
        format!(
            "Trusted approver added: {} (key {})",
            preview.name, preview.grouped
        ),
        actor,
        now,
    );
    Ok(preview)
}

/// No longer trusts the key `fingerprint`; audited. Its approvals stay
/// attached and stop counting.
pub fn distrust(
    ws: &mut Workspace,
    fingerprint: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), TrustError> {
    let list = &mut ws.settings.trusted_approvers;
    let at = list
        .iter()
        .position(|t| t.fingerprint == fingerprint)
        .ok_or_else(|| TrustError::NotTrusted(fingerprint.to_owned()))?;
    let gone = list.remove(at);
    crate::guards::record(
        ws,
        format!(
            "Trusted approver removed: {} (key {})",
            gone.name,
            group(&gone.fingerprint)
        ),
        actor,
        now,
    );
    Ok(())
}

/// Who signed an accepted record, as this workspace trusts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The trusted name (equal to the name signed).
    pub name: String,
    pub fingerprint: String,
}

impl Signer {
    /// The fingerprint in groups of four.
    pub fn grouped(&self) -> String {
        group(&self.fingerprint)
    }
}

/// Accepts `a` only when it is signed, unchanged since, by a key among
/// `trusted`, in the name that key was trusted with.
pub fn verify(a: &Approval, trusted: &[TrustedApprover]) -> Result<Signer, SignatureError> {
    let fingerprint = signing::verify_signature(a)?;
    let Some(t) = trusted.iter().find(|t| t.fingerprint == fingerprint) else {
        return Err(SignatureError::Untrusted {
            fingerprint,
            signed_as: a.approver.clone(),
        });
    };
    if t.name != a.approver {
        return Err(SignatureError::WrongName {
            signed_as: a.approver.clone(),
            trusted_as: t.name.clone(),
            fingerprint,
        });
    }
    Ok(Signer {
        name: t.name.clone(),
        fingerprint,
    })
}

/// What replacing the trusted list `before` by `after` (a restore) would
/// change, one line each: for a preview that lists guard changes.
pub fn describe_changes(before: &[TrustedApprover], after: &[TrustedApprover]) -> Vec<String> {
    let has = |list: &[TrustedApprover], t: &TrustedApprover| {
        list.iter()
            .any(|o| o.fingerprint == t.fingerprint && o.name == t.name)
    };
    let removed = before.iter().filter(|t| !has(after, t)).map(|t| {
        format!(
            "Trusted approver removed: {} (key {})",
            t.name,
            group(&t.fingerprint)
        )
    });
    let added = after.iter().filter(|t| !has(before, t)).map(|t| {
        format!(
            "Trusted approver added: {} (key {})",
            t.name,
            group(&t.fingerprint)
        )
    });
    removed.chain(added).collect()
}

/// One row of the trusted approvers' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedRow {
    pub name: String,
    pub fingerprint: String,
    pub grouped: String,
    pub added_at: Timestamp,
    pub added_by: String,
}

/// The trusted approvers, in the order they were added.
pub fn trusted_rows(ws: &Workspace) -> Vec<TrustedRow> {
    ws.settings
        .trusted_approvers
        .iter()
        .map(|t| TrustedRow {
            name: t.name.clone(),
            fingerprint: t.fingerprint.clone(),
            grouped: group(&t.fingerprint),
            added_at: t.added_at,
            added_by: t.added_by.clone(),
        })
        .collect()
}
