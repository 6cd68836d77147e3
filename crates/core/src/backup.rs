//! Workspace backups: one JSON file holding the whole workspace, read back
//! with a preview, then either replacing the workspace or merged into it.
//!
//! ## Format
//!
//! [`write_backup`] wraps the stored form of the workspace:
//!
//! ```json
//! { "format": "preflight-backup", "format_version": 1,
//!   "exported_at": "2026-11-22T10:00:00Z", "workspace": { "schema_version": 2, … } }
//! ```
//!
//! [`read_backup`] also takes a bare workspace document (the text Preflight
//! keeps in browser storage, or a damaged-data download once repaired), and
//! migrates a workspace of any older `schema_version`. Every refusal is a
//! typed [`BackupError`]; nothing is partially read.
//!
//! ## Replace and merge
//!
//! Replacing is the shell's job (it first keeps an automatic backup of the
//! current workspace). [`merge`] adds the backup's environments and
//! checklists to a workspace without touching anything already there:
//!
//! - an environment or checklist whose id is taken gets a fresh id
//!   (`qa` → `qa-2`, `checklist-3` → `checklist-8`) and the report says so;
//!   a name already in use gets " (imported)";
//! - one identical to what the workspace already has (same id, name,
//!   version and content) is skipped rather than duplicated;
//! - the snapshots and audit events of the added environments come along,
//!   their references to environment and snapshot ids remapped; events are
//!   placed by time, so the trail stays chronological;
//! - added environments go on top of the pipeline, and the production
//!   environment stays the one it was;
//! - settings, and the production gate, stay as they were; except that a
//!   workspace without a mask key takes the backup's, so the masks in the
//!   audit events that come along stay comparable with new ones.
//!
//! [`replace`] takes the backup's settings, mask key included; a backup
//! from before keys has none, and then the current key is kept rather than
//! leaving the workspace without one.

use crate::audit::{self, AuditAction, AuditEvent};
use crate::checklist::Checklist;
use crate::environment::{identical, EnvId, Environment};
use crate::workspace::{Workspace, WorkspaceError, SCHEMA_VERSION};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashSet};
use thiserror::Error;

/// The `format` marker of a backup file.
pub const BACKUP_FORMAT: &str = "preflight-backup";

/// The backup envelope version this build writes and reads.
pub const BACKUP_FORMAT_VERSION: u32 = 1;

/// Why a file could not be read as a backup. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackupError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not valid JSON: {message} at line {line}, column {column}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is not a Preflight backup: {0}")]
    NotABackup(String),
    #[error(
        "this backup was written by a newer Preflight ({what} {found}; this version reads up to {supported}): update Preflight and try again"
    )]
    TooNew {
        /// "backup format" or "workspace format".
        what: &'static str,
        found: u64,
        supported: u32,
    },
    #[error("the backup is damaged: {0}")]
    Invalid(String),
}

/// What a backup holds, shown before anything is replaced or merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPreview {
    pub environments: usize,
    pub checklists: usize,
    pub snapshots: usize,
    pub audit_events: usize,
    pub approvals: usize,
    /// The workspace format the file was written in.
    pub schema_version: u64,
    /// Set when that format was older and the workspace has been migrated.
    pub migrated_from: Option<u64>,
    /// When the backup was written; `None` for a bare workspace document.
    pub exported_at: Option<Timestamp>,
    /// The environment names, lowest first.
    pub environment_names: Vec<String>,
    /// The checklist names.
    pub checklist_names: Vec<String>,
}

