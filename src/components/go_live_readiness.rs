//! The dashboard's go-live readiness: for the gating checklist (or the
//! first one), percent done, overdue items, days to go-live, the next
//! items due, and whether the gate into production is open.

use crate::components::link::A;
use crate::components::progress_bar::ProgressBar;
use crate::pages::checklists::countdown_text;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::checklist::{gate_status, GateOpen, GateStatus};

/// What the card shows, computed from the workspace.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    id: String,
    name: String,
    gating: bool,
    percent: u8,
    done: usize,
    total: usize,
    overdue: usize,
    days: Option<i32>,
    /// (index, code and name, due date) of the next items due.
    next: Vec<(usize, String, String)>,
    /// None when there is no production environment.
    gate: Option<(String, GateStatus)>,
}

/// Readiness of the checklist that matters for go-live.
#[component]
pub fn GoLiveReadiness() -> impl IntoView {
    let store = use_store();
    let today = crate::today::use_today();
    let summary = Memo::new(move |_| {
        store.workspace.with(|ws| {
            let gate_id = ws.settings.gate_checklist.as_deref();
            let gating = gate_id.and_then(|id| ws.checklist(id));
            let c = gating.or_else(|| ws.checklists.first())?;
            let r = c.readiness(today.get(), 5);
            let next = r
                .next_due
                .iter()
                .filter_map(|&i| {
                    let item = c.items.get(i)?;
                    let due = c.due(i).map(|d| d.to_string()).unwrap_or_default();
                    Some((
                        i,
                        format!("{} {}", item.code, item.name).trim().to_owned(),
                        due,
                    ))
                })
                .collect();
            let gate = ws
                .production()
                .map(|p| (p.name.clone(), gate_status(ws, &p.id)));
            Some(Summary {
                id: c.id.clone(),
                name: c.name.clone(),
                gating: gating.is_some(),
                percent: r.progress.percent(),
                done: r.progress.done,
                total: r.progress.total,
                overdue: r.overdue,
                days: r.days_to_go_live,
                next,
                gate,
            })
        })
    });
    move || {
        summary.get().map(|s| {
            let label = format!("{} progress", s.name);
            let percent = s.percent;
            let gate = match &s.gate {
                None => view! { <span class="badge badge-info" data-testid="gate-status">"No production environment"</span> }.into_any(),
                Some((env, GateStatus::Open(GateOpen::NoGateChecklist))) => view! {
                    <span class="badge badge-info" data-testid="gate-status" title="Choose a gating checklist in Settings">{format!("{env} is not gated: no gating checklist chosen")}</span>
                }.into_any(),
                Some((env, GateStatus::Open(_))) => view! {
                    <span class="badge badge-ok" data-testid="gate-status">{format!("✓ Gate into {env} open")}</span>
                }.into_any(),
                Some((env, GateStatus::Blocked { items, .. })) => view! {
                    <span class="badge badge-bad" data-testid="gate-status">{format!("✕ Gate into {env} blocked: {} item(s) open", items.len())}</span>
                }.into_any(),
                Some((env, GateStatus::ChecklistMissing { .. })) => view! {
                    <span class="badge badge-bad" data-testid="gate-status">{format!("✕ Gate into {env} blocked: the gating checklist is missing")}</span>
                }.into_any(),
            };
            let id = s.id.clone();
            view! {
                <section class="card" aria-labelledby="readiness-heading" data-testid="readiness">
                    <div class="card-head">
                        <h2 id="readiness-heading">"Go-live readiness"</h2>
                        {gate}
                    </div>
                    <p>
                        <A href=format!("/checklists/{}", s.id)>{s.name.clone()}</A>
                        <span class="muted">{if s.gating { " (gates production)" } else { "" }}</span>
                    </p>
                    <div class="readiness-figures">
                        <p><strong data-testid="readiness-percent">{format!("{percent}%")}</strong><span class="muted">{format!(" done ({} of {})", s.done, s.total)}</span></p>
                        <p><strong data-testid="readiness-overdue">{s.overdue}</strong><span class="muted">" overdue"</span></p>
                        <p data-testid="readiness-days">{s.days.map(countdown_text).unwrap_or_else(|| "No go-live date yet".to_owned())}</p>
                    </div>
                    <ProgressBar percent=Signal::derive(move || percent) label=label/>
                    <h3>"Next due"</h3>
                    {if s.next.is_empty() {
                        view! { <p class="muted" data-testid="readiness-next-empty">"Nothing open is due ahead (set a go-live date to see due dates)."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="readiness-next">
                                {s.next.into_iter().map(|(i, title, due)| view! {
                                    <li data-testid="readiness-next">
                                        <A href=format!("/checklists/{id}#item-{i}")>{title}</A>
                                        <span class="muted">{format!(" due {due}")}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })
    }
}
