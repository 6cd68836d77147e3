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
