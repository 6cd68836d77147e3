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

mod indexed;

pub use indexed::{diff_indexed, diff_known, KnownIndexes};

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

/// The walk behind [`diff`] and [`diff_indexed`]: `skip` says which pairs
/// are known equal without looking (never any, for [`Full`]).
fn walk<S: Skip>(a: &Value, b: &Value, opts: &DiffOptions, skip: S) -> Vec<Change> {
    let mut w = Walker {
        opts,
        skip,
        out: Vec::new(),
        a_path: String::new(),
        b_path: String::new(),
        depth: 0,
        a_tokens: (!opts.identity_at.is_empty()).then(Vec::new),
        steps: Vec::new(),
    };
    w.value(a, b);
    let mut out = w.out;
    // The list outlives the walk (a review holds it); its doubling slack
    // would be up to half its size.
    out.shrink_to_fit();
    if let Some(p) = &opts.patterns {
        flag(&mut out, p);
    }
    out
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

/// One token on the way down: an object key or an array index.
#[derive(Clone, Copy)]
enum T<'k> {
    Key(&'k str),
    Idx(usize),
}

/// Appends the decimal digits of `i` without going through `fmt`.
fn push_index(buf: &mut String, mut i: usize) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        digits[n] = b'0' + (i % 10) as u8;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    for &d in &digits[n..] {
        buf.push(char::from(d));
    }
}

fn push_token(buf: &mut String, t: T<'_>) {
    buf.push('/');
    match t {
        T::Key(k) if !k.bytes().any(|b| b == b'~' || b == b'/') => buf.push_str(k),
        T::Key(k) => {
            for c in k.chars() {
                match c {
                    '~' => buf.push_str("~0"),
                    '/' => buf.push_str("~1"),
                    c => buf.push(c),
                }
            }
        }
        T::Idx(i) => push_index(buf, i),
    }
}

/// The walk keeps both paths in reusable buffers and allocates only
/// for the changes it emits.
struct Walker<'o, 'v, S> {
    opts: &'o DiffOptions,
    skip: S,
    out: Vec<Change>,
    a_path: String,
    b_path: String,
    /// Number of tokens in `a_path`.
    depth: usize,
    /// Unescaped tokens of `a_path`, kept only for per-path options.
    a_tokens: Option<Vec<String>>,
    /// Keyed elements along the path: (depth, key, id).
    steps: Vec<(usize, &'o str, &'v Value)>,
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl<'o, 'v, S: Skip> Walker<'o, 'v, S> {
    fn group(&self) -> String {
        match self.a_path.rfind('/') {
            Some(i) => self.a_path[..i].to_owned(),
            None => String::new(),
        }
    }

    fn emit(
        &mut self,
        kind: ChangeKind,
        old: Option<&Value>,
        new: Option<&Value>,
        slot: Option<Slot>,
    ) {
        let to = (kind != ChangeKind::Removed && self.a_path != self.b_path)
            .then(|| self.b_path.clone());
        let change = Change {
            path: self.a_path.clone(),
            kind,
            old: old.cloned(),
            new: new.cloned(),
            group: self.group(),
            pinned: false,
            secret: false,
            conflict: None,
            to,
            steps: self
                .steps
                .iter()
                .map(|&(depth, key, id)| Step {
                    depth,
                    key: key.to_owned(),
                    id: id.clone(),
                })
                .collect(),
            slot,
        };
        self.out.push(change);
    }

    /// Runs `f` with both paths extended by one token.
    fn enter<R>(&mut self, a_tok: T<'_>, b_tok: T<'_>, f: impl FnOnce(&mut Self) -> R) -> R {
        let (la, lb) = (self.a_path.len(), self.b_path.len());
        push_token(&mut self.a_path, a_tok);
        push_token(&mut self.b_path, b_tok);
        if let Some(tokens) = &mut self.a_tokens {
            tokens.push(match a_tok {
                T::Key(k) => k.to_owned(),
                T::Idx(i) => i.to_string(),
            });
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        if let Some(tokens) = &mut self.a_tokens {
            tokens.pop();
        }
        self.a_path.truncate(la);
        self.b_path.truncate(lb);
        r
    }

    fn value(&mut self, a: &'v Value, b: &'v Value) {
        // Every container pair is compared here, whoever recursed.
        if self.skip.equal(a, b, &self.a_path, &self.b_path) {
            return;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => self.object(x, y),
            (Value::Array(x), Value::Array(y)) => self.array(x, y),
            _ if !same_type(a, b) => self.emit(ChangeKind::TypeChanged, Some(a), Some(b), None),
            _ if !same(a, b) => self.emit(ChangeKind::Modified, Some(a), Some(b), None),
            _ => {}
        }
    }

    fn object(&mut self, a: &'v Map<String, Value>, b: &'v Map<String, Value>) {
        // Fast path, and the common case: the same keys in the same order.
        if a.len() == b.len() && a.keys().zip(b.keys()).all(|(x, y)| x == y) {
            for ((k, va), vb) in a.iter().zip(b.values()) {
                if !self.skip.equal_leaves(va, vb) {
                    self.enter(T::Key(k), T::Key(k), |w| w.value(va, vb));
                }
            }
            return;
        }
        // Added keys are interleaved in b's order, just before the next key
        // both sides share; an index of b's keys avoids quadratic lookups.
        let b_keys: Vec<&'v String> = b.keys().collect();
        let b_pos: FxMap<&str, usize> = if a.len() > 16 {
            b_keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i))
                .collect()
        } else {
            FxMap::default()
        };
        let pos_in_b = |k: &str| -> Option<usize> {
            if b_pos.is_empty() {
                b_keys.iter().position(|x| x.as_str() == k)
            } else {
                b_pos.get(k).copied()
            }
        };
        let mut next_b = 0;
        for (k, va) in a {
            match b.get(k) {
                None => self.enter(T::Key(k), T::Key(k), |w| {
                    w.emit(ChangeKind::Removed, Some(va), None, None)
                }),
                Some(vb) => {
                    if let Some(p) = pos_in_b(k) {
                        self.added_keys(a, &b_keys, b, next_b, p);
                        next_b = next_b.max(p + 1);
                    }
                    if !self.skip.equal_leaves(va, vb) {
                        self.enter(T::Key(k), T::Key(k), |w| w.value(va, vb));
                    }
                }
            }
        }
        self.added_keys(a, &b_keys, b, next_b, b_keys.len());
    }

