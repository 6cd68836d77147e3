//! A checkbox with a third, "some" state (`indeterminate`), which HTML only
//! exposes as a DOM property.

use leptos::html::Input;
use leptos::prelude::*;

pub use preflight_core::promote::Coverage as Tri;

/// A tri-state checkbox; clicking selects all unless all are selected.
#[component]
pub fn TriCheckbox(
    /// The state shown.
    #[prop(into)]
    state: Signal<Tri>,
    /// Called with true to select all, false to select none.
    on_change: Callback<bool>,
    /// The accessible label.
    #[prop(into)]
    label: String,
    /// Test id.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let s = state.get();
            el.set_indeterminate(s == Tri::Some);
            el.set_checked(s == Tri::All);
        }
    });
    view! {
        <input
            type="checkbox"
            node_ref=input
            aria-label=label
            data-testid=testid
            aria-checked=move || match state.get() { Tri::All => "true", Tri::None => "false", Tri::Some => "mixed" }
            on:change=move |_| on_change.run(state.get_untracked() != Tri::All)
        />
    }
}
