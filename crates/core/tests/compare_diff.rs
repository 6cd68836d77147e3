//! Properties and cases of `diff::diff` and `diff::apply`.
#![allow(clippy::unwrap_used)]

use preflight_core::diff::{apply, diff, Change, ChangeKind, DiffOptions, Slot};
use preflight_core::pointer;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn kinds(changes: &[Change]) -> Vec<(String, ChangeKind)> {
    changes.iter().map(|c| (c.path.clone(), c.kind)).collect()
}

fn roundtrip(a: &Value, b: &Value, opts: &DiffOptions) -> Vec<Change> {
    let changes = diff(a, b, opts);
    let mut t = a.clone();
    apply(&mut t, &changes).unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        serde_json::to_string(b).unwrap(),
        "apply(a, diff(a, b)) != b for {changes:#?}"
    );
    changes
}

#[test]
fn objects_in_document_order() {
    let a = json!({"a": 1, "b": {"x": true}, "c": "gone", "d": [1]});
    let b = json!({"n0": 0, "a": 2, "b": {"x": "t"}, "n1": 1, "d": [1]});
    let changes = roundtrip(&a, &b, &DiffOptions::default());
    assert_eq!(
        kinds(&changes),
        vec![
            ("/n0".into(), ChangeKind::Added),
            ("/a".into(), ChangeKind::Modified),
            ("/b/x".into(), ChangeKind::TypeChanged),
            ("/c".into(), ChangeKind::Removed),
            ("/n1".into(), ChangeKind::Added),
        ]
    );
    assert_eq!(changes[2].group, "/b");
    assert_eq!(changes[0].group, "");
    assert_eq!(changes[0].slot, Some(Slot::AfterKey(None)));
}

#[test]
fn root_type_change() {
    let changes = roundtrip(&json!([1]), &json!({"a": 1}), &DiffOptions::default());
    assert_eq!(
        kinds(&changes),
        vec![(String::new(), ChangeKind::TypeChanged)]
    );
    roundtrip(&json!(1), &json!(2), &DiffOptions::default());
    assert!(diff(&json!(null), &json!(null), &DiffOptions::default()).is_empty());
}

#[test]
fn reordered_keyed_array_is_moves_not_modifications() {
    let a = json!({"flows": [{"id": 1, "v": "a"}, {"id": 2, "v": "b"}, {"id": 3, "v": "c"}, {"id": 4, "v": "d"}]});
    let b = json!({"flows": [{"id": 4, "v": "d"}, {"id": 1, "v": "a"}, {"id": 2, "v": "B"}, {"id": 3, "v": "c"}]});
    let changes = roundtrip(&a, &b, &DiffOptions::default());
    assert_eq!(
        kinds(&changes),
        vec![
            ("/flows/1/v".into(), ChangeKind::Modified),
            ("/flows/3".into(), ChangeKind::Moved),
        ]
    );
    assert_eq!(changes[0].to.as_deref(), Some("/flows/2/v"));
    assert_eq!(changes[1].to.as_deref(), Some("/flows/0"));
    assert_eq!(changes[0].group, "/flows/1");
    let unordered = roundtrip(
        &a,
        &json!({"flows": [a["flows"][3], a["flows"][0], a["flows"][1], a["flows"][2]]}),
        &DiffOptions::default(),
    );
    assert_eq!(unordered.len(), 1);
    let ignoring = diff(&a, &b, &DiffOptions::new().ignore_order(true));
    assert_eq!(
        kinds(&ignoring),
        vec![("/flows/1/v".into(), ChangeKind::Modified)]
    );
}

