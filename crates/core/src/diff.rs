//! Structural diff of two config trees, keyed by JSON Pointer.
//!
//! (Being built: see issue 3. The [`Change`] type is the shared contract.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
    TypeChanged,
    Moved,
}

/// One difference between two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// RFC 6901 pointer of the changed value.
    pub path: String,
    pub kind: ChangeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub conflict: Option<Conflict>,
}

/// The three values of a path changed on both sides since the merge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub base: Option<Value>,
    pub source: Option<Value>,
    pub target: Option<Value>,
}

/// How to compare (identity keys for arrays of objects, order handling).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffOptions {}

/// Why a set of changes could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    #[error("cannot apply the change at {path}: {reason}")]
    Path { path: String, reason: String },
}

/// Every difference from `a` to `b`, in document order.
pub fn diff(_a: &Value, _b: &Value, _opts: &DiffOptions) -> Vec<Change> {
    todo!("issue 3: structural diff")
}

/// Applies `changes` (any subset of one diff's output) to `target`,
/// touching nothing else.
pub fn apply(_target: &mut Value, _changes: &[Change]) -> Result<(), ApplyError> {
    todo!("issue 3: apply")
}
