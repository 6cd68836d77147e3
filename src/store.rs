//! The app's state: one workspace signal, loaded from the browser database
//! when the app starts and committed after every change.
//!
//! Components never write storage themselves: they call [`Store::apply`]
//! (or [`Store::apply_saved`], when they show a success message) with a
//! closure that calls into `preflight-core`. An effect then writes what
//! changed as one transaction ([`WorkspaceDb::commit`]).
//!
//! ## Nothing claimed that did not happen
//!
//! A message that says something was done waits for the commit:
//! [`Store::apply_saved`] calls back only once the transaction has landed,
//! or with the storage error when it did not. When a commit fails (quota,
//! abort), the workspace rolls back to the last committed state, and the
//! banner says what was undone and why.
//!
//! ## Several tabs
//!
//! Every commit checks, inside its transaction, that the stored revision is
//! still the one this tab last saw. If another tab wrote first, nothing is
//! written, this tab keeps its change in memory, and the user chooses
//! (load theirs, or keep mine). Other tabs hear of a commit through a
//! `BroadcastChannel` and load it when they have nothing unsaved.

use crate::idb::{self, CommitChannel, Subscription, CHANNEL_NAME};
use crate::storage::{LoadNotice, StorageError, WorkspaceDb, WorkspaceStorage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::diff::KnownIndexes;
use preflight_core::stored::usage::StorageBreakdown;
use preflight_core::stored::DamagedSnapshot;
use preflight_core::workspace::Theme;
use preflight_core::Workspace;
use std::rc::Rc;

mod backups;
mod history;
mod unused;

/// What the storage banners show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StorageStatus {
    /// The workspace is still being read.
    pub loading: bool,
    /// What loading found; cleared when the user dismisses it.
    pub load: Option<LoadNotice>,
    /// Snapshots whose stored content is missing or damaged.
    pub damaged: Vec<DamagedSnapshot>,
    /// The last commit failed; what it was for has been undone.
    pub save_error: Option<StorageError>,
    /// When that failure was the quota: what the store holds, by kind,
    /// or why that could not be read (`None` until the read is done).
    pub full: Option<Result<StorageBreakdown, String>>,
    /// False when saving is off (no storage, or a store we must not touch).
    pub can_save: bool,
    /// Another tab saved first; this tab holds changes it has not stored.
    pub conflict: bool,
    /// Another tab's changes were loaded here.
    pub synced_from_other_tab: bool,
    /// Whether the browser promised to keep the data (`persist()`).
    pub persisted: Option<bool>,
}

impl StorageStatus {
    /// The damaged snapshots as the history lists them.
    pub fn unreadable(&self) -> Vec<preflight_core::history::Unreadable> {
        self.damaged
            .iter()
            .map(DamagedSnapshot::unreadable)
            .collect()
    }
}

type Waiter = Box<dyn FnOnce(Result<(), StorageError>)>;

/// Shared app state, provided as context at the root.
#[derive(Clone, Copy)]
pub struct Store {
    pub workspace: RwSignal<Workspace>,
    pub status: RwSignal<StorageStatus>,
    /// Moves each time a commit lands, for views of what is stored.
    pub commits: RwSignal<u64>,
    db: StoredValue<Option<Rc<WorkspaceDb>>, LocalStorage>,
    /// The last committed workspace: what a failed commit rolls back to.
    committed: StoredValue<Workspace>,
    /// Counts changes; a waiter waits for the commit that covers its change.
    change: StoredValue<u64>,
    waiters: StoredValue<Vec<(u64, Waiter)>, LocalStorage>,
    saving: StoredValue<bool>,
    dirty: StoredValue<bool>,
    /// Set when the workspace is replaced by a stored one, so the save
    /// effect does not write it straight back.
    skip_save: StoredValue<bool>,
    channel: StoredValue<Option<(CommitChannel, Subscription)>, LocalStorage>,
    asked_persist: StoredValue<bool>,
    /// Snapshots pages asked for last (kept in memory), and those being read.
    wanted: StoredValue<Vec<String>>,
    reading: StoredValue<Vec<String>>,
}

impl Store {
    /// Starts reading the workspace and saving it on every change.
    pub fn new(legacy: WorkspaceStorage) -> Self {
        let store = Self {
            workspace: RwSignal::new(Workspace::empty()),
            status: RwSignal::new(StorageStatus {
                loading: true,
                ..StorageStatus::default()
            }),
            commits: RwSignal::new(0),
            db: StoredValue::new_local(None),
            committed: StoredValue::new(Workspace::empty()),
            change: StoredValue::new(0),
            waiters: StoredValue::new_local(Vec::new()),
            saving: StoredValue::new(false),
            dirty: StoredValue::new(false),
            skip_save: StoredValue::new(false),
            channel: StoredValue::new_local(None),
            asked_persist: StoredValue::new(false),
            wanted: StoredValue::new(Vec::new()),
            reading: StoredValue::new(Vec::new()),
        };
        Effect::new(move |_| {
            store.workspace.track();
            if store.skip_save.get_value() {
                store.skip_save.set_value(false);
                return;
            }
            if store.status.with_untracked(|s| s.loading) {
                return;
            }
            store.change.update_value(|c| *c += 1);
            store.request_save();
            store.read_promotion_bases();
        });
        spawn_local(async move {
            let opened = WorkspaceDb::open(crate::storage::DB_NAME, &legacy).await;
            store.opened(opened);
        });
        store
    }

