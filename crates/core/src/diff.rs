//! Structural diff of two config trees, keyed by JSON Pointer.
//!
//! [`diff`] compares an old document `a` with a new document `b` and returns
//! one [`Change`] per difference, in document order. [`apply`] applies any
//! subset of those changes to a target, touching nothing else.
//! [`diff_indexed`] gives the same changes from two hashed trees, skipping
//! the subtrees whose content ids are equal.
//!
//! ```
//! use preflight_core::diff::{apply, diff, ChangeKind, DiffOptions};
//! use serde_json::json;
//!
//! let a = json!({"flows": [{"id": "x", "on": true}, {"id": "y", "on": true}]});
//! let b = json!({"flows": [{"id": "y", "on": true}, {"id": "x", "on": false}]});
//! let changes = diff(&a, &b, &DiffOptions::default());
//! // x moved behind y, and x's `on` changed: paths point into `a`,
//! // `to` into `b`.
//! assert_eq!(changes[0].kind, ChangeKind::Moved);
//! assert_eq!((changes[0].path.as_str(), changes[0].to.as_deref()), ("/flows/0", Some("/flows/1")));
//! assert_eq!(changes[1].kind, ChangeKind::Modified);
//! assert_eq!(changes[1].path, "/flows/0/on");
//!
//! let mut target = a.clone();
//! apply(&mut target, &changes).unwrap();
//! assert_eq!(target, b);
//! ```
//!
//! ## Paths
//!
//! Every `path` is an RFC 6901 pointer **into the old document `a`**: that
//! is where the old value of a Removed, Modified, TypeChanged or Moved
//! change lives. An Added value does not exist in `a`, so its path is its
//! parent's pointer in `a` followed by its key (objects) or its index in
//! `b` (arrays). When the value sits somewhere else in `b` (array elements
//! shifted or moved), [`Change::to`] holds its pointer in `b`. The `group`
//! is always the parent of `path`: the object (or array) the change belongs
//! to, so all changes of one group share one coordinate system.
//!
//! ## Arrays
//!
//! - **Keyed arrays.** When every element on both sides is an object with a
//!   unique string or number under one identity key (candidates `id`,
//!   `name`, `key` by default, or a key chosen for a path with
//!   [`DiffOptions::identity_key_at`]), elements are matched by that key.
//!   Unmatched ones are Removed or Added; matched ones are compared field by
//!   field; a matched element outside the longest run of elements that kept
//!   their relative order is Moved (or nothing when order is ignored). A
//!   reordered array therefore yields a few Moved changes, never a cascade
//!   of Modified.
//! - **Other arrays** (scalars, objects without identity, mixed) are
//!   aligned by a longest-common-subsequence diff over element hashes
//!   (`similar`'s Myers). A replaced run is compared pairwise (so a changed
//!   scalar is Modified and a changed object yields changes inside it); the
//!   rest of the run is Removed or Added.
//!
//! Moved changes carry no `old`/`new` values; their `path` is the old
//! position and `to` the new one.
//!
//! ## Applying a subset
//!
//! [`apply`] first finds every change's place in the target, then edits
//! values in place, then rebuilds each touched object or array once,
//! deepest first, so no index ever goes stale while applying:
//!
//! - Elements of keyed arrays are found by identity ([`Change::steps`]),
//!   not by index, so changes also apply to a target whose array has
//!   shifted since the diff (a three-way merge).
//! - An Added object member goes right after its predecessor in `b` (or
//!   first), an Added or Moved keyed element right after the element that
//!   precedes it in `b`; a missing anchor puts it at the end, several
//!   such in the order of the changes (b's order), never in hash order.
//!   Moved keyed elements are placed in b's order, each by its index in
//!   `b` (the path's own when it kept its index). This is recorded in
//!   [`Change::slot`].
//! - An Added element of a positional array goes before the old element it
//!   preceded in the alignment; several at one place keep `b`'s order. A
//!   Removed or Modified positional element is checked against its old
//!   value and looked up by value when the index went stale.
//! - Removing what is already gone is not an error.
//! - It is all or nothing: every check runs before the first edit, and
//!   an [`ApplyError`] names the change's path and what was missing.
//!
//! Numbers are compared as they are written: `-0.0` and `0.0` are equal
//! for `serde_json` but are different bytes, so the diff reports a
//! Modified change between them (and `1` versus `1.0` likewise).
//!
//! Applying every change of `diff(a, b)` to `a` gives `b`. Added keys land
//! where `b` has them, so when the keys the two sides share are in the
//! same order, the result has `b`'s bytes; a mere reordering of existing
//! object keys is not a change (objects are unordered in JSON). With
//! [`DiffOptions::ignore_order`] the result is `b` up to the order of array
//! elements.
//!
//! ## Flags
//!
//! With [`DiffOptions::patterns`] (or [`flag`] afterwards), each change is
//! marked `pinned` or `secret` when its path or `to` (or an ancestor)
//! matches. `old`/`new` keep the real values, since promotion needs them;
//! [`Change::masked`] gives the copy for audit events and exports.
//!
//! ## RFC 6902
//!
//! A Removed, Modified or TypeChanged change is a `test` of `old` at
//! `path` plus a `remove` or `replace` there; an Added member of an object
//! is an `add` at `path`. Array insertions and moves are positional in
//! RFC 6902, so an exporter should emit them in the order `apply` places
//! them (or as a `replace` of the whole array, guarded by a `test`).

