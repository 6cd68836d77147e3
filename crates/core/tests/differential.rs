//! Differential properties (issue 12): our diff, apply, promotion and
//! RFC 6902 export against the independent `json-patch` crate, over random
//! JSON built to hit the hard cases: keyed arrays with reorders, moves that
//! keep their index and inserts; partial selections of added, removed and
//! moved members; keys with `/`, `~`, unicode or nothing at all; large and
//! small numbers; null next to absent.
#![allow(clippy::unwrap_used)]

use preflight_core::changeset::ChangeSet;
use preflight_core::diff::{apply, diff, DiffOptions};
use preflight_core::environment::Environment;
use preflight_core::jiff::Timestamp;
use preflight_core::patch;
use preflight_core::promote::{Promotion, Selection};
use preflight_core::{pointer, EnvId, Workspace};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "b", "c", "", "/", "~", "a/b", "~1", "~0/", "é", "日本", "x y", "id", "null",
    ])
    .prop_map(String::from)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..4).prop_map(Value::from),
        prop::sample::select(vec![
            json!(i64::MIN),
            json!(u64::MAX),
            json!(1e300),
            json!(5e-324),
            json!(-0.0),
            json!(0.0),
            json!(1.5),
            json!(9007199254740993u64),
        ]),
        prop::sample::select(vec!["x", "y", "", "~/", "ü"]).prop_map(Value::from),
    ]
}

fn object(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop::collection::vec((key(), inner), 0..5)
        .prop_map(|kv| Value::Object(kv.into_iter().collect()))
        .boxed()
}

fn value() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                object(inner),
            ]
        })
        .boxed()
}

fn element(id: u8, v: &Value) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(format!("e{id}")));
    o.insert("v".into(), v.clone());
    Value::Object(o)
}

/// A keyed array and a second version of it: some members removed, the
/// rest shuffled (so some move while keeping their index), some changed,
/// some new ones inserted anywhere.
fn keyed_pair() -> impl Strategy<Value = (Value, Value)> {
    (
        prop::collection::vec(scalar(), 0..7),
        prop::collection::vec(any::<u8>(), 0..7),
        prop::collection::vec(scalar(), 0..3),
        any::<u64>(),
    )
        .prop_map(|(vals, changes, added, seed)| {
            let a: Vec<Value> = vals
                .iter()
                .enumerate()
                .map(|(i, v)| element(i as u8, v))
                .collect();
            let mut rng = seed;
            let mut next = move || {
                rng = rng
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                rng >> 33
            };
            let mut b: Vec<Value> = a
                .iter()
                .enumerate()
                .filter(|_| next() % 5 != 0)
                .map(|(i, e)| match changes.get(i) {
                    Some(c) if c % 3 == 0 => element(i as u8, &json!(c)),
                    _ => e.clone(),
                })
                .collect();
            for i in (1..b.len()).rev() {
                if next() % 2 == 0 {
                    let j = (next() as usize) % (i + 1);
                    b.swap(i, j);
                }
            }
            for (k, v) in added.iter().enumerate() {
                let at = (next() as usize) % (b.len() + 1);
                b.insert(at, element(100 + k as u8, v));
            }
            (Value::Array(a), Value::Array(b))
        })
}

/// Two documents that share parts, with a keyed array under `list`.
fn pair() -> impl Strategy<Value = (Value, Value)> {
    (
        object(value()),
        object(value()),
        keyed_pair(),
        prop::collection::vec(any::<bool>(), 8),
    )
        .prop_map(|(a, other, (ka, kb), keep)| {
            let mut a = a;
            let mut b = a.clone();
            if let (Value::Object(bm), Value::Object(om)) = (&mut b, &other) {
                for (i, (k, v)) in om.iter().enumerate() {
                    if keep[i % keep.len()] {
                        bm.insert(k.clone(), v.clone());
                    } else {
                        bm.shift_remove(k);
                    }
                }
            }
            a.as_object_mut().unwrap().insert("list".into(), ka);
            b.as_object_mut().unwrap().insert("list".into(), kb);
            (a, b)
        })
}

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

/// The part of `doc` a change at `path` may touch: the outermost array on
/// the way (its indices shift), else the path itself.
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

