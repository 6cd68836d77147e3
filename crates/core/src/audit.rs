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
mod tests {
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
        let ids = |f: AuditFilter| -> Vec<String> {
            f.apply(&events).iter().map(|e| e.id.clone()).collect()
        };
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
            crate::patterns::is_mask_token(
                fresh.changes[0].new.as_ref().unwrap().as_str().unwrap()
            ),
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
}
