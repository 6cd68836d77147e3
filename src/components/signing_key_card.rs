//! "Your key card": this browser's signing key for approvals, made once
//! with the owner's name, and its card to send to requesters (link or
//! file), with the fingerprint they compare before trusting it.

use crate::components::share_output::ShareOutput;
use crate::signer::{self, KeyState};
use crate::store::use_store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::approval::{self, group, KeyCard, Shared};

/// The key card section.
#[component]
pub fn SigningKeyCard() -> impl IntoView {
    let store = use_store();
    let key = signer::use_key();
    let name = RwSignal::new(store.actor());
    let (error, set_error) = signal(None::<String>);
    let busy = RwSignal::new(false);
    let card = RwSignal::new(None::<KeyCard>);
    // The card is signed by the key: made again whenever the key is read.
    Effect::new(move |_| {
        if let KeyState::Ready(k) = key.get() {
            spawn_local(async move {
                match signer::key_card(&k).await {
                    Ok(c) => card.set(Some(c)),
                    Err(e) => set_error.set(Some(e)),
                }
            });
        }
    });
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let n = name.get_untracked();
        spawn_local(async move {
            match signer::create(&n).await {
                Ok(k) => {
                    set_error.set(None);
                    key.set(KeyState::Ready(k));
                }
                Err(e) => set_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let link = Signal::derive(move || {
        card.with(|c| {
            c.as_ref()
                .map(|c| {
                    crate::hosting::share_link(
                        "/approve",
                        &format!(
                            "k={}",
                            approval::to_link_payload(&Shared::KeyCard(c.clone()))
                        ),
                    )
                })
                .unwrap_or_default()
        })
    });
    let file_text = Signal::derive(move || {
        card.with(|c| {
            c.as_ref()
                .map(|c| approval::to_file(&Shared::KeyCard(c.clone())))
                .unwrap_or_default()
        })
    });
    view! {
        <section class="card no-print" aria-labelledby="key-card-heading" data-testid="signing-key">
            <h2 id="key-card-heading">"Your key card"</h2>
            {move || match key.get() {
                KeyState::Loading => view! { <p class="muted">"Reading your signing key…"</p> }.into_any(),
                KeyState::Failed(e) => view! {
                    <p class="field-error" role="alert" data-testid="key-error">{format!("Your signing key cannot be used: {e}.")}</p>
                }.into_any(),
                KeyState::Missing => view! {
                    <p class="muted">"Approvals you give are signed with a key that only this browser holds. Make it once, then send your key card to the people who ask you for approvals: they trust it after comparing its fingerprint with you."</p>
                    <label class="field">
                        <span class="field-label">"Your name (signed into the card)"</span>
                        <input type="text" data-testid="key-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <button type="button" class="button" data-testid="create-key" prop:disabled=move || busy.get() on:click=create>"Create my signing key"</button>
                }.into_any(),
                KeyState::Ready(k) => {
                    let fingerprint = group(&approval::signing::fingerprint(&k.public_raw));
                    view! {
                        <dl class="facts">
                            <dt>"Name"</dt><dd data-testid="my-key-name">{k.name.clone()}</dd>
                            <dt>"Fingerprint"</dt><dd><code class="fingerprint" data-testid="my-fingerprint">{fingerprint}</code></dd>
                        </dl>
                        <p class="muted small">"The private key cannot be copied out of this browser. Read the fingerprint out to whoever trusts your card."</p>
                        <Show when=move || card.with(|c| c.is_some())>
                            <ShareOutput link=link file_text=file_text file_name=Signal::derive(|| "key-card.preflight.json".to_owned()) testid="key-card"/>
                        </Show>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="key-error">{e}</p> })}
        </section>
    }
}
