//! The hash-skipping diff (issue 11) against the plain one: over random
//! documents and random edits of them, `diff_indexed` with both documents'
//! indexes gives exactly `diff`'s changes, fields and order included, under
//! default options, an identity key set at a path, positional and
//! order-blind arrays, and pinned/secret patterns.
#![allow(clippy::unwrap_used)]

use preflight_core::diff::{diff, diff_indexed, DiffOptions};
use preflight_core::objects::hash_tree;
use preflight_core::patterns::PatternSet;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "b", "c", "", "/", "~", "a/b", "~1", "~0/", "é", "日本", "x y", "id", "token",
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
            json!(1.0),
            json!(9007199254740993u64),
        ]),
        prop::sample::select(vec!["x", "y", "", "~/", "ü"]).prop_map(Value::from),
    ]
}

/// A few small containers, so that equal subtrees turn up at different
/// places (an element's value equal to another element's): a skip that
/// looked one side up at the other side's pointer would be caught.
fn pooled() -> impl Strategy<Value = Value> {
    // Four members or more: smaller containers are compared, not looked up.
    prop::sample::select(vec![
        json!({"x": 1, "y": 2, "z": 3, "w": 4}),
        json!({"x": 2, "y": 2, "z": 3, "w": 4}),
        json!({"x": {"y": [1, 2, 3, 4]}, "y": 2, "z": 3, "w": 4}),
        json!([1, 2, 3, 4]),
        json!([1, 2, 3, 4, 5]),
        json!({"x": 1}),
        json!([]),
    ])
}

/// A keyed array: objects with unique ids (strings or numbers) and a value.
fn keyed(inner: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop::collection::vec((any::<bool>(), inner), 0..6)
        .prop_map(|els| {
            let items = els
                .into_iter()
                .enumerate()
                .map(|(i, (num, v))| {
                    let id = if num {
                        json!(i)
                    } else {
                        json!(format!("e{i}"))
                    };
                    json!({"id": id, "v": v, "p": 0, "q": [1]})
                })
                .collect();
            Value::Array(items)
        })
        .boxed()
}

fn value() -> BoxedStrategy<Value> {
    prop_oneof![scalar(), pooled()]
        .prop_recursive(4, 48, 5, |inner| {
            prop_oneof![
                prop::collection::vec(pooled(), 0..5).prop_map(Value::Array),
                keyed(pooled().boxed()),
                prop::collection::vec(scalar(), 0..5).prop_map(Value::Array),
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key(), inner.clone()), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
                keyed(inner),
            ]
        })
        .boxed()
}

/// A small deterministic generator for the edits.
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
}

/// `v` with a few random edits; most subtrees are left as they are.
fn edit(v: &mut Value, rng: &mut Rng, fresh: &[Value]) {
    let pick = |rng: &mut Rng| fresh[rng.below(fresh.len())].clone();
    match v {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                match rng.below(10) {
                    0 => {
                        m.shift_remove(&k);
                    }
                    1 => {
                        m.insert(k, pick(rng));
                    }
                    2..=4 => edit(m.get_mut(&k).unwrap(), rng, fresh),
                    _ => {}
                }
            }
            if rng.below(5) == 0 {
                let k = ["a", "n", "", "a/b", "~1", "ß"][rng.below(6)];
                m.insert(k.to_owned(), pick(rng));
            }
        }
        Value::Array(items) => {
            let keyed = items.iter().all(|e| e.get("id").is_some());
            for e in items.iter_mut() {
                if rng.below(3) == 0 {
                    edit(e, rng, fresh);
                }
            }
            if !items.is_empty() && rng.below(4) == 0 {
                items.remove(rng.below(items.len()));
            }
            if rng.below(4) == 0 {
                let at = rng.below(items.len() + 1);
                let new = if keyed {
                    json!({"id": format!("new{}", rng.below(1000)), "v": pick(rng), "p": 0, "q": [1]})
                } else {
                    pick(rng)
                };
                items.insert(at, new);
            }
            if items.len() > 1 && rng.below(3) == 0 {
                let (i, j) = (rng.below(items.len()), rng.below(items.len()));
                items.swap(i, j);
            }
        }
        leaf => {
            if rng.below(2) == 0 {
                *leaf = pick(rng);
            }
        }
    }
}

