//! The production guards: which environment is production, which checklist
//! gates promotions into it, and whether those need an approval.
//!
//! A guard decides what may reach production, so changing one is recorded:
//! [`set_guard`] writes one [`AuditAction::GuardChanged`] event naming the
//! old and the new setting (nothing when the value stays the same).

use crate::audit::{self, AuditAction, AuditEvent};
use crate::environment::EnvId;
use crate::workspace::Workspace;
use jiff::Timestamp;
use thiserror::Error;

/// One guard with its new value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    /// The production environment; `None` means the last one.
    ProductionEnv(Option<EnvId>),
    /// The checklist whose gating items guard production; `None` for none.
    GateChecklist(Option<String>),
    /// Promotions into production need an approval of the change set.
    RequireApproval(bool),
}

/// Why a guard was not changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GuardError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("there is no checklist {0:?}")]
    UnknownChecklist(String),
}

fn describe(ws: &Workspace, guard: &Guard) -> String {
    match guard {
        Guard::ProductionEnv(None) => "the last environment".to_owned(),
        Guard::ProductionEnv(Some(id)) => ws.env_name(id),
        Guard::GateChecklist(None) => "none".to_owned(),
        Guard::GateChecklist(Some(id)) => ws
            .checklist(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.clone()),
        Guard::RequireApproval(on) => if *on { "required" } else { "not required" }.to_owned(),
    }
}

fn current(ws: &Workspace, like: &Guard) -> Guard {
    let s = &ws.settings;
    match like {
        Guard::ProductionEnv(_) => Guard::ProductionEnv(s.production_env.clone()),
        Guard::GateChecklist(_) => Guard::GateChecklist(s.gate_checklist.clone()),
        Guard::RequireApproval(_) => Guard::RequireApproval(s.require_approval),
    }
}

/// Sets a guard and audits the change. Returns false when it already had
/// that value (nothing written).
pub fn set_guard(
    ws: &mut Workspace,
    guard: Guard,
    actor: &str,
    now: Timestamp,
) -> Result<bool, GuardError> {
    match &guard {
        Guard::ProductionEnv(Some(id)) if ws.env(id).is_none() => {
            return Err(GuardError::UnknownEnvironment(id.clone()))
        }
        Guard::GateChecklist(Some(id)) if ws.checklist(id).is_none() => {
            return Err(GuardError::UnknownChecklist(id.clone()))
        }
        _ => {}
    }
    let old = current(ws, &guard);
    if old == guard {
        return Ok(false);
    }
    let what = match guard {
        Guard::ProductionEnv(_) => "Production environment",
        Guard::GateChecklist(_) => "Gating checklist",
        Guard::RequireApproval(_) => "Approval for production",
    };
    let comment = format!("{what}: {} → {}", describe(ws, &old), describe(ws, &guard));
    record(ws, comment, actor, now);
    let s = &mut ws.settings;
    match guard {
        Guard::ProductionEnv(v) => s.production_env = v,
        Guard::GateChecklist(v) => s.gate_checklist = v,
        Guard::RequireApproval(v) => s.require_approval = v,
    }
    Ok(true)
}

/// Writes a guard event; also used when deleting the gating checklist.
pub(crate) fn record(ws: &mut Workspace, comment: String, actor: &str, now: Timestamp) {
    let envs = ws
        .production()
        .map(|p| vec![p.id.clone()])
        .unwrap_or_default();
    let mut event = AuditEvent::new(AuditAction::GuardChanged, envs, actor, now);
    event.comment = comment;
    audit::record(ws, event);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::checklist::{create_checklist, Source};
    use crate::demo;

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    #[test]
    fn every_change_is_audited_once() {
        let mut ws = demo::workspace();
        let id = create_checklist(&mut ws, "Launch", Source::Blank);
        assert!(set_guard(
            &mut ws,
            Guard::GateChecklist(Some(id.clone())),
            "Ada",
            now()
        )
        .unwrap());
        assert!(!set_guard(
            &mut ws,
            Guard::GateChecklist(Some(id.clone())),
            "Ada",
            now()
        )
        .unwrap());
        assert!(set_guard(&mut ws, Guard::RequireApproval(true), "Ada", now()).unwrap());
        assert!(set_guard(
            &mut ws,
            Guard::ProductionEnv(Some("qa".into())),
            "Ada",
            now()
        )
        .unwrap());
        let comments: Vec<&str> = ws.audit.iter().map(|e| e.comment.as_str()).collect();
        assert_eq!(
            comments,
            [
                "Gating checklist: none → Launch",
                "Approval for production: not required → required",
                "Production environment: the last environment → QA",
            ]
        );
        assert!(ws
            .audit
            .iter()
            .all(|e| e.action == AuditAction::GuardChanged && e.actor == "Ada"));
        assert_eq!(ws.settings.gate_checklist.as_deref(), Some(id.as_str()));
        assert_eq!(
            set_guard(
                &mut ws,
                Guard::GateChecklist(Some("nope".into())),
                "Ada",
                now()
            ),
            Err(GuardError::UnknownChecklist("nope".into()))
        );
        assert_eq!(ws.audit.len(), 3);
    }
}
