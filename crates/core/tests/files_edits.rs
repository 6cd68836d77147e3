//! What the editors refuse to place, and the errors readers give (issue 13):
//! every refusal names its path, and nothing is ever re-serialized.
#![allow(clippy::unwrap_used)]

use preflight_core::diff::{diff, Change, DiffOptions};
use preflight_core::files::{
    apply_edits, parse, plan_edits, plan_edits_to, unified_patch, SourceFormat, SourceText,
};
use serde_json::{json, Value};

fn changes_to(source: &SourceText, new: &Value) -> Vec<Change> {
    diff(&parse(source).unwrap(), new, &DiffOptions::default())
}

fn refused(source: &SourceText, new: Value) -> Vec<(String, String)> {
    let changes = changes_to(source, &new);
    let plan = plan_edits(source, &changes);
    assert!(
        plan.text.is_none(),
        "expected a refusal, got {:?}",
        plan.text
    );
    plan.unplaceable
        .into_iter()
        .map(|u| (u.path, u.reason))
        .collect()
}

const ANCHORS: &str = "\
defaults: &defaults
  retries: 3
jobs:
  - name: sync
    <<: *defaults
    schedule: daily
alias: &port 8080
again: *port
";

#[test]
fn yaml_keys_from_merge_keys_and_aliases_are_refused_with_their_path() {
    let src = SourceText::new(SourceFormat::Yaml, ANCHORS);
    let mut new = parse(&src).unwrap();
    new["jobs"][0]["retries"] = json!(5);
    let r = refused(&src, new);
    assert_eq!(r[0].0, "/jobs/0/retries");
    assert!(r[0].1.contains("merge key"), "{r:?}");

    let mut new = parse(&src).unwrap();
    new["again"] = json!(9090);
    let r = refused(&src, new);
    assert_eq!(r[0].0, "/again");
    assert!(r[0].1.contains("alias"), "{r:?}");
}

#[test]
fn an_edit_of_an_anchor_that_other_places_share_is_refused() {
    let src = SourceText::new(SourceFormat::Yaml, ANCHORS);
    let mut new = parse(&src).unwrap();
    new["defaults"]["retries"] = json!(5);
    // The text would also change the job that merges the anchor in.
    let r = refused(&src, new);
    assert_eq!(r[0].0, "/jobs/0/retries", "{r:?}");
}

#[test]
fn anchored_values_that_no_alias_reads_are_edited_in_place() {
    let src = SourceText::new(SourceFormat::Yaml, "base: &b\n  a: 1 # one\nother: 2\n");
    let mut new = parse(&src).unwrap();
    new["base"]["a"] = json!(7);
    let out = apply_edits(&src, &changes_to(&src, &new)).unwrap();
    assert_eq!(out, "base: &b\n  a: 7 # one\nother: 2\n");
}

#[test]
fn env_files_hold_only_flat_text() {
    let src = SourceText::new(SourceFormat::Env, "# app\nA=1\nB=two\n");
    let r = refused(&src, json!({"A": "1", "B": "two", "C": {"x": 1}}));
    assert_eq!(r[0].0, "/C");
    assert!(r[0].1.contains("text"), "{r:?}");
    let r = refused(&src, json!({"A": 1, "B": "two"}));
    assert_eq!(r[0].0, "/A");
}

#[test]
fn env_keys_assigned_twice_are_refused() {
    let src = SourceText::new(SourceFormat::Env, "A=1\nA=2\n");
    let r = refused(&src, json!({"A": "3"}));
    assert!(r[0].1.contains("2 times"), "{r:?}");
}

#[test]
fn toml_cannot_hold_null_or_integers_beyond_i64() {
    let src = SourceText::new(SourceFormat::Toml, "a = 1\n");
    let r = refused(&src, json!({"a": 1, "b": null}));
    assert_eq!(r[0], ("/b".to_owned(), "TOML has no null".to_owned()));
    let r = refused(&src, json!({"a": u64::MAX}));
    assert_eq!(r[0].0, "/a");
}

