//! What the history page shows, as view models: the audit trail a page at
//! a time and every snapshot as a row.
//!
//! A workspace with hundreds of promotions holds hundreds of audit events,
//! each listing every changed path, and twice as many snapshots. The page
//! must not build all of that into the DOM, nor copy it on every change, so
//! the rules of what is shown live here:
//!
//! - [`audit_page`]: the events a filter matches, newest first, at most
//!   [`AUDIT_PAGE`] more per "show more"; each row lists its first
//!   [`CHANGES_SHOWN`] changes and counts the rest (the export has them
//!   all). An event a link points at is always among the rows shown.
//! - [`snapshot_rows`]: every snapshot, newest first, with what its row
//!   says. Rows are keyed by the snapshot id, which never changes, so a
//!   windowed list can keep the rows it has already built.

use crate::audit::{AuditAction, AuditChange, AuditEvent, AuditFilter};
use crate::environment::EnvId;
use crate::snapshot::SnapshotReason;
use crate::workspace::Workspace;
use jiff::Timestamp;
use std::collections::BTreeSet;

/// How many audit events one step of the page shows: few enough that the
/// page is drawn at once (measured with 200 promotions of 5,000 changes).
pub const AUDIT_PAGE: usize = 25;
/// How many of an event's changes its row lists.
pub const CHANGES_SHOWN: usize = 12;

/// One audit event as its row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: String,
    pub time: Timestamp,
    pub actor: String,
    pub action: AuditAction,
    /// The environments' names (their ids for those since deleted).
    pub environments: Vec<String>,
    pub chain_override: bool,
    pub gate_override: Option<String>,
    pub gate_open_items: Vec<String>,
    pub restored_snapshot: Option<String>,
    /// The first [`CHANGES_SHOWN`] changes, as recorded (secrets masked).
    pub changes: Vec<AuditChange>,
    /// How many more changes the event records.
    pub more_changes: usize,
    pub snapshots: Vec<String>,
    pub comment: String,
}

impl AuditRow {
    fn new(ws: &Workspace, e: &AuditEvent) -> Self {
        Self {
            id: e.id.clone(),
            time: e.time,
            actor: e.actor.clone(),
            action: e.action.clone(),
            environments: e.environments.iter().map(|id| ws.env_name(id)).collect(),
            chain_override: e.chain_override,
            gate_override: e.gate_override.clone(),
            gate_open_items: e.gate_open_items.clone(),
            restored_snapshot: e.restored_snapshot.clone(),
            changes: e.changes.iter().take(CHANGES_SHOWN).cloned().collect(),
            more_changes: e.changes.len().saturating_sub(CHANGES_SHOWN),
            snapshots: e.snapshots.clone(),
            comment: e.comment.clone(),
        }
    }
}

/// The part of the audit trail the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditPage {
    /// Newest first.
    pub rows: Vec<AuditRow>,
    /// How many events the filter matches.
    pub matching: usize,
    /// How many events there are.
    pub total: usize,
}

impl AuditPage {
    /// Matching events not shown yet.
    pub fn hidden(&self) -> usize {
        self.matching - self.rows.len()
    }
}

/// The newest `shown` events that `filter` matches (more, when `target`
/// is one of the matching events and older than those).
pub fn audit_page(
    ws: &Workspace,
    filter: &AuditFilter,
    shown: usize,
    target: Option<&str>,
) -> AuditPage {
    let matching = filter.apply(&ws.audit);
    // Newest first: the target's place from the newest end.
    let place = target.and_then(|t| matching.iter().rev().position(|e| e.id == t));
    let shown = place.map_or(shown, |p| shown.max(p + 1));
    AuditPage {
        rows: matching
            .iter()
            .rev()
            .take(shown)
            .map(|e| AuditRow::new(ws, e))
            .collect(),
        matching: matching.len(),
        total: ws.audit.len(),
    }
}

/// The choices of the audit filters: actions and actors that occur, each
/// once, in order.
pub fn audit_choices(ws: &Workspace) -> (BTreeSet<String>, BTreeSet<String>) {
    let actions = ws.audit.iter().map(|e| e.action.to_string()).collect();
    let actors = ws.audit.iter().map(|e| e.actor.clone()).collect();
    (actions, actors)
}

/// The action named `text` (as [`AuditAction`] displays it), if an event
/// of the trail has it.
pub fn audit_action(ws: &Workspace, text: &str) -> Option<AuditAction> {
    ws.audit
        .iter()
        .map(|e| &e.action)
        .find(|a| a.to_string() == text)
        .cloned()
}

/// One snapshot as its history row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRow {
    /// The key of the row: a snapshot id never changes.
    pub id: String,
    pub env: EnvId,
    pub env_name: String,
    pub env_version: u64,
    pub time: Timestamp,
    pub actor: String,
    pub reason: SnapshotReason,
    /// The environment still exists, so the snapshot can be restored.
    pub revertable: bool,
    /// Why its content cannot be read, when it is damaged: the row stays
    /// in its place with what its record says, and offers nothing to do.
    pub damaged: Option<String>,
}