mod apply;
mod indexed;
mod walk;

pub use apply::apply;
pub use indexed::{diff_indexed, diff_known, KnownIndexes};
use walk::walk;
pub(crate) use walk::{hash_value, id_value, same};

use crate::patterns::Patterns;
use crate::pointer;
use indexed::{Full, Skip};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Maps keyed by the user's own document: FxHash (rustc-hash) for speed,
/// as DoS resistance buys nothing there, and equality is always checked
/// after a hash match.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
use rustc_hash::FxHasher;

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChangeKind {
    /// Only in the new document (`new` is set).
    Added,
    /// Only in the old document (`old` is set).
    Removed,
    /// A scalar changed value, same JSON type.
    Modified,
    /// The JSON type changed (say a string became an object).
    TypeChanged,
    /// A keyed array element changed place (`to` is the new pointer).
    Moved,
}

/// One difference between two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// RFC 6901 pointer of the changed value in the old document (see the
    /// module docs for Added values).
    pub path: String,
    pub kind: ChangeKind,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub old: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub new: Option<Value>,
    /// Pointer of the parent object the change belongs to (bundle warnings).
    pub group: String,
    /// An environment-specific key: never promoted unless chosen explicitly.
    #[serde(default)]
    pub pinned: bool,
    /// A secret-looking key: its values are masked in every display.
    #[serde(default)]
    pub secret: bool,
    /// Set when the target also changed this path since the last promotion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Box<Conflict>>,
    /// Pointer of the value in the new document, when it differs from `path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Identities of the keyed-array elements along `path`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Where an Added or Moved value goes among its siblings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<Slot>,
}

impl Change {
    /// The pointer of the value in the new document.
    pub fn new_path(&self) -> &str {
        self.to.as_deref().unwrap_or(&self.path)
    }

    /// A copy with every secret in its values masked (for audit events,
    /// previews and anything shared): the whole value when the change is
    /// secret, else each secret key inside it, so that an added object
    /// carrying an `apiKey` does not show it.
    pub fn masked(&self, patterns: &Patterns) -> Change {
        let mut c = self.clone();
        let (old_at, new_at) = (self.path.as_str(), self.new_path());
        let mask = |v: Value, at: &str| {
            if self.secret {
                Value::String(patterns.mask(&v))
            } else {
                patterns.mask_value(&v, at)
            }
        };
        c.old = c.old.map(|v| mask(v, old_at));
        c.new = c.new.map(|v| mask(v, new_at));
        if let Some(conflict) = &mut c.conflict {
            conflict.base = conflict.base.take().map(|v| mask(v, old_at));
            conflict.source = conflict.source.take().map(|v| mask(v, new_at));
            conflict.target = conflict.target.take().map(|v| mask(v, old_at));
        }
        c
    }
}

/// The three values of a path changed on both sides since the merge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub base: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub source: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub target: Option<Value>,
}

/// The identity of a keyed-array element on a change's path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Which token of the path is this element's index (0 is the first).
    pub depth: usize,
    /// The identity key of the array, such as `id`.
    pub key: String,
    /// The element's value under that key.
    pub id: Value,
}