/// Whether every object both sides have at one place lists the keys they
/// share in the same order.
fn shared_order_kept(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let xs: Vec<&String> = x.keys().filter(|k| y.contains_key(*k)).collect();
            let ys: Vec<&String> = y.keys().filter(|k| x.contains_key(*k)).collect();
            xs == ys
                && x.iter()
                    .all(|(k, v)| y.get(k).is_none_or(|w| shared_order_kept(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => x.iter().zip(y).all(|(v, w)| shared_order_kept(v, w)),
        _ => true,
    }
}

fn related(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x.starts_with(y) && x.as_bytes().get(y.len()) == Some(&b'/');
    a == b || inside(a, b) || inside(b, a)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every change applied gives b, byte for byte (key order included)
    /// whenever the keys both sides share are in the same order; a mere
    /// reordering of existing keys is not a change (see the diff docs), so
    /// then the result equals b as a value and keeps a's order. The
    /// json-patch crate agrees with our export of the full promotion.
    #[test]
    fn apply_of_the_whole_diff_is_b_exactly((a, b) in pair()) {
        let changes = diff(&a, &b, &DiffOptions::default());
        let mut t = a.clone();
        apply(&mut t, &changes).unwrap();
        if shared_order_kept(&a, &b) {
            prop_assert_eq!(text(&t), text(&b));
        } else {
            prop_assert_eq!(&t, &b);
            prop_assert!(shared_order_kept(&a, &t), "a's key order was kept");
        }
        let ops = patch::diff_patch(&a, &b);
        let p: json_patch::Patch = serde_json::from_str(&patch::to_json(&ops)).unwrap();
        let mut theirs = a.clone();
        json_patch::patch(&mut theirs, &p).unwrap();
        prop_assert_eq!(theirs, b);
    }

    /// Any selection: preview and execute agree byte for byte, the exported
    /// patch applied by the json-patch crate gives the same document, and
    /// what was not selected is untouched.
    #[test]
    fn selections_agree_everywhere((a, b) in pair(), mask in prop::collection::vec(any::<bool>(), 1..16)) {
        let mut ws = ws_of(&a, &b);
        let set = ChangeSet::between(&ws, &EnvId::from("dev"), &EnvId::from("qa")).unwrap();
        let chosen: Vec<String> = set
            .changes
            .iter()
            .enumerate()
            .filter(|(i, _)| mask[i % mask.len()])
            .map(|(_, c)| c.path.clone())
            .collect();
        if chosen.is_empty() {
            return Ok(());
        }
        let sel = Selection::new().paths(chosen.clone());
        let promotion = Promotion::new(&set, &sel);
        let preview = promotion.preview(&ws).unwrap();
        let ops = patch::export(&ws, &set, &sel).unwrap();
        let p: json_patch::Patch = serde_json::from_str(&patch::to_json(&ops)).unwrap();
        let mut theirs = a.clone();
        json_patch::patch(&mut theirs, &p).unwrap();
        prop_assert_eq!(&theirs, &preview);
        let now: Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
        promotion.execute(&mut ws, now).unwrap();
        let executed = ws.env(&EnvId::from("qa")).unwrap().config.clone();
        prop_assert_eq!(text(&executed), text(&preview));
        // Preview is deterministic, key order included.
        let again = Promotion::new(&set, &sel).preview(&ws_of(&a, &b)).unwrap();
        prop_assert_eq!(text(&again), text(&preview));
        let regions: Vec<String> = chosen.iter().map(|p| region(&a, p)).collect();
        for (q, v) in pointer::leaves(&a) {
            if !regions.iter().any(|r| related(&q, r)) {
                prop_assert_eq!(pointer::get(&preview, &q), Some(v), "untouched {} changed", q);
            }
        }
        // Everything chosen gives b; a mere reordering of keys both sides
        // have is not a change (the diff's rule), so then a's order stays.
        if chosen.len() == set.changes.len() {
            if shared_order_kept(&a, &b) {
                prop_assert_eq!(text(&preview), text(&b));
            } else {
                prop_assert_eq!(&preview, &b);
                prop_assert!(shared_order_kept(&a, &preview), "a's key order was kept");
            }
        }
    }
}

/// Found by `selections_agree_everywhere`: an object whose keys the source
/// lists in another order, next to a real change. Promoting everything
/// writes the change and keeps the target's key order (a reorder alone is
/// not a change), in preview and execution alike.
#[test]
fn promoting_everything_keeps_the_targets_order_of_reordered_keys() {
    let a = json!({"~": {"a": null, "b": null}, "list": [{"id": "e0", "v": null}]});
    let b = json!({"~": {"b": null, "a": null}, "list": [{"id": "e0", "v": 183}]});
    let mut ws = ws_of(&a, &b);
    let set = ChangeSet::between(&ws, &EnvId::from("dev"), &EnvId::from("qa")).unwrap();
    let paths: Vec<&str> = set.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["/list/0/v"]);
    let sel = Selection::new().paths(paths.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    let promotion = Promotion::new(&set, &sel);
    let preview = promotion.preview(&ws).unwrap();
    let now: Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
    promotion.execute(&mut ws, now).unwrap();
    let executed = ws.env(&EnvId::from("qa")).unwrap().config.clone();
    assert_eq!(text(&executed), text(&preview));
    assert_eq!(
        text(&preview),
        text(&json!({"~": {"a": null, "b": null}, "list": [{"id": "e0", "v": 183}]}))
    );
}
