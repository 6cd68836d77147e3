//! Checklist-level operations on a [`Workspace`]: create, rename,
//! duplicate and delete.
//!
//! New ids come from [`Workspace::next_id`] with the prefix `checklist`,
//! unless the caller supplies one. Deleting the checklist that gates
//! production also clears [`Settings::gate_checklist`](crate::Settings), so
//! the gate never points at nothing, and records that in the audit trail
//! (production is no longer gated, and the release manager should know).

use super::{Checklist, ChecklistError, Template};
use crate::Workspace;

/// What a new checklist starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// No timeframes and no items.
    Blank,
    /// A fresh copy of a built-in template.
    Template(Template),
    /// An accepted import (see [`super::ImportPreview::accept`]); its id is
    /// replaced.
    Imported(Checklist),
}

/// The id prefix of checklists created here.
pub const ID_PREFIX: &str = "checklist";

/// Adds a checklist and returns its new id. An empty `name` takes the
/// template's title, the imported name, or "Untitled checklist".
pub fn create_checklist(ws: &mut Workspace, name: &str, source: Source) -> String {
    let id = ws.next_id(ID_PREFIX);
    let mut checklist = match source {
        Source::Blank => Checklist::blank(id.clone(), ""),
        Source::Template(t) => t.build(id.clone()),
        Source::Imported(c) => Checklist {
            id: id.clone(),
            ..c
        },
    };
    let name = name.trim();
    if !name.is_empty() {
        checklist.name = name.to_owned();
    } else if checklist.name.trim().is_empty() {
        checklist.name = "Untitled checklist".to_owned();
    }
    ws.checklists.push(checklist);
    id
}

/// Renames a checklist; the name is trimmed and must not be empty.
pub fn rename_checklist(ws: &mut Workspace, id: &str, name: &str) -> Result<(), ChecklistError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ChecklistError::EmptyName);
    }
    let checklist = ws.checklist_mut(id).ok_or_else(|| not_found(id))?;
    checklist.name = name.to_owned();
    Ok(())
}

/// Copies a checklist under `new_id` (or a fresh id) with the name
/// "Copy of …", placed right after the original. Returns the new id.
pub fn duplicate_checklist(
    ws: &mut Workspace,
    id: &str,
    new_id: Option<String>,
) -> Result<String, ChecklistError> {
    let at = ws
        .checklists
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| not_found(id))?;
    let new_id = match new_id {
        Some(new_id) if ws.checklist(&new_id).is_some() => {
            return Err(ChecklistError::DuplicateId { id: new_id });
        }
        Some(new_id) => new_id,
        None => ws.next_id(ID_PREFIX),
    };
    let original = &ws.checklists[at];
    let copy = original.duplicate(new_id.clone(), format!("Copy of {}", original.name));
    ws.checklists.insert(at + 1, copy);
    Ok(new_id)
}

/// Removes a checklist and returns it (so the UI can offer an undo).
pub fn delete_checklist(
    ws: &mut Workspace,
    id: &str,
    actor: &str,
    now: jiff::Timestamp,
) -> Result<Checklist, ChecklistError> {
    let at = ws
        .checklists
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| not_found(id))?;
    if ws.settings.gate_checklist.as_deref() == Some(id) {
        let name = ws.checklists[at].name.clone();
        crate::guards::record(
            ws,
            format!("Gating checklist: {name} → none (the checklist was deleted)"),
            actor,
            now,
        );
        ws.settings.gate_checklist = None;
    }
    Ok(ws.checklists.remove(at))
}

fn not_found(id: &str) -> ChecklistError {
    ChecklistError::NotFound { id: id.to_owned() }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn create_rename_duplicate_delete() {
        let mut ws = Workspace::empty();
        let a = create_checklist(&mut ws, "", Source::Template(Template::GoLivePreparation));
        assert_eq!(ws.checklist(&a).unwrap().name, "Go-live preparation");
        let b = create_checklist(&mut ws, "  ", Source::Blank);
        assert_eq!(ws.checklist(&b).unwrap().name, "Untitled checklist");
        assert_ne!(a, b);

        rename_checklist(&mut ws, &a, " Shop launch ").unwrap();
        assert_eq!(ws.checklist(&a).unwrap().name, "Shop launch");
        assert_eq!(
            rename_checklist(&mut ws, &a, " "),
            Err(ChecklistError::EmptyName)
        );

        let c = duplicate_checklist(&mut ws, &a, None).unwrap();
        assert_eq!(ws.checklists[1].id, c);
        assert_eq!(ws.checklists[1].name, "Copy of Shop launch");
        assert_eq!(ws.checklists[1].items, ws.checklists[0].items);
        assert!(matches!(
            duplicate_checklist(&mut ws, &a, Some(b.clone())),
            Err(ChecklistError::DuplicateId { .. })
        ));

        ws.settings.gate_checklist = Some(a.clone());
        let now = jiff::Timestamp::UNIX_EPOCH;
        delete_checklist(&mut ws, &a, "Ada", now).unwrap();
        assert_eq!(ws.settings.gate_checklist, None);
        assert!(ws.audit.last().unwrap().comment.contains("was deleted"));
        assert!(matches!(
            delete_checklist(&mut ws, &a, "Ada", now),
            Err(ChecklistError::NotFound { .. })
        ));
        assert_eq!(ws.checklists.len(), 2);
    }
}
