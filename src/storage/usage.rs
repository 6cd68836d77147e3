//! Reading what the database holds, for the breakdown by kind that
//! [`preflight_core::stored::usage`] computes (Settings → Storage, and the
//! message shown when the quota refuses a commit).
//!
//! Records and nodes are read whole (their sizes, and the trees' links,
//! are in their text); kept backups are sized from their index records,
//! so their large texts are not read. Reads work on a full disk.

use super::{StorageError, WorkspaceDb};
use crate::idb::Area;
use preflight_core::stored::usage::{StorageBreakdown, StoreContents};

impl WorkspaceDb {
    /// What each kind of data takes in the database now.
    pub async fn breakdown(&self) -> Result<StorageBreakdown, StorageError> {
        let contents = StoreContents {
            meta: self.idb.get_all(Area::Meta).await?,
            records: self.idb.get_all(Area::Records).await?,
            nodes: self.idb.get_all(Area::Nodes).await?,
            backups: self
                .kept_backups()
                .await?
                .iter()
                .map(|k| k.stored_size())
                .collect(),
        };
        Ok(StorageBreakdown::of(&contents))
    }
}
