//! From stored records and nodes back to the workspace.

use super::plan::{Head, TextHead};
use super::records::{EnvHead, SnapRecord, WorkspaceRecord};
use super::*;
use crate::approval::Approval;
use crate::audit::AuditEvent;
use crate::checklist::Checklist;
use crate::environment::{EnvSource, Environment};
use crate::objects::{delta, hash_tree, NodeSource, TreeError};
use crate::snapshot::{self, Content, Snapshot, SnapshotReason, SnapshotSource, TextContent};
use crate::workspace::{Workspace, WorkspaceError, SCHEMA_VERSION};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// A snapshot whose content could not be read back, with what its record
/// still says.
#[derive(Debug, Clone, PartialEq)]
pub struct DamagedSnapshot {
    pub id: String,
    pub env: EnvId,
    pub env_version: u64,
    pub time: Timestamp,
    pub reason: SnapshotReason,
    pub error: TreeError,
}

impl DamagedSnapshot {
    /// What the history lists of it, in its place.
    pub fn unreadable(&self) -> crate::history::Unreadable {
        crate::history::Unreadable {
            id: self.id.clone(),
            env: self.env.clone(),
            env_version: self.env_version,
            time: self.time,
            reason: self.reason.clone(),
            why: self.error.to_string(),
        }
    }
}

/// What loading found besides the workspace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    /// Snapshots left out because their nodes are missing or damaged. Their
    /// records stay stored; nothing else is affected.
    pub damaged: Vec<DamagedSnapshot>,
    /// Records that the workspace names but that are not stored.
    pub missing_records: Vec<String>,
    /// Environment records whose config no longer matched its stored tree;
    /// the config was kept and its tree is written again on the next save.
    pub rehashed: Vec<String>,
}

#[derive(Deserialize)]
struct EnvRecordIn {
    head: EnvHead,
    #[serde(deserialize_with = "crate::formats::exact_json::deserialize_shared")]
    config: std::sync::Arc<Value>,
    /// The file's text, when the head says the environment keeps one.
    #[serde(default)]
    text: Option<String>,
}

fn invalid(key: &str, why: impl std::fmt::Display) -> WorkspaceError {
    WorkspaceError::Invalid {
        version: SCHEMA_VERSION,
        message: format!("record {key:?}: {why}"),
    }
}

fn parse<T: DeserializeOwned>(key: &str, text: &str) -> Result<T, WorkspaceError> {
    serde_json::from_str(text).map_err(|e| invalid(key, e))
}

