//! The text view of a diff: the two rendered documents, side by side or
//! inline, with word-level highlights and folded unchanged runs.

use crate::components::virtual_list::VirtualList;
use leptos::prelude::*;
use preflight_core::display::{Cell, Row, RowKind};
use std::sync::Arc;

/// Height of one line, in pixels.
pub const LINE_HEIGHT: f64 = 22.0;

/// Split (two columns) or inline (one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Split,
    Inline,
}

fn marker(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Added => "+",
        RowKind::Removed => "−",
        RowKind::Modified => "~",
        RowKind::Equal | RowKind::Collapsed => " ",
    }
}

fn row_class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Added => "tl tl-added",
        RowKind::Removed => "tl tl-removed",
        RowKind::Modified => "tl tl-modified",
        RowKind::Equal => "tl",
        RowKind::Collapsed => "tl tl-collapsed",
    }
}

/// One side's text, emphasized words in `<mark>` (text, never HTML).
fn cell_view(cell: Option<&Cell>, side: &'static str) -> impl IntoView {
    let (line, segments) = match cell {
        Some(c) => (c.line.to_string(), c.segments.clone()),
        None => (String::new(), Vec::new()),
    };
    let empty = cell.is_none();
    view! {
        <span class="tl-num" aria-hidden="true">{line}</span>
        <span class=format!("tl-text tl-{side}") class:tl-empty=empty>
            {segments
                .into_iter()
                .map(|s| if s.emphasized {
                    view! { <mark>{s.text}</mark> }.into_any()
                } else {
                    view! { <span>{s.text}</span> }.into_any()
                })
                .collect_view()}
        </span>
    }
}

/// The rows, windowed.
#[component]
pub fn TextDiff(
    /// Rows to show (already in the chosen layout).
    #[prop(into)]
    rows: Signal<Arc<Vec<Row>>>,
    /// Split or inline.
    #[prop(into)]
    layout: Signal<Layout>,
    /// Index of the current row, highlighted and scrolled to.
    #[prop(into)]
    current: Signal<Option<usize>>,
    /// Called with a Collapsed row's index to expand it.
    on_expand: Callback<usize>,
) -> impl IntoView {
    let render = Arc::new(move |i: usize, row: &Row| {
        let kind = row.kind;
        let is_current = move || current.get() == Some(i);
        if kind == RowKind::Collapsed {
            let n = row.hidden.len();
            return view! {
                <div class=row_class(kind) role="listitem" data-testid="collapsed-row">
                    <button type="button" class="expand-button" data-testid="expand-row" on:click=move |_| on_expand.run(i)>
                        {format!("⋯ {n} unchanged line{} · expand", if n == 1 { "" } else { "s" })}
                    </button>
                </div>
            }
            .into_any();
        }
        let split = layout.get_untracked() == Layout::Split;
        let body = if split {
            view! {
                <span class="tl-marker" aria-hidden="true">{marker(kind)}</span>
                {(kind != RowKind::Equal).then(|| view! { <span class="visually-hidden">{format!("{kind:?}: ")}</span> })}
                <span class="tl-side">{cell_view(row.left.as_ref(), "left")}</span>
                <span class="tl-side">{cell_view(row.right.as_ref(), "right")}</span>
            }
            .into_any()
        } else {
            let cell = if kind == RowKind::Removed {
                row.left.as_ref()
            } else {
                row.right.as_ref().or(row.left.as_ref())
            };
            view! {
                <span class="tl-marker" aria-hidden="true">{marker(kind)}</span>
                {(kind != RowKind::Equal).then(|| view! { <span class="visually-hidden">{format!("{kind:?}: ")}</span> })}
                <span class="tl-side tl-single">{cell_view(cell, if kind == RowKind::Removed { "left" } else { "right" })}</span>
            }
            .into_any()
        };
        view! {
            <div
                class=row_class(kind)
                class:current=is_current
                class:tl-split=split
                role="listitem"
                data-testid="text-row"
                data-kind=format!("{kind:?}")
            >
                {body}
            </div>
        }
        .into_any()
    });
    view! {
        <VirtualList
            items=rows
            row_height=LINE_HEIGHT
            render=render
            scroll_to=current
            label="Documents compared line by line"
            testid="text-diff"
        />
    }
}
