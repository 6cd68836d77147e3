//! Reading stored snapshots into memory when a page needs them.
//!
//! The app asks [`unread_roots`] which trees to fetch for the snapshots a
//! page shows, fetches their nodes, and calls [`read_in`]. Which snapshots a
//! promotion needs (its merge base) is decided here too, so the app reads
//! exactly those when it loads ([`needed_for_promotions`]).

use super::{Content, Snapshot};
use crate::changeset;
use crate::objects::{read_tree, NodeSource, TreeError, TreeRoot};
use crate::workspace::Workspace;

/// The stored roots of those of `ids` that are not in memory yet (content
/// and merge base), each once.
pub fn unread_roots<'a>(ws: &Workspace, ids: impl IntoIterator<Item = &'a str>) -> Vec<TreeRoot> {
    let mut roots: Vec<TreeRoot> = Vec::new();
    for id in ids {
        let Some(s) = super::get(ws, id) else {
            continue;
        };
        for c in std::iter::once(&s.content).chain(s.merge_base.as_ref()) {
            if let Some(r) = c.root() {
                if !roots.contains(r) {
                    roots.push(r.clone());
                }
            }
        }
    }
    roots
}

/// The ids of the snapshots that are not in memory.
pub fn unread(ws: &Workspace) -> Vec<String> {
    ws.snapshots
        .iter()
        .filter(|s| !s.is_loaded())
        .map(|s| s.id.clone())
        .collect()
}

/// Reads snapshot `id`'s content (and merge base) from `source`. An
/// unknown id, or one already in memory, is left as it is.
pub fn read_in(ws: &mut Workspace, id: &str, source: &impl NodeSource) -> Result<(), TreeError> {
    let Some(s) = ws.snapshots.iter_mut().find(|s| s.id == id) else {
        return Ok(());
    };
    let content = read(&s.content, source)?;
    let base = s.merge_base.as_ref().map(|b| read(b, source)).transpose()?;
    // Both read, or neither is taken.
    s.content = content;
    s.merge_base = base;
    Ok(())
}

fn read(c: &Content, source: &impl NodeSource) -> Result<Content, TreeError> {
    match c {
        Content::Loaded(_) => Ok(c.clone()),
        Content::Stored(root) => read_tree(root, source).map(Content::loaded),
    }
}

/// The snapshots that promotions read their merge base from: kept in
/// memory, so that building a change set never waits for storage.
pub fn needed_for_promotions(ws: &Workspace) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for env in &ws.environments {
        if let Some((s, _)) = changeset::merge_base_snapshot(ws, &env.id) {
            if !ids.contains(&s.id) {
                ids.push(s.id.clone());
            }
        }
    }
    ids
}

/// Lets the content of `s` go from memory, keeping its roots.
pub(crate) fn release(s: &mut Snapshot, content: TreeRoot, merge_base: Option<TreeRoot>) {
    s.content = Content::Stored(content);
    s.merge_base = merge_base.map(Content::Stored);
}
