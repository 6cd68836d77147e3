//! Criterion benches for the structural diff.
//!
//! - `diff/50k_leaves`: two generated documents of 50k leaves (~5 MB of
//!   pretty JSON each), 10% of the leaves changed.
//! - `diff/keyed_20k`: two 20k-element keyed arrays, 5% of the elements
//!   moved and 5% changed.
//! - `scaling/{5k,50k,500k}`: the first case at three sizes.
//! - `apply/50k_leaves`, `apply/keyed_20k`: applying every change.
//! - `display/50k_leaves`: the side-by-side rows of the first case.
//! - `review/compare_50k`, `review/changeset_50k`: a 50k-change comparison
//!   with pinned and secret flags, and the hashed change set of a review.
//!
//! Kept short (few samples) because the machine is shared. Peak memory is
//! measured by the `memory` bench. The documents come from
//! [`preflight_core::demo::large`], which the browser benchmark uses too.
use criterion::{black_box, BenchmarkId, Criterion};
use preflight_core::demo::large::{document, keyed_lists, mutate};
use preflight_core::diff::{apply, diff, DiffOptions};
use preflight_core::display::{side_by_side, DisplayOptions};
use preflight_core::formats::Format;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let opts = DiffOptions::default();

    let a = document(50_000, 1);
    let b = mutate(&a, 0.1, 2);
    let bytes = serde_json::to_string_pretty(&a).map_or(0, |s| s.len());
    let changes = diff(&a, &b, &opts);
    eprintln!(
        "50k case: {} leaves, {:.1} MB pretty JSON, {} changes",
        preflight_core::pointer::leaves(&a).len(),
        bytes as f64 / 1e6,
        changes.len()
    );
    let mut g = c.benchmark_group("diff");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("50k_leaves", |bench| {
        bench.iter(|| diff(black_box(&a), black_box(&b), &opts))
    });
    let (ka, kb) = keyed_lists(20_000);
    let kchanges = diff(&ka, &kb, &opts);
    eprintln!("keyed 20k case: {} changes", kchanges.len());
    g.bench_function("keyed_20k", |bench| {
        bench.iter(|| diff(black_box(&ka), black_box(&kb), &opts))
    });
    g.finish();

    let mut g = c.benchmark_group("apply");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("50k_leaves", |bench| {
        bench.iter(|| {
            let mut t = a.clone();
            apply(&mut t, black_box(&changes)).map(|_| t)
        })
    });
    g.bench_function("keyed_20k", |bench| {
        bench.iter(|| {
            let mut t = ka.clone();
            apply(&mut t, black_box(&kchanges)).map(|_| t)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("display");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let display = DisplayOptions::new(Format::Json);
    g.bench_function("50k_leaves", |bench| {
        bench.iter(|| side_by_side(black_box(&a), black_box(&b), &changes, &display))
    });
    g.finish();

    // What opening the compare and promote pages costs: the flagged diff
    // (pinned and secret patterns) and the hashed three-way change set.
    let mut g = c.benchmark_group("review");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let ws = preflight_core::demo::synthetic(50_000, 1);
    let (lower, upper) = (
        preflight_core::EnvId::new("bench-lower"),
        preflight_core::EnvId::new("bench-upper"),
    );
    g.bench_function("compare_50k", |bench| {
        bench.iter(|| preflight_core::review::compare(black_box(&ws), &upper, &lower))
    });
    g.bench_function("changeset_50k", |bench| {
        bench.iter(|| preflight_core::changeset::ChangeSet::between(black_box(&ws), &lower, &upper))
    });
    g.finish();

    let mut g = c.benchmark_group("scaling");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in [5_000, 50_000, 500_000] {
        let a = document(n, 3);
        let b = mutate(&a, 0.1, 4);
        g.bench_with_input(BenchmarkId::from_parameter(n), &(a, b), |bench, (a, b)| {
            bench.iter(|| diff(black_box(a), black_box(b), &opts))
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
