//! The figures the browser tests assert on, computed by the core.
//!
//! `tests/e2e/fixtures/demo-compare.json` holds the change counts of the
//! demo pipeline; the Playwright compare test checks that the page shows
//! the same numbers, and this test checks that the file is what the core
//! computes. Set `UPDATE_FIXTURES=1` to rewrite it after a deliberate
//! change to the demo data or the diff.

use preflight_core::changeset::ChangeSet;
use preflight_core::review::{self, KindCounts};
use preflight_core::{demo, EnvId};
use serde_json::{json, Value};

#[test]
fn demo_compare_counts_match_the_fixture() {
    let ws = demo::workspace();
    let mut pairs = serde_json::Map::new();
    for (from, to) in [("development", "qa"), ("qa", "production")] {
        let (from, to) = (EnvId::new(from), EnvId::new(to));
        let changes = review::compare(&ws, &to, &from).unwrap();
        // On the demo (no promotion yet) the promotion proposes the same.
        let set = ChangeSet::between(&ws, &from, &to).unwrap();
        assert_eq!(set.changes, changes);
        let c = KindCounts::of(&changes);
        let pinned = changes.iter().filter(|c| c.pinned).count();
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        pairs.insert(
            format!("{}->{}", from, to),
            json!({
                "total": c.total(), "added": c.added, "removed": c.removed,
                "modified": c.modified, "moved": c.moved, "pinned": pinned, "paths": paths,
            }),
        );
    }
    let computed = Value::Object(pairs);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/e2e/fixtures/demo-compare.json"
    );
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(
            path,
            serde_json::to_string_pretty(&computed).unwrap() + "\n",
        )
        .unwrap();
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        stored, computed,
        "run with UPDATE_FIXTURES=1 if the change is deliberate"
    );
}