impl StoredWorkspace {
    /// Rebuilds the workspace from `records` (key, text), with every
    /// snapshot's content left in the store ([`Content::Stored`]): read the
    /// ones a page needs with [`Self::read_snapshots`]. `nodes` is asked
    /// only for the chain lengths of the environments' nodes. `known_nodes`
    /// are the ids the store holds, so the next save does not write them
    /// again. `Ok(None)` means nothing is stored.
    pub fn load_records(
        records: &HashMap<String, String>,
        nodes: &impl NodeSource,
        known_nodes: impl IntoIterator<Item = NodeId>,
        revision: u64,
    ) -> Result<Option<(Workspace, StoredWorkspace, LoadReport)>, WorkspaceError> {
        let Some(ws_text) = records.get(WORKSPACE_RECORD) else {
            return Ok(None);
        };
        let head =
            serde_json::from_str::<Value>(ws_text).map_err(|e| invalid(WORKSPACE_RECORD, e))?;
        match head.get("schema_version").and_then(Value::as_u64) {
            Some(v) if v > u64::from(SCHEMA_VERSION) => {
                return Err(WorkspaceError::TooNew {
                    found: v,
                    supported: SCHEMA_VERSION,
                })
            }
            _ => {}
        }
        let meta: WorkspaceRecord = parse(WORKSPACE_RECORD, ws_text)?;
        let mut stored = StoredWorkspace {
            workspace_text: ws_text.clone(),
            revision,
            nodes: known_nodes.into_iter().collect(),
            ..StoredWorkspace::default()
        };
        let mut report = LoadReport::default();
        let mut ws = Workspace::empty();
        ws.schema_version = meta.schema_version;
        ws.settings = meta.settings;
        ws.next_seq = meta.next_seq;
        ws.revision = revision;

        for id in &meta.environments {
            let key = env_key(id);
            let Some(t) = records.get(&key) else {
                report.missing_records.push(key);
                continue;
            };
            let rec: EnvRecordIn = parse(&key, t)?;
            let head_text = serde_json::to_string(&rec.head).unwrap_or_default();
            let source = match (&rec.head.source, rec.text) {
                (Some(h), Some(text)) => {
                    let text: std::sync::Arc<str> = text.into();
                    let chunks = crate::objects::text::text_tree(&text);
                    let hashed = hash_tree(&chunks);
                    if hashed.root == h.text {
                        let depth = |_: &NodeId| h.chain;
                        let head = Head::new(
                            rec.head.version,
                            String::new(),
                            std::sync::Arc::new(chunks),
                            hashed,
                            h.chain,
                            depth,
                        );
                        stored.texts.insert(
                            id.clone(),
                            TextHead {
                                text: text.clone(),
                                head,
                            },
                        );
                    } else {
                        report.rehashed.push(key.clone());
                    }
                    Some(EnvSource::new(h.format, text, h.file_name.clone()))
                }
                _ => None,
            };
            // The config is kept whole beside its tree; should the two ever
            // disagree, the whole config (what the user saw) wins and the
            // next save stores its tree again.
            let h = hash_tree(&rec.config);
            if h.root != rec.head.tree {
                report.rehashed.push(key);
            } else {
                let depth = |id: &NodeId| match nodes.record(id) {
                    Some(t) if delta::is_delta(t) => {
                        delta::base_of(t).map_or(delta::MAX_CHAIN, |(_, n)| n)
                    }
                    Some(_) => 0,
                    // Not read: no longer than the head's longest chain.
                    None => rec.head.chain,
                };
                stored.heads.insert(
                    id.clone(),
                    Head::new(
                        rec.head.version,
                        head_text,
                        rec.config.clone(),
                        h,
                        rec.head.chain,
                        depth,
                    ),
                );
            }
            ws.environments.push(Environment {
                id: rec.head.id,
                name: rec.head.name,
                config: rec.config,
                version: rec.head.version,
                cloned_from: rec.head.cloned_from,
                promoted_base: rec.head.promoted_base,
                source,
            });
        }
        for id in &meta.checklists {
            let key = checklist_key(id);
            let Some(t) = records.get(&key) else {
                report.missing_records.push(key);
                continue;
            };
            let c: Checklist = parse(&key, t)?;
            stored.checklists.insert(id.clone(), t.clone());
            ws.checklists.push(c);
        }
        for id in &meta.audit {
            let key = audit_key(id);
            let Some(t) = records.get(&key) else {
                report.missing_records.push(key);
                continue;
            };
            let e: AuditEvent = parse(&key, t)?;
            stored.audit.insert(id.clone(), e.time);
            ws.audit.push(e);
        }
        for id in &meta.snapshots {
            let key = snap_key(id);
            let Some(t) = records.get(&key) else {
                report.missing_records.push(key);
                continue;
            };
            let rec: SnapRecord = parse(&key, t)?;
            stored
                .snapshots
                .insert(id.clone(), (rec.env_version, rec.time));
            stored.snapshot_roots.insert(
                id.clone(),
                (
                    rec.tree.clone(),
                    rec.merge_base.clone(),
                    rec.source.as_ref().map(|s| s.text.clone()),
                ),
            );
            ws.snapshots.push(Snapshot {
                id: rec.id,
                env: rec.env,
                env_version: rec.env_version,
                time: rec.time,
                actor: rec.actor,
                reason: rec.reason,
                content: Content::Stored(rec.tree),
                promoted_base: rec.promoted_base,
                merge_base: rec.merge_base.map(Content::Stored),
                source: rec.source.map(|s| SnapshotSource {
                    format: s.format,
                    file_name: s.file_name,
                    text: TextContent::Stored(s.text),
                }),
            });
        }
        if let Some(t) = records.get(APPROVALS_RECORD) {
            ws.approvals = parse::<Vec<Approval>>(APPROVALS_RECORD, t)?;
            stored.approvals_text = t.clone();
        }
        Ok(Some((ws, stored, report)))
    }

    /// Learns that the store holds nodes `ids` (listed after a load that
    /// was given none), so that the next save does not write them again.
    pub fn know_nodes(&mut self, ids: impl IntoIterator<Item = NodeId>) {
        self.nodes.extend(ids);
    }

    /// Like [`Self::load_records`], then reads every snapshot from
    /// `nodes`: the whole history in memory (tests, the check after a
    /// migration, a backup).
    pub fn load(
        records: &HashMap<String, String>,
        nodes: &impl NodeSource,
        known_nodes: impl IntoIterator<Item = NodeId>,
        revision: u64,
    ) -> Result<Option<(Workspace, StoredWorkspace, LoadReport)>, WorkspaceError> {
        let Some((mut ws, mut stored, mut report)) =
            Self::load_records(records, nodes, known_nodes, revision)?
        else {
            return Ok(None);
        };
        let ids = snapshot::unread(&ws);
        report
            .damaged
            .extend(stored.read_snapshots(&mut ws, &ids, nodes));
        Ok(Some((ws, stored, report)))
    }

    /// Reads snapshots `ids` from `nodes`; those that cannot be read are
    /// taken out as damaged ([`Self::set_damaged`]) and returned.
    pub fn read_snapshots(
        &mut self,
        ws: &mut Workspace,
        ids: &[String],
        nodes: &impl NodeSource,
    ) -> Vec<DamagedSnapshot> {
        let mut damaged = Vec::new();
        for id in ids {
            if let Err(e) = snapshot::read_in(ws, id, nodes) {
                damaged.extend(self.set_damaged(ws, id, e));
            }
        }
        damaged
    }
}
