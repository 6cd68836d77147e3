//! The Review and promote page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn PromotePage() -> impl IntoView {
    view! {
        <EmptyState
            title="Review and promote"
            description="Tick changes one by one or all at once, see old → new for each, bundle, pinned, secret and conflict markers, a live preview of the target, and an Execute card with an optional comment."
        />
    }
}
