#![allow(clippy::unwrap_used)]
use super::*;

fn ev(id: &str, action: AuditAction, envs: &[&str], actor: &str, t: &str) -> AuditEvent {
    let mut e = AuditEvent::new(
        action,
        envs.iter().map(|s| EnvId::from(*s)).collect(),
        actor,
        t.parse().unwrap(),
    );
    e.id = id.to_owned();
    e
}

#[test]
fn filter_combines_conditions() {
    let events = vec![
        ev(
            "1",
            AuditAction::Promotion,
            &["dev", "qa"],
            "Ada",
            "2026-01-01T10:00:00Z",
        ),
        ev(
            "2",
            AuditAction::Revert,
            &["qa"],
            "Bob",
            "2026-01-02T10:00:00Z",
        ),
        ev(
            "3",
            AuditAction::Promotion,
            &["qa", "prod"],
            "ada",
            "2026-01-03T10:00:00Z",
        ),
    ];
    let ids =
        |f: AuditFilter| -> Vec<String> { f.apply(&events).iter().map(|e| e.id.clone()).collect() };
    assert_eq!(ids(AuditFilter::new()), ["1", "2", "3"]);
    assert_eq!(ids(AuditFilter::new().environment("qa")), ["1", "2", "3"]);
    assert_eq!(ids(AuditFilter::new().environment("prod")), ["3"]);
    assert_eq!(
        ids(AuditFilter::new()
            .action(AuditAction::Promotion)
            .actor("ADA")),
        ["1", "3"]
    );
    assert_eq!(
        ids(AuditFilter::new()
            .since("2026-01-02T00:00:00Z".parse().unwrap())
            .until("2026-01-03T10:00:00Z".parse().unwrap())),
        ["2"]
    );
}

#[test]
fn csv_quotes_and_round_trips() {
    let mut e = ev(
        "evt-1",
        AuditAction::Promotion,
        &["dev", "qa"],
        "Ada, \"the\" admin",
        "2026-01-01T10:00:00Z",
    );
    e.comment = "line one\nline two, with \"quotes\"".into();
    e.changes.push(AuditChange {
        path: "/a".into(),
        old: Some(Value::from(1)),
        new: None,
    });
    let csv_text = to_csv([&e]).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][2], "Ada, \"the\" admin");
    assert_eq!(&rows[0][4], "dev;qa");
    assert_eq!(&rows[0][5], e.comment);
    assert_eq!(&rows[0][6], "/a: 1 → (absent)");
    let json = to_json([&e]);
    let back: Vec<AuditEvent> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, vec![e]);
}

#[test]
fn csv_cells_that_look_like_formulas_stay_text() {
    let mut e = ev(
        "evt-2",
        AuditAction::Revert,
        &["qa"],
        "=HYPERLINK(\"http://x\")",
        "2026-01-01T10:00:00Z",
    );
    e.comment = "+1 from ops".into();
    e.restored_snapshot = Some("snap-4".into());
    e.gate_open_items = vec!["SEC-02".into(), "TST-01".into()];
    let csv_text = to_csv([&e]).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[2], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&row[5], "'+1 from ops");
    assert_eq!(&row[11], "SEC-02;TST-01");
    assert_eq!(&row[12], "snap-4");
    assert_eq!(r.headers().unwrap().len(), CSV_HEADER.len());
    // Every column, not only the free-text ones.
    let mut e = ev(
        "=HYPERLINK(\"http://id\")",
        AuditAction::Promotion,
        &["=HYPERLINK(\"http://env\")", "qa"],
        "Ada",
        "2026-01-01T10:00:00Z",
    );
    e.snapshots = vec!["@snap".into()];
    e.changeset_hash = Some("-abc".into());
    e.gate_open_items = vec!["=CODE()".into()];
    e.restored_snapshot = Some("+snap".into());
    e.changes.push(AuditChange {
        path: "=/a".into(),
        old: None,
        new: Some(Value::from(1)),
    });
    let csv_text = to_csv([&e]).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    for (i, want) in [
        (0, "'=HYPERLINK(\"http://id\")"),
        (4, "'=HYPERLINK(\"http://env\");qa"),
        (6, "'=/a: (absent) → 1"),
        (7, "'@snap"),
        (9, "'-abc"),
        (11, "'=CODE()"),
        (12, "'+snap"),
    ] {
        assert_eq!(&row[i], want, "column {}", CSV_HEADER[i]);
    }
}

