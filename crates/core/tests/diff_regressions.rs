//! Minimal inputs of the data-changing bugs found by the conformance and
//! differential runs (issue 12), each through diff/apply, the promotion
//! preview and execute, and the RFC 6902 export.
#![allow(clippy::unwrap_used)]

use preflight_core::changeset::ChangeSet;
use preflight_core::diff::{apply, diff, ChangeKind, DiffOptions};
use preflight_core::environment::Environment;
use preflight_core::jiff::Timestamp;
use preflight_core::patch;
use preflight_core::promote::{Promotion, Selection};
use preflight_core::{EnvId, Workspace};
use serde_json::{json, Value};

fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn ws_of(target: &Value, source: &Value) -> Workspace {
    let mut ws = Workspace::empty();
    ws.environments = vec![
        Environment::new("dev", "Development", source.clone()),
        Environment::new("qa", "QA", target.clone()),
    ];
    ws
}

/// Preview, execute and the exported patch (applied by the json-patch
/// crate) all give the same document for `paths`.
fn promote_all_ways(a: &Value, b: &Value, paths: Option<&[&str]>) -> String {
    let mut ws = ws_of(a, b);
    let set = ChangeSet::between(&ws, &EnvId::from("dev"), &EnvId::from("qa")).unwrap();
    let sel = match paths {
        Some(p) => Selection::new().paths(p.iter().map(|s| s.to_string())),
        None => Selection::all(),
    };
    let promotion = Promotion::new(&set, &sel);
    let preview = promotion.preview(&ws).unwrap();
    let ops = patch::export(&ws, &set, &sel).unwrap();
    let patch: json_patch::Patch = serde_json::from_str(&patch::to_json(&ops)).unwrap();
    let mut exported = a.clone();
    json_patch::patch(&mut exported, &patch).unwrap();
    let now: Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
    promotion.execute(&mut ws, now).unwrap();
    let executed = ws.env(&EnvId::from("qa")).unwrap().config.clone();
    assert_eq!(text(&preview), text(&executed), "preview vs execute");
    assert_eq!(exported, preview, "export vs preview");
    text(&preview)
}

#[test]
fn a_reordered_keyed_array_applies_in_b_order() {
    // B moves (A and C swap around it) but keeps index 1.
    let a = json!([{"id":"A"},{"id":"B"},{"id":"C"},{"id":"D"}]);
    let b = json!([{"id":"C"},{"id":"B"},{"id":"A"},{"id":"D"}]);
    let a = json!({ "list": a });
    let b = json!({ "list": b });
    let changes = diff(&a, &b, &DiffOptions::default());
    assert!(changes.iter().any(|c| c.kind == ChangeKind::Moved));
    let mut t = a.clone();
    apply(&mut t, &changes).unwrap();
    assert_eq!(text(&t), text(&b));
    assert_eq!(promote_all_ways(&a, &b, None), text(&b));
}

#[test]
fn a_partial_selection_of_added_keys_follows_source_order() {
    let a = json!({"x":0});
    let b = json!({"x":0,"p":1,"q":2,"r":3,"s":4,"t":5,"u":6});
    let changes = diff(&a, &b, &DiffOptions::default());
    let chosen: Vec<_> = changes
        .iter()
        .filter(|c| ["/q", "/s", "/u"].contains(&c.path.as_str()))
        .cloned()
        .collect();
    for _ in 0..50 {
        let mut t = a.clone();
        apply(&mut t, &chosen).unwrap();
        assert_eq!(text(&t), r#"{"x":0,"q":2,"s":4,"u":6}"#);
    }
    for _ in 0..10 {
        let got = promote_all_ways(&a, &b, Some(&["/q", "/s", "/u"]));
        assert_eq!(got, r#"{"x":0,"q":2,"s":4,"u":6}"#);
    }
}

#[test]
fn minus_zero_is_a_change() {
    let a = json!({"n": 0.0, "l": [0.0]});
    let b = json!({"n": -0.0, "l": [-0.0]});
    let changes = diff(&a, &b, &DiffOptions::default());
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes.iter().all(|c| c.kind == ChangeKind::Modified));
    let mut t = a.clone();
    apply(&mut t, &changes).unwrap();
    assert_eq!(text(&t), r#"{"n":-0.0,"l":[-0.0]}"#);
    assert_eq!(promote_all_ways(&a, &b, None), text(&b));
    // And back.
    assert_eq!(diff(&b, &a, &DiffOptions::default()).len(), 2);
}
