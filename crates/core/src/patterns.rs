//! Pinned (environment-specific) and secret keys, as glob patterns over
//! pointers, and the masking of secret values.
//!
//! (Being built: see issue 3.)

use serde::{Deserialize, Serialize};

/// The user's pinned and secret patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternSet {
    pub pinned: Vec<String>,
    pub secret: Vec<String>,
}

impl Default for PatternSet {
    fn default() -> Self {
        Self {
            pinned: [
                "/database/**",
                "**/baseUrl",
                "**/account",
                "**/concurrency",
                "**/host",
                "**/url",
            ]
            .map(String::from)
            .to_vec(),
            secret: [
                "**/password",
                "**/apiKey",
                "**/*secret*",
                "**/*token*",
                "**/*Secret*",
                "**/*Token*",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl PatternSet {
    /// True when `pointer` is an environment-specific key.
    pub fn is_pinned(&self, _pointer: &str) -> bool {
        todo!("issue 3: glob matching")
    }
    /// True when `pointer` holds a secret.
    pub fn is_secret(&self, _pointer: &str) -> bool {
        todo!("issue 3: glob matching")
    }
}

/// A secret value as every display and export shows it: a fixed mask and a
/// short hash, so that equal secrets still look equal.
pub fn mask(_value: &serde_json::Value) -> String {
    todo!("issue 3: masking")
}