/// A snapshot whose content could not be read back, as its kept record
/// still describes it (the storage format finds these; see
/// `stored::DamagedSnapshot::unreadable`).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub id: String,
    pub env: EnvId,
    pub env_version: u64,
    pub time: Timestamp,
    pub reason: SnapshotReason,
    /// What is wrong, in words.
    pub why: String,
}

/// Every snapshot, newest first, the damaged ones among them at the place
/// their time gives them.
pub fn snapshot_rows(ws: &Workspace, damaged: &[Unreadable]) -> Vec<SnapshotRow> {
    rows_where(ws, damaged, |_| true)
}

/// The snapshots of environment `env`, newest first, damaged ones
/// included (the environment page's list).
pub fn env_snapshot_rows(ws: &Workspace, env: &EnvId, damaged: &[Unreadable]) -> Vec<SnapshotRow> {
    rows_where(ws, damaged, |e| e == env)
}

fn rows_where(
    ws: &Workspace,
    damaged: &[Unreadable],
    wanted: impl Fn(&EnvId) -> bool,
) -> Vec<SnapshotRow> {
    let env_name = |id: &EnvId| {
        ws.env(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    let mut rows: Vec<SnapshotRow> = ws
        .snapshots
        .iter()
        .rev()
        .filter(|s| wanted(&s.env))
        .map(|s| SnapshotRow {
            id: s.id.clone(),
            env: s.env.clone(),
            env_name: env_name(&s.env),
            env_version: s.env_version,
            time: s.time,
            actor: s.actor.clone(),
            reason: s.reason.clone(),
            revertable: ws.env(&s.env).is_some(),
            damaged: None,
        })
        .collect();
    for d in damaged.iter().filter(|d| wanted(&d.env)) {
        if rows.iter().any(|r| r.id == d.id) {
            continue;
        }
        // Before the first row that is not newer: among rows of one time,
        // after those listed already.
        let at = rows
            .iter()
            .position(|r| r.time < d.time)
            .unwrap_or(rows.len());
        rows.insert(
            at,
            SnapshotRow {
                id: d.id.clone(),
                env: d.env.clone(),
                env_name: env_name(&d.env),
                env_version: d.env_version,
                time: d.time,
                actor: String::new(),
                reason: d.reason.clone(),
                revertable: false,
                damaged: Some(d.why.clone()),
            },
        );
    }
    rows
}

/// Where snapshot `id` is among [`snapshot_rows`].
pub fn snapshot_row_index(rows: &[SnapshotRow], id: &str) -> Option<usize> {
    rows.iter().position(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changeset::ChangeSet;
    use crate::promote::{self, Selection};
    use crate::{demo, snapshot};
    use serde_json::json;

    fn now(s: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + s).unwrap_or_default()
    }

    /// The demo after `n` promotions dev → qa of one changed value each.
    fn promoted(n: usize) -> Workspace {
        let mut ws = demo::workspace();
        let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
        for i in 0..n {
            let mut config = (*ws.environments[0].config).clone();
            config["round"] = json!(i);
            ws.environments[0].set_config(config);
            let set = ChangeSet::between(&ws, &dev, &qa).expect("a change set");
            promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now(i as i64))
                .expect("promoted");
        }
        ws
    }

    #[test]
    fn the_trail_shows_a_page_of_the_newest_events_and_counts_the_rest() {
        let ws = promoted(AUDIT_PAGE + 7);
        let page = audit_page(&ws, &AuditFilter::new(), AUDIT_PAGE, None);
        assert_eq!(page.rows.len(), AUDIT_PAGE);
        assert_eq!(
            (page.matching, page.total),
            (AUDIT_PAGE + 7, AUDIT_PAGE + 7)
        );
        assert_eq!(page.hidden(), 7);
        let newest = ws.audit.last().map(|e| e.id.clone());
        assert_eq!(page.rows.first().map(|r| r.id.clone()), newest);
        assert_eq!(page.rows[0].environments, ["Development", "QA"]);
        let all = audit_page(&ws, &AuditFilter::new(), 2 * AUDIT_PAGE, None);
        assert_eq!(all.rows.len(), AUDIT_PAGE + 7);
        assert_eq!(all.hidden(), 0);
    }

    #[test]
    fn an_event_a_link_points_at_is_always_shown() {
        let ws = promoted(AUDIT_PAGE + 7);
        let oldest = ws.audit[0].id.clone();
        let page = audit_page(&ws, &AuditFilter::new(), AUDIT_PAGE, Some(&oldest));
        assert_eq!(page.rows.len(), AUDIT_PAGE + 7);
        assert_eq!(
            page.rows.last().map(|r| r.id.as_str()),
            Some(oldest.as_str())
        );
        // Filtered out, it is not forced in.
        let f = AuditFilter::new().actor("Nobody");
        assert!(audit_page(&ws, &f, AUDIT_PAGE, Some(&oldest))
            .rows
            .is_empty());
    }

    #[test]
    fn a_long_change_list_is_cut_and_counted() {
        let mut ws = demo::workspace();
        let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
        let mut config = (*ws.environments[0].config).clone();
        for i in 0..CHANGES_SHOWN + 5 {
            config[format!("added_{i:02}")] = json!(i);
        }
        ws.environments[0].set_config(config);
        let set = ChangeSet::between(&ws, &dev, &qa).expect("a change set");
        promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now(0)).expect("promoted");
        let recorded = ws.audit[0].changes.len();
        let row = &audit_page(&ws, &AuditFilter::new(), 1, None).rows[0];
        assert_eq!(row.changes.len(), CHANGES_SHOWN);
        assert_eq!(row.more_changes, recorded - CHANGES_SHOWN);
        assert_eq!(row.changes[..], ws.audit[0].changes[..CHANGES_SHOWN]);
    }

    #[test]
    fn filter_choices_come_from_the_trail() {
        let mut ws = promoted(2);
        let dev = ws.environments[0].id.clone();
        snapshot::take_manual(&mut ws, &dev, "by hand", "Grace", now(9)).expect("taken");
        let (actions, actors) = audit_choices(&ws);
        assert_eq!(
            actions.into_iter().collect::<Vec<_>>(),
            ["Promotion", "Snapshot"]
        );
        assert_eq!(actors.into_iter().collect::<Vec<_>>(), ["Ada", "Grace"]);
        assert_eq!(audit_action(&ws, "Snapshot"), Some(AuditAction::Snapshot));
        assert_eq!(audit_action(&ws, "Revert"), None);
    }

    #[test]
    fn snapshot_rows_are_newest_first_and_keyed_by_id() {
        let mut ws = promoted(3);
        let rows = snapshot_rows(&ws, &[]);
        assert_eq!(rows.len(), 6);
        let ids: Vec<&str> = ws.snapshots.iter().rev().map(|s| s.id.as_str()).collect();
        assert_eq!(rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ids);
        assert_eq!(rows[0].reason, SnapshotReason::AfterPromotion);
        assert_eq!(rows[0].env_name, "QA");
        assert!(rows.iter().all(|r| r.revertable));
        assert_eq!(snapshot_row_index(&rows, ids[4]), Some(4));
        // A new snapshot comes first; the others keep their ids.
        let dev = ws.environments[0].id.clone();
        snapshot::take_manual(&mut ws, &dev, "", "Ada", now(9)).expect("taken");
        let again = snapshot_rows(&ws, &[]);
        assert_eq!(again[1..], rows[..]);
        // An environment deleted: its snapshots stay listed, not revertable.
        ws.environments.retain(|e| e.id.as_str() != "qa");
        let rows = snapshot_rows(&ws, &[]);
        let qa: Vec<_> = rows.iter().filter(|r| r.env.as_str() == "qa").collect();
        assert_eq!(qa.len(), 6);
        assert!(qa.iter().all(|r| !r.revertable && r.env_name == "qa"));
    }

    #[test]
    fn a_damaged_snapshot_keeps_its_place_and_offers_nothing() {
        let ws = promoted(3);
        let rows = snapshot_rows(&ws, &[]);
        // Damaged between the newest and the second newest promotion.
        let d = Unreadable {
            id: "snap-gone".into(),
            env: ws.environments[1].id.clone(),
            env_version: 9,
            time: now(1),
            reason: SnapshotReason::AfterPromotion,
            why: "node x is missing from storage".into(),
        };
        let with = snapshot_rows(&ws, std::slice::from_ref(&d));
        assert_eq!(with.len(), rows.len() + 1);
        let at = with
            .iter()
            .position(|r| r.id == "snap-gone")
            .expect("listed");
        assert!(with[..at].iter().all(|r| r.time >= d.time));
        assert!(with[at + 1..].iter().all(|r| r.time < d.time));
        let row = &with[at];
        assert!(!row.revertable);
        assert_eq!(row.damaged.as_deref(), Some(d.why.as_str()));
        assert_eq!((row.env_name.as_str(), row.env_version), ("QA", 9));
        // Listed once, even if the workspace still holds it.
        let mut twice = d.clone();
        twice.id = rows[0].id.clone();
        assert_eq!(snapshot_rows(&ws, &[twice]).len(), rows.len());
        // An environment's own list has its damaged ones; others' do not.
        let qa = env_snapshot_rows(&ws, &ws.environments[1].id, std::slice::from_ref(&d));
        assert!(qa.iter().any(|r| r.id == "snap-gone"));
        assert!(qa.iter().all(|r| r.env == ws.environments[1].id));
        let dev = env_snapshot_rows(&ws, &ws.environments[0].id, std::slice::from_ref(&d));
        assert!(dev.iter().all(|r| r.id != "snap-gone"));
    }
}
