//! What takes the space: the stored records, nodes and kept backups summed
//! by kind, for Settings → Storage and for the message shown when the
//! browser's quota refuses a commit.
//!
//! The input is what the store holds ([`StoreContents`]: every key and
//! value, as the adapter read them), not the workspace in memory: a
//! snapshot's content lives in the store only, and what matters at the
//! quota is what is on disk. [`StoredWorkspace`](super::StoredWorkspace)
//! knows which nodes exist but not their sizes, so it cannot answer alone.
//!
//! ## Shared nodes
//!
//! Environments and snapshots share the nodes of unchanged subtrees
//! ([`crate::objects`]). A node is counted once, under the first of these
//! that uses it:
//!
//! 1. **Environment configs**: the `env/<id>` records and every node an
//!    environment's current tree reaches, its file's text included (a
//!    text is a tree of chunks, [`crate::objects::text`]);
//! 2. **Snapshots**: the `snap/<id>` records and the nodes that only
//!    snapshots reach (their contents, merge bases and texts), which is what the history costs on top of the
//!    configs. Nodes a snapshot shares with a config are reported apart
//!    ([`StorageBreakdown::shared`]) so that nothing is hidden.
//!
//! Nodes that nothing reaches any more are counted under
//! [`Kind::Other`], with the workspace record, the approvals and the
//! revision.
//!
//! Sizes are the characters of keys and values (Preflight writes ASCII
//! JSON, so characters are bytes); the browser's own figure
//! (`navigator.storage.estimate()`) includes its overhead and is shown
//! beside this one, not instead of it.

use crate::objects::TreeRoot;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Everything the store holds, as text: each area's `(key, value)`.
#[derive(Debug, Clone, Default)]
pub struct StoreContents {
    pub meta: Vec<(String, String)>,
    pub records: Vec<(String, String)>,
    pub nodes: Vec<(String, String)>,
    /// The kept automatic backups: the characters each one takes (its
    /// keys and values), so that their large texts need not be read to be
    /// sized.
    pub backups: Vec<usize>,
}

/// A kind of stored data, as Settings → Storage lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Configs,
    Snapshots,
    Audit,
    Checklists,
    Backups,
    Other,
}

impl Kind {
    /// Every kind, in the order they are listed.
    pub const ALL: [Kind; 6] = [
        Kind::Configs,
        Kind::Snapshots,
        Kind::Audit,
        Kind::Checklists,
        Kind::Backups,
        Kind::Other,
    ];

    /// The line's label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Configs => "Environment configs",
            Kind::Snapshots => "Snapshots",
            Kind::Audit => "Audit trail",
            Kind::Checklists => "Checklists",
            Kind::Backups => "Automatic backups",
            Kind::Other => "Other (settings, approvals, unused nodes)",
        }
    }

    /// The start of a sentence saying how much this kind takes.
    fn takes(self) -> &'static str {
        match self {
            Kind::Configs => "Environment configs take",
            Kind::Snapshots => "Snapshots take",
            Kind::Audit => "The audit trail takes",
            Kind::Checklists => "Checklists take",
            Kind::Backups => "Automatic backups take",
            Kind::Other => "Other data takes",
        }
    }

    /// A stable name for test ids and styling.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Configs => "configs",
            Kind::Snapshots => "snapshots",
            Kind::Audit => "audit",
            Kind::Checklists => "checklists",
            Kind::Backups => "backups",
            Kind::Other => "other",
        }
    }
}

/// How much one kind takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Part {
    /// Characters of its keys and values.
    pub bytes: usize,
    /// Its records (environments, snapshots, events, checklists, backups).
    pub records: usize,
    /// The tree nodes counted under it.
    pub nodes: usize,
}

