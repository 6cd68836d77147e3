//! `/bench`: loads a large synthetic pipeline into memory (never into
//! storage) and opens its comparison, with performance marks for the
//! browser benchmark (`make bench`), measures the memory of parse + diff,
//! and builds a long stored history for the storage benchmark
//! ([`StorageBench`]). Not in the navigation.

use crate::browser;
use crate::components::memory_bench::MemoryBench;
use crate::components::storage_bench::StorageBench;
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use preflight_core::demo;

#[component]
pub fn BenchPage() -> impl IntoView {
    let store = use_store();
    let navigate = use_navigate();
    let query = use_query_map();
    let changes = move || {
        query
            .with(|q| q.get("changes"))
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(5_000)
            .clamp(1, 1_000_000)
    };
    let open = move |_| {
        let n = changes();
        browser::mark("bench:open");
        store.load_in_memory(
            demo::synthetic(n, 1),
            &format!("a synthetic pipeline with {n} changes, for measuring."),
        );
        browser::mark("bench:loaded");
        browser::mark("bench:navigate");
        navigate("/compare/bench-lower/bench-upper", Default::default());
    };
    view! {
        <h1>"Benchmark"</h1>
        <section class="card">
            <p>{move || format!("Loads two environments that differ in {} settings, in memory only, and opens their comparison.", changes())}</p>
            <button type="button" class="button" data-testid="bench-open" on:click=open>"Open the comparison"</button>
        </section>
        <MemoryBench/>
        <StorageBench/>
    }
}