#[test]
fn keyed_add_remove() {
    let a = json!([{"name": "A"}, {"name": "B"}, {"name": "C"}]);
    let b = json!([{"name": "B"}, {"name": "X"}, {"name": "C", "v": 1}, {"name": "Y"}]);
    let changes = roundtrip(&a, &b, &DiffOptions::default());
    assert_eq!(
        kinds(&changes),
        vec![
            ("/0".into(), ChangeKind::Removed),
            ("/1".into(), ChangeKind::Added),
            ("/2/v".into(), ChangeKind::Added),
            ("/3".into(), ChangeKind::Added),
        ]
    );
    // Only the X insertion: it lands after B wherever B now is.
    let mut t = a.clone();
    apply(&mut t, &changes[1..2]).unwrap();
    assert_eq!(
        t,
        json!([{"name": "A"}, {"name": "B"}, {"name": "X"}, {"name": "C"}])
    );
}

#[test]
fn identity_key_per_path() {
    let a = json!({"ports": [{"port": 80, "name": "x"}, {"port": 81, "name": "x"}]});
    let b = json!({"ports": [{"port": 81, "name": "x"}, {"port": 80, "name": "y"}]});
    let opts = DiffOptions::new().identity_key_at("/ports", "port");
    let changes = roundtrip(&a, &b, &opts);
    assert_eq!(
        kinds(&changes),
        vec![
            ("/ports/0".into(), ChangeKind::Moved),
            ("/ports/0/name".into(), ChangeKind::Modified)
        ]
    );
    // Without it, `name` is not unique: positional.
    let pos = roundtrip(&a, &b, &DiffOptions::default());
    assert!(pos.iter().all(|c| c.kind != ChangeKind::Moved));
}

#[test]
fn scalar_arrays_by_lcs() {
    let a = json!({"xs": ["a", "b", "c", "d", "e"]});
    let b = json!({"xs": ["a", "c", "D", "e", "f", "g"]});
    let changes = roundtrip(&a, &b, &DiffOptions::default());
    assert_eq!(
        kinds(&changes),
        vec![
            ("/xs/1".into(), ChangeKind::Removed),
            ("/xs/3".into(), ChangeKind::Modified),
            ("/xs/4".into(), ChangeKind::Added),
            ("/xs/5".into(), ChangeKind::Added),
        ]
    );
    // Any subset applies: just the appended "g".
    let mut t = a.clone();
    apply(&mut t, &changes[3..]).unwrap();
    assert_eq!(t, json!({"xs": ["a", "b", "c", "d", "e", "g"]}));
    // Just the removal and the modification.
    let mut t = a.clone();
    apply(&mut t, &changes[..2]).unwrap();
    assert_eq!(t, json!({"xs": ["a", "c", "D", "e"]}));
}

#[test]
fn keyed_changes_apply_to_a_shifted_target() {
    let base = json!({"flows": [{"id": "a", "on": 1}, {"id": "b", "on": 1}]});
    let source = json!({"flows": [{"id": "a", "on": 1}, {"id": "b", "on": 2}]});
    let changes = diff(&base, &source, &DiffOptions::default());
    // The target gained an element in front since the base.
    let mut target = json!({"flows": [{"id": "z"}, {"id": "a", "on": 1}, {"id": "b", "on": 1}]});
    apply(&mut target, &changes).unwrap();
    assert_eq!(target["flows"][2], json!({"id": "b", "on": 2}));
    assert_eq!(target["flows"][0], json!({"id": "z"}));
}

#[test]
fn apply_errors_are_typed_and_atomic() {
    let a = json!({"a": {"b": 1}, "c": 1});
    let b = json!({"a": {"b": 2}, "c": 2});
    let changes = diff(&a, &b, &DiffOptions::default());
    let mut t = json!({"c": 1});
    let err = apply(&mut t, &changes).unwrap_err();
    assert!(err.to_string().contains("/a"), "{err}");
    assert_eq!(t, json!({"c": 1}), "nothing applied on error");
    let mut bad = changes[0].clone();
    bad.path = "no-slash".into();
    assert!(apply(&mut t, &[bad]).is_err());
    let mut root = changes[0].clone();
    root.path = String::new();
    root.kind = ChangeKind::Removed;
    assert!(apply(&mut t, &[root]).is_err());
}

