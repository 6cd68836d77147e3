//! "Configuration out of sync with <lower>": shown on an environment that
//! differs from the one below it, with the two ways to bring it up to date.

use crate::components::link::A;
use crate::components::promote_now_dialog::PromoteNowDialog;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::{pipeline, EnvId};

/// The banner, or nothing when the environment is in sync (or lowest).
#[component]
pub fn OutOfSyncBanner(
    /// The upper environment of the pair.
    #[prop(into)]
    id: Signal<EnvId>,
) -> impl IntoView {
    let store = use_store();
    let status = Memo::new(move |_| {
        store.workspace.with(|ws| {
            let id = id.get();
            store
                .with_known(|known| pipeline::sync_status_known(ws, known))
                .into_iter()
                .find(|s| s.upper == id && s.out_of_sync)
                .map(|s| {
                    let name = ws.env(&s.lower).map(|e| e.name.clone()).unwrap_or_default();
                    (s.lower, name, s.differences)
                })
        })
    });
    let open = RwSignal::new(false);
    // The environment below, whether or not the pair is in sync, so the
    // outcome of "Promote now" stays visible after the banner goes.
    let lower = Memo::new(move |_| {
        store.workspace.with(|ws| {
            let i = ws.env_index(&id.get())?;
            i.checked_sub(1).map(|j| ws.environments[j].id.clone())
        })
    });
    let banner = move || {
        status.get().map(|(lower, lower_name, n)| {
            let review = format!("/promote/{}/{}", lower, id.get_untracked());
            view! {
                <div class="banner banner-warning sync-banner" role="status" data-testid="out-of-sync-banner">
                    <p>
                        <strong>{format!("Configuration out of sync with {lower_name}")}</strong>
                        {format!(" · {n} difference{} outside environment-specific keys", if n == 1 { "" } else { "s" })}
                    </p>
                    <div class="banner-actions">
                        <A href=review attr:class="button" attr:data-testid="review-and-promote">"Review and promote"</A>
                        <button type="button" class="button button-quiet" data-testid="promote-now" on:click=move |_| open.set(true)>
                            "Promote now"
                        </button>
                    </div>
                </div>
            }
        })
    };
    let dialog = move || {
        lower
            .get()
            .map(|from| view! { <PromoteNowDialog open=open from=from to=id.get_untracked()/> })
    };
    view! {
        {banner}
        {dialog}
    }
}
