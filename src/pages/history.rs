//! The History page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn HistoryPage() -> impl IntoView {
    view! {
        <EmptyState
            title="History"
            description="The audit trail, filterable by environment, action, actor and date and exportable as CSV and JSON, plus every snapshot with a diff between any two."
        />
    }
}
