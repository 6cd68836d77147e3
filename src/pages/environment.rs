//! `/environments/:id`: one environment's config.

use crate::components::empty_state::EmptyState;
use crate::pages::not_found::NotFound;
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use preflight_core::EnvId;

#[component]
pub fn EnvironmentPage() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let id = move || EnvId::new(params.with(|p| p.get("id").unwrap_or_default()));
    let env = move || store.workspace.with(|ws| ws.env(&id()).cloned());
    move || match env() {
        None => view! { <NotFound/> }.into_any(),
        Some(env) => {
            let pretty = serde_json::to_string_pretty(&env.config).unwrap_or_default();
            view! {
                <h1 data-testid="environment-name">{env.name.clone()}</h1>
                <p class="muted">{format!("Version {}", env.version)}</p>
                <section class="card">
                    <h2>"Configuration"</h2>
                    <pre class="code" data-testid="config-view">{pretty}</pre>
                </section>
                <EmptyState
                    title="Editing and snapshots"
                    description="Here you will edit this configuration with live validation, import JSON, YAML or .env files, mark pinned and secret keys, and take, compare and revert snapshots."
                />
            }
            .into_any()
        }
    }
}
