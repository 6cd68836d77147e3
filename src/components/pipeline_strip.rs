//! The pipeline strip: every environment, lowest first, with arrows.

use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::components::A;

/// Environments in promotion order, each linking to its page.
#[component]
pub fn PipelineStrip() -> impl IntoView {
    let store = use_store();
    let envs = move || {
        store.workspace.with(|ws| {
            ws.environments
                .iter()
                .map(|e| {
                    let settings = preflight_core::pointer::leaves(&e.config).len();
                    (e.id.to_string(), e.name.clone(), e.version, settings)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ol class="pipeline" aria-label="Promotion pipeline" data-testid="pipeline">
            <For each=envs key=|(id, name, version, _)| (id.clone(), name.clone(), *version) let:env>
                <li class="pipeline-env" data-testid="pipeline-env">
                    <A href=format!("/environments/{}", env.0)>
                        <span class="pipeline-name">{env.1.clone()}</span>
                        <span class="pipeline-meta">{format!("{} settings · v{}", env.3, env.2)}</span>
                    </A>
                </li>
            </For>
        </ol>
    }
}
