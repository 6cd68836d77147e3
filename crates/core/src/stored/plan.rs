//! What one action changed, as the records and nodes to write.

use super::records::{EnvHead, EnvRecordOut, SnapRecord, SourceHead, WorkspaceRecord};
use super::*;
use crate::environment::identical;
use crate::environment::Environment;
use crate::objects::{delta, hash_tree, hash_tree_since, Hashed, Previous, TreeIndex};
use crate::snapshot::{Content, Snapshot};
use crate::workspace::Workspace;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

mod text;
mod trees;

pub(super) use text::TextHead;

/// The three areas of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Meta,
    Records,
    Nodes,
}

/// Everything one action writes, in one transaction.
#[derive(Debug, Clone, Default)]
pub struct Commit {
    /// The revision the writer started from; the store refuses the commit
    /// when it holds another one.
    pub expected_revision: u64,
    pub revision: u64,
    pub puts: Vec<(Area, String, String)>,
    pub deletes: Vec<(Area, String)>,
    /// What [`StoredWorkspace::committed`] records once this has landed.
    pub(super) after: After,
}

impl Commit {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }

    /// Characters written (keys and values), for the storage figures.
    pub fn bytes(&self) -> usize {
        self.puts.iter().map(|(_, k, v)| k.len() + v.len()).sum()
    }

    /// Characters of new nodes alone.
    pub fn node_bytes(&self) -> usize {
        self.puts
            .iter()
            .filter(|(a, _, _)| *a == Area::Nodes)
            .map(|(_, k, v)| k.len() + v.len())
            .sum()
    }
}

/// The bookkeeping a commit brings once it has landed.
#[derive(Debug, Clone, Default)]
pub(super) struct After {
    workspace_text: Option<String>,
    approvals_text: Option<String>,
    envs: Vec<(EnvId, Head)>,
    /// Text heads written or kept (`None`: the environment keeps no file).
    texts: Vec<(EnvId, Option<TextHead>)>,
    gone_envs: Vec<EnvId>,
    snapshots: Vec<(String, (u64, Timestamp))>,
    snapshot_roots: Vec<(String, SnapshotRoots)>,
    gone_snapshots: Vec<String>,
    audit: Vec<(String, Timestamp)>,
    gone_audit: Vec<String>,
    checklists: Vec<(String, String)>,
    gone_checklists: Vec<String>,
    nodes: Vec<NodeId>,
    /// Nodes a sweep deleted: a later plan must write them again if it
    /// needs them.
    pub(super) gone_nodes: Vec<NodeId>,
    /// This commit wrote everything again ([`StoredWorkspace::rewrite_next`]).
    rewrote: bool,
}

/// What is known of one committed environment head.
#[derive(Debug, Clone)]
pub(super) struct Head {
    pub version: u64,
    pub head_text: String,
    pub tree: TreeRoot,
    /// The committed config, so that snapshots of it are not hashed again.
    pub config: Arc<Value>,
    /// Its containers by pointer, and each node's full record with the
    /// length of the delta chain it is stored on: the bases of the next
    /// version's deltas.
    pub index: TreeIndex,
    pub records: FxHashMap<NodeId, (Arc<str>, u8)>,
    /// The longest of those chains, as the head record stores it.
    pub chain: u8,
}

impl Head {
    /// A head whose nodes' chain lengths are looked up with `depth`.
    pub fn new(
        version: u64,
        head_text: String,
        config: Arc<Value>,
        h: Hashed,
        chain: u8,
        depth: impl Fn(&NodeId) -> u8,
    ) -> Self {
        let records = h
            .nodes
            .into_iter()
            .map(|(id, r)| {
                let d = depth(&id);
                (id, (Arc::from(r), d))
            })
            .collect();
        Head {
            version,
            head_text,
            tree: h.root,
            config,
            index: h.index,
            records,
            chain,
        }
    }
}

/// What `EnvRecordOut` serializes to, from texts already written. Pushed,
/// not formatted: `format!` copies a megabyte-sized argument slowly.
fn env_record_text(head: &str, config: &str, source_text: Option<&str>) -> String {
    let extra = source_text.map_or(0, |t| t.len() + t.len() / 8 + 12);
    let mut out = String::with_capacity(head.len() + config.len() + extra + 20);
    out.push_str("{\"head\":");
    out.push_str(head);
    out.push_str(",\"config\":");
    out.push_str(config);
    if let Some(t) = source_text {
        out.push_str(",\"text\":");
        out.push_str(&text(&t));
    }
    out.push('}');
    out
}

