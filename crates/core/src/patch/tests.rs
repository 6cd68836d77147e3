#![allow(clippy::unwrap_used)]
use super::*;
use serde_json::json;

#[test]
fn a_patch_of_masked_values_keeps_the_secrets() {
    let mut ws = crate::demo::workspace();
    ws.ensure_mask_key([9; 32]);
    let qa = EnvId::new("qa");
    let token = ws
        .settings
        .compiled_patterns()
        .mask(&json!("qa-erp-pass-37"));
    let text = format!(
        r#"[{{"op":"replace","path":"/connections/erp/password","value":"{token}"}},
           {{"op":"add","path":"/integration/note","value":"x"}}]"#
    );
    let set = import(&ws, &qa, &text).unwrap();
    let paths: Vec<&str> = set.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["/integration/note"]);
    let text = format!(r#"[{{"op":"add","path":"/fresh","value":"{token}"}}]"#);
    assert!(matches!(
        import(&ws, &qa, &text),
        Err(PatchError::Masked(
            crate::patterns::MaskedValueError::NothingToKeep { .. }
        ))
    ));
}

#[test]
fn a_patch_cannot_blow_up_the_document() {
    // Each copy of the root doubles it: refused long before memory runs out.
    let mut doc = json!({"a": [1, 2, 3, 4, 5, 6, 7, 8]});
    let doubling: Vec<PatchOp> = (0..40)
        .map(|i| PatchOp::Copy {
            from: String::new(),
            path: format!("/c{i}"),
        })
        .collect();
    let before = doc.clone();
    let err = apply(&mut doc, &doubling).unwrap_err();
    assert!(
        matches!(
            err,
            PatchError::Op {
                problem: OpProblem::TooBig { .. },
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(doc, before, "all or nothing");

    // Chained adds, one level deeper each: refused at the depth bound.
    let mut path = String::new();
    let nesting: Vec<PatchOp> = (0..400)
        .map(|_| {
            path.push_str("/a");
            PatchOp::Add {
                path: path.clone(),
                value: json!({}),
            }
        })
        .collect();
    let err = apply(&mut json!({}), &nesting).unwrap_err();
    assert!(
        matches!(
            err,
            PatchError::Op {
                problem: OpProblem::TooDeep { .. },
                ..
            }
        ),
        "{err}"
    );
    // Within the bounds, the same ops work.
    apply(&mut json!({}), &nesting[..100]).unwrap();
}

#[test]
fn parse_errors_name_the_op_and_the_problem() {
    let err = |t: &str| parse(t).unwrap_err();
    assert!(matches!(err("[1,"), PatchError::Syntax { line: 1, .. }));
    assert!(matches!(err("{}"), PatchError::NotAnArray("an object")));
    assert!(matches!(
        err(r#"[{"op":"test","path":"","value":1}, 5]"#),
        PatchError::Op {
            index: 1,
            problem: OpProblem::NotAnObject,
            ..
        }
    ));
    assert!(matches!(
        err(r#"[{"op":"add","path":"/a"}]"#),
        PatchError::Op {
            index: 0,
            problem: OpProblem::Missing("value"),
            ..
        }
    ));
    assert!(matches!(
        err(r#"[{"op":"jump","path":"/a"}]"#),
        PatchError::Op {
            problem: OpProblem::UnknownOp(_),
            ..
        }
    ));
    assert!(matches!(
        err(r#"[{"op":"remove","path":"a"}]"#),
        PatchError::Op {
            problem: OpProblem::BadPointer { member: "path", .. },
            ..
        }
    ));
    assert!(matches!(
        err(r#"[{"op":"move","path":"/a","from":7}]"#),
        PatchError::Op {
            problem: OpProblem::NotAString("from"),
            ..
        }
    ));
    let e = err(r#"[{"op":"remove"}]"#);
    assert_eq!(
        e.to_string(),
        "operation 0 (remove): the member \"path\" is missing"
    );
}

#[test]
fn apply_follows_rfc_6902_and_is_all_or_nothing() {
    let mut doc = json!({"a": [1, 2], "b": {"c": 1}, "z": 0});
    let ops = parse(
        r#"[
          {"op":"add","path":"/a/1","value":9},
          {"op":"add","path":"/a/-","value":3},
          {"op":"remove","path":"/b/c"},
          {"op":"copy","from":"/a","path":"/b/d"},
          {"op":"move","from":"/z","path":"/y"},
          {"op":"test","path":"/a","value":[1,9,2,3]},
          {"op":"replace","path":"/b","value":null}
        ]"#,
    )
    .unwrap();
    apply(&mut doc, &ops).unwrap();
    assert_eq!(doc, json!({"a": [1, 9, 2, 3], "b": null, "y": 0}));

    let before = doc.clone();
    let bad =
        parse(r#"[{"op":"add","path":"/q","value":1},{"op":"test","path":"/a/0","value":2}]"#)
            .unwrap();
    let e = apply(&mut doc, &bad).unwrap_err();
    assert!(matches!(
        e,
        PatchError::Op {
            index: 1,
            problem: OpProblem::TestFailed { .. },
            ..
        }
    ));
    assert_eq!(doc, before);
    for (text, problem) in [
        (r#"[{"op":"remove","path":""}]"#, "whole document"),
        (
            r#"[{"op":"add","path":"/a/01","value":1}]"#,
            "not a valid index",
        ),
        (
            r#"[{"op":"add","path":"/a/+1","value":1}]"#,
            "not a valid index",
        ),
        (r#"[{"op":"remove","path":"/a/-"}]"#, "not a valid index"),
        (
            r#"[{"op":"move","from":"/a","path":"/a/0"}]"#,
            "into itself",
        ),
        (
            r#"[{"op":"replace","path":"/nope","value":1}]"#,
            "nothing at /nope",
        ),
        (
            r#"[{"op":"add","path":"/y/x","value":1}]"#,
            "neither an object",
        ),
    ] {
        let e = apply(&mut doc, &parse(text).unwrap()).unwrap_err();
        assert!(e.to_string().contains(problem), "{text}: {e}");
    }
}

#[test]
fn diff_patch_guards_old_values() {
    let old = json!({"a": 1, "b": [1, 2], "c": {"d": "x"}, "e": [1]});
    let new = json!({"a": 2, "b": [1, 3], "c": {}, "e": [1, 2], "f": true});
    let ops = diff_patch(&old, &new);
    assert_eq!(
        serde_json::to_value(&ops).unwrap(),
        json!([
            {"op": "test", "path": "/a", "value": 1},
            {"op": "replace", "path": "/a", "value": 2},
            {"op": "test", "path": "/b/1", "value": 2},
            {"op": "replace", "path": "/b/1", "value": 3},
            {"op": "test", "path": "/c/d", "value": "x"},
            {"op": "remove", "path": "/c/d"},
            {"op": "test", "path": "/e", "value": [1]},
            {"op": "replace", "path": "/e", "value": [1, 2]},
            {"op": "add", "path": "/f", "value": true}
        ])
    );
    let mut doc = old.clone();
    apply(&mut doc, &ops).unwrap();
    assert_eq!(doc, new);
    let mut moved_on = json!({"a": 5, "b": [1, 2], "c": {"d": "x"}, "e": [1]});
    assert!(apply(&mut moved_on, &ops).is_err());
    assert!(diff_patch(&json!(1), &json!(1)).is_empty());
    assert_eq!(diff_patch(&json!(1), &json!([1])).len(), 2);
}
