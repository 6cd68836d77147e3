//! Times the steps of opening a large comparison, natively:
//! `cargo run --release -p preflight-core --example profile_between`.
use preflight_core::changeset::ChangeSet;
use preflight_core::diff::{diff, DiffOptions};
use preflight_core::{demo, EnvId};
use std::time::Instant;

fn main() {
    let ws = demo::synthetic(50_000, 1);
    let (a, b) = (&ws.environments[1].config, &ws.environments[0].config);
    let t = Instant::now();
    let plain = diff(a, b, &DiffOptions::default());
    println!("diff: {:?} ({} changes)", t.elapsed(), plain.len());
    let Ok(patterns) = ws.settings.patterns.compile() else {
        return;
    };
    let t = Instant::now();
    let slow = plain
        .iter()
        .filter(|c| patterns.is_pinned(&c.path) || patterns.is_secret(&c.path))
        .count();
    println!("flags one pointer at a time: {:?} ({slow})", t.elapsed());
    let t = Instant::now();
    let mut classify = patterns.classifier();
    let fast = plain
        .iter()
        .filter(|c| {
            let (p, s) = classify.flags(&c.path);
            p || s
        })
        .count();
    println!("flags with the classifier: {:?} ({fast})", t.elapsed());
    let t = Instant::now();
    let flagged = diff(a, b, &DiffOptions::default().patterns(patterns));
    println!("diff+flags: {:?} ({})", t.elapsed(), flagged.len());
    let t = Instant::now();
    let Ok(set) = ChangeSet::between(&ws, &EnvId::new("bench-lower"), &EnvId::new("bench-upper"))
    else {
        return;
    };
    println!("between: {:?} ({})", t.elapsed(), set.changes.len());
    let t = Instant::now();
    let h = set.compute_hash(&ws.settings.compiled_patterns());
    println!("hash: {:?} {}", t.elapsed(), &h[..8]);
}
