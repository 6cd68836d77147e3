//! `/history`: the audit trail (filter, export) and every snapshot, with a
//! diff between any two.

use crate::browser;
use crate::components::change_list::ChangeList;
use crate::components::snapshot_panel::reason_label;
use crate::components::value_text::short;
use crate::store::use_store;
use leptos::prelude::*;

use leptos_router::hooks::use_query_map;
use preflight_core::audit::{self, AuditEvent, AuditFilter};
use preflight_core::diff::{Change, DiffOptions};
use preflight_core::jiff::civil::Date;
use preflight_core::snapshot::{self, SnapshotError};
use preflight_core::EnvId;
use std::collections::BTreeSet;

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
        if let Some(act) = store.workspace.with(|ws| {
            ws.audit
                .iter()
                .map(|e| e.action.clone())
                .find(|x| x.to_string() == a)
        }) {
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
    let events = Memo::new(move |_| {
        let f = filter();
        store.workspace.with(|ws| {
            let mut v: Vec<AuditEvent> = f.apply(&ws.audit).into_iter().cloned().collect();
            v.reverse();
            v
        })
    });
    let total = move || store.workspace.with(|ws| ws.audit.len());
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
    let action_options = move || {
        store.workspace.with(|ws| {
            ws.audit
                .iter()
                .map(|e| e.action.to_string())
                .collect::<BTreeSet<_>>()
        })
    };
    let actor_options = move || {
        store.workspace.with(|ws| {
            ws.audit
                .iter()
                .map(|e| e.actor.clone())
                .collect::<BTreeSet<_>>()
        })
    };
    let env_name = move |id: &EnvId| {
        store.workspace.with_untracked(|ws| {
            ws.env(id)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| id.to_string())
        })
    };

    let export = move |csv: bool| {
        let list = events.get_untracked();
        let mut ordered: Vec<&AuditEvent> = list.iter().collect();
        ordered.reverse();
        let result = if csv {
            audit::to_csv(ordered.iter().copied())
                .map_err(|e| e.to_string())
                .and_then(|t| browser::download_text("preflight-audit.csv", "text/csv", &t))
        } else {
            browser::download_text(
                "preflight-audit.json",
                "application/json",
                &audit::to_json(ordered.iter().copied()),
            )
        };
        set_export_error.set(result.err());
    };
    let clear = move |_| {
        for s in [env, action, actor, since, until] {
            s.set(String::new());
        }
    };

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
            <p class="muted" data-testid="audit-count">{move || format!("{} of {} events", events.with(|e| e.len()), total())}</p>
            {move || export_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <Show when=move || !events.with(|e| e.is_empty()) fallback=|| view! { <p class="muted" data-testid="no-audit">"No events match."</p> }>
                <div class="table-wrap">
                    <table class="table audit-table" data-testid="audit-table">
                        <thead><tr>
                            <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                            <th scope="col">"Environments"</th><th scope="col">"Changes"</th><th scope="col">"Comment"</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || events.get() key=|e| e.id.clone() let:e>
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
                                    <td>{e.environments.iter().map(env_name).collect::<Vec<_>>().join(" → ")}</td>
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
                                        {(!e.snapshots.is_empty()).then(|| view! { <p class="muted small">{format!("Snapshots: {}", e.snapshots.join(", "))}</p> })}
                                    </td>
                                    <td class="comment">{e.comment.clone()}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
        <SnapshotHistory/>
    }
}

