//! The pinned and secret patterns, one glob per line, validated before they
//! replace the saved ones.

use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::patterns::PatternSet;

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Editable pattern lists for the whole workspace.
#[component]
pub fn PatternsEditor() -> impl IntoView {
    let store = use_store();
    let saved = move || store.workspace.with(|ws| ws.settings.patterns.clone());
    let pinned = RwSignal::new(saved().pinned.join("\n"));
    let secret = RwSignal::new(saved().secret.join("\n"));
    let (status, set_status) = signal(None::<Result<String, String>>);

    let draft = move || PatternSet {
        pinned: lines(&pinned.get()),
        secret: lines(&secret.get()),
    };
    let save = move |_| {
        let set = draft();
        match set.compile() {
            Ok(_) => {
                store.update(|ws| ws.settings.patterns = set);
                set_status.set(Some(Ok("Patterns saved.".into())));
            }
            Err(e) => set_status.set(Some(Err(e.to_string()))),
        }
    };
    let reset = move |_| {
        let d = PatternSet::default();
        pinned.set(d.pinned.join("\n"));
        secret.set(d.secret.join("\n"));
        set_status.set(None);
    };
    let dirty = move || draft() != saved();

    view! {
        <section class="card" aria-labelledby="patterns-heading">
            <h2 id="patterns-heading">"Pinned and secret keys"</h2>
            <p class="muted">
                "One pattern per line, over paths such as /connections/erp/baseUrl. "
                "* matches one segment and ** any number. Pinned keys are environment-specific and are never promoted unless you tick them. "
                "Secret values are masked everywhere. These apply to every environment."
            </p>
            <div class="two-columns">
                <label class="field">
                    <span class="field-label">"Pinned (environment-specific)"</span>
                    <textarea class="mono" rows="7" data-testid="pinned-patterns"
                        prop:value=move || pinned.get()
                        on:input=move |ev| pinned.set(event_target_value(&ev))></textarea>
                </label>
                <label class="field">
                    <span class="field-label">"Secret"</span>
                    <textarea class="mono" rows="7" data-testid="secret-patterns"
                        prop:value=move || secret.get()
                        on:input=move |ev| secret.set(event_target_value(&ev))></textarea>
                </label>
            </div>
            <div class="toolbar">
                <button type="button" class="button" data-testid="save-patterns" prop:disabled=move || !dirty() on:click=save>
                    "Save patterns"
                </button>
                <button type="button" class="button button-quiet" on:click=reset>"Restore defaults"</button>
            </div>
            {move || status.get().map(|s| match s {
                Ok(t) => view! { <p class="muted" role="status" data-testid="patterns-status">{t}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert" data-testid="patterns-status">{e}</p> }.into_any(),
            })}
        </section>
    }
}
