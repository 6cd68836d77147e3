use super::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

fn store(h: &Hashed, into: &mut HashMap<NodeId, String>) {
    for (id, text) in &h.nodes {
        into.insert(id.clone(), text.clone());
    }
}

fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,6}",
        Just(String::new()),
        Just("a/b".to_owned()),
        Just("~0~1".to_owned()),
        Just("ключ ✓".to_owned()),
        Just("\"quoted\"".to_owned()),
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        Just(json!(-0.0)),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn a_tree_reads_back_exactly_key_order_included(v in arb_value()) {
        let h = hash_tree(&v);
        let mut nodes = HashMap::new();
        store(&h, &mut nodes);
        let back = read_tree(&h.root, &nodes).unwrap();
        prop_assert_eq!(text(&back), text(&v));
        prop_assert!(missing_nodes(&h.root, &nodes).is_empty());
    }

    #[test]
    fn equal_content_has_equal_ids_and_different_content_different(a in arb_value(), b in arb_value()) {
        let (ha, hb) = (hash_tree(&a), hash_tree(&b));
        prop_assert_eq!(ha.root == hb.root, text(&a) == text(&b));
    }
}

#[test]
fn key_order_is_part_of_the_content() {
    let a = hash_tree(&json!({"a": 1, "b": 2}));
    let b = hash_tree(&json!({"b": 2, "a": 1}));
    assert_ne!(a.root, b.root);
}

#[test]
fn shared_subtrees_are_stored_once() {
    let shared = json!({"host": "db", "port": 5432, "tags": ["x", "y"]});
    let v = json!({"primary": shared, "replica": shared, "list": [shared, shared]});
    let h = hash_tree(&v);
    // root, list, shared, shared's tags: four distinct nodes.
    assert_eq!(h.nodes.len(), 4);
    assert_eq!(h.index.get("/primary"), h.index.get("/list/1"));
    assert_eq!(h.index.len(), 1 + 1 + 4 + 4);
}

#[test]
fn a_changed_leaf_adds_only_the_nodes_on_its_path() {
    let before = crate::demo::large::document(5_000, 1);
    let mut after = before.clone();
    after["section_00003"]["items"][2]["value"] = json!("changed");
    let (hb, ha) = (hash_tree(&before), hash_tree(&after));
    let old: std::collections::HashSet<_> = hb.nodes.iter().map(|(id, _)| id).collect();
    let new: Vec<_> = ha
        .nodes
        .iter()
        .filter(|(id, _)| !old.contains(id))
        .collect();
    // root, the section, its items list, the item.
    assert_eq!(new.len(), 4, "{new:?}");
}

#[test]
fn numbers_come_back_bit_for_bit() {
    let v = json!([u64::MAX, i64::MIN, 0.1, 1e300, -0.0, 5e-324, 1.0]);
    let h = hash_tree(&v);
    let mut nodes = HashMap::new();
    store(&h, &mut nodes);
    assert_eq!(text(&read_tree(&h.root, &nodes).unwrap()), text(&v));
}

#[test]
fn a_scalar_config_is_a_leaf_root() {
    let h = hash_tree(&json!("just text"));
    assert_eq!(h.root, TreeRoot::Leaf(json!("just text")));
    assert!(h.nodes.is_empty());
    assert_eq!(
        read_tree(&h.root, &HashMap::new()).unwrap(),
        json!("just text")
    );
}