/// Where an Added or Moved value goes among its siblings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Slot {
    /// An object member: right after this key (`None`: first).
    AfterKey(Option<String>),
    /// A keyed array element: right after the element with this identity
    /// (`None`: first).
    AfterId(Option<Value>),
    /// A positional array element: before the element at this index of the
    /// old array (its length: at the end).
    BeforeOld(usize),
}

/// How to compare: identity keys for arrays of objects, order handling,
/// and the patterns that flag pinned and secret changes.
///
/// ```
/// use preflight_core::diff::DiffOptions;
/// let opts = DiffOptions::new()
///     .identity_key_at("/services/*/ports", "containerPort")
///     .ignore_order(true);
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DiffOptions {
    identity_keys: Vec<String>,
    identity_at: Vec<(Vec<String>, Option<String>)>,
    ignore_order: bool,
    patterns: Option<Patterns>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            identity_keys: ["id", "name", "key"].map(String::from).to_vec(),
            identity_at: Vec::new(),
            ignore_order: false,
            patterns: None,
        }
    }
}

impl DiffOptions {
    /// The defaults: identity keys `id`, `name`, `key`; order matters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the identity key candidates tried, in order, on every array
    /// of objects.
    pub fn identity_keys<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.identity_keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Uses `key` as the identity of the array at `array` (a pointer into
    /// the old document; a `*` token matches any one token).
    pub fn identity_key_at(mut self, array: &str, key: impl Into<String>) -> Self {
        self.identity_at
            .push((pattern_tokens(array), Some(key.into())));
        self
    }

    /// Compares the array at `array` by position (LCS), never by identity.
    pub fn positional_at(mut self, array: &str) -> Self {
        self.identity_at.push((pattern_tokens(array), None));
        self
    }

    /// Ignores the order of array elements: no Moved changes, and elements
    /// of positional arrays are matched as a multiset.
    pub fn ignore_order(mut self, yes: bool) -> Self {
        self.ignore_order = yes;
        self
    }

    /// Flags the changes as pinned or secret with these patterns.
    pub fn patterns(mut self, patterns: Patterns) -> Self {
        self.patterns = Some(patterns);
        self
    }

    /// The identity key candidates for the array at `tokens`.
    fn keys_for(&self, tokens: &[String]) -> Option<&[String]> {
        for (pattern, key) in self.identity_at.iter().rev() {
            if pattern.len() == tokens.len()
                && pattern.iter().zip(tokens).all(|(p, t)| p == "*" || p == t)
            {
                return key.as_ref().map(std::slice::from_ref);
            }
        }
        Some(&self.identity_keys)
    }
}

fn pattern_tokens(pointer: &str) -> Vec<String> {
    pointer::parse(pointer).unwrap_or_else(|_| {
        // Not a pointer: treat it as slash-separated tokens, as typed.
        pointer
            .trim_start_matches('/')
            .split('/')
            .map(String::from)
            .collect()
    })
}

/// Why a set of changes could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    #[error("cannot apply the change at {path}: {reason}")]
    Path { path: String, reason: String },
    #[error("{path:?} is not a valid JSON Pointer")]
    BadPointer { path: String },
    #[error("cannot apply the change at {path}: nothing at {missing}")]
    NotFound { path: String, missing: String },
    #[error("cannot apply the change at {path}: the element it changes is no longer there")]
    Stale { path: String },
}

// ---------------------------------------------------------------------------
// diff

/// Every difference from `a` to `b`, in document order.
pub fn diff(a: &Value, b: &Value, opts: &DiffOptions) -> Vec<Change> {
    walk(a, b, opts, Full)
}

/// Sets `pinned` and `secret` on each change from the patterns, and marks
/// as secret (so pinned) a change whose old or new value is recognisably a
/// credential ([`crate::patterns::detect`]).
pub fn flag(changes: &mut [Change], patterns: &Patterns) {
    let mut classify = patterns.classifier();
    for c in changes {
        let detected = [&c.old, &c.new]
            .into_iter()
            .flatten()
            .any(|v| crate::patterns::detect(v).is_some());
        let (mut pinned, mut secret) = classify.flags(&c.path);
        if let Some(to) = &c.to {
            let (p, s) = classify.flags(to);
            pinned |= p;
            secret |= s;
        }
        c.pinned = pinned || detected;
        c.secret = secret || detected;
    }
}
