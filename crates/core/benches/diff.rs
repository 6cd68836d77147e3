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
//! Kept short (few samples) because the machine is shared.
//!
//! Peak memory is measured outside criterion, with a process per run:
//! `PREFLIGHT_MEM=write:DIR` writes the two 50k documents to DIR, then
//! `PREFLIGHT_MEM=parse:DIR` (parse both), `PREFLIGHT_MEM=diff:DIR`
//! (parse both and diff, texts kept) and `PREFLIGHT_MEM=diff-drop:DIR`
//! (each text dropped once parsed, as the app does; `parse-drop` without
//! the diff) run under
//! `/usr/bin/time -v`; `PREFLIGHT_MEM=none` is the baseline.
use criterion::{black_box, BenchmarkId, Criterion};
use preflight_core::diff::{apply, diff, DiffOptions};
use preflight_core::display::{side_by_side, DisplayOptions};
use preflight_core::formats::{parse, Format};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// A small deterministic generator (no extra dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }
}

/// A config-like document with about `leaves` leaves: sections of
/// settings, some scalar lists and some keyed lists.
fn document(leaves: usize, seed: u64) -> Value {
    let mut rng = Rng(seed);
    let mut root = Map::new();
    let mut count = 0;
    let mut s = 0;
    while count < leaves {
        let mut section = Map::new();
        for k in 0..40 {
            let v = match k % 8 {
                0 => Value::from(rng.below(100_000)),
                1 => Value::Bool(rng.below(2) == 0),
                _ => Value::from(format!(
                    "https://{}.example.test/{}",
                    rng.word(12),
                    rng.word(80)
                )),
            };
            section.insert(format!("setting_{k:02}_{}", rng.word(6)), v);
        }
        let tags: Vec<Value> = (0..5).map(|_| Value::from(rng.word(10))).collect();
        section.insert("tags".into(), Value::Array(tags));
        let items: Vec<Value> = (0..5)
            .map(|i| json!({"id": format!("item-{s}-{i}"), "value": rng.word(30)}))
            .collect();
        section.insert("items".into(), Value::Array(items));
        count += 40 + 5 + 10;
        root.insert(format!("section_{s:05}"), Value::Object(section));
        s += 1;
    }
    Value::Object(root)
}

/// Changes `share` of the leaves of `doc` (strings, numbers, booleans).
fn mutate(doc: &Value, share: f64, seed: u64) -> Value {
    fn walk(v: &mut Value, rng: &mut Rng, every: usize) {
        match v {
            Value::Object(m) => m.values_mut().for_each(|c| walk(c, rng, every)),
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, rng, every)),
            Value::String(s) if rng.below(every) == 0 && !s.starts_with("item-") => {
                s.push_str("-changed")
            }
            Value::Number(n) if rng.below(every) == 0 => {
                *v = Value::from(n.as_u64().unwrap_or(0) + 1)
            }
            Value::Bool(b) if rng.below(every) == 0 => *b = !*b,
            _ => {}
        }
    }
    let mut out = doc.clone();
    walk(&mut out, &mut Rng(seed), (1.0 / share) as usize);
    out
}

fn keyed_arrays(n: usize) -> (Value, Value) {
    let mut rng = Rng(7);
    let a: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("flow-{i:06}"), "schedule": "*/5 * * * *", "enabled": true,
                   "target": rng.word(20), "retries": rng.below(10)})
        })
        .collect();
    let mut b = a.clone();
    // 5% changed.
    for _ in 0..n / 20 {
        let i = rng.below(n);
        b[i]["target"] = Value::from(rng.word(20));
    }
    // 5% moved to a random place.
    for _ in 0..n / 20 {
        let from = rng.below(b.len());
        let el = b.remove(from);
        let to = rng.below(b.len());
        b.insert(to, el);
    }
    (json!({ "flows": a }), json!({ "flows": b }))
}

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
    let (ka, kb) = keyed_arrays(20_000);
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

/// One memory-measurement run (see the module docs).
fn memory_run(mode: &str) -> Result<(), Box<dyn std::error::Error>> {
    let (what, dir) = mode.split_once(':').unwrap_or((mode, "."));
    let path = |n: &str| format!("{dir}/{n}");
    match what {
        "write" => {
            let a = document(50_000, 1);
            let b = mutate(&a, 0.1, 2);
            std::fs::write(path("a.json"), serde_json::to_string_pretty(&a)?)?;
            std::fs::write(path("b.json"), serde_json::to_string_pretty(&b)?)?;
        }
        "parse" | "diff" => {
            let ta = std::fs::read_to_string(path("a.json"))?;
            let tb = std::fs::read_to_string(path("b.json"))?;
            let a = parse(&ta, Format::Json)?;
            let b = parse(&tb, Format::Json)?;
            let n = if what == "diff" {
                diff(&a, &b, &DiffOptions::default()).len()
            } else {
                0
            };
            println!("input bytes: {}, changes: {n}", ta.len() + tb.len());
        }
        // As the app does it: each text is dropped once parsed.
        "parse-drop" | "diff-drop" => {
            let ta = std::fs::read_to_string(path("a.json"))?;
            let size = ta.len();
            let a = parse(&ta, Format::Json)?;
            drop(ta);
            let tb = std::fs::read_to_string(path("b.json"))?;
            let size = size + tb.len();
            let b = parse(&tb, Format::Json)?;
            drop(tb);
            let n = if what == "diff-drop" {
                diff(&a, &b, &DiffOptions::default()).len()
            } else {
                0
            };
            println!("input bytes: {size}, changes: {n}");
        }
        _ => {}
    }
    Ok(())
}

fn main() {
    if let Ok(mode) = std::env::var("PREFLIGHT_MEM") {
        if let Err(e) = memory_run(&mode) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