    fn opened(&self, opened: crate::storage::Opened) {
        crate::browser::mark("store:loaded");
        let can_save = opened.db.is_some() && opened.can_save;
        let save_now = opened.save_now && can_save;
        let load = match opened.notice {
            LoadNotice::None | LoadNotice::FirstRun => None,
            other => Some(other),
        };
        self.db.set_value(opened.db.map(Rc::new));
        self.committed.set_value(opened.workspace.clone());
        // A workspace from before keyed masks gets its key now, and keeps
        // it: masks are then unguessable from outside this workspace.
        let mut workspace = opened.workspace;
        let keyed = workspace.needs_mask_key()
            && crate::browser::random_bytes().is_some_and(|b| workspace.ensure_mask_key(b));
        let save_now = save_now || (keyed && can_save);
        self.skip_save.set_value(true);
        self.workspace.set(workspace);
        self.status.update(|s| {
            s.loading = false;
            s.load = load;
            s.damaged = opened.report.damaged;
            s.can_save = can_save;
        });
        self.listen_to_other_tabs();
        self.read_promotion_bases();
        // After the first paint: which nodes are stored (the next commit
        // needs it and would list them itself).
        if let Some(db) = self.db.get_value() {
            leptos::prelude::set_timeout(
                move || {
                    spawn_local(async move {
                        // The next commit tries again, and reports a failure.
                        if let Err(e) = db.list_nodes().await {
                            leptos::logging::warn!("listing the stored nodes failed: {e}");
                        }
                    })
                },
                std::time::Duration::from_millis(50),
            );
        }
        if save_now {
            self.request_save();
        }
    }

    /// Commits the workspace, after the commit in flight if there is one.
    fn request_save(&self) {
        let can_save = self.status.with_untracked(|s| s.can_save);
        let Some(db) = self.db.get_value().filter(|_| can_save) else {
            // Nothing is ever written in this mode, and the banner says the
            // workspace lives in this tab only: the change is what it is.
            self.resolve(u64::MAX, Ok(()));
            return;
        };
        if self.saving.get_value() {
            self.dirty.set_value(true);
            return;
        }
        self.saving.set_value(true);
        let store = *self;
        spawn_local(async move {
            loop {
                store.dirty.set_value(false);
                let upto = store.change.get_value();
                let ws = store.workspace.get_untracked();
                match db.commit(&ws).await {
                    Ok(revision) => store.landed(ws, revision, upto),
                    Err(e) => {
                        store.failed(e);
                        break;
                    }
                }
                if !store.dirty.get_value() {
                    break;
                }
            }
            store.saving.set_value(false);
        });
    }

    fn landed(&self, mut ws: Workspace, revision: u64, upto: u64) {
        let moved = ws.revision != revision;
        ws.revision = revision;
        // The revision is bookkeeping, not content: set it without a notify.
        self.workspace.update_untracked(|w| w.revision = revision);
        self.committed.set_value(ws);
        self.release_snapshots();
        // A commit that wrote nothing (say, snapshots read in for a
        // backup) proves nothing about space: the error stays shown.
        if moved
            && self
                .status
                .with_untracked(|s| s.save_error.is_some() || s.conflict)
        {
            self.status.update(|s| {
                s.save_error = None;
                s.full = None;
                s.conflict = false;
            });
        }
        if moved {
            self.commits.update(|n| *n += 1);
        }
        self.resolve(upto, Ok(()));
        if moved {
            self.channel.with_value(|c| {
                if let Some((channel, _)) = c {
                    channel.post(revision);
                }
            });
            self.ask_persist(upto > 0);
        }
    }

    fn failed(&self, e: StorageError) {
        leptos::logging::warn!("saving the workspace failed: {e}");
        let everything = self.change.get_value();
        if matches!(e, StorageError::Conflict { .. }) {
            // Kept in memory: the user decides whose version stays.
            self.status.update(|s| s.conflict = true);
        } else {
            self.skip_save.set_value(true);
            self.workspace.set(self.committed.get_value());
            self.status.update(|s| {
                s.save_error = Some(e.clone());
                s.full = None;
            });
            if matches!(e, StorageError::QuotaExceeded) {
                self.explain_quota();
            }
        }
        self.resolve(everything, Err(e));
    }

    /// Calls back the waiters whose change is covered, with `result`.
    fn resolve(&self, upto: u64, result: Result<(), StorageError>) {
        let ready: Vec<Waiter> = self
            .waiters
            .try_update_value(|w| {
                let (ready, rest): (Vec<_>, Vec<_>) = w.drain(..).partition(|(c, _)| *c <= upto);
                *w = rest;
                ready.into_iter().map(|(_, f)| f).collect()
            })
            .unwrap_or_default();
        for f in ready {
            f(result.clone());
        }
    }

