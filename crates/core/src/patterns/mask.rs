//! Masks of secret values.

use sha2::{Digest, Sha256};

/// A secret value as every display and export shows it: a fixed mask and a
/// short hash, so that equal secrets still look equal.
pub fn mask(value: &serde_json::Value) -> String {
    let canonical = match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let digest = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(6);
    for b in &digest[..3] {
        hex.push_str(&format!("{b:02x}"));
    }
    format!("••••••• #{hex}")
}
