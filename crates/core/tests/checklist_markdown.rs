//! Markdown import edge cases, the sample file, and the export→import
//! round trip as a property.

#![allow(clippy::unwrap_used)]

mod checklist_support;

use checklist_support::normalized_checklist;
use preflight_core::checklist::{
    export_markdown, import_checklist, segments, ImportError, ImportFormat, ImportPreview, Segment,
    Status, WarningKind,
};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("fixtures/checklist/launch-checklist.md");

fn md(text: &str) -> ImportPreview {
    import_checklist(text, ImportFormat::Markdown, "fallback").unwrap()
}

fn kinds(p: &ImportPreview) -> Vec<(Option<usize>, WarningKind)> {
    p.warnings
        .iter()
        .map(|w| (w.line, w.kind.clone()))
        .collect()
}

#[test]
fn sample_imports_as_four_timeframes_and_twelve_items() {
    let p = md(SAMPLE);
    let c = &p.checklist;
    assert_eq!(c.name, "Launch readiness for the storefront");
    let frames: Vec<(&str, i32)> = c
        .timeframes
        .iter()
        .map(|t| (t.name.as_str(), t.offset_days))
        .collect();
    assert_eq!(
        frames,
        [
            ("Six weeks before launch", -42),
            ("Three weeks before launch", -21),
            ("One week before launch", -7),
            ("Launch day", 0),
        ]
    );
    assert_eq!(c.items.len(), 12);
    assert_eq!(p.counts().items_per_timeframe, [4, 3, 3, 2]);
    // Only the report of the intro text it left out (issue 12).
    assert!(
        p.warnings
            .iter()
            .all(|w| matches!(w.kind, WarningKind::Skipped { .. })),
        "{:?}",
        p.warnings
    );

    let gen01 = &c.items[0];
    assert_eq!(gen01.code, "GEN-01");
    assert_eq!(gen01.category, "General");
    assert_eq!(
        gen01.description,
        "Tell the hosting provider and the support desk the planned date and hour.\n\
         Open a ticket in the [service desk](https://desk.example.test/new)."
    );
    assert_eq!(gen01.note, "Needed for the DNS cut-over window.");
    let rendered = segments(&gen01.description);
    assert!(rendered.contains(&Segment::LineBreak));
    assert!(rendered.contains(&Segment::Link {
        href: "https://desk.example.test/new".into(),
        label: "service desk".into()
    }));

    let load = c.items.iter().find(|i| i.code == "TST-02").unwrap();
    assert_eq!(
        load.description,
        "Replay peak traffic against staging and record response times.\n- p95 below 800 ms\n- no errors"
    );
    let secrets = c.items.iter().find(|i| i.code == "SEC-01").unwrap();
    assert_eq!(
        secrets.description,
        "No passwords, private keys or tokens in `config/` or in git history."
    );
    // A row with a missing last cell.
    let freeze = c.items.iter().find(|i| i.code == "GEN-03").unwrap();
    assert_eq!((freeze.note.as_str(), freeze.timeframe), ("", 2));
    // An autolink becomes a bare URL, which renders as a link.
    let creds = c.items.iter().find(|i| i.code == "OPS-02").unwrap();
    assert_eq!(creds.note, "See https://docs.example.test/env.");
    assert_eq!(
        segments(&creds.note)[1],
        Segment::Link {
            href: "https://docs.example.test/env".into(),
            label: "https://docs.example.test/env".into()
        }
    );
    assert!(c.items.iter().all(|i| i.status == Status::Todo));
}

#[test]
fn escaped_pipes_code_and_placeholders() {
    let p = md("## Go-live day\n\n\
        | ID | NAME | DESCRIPTION |\n|---|---|---|\n\
        | A-1 | Pipes a \\| b | `x \\| y` and {{site.version}} and \\\\\\| |\n");
    let item = &p.checklist.items[0];
    assert_eq!(item.name, "Pipes a | b");
    assert_eq!(item.description, "`x | y` and {{site.version}} and \\|");
}

