//! Says when a new release of Preflight was picked up, or is ready.

use crate::offline::{use_offline, UpdateNotice};
use leptos::prelude::*;

/// The update notice of [`crate::offline`], with a way to act on it.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let offline = use_offline();
    let dismiss = move |_| offline.notice.set(None);
    let reload = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    let banner = move || {
        offline.notice.get().map(|notice| match notice {
            UpdateNotice::Updated { from, to } => view! {
                <div class="banner banner-info" role="status" data-testid="update-banner">
                    <p>
                        <strong>"Preflight was updated"</strong>
                        " since you last used it here (version " <code>{short(&from)}</code> " → "
                        <code>{short(&to)}</code> "). Your data is unchanged."
                    </p>
                    <button type="button" class="button button-quiet" data-testid="update-dismiss" on:click=dismiss>
                        "Dismiss"
                    </button>
                </div>
            }
            .into_any(),
            UpdateNotice::ReadyToReload => view! {
                <div class="banner banner-info" role="status" data-testid="update-ready-banner">
                    <p>
                        <strong>"A new version of Preflight is ready. "</strong>
                        "Reload to use it."
                    </p>
                    <div class="banner-actions">
                        <button type="button" class="button" data-testid="update-reload" on:click=reload>"Reload"</button>
                        <button type="button" class="button button-quiet" on:click=dismiss>"Later"</button>
                    </div>
                </div>
            }
            .into_any(),
        })
    };
    view! { <div class="banners">{banner}</div> }
}

/// The first characters of a build id: enough to tell two apart.
fn short(build: &str) -> String {
    build.chars().take(8).collect()
}
