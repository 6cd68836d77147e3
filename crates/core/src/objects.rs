//! Content-addressed config trees: every object and array of a config is
//! stored once, under the hash of its canonical content (git's object model).
//!
//! A config or snapshot is then a [`TreeRoot`]. Unchanged subtrees hash the
//! same, so environments and snapshots that share them share their nodes, and
//! a promotion adds only the nodes on the paths it changed. This module is
//! pure: it turns a [`Value`] into nodes ([`hash_tree`]) and nodes back into
//! the exact [`Value`] ([`read_tree`]), key order included. Where the nodes
//! live (IndexedDB in the app, a map in tests) is the caller's business.
//!
//! ## Node format
//!
//! A node's record is its canonical text, which is also what is hashed:
//!
//! - an object is `{"o":[["key",child],…]}`, entries in the config's order;
//! - an array is `{"a":[child,…]}`;
//! - a child is the JSON of a scalar as it stands, or `["<id>"]` for a
//!   container. A scalar is never an array, so the two cannot be confused.
//!
//! Numbers are written by serde_json, whose `float_roundtrip` parsing reads
//! back the same `f64`, so a stored number comes back bit for bit.
//!
//! ## Ids
//!
//! SHA-256 (the RustCrypto `sha2` crate, already used for change-set hashes;
//! pure Rust, so it builds for wasm32) over a domain prefix and the record,
//! truncated to 160 bits (git's length) and written as 27 characters of
//! unpadded base64url. A record read back is hashed again and must match its
//! id, so a damaged node is detected, never silently used.
//!
//! ## Deltas
//!
//! A node may be stored as a delta over another one ([`delta`]); readers
//! rebuild the full record and check it against the id as above.
//!
//! ## Damage
//!
//! [`read_tree`] names the node that is missing or damaged and the pointer at
//! which it was needed; only the trees that use that node are unreadable.

pub mod delta;
mod hash;
mod read;
pub mod text;

pub use hash::{hash_tree, hash_tree_since, Hashed, NodeId, Previous, TreeIndex};
pub use read::{missing_nodes, read_tree, NodeSource, TreeError};

/// The full record of node `id` in `source`, rebuilt from deltas if need be
/// (unchecked against `id`: [`read_tree`] checks).
pub fn full_record<'s>(
    id: &NodeId,
    source: &'s impl NodeSource,
) -> Result<std::borrow::Cow<'s, str>, TreeError> {
    read::full_record(id, source, "")
}

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a stored tree starts: a node, or (for a config that is a bare
/// scalar) the scalar itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeRoot {
    Node(NodeId),
    Leaf(Value),
}

impl TreeRoot {
    /// The root node, when there is one.
    pub fn node(&self) -> Option<&NodeId> {
        match self {
            Self::Node(id) => Some(id),
            Self::Leaf(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
