//! Properties of the format-preserving editors (issue 13), for random
//! commented documents in each format and random selections of changes:
//!
//! - parsing the edited text gives exactly the promoted tree (key order
//!   included, except for TOML, whose tables are unordered);
//! - every comment line of a key the selection does not remove or replace
//!   is still there;
//! - every line of a scalar the selection does not touch is still there
//!   as it was (so the lines that differ are those of the changed keys);
//! - with no changes, the text comes back byte for byte.
#![allow(clippy::unwrap_used)]

mod files_support;

use files_support::{document, mutate, render::render, Rng, Rules};
use preflight_core::diff::{self, Change, ChangeKind, DiffOptions};
use preflight_core::files::{
    apply_edits, first_difference, parse, plan_edits, SourceFormat, SourceText,
};
use proptest::prelude::*;

fn under(path: &str, ancestor: &str) -> bool {
    path == ancestor || path.starts_with(&format!("{ancestor}/"))
}

fn check(format: SourceFormat, seed: u64) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(seed);
    let rules = Rules { format };
    let tree = document(&mut rng, rules);
    let trailing = rng.chance(50);
    let doc = render(&tree, format, trailing);
    let source = SourceText::new(format, doc.text.clone());
    let ordered = format != SourceFormat::Toml;
    let parsed = parse(&source).map_err(|e| TestCaseError::fail(format!("{e}\n{}", doc.text)))?;
    prop_assert_eq!(
        first_difference(&parsed, &tree, ordered),
        None,
        "{}",
        doc.text
    );

    // No changes: the same bytes.
    let same = apply_edits(&source, &[]);
    prop_assert_eq!(same.as_deref(), Ok(doc.text.as_str()));

    let other = mutate(&mut rng, rules, &tree, 0);
    let changes = diff::diff(&parsed, &other, &DiffOptions::default());
    let all = rng.chance(30);
    let selected: Vec<Change> = changes
        .into_iter()
        .filter(|_| all || rng.chance(50))
        .collect();
    let mut expected = parsed.clone();
    if diff::apply(&mut expected, &selected).is_err() {
        // A partial selection the promotion itself refuses: nothing to edit.
        return Ok(());
    }
    let plan = plan_edits(&source, &selected);
    let Some(text) = plan.text else {
        return Err(TestCaseError::fail(format!(
            "unplaceable {:?}\n--- text\n{}\n--- changes\n{}",
            plan.unplaceable,
            doc.text,
            serde_json::to_string_pretty(&selected).unwrap_or_default()
        )));
    };
    let got = parse(&SourceText::new(format, text.clone())).unwrap();
    prop_assert_eq!(
        first_difference(&got, &expected, ordered),
        None,
        "{}\n---\n{}",
        doc.text,
        text
    );

    let summary: Vec<String> = selected
        .iter()
        .map(|c| format!("{:?} {} -> {:?} {:?}", c.kind, c.path, c.to, c.new))
        .collect();
    let ctx = format!(
        "{}\n---\n{}\n--- changes\n{}",
        doc.text,
        text,
        summary.join("\n")
    );
    let lines: Vec<&str> = text.lines().collect();
    let present = |line: &str| {
        let strip = |l: &str| l.trim_end_matches(',').to_owned();
        lines.iter().any(|l| strip(l) == strip(line))
    };
    let destroyed = |p: &str| {
        selected.iter().any(|c| {
            matches!(
                c.kind,
                ChangeKind::Removed | ChangeKind::Modified | ChangeKind::TypeChanged
            ) && under(p, &c.path)
        })
    };
    for (line, path) in &doc.comments {
        prop_assert!(
            destroyed(path) || present(line),
            "comment {line:?} of {path} is gone\n{ctx}"
        );
    }
    let touched = |p: &str| {
        selected
            .iter()
            .any(|c| under(p, &c.path) || under(&c.path, p))
    };
    for (line, path) in &doc.leaves {
        prop_assert!(
            touched(path) || present(line),
            "line {line:?} of {path} changed\n{ctx}"
        );
    }
    Ok(())
}

proptest! {
    // PROPTEST_CASES=5000 for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn json_edits_are_exact_and_local(seed in any::<u64>()) {
        check(SourceFormat::Json, seed)?;
    }

    #[test]
    fn jsonc_edits_are_exact_and_local(seed in any::<u64>()) {
        check(SourceFormat::Jsonc, seed)?;
    }

    #[test]
    fn yaml_edits_are_exact_and_local(seed in any::<u64>()) {
        check(SourceFormat::Yaml, seed)?;
    }

    #[test]
    fn toml_edits_are_exact_and_local(seed in any::<u64>()) {
        check(SourceFormat::Toml, seed)?;
    }

    #[test]
    fn env_edits_are_exact_and_local(seed in any::<u64>()) {
        check(SourceFormat::Env, seed)?;
    }
}

/// Runs one seed: `FILES_SEED=<n> FILES_FORMAT=toml cargo test --test
/// files_props one_seed -- --nocapture` (PF_DEBUG=1 prints the edit).
#[test]
fn one_seed() {
    let (Ok(seed), Ok(format)) = (std::env::var("FILES_SEED"), std::env::var("FILES_FORMAT"))
    else {
        return;
    };
    let format: SourceFormat = serde_json::from_value(serde_json::Value::String(format)).unwrap();
    if let Err(e) = check(format, seed.parse().unwrap()) {
        panic!("{e}");
    }
}