    fn added_keys(
        &mut self,
        a: &Map<String, Value>,
        b_keys: &[&'v String],
        b: &'v Map<String, Value>,
        from: usize,
        to: usize,
    ) {
        for i in from..to {
            let k = b_keys[i];
            if a.contains_key(k.as_str()) {
                continue;
            }
            let after = i.checked_sub(1).map(|j| b_keys[j].clone());
            if let Some(v) = b.get(k.as_str()) {
                self.enter(T::Key(k), T::Key(k), |w| {
                    w.emit(
                        ChangeKind::Added,
                        None,
                        Some(v),
                        Some(Slot::AfterKey(after)),
                    )
                });
            }
        }
    }

    fn array(&mut self, a: &'v [Value], b: &'v [Value]) {
        if let Some((key, ids_a, ids_b)) = self.identity(a, b) {
            self.keyed(a, b, key, &ids_a, &ids_b);
        } else if self.opts.ignore_order {
            self.unordered(a, b);
        } else {
            self.positional(a, b);
        }
    }

    /// The first candidate key that identifies every element on both
    /// sides, with the identities.
    #[allow(clippy::type_complexity)]
    fn identity(&self, a: &'v [Value], b: &'v [Value]) -> Option<(&'o str, Ids<'v>, Ids<'v>)> {
        if a.is_empty() && b.is_empty() {
            return None;
        }
        let tokens = self.a_tokens.as_deref().unwrap_or(&[]);
        let candidates = self.opts.keys_for(tokens)?;
        candidates.iter().find_map(|key| {
            let ids_a = unique_ids(a, key)?;
            let ids_b = unique_ids(b, key)?;
            Some((key.as_str(), ids_a, ids_b))
        })
    }

    fn keyed(
        &mut self,
        a: &'v [Value],
        b: &'v [Value],
        key: &'o str,
        ids_a: &Ids<'v>,
        ids_b: &Ids<'v>,
    ) {
        let index_b = &ids_b.index;
        let index_a = &ids_a.index;
        let (ids_a, ids_b) = (ids_a.list.as_slice(), ids_b.list.as_slice());
        // Matched elements in a's order, as positions in b; those in the
        // longest increasing run kept their relative order.
        let matched: Vec<usize> = ids_a
            .iter()
            .filter_map(|id| index_b.get(id).copied())
            .collect();
        let stays = if self.opts.ignore_order {
            vec![true; matched.len()]
        } else {
            longest_increasing(&matched)
        };
        let mut next_b = 0;
        let mut m = 0;
        for (i, va) in a.iter().enumerate() {
            let Some(&j) = index_b.get(&ids_a[i]) else {
                self.enter_element(i, i, key, va, |w| {
                    w.emit(ChangeKind::Removed, Some(va), None, None)
                });
                continue;
            };
            let stay = stays.get(m).copied().unwrap_or(true);
            m += 1;
            if stay {
                self.added_elements(b, ids_b, index_a, key, next_b, j);
                next_b = next_b.max(j + 1);
            }
            self.enter_element(i, j, key, va, |w| {
                if !stay {
                    let after = j.checked_sub(1).and_then(|p| id_value(&b[p], key)).cloned();
                    w.emit(ChangeKind::Moved, None, None, Some(Slot::AfterId(after)));
                }
                w.value(va, &b[j]);
            });
        }
        self.added_elements(b, ids_b, index_a, key, next_b, b.len());
    }

    fn added_elements(
        &mut self,
        b: &'v [Value],
        ids_b: &[IdKey<'v>],
        index_a: &FxMap<IdKey<'v>, usize>,
        key: &'o str,
        from: usize,
        to: usize,
    ) {
        for j in from..to {
            if index_a.contains_key(&ids_b[j]) {
                continue;
            }
            let after = j.checked_sub(1).and_then(|p| id_value(&b[p], key)).cloned();
            let v = &b[j];
            // An Added element's path ends with its index in b.
            self.enter_element(j, j, key, v, |w| {
                w.emit(ChangeKind::Added, None, Some(v), Some(Slot::AfterId(after)))
            });
        }
    }

    fn enter_element(
        &mut self,
        i: usize,
        j: usize,
        key: &'o str,
        element: &'v Value,
        f: impl FnOnce(&mut Self),
    ) {
        let pushed = match id_value(element, key) {
            Some(id) => {
                self.steps.push((self.depth, key, id));
                true
            }
            None => false,
        };
        self.enter(T::Idx(i), T::Idx(j), f);
        if pushed {
            self.steps.pop();
        }
    }

    fn positional(&mut self, a: &'v [Value], b: &'v [Value]) {
        let ha: Vec<Hashed> = a.iter().map(Hashed::new).collect();
        let hb: Vec<Hashed> = b.iter().map(Hashed::new).collect();
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ha, &hb);
        for op in ops {
            match op {
                similar::DiffOp::Equal { .. } => {}
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => self.removed_run(a, old_index, old_index + old_len),
                similar::DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => self.inserted_run(b, old_index, new_index, new_index + new_len),
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let pairs = old_len.min(new_len);
                    for k in 0..pairs {
                        let (i, j) = (old_index + k, new_index + k);
                        self.enter(T::Idx(i), T::Idx(j), |w| w.value(&a[i], &b[j]));
                    }
                    self.removed_run(a, old_index + pairs, old_index + old_len);
                    self.inserted_run(
                        b,
                        old_index + old_len,
                        new_index + pairs,
                        new_index + new_len,
                    );
                }
            }
        }
    }

