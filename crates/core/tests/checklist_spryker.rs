//! The Spryker "Preparation for going live" page, imported as a user
//! pastes it (issue 12): front matter, Liquid blocks, four timeframes of
//! tables with `<br>` in cells, absolute and site-relative links, and one
//! row (GEN-01) broken across two lines.
#![allow(clippy::unwrap_used)]

use preflight_core::checklist::markdown::{import_markdown, import_markdown_with};
use preflight_core::checklist::{formatted, Segment, WarningKind};

fn page() -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/spryker-go-live.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every `| ID |` at the start of a line of the page.
fn ids_in_page(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let cell = l.strip_prefix('|')?.split('|').next()?.trim();
            let (a, b) = cell.split_once('-')?;
            (a.chars().all(|c| c.is_ascii_uppercase())
                && !a.is_empty()
                && !b.is_empty()
                && b.chars().all(|c| c.is_ascii_digit()))
            .then(|| cell.to_owned())
        })
        .collect()
}

#[test]
fn the_go_live_page_imports_exactly() {
    let text = page();
    let p = import_markdown(&text, "pasted").unwrap();
    let c = &p.checklist;
    assert_eq!(c.name, "Preparation for going live");
    assert_eq!(p.counts().items, 84);
    assert_eq!(p.counts().items_per_timeframe, vec![41, 22, 15, 6]);
    let names: Vec<&str> = c.timeframes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Eight weeks before go-live",
            "Four weeks before go-live",
            "Two weeks before go-live",
            "Go-live"
        ]
    );
    let codes: Vec<&str> = c.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ids_in_page(&text));
    assert!(
        c.items.iter().all(|i| !i.name.is_empty()),
        "an item lost its name"
    );

    // GEN-01, whose row is broken across two lines, is whole.
    let gen = c.items.iter().find(|i| i.code == "GEN-01").unwrap();
    assert_eq!(gen.category, "General");
    assert_eq!(
        gen.description,
        "Inform your Partner or Customer Success Manager about your go-live date and time.\n\
         Create a Go Live Announcement case in [Support Portal](https://support.spryker.com/s/).\n\
         Update them if plans change."
    );
    assert_eq!(
        gen.note,
        "This is critical for Domain Name System (DNS) switching and the hypercare phase we provide before and after go-live."
    );
    // `<br>` is a line break when shown.
    let shown = formatted(&gen.description);
    assert_eq!(
        shown
            .iter()
            .filter(|s| s.segment == Segment::LineBreak)
            .count(),
        2
    );

    // Inline code is a style, not backticks.
    let twig = c.items.iter().find(|i| i.code == "APP-03").unwrap();
    let f = formatted(&twig.description);
    assert!(f
        .iter()
        .any(|s| s.code && s.segment == Segment::Text("spryker/twig".into())));

    // The report: what was joined, skipped and resolved, with counts.
    let kinds: Vec<&WarningKind> = p.warnings.iter().map(|w| &w.kind).collect();
    assert!(kinds.contains(&&WarningKind::RowContinued {
        code: "GEN-01".into(),
        continued: 29
    }));
    let skipped: Vec<(String, usize)> = kinds
        .iter()
        .filter_map(|k| match k {
            WarningKind::Skipped { what, count } => Some((what.clone(), *count)),
            _ => None,
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("paragraphs of text outside tables".to_owned(), 2),
            ("front matter block (11 lines)".to_owned(), 1),
            ("Liquid blocks ({% … %} … {% end… %})".to_owned(), 2),
        ]
    );
    assert!(!kinds
        .iter()
        .any(|k| matches!(k, WarningKind::MissingName { .. } | WarningKind::EmptyRow)));

    // Links: every site-relative one resolved against originalLink, or
    // listed (those with {{site.version}}, which has no value here).
    let mut resolved = 0;
    let mut listed = Vec::new();
    for k in &kinds {
        match k {
            WarningKind::LinksResolved { count, base } => {
                assert_eq!(base, "https://cloud.spryker.com");
                resolved = *count;
            }
            WarningKind::UnresolvedLinks { links } => listed.clone_from(links),
            _ => {}
        }
    }
    let relative_in_page = text.matches("](/").count();
    assert_eq!(resolved + listed.len(), relative_in_page);
    assert!(listed.iter().all(|l| l.contains("{{site.version}}")));
    let kept: usize = c
        .items
        .iter()
        .map(|i| i.description.matches("](/").count() + i.note.matches("](/").count())
        .sum();
    assert_eq!(
        kept,
        listed.len(),
        "a relative link was neither resolved nor listed"
    );
}

#[test]
fn a_base_url_given_wins_and_no_base_lists_links() {
    let text = page();
    let p = import_markdown_with(&text, "pasted", Some("https://docs.spryker.com/docs/x")).unwrap();
    let ca = p
        .checklist
        .items
        .iter()
        .find(|i| i.code == "CLO-02")
        .unwrap();
    assert!(ca.note.contains(
        "(https://docs.spryker.com/docs/ca/dev/environment-provisioning.html#optional-site-to-site-vpn)"
    ));
    // Without front matter and base, every relative link is listed.
    let body = text.split_once("\n---\n").unwrap().1;
    let p = import_markdown(body, "pasted").unwrap();
    assert_eq!(p.checklist.name, "pasted");
    let listed = p
        .warnings
        .iter()
        .find_map(|w| match &w.kind {
            WarningKind::UnresolvedLinks { links } => Some(links.len()),
            _ => None,
        })
        .unwrap();
    assert_eq!(listed, body.matches("](/").count());
}
