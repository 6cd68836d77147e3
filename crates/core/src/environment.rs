//! One environment of the pipeline: a named config tree with a version.
//!
//! The version is bumped on every write, which is what lets a promotion
//! detect that the target changed since it was reviewed (a stale review, or
//! another tab). `promoted_base` remembers which source version the last
//! promotion came from, so the next promotion can merge three ways.
//!
//! ## The file as written
//!
//! An environment imported from a file (or edited in its own format) keeps
//! that file's text in [`Environment::source`] ([`EnvSource`]). The
//! invariant is `files::parse(source) == config`, key order included: the
//! tree is always *read from* the text after every write (a promotion edits
//! the text, then takes the tree that text reads as), so even for TOML,
//! whose editor may place keys in another order than a tree would, the
//! config keeps the file's own order. [`Environment::set_config`] (a write
//! of the tree alone) drops the text rather than leave it saying something
//! else; the writers that keep it go through
//! [`Environment::set_config_and_source`].

use crate::files::{SourceFormat, SourceText};
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
    /// The config's file as written, when it came from one (absent in
    /// workspaces from before files were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<EnvSource>,
}

/// An environment's file: its format, its exact text and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvSource {
    pub format: SourceFormat,
    /// The exact bytes of the file (shared with snapshots of it).
    pub text: Arc<str>,
    /// The name remembered from the import (for downloads and patches);
    /// settable in the environment's settings.
    pub file_name: String,
}

impl EnvSource {
    pub fn new(
        format: SourceFormat,
        text: impl Into<Arc<str>>,
        file_name: impl Into<String>,
    ) -> Self {
        Self {
            format,
            text: text.into(),
            file_name: file_name.into(),
        }
    }

    /// The text as the editors take it.
    pub fn source_text(&self) -> SourceText {
        SourceText::new(self.format, self.text.as_ref())
    }

    /// Whether the two hold the same file (text compared by pointer first).
    pub fn same(&self, other: &EnvSource) -> bool {
        self.format == other.format
            && self.file_name == other.file_name
            && (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
    }
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
            source: None,
        }
    }

    /// Replaces the config and bumps the version; a no-op when unchanged.
    /// A changed config drops the source text, which no longer says it
    /// (callers that keep the text use [`Self::set_config_and_source`]).
    pub fn set_config(&mut self, config: Value) -> bool {
        if identical(&self.config, &config) {
            return false;
        }
        self.config = Arc::new(config);
        self.source = None;
        self.version += 1;
        true
    }

    /// Replaces config and source together (the caller guarantees that
    /// `source`, when given, reads as `config`); bumps the version when
    /// either changed.
    pub fn set_config_and_source(&mut self, config: Value, source: Option<EnvSource>) -> bool {
        let same_source = match (&self.source, &source) {
            (None, None) => true,
            (Some(a), Some(b)) => a.same(b),
            _ => false,
        };
        let same_config = identical(&self.config, &config);
        if same_config && same_source {
            return false;
        }
        if !same_config {
            self.config = Arc::new(config);
        }
        self.source = source;
        self.version += 1;
        true
    }

    /// The source text as the editors take it.
    pub fn source_text(&self) -> Option<SourceText> {
        self.source.as_ref().map(EnvSource::source_text)
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
