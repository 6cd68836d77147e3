//! `/environments`: the pipeline and its management.

use crate::components::empty_state::EmptyState;
use crate::components::pipeline_strip::PipelineStrip;
use leptos::prelude::*;

#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    view! {
        <h1>"Environments"</h1>
        <PipelineStrip/>
        <EmptyState
            title="Manage the pipeline"
            description="Here you will add, rename, reorder and delete environments, and clone one into a new upper environment."
        />
    }
}
