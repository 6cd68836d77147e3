//! The production guards: which environment is production, which checklist
//! gates promotions into it, whether those need an approval, and the
//! pinned and secret patterns (which decide what a promotion leaves out and
//! what every view masks).
//!
//! A guard decides what may reach production, so changing one is recorded:
//! [`set_guard`] writes one [`AuditAction::GuardChanged`] event naming the
//! old and the new setting (nothing when the value stays the same).

use crate::audit::{self, AuditAction, AuditEvent};
use crate::environment::EnvId;
use crate::patterns::{PatternError, PatternSet};
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
    /// The pinned and secret patterns.
    Patterns(PatternSet),
}

/// Why a guard was not changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GuardError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("there is no checklist {0:?}")]
    UnknownChecklist(String),
    #[error(transparent)]
    Patterns(#[from] PatternError),
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
        Guard::Patterns(p) => format!(
            "{} pinned, {} secret pattern(s)",
            p.pinned.len(),
            p.secret.len()
        ),
    }
}

/// What changed between two pattern lists, in words ("secret: added
/// `**/pin`; removed `**/x`"), each list that changed once.
fn pattern_changes(old: &PatternSet, new: &PatternSet) -> String {
    let list = |name: &str, old: &[String], new: &[String]| {
        let quote = |v: Vec<&String>| {
            v.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let added: Vec<&String> = new.iter().filter(|p| !old.contains(p)).collect();
        let removed: Vec<&String> = old.iter().filter(|p| !new.contains(p)).collect();
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", quote(added)));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", quote(removed)));
        }
        if parts.is_empty() && old != new {
            parts.push("reordered or repeated".to_owned());
        }
        (!parts.is_empty()).then(|| format!("{name}: {}", parts.join("; ")))
    };
    [
        list("pinned", &old.pinned, &new.pinned),
        list("secret", &old.secret, &new.secret),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(". ")
}

fn current(ws: &Workspace, like: &Guard) -> Guard {
    let s = &ws.settings;
    match like {
        Guard::ProductionEnv(_) => Guard::ProductionEnv(s.production_env.clone()),
        Guard::GateChecklist(_) => Guard::GateChecklist(s.gate_checklist.clone()),
        Guard::RequireApproval(_) => Guard::RequireApproval(s.require_approval),
        Guard::Patterns(_) => Guard::Patterns(s.patterns.clone()),
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
        Guard::Patterns(p) => {
            p.compile()?;
        }
        _ => {}
    }
    let old = current(ws, &guard);
    if old == guard {
        return Ok(false);
    }
    let comment = match (&old, &guard) {
        (Guard::Patterns(o), Guard::Patterns(n)) => format!("Patterns: {}", pattern_changes(o, n)),
        _ => {
            let what = match guard {
                Guard::ProductionEnv(_) => "Production environment",
                Guard::GateChecklist(_) => "Gating checklist",
                Guard::RequireApproval(_) => "Approval for production",
                Guard::Patterns(_) => "Patterns",
            };
            format!("{what}: {} → {}", describe(ws, &old), describe(ws, &guard))
        }
    };
    record(ws, comment, actor, now);
    let s = &mut ws.settings;
    match guard {
        Guard::ProductionEnv(v) => s.production_env = v,
        Guard::GateChecklist(v) => s.gate_checklist = v,
        Guard::RequireApproval(v) => s.require_approval = v,
        Guard::Patterns(v) => s.patterns = v,
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

    #[test]
    fn patterns_change_only_when_valid_and_are_audited_with_what_changed() {
        let mut ws = demo::workspace();
        let before = ws.settings.patterns.clone();
        let mut bad = before.clone();
        bad.secret.push("**/[".into());
        assert!(matches!(
            set_guard(&mut ws, Guard::Patterns(bad), "Ada", now()),
            Err(GuardError::Patterns(_))
        ));
        assert_eq!(ws.settings.patterns, before);
        let audited = ws.audit.len();
        let mut next = before.clone();
        next.secret.push("**/otp_backup".into());
        next.pinned.retain(|p| p != &before.pinned[0]);
        assert!(set_guard(&mut ws, Guard::Patterns(next.clone()), "Ada", now()).unwrap());
        assert_eq!(ws.settings.patterns, next);
        assert_eq!(ws.audit.len(), audited + 1);
        let e = ws.audit.last().unwrap();
        assert_eq!(e.action, AuditAction::GuardChanged);
        assert!(
            e.comment.contains("secret: added `**/otp_backup`"),
            "{}",
            e.comment
        );
        assert!(
            e.comment
                .contains(&format!("pinned: removed `{}`", before.pinned[0])),
            "{}",
            e.comment
        );
        // The same lists again: nothing written.
        assert!(!set_guard(&mut ws, Guard::Patterns(next), "Ada", now()).unwrap());
        assert_eq!(ws.audit.len(), audited + 1);
    }
}
