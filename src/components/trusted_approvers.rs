//! The trusted approvers: whose signed approvals count in this workspace.
//! Each with name, fingerprint and who added them when; removing one asks
//! first. A key card is imported here (pasted link or file) and trusted
//! only after its confirmation.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::file_drop::FileDrop;
use crate::components::key_card_confirm::KeyCardConfirm;
use crate::store::use_store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::approval::trust::{self, TrustedRow};
use preflight_core::approval::{self, KeyCard, ShareError, Shared};

fn only_card(read: Result<Shared, ShareError>) -> Result<KeyCard, String> {
    match read {
        Ok(Shared::KeyCard(c)) => Ok(c),
        Ok(_) => Err("this is an approval request or record, not a key card".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// The list, with import and removal.
#[component]
pub fn TrustedApprovers() -> impl IntoView {
    let store = use_store();
    let rows = Memo::new(move |_| store.workspace.with(trust::trusted_rows));
    let opened = RwSignal::new(None::<Result<KeyCard, String>>);
    let pasted = RwSignal::new(String::new());
    let removing = RwSignal::new(None::<TrustedRow>);
    let asking = RwSignal::new(false);
    let (error, set_error) = signal(None::<String>);
    let open_link = move |_| {
        opened.set(Some(only_card(approval::from_link_payload(
            &pasted.get_untracked(),
        ))));
    };
    let take_file = move |file: web_sys::File| {
        spawn_local(async move {
            opened.set(Some(match browser::read_file(file).await {
                Ok(text) => only_card(approval::from_file(&text)),
                Err(e) => Err(e),
            }));
        });
    };
    let remove = Callback::new(move |()| {
        let Some(row) = removing.get_untracked() else {
            return;
        };
        let actor = store.actor();
        let result =
            store.apply(|ws| trust::distrust(ws, &row.fingerprint, &actor, browser::now()));
        set_error.set(result.err().map(|e| e.to_string()));
        removing.set(None);
    });
    let title = Signal::derive(move || {
        removing.with(|r| {
            r.as_ref()
                .map(|r| format!("Stop trusting {}?", r.name))
                .unwrap_or_default()
        })
    });
    view! {
        <section class="card" aria-labelledby="trusted-heading" data-testid="trusted-approvers">
            <h2 id="trusted-heading">"Trusted approvers"</h2>
            <p class="muted">"Only approvals signed by these keys count for promotions into production. Changes to this list are written to the audit trail."</p>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    view! { <p class="muted" data-testid="trusted-empty">"No trusted approver yet: open an approver's key card link, or import it below."</p> }.into_any()
                } else {
                    view! {
                        <ul class="trusted-list">
                            {rows.into_iter().map(|r| {
                                let row = r.clone();
                                view! {
                                    <li data-testid="trusted-row">
                                        <strong data-testid="trusted-name">{r.name.clone()}</strong>
                                        " "<code class="fingerprint" data-testid="trusted-fingerprint">{r.grouped.clone()}</code>
                                        <span class="muted small">{format!(" added by {} at {}", r.added_by, browser::format_time(r.added_at))}</span>
                                        " "<button type="button" class="button button-quiet no-print" data-testid="distrust" on:click=move |_| { removing.set(Some(row.clone())); asking.set(true); }>"Remove"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="no-print">
                <label class="field">
                    <span class="field-label">"Key card link"</span>
                    <input type="text" data-testid="key-card-paste" prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="button button-quiet" data-testid="key-card-open" on:click=open_link>"Open the key card"</button>
                <FileDrop zone_testid="key-card-drop" input_testid="key-card-file" accept=".json,application/json" prompt="Or drop a key card file (.preflight.json) here, or " on_file=Callback::new(take_file)/>
            </div>
            {move || opened.get().map(|o| match o {
                Ok(card) => view! { <KeyCardConfirm card=card/> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert" data-testid="key-card-error">{format!("This cannot be used: {e}.")}</p> }.into_any(),
            })}
            <ConfirmDialog open=asking title=title confirm_label=Signal::derive(|| "Remove".to_owned()) danger=true on_confirm=remove>
                <p>"Approvals this key signed stay attached, but no longer count."</p>
            </ConfirmDialog>
        </section>
    }
}
