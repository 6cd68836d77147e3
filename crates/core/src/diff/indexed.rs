//! The hash-skipping diff (issue 11): [`diff_indexed`] walks like
//! [`diff`](super::diff) but skips every subtree whose content id is the
//! same on both sides, so comparing two versions that share most of their
//! nodes costs about what they do not share.
//!
//! The ids come from [`hash_tree`](crate::objects::hash_tree)'s
//! [`TreeIndex`]. Equal ids mean equal records: the same keys in the same
//! order and every scalar written alike, so [`diff`](super::diff) would find
//! nothing in there under any options (identity keys, order, patterns).
//! Skipping therefore never changes the result, only the time.
//!
//! The walker asks [`Skip::equal`] at the top of its one comparison
//! function, which every recursion (object members, matched keyed
//! elements, pairs of a replaced positional run) goes through, with the
//! pointers it already keeps into `a` and `b`. The plain diff uses [`Full`],
//! whose answer is a constant `false`, so it compiles to the walk it was.

use super::{same, walk, Change, DiffOptions};
use crate::objects::TreeIndex;
use serde_json::Value;
use std::sync::Arc;

/// Which pairs of values the walker may take as equal without comparing.
pub(super) trait Skip {
    /// Whether `a` (at pointer `a_path` of the old document) and `b` (at
    /// `b_path` of the new one) are known to be equal.
    fn equal(&self, a: &Value, b: &Value, a_path: &str, b_path: &str) -> bool;

    /// Whether `a` and `b` are equal scalars, asked before the paths are
    /// extended to them: most leaves of a changed container are equal, and
    /// building their pointers only to find nothing is most of the walk.
    fn equal_leaves(&self, a: &Value, b: &Value) -> bool;
}

/// No knowledge: every pair is compared (what [`diff`](super::diff) uses).
pub(super) struct Full;

impl Skip for Full {
    #[inline(always)]
    fn equal(&self, _: &Value, _: &Value, _: &str, _: &str) -> bool {
        false
    }

    #[inline(always)]
    fn equal_leaves(&self, _: &Value, _: &Value) -> bool {
        false
    }
}

/// The content ids of both documents.
struct Indexes<'i> {
    a: &'i TreeIndex,
    b: &'i TreeIndex,
}

impl Skip for Indexes<'_> {
    #[inline]
    fn equal(&self, a: &Value, b: &Value, a_path: &str, b_path: &str) -> bool {
        // Only containers have ids. A small one is cheaper to walk than
        // to look up (two hashed pointers): its few members are compared
        // at once, and those that are containers are looked up in turn.
        // A pointer missing from either index is never a skip.
        children(a) >= LOOKUP_FROM
            && is_container(b)
            && match (self.a.get(a_path), self.b.get(b_path)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            }
    }

    #[inline]
    fn equal_leaves(&self, a: &Value, b: &Value) -> bool {
        // The walk would find nothing there either: `value` reports a
        // scalar pair only when `same` says they differ.
        !is_container(a) && !is_container(b) && same(a, b)
    }
}

/// The fewest members or elements for which a container is looked up.
const LOOKUP_FROM: usize = 4;

/// The members or elements of a container (none for a scalar).
fn children(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    }
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Object(_) | Value::Array(_))
}

/// Like [`diff`](super::diff), but a subtree whose id is the same on both
/// sides (looked up in the two indexes at the current pointers) is skipped
/// without being walked.
///
/// `ia` must be the index of `a` and `ib` that of `b` (as
/// [`hash_tree`](crate::objects::hash_tree) gives them); the result is then
/// exactly `diff(a, b, opts)`. A pointer that an index lacks is walked.
///
/// ```
/// use preflight_core::diff::{diff, diff_indexed, DiffOptions};
/// use preflight_core::objects::hash_tree;
/// use serde_json::json;
///
/// let a = json!({"db": {"host": "x", "port": 5432}, "flags": [1, 2]});
/// let b = json!({"db": {"host": "y", "port": 5432}, "flags": [1, 2]});
/// let opts = DiffOptions::default();
/// let (ha, hb) = (hash_tree(&a), hash_tree(&b));
/// let changes = diff_indexed(&a, &ha.index, &b, &hb.index, &opts);
/// assert_eq!(changes, diff(&a, &b, &opts));
/// assert_eq!(changes[0].path, "/db/host");
/// ```
pub fn diff_indexed(
    a: &Value,
    ia: &TreeIndex,
    b: &Value,
    ib: &TreeIndex,
    opts: &DiffOptions,
) -> Vec<Change> {
    walk(a, b, opts, Indexes { a: ia, b: ib })
}

/// Where the hash indexes of some configs are known: the store keeps one
/// for every committed environment. Lets a comparison skip what is equal
/// without hashing anything itself.
pub trait KnownIndexes {
    /// The index of `config`, when it is known to be that very tree.
    fn index_of(&self, config: &Arc<Value>) -> Option<&TreeIndex>;
}

/// Configs with their indexes, found by the very tree (`Arc::ptr_eq`), as
/// the store finds its heads: for benches, tests and callers that hashed
/// the configs themselves.
impl KnownIndexes for [(Arc<Value>, TreeIndex)] {
    fn index_of(&self, config: &Arc<Value>) -> Option<&TreeIndex> {
        self.iter()
            .find(|(c, _)| Arc::ptr_eq(c, config))
            .map(|(_, i)| i)
    }
}

/// No index known: every comparison walks both trees.
impl KnownIndexes for () {
    fn index_of(&self, _: &Arc<Value>) -> Option<&TreeIndex> {
        None
    }
}

/// [`diff`](super::diff) of two configs, skipping equal subtrees when both
/// indexes are known. The result is the same either way.
pub fn diff_known(
    a: &Arc<Value>,
    b: &Arc<Value>,
    opts: &DiffOptions,
    known: &(impl KnownIndexes + ?Sized),
) -> Vec<Change> {
    match (known.index_of(a), known.index_of(b)) {
        (Some(ia), Some(ib)) => diff_indexed(a, ia, b, ib, opts),
        _ => super::diff(a, b, opts),
    }
}

#[cfg(test)]
mod tests;