#[test]
fn missing_and_extra_cells() {
    let p = md("## 10 days before\n\n\
        | id | Name | Priority | Note |\n|---|---|---|---|\n\
        | A-1 | Only two |\n\
        | A-2 | Full | High | keep me |\n\
        | A-3 | Too many | Low | n | ignored |\n");
    let c = &p.checklist;
    assert_eq!(c.timeframes[0].offset_days, -10);
    assert_eq!(c.items.len(), 3);
    assert_eq!(c.items[0].note, "");
    assert_eq!(c.items[1].note, "keep me\nPriority: High");
    assert_eq!(c.items[2].note, "n\nPriority: Low");
    assert_eq!(
        kinds(&p),
        [(
            Some(3),
            WarningKind::ExtraColumns {
                columns: vec!["Priority".into()]
            }
        )]
    );
}

#[test]
fn html_in_cells_stays_literal_text() {
    let p = md("## Launch day\n\n| ID | NAME | DESCRIPTION |\n|---|---|---|\n\
        | X-1 | <b>Bold</b> | <script>alert(1)</script> line<br/>next &amp; <img src=x onerror=alert(1)> |\n");
    let item = &p.checklist.items[0];
    assert_eq!(item.name, "<b>Bold</b>");
    assert_eq!(
        item.description,
        "<script>alert(1)</script> line\nnext & <img src=x onerror=alert(1)>"
    );
    assert_eq!(
        segments(&item.description)[0],
        Segment::Text("<script>alert(1)</script> line".into())
    );
}

#[test]
fn unrecognised_headings_warn_or_are_skipped() {
    let p = md("# Plan\n\nIntro.\n\n## Introduction\n\nJust text.\n\n\
        ## Phase one\n\n| ID | NAME |\n|---|---|\n| P-1 | Thing |\n\n\
        ## Custom\n\nOffset from go-live: -3 days.\n\n\
        ## Extras\n\n| Owner | Priority |\n|---|---|\n| Ada | High |\n");
    let c = &p.checklist;
    let frames: Vec<(&str, i32)> = c
        .timeframes
        .iter()
        .map(|t| (t.name.as_str(), t.offset_days))
        .collect();
    assert_eq!(frames, [("Phase one", 0), ("Custom", -3), ("Extras", 0)]);
    assert_eq!(c.items.len(), 1);
    assert_eq!(c.items[0].timeframe, 0);
    assert_eq!(
        kinds(&p),
        [
            (
                None,
                WarningKind::Skipped {
                    what: "paragraphs of text outside tables".into(),
                    count: 2
                }
            ),
            (
                Some(5),
                WarningKind::SkippedHeading {
                    heading: "Introduction".into()
                }
            ),
            (
                Some(9),
                WarningKind::UnrecognisedTimeframe {
                    heading: "Phase one".into()
                }
            ),
            (
                Some(19),
                WarningKind::UnrecognisedTimeframe {
                    heading: "Extras".into()
                }
            ),
            (
                Some(21),
                WarningKind::TableWithoutItemColumns {
                    headers: vec!["Owner".into(), "Priority".into()]
                }
            ),
        ]
    );
    // The user fixes the offset in the preview before accepting.
    let mut p = p;
    p.checklist.timeframes[0].offset_days = -30;
    let mut ws = preflight_core::Workspace::empty();
    let id = p.accept(&mut ws);
    assert_eq!(ws.checklist(&id).unwrap().timeframes[0].offset_days, -30);
}