fn pair() -> impl Strategy<Value = (Value, Value)> {
    (
        prop::collection::vec((key(), value()), 0..6),
        prop::collection::vec(prop_oneof![value(), pooled()], 1..6),
        any::<u64>(),
    )
        .prop_map(|(kv, fresh, seed)| {
            let a = Value::Object(kv.into_iter().collect());
            let mut b = a.clone();
            edit(&mut b, &mut Rng(seed), &fresh);
            (a, b)
        })
}

/// Arrays whose elements are compared at other indexes than their own:
/// keyed elements shuffled and partly changed, and positional arrays of
/// pooled containers (replaced runs pair `a[i]` with `b[j]`). The values
/// come from the pool, so `b[i]` is often equal to `a[i]` where `a[i]` is
/// compared with a different `b[j]`.
fn shuffled_pair() -> impl Strategy<Value = (Value, Value)> {
    (
        prop::collection::vec(pooled(), 0..8),
        prop::collection::vec(pooled(), 0..8),
        any::<u64>(),
    )
        .prop_map(|(va, vb, seed)| {
            let mut rng = Rng(seed);
            let element = |i: usize, v: &Value| json!({"id": i, "v": v, "p": 0, "q": [1]});
            let ka: Vec<Value> = va.iter().enumerate().map(|(i, v)| element(i, v)).collect();
            let mut kb: Vec<Value> = ka
                .iter()
                .enumerate()
                .map(|(i, e)| match vb.get(i) {
                    Some(v) if rng.below(2) == 0 => element(i, v),
                    _ => e.clone(),
                })
                .collect();
            for i in (1..kb.len()).rev() {
                kb.swap(i, rng.below(i + 1));
            }
            if !kb.is_empty() && rng.below(3) == 0 {
                kb.remove(rng.below(kb.len()));
            }
            let a = json!({"k": ka, "p": va, "n": {"k": ka.clone()}});
            let b = json!({"k": kb, "p": vb, "n": {"k": kb.clone()}});
            (a, b)
        })
}

fn options() -> Vec<DiffOptions> {
    let patterns = PatternSet {
        pinned: vec!["/a/**".into(), "**/id".into()],
        secret: vec!["**/*token*".into(), "/~1".into()],
    }
    .lenient();
    vec![
        DiffOptions::default(),
        DiffOptions::new()
            .identity_key_at("/a", "v")
            .identity_key_at("/*/*", "v")
            .positional_at("/b")
            .patterns(patterns),
        DiffOptions::new().ignore_order(true),
    ]
}

fn same_as_diff(a: &Value, b: &Value) -> Result<(), TestCaseError> {
    let (ha, hb) = (hash_tree(a), hash_tree(b));
    for opts in options() {
        let want = diff(a, b, &opts);
        prop_assert_eq!(&diff_indexed(a, &ha.index, b, &hb.index, &opts), &want);
        // Against itself every subtree is skipped, and nothing is found.
        prop_assert!(diff_indexed(a, &ha.index, a, &ha.index, &opts).is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn indexed_diff_is_the_diff((a, b) in pair()) {
        same_as_diff(&a, &b)?;
    }

    #[test]
    fn indexed_diff_is_the_diff_backwards((a, b) in pair()) {
        same_as_diff(&b, &a)?;
    }

    #[test]
    fn indexed_diff_is_the_diff_of_shuffled_arrays((a, b) in shuffled_pair()) {
        same_as_diff(&a, &b)?;
        same_as_diff(&b, &a)?;
    }

    #[test]
    fn indexed_diff_is_the_diff_of_unrelated_values(a in value(), b in value()) {
        same_as_diff(&a, &b)?;
    }
}

#[test]
fn indexed_diff_is_the_diff_on_the_large_documents() {
    use preflight_core::demo::large::{document, keyed_lists, mutate};
    let a = document(5_000, 1);
    for share in [0.001, 0.1, 0.5] {
        same_as_diff(&a, &mutate(&a, share, 2)).unwrap();
    }
    let (ka, kb) = keyed_lists(500);
    same_as_diff(&ka, &kb).unwrap();
}
