//! Properties of promotion, revert and RFC 6902 over random JSON (nested
//! objects, plain arrays and keyed arrays).
#![allow(clippy::unwrap_used)]

use preflight_core::changeset::ChangeSet;
use preflight_core::environment::Environment;
use preflight_core::jiff::Timestamp;
use preflight_core::patch::{self, PatchOp};
use preflight_core::promote::{self, PromoteError, Resolution, Selection};
use preflight_core::snapshot;
use preflight_core::{pointer, EnvId, Workspace};
use proptest::prelude::*;
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------
// generators

fn key() -> impl Strategy<Value = String> {
    // Includes pinned (`host`) and secret (`apiKey`) names from the default
    // patterns, and an escaped token.
    prop::sample::select(vec!["a", "b", "c", "d", "host", "apiKey", "x/y", "id"])
        .prop_map(String::from)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..4).prop_map(Value::from),
        prop::sample::select(vec!["x", "y", "z", ""]).prop_map(Value::from),
    ]
}

fn keyed_array(inner: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    prop::collection::btree_map(0u8..8, (key(), inner), 0..5).prop_map(|m| {
        Value::Array(
            m.into_iter()
                .map(|(id, (k, v))| {
                    let mut o = Map::new();
                    o.insert("id".into(), Value::from(format!("e{id}")));
                    if k != "id" {
                        o.insert(k, v);
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    })
}

fn json_value() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(3, 30, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                keyed_array(inner.clone()),
                prop::collection::vec((key(), inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
        .boxed()
}

fn doc() -> BoxedStrategy<Value> {
    prop::collection::vec((key(), json_value()), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().collect()))
        .boxed()
}

/// A target and a source that share parts, so that diffs are not all-or-nothing.
fn pair() -> impl Strategy<Value = (Value, Value)> {
    (doc(), doc(), prop::collection::vec(any::<bool>(), 8)).prop_map(|(t, other, keep)| {
        let mut s = t.clone();
        if let (Value::Object(sm), Value::Object(om)) = (&mut s, &other) {
            for (i, (k, v)) in om.iter().enumerate() {
                if keep[i % keep.len()] {
                    sm.insert(k.clone(), v.clone());
                }
            }
        }
        (t, s)
    })
}

// ---------------------------------------------------------------------------
// helpers

fn now() -> Timestamp {
    "2026-11-22T09:00:00Z".parse().unwrap()
}

fn ws_of(target: &Value, source: &Value) -> Workspace {
    let mut ws = Workspace::empty();
    ws.environments = vec![
        Environment::new("dev", "Development", source.clone()),
        Environment::new("qa", "QA", target.clone()),
    ];
    ws
}

fn qa(ws: &Workspace) -> &Value {
    &ws.env(&EnvId::from("qa")).unwrap().config
}

fn set_of(ws: &Workspace) -> ChangeSet {
    ChangeSet::between(ws, &EnvId::from("dev"), &EnvId::from("qa")).unwrap()
}

/// The part of `doc` a change at `path` may touch: the outermost array on
/// the way (indices shift inside it), else the path itself.
fn region(doc: &Value, path: &str) -> String {
    let tokens = pointer::parse(path).unwrap();
    let mut cur = doc;
    let mut at = String::new();
    for t in &tokens {
        match cur {
            Value::Array(_) => return at,
            Value::Object(m) => match m.get(t) {
                Some(v) => {
                    cur = v;
                    at = pointer::child(&at, t);
                }
                None => return path.to_owned(),
            },
            _ => return path.to_owned(),
        }
    }
    path.to_owned()
}

fn related(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x.starts_with(y) && x.as_bytes().get(y.len()) == Some(&b'/');
    a == b || inside(a, b) || inside(b, a)
}

fn choose(set: &ChangeSet, mask: &[bool]) -> Vec<String> {
    set.changes
        .iter()
        .enumerate()
        .filter(|(i, _)| mask[i % mask.len()])
        .map(|(_, c)| c.path.clone())
        .collect()
}

// ---------------------------------------------------------------------------
// properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Unselected paths are never touched; one audit event and two
    /// snapshots per promotion; the version goes up by one; selecting every
    /// change makes the target equal to the source.
    #[test]
    fn unselected_paths_are_never_touched(
        (t, s) in pair(),
        mask in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        let mut ws = ws_of(&t, &s);
        let set = set_of(&ws);
        let chosen = choose(&set, &mask);
        let sel = Selection::new().paths(chosen.clone());
        let before = ws.to_json().unwrap();
        let result = promote::promote(&mut ws, &set, &sel, "", "", now());
        if chosen.is_empty() {
            prop_assert_eq!(result.unwrap_err(), PromoteError::NothingSelected);
            prop_assert_eq!(ws.to_json().unwrap(), before);
            return Ok(());
        }
        let report = result.unwrap();
        prop_assert_eq!(ws.audit.len(), 1);
        prop_assert_eq!(ws.snapshots.len(), 2);
        prop_assert_eq!(report.version, 2);
        let after = qa(&ws).clone();
        let regions: Vec<String> = chosen.iter().map(|p| region(&t, p)).collect();
        for (q, v) in pointer::leaves(&t) {
            if !regions.iter().any(|r| related(&q, r)) {
                prop_assert_eq!(pointer::get(&after, &q), Some(v), "untouched {} changed", q);
            }
        }
        if chosen.len() == set.changes.len() {
            prop_assert_eq!(&after, &s);
        }
    }

    /// "All" leaves pinned keys out; naming them brings them in.
    #[test]
    fn pinned_excluded_by_default((t, s) in pair()) {
        let ws = ws_of(&t, &s);
        let set = set_of(&ws);
        let pinned: Vec<_> = set
            .changes
            .iter()
            .filter(|c| c.pinned && region(&t, &c.path) == c.path)
            .collect();
        if set.changes.iter().all(|c| c.pinned) {
            prop_assert_eq!(
                promote::preview(&ws, &set, &Selection::all()).unwrap_err(),
                PromoteError::NothingSelected
            );
            return Ok(());
        }
        let after = promote::preview(&ws, &set, &Selection::all()).unwrap();
        for c in &pinned {
            prop_assert_eq!(pointer::get(&after, &c.path), pointer::get(&t, &c.path));
        }
        let every = Selection::all().paths(set.changes.iter().map(|c| c.path.clone()));
        prop_assert_eq!(promote::preview(&ws, &set, &every).unwrap(), s);
    }

    /// A review of an older target version is refused, and nothing changes.
    #[test]
    fn stale_version_refused((t, s) in pair()) {
        let mut ws = ws_of(&t, &s);
        let set = set_of(&ws);
        let env = ws.env_mut(&EnvId::from("qa")).unwrap();
        let mut edited = (*env.config).clone();
        pointer::set(&mut edited, "/__edited", Value::from(1)).unwrap();
        env.set_config(edited);
        let before = ws.to_json().unwrap();
        let every = Selection::new().paths(set.changes.iter().map(|c| c.path.clone()));
        let r = promote::promote(&mut ws, &set, &every, "", "", now());
        let is_stale = matches!(r, Err(PromoteError::Stale { .. }));
        prop_assert!(is_stale);
        prop_assert_eq!(ws.to_json().unwrap(), before);
    }

    /// Reverting to the before- and after-snapshots restores the exact bytes.
    #[test]
    fn revert_is_exact((t, s) in pair()) {
        let mut ws = ws_of(&t, &s);
        let set = set_of(&ws);
        let every = Selection::new().paths(set.changes.iter().map(|c| c.path.clone()));
        let Ok(p) = promote::promote(&mut ws, &set, &every, "", "", now()) else {
            prop_assert!(set.is_empty());
            return Ok(());
        };
        let after_text = serde_json::to_string(qa(&ws)).unwrap();
        snapshot::revert(&mut ws, &p.before, "", "", now()).unwrap();
        prop_assert_eq!(serde_json::to_string(qa(&ws)).unwrap(), serde_json::to_string(&t).unwrap());
        snapshot::revert(&mut ws, &p.after, "", "", now()).unwrap();
        prop_assert_eq!(serde_json::to_string(qa(&ws)).unwrap(), after_text);
        // The stored workspace reads back with the same bytes too.
        let back = Workspace::from_json(&ws.to_json().unwrap()).unwrap();
        prop_assert_eq!(serde_json::to_string(qa(&back)).unwrap(), serde_json::to_string(qa(&ws)).unwrap());
        prop_assert_eq!(ws.snapshots.len(), 6);
        prop_assert_eq!(ws.audit.len(), 3);
    }

    /// The exported patch, applied by the json-patch crate and by ours,
    /// gives the promotion's preview; and imported back it is the same
    /// change to the target.
    #[test]
    fn rfc6902_export_agrees_with_json_patch(
        (t, s) in pair(),
        mask in prop::collection::vec(any::<bool>(), 1..12),
    ) {
        let ws = ws_of(&t, &s);
        let set = set_of(&ws);
        let chosen = choose(&set, &mask);
        prop_assume!(!chosen.is_empty());
        let sel = Selection::new().paths(chosen);
        let preview = promote::preview(&ws, &set, &sel).unwrap();
        let ops = patch::export(&ws, &set, &sel).unwrap();
        let text = patch::to_json(&ops);

        let theirs: json_patch::Patch = serde_json::from_str(&text).unwrap();
        let mut by_them = t.clone();
        json_patch::patch(&mut by_them, &theirs).unwrap();
        prop_assert_eq!(&by_them, &preview);

        let mut by_us = t.clone();
        patch::apply(&mut by_us, &patch::parse(&text).unwrap()).unwrap();
        prop_assert_eq!(&by_us, &preview);

        let imported = patch::import(&ws, &EnvId::from("qa"), &text).unwrap();
        let all = Selection::new().paths(imported.changes.iter().map(|c| c.path.clone()));
        if !imported.is_empty() {
            prop_assert_eq!(promote::preview(&ws, &imported, &all).unwrap(), preview);
        }
    }

    /// Our RFC 6902 apply and the json-patch crate's agree on any op list,
    /// valid or not (key order aside: the crate's remove reorders keys).
    #[test]
    fn patch_apply_agrees_with_json_patch(d in doc(), raw in prop::collection::vec(op(), 0..6)) {
        let text = serde_json::to_string(&raw).unwrap();
        let ours = patch::parse(&text).unwrap();
        let theirs: json_patch::Patch = serde_json::from_str(&text).unwrap();
        let (mut a, mut b) = (d.clone(), d.clone());
        let ra = patch::apply(&mut a, &ours);
        // `patch_unsafe`: json-patch 5's `patch` can panic while undoing a
        // failed patch (one reason our import does not call it).
        let rb = json_patch::patch_unsafe(&mut b, &theirs);
        prop_assert_eq!(ra.is_ok(), rb.is_ok(), "ours {:?} theirs {:?}", ra, rb);
        if let (Err(patch::PatchError::Op { index, .. }), Err(e)) = (&ra, &rb) {
            prop_assert_eq!(*index, e.operation);
            // Ours is all or nothing.
            prop_assert_eq!(&a, &d);
        } else {
            prop_assert_eq!(a, b);
        }
    }

    /// A conflict is detected whenever both sides changed a path since the
    /// base, and only a resolution lets the promotion through.
    #[test]
    fn conflicts_detected_and_never_overwritten(
        base in doc(), dev in doc(), qa_new in doc(),
        dev_keep in prop::collection::vec(any::<bool>(), 6),
        qa_keep in prop::collection::vec(any::<bool>(), 6),
    ) {
        let mut ws = ws_of(&base, &base);
        // Agree on `base` through a real promotion, then edit both sides.
        edit(&mut ws, "dev", &mix(&base, &Value::from(1), "/__sync", &[]));
        let s0 = set_of(&ws);
        promote::promote(&mut ws, &s0, &Selection::all(), "", "", now()).unwrap();
        let agreed = qa(&ws).clone();
        let s = mix(&agreed, &dev, "", &dev_keep);
        let t = mix(&agreed, &qa_new, "", &qa_keep);
        edit(&mut ws, "dev", &s);
        edit(&mut ws, "qa", &t);
        let set = set_of(&ws);

        for c in set.changes.iter().chain(&set.kept) {
            if region(&t, &c.path) != c.path {
                continue;
            }
            let (b, sv, tv) = (pointer::get(&agreed, &c.path), pointer::get(&s, &c.path), pointer::get(&t, &c.path));
            let both = b != sv && b != tv;
            prop_assert_eq!(c.conflict.is_some(), both, "{}", c.path);
            if b != tv && b == sv {
                prop_assert!(set.kept.iter().any(|k| k.path == c.path), "target-only {} proposed", c.path);
            }
        }
        let conflicts: Vec<String> = set.conflicts().filter(|c| !c.pinned).map(|c| c.path.clone()).collect();
        let before = ws.to_json().unwrap();
        if !conflicts.is_empty() {
            let r = promote::promote(&mut ws, &set, &Selection::all(), "", "", now());
            let refused = matches!(r, Err(PromoteError::UnresolvedConflict(_)));
            prop_assert!(refused);
            prop_assert_eq!(ws.to_json().unwrap(), before);
        }
        let mut sel = Selection::all();
        for p in &conflicts {
            sel = sel.resolve(p.clone(), Resolution::KeepTarget);
        }
        if let Ok(after) = promote::preview(&ws, &set, &sel) {
            for c in set.conflicts().chain(&set.kept) {
                if region(&t, &c.path) == c.path {
                    prop_assert_eq!(pointer::get(&after, &c.path), pointer::get(&t, &c.path));
                }
            }
        }
    }

    /// The fuzz target's body on random text and on near-valid patches:
    /// a change set or a typed error, never a panic.
    #[test]
    fn patch_import_never_panics(
        text in "\\PC{0,80}",
        raw in prop::collection::vec(op(), 0..5),
        cut in 0usize..200,
    ) {
        let ws = preflight_core::demo::workspace();
        let qa = EnvId::from("qa");
        let _ = patch::import(&ws, &qa, &text);
        let full = serde_json::to_string(&raw).unwrap();
        for t in [full.as_str(), full.get(..cut.min(full.len())).unwrap_or("")] {
            if let Ok(set) = patch::import(&ws, &qa, t) {
                prop_assert!(set.verify(&ws.settings.compiled_patterns()));
            }
        }
    }

    /// The hash survives a serialize/deserialize round trip.
    #[test]
    fn hash_stable_across_serde((t, s) in pair()) {
        let ws = ws_of(&t, &s);
        let set = set_of(&ws);
        let back: ChangeSet = serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
        prop_assert!(back.verify(&ws.settings.compiled_patterns()));
        prop_assert_eq!(back.hash, set.hash);
    }
}

fn edit(ws: &mut Workspace, env: &str, config: &Value) {
    ws.env_mut(&EnvId::from(env))
        .unwrap()
        .set_config(config.clone());
}

/// `base` with some top-level keys taken from `other` (or `at` set to `other`).
fn mix(base: &Value, other: &Value, at: &str, keep: &[bool]) -> Value {
    let mut out = base.clone();
    if !at.is_empty() {
        pointer::set(&mut out, at, other.clone()).unwrap();
        return out;
    }
    if let (Value::Object(o), Value::Object(m)) = (&mut out, other) {
        for (i, (k, v)) in m.iter().enumerate() {
            if keep[i % keep.len()] {
                o.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// A random RFC 6902 op as JSON, with paths likely to hit something.
fn op() -> impl Strategy<Value = Value> {
    let path = prop::collection::vec(
        prop::sample::select(vec!["a", "b", "c", "id", "0", "1", "-", "01", "x~1y"]),
        0..4,
    )
    .prop_map(|t| t.iter().map(|s| format!("/{s}")).collect::<String>());
    (
        prop::sample::select(vec!["add", "remove", "replace", "move", "copy", "test"]),
        path.clone(),
        path,
        scalar(),
    )
        .prop_map(|(op, p, from, v)| {
            let mut o = Map::new();
            o.insert("op".into(), Value::from(op));
            o.insert("path".into(), Value::from(p));
            if matches!(op, "move" | "copy") {
                o.insert("from".into(), Value::from(from));
            }
            if matches!(op, "add" | "replace" | "test") {
                o.insert("value".into(), v);
            }
            Value::Object(o)
        })
}

#[test]
fn export_ops_are_standard_json() {
    let ops = vec![PatchOp::Test {
        path: "/a".into(),
        value: Value::from(1),
    }];
    assert_eq!(
        patch::to_json(&ops).replace([' ', '\n'], ""),
        r#"[{"op":"test","path":"/a","value":1}]"#
    );
}