impl BackupPreview {
    /// Counts what `ws` holds.
    pub fn of(ws: &Workspace) -> Self {
        Self {
            environments: ws.environments.len(),
            checklists: ws.checklists.len(),
            snapshots: ws.snapshots.len(),
            audit_events: ws.audit.len(),
            approvals: ws.approvals.len(),
            schema_version: u64::from(ws.schema_version),
            migrated_from: None,
            exported_at: None,
            environment_names: ws.environments.iter().map(|e| e.name.clone()).collect(),
            checklist_names: ws.checklists.iter().map(|c| c.name.clone()).collect(),
        }
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    format_version: u32,
    exported_at: Timestamp,
    workspace: &'a Workspace,
}

/// The backup file for `ws`, written at `now` (pretty-printed JSON).
///
/// Every snapshot must be in memory: a backup holds the whole history, so
/// the app reads the stored snapshots first. Fails naming the one that is
/// not.
pub fn write_backup(
    ws: &Workspace,
    now: Timestamp,
) -> Result<String, crate::snapshot::SnapshotError> {
    ws.require_loaded()?;
    let envelope = Envelope {
        format: BACKUP_FORMAT,
        format_version: BACKUP_FORMAT_VERSION,
        exported_at: now,
        workspace: ws,
    };
    // Plain data with string keys, all in memory: serializing cannot fail.
    Ok(serde_json::to_string_pretty(&envelope).unwrap_or_default())
}

/// The file name a backup written on `date` gets.
pub fn file_name(date: jiff::civil::Date) -> String {
    format!("preflight-backup-{date}.json")
}

/// Reads a backup (or a bare workspace document), validates it and migrates
/// it to the current format.
pub fn read_backup(text: &str) -> Result<(Workspace, BackupPreview), BackupError> {
    if text.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| BackupError::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    })?;
    let Value::Object(mut top) = value else {
        return Err(BackupError::NotABackup(format!(
            "the file holds {}, not an object",
            kind_of(&value)
        )));
    };
    let (workspace, exported_at) = match top.get("format") {
        Some(Value::String(f)) if f == BACKUP_FORMAT => {
            let version = match top.get("format_version") {
                Some(v) => v.as_u64().ok_or_else(|| {
                    BackupError::Invalid(format!("format_version is {v}, not a whole number"))
                })?,
                None => return Err(BackupError::Invalid("there is no format_version".into())),
            };
            if version == 0 {
                return Err(BackupError::Invalid(
                    "format_version 0 was never written".into(),
                ));
            }
            if version > u64::from(BACKUP_FORMAT_VERSION) {
                return Err(BackupError::TooNew {
                    what: "backup format",
                    found: version,
                    supported: BACKUP_FORMAT_VERSION,
                });
            }
            let exported_at = match top.get("exported_at") {
                Some(Value::String(s)) => s.parse::<Timestamp>().ok(),
                _ => None,
            };
            let workspace = top
                .shift_remove("workspace")
                .ok_or_else(|| BackupError::Invalid("the backup holds no workspace".to_owned()))?;
            (workspace, exported_at)
        }
        Some(other) => {
            return Err(BackupError::NotABackup(format!(
                "its format is {other}, not \"{BACKUP_FORMAT}\""
            )))
        }
        None if top.contains_key("schema_version") => (Value::Object(top), None),
        None => {
            return Err(BackupError::NotABackup(
                "it has neither a \"format\" marker nor a workspace \"schema_version\"".to_owned(),
            ))
        }
    };
    let schema_version = workspace
        .get("schema_version")
        .and_then(Value::as_u64)
        .unwrap_or_default();
    let ws = Workspace::from_value(workspace).map_err(|e| match e {
        WorkspaceError::Syntax {
            line,
            column,
            message,
        } => BackupError::Syntax {
            line,
            column,
            message,
        },
        WorkspaceError::NotAWorkspace(m) => BackupError::NotABackup(m),
        WorkspaceError::TooNew { found, supported } => BackupError::TooNew {
            what: "workspace format",
            found,
            supported,
        },
        WorkspaceError::Invalid { message, .. } => BackupError::Invalid(message),
    })?;
    check_ids(&ws)?;
    let mut preview = BackupPreview::of(&ws);
    preview.schema_version = schema_version;
    preview.migrated_from = (schema_version < u64::from(SCHEMA_VERSION)).then_some(schema_version);
    preview.exported_at = exported_at;
    Ok((ws, preview))
}

/// serde_json's message without its own " at line L column C" suffix.
fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) => message.to_owned(),
        None => text,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Ids must be unique, or every later lookup would be ambiguous.
