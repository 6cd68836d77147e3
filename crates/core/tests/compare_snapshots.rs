//! insta snapshots of the diff and the side-by-side view on the sample pairs.
#![allow(clippy::unwrap_used)]

use preflight_core::diff::{apply, diff, Change, DiffOptions};
use preflight_core::display::{side_by_side, DisplayOptions, RowKind, SideBySide};
use preflight_core::formats::{parse, Format};
use preflight_core::patterns::PatternSet;
use serde_json::Value;

fn load(name: &str) -> (Value, Format) {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let format = Format::detect(Some(name), &text);
    (parse(&text, format).unwrap(), format)
}

fn opts() -> DiffOptions {
    DiffOptions::new().patterns(
        PatternSet::default()
            .compile()
            .unwrap()
            .with_key(Some(preflight_core::patterns::MaskKey::from_bytes([7; 32]))),
    )
}

/// One line per change: kind, path (→ new path), flags, old → new (masked).
fn summary(changes: &[Change]) -> String {
    let mut out = String::new();
    let patterns = PatternSet::default()
        .lenient()
        .with_key(Some(preflight_core::patterns::MaskKey::from_bytes([7; 32])));
    for (i, c) in changes.iter().enumerate() {
        let c = c.masked(&patterns);
        let mut flags = String::new();
        if c.pinned {
            flags.push_str(" [pinned]");
        }
        if c.secret {
            flags.push_str(" [secret]");
        }
        let to =
            c.to.as_deref()
                .map(|t| format!(" -> {t}"))
                .unwrap_or_default();
        let show = |v: &Option<Value>| v.as_ref().map_or("-".to_owned(), Value::to_string);
        out.push_str(&format!(
            "{i:>2} {:?} {}{to} (group {}){flags}: {} => {}\n",
            c.kind,
            c.path,
            if c.group.is_empty() { "/" } else { &c.group },
            show(&c.old),
            show(&c.new)
        ));
    }
    out
}

/// The view as text: `L | R  [changes]`, one row per line.
fn view_text(view: &SideBySide) -> String {
    let mut out = String::new();
    for r in &view.rows {
        let mark = match r.kind {
            RowKind::Equal => ' ',
            RowKind::Modified => '~',
            RowKind::Added => '+',
            RowKind::Removed => '-',
            RowKind::Collapsed => {
                out.push_str(&format!("   ... {} unchanged lines ...\n", r.hidden.len()));
                continue;
            }
        };
        let cell = |c: &Option<preflight_core::display::Cell>| match c {
            Some(c) => format!(
                "{:>3} {}",
                c.line,
                c.segments
                    .iter()
                    .map(|s| if s.emphasized {
                        format!("[{}]", s.text)
                    } else {
                        s.text.clone()
                    })
                    .collect::<String>()
            ),
            None => "    ".to_owned(),
        };
        let links = if r.changes.is_empty() {
            String::new()
        } else {
            format!("  {:?}", r.changes)
        };
        out.push_str(&format!(
            "{mark} {:<60} | {}{links}\n",
            cell(&r.left),
            cell(&r.right)
        ));
    }
    out
}

fn check(name: &str, left: &str, right: &str) {
    let (a, format) = load(left);
    let (b, _) = load(right);
    let changes = diff(&a, &b, &opts());
    let mut t = a.clone();
    apply(&mut t, &changes).unwrap();
    assert_eq!(t, b);
    insta::assert_snapshot!(format!("{name}_changes"), summary(&changes));
    let view = side_by_side(&a, &b, &changes, &DisplayOptions::new(format).context(2)).unwrap();
    // Every change is shown by at least one row.
    let mut shown: Vec<usize> = view.rows.iter().flat_map(|r| r.changes.clone()).collect();
    shown.sort_unstable();
    shown.dedup();
    assert_eq!(
        shown,
        (0..changes.len()).collect::<Vec<_>>(),
        "{name}: unlinked changes"
    );
    // And every changed row links to a change.
    for i in view.change_rows() {
        assert!(
            !view.rows[i].changes.is_empty(),
            "{name}: row {i} has no change"
        );
    }
    insta::assert_snapshot!(format!("{name}_view"), view_text(&view));
}

#[test]
fn development_vs_qa() {
    check("development_vs_qa", "development.json", "qa.json");
}

#[test]
fn qa_vs_production() {
    check("qa_vs_production", "qa.json", "production.json");
}

#[test]
fn staging_vs_production_env() {
    check("staging_vs_production_env", "staging.env", "production.env");
}

#[test]
fn values_dev_vs_prod_yaml() {
    check(
        "values_dev_vs_prod_yaml",
        "values-dev.yaml",
        "values-prod.yaml",
    );
}

#[test]
fn reveal_and_mask() {
    let (a, _) = load("staging.env");
    let (b, _) = load("production.env");
    let changes = diff(&a, &b, &opts());
    let masked = side_by_side(&a, &b, &changes, &DisplayOptions::new(Format::Env)).unwrap();
    let text = view_text(&masked);
    assert!(
        !text.contains("sk_live") && !text.contains("prod-pass"),
        "{text}"
    );
    let shown = side_by_side(
        &a,
        &b,
        &changes,
        &DisplayOptions::new(Format::Env).reveal_secrets(true),
    )
    .unwrap();
    assert!(view_text(&shown).contains("sk_live"));
    // Inline and expanded forms keep every line.
    assert_eq!(
        masked
            .expanded()
            .iter()
            .filter(|r| r.left.is_some())
            .count(),
        masked.left_lines
    );
    let inline = masked.inline_rows();
    assert!(inline.iter().all(|r| r.kind != RowKind::Modified));
}
