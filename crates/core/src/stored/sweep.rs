//! Removing the nodes that nothing uses any more.
//!
//! Nodes are shared and never rewritten, so a save cannot tell that one
//! has fallen out of use: an environment edited by hand (no snapshot keeps
//! its old tree), deleted, or replaced by a restore leaves nodes that no
//! head and no snapshot reaches. Settings → Storage counts them
//! ([`StorageBreakdown::unused`](super::usage::StorageBreakdown::unused))
//! and "Remove unused data" deletes them with [`StoredWorkspace::sweep`].
//!
//! What is in use is decided from what the store holds, read whole, not
//! from this tab's memory: another tab's heads count too, and so does
//! every snapshot record, damaged ones included (what is left of them
//! stays). The deletes are one commit at the revision the contents were
//! read at, so a commit by any tab since then makes the store refuse it,
//! and nothing a newer head needs can be taken.

use super::plan::Commit;
use super::usage::{unreached, StoreContents};
use super::{Area, StoredWorkspace};
use crate::objects::NodeId;

/// What a sweep deletes.
#[derive(Debug, Clone, Default)]
pub struct Sweep {
    /// The deletes, for the adapter to write as any commit.
    pub commit: Commit,
    /// How many nodes it removes.
    pub nodes: usize,
    /// The characters they take (keys and values).
    pub bytes: usize,
}

/// Why no sweep was planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SweepError {
    #[error("the store moved to revision {stored} since this tab read it; reload and try again")]
    Stale { stored: u64 },
    #[error("the stored record {0:?} cannot be read, so what its tree uses is unknown; nothing was removed")]
    Unreadable(String),
}

impl StoredWorkspace {
    /// The commit deleting every node of `contents` (the whole store, as
    /// read at this tab's revision) that nothing reaches. `Ok(None)` when
    /// there is nothing to remove.
    pub fn sweep(&self, contents: &StoreContents) -> Result<Option<Sweep>, SweepError> {
        let stored = contents
            .meta
            .iter()
            .find(|(k, _)| k == "revision")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or(0);
        if stored != self.revision {
            return Err(SweepError::Stale { stored });
        }
        let unused = unreached(contents).map_err(SweepError::Unreadable)?;
        if unused.is_empty() {
            return Ok(None);
        }
        let mut commit = Commit {
            expected_revision: self.revision,
            revision: self.revision + 1,
            ..Commit::default()
        };
        let mut bytes = 0;
        for (id, size) in &unused {
            commit.deletes.push((Area::Nodes, (*id).to_owned()));
            commit.after.gone_nodes.push(NodeId::from_stored(*id));
            bytes += size;
        }
        Ok(Some(Sweep {
            nodes: unused.len(),
            bytes,
            commit,
        }))
    }
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
