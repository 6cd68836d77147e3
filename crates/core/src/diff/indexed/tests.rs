#![allow(clippy::unwrap_used)]

use super::super::walk;
use super::*;
use crate::demo::large::document;
use crate::objects::hash_tree;
use serde_json::json;
use std::cell::Cell;

/// The indexed skip, counting the pairs the walker compared.
struct Counting<'i> {
    inner: Indexes<'i>,
    compared: &'i Cell<usize>,
}

impl Skip for Counting<'_> {
    fn equal(&self, a: &Value, b: &Value, a_path: &str, b_path: &str) -> bool {
        self.compared.set(self.compared.get() + 1);
        self.inner.equal(a, b, a_path, b_path)
    }

    fn equal_leaves(&self, a: &Value, b: &Value) -> bool {
        self.inner.equal_leaves(a, b)
    }
}

/// The changes and the number of pairs compared.
fn counted(a: &Value, b: &Value, opts: &DiffOptions) -> (Vec<Change>, usize) {
    let (ha, hb) = (hash_tree(a), hash_tree(b));
    let compared = Cell::new(0);
    let skip = Counting {
        inner: Indexes {
            a: &ha.index,
            b: &hb.index,
        },
        compared: &compared,
    };
    (walk(a, b, opts, skip), compared.get())
}

#[test]
fn identical_documents_are_not_walked() {
    let a = document(5_000, 1);
    let (changes, compared) = counted(&a, &a.clone(), &DiffOptions::default());
    assert!(changes.is_empty());
    assert_eq!(compared, 1, "only the roots are compared");
}

#[test]
fn one_leaf_changed_in_50k_walks_one_path() {
    let a = document(50_000, 1);
    let mut b = a.clone();
    let (section, leaf) = {
        let (s, v) = a.as_object().unwrap().iter().nth(400).unwrap();
        let (k, _) = v.as_object().unwrap().iter().nth(3).unwrap();
        (s.clone(), k.clone())
    };
    b[&section][&leaf] = json!("changed");
    let opts = DiffOptions::default();
    let (changes, compared) = counted(&a, &b, &opts);
    assert_eq!(changes, crate::diff::diff(&a, &b, &opts));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].path, format!("/{section}/{leaf}"));
    // The root's sections, then the changed section's containers (both
    // skipped) and its changed leaf; its equal leaves are passed over.
    let sections = a.as_object().unwrap().len();
    let containers = a[&section]
        .as_object()
        .unwrap()
        .values()
        .filter(|v| is_container(v))
        .count();
    assert_eq!(containers, 2);
    assert_eq!(compared, 1 + sections + containers + 1);
}

#[test]
fn equal_subtrees_at_other_places_are_skipped_only_by_their_ids() {
    // The keyed element moved: its pointers differ, its id is the same.
    let a = json!({"l": [{"id": 1, "v": {"x": 1}}, {"id": 2, "v": {"x": 2}}]});
    let b = json!({"l": [{"id": 2, "v": {"x": 2}}, {"id": 1, "v": {"x": 1}}]});
    let opts = DiffOptions::default();
    let (changes, _) = counted(&a, &b, &opts);
    assert_eq!(changes, crate::diff::diff(&a, &b, &opts));
    assert_eq!(changes.len(), 1, "{changes:?}");
}

#[test]
fn a_pointer_missing_from_an_index_is_walked() {
    let s = json!([1, 2, 3, 4]);
    let a = json!({"s": [0, 2, 3, 4], "t": [0, 2, 3, 4], "u": 0, "v": 0});
    let b = json!({"s": [1, 2, 3, 4], "t": [1, 2, 3, 4], "u": 0, "v": 0});
    // Indexes of other documents: different roots, the same id for `/s`
    // on both sides, nothing for `/t`.
    let ia = hash_tree(&json!({"s": s, "a": 0, "b": 0, "c": 0})).index;
    let ib = hash_tree(&json!({"s": s, "a": 1, "b": 0, "c": 0})).index;
    let opts = DiffOptions::default();
    let got = diff_indexed(&a, &ia, &b, &ib, &opts);
    // `/s` looks equal by the (wrong) ids and is skipped; `/t` is walked.
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/t/0");
    let empty = TreeIndex::default();
    assert_eq!(
        diff_indexed(&a, &empty, &b, &empty, &opts),
        crate::diff::diff(&a, &b, &opts)
    );
}

#[test]
fn small_containers_are_compared_not_looked_up() {
    let a = json!({"s": {"x": 1, "y": 2, "z": 3}, "t": {"x": 1, "y": 2, "z": 3, "w": 4}});
    let (changes, compared) = counted(&a, &a.clone(), &DiffOptions::default());
    assert!(changes.is_empty());
    // The root has two members: `/s` is walked (its leaves passed over),
    // `/t` is looked up and skipped.
    assert_eq!(compared, 3);
}

#[test]
fn numbers_written_differently_are_not_skipped() {
    for (x, y) in [(json!(0.0), json!(-0.0)), (json!(1), json!(1.0))] {
        // Big enough to be looked up.
        let a = json!({"o": {"n": x, "a": 0, "b": 0, "c": 0}, "l": [x, 0, 0, 0]});
        let b = json!({"o": {"n": y, "a": 0, "b": 0, "c": 0}, "l": [y, 0, 0, 0]});
        let opts = DiffOptions::default();
        let got = diff_indexed(&a, &hash_tree(&a).index, &b, &hash_tree(&b).index, &opts);
        assert_eq!(got, crate::diff::diff(&a, &b, &opts));
        assert_eq!(got.len(), 2, "{got:?}");
    }
}
