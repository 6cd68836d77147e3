//! Reading stored snapshots into memory when a page needs them.
//!
//! The app asks [`unread_roots`] which trees to fetch for the snapshots a
//! page shows, fetches their nodes, and calls [`read_in`]. Which snapshots a
//! promotion needs (its merge base) is decided here too, so the app reads
//! exactly those when it loads ([`needed_for_promotions`]).

use super::{Content, Snapshot, TextContent};
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
        let text = s.source.as_ref().and_then(|t| t.text.root());
        let content = std::iter::once(&s.content).chain(s.merge_base.as_ref());
        for r in content.filter_map(Content::root).chain(text) {
            if !roots.contains(r) {
                roots.push(r.clone());
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
    let text = match s.source.as_ref().and_then(|t| t.text.root()) {
        Some(root) => Some(read_text(root, source)?),
        None => None,
    };
    // All read, or none is taken.
    s.content = content;
    s.merge_base = base;
    if let (Some(t), Some(src)) = (text, s.source.as_mut()) {
        src.text = TextContent::Loaded(t);
    }
    Ok(())
}

/// The text stored under `root` as a chunk tree.
pub(crate) fn read_text(
    root: &TreeRoot,
    source: &impl NodeSource,
) -> Result<std::sync::Arc<str>, TreeError> {
    let tree = read_tree(root, source)?;
    crate::objects::text::text_of(&tree)
        .map(std::sync::Arc::from)
        .ok_or_else(|| TreeError::Damaged {
            id: root
                .node()
                .cloned()
                .unwrap_or_else(|| crate::objects::NodeId::of("")),
            pointer: String::new(),
            why: "not a text's tree of chunks".to_owned(),
        })
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

/// Lets the content of `s` go from memory, keeping its roots (its text
/// too, when its root is known).
pub(crate) fn release(
    s: &mut Snapshot,
    content: TreeRoot,
    merge_base: Option<TreeRoot>,
    text: Option<TreeRoot>,
) {
    s.content = Content::Stored(content);
    s.merge_base = merge_base.map(Content::Stored);
    if let (Some(src), Some(root)) = (s.source.as_mut(), text) {
        src.text = TextContent::Stored(root);
    }
}
