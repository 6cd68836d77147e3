//! Status changes of the items that gate production, made in the open.
//!
//! The go-live gate ([`super::gate`]) opens when every gating item of the
//! gating checklist is Done or N/A, so changing such an item's status is a
//! decision about production:
//!
//! - [`edit_checklist`] runs any edit of a checklist and writes one
//!   [`AuditAction::GatingItems`] event listing each gating item whose
//!   status it changed (old → new), with who and when. It returns what
//!   [`undo`] needs to put those statuses back.
//! - [`effect`] says, before a bulk change, whether it would open the gate
//!   and which gating items it touches, so the page can ask first.
//! - [`undo`] restores the statuses a change replaced, audited the same way.

use super::{gate_status, Checklist, ChecklistError, Status};
use crate::audit::{self, AuditAction, AuditChange, AuditEvent};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde_json::Value;

/// A gating item a change touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatingItem {
    pub index: usize,
    pub code: String,
    pub name: String,
    pub status: Status,
}

/// What a status change would do to the go-live gate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GateEffect {
    /// The gating items whose status would change, in checklist order,
    /// with their current status.
    pub gating: Vec<GatingItem>,
    /// The gate into production is closed now and would be open after.
    pub opens_gate: bool,
}

/// The statuses an edit replaced: enough to undo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUndo {
    pub checklist_id: String,
    /// Each changed item's index, code and status before the edit.
    pub before: Vec<(usize, String, Status)>,
}

impl StatusUndo {
    /// Whether the edit changed no status at all.
    pub fn is_empty(&self) -> bool {
        self.before.is_empty()
    }
}

/// Whether `checklist_id` is the checklist gating production.
fn is_gating_checklist(ws: &Workspace, checklist_id: &str) -> bool {
    ws.settings.gate_checklist.as_deref() == Some(checklist_id)
}

fn gate_is_blocked(ws: &Workspace) -> bool {
    ws.production()
        .is_some_and(|p| gate_status(ws, &p.id).is_blocked())
}

/// What setting items `indices` of `checklist_id` to `status` would do to
/// the gate.
pub fn effect(ws: &Workspace, checklist_id: &str, indices: &[usize], status: Status) -> GateEffect {
    let Some(c) = ws.checklist(checklist_id) else {
        return GateEffect::default();
    };
    if !is_gating_checklist(ws, checklist_id) {
        return GateEffect::default();
    }
    let mut gating: Vec<GatingItem> = indices
        .iter()
        .filter_map(|&i| c.items.get(i).map(|item| (i, item)))
        .filter(|(_, item)| item.gates_promotion && item.status != status)
        .map(|(index, item)| GatingItem {
            index,
            code: item.code.clone(),
            name: item.name.clone(),
            status: item.status,
        })
        .collect();
    gating.sort_by_key(|g| g.index);
    gating.dedup_by_key(|g| g.index);
    let opens_gate = !gating.is_empty() && gate_is_blocked(ws) && {
        let mut after = ws.clone();
        if let Some(c) = after.checklist_mut(checklist_id) {
            c.set_status(indices, status);
        }
        !gate_is_blocked(&after)
    };
    GateEffect { gating, opens_gate }
}

/// Runs `f` on checklist `id`. When it is the gating checklist, every
/// gating item whose status changed is audited in one event. Returns `f`'s
/// result and the statuses it replaced (of every item, gating or not).
pub fn edit_checklist<T>(
    ws: &mut Workspace,
    id: &str,
    actor: &str,
    now: Timestamp,
    f: impl FnOnce(&mut Checklist) -> Result<T, ChecklistError>,
) -> Result<(T, StatusUndo), ChecklistError> {
    edit_commented(ws, id, actor, now, "", f)
}

fn edit_commented<T>(
    ws: &mut Workspace,
    id: &str,
    actor: &str,
    now: Timestamp,
    comment: &str,
    f: impl FnOnce(&mut Checklist) -> Result<T, ChecklistError>,
) -> Result<(T, StatusUndo), ChecklistError> {
    let c = ws
        .checklist_mut(id)
        .ok_or_else(|| ChecklistError::NotFound { id: id.to_owned() })?;
    let before: Vec<(String, Status, bool)> = c
        .items
        .iter()
        .map(|i| (i.code.clone(), i.status, i.gates_promotion))
        .collect();
    let out = f(c)?;
    let mut undo = StatusUndo {
        checklist_id: id.to_owned(),
        before: Vec::new(),
    };
    let mut changes = Vec::new();
    // Items keep their places under a status edit; an edit that adds or
    // removes items changes no status worth auditing here.
    if c.items.len() == before.len() {
        for (i, (item, (code, old, gated))) in c.items.iter().zip(&before).enumerate() {
            if item.status == *old {
                continue;
            }
            undo.before.push((i, code.clone(), *old));
            if *gated || item.gates_promotion {
                changes.push(status_change(code, &item.name, *old, item.status));
            }
        }
    }
    if is_gating_checklist(ws, id) && !changes.is_empty() {
        audit_gating(ws, changes, comment.to_owned(), actor, now);
    }
    Ok((out, undo))
}

/// Puts back the statuses `undo` holds, where the item at each index still
/// has the same code. Returns how many were restored. Audited like any
/// status change of gating items, with the comment "Undo".
pub fn undo(
    ws: &mut Workspace,
    undo: &StatusUndo,
    actor: &str,
    now: Timestamp,
) -> Result<usize, ChecklistError> {
    let restore = undo.before.clone();
    let comment = "Undo of the last change";
    let (restored, _) = edit_commented(ws, &undo.checklist_id, actor, now, comment, |c| {
        let mut n = 0;
        for (i, code, status) in &restore {
            if let Some(item) = c.items.get_mut(*i).filter(|item| &item.code == code) {
                if item.status != *status {
                    item.status = *status;
                    n += 1;
                }
            }
        }
        Ok(n)
    })?;
    Ok(restored)
}

fn status_change(code: &str, name: &str, old: Status, new: Status) -> AuditChange {
    let label = if code.is_empty() { name } else { code };
    AuditChange {
        path: format!("/{}", crate::pointer::escape(label)),
        old: Some(Value::from(old.label())),
        new: Some(Value::from(new.label())),
    }
}

fn audit_gating(
    ws: &mut Workspace,
    changes: Vec<AuditChange>,
    comment: String,
    actor: &str,
    now: Timestamp,
) {
    let mut event = AuditEvent::new(AuditAction::GatingItems, Vec::new(), actor, now);
    if let Some(p) = ws.production() {
        event.environments.push(p.id.clone());
    }
    event.changes = changes;
    event.comment = comment;
    audit::record(ws, event);
}

#[cfg(test)]
mod tests;
