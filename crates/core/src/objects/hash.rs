//! From a config tree to its nodes: canonical records, their ids, and an
//! index of every container's id by pointer (what a hash-skipping diff and
//! an incremental save look up).

use super::TreeRoot;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Bytes of SHA-256 kept in an id.
const ID_BYTES: usize = 20;

/// Hashed before every record, so a node id can never equal the hash of
/// some other kind of Preflight text.
const DOMAIN: &[u8] = b"preflight-node-1\n";

/// The content address of one node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(String);

impl NodeId {
    /// The id of a record's text.
    pub fn of(record: &str) -> Self {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        h.update(record.as_bytes());
        let digest = h.finalize();
        Self(URL_SAFE_NO_PAD.encode(&digest[..ID_BYTES]))
    }

    /// An id read from storage, unchecked (a wrong one simply finds nothing).
    pub fn from_stored(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every container's id, by RFC 6901 pointer (`""` is the root).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TreeIndex {
    by_pointer: HashMap<String, NodeId>,
}

impl TreeIndex {
    /// The id of the container at `pointer`, if there is one.
    pub fn get(&self, pointer: &str) -> Option<&NodeId> {
        self.by_pointer.get(pointer)
    }

    /// How many containers the tree has.
    pub fn len(&self) -> usize {
        self.by_pointer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_pointer.is_empty()
    }

    /// Whether any container of this tree has id `id`.
    pub fn contains(&self, id: &NodeId) -> bool {
        self.by_pointer.values().any(|x| x == id)
    }

    /// Every container's pointer and id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeId)> {
        self.by_pointer.iter().map(|(p, id)| (p.as_str(), id))
    }

    /// The distinct ids of this tree.
    pub fn ids(&self) -> HashSet<&NodeId> {
        self.by_pointer.values().collect()
    }
}

/// A tree taken apart into nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Hashed {
    pub root: TreeRoot,
    /// Each distinct node once, children before their parents.
    pub nodes: Vec<(NodeId, String)>,
    pub index: TreeIndex,
    /// Nodes that differ from the previous tree's node at the same place
    /// only in some entries (same keys, same order, same length): which
    /// ones, so that a delta needs no diff of the two records.
    pub edited: HashMap<NodeId, Edited>,
}

/// How a node differs from the node at the same place before.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    pub base: NodeId,
    /// The positions of the changed entries, and each entry's byte range
    /// in the new record.
    pub entries: Vec<(usize, std::ops::Range<usize>)>,
}

impl Hashed {
    /// Total characters of the node records.
    pub fn bytes(&self) -> usize {
        self.nodes
            .iter()
            .map(|(id, text)| id.0.len() + text.len())
            .sum()
    }
}

/// Takes `value` apart into content-addressed nodes.
pub fn hash_tree(value: &Value) -> Hashed {
    hash_tree_since(value, None)
}

/// What a tree was before a change: its value and index. Containers that
/// are identical at the same place keep their id without being written or
/// hashed again, so the cost of hashing a changed tree follows the
/// containers on changed paths (plus one comparison per leaf), not its size.
#[derive(Clone, Copy)]
pub struct Previous<'p> {
    pub value: &'p Value,
    pub index: &'p TreeIndex,
}

/// [`hash_tree`], reusing the ids of `prev`'s identical containers.
///
/// [`Hashed::nodes`] then holds only the containers that are not identical
/// to `prev` at the same place; every container is still in the index. The
/// ids are the same as [`hash_tree`]'s: a container is reused only when its
/// keys, their order and its scalars (as written: `-0.0` is not `0.0`) are
/// the same and every child container was reused too.
pub fn hash_tree_since(value: &Value, prev: Option<Previous<'_>>) -> Hashed {
    let mut h = Hasher {
        nodes: Vec::new(),
        seen: HashSet::new(),
        index: HashMap::new(),
        path: String::new(),
        prev: prev.map(|p| p.index),
        edited: HashMap::new(),
    };
    let root = match value {
        Value::Object(_) | Value::Array(_) => {
            TreeRoot::Node(h.node(value, prev.map(|p| p.value)).0)
        }
        scalar => TreeRoot::Leaf(scalar.clone()),
    };
    Hashed {
        root,
        nodes: h.nodes,
        index: TreeIndex {
            by_pointer: h.index,
        },
        edited: h.edited,
    }
}

struct Hasher<'p> {
    nodes: Vec<(NodeId, String)>,
    seen: HashSet<NodeId>,
    index: HashMap<String, NodeId>,
    path: String,
    prev: Option<&'p TreeIndex>,
    edited: HashMap<NodeId, Edited>,
}

/// One entry of a container: a scalar as it stands, or a child's id.
enum Child<'v> {
    Scalar(&'v Value),
    Node(NodeId),
}

