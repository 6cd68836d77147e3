//! The side-by-side row model: alignment, highlights, folding, links.
#![allow(clippy::unwrap_used)]

use preflight_core::diff::{diff, DiffOptions};
use preflight_core::display::{side_by_side, word_segments, DisplayOptions, RowKind};
use preflight_core::formats::{ExportError, Format};
use serde_json::{json, Map, Value};

fn big(n: usize, changed: &[usize]) -> Value {
    let mut m = Map::new();
    for i in 0..n {
        let v = if changed.contains(&i) {
            format!("new-{i}")
        } else {
            format!("v{i}")
        };
        m.insert(format!("k{i:03}"), Value::from(v));
    }
    Value::Object(m)
}

#[test]
fn folds_unchanged_runs_and_keeps_them() {
    let a = big(100, &[]);
    let b = big(100, &[50]);
    let changes = diff(&a, &b, &DiffOptions::default());
    let view = side_by_side(
        &a,
        &b,
        &changes,
        &DisplayOptions::new(Format::Json).context(3),
    )
    .unwrap();
    let kinds: Vec<RowKind> = view.rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds.len(), 1 + 3 + 1 + 3 + 1);
    assert_eq!(kinds[0], RowKind::Collapsed);
    assert_eq!(kinds[4], RowKind::Modified);
    assert_eq!(view.rows[0].hidden.len(), 48);
    assert_eq!(view.rows[8].hidden.len(), 47);
    assert_eq!(view.change_rows(), vec![4]);
    assert_eq!(view.rows[4].changes, vec![0]);
    let left = view.rows[4].left.as_ref().unwrap();
    assert_eq!((left.line, left.pointer.as_str()), (52, "/k050"));
    // Expanded, every line of both sides is there once.
    let all = view.expanded();
    assert_eq!(
        all.iter().filter(|r| r.left.is_some()).count(),
        view.left_lines
    );
    assert_eq!(
        all.iter().filter(|r| r.right.is_some()).count(),
        view.right_lines
    );
    // No folding with unlimited context.
    let full = side_by_side(
        &a,
        &b,
        &changes,
        &DisplayOptions::new(Format::Json).context(usize::MAX),
    )
    .unwrap();
    assert!(full.rows.iter().all(|r| r.kind != RowKind::Collapsed));
}

#[test]
fn added_and_removed_blocks_link_to_their_changes() {
    let a = json!({"keep": 1, "gone": {"a": 1, "b": 2}});
    let b = json!({"keep": 1, "new": [1, 2]});
    let changes = diff(&a, &b, &DiffOptions::default());
    for format in [Format::Json, Format::Yaml] {
        let view = side_by_side(&a, &b, &changes, &DisplayOptions::new(format)).unwrap();
        for r in &view.rows {
            match r.kind {
                RowKind::Removed => assert!(!r.changes.is_empty(), "{format:?} {r:?}"),
                RowKind::Added => assert!(!r.changes.is_empty(), "{format:?} {r:?}"),
                _ => {}
            }
        }
    }
    assert_eq!(
        side_by_side(&a, &b, &changes, &DisplayOptions::new(Format::Env)).unwrap_err(),
        ExportError::NotFlat {
            path: "/gone".into(),
            what: "an object"
        }
    );
}

#[test]
fn word_highlights() {
    let (l, r) = word_segments(
        "  \"url\": \"https://qa.example.test\",",
        "  \"url\": \"https://example.test\",",
    );
    let emph: Vec<&str> = l
        .iter()
        .filter(|s| s.emphasized)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(emph, vec!["qa."]);
    assert!(r.iter().all(|s| !s.emphasized));
    let text: String = r.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text, "  \"url\": \"https://example.test\",");
    let (l, r) = word_segments("", "x");
    assert!(l.is_empty());
    assert_eq!(r.len(), 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            (0i64..3).prop_map(Value::from),
            prop::sample::select(vec!["a", "b", "a b", "x-y"]).prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 30, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(
                    (prop::sample::select(vec!["id", "k", "m", "n"]), inner),
                    0..4
                )
                .prop_map(|kv| Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }

    fn doc() -> impl Strategy<Value = Value> {
        prop::collection::vec(
            (prop::sample::select(vec!["p", "q", "r", "s"]), value()),
            0..5,
        )
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn rows_and_changes_link_both_ways(a in doc(), b in doc()) {
            let changes = diff(&a, &b, &DiffOptions::default());
            for format in [Format::Json, Format::Yaml] {
                let view = side_by_side(&a, &b, &changes, &DisplayOptions::new(format).context(1)).unwrap();
                let mut shown: Vec<usize> = view.rows.iter().flat_map(|r| r.changes.clone()).collect();
                shown.sort_unstable();
                shown.dedup();
                prop_assert_eq!(shown, (0..changes.len()).collect::<Vec<_>>(), "{:?}", format);
                if changes.is_empty() {
                    prop_assert!(view.change_rows().is_empty());
                }
                let all = view.expanded();
                prop_assert_eq!(all.iter().filter(|r| r.left.is_some()).count(), view.left_lines);
                prop_assert_eq!(all.iter().filter(|r| r.right.is_some()).count(), view.right_lines);
            }
        }
    }
}
