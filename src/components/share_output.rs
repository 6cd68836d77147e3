//! A shareable payload: the link (with copy) and the file download, with a
//! warning when the link is too long to send comfortably.

use crate::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::approval::LINK_WARN_CHARS;

/// Link and file for one payload.
#[component]
pub fn ShareOutput(
    /// The full link.
    #[prop(into)]
    link: Signal<String>,
    /// The file's text.
    #[prop(into)]
    file_text: Signal<String>,
    /// The file name, e.g. `approval-request.preflight.json`.
    #[prop(into)]
    file_name: Signal<String>,
    /// Prefix for test ids, e.g. `request` or `record`.
    testid: &'static str,
) -> impl IntoView {
    let (copied, set_copied) = signal(None::<bool>);
    let copy = move |_| {
        let text = link.get_untracked();
        spawn_local(async move { set_copied.set(Some(browser::copy_text(&text).await)) });
    };
    let download = move |_| {
        let _ = browser::download_text(
            &file_name.get_untracked(),
            "application/json",
            &file_text.get_untracked(),
        );
    };
    let too_long = move || link.with(|l| l.len() > LINK_WARN_CHARS);
    view! {
        <div class="share-output" data-testid=format!("{testid}-share")>
            <label class="field share-link">
                <span class="field-label">"Link"</span>
                <input type="text" readonly data-testid=format!("{testid}-link") prop:value=move || link.get()
                    on:focus=move |ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            i.select();
                        }
                    }/>
            </label>
            <div class="toolbar">
                <button type="button" class="button" data-testid=format!("{testid}-copy") on:click=copy>"Copy link"</button>
                <button type="button" class="button button-quiet" data-testid=format!("{testid}-download") on:click=download>"Download file"</button>
                {move || copied.get().map(|ok| if ok {
                    view! { <span class="muted" role="status">"Copied."</span> }.into_any()
                } else {
                    view! { <span class="field-error" role="status">"The browser did not allow copying; select the link and copy it."</span> }.into_any()
                })}
            </div>
            <Show when=too_long>
                <p class="banner banner-warning" data-testid=format!("{testid}-long-warning")>
                    {move || format!("This link is {} characters long; some mail and chat tools cut links this long. Send the file instead.", link.with(|l| l.len()))}
                </p>
            </Show>
            <p class="muted small">"The data is in the part after #, which browsers never send to a server."</p>
        </div>
    }
}
