//! Masks of secret values: what every display, audit entry and export shows
//! in place of a secret.
//!
//! ## Why keyed
//!
//! A mask shows that two secrets are equal without showing either. The
//! first masks were 24 bits of an unsalted SHA-256 (`••••••• #3fa2c1`):
//! anyone holding an audit entry could hash candidate passwords and find
//! the one that matched. A mask is now an HMAC-SHA256 of the value under a
//! random per-workspace [`MaskKey`], so equal secrets still look equal
//! inside the workspace, and nobody without the key can test a guess.
//!
//! HMAC comes from RustCrypto's `hmac` crate, the family of the `sha2`
//! already used for change-set hashes: pure Rust with no C or assembly
//! that would need a target toolchain, so it builds for wasm32 as it does
//! natively, and no crypto is written by hand here.
//!
//! ## Tokens
//!
//! | kind | text | from |
//! | --- | --- | --- |
//! | [`MaskKind::Current`] | `••••••• ~` and 8 base64url characters (48 bits of the HMAC) | a workspace with a key |
//! | [`MaskKind::Opaque`] | `•••••••` alone | no key yet (an older workspace before the app made one) |
//! | [`MaskKind::Legacy`] | `••••••• #` and 6 hex digits | audit entries written before keys existed |
//!
//! [`is_mask_token`] tells them apart, so old audit text can be shown as
//! what it is (guessable) without being rewritten.
//!
//! ## The key
//!
//! Core has no random number generator: the shell draws 32 bytes (with
//! `crypto.getRandomValues`) and hands them to [`MaskKey::from_bytes`]
//! through [`Workspace::ensure_mask_key`](crate::workspace::Workspace::ensure_mask_key).
//! The key is serialized as base64url in the workspace settings (so stored
//! copies and backups keep their masks comparable) and goes nowhere else:
//! approval links carry masked changes, never settings, and its `Debug`
//! form does not print it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use sha2::Sha256;

/// What every mask starts with.
const DOTS: &str = "•••••••";
/// Characters of HMAC in a current token (6 bytes, base64url).
const TAG_CHARS: usize = 8;
/// Digits of SHA-256 in a legacy token.
const LEGACY_HEX: usize = 6;
/// Domain separation: the key may one day sign other things, and a mask
/// must never equal such a tag.
const DOMAIN: &[u8] = b"preflight-mask/1\0";

/// A workspace's random key for masks (32 bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct MaskKey([u8; 32]);

impl MaskKey {
    /// How many random bytes a key takes.
    pub const LEN: usize = 32;

    /// A key from 32 random bytes drawn by the caller.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The mask of `value` under this key (see [`mask_with`]).
    pub fn mask(&self, value: &Value) -> String {
        mask_with(Some(self), value)
    }

    fn tag(&self, canonical: &str) -> String {
        // A 32-byte key is always a valid HMAC key; the fallback is never taken.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(DOMAIN);
        mac.update(canonical.as_bytes());
        let bytes = mac.finalize().into_bytes();
        URL_SAFE_NO_PAD.encode(&bytes[..TAG_CHARS * 3 / 4])
    }
}

impl std::fmt::Debug for MaskKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the bytes: a Debug print ends up in logs and panics.
        f.write_str("MaskKey(…)")
    }
}

impl Serialize for MaskKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&URL_SAFE_NO_PAD.encode(self.0))
    }
}

impl<'de> Deserialize<'de> for MaskKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .map_err(|_| serde::de::Error::custom("a mask key must be base64url"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| serde::de::Error::custom("a mask key must be 32 bytes"))?;
        Ok(Self(bytes))
    }
}

/// Which kind of mask a text is (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskKind {
    /// Keyed: cannot be tested against guesses without the key.
    Current,
    /// Written without a key: shows nothing, not even equality.
    Opaque,
    /// Unsalted SHA-256 of old: a guess can be checked against it.
    Legacy,
}

/// The kind of mask `text` is, or `None` when it is not a mask.
pub fn is_mask_token(text: &str) -> Option<MaskKind> {
    let rest = text.strip_prefix(DOTS)?;
    if rest.is_empty() {
        return Some(MaskKind::Opaque);
    }
    if let Some(tag) = rest.strip_prefix(" ~") {
        let ok = tag.len() == TAG_CHARS
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        return ok.then_some(MaskKind::Current);
    }
    if let Some(hex) = rest.strip_prefix(" #") {
        let ok = hex.len() == LEGACY_HEX
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        return ok.then_some(MaskKind::Legacy);
    }
    None
}

/// True when `value` holds a legacy (guessable) mask anywhere: audit
/// entries written before keys existed are shown with a note on this
/// flag, never rewritten.
pub fn has_legacy_mask(value: &Value) -> bool {
    match value {
        Value::String(s) => is_mask_token(s) == Some(MaskKind::Legacy),
        Value::Array(items) => items.iter().any(has_legacy_mask),
        Value::Object(map) => map.values().any(has_legacy_mask),
        _ => false,
    }
}

/// A secret value as every display and export shows it: the dots and a
/// keyed tag, so that equal secrets look equal within the workspace; the
/// dots alone without a key.
///
/// The tag is taken of the canonical text: a string as it is, any other
/// value as compact JSON. A value that already is a mask token is returned
/// as it is, so that masking a masked change set changes nothing (the
/// change-set hash relies on this: see [`crate::changeset`]). The price is
/// that a secret whose clear text is itself a mask token is shown as that
/// token, which tells nothing about any other secret.
pub fn mask_with(key: Option<&MaskKey>, value: &Value) -> String {
    let canonical = match value {
        Value::String(s) => {
            if is_mask_token(s).is_some() {
                return s.clone();
            }
            std::borrow::Cow::Borrowed(s.as_str())
        }
        other => std::borrow::Cow::Owned(other.to_string()),
    };
    match key {
        Some(key) => format!("{DOTS} ~{}", key.tag(&canonical)),
        None => DOTS.to_owned(),
    }
}
