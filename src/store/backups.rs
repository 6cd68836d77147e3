//! The store's door to the kept automatic backups and to the breakdown of
//! what the database holds, so that components never reach storage
//! themselves. Without a database (IndexedDB refused, or a store this build
//! must not touch) there is nowhere to keep a backup, and each call says so.

use super::Store;
use crate::storage::{KeptBackup, StorageError, WorkspaceDb};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::stored::usage::StorageBreakdown;
use std::rc::Rc;

impl Store {
    fn database(&self) -> Result<Rc<WorkspaceDb>, StorageError> {
        self.db.get_value().ok_or_else(|| {
            StorageError::Unavailable(
                "this tab works in memory only, so nothing can be kept in the browser".into(),
            )
        })
    }

    /// Keeps `text` (the whole workspace) as an automatic backup.
    pub async fn keep_backup(&self, text: &str) -> Result<KeptBackup, StorageError> {
        let now_ms = js_sys::Date::now() as u64;
        self.database()?.keep_backup(text, now_ms).await
    }

    /// The kept automatic backups, newest first (none without a database).
    pub async fn kept_backups(&self) -> Result<Vec<KeptBackup>, StorageError> {
        match self.db.get_value() {
            Some(db) => db.kept_backups().await,
            None => Ok(Vec::new()),
        }
    }

    /// The text of a kept backup, `None` when it is gone.
    pub async fn kept_backup_text(
        &self,
        kept: &KeptBackup,
    ) -> Result<Option<String>, StorageError> {
        self.database()?.kept_backup_text(kept).await
    }

    /// Deletes a kept backup.
    pub async fn delete_kept_backup(&self, kept: &KeptBackup) -> Result<(), StorageError> {
        self.database()?.delete_kept_backup(kept).await
    }

    /// Replaces the workspace by a restored one (`backup::replace`), whose
    /// commit writes every record and node again, so that restoring a
    /// backup repairs snapshots whose stored nodes are missing or damaged.
    /// `done` hears the outcome once that commit has landed, or failed.
    pub fn restore(
        &self,
        incoming: preflight_core::Workspace,
        done: impl FnOnce(Result<(), StorageError>) + 'static,
    ) {
        if let Some(db) = self.db.get_value() {
            db.rewrite_next();
        }
        let store = *self;
        self.apply_saved(
            |ws| {
                preflight_core::backup::replace(ws, incoming);
                Ok::<_, std::convert::Infallible>(())
            },
            move |result| {
                if result.is_ok() {
                    // Written whole: what was damaged is repaired or gone.
                    store.status.update(|s| s.damaged.clear());
                }
                done(result.map_err(|e| match e {
                    super::NotSaved::Refused(never) => match never {},
                    super::NotSaved::Storage(e) => e,
                }))
            },
        );
    }

    /// What each kind of data takes in the database; `None` without one.
    pub async fn breakdown(&self) -> Option<Result<StorageBreakdown, StorageError>> {
        let db = self.db.get_value()?;
        Some(db.breakdown().await)
    }

    /// After a commit refused for lack of space: reads what takes the
    /// space, for the banner that says so.
    pub(super) fn explain_quota(&self) {
        let store = *self;
        spawn_local(async move {
            let breakdown = match store.breakdown().await {
                Some(Ok(b)) => Ok(b),
                Some(Err(e)) => Err(e.to_string()),
                None => Err("this tab has no database".to_owned()),
            };
            store.status.update(|s| {
                // Only while that failure is still the one shown.
                if matches!(s.save_error, Some(StorageError::QuotaExceeded)) {
                    s.full = Some(breakdown);
                }
            });
        });
    }
}