fn text(v: &impl Serialize) -> String {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_string(v).unwrap_or_default()
}

impl StoredWorkspace {
    /// The commit that brings the store from what it holds to `ws`.
    pub fn plan(&self, ws: &Workspace) -> Commit {
        let mut p = Planner {
            stored: self,
            commit: Commit {
                expected_revision: self.revision,
                revision: self.revision + 1,
                ..Commit::default()
            },
            fresh: Vec::new(),
            fresh_texts: Vec::new(),
            queued: FxHashSet::default(),
            rewrite: self.rewrite,
        };
        p.commit.after.rewrote = self.rewrite;
        p.environments(ws);
        p.snapshots(ws);
        p.audit(ws);
        p.checklists(ws);
        p.small_records(ws);
        p.commit
    }

    /// Records a commit that has landed.
    pub fn committed(&mut self, commit: Commit) {
        let a = commit.after;
        self.revision = commit.revision;
        if a.rewrote {
            self.rewrite = false;
            self.damaged.clear();
        }
        // A damaged snapshot written again (restored) is whole again.
        self.damaged
            .retain(|(_, id)| !a.snapshots.iter().any(|(s, _)| s == id));
        if let Some(t) = a.workspace_text {
            self.workspace_text = t;
        }
        if let Some(t) = a.approvals_text {
            self.approvals_text = t;
        }
        for id in a.gone_envs {
            self.heads.remove(&id);
            self.texts.remove(&id);
        }
        self.heads.extend(a.envs);
        for (id, t) in a.texts {
            match t {
                Some(t) => self.texts.insert(id, t),
                None => self.texts.remove(&id),
            };
        }
        for id in a.gone_snapshots {
            self.snapshots.remove(&id);
            self.snapshot_roots.remove(&id);
        }
        self.snapshots.extend(a.snapshots);
        self.snapshot_roots.extend(a.snapshot_roots);
        for id in a.gone_audit {
            self.audit.remove(&id);
        }
        self.audit.extend(a.audit);
        for id in a.gone_checklists {
            self.checklists.remove(&id);
        }
        self.checklists.extend(a.checklists);
        for id in &a.gone_nodes {
            self.nodes.remove(id);
        }
        self.nodes.extend(a.nodes);
    }
}

struct Planner<'s> {
    stored: &'s StoredWorkspace,
    commit: Commit,
    /// Environments hashed by this plan, for the snapshots that copy them.
    fresh: Vec<(EnvId, u64, TreeRoot)>,
    /// Texts hashed by this plan, for the snapshots that copy them.
    fresh_texts: Vec<(EnvId, Arc<str>, TreeRoot)>,
    /// Nodes this plan already writes.
    queued: FxHashSet<NodeId>,
    /// Trust nothing as stored: write every tree whole
    /// ([`StoredWorkspace::rewrite_next`]).
    rewrite: bool,
}

