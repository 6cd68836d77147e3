#![allow(clippy::unwrap_used)]
use super::*;

#[test]
fn offsets_from_headings() {
    for (heading, want) in [
        ("Eight weeks before go-live", Some(-56)),
        ("3 weeks before launch", Some(-21)),
        ("Six weeks before launch", Some(-42)),
        ("One week before", Some(-7)),
        ("10 days before", Some(-10)),
        ("Go-live day", Some(0)),
        ("Launch day", Some(0)),
        ("Day of release", Some(0)),
        ("Go live", Some(0)),
        ("The day before launch", Some(-1)),
        ("Two days after go-live", Some(2)),
        ("Twenty-one days before", Some(-21)),
        ("A fortnight before", Some(-14)),
        ("1 month before", Some(-30)),
        ("T-14", Some(-14)),
        ("Launch (D+3)", Some(3)),
        ("Notes", None),
        ("After launch", None),
        ("Weeks", None),
        ("99999999999 days before", None),
        ("2147483647 weeks before", None),
    ] {
        assert_eq!(infer_offset(heading), want, "{heading}");
    }
}

#[test]
fn meta_lines() {
    assert_eq!(
        parse_offset_line("Offset from go-live: -56 days."),
        Some(-56)
    );
    assert_eq!(parse_offset_line("offset: +3"), Some(3));
    assert_eq!(parse_offset_line("offset: soon"), None);
    assert_eq!(
        parse_go_live_line("Go-live: 2024-02-29"),
        Some(jiff::civil::date(2024, 2, 29))
    );
    assert_eq!(parse_go_live_line("Go-live: 2023-02-29"), None);
}

#[test]
fn column_matching() {
    let headers: Vec<String> = [
        "Id",
        " category ",
        "Task",
        "Notes",
        "Priority",
        "ID",
        "Offset",
        " ",
    ]
    .map(String::from)
    .to_vec();
    let cols = columns(&headers, false);
    assert_eq!(
        cols,
        [
            Column::Code,
            Column::Category,
            Column::Name,
            Column::Note,
            Column::Extra("Priority".into()),
            Column::Extra("ID".into()),
            Column::Extra("Offset".into()),
            Column::Extra("Column 8".into()),
        ]
    );
    assert_eq!(columns(&headers, true)[6], Column::Offset);
}

#[test]
fn format_guesses() {
    assert_eq!(
        ImportFormat::from_file_name("a.MD"),
        Some(ImportFormat::Markdown)
    );
    assert_eq!(
        ImportFormat::from_file_name("a.csv"),
        Some(ImportFormat::Csv)
    );
    assert_eq!(ImportFormat::from_file_name("noext"), None);
    assert_eq!(
        ImportFormat::sniff("\u{feff} {\"name\":1}"),
        ImportFormat::Json
    );
    assert_eq!(ImportFormat::sniff("# x\n"), ImportFormat::Markdown);
    assert_eq!(ImportFormat::sniff("ID,NAME\n"), ImportFormat::Csv);
}

#[test]
fn json_repairs_dangling_timeframes() {
    let text = r#"{"name":"x","timeframes":[{"name":"Day","offset_days":0}],
        "items":[{"code":"A","category":"c","name":"n","timeframe":4}]}"#;
    let p = import_json(text).unwrap();
    assert_eq!(p.checklist.items[0].timeframe, 0);
    assert!(matches!(
        p.warnings[0].kind,
        WarningKind::TimeframeOutOfRange { index: 4, .. }
    ));
    assert!(matches!(
        import_json("{\n\"name\": 3}"),
        Err(ImportError::Json { line: 2, .. })
    ));
    assert_eq!(import_json("  "), Err(ImportError::Empty));
}