    fn removed_run(&mut self, a: &'v [Value], from: usize, to: usize) {
        for (i, v) in a.iter().enumerate().take(to).skip(from) {
            self.enter(T::Idx(i), T::Idx(i), |w| {
                w.emit(ChangeKind::Removed, Some(v), None, None)
            });
        }
    }

    fn inserted_run(&mut self, b: &'v [Value], before_old: usize, from: usize, to: usize) {
        for (j, v) in b.iter().enumerate().take(to).skip(from) {
            self.enter(T::Idx(j), T::Idx(j), |w| {
                w.emit(
                    ChangeKind::Added,
                    None,
                    Some(v),
                    Some(Slot::BeforeOld(before_old)),
                )
            });
        }
    }

    /// Positional arrays when order does not matter: a multiset match.
    fn unordered(&mut self, a: &'v [Value], b: &'v [Value]) {
        let ha: Vec<Hashed> = a.iter().map(Hashed::new).collect();
        let mut pool: FxMap<&Hashed, Vec<usize>> = FxMap::default();
        for (i, h) in ha.iter().enumerate().rev() {
            pool.entry(h).or_default().push(i);
        }
        let mut matched_a = vec![false; a.len()];
        let mut added = Vec::new();
        for (j, v) in b.iter().enumerate() {
            let h = Hashed::new(v);
            match pool.get_mut(&h).and_then(Vec::pop) {
                Some(i) => matched_a[i] = true,
                None => added.push(j),
            }
        }
        for (i, v) in a.iter().enumerate() {
            if !matched_a[i] {
                self.enter(T::Idx(i), T::Idx(i), |w| {
                    w.emit(ChangeKind::Removed, Some(v), None, None)
                });
            }
        }
        for j in added {
            self.enter(T::Idx(j), T::Idx(j), |w| {
                w.emit(
                    ChangeKind::Added,
                    None,
                    Some(&b[j]),
                    Some(Slot::BeforeOld(a.len())),
                )
            });
        }
    }
}

