//! The storage part of the benchmark page: builds a long history through
//! the app's own store, as fast as the app can, for the storage benchmark
//! (`tests/e2e/bench/storage-history.bench.js`).
//!
//! "Run" gives the three environments the same config of about 50,000
//! leaves (`preflight_core::demo::history`), then runs rounds of an edit of
//! 10% of Development's leaves and a promotion of everything into QA. Each
//! edit and each promotion is one action committed like any other, so the
//! store ends up as a person's would after the same work: one audit event
//! and two snapshots per promotion. `?rounds=` and `?leaves=` set the size.
//! Unlike the comparison benchmark, this one writes to the real store.

use crate::browser;
use crate::store::{use_store, NotSaved, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use preflight_core::changeset::ChangeSet;
use preflight_core::demo::history;
use preflight_core::promote::{Promotion, Selection};
use preflight_core::Workspace;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// One round's figures.
#[derive(Clone, Serialize)]
struct Round {
    round: u64,
    /// Bytes of the changed leaves.
    changed_bytes: usize,
    /// The edit, applied and committed.
    edit_ms: f64,
    /// The promotion's change set and apply (main thread, in the core).
    promote_apply_ms: f64,
    /// The promotion, applied and committed.
    promote_ms: f64,
    /// Bytes the promotion's commit added to the store.
    promotion_added: i64,
    /// `promotion_added` over `changed_bytes`.
    ratio: f64,
}

fn clock() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Runs `op` through [`Store::apply_saved`] and waits for its commit.
async fn saved<T: 'static>(
    store: Store,
    op: impl FnOnce(&mut Workspace) -> Result<T, String>,
) -> Result<T, String> {
    let slot = Rc::new(RefCell::new(None));
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
    let out = slot.clone();
    store.apply_saved(op, move |result| {
        *out.borrow_mut() = Some(result);
        if let Some(r) = resolve {
            let _ = r.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
    let result = slot.borrow_mut().take();
    match result {
        Some(Ok(v)) => Ok(v),
        Some(Err(NotSaved::Refused(e))) => Err(e),
        Some(Err(NotSaved::Storage(e))) => Err(format!("not saved: {e}")),
        None => Err("the commit never reported back".into()),
    }
}

async fn run(
    store: Store,
    leaves: usize,
    rounds: u64,
    progress: RwSignal<String>,
) -> Result<String, String> {
    browser::mark("bench:storage-start");
    let config_bytes = saved(store, |ws| Ok(history::seed(ws, leaves))).await?;
    let ids = store.workspace.with_untracked(|ws| {
        let id = |i: usize| ws.environments.get(i).map(|e| e.id.clone());
        id(0).zip(id(1))
    });
    let (dev, qa) = ids.ok_or("the benchmark needs two environments")?;
    let actor = store.actor();
    let mut figures = Vec::new();
    for round in 1..=rounds {
        let t0 = clock();
        let changed_bytes = saved(store, |ws| {
            history::edit(ws, &dev, round).ok_or_else(|| "Development is gone".to_owned())
        })
        .await?;
        let t1 = clock();
        let mut apply_ms = 0.0;
        saved(store, |ws| {
            let a = clock();
            let set = ChangeSet::between(ws, &dev, &qa).map_err(|e| e.to_string())?;
            let done = Promotion::new(&set, &Selection::all())
                .comment(format!("Benchmark round {round}"))
                .actor(actor.clone())
                .execute(ws, browser::now())
                .map_err(|e| e.to_string());
            apply_ms = clock() - a;
            done
        })
        .await?;
        let t2 = clock();
        let added = store.last_commit_added().unwrap_or(0);
        figures.push(Round {
            round,
            changed_bytes,
            edit_ms: (t1 - t0).round(),
            promote_apply_ms: apply_ms.round(),
            promote_ms: (t2 - t1).round(),
            promotion_added: added,
            ratio: (added as f64 / changed_bytes.max(1) as f64 * 100.0).round() / 100.0,
        });
        progress.set(format!("Round {round} of {rounds} stored."));
    }
    browser::mark("bench:storage-done");
    serde_json::to_string(&serde_json::json!({
        "leaves": leaves,
        "config_bytes": config_bytes,
        "rounds": figures,
    }))
    .map_err(|e| e.to_string())
}

#[component]
pub fn StorageBench() -> impl IntoView {
    let store = use_store();
    let query = use_query_map();
    let number = move |name: &str, default: usize| {
        query
            .with(|q| q.get(name))
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let rounds = move || number("rounds", 200).clamp(1, 1_000);
    let leaves = move || number("leaves", 50_000).clamp(42, 500_000);
    let progress = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<String, String>>);
    let running = RwSignal::new(false);
    let start = move |_| {
        let (n, l) = (rounds() as u64, leaves());
        running.set(true);
        result.set(None);
        spawn_local(async move {
            let r = run(store, l, n, progress).await;
            result.set(Some(r));
            running.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>"Storage"</h2>
            <p>{move || format!(
                "Writes to this browser's store: gives every environment a config of {} leaves, then {} rounds of an edit of 10% of Development's leaves and a promotion into QA.",
                leaves(), rounds()
            )}</p>
            <button type="button" class="button" data-testid="bench-storage-run" prop:disabled=move || running.get() on:click=start>"Build the history"</button>
            <p class="muted" role="status" data-testid="bench-storage-progress">{move || progress.get()}</p>
            {move || match result.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p role="alert" data-testid="bench-storage-error">{e}</p> }.into_any(),
                Some(Ok(json)) => view! { <pre class="mono" data-testid="bench-storage-result">{json}</pre> }.into_any(),
            }}
        </section>
    }
}