impl Hasher<'_> {
    /// Hashes one container (its children first) and returns its id, and
    /// whether it is `prev`'s (identical content at the same place).
    fn node(&mut self, value: &Value, prev: Option<&Value>) -> (NodeId, bool) {
        let (children, changed) = match value {
            Value::Object(map) => {
                let prev = match prev {
                    Some(Value::Object(p)) if p.len() == map.len() => Some(p),
                    _ => None,
                };
                let mut shape = prev.is_some();
                let mut changed = Vec::new();
                let mut before = prev.map(|p| p.iter());
                let mut children = Vec::with_capacity(map.len());
                for (k, v) in map {
                    let was = before
                        .as_mut()
                        .and_then(Iterator::next)
                        .filter(|(pk, _)| *pk == k)
                        .map(|(_, pv)| pv);
                    shape &= was.is_some();
                    let at = children.len();
                    if is_container(v) {
                        let len = self.path.len();
                        self.path.push('/');
                        if k.contains(['~', '/']) {
                            self.path.push_str(&crate::pointer::escape(k));
                        } else {
                            self.path.push_str(k);
                        }
                        let (id, kept) = self.node(v, was);
                        self.path.truncate(len);
                        if !kept {
                            changed.push(at);
                        }
                        children.push(Child::Node(id));
                    } else {
                        if !was.is_some_and(|pv| crate::diff::same(pv, v)) {
                            changed.push(at);
                        }
                        children.push(Child::Scalar(v));
                    }
                }
                (children, shape.then_some(changed))
            }
            Value::Array(items) => {
                let prev = match prev {
                    Some(Value::Array(p)) if p.len() == items.len() => Some(p),
                    _ => None,
                };
                let mut changed = Vec::new();
                let mut children = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    let was = prev.and_then(|p| p.get(i));
                    if is_container(v) {
                        let len = self.path.len();
                        self.path.push('/');
                        self.path.push_str(itoa(i).as_str());
                        let (id, kept) = self.node(v, was);
                        self.path.truncate(len);
                        if !kept {
                            changed.push(i);
                        }
                        children.push(Child::Node(id));
                    } else {
                        if !was.is_some_and(|pv| crate::diff::same(pv, v)) {
                            changed.push(i);
                        }
                        children.push(Child::Scalar(v));
                    }
                }
                (children, prev.is_some().then_some(changed))
            }
            _ => (Vec::new(), None),
        };
        // `changed` is known when the shape is the previous node's.
        let base = self.prev.and_then(|p| p.get(&self.path));
        if let (Some(id), Some(changed)) = (base, &changed) {
            if changed.is_empty() {
                self.index.insert(self.path.clone(), id.clone());
                return (id.clone(), true);
            }
        }
        let (record, spans) = record(value, &children);
        let id = NodeId::of(&record);
        self.index.insert(self.path.clone(), id.clone());
        if self.seen.insert(id.clone()) {
            if let (Some(base), Some(changed)) = (base, changed) {
                let entries = changed.into_iter().map(|i| (i, spans[i].clone())).collect();
                let base = base.clone();
                self.edited.insert(id.clone(), Edited { base, entries });
            }
            self.nodes.push((id.clone(), record));
        }
        (id, false)
    }
}

/// A container's canonical record, from its entries, and each entry's
/// byte range in it.
fn record(value: &Value, children: &[Child<'_>]) -> (String, Vec<std::ops::Range<usize>>) {
    let mut spans = Vec::with_capacity(children.len());
    // Written straight into bytes: one buffer per node, none per leaf.
    let mut out: Vec<u8> = Vec::with_capacity(64);
    let child = |out: &mut Vec<u8>, c: &Child<'_>| match c {
        Child::Scalar(v) => write_json(out, *v),
        Child::Node(id) => {
            out.extend_from_slice(b"[\"");
            out.extend_from_slice(id.as_str().as_bytes());
            out.extend_from_slice(b"\"]");
        }
    };
    match value {
        Value::Object(map) => {
            out.extend_from_slice(b"{\"o\":[");
            for (i, (k, c)) in map.keys().zip(children).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let start = out.len();
                out.push(b'[');
                write_json(&mut out, k);
                out.push(b',');
                child(&mut out, c);
                out.push(b']');
                spans.push(start..out.len());
            }
        }
        _ => {
            out.extend_from_slice(b"{\"a\":[");
            for (i, c) in children.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let start = out.len();
                child(&mut out, c);
                spans.push(start..out.len());
            }
        }
    }
    out.extend_from_slice(b"]}");
    // serde_json writes UTF-8, and the rest is ASCII.
    (String::from_utf8(out).unwrap_or_default(), spans)
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Object(_) | Value::Array(_))
}

fn itoa(i: usize) -> String {
    i.to_string()
}

fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Writing a scalar or a key into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}
