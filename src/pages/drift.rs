//! `/drift`: every leaf path × every environment, secrets masked,
//! filterable by path. A cell is marked when it differs from the cell of
//! the environment below it (the column to its left): what a promotion
//! into that environment would change. The grid is windowed, so a config
//! with tens of thousands of keys stays smooth.

use crate::components::value_text::short;
use crate::components::virtual_list::VirtualList;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::pipeline::{self, DriftRow};
use std::sync::Arc;

const ROW_HEIGHT: f64 = 30.0;

#[component]
pub fn DriftPage() -> impl IntoView {
    let store = use_store();
    let only_differing = RwSignal::new(true);
    // Only the differing rows unless all are asked for: the store's indexes
    // let that skip everything the environments share.
    let grid = Memo::new(move |_| {
        let only = only_differing.get();
        store
            .workspace
            .with(|ws| store.with_known(|known| pipeline::drift_known(ws, known, only)))
    });
    let text = RwSignal::new(String::new());
    let rows = Memo::new(move |_| {
        let needle = text.get().trim().to_lowercase();
        let only = only_differing.get();
        grid.with(|g| {
            Arc::new(
                g.rows
                    .iter()
                    .filter(|r| {
                        (!only || r.differs)
                            && (needle.is_empty() || r.path.to_lowercase().contains(&needle))
                    })
                    .cloned()
                    .collect::<Vec<DriftRow>>(),
            )
        })
    });
    let columns = Memo::new(move |_| {
        store.workspace.with(|ws| {
            grid.with(|g| {
                g.environments
                    .iter()
                    .map(|id| {
                        ws.env(id)
                            .map(|e| e.name.clone())
                            .unwrap_or_else(|| id.to_string())
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let ncols = move || grid.with(|g| g.environments.len());
    let template = move || format!("minmax(14rem, 2fr) repeat({}, minmax(9rem, 1fr))", ncols());
    let render = Arc::new(move |_: usize, row: &DriftRow| {
        view! {
            <div class="drift-row" class:drift-differs=row.differs role="listitem" data-testid="drift-row" data-path=row.path.clone()
                style:grid-template-columns=template>
                <span class="drift-path" title=row.path.clone()>
                    <code>{row.path.clone()}</code>
                    {row.pinned.then(|| view! { <span class="badge badge-info">"pinned"</span> })}
                </span>
                {row.values.iter().zip(&row.changed).enumerate().map(|(i, (v, &differs))| {
                    let text = v.as_ref().map(short).unwrap_or_else(|| "—".to_owned());
                    // The header row is hidden from screen readers: each cell says its environment.
                    let env = columns.with_untracked(|c| c.get(i).cloned().unwrap_or_default());
                    view! {
                        <span class="drift-cell" class:cell-differs=differs class:cell-absent=v.is_none() title=text.clone()>
                            <span class="visually-hidden">{format!("{env}{}: ", if differs { ", changed" } else { "" })}</span>
                            <span class="drift-value">{text.clone()}</span>
                        </span>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    });
    view! {
        <h1>"Drift"</h1>
        <section class="card">
            <div class="filters">
                <input type="search" class="path-filter" placeholder="Filter by path" aria-label="Filter by path" data-testid="drift-filter"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
                <label class="check"><input type="checkbox" data-testid="drift-only-differing" prop:checked=move || only_differing.get()
                    on:change=move |ev| only_differing.set(event_target_checked(&ev))/>" Only keys that differ"</label>
                <span class="muted" data-testid="drift-count">{move || format!("{} of {} keys", rows.with(|r| r.len()), grid.with(|g| g.keys))}</span>
            </div>
            <p class="muted small" data-testid="drift-legend">
                <span class="drift-cell cell-differs legend-swatch">"value"</span>
                " differs from the environment to its left, the one it is promoted from. Pinned keys are expected to differ."
            </p>
            <div class="drift-head" aria-hidden="true" style:grid-template-columns=template>
                <span>"Key"</span>
                {move || columns.get().into_iter().map(|c| view! { <span>{c}</span> }).collect_view()}
            </div>
            <VirtualList items=Signal::derive(move || rows.get()) row_height=ROW_HEIGHT render=render label="Keys across environments" testid="drift-grid"/>
        </section>
    }
}
