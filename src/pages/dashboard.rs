//! `/`: the pipeline, go-live readiness and the latest activity.

use crate::components::checklist_summary::ChecklistSummary;
use crate::components::go_live_readiness::GoLiveReadiness;
use crate::components::link::A;
use crate::components::pipeline_strip::PipelineStrip;
use crate::components::recent_activity::RecentActivity;
use crate::store::use_store;
use leptos::prelude::*;

#[component]
pub fn Dashboard() -> impl IntoView {
    let store = use_store();
    let checklists = move || {
        store.workspace.with(|ws| {
            ws.checklists
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.name.clone(),
                        c.items.len(),
                        c.percent_done(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let has_envs = move || store.workspace.with(|ws| !ws.environments.is_empty());
    view! {
        <h1>"Dashboard"</h1>
        <section class="card" aria-labelledby="pipeline-heading">
            <div class="card-head">
                <h2 id="pipeline-heading">"Environments"</h2>
                <A href="/environments" attr:class="button button-quiet">"Manage"</A>
            </div>
            <Show
                when=has_envs
                fallback=|| view! {
                    <p class="muted" data-testid="no-environments">
                        "No environments yet. " <A href="/environments">"Add the first one"</A> "."
                    </p>
                }
            >
                <PipelineStrip/>
            </Show>
        </section>
        <GoLiveReadiness/>
        <section class="card" aria-labelledby="checklists-heading">
            <div class="card-head">
                <h2 id="checklists-heading">"Go-live checklists"</h2>
                <A href="/checklists" attr:class="button button-quiet">"All checklists"</A>
            </div>
            <Show
                when=move || !checklists().is_empty()
                fallback=|| view! {
                    <p class="muted" data-testid="no-checklists">
                        "No checklist yet. Create one from a template on the "
                        <A href="/checklists">"checklists page"</A> "."
                    </p>
                }
            >
                <ul class="checklist-summaries">
                    <For each=checklists key=|c| c.clone() let:c>
                        <ChecklistSummary id=c.0 name=c.1 items=c.2 percent=c.3/>
                    </For>
                </ul>
            </Show>
        </section>
        <RecentActivity/>
    }
}
