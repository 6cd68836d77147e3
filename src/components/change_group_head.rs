//! The head of a group of changes on the promote page: a tri-state box for
//! the whole group and, when the group is only partly selected, the bundle
//! warning (settings of one object usually belong together).

use crate::components::tri_checkbox::{Tri, TriCheckbox};
use leptos::prelude::*;

/// A group's checkbox, pointer and bundle warning.
#[component]
pub fn ChangeGroupHead(
    /// The group pointer (empty for the top level).
    name: String,
    /// How much of the group is selected.
    #[prop(into)]
    state: Signal<Tri>,
    /// Ticks (true) or unticks the whole group.
    on_change: Callback<bool>,
    /// The group is only partly selected.
    #[prop(into)]
    partial: Signal<bool>,
) -> impl IntoView {
    let title = if name.is_empty() {
        "/ (top level)".to_owned()
    } else {
        name
    };
    view! {
        <div class="group-head">
            <label class="check">
                <TriCheckbox state=state on_change=on_change label=format!("Select group {title}") testid="group-checkbox"/>
                <code>{title.clone()}</code>
            </label>
            <Show when=move || partial.get()>
                <span class="badge badge-warn" data-testid="bundle-warning" title="Changes in one object usually belong together">
                    "Partly selected: these settings may belong together"
                </span>
            </Show>
        </div>
    }
}
