#![allow(clippy::unwrap_used)]
use super::*;
use crate::environment::Environment;
use crate::objects::hash_tree;
use proptest::prelude::*;
use serde_json::{json, Map};
use std::sync::Arc;

/// The indexes of some configs, found by the very tree (as the store does).
fn known(ws: &Workspace) -> Vec<(Arc<Value>, TreeIndex)> {
    ws.environments
        .iter()
        .map(|e| (e.config.clone(), hash_tree(&e.config).index))
        .collect()
}

fn workspace(configs: Vec<Value>) -> Workspace {
    let mut ws = crate::demo::workspace();
    ws.environments = configs
        .into_iter()
        .enumerate()
        .map(|(i, c)| Environment::new(format!("env-{i}"), format!("Env {i}"), c))
        .collect();
    ws
}

fn differing(ws: &Workspace) -> Vec<DriftRow> {
    drift(ws).differing().cloned().collect()
}

fn arb_key() -> impl Strategy<Value = String> {
    // Few keys, so that environments share paths; "0" and "1" collide
    // with array indexes, "a/b" and "~" need escaping.
    prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("0".to_owned()),
        Just("1".to_owned()),
        Just("01".to_owned()),
        Just("a/b".to_owned()),
        Just("~".to_owned()),
        Just(String::new()),
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        Just(json!(1)),
        Just(json!(1.0)),
        Just(json!("x")),
        Just(json!(true)),
        Just(json!({})),
        Just(json!([])),
        Just(json!(12345678901234567890u64)),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Environments that share a large part (so that skipping happens) and
/// each have parts of their own.
fn arb_envs() -> impl Strategy<Value = Vec<Value>> {
    (
        arb_value(),
        prop::collection::vec((arb_value(), any::<bool>(), any::<bool>()), 0..5),
    )
        .prop_map(|(shared, own)| {
            own.into_iter()
                .map(|(mine, share, first)| {
                    let shared = if share { shared.clone() } else { mine.clone() };
                    if first {
                        json!({"shared": shared, "own": mine})
                    } else {
                        json!({"own": mine, "shared": shared})
                    }
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn skipping_gives_the_differing_rows_of_the_full_grid(configs in arb_envs()) {
        let ws = workspace(configs);
        let known = known(&ws);
        let grid = drift_known(&ws, known.as_slice(), true);
        prop_assert_eq!(&grid.rows, &differing(&ws));
        prop_assert_eq!(grid.keys, drift(&ws).keys);
        // Without indexes the walk gives the same, skipping nothing.
        let plain = drift_known(&ws, &(), true);
        prop_assert_eq!(&plain.rows, &grid.rows);
        prop_assert_eq!(plain.keys, grid.keys);
    }

    #[test]
    fn any_roots_give_the_same_rows(configs in prop::collection::vec(arb_value(), 0..4)) {
        let ws = workspace(configs);
        let grid = drift_known(&ws, known(&ws).as_slice(), true);
        prop_assert_eq!(&grid.rows, &differing(&ws));
        prop_assert_eq!(grid.keys, drift(&ws).keys);
    }
}

#[test]
fn first_appearance_orders_rows_across_environments() {
    // /a/z is new in the second environment: after every leaf of the first.
    let ws = workspace(vec![
        json!({"a": {"x": 1}, "b": {"y": 1}}),
        json!({"a": {"x": 2, "z": 1}, "b": {"y": 2}}),
    ]);
    let rows = drift_known(&ws, known(&ws).as_slice(), true).rows;
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/a/x", "/b/y", "/a/z"]);
    assert_eq!(rows, differing(&ws));
}

#[test]
fn identical_subtrees_are_counted_not_listed() {
    let big: Map<String, Value> = (0..100).map(|i| (format!("k{i}"), json!(i))).collect();
    let ws = workspace(vec![
        json!({"same": big, "x": 1}),
        json!({"same": big, "x": 2}),
        json!({"same": big, "x": 2}),
    ]);
    let grid = drift_known(&ws, known(&ws).as_slice(), true);
    assert_eq!(grid.keys, 101);
    assert_eq!(grid.rows.len(), 1);
    assert_eq!(grid.rows[0].changed, [false, true, false]);
}

#[test]
fn secrets_are_masked_in_the_rows_it_finds() {
    let ws = workspace(vec![
        json!({"db": {"password": "hunter2"}}),
        json!({"db": {"password": "swordfish"}}),
    ]);
    let rows = drift_known(&ws, known(&ws).as_slice(), true).rows;
    assert!(rows[0].secret);
    let text = serde_json::to_string(&rows).unwrap();
    assert!(!text.contains("hunter2") && !text.contains("swordfish"));
    assert_eq!(rows, differing(&ws));
}
