//! From a config tree to its nodes: canonical records, their ids, and an
//! index of every container's id by pointer (what a hash-skipping diff and
//! an incremental save look up).

use super::TreeRoot;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Bytes of SHA-256 kept in an id.
const ID_BYTES: usize = 20;

/// Hashed before every record, so a node id can never equal the hash of
/// some other kind of Preflight text.
const DOMAIN: &[u8] = b"preflight-node-1\n";

/// The content address of one node. Shared, not copied, when cloned:
/// the same ids sit in every index, record map and commit of a tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(Arc<str>);

impl NodeId {
    /// The id of a record's text.
    pub fn of(record: &str) -> Self {
        let mut h = Sha256::new();
        h.update(DOMAIN);
        h.update(record.as_bytes());
        let digest = h.finalize();
        Self(URL_SAFE_NO_PAD.encode(&digest[..ID_BYTES]).into())
    }

    /// An id read from storage, unchecked (a wrong one simply finds nothing).
    pub fn from_stored(text: impl Into<String>) -> Self {
        Self(text.into().into())
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
    by_pointer: FxHashMap<String, NodeId>,
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
    pub fn ids(&self) -> FxHashSet<&NodeId> {
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
    pub edited: FxHashMap<NodeId, Edited>,
    /// The tree as compact JSON, exactly as `serde_json::to_string` writes
    /// it: a by-product of hashing, so the config record need not be
    /// serialized again.
    pub text: String,
}

/// How a node differs from the node at the same place before.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    pub base: NodeId,
    /// The positions of the changed entries, and each entry's byte range
    /// in the new record.
    pub entries: Vec<(usize, Range<usize>)>,
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
        seen: FxHashSet::default(),
        index: FxHashMap::default(),
        path: String::new(),
        prev: prev.map(|p| p.index),
        edited: FxHashMap::default(),
        text: Vec::with_capacity(4096),
    };
    let root = match value {
        Value::Object(_) | Value::Array(_) => {
            TreeRoot::Node(h.node(value, prev.map(|p| p.value)).0)
        }
        scalar => {
            write_json(&mut h.text, scalar);
            TreeRoot::Leaf(scalar.clone())
        }
    };
    Hashed {
        root,
        nodes: h.nodes,
        index: TreeIndex {
            by_pointer: h.index,
        },
        edited: h.edited,
        // serde_json writes UTF-8, and the rest is ASCII.
        text: String::from_utf8(h.text).unwrap_or_default(),
    }
}

struct Hasher<'p> {
    nodes: Vec<(NodeId, String)>,
    seen: FxHashSet<NodeId>,
    index: FxHashMap<String, NodeId>,
    path: String,
    prev: Option<&'p TreeIndex>,
    edited: FxHashMap<NodeId, Edited>,
    /// The whole tree's compact JSON, written as it is walked. Every key and
    /// scalar is serialized once, here; records copy their bytes.
    text: Vec<u8>,
}

/// One entry of a container, as byte ranges of the tree's text: its key
/// (objects only) and its scalar, or its child's id.
struct Entry {
    key: Option<Range<usize>>,
    child: Child,
}

enum Child {
    Scalar(Range<usize>),
    Node(NodeId),
}

impl Hasher<'_> {
    /// Hashes one container (its children first) and returns its id, and
    /// whether it is `prev`'s (identical content at the same place).
    fn node(&mut self, value: &Value, prev: Option<&Value>) -> (NodeId, bool) {
        let (entries, changed) = match value {
            Value::Object(map) => {
                let prev = match prev {
                    Some(Value::Object(p)) if p.len() == map.len() => Some(p),
                    _ => None,
                };
                let mut shape = prev.is_some();
                let mut changed = Vec::new();
                let mut before = prev.map(|p| p.iter());
                let mut entries = Vec::with_capacity(map.len());
                self.text.push(b'{');
                for (at, (k, v)) in map.iter().enumerate() {
                    let was = before
                        .as_mut()
                        .and_then(Iterator::next)
                        .filter(|(pk, _)| *pk == k)
                        .map(|(_, pv)| pv);
                    shape &= was.is_some();
                    if at > 0 {
                        self.text.push(b',');
                    }
                    let start = self.text.len();
                    write_json(&mut self.text, k);
                    let key = Some(start..self.text.len());
                    self.text.push(b':');
                    let (child, kept) = if is_container(v) {
                        let len = self.path.len();
                        self.path.push('/');
                        if k.contains(['~', '/']) {
                            self.path.push_str(&crate::pointer::escape(k));
                        } else {
                            self.path.push_str(k);
                        }
                        let (id, kept) = self.node(v, was);
                        self.path.truncate(len);
                        (Child::Node(id), kept)
                    } else {
                        let start = self.text.len();
                        write_json(&mut self.text, v);
                        let kept = was.is_some_and(|pv| crate::diff::same(pv, v));
                        (Child::Scalar(start..self.text.len()), kept)
                    };
                    if !kept {
                        changed.push(at);
                    }
                    entries.push(Entry { key, child });
                }
                self.text.push(b'}');
                (entries, shape.then_some(changed))
            }
            Value::Array(items) => {
                let prev = match prev {
                    Some(Value::Array(p)) if p.len() == items.len() => Some(p),
                    _ => None,
                };
                let mut changed = Vec::new();
                let mut entries = Vec::with_capacity(items.len());
                self.text.push(b'[');
                for (i, v) in items.iter().enumerate() {
                    let was = prev.and_then(|p| p.get(i));
                    if i > 0 {
                        self.text.push(b',');
                    }
                    let (child, kept) = if is_container(v) {
                        let len = self.path.len();
                        self.path.push('/');
                        self.path.push_str(itoa(i).as_str());
                        let (id, kept) = self.node(v, was);
                        self.path.truncate(len);
                        (Child::Node(id), kept)
                    } else {
                        let start = self.text.len();
                        write_json(&mut self.text, v);
                        let kept = was.is_some_and(|pv| crate::diff::same(pv, v));
                        (Child::Scalar(start..self.text.len()), kept)
                    };
                    if !kept {
                        changed.push(i);
                    }
                    entries.push(Entry { key: None, child });
                }
                self.text.push(b']');
                (entries, prev.is_some().then_some(changed))
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
        let (record, spans) = record(value.is_object(), &entries, &self.text);
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

/// A container's canonical record, from its entries (copied from the
/// tree's text), and each entry's byte range in it.
fn record(object: bool, entries: &[Entry], text: &[u8]) -> (String, Vec<Range<usize>>) {
    let size: usize = entries
        .iter()
        .map(|e| {
            let key = e.key.as_ref().map_or(0, |k| k.len() + 3);
            key + match &e.child {
                Child::Scalar(r) => r.len(),
                Child::Node(id) => id.as_str().len() + 4,
            } + 1
        })
        .sum();
    let mut out: Vec<u8> = Vec::with_capacity(size + 8);
    let mut spans = Vec::with_capacity(entries.len());
    out.extend_from_slice(if object { b"{\"o\":[" } else { b"{\"a\":[" });
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let start = out.len();
        if let Some(k) = &e.key {
            out.push(b'[');
            out.extend_from_slice(&text[k.clone()]);
            out.push(b',');
        }
        match &e.child {
            Child::Scalar(r) => out.extend_from_slice(&text[r.clone()]),
            Child::Node(id) => {
                out.extend_from_slice(b"[\"");
                out.extend_from_slice(id.as_str().as_bytes());
                out.extend_from_slice(b"\"]");
            }
        }
        if e.key.is_some() {
            out.push(b']');
        }
        spans.push(start..out.len());
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
