//! `/history`: the audit trail (filter, export) and every snapshot, with a
//! diff between any two ([`SnapshotHistory`]).
//!
//! The trail shows the newest events a page at a time ("Show more"), each
//! with its first changes: what is shown is decided by
//! `preflight_core::history`, so a long history costs a page of rows.

use crate::browser;
use crate::components::snapshot_history::SnapshotHistory;
use crate::components::value_text::short;
use crate::store::use_store;
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;
use preflight_core::audit::{self, AuditEvent, AuditFilter};
use preflight_core::history::{self, AUDIT_PAGE};
use preflight_core::jiff::civil::Date;
use preflight_core::EnvId;

fn parse_date(text: &str) -> Option<Date> {
    text.parse::<Date>().ok()
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let store = use_store();
    let query = use_query_map();
    let highlighted = move || query.with(|q| q.get("event"));

    let env = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let (export_error, set_export_error) = signal(None::<String>);

    let filter = move || {
        let mut f = AuditFilter::new();
        let e = env.get();
        if !e.is_empty() {
            f = f.environment(EnvId::new(e));
        }
        let a = action.get();
        if let Some(act) = store.workspace.with(|ws| history::audit_action(ws, &a)) {
            f = f.action(act);
        }
        let who = actor.get();
        if !who.is_empty() {
            f = f.actor(who);
        }
        if let Some(d) = parse_date(&since.get()) {
            f = f.since(browser::local_midnight(d));
        }
        if let Some(d) = parse_date(&until.get()).and_then(|d| d.tomorrow().ok()) {
            f = f.until(browser::local_midnight(d));
        }
        f
    };
    // How many of the newest matching events are shown; a filter change
    // starts again from one page.
    let shown = RwSignal::new(AUDIT_PAGE);
    let page = Memo::new(move |_| {
        let f = filter();
        let target = highlighted();
        store
            .workspace
            .with(|ws| history::audit_page(ws, &f, shown.get(), target.as_deref()))
    });
    // A link to an event or to a snapshot diff lands on it.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let target = location.hash.get().trim_start_matches('#').to_owned();
        if !target.is_empty() {
            request_animation_frame(move || browser::scroll_into_view(&target));
        }
    });
    let env_options = move || {
        store.workspace.with(|ws| {
            ws.environments
                .iter()
                .map(|e| (e.id.to_string(), e.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let choices = Memo::new(move |_| store.workspace.with(history::audit_choices));
    let action_options = move || choices.with(|c| c.0.clone());
    let actor_options = move || choices.with(|c| c.1.clone());

    // Every matching event, oldest first as in the trail, not only those shown.
    let export = move |csv: bool| {
        let f = filter();
        let result = store.workspace.with_untracked(|ws| {
            let matching: Vec<&AuditEvent> = f.apply(&ws.audit);
            if csv {
                audit::to_csv(matching.iter().copied())
                    .map_err(|e| e.to_string())
                    .and_then(|t| browser::download_text("preflight-audit.csv", "text/csv", &t))
            } else {
                browser::download_text(
                    "preflight-audit.json",
                    "application/json",
                    &audit::to_json(matching.iter().copied()),
                )
            }
        });
        set_export_error.set(result.err());
    };
    let clear = move |_| {
        for s in [env, action, actor, since, until] {
            s.set(String::new());
        }
    };
    Effect::new(move |_| {
        for s in [env, action, actor, since, until] {
            s.track();
        }
        shown.set(AUDIT_PAGE);
    });

    view! {
        <h1>"History"</h1>
        <section class="card" aria-labelledby="audit-heading">
            <div class="card-head">
                <h2 id="audit-heading">"Audit trail"</h2>
                <div class="toolbar">
                    <button type="button" class="button button-quiet" data-testid="export-audit-csv" on:click=move |_| export(true)>"Export CSV"</button>
                    <button type="button" class="button button-quiet" data-testid="export-audit-json" on:click=move |_| export(false)>"Export JSON"</button>
                </div>
            </div>
            <div class="filters" role="group" aria-label="Filter the audit trail">
                <label class="inline-field">"Environment "
                    <select data-testid="audit-env" prop:value=move || env.get() on:change=move |ev| env.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {move || env_options().into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">"Action "
                    <select data-testid="audit-action" prop:value=move || action.get() on:change=move |ev| action.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {move || action_options().into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">"Actor "
                    <select data-testid="audit-actor" prop:value=move || actor.get() on:change=move |ev| actor.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {move || actor_options().into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">"From "
                    <input type="date" data-testid="audit-since" prop:value=move || since.get() on:change=move |ev| since.set(event_target_value(&ev))/>
                </label>
                <label class="inline-field">"To "
                    <input type="date" data-testid="audit-until" prop:value=move || until.get() on:change=move |ev| until.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="button button-quiet" on:click=clear>"Clear filters"</button>
            </div>
            <p class="muted" data-testid="audit-count">{move || page.with(|p| format!("{} of {} events", p.matching, p.total))}</p>
            {move || export_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <Show when=move || !page.with(|p| p.rows.is_empty()) fallback=|| view! { <p class="muted" data-testid="no-audit">"No events match."</p> }>
                <div class="table-wrap">
                    <table class="table audit-table" data-testid="audit-table">
                        <thead><tr>
                            <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                            <th scope="col">"Environments"</th><th scope="col">"Changes"</th><th scope="col">"Comment"</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || page.with(|p| p.rows.clone()) key=|e| e.id.clone() let:e>
                                <tr id=e.id.clone() data-testid="audit-row" class:highlight={let id = e.id.clone(); move || highlighted().as_deref() == Some(id.as_str())}>
                                    <td>{browser::format_time(e.time)}</td>
                                    <td>{e.actor.clone()}</td>
                                    <td>
                                        <span class="badge badge-info">{e.action.to_string()}</span>
                                        {e.chain_override.then(|| view! { <span class="badge badge-warn">"chain override"</span> })}
                                        {e.gate_override.clone().map(|r| view! {
                                            <span class="badge badge-bad">"gate override"</span>
                                            <p class="small" data-testid="gate-override-reason">{format!("Reason: {r}")}</p>
                                            {(!e.gate_open_items.is_empty()).then(|| view! {
                                                <p class="small muted">{format!("Open then: {}", e.gate_open_items.join(", "))}</p>
                                            })}
                                        })}
                                        {e.restored_snapshot.clone().map(|s| view! { <p class="small muted">{format!("Restored {s}")}</p> })}
                                    </td>
                                    <td>{e.environments.join(" → ")}</td>
                                    <td>
                                        <ul class="audit-changes">
                                            {e.changes.iter().map(|c| view! {
                                                <li><code>{c.path.clone()}</code>" "
                                                    <span class="muted">{format!("{} → {}",
                                                        c.old.as_ref().map(short).unwrap_or_else(|| "(absent)".into()),
                                                        c.new.as_ref().map(short).unwrap_or_else(|| "(absent)".into()))}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                        {(e.more_changes > 0).then(|| view! {
                                            <p class="muted small" data-testid="audit-more-changes">{format!("and {} more listed (all of them are in the export)", e.more_changes)}</p>
                                        })}
                                        {(!e.snapshots.is_empty()).then(|| view! { <p class="muted small">{format!("Snapshots: {}", e.snapshots.join(", "))}</p> })}
                                    </td>
                                    <td class="comment">{e.comment.clone()}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
                <Show when=move || page.with(|p| p.hidden() > 0)>
                    <button type="button" class="button button-quiet" data-testid="audit-show-more"
                        on:click=move |_| shown.update(|n| *n = page.with_untracked(|p| p.rows.len()) + AUDIT_PAGE)>
                        {move || page.with(|p| format!("Show {} more of {} older events", p.hidden().min(AUDIT_PAGE), p.hidden()))}
                    </button>
                </Show>
            </Show>
        </section>
        <SnapshotHistory/>
    }
}
