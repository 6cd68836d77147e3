//! "Remove unused data": the store's door to deleting the nodes nothing
//! uses any more ([`preflight_core::stored::StoredWorkspace::sweep`]).
//!
//! The removal is a commit like any other, so it takes this tab's turn:
//! saves asked for meanwhile wait for it and run after, and a success is
//! reported only once the transaction has landed.

use super::Store;
use crate::storage::{Removed, StorageError};
use leptos::prelude::*;

impl Store {
    /// Removes the unused nodes. `Ok(None)` when there were none.
    pub async fn remove_unused(&self) -> Result<Option<Removed>, StorageError> {
        let db = self
            .db
            .get_value()
            .ok_or_else(|| StorageError::Unavailable("this tab works in memory only".into()))?;
        let busy = self.saving.get_value()
            || self
                .status
                .with_untracked(|s| s.conflict || s.save_error.is_some() || !s.can_save);
        if busy {
            return Err(StorageError::Write(
                "a change is still waiting to be saved; try again once it is".into(),
            ));
        }
        self.saving.set_value(true);
        let result = db.remove_unused().await;
        self.saving.set_value(false);
        if let Ok(Some(removed)) = &result {
            // Nothing in the workspace changed: only its revision moved.
            let committed = self.committed.get_value();
            self.landed(committed, removed.revision, 0);
        }
        if self.dirty.get_value() {
            self.request_save();
        }
        result
    }
}