#[test]
fn legacy_masks_are_marked_not_rewritten() {
    let text = r#"{"id":"e","actor":"a","time":"2026-01-01T00:00:00Z","action":"Promotion",
        "environments":["qa"],"changes":[
          {"path":"/db/password","old":"••••••• #3fa2c1","new":"••••••• #0b1c2d"},
          {"path":"/x","old":{"apiKey":"••••••• #aaaaaa"}},
          {"path":"/y","new":"plain"}]}"#;
    let e: AuditEvent = serde_json::from_str(text).unwrap();
    let flags: Vec<bool> = e.changes.iter().map(AuditChange::has_legacy_mask).collect();
    assert_eq!(flags, [true, true, false]);
    assert!(e.has_legacy_masks());
    assert!(to_json([&e]).contains("••••••• #3fa2c1"));
    let mut ws = Workspace::empty();
    ws.ensure_mask_key([3; 32]);
    let now = e.time;
    let changes = crate::diff::diff(
        &serde_json::json!({"password": "a"}),
        &serde_json::json!({"password": "b"}),
        &crate::diff::DiffOptions::default(),
    );
    let mut fresh = AuditEvent::new(AuditAction::ConfigEdit, vec![], "a", now);
    fresh.changes = audit_changes(&changes, &ws.settings.compiled_patterns());
    assert!(!fresh.has_legacy_masks());
    assert_eq!(
        crate::patterns::is_mask_token(fresh.changes[0].new.as_ref().unwrap().as_str().unwrap()),
        Some(crate::patterns::MaskKind::Current)
    );
}

#[test]
fn old_events_without_new_fields_still_load() {
    let e: AuditEvent = serde_json::from_str(
        r#"{"id":"e","actor":"a","time":"2026-01-01T00:00:00Z","action":"Revert","environments":["qa"]}"#,
    )
    .unwrap();
    assert!(!e.chain_override);
    assert_eq!(e.changeset_hash, None);
}

#[test]
fn a_promotion_of_thousands_of_changes_lists_the_first_ones_and_counts_all() {
    let mut ws = crate::demo::workspace();
    let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
    for (env, shift) in [(0, 1), (1, 0)] {
        let many: serde_json::Map<String, Value> = (0..1200)
            .map(|i| (format!("k{i:04}"), Value::from(i + shift)))
            .collect();
        let mut config = (*ws.environments[env].config).clone();
        config["bulk"] = Value::Object(many);
        ws.environments[env].set_config(config);
    }
    let set = crate::changeset::ChangeSet::between(&ws, &dev, &qa).unwrap();
    let selection = crate::promote::Selection::all();
    crate::promote::promote(
        &mut ws,
        &set,
        &selection,
        "big one",
        "ana",
        Timestamp::UNIX_EPOCH,
    )
    .unwrap();
    let event = ws.audit.last().unwrap();
    assert_eq!(event.action, AuditAction::Promotion);
    assert_eq!(event.changes.len(), LISTED_CHANGES);
    assert!(event.comment.starts_with("big one ("), "{}", event.comment);
    assert!(
        event.comment.contains("the first 500 are listed"),
        "{}",
        event.comment
    );
    // Every change is still in the snapshots the event names.
    assert_eq!(event.snapshots.len(), 2);
    assert_eq!(with_note("  ", None), "");
    assert_eq!(with_note("", Some("n".into())), "n");
}