fn check_ids(ws: &Workspace) -> Result<(), BackupError> {
    let mut seen = HashSet::new();
    for e in &ws.environments {
        if !seen.insert(e.id.as_str()) {
            return Err(BackupError::Invalid(format!(
                "two environments have the id {:?}",
                e.id.as_str()
            )));
        }
    }
    let mut seen = HashSet::new();
    for c in &ws.checklists {
        if !seen.insert(c.id.as_str()) {
            return Err(BackupError::Invalid(format!(
                "two checklists have the id {:?}",
                c.id
            )));
        }
    }
    Ok(())
}

/// What kind of thing was renamed by a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RenamedKind {
    Environment,
    Checklist,
}

/// One id (and possibly name) a merge had to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renamed {
    pub kind: RenamedKind,
    /// The id in the backup.
    pub from: String,
    /// The id in the workspace now.
    pub to: String,
    /// The name in the backup.
    pub name: String,
    /// The name in the workspace now, when it had to change too.
    pub new_name: Option<String>,
}

/// What [`merge`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MergeReport {
    /// Ids of the environments added, as they are now.
    pub environments_added: Vec<EnvId>,
    /// Ids of the checklists added, as they are now.
    pub checklists_added: Vec<String>,
    /// Everything that got a new id or name.
    pub renamed: Vec<Renamed>,
    /// Environments identical to one already there (ids), not added again.
    pub environments_skipped: Vec<EnvId>,
    /// Checklists identical to one already there (ids), not added again.
    pub checklists_skipped: Vec<String>,
    pub snapshots_added: usize,
    pub audit_events_added: usize,
    pub approvals_added: usize,
    /// Approvals in the backup that do not verify here, with why.
    #[serde(default)]
    pub approvals_refused: Vec<String>,
    /// The audit event recording the merge, when anything was added.
    pub event: Option<String>,
}

impl MergeReport {
    /// True when the merge added nothing and refused nothing.
    pub fn is_empty(&self) -> bool {
        self.environments_added.is_empty()
            && self.checklists_added.is_empty()
            && self.approvals_added == 0
            && self.approvals_refused.is_empty()
    }

    /// One sentence for the user and the audit comment.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "Nothing to merge: everything in the backup is already here.".to_owned();
        }
        let mut out = format!(
            "Merged from a backup: {} environment(s) and {} checklist(s) added",
            self.environments_added.len(),
            self.checklists_added.len()
        );
        if !self.renamed.is_empty() {
            let renames: Vec<String> = self
                .renamed
                .iter()
                .map(|r| format!("{} → {}", r.from, r.to))
                .collect();
            out.push_str(&format!("; renamed {}", renames.join(", ")));
        }
        if self.approvals_added > 0 {
            out.push_str(&format!(
                "; {} signed approval(s) added",
                self.approvals_added
            ));
        }
        if !self.approvals_refused.is_empty() {
            out.push_str(&format!(
                "; {} approval(s) refused",
                self.approvals_refused.len()
            ));
        }
        let skipped = self.environments_skipped.len() + self.checklists_skipped.len();
        if skipped > 0 {
            out.push_str(&format!("; {skipped} already present and skipped"));
        }
        out.push('.');
        out
    }
}

/// Adds the environments and checklists of `incoming` to `ws` (see the
/// module docs). Nothing already in `ws` is changed, except that
/// `settings.production_env` is pinned to the current production
/// environment before others are added above it.
/// Replaces everything in `ws` by a backup's workspace ("Replace"). The
/// revision counter stays this store's, so the next save is checked against
/// what this tab last saw, not against the backup's old counter.
pub fn replace(ws: &mut Workspace, incoming: Workspace) {
    let revision = ws.revision;
    let key = ws.settings.mask_key.take();
    *ws = incoming;
    ws.revision = revision;
    if ws.settings.mask_key.is_none() {
        ws.settings.mask_key = key;
    }
}

