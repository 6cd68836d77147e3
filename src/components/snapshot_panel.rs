//! The snapshots of one environment: take one with a description, compare
//! any with the current config, and revert to it after a confirmation
//! ([`RevertDialog`]).

use crate::browser;
use crate::components::change_list::ChangeList;
use crate::components::revert_dialog::{RevertDialog, RevertTarget};
use crate::components::virtual_table::{RenderTableRow, VirtualTable};
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::edit;
use preflight_core::history::{self, SnapshotRow};
use preflight_core::snapshot::{self, RevertReport, SnapshotReason};
use preflight_core::EnvId;
use std::sync::Arc;

/// The height of one row in CSS pixels, as `.virtual-table` rows have it.
const ROW_HEIGHT: f64 = 44.0;

/// A snapshot's reason in words.
pub fn reason_label(reason: &SnapshotReason) -> String {
    match reason {
        SnapshotReason::BeforePromotion => "Before promotion".into(),
        SnapshotReason::AfterPromotion => "After promotion".into(),
        SnapshotReason::BeforeRevert => "Before revert".into(),
        SnapshotReason::AfterRevert => "After revert".into(),
        SnapshotReason::Manual(d) if d.trim().is_empty() => "Manual".into(),
        SnapshotReason::Manual(d) => format!("Manual: {d}"),
    }
}

/// The snapshot card of an environment page.
#[component]
pub fn SnapshotPanel(
    /// The environment.
    #[prop(into)]
    id: Signal<EnvId>,
) -> impl IntoView {
    let store = use_store();
    let description = RwSignal::new(String::new());
    let (message, set_message) = signal(None::<Result<String, String>>);
    let comparing = RwSignal::new(None::<String>);
    let revert_target = RwSignal::new(None::<RevertTarget>);
    let revert_open = RwSignal::new(false);

    // Windowed: an environment promoted hundreds of times has twice as
    // many snapshots, and only those in view are built.
    let rows = Memo::new(move |_| {
        let damaged = store.status.with(|s| s.unreadable());
        let env = id.get();
        Arc::new(
            store
                .workspace
                .with(|ws| history::env_snapshot_rows(ws, &env, &damaged)),
        )
    });
    let take = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let actor = store.actor();
        let text = description.get_untracked();
        let result = store.apply(|ws| {
            snapshot::take_manual(ws, &id.get_untracked(), text.trim(), &actor, browser::now())
        });
        set_message.set(Some(
            result
                .map(|s| format!("Snapshot {s} taken."))
                .map_err(|e| e.to_string()),
        ));
        description.set(String::new());
    };
    // A snapshot's content is read from storage when it is compared.
    Effect::new(move |_| {
        if let Some(snap) = comparing.get() {
            store.want_snapshots(vec![snap]);
        }
    });
    // `None` while the snapshot is being read.
    let compare_changes = Memo::new(move |_| {
        let snap = comparing.get()?;
        store.workspace.with(|ws| {
            let s = snapshot::get(ws, &snap)?;
            let content = s.content().ok()?;
            Some(edit::preview_changes(ws, &id.get(), content).unwrap_or_default())
        })
    });
    // One found damaged while being read is not compared: its row says so.
    Effect::new(move |_| {
        let Some(snap) = comparing.get() else { return };
        let why = store.status.with(|s| {
            s.damaged
                .iter()
                .find(|d| d.id == snap)
                .map(|d| d.error.to_string())
        });
        if let Some(why) = why {
            comparing.set(None);
            set_message.set(Some(Err(format!(
                "Snapshot {snap} could not be read back: {why}"
            ))));
        }
    });
    let shown_changes = Signal::derive(move || compare_changes.get().unwrap_or_default());
    let reading = move || comparing.get().is_some() && compare_changes.with(Option::is_none);
    let on_reverted = Callback::new(move |result: Result<RevertReport, String>| {
        set_message.set(Some(result.map(|r| {
            format!("Reverted to {}; now version {}.", r.restored, r.version)
        })));
        comparing.set(None);
    });
    let render: RenderTableRow<SnapshotRow> = Arc::new(move |r: SnapshotRow| {
        let reason = reason_label(&r.reason);
        let time = browser::format_time(r.time);
        if let Some(why) = r.damaged.clone() {
            return view! {
                <tr data-testid="snapshot-row" data-snapshot=r.id.clone() data-damaged="true">
                    <td>{reason}" "<span class="badge badge-bad" data-testid="snapshot-damaged" title=why>"Damaged"</span></td>
                    <td>{time}</td><td>"—"</td><td>{r.env_version}</td>
                    <td class="muted">"Cannot be read or restored"</td>
                </tr>
            }
            .into_any();
        }
        let (id1, id2) = (r.id.clone(), r.id.clone());
        let target = RevertTarget {
            id: r.id.clone(),
            label: format!("{reason} · {time}"),
        };
        view! {
            <tr data-testid="snapshot-row" data-snapshot=r.id.clone()>
                <td>{reason}</td><td>{time}</td><td>{r.actor.clone()}</td><td>{r.env_version}</td>
                <td class="row-actions">
                    <button type="button" class="button button-quiet" data-testid="compare-snapshot"
                        aria-pressed=move || (comparing.get().as_deref() == Some(id1.as_str())).to_string()
                        on:click=move |_| comparing.update(|c| *c = if c.as_deref() == Some(id2.as_str()) { None } else { Some(id2.clone()) })>
                        "Compare with current"
                    </button>
                    <button type="button" class="button button-quiet" data-testid="revert-snapshot"
                        on:click=move |_| { revert_target.set(Some(target.clone())); revert_open.set(true); }>
                        "Revert"
                    </button>
                </td>
            </tr>
        }
        .into_any()
    });

    view! {
        <section class="card" aria-labelledby="snapshots-heading">
            <h2 id="snapshots-heading">"Snapshots"</h2>
            <form class="inline-form" on:submit=take>
                <label class="field">
                    <span class="field-label">"Description"</span>
                    <input
                        type="text"
                        data-testid="snapshot-description"
                        placeholder="e.g. Before the UAT round"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button" data-testid="take-snapshot">"Take a snapshot"</button>
            </form>
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p class="muted" role="status" data-testid="snapshot-message">{t}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert" data-testid="snapshot-message">{e}</p> }.into_any(),
            })}
            <Show
                when=move || !rows.with(|r| r.is_empty())
                fallback=|| view! { <p class="muted" data-testid="no-snapshots">"No snapshots yet. Promotions and reverts take them automatically."</p> }
            >
                <VirtualTable items=Signal::derive(move || rows.get()) row_height=ROW_HEIGHT key=row_key
                    render=render.clone() columns=5 label="Snapshots of this environment, newest first" testid="snapshot-table">
                    <th scope="col">"Reason"</th><th scope="col">"Time"</th><th scope="col">"By"</th><th scope="col">"Version"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </VirtualTable>
            </Show>
            <Show when=move || comparing.get().is_some()>
                <div class="snapshot-compare" data-testid="snapshot-compare">
                    <h3>{move || format!("Reverting to {} would change", comparing.get().unwrap_or_default())}</h3>
                    <Show when=reading>
                        <p class="muted" role="status" data-testid="snapshot-reading">"Reading the snapshot from browser storage…"</p>
                    </Show>
                    <Show when=move || !reading()>
                        <ChangeList changes=shown_changes empty="The current configuration is the same as this snapshot."/>
                    </Show>
                </div>
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