/// What the store holds, by kind. Every stored character is in exactly
/// one part, so the parts add up to [`Self::total`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StorageBreakdown {
    parts: HashMap<Kind, Part>,
    /// Nodes used both by a config (where they are counted) and by a
    /// snapshot: the history shares them for free.
    pub shared: Part,
    /// Nodes that nothing reaches any more (counted under
    /// [`Kind::Other`]): what "Remove unused data" frees
    /// ([`StoredWorkspace::sweep`](super::StoredWorkspace::sweep)).
    pub unused: Part,
}

impl StorageBreakdown {
    /// Sums `contents` by kind (see the module docs for shared nodes).
    pub fn of(contents: &StoreContents) -> Self {
        let mut out = Self::default();
        let mut head_roots = Vec::new();
        let mut snap_roots = Vec::new();
        for (key, value) in &contents.meta {
            out.add(Kind::Other, key.len() + value.len(), 0, 0);
        }
        for (key, value) in &contents.records {
            let kind = record_kind(key);
            out.add(kind, key.len() + value.len(), 1, 0);
            match kind {
                Kind::Configs => head_roots.extend(head_root(value).into_iter().flatten()),
                Kind::Snapshots => snap_roots.extend(snapshot_roots(value)),
                _ => {}
            }
        }
        let nodes = node_map(contents);
        let mut seen = HashSet::new();
        let configs = reach(&nodes, &head_roots, &mut seen);
        for id in &configs {
            out.add(Kind::Configs, node_size(&nodes, id), 0, 1);
        }
        // Walked on its own, so that what snapshots share is counted too.
        let mut in_snapshots = HashSet::new();
        let only = reach(&nodes, &snap_roots, &mut in_snapshots);
        for id in only {
            if seen.contains(id) {
                out.shared.bytes += node_size(&nodes, id);
                out.shared.nodes += 1;
            } else {
                out.add(Kind::Snapshots, node_size(&nodes, id), 0, 1);
            }
        }
        let counted: HashSet<&str> = seen.union(&in_snapshots).copied().collect();
        for (id, _) in &contents.nodes {
            if !counted.contains(id.as_str()) {
                let size = node_size(&nodes, id);
                out.add(Kind::Other, size, 0, 1);
                out.unused.bytes += size;
                out.unused.nodes += 1;
            }
        }
        for size in &contents.backups {
            out.add(Kind::Backups, *size, 1, 0);
        }
        out
    }

    fn add(&mut self, kind: Kind, bytes: usize, records: usize, nodes: usize) {
        let part = self.parts.entry(kind).or_default();
        part.bytes += bytes;
        part.records += records;
        part.nodes += nodes;
    }

    /// How much `kind` takes.
    pub fn part(&self, kind: Kind) -> Part {
        self.parts.get(&kind).copied().unwrap_or_default()
    }

    /// Every stored character.
    pub fn total(&self) -> usize {
        self.parts.values().map(|p| p.bytes).sum()
    }

    /// The kind that takes the most, if anything is stored.
    pub fn largest(&self) -> Option<(Kind, Part)> {
        Kind::ALL
            .into_iter()
            .map(|k| (k, self.part(k)))
            .filter(|(_, p)| p.bytes > 0)
            // The first listed wins a tie.
            .min_by_key(|(k, p)| (std::cmp::Reverse(p.bytes), *k))
    }

    /// The lines of Settings → Storage, in [`Kind::ALL`] order.
    pub fn lines(&self) -> Vec<UsageLine> {
        let total = self.total();
        Kind::ALL
            .into_iter()
            .map(|kind| {
                let part = self.part(kind);
                UsageLine {
                    kind,
                    label: kind.label(),
                    size: size_text(part.bytes),
                    percent: percent(part.bytes, total),
                    detail: detail(kind, part),
                    part,
                }
            })
            .collect()
    }

    /// A sentence on the nodes snapshots share with configs, when any do.
    pub fn shared_note(&self) -> Option<String> {
        (self.shared.nodes > 0).then(|| {
            format!(
                "Snapshots also use {} of the configs' trees ({} node(s)), counted once under environment configs.",
                size_text(self.shared.bytes),
                self.shared.nodes
            )
        })
    }

