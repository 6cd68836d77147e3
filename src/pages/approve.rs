//! The Approve a change set page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn ApprovePage() -> impl IntoView {
    view! {
        <EmptyState
            title="Approve a change set"
            description="Open a change set from a link or a file, read exactly what will change, and approve or reject it with your name and a comment."
        />
    }
}
