//! The append-only audit trail.
//!
//! Every operation that changes what an environment holds (a promotion, a
//! revert, a pipeline edit, a manual snapshot) appends exactly one
//! [`AuditEvent`] to `Workspace::audit`. Nothing in this crate edits or
//! removes an event once written.
//!
//! ## Secrets
//!
//! Values are masked *before* they are written: an event never holds a
//! secret in clear, so exporting or sharing the trail is always safe. A
//! value is masked when its own pointer, or the pointer of any leaf inside
//! it, matches a secret pattern ([`Patterns::mask_value`](crate::patterns::Patterns::mask_value)).
//!
//! ## Reading
//!
//! [`AuditFilter`] selects events by environment, action, actor and time
//! range; [`to_csv`] and [`to_json`] export any slice of events.
//!
//! Events written before masks were keyed hold legacy masks (an unsalted
//! hash that a guess can be checked against). They stay as written, since
//! the trail is append-only; [`AuditChange::has_legacy_mask`] and
//! [`AuditEvent::has_legacy_masks`] let a page mark them.

use crate::diff::Change;
use crate::environment::EnvId;
use crate::patterns::Patterns;
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use thiserror::Error;

/// What an audit event records.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    Promotion,
    Revert,
    ConfigEdit,
    Import,
    Snapshot,
    EnvironmentAdded,
    EnvironmentRenamed,
    EnvironmentReordered,
    EnvironmentDeleted,
    EnvironmentCloned,
    Approval,
    GateOverride,
    /// A production guard changed (see [`crate::guards`]).
    GuardChanged,
    /// Statuses of items gating production changed (see
    /// [`crate::checklist::gating`]).
    GatingItems,
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The same spelling as the stored (serde) form, so CSV and JSON agree.
        fmt::Debug::fmt(self, f)
    }
}

/// One changed path as the audit keeps it (secret values already masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditChange {
    pub path: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub old: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::optional_value::present"
    )]
    pub new: Option<Value>,
}

impl AuditChange {
    /// True when a value here holds a legacy mask (see the module docs): a
    /// page shows such a change with a note that its masks are guessable.
    pub fn has_legacy_mask(&self) -> bool {
        [&self.old, &self.new]
            .into_iter()
            .flatten()
            .any(crate::patterns::has_legacy_mask)
    }
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: String,
    pub actor: String,
    pub time: Timestamp,
    pub action: AuditAction,
    /// The environments involved; for a promotion, source then target.
    pub environments: Vec<EnvId>,
    #[serde(default)]
    pub changes: Vec<AuditChange>,
    #[serde(default)]
    pub comment: String,
    /// Snapshot ids written by the operation (before, then after).
    #[serde(default)]
    pub snapshots: Vec<String>,
    /// The promotion skipped the chain rule (not into the next environment up).
    #[serde(default, skip_serializing_if = "is_false")]
    pub chain_override: bool,
    /// The change-set hash a promotion applied, for matching approvals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changeset_hash: Option<String>,
    /// For a promotion past a closed go-live gate: the reason given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate_override: Option<String>,
    /// For a revert: the snapshot whose content was restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_snapshot: Option<String>,
    /// For a gate override: the codes of the gating items still open then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gate_open_items: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl AuditEvent {
    /// A new event with no changes, comment or snapshots; the id is filled
    /// in by [`record`].
    pub fn new(
        action: AuditAction,
        environments: Vec<EnvId>,
        actor: impl Into<String>,
        time: Timestamp,
    ) -> Self {
        Self {
            id: String::new(),
            actor: actor.into(),
            time,
            action,
            environments,
            changes: Vec::new(),
            comment: String::new(),
            snapshots: Vec::new(),
            chain_override: false,
            changeset_hash: None,
            restored_snapshot: None,
            gate_override: None,
            gate_open_items: Vec::new(),
        }
    }

    /// True when any of its changes holds a legacy mask.
    pub fn has_legacy_masks(&self) -> bool {
        self.changes.iter().any(AuditChange::has_legacy_mask)
    }

    /// True when this event involves `env`.
    pub fn involves(&self, env: &EnvId) -> bool {
        self.environments.contains(env)
    }
}

/// Appends `event` with a fresh id and returns the id. An empty actor is
/// replaced by the display name from the settings.
pub fn record(ws: &mut Workspace, mut event: AuditEvent) -> String {
    event.id = ws.next_id("evt");
    if event.actor.trim().is_empty() {
        event.actor = ws.settings.display_name.clone();
    }
    let id = event.id.clone();
    ws.audit.push(event);
    id
}

/// The audit form of `changes`: paths with old and new values, secrets masked
/// (by the change's own `secret` flag or by the patterns).
pub fn audit_changes(changes: &[Change], patterns: &Patterns) -> Vec<AuditChange> {
    changes
        .iter()
        .map(|c| {
            let c = c.masked(patterns);
            AuditChange {
                path: c.path,
                old: c.old,
                new: c.new,
            }
        })
        .collect()
}

/// How many changed paths an event lists before it only counts them. A
/// promotion or revert of thousands of settings would otherwise store every
/// old and new value a second time (its before and after snapshots hold
/// them all), and the audit would outgrow the history it describes.
pub const LISTED_CHANGES: usize = 500;

