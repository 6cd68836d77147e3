//! The Drift page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn DriftPage() -> impl IntoView {
    view! {
        <EmptyState
            title="Drift"
            description="A grid of every key across all environments, with differing values highlighted and secrets masked."
        />
    }
}
