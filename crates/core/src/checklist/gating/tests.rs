#![allow(clippy::unwrap_used)]
use super::*;
use crate::checklist::Item;
use crate::Environment;
use serde_json::json;

fn workspace() -> Workspace {
    let mut ws = Workspace::empty();
    for (id, name) in [("dev", "Development"), ("prod", "Production")] {
        ws.environments.push(Environment::new(id, name, json!({})));
    }
    let mut c = Checklist::blank("cl-1", "Launch");
    c.add_timeframe("Day", 0);
    for code in ["SEC-01", "SEC-02"] {
        let mut gating = Item::new(code, "Security", "Rotate secrets", 0);
        gating.gates_promotion = true;
        c.add_item(gating).unwrap();
    }
    c.add_item(Item::new("GEN-01", "General", "Share plan", 0))
        .unwrap();
    ws.checklists.push(c);
    ws.settings.gate_checklist = Some("cl-1".into());
    ws
}

const NOW: Timestamp = Timestamp::UNIX_EPOCH;

#[test]
fn a_bulk_done_that_opens_the_gate_names_its_gating_items() {
    let ws = workspace();
    let e = effect(&ws, "cl-1", &[0, 1, 2], Status::Done);
    assert!(e.opens_gate);
    let codes: Vec<&str> = e.gating.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["SEC-01", "SEC-02"]);
    // Leaving one gating item open keeps the gate closed.
    let e = effect(&ws, "cl-1", &[0, 2], Status::Done);
    assert!(!e.opens_gate);
    assert_eq!(e.gating.len(), 1);
    // Items that gate nothing, or another checklist, open nothing.
    assert_eq!(
        effect(&ws, "cl-1", &[2], Status::Done),
        GateEffect::default()
    );
    assert_eq!(
        effect(&ws, "other", &[0], Status::Done),
        GateEffect::default()
    );
}

#[test]
fn each_status_change_of_a_gating_item_is_audited_and_can_be_undone() {
    let mut ws = workspace();
    let (changed, undo_it) = edit_checklist(&mut ws, "cl-1", "ana", NOW, |c| {
        Ok(c.set_status(&[0, 1, 2], Status::Done))
    })
    .unwrap();
    assert_eq!(changed, 3);
    assert!(!gate_is_blocked(&ws));
    let event = ws.audit.last().unwrap();
    assert_eq!(event.action, AuditAction::GatingItems);
    assert_eq!(event.actor, "ana");
    assert_eq!(event.environments, ["prod".into()]);
    // Only the gating items, old → new.
    let paths: Vec<&str> = event.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["/SEC-01", "/SEC-02"]);
    assert_eq!(event.changes[0].old, Some(json!("To do")));
    assert_eq!(event.changes[0].new, Some(json!("Done")));

    let restored = undo(&mut ws, &undo_it, "ana", NOW).unwrap();
    assert_eq!(restored, 3);
    assert!(gate_is_blocked(&ws));
    let event = ws.audit.last().unwrap();
    assert_eq!(event.action, AuditAction::GatingItems);
    assert_eq!(event.comment, "Undo of the last change");
    assert_eq!(event.changes[0].new, Some(json!("To do")));
}

#[test]
fn edits_of_other_checklists_or_items_write_no_gating_event() {
    let mut ws = workspace();
    ws.checklists.push(Checklist::blank("cl-2", "Other"));
    let before = ws.audit.len();
    edit_checklist(&mut ws, "cl-1", "ana", NOW, |c| {
        Ok(c.set_status(&[2], Status::Done))
    })
    .unwrap();
    edit_checklist(&mut ws, "cl-2", "ana", NOW, |c| {
        c.name = "Renamed".into();
        Ok(())
    })
    .unwrap();
    assert_eq!(ws.audit.len(), before);
    // A refused edit changes nothing and writes nothing.
    let refused = edit_checklist(&mut ws, "cl-1", "ana", NOW, |c| c.toggle_done(99));
    assert!(refused.is_err());
    assert_eq!(ws.audit.len(), before);
    assert!(edit_checklist(&mut ws, "gone", "ana", NOW, |_| Ok(())).is_err());
}
