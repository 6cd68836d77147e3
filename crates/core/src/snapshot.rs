//! Immutable snapshots of an environment's config, and revert.
//!
//! A snapshot freezes one environment's config *and* its merge bookkeeping
//! (`promoted_base`) at one version. They are taken:
//!
//! - automatically, before and after every promotion and every revert;
//! - by hand, with a description ([`take_manual`]).
//!
//! Content is kept exactly, key order included, as a content-addressed tree
//! in the store ([`crate::stored`]); a loaded workspace reads a snapshot's
//! content only when it is needed ([`Content`], [`read_in`]). Nothing is
//! ever pruned.
//!
//! ## Revert
//!
//! [`revert`] restores the snapshot's content byte for byte, key order
//! included, and also its `promoted_base`, so that the next promotion merges
//! against the base that belonged to that content (otherwise a reverted
//! promotion would look like target-only work and never be proposed again).
//! A revert takes its own two snapshots, writes one audit event and bumps the
//! version, even when the content happens to be unchanged.
//!
//! A snapshot of an environment that keeps its file keeps that file too
//! ([`SnapshotSource`]), and a revert restores its exact text with the
//! config. A snapshot from before files were kept restores the config
//! alone; the environment's file is then dropped (its text would no longer
//! say the config), and [`RevertReport::source_dropped`] says so.

mod content;
mod reading;
mod source;

pub use content::Content;
pub(crate) use reading::release;
pub use reading::{needed_for_promotions, read_in, unread, unread_roots};
pub use source::{SnapshotSource, TextContent};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::diff::{self, Change, DiffOptions};
use crate::environment::{EnvId, PromotedBase};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// Why a snapshot was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "description")]
pub enum SnapshotReason {
    BeforePromotion,
    AfterPromotion,
    BeforeRevert,
    AfterRevert,
    Manual(String),
}

/// A frozen copy of one environment's config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub env: EnvId,
    pub env_version: u64,
    pub time: Timestamp,
    pub actor: String,
    pub reason: SnapshotReason,
    pub content: Content,
    /// The environment's `promoted_base` at the time, restored by a revert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_base: Option<PromotedBase>,
    /// On an after-promotion snapshot: the content both sides agreed on,
    /// which the next promotion into this environment merges against. See
    /// [`crate::promote`] for why it is not simply the source content.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "content::deserialize_option"
    )]
    pub merge_base: Option<Content>,
    /// The environment's file at the time (absent for environments that
    /// kept none, and in snapshots from before files were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SnapshotSource>,
}

impl Snapshot {
    /// The content, once it has been read.
    pub fn content(&self) -> Result<&Value, SnapshotError> {
        self.content
            .value()
            .ok_or_else(|| SnapshotError::NotLoaded(self.id.clone()))
    }

    /// The merge base, once it has been read (`None` when there is none).
    pub fn merge_base(&self) -> Result<Option<&Value>, SnapshotError> {
        match &self.merge_base {
            None => Ok(None),
            Some(c) => c
                .value()
                .map(Some)
                .ok_or_else(|| SnapshotError::NotLoaded(self.id.clone())),
        }
    }

    /// Whether everything this snapshot holds is in memory.
    pub fn is_loaded(&self) -> bool {
        self.content.is_loaded()
            && self.merge_base.as_ref().is_none_or(Content::is_loaded)
            && self.source.as_ref().is_none_or(SnapshotSource::is_loaded)
    }

    /// The file kept with the snapshot, once its text has been read.
    pub fn source(&self) -> Result<Option<crate::environment::EnvSource>, SnapshotError> {
        match &self.source {
            None => Ok(None),
            Some(s) => s
                .env_source()
                .map(Some)
                .ok_or_else(|| SnapshotError::NotLoaded(self.id.clone())),
        }
    }
}

/// Why a snapshot operation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SnapshotError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("there is no snapshot {0:?}")]
    UnknownSnapshot(String),
    #[error("snapshot {snapshot:?} belongs to environment {env:?}, which no longer exists")]
    EnvironmentGone { snapshot: String, env: EnvId },
    #[error("snapshot {0:?} has not been read from storage yet")]
    NotLoaded(String),
}

/// What a revert did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevertReport {
    /// The environment reverted.
    pub env: EnvId,
    /// The snapshot whose content was restored.
    pub restored: String,
    /// Snapshots taken before and after the revert.
    pub before: String,
    pub after: String,
    /// The audit event written.
    pub event: String,
    /// The environment's version after the revert.
    pub version: u64,
    /// The environment kept a file and the snapshot did not (it is from
    /// before files were kept): the config was restored and the file
    /// dropped.
    #[serde(default)]
    pub source_dropped: bool,
}

/// Freezes `env` as it is now and returns the snapshot id. Writes no audit
/// event: the operation that asks for the snapshot records one.
pub fn take(
    ws: &mut Workspace,
    env: &EnvId,
    reason: SnapshotReason,
    actor: &str,
    now: Timestamp,
) -> Result<String, SnapshotError> {
    if ws.env(env).is_none() {
        return Err(SnapshotError::UnknownEnvironment(env.clone()));
    }
    let id = ws.next_id("snap");
    push(ws, id.clone(), env, reason, actor, now, None)?;
    Ok(id)
}

