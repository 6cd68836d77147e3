//! The Compare page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn ComparePage() -> impl IntoView {
    view! {
        <EmptyState
            title="Compare"
            description="A side-by-side structural diff of two neighbouring environments, with word-level highlights, collapsed unchanged runs, and next/previous change navigation (j/k), leading to Review and promote."
        />
    }
}
