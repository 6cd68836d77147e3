//! Reading what the database holds, for the breakdown by kind that
//! [`preflight_core::stored::usage`] computes (Settings → Storage, and the
//! message shown when the quota refuses a commit).
//!
//! Records and nodes are read whole (their sizes, and the trees' links,
//! are in their text); kept backups are sized from their index records,
//! so their large texts are not read. Reads work on a full disk.
//!
//! The same reading decides which nodes nothing uses any more, for
//! [`WorkspaceDb::remove_unused`].

use super::workspace_db::to_idb;
use super::{StorageError, WorkspaceDb};
use crate::idb::Area;
use preflight_core::stored::usage::{StorageBreakdown, StoreContents};
use preflight_core::stored::SweepError;

/// What "Remove unused data" removed, once its commit has landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    /// The revision the removal committed as.
    pub revision: u64,
    pub nodes: usize,
    pub bytes: usize,
}

impl WorkspaceDb {
    /// What each kind of data takes in the database now.
    pub async fn breakdown(&self) -> Result<StorageBreakdown, StorageError> {
        Ok(StorageBreakdown::of(&self.contents().await?))
    }

    /// Deletes the nodes that no stored head or snapshot reaches, in one
    /// commit at the revision this tab holds (refused, as a conflict, when
    /// any tab committed since). `None` when nothing is unused.
    pub async fn remove_unused(&self) -> Result<Option<Removed>, StorageError> {
        let contents = self.contents().await?;
        let sweep = self.stored.borrow().sweep(&contents);
        let sweep = match sweep {
            Ok(Some(sweep)) => sweep,
            Ok(None) => return Ok(None),
            Err(SweepError::Stale { stored }) => return Err(StorageError::Conflict { stored }),
            Err(e) => return Err(StorageError::Write(e.to_string())),
        };
        let removed = Removed {
            revision: sweep.commit.revision,
            nodes: sweep.nodes,
            bytes: sweep.bytes,
        };
        self.idb.commit(&to_idb(&sweep.commit)).await?;
        self.stored.borrow_mut().committed(sweep.commit);
        Ok(Some(removed))
    }

    /// Everything the database holds, read whole (backups by size).
    async fn contents(&self) -> Result<StoreContents, StorageError> {
        Ok(StoreContents {
            meta: self.idb.get_all(Area::Meta).await?,
            records: self.idb.get_all(Area::Records).await?,
            nodes: self.idb.get_all(Area::Nodes).await?,
            backups: self
                .kept_backups()
                .await?
                .iter()
                .map(|k| k.stored_size())
                .collect(),
        })
    }
}
