//! The go-live gate: promotion into production waits for the gating items.
//!
//! ## Rule
//!
//! A promotion into the production environment ([`Workspace::production`])
//! is blocked while any item of the gating checklist
//! ([`Settings::gate_checklist`](crate::Settings)) that has
//! `gates_promotion` set is neither Done nor N/A. Promotions into any other
//! environment, and all promotions when no gating checklist is chosen, are
//! open.
//!
//! A gating checklist that no longer exists (for example after restoring an
//! older backup) blocks: the release manager chose to guard production, and
//! a missing list is not evidence that the work is done. The fix is to
//! pick another checklist in the settings, or to override.
//!
//! An override needs a typed reason ([`GateOverride::new`]); recording it
//! in the audit belongs to the promotion.

use super::Status;
use crate::{EnvId, Workspace};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Whether a promotion may go ahead, and if not, what holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GateStatus {
    /// The promotion may go ahead.
    Open(GateOpen),
    /// Gating items are still open.
    Blocked {
        /// The gating checklist.
        checklist_id: String,
        /// Its name, for the message.
        checklist_name: String,
        /// The open gating items, in checklist order.
        items: Vec<BlockingItem>,
    },
    /// The chosen gating checklist does not exist (this blocks).
    ChecklistMissing {
        /// The id named in the settings.
        checklist_id: String,
    },
}

/// Why the gate is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GateOpen {
    /// The target is not the production environment.
    NotProduction,
    /// No gating checklist is chosen in the settings.
    NoGateChecklist,
    /// Every gating item is Done or N/A.
    AllResolved,
}

/// An open gating item, with what the UI needs to list and link it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockingItem {
    /// The checklist the item is in.
    pub checklist_id: String,
    /// Index into the checklist's items.
    pub index: usize,
    /// The item's code, e.g. `SEC-02`.
    pub code: String,
    /// The item's name.
    pub name: String,
    /// Its current status (never Done or N/A).
    pub status: Status,
}

impl GateStatus {
    /// True when the promotion must not go ahead without an override.
    pub fn is_blocked(&self) -> bool {
        !matches!(self, GateStatus::Open(_))
    }

    /// The open gating items (empty unless [`GateStatus::Blocked`]).
    pub fn blocking_items(&self) -> &[BlockingItem] {
        match self {
            GateStatus::Blocked { items, .. } => items,
            _ => &[],
        }
    }
}

/// The gate for a promotion into `target`.
pub fn gate_status(ws: &Workspace, target: &EnvId) -> GateStatus {
    if ws.production().is_none_or(|p| &p.id != target) {
        return GateStatus::Open(GateOpen::NotProduction);
    }
    let Some(checklist_id) = &ws.settings.gate_checklist else {
        return GateStatus::Open(GateOpen::NoGateChecklist);
    };
    let Some(checklist) = ws.checklist(checklist_id) else {
        return GateStatus::ChecklistMissing {
            checklist_id: checklist_id.clone(),
        };
    };
    let items: Vec<BlockingItem> = checklist
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.gates_promotion && !item.status.is_resolved())
        .map(|(index, item)| BlockingItem {
            checklist_id: checklist.id.clone(),
            index,
            code: item.code.clone(),
            name: item.name.clone(),
            status: item.status,
        })
        .collect();
    if items.is_empty() {
        GateStatus::Open(GateOpen::AllResolved)
    } else {
        GateStatus::Blocked {
            checklist_id: checklist.id.clone(),
            checklist_name: checklist.name.clone(),
            items,
        }
    }
}

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GateError {
    #[error("an override of the go-live gate needs a reason")]
    /// The reason was empty or only whitespace.
    EmptyReason,
}

/// A deliberate override of a blocked gate, with the reason to record in
/// the audit. Only [`GateOverride::new`] makes one, so the reason is never
/// blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "GateOverrideRaw")]
pub struct GateOverride {
    reason: String,
}

#[derive(Deserialize)]
struct GateOverrideRaw {
    reason: String,
}

impl TryFrom<GateOverrideRaw> for GateOverride {
    type Error = GateError;
    fn try_from(raw: GateOverrideRaw) -> Result<Self, GateError> {
        GateOverride::new(&raw.reason)
    }
}

impl GateOverride {
    /// Validates a typed reason: it must not be empty once trimmed.
    pub fn new(reason: &str) -> Result<Self, GateError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(GateError::EmptyReason);
        }
        Ok(Self {
            reason: reason.to_owned(),
        })
    }

    /// The trimmed reason.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Checklist, Item};
    use crate::Environment;
    use serde_json::json;

    fn workspace() -> Workspace {
        let mut ws = Workspace::empty();
        for (id, name) in [("dev", "Development"), ("qa", "QA"), ("prod", "Production")] {
            ws.environments.push(Environment::new(id, name, json!({})));
        }
        let mut c = Checklist::blank("cl-1", "Launch");
        c.add_timeframe("Day", 0);
        let mut gating = Item::new("SEC-01", "Security", "Rotate secrets", 0);
        gating.gates_promotion = true;
        c.add_item(gating).unwrap();
        c.add_item(Item::new("GEN-01", "General", "Share plan", 0))
            .unwrap();
        ws.checklists.push(c);
        ws.settings.gate_checklist = Some("cl-1".into());
        ws
    }

    #[test]
    fn blocks_only_production() {
        let mut ws = workspace();
        assert_eq!(
            gate_status(&ws, &"qa".into()),
            GateStatus::Open(GateOpen::NotProduction)
        );
        let gate = gate_status(&ws, &"prod".into());
        assert!(gate.is_blocked());
        assert_eq!(gate.blocking_items()[0].code, "SEC-01");
        assert_eq!(gate.blocking_items().len(), 1);

        ws.settings.production_env = Some("qa".into());
        assert!(gate_status(&ws, &"qa".into()).is_blocked());
        assert!(!gate_status(&ws, &"prod".into()).is_blocked());
    }

    #[test]
    fn opens_when_resolved_or_unconfigured() {
        let mut ws = workspace();
        ws.checklists[0].items[0].status = Status::NotApplicable;
        assert_eq!(
            gate_status(&ws, &"prod".into()),
            GateStatus::Open(GateOpen::AllResolved)
        );
        ws.settings.gate_checklist = None;
        assert_eq!(
            gate_status(&ws, &"prod".into()),
            GateStatus::Open(GateOpen::NoGateChecklist)
        );
        ws.settings.gate_checklist = Some("gone".into());
        assert!(gate_status(&ws, &"prod".into()).is_blocked());
        assert_eq!(
            gate_status(&Workspace::empty(), &"prod".into()),
            GateStatus::Open(GateOpen::NotProduction)
        );
    }

    #[test]
    fn override_needs_a_reason() {
        assert_eq!(GateOverride::new(" \n\t"), Err(GateError::EmptyReason));
        let o = GateOverride::new("  hotfix approved by CTO ").unwrap();
        assert_eq!(o.reason(), "hotfix approved by CTO");
        assert!(serde_json::from_str::<GateOverride>(r#"{"reason":" "}"#).is_err());
        let back: GateOverride = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }
}
