//! The dashboard's latest audit events: what was promoted, reverted or
//! approved lately, by whom, each linking to its entry in the history.

use crate::browser;
use crate::components::link::A;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::audit::AuditEvent;

/// How many events the card lists.
const SHOWN: usize = 6;

/// One line of the card.
fn summary(ws: &preflight_core::Workspace, e: &AuditEvent) -> String {
    let envs: Vec<String> = e.environments.iter().map(|id| ws.env_name(id)).collect();
    let mut text = format!("{} · {}", e.action, envs.join(" → "));
    if !e.changes.is_empty() {
        text.push_str(&format!(" · {} change(s)", e.changes.len()));
    }
    text
}

/// The latest audit events, newest first.
#[component]
pub fn RecentActivity() -> impl IntoView {
    let store = use_store();
    let events = Memo::new(move |_| {
        store.workspace.with(|ws| {
            ws.audit
                .iter()
                .rev()
                .take(SHOWN)
                .map(|e| {
                    (
                        e.id.clone(),
                        summary(ws, e),
                        e.actor.clone(),
                        e.time,
                        e.comment.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card" aria-labelledby="activity-heading" data-testid="recent-activity">
            <div class="card-head">
                <h2 id="activity-heading">"Recent activity"</h2>
                <A href="/history" attr:class="button button-quiet">"History"</A>
            </div>
            <Show when=move || !events.with(|e| e.is_empty()) fallback=|| view! {
                <p class="muted" data-testid="no-activity">"Nothing yet. Promotions, reverts, snapshots and approvals will be listed here."</p>
            }>
                <ul class="activity">
                    <For each=move || events.get() key=|e| e.0.clone() let:e>
                        <li data-testid="activity-item">
                            <A href=format!("/history?event={}#{}", e.0, e.0)>{e.1.clone()}</A>
                            <span class="muted small">{format!(" {} · {}", e.2, browser::format_time(e.3))}</span>
                            {(!e.4.is_empty()).then(|| view! { <p class="small comment">{e.4.clone()}</p> })}
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
