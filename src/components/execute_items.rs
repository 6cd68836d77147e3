//! The Execute card's list of what will be written: each selected change,
//! from → to, with a kept target value or a custom one where a conflict
//! was settled that way. Windowed for large selections.

use crate::components::value_text::shown_deep;
use crate::components::virtual_list::{RenderRow, VirtualList};
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::diff::Change;
use preflight_core::patterns::Patterns;
use preflight_core::promote::{Resolution, Selection};
use std::sync::Arc;

/// Lists longer than this are windowed.
const WINDOWED_FROM: usize = 200;
const ROW_HEIGHT: f64 = 24.0;

/// Old and new as the card shows them: secrets masked at any depth.
fn item_text(c: &Change, s: &Selection, patterns: &Patterns, reveal: bool) -> (String, String) {
    let masked = c.masked(patterns);
    let new = match s.resolution(&c.path) {
        Some(Resolution::KeepTarget) => "(kept)".to_owned(),
        Some(Resolution::Custom(v)) => {
            let hidden = Some(patterns.mask_value(v, &c.path));
            shown_deep(&Some(v.clone()), &hidden, c.secret, reveal)
        }
        _ => shown_deep(&c.new, &masked.new, c.secret, reveal),
    };
    (shown_deep(&c.old, &masked.old, c.secret, reveal), new)
}

/// The selected changes, as they will be promoted.
#[component]
pub fn ExecuteItems(
    /// Every change of the review.
    #[prop(into)]
    changes: Signal<Arc<Vec<Change>>>,
    /// The selection.
    selection: RwSignal<Selection>,
    /// Show secrets in clear.
    reveal: RwSignal<bool>,
) -> impl IntoView {
    let selected = Memo::new(move |_| {
        changes.with(|cs| {
            selection.with(|s| {
                Arc::new(
                    cs.iter()
                        .filter(|c| s.is_selected(c))
                        .cloned()
                        .collect::<Vec<_>>(),
                )
            })
        })
    });
    let store = use_store();
    let patterns = Memo::new(move |_| store.workspace.with(|ws| ws.settings.compiled_patterns()));
    let item = move |c: &Change| {
        let (old, new) = patterns.with(|p| selection.with(|s| item_text(c, s, p, reveal.get())));
        view! {
            <li data-testid="execute-item" role="listitem" title=format!("{}: {old} → {new}", c.path)>
                <code>{c.path.clone()}</code>": " <span class="value value-old">{old.clone()}</span>" → "<span class="value value-new">{new.clone()}</span>
            </li>
        }
    };
    let render: RenderRow<Change> = Arc::new(move |_, c: &Change| item(c).into_any());
    view! {
        {move || if selected.with(|s| s.len()) < WINDOWED_FROM {
            view! {
                <ul class="execute-items" tabindex="0" aria-label="Selected changes" data-testid="execute-items">
                    {move || selected.with(|s| s.iter().map(item).collect_view())}
                </ul>
            }.into_any()
        } else {
            view! {
                <div class="execute-items execute-items-windowed">
                    <VirtualList items=Signal::derive(move || selected.get()) row_height=ROW_HEIGHT render=render.clone()
                        label="Selected changes" testid="execute-items"/>
                </div>
            }.into_any()
        }}
    }
}
