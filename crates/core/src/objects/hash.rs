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
    let mut h = Hasher {
        nodes: Vec::new(),
        seen: HashSet::new(),
        index: HashMap::new(),
        path: String::new(),
    };
    let root = match value {
        Value::Object(_) | Value::Array(_) => TreeRoot::Node(h.node(value)),
        scalar => TreeRoot::Leaf(scalar.clone()),
    };
    Hashed {
        root,
        nodes: h.nodes,
        index: TreeIndex {
            by_pointer: h.index,
        },
    }
}

struct Hasher {
    nodes: Vec<(NodeId, String)>,
    seen: HashSet<NodeId>,
    index: HashMap<String, NodeId>,
    path: String,
}

impl Hasher {
    /// Hashes one container (its children first) and returns its id.
    fn node(&mut self, value: &Value) -> NodeId {
        // Written straight into bytes: one buffer per node, none per leaf.
        let mut record: Vec<u8> = Vec::with_capacity(64);
        match value {
            Value::Object(map) => {
                record.extend_from_slice(b"{\"o\":[");
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        record.push(b',');
                    }
                    record.push(b'[');
                    write_json(&mut record, k);
                    record.push(b',');
                    if is_container(v) {
                        let len = self.path.len();
                        self.path.push('/');
                        if k.contains(['~', '/']) {
                            self.path.push_str(&crate::pointer::escape(k));
                        } else {
                            self.path.push_str(k);
                        }
                        self.reference(&mut record, v);
                        self.path.truncate(len);
                    } else {
                        write_json(&mut record, v);
                    }
                    record.push(b']');
                }
            }
            Value::Array(items) => {
                record.extend_from_slice(b"{\"a\":[");
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        record.push(b',');
                    }
                    if is_container(v) {
                        let len = self.path.len();
                        self.path.push('/');
                        self.path.push_str(itoa(i).as_str());
                        self.reference(&mut record, v);
                        self.path.truncate(len);
                    } else {
                        write_json(&mut record, v);
                    }
                }
            }
            _ => {}
        }
        record.extend_from_slice(b"]}");
        // serde_json writes UTF-8, and the rest is ASCII.
        let record = String::from_utf8(record).unwrap_or_default();
        let id = NodeId::of(&record);
        self.index.insert(self.path.clone(), id.clone());
        if self.seen.insert(id.clone()) {
            self.nodes.push((id.clone(), record));
        }
        id
    }

    fn reference(&mut self, record: &mut Vec<u8>, v: &Value) {
        let id = self.node(v);
        record.extend_from_slice(b"[\"");
        record.extend_from_slice(id.as_str().as_bytes());
        record.extend_from_slice(b"\"]");
    }
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