/// The audit form of the first [`LISTED_CHANGES`] of `changes`, and when
/// there were more, the note that says so for the event's comment.
pub fn listed_changes(
    changes: &[Change],
    patterns: &Patterns,
) -> (Vec<AuditChange>, Option<String>) {
    let total = changes.len();
    let listed = audit_changes(&changes[..total.min(LISTED_CHANGES)], patterns);
    let note = (total > LISTED_CHANGES).then(|| {
        format!("{total} changes; the first {LISTED_CHANGES} are listed, and the snapshots hold every one")
    });
    (listed, note)
}

/// `comment` with `note` added (in brackets after a comment of its own).
pub fn with_note(comment: &str, note: Option<String>) -> String {
    let comment = comment.trim();
    match note {
        None => comment.to_owned(),
        Some(n) if comment.is_empty() => n,
        Some(n) => format!("{comment} ({n})"),
    }
}

/// Which events to show: every condition set must hold.
///
/// ```
/// use preflight_core::audit::{AuditAction, AuditFilter};
/// let f = AuditFilter::new()
///     .environment("production")
///     .action(AuditAction::Promotion);
/// # let _ = f;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    environments: Vec<EnvId>,
    actions: Vec<AuditAction>,
    actor: Option<String>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
}

impl AuditFilter {
    /// A filter that matches everything.
    pub fn new() -> Self {
        Self::default()
    }
    /// Events involving this environment (several calls: any of them).
    pub fn environment(mut self, env: impl Into<EnvId>) -> Self {
        self.environments.push(env.into());
        self
    }
    /// Events of this action (several calls: any of them).
    pub fn action(mut self, action: AuditAction) -> Self {
        self.actions.push(action);
        self
    }
    /// Events by this actor, compared case-insensitively.
    pub fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }
    /// Events at or after this time.
    pub fn since(mut self, t: Timestamp) -> Self {
        self.since = Some(t);
        self
    }
    /// Events strictly before this time.
    pub fn until(mut self, t: Timestamp) -> Self {
        self.until = Some(t);
        self
    }

    /// True when `event` passes every condition.
    pub fn matches(&self, event: &AuditEvent) -> bool {
        (self.environments.is_empty() || self.environments.iter().any(|e| event.involves(e)))
            && (self.actions.is_empty() || self.actions.contains(&event.action))
            && self
                .actor
                .as_ref()
                .is_none_or(|a| a.trim().eq_ignore_ascii_case(event.actor.trim()))
            && self.since.is_none_or(|t| event.time >= t)
            && self.until.is_none_or(|t| event.time < t)
    }

    /// The matching events, oldest first (the trail's own order).
    pub fn apply<'a>(&self, events: &'a [AuditEvent]) -> Vec<&'a AuditEvent> {
        events.iter().filter(|e| self.matches(e)).collect()
    }
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum AuditExportError {
    #[error("could not write CSV: {0}")]
    Csv(String),
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 13] = [
    "id",
    "time",
    "actor",
    "action",
    "environments",
    "comment",
    "changes",
    "snapshots",
    "chain_override",
    "changeset_hash",
    "gate_override",
    "gate_open_items",
    "restored_snapshot",
];

/// Every cell goes through [`crate::csv_cell::guard`]: the trail holds
/// text typed by people and read from files (actors, comments, environment
/// ids, paths and values), and an export must not execute any of it.
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    crate::csv_cell::guard(text)
}

fn show(v: &Option<Value>) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(other) => other.to_string(),
    }
}

/// One row per event. Environments and snapshots are joined with `;`;
/// changes are one `path: old → new` line each. Quoting is the csv crate's,
/// so commas, quotes and newlines in comments survive a round trip. The
/// text starts with a UTF-8 byte order mark, which spreadsheet programs
/// need to read it as UTF-8 (CSV readers, the csv crate's among them, skip it).
pub fn to_csv<'a, I>(events: I) -> Result<String, AuditExportError>
where
    I: IntoIterator<Item = &'a AuditEvent>,
{
    let err = |e: csv::Error| AuditExportError::Csv(e.to_string());
    // A byte order mark first, so spreadsheets read the file as UTF-8.
    let mut w = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record(CSV_HEADER).map_err(err)?;
    for e in events {
        let envs = e
            .environments
            .iter()
            .map(EnvId::as_str)
            .collect::<Vec<_>>()
            .join(";");
        let changes = e
            .changes
            .iter()
            .map(|c| format!("{}: {} → {}", c.path, show(&c.old), show(&c.new)))
            .collect::<Vec<_>>()
            .join("\n");
        let time = e.time.to_string();
        let action = e.action.to_string();
        let snapshots = e.snapshots.join(";");
        let open_items = e.gate_open_items.join(";");
        let row: [&str; CSV_HEADER.len()] = [
            &e.id,
            &time,
            &e.actor,
            &action,
            &envs,
            &e.comment,
            &changes,
            &snapshots,
            if e.chain_override { "true" } else { "false" },
            e.changeset_hash.as_deref().unwrap_or(""),
            e.gate_override.as_deref().unwrap_or(""),
            &open_items,
            e.restored_snapshot.as_deref().unwrap_or(""),
        ];
        w.write_record(row.map(cell).iter().map(|c| c.as_ref()))
            .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AuditExportError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AuditExportError::Csv(e.to_string()))
}

/// The events as a pretty JSON array (the stored form of each event).
pub fn to_json<'a, I>(events: I) -> String
where
    I: IntoIterator<Item = &'a AuditEvent>,
{
    let list: Vec<&AuditEvent> = events.into_iter().collect();
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests;
