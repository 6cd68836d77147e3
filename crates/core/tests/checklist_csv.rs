//! CSV import and export: quoting, separators, timeframes, errors, and the
//! export→import round trip as a property.

#![allow(clippy::unwrap_used)]

mod checklist_support;

use checklist_support::normalized_checklist;
use preflight_core::checklist::{
    export_csv, export_json, import_checklist, ImportError, ImportFormat, ImportPreview, Item,
    Status, Template, WarningKind,
};
use proptest::prelude::*;

fn csv(text: &str) -> ImportPreview {
    import_checklist(text, ImportFormat::Csv, "From CSV").unwrap()
}

#[test]
fn quoted_fields_keep_commas_quotes_and_line_breaks() {
    let p = csv("TIMEFRAME,OFFSET,ID,NAME,DESCRIPTION\r\n\
        Two weeks before,-14,A-1,\"Plan, then act\",\"Say \"\"hello\"\"\r\nthen go\"\r\n");
    let item = &p.checklist.items[0];
    assert_eq!(item.name, "Plan, then act");
    assert_eq!(item.description, "Say \"hello\"\nthen go");
    assert_eq!(p.checklist.name, "From CSV");
    assert_eq!(p.checklist.timeframes[0].offset_days, -14);
}

#[test]
fn formula_cells_are_guarded_in_every_column_and_read_back_exactly() {
    let mut c = Template::GoLivePreparation.build("c");
    c.items.truncate(1);
    c.timeframes.truncate(1);
    c.timeframes[0].name = "@timeframe".into();
    c.items[0] = Item {
        description: "'already quoted".into(),
        note: "-note".into(),
        owner: "+owner".into(),
        ..Item::new("=HYPERLINK(\"http://x.test\",\"GEN\")", "=cat", "=name", 0)
    };
    let text = export_csv(&c);
    let row = text.lines().nth(1).unwrap();
    assert!(
        row.starts_with("'@timeframe,-56,\"'=HYPERLINK(\"\"http://x.test\"\",\"\"GEN\"\")\",'=cat,'=name,''already quoted,'-note,'+owner,"),
        "{row}"
    );
    let back = csv(&text);
    assert_eq!(back.checklist.items, c.items);
    assert_eq!(back.checklist.timeframes, c.timeframes);
    // A hand-written apostrophe that guards nothing is kept.
    assert_eq!(csv("ID,NAME\nA-1,'tis\n").checklist.items[0].name, "'tis");
}

#[test]
fn export_quotes_only_what_needs_it() {
    let mut c = Template::GoLivePreparation.build("c");
    c.items.truncate(1);
    c.timeframes.truncate(1);
    c.items[0] = Item {
        description: "a, \"b\"\nc".into(),
        status: Status::InProgress,
        ..Item::new("GEN-01", "General", "Plain", 0)
    };
    let text = export_csv(&c);
    assert_eq!(
        text,
        "TIMEFRAME,OFFSET,ID,CATEGORY,NAME,DESCRIPTION,NOTE,OWNER,STATUS,DUE,LINK,GATES\r\n\
         Eight weeks before,-56,GEN-01,General,Plain,\"a, \"\"b\"\"\nc\",,,In progress,,,\r\n"
    );
}

#[test]
fn semicolons_and_tabs_are_recognised() {
    let p = csv("Id;Name;Category;Status\nA-1;One;Data;Done\n");
    assert_eq!(p.checklist.items[0].category, "Data");
    assert_eq!(p.checklist.items[0].status, Status::Done);
    let p = csv("ID\tNAME\nA-1\tTabbed\n");
    assert_eq!(p.checklist.items[0].name, "Tabbed");
}

#[test]
fn timeframes_from_names_offsets_and_declaration_rows() {
    let p = csv("TIMEFRAME,OFFSET,ID,NAME,Priority\n\
        Kick-off,,K-1,Start,High\n\
        3 weeks before launch,,T-1,Test,\n\
        Kick-off,,K-2,Second,\n\
        Custom,-5,,,\n\
        Later,x,L-1,Bad offset,\n\
        ,,,,\n");
    let c = &p.checklist;
    let frames: Vec<(&str, i32)> = c
        .timeframes
        .iter()
        .map(|t| (t.name.as_str(), t.offset_days))
        .collect();
    assert_eq!(
        frames,
        [
            ("Kick-off", 0),
            ("3 weeks before launch", -21),
            ("Custom", -5),
            ("Later", 0)
        ]
    );
    let names: Vec<&str> = c.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Start", "Second", "Test", "Bad offset"]);
    assert_eq!(c.items[0].note, "Priority: High");
    let warnings: Vec<(Option<usize>, &WarningKind)> =
        p.warnings.iter().map(|w| (w.line, &w.kind)).collect();
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    assert!(matches!(
        warnings[0],
        (Some(1), WarningKind::ExtraColumns { .. })
    ));
    assert!(matches!(
        warnings[1],
        (Some(2), WarningKind::UnrecognisedTimeframe { .. })
    ));
    assert!(matches!(
        warnings[2],
        (Some(6), WarningKind::BadOffset { .. })
    ));
    assert!(matches!(
        warnings[3],
        (Some(6), WarningKind::UnrecognisedTimeframe { .. })
    ));
    assert!(matches!(warnings[4], (Some(7), WarningKind::EmptyRow)));
}

#[test]
fn without_timeframe_column_everything_is_on_the_day() {
    let p = csv("\u{feff}NAME,NOTE\nOne,\nTwo,n\n");
    assert_eq!(p.checklist.timeframes.len(), 1);
    assert_eq!(p.counts().items_per_timeframe, [2]);
    assert!(matches!(
        p.warnings[0].kind,
        WarningKind::NoTimeframeColumn { .. }
    ));
}

#[test]
fn errors_name_the_line() {
    assert_eq!(
        import_checklist("", ImportFormat::Csv, "x"),
        Err(ImportError::Empty)
    );
    assert_eq!(
        import_checklist("Foo,Bar\n1,2\n", ImportFormat::Csv, "x"),
        Err(ImportError::MissingColumns {
            line: 1,
            found: vec!["Foo".into(), "Bar".into()]
        })
    );
}

#[test]
fn json_round_trips_everything() {
    let mut c = Template::SandboxCutover.build("checklist-7");
    c.go_live = Some(jiff::civil::date(2028, 2, 29));
    c.items[0].description = "  kept exactly \r\n ".into();
    c.items[1].due_override = Some(jiff::civil::date(2028, 1, 31));
    let back = import_checklist(&export_json(&c), ImportFormat::Json, "x").unwrap();
    assert_eq!(back.checklist, c);
    assert!(back.warnings.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn csv_export_import_round_trips(c in normalized_checklist()) {
        let exported = export_csv(&c);
        let back = import_checklist(&exported, ImportFormat::Csv, "x")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{exported}")))?;
        // CSV carries no checklist name or go-live date.
        prop_assert_eq!(&back.checklist.timeframes, &c.timeframes, "{}", exported);
        prop_assert_eq!(&back.checklist.items, &c.items, "{}", exported);
    }

    #[test]
    fn csv_import_never_panics(text in "(?s).{0,300}") {
        let _ = import_checklist(&text, ImportFormat::Csv, "x");
    }

    #[test]
    fn json_import_never_panics(text in "(?s).{0,300}") {
        let _ = import_checklist(&text, ImportFormat::Json, "x");
    }
}
