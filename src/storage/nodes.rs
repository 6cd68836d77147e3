//! Fetching the nodes of stored trees, a level at a time.
//!
//! A snapshot's tree is read only when a page needs it: its nodes are
//! fetched in as many `get_many` round trips as the tree is deep (plus the
//! bases of deltas), each in one read transaction. Nodes never change once
//! written (their key is their content's hash), so reads in several
//! transactions are still consistent with each other.

use crate::idb::{self, Idb, IdbError};
use preflight_core::objects::{missing_nodes, NodeId, TreeRoot};
use std::collections::{HashMap, HashSet};

/// The nodes of `roots`, as far as they are stored. A node that is missing
/// is simply absent; reading the tree then names it.
pub async fn fetch_trees(
    idb: &Idb,
    roots: &[TreeRoot],
) -> Result<HashMap<NodeId, String>, IdbError> {
    let mut source: HashMap<NodeId, String> = HashMap::new();
    let mut absent: HashSet<NodeId> = HashSet::new();
    loop {
        let mut wanted: Vec<NodeId> = Vec::new();
        let mut seen = HashSet::new();
        for root in roots {
            for id in missing_nodes(root, &source) {
                if !absent.contains(&id) && seen.insert(id.clone()) {
                    wanted.push(id);
                }
            }
        }
        if wanted.is_empty() {
            return Ok(source);
        }
        let keys: Vec<String> = wanted.iter().map(|id| id.as_str().to_owned()).collect();
        let found = idb.get_many(idb::Area::Nodes, &keys).await?;
        for (id, record) in wanted.into_iter().zip(found) {
            match record {
                Some(r) => {
                    source.insert(id, r);
                }
                None => {
                    absent.insert(id);
                }
            }
        }
    }
}