/// A hashable, borrowed form of an identity value (strings and numbers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum IdKey<'v> {
    Str(&'v str),
    Num(&'v serde_json::Number),
}

fn id_key(v: &Value) -> Option<IdKey<'_>> {
    match v {
        Value::String(s) => Some(IdKey::Str(s)),
        Value::Number(n) => Some(IdKey::Num(n)),
        _ => None,
    }
}

fn id_value<'v>(element: &'v Value, key: &str) -> Option<&'v Value> {
    let map = element.as_object()?;
    // Elements are small objects: a scan beats hashing the key each time.
    if map.len() <= 8 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// The identities of an array's elements, in order and indexed.
struct Ids<'v> {
    list: Vec<IdKey<'v>>,
    index: FxMap<IdKey<'v>, usize>,
}

/// The identities of all elements, if every one has a unique one.
fn unique_ids<'v>(items: &'v [Value], key: &str) -> Option<Ids<'v>> {
    let mut index = FxMap::with_capacity_and_hasher(items.len(), Default::default());
    let mut list = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = id_key(id_value(item, key)?)?;
        if index.insert(id.clone(), i).is_some() {
            return None;
        }
        list.push(id);
    }
    Some(Ids { list, index })
}

/// Marks the members of one longest strictly increasing subsequence
/// (patience sorting, O(n log n)).
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // indices into seq
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq[t] < x);
        if pos > 0 {
            prev[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while cur != usize::MAX {
        keep[cur] = true;
        cur = prev[cur];
    }
    keep
}

/// A value with a precomputed structural hash; equality still compares
/// values, so hash collisions never hide a change.
struct Hashed<'v> {
    hash: u64,
    value: &'v Value,
}

impl<'v> Hashed<'v> {
    fn new(value: &'v Value) -> Self {
        Self {
            hash: hash_value(value),
            value,
        }
    }
}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && same(self.value, other.value)
    }
}

impl Eq for Hashed<'_> {}

/// `Value`'s equality, except that numbers must be written alike:
/// `serde_json` holds `-0.0 == 0.0`, but they are different text, and the
/// diff promises b's bytes (issue 12). Key order is still not compared.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(f), Some(g)) if x.is_f64() && y.is_f64() => f.to_bits() == g.to_bits(),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

/// A structural hash consistent with `Value`'s equality (and so with
/// [`same`], which is finer), which ignores the
/// order of object keys.
pub(crate) fn hash_value(v: &Value) -> u64 {
    let mut h = FxHasher::default();
    match v {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => (1u8, b).hash(&mut h),
        Value::Number(n) => (2u8, n).hash(&mut h),
        Value::String(s) => (3u8, s).hash(&mut h),
        Value::Array(items) => {
            4u8.hash(&mut h);
            items.len().hash(&mut h);
            for item in items {
                hash_value(item).hash(&mut h);
            }
        }
        Value::Object(map) => {
            5u8.hash(&mut h);
            map.len().hash(&mut h);
            let mut sum = 0u64;
            for (k, item) in map {
                let mut e = FxHasher::default();
                k.hash(&mut e);
                hash_value(item).hash(&mut e);
                sum = sum.wrapping_add(e.finish());
            }
            sum.hash(&mut h);
        }
    }
    h.finish()
}

// ---------------------------------------------------------------------------
// apply

/// Applies `changes` (any subset of one diff's output) to `target`,
/// touching nothing else. All or nothing: on error, `target` is unchanged.
pub fn apply(target: &mut Value, changes: &[Change]) -> Result<(), ApplyError> {
    // Every check happens while planning, on the untouched target; the
    // edits that follow cannot fail, so no copy is needed for atomicity.
    let plan = plan(target, changes)?;
    execute(target, plan);
    Ok(())
}