pub fn merge(ws: &mut Workspace, incoming: Workspace, actor: &str, now: Timestamp) -> MergeReport {
    let mut report = MergeReport::default();
    // Ids made later by `next_id` must not meet ids kept from the backup.
    ws.next_seq = ws.next_seq.max(incoming.next_seq);
    if ws.settings.mask_key.is_none() {
        ws.settings.mask_key = incoming.settings.mask_key.clone();
    }

    // Environments: decide every id first, so references can be remapped.
    let mut env_map: BTreeMap<EnvId, EnvId> = BTreeMap::new();
    let mut assigned: HashSet<String> = HashSet::new();
    let mut added_envs: Vec<Environment> = Vec::new();
    for env in &incoming.environments {
        if let Some(existing) = ws.env(&env.id) {
            if existing.name == env.name
                && existing.version == env.version
                && identical(&existing.config, &env.config)
            {
                env_map.insert(env.id.clone(), env.id.clone());
                report.environments_skipped.push(env.id.clone());
                continue;
            }
        }
        let id = fresh_env_id(ws, &assigned, env.id.as_str());
        assigned.insert(id.clone());
        env_map.insert(env.id.clone(), EnvId(id));
        added_envs.push(env.clone());
    }
    // Environments named only in the history (deleted ones) must not attach
    // their history to a different environment here.
    for name in history_env_ids(&incoming) {
        if let Entry::Vacant(slot) = env_map.entry(name) {
            let id = fresh_env_id(ws, &assigned, slot.key().as_str());
            assigned.insert(id.clone());
            slot.insert(EnvId(id));
        }
    }
    let map_env = |id: &EnvId| env_map.get(id).cloned().unwrap_or_else(|| id.clone());
    let added_originals: HashSet<EnvId> = added_envs.iter().map(|e| e.id.clone()).collect();

    // Snapshots of the added environments, under ids free here.
    let mut snap_map: BTreeMap<String, String> = BTreeMap::new();
    let mut snap_ids: HashSet<String> = ws.snapshots.iter().map(|s| s.id.clone()).collect();
    let mut snapshots = Vec::new();
    for snap in &incoming.snapshots {
        if !added_originals.contains(&snap.env) {
            continue;
        }
        let id = if snap_ids.contains(&snap.id) {
            fresh_seq_id(ws, &snap_ids, "snap")
        } else {
            snap.id.clone()
        };
        snap_ids.insert(id.clone());
        snap_map.insert(snap.id.clone(), id);
        snapshots.push(snap.clone());
    }
    let map_snap = |id: &String| snap_map.get(id).cloned().unwrap_or_else(|| id.clone());
    let remap_base = |b: &mut Option<crate::environment::PromotedBase>| {
        if let Some(b) = b {
            b.from = map_env(&b.from);
            b.snapshot = b.snapshot.as_ref().map(map_snap);
        }
    };

    // The environments themselves, on top of the pipeline.
    if ws.settings.production_env.is_none() && !added_envs.is_empty() {
        ws.settings.production_env = ws.environments.last().map(|e| e.id.clone());
    }
    let taken_names: HashSet<String> = ws.environments.iter().map(|e| e.name.clone()).collect();
    for mut env in added_envs {
        let original = env.id.clone();
        env.id = map_env(&original);
        env.cloned_from = env.cloned_from.as_ref().map(map_env);
        remap_base(&mut env.promoted_base);
        let new_name = taken_names
            .contains(&env.name)
            .then(|| format!("{} (imported)", env.name));
        if env.id != original || new_name.is_some() {
            report.renamed.push(Renamed {
                kind: RenamedKind::Environment,
                from: original.0.clone(),
                to: env.id.0.clone(),
                name: env.name.clone(),
                new_name: new_name.clone(),
            });
        }
        if let Some(n) = new_name {
            env.name = n;
        }
        report.environments_added.push(env.id.clone());
        ws.environments.push(env);
    }
    for mut snap in snapshots {
        snap.id = map_snap(&snap.id);
        snap.env = map_env(&snap.env);
        remap_base(&mut snap.promoted_base);
        ws.snapshots.push(snap);
        report.snapshots_added += 1;
    }

    // Audit events that involve an added environment, placed by time.
    let mut event_ids: HashSet<String> = ws.audit.iter().map(|e| e.id.clone()).collect();
    let mut events: Vec<AuditEvent> = Vec::new();
    for event in &incoming.audit {
        if !event
            .environments
            .iter()
            .any(|e| added_originals.contains(e))
        {
            continue;
        }
        let mut event = event.clone();
        if event_ids.contains(&event.id) {
            event.id = fresh_seq_id(ws, &event_ids, "evt");
        }
        event_ids.insert(event.id.clone());
        event.environments = event.environments.iter().map(map_env).collect();
        event.snapshots = event.snapshots.iter().map(map_snap).collect();
        event.restored_snapshot = event.restored_snapshot.as_ref().map(map_snap);
        events.push(event);
    }
    report.audit_events_added = events.len();
    if !events.is_empty() {
        ws.audit.extend(events);
        // Stable: events with equal times keep their order.
        ws.audit.sort_by_key(|e| e.time);
    }

    // Checklists.
    let taken_checklist_names: HashSet<String> =
        ws.checklists.iter().map(|c| c.name.clone()).collect();
    let mut checklist_ids: HashSet<String> = ws.checklists.iter().map(|c| c.id.clone()).collect();
    for checklist in incoming.checklists {
        if ws.checklist(&checklist.id) == Some(&checklist) {
            report.checklists_skipped.push(checklist.id.clone());
            continue;
        }
        let mut checklist: Checklist = checklist;
        let original = checklist.id.clone();
        if checklist.id.trim().is_empty() || checklist_ids.contains(&checklist.id) {
            checklist.id = fresh_seq_id(ws, &checklist_ids, crate::checklist::ops::ID_PREFIX);
        }
        checklist_ids.insert(checklist.id.clone());
        let new_name = taken_checklist_names
            .contains(&checklist.name)
            .then(|| format!("{} (imported)", checklist.name));
        if checklist.id != original || new_name.is_some() {
            report.renamed.push(Renamed {
                kind: RenamedKind::Checklist,
                from: original,
                to: checklist.id.clone(),
                name: checklist.name.clone(),
                new_name: new_name.clone(),
            });
        }
        if let Some(n) = new_name {
            checklist.name = n;
        }
        report.checklists_added.push(checklist.id.clone());
        ws.checklists.push(checklist);
    }

    // Approvals are verified as an attach verifies them (signed by a
    // trusted approver, unchanged) and each one added is audited.
    let approvals = crate::approval::merge_incoming(ws, incoming.approvals, actor, now);
    report.approvals_added = approvals.added;
    report.approvals_refused = approvals.refused;

    if !report.is_empty() {
        let mut event = AuditEvent::new(
            AuditAction::Import,
            report.environments_added.clone(),
            actor,
            now,
        );
        event.comment = report.summary();
        report.event = Some(audit::record(ws, event));
    }
    report
}

