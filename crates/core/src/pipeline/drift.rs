//! The drift grid: every leaf path × every environment.
//!
//! [`drift`] lists every leaf of every environment, in order of first
//! appearance (the lowest environment first, each in document order).
//! [`drift_known`] with `only_differing` gives exactly the rows of that grid
//! which differ, without listing the rest: it walks all environments at
//! once, pointer by pointer, and skips every subtree whose content id (from
//! the store's indexes) is the same in all of them, so its cost follows the
//! differences, not the size of the configs. Equal ids mean identical
//! content, so no row under a skipped pointer can differ: the rows and their
//! order are the same as [`drift`]'s, which a property test checks.

use crate::diff::KnownIndexes;
use crate::objects::TreeIndex;
use crate::patterns::Patterns;
use crate::pointer;
use crate::workspace::Workspace;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// One leaf path across the pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftRow {
    pub path: String,
    /// One cell per environment, in pipeline order; `None` where the path
    /// is absent. Secret values are masked.
    pub values: Vec<Option<Value>>,
    /// Not every environment holds the same value (absence counts).
    pub differs: bool,
    /// One flag per cell: it differs from the cell of the environment
    /// below it (the previous column), which is what a promotion would
    /// change. Always false for the lowest environment.
    pub changed: Vec<bool>,
    /// The path matches a secret pattern (values are masked).
    pub secret: bool,
    /// The path matches a pinned pattern (differences are expected).
    pub pinned: bool,
}

/// Leaf paths × environments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftGrid {
    /// The columns, in pipeline order.
    pub environments: Vec<EnvId>,
    /// One row per leaf path (only the differing ones when asked so).
    pub rows: Vec<DriftRow>,
    /// How many distinct leaf paths the environments have in all.
    pub keys: usize,
}

use crate::environment::EnvId;

impl DriftGrid {
    /// Only the rows that differ.
    pub fn differing(&self) -> impl Iterator<Item = &DriftRow> {
        self.rows.iter().filter(|r| r.differs)
    }
}

/// The drift grid of the whole pipeline, every leaf path.
pub fn drift(ws: &Workspace) -> DriftGrid {
    let n = ws.environments.len();
    let mut order: Vec<String> = Vec::new();
    let mut cells: HashMap<String, Vec<Option<&Value>>> = HashMap::new();
    for (i, env) in ws.environments.iter().enumerate() {
        for (path, v) in pointer::leaves(&env.config) {
            let row = cells.entry(path.clone()).or_insert_with(|| {
                order.push(path);
                vec![None; n]
            });
            row[i] = Some(v);
        }
    }
    let patterns = ws.settings.compiled_patterns();
    let rows: Vec<DriftRow> = order
        .into_iter()
        .map(|path| {
            let raw = cells.remove(&path).unwrap_or_default();
            row(&patterns, path, &raw)
        })
        .collect();
    DriftGrid {
        environments: ws.environments.iter().map(|e| e.id.clone()).collect(),
        keys: rows.len(),
        rows,
    }
}

/// [`drift`], or with `only_differing` just its differing rows (in the same
/// order), skipping what `known` shows to be identical everywhere.
pub fn drift_known(
    ws: &Workspace,
    known: &(impl KnownIndexes + ?Sized),
    only_differing: bool,
) -> DriftGrid {
    if !only_differing {
        return drift(ws);
    }
    let patterns = ws.settings.compiled_patterns();
    let indexes: Option<Vec<&TreeIndex>> = ws
        .environments
        .iter()
        .map(|e| known.index_of(&e.config))
        .collect();
    let mut walk = Walk {
        indexes,
        path: String::new(),
        positions: vec![Vec::new(); ws.environments.len()],
        found: Vec::new(),
        keys: 0,
    };
    let roots: Vec<Option<&Value>> = ws.environments.iter().map(|e| Some(&*e.config)).collect();
    walk.at(&roots);
    // Each env lists its leaves in document order, and a leaf's positions
    // along its path order them the same way; the grid takes the lowest
    // environment holding a path first.
    walk.found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let rows = walk
        .found
        .into_iter()
        .map(|(_, _, path, raw)| row(&patterns, path, &raw))
        .collect();
    DriftGrid {
        environments: ws.environments.iter().map(|e| e.id.clone()).collect(),
        rows,
        keys: walk.keys,
    }
}

