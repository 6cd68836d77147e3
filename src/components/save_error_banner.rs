//! The banner shown when the last commit did not land: what happened, that
//! nothing of the action was saved, and the way out. When the browser's
//! quota refused it, it names what takes the space (read from the store by
//! [`preflight_core::stored::usage`]) and offers a backup right there.
//!
//! It is pinned to the top of the window and takes the focus when it
//! appears, so that it is seen wherever the page was scrolled to.

use crate::components::backup_download::BackupDownload;
use crate::storage::StorageError;
use crate::store::use_store;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn SaveErrorBanner() -> impl IntoView {
    let store = use_store();
    let banner = NodeRef::<html::Div>::new();
    let (downloaded, set_downloaded) = signal(None::<Result<String, String>>);
    let error = Memo::new(move |_| store.status.with(|s| s.save_error.clone()));
    // Focus it when a failure is shown (not when the breakdown comes in),
    // once it is in the page.
    Effect::new(move |_| {
        if error.get().is_some() {
            set_downloaded.set(None);
            request_animation_frame(move || {
                if let Some(el) = banner.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    let on_result = Callback::new(move |r| set_downloaded.set(Some(r)));
    let space = move || {
        store.status.with(|s| match &s.full {
            Some(Ok(b)) => format!("{} {}", b.what_takes_the_space(), b.advice()),
            Some(Err(e)) => format!(
                "What takes the space could not be read ({e}). Download a backup to keep everything, then free some space and try again."
            ),
            None => "Reading what takes the space…".to_owned(),
        })
    };
    let message = move |e: StorageError| {
        if matches!(e, StorageError::QuotaExceeded) {
            view! {
                <p>
                    <strong>"Not saved: browser storage is full. "</strong>
                    "Nothing of this action was saved: it has been undone, and the last saved version is intact. "
                    <span data-testid="quota-space">{space}</span>
                </p>
            }
            .into_any()
        } else {
            view! {
                <p>
                    <strong>"Not saved: " {e.to_string()} ". "</strong>
                    "The change has been undone, and the last saved version is intact. "
                    "Download a backup to keep everything, then make the change again."
                </p>
            }
            .into_any()
        }
    };
    move || {
        error.get().map(|e| {
            view! {
                <div class="banner banner-error banner-pinned" role="alert" tabindex="-1" node_ref=banner
                    data-testid="save-error-banner">
                    {message(e)}
                    <div class="banner-actions">
                        <BackupDownload testid="save-error-download" on_result=on_result/>
                        <button type="button" class="button button-quiet" on:click=move |_| store.retry_save()>"Try again"</button>
                    </div>
                    {move || downloaded.get().map(|r| match r {
                        Ok(done) => view! { <p class="backup-done" role="status" data-testid="save-error-downloaded">{done}</p> }.into_any(),
                        Err(e) => view! { <p class="field-error" data-testid="save-error-download-error">{e}</p> }.into_any(),
                    })}
                </div>
            }
        })
    }
}
