//! A key card opened from a link or a file: who it names and its
//! fingerprint, and trusting it after a confirmation that shows the
//! fingerprint again. Nothing is trusted unasked.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use preflight_core::approval::trust::{self, CardPreview};
use preflight_core::approval::{KeyCard, TrustError};

/// The card, with "Trust this approver".
#[component]
pub fn KeyCardConfirm(
    /// The card as read from the link or file.
    card: KeyCard,
) -> impl IntoView {
    let store = use_store();
    let card = StoredValue::new(card);
    let preview = Memo::new(move |_| {
        store
            .workspace
            .with(|ws| card.with_value(|c| trust::preview_card(ws, c)))
    });
    let asking = RwSignal::new(false);
    let (done, set_done) = signal(None::<Result<CardPreview, String>>);
    let confirm = Callback::new(move |()| {
        let actor = store.actor();
        store.apply_saved(
            |ws| card.with_value(|c| trust::trust(ws, c, &actor, browser::now())),
            move |r: Result<CardPreview, NotSaved<TrustError>>| {
                set_done.set(Some(r.map_err(|e| match e {
                    NotSaved::Refused(e) => e.to_string(),
                    NotSaved::Storage(e) => format!("it was not saved ({e}); try again"),
                })));
            },
        );
    });
    let title =
        Signal::derive(move || card.with_value(|c| format!("Trust {} as an approver?", c.name)));
    let label = Signal::derive(|| "Trust this key".to_owned());
    view! {
        <section class="card" data-testid="key-card-opened" aria-labelledby="key-card-opened-heading">
            <h2 id="key-card-opened-heading">"A key card"</h2>
            {move || match (done.get(), preview.get()) {
                (Some(Ok(p)), _) => view! {
                    <p class="banner banner-info" role="status" data-testid="trust-done">
                        {format!("{} is now a trusted approver (key {}). Their signed approvals count in this workspace; the change is in the audit trail.", p.name, p.grouped)}
                    </p>
                }.into_any(),
                (Some(Err(e)), _) => view! {
                    <p class="field-error" role="alert" data-testid="trust-error">{format!("Not trusted: {e}.")}</p>
                }.into_any(),
                (None, Err(e)) => view! {
                    <p class="field-error" role="alert" data-testid="trust-error">{format!("This key card cannot be trusted: {e}.")}</p>
                }.into_any(),
                (None, Ok(p)) => view! {
                    <dl class="facts">
                        <dt>"Name"</dt><dd data-testid="card-name">{p.name.clone()}</dd>
                        <dt>"Fingerprint"</dt><dd><code class="fingerprint" data-testid="card-fingerprint">{p.grouped.clone()}</code></dd>
                    </dl>
                    {(!p.same_name_keys.is_empty()).then(|| view! {
                        <p class="banner banner-warning" data-testid="card-same-name">
                            {format!("Another key is already trusted under this name ({}). Make sure this one is theirs too.", p.same_name_keys.join("; "))}
                        </p>
                    })}
                    <p class="muted">"Ask the person to read out the fingerprint their browser shows under “Your key card”, by phone or in person. Trust it only if every group matches."</p>
                    <button type="button" class="button" data-testid="trust-key" on:click=move |_| asking.set(true)>"Trust this approver…"</button>
                }.into_any(),
            }}
            <ConfirmDialog open=asking title=title confirm_label=label on_confirm=confirm>
                {move || preview.get().ok().map(|p| view! {
                    <p>{format!("Approvals signed with this key will count as {}'s for promotions into production.", p.name)}</p>
                    <p>"Fingerprint:"</p>
                    <p><code class="fingerprint" data-testid="confirm-fingerprint">{p.grouped.clone()}</code></p>
                })}
            </ConfirmDialog>
        </section>
    }
}
