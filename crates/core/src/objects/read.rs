//! From nodes back to the exact config tree, checking every record against
//! its id on the way.

use super::{delta, NodeId, TreeRoot};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// Where nodes are read from: a map in tests and in the app's cache of what
/// it fetched from storage.
pub trait NodeSource {
    /// The stored record of `id`, if it is there.
    fn record(&self, id: &NodeId) -> Option<&str>;
}

impl NodeSource for HashMap<NodeId, String> {
    fn record(&self, id: &NodeId) -> Option<&str> {
        self.get(id).map(String::as_str)
    }
}

/// Why a stored tree could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TreeError {
    #[error("node {id} (needed at {pointer:?}) is missing from storage")]
    Missing { id: NodeId, pointer: String },
    #[error("node {id} (needed at {pointer:?}) is damaged: {why}")]
    Damaged {
        id: NodeId,
        pointer: String,
        why: String,
    },
}

impl TreeError {
    /// The node at fault.
    pub fn node(&self) -> &NodeId {
        match self {
            Self::Missing { id, .. } | Self::Damaged { id, .. } => id,
        }
    }
}

/// Reassembles the tree at `root`, exactly as it was hashed.
pub fn read_tree(root: &TreeRoot, source: &impl NodeSource) -> Result<Value, TreeError> {
    match root {
        TreeRoot::Leaf(v) => Ok(v.clone()),
        TreeRoot::Node(id) => {
            let mut path = String::new();
            node(id, source, &mut path, 0)
        }
    }
}

/// The nodes of `root` that `source` lacks and that the nodes it has refer
/// to: fetch these, add them, and ask again until it is empty. Damaged
/// records are skipped here; [`read_tree`] reports them.
pub fn missing_nodes(root: &TreeRoot, source: &impl NodeSource) -> Vec<NodeId> {
    let mut missing = Vec::new();
    let mut seen = HashSet::new();
    let mut stack: Vec<NodeId> = root.node().cloned().into_iter().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        match full_record(&id, source, "") {
            Err(TreeError::Missing { id, .. }) => missing.push(id),
            Err(TreeError::Damaged { .. }) => {}
            Ok(text) => {
                if let Ok(parsed) = parse(&id, &text, "") {
                    stack.extend(parsed.children());
                }
            }
        }
    }
    missing
}

/// Deeper than any parser lets a config be; guards against a crafted store.
const MAX_DEPTH: usize = 512;

fn node(
    id: &NodeId,
    source: &impl NodeSource,
    path: &mut String,
    depth: usize,
) -> Result<Value, TreeError> {
    let text = full_record(id, source, path)?;
    if depth > MAX_DEPTH {
        return Err(damaged(id, path, "the tree nests deeper than any config"));
    }
    match parse(id, &text, path)? {
        Parsed::Object(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (k, child) in entries {
                let len = path.len();
                path.push('/');
                path.push_str(&crate::pointer::escape(&k));
                let v = resolve(child, source, path, depth)?;
                path.truncate(len);
                if map.insert(k.clone(), v).is_some() {
                    return Err(damaged(id, path, &format!("the key {k:?} appears twice")));
                }
            }
            Ok(Value::Object(map))
        }
        Parsed::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, child) in items.into_iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                out.push(resolve(child, source, path, depth)?);
                path.truncate(len);
            }
            Ok(Value::Array(out))
        }
    }
}

fn resolve(
    child: Child,
    source: &impl NodeSource,
    path: &mut String,
    depth: usize,
) -> Result<Value, TreeError> {
    match child {
        Child::Leaf(v) => Ok(v),
        Child::Node(id) => node(&id, source, path, depth + 1),
    }
}

/// The full record of `id`, rebuilding it from its chain of deltas.
pub(super) fn full_record<'s>(
    id: &NodeId,
    source: &'s impl NodeSource,
    path: &str,
) -> Result<Cow<'s, str>, TreeError> {
    let missing = |id: &NodeId| TreeError::Missing {
        id: id.clone(),
        pointer: path.to_owned(),
    };
    let text = source.record(id).ok_or_else(|| missing(id))?;
    if !delta::is_delta(text) {
        return Ok(Cow::Borrowed(text));
    }
    let mut chain = vec![text];
    let full = loop {
        let Some(last) = chain.last() else {
            return Err(damaged(id, path, "an empty chain of deltas"));
        };
        let Some((base, _)) = delta::base_of(last) else {
            return Err(damaged(id, path, "a delta record names no base"));
        };
        if chain.len() > usize::from(delta::MAX_CHAIN) + 1 {
            return Err(damaged(
                id,
                path,
                "its chain of deltas is too long (or loops)",
            ));
        }
        let t = source.record(&base).ok_or_else(|| missing(&base))?;
        if !delta::is_delta(t) {
            break t;
        }
        chain.push(t);
    };
    let mut acc = full.to_owned();
    for d in chain.iter().rev() {
        acc = delta::apply(&acc, d).map_err(|why| damaged(id, path, &why))?;
    }
    Ok(Cow::Owned(acc))
}

enum Child {
    Leaf(Value),
    Node(NodeId),
}

enum Parsed {
    Object(Vec<(String, Child)>),
    Array(Vec<Child>),
}

impl Parsed {
    fn children(self) -> Vec<NodeId> {
        let pick = |c: Child| match c {
            Child::Node(id) => Some(id),
            Child::Leaf(_) => None,
        };
        match self {
            Self::Object(e) => e.into_iter().filter_map(|(_, c)| pick(c)).collect(),
            Self::Array(a) => a.into_iter().filter_map(pick).collect(),
        }
    }
}

fn damaged(id: &NodeId, path: &str, why: &str) -> TreeError {
    TreeError::Damaged {
        id: id.clone(),
        pointer: path.to_owned(),
        why: why.to_owned(),
    }
}

/// Checks a record against its id and splits it into children.
fn parse(id: &NodeId, text: &str, path: &str) -> Result<Parsed, TreeError> {
    if &NodeId::of(text) != id {
        return Err(damaged(id, path, "its content does not match its hash"));
    }
    let value = crate::formats::exact_json::from_str(text)
        .map_err(|e| damaged(id, path, &format!("not a node record ({e})")))?;
    let Value::Object(mut top) = value else {
        return Err(damaged(id, path, "not a node record"));
    };
    let child = |v: Value| -> Result<Child, TreeError> {
        match v {
            Value::Array(mut r) if r.len() == 1 => match r.pop() {
                Some(Value::String(s)) => Ok(Child::Node(NodeId::from_stored(s))),
                _ => Err(damaged(id, path, "a child reference is not an id")),
            },
            Value::Array(_) | Value::Object(_) => Err(damaged(
                id,
                path,
                "a child is neither a scalar nor a reference",
            )),
            scalar => Ok(Child::Leaf(scalar)),
        }
    };
    if let Some(Value::Array(entries)) = top.remove("o") {
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let Value::Array(mut pair) = e else {
                return Err(damaged(id, path, "an entry is not a pair"));
            };
            let (Some(v), Some(Value::String(k)), true) = (pair.pop(), pair.pop(), pair.is_empty())
            else {
                return Err(damaged(id, path, "an entry is not a key and a value"));
            };
            out.push((k, child(v)?));
        }
        return Ok(Parsed::Object(out));
    }
    if let Some(Value::Array(items)) = top.remove("a") {
        return items
            .into_iter()
            .map(child)
            .collect::<Result<_, _>>()
            .map(Parsed::Array);
    }
    Err(damaged(id, path, "not a node record"))
}