    /// Names what takes the space, for the message shown when the
    /// browser's quota refused a commit: "Snapshots take 38.0 MB of the
    /// 41.0 MB Preflight keeps in this browser."
    pub fn what_takes_the_space(&self) -> String {
        let total = size_text(self.total());
        match self.largest() {
            Some((kind, part)) => format!(
                "{} {} of the {total} Preflight keeps in this browser ({}%).",
                kind.takes(),
                size_text(part.bytes),
                percent(part.bytes, self.total())
            ),
            None => "Preflight keeps nothing in this browser yet.".to_owned(),
        }
    }

    /// What to do about it, depending on what takes the space.
    pub fn advice(&self) -> &'static str {
        match self.largest().map(|(k, _)| k) {
            Some(Kind::Backups) => {
                "Download a backup to keep everything, then delete automatic backups you no longer need (Settings → Backup and restore)."
            }
            _ => {
                "Download a backup to keep everything, then free some space in this browser (other sites' data, for example) and try again."
            }
        }
    }
}

/// One line of the breakdown, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageLine {
    pub kind: Kind,
    pub label: &'static str,
    /// "12.3 KB".
    pub size: String,
    /// Share of everything stored, rounded down.
    pub percent: u8,
    /// "3 snapshot(s), 120 node(s)".
    pub detail: String,
    pub part: Part,
}

fn detail(kind: Kind, p: Part) -> String {
    let records = match kind {
        Kind::Configs => format!("{} environment(s)", p.records),
        Kind::Snapshots => format!("{} snapshot(s)", p.records),
        Kind::Audit => format!("{} event(s)", p.records),
        Kind::Checklists => format!("{} checklist(s)", p.records),
        Kind::Backups => format!("{} backup(s)", p.records),
        Kind::Other => format!("{} record(s)", p.records),
    };
    if p.nodes > 0 {
        format!("{records}, {} tree node(s)", p.nodes)
    } else {
        records
    }
}

fn percent(part: usize, total: usize) -> u8 {
    if total == 0 {
        return 0;
    }
    u8::try_from(part.saturating_mul(100) / total).unwrap_or(100)
}

/// A size as "812 bytes", "12.3 KB", "4.5 MB" or "2.0 GB".
pub fn size_text(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let n = bytes as f64;
    if n < KB {
        format!("{bytes} bytes")
    } else if n < KB * KB {
        format!("{:.1} KB", n / KB)
    } else if n < KB * KB * KB {
        format!("{:.1} MB", n / KB / KB)
    } else {
        format!("{:.1} GB", n / KB / KB / KB)
    }
}

/// The stored nodes that no environment head and no snapshot record
/// (damaged ones included) reaches, with the characters each takes; or
/// the key of a head or snapshot record that cannot be read, whose nodes
/// are then unknown (so nothing may be taken as unused).
pub(super) fn unreached(contents: &StoreContents) -> Result<Vec<(&str, usize)>, String> {
    let mut roots = Vec::new();
    for (key, value) in &contents.records {
        let found = match record_kind(key) {
            Kind::Configs => head_root(value),
            Kind::Snapshots => Some(snapshot_roots(value)).filter(|r| !r.is_empty()),
            _ => continue,
        };
        roots.extend(found.ok_or_else(|| key.clone())?);
    }
    let nodes = node_map(contents);
    let mut seen = HashSet::new();
    reach(&nodes, &roots, &mut seen);
    Ok(contents
        .nodes
        .iter()
        .filter(|(id, _)| !seen.contains(id.as_str()))
        .map(|(id, v)| (id.as_str(), id.len() + v.len()))
        .collect())
}

