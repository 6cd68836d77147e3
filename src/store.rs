//! The app's state: one workspace signal, loaded in the initializer and
//! saved by an `Effect` whenever it changes (the todomvc pattern).
//!
//! Components never write storage themselves: they call [`Store::apply`]
//! or [`Store::update`] with a closure that calls into `preflight-core`,
//! and the effect persists the result or raises a banner.
//!
//! ## Several tabs
//!
//! Every stored document carries a `revision`. A save first checks that
//! the stored revision is still the one this tab last saw; if another tab
//! wrote meanwhile, nothing is overwritten and the user chooses. When
//! another tab saves, the `storage` event brings its document here.

use crate::storage::{LoadNotice, StorageError, WorkspaceStorage};
use leptos::prelude::*;
use preflight_core::workspace::Theme;
use preflight_core::Workspace;

/// What the storage banners show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StorageStatus {
    /// What loading found; cleared when the user dismisses it.
    pub load: Option<LoadNotice>,
    /// The last save failed: changes are in memory only.
    pub save_error: Option<StorageError>,
    /// False when saving is off (no storage, or a backup could not be kept).
    pub can_save: bool,
    /// Another tab saved over the revision this tab started from, and this
    /// tab has changes of its own: the user decides.
    pub conflict: bool,
    /// Another tab's changes were loaded here.
    pub synced_from_other_tab: bool,
}

/// Shared app state, provided as context at the root.
#[derive(Clone, Copy)]
pub struct Store {
    pub workspace: RwSignal<Workspace>,
    pub status: RwSignal<StorageStatus>,
    storage: StoredValue<WorkspaceStorage>,
    /// The revision this tab last read or wrote.
    saved_revision: StoredValue<u64>,
    /// Set when the workspace was replaced by the stored one, so the save
    /// effect does not write it straight back.
    skip_save: StoredValue<bool>,
}

impl Store {
    /// Loads the workspace and starts saving it on every change.
    pub fn new(storage: WorkspaceStorage) -> Self {
        let loaded = storage.load();
        let load = match loaded.notice {
            LoadNotice::None => None,
            other => Some(other),
        };
        let revision = loaded.workspace.revision;
        let store = Self {
            workspace: RwSignal::new(loaded.workspace),
            status: RwSignal::new(StorageStatus {
                load,
                can_save: loaded.can_save,
                ..StorageStatus::default()
            }),
            storage: StoredValue::new(storage),
            saved_revision: StoredValue::new(revision),
            skip_save: StoredValue::new(false),
        };
        Effect::new(move |_| {
            store.workspace.track();
            if store.skip_save.get_value() {
                store.skip_save.set_value(false);
                return;
            }
            store.save_now(false);
        });
        store.listen_to_other_tabs();
        store
    }

    /// Writes the workspace unless another tab wrote first (or `force`).
    fn save_now(&self, force: bool) {
        let can_save = self.status.with_untracked(|s| s.can_save);
        if !can_save {
            return;
        }
        let expected = self.saved_revision.get_value();
        let stored = self.storage.with_value(|st| st.stored_revision());
        if !force && stored.is_some_and(|r| r != expected) {
            self.status.update(|s| s.conflict = true);
            return;
        }
        let next = stored.unwrap_or(expected).max(expected) + 1;
        // The revision is bookkeeping, not content: set it without a notify.
        self.workspace.update_untracked(|ws| ws.revision = next);
        let result = self
            .workspace
            .with_untracked(|ws| self.storage.with_value(|st| st.save(ws)));
        match result {
            Ok(()) => {
                self.saved_revision.set_value(next);
                if self
                    .status
                    .with_untracked(|s| s.save_error.is_some() || s.conflict)
                {
                    self.status.update(|s| {
                        s.save_error = None;
                        s.conflict = false;
                    });
                }
            }
            Err(e) => {
                leptos::logging::warn!("saving the workspace failed: {e}");
                self.status.update(|s| s.save_error = Some(e));
            }
        }
    }

    /// Replaces the workspace with the stored one when it is newer.
    /// Returns true when something was loaded.
    pub fn sync_from_storage(&self) -> bool {
        let Some(stored) = self.storage.with_value(|st| st.read()) else {
            return false;
        };
        if stored.revision <= self.saved_revision.get_value() {
            return false;
        }
        self.adopt(stored);
        true
    }

    fn adopt(&self, stored: Workspace) {
        self.saved_revision.set_value(stored.revision);
        self.skip_save.set_value(true);
        self.workspace.set(stored);
        self.status.update(|s| {
            // This tab's unsaved change, if any, was just let go.
            s.conflict = false;
            s.save_error = None;
            s.synced_from_other_tab = true;
        });
    }

    /// Follows saves made in other tabs of this browser.
    fn listen_to_other_tabs(&self) {
        let store = *self;
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            let key = store.storage.with_value(|st| st.key().to_owned());
            if ev.key().as_deref() != Some(key.as_str()) {
                return;
            }
            let unsaved = store
                .status
                .with_untracked(|s| s.save_error.is_some() || s.conflict);
            if unsaved {
                // This tab holds changes the other tab has not seen.
                store.status.update(|s| s.conflict = true);
            } else {
                store.sync_from_storage();
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Resolves a conflict by loading the other tab's version.
    pub fn take_theirs(&self) {
        if let Some(stored) = self.storage.with_value(|st| st.read()) {
            self.adopt(stored);
        }
    }

    /// Resolves a conflict by writing this tab's version over theirs.
    pub fn keep_mine(&self) {
        self.save_now(true);
    }

    /// Shows `workspace` without ever saving it (for the benchmark page):
    /// the stored workspace stays as it was, and a banner says so.
    pub fn load_in_memory(&self, workspace: Workspace, why: &str) {
        self.status.update(|s| {
            s.can_save = false;
            s.load = Some(LoadNotice::InMemory(why.to_owned()));
        });
        self.skip_save.set_value(true);
        self.workspace.set(workspace);
    }

    /// Runs a core operation on a draft and keeps it only when it succeeds,
    /// so a refused operation leaves nothing half-done.
    pub fn apply<T, E>(&self, op: impl FnOnce(&mut Workspace) -> Result<T, E>) -> Result<T, E> {
        let mut draft = self.workspace.get_untracked();
        let out = op(&mut draft)?;
        self.workspace.set(draft);
        Ok(out)
    }

    /// Applies a change to the workspace; the save effect persists it.
    pub fn update(&self, change: impl FnOnce(&mut Workspace)) {
        self.workspace.update(change);
    }

    /// The name written into audit events.
    pub fn actor(&self) -> String {
        self.workspace
            .with_untracked(|ws| ws.settings.display_name.clone())
    }

    /// Turns saving back on after a recovery that could not keep a copy of
    /// the damaged text (the user downloaded it, or chose to let it go),
    /// and saves the current workspace at once.
    pub fn resume_saving(&self) {
        self.status.update(|s| s.can_save = true);
        self.save_now(true);
    }

    /// Tries to save again, e.g. after the user freed some space.
    pub fn retry_save(&self) {
        self.save_now(false);
    }

    /// The theme setting.
    pub fn theme(&self) -> Theme {
        self.workspace.with(|ws| ws.settings.theme)
    }
}

/// The store provided at the root.
pub fn use_store() -> Store {
    expect_context::<Store>()
}