/// One row from its raw cells: the flags, and secrets masked.
fn row(patterns: &Patterns, path: String, raw: &[Option<&Value>]) -> DriftRow {
    let changed: Vec<bool> = std::iter::once(false)
        .chain(raw.windows(2).map(|w| w[0] != w[1]))
        .collect();
    let differs = changed.contains(&true);
    let secret = patterns.is_secret(&path)
        || raw
            .iter()
            .flatten()
            .any(|v| crate::patterns::detect(v).is_some());
    let values = raw
        .iter()
        .map(|v| {
            v.map(|v| {
                if secret {
                    Value::String(patterns.mask(v))
                } else {
                    v.clone()
                }
            })
        })
        .collect();
    DriftRow {
        pinned: patterns.is_pinned(&path),
        path,
        values,
        differs,
        changed,
        secret,
    }
}

/// A differing leaf found by the walk: the first environment holding it,
/// its positions along the path there, its path and its cells.
type Found<'v> = (usize, Vec<usize>, String, Vec<Option<&'v Value>>);

/// One environment's child under a segment: its value and its position in
/// its parent, if that environment has it.
type Child<'v> = Option<(&'v Value, usize)>;

struct Walk<'v, 'i> {
    /// Every environment's index, when the store knows them all.
    indexes: Option<Vec<&'i TreeIndex>>,
    path: String,
    /// Per environment, the position of each step of `path` in its parent.
    positions: Vec<Vec<usize>>,
    found: Vec<Found<'v>>,
    keys: usize,
}

/// A leaf of the grid: a scalar, or an empty container.
fn is_leaf(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => true,
    }
}

/// Leaves under `v`, counted without listing them.
fn count_leaves(v: &Value) -> usize {
    match v {
        Value::Object(m) if !m.is_empty() => m.values().map(count_leaves).sum(),
        Value::Array(a) if !a.is_empty() => a.iter().map(count_leaves).sum(),
        _ => 1,
    }
}

impl<'v> Walk<'v, '_> {
    /// Whether every environment holds the very same subtree here.
    fn identical_everywhere(&self, values: &[Option<&'v Value>]) -> bool {
        let Some(indexes) = &self.indexes else {
            return false;
        };
        if values.iter().any(|v| v.is_none_or(is_leaf)) {
            return false;
        }
        let mut ids = indexes.iter().map(|ix| ix.get(&self.path));
        match ids.next().flatten() {
            Some(first) => ids.all(|id| id == Some(first)),
            None => false,
        }
    }

    /// The cells at the current path: `values[i]` is environment `i`'s
    /// value there, if it has the path.
    fn at(&mut self, values: &[Option<&'v Value>]) {
        if self.identical_everywhere(values) {
            self.keys += values
                .iter()
                .flatten()
                .next()
                .map_or(0, |v| count_leaves(v));
            return;
        }
        // The path is a leaf row where some environment holds a leaf.
        let cells: Vec<Option<&'v Value>> =
            values.iter().map(|v| v.filter(|v| is_leaf(v))).collect();
        if let Some(first) = cells.iter().position(Option::is_some) {
            self.keys += 1;
            if cells.windows(2).any(|w| w[0] != w[1]) {
                let at = self.positions[first].clone();
                self.found.push((first, at, self.path.clone(), cells));
            }
        }
        self.children(values);
    }

    /// Walks the union of the containers' children, each under the
    /// segment `pointer::leaves` would give it.
    fn children(&mut self, values: &[Option<&'v Value>]) {
        let n = values.len();
        let mut slots: FxHashMap<String, usize> = FxHashMap::default();
        let mut union: Vec<(String, Vec<Child<'v>>)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let mut add = |segment: String, child: &'v Value, pos: usize| {
                let slot = *slots.entry(segment.clone()).or_insert_with(|| {
                    union.push((segment, vec![None; n]));
                    union.len() - 1
                });
                union[slot].1[i] = Some((child, pos));
            };
            match v {
                Some(Value::Object(m)) => {
                    for (pos, (k, child)) in m.iter().enumerate() {
                        add(pointer::escape(k), child, pos);
                    }
                }
                Some(Value::Array(items)) => {
                    for (pos, child) in items.iter().enumerate() {
                        add(pos.to_string(), child, pos);
                    }
                }
                _ => {}
            }
        }
        for (segment, children) in union {
            let len = self.path.len();
            self.path.push('/');
            self.path.push_str(&segment);
            for (i, c) in children.iter().enumerate() {
                if let Some((_, pos)) = c {
                    self.positions[i].push(*pos);
                }
            }
            let values: Vec<Option<&'v Value>> =
                children.iter().map(|c| c.map(|(v, _)| v)).collect();
            self.at(&values);
            for (i, c) in children.iter().enumerate() {
                if c.is_some() {
                    self.positions[i].pop();
                }
            }
            self.path.truncate(len);
        }
    }
}

#[cfg(test)]
mod tests;
