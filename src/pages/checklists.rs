//! The Checklists page (its issue fills it in).

use crate::components::empty_state::EmptyState;
use leptos::prelude::*;

#[component]
pub fn ChecklistsPage() -> impl IntoView {
    view! {
        <EmptyState
            title="Checklists"
            description="Your go-live checklists: create one from a template (go-live preparation, sandbox to production cutover), start blank, or import a Markdown table or CSV."
        />
    }
}
