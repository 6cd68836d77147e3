//! The history page's snapshot card: every snapshot across environments in
//! a windowed table (hundreds of them stay quick), two of them picked to
//! diff, and a revert to any of them.

use crate::browser;
use crate::components::change_list::ChangeList;
use crate::components::revert_dialog::{RevertDialog, RevertTarget};
use crate::components::snapshot_panel::reason_label;
use crate::components::virtual_table::{RenderTableRow, VirtualTable};
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use preflight_core::diff::{Change, DiffOptions};
use preflight_core::history::{self, SnapshotRow};
use preflight_core::snapshot::{self, RevertReport, SnapshotError};
use std::sync::Arc;

/// The height of one row in CSS pixels; `.virtual-table` rows in the
/// stylesheet have it too.
const ROW_HEIGHT: f64 = 44.0;

/// Every snapshot across environments; pick two to diff. `?a=…&b=…` in
/// the address picks them (the promote page links there).
#[component]
pub fn SnapshotHistory() -> impl IntoView {
    let store = use_store();
    let query = use_query_map();
    let a = RwSignal::new(query.with_untracked(|q| q.get("a")));
    let b = RwSignal::new(query.with_untracked(|q| q.get("b")));
    let revert_target = RwSignal::new(None::<RevertTarget>);
    let revert_open = RwSignal::new(false);
    let (message, set_message) = signal(None::<Result<String, String>>);
    let label = move |id: &str| {
        store.workspace.with(|ws| {
            snapshot::get(ws, id)
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
    let rows = Memo::new(move |_| {
        let damaged = store.status.with(|s| s.unreadable());
        Arc::new(
            store
                .workspace
                .with(|ws| history::snapshot_rows(ws, &damaged)),
        )
    });
    // A snapshot picked by the address is scrolled to.
    let picked = query.with_untracked(|q| q.get("a"));
    let scroll_to = Signal::derive(move || {
        let id = picked.as_deref()?;
        rows.with(|r| history::snapshot_row_index(r, id))
    });
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
    let on_reverted = Callback::new(move |result: Result<RevertReport, String>| {
        set_message.set(Some(result.map(|r| {
            format!(
                "Reverted {} to {}; now version {}.",
                store.workspace.with_untracked(|ws| ws.env_name(&r.env)),
                r.restored,
                r.version
            )
        })));
    });
    let render: RenderTableRow<SnapshotRow> = Arc::new(move |r: SnapshotRow| {
        let reason = reason_label(&r.reason);
        let time = browser::format_time(r.time);
        let env = r.env.clone();
        // Looked up live: an environment may be renamed while its row is shown.
        let env_cell = move || store.workspace.with(|ws| ws.env_name(&env));
        if let Some(why) = r.damaged.clone() {
            return view! {
                <tr data-testid="history-snapshot-row" data-snapshot=r.id.clone() data-damaged="true" class="row-damaged">
                    <td></td><td></td>
                    <td>{env_cell}</td>
                    <td>{reason}" "<span class="badge badge-bad" data-testid="snapshot-damaged" title=why>"Damaged"</span></td>
                    <td>{time}</td><td>"—"</td><td>{r.env_version}</td>
                    <td class="muted">"Cannot be read or restored"</td>
                </tr>
            }
            .into_any();
        }
        let (id_a, id_b, id_ca, id_cb) = (r.id.clone(), r.id.clone(), r.id.clone(), r.id.clone());
        let target = RevertTarget {
            id: r.id.clone(),
            label: format!("{} v{} ({reason}) · {time}", r.env_name, r.env_version),
        };
        view! {
            <tr data-testid="history-snapshot-row" data-snapshot=r.id.clone()>
                <td><input type="radio" name="snap-a" aria-label=format!("Compare from {}", r.id) data-testid="snap-a"
                    prop:checked=move || a.get().as_deref() == Some(id_ca.as_str())
                    on:change=move |_| a.set(Some(id_a.clone()))/></td>
                <td><input type="radio" name="snap-b" aria-label=format!("Compare to {}", r.id) data-testid="snap-b"
                    prop:checked=move || b.get().as_deref() == Some(id_cb.as_str())
                    on:change=move |_| b.set(Some(id_b.clone()))/></td>
                <td>{env_cell}</td>
                <td>{reason}</td><td>{time}</td><td>{r.actor.clone()}</td><td>{r.env_version}</td>
                <td class="row-actions">
                    {r.revertable.then(|| view! {
                        <button type="button" class="button button-quiet" data-testid="revert-snapshot"
                            aria-label=format!("Revert to {}", r.id)
                            on:click=move |_| { revert_target.set(Some(target.clone())); revert_open.set(true); }>
                            "Revert"
                        </button>
                    })}
                </td>
            </tr>
        }
        .into_any()
    });
    view! {
        <section class="card" aria-labelledby="snapshots-all-heading">
            <h2 id="snapshots-all-heading">"Snapshots"</h2>
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p class="muted" role="status" data-testid="history-revert-message">{t}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert" data-testid="history-revert-message">{e}</p> }.into_any(),
            })}
            <Show when=move || !rows.with(|r| r.is_empty()) fallback=|| view! { <p class="muted" data-testid="no-snapshots">"No snapshots yet."</p> }>
                <p class="muted">
                    {move || format!("{} snapshot(s), newest first. ", rows.with(|r| r.len()))}
                    "Choose two snapshots (A and B) to see what changed from A to B."
                </p>
                <VirtualTable items=Signal::derive(move || rows.get()) row_height=ROW_HEIGHT key=row_key
                    render=render.clone() columns=8 scroll_to=scroll_to label="Snapshots, newest first" testid="all-snapshots">
                    <th scope="col">"A"</th><th scope="col">"B"</th><th scope="col">"Environment"</th><th scope="col">"Reason"</th>
                    <th scope="col">"When"</th><th scope="col">"By"</th><th scope="col">"Version"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </VirtualTable>
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
        <RevertDialog target=revert_target open=revert_open on_done=on_reverted/>
    }
}

/// A row's key: its id, and whether it is damaged (a row found damaged
/// once read is built again, without its actions).
fn row_key(r: &SnapshotRow) -> (String, bool) {
    (r.id.clone(), r.damaged.is_some())
}
