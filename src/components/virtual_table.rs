//! A windowed table: a real `<table>`, with its header cells and row
//! semantics, whose body holds only the rows in view (plus a margin).
//!
//! Like [`super::virtual_list::VirtualList`], rows have one fixed height,
//! so the window is arithmetic and two spacer rows stand in for the rest.
//! Unlike it, rows are keyed (`<For>`): moving the window builds only the
//! rows that come into it and keeps the others, so a row's own state (a
//! checked radio, focus) survives scrolling within the margin.

use leptos::html::Div;
use leptos::prelude::*;
use std::hash::Hash;
use std::sync::Arc;

/// Renders one row (a `<tr>`) of a [`VirtualTable`].
pub type RenderTableRow<T> = Arc<dyn Fn(T) -> AnyView + Send + Sync>;

/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 10;

/// A scrolling table that renders only the rows in view.
#[component]
pub fn VirtualTable<T, K, KF>(
    /// All rows, in order.
    #[prop(into)]
    items: Signal<Arc<Vec<T>>>,
    /// The fixed height of one row, in CSS pixels (the stylesheet gives
    /// the rows this height).
    row_height: f64,
    /// The row's stable key (an id, never the whole value).
    key: KF,
    /// Renders one row.
    render: RenderTableRow<T>,
    /// How many columns a row has (the spacer rows span them).
    columns: usize,
    /// When set, scrolls so that this row is in view.
    #[prop(optional, into)]
    scroll_to: Option<Signal<Option<usize>>>,
    /// The scrolling region's accessible label.
    #[prop(into)]
    label: String,
    /// Test id of the table.
    #[prop(into)]
    testid: String,
    /// The header row's cells.
    children: Children,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Eq + Hash + Clone + Send + Sync + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
{
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    let measure = move || {
        if let Some(el) = container.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            let h = f64::from(el.client_height());
            if h > 0.0 {
                viewport.set(h);
            }
        }
    };
    Effect::new(move |_| {
        if container.get().is_some() {
            measure();
        }
    });
    if let Some(target) = scroll_to {
        Effect::new(move |_| {
            let Some(index) = target.get() else { return };
            let Some(el) = container.get_untracked() else {
                return;
            };
            let top = index as f64 * row_height;
            let view_h = f64::from(el.client_height());
            let current = f64::from(el.scroll_top());
            if top < current || top + row_height > current + view_h - row_height {
                let wanted = (top - view_h / 3.0).max(0.0);
                el.set_scroll_top(wanted as i32);
                scroll_top.set(wanted);
            }
        });
    }
    // A memo, so scrolling within the rendered window rebuilds nothing.
    let window = Memo::new(move |_| {
        let len = items.with(|v| v.len());
        let first = (scroll_top.get() / row_height).floor() as usize;
        let visible = (viewport.get() / row_height).ceil() as usize + 1;
        // The window moves in steps of OVERSCAN rows, not row by row.
        let first = first / OVERSCAN * OVERSCAN;
        let start = first.saturating_sub(OVERSCAN).min(len);
        let end = (first + visible + 2 * OVERSCAN).min(len);
        (start, end, len)
    });
    let visible = move || {
        let (start, end, _) = window.get();
        items.with(|v| v.get(start..end).map(<[T]>::to_vec).unwrap_or_default())
    };
    let spacer = move |height: f64| format!("{height}px");
    view! {
        <div
            node_ref=container
            class="virtual-table"
            role="region"
            aria-label=label
            tabindex="0"
            on:scroll=move |_| measure()
        >
            <table class="table" data-testid=testid aria-rowcount=move || window.get().2 + 1>
                <thead><tr>{children()}</tr></thead>
                <tbody>
                    <tr class="virtual-spacer-row" aria-hidden="true">
                        <td colspan=columns style:height=move || spacer(window.get().0 as f64 * row_height)></td>
                    </tr>
                    <For each=visible key=key children=move |row| render(row)/>
                    <tr class="virtual-spacer-row" aria-hidden="true">
                        <td colspan=columns style:height=move || {
                            let (_, end, len) = window.get();
                            spacer((len - end) as f64 * row_height)
                        }></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
