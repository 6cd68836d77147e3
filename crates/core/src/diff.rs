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
}
