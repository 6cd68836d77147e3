//! A drop zone with a file picker: the one way files come into the app
//! (configs, checklists, backups, approvals).

use crate::browser;
use leptos::prelude::*;

/// Drop a file here, or choose one; either way `on_file` gets it.
#[component]
pub fn FileDrop(
    /// Test id of the zone.
    zone_testid: &'static str,
    /// Test id of the file input.
    input_testid: &'static str,
    /// The input's `accept` list.
    accept: &'static str,
    /// The sentence before the button, e.g. "Drop a JSON file here, or ".
    prompt: &'static str,
    /// The button's text.
    #[prop(default = "choose a file")]
    button: &'static str,
    /// A quieter line under it, e.g. what happens next.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Receives the dropped or chosen file.
    on_file: Callback<web_sys::File>,
    /// Called when something that is not a file was dropped.
    #[prop(optional)]
    on_nothing: Option<Callback<()>>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    view! {
        <div
            class="drop-zone"
            class:drop-active=move || dragging.get()
            data-testid=zone_testid
            on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev| {
                dragging.set(false);
                match browser::dropped_file(&ev) {
                    Some(file) => on_file.run(file),
                    None => if let Some(cb) = on_nothing { cb.run(()) },
                }
            }
        >
            <p>{prompt}</p>
            <label class="button button-quiet">
                {button}
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid=input_testid
                    accept=accept
                    on:change=move |ev| {
                        if let Some(file) = browser::picked_file(&ev) {
                            on_file.run(file);
                        }
                    }
                />
            </label>
            {hint.map(|h| view! { <p class="muted">{h}</p> })}
        </div>
    }
}
