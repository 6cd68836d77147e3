//! The go-live gate on the promote page: the open gating items that block
//! a promotion into production, with links, and the typed override.

use crate::components::link::A;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::checklist::{gate_status, GateStatus};
use preflight_core::EnvId;

/// Nothing when the gate is open; otherwise the blocking items and a
/// reason field (an override needs a reason, recorded in the audit).
#[component]
pub fn GatePanel(
    /// The promotion's target.
    to: EnvId,
    /// The override reason typed by the user.
    reason: RwSignal<String>,
) -> impl IntoView {
    let store = use_store();
    let status = Memo::new(move |_| store.workspace.with(|ws| gate_status(ws, &to)));
    move || {
        match status.get() {
        GateStatus::Open(_) => None,
        GateStatus::ChecklistMissing { checklist_id } => Some(view! {
            <div class="banner banner-error" role="alert" data-testid="gate-panel">
                <p>{format!("The go-live gate names checklist “{checklist_id}”, which no longer exists. Choose another in Settings, or override with a reason.")}</p>
                <GateReason reason=reason/>
            </div>
        }.into_any()),
        GateStatus::Blocked { checklist_id, checklist_name, items } => Some(view! {
            <div class="banner banner-error gate" role="alert" data-testid="gate-panel">
                <p>
                    <strong>"Go-live gate closed. "</strong>
                    {format!("{} gating item(s) of “{checklist_name}” are not done:", items.len())}
                </p>
                <ul class="gate-items" data-testid="gate-items">
                    {items.into_iter().map(|i| view! {
                        <li>
                            <A href=format!("/checklists/{checklist_id}#item-{}", i.index)>{format!("{} {}", i.code, i.name)}</A>
                            <span class="muted">{format!(" ({})", i.status.label())}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <GateReason reason=reason/>
            </div>
        }.into_any()),
    }
    }
}

/// The override reason field.
#[component]
fn GateReason(reason: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="field gate-reason">
            <span class="field-label">"Override the gate: reason (required, recorded in the audit trail)"</span>
            <input type="text" data-testid="gate-override-reason" prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))/>
        </label>
    }
}