#[test]
fn changes_survive_serde() {
    let a = json!({"l": [{"id": 1}, {"id": 2}], "s": [1, 2, 3], "o": {"k": 1}});
    let b = json!({"l": [{"id": 2}, {"id": 1, "x": 0}], "s": [3, 1], "o": {"j": 1, "k": 1}});
    let changes = diff(&a, &b, &DiffOptions::default());
    let text = serde_json::to_string(&changes).unwrap();
    let back: Vec<Change> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, changes);
    let mut t = a.clone();
    apply(&mut t, &back).unwrap();
    assert_eq!(t, b);
}

// ---------------------------------------------------------------------------
// Properties

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..4).prop_map(Value::from),
        prop::sample::select(vec!["x", "y", "z", "", "a/b", "t~"]).prop_map(Value::from),
        (-2.5f64..2.5).prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d", "id", "e/f", "~g"]).prop_map(String::from)
}

fn keyed_array(inner: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    (
        prop::sample::subsequence(vec!["p", "q", "r", "s", "t", "u"], 0..6).prop_shuffle(),
        prop::collection::vec(prop::collection::vec((key(), inner), 0..3), 6),
    )
        .prop_map(|(ids, fields)| {
            Value::Array(
                ids.iter()
                    .zip(fields)
                    .map(|(id, mut fs)| {
                        fs.sort_by(|x, y| x.0.cmp(&y.0));
                        let mut m = Map::new();
                        m.insert("id".into(), Value::from(*id));
                        for (k, v) in fs {
                            if k != "id" {
                                m.insert(k, v);
                            }
                        }
                        Value::Object(m)
                    })
                    .collect(),
            )
        })
}

/// Keys in one canonical order, so that common keys of two generated
/// objects always agree in order and byte equality tests added keys' places.
fn sorted_object(mut kv: Vec<(String, Value)>) -> Value {
    kv.sort_by(|x, y| x.0.cmp(&y.0));
    Value::Object(kv.into_iter().collect())
}

fn json_value() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                keyed_array(inner.clone()),
                prop::collection::vec((key(), inner), 0..6).prop_map(sorted_object),
            ]
        })
        .boxed()
}

fn doc() -> BoxedStrategy<Value> {
    prop::collection::vec((key(), json_value()), 0..6)
        .prop_map(sorted_object)
        .boxed()
}

/// Two documents that share a lot: b is a mixed with parts of c.
fn pair() -> impl Strategy<Value = (Value, Value)> {
    prop_oneof![
        (doc(), doc()),
        (doc(), doc(), any::<u64>()).prop_map(|(a, c, seed)| {
            let b = blend(&a, &c, seed);
            (a, b)
        }),
    ]
}

/// Replaces some subtrees of `a` with those of `c` at the same key.
fn blend(a: &Value, c: &Value, seed: u64) -> Value {
    let mut s = seed;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) % 4
    };
    fn walk(a: &Value, c: &Value, next: &mut dyn FnMut() -> u64) -> Value {
        match (a, c) {
            (Value::Object(x), Value::Object(y)) => {
                let mut out = Map::new();
                for (k, v) in x {
                    match (y.get(k), next()) {
                        (_, 0) => {}
                        (Some(w), 1) => {
                            out.insert(k.clone(), walk(v, w, next));
                        }
                        (Some(w), 2) => {
                            out.insert(k.clone(), w.clone());
                        }
                        _ => {
                            out.insert(k.clone(), v.clone());
                        }
                    }
                }
                for (k, w) in y {
                    if !out.contains_key(k) && next() == 0 {
                        out.insert(k.clone(), w.clone());
                    }
                }
                Value::Object(out)
            }
            (Value::Array(x), Value::Array(y)) => {
                let mut out: Vec<Value> = Vec::new();
                for (i, v) in x.iter().enumerate() {
                    match next() {
                        0 => {}
                        1 => out.push(y.get(i).map_or_else(|| v.clone(), |w| walk(v, w, next))),
                        _ => out.push(v.clone()),
                    }
                }
                if next() == 0 {
                    out.reverse();
                }
                Value::Array(out)
            }
            _ if next() == 0 => c.clone(),
            _ => a.clone(),
        }
    }
    walk(a, c, &mut next)
}