#[test]
fn toml_values_json_cannot_hold_exactly_are_read_errors_with_path_and_line() {
    let src = SourceText::new(
        SourceFormat::Toml,
        "[db]\nhost = \"x\"\nrotated = 2026-01-02T03:04:05Z\n",
    );
    let e = parse(&src).unwrap_err();
    assert_eq!((e.line, e.column), (3, 11));
    assert!(e.message.contains("/db/rotated"), "{e}");
    let e = parse(&SourceText::new(SourceFormat::Toml, "x = nan\n")).unwrap_err();
    assert!(e.message.contains("/x"), "{e}");
    // Large and exact numbers read exactly.
    let v = parse(&SourceText::new(
        SourceFormat::Toml,
        "i = 9223372036854775807\nf = 0.1\n",
    ))
    .unwrap();
    assert_eq!(v, json!({"i": i64::MAX, "f": 0.1}));
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let at = |format, text: &str| {
        let e = parse(&SourceText::new(format, text)).unwrap_err();
        (e.line, e.column)
    };
    assert_eq!(at(SourceFormat::Json, "{\n  \"a\": 1,\n}"), (3, 1));
    assert_eq!(
        at(SourceFormat::Jsonc, "{\n  // ok\n  \"a\": 1,,\n}"),
        (3, 10)
    );
    assert_eq!(at(SourceFormat::Yaml, "a: 1\nb: [\n"), (3, 1));
    assert_eq!(at(SourceFormat::Toml, "a = 1\nb = \n"), (2, 5));
    assert_eq!(at(SourceFormat::Env, "A=1\nnot an assignment\n"), (2, 1));
}

#[test]
fn strict_json_never_gains_comments_or_trailing_commas() {
    let src = SourceText::new(SourceFormat::Json, "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}\n");
    let out = apply_edits(
        &src,
        &changes_to(&src, &json!({"a": 1, "b": [1, 2], "c": true})),
    )
    .unwrap();
    assert_eq!(out, "{\n  \"a\": 1,\n  \"b\": [1, 2],\n  \"c\": true\n}\n");
    let out = apply_edits(&src, &changes_to(&src, &json!({"a": 1}))).unwrap();
    assert_eq!(out, "{\n  \"a\": 1\n}\n");
}

#[test]
fn a_custom_value_is_written_where_the_preview_has_it() {
    let src = SourceText::new(SourceFormat::Yaml, "# t\ntimeout: 30 # s\nname: x\n");
    let target = json!({"timeout": 45, "name": "x"});
    let plan = plan_edits_to(&src, &target, &[]);
    assert_eq!(
        plan.text.as_deref(),
        Some("# t\ntimeout: 45 # s\nname: x\n")
    );
    assert!(plan.unplaceable.is_empty());
    assert_eq!(plan.expected, target);
}

#[test]
fn no_changes_give_the_same_bytes_in_every_format() {
    for (format, text) in [
        (SourceFormat::Json, "{\"a\":1}"),
        (SourceFormat::Jsonc, "// c\n{\"a\": 1,}\n"),
        (SourceFormat::Yaml, "a: 1 # c\n\n"),
        (SourceFormat::Toml, "a = 1 # c\n[t]\n"),
        (SourceFormat::Env, "A=1\r\nB=2"),
    ] {
        let src = SourceText::new(format, text);
        assert_eq!(apply_edits(&src, &[]).as_deref(), Ok(text));
    }
}

#[test]
fn source_text_serializes_with_a_lowercase_format_tag() {
    let src = SourceText::new(SourceFormat::Toml, "a = 1\n");
    let json = serde_json::to_value(&src).unwrap();
    assert_eq!(json, json!({"format": "toml", "text": "a = 1\n"}));
    assert_eq!(serde_json::from_value::<SourceText>(json).unwrap(), src);
}

#[test]
fn a_patch_of_a_file_without_a_final_newline_applies_with_git() {
    let old = "a: 1\nb: 2";
    let src = SourceText::new(SourceFormat::Yaml, old);
    let new = apply_edits(&src, &changes_to(&src, &json!({"a": 1, "b": 3}))).unwrap();
    assert_eq!(new, "a: 1\nb: 3");
    let patch = unified_patch(old, &new, "deploy/values.yaml");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
    std::fs::write(dir.path().join("deploy/values.yaml"), old).unwrap();
    std::fs::write(dir.path().join("p.patch"), &patch).unwrap();
    let out = std::process::Command::new("git")
        .args(["apply", "p.patch"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{patch}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("deploy/values.yaml")).unwrap(),
        new
    );
}

