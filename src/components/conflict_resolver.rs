//! A conflict: the base, source and target values of a path both sides
//! changed, and the choice of which to keep. Until a choice is made the
//! promotion cannot run. Secrets anywhere in the values are masked unless
//! revealed, in the custom value too (core's `review::conflict`).

use crate::components::value_text::shown as show;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::diff::Conflict;
use preflight_core::promote::{Resolution, Selection};
use preflight_core::review::conflict;

/// Which choice the radio group shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Source,
    Target,
    Custom,
}

/// The three values and the radio group.
#[component]
pub fn ConflictResolver(
    /// The path in conflict.
    path: String,
    /// Its base, source and target values.
    conflict: Conflict,
    /// The selection, where the resolution is recorded.
    selection: RwSignal<Selection>,
    /// Show secrets in clear.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    let store = use_store();
    let patterns = Memo::new(move |_| store.workspace.with(|ws| ws.settings.compiled_patterns()));
    let conflict = StoredValue::new(conflict);
    let shown = {
        let path = path.clone();
        Memo::new(move |_| {
            patterns.with(|p| conflict.with_value(|c| conflict::shown(c, &path, p, reveal.get())))
        })
    };
    // The custom value starts from the source's value as shown: masked
    // unless revealed, and a mask left in it keeps its secret.
    let custom_text = RwSignal::new(shown.with_untracked(|s| s.custom_start.clone()));
    let (custom_error, set_custom_error) = signal(None::<String>);
    let current = {
        let path = path.clone();
        move || {
            selection.with(|s| match s.resolution(&path) {
                Some(Resolution::TakeSource) => Some(Choice::Source),
                Some(Resolution::KeepTarget) => Some(Choice::Target),
                Some(Resolution::Custom(_)) => Some(Choice::Custom),
                None => None,
            })
        }
    };
    let choose = {
        let path = path.clone();
        move |choice: Choice| {
            let resolution = match choice {
                Choice::Source => Some(Resolution::TakeSource),
                Choice::Target => Some(Resolution::KeepTarget),
                Choice::Custom => {
                    let typed = custom_text.get_untracked();
                    let value = patterns.with_untracked(|p| {
                        conflict.with_value(|c| conflict::custom_value(c, &path, &typed, p))
                    });
                    match value {
                        Ok(v) => {
                            set_custom_error.set(None);
                            Some(Resolution::Custom(v))
                        }
                        Err(e) => {
                            set_custom_error.set(Some(e.to_string()));
                            None
                        }
                    }
                }
            };
            selection.update(|s| s.set_resolution(path.clone(), resolution));
        }
    };
    let name = format!("resolve-{path}");
    let radio = {
        let current = current.clone();
        let choose = choose.clone();
        let name = name.clone();
        move |choice: Choice, label: &'static str, testid: &'static str| {
            let current = current.clone();
            let choose = choose.clone();
            view! {
                <label class="check">
                    <input type="radio" name=name.clone() data-testid=testid
                        prop:checked=move || current() == Some(choice)
                        on:change=move |_| choose(choice)/>
                    {format!(" {label}")}
                </label>
            }
        }
    };
    view! {
        <div class="conflict" data-testid="conflict" role="group" aria-label=format!("Conflict at {path}")>
            <p class="conflict-note">"Both environments changed this since the last promotion."</p>
            <dl class="conflict-values">
                // Already masked as they should be: shown as they are.
                <dt>"Base (last promoted)"</dt><dd><code data-testid="conflict-base">{move || shown.with(|s| show(&s.base, false, true))}</code></dd>
                <dt>"Source"</dt><dd><code data-testid="conflict-source">{move || shown.with(|s| show(&s.source, false, true))}</code></dd>
                <dt>"Target now"</dt><dd><code data-testid="conflict-target">{move || shown.with(|s| show(&s.target, false, true))}</code></dd>
            </dl>
            <div class="conflict-choices">
                {radio(Choice::Source, "Take the source value", "resolve-source")}
                {radio(Choice::Target, "Keep the target value", "resolve-target")}
                {radio(Choice::Custom, "Use this value:", "resolve-custom")}
                <input type="text" class="mono" aria-label="Custom value as JSON" data-testid="resolve-custom-value"
                    prop:value=move || custom_text.get()
                    on:input=move |ev| custom_text.set(event_target_value(&ev))
                    on:change={let choose = choose.clone(); let current = current.clone(); move |_| if current() == Some(Choice::Custom) { choose(Choice::Custom) }}/>
            </div>
            {move || custom_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
