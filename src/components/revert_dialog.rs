//! Reverting to a snapshot, after a confirmation: the snapshot's content is
//! read from storage first, the revert runs in the core, and the outcome is
//! told only once its commit has landed.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::snapshot::{self, RevertReport};

/// The snapshot a revert would restore, and how the dialog names it.
#[derive(Debug, Clone, PartialEq)]
pub struct RevertTarget {
    pub id: String,
    pub label: String,
}

/// Asks before reverting to `target`, then reverts.
#[component]
pub fn RevertDialog(
    /// The snapshot to restore.
    target: RwSignal<Option<RevertTarget>>,
    /// Open while true.
    open: RwSignal<bool>,
    /// Hears the outcome: the report once the revert is stored, or what to
    /// tell the user when nothing was reverted.
    on_done: Callback<Result<RevertReport, String>>,
) -> impl IntoView {
    let store = use_store();
    let confirm = Callback::new(move |()| {
        let Some(t) = target.get_untracked() else {
            return;
        };
        spawn_local(async move {
            // The content to restore is read first; nothing changes if not.
            if let Err(e) = store.read_snapshots_now(vec![t.id.clone()]).await {
                on_done.run(Err(format!("Nothing was reverted: {e}.")));
                return;
            }
            let actor = store.actor();
            store.apply_saved(
                |ws| {
                    snapshot::revert(
                        ws,
                        &t.id,
                        &format!("Reverted to {}", t.id),
                        &actor,
                        browser::now(),
                    )
                },
                move |result| {
                    on_done.run(match result {
                        Ok(report) => Ok(report),
                        Err(NotSaved::Refused(e)) => Err(e.to_string()),
                        Err(NotSaved::Storage(e)) => {
                            Err(format!("Not saved: {e}; nothing was reverted."))
                        }
                    })
                },
            );
        });
    });
    let label = move || target.get().map(|t| t.label).unwrap_or_default();
    view! {
        <ConfirmDialog
            open=open
            title=Signal::derive(move || format!("Revert to “{}”?", label()))
            confirm_label=Signal::derive(|| "Revert".to_owned())
            danger=true
            on_confirm=confirm
        >
            <p>"The configuration is replaced by the snapshot's exact content. A snapshot is taken before and after, so this can be undone too."</p>
        </ConfirmDialog>
    }
}
