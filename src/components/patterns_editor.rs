//! The pinned and secret patterns, one glob per line. They decide what a
//! promotion leaves out and what every view masks, so saving them is a
//! guard change ([`guards::set_guard`]): validated, audited with what was
//! added and removed, and "saved" only once the commit has landed. Default
//! secret patterns added since the workspace was made are offered.

use crate::browser;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use preflight_core::guards::{self, Guard};
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
        let actor = store.actor();
        let set = draft();
        store.apply_saved(
            |ws| guards::set_guard(ws, Guard::Patterns(set), &actor, browser::now()),
            move |result| {
                set_status.set(Some(match result {
                    Ok(_) => Ok("Patterns saved.".into()),
                    Err(NotSaved::Refused(e)) => Err(e.to_string()),
                    Err(NotSaved::Storage(e)) => Err(format!(
                        "Not saved: {e}. The saved patterns are unchanged; try again."
                    )),
                }))
            },
        );
    };
    // Defaults added since this workspace's lists were made.
    let missing = move || draft().missing_default_secrets();
    let add_missing = move |_| {
        let extra = missing();
        secret.update(|s| {
            for p in extra {
                if !s.is_empty() && !s.ends_with('\n') {
                    s.push('\n');
                }
                s.push_str(&p);
            }
        });
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
            {move || {
                let m = missing();
                (!m.is_empty()).then(|| view! {
                    <p class="banner banner-info" data-testid="missing-default-secrets">
                        {format!("{} newer default secret pattern(s) are not in this workspace's list: {}. ", m.len(), m.join(", "))}
                        <button type="button" class="button button-quiet" data-testid="add-default-secrets" on:click=add_missing>
                            "Add them to the list"
                        </button>
                    </p>
                })
            }}
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
