//! `/`: the pipeline, go-live readiness and the latest activity.

use crate::browser;
use crate::components::checklist_summary::ChecklistSummary;
use crate::components::go_live_readiness::GoLiveReadiness;
use crate::components::link::A;
use crate::components::pipeline_strip::PipelineStrip;
use crate::components::recent_activity::RecentActivity;
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use preflight_core::checklist::{create_checklist, Source, Template};
use preflight_core::jiff::ToSpan;

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
    let navigate = use_navigate();
    // One click from an empty dashboard to a real go-live plan, eight
    // weeks out (the date can be changed on the checklist).
    let start_checklist = move |_| {
        let go_live = browser::today().checked_add(56.days()).ok();
        let mut id = String::new();
        store.update(|ws| {
            id = create_checklist(ws, "", Source::Template(Template::GoLivePreparation));
            if let Some(c) = ws.checklist_mut(&id) {
                c.go_live = go_live;
            }
        });
        navigate(&format!("/checklists/{id}"), Default::default());
    };
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
                fallback=move || view! {
                    <p class="muted" data-testid="no-checklists">
                        "No checklist yet. Start the go-live plan from a template (eight weeks out; change the date any time), or see every template on the "
                        <A href="/checklists">"checklists page"</A> "."
                    </p>
                    <button type="button" class="button" data-testid="start-checklist" on:click=start_checklist.clone()>
                        "Start a “Go-live preparation” checklist"
                    </button>
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
