//! Checklists inside a workspace: the create → import → gate → dashboard
//! flow the UI drives, the stored format, and export snapshots.

#![allow(clippy::unwrap_used)]

use preflight_core::checklist::{
    create_checklist, delete_checklist, export_csv, export_markdown, gate_status, import_checklist,
    GateOpen, GateOverride, GateStatus, ImportFormat, ItemFilter, Source, Status, Template,
};
use preflight_core::jiff::civil::date;
use preflight_core::{Environment, Workspace};
use serde_json::json;

const SAMPLE: &str = include_str!("fixtures/checklist/launch-checklist.md");

fn pipeline() -> Workspace {
    let mut ws = Workspace::empty();
    for (id, name) in [("dev", "Development"), ("qa", "QA"), ("prod", "Production")] {
        ws.environments.push(Environment::new(id, name, json!({})));
    }
    ws
}

#[test]
fn gate_blocks_production_until_gating_items_are_resolved() {
    let mut ws = pipeline();
    let id = create_checklist(
        &mut ws,
        "Shop",
        Source::Template(Template::GoLivePreparation),
    );
    assert_eq!(
        gate_status(&ws, &"prod".into()),
        GateStatus::Open(GateOpen::NoGateChecklist)
    );
    ws.settings.gate_checklist = Some(id.clone());

    let gate = gate_status(&ws, &"prod".into());
    let blocking: Vec<usize> = gate.blocking_items().iter().map(|b| b.index).collect();
    assert!(gate.is_blocked());
    assert!(blocking.len() >= 10);
    assert!(gate
        .blocking_items()
        .iter()
        .any(|b| b.code == "GEN-02" && b.name == "Agree the rollback strategy"));
    assert!(!gate_status(&ws, &"qa".into()).is_blocked());

    // Resolving all but one still blocks, on exactly that one.
    let c = ws.checklist_mut(&id).unwrap();
    c.set_status(&blocking[1..], Status::Done);
    let gate = gate_status(&ws, &"prod".into());
    assert_eq!(gate.blocking_items().len(), 1);
    assert_eq!(gate.blocking_items()[0].index, blocking[0]);

    ws.checklist_mut(&id)
        .unwrap()
        .set_status(&blocking[..1], Status::NotApplicable);
    assert_eq!(
        gate_status(&ws, &"prod".into()),
        GateStatus::Open(GateOpen::AllResolved)
    );

    assert!(GateOverride::new("   ").is_err());
    delete_checklist(
        &mut ws,
        &id,
        "Ada",
        preflight_core::jiff::Timestamp::UNIX_EPOCH,
    )
    .unwrap();
    assert_eq!(ws.settings.gate_checklist, None);
}

#[test]
fn imported_checklist_is_stored_and_read_back() {
    let mut ws = pipeline();
    let preview = import_checklist(SAMPLE, ImportFormat::Markdown, "sample").unwrap();
    assert_eq!(preview.counts().items, 12);
    let id = preview.accept(&mut ws);
    let c = ws.checklist_mut(&id).unwrap();
    c.go_live = Some(date(2028, 3, 1));
    c.items[0].due_override = Some(date(2028, 2, 29));
    c.items[1].status = Status::Blocked;
    let back = Workspace::from_json(&ws.to_json().unwrap()).unwrap();
    assert_eq!(back, ws);
}

#[test]
fn checklists_stored_before_this_change_still_load() {
    let stored = json!({
        "schema_version": 2,
        "environments": [],
        "checklists": [{
            "id": "checklist-1",
            "name": "Old",
            "timeframes": [{"name": "Go-live day", "offset_days": 0}],
            "items": [{"code": "GEN-01", "category": "General", "name": "Plan"}]
        }]
    });
    let ws = Workspace::from_json(&stored.to_string()).unwrap();
    let item = &ws.checklists[0].items[0];
    assert_eq!((item.status, item.timeframe), (Status::Todo, 0));
    assert!(!item.gates_promotion);
}

#[test]
fn dashboard_numbers() {
    let mut c = Template::GoLivePreparation.build("c");
    c.go_live = Some(date(2026, 3, 2));
    let first_frame = c.items_in(0);
    c.set_status(&first_frame[..3], Status::Done);
    let today = date(2026, 2, 10);
    let r = c.readiness(today, 3);
    assert_eq!(r.progress.done, 3);
    assert_eq!(r.overdue, c.items_in(0).len() - 3 + c.items_in(1).len());
    assert_eq!(r.days_to_go_live, Some(20));
    assert_eq!(r.next_due.len(), 3);
    assert!(r.next_due.iter().all(|&i| c.items[i].timeframe == 2));
    let overdue = c.filter(&ItemFilter::new().overdue_on(today));
    assert_eq!(overdue.len(), r.overdue);
}

#[test]
fn export_snapshots() {
    let mut c = import_checklist(SAMPLE, ImportFormat::Markdown, "sample")
        .unwrap()
        .checklist;
    c.go_live = Some(date(2026, 9, 1));
    c.items[0].status = Status::Done;
    c.items[2].gates_promotion = true;
    insta::assert_snapshot!("sample_markdown_export", export_markdown(&c));
    insta::assert_snapshot!("sample_csv_export", export_csv(&c));
}
