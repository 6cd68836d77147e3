//! Ed25519 signatures over approvals and key cards.
//!
//! The browser signs (WebCrypto, with a key that never leaves it); this
//! module says *what* is signed and checks signatures, so every rule is
//! tested natively.
//!
//! ## What is signed
//!
//! [`signing_bytes`] is a canonical byte string, never JSON (whose key order
//! and number forms vary): the domain prefix [`APPROVAL_DOMAIN`] (which
//! names the format version, so a signature over anything else never
//! passes for an approval), then each field as a 4-byte big-endian length
//! and its UTF-8 bytes, in this order: the change-set hash; the number of
//! selected paths (4 bytes) and each path; the decision (`approved` or
//! `rejected`); the approver's name; the comment; the claimed time in
//! nanoseconds since the Unix epoch, in decimal. A missing selection is
//! written as an empty one: both cover nothing.
//!
//! ## Telling failures apart
//!
//! A [`Signature`] carries the public key, the signature and the SHA-256
//! of the bytes that were signed. Checking goes: no signature is
//! [`SignatureError::Unsigned`]; bytes whose digest is not the one the
//! signer recorded mean a field was changed afterwards
//! ([`SignatureError::Altered`]); a signature that does not verify under
//! the key it names was made by another key or made up
//! ([`SignatureError::Forged`]). Only the signature is proof: someone who
//! edits a field and recomputes the digest gets "forged" rather than
//! "altered", and is refused all the same. A valid signature by a key this
//! workspace does not trust is [`SignatureError::Untrusted`] (see
//! [`super::trust`]).
//!
//! ## Why `ed25519-dalek`
//!
//! It is the dalek-cryptography project's Ed25519, maintained with
//! `curve25519-dalek`, pure Rust (so it builds for `wasm32-unknown-unknown`
//! and is tested natively with `cargo test`), and the implementation most
//! of the Rust ecosystem verifies with. We use `verify_strict`, which also
//! refuses weak keys and malleable signatures.

use super::types::{Approval, Decision};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The prefix of every signed approval: names the purpose and the version.
pub const APPROVAL_DOMAIN: &[u8] = b"preflight/approval-signature/v1\0";

/// The prefix of a signed key card.
pub const KEY_CARD_DOMAIN: &[u8] = b"preflight/key-card/v1\0";

/// An approver's signature over one approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The raw 32-byte Ed25519 public key, base64url without padding.
    pub public_key: String,
    /// The 64-byte signature, base64url without padding.
    pub signature: String,
    /// SHA-256 (hex) of the bytes that were signed: tells an altered record
    /// from a forged one (see the module docs). Not itself proof.
    pub signed_digest: String,
}

/// Why a signed record is not accepted. Each says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureError {
    #[error("unsigned: this record carries no signature, so anyone could have written it")]
    Unsigned,
    #[error("altered: this record was changed after it was signed (its change set, scope, decision, name, comment or time is not what the signature covers)")]
    Altered,
    #[error("forged: the signature was not made with the key this record names ({why})")]
    Forged { why: &'static str },
    #[error("untrusted: signed as “{signed_as}” with a key that is not one of this workspace's trusted approvers (fingerprint {})", group(fingerprint))]
    Untrusted {
        fingerprint: String,
        signed_as: String,
    },
    #[error("signed with the key of trusted approver “{trusted_as}”, but in the name of “{signed_as}” (fingerprint {})", group(fingerprint))]
    WrongName {
        signed_as: String,
        trusted_as: String,
        fingerprint: String,
    },
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    // Lengths beyond 4 GiB cannot occur: inputs are capped far below.
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
}

/// The canonical bytes an approver signs (see the module docs).
pub fn signing_bytes(a: &Approval) -> Vec<u8> {
    let mut out = APPROVAL_DOMAIN.to_vec();
    put(&mut out, a.changeset_hash.as_bytes());
    let selected: &[String] = a.selected.as_deref().unwrap_or_default();
    let count = u32::try_from(selected.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&count.to_be_bytes());
    for path in selected {
        put(&mut out, path.as_bytes());
    }
    let decision = match a.decision {
        Decision::Approved => "approved",
        Decision::Rejected => "rejected",
    };
    put(&mut out, decision.as_bytes());
    put(&mut out, a.approver.as_bytes());
    put(&mut out, a.comment.as_bytes());
    put(&mut out, a.time.as_nanosecond().to_string().as_bytes());
    out
}

/// The bytes a key card's owner signs: its name under its key.
pub fn key_card_bytes(name: &str, public_key: &[u8]) -> Vec<u8> {
    let mut out = KEY_CARD_DOMAIN.to_vec();
    put(&mut out, name.as_bytes());
    put(&mut out, public_key);
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The fingerprint of a raw public key: SHA-256, hex.
pub fn fingerprint(public_key: &[u8]) -> String {
    hex(&Sha256::digest(public_key))
}

/// A fingerprint for people: groups of four hex digits.
pub fn group(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Base64url without padding, as keys and signatures travel.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn key(text: &str) -> Result<(VerifyingKey, Vec<u8>), SignatureError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| SignatureError::Forged {
            why: "its public key is not base64url",
        })?;
    let raw: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| SignatureError::Forged {
            why: "its public key is not 32 bytes",
        })?;
    let key = VerifyingKey::from_bytes(&raw).map_err(|_| SignatureError::Forged {
        why: "its public key is not an Ed25519 key",
    })?;
    Ok((key, bytes))
}

/// Checks `signature` (base64url) over `message` under `public_key`
/// (base64url); gives the key's fingerprint.
pub(crate) fn check(
    public_key: &str,
    signature: &str,
    message: &[u8],
) -> Result<String, SignatureError> {
    let (key, raw) = key(public_key)?;
    let sig = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| SignatureError::Forged {
            why: "its signature is not base64url",
        })?;
    let sig: [u8; 64] = sig
        .as_slice()
        .try_into()
        .map_err(|_| SignatureError::Forged {
            why: "its signature is not 64 bytes",
        })?;
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&sig))
        .map_err(|_| SignatureError::Forged {
            why: "it does not verify",
        })?;
    Ok(fingerprint(&raw))
}

/// Checks `a`'s signature alone (not whether its key is trusted): gives
/// the signing key's fingerprint.
pub fn verify_signature(a: &Approval) -> Result<String, SignatureError> {
    let s = a.signature.as_ref().ok_or(SignatureError::Unsigned)?;
    let bytes = signing_bytes(a);
    if hex(&Sha256::digest(&bytes)) != s.signed_digest {
        return Err(SignatureError::Altered);
    }
    check(&s.public_key, &s.signature, &bytes)
}

/// `a` with the signature the browser made over [`signing_bytes`]`(a)`
/// (raw key and signature bytes), checked before it is handed out: a
/// signature that does not verify never leaves.
pub fn seal(
    mut a: Approval,
    public_key: &[u8],
    signature: &[u8],
) -> Result<Approval, SignatureError> {
    let bytes = signing_bytes(&a);
    a.signature = Some(Signature {
        public_key: encode(public_key),
        signature: encode(signature),
        signed_digest: hex(&Sha256::digest(&bytes)),
    });
    verify_signature(&a)?;
    Ok(a)
}
