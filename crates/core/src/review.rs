//! What the compare and promote pages ask of a change list: filters,
//! counts and navigation, kept here so the pages only render.

use crate::diff::{self, Change, ChangeKind, DiffOptions};
use crate::environment::EnvId;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};

pub mod conflict;

/// Every difference from environment `left` to environment `right`, with
/// pinned and secret flags from the workspace's patterns. Unlike a
/// promotion's change set this is a plain two-way comparison: it shows
/// changes only the target made too, and computes no hash.
pub fn compare(ws: &Workspace, left: &EnvId, right: &EnvId) -> Option<Vec<Change>> {
    compare_known(ws, left, right, &())
}

/// [`compare`], skipping equal subtrees where the store knows both
/// configs' indexes (the result is the same).
pub fn compare_known(
    ws: &Workspace,
    left: &EnvId,
    right: &EnvId,
    known: &(impl diff::KnownIndexes + ?Sized),
) -> Option<Vec<Change>> {
    let (a, b) = (ws.env(left)?, ws.env(right)?);
    let patterns = ws.settings.compiled_patterns();
    Some(diff::diff_known(
        &a.config,
        &b.config,
        &DiffOptions::default().patterns(patterns),
        known,
    ))
}

/// The kinds a reader filters by; TypeChanged counts as Modified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KindFilter {
    Added,
    Removed,
    Modified,
    Moved,
}

impl KindFilter {
    pub const ALL: [KindFilter; 4] = [
        KindFilter::Added,
        KindFilter::Removed,
        KindFilter::Modified,
        KindFilter::Moved,
    ];

    /// The filter a change kind falls under.
    pub fn of(kind: ChangeKind) -> Self {
        match kind {
            ChangeKind::Added => KindFilter::Added,
            ChangeKind::Removed => KindFilter::Removed,
            ChangeKind::Modified | ChangeKind::TypeChanged => KindFilter::Modified,
            ChangeKind::Moved => KindFilter::Moved,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KindFilter::Added => "Added",
            KindFilter::Removed => "Removed",
            KindFilter::Modified => "Modified",
            KindFilter::Moved => "Moved",
        }
    }
}

/// Which changes to show: some kinds, and a path substring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeFilter {
    pub kinds: Vec<KindFilter>,
    /// Case-insensitive substring of the path; empty matches all.
    pub text: String,
}

impl Default for ChangeFilter {
    fn default() -> Self {
        Self {
            kinds: KindFilter::ALL.to_vec(),
            text: String::new(),
        }
    }
}

impl ChangeFilter {
    /// Shows or hides one kind.
    pub fn toggle(&mut self, kind: KindFilter) {
        if let Some(i) = self.kinds.iter().position(|k| *k == kind) {
            self.kinds.remove(i);
        } else {
            self.kinds.push(kind);
        }
    }

    pub fn shows(&self, kind: KindFilter) -> bool {
        self.kinds.contains(&kind)
    }

    /// True when `change` passes.
    pub fn matches(&self, change: &Change) -> bool {
        if !self.shows(KindFilter::of(change.kind)) {
            return false;
        }
        let needle = self.text.trim();
        if needle.is_empty() {
            return true;
        }
        let needle = needle.to_lowercase();
        change.path.to_lowercase().contains(&needle)
            || change
                .to
                .as_deref()
                .is_some_and(|t| t.to_lowercase().contains(&needle))
    }

    /// Indices of the changes that pass, in order.
    pub fn apply(&self, changes: &[Change]) -> Vec<usize> {
        (0..changes.len())
            .filter(|&i| self.matches(&changes[i]))
            .collect()
    }
}

/// How many changes of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    pub added: usize,
    pub removed: usize,
    pub modified: usize,
    pub moved: usize,
}

impl KindCounts {
    pub fn of(changes: &[Change]) -> Self {
        let mut c = Self::default();
        for change in changes {
            match KindFilter::of(change.kind) {
                KindFilter::Added => c.added += 1,
                KindFilter::Removed => c.removed += 1,
                KindFilter::Modified => c.modified += 1,
                KindFilter::Moved => c.moved += 1,
            }
        }
        c
    }

    pub fn get(&self, kind: KindFilter) -> usize {
        match kind {
            KindFilter::Added => self.added,
            KindFilter::Removed => self.removed,
            KindFilter::Modified => self.modified,
            KindFilter::Moved => self.moved,
        }
    }

    pub fn total(&self) -> usize {
        self.added + self.removed + self.modified + self.moved
    }
}

/// Moves a cursor over `len` items: `step` +1 is next, -1 previous; it
/// wraps around, as j/k do in code review tools.
pub fn step_cursor(current: Option<usize>, len: usize, step: isize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let next = match current {
        None if step >= 0 => 0,
        None => len - 1,
        Some(i) => (i.min(len - 1) as isize + step).rem_euclid(len as isize) as usize,
    };
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff, DiffOptions};
    use serde_json::json;

    #[test]
    fn filter_and_counts() {
        let a = json!({"db": {"host": "a"}, "x": 1, "gone": true});
        let b = json!({"db": {"host": "b"}, "x": "1", "new": [1]});
        let changes = diff(&a, &b, &DiffOptions::default());
        let counts = KindCounts::of(&changes);
        assert_eq!((counts.added, counts.removed, counts.modified), (1, 1, 2));
        let mut f = ChangeFilter::default();
        assert_eq!(f.apply(&changes).len(), 4);
        f.text = "DB".into();
        assert_eq!(f.apply(&changes).len(), 1);
        f.text.clear();
        f.toggle(KindFilter::Modified);
        assert_eq!(f.apply(&changes).len(), 2);
    }

    #[test]
    fn cursor_wraps() {
        assert_eq!(step_cursor(None, 3, 1), Some(0));
        assert_eq!(step_cursor(None, 3, -1), Some(2));
        assert_eq!(step_cursor(Some(2), 3, 1), Some(0));
        assert_eq!(step_cursor(Some(0), 3, -1), Some(2));
        assert_eq!(step_cursor(Some(9), 3, 1), Some(0));
        assert_eq!(step_cursor(Some(1), 0, 1), None);
    }
}
