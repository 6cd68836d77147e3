//! The workspace as stored records and content-addressed nodes, and the
//! incremental commit that one action writes.
//!
//! The browser store keeps three areas: `meta` (the revision), `records`
//! (one record per environment head, snapshot, audit event, checklist, plus
//! the workspace record and the approvals) and `nodes` (config trees, see
//! [`crate::objects`]). [`StoredWorkspace`] remembers what has been
//! committed; [`StoredWorkspace::plan`] compares a workspace with it and
//! returns only what changed: the new nodes and the changed records. The
//! adapter writes that [`Commit`] in one transaction and, only once it has
//! committed, calls [`StoredWorkspace::committed`].
//!
//! ## Records
//!
//! - `workspace`: schema version, settings, the id sequence and the order of
//!   environments, checklists, snapshots and audit events.
//! - `env/<id>`: the environment with its config and the config's root.
//!   The config is kept whole as well as in nodes so a cold load reads one
//!   record per environment instead of thousands of nodes. An environment
//!   that keeps its file has the file's format, name and the root of its
//!   text in the head, and the text whole in the record (`"text"`), for
//!   the same reason.
//!
//! ## Texts
//!
//! A file's text is stored as nodes too: as a tree of content-defined
//! chunks of lines ([`crate::objects::text`]), hashed and stored (with
//! deltas) exactly like a config, per environment. An edit of a few lines
//! adds the chunk it falls in and the two nodes above it, so a promotion
//! does not store a large file again. Stores and backups from before texts
//! were kept load unchanged.
//! - `snap/<id>`: the snapshot without its content, and the roots of its
//!   content and merge base (and of its file's text). Snapshots and audit events never change once
//!   written, so a save looks only for new ids.
//! - `audit/<id>`, `checklist/<id>`, `approvals`.
//!
//! What each kind of record and node takes in the store is
//! [`usage::StorageBreakdown`].
//!
//! Nodes that nothing reaches any more are removed on request
//! ([`StoredWorkspace::sweep`]).
//!
//! Loading ([`StoredWorkspace::load`]) rebuilds the exact workspace; a
//! snapshot whose nodes are missing or damaged is reported in
//! [`LoadReport::damaged`] with what its record still says, and the rest
//! loads.

mod history;
mod load;
mod plan;
mod records;
mod reuse;
mod sizes;
mod sweep;
pub mod usage;

pub use load::{DamagedSnapshot, LoadReport};
pub use plan::{Area, Commit};
pub use sizes::StoredSizes;
pub use sweep::{Sweep, SweepError};

use crate::environment::EnvId;
use crate::objects::{NodeId, TreeRoot};
use jiff::Timestamp;
use std::collections::HashMap;

/// A snapshot's content root and merge-base root.
/// A snapshot's content root, merge-base root and text root.
type SnapshotRoots = (TreeRoot, Option<TreeRoot>, Option<TreeRoot>);

/// Key of the workspace record.
pub const WORKSPACE_RECORD: &str = "workspace";
/// Key of the approvals record.
pub const APPROVALS_RECORD: &str = "approvals";

/// What the store holds, as far as this tab knows: enough to tell what an
/// action changed without serializing what it did not.
#[derive(Debug, Clone, Default)]
pub struct StoredWorkspace {
    workspace_text: String,
    approvals_text: String,
    /// Per environment: what its committed record holds.
    heads: HashMap<EnvId, plan::Head>,
    /// Per environment that keeps its file: its committed text's tree.
    texts: HashMap<EnvId, plan::TextHead>,
    snapshots: HashMap<String, (u64, Timestamp)>,
    /// The stored roots of each snapshot's content and merge base, so
    /// that content read in can be let go again ([`Self::release`]).
    snapshot_roots: HashMap<String, SnapshotRoots>,
    audit: HashMap<String, Timestamp>,
    checklists: HashMap<String, String>,
    /// Snapshots whose records are kept although their content could not be
    /// read: never deleted, and still listed in the workspace record.
    /// With its place in the stored order.
    damaged: Vec<(usize, String)>,
    /// Nodes known to be stored.
    nodes: rustc_hash::FxHashSet<NodeId>,
    /// The next commit writes every environment, snapshot and node again,
    /// whole ([`Self::rewrite_next`]).
    rewrite: bool,
    /// The revision last committed or read.
    pub revision: u64,
}

impl StoredWorkspace {
    /// An empty store: the first plan writes everything.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Makes the next commit write every environment record, snapshot
    /// record and node of the workspace again, whole (no deltas), whatever
    /// this tab believes is stored. A restore takes this path: nodes that
    /// are missing or damaged in the store, whether or not anything has
    /// read them yet, are then written from the backup, so restoring one
    /// repairs the snapshots that used them. Cleared once such a commit
    /// lands.
    pub fn rewrite_next(&mut self) {
        self.rewrite = true;
    }

    /// How many nodes this tab knows to be stored.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

fn env_key(id: &EnvId) -> String {
    format!("env/{id}")
}
fn snap_key(id: &str) -> String {
    format!("snap/{id}")
}
fn audit_key(id: &str) -> String {
    format!("audit/{id}")
}
fn checklist_key(id: &str) -> String {
    format!("checklist/{id}")
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