/// Common keys of matching objects come in the same relative order.
fn same_key_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let xs: Vec<&String> = x.keys().filter(|k| y.contains_key(*k)).collect();
            let ys: Vec<&String> = y.keys().filter(|k| x.contains_key(*k)).collect();
            xs == ys
                && xs
                    .iter()
                    .all(|k| same_key_order(&x[k.as_str()], &y[k.as_str()]))
        }
        // Conservative: whichever element diff pairs it with (same index,
        // or same id) must agree.
        (Value::Array(x), Value::Array(y)) => x.iter().enumerate().all(|(i, v)| {
            let by_id = v
                .get("id")
                .and_then(|id| y.iter().find(|w| w.get("id") == Some(id)));
            by_id.is_none_or(|w| same_key_order(v, w))
                && y.get(i).is_none_or(|w| same_key_order(v, w))
        }),
        _ => true,
    }
}

fn token_prefix(p: &str, q: &str) -> bool {
    p == q || (q.starts_with(p) && q.as_bytes().get(p.len()) == Some(&b'/'))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn diff_of_a_value_with_itself_is_empty(a in doc()) {
        prop_assert!(diff(&a, &a, &DiffOptions::default()).is_empty());
    }

    #[test]
    fn applying_every_change_gives_b((a, b) in pair()) {
        let changes = diff(&a, &b, &DiffOptions::default());
        let mut t = a.clone();
        apply(&mut t, &changes).unwrap();
        prop_assert_eq!(&t, &b);
        prop_assert!(diff(&t, &b, &DiffOptions::default()).is_empty());
        // A key order change alone is no change; otherwise added keys land
        // where b has them, so the bytes agree.
        if same_key_order(&a, &b) {
            prop_assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(&b).unwrap());
        }
    }

    #[test]
    fn ignoring_order_gives_b_up_to_order((a, b) in pair()) {
        let opts = DiffOptions::new().ignore_order(true);
        let changes = diff(&a, &b, &opts);
        prop_assert!(changes.iter().all(|c| c.kind != ChangeKind::Moved));
        let mut t = a.clone();
        apply(&mut t, &changes).unwrap();
        prop_assert!(diff(&t, &b, &opts).is_empty());
    }

    #[test]
    fn subsets_touch_nothing_else((a, b) in pair(), mask in any::<u64>()) {
        let changes = diff(&a, &b, &DiffOptions::default());
        let chosen: Vec<Change> = changes
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> (i % 64) & 1 == 1)
            .map(|(_, c)| c.clone())
            .collect();
        let mut t = a.clone();
        apply(&mut t, &chosen).unwrap();
        // Touched: each change's path, and the array whose elements it
        // adds, removes or moves (indices after it shift).
        let mut touched: Vec<String> = Vec::new();
        for c in &chosen {
            touched.push(c.path.clone());
            if matches!(c.kind, ChangeKind::Added | ChangeKind::Removed | ChangeKind::Moved)
                && !matches!(c.slot, Some(Slot::AfterKey(_)))
                && !(c.kind == ChangeKind::Removed && a.pointer(&c.group).is_some_and(Value::is_object))
            {
                touched.push(c.group.clone());
            }
        }
        let free = |p: &str| !touched.iter().any(|t| token_prefix(t, p) || token_prefix(p, t));
        for (p, v) in pointer::leaves(&a) {
            if free(&p) {
                prop_assert_eq!(t.pointer(&p), Some(v), "{} changed", p);
            }
        }
        for (p, v) in pointer::leaves(&t) {
            if free(&p) {
                prop_assert_eq!(a.pointer(&p), Some(v), "{} appeared", p);
            }
        }
        // Every chosen Modified value is in place, unless a chosen move,
        // insert or removal shifted an array on its way (its index in `a`
        // is then stale, by design).
        let shifted = |path: &str| {
            chosen.iter().any(|s| {
                s.kind != ChangeKind::Modified
                    && s.kind != ChangeKind::TypeChanged
                    && a.pointer(&s.group).is_some_and(Value::is_array)
                    && token_prefix(&s.group, path)
            })
        };
        for c in &chosen {
            if c.kind == ChangeKind::Modified && c.to.is_none() && !shifted(&c.path) {
                prop_assert_eq!(t.pointer(&c.path), c.new.as_ref());
            }
        }
    }

    #[test]
    fn object_subsets_apply_exactly(a in doc(), b in doc(), mask in any::<u64>()) {
        // Without arrays, a subset's diff is the subset itself.
        let strip = |v: &Value| -> Value {
            fn s(v: &Value) -> Value {
                match v {
                    Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
                    Value::Array(_) => Value::from("arr"),
                    other => other.clone(),
                }
            }
            s(v)
        };
        let (a, b) = (strip(&a), strip(&b));
        let changes = diff(&a, &b, &DiffOptions::default());
        let chosen: Vec<Change> = changes
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> (i % 64) & 1 == 1)
            .map(|(_, c)| c.clone())
            .collect();
        let mut t = a.clone();
        apply(&mut t, &chosen).unwrap();
        let again = diff(&a, &t, &DiffOptions::default());
        let view = |cs: &[Change]| -> Vec<(String, ChangeKind, Option<Value>, Option<Value>)> {
            cs.iter().map(|c| (c.path.clone(), c.kind, c.old.clone(), c.new.clone())).collect()
        };
        let mut x = view(&again);
        let mut y = view(&chosen);
        x.sort_by(|p, q| p.0.cmp(&q.0));
        y.sort_by(|p, q| p.0.cmp(&q.0));
        prop_assert_eq!(x, y);
    }
}

