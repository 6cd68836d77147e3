//! The structural view of a diff: one windowed row per change, by path.

use crate::components::change_list::{kind_class, kind_label, kind_marker};
use crate::components::value_text::{masked, short};
use crate::components::virtual_list::VirtualList;
use leptos::prelude::*;
use preflight_core::diff::{Change, ChangeKind};
use preflight_core::display::{word_segments, Segment};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;

/// Height of one row, in pixels (the window relies on it).
pub const ROW_HEIGHT: f64 = 34.0;

/// A value, masked when secret and not revealed.
fn shown(value: &Value, secret: bool, revealed: bool) -> String {
    if secret && !revealed {
        masked(value)
    } else {
        short(value)
    }
}

/// Word segments as text, the changed words in `<mark>`.
fn marked(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|s| {
            if s.emphasized {
                view! { <mark>{s.text}</mark> }.into_any()
            } else {
                s.text.into_any()
            }
        })
        .collect_view()
}

/// The change rows of `visible` (indices into `changes`).
#[component]
pub fn StructuralDiff(
    /// All changes, unmasked.
    #[prop(into)]
    changes: Signal<Arc<Vec<Change>>>,
    /// The indices to show, in order.
    #[prop(into)]
    visible: Signal<Arc<Vec<usize>>>,
    /// Position in `visible` of the current change.
    #[prop(into)]
    current: Signal<Option<usize>>,
    /// Paths whose secret values the user revealed.
    revealed: RwSignal<HashSet<String>>,
    /// Column captions, e.g. ("QA now", "Development").
    #[prop(into)]
    captions: Signal<(String, String)>,
) -> impl IntoView {
    let store = crate::store::use_store();
    let patterns = Memo::new(move |_| store.workspace.with(|ws| ws.settings.compiled_patterns()));
    let render = Arc::new(move |pos: usize, index: &usize| {
        let Some(change) = changes.with_untracked(|c| c.get(*index).cloned()) else {
            return ().into_any();
        };
        // Secrets nested in an added or replaced object are masked too.
        let masked = patterns.with_untracked(|p| change.masked(p));
        let kind = change.kind;
        let path = change.to.clone().filter(|t| *t != change.path).map_or_else(
            || change.path.clone(),
            |to| format!("{} → {}", change.path, to),
        );
        let secret = change.secret;
        let key = change.path.clone();
        let is_revealed = {
            let key = key.clone();
            Signal::derive(move || revealed.with(|r| r.contains(&key)))
        };
        let old = change.old.clone();
        let new = change.new.clone();
        let (old_masked, new_masked) = (masked.old, masked.new);
        let is_current = move || current.get() == Some(pos);
        view! {
            <div
                class=format!("diff-row {}", kind_class(kind))
                class:current=is_current
                role="listitem"
                data-testid="diff-row"
                data-path=change.path.clone()
                aria-current=move || if is_current() { "true" } else { "false" }
            >
                <span class="kind-marker" aria-hidden="true" title=kind_label(kind)>{kind_marker(kind)}</span>
                <span class="visually-hidden">{kind_label(kind)}</span>
                <code class="change-path" title=path.clone()>{path.clone()}</code>
                {change.pinned.then(|| view! { <span class="badge badge-info">"pinned"</span> })}
                <span class="diff-values">
                    {move || {
                        let revealed = is_revealed.get();
                        let pick = |clear: &Option<Value>, hidden: &Option<Value>| {
                            if revealed || secret { clear.clone() } else { hidden.clone() }
                        };
                        let old = pick(&old, &old_masked).as_ref().map(|v| shown(v, secret, revealed));
                        let new = pick(&new, &new_masked).as_ref().map(|v| shown(v, secret, revealed));
                        // Two texts of one string value: mark the words that changed.
                        let words = (kind == ChangeKind::Modified && (!secret || revealed))
                            .then_some(())
                            .and(old.as_ref().zip(new.as_ref()))
                            .filter(|_| change.old.as_ref().is_some_and(Value::is_string) && change.new.as_ref().is_some_and(Value::is_string))
                            .map(|(o, n)| word_segments(o, n));
                        match words {
                            Some((l, r)) => view! {
                                <code class="value value-old">{marked(l)}</code>
                                <span class="arrow">"→"</span>
                                <code class="value value-new">{marked(r)}</code>
                            }.into_any(),
                            None => view! {
                                {old.clone().map(|o| view! { <code class="value value-old">{o}</code> })}
                                {(old.is_some() && new.is_some()).then(|| view! { <span class="arrow">"→"</span> })}
                                {new.clone().map(|n| view! { <code class="value value-new">{n}</code> })}
                            }.into_any(),
                        }
                    }}
                </span>
                {secret.then(|| {
                    let key = key.clone();
                                        view! {
                        <button
                            type="button"
                            class="link-button"
                            data-testid="reveal-value"
                            aria-pressed=move || is_revealed.get().to_string()
                            on:click=move |_| revealed.update(|r| {
                                if !r.remove(&key) {
                                    r.insert(key.clone());
                                }
                            })
                        >
                            {move || if is_revealed.get() { "Hide" } else { "Reveal" }}
                        </button>
                    }
                })}
            </div>
        }
        .into_any()
    });
    let items = Signal::derive(move || visible.get());
    let scroll_to = Signal::derive(move || current.get());
    view! {
        <div class="diff-captions" aria-hidden="true">
            <span>"Path"</span>
            <span>{move || format!("{} → {}", captions.get().0, captions.get().1)}</span>
        </div>
        <VirtualList
            items=items
            row_height=ROW_HEIGHT
            render=render
            scroll_to=scroll_to
            label="Changes by path"
            testid="structural-diff"
        />
    }
}
