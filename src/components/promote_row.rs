//! One change on the promote page: its checkbox, path, kind, flags and
//! old → new; for a conflict, its resolver.
//!
//! The compact form is one fixed-height line for the windowed list of a
//! large change set; its conflicts are settled in their own card, so the
//! resolver never has to fit in a line.

use crate::components::change_list::{kind_class, kind_label, kind_marker};
use crate::components::conflict_resolver::ConflictResolver;
use crate::components::value_text::shown_deep;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::diff::Change;
use preflight_core::promote::Selection;
use std::sync::Arc;

/// A change row with its checkbox.
#[component]
pub fn PromoteRow(
    /// The change.
    change: Change,
    /// The selection the checkbox edits.
    selection: RwSignal<Selection>,
    /// Show secrets in clear.
    reveal: RwSignal<bool>,
    /// One line, for the windowed list (the resolver lives elsewhere).
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let c = Arc::new(change.clone());
    let checked = move || selection.with(|s| s.is_selected(&c));
    let unselected = {
        let checked = checked.clone();
        move || !checked()
    };
    let c = change.clone();
    let toggle = move |_| selection.update(|s| s.toggle(&c));
    let kind = change.kind;
    let secret = change.secret;
    // Secrets nested in an added or replaced object are masked too.
    let store = use_store();
    let masked = store
        .workspace
        .with_untracked(|ws| change.masked(&ws.settings.compiled_patterns()));
    let old = StoredValue::new((change.old.clone(), masked.old));
    let new = StoredValue::new((change.new.clone(), masked.new));
    let show = move |v: StoredValue<(Option<serde_json::Value>, Option<serde_json::Value>)>| {
        v.with_value(|(clear, masked)| shown_deep(clear, masked, secret, reveal.get()))
    };
    let path = change.path.clone();
    let title = move || format!("{path}: {} → {}", show(old), show(new));
    let path = change.path.clone();
    let row_class = format!(
        "promote-row {}{}",
        kind_class(kind),
        if compact { " promote-row-compact" } else { "" }
    );
    view! {
        <li class=row_class data-testid="promote-row" data-path=path.clone() role="listitem"
            class:unselected=unselected title=move || compact.then(title.clone())>
            <label class="check promote-check">
                <input type="checkbox" data-testid="change-checkbox" prop:checked=checked on:change=toggle
                    aria-label=format!("Promote {path}")/>
                <span class="kind-marker" title=kind_label(kind)>{kind_marker(kind)}</span>
                <code class="change-path">{path.clone()}</code>
            </label>
            <span class="muted kind-text">{kind_label(kind)}</span>
            {change.pinned.then(|| view! { <span class="badge badge-info" data-testid="pinned-badge" title="Environment-specific: not promoted unless you tick it">"pinned"</span> })}
            {secret.then(|| view! { <span class="badge badge-warn">"secret"</span> })}
            {change.conflict.is_some().then(|| view! { <span class="badge badge-bad" data-testid="conflict-badge">"conflict"</span> })}
            <div class="change-values">
                <span class="value value-old">{move || show(old)}</span>
                <span class="arrow">" → "</span>
                <span class="value value-new">{move || show(new)}</span>
            </div>
            {(!compact).then(|| change.conflict.clone().map(|conflict| view! {
                <ConflictResolver path=change.path.clone() conflict=*conflict selection=selection reveal=reveal/>
            }))}
        </li>
    }
}