/// Every environment id the backup's history names.
fn history_env_ids(ws: &Workspace) -> Vec<EnvId> {
    let mut out: Vec<EnvId> = Vec::new();
    let mut push = |id: &EnvId| {
        if !out.contains(id) {
            out.push(id.clone());
        }
    };
    for s in &ws.snapshots {
        push(&s.env);
        if let Some(b) = &s.promoted_base {
            push(&b.from);
        }
    }
    for e in &ws.audit {
        e.environments.iter().for_each(&mut push);
    }
    for e in &ws.environments {
        if let Some(c) = &e.cloned_from {
            push(c);
        }
        if let Some(b) = &e.promoted_base {
            push(&b.from);
        }
    }
    out
}

/// `base`, or `base-2`, `base-3`, … : the first that no environment,
/// snapshot or audit event of `ws` uses and that was not handed out yet.
fn fresh_env_id(ws: &Workspace, assigned: &HashSet<String>, base: &str) -> String {
    let taken = |id: &str| {
        assigned.contains(id)
            || ws.environments.iter().any(|e| e.id.as_str() == id)
            || ws.snapshots.iter().any(|s| s.env.as_str() == id)
            || ws
                .audit
                .iter()
                .any(|e| e.environments.iter().any(|x| x.as_str() == id))
    };
    let base = if base.trim().is_empty() { "env" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken(c))
        .unwrap_or_else(|| format!("{base}-imported"))
}