#[test]
fn row_level_warnings_carry_line_numbers() {
    let p = md("## Launch day\n\n\
        | ID | NAME | STATUS | DUE | GATES | LINK |\n|---|---|---|---|---|---|\n\
        | A-1 | One | maybe | 2026-02-30 | perhaps | javascript:alert(1) |\n\
        | A-1 |  | done | 2026-02-28 | yes | [docs](https://d.test) |\n\
        |  |  |  |  |  |  |\n");
    let c = &p.checklist;
    assert_eq!(c.items.len(), 2);
    assert_eq!(c.items[1].status, Status::Done);
    assert_eq!(
        c.items[1].due_override,
        Some(jiff::civil::date(2026, 2, 28))
    );
    assert!(c.items[1].gates_promotion);
    assert_eq!(c.items[1].link, "https://d.test");
    let lines: Vec<(Option<usize>, &str)> = p
        .warnings
        .iter()
        .map(|w| {
            let name = match &w.kind {
                WarningKind::UnknownStatus { .. } => "status",
                WarningKind::BadDueDate { .. } => "due",
                WarningKind::BadGates { .. } => "gates",
                WarningKind::UnsafeLink { .. } => "link",
                WarningKind::MissingName { .. } => "name",
                WarningKind::DuplicateCode { .. } => "duplicate",
                WarningKind::EmptyRow => "empty",
                other => panic!("unexpected {other:?}"),
            };
            (w.line, name)
        })
        .collect();
    assert_eq!(
        lines,
        [
            (Some(5), "status"),
            (Some(5), "due"),
            (Some(5), "gates"),
            (Some(5), "link"),
            (Some(6), "name"),
            (Some(6), "duplicate"),
            (Some(7), "empty"),
        ]
    );
    assert_eq!(
        p.warnings[0].to_string(),
        "line 5: status \"maybe\" is not known; set to To do"
    );
}

#[test]
fn nothing_usable_is_an_error() {
    assert_eq!(
        import_checklist(" \n", ImportFormat::Markdown, "x"),
        Err(ImportError::Empty)
    );
    assert_eq!(
        import_checklist("# Title\n\nJust prose.\n", ImportFormat::Markdown, "x"),
        Err(ImportError::NoTables)
    );
    // A table without a heading still imports, into one timeframe.
    let p = md("| NAME |\n|---|\n| Loose |\n");
    assert_eq!(p.checklist.name, "fallback");
    assert_eq!(p.checklist.items[0].name, "Loose");
    assert!(matches!(
        p.warnings[0].kind,
        WarningKind::TableOutsideTimeframe { .. }
    ));
}

#[test]
fn sample_export_reimports_equal() {
    let p = md(SAMPLE);
    let exported = export_markdown(&p.checklist);
    let back = md(&exported);
    assert_eq!(back.checklist, p.checklist, "{exported}");
    assert!(back.warnings.is_empty());
}

#[test]
fn template_export_reimports_equal() {
    use preflight_core::checklist::Template;
    for t in Template::ALL {
        let mut c = t.build("");
        c.go_live = Some(jiff::civil::date(2026, 3, 1));
        c.items[3].status = Status::Blocked;
        c.items[4].owner = "Ada <ada@example.test>".into();
        let back = md(&export_markdown(&c)).checklist;
        assert_eq!(back, c);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn markdown_export_import_round_trips(c in normalized_checklist()) {
        let exported = export_markdown(&c);
        let back = import_checklist(&exported, ImportFormat::Markdown, "fallback");
        let back = back.map_err(|e| TestCaseError::fail(format!("{e}\n{exported}")))?;
        prop_assert_eq!(&back.checklist, &c, "{}", exported);
    }

    #[test]
    fn markdown_import_never_panics(text in "(?s).{0,400}") {
        let _ = import_checklist(&text, ImportFormat::Markdown, "x");
    }

    #[test]
    fn markdown_import_of_table_soup_never_panics(
        text in proptest::collection::vec(
            prop_oneof![
                Just("| ".to_owned()), Just(" |".to_owned()), Just("\n".to_owned()),
                Just("|---|".to_owned()), Just("## ".to_owned()), Just("<br>".to_owned()),
                Just("\\|".to_owned()), Just("`".to_owned()), Just("[a](".to_owned()),
                Just("ID".to_owned()), Just("NAME".to_owned()), "[^|\n]{0,6}",
            ],
            0..60,
        )
    ) {
        let _ = import_checklist(&text.concat(), ImportFormat::Markdown, "x");
    }
}