    /// Asks the browser once, after the first real change, to keep the data.
    fn ask_persist(&self, real_change: bool) {
        if !real_change || self.asked_persist.get_value() {
            return;
        }
        self.asked_persist.set_value(true);
        let status = self.status;
        spawn_local(async move {
            let granted = match idb::persisted().await {
                Some(true) => Some(true),
                _ => idb::persist().await,
            };
            status.update(|s| s.persisted = granted);
        });
    }

    /// Follows commits made in other tabs of this browser.
    fn listen_to_other_tabs(&self) {
        let Some(channel) = CommitChannel::new(CHANNEL_NAME) else {
            return;
        };
        let store = *self;
        let sub = channel.on_message(move |notice| {
            let known = store.db.get_value().map(|db| db.revision()).unwrap_or(0);
            if notice.revision <= known {
                return;
            }
            // A failed commit was undone, so only a commit in flight or a
            // change kept through a conflict is this tab's own.
            let unsaved = store.saving.get_value() || store.status.with_untracked(|s| s.conflict);
            if unsaved {
                store.status.update(|s| s.conflict = true);
            } else {
                store.take_theirs();
            }
        });
        self.channel.set_value(Some((channel, sub)));
    }

    fn adopt(&self, stored: Workspace, damaged: Vec<DamagedSnapshot>) {
        self.committed.set_value(stored.clone());
        self.skip_save.set_value(true);
        self.workspace.set(stored);
        self.status.update(|s| {
            // This tab's unsaved change, if any, was just let go.
            s.conflict = false;
            s.save_error = None;
            s.full = None;
            s.synced_from_other_tab = true;
            s.damaged = damaged;
        });
    }

    /// Loads the stored version, letting go of this tab's unsaved changes.
    pub fn take_theirs(&self) {
        let Some(db) = self.db.get_value() else {
            return;
        };
        let store = *self;
        spawn_local(async move {
            match db.reload().await {
                Ok((ws, report)) => store.adopt(ws, report.damaged),
                Err(e) => store.status.update(|s| s.save_error = Some(e)),
            }
        });
    }

    /// Writes this tab's version over theirs. A store written by a newer
    /// Preflight is refused and kept.
    pub fn keep_mine(&self) {
        let Some(db) = self.db.get_value() else {
            return;
        };
        let store = *self;
        spawn_local(async move {
            let ws = store.workspace.get_untracked();
            let upto = store.change.get_value();
            match db.overwrite(&ws).await {
                Ok(revision) => store.landed(ws, revision, upto),
                Err(e) => store.status.update(|s| s.save_error = Some(e)),
            }
        });
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

    /// Like [`Store::apply`], and `done` hears the outcome only once it is
    /// known: the operation's refusal at once, its result once the commit
    /// that stores it has landed, or the storage error when it did not
    /// (and the change has been undone, or kept unsaved on a conflict).
    pub fn apply_saved<T: 'static, E>(
        &self,
        op: impl FnOnce(&mut Workspace) -> Result<T, E>,
        done: impl FnOnce(Result<T, NotSaved<E>>) + 'static,
    ) {
        match self.apply(op) {
            Err(e) => done(Err(NotSaved::Refused(e))),
            Ok(out) => {
                // The effect that commits runs after this; its change number
                // is the next one.
                let change = self.change.get_value() + 1;
                let waiter: Waiter = Box::new(move |r| match r {
                    Ok(()) => done(Ok(out)),
                    Err(e) => done(Err(NotSaved::Storage(e))),
                });
                self.waiters.update_value(|w| w.push((change, waiter)));
            }
        }
    }

    /// Applies a change to the workspace; the save effect persists it.
    pub fn update(&self, change: impl FnOnce(&mut Workspace)) {
        self.workspace.update(change);
    }

    /// Runs `f` with the indexes of the committed configs, so that a
    /// comparison skips equal subtrees (none known without a store).
    pub fn with_known<R>(&self, f: impl FnOnce(&dyn KnownIndexes) -> R) -> R {
        let db = self.db.get_value();
        match db {
            Some(db) => db.with_known(f),
            None => f(&()),
        }
    }

    /// How many bytes the last commit added to the store (see
    /// `WorkspaceDb::last_added`); `None` without a store.
    pub fn last_commit_added(&self) -> Option<i64> {
        self.db.get_value().map(|db| db.last_added())
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
        self.request_save();
    }

    /// Tries to save again, e.g. after the user freed some space.
    pub fn retry_save(&self) {
        self.status.update(|s| {
            s.save_error = None;
            s.full = None;
        });
        self.request_save();
    }

    /// The theme setting.
    pub fn theme(&self) -> Theme {
        self.workspace.with(|ws| ws.settings.theme)
    }
}

/// Why an action's result is not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum NotSaved<E> {
    /// The operation refused: nothing was changed.
    Refused(E),
    /// The operation ran but its commit did not land.
    Storage(StorageError),
}

/// The store provided at the root.
pub fn use_store() -> Store {
    expect_context::<Store>()
}