impl Planner<'_> {
    fn put(&mut self, key: String, value: String) {
        self.commit.puts.push((Area::Records, key, value));
    }

    fn delete(&mut self, key: String) {
        self.commit.deletes.push((Area::Records, key));
    }

    fn environments(&mut self, ws: &Workspace) {
        for env in &ws.environments {
            let head = self.stored.heads.get(&env.id);
            let stored = head
                .filter(|h| h.version == env.version && same(&h.config, &env.config))
                .filter(|_| !self.rewrite);
            let (tree, fresh) = match stored {
                Some(h) => (h.tree.clone(), None),
                None => {
                    // Hashed since the previous version, only its new
                    // nodes come out: a rewrite needs them all.
                    let prev = head.filter(|_| !self.rewrite).map(|h| Previous {
                        value: &h.config,
                        index: &h.index,
                    });
                    let h = hash_tree_since(&env.config, prev);
                    let base = head.filter(|_| !self.rewrite);
                    let t = self.store_tree(h, base);
                    (t.root.clone(), Some(t))
                }
            };
            let chain = match (&fresh, stored) {
                (Some(t), _) => t.chain(),
                (None, Some(h)) => h.chain,
                (None, None) => delta::MAX_CHAIN,
            };
            let source = self.env_text(env);
            let head = head_of(env, tree.clone(), chain, source);
            let head_text = text(&head);
            if stored.is_some_and(|h| h.head_text == head_text) {
                continue;
            }
            let source_text = env.source.as_ref().map(|s| s.text.as_ref());
            let record = match &fresh {
                // What `EnvRecordOut` serializes to, without serializing
                // the config a second time.
                Some(t) => env_record_text(&head_text, &t.text, source_text),
                None => text(&EnvRecordOut {
                    head: &head,
                    config: &env.config,
                    text: source_text,
                }),
            };
            // A head whose only change is its name or bookkeeping keeps
            // its index and records.
            let (index, records) = match (fresh, stored) {
                (Some(t), _) => (t.index, t.records),
                (None, Some(h)) => (h.index.clone(), h.records.clone()),
                (None, None) => (TreeIndex::default(), FxHashMap::default()),
            };
            self.fresh.push((env.id.clone(), env.version, tree.clone()));
            self.put(env_key(&env.id), record);
            self.commit.after.envs.push((
                env.id.clone(),
                Head {
                    version: env.version,
                    head_text,
                    tree,
                    config: env.config.clone(),
                    index,
                    records,
                    chain,
                },
            ));
        }
        for id in self.stored.heads.keys() {
            if ws.env(id).is_none() {
                self.delete(env_key(id));
                self.commit.after.gone_envs.push(id.clone());
            }
        }
    }

    /// The root of `content`, reusing a head or a fresh hash of equal
    /// content instead of hashing it again.
    fn tree_of(
        &mut self,
        ws: &Workspace,
        env: &EnvId,
        version: u64,
        content: &Arc<Value>,
    ) -> TreeRoot {
        if let Some(h) = self
            .stored
            .heads
            .get(env)
            .filter(|h| h.version == version && same(&h.config, content))
            .filter(|_| !self.rewrite)
        {
            return h.tree.clone();
        }
        let fresh = self
            .fresh
            .iter()
            .find(|(e, v, _)| e == env && *v == version)
            .map(|(_, _, t)| t.clone());
        if let Some(tree) = fresh {
            if ws.env(env).is_some_and(|e| same(&e.config, content)) {
                return tree;
            }
        }
        let h = hash_tree(content);
        let base = self.stored.heads.get(env).filter(|_| !self.rewrite);
        self.nodes(h, base)
    }

    fn snapshots(&mut self, ws: &Workspace) {
        for s in &ws.snapshots {
            let mark = (s.env_version, s.time);
            let rewrite = self.rewrite && s.content.is_loaded();
            if self.stored.snapshots.get(&s.id) == Some(&mark) && !rewrite {
                continue;
            }
            // Content not read back is still where it was stored.
            let tree = match &s.content {
                Content::Stored(root) => root.clone(),
                Content::Loaded(v) => self.tree_of(ws, &s.env, s.env_version, v),
            };
            let merge_base = s.merge_base.as_ref().map(|b| match b {
                Content::Stored(root) => root.clone(),
                Content::Loaded(v) => self.base_tree(ws, v),
            });
            let source = s.source.as_ref().map(|src| SourceHead {
                format: src.format,
                file_name: src.file_name.clone(),
                text: self.snapshot_text(ws, &s.env, &src.text),
                chain: delta::MAX_CHAIN,
            });
            let text_root = source.as_ref().map(|h| h.text.clone());
            let record = snap_record(s, tree.clone(), merge_base.clone(), source);
            self.put(snap_key(&s.id), text(&record));
            self.commit.after.snapshots.push((s.id.clone(), mark));
            self.commit
                .after
                .snapshot_roots
                .push((s.id.clone(), (tree, merge_base, text_root)));
        }
        // Damaged records are kept until a restore replaces the workspace.
        let (stored, rewrite) = (self.stored, self.rewrite);
        let kept = |id: &String| !rewrite && stored.damaged.iter().any(|(_, d)| d == id);
        let gone: Vec<&String> = stored
            .snapshots
            .keys()
            .chain(stored.damaged.iter().map(|(_, d)| d))
            .collect();
        for id in gone {
            if !ws.snapshots.iter().any(|s| &s.id == id) && !kept(id) {
                self.delete(snap_key(id));
                self.commit.after.gone_snapshots.push(id.clone());
            }
        }
    }

    /// A merge base is usually some environment's content as it was.
    fn base_tree(&mut self, ws: &Workspace, base: &Arc<Value>) -> TreeRoot {
        let known = ws
            .environments
            .iter()
            .find(|e| same(&e.config, base))
            .and_then(|e| {
                self.fresh
                    .iter()
                    .find(|(id, v, _)| id == &e.id && *v == e.version)
                    .map(|(_, _, t)| t.clone())
                    .or_else(|| {
                        self.stored
                            .heads
                            .get(&e.id)
                            .filter(|h| h.version == e.version && !self.rewrite)
                            .map(|h| h.tree.clone())
                    })
            });
        match known {
            Some(t) => t,
            None => {
                let h = hash_tree(base);
                self.nodes(h, None)
            }
        }
    }

    fn audit(&mut self, ws: &Workspace) {
        for e in &ws.audit {
            if self.stored.audit.get(&e.id) == Some(&e.time) {
                continue;
            }
            self.put(audit_key(&e.id), text(e));
            self.commit.after.audit.push((e.id.clone(), e.time));
        }
        for id in self.stored.audit.keys() {
            if !ws.audit.iter().any(|e| &e.id == id) {
                self.delete(audit_key(id));
                self.commit.after.gone_audit.push(id.clone());
            }
        }
    }

    fn checklists(&mut self, ws: &Workspace) {
        for c in &ws.checklists {
            let t = text(c);
            if self.stored.checklists.get(&c.id) == Some(&t) {
                continue;
            }
            self.put(checklist_key(&c.id), t.clone());
            self.commit.after.checklists.push((c.id.clone(), t));
        }
        for id in self.stored.checklists.keys() {
            if ws.checklist(id).is_none() {
                self.delete(checklist_key(id));
                self.commit.after.gone_checklists.push(id.clone());
            }
        }
    }

    /// The snapshots in order, damaged ones kept at their place.
    fn snapshot_order(&self, ws: &Workspace) -> Vec<String> {
        let mut order: Vec<String> = ws.snapshots.iter().map(|s| s.id.clone()).collect();
        if self.rewrite {
            return order;
        }
        for (place, id) in &self.stored.damaged {
            // One read back again (restored) is in its own place already.
            if !ws.snapshots.iter().any(|s| &s.id == id) {
                order.insert((*place).min(order.len()), id.clone());
            }
        }
        order
    }

    fn small_records(&mut self, ws: &Workspace) {
        let record = WorkspaceRecord {
            schema_version: ws.schema_version,
            settings: ws.settings.clone(),
            next_seq: ws.next_seq,
            environments: ws.environments.iter().map(|e| e.id.clone()).collect(),
            checklists: ws.checklists.iter().map(|c| c.id.clone()).collect(),
            snapshots: self.snapshot_order(ws),
            audit: ws.audit.iter().map(|e| e.id.clone()).collect(),
        };
        let t = text(&record);
        if t != self.stored.workspace_text {
            self.put(WORKSPACE_RECORD.to_owned(), t.clone());
            self.commit.after.workspace_text = Some(t);
        }
        let t = text(&ws.approvals);
        if t != self.stored.approvals_text {
            self.put(APPROVALS_RECORD.to_owned(), t.clone());
            self.commit.after.approvals_text = Some(t);
        }
    }
}