/// Every snapshot across environments; pick two to diff. `?a=…&b=…` in
/// the address picks them (the promote page links there).
#[component]
fn SnapshotHistory() -> impl IntoView {
    let store = use_store();
    let query = use_query_map();
    let a = RwSignal::new(query.with_untracked(|q| q.get("a")));
    let b = RwSignal::new(query.with_untracked(|q| q.get("b")));
    let label = move |id: &str| {
        store.workspace.with(|ws| {
            ws.snapshots
                .iter()
                .find(|s| s.id == id)
                .map(|s| {
                    format!(
                        "{} v{} ({})",
                        ws.env_name(&s.env),
                        s.env_version,
                        reason_label(&s.reason)
                    )
                })
                .unwrap_or_else(|| id.to_owned())
        })
    };
    let rows = move || {
        store.workspace.with(|ws| {
            let mut v: Vec<_> = ws
                .snapshots
                .iter()
                .map(|s| {
                    let env = ws
                        .env(&s.env)
                        .map(|e| e.name.clone())
                        .unwrap_or_else(|| s.env.to_string());
                    (
                        s.id.clone(),
                        env,
                        reason_label(&s.reason),
                        browser::format_time(s.time),
                        s.actor.clone(),
                        s.env_version,
                    )
                })
                .collect();
            v.reverse();
            v
        })
    };
    // The two snapshots' contents are read from storage when chosen.
    Effect::new(move |_| {
        let chosen: Vec<String> = [a.get(), b.get()].into_iter().flatten().collect();
        if !chosen.is_empty() {
            store.want_snapshots(chosen);
        }
    });
    // `None` while a snapshot is being read.
    let diff = Memo::new(move |_| -> Option<Vec<Change>> {
        let (Some(x), Some(y)) = (a.get(), b.get()) else {
            return Some(Vec::new());
        };
        store.workspace.with(|ws| {
            let patterns = ws.settings.compiled_patterns();
            match snapshot::diff_snapshots(ws, &x, &y, &DiffOptions::default()) {
                Ok(cs) => Some(cs.iter().map(|c| c.masked(&patterns)).collect()),
                Err(SnapshotError::NotLoaded(_)) => None,
                Err(_) => Some(Vec::new()),
            }
        })
    });
    let reading = move || diff.with(Option::is_none);
    let changes = Signal::derive(move || diff.get().unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="snapshots-all-heading">
            <h2 id="snapshots-all-heading">"Snapshots"</h2>
            <Show when=move || !rows().is_empty() fallback=|| view! { <p class="muted" data-testid="no-snapshots">"No snapshots yet."</p> }>
                <p class="muted">"Choose two snapshots (A and B) to see what changed from A to B."</p>
                <div class="table-wrap">
                    <table class="table" data-testid="all-snapshots">
                        <thead><tr><th scope="col">"A"</th><th scope="col">"B"</th><th scope="col">"Environment"</th><th scope="col">"Reason"</th><th scope="col">"When"</th><th scope="col">"By"</th><th scope="col">"Version"</th></tr></thead>
                        <tbody>
                            <For each=rows key=|r| r.0.clone() let:r>
                                <tr data-testid="history-snapshot-row">
                                    <td><input type="radio" name="snap-a" aria-label=format!("Compare from {}", r.0) data-testid="snap-a"
                                        prop:checked={let id = r.0.clone(); move || a.get().as_deref() == Some(id.as_str())}
                                        on:change={let id = r.0.clone(); move |_| a.set(Some(id.clone()))}/></td>
                                    <td><input type="radio" name="snap-b" aria-label=format!("Compare to {}", r.0) data-testid="snap-b"
                                        prop:checked={let id = r.0.clone(); move || b.get().as_deref() == Some(id.as_str())}
                                        on:change={let id = r.0.clone(); move |_| b.set(Some(id.clone()))}/></td>
                                    <td>{r.1.clone()}</td><td>{r.2.clone()}</td><td>{r.3.clone()}</td><td>{r.4.clone()}</td><td>{r.5}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
                <Show when=move || a.get().is_some() && b.get().is_some()>
                    <div data-testid="snapshot-diff" id="snapshot-diff">
                        <h3>{move || format!("From {} to {}", label(&a.get().unwrap_or_default()), label(&b.get().unwrap_or_default()))}</h3>
                        <Show when=reading>
                            <p class="muted" role="status" data-testid="snapshot-reading">"Reading the snapshots from browser storage…"</p>
                        </Show>
                        <Show when=move || !reading()>
                            <ChangeList changes=changes empty="The two snapshots hold the same configuration."/>
                        </Show>
                    </div>
                </Show>
            </Show>
        </section>
    }
}
