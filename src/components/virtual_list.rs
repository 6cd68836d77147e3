//! A windowed list: only the rows in view (plus a margin) are in the DOM,
//! so a 50 000-row diff scrolls like a 50-row one.
//!
//! Rows have one fixed height, which is what makes the window a matter of
//! arithmetic. Spacer heights are set through `style:` (the CSSOM), which
//! the strict style-src policy allows.

use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;

/// Renders row `index` of a [`VirtualList`].
pub type RenderRow<T> = Arc<dyn Fn(usize, &T) -> AnyView + Send + Sync>;

/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 12;

/// A scrolling container that renders only the rows in view.
#[component]
pub fn VirtualList<T>(
    /// All rows.
    #[prop(into)]
    items: Signal<Arc<Vec<T>>>,
    /// The fixed height of one row, in CSS pixels.
    row_height: f64,
    /// Renders row `index`.
    render: RenderRow<T>,
    /// When set, scrolls so that this row is in view.
    #[prop(optional, into)]
    scroll_to: Option<Signal<Option<usize>>>,
    /// The container's accessible label.
    #[prop(into)]
    label: String,
    /// Test id of the container.
    #[prop(into)]
    testid: String,
    /// The container's ARIA role; rows must use the matching child role.
    #[prop(default = "list")]
    role: &'static str,
) -> impl IntoView
where
    T: Send + Sync + 'static,
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
            // Keep some rows of context above the target when jumping.
            if top < current || top + row_height > current + view_h {
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
        // Move the window in steps of OVERSCAN rows, not row by row.
        let first = first / OVERSCAN * OVERSCAN;
        let start = first.saturating_sub(OVERSCAN).min(len);
        let end = (first + visible + 2 * OVERSCAN).min(len);
        (start, end, len)
    });
    let rows = move || {
        let (start, end, _) = window.get();
        let render = render.clone();
        items.with(|v| {
            v[start..end]
                .iter()
                .enumerate()
                .map(|(k, item)| render(start + k, item))
                .collect_view()
        })
    };
    view! {
        <div
            node_ref=container
            class="virtual-list"
            role=role
            aria-label=label
            data-testid=testid
            tabindex="0"
            on:scroll=move |_| measure()
        >
            <div class="virtual-spacer" style:height=move || format!("{}px", window.get().0 as f64 * row_height)></div>
            {rows}
            <div class="virtual-spacer" style:height=move || {
                let (_, end, len) = window.get();
                format!("{}px", (len - end) as f64 * row_height)
            }></div>
        </div>
    }
}