/// Freezes `env` under an id allocated beforehand (a promotion names the
/// after-snapshot in `promoted_base` before writing it).
pub(crate) fn push(
    ws: &mut Workspace,
    id: String,
    env: &EnvId,
    reason: SnapshotReason,
    actor: &str,
    now: Timestamp,
    merge_base: Option<Value>,
) -> Result<(), SnapshotError> {
    let e = ws
        .env(env)
        .ok_or_else(|| SnapshotError::UnknownEnvironment(env.clone()))?;
    let (content, env_version, promoted_base) =
        (e.config.clone(), e.version, e.promoted_base.clone());
    let source = e.source.as_ref().map(SnapshotSource::of);
    let actor = actor_or_default(ws, actor);
    ws.snapshots.push(Snapshot {
        id,
        env: env.clone(),
        env_version,
        time: now,
        actor,
        reason,
        content: Content::Loaded(content),
        promoted_base,
        merge_base: merge_base.map(Content::loaded),
        source,
    });
    Ok(())
}

pub(crate) fn actor_or_default(ws: &Workspace, actor: &str) -> String {
    if actor.trim().is_empty() {
        ws.settings.display_name.clone()
    } else {
        actor.to_owned()
    }
}

/// A snapshot taken by hand, with a description, recorded in the audit.
pub fn take_manual(
    ws: &mut Workspace,
    env: &EnvId,
    description: &str,
    actor: &str,
    now: Timestamp,
) -> Result<String, SnapshotError> {
    let id = take(
        ws,
        env,
        SnapshotReason::Manual(description.to_owned()),
        actor,
        now,
    )?;
    let mut event = AuditEvent::new(AuditAction::Snapshot, vec![env.clone()], actor, now);
    event.comment = description.to_owned();
    event.snapshots.push(id.clone());
    audit::record(ws, event);
    Ok(id)
}

/// The snapshot with this id.
pub fn get<'a>(ws: &'a Workspace, id: &str) -> Option<&'a Snapshot> {
    ws.snapshots.iter().find(|s| s.id == id)
}

/// Every snapshot of `env`, oldest first.
pub fn for_env<'a>(ws: &'a Workspace, env: &EnvId) -> Vec<&'a Snapshot> {
    ws.snapshots.iter().filter(|s| &s.env == env).collect()
}

fn require<'a>(ws: &'a Workspace, id: &str) -> Result<&'a Snapshot, SnapshotError> {
    get(ws, id).ok_or_else(|| SnapshotError::UnknownSnapshot(id.to_owned()))
}

/// The changes that turn snapshot `a`'s content into snapshot `b`'s. The two
/// may belong to different environments.
pub fn diff_snapshots(
    ws: &Workspace,
    a: &str,
    b: &str,
    opts: &DiffOptions,
) -> Result<Vec<Change>, SnapshotError> {
    let (a, b) = (require(ws, a)?, require(ws, b)?);
    let mut changes = diff::diff(a.content()?, b.content()?, opts);
    crate::changeset::flag(ws, &mut changes);
    Ok(changes)
}

/// Restores the environment of snapshot `id` to its exact content (and
/// merge base), with snapshots before and after and one audit event.
pub fn revert(
    ws: &mut Workspace,
    id: &str,
    comment: &str,
    actor: &str,
    now: Timestamp,
) -> Result<RevertReport, SnapshotError> {
    let snap = require(ws, id)?;
    let env_id = snap.env.clone();
    let (content, base) = (snap.content()?.clone(), snap.promoted_base.clone());
    let source = snap.source()?;
    let env = ws
        .env(&env_id)
        .ok_or_else(|| SnapshotError::EnvironmentGone {
            snapshot: id.to_owned(),
            env: env_id.clone(),
        })?;
    let current = env.config.clone();
    let source_dropped = env.source.is_some() && source.is_none();

    // The only failure points are above: from here on the workspace is
    // changed in full or (on a missing environment, checked) not at all.
    let before = take(ws, &env_id, SnapshotReason::BeforeRevert, actor, now)?;
    let mut changes = diff::diff(&current, &content, &DiffOptions::default());
    crate::changeset::flag(ws, &mut changes);
    let patterns = ws.settings.compiled_patterns();
    let version = {
        let env = ws
            .env_mut(&env_id)
            .ok_or_else(|| SnapshotError::UnknownEnvironment(env_id.clone()))?;
        if !env.set_config_and_source(content, source) {
            env.version += 1;
        }
        env.promoted_base = base;
        env.version
    };
    let after = take(ws, &env_id, SnapshotReason::AfterRevert, actor, now)?;
    let mut event = AuditEvent::new(AuditAction::Revert, vec![env_id.clone()], actor, now);
    let (listed, more) = audit::listed_changes(&changes, &patterns);
    event.comment = audit::with_note(comment, more);
    event.changes = listed;
    event.snapshots = vec![before.clone(), after.clone()];
    event.restored_snapshot = Some(id.to_owned());
    let event = audit::record(ws, event);
    Ok(RevertReport {
        env: env_id,
        restored: id.to_owned(),
        before,
        after,
        event,
        version,
        source_dropped,
    })
}

/// A promotion (or any two snapshots of one file) as a unified diff that
/// `git apply` accepts: `before`'s text to `after`'s, under `after`'s file
/// name. `Ok(None)` when either keeps no file (snapshots from before files
/// were kept, or an environment without one).
pub fn promotion_patch(
    ws: &Workspace,
    before: &str,
    after: &str,
) -> Result<Option<String>, SnapshotError> {
    let (a, b) = (
        require(ws, before)?.source()?,
        require(ws, after)?.source()?,
    );
    Ok(match (a, b) {
        (Some(a), Some(b)) => Some(crate::files::unified_patch(&a.text, &b.text, &b.file_name)),
        _ => None,
    })
}
