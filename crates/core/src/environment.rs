//! One environment of the pipeline: a named config tree with a version.
//!
//! The version is bumped on every write, which is what lets a promotion
//! detect that the target changed since it was reviewed (a stale review, or
//! another tab). `promoted_base` remembers which source version the last
//! promotion came from, so the next promotion can merge three ways.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// A stable, URL-safe environment id such as `qa` or `production-2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EnvId(pub String);

impl EnvId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EnvId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for EnvId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// Where the last promotion into an environment came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotedBase {
    /// The source environment of that promotion.
    pub from: EnvId,
    /// The source's version at the time; its snapshot is the merge base.
    pub version: u64,
    /// The snapshot holding the source content that was promoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
}

/// An environment: its config and the bookkeeping that makes promotion safe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    pub id: EnvId,
    pub name: String,
    /// The config tree, key order preserved. Shared, so that a snapshot, a
    /// draft of the workspace and the store's record of what was committed
    /// hold the same tree rather than copies of it (and compare equal at a
    /// glance).
    #[serde(deserialize_with = "crate::formats::exact_json::deserialize_shared")]
    pub config: Arc<Value>,
    /// Bumped on every write.
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloned_from: Option<EnvId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_base: Option<PromotedBase>,
}

impl Environment {
    /// A new environment at version 1.
    pub fn new(id: impl Into<EnvId>, name: impl Into<String>, config: Value) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            config: Arc::new(config),
            version: 1,
            cloned_from: None,
            promoted_base: None,
        }
    }

    /// Replaces the config and bumps the version; a no-op when unchanged.
    pub fn set_config(&mut self, config: Value) -> bool {
        if identical(&self.config, &config) {
            return false;
        }
        self.config = Arc::new(config);
        self.version += 1;
        true
    }
}

impl From<String> for EnvId {
    fn from(s: String) -> Self {
        Self(s)
    }
}

/// Equality that also requires the same key order.
///
/// `serde_json::Map` with `preserve_order` compares like a set of entries, so
/// a reordered object is `==`; a config editor must still treat it as a change.
pub fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && identical(va, vb))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| identical(p, q))
        }
        // Numbers as written: `-0.0` is not identical to `0.0`.
        _ => crate::diff::same(a, b),
    }
}