#[test]
fn a_damaged_node_affects_only_the_trees_that_use_it() {
    let common = json!({"region": "eu", "replicas": 3});
    let one = json!({"db": {"host": "a"}, "common": common});
    let two = json!({"db": {"host": "b"}, "common": common});
    let three = json!({"other": true});
    let (h1, h2, h3) = (hash_tree(&one), hash_tree(&two), hash_tree(&three));
    let mut nodes = HashMap::new();
    for h in [&h1, &h2, &h3] {
        store(h, &mut nodes);
    }
    let db_a = h1.index.get("/db").unwrap().clone();
    nodes.insert(db_a.clone(), r#"{"o":[["host","tampered"]]}"#.to_owned());

    let err = read_tree(&h1.root, &nodes).unwrap_err();
    assert_eq!(err.node(), &db_a);
    assert!(matches!(&err, TreeError::Damaged { pointer, .. } if pointer == "/db"));
    assert_eq!(read_tree(&h2.root, &nodes).unwrap(), two);
    assert_eq!(read_tree(&h3.root, &nodes).unwrap(), three);

    let common_id = h1.index.get("/common").unwrap().clone();
    nodes.remove(&common_id);
    assert!(matches!(
        read_tree(&h2.root, &nodes),
        Err(TreeError::Missing { pointer, .. }) if pointer == "/common"
    ));
    assert_eq!(read_tree(&h3.root, &nodes).unwrap(), three);
}

#[test]
fn records_that_are_not_nodes_are_damage_not_panics() {
    for bad in [
        "",
        "[]",
        "{}",
        r#"{"o":[1]}"#,
        r#"{"o":[["k"]]}"#,
        r#"{"a":[[1,2]]}"#,
        r#"{"o":[["k",{}]]}"#,
        r#"{"o":[["k",1],["k",2]]}"#,
    ] {
        let id = NodeId::of(bad);
        let nodes = HashMap::from([(id.clone(), bad.to_owned())]);
        let err = read_tree(&TreeRoot::Node(id), &nodes).unwrap_err();
        assert!(matches!(err, TreeError::Damaged { .. }), "{bad}: {err:?}");
    }
}

#[test]
fn missing_nodes_lists_what_to_fetch_level_by_level() {
    let v = json!({"a": {"b": {"c": [1, {"d": 2}]}}});
    let h = hash_tree(&v);
    let all: HashMap<NodeId, String> = h.nodes.iter().cloned().collect();
    let mut have = HashMap::new();
    let mut rounds = 0;
    loop {
        let want = missing_nodes(&h.root, &have);
        if want.is_empty() {
            break;
        }
        for id in want {
            have.insert(id.clone(), all[&id].clone());
        }
        rounds += 1;
    }
    assert_eq!(rounds, 5);
    assert_eq!(read_tree(&h.root, &have).unwrap(), v);
}

/// `v` with some of its parts changed the ways a config changes: a leaf
/// edited (`0.0` to `-0.0` among them), keys reordered, an entry dropped or
/// added. `seed` picks which, so both shrink.
fn edited(v: &Value, seed: u64) -> Value {
    fn walk(v: &Value, r: &mut u64) -> Value {
        *r = r
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let pick = (*r >> 33) % 9;
        match v {
            Value::Object(m) => {
                let mut out: Vec<(String, Value)> =
                    m.iter().map(|(k, c)| (k.clone(), walk(c, r))).collect();
                match pick {
                    0 => out.reverse(),
                    1 => {
                        out.pop();
                    }
                    2 => out.push(("added".into(), json!(1))),
                    _ => {}
                }
                Value::Object(out.into_iter().collect())
            }
            Value::Array(a) => {
                let mut out: Vec<Value> = a.iter().map(|c| walk(c, r)).collect();
                match pick {
                    0 => out.reverse(),
                    1 => {
                        out.pop();
                    }
                    _ => {}
                }
                Value::Array(out)
            }
            leaf => match pick {
                0 => json!(-0.0),
                1 => json!(0.0),
                2 => json!("changed"),
                _ => leaf.clone(),
            },
        }
    }
    let mut r = seed;
    walk(v, &mut r)
}

proptest! {
    #[test]
    fn hashing_since_a_previous_tree_gives_the_same_ids(a in arb_value(), seed in any::<u64>()) {
        let b = edited(&a, seed);
        let (ha, full) = (hash_tree(&a), hash_tree(&b));
        let since = hash_tree_since(&b, Some(Previous { value: &a, index: &ha.index }));
        prop_assert_eq!(&since.root, &full.root);
        prop_assert_eq!(&since.index, &full.index);
        prop_assert_eq!(&since.text, &serde_json::to_string(&b).unwrap());
        prop_assert_eq!(&full.text, &since.text);
        // What it leaves out is exactly what the previous tree already has.
        let written: std::collections::HashSet<_> = since.nodes.iter().map(|(id, _)| id).collect();
        for (id, record) in &full.nodes {
            if written.contains(id) {
                prop_assert!(since.nodes.iter().any(|(i, r)| i == id && r == record));
            } else {
                prop_assert!(ha.index.contains(id));
            }
        }
        // A node that differs only in some entries rebuilds exactly from
        // the delta of those entries over its previous self.
        let before: HashMap<_, _> = ha.nodes.iter().cloned().collect();
        for (id, record) in &since.nodes {
            if let Some(e) = since.edited.get(id) {
                let base = &before[&e.base];
                if let Some(d) = delta::encode_edited(&e.base, 0, record, &e.entries) {
                    prop_assert_eq!(&delta::apply(base, &d).unwrap(), record);
                }
                prop_assert!(!base.is_empty());
            }
        }
        // And an unchanged tree is written not at all.
        let again = hash_tree_since(&a, Some(Previous { value: &a, index: &ha.index }));
        prop_assert!(again.nodes.is_empty());
        prop_assert_eq!(again.root, ha.root);
    }
}

#[test]
fn a_sign_change_of_zero_is_not_taken_for_the_previous_tree() {
    let a = json!({"x": {"n": 0.0}});
    let b = json!({"x": {"n": -0.0}});
    let ha = hash_tree(&a);
    let since = hash_tree_since(
        &b,
        Some(Previous {
            value: &a,
            index: &ha.index,
        }),
    );
    assert_eq!(since.root, hash_tree(&b).root);
    assert_ne!(since.root, ha.root);
    assert_eq!(since.nodes.len(), 2);
}

#[test]
fn a_delta_of_edited_entries_rebuilds_the_record() {
    let long = "x".repeat(300);
    let a = json!({"a": 1, "b": long, "c": {"k": 1}, "d": true, "e": [1, 2]});
    let b = json!({"a": 2, "b": long, "c": {"k": 2}, "d": false, "e": [1, 2]});
    let ha = hash_tree(&a);
    let since = hash_tree_since(
        &b,
        Some(Previous {
            value: &a,
            index: &ha.index,
        }),
    );
    let root = ha.root.node().unwrap();
    let (id, record) = since.nodes.last().unwrap();
    let e = &since.edited[id];
    assert_eq!(&e.base, root);
    assert_eq!(
        e.entries.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        [0, 2, 3]
    );
    let d = delta::encode_edited(&e.base, 0, record, &e.entries).unwrap();
    let base = &ha.nodes.iter().find(|(i, _)| i == root).unwrap().1;
    assert_eq!(&delta::apply(base, &d).unwrap(), record);
    assert!(delta::encode_edited(&e.base, delta::MAX_CHAIN, record, &e.entries).is_none());
}