/// A fresh `prefix-N` id from the workspace counter that `used` lacks.
fn fresh_seq_id(ws: &mut Workspace, used: &HashSet<String>, prefix: &str) -> String {
    loop {
        let id = ws.next_id(prefix);
        if !used.contains(&id) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{self, SnapshotReason};
    use serde_json::json;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn sample() -> Workspace {
        let mut ws = crate::demo::workspace();
        ws.settings.display_name = "Ada".into();
        snapshot::take(
            &mut ws,
            &EnvId::from("qa"),
            SnapshotReason::Manual("baseline".into()),
            "Ada",
            t("2026-01-01T10:00:00Z"),
        )
        .unwrap();
        let event = AuditEvent::new(
            AuditAction::Snapshot,
            vec![EnvId::from("qa")],
            "Ada",
            t("2026-01-01T10:00:00Z"),
        );
        audit::record(&mut ws, event);
        crate::checklist::create_checklist(
            &mut ws,
            "Go-live",
            crate::checklist::Source::Template(crate::checklist::Template::GoLivePreparation),
        );
        ws
    }

    #[test]
    fn mask_keys_survive_replace_and_merge() {
        let key = |b: u8| Some(crate::patterns::MaskKey::from_bytes([b; 32]));
        let mut ws = Workspace::empty();
        ws.settings.mask_key = key(1);
        let mut keyed = Workspace::empty();
        keyed.settings.mask_key = key(2);
        let mut a = ws.clone();
        replace(&mut a, keyed.clone());
        assert_eq!(
            a.settings.mask_key,
            key(2),
            "the backup's key comes with it"
        );
        let mut b = ws.clone();
        replace(&mut b, Workspace::empty());
        assert_eq!(b.settings.mask_key, key(1), "a keyless backup keeps ours");
        let mut c = Workspace::empty();
        merge(&mut c, keyed.clone(), "Ada", t("2026-01-01T00:00:00Z"));
        assert_eq!(c.settings.mask_key, key(2));
        let mut d = ws.clone();
        merge(&mut d, keyed, "Ada", t("2026-01-01T00:00:00Z"));
        assert_eq!(d.settings.mask_key, key(1), "merge never replaces a key");
    }

    #[test]
    fn a_backup_round_trips() {
        let ws = sample();
        let text = write_backup(&ws, t("2026-02-01T08:00:00Z")).unwrap();
        let (back, preview) = read_backup(&text).unwrap();
        assert_eq!(back, ws);
        assert_eq!(preview.environments, 3);
        assert_eq!(preview.checklists, 1);
        assert_eq!(preview.snapshots, 1);
        assert_eq!(preview.audit_events, 1);
        assert_eq!(preview.schema_version, u64::from(SCHEMA_VERSION));
        assert_eq!(preview.migrated_from, None);
        assert_eq!(preview.exported_at, Some(t("2026-02-01T08:00:00Z")));
        assert_eq!(
            preview.environment_names,
            ["Development", "QA", "Production"]
        );
    }

    #[test]
    fn a_bare_workspace_document_is_accepted() {
        let ws = sample();
        let (back, preview) = read_backup(&ws.to_json().unwrap()).unwrap();
        assert_eq!(back, ws);
        assert_eq!(preview.exported_at, None);
    }

    #[test]
    fn an_older_workspace_is_migrated() {
        let text = json!({
            "format": "preflight-backup",
            "format_version": 1,
            "workspace": {
                "schema_version": 1,
                "environments": [{"id": "dev", "name": "Development", "config": {"a": 1}, "version": 4}],
                "pinned_patterns": ["/db/**"]
            }
        })
        .to_string();
        let (ws, preview) = read_backup(&text).unwrap();
        assert_eq!(ws.schema_version, SCHEMA_VERSION);
        assert_eq!(ws.settings.patterns.pinned, ["/db/**"]);
        assert_eq!(preview.schema_version, 1);
        assert_eq!(preview.migrated_from, Some(1));
    }

    #[test]
    fn bad_json_reports_line_and_column() {
        let err =
            read_backup("{\n  \"format\": \"preflight-backup\",\n  \"workspace\": [1, 2,,]\n}")
                .unwrap_err();
        match &err {
            BackupError::Syntax {
                line,
                column,
                message,
            } => {
                assert_eq!(*line, 3);
                assert_eq!(*column, 22);
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("line 3, column 22"), "{err}");
    }

    #[test]
    fn refusals_are_specific() {
        assert_eq!(read_backup("  \n"), Err(BackupError::Empty));
        assert!(matches!(
            read_backup("[1, 2]"),
            Err(BackupError::NotABackup(m)) if m.contains("an array")
        ));
        assert!(matches!(
            read_backup(r#"{"name": "package.json", "version": "1.0.0"}"#),
            Err(BackupError::NotABackup(m)) if m.contains("format")
        ));
        assert!(matches!(
            read_backup(r#"{"format": "something-else", "workspace": {}}"#),
            Err(BackupError::NotABackup(m)) if m.contains("something-else")
        ));
        assert_eq!(
            read_backup(r#"{"format": "preflight-backup", "format_version": 7, "workspace": {}}"#),
            Err(BackupError::TooNew {
                what: "backup format",
                found: 7,
                supported: BACKUP_FORMAT_VERSION
            })
        );
        let too_new = read_backup(
            r#"{"format": "preflight-backup", "format_version": 1,
                "workspace": {"schema_version": 99, "environments": []}}"#,
        )
        .unwrap_err();
        assert!(matches!(
            too_new,
            BackupError::TooNew {
                what: "workspace format",
                found: 99,
                ..
            }
        ));
        assert!(too_new.to_string().contains("update Preflight"));
        assert!(matches!(
            read_backup(r#"{"format": "preflight-backup", "format_version": 1}"#),
            Err(BackupError::Invalid(m)) if m.contains("no workspace")
        ));
        assert!(matches!(
            read_backup(r#"{"schema_version": 2, "environments": 5}"#),
            Err(BackupError::Invalid(_))
        ));
        let dup = json!({"schema_version": 2, "environments": [
            {"id": "qa", "name": "QA", "config": {}, "version": 1},
            {"id": "qa", "name": "QA again", "config": {}, "version": 1}
        ]});
        assert!(matches!(
            read_backup(&dup.to_string()),
            Err(BackupError::Invalid(m)) if m.contains("\"qa\"")
        ));
    }

    #[test]
    fn merging_a_copy_into_itself_adds_nothing() {
        let mut ws = sample();
        let before = ws.clone();
        let report = merge(&mut ws, before.clone(), "Ada", t("2026-03-01T00:00:00Z"));
        assert!(report.is_empty());
        assert_eq!(report.environments_skipped.len(), 3);
        assert_eq!(report.checklists_skipped.len(), 1);
        assert_eq!(ws, before);
    }

    #[test]
    fn clashing_ids_are_renamed_and_history_follows() {
        let mut ws = sample();
        let before = ws.clone();
        let mut incoming = sample();
        // Change QA and the checklist so they are no longer identical.
        incoming.environments[1].config = json!({"changed": true}).into();
        incoming.environments[1].version += 1;
        incoming.environments[1].cloned_from = Some(EnvId::from("development"));
        incoming.checklists[0].name = "Go-live (theirs)".into();
        // A new environment with a free id keeps it.
        incoming
            .environments
            .push(Environment::new("staging", "Staging", json!({"s": 1})));
        let report = merge(&mut ws, incoming.clone(), "Ada", t("2026-03-01T00:00:00Z"));

        // Nothing that was there is lost or changed.
        assert_eq!(&ws.environments[..3], &before.environments[..]);
        assert_eq!(ws.checklists[0], before.checklists[0]);
        assert!(before.snapshots.iter().all(|s| ws.snapshots.contains(s)));
        assert!(before.audit.iter().all(|e| ws.audit.contains(e)));

        assert_eq!(
            report.environments_added,
            [EnvId::from("qa-2"), EnvId::from("staging")]
        );
        assert_eq!(
            report.environments_skipped,
            [EnvId::from("development"), EnvId::from("production")]
        );
        let qa2 = ws.env(&EnvId::from("qa-2")).unwrap();
        assert_eq!(qa2.name, "QA (imported)");
        assert_eq!(*qa2.config, json!({"changed": true}));
        // development was identical, so the reference still points at it.
        assert_eq!(qa2.cloned_from, Some(EnvId::from("development")));
        assert_eq!(ws.env(&EnvId::from("staging")).unwrap().name, "Staging");
        assert!(report.renamed.contains(&Renamed {
            kind: RenamedKind::Environment,
            from: "qa".into(),
            to: "qa-2".into(),
            name: "QA".into(),
            new_name: Some("QA (imported)".into()),
        }));
        assert!(
            report.summary().contains("qa → qa-2"),
            "{}",
            report.summary()
        );

        // The imported QA's snapshot came along under a fresh id.
        assert_eq!(report.snapshots_added, 1);
        let snap = ws.snapshots.last().unwrap();
        assert_eq!(snap.env, EnvId::from("qa-2"));
        assert_ne!(snap.id, before.snapshots[0].id);
        let mut ids: Vec<&str> = ws.snapshots.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ws.snapshots.len(), "snapshot ids stay unique");

        // Its audit event too, remapped, and one event records the merge.
        assert_eq!(report.audit_events_added, 1);
        assert!(ws
            .audit
            .iter()
            .any(|e| e.action == AuditAction::Snapshot && e.environments == [EnvId::from("qa-2")]));
        let merge_event = ws.audit.last().unwrap();
        assert_eq!(Some(&merge_event.id), report.event.as_ref());
        assert_eq!(merge_event.action, AuditAction::Import);
        assert!(merge_event.comment.contains("qa → qa-2"));
        let mut event_ids: Vec<&str> = ws.audit.iter().map(|e| e.id.as_str()).collect();
        event_ids.sort_unstable();
        event_ids.dedup();
        assert_eq!(event_ids.len(), ws.audit.len(), "event ids stay unique");
        assert!(ws.audit.windows(2).all(|w| w[0].time <= w[1].time));

        // The checklist clashed by id: a fresh id from the counter.
        assert_eq!(report.checklists_added.len(), 1);
        let added = ws.checklist(&report.checklists_added[0]).unwrap();
        assert_ne!(added.id, before.checklists[0].id);
        assert_eq!(added.name, "Go-live (theirs)");
        assert_eq!(added.items, before.checklists[0].items);

        // Production stays production although environments were added on top.
        assert_eq!(ws.production().unwrap().id, EnvId::from("production"));
        // Later ids never meet kept ones.
        assert!(ws.next_seq >= incoming.next_seq);
    }

    #[test]
    fn merging_into_an_empty_workspace_keeps_ids() {
        let mut ws = Workspace::empty();
        let incoming = sample();
        let report = merge(&mut ws, incoming.clone(), "Ada", t("2026-03-01T00:00:00Z"));
        assert!(report.renamed.is_empty());
        assert_eq!(ws.environments, incoming.environments);
        assert_eq!(ws.checklists, incoming.checklists);
        assert_eq!(ws.snapshots, incoming.snapshots);
        assert_eq!(ws.audit.len(), incoming.audit.len() + 1);
        // The empty workspace had no production; it gets none pinned.
        assert_eq!(ws.settings.production_env, None);
    }

    #[test]
    fn history_of_a_deleted_environment_does_not_attach_to_a_live_one() {
        let mut ws = sample();
        let mut incoming = Workspace::empty();
        incoming
            .environments
            .push(Environment::new("uat", "UAT", json!({})));
        // The backup's trail names "qa", which it has deleted; here "qa" lives.
        let event = AuditEvent::new(
            AuditAction::Promotion,
            vec![EnvId::from("qa"), EnvId::from("uat")],
            "Bob",
            t("2025-12-01T00:00:00Z"),
        );
        audit::record(&mut incoming, event);
        let report = merge(&mut ws, incoming, "Ada", t("2026-03-01T00:00:00Z"));
        assert_eq!(report.environments_added, [EnvId::from("uat")]);
        let imported = ws
            .audit
            .iter()
            .find(|e| e.action == AuditAction::Promotion)
            .unwrap();
        assert_eq!(
            imported.environments,
            [EnvId::from("qa-2"), EnvId::from("uat")]
        );
        // Chronological: the old event sits before the ones already here.
        assert_eq!(ws.audit[0].id, imported.id);
    }
}