#[test]
fn options_choose_identity_and_flags() {
    let a = json!({"xs": [{"key": "a", "v": 1}, {"key": "b", "v": 2}]});
    let b = json!({"xs": [{"key": "b", "v": 2}, {"key": "a", "v": 1}]});
    // Default candidates include `key`: a reorder is one move.
    assert_eq!(diff(&a, &b, &DiffOptions::default()).len(), 1);
    // Only `id` as a candidate: compared by position instead.
    let positional = roundtrip(&a, &b, &DiffOptions::new().identity_keys(["id"]));
    assert!(positional
        .iter()
        .all(|c| c.kind != ChangeKind::Moved && c.steps.is_empty()));
    let forced = roundtrip(&a, &b, &DiffOptions::new().positional_at("/xs"));
    assert_eq!(forced, positional);
    // `*` in a per-path key matches any one token.
    let nested_a = json!({"svc": [{"ports": [{"port": 1, "p": "tcp"}, {"port": 2, "p": "tcp"}]}]});
    let nested_b = json!({"svc": [{"ports": [{"port": 2, "p": "tcp"}, {"port": 1, "p": "tcp"}]}]});
    let opts = DiffOptions::new().identity_key_at("/svc/*/ports", "port");
    let changes = roundtrip(&nested_a, &nested_b, &opts);
    assert_eq!(
        kinds(&changes),
        vec![("/svc/0/ports/0".into(), ChangeKind::Moved)]
    );
    assert_eq!(changes[0].steps.len(), 1);
    assert_eq!(changes[0].steps[0].key, "port");

    let patterns = preflight_core::patterns::PatternSet::default()
        .compile()
        .unwrap()
        .with_key(Some(preflight_core::patterns::MaskKey::from_bytes([7; 32])));
    let a = json!({"database": {"host": "x"}, "api": {"apiKey": "k1", "timeout": 1}});
    let b = json!({"database": {"host": "y"}, "api": {"apiKey": "k2", "timeout": 2}});
    let changes = diff(&a, &b, &DiffOptions::new().patterns(patterns.clone()));
    let flags: Vec<(bool, bool)> = changes.iter().map(|c| (c.pinned, c.secret)).collect();
    // A secret is environment-specific too, so it is also pinned.
    assert_eq!(flags, vec![(true, false), (true, true), (false, false)]);
    let masked = changes[1].masked(&patterns);
    assert!(masked
        .old
        .unwrap()
        .as_str()
        .unwrap()
        .starts_with("••••••• ~"));
    assert_eq!(changes[2].masked(&patterns), changes[2]);
}

