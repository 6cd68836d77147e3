//! Criterion benches for the hash-skipping diff (issue 11), each next to
//! the plain diff of the same pair:
//!
//! - `skip/full/10pct`, `skip/indexed/10pct`: the 50k-leaf document with
//!   10% of its leaves changed (nearly every section touched);
//! - `skip/full/0.1pct`, `skip/indexed/0.1pct`: 0.1% changed (most
//!   sections equal, which is what promotions between close environments
//!   look like).
//!
//! At 10% nearly every section holds a change (7 of the 910 are equal), so
//! only the lists inside sections can be skipped; building the 4.5k
//! changes and comparing the sections' scalars is shared by both.
//!
//! - `drift/full`, `drift/known`: the differing rows of the drift grid of
//!   three such environments (0.1% apart), listing every leaf against
//!   walking only where the environments' ids differ.
//!
//! The indexes are computed once, outside the timed loop: the app keeps
//! them with the stored trees. Kept short because the machine is shared.
use criterion::{black_box, Criterion};
use preflight_core::demo::large::{document, mutate};
use preflight_core::diff::{diff, diff_indexed, DiffOptions};
use preflight_core::objects::{hash_tree, TreeIndex};
use preflight_core::pipeline::{drift, drift_known};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let opts = DiffOptions::default();
    let a = document(50_000, 1);
    let ia = hash_tree(&a).index;
    let mut g = c.benchmark_group("skip");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, share) in [("10pct", 0.1), ("0.1pct", 0.001)] {
        let b = mutate(&a, share, 2);
        let ib = hash_tree(&b).index;
        let changes = diff(&a, &b, &opts);
        assert_eq!(diff_indexed(&a, &ia, &b, &ib, &opts), changes);
        eprintln!("{name}: {} changes", changes.len());
        g.bench_function(format!("full/{name}"), |bench| {
            bench.iter(|| diff(black_box(&a), black_box(&b), &opts))
        });
        g.bench_function(format!("indexed/{name}"), |bench| {
            bench.iter(|| diff_indexed(black_box(&a), &ia, black_box(&b), &ib, &opts))
        });
    }
    g.finish();

    let mut ws = preflight_core::demo::workspace();
    let envs: Vec<Value> = (0..3).map(|i| mutate(&a, 0.001, 10 + i)).collect();
    for (env, config) in ws.environments.iter_mut().zip(envs) {
        env.config = config.into();
    }
    let known: Vec<(Arc<Value>, TreeIndex)> = ws
        .environments
        .iter()
        .map(|e| (e.config.clone(), hash_tree(&e.config).index))
        .collect();
    let mut g = c.benchmark_group("drift");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("full", |bench| {
        bench.iter(|| drift(black_box(&ws)).differing().count())
    });
    g.bench_function("known", |bench| {
        bench.iter(|| {
            drift_known(black_box(&ws), known.as_slice(), true)
                .rows
                .len()
        })
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