/// The located edits of one apply call.
struct Plan {
    replacements: Vec<(Vec<Tok>, Value)>,
    containers: Vec<(Vec<Tok>, Vec<Edit>)>,
}

/// One structural edit of a container, located in the target.
enum Edit {
    Remove(Tok),
    Insert {
        value: Value,
        slot: Option<Slot>,
        new_index: usize,
        key: Option<String>,
        token: String,
    },
    Move {
        from: usize,
        slot: Option<Slot>,
        new_index: usize,
        key: Option<String>,
    },
}

/// A concrete token of a located path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Tok {
    Key(String),
    Index(usize),
}

fn plan(target: &Value, changes: &[Change]) -> Result<Plan, ApplyError> {
    // Containers to rebuild, by their located tokens.
    let mut edits: HashMap<Vec<Tok>, Vec<Edit>> = HashMap::new();
    let mut replacements: Vec<(Vec<Tok>, Value)> = Vec::new();
    for c in changes {
        let tokens = pointer::parse(&c.path).map_err(|_| ApplyError::BadPointer {
            path: c.path.clone(),
        })?;
        match c.kind {
            ChangeKind::Modified | ChangeKind::TypeChanged => {
                let Some(new) = &c.new else {
                    return Err(missing_value(c, "new"));
                };
                match locate(target, c, &tokens, true)? {
                    Some(loc) => replacements.push((loc, new.clone())),
                    None => {
                        return Err(ApplyError::NotFound {
                            path: c.path.clone(),
                            missing: c.path.clone(),
                        })
                    }
                }
            }
            ChangeKind::Removed => {
                if tokens.is_empty() {
                    return Err(root_error(c));
                }
                if let Some(mut loc) = locate(target, c, &tokens, true)? {
                    let last = loc.pop().ok_or_else(|| root_error(c))?;
                    edits.entry(loc).or_default().push(Edit::Remove(last));
                }
            }
            ChangeKind::Added => {
                let Some((last, parents)) = tokens.split_last() else {
                    return Err(root_error(c));
                };
                let Some(new) = &c.new else {
                    return Err(missing_value(c, "new"));
                };
                let parent =
                    locate(target, c, parents, false)?.ok_or_else(|| ApplyError::NotFound {
                        path: c.path.clone(),
                        missing: pointer::join(parents),
                    })?;
                let key = c
                    .steps
                    .iter()
                    .find(|s| s.depth == parents.len())
                    .map(|s| s.key.clone());
                let new_index = pointer::index(last).unwrap_or(usize::MAX);
                edits.entry(parent).or_default().push(Edit::Insert {
                    value: new.clone(),
                    slot: c.slot.clone(),
                    new_index,
                    key,
                    token: last.clone(),
                });
            }
            ChangeKind::Moved => {
                if let Some(mut loc) = locate(target, c, &tokens, true)? {
                    let Some(Tok::Index(from)) = loc.pop() else {
                        return Err(ApplyError::Path {
                            path: c.path.clone(),
                            reason: "only array elements can move".to_owned(),
                        });
                    };
                    // `to` is absent when the element keeps its index
                    // (C,B,A → B stays at 1): its new index is then the
                    // path's own, not "last" (issue 12).
                    let new_index = pointer::split_last(c.new_path())
                        .and_then(|(_, t)| pointer::index(&t))
                        .unwrap_or(usize::MAX);
                    let key = c
                        .steps
                        .iter()
                        .find(|s| s.depth == tokens.len() - 1)
                        .map(|s| s.key.clone());
                    edits.entry(loc).or_default().push(Edit::Move {
                        from,
                        slot: c.slot.clone(),
                        new_index,
                        key,
                    });
                }
            }
        }
    }
    // Edits must not nest: a replaced value is never also edited inside.
    let replaced: std::collections::HashSet<&[Tok]> =
        replacements.iter().map(|(l, _)| l.as_slice()).collect();
    let overlaps = |loc: &[Tok], strict: bool| {
        let upto = if strict { loc.len() } else { loc.len() + 1 };
        (0..upto).any(|k| replaced.contains(&loc[..k]))
    };
    for (loc, _) in &replacements {
        if overlaps(loc, true) {
            return Err(nested_error(loc));
        }
    }
    for loc in edits.keys() {
        if overlaps(loc, false) {
            return Err(nested_error(loc));
        }
        match resolve(target, loc) {
            Some(Value::Object(_) | Value::Array(_)) => {}
            _ => {
                return Err(ApplyError::Path {
                    path: join_toks(loc),
                    reason: "the parent is neither an object nor an array".to_owned(),
                })
            }
        }
    }
    // Deepest containers first, so outer indices stay valid.
    let mut containers: Vec<(Vec<Tok>, Vec<Edit>)> = edits.into_iter().collect();
    containers.sort_by_key(|(loc, _)| std::cmp::Reverse(loc.len()));
    Ok(Plan {
        replacements,
        containers,
    })
}

