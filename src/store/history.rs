//! Snapshots read when a page needs them, and let go after a commit.
//!
//! A loaded workspace holds its snapshots' contents in the store, not in
//! memory (see `preflight_core::snapshot::Content`). A page that shows a
//! snapshot's content asks for it with [`Store::want_snapshots`] and shows
//! "Reading…" until it is in; the contents a page asked for last are kept
//! when the others are let go after each commit.

use super::Store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::snapshot;

/// How many of the snapshots pages asked for last stay in memory.
const KEEP: usize = 8;

impl Store {
    /// Reads snapshots `ids` from storage, if they are not in memory yet.
    /// The workspace signal notifies once they are in; those found damaged
    /// are taken out and shown in the storage banner.
    pub fn want_snapshots(&self, ids: Vec<String>) {
        self.wanted.update_value(|w| {
            w.retain(|x| !ids.contains(x));
            w.extend(ids.iter().cloned());
            let extra = w.len().saturating_sub(KEEP.max(ids.len()));
            w.drain(..extra);
        });
        self.read_in_background(ids);
    }

    /// Reads the merge bases promotions need, should a change (a revert)
    /// have made one that is not in memory the one to use.
    pub(super) fn read_promotion_bases(&self) {
        let ids = self
            .workspace
            .with_untracked(snapshot::needed_for_promotions);
        self.read_in_background(ids);
    }

    fn read_in_background(&self, ids: Vec<String>) {
        let unread: Vec<String> = self.workspace.with_untracked(|ws| {
            ids.into_iter()
                .filter(|id| snapshot::get(ws, id).is_some_and(|s| !s.is_loaded()))
                .collect()
        });
        let fresh: Vec<String> = self
            .reading
            .try_update_value(|r| {
                let fresh: Vec<String> = unread.into_iter().filter(|id| !r.contains(id)).collect();
                r.extend(fresh.iter().cloned());
                fresh
            })
            .unwrap_or_default();
        let Some(db) = self.db.get_value() else {
            return;
        };
        if fresh.is_empty() {
            return;
        }
        let roots = self
            .workspace
            .with_untracked(|ws| snapshot::unread_roots(ws, fresh.iter().map(String::as_str)));
        let store = *self;
        spawn_local(async move {
            let fetched = db.fetch_trees(&roots).await;
            store
                .reading
                .update_value(|r| r.retain(|id| !fresh.contains(id)));
            match fetched {
                Ok(nodes) => {
                    // Read into the workspace as it is now: a change made
                    // meanwhile stays, and a snapshot read twice is kept.
                    let mut damaged = Vec::new();
                    store
                        .workspace
                        .update(|ws| damaged = db.read_fetched(ws, &fresh, &nodes));
                    if !damaged.is_empty() {
                        store.status.update(|s| s.damaged.extend(damaged));
                    }
                }
                Err(e) => store.status.update(|s| s.save_error = Some(e)),
            }
        });
    }

    /// Reads every snapshot still in the store (a backup holds them all).
    /// Fails with what to tell the user when the read itself fails. Those
    /// found damaged are taken out of the workspace (and shown in the
    /// storage banner): their content cannot be had, and the rest of the
    /// history must still be kept, so their ids are returned for the
    /// caller to say that they were left out.
    pub async fn read_all_snapshots(&self) -> Result<Vec<String>, String> {
        let ids = self.workspace.with_untracked(snapshot::unread);
        self.read_in(ids).await
    }

    /// Reads snapshots `ids` now, for an action that needs them (a revert).
    /// Fails when the read fails or finds one of them damaged.
    pub async fn read_snapshots_now(&self, ids: Vec<String>) -> Result<(), String> {
        let names = self.read_in(ids).await?;
        if names.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{} snapshot(s) could not be read ({}); they are listed at the top of the page",
            names.len(),
            names.join(", ")
        ))
    }

    /// Reads `ids` into the workspace; the ids of those found damaged.
    async fn read_in(&self, ids: Vec<String>) -> Result<Vec<String>, String> {
        let Some(db) = self.db.get_value() else {
            return Ok(Vec::new());
        };
        let roots = self
            .workspace
            .with_untracked(|ws| snapshot::unread_roots(ws, ids.iter().map(String::as_str)));
        if roots.is_empty() {
            return Ok(Vec::new());
        }
        let nodes = db
            .fetch_trees(&roots)
            .await
            .map_err(|e| format!("the history could not be read from browser storage ({e})"))?;
        let mut damaged = Vec::new();
        self.workspace
            .update(|ws| damaged = db.read_fetched(ws, &ids, &nodes));
        let names: Vec<String> = damaged.iter().map(|d| d.id.clone()).collect();
        if !damaged.is_empty() {
            self.status.update(|s| s.damaged.extend(damaged));
        }
        Ok(names)
    }

    /// What a backup written now leaves out: the snapshots found damaged
    /// (this read, or before), whose content could not be read.
    pub fn left_out_of_backups(&self) -> Vec<String> {
        self.status
            .with_untracked(|s| s.damaged.iter().map(|d| d.id.clone()).collect())
    }

    /// Whether a page's snapshot read is still under way.
    pub fn reading_snapshots(&self) -> bool {
        self.reading.with_value(|r| !r.is_empty())
    }

    /// After a commit: lets go of the committed contents no page asked for.
    pub(super) fn release_snapshots(&self) {
        let Some(db) = self.db.get_value() else {
            return;
        };
        let keep = self.wanted.get_value();
        self.workspace.update_untracked(|ws| {
            db.release(ws, &keep);
        });
        self.committed.update_value(|ws| {
            db.release(ws, &keep);
        });
    }
}
