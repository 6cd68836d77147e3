//! The checklist's bulk bar: select items, set their status at once, and
//! undo the last such change.
//!
//! A bulk change that would open the go-live gate asks first, naming the
//! gating items (core's `gating::effect` decides). Every change goes
//! through `gating::edit_checklist`, which audits gating items, and its
//! notice and Undo button appear only once the change is stored.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::item_editor::{status_from_value, status_value};
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use preflight_core::checklist::gating::{self, GateEffect, StatusUndo};
use preflight_core::checklist::Status;
use std::collections::BTreeSet;

#[component]
pub fn BulkStatusBar(
    /// The checklist the items belong to.
    checklist_id: String,
    /// The ticked items.
    selected: RwSignal<BTreeSet<usize>>,
    /// Ticks every item the filters show.
    on_select_shown: Callback<()>,
    /// Where the outcome is told.
    set_notice: WriteSignal<Option<String>>,
    set_error: WriteSignal<Option<String>>,
) -> impl IntoView {
    let store = use_store();
    let checklist_id = StoredValue::new(checklist_id);
    let bulk_status = RwSignal::new(status_value(Status::Done).to_owned());
    let last = RwSignal::new(None::<StatusUndo>);
    let pending = RwSignal::new(None::<(Vec<usize>, Status, GateEffect)>);
    let confirm_open = RwSignal::new(false);

    let run = move |indices: Vec<usize>, status: Status| {
        let n = indices.len();
        let actor = store.actor();
        let id = checklist_id.get_value();
        store.apply_saved(
            move |ws| {
                gating::edit_checklist(ws, &id, &actor, browser::now(), |c| {
                    Ok(c.set_status(&indices, status))
                })
            },
            move |result| match result {
                Ok((_, undo)) => {
                    set_error.set(None);
                    set_notice.set(Some(format!("Set {n} item(s) to {}.", status.label())));
                    last.set((!undo.is_empty()).then_some(undo));
                }
                Err(NotSaved::Refused(e)) => set_error.set(Some(e.to_string())),
                Err(NotSaved::Storage(e)) => set_error.set(Some(format!(
                    "Not saved: {e}. The statuses are as they were; try again."
                ))),
            },
        );
        selected.set(BTreeSet::new());
    };
    let apply = move |_| {
        let indices: Vec<usize> = selected.get_untracked().into_iter().collect();
        let Some(status) = status_from_value(&bulk_status.get_untracked()) else {
            return;
        };
        let effect = store
            .workspace
            .with_untracked(|ws| gating::effect(ws, &checklist_id.get_value(), &indices, status));
        if effect.opens_gate {
            pending.set(Some((indices, status, effect)));
            confirm_open.set(true);
        } else {
            run(indices, status);
        }
    };
    let confirm = Callback::new(move |()| {
        if let Some((indices, status, _)) = pending.get_untracked() {
            pending.set(None);
            run(indices, status);
        }
    });
    let undo = move |_| {
        let Some(u) = last.get_untracked() else {
            return;
        };
        let actor = store.actor();
        store.apply_saved(
            move |ws| gating::undo(ws, &u, &actor, browser::now()),
            move |result| match result {
                Ok(n) => {
                    set_error.set(None);
                    set_notice.set(Some(format!(
                        "Undone: {n} item(s) are back to their previous status."
                    )));
                    last.set(None);
                }
                Err(NotSaved::Refused(e)) => set_error.set(Some(e.to_string())),
                Err(NotSaved::Storage(e)) => {
                    set_error.set(Some(format!("Not undone: {e}. Try again.")))
                }
            },
        );
    };
    let gating_items = move || {
        pending.with(|p| {
            p.as_ref().map(|(_, _, e)| {
                e.gating
                    .iter()
                    .map(|g| {
                        let text = format!("{} {} ({})", g.code, g.name, g.status.label());
                        view! { <li data-testid="gate-confirm-item">{text}</li> }
                    })
                    .collect_view()
            })
        })
    };
    let confirm_label = Signal::derive(move || {
        pending.with(|p| {
            p.as_ref()
                .map(|(i, s, _)| {
                    format!("Set {} item(s) to {} and open the gate", i.len(), s.label())
                })
                .unwrap_or_default()
        })
    });

    view! {
        <div class="bulk-bar" role="group" aria-label="Change many items">
            <button type="button" class="button button-quiet" data-testid="select-shown" on:click=move |_| on_select_shown.run(())>"Select all shown"</button>
            <button type="button" class="button button-quiet" data-testid="select-none" on:click=move |_| selected.set(BTreeSet::new())
                prop:disabled=move || selected.with(|s| s.is_empty())>"Clear selection"</button>
            <span data-testid="selected-count">{move || format!("{} selected", selected.with(|s| s.len()))}</span>
            <label class="inline-field">"Set status to"
                <select data-testid="bulk-status" on:change=move |ev| bulk_status.set(event_target_value(&ev))>
                    {Status::ALL.into_iter().map(|s| view! { <option value=status_value(s) selected=s == Status::Done>{s.label()}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="button" data-testid="bulk-apply" on:click=apply
                prop:disabled=move || selected.with(|s| s.is_empty())>"Apply to selected"</button>
            <Show when=move || last.with(|l| l.is_some())>
                <button type="button" class="button button-quiet" data-testid="bulk-undo" on:click=undo>"Undo last change"</button>
            </Show>
        </div>
        <ConfirmDialog
            open=confirm_open
            title="Open the go-live gate?"
            confirm_label=confirm_label
            on_confirm=confirm
        >
            <p data-testid="gate-confirm">
                "This change resolves the last open items that gate promotions into production. Once applied, production can be promoted into without an override. The gating items it changes:"
            </p>
            <ul>{gating_items}</ul>
        </ConfirmDialog>
    }
}
