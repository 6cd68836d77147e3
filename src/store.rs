//! The app's state: one workspace signal, loaded in the initializer and
//! saved by an `Effect` whenever it changes (the todomvc pattern).
//!
//! Components never write storage themselves: they call [`Store::update`]
//! with a closure that calls into `preflight-core`, and the effect persists
//! the result or raises a banner.

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
}

/// Shared app state, provided as context at the root.
#[derive(Clone, Copy)]
pub struct Store {
    pub workspace: RwSignal<Workspace>,
    pub status: RwSignal<StorageStatus>,
    storage: StoredValue<WorkspaceStorage>,
}

impl Store {
    /// Loads the workspace and starts saving it on every change.
    pub fn new(storage: WorkspaceStorage) -> Self {
        let loaded = storage.load();
        let load = match loaded.notice {
            LoadNotice::None => None,
            other => Some(other),
        };
        let store = Self {
            workspace: RwSignal::new(loaded.workspace),
            status: RwSignal::new(StorageStatus {
                load,
                save_error: None,
                can_save: loaded.can_save,
            }),
            storage: StoredValue::new(storage),
        };
        Effect::new(move |_| {
            let result = store.workspace.with(|ws| {
                store
                    .status
                    .with_untracked(|s| s.can_save)
                    .then(|| store.storage.with_value(|st| st.save(ws)))
            });
            match result {
                Some(Err(e)) => {
                    leptos::logging::warn!("saving the workspace failed: {e}");
                    store.status.update(|s| s.save_error = Some(e));
                }
                Some(Ok(())) if store.status.with_untracked(|s| s.save_error.is_some()) => {
                    store.status.update(|s| s.save_error = None);
                }
                _ => {}
            }
        });
        store
    }

    /// Applies a change to the workspace; the save effect persists it.
    pub fn update(&self, change: impl FnOnce(&mut Workspace)) {
        self.workspace.update(change);
    }

    /// Runs a core operation on a draft and keeps it only when it succeeds,
    /// so a refused operation leaves nothing half-done.
    pub fn apply<T, E>(&self, op: impl FnOnce(&mut Workspace) -> Result<T, E>) -> Result<T, E> {
        let mut draft = self.workspace.get_untracked();
        let out = op(&mut draft)?;
        self.workspace.set(draft);
        Ok(out)
    }

    /// The name written into audit events.
    pub fn actor(&self) -> String {
        self.workspace
            .with_untracked(|ws| ws.settings.display_name.clone())
    }

    /// Tries to save again, e.g. after the user freed some space.
    pub fn retry_save(&self) {
        self.workspace.update(|_| {});
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
