//! Criterion benches for the content-addressed store (issue "History that
//! fits"), on the generated 50k-leaf documents of `demo::large`:
//!
//! - `store/hash_50k`: taking one config apart into nodes.
//! - `store/hash_since_10pct`: the same after 10% of the leaves changed,
//!   reusing the previous version's ids where containers are unchanged.
//! - `store/plan_promotion_10pct`: planning the commit of a promotion that
//!   changes 10% of the leaves (before and after snapshots, the new head),
//!   the main-thread part of a save.
//! - `store/load_3x50k`: rebuilding a workspace of three such environments
//!   and 2 snapshots from its records and nodes.
//!
//! It also prints the bytes a promotion adds against the bytes of the
//! leaves it changed, over 20 promotions.
use criterion::{black_box, Criterion};
use preflight_core::demo::large::{document, mutate};
use preflight_core::objects::{hash_tree, hash_tree_since, NodeId, Previous};
use preflight_core::snapshot::{self, SnapshotReason};
use preflight_core::stored::{Area, Commit, StoredWorkspace};
use preflight_core::{demo, jiff::Timestamp, Workspace};
use std::collections::HashMap;
use std::time::Duration;

#[derive(Default)]
struct Maps {
    records: HashMap<String, String>,
    nodes: HashMap<NodeId, String>,
    revision: u64,
}

impl Maps {
    fn write(&mut self, c: &Commit) {
        for (area, k, v) in &c.puts {
            match area {
                Area::Records => {
                    self.records.insert(k.clone(), v.clone());
                }
                Area::Nodes => {
                    self.nodes.insert(NodeId::from_stored(k.clone()), v.clone());
                }
                Area::Meta => {}
            }
        }
        self.revision = c.revision;
    }

    /// Characters stored, keys included.
    fn bytes(&self) -> usize {
        let r: usize = self.records.iter().map(|(k, v)| k.len() + v.len()).sum();
        let n: usize = self
            .nodes
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len())
            .sum();
        r + n
    }
}

fn workspace() -> Workspace {
    let mut ws = demo::workspace();
    for (i, env) in ws.environments.iter_mut().enumerate() {
        env.config = document(50_000, 1 + i as u64 % 2).into();
    }
    ws
}

fn promote(ws: &mut Workspace, round: u64) -> usize {
    let now = Timestamp::UNIX_EPOCH;
    let env = ws.environments[1].id.clone();
    let next = mutate(&ws.environments[1].config, 0.1, round);
    let changed: usize = preflight_core::diff::diff(
        &ws.environments[1].config,
        &next,
        &preflight_core::diff::DiffOptions::default(),
    )
    .iter()
    .filter_map(|c| c.new.as_ref())
    .map(|v| v.to_string().len())
    .sum();
    let _ = snapshot::take(ws, &env, SnapshotReason::BeforePromotion, "bench", now);
    ws.environments[1].set_config(next);
    let _ = snapshot::take(ws, &env, SnapshotReason::AfterPromotion, "bench", now);
    changed
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("store");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    let doc = document(50_000, 1);
    g.bench_function("hash_50k", |b| {
        b.iter(|| black_box(hash_tree(&doc).nodes.len()))
    });

    // The incremental hash of a save: the same document with 10% of its
    // leaves changed, against the previous version's index.
    let prev = hash_tree(&doc);
    let changed = mutate(&doc, 0.1, 5);
    g.bench_function("hash_since_10pct", |b| {
        b.iter(|| {
            let p = Previous {
                value: &doc,
                index: &prev.index,
            };
            black_box(hash_tree_since(&changed, Some(p)).nodes.len())
        })
    });

    let mut ws = workspace();
    let mut maps = Maps::default();
    let mut stored = StoredWorkspace::empty();
    let first = stored.plan(&ws);
    maps.write(&first);
    stored.committed(first);
    let mut figures = Vec::new();
    for round in 0..20 {
        let changed = promote(&mut ws, 100 + round);
        let commit = stored.plan(&ws);
        let before = maps.bytes();
        maps.write(&commit);
        let grown = maps.bytes() - before;
        stored.committed(commit);
        figures.push((grown, changed));
    }
    let (grown, changed): (usize, usize) =
        figures.iter().fold((0, 0), |(g, c), (a, b)| (g + a, c + b));
    eprintln!(
        "20 promotions of 10%: stored bytes grew {:.2}x the changed leaves' bytes ({} vs {}), {} nodes",
        grown as f64 / changed.max(1) as f64,
        grown / 20,
        changed / 20,
        maps.nodes.len()
    );

    let mut next = ws.clone();
    promote(&mut next, 999);
    g.bench_function("plan_promotion_10pct", |b| {
        b.iter(|| black_box(stored.plan(&next).puts.len()))
    });

    g.bench_function("load_3x50k_40_snapshots", |b| {
        b.iter(|| {
            let loaded = StoredWorkspace::load(&maps.records, &maps.nodes, [], maps.revision);
            black_box(loaded.map(|l| l.map(|(ws, _, _)| ws.snapshots.len())))
        })
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
