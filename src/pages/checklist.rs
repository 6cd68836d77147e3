//! The Checklist page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    view! {
        <EmptyState
            title="Checklist"
            description="The items of one checklist by timeframe, with owners, statuses, due dates counted back from go-live, progress bars, filters and export."
        />
    }
}
