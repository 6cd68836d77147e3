//! The pipeline strip: every environment, lowest first, with arrows and an
//! "out of sync" badge where an environment differs from the one below.

use crate::components::link::A;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::pipeline;

/// One environment as the strip shows it.
#[derive(Clone, PartialEq, Eq, Hash)]
struct StripEnv {
    id: String,
    name: String,
    version: u64,
    settings: usize,
    /// Non-pinned differences from the environment below, if any.
    behind: Option<(String, usize)>,
}

/// Environments in promotion order, each linking to its page.
#[component]
pub fn PipelineStrip() -> impl IntoView {
    let store = use_store();
    let envs = Memo::new(move |_| {
        store.workspace.with(|ws| {
            let status = store.with_known(|known| pipeline::sync_status_known(ws, known));
            ws.environments
                .iter()
                .map(|e| StripEnv {
                    id: e.id.to_string(),
                    name: e.name.clone(),
                    version: e.version,
                    settings: preflight_core::pointer::leaves(&e.config).len(),
                    behind: status
                        .iter()
                        .find(|s| s.upper == e.id && s.out_of_sync)
                        .map(|s| {
                            let lower =
                                ws.env(&s.lower).map(|l| l.name.clone()).unwrap_or_default();
                            (lower, s.differences)
                        }),
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ol class="pipeline" aria-label="Promotion pipeline" data-testid="pipeline">
            <For each=move || envs.get() key=|e| e.clone() let:env>
                <li class="pipeline-env" data-testid="pipeline-env">
                    <A href=format!("/environments/{}", env.id)>
                        <span class="pipeline-name">{env.name.clone()}</span>
                        <span class="pipeline-meta">{format!("{} settings · v{}", env.settings, env.version)}</span>
                        {env.behind.clone().map(|(lower, n)| view! {
                            <span
                                class="badge badge-warn"
                                data-testid="out-of-sync-badge"
                                title=format!("{n} difference(s) from {lower}, not counting environment-specific keys")
                            >
                                "Out of sync"
                            </span>
                        })}
                    </A>
                </li>
            </For>
        </ol>
    }
}
