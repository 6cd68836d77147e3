//! The pipeline: the ordered environments, and questions across them.
//!
//! Index 0 of `Workspace::environments` is the lowest environment
//! (Development), the last is usually Production. Changes flow upwards one
//! step at a time.
//!
//! ## Editing
//!
//! [`add`], [`rename`], [`move_to`] (and [`move_up`]/[`move_down`]),
//! [`delete`] and [`clone_up`] each write one audit event. Ids are URL-safe
//! slugs made from the name ([`slug`]) and never change on rename; an id is
//! never reused while snapshots or audit events still name it, so old
//! history cannot attach itself to a new environment. Deleting keeps the
//! environment's snapshots and audit events (nothing is pruned).
//!
//! ## Chain rule
//!
//! [`check_chain`]: a promotion goes from an environment into the next one
//! up, nowhere else. [`crate::promote::Promotion::override_chain`] is the
//! explicit, audited way around it.
//!
//! ## Out of sync
//!
//! [`sync_status`] compares each adjacent pair. Differences in pinned keys
//! (URLs, accounts, databases: environment-specific by definition) do not
//! make a pair out of sync, or every pipeline would always be; they are
//! counted separately.
//!
//! ## Drift grid
//!
//! [`drift`]: every leaf path (in order of first appearance, lowest
//! environment first) × every environment. Array elements are addressed by
//! index, so a reordered list shows as drift here even where the structural
//! diff matches elements by identity. Secret values are masked in the grid.
//! [`drift_known`] gives the same rows skipping subtrees that the store
//! knows are identical in every environment.

use crate::audit::{self, AuditAction, AuditEvent};
use crate::diff::{self, DiffOptions};
use crate::environment::{EnvId, Environment, PromotedBase};
use crate::promote::PromoteError;
use crate::snapshot::{self, SnapshotReason};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

mod drift;
pub use drift::{drift, drift_known, DriftGrid, DriftRow};

/// Why a pipeline edit was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PipelineError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("an environment needs a name")]
    EmptyName,
    #[error("position {index} is outside the pipeline (0 to {max})")]
    IndexOutOfRange { index: usize, max: usize },
}

/// A URL-safe id from a display name: lowercase ASCII letters and digits,
/// anything else becomes a single `-`; `env` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "env".to_owned()
    } else {
        out
    }
}

/// A slug of `name` that no environment, snapshot or audit event uses yet.
pub fn unique_id(ws: &Workspace, name: &str) -> EnvId {
    let base = slug(name);
    let taken = |id: &str| {
        ws.environments.iter().any(|e| e.id.as_str() == id)
            || ws.snapshots.iter().any(|s| s.env.as_str() == id)
            || ws
                .audit
                .iter()
                .any(|e| e.environments.iter().any(|x| x.as_str() == id))
    };
    if !taken(&base) {
        return EnvId(base);
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken(c))
        .map(EnvId)
        .unwrap_or_else(|| EnvId(base))
}

fn clean_name(name: &str) -> Result<String, PipelineError> {
    let name = name.trim();
    if name.is_empty() {
        Err(PipelineError::EmptyName)
    } else {
        Ok(name.to_owned())
    }
}

fn index_of(ws: &Workspace, id: &EnvId) -> Result<usize, PipelineError> {
    ws.env_index(id)
        .ok_or_else(|| PipelineError::UnknownEnvironment(id.clone()))
}

fn log(
    ws: &mut Workspace,
    action: AuditAction,
    envs: Vec<EnvId>,
    actor: &str,
    now: Timestamp,
    comment: String,
) {
    let mut e = AuditEvent::new(action, envs, actor, now);
    e.comment = comment;
    audit::record(ws, e);
}

/// Adds an environment at the top of the pipeline and returns its id.
pub fn add(
    ws: &mut Workspace,
    name: &str,
    config: Value,
    actor: &str,
    now: Timestamp,
) -> Result<EnvId, PipelineError> {
    let name = clean_name(name)?;
    let id = unique_id(ws, &name);
    ws.environments
        .push(Environment::new(id.clone(), name.clone(), config));
    log(
        ws,
        AuditAction::EnvironmentAdded,
        vec![id.clone()],
        actor,
        now,
        format!("Added {name}"),
    );
    Ok(id)
}

/// Renames an environment; its id stays.
pub fn rename(
    ws: &mut Workspace,
    id: &EnvId,
    name: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), PipelineError> {
    let name = clean_name(name)?;
    let env = ws
        .env_mut(id)
        .ok_or_else(|| PipelineError::UnknownEnvironment(id.clone()))?;
    if env.name == name {
        return Ok(());
    }
    let old = std::mem::replace(&mut env.name, name.clone());
    log(
        ws,
        AuditAction::EnvironmentRenamed,
        vec![id.clone()],
        actor,
        now,
        format!("Renamed {old} to {name}"),
    );
    Ok(())
}

/// Moves an environment to position `index` (0 is the lowest). Returns
/// false when it was already there.
pub fn move_to(
    ws: &mut Workspace,
    id: &EnvId,
    index: usize,
    actor: &str,
    now: Timestamp,
) -> Result<bool, PipelineError> {
    let from = index_of(ws, id)?;
    let max = ws.environments.len() - 1;
    if index > max {
        return Err(PipelineError::IndexOutOfRange { index, max });
    }
    if from == index {
        return Ok(false);
    }
    let env = ws.environments.remove(from);
    ws.environments.insert(index, env);
    log(
        ws,
        AuditAction::EnvironmentReordered,
        vec![id.clone()],
        actor,
        now,
        format!("Moved from position {} to {}", from + 1, index + 1),
    );
    Ok(true)
}