/// The committed environments' indexes: a config is known when it is the
/// very tree a head was committed with (shared, not merely equal, so the
/// answer needs no comparison).
impl crate::diff::KnownIndexes for StoredWorkspace {
    fn index_of(&self, config: &Arc<Value>) -> Option<&TreeIndex> {
        self.heads
            .values()
            .find(|h| Arc::ptr_eq(&h.config, config))
            .map(|h| &h.index)
    }
}

/// Whether two trees are the same content, key order included: at a
/// glance when they are shared, as a workspace's and its store's usually are.
fn same(a: &Arc<Value>, b: &Arc<Value>) -> bool {
    Arc::ptr_eq(a, b) || identical(a, b)
}

pub(super) fn head_of(
    env: &Environment,
    tree: TreeRoot,
    chain: u8,
    source: Option<SourceHead>,
) -> EnvHead {
    EnvHead {
        chain,
        id: env.id.clone(),
        name: env.name.clone(),
        version: env.version,
        cloned_from: env.cloned_from.clone(),
        promoted_base: env.promoted_base.clone(),
        tree,
        source,
    }
}

fn snap_record(
    s: &Snapshot,
    tree: TreeRoot,
    merge_base: Option<TreeRoot>,
    source: Option<SourceHead>,
) -> SnapRecord {
    SnapRecord {
        id: s.id.clone(),
        env: s.env.clone(),
        env_version: s.env_version,
        time: s.time,
        actor: s.actor.clone(),
        reason: s.reason.clone(),
        promoted_base: s.promoted_base.clone(),
        tree,
        merge_base,
        source,
    }
}