fn record_kind(key: &str) -> Kind {
    match key.split_once('/').map(|(prefix, _)| prefix) {
        Some("env") => Kind::Configs,
        Some("snap") => Kind::Snapshots,
        Some("audit") => Kind::Audit,
        Some("checklist") => Kind::Checklists,
        _ => Kind::Other,
    }
}

/// The root of a file's text, in a head or snapshot record.
#[derive(Deserialize)]
struct TextRoot {
    text: TreeRoot,
}

/// The roots of an `env/<id>` record's tree and of its file's text (its
/// config and text are not needed).
fn head_root(record: &str) -> Option<Vec<TreeRoot>> {
    #[derive(Deserialize)]
    struct Head {
        tree: TreeRoot,
        #[serde(default)]
        source: Option<TextRoot>,
    }
    #[derive(Deserialize)]
    struct Record {
        head: Head,
    }
    serde_json::from_str::<Record>(record).ok().map(|r| {
        std::iter::once(r.head.tree)
            .chain(r.head.source.map(|s| s.text))
            .collect()
    })
}

/// The roots of a `snap/<id>` record's content, merge base and text.
fn snapshot_roots(record: &str) -> Vec<TreeRoot> {
    #[derive(Deserialize)]
    struct Record {
        tree: TreeRoot,
        #[serde(default)]
        merge_base: Option<TreeRoot>,
        #[serde(default)]
        source: Option<TextRoot>,
    }
    match serde_json::from_str::<Record>(record) {
        Ok(r) => std::iter::once(r.tree)
            .chain(r.merge_base)
            .chain(r.source.map(|s| s.text))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The stored nodes by id.
fn node_map(contents: &StoreContents) -> HashMap<&str, &str> {
    contents
        .nodes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn node_size(nodes: &HashMap<&str, &str>, id: &str) -> usize {
    id.len() + nodes.get(id).map_or(0, |v| v.len())
}

/// The stored nodes `roots` reach that are not in `seen` yet, each once;
/// all of them are added to `seen`. A delta reaches its base as well.
fn reach<'n>(
    nodes: &HashMap<&'n str, &'n str>,
    roots: &[TreeRoot],
    seen: &mut HashSet<&'n str>,
) -> Vec<&'n str> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = roots
        .iter()
        .filter_map(|r| r.node().map(|id| id.as_str().to_owned()))
        .collect();
    while let Some(id) = stack.pop() {
        let Some((&key, &text)) = nodes.get_key_value(id.as_str()) else {
            continue; // missing: loading reports it, it takes no space
        };
        if !seen.insert(key) {
            continue;
        }
        out.push(key);
        stack.extend(refs(text));
    }
    out
}

/// The ids a node record refers to: its children and, for a delta, its
/// base and the children of the entries it inserts. Removed entries of a
/// base stay reachable through the base, as they stay stored.
fn refs(record: &str) -> Vec<String> {
    let Ok(Value::Object(top)) = serde_json::from_str::<Value>(record) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(Value::String(base)) = top.get("d") {
        out.push(base.clone());
    }
    fn items(v: Option<&Value>) -> &[Value] {
        match v {
            Some(Value::Array(items)) => items.as_slice(),
            _ => &[],
        }
    }
    // A delta's edits are `[at, removed, [entry, …]]`.
    let inserted = items(top.get("e")).iter().filter_map(|edit| match edit {
        Value::Array(parts) => parts.last().map(|last| items(Some(last))),
        _ => None,
    });
    let children = [items(top.get("o")), items(top.get("a"))]
        .into_iter()
        .chain(inserted)
        .flatten();
    for child in children {
        // An object entry is `[key, child]`; an array's child stands alone.
        let reference = match child {
            Value::Array(pair) if pair.len() == 2 => pair.last(),
            other => Some(other),
        };
        if let Some(Value::Array(r)) = reference {
            if let [Value::String(id)] = r.as_slice() {
                out.push(id.clone());
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "usage_tests.rs"]
mod tests;