#[test]
fn secrets_nested_in_an_added_value_are_masked() {
    let patterns = preflight_core::patterns::PatternSet::default()
        .lenient()
        .with_key(Some(preflight_core::patterns::MaskKey::from_bytes([7; 32])));
    let a = json!({"connections": {}});
    let b = json!({"connections": {"crm": {"baseUrl": "u", "apiKey": "k-123", "auth": {"password": "p"}}}});
    let changes = diff(&a, &b, &DiffOptions::new().patterns(patterns.clone()));
    assert_eq!(changes.len(), 1);
    assert!(!changes[0].secret);
    let masked = changes[0].masked(&patterns);
    let text = serde_json::to_string(&masked.new).unwrap();
    assert!(!text.contains("k-123") && !text.contains("\"p\""), "{text}");
    assert_eq!(masked.new.as_ref().unwrap()["baseUrl"], json!("u"));
    assert!(masked.new.as_ref().unwrap()["apiKey"]
        .as_str()
        .unwrap()
        .starts_with("••••••• ~"));
}

#[test]
fn a_damaged_pattern_list_keeps_the_valid_secret_patterns() {
    use preflight_core::patterns::PatternSet;
    let set = PatternSet {
        pinned: vec!["/db/[".into()],
        secret: vec!["**/pin".into(), "/bad/[".into()],
    };
    assert!(set.compile().is_err());
    let lenient = set.lenient();
    // The user's own secret pattern still masks; defaults are not swapped in.
    assert!(lenient.is_secret("/atm/pin"));
    assert!(!lenient.is_secret("/x/password"));
    assert!(lenient
        .mask_value(&json!({"pin": 1234}), "/atm")
        .to_string()
        .contains("•••"));
}

#[test]
fn keyed_elements_found_by_identity_after_removal_elsewhere() {
    // Applying a nested change after the target lost an earlier element.
    let a = json!([{"id": "a"}, {"id": "b", "x": 1}, {"id": "c", "x": 1}]);
    let b = json!([{"id": "a"}, {"id": "b", "x": 1}, {"id": "c", "x": 2}]);
    let changes = diff(&a, &b, &DiffOptions::default());
    let mut target = json!([{"id": "b", "x": 1}, {"id": "c", "x": 1}]);
    apply(&mut target, &changes).unwrap();
    assert_eq!(target, json!([{"id": "b", "x": 1}, {"id": "c", "x": 2}]));
    // A change to an element the target no longer has is a typed error.
    let mut gone = json!([{"id": "a"}]);
    let err = apply(&mut gone, &changes).unwrap_err();
    assert!(
        matches!(err, preflight_core::diff::ApplyError::Stale { .. }),
        "{err:?}"
    );
}

#[test]
fn large_arrays_are_not_quadratic() {
    // 20k scalars with a shifted block and 20k keyed elements reversed in
    // part: both must finish quickly even in a debug build.
    let xs: Vec<Value> = (0..20_000).map(Value::from).collect();
    let mut ys = xs.clone();
    ys.drain(100..200);
    ys.extend((0..100).map(|i| Value::from(-i)));
    let start = std::time::Instant::now();
    roundtrip(
        &Value::Array(xs),
        &Value::Array(ys),
        &DiffOptions::default(),
    );
    let ka: Vec<Value> = (0..20_000).map(|i| json!({"id": i})).collect();
    let mut kb = ka.clone();
    kb[5_000..6_000].reverse();
    let changes = roundtrip(
        &Value::Array(ka),
        &Value::Array(kb),
        &DiffOptions::default(),
    );
    assert_eq!(changes.len(), 999);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}