#[test]
fn a_removed_key_takes_its_own_comment_lines_and_leaves_group_headings() {
    let cases = [
        (
            SourceFormat::Yaml,
            "# db\nhost: x\nport: 1\n# about b\nb: 2\n# about c\nc: 3\n",
            "# db\nport: 1\n# about c\nc: 3\n",
        ),
        (
            SourceFormat::Jsonc,
            "{\n  // db\n  \"host\": \"x\",\n  \"port\": 1,\n  // about b\n  \"b\": 2,\n  // about c\n  \"c\": 3\n}\n",
            "{\n  // db\n  \"port\": 1,\n  // about c\n  \"c\": 3\n}\n",
        ),
        (
            SourceFormat::Toml,
            "# db\nhost = \"x\"\nport = 1\n# about b\nb = 2\n# about c\nc = 3\n",
            "port = 1\n# about c\nc = 3\n",
        ),
        (
            SourceFormat::Env,
            "# db\nHOST=x\nPORT=1\n# about b\nB=2\n# about c\nC=3\n",
            "# db\nPORT=1\n# about c\nC=3\n",
        ),
    ];
    for (format, text, expected) in cases {
        let src = SourceText::new(format, text);
        let mut new = parse(&src).unwrap();
        let m = new.as_object_mut().unwrap();
        for k in ["host", "b", "HOST", "B"] {
            m.remove(k);
        }
        let out = apply_edits(&src, &changes_to(&src, &new)).unwrap();
        assert_eq!(out, expected, "{format:?}");
    }
}

#[test]
fn crlf_files_keep_their_line_ends() {
    let new = json!({"a": "1", "b": {"c": "2", "d": "3"}, "e": "4"});
    for (format, text) in [
        (SourceFormat::Yaml, "a: \"1\"\r\nb:\r\n  c: \"2\"\r\n"),
        (
            SourceFormat::Jsonc,
            "{\r\n  \"a\": \"1\",\r\n  \"b\": {\"c\": \"2\"}\r\n}\r\n",
        ),
        (SourceFormat::Toml, "a = \"1\"\r\n[b]\r\nc = \"2\"\r\n"),
    ] {
        let src = SourceText::new(format, text);
        let out = apply_edits(&src, &changes_to(&src, &new)).unwrap();
        assert!(
            !out.replace("\r\n", "").contains('\n'),
            "{format:?}: {out:?}"
        );
    }
    let src = SourceText::new(SourceFormat::Env, "A=1\r\nX=2\r\n");
    let out = apply_edits(
        &src,
        &changes_to(&src, &json!({"A": "1", "E": "4", "X": "2"})),
    )
    .unwrap();
    assert_eq!(out, "A=1\r\nE=4\r\nX=2\r\n");
}

#[test]
fn a_new_toml_array_element_is_laid_out_like_the_one_before() {
    let src = SourceText::new(
        SourceFormat::Toml,
        "y = [\n  1, # one\n  2,\n]\nz = [1, 2]\n",
    );
    let out = apply_edits(
        &src,
        &changes_to(&src, &json!({"y": [1, 2, 3], "z": [1, 2, 3]})),
    )
    .unwrap();
    assert_eq!(out, "y = [\n  1, # one\n  2,\n  3,\n]\nz = [1, 2, 3]\n");
}

#[test]
fn a_byte_order_mark_stays() {
    for (format, text, expected) in [
        (
            SourceFormat::Json,
            "\u{feff}{\"a\": 1}\n",
            "\u{feff}{\"a\": 2}\n",
        ),
        (SourceFormat::Yaml, "\u{feff}a: 1\n", "\u{feff}a: 2\n"),
        (SourceFormat::Toml, "\u{feff}a = 1\n", "\u{feff}a = 2\n"),
        (SourceFormat::Env, "\u{feff}a=1\n", "\u{feff}a=2\n"),
    ] {
        let src = SourceText::new(format, text);
        let new = if format == SourceFormat::Env {
            json!({"a": "2"})
        } else {
            json!({"a": 2})
        };
        assert_eq!(
            apply_edits(&src, &changes_to(&src, &new)).as_deref(),
            Ok(expected),
            "{format:?}"
        );
    }
}