fn nested_error(loc: &[Tok]) -> ApplyError {
    ApplyError::Path {
        path: join_toks(loc),
        reason: "changes from different diffs overlap here".to_owned(),
    }
}

/// Carries out a plan; every location in it was checked.
fn execute(target: &mut Value, plan: Plan) {
    for (loc, value) in plan.replacements {
        if let Some(slot) = resolve_mut(target, &loc) {
            *slot = value;
        }
    }
    for (loc, list) in plan.containers {
        match resolve_mut(target, &loc) {
            Some(Value::Object(map)) => rebuild_object(map, list),
            Some(Value::Array(items)) => rebuild_array(items, list),
            _ => {}
        }
    }
}

fn resolve<'v>(root: &'v Value, loc: &[Tok]) -> Option<&'v Value> {
    let mut cur = root;
    for t in loc {
        cur = match (cur, t) {
            (Value::Object(m), Tok::Key(k)) => m.get(k)?,
            (Value::Array(v), Tok::Index(i)) => v.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn missing_value(c: &Change, which: &str) -> ApplyError {
    ApplyError::Path {
        path: c.path.clone(),
        reason: format!("the change has no {which} value"),
    }
}

fn root_error(c: &Change) -> ApplyError {
    ApplyError::Path {
        path: c.path.clone(),
        reason: "the root can only be modified".to_owned(),
    }
}

fn join_toks(loc: &[Tok]) -> String {
    pointer::join(loc.iter().map(|t| match t {
        Tok::Key(k) => k.clone(),
        Tok::Index(i) => i.to_string(),
    }))
}

fn resolve_mut<'v>(root: &'v mut Value, loc: &[Tok]) -> Option<&'v mut Value> {
    let mut cur = root;
    for t in loc {
        cur = match (cur, t) {
            (Value::Object(m), Tok::Key(k)) => m.get_mut(k)?,
            (Value::Array(v), Tok::Index(i)) => v.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Finds `tokens` of change `c` in the target. `whole` says the tokens
/// are the change's full path (so the last one names the changed value,
/// which positional arrays check against `c.old`). `Ok(None)`: the value
/// is gone (only for the last token).
fn locate(
    target: &Value,
    c: &Change,
    tokens: &[String],
    whole: bool,
) -> Result<Option<Vec<Tok>>, ApplyError> {
    let mut loc = Vec::with_capacity(tokens.len());
    let mut cur = target;
    for (depth, t) in tokens.iter().enumerate() {
        let last = whole && depth + 1 == tokens.len();
        let missing = || ApplyError::NotFound {
            path: c.path.clone(),
            missing: pointer::join(&tokens[..=depth]),
        };
        match cur {
            Value::Object(m) => match m.get(t) {
                Some(v) => {
                    loc.push(Tok::Key(t.clone()));
                    cur = v;
                }
                None if last => return Ok(None),
                None => return Err(missing()),
            },
            Value::Array(items) => {
                let hint = pointer::index(t);
                let step = c.steps.iter().find(|s| s.depth == depth);
                let keyed = step.is_some();
                let found = if let Some(step) = step {
                    let is = |v: &Value| id_value(v, &step.key) == Some(&step.id);
                    match hint.filter(|&i| items.get(i).is_some_and(is)) {
                        Some(i) => Some(i),
                        None => items.iter().position(is),
                    }
                } else if last && c.kind != ChangeKind::Moved {
                    positional_index(items, hint, c.old.as_ref())
                } else {
                    hint.filter(|&i| i < items.len())
                };
                match found {
                    Some(i) => {
                        loc.push(Tok::Index(i));
                        cur = &items[i];
                    }
                    None if last && c.kind == ChangeKind::Removed => return Ok(None),
                    None if last || keyed => {
                        return Err(ApplyError::Stale {
                            path: c.path.clone(),
                        })
                    }
                    None => return Err(missing()),
                }
            }
            _ => return Err(missing()),
        }
    }
    Ok(Some(loc))
}

/// The index of a positional element: the recorded one when it still
/// holds the old value, else the nearest element equal to it.
fn positional_index(items: &[Value], hint: Option<usize>, old: Option<&Value>) -> Option<usize> {
    let Some(old) = old else {
        return hint.filter(|&i| i < items.len());
    };
    if let Some(i) = hint.filter(|&i| items.get(i) == Some(old)) {
        return Some(i);
    }
    let h = hint.unwrap_or(0);
    items
        .iter()
        .enumerate()
        .filter(|(_, v)| *v == old)
        .min_by_key(|(i, _)| i.abs_diff(h))
        .map(|(i, _)| i)
}

fn rebuild_object(map: &mut Map<String, Value>, edits: Vec<Edit>) {
    let mut removed = std::collections::HashSet::new();
    // Added members by the key they follow; `None` is the start. The map
    // is only for lookups: `order` keeps the anchors in the order of the
    // changes (b's order), so that nothing depends on hash iteration order
    // (issue 12: key order is content here).
    let mut after: HashMap<Option<String>, Vec<(String, Value)>> = HashMap::new();
    let mut order: Vec<Option<String>> = Vec::new();
    let mut replace: Vec<(String, Value)> = Vec::new();
    for e in edits {
        match e {
            Edit::Remove(Tok::Key(k)) => {
                removed.insert(k);
            }
            Edit::Insert {
                value, slot, token, ..
            } => {
                if map.contains_key(&token) {
                    replace.push((token, value));
                    continue;
                }
                let anchor = match slot {
                    Some(Slot::AfterKey(k)) => k,
                    // No usable slot: append.
                    _ => map.keys().next_back().cloned(),
                };
                if !after.contains_key(&anchor) {
                    order.push(anchor.clone());
                }
                after.entry(anchor).or_default().push((token, value));
            }
            _ => {}
        }
    }
    for (k, v) in replace {
        map.insert(k, v);
    }
    if removed.is_empty() && after.is_empty() {
        return;
    }
    // Anchors that name no key of the target (nor an added one) go last.
    let mut known: std::collections::HashSet<String> = map.keys().cloned().collect();
    for list in after.values() {
        for (k, _) in list {
            known.insert(k.clone());
        }
    }
    let mut orphans: Vec<(String, Value)> = Vec::new();
    for a in &order {
        if let Some(k) = a {
            if !known.contains(k) {
                if let Some(list) = after.remove(a) {
                    orphans.extend(list);
                }
            }
        }
    }
    let old = std::mem::take(map);
    let mut out = Map::new();
    emit_chain(&mut out, &mut after, None);
    for (k, v) in old {
        let anchor = Some(k.clone());
        if !removed.contains(&k) {
            out.insert(k, v);
        }
        emit_chain(&mut out, &mut after, anchor);
    }
    for (k, v) in orphans {
        let anchor = Some(k.clone());
        out.insert(k, v);
        emit_chain(&mut out, &mut after, anchor);
    }
    // Whatever is left chains off a key that was itself never placed.
    for a in &order {
        for (k, v) in after.remove(a).unwrap_or_default() {
            out.insert(k, v);
        }
    }
    *map = out;
}

fn emit_chain(
    out: &mut Map<String, Value>,
    after: &mut HashMap<Option<String>, Vec<(String, Value)>>,
    anchor: Option<String>,
) {
    let mut stack = vec![anchor];
    while let Some(a) = stack.pop() {
        if let Some(list) = after.remove(&a) {
            // Reverse so that the first one is emitted first.
            let mut pending: Vec<(String, Value)> = list;
            pending.reverse();
            // Emit in order, each followed by its own chain.
            let mut tail = Vec::new();
            while let Some((k, v)) = pending.pop() {
                out.insert(k.clone(), v);
                tail.push(Some(k));
            }
            // Chains hang off the last inserted first (b-order is one chain).
            while let Some(t) = tail.pop() {
                stack.push(t);
            }
        }
    }
}

fn rebuild_array(items: &mut Vec<Value>, edits: Vec<Edit>) {
    let n = items.len();
    let mut gone = vec![false; n];
    let mut before_old: Vec<(usize, usize, Value)> = Vec::new();
    // Keyed placements: (new index, element, anchor, key).
    let mut placed: Vec<(usize, Placed)> = Vec::new();
    for e in edits {
        match e {
            Edit::Remove(Tok::Index(i)) if i < n => gone[i] = true,
            Edit::Insert {
                value,
                slot,
                new_index,
                key,
                ..
            } => match slot {
                Some(Slot::AfterId(anchor)) => placed.push((
                    new_index,
                    Placed {
                        value: Some(value),
                        from: None,
                        anchor,
                        key,
                    },
                )),
                Some(Slot::BeforeOld(k)) => before_old.push((k.min(n), new_index, value)),
                _ => before_old.push((new_index.min(n), new_index, value)),
            },
            Edit::Move {
                from,
                slot,
                new_index,
                key,
            } if from < n => {
                let anchor = match slot {
                    Some(Slot::AfterId(a)) => a,
                    _ => None,
                };
                gone[from] = true;
                placed.push((
                    new_index,
                    Placed {
                        value: None,
                        from: Some(from),
                        anchor,
                        key,
                    },
                ));
            }
            _ => {}
        }
    }
    before_old.sort_by_key(|(k, j, _)| (*k, *j));
    let mut old: Vec<Option<Value>> = std::mem::take(items).into_iter().map(Some).collect();
    // Moved elements leave their place first.
    let mut moving: Vec<(usize, Placed)> = placed
        .into_iter()
        .map(|(j, mut p)| {
            if let Some(from) = p.from {
                p.value = old.get_mut(from).and_then(Option::take);
            }
            (j, p)
        })
        .collect();
    let mut list: Vec<Value> = Vec::with_capacity(n + before_old.len() + moving.len());
    let mut ins = before_old.into_iter().peekable();
    for (i, slot) in old.into_iter().enumerate() {
        while let Some((_, _, v)) = ins.next_if(|(k, _, _)| *k == i) {
            list.push(v);
        }
        if let Some(v) = slot {
            if !gone[i] {
                list.push(v);
            }
        }
    }
    list.extend(ins.map(|(_, _, v)| v));
    if moving.is_empty() {
        *items = list;
        return;
    }
    // Keyed placements in b's order, each right after its anchor, through
    // a linked list so that every placement is O(1).
    moving.sort_by_key(|(j, _)| *j);
    const END: usize = usize::MAX;
    let mut values: Vec<Value> = list;
    let mut next: Vec<usize> = (1..=values.len())
        .map(|i| if i == values.len() { END } else { i })
        .collect();
    let mut head = if values.is_empty() { END } else { 0 };
    let mut tail = values.len().checked_sub(1).unwrap_or(END);
    let mut by_id: HashMap<(String, String), usize> = HashMap::new();
    let keys: std::collections::HashSet<String> =
        moving.iter().filter_map(|(_, p)| p.key.clone()).collect();
    for (i, v) in values.iter().enumerate() {
        for k in &keys {
            if let Some(id) = id_value(v, k).and_then(id_string) {
                by_id.entry((k.clone(), id)).or_insert(i);
            }
        }
    }
    for (_, p) in moving {
        let Some(value) = p.value else { continue };
        let node = values.len();
        if let Some(k) = &p.key {
            if let Some(id) = id_value(&value, k).and_then(id_string) {
                by_id.insert((k.clone(), id), node);
            }
        }
        values.push(value);
        next.push(END);
        let anchor_node = match (&p.anchor, &p.key) {
            (None, _) => None,
            (Some(a), Some(k)) => {
                Some(id_string(a).and_then(|id| by_id.get(&(k.clone(), id)).copied()))
            }
            (Some(_), None) => Some(None),
        };
        match anchor_node {
            None => {
                next[node] = head;
                head = node;
                if tail == END {
                    tail = node;
                }
            }
            Some(Some(at)) => {
                next[node] = next[at];
                next[at] = node;
                if tail == at {
                    tail = node;
                }
            }
            Some(None) => {
                if tail == END {
                    head = node;
                } else {
                    next[tail] = node;
                }
                tail = node;
            }
        }
    }
    let mut slots: Vec<Option<Value>> = values.into_iter().map(Some).collect();
    let mut cur = head;
    while cur != END {
        if let Some(v) = slots.get_mut(cur).and_then(Option::take) {
            items.push(v);
        }
        cur = next.get(cur).copied().unwrap_or(END);
    }
}

/// An identity as an owned hashable string (apply needs no borrows).
fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(format!("s{s}")),
        Value::Number(n) => Some(format!("n{n}")),
        _ => None,
    }
}

struct Placed {
    value: Option<Value>,
    from: Option<usize>,
    anchor: Option<Value>,
    key: Option<String>,
}