/// Moves an environment one step up; false when it is already the top.
pub fn move_up(
    ws: &mut Workspace,
    id: &EnvId,
    actor: &str,
    now: Timestamp,
) -> Result<bool, PipelineError> {
    let i = index_of(ws, id)?;
    if i + 1 >= ws.environments.len() {
        return Ok(false);
    }
    move_to(ws, id, i + 1, actor, now)
}

/// Moves an environment one step down; false when it is already the lowest.
pub fn move_down(
    ws: &mut Workspace,
    id: &EnvId,
    actor: &str,
    now: Timestamp,
) -> Result<bool, PipelineError> {
    let i = index_of(ws, id)?;
    if i == 0 {
        return Ok(false);
    }
    move_to(ws, id, i - 1, actor, now)
}

/// Deletes an environment and returns it. Its snapshots and audit events
/// stay; a production choice naming it falls back to the default.
pub fn delete(
    ws: &mut Workspace,
    id: &EnvId,
    actor: &str,
    now: Timestamp,
) -> Result<Environment, PipelineError> {
    let i = index_of(ws, id)?;
    let env = ws.environments.remove(i);
    if ws.settings.production_env.as_ref() == Some(id) {
        ws.settings.production_env = None;
    }
    log(
        ws,
        AuditAction::EnvironmentDeleted,
        vec![id.clone()],
        actor,
        now,
        format!("Deleted {} at version {}", env.name, env.version),
    );
    Ok(env)
}

/// Copies an environment into a new one placed directly above it, linked by
/// `cloned_from`, and returns the new id.
///
/// The clone starts in agreement with its source: its `promoted_base`
/// points at a snapshot of the copied content, so the first promotion from
/// the source into the clone already merges three ways.
pub fn clone_up(
    ws: &mut Workspace,
    id: &EnvId,
    name: &str,
    actor: &str,
    now: Timestamp,
) -> Result<EnvId, PipelineError> {
    let name = clean_name(name)?;
    let i = index_of(ws, id)?;
    let source = &ws.environments[i];
    let (config, source_version) = (source.config.clone(), source.version);
    let new_id = unique_id(ws, &name);
    let mut env = Environment::new(new_id.clone(), name.clone(), Value::Null);
    env.config = config;
    env.cloned_from = Some(id.clone());
    ws.environments.insert(i + 1, env);
    let snap = ws.next_id("snap");
    if let Some(e) = ws.env_mut(&new_id) {
        e.promoted_base = Some(PromotedBase {
            from: id.clone(),
            version: source_version,
            snapshot: Some(snap.clone()),
        });
    }
    let reason = SnapshotReason::Manual(format!("Cloned from {id}"));
    // The environment was inserted just above, so this cannot fail.
    let _ = snapshot::push(ws, snap.clone(), &new_id, reason, actor, now, None);
    let mut e = AuditEvent::new(
        AuditAction::EnvironmentCloned,
        vec![id.clone(), new_id.clone()],
        actor,
        now,
    );
    e.comment = format!("Cloned {id} into {name}");
    e.snapshots.push(snap);
    audit::record(ws, e);
    Ok(new_id)
}

/// The environment directly above `id`.
pub fn next_up<'a>(ws: &'a Workspace, id: &EnvId) -> Option<&'a Environment> {
    ws.env_index(id).and_then(|i| ws.environments.get(i + 1))
}

/// Ok when `to` is the environment directly above `from`.
pub fn check_chain(ws: &Workspace, from: &EnvId, to: &EnvId) -> Result<(), PromoteError> {
    if ws.env(from).is_none() {
        return Err(PromoteError::UnknownEnvironment(from.clone()));
    }
    if ws.env(to).is_none() {
        return Err(PromoteError::UnknownEnvironment(to.clone()));
    }
    match next_up(ws, from) {
        Some(next) if &next.id == to => Ok(()),
        next => Err(PromoteError::Chain {
            from: from.clone(),
            to: to.clone(),
            expected: next
                .map(|e| e.id.to_string())
                .unwrap_or_else(|| "none: it is the top of the pipeline".to_owned()),
        }),
    }
}

/// How one adjacent pair compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// The lower environment of the pair (the source of promotions).
    pub lower: EnvId,
    /// The environment directly above it.
    pub upper: EnvId,
    /// Differences outside pinned keys.
    pub differences: usize,
    /// Differences in pinned keys (expected, not out of sync).
    pub pinned: usize,
    /// True when `differences` is not zero.
    pub out_of_sync: bool,
}

/// Every adjacent pair, lowest first.
pub fn sync_status(ws: &Workspace) -> Vec<SyncStatus> {
    sync_status_known(ws, &())
}

/// [`sync_status`], skipping equal subtrees where the store knows both
/// configs' indexes (the result is the same).
pub fn sync_status_known(
    ws: &Workspace,
    known: &(impl diff::KnownIndexes + ?Sized),
) -> Vec<SyncStatus> {
    let patterns = ws.settings.compiled_patterns();
    let opts = DiffOptions::default();
    ws.environments
        .windows(2)
        .map(|pair| {
            let changes = diff::diff_known(&pair[1].config, &pair[0].config, &opts, known);
            let pinned = changes
                .iter()
                .filter(|c| patterns.is_pinned(&c.path))
                .count();
            let differences = changes.len() - pinned;
            SyncStatus {
                lower: pair[0].id.clone(),
                upper: pair[1].id.clone(),
                differences,
                pinned,
                out_of_sync: differences > 0,
            }
        })
        .collect()
}

/// True when `upper` differs from the environment below it outside
/// pinned keys (false for the lowest one).
pub fn is_out_of_sync(ws: &Workspace, upper: &EnvId) -> bool {
    sync_status(ws)
        .iter()
        .any(|s| &s.upper == upper && s.out_of_sync)
}
