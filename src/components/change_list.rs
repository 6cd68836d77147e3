//! A list of changes by path: kind marker, path, old → new.
//!
//! Used wherever changes are shown without selection: import previews,
//! snapshot comparisons, audit details. Secret values arrive masked from
//! the core unless the caller chose to reveal them.

use crate::components::value_text::ValueText;
use leptos::prelude::*;
use preflight_core::diff::{Change, ChangeKind};

/// The colour-independent marker of a change kind.
pub fn kind_marker(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "−",
        ChangeKind::Modified => "~",
        ChangeKind::TypeChanged => "~",
        ChangeKind::Moved => "↕",
    }
}

/// The kind in words.
pub fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Modified => "modified",
        ChangeKind::TypeChanged => "type changed",
        ChangeKind::Moved => "moved",
    }
}

/// CSS class of a kind.
pub fn kind_class(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "kind-added",
        ChangeKind::Removed => "kind-removed",
        ChangeKind::Modified | ChangeKind::TypeChanged => "kind-modified",
        ChangeKind::Moved => "kind-moved",
    }
}

/// Changes, one per row.
#[component]
pub fn ChangeList(
    /// The changes to show (already masked where needed).
    #[prop(into)]
    changes: Signal<Vec<Change>>,
    /// Shown when there are none.
    #[prop(into)]
    empty: String,
) -> impl IntoView {
    view! {
        <Show
            when=move || changes.with(|c| !c.is_empty())
            fallback=move || view! { <p class="muted" data-testid="no-changes">{empty.clone()}</p> }
        >
            <ul class="change-list" data-testid="change-list">
                <For each=move || changes.get().into_iter().enumerate() key=|(i, c)| (*i, c.path.clone()) let:item>
                    <ChangeRow change=item.1/>
                </For>
            </ul>
        </Show>
    }
}

/// One change: marker, path, and old → new.
#[component]
pub fn ChangeRow(
    /// The change.
    change: Change,
) -> impl IntoView {
    let kind = change.kind;
    let path = if change.path.is_empty() {
        "/".to_owned()
    } else {
        change.path.clone()
    };
    view! {
        <li class=format!("change-row {}", kind_class(kind)) data-testid="change-row">
            <span class="kind-marker" aria-hidden="true" title=kind_label(kind)>{kind_marker(kind)}</span>
            <span class="visually-hidden">{kind_label(kind)}</span>
            <code class="change-path">{path}</code>
            {change.pinned.then(|| view! { <span class="badge badge-info">"pinned"</span> })}
            {change.secret.then(|| view! { <span class="badge badge-warn">"secret"</span> })}
            <span class="change-values">
                {change.old.clone().map(|v| view! { <ValueText value=v class="value-old"/> })}
                {(change.old.is_some() && change.new.is_some()).then(|| view! { <span class="arrow" aria-label="becomes">" → "</span> })}
                {change.new.clone().map(|v| view! { <ValueText value=v class="value-new"/> })}
            </span>
        </li>
    }
}
