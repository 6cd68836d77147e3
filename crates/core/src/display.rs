//! Side-by-side rows of two documents, rendered in their format, for the
//! compare page.
//!
//! [`side_by_side`] renders both values (pretty JSON, YAML or .env, see
//! [`crate::formats::render_lines`]), aligns their lines with `similar`,
//! highlights the changed words inside each changed pair of lines, folds
//! long unchanged runs, and links every row to the [`Change`]s it shows.
//!
//! ```
//! use preflight_core::diff::{diff, DiffOptions};
//! use preflight_core::display::{side_by_side, DisplayOptions, RowKind};
//! use preflight_core::formats::Format;
//! use serde_json::json;
//!
//! let a = json!({"url": "https://dev.example.test", "retries": 3});
//! let b = json!({"url": "https://prod.example.test", "retries": 3});
//! let changes = diff(&a, &b, &DiffOptions::default());
//! let view = side_by_side(&a, &b, &changes, &DisplayOptions::new(Format::Json)).unwrap();
//! let row = view.rows.iter().find(|r| r.kind == RowKind::Modified).unwrap();
//! assert_eq!(row.changes, vec![0]);
//! let right = row.right.as_ref().unwrap();
//! assert!(right.segments.iter().any(|s| s.emphasized && s.text == "prod"));
//! ```
//!
//! ## The row model
//!
//! A [`Row`] is one line of the view: a [`RowKind`], a left and a right
//! [`Cell`] (1-based line number, pointer, and text [`Segment`]s with an
//! emphasis flag), and the indices into the change list it shows. A
//! folded run of unchanged lines is one `Collapsed` row that says how many
//! lines it hides and carries them, so the UI can expand it in place.
//!
//! ## Links
//!
//! A row shows the changes at its lines' pointers or their ancestors (the
//! left line in `a`'s coordinates, the right one in `b`'s, see
//! [`crate::diff`]). A line that changed only because of a neighbour (a
//! comma after a removed sibling, an element shifted by a move) links to
//! that sibling's Added/Removed change or to the array's Moved changes.
//! Lines of a removed or added value never show as Equal, even when their
//! text matches a line on the other side. So every changed row links to a
//! change, and every change to at least one row (a proptest checks both).
//!
//! ## Secrets
//!
//! Values at secret pointers are masked in the rendered text (see
//! [`Patterns::mask`]) unless [`DisplayOptions::reveal_secrets`] is
//! set. Equal secrets mask equally, so they still line up as unchanged.
//! That needs keyed masks: without a mask key every secret masks to the
//! same dots, and a changed secret would line up as unchanged, so pass the
//! workspace's [`Settings::compiled_patterns`](crate::workspace::Settings::compiled_patterns)
//! (the shell gives every workspace a key when it loads).
//!
//! ## Web
//!
//! Nothing here reads a clock: the alignment uses `similar`'s
//! deadline-free entry points, which is what keeps it working on wasm32.

use crate::diff::FxMap;
use crate::diff::{Change, ChangeKind};
use crate::formats::{render_lines, ExportError, Format, Line, RenderOptions};
use crate::patterns::Patterns;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use similar::{capture_diff_slices, Algorithm, DiffOp};
mod align;
mod words;

use align::*;
pub use words::word_segments;

/// How to render and fold.
#[derive(Debug, Clone)]
pub struct DisplayOptions {
    format: Format,
    context: usize,
    reveal_secrets: bool,
    patterns: Patterns,
}

impl DisplayOptions {
    /// Renders as `format`, 3 lines of context, secrets masked with the
    /// default patterns.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            context: 3,
            reveal_secrets: false,
            patterns: Patterns::default(),
        }
    }

    /// Unchanged lines kept around each change; longer runs fold.
    /// `usize::MAX` never folds.
    pub fn context(mut self, lines: usize) -> Self {
        self.context = lines;
        self
    }

    /// Shows secret values as they are.
    pub fn reveal_secrets(mut self, yes: bool) -> Self {
        self.reveal_secrets = yes;
        self
    }

    /// The patterns that say which values are secret.
    pub fn patterns(mut self, patterns: Patterns) -> Self {
        self.patterns = patterns;
        self
    }
}

/// What a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowKind {
    /// The same line on both sides.
    Equal,
    /// A line changed: both sides, with the changed words emphasized.
    Modified,
    /// A line only on the right.
    Added,
    /// A line only on the left.
    Removed,
    /// A folded run of unchanged lines (see [`Row::hidden`]).
    Collapsed,
}

/// A run of text, emphasized when it is what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub emphasized: bool,
}

/// One side of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// 1-based line number in that side's rendering.
    pub line: usize,
    /// The pointer of the value the line shows.
    pub pointer: String,
    pub segments: Vec<Segment>,
}

impl Cell {
    /// The whole line.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// One row of the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub kind: RowKind,
    pub left: Option<Cell>,
    pub right: Option<Cell>,
    /// Indices into the change list this row shows, ascending.
    pub changes: Vec<usize>,
    /// For a `Collapsed` row, the unchanged rows it stands for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<Row>,
}

/// Two documents side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideBySide {
    pub rows: Vec<Row>,
    /// Line counts of the two renderings.
    pub left_lines: usize,
    pub right_lines: usize,
}

impl SideBySide {
    /// Indices of the rows that show a change, for next/previous.
    pub fn change_rows(&self) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !matches!(r.kind, RowKind::Equal | RowKind::Collapsed))
            .map(|(i, _)| i)
            .collect()
    }

    /// The same rows for an inline (unified) view: each run of Modified
    /// rows becomes its Removed lines followed by its Added lines.
    pub fn inline_rows(&self) -> Vec<Row> {
        let mut out = Vec::with_capacity(self.rows.len());
        let mut added = Vec::new();
        for r in &self.rows {
            if r.kind == RowKind::Modified {
                out.push(Row {
                    kind: RowKind::Removed,
                    right: None,
                    ..r.clone()
                });
                added.push(Row {
                    kind: RowKind::Added,
                    left: None,
                    ..r.clone()
                });
                continue;
            }
            out.append(&mut added);
            out.push(r.clone());
        }
        out.append(&mut added);
        out
    }

    /// The rows with every Collapsed row expanded.
    pub fn expanded(&self) -> Vec<Row> {
        let mut out = Vec::with_capacity(self.rows.len());
        for r in &self.rows {
            if r.kind == RowKind::Collapsed {
                out.extend(r.hidden.iter().cloned());
            } else {
                out.push(r.clone());
            }
        }
        out
    }
}

/// Renders `a` and `b` and lays them out side by side; `changes` is the
/// diff of `a` to `b` that the rows link to.
pub fn side_by_side(
    a: &Value,
    b: &Value,
    changes: &[Change],
    opts: &DisplayOptions,
) -> Result<SideBySide, ExportError> {
    let render = if opts.reveal_secrets {
        RenderOptions::new()
    } else {
        RenderOptions::new().mask_secrets(opts.patterns.clone())
    };
    let mut left = render_lines(a, opts.format, &render)?;
    let mut right = render_lines(b, opts.format, &render)?;
    let links = Links::new(changes);
    let rows = align(&mut left, &mut right, &links);
    Ok(SideBySide {
        rows: fold(rows, opts.context),
        left_lines: left.len(),
        right_lines: right.len(),
    })
}

/// Which changes a line shows: those at its pointer or an ancestor. A
/// changed line with none of those, inside an array whose elements moved,
/// shows those moves (the line diff sees a move as lines removed in one
/// place and added in another, including lines of elements that stayed).
struct Links<'c> {
    old: FxMap<&'c str, Vec<usize>>,
    new: FxMap<&'c str, Vec<usize>>,
    moved_old: FxMap<&'c str, Vec<usize>>,
    moved_new: FxMap<&'c str, Vec<usize>>,
    /// Added and Removed changes by their parent, for lines that changed
    /// only because a sibling came or went (a comma).
    sibling_old: FxMap<&'c str, Vec<usize>>,
    sibling_new: FxMap<&'c str, Vec<usize>>,
    is_move: Vec<bool>,
}

fn parent(p: &str) -> &str {
    p.rfind('/').map_or("", |i| &p[..i])
}

impl<'c> Links<'c> {
    fn new(changes: &'c [Change]) -> Self {
        let mut old: FxMap<&str, Vec<usize>> = FxMap::default();
        let mut new: FxMap<&str, Vec<usize>> = FxMap::default();
        let mut moved_old: FxMap<&str, Vec<usize>> = FxMap::default();
        let mut moved_new: FxMap<&str, Vec<usize>> = FxMap::default();
        let mut sibling_old: FxMap<&str, Vec<usize>> = FxMap::default();
        let mut sibling_new: FxMap<&str, Vec<usize>> = FxMap::default();
        for (i, c) in changes.iter().enumerate() {
            if matches!(c.kind, ChangeKind::Added | ChangeKind::Removed) {
                sibling_old.entry(parent(&c.path)).or_default().push(i);
                sibling_new.entry(parent(c.new_path())).or_default().push(i);
            }
            if c.kind != ChangeKind::Added {
                old.entry(c.path.as_str()).or_default().push(i);
            }
            if c.kind != ChangeKind::Removed {
                new.entry(c.new_path()).or_default().push(i);
            }
            if c.kind == ChangeKind::Moved {
                moved_old.entry(parent(&c.path)).or_default().push(i);
                moved_new.entry(parent(c.new_path())).or_default().push(i);
            }
        }
        Self {
            old,
            new,
            moved_old,
            moved_new,
            sibling_old,
            sibling_new,
            is_move: changes
                .iter()
                .map(|c| c.kind == ChangeKind::Moved)
                .collect(),
        }
    }

    fn collect(map: &FxMap<&str, Vec<usize>>, pointer: &str, out: &mut Vec<usize>) {
        if map.is_empty() {
            return;
        }
        let mut p = pointer;
        loop {
            if let Some(ids) = map.get(p) {
                out.extend(ids);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
    }

    /// Whether either line shows a change of its own (moves aside: a moved
    /// element's unchanged lines may well line up as equal).
    fn touches(&self, left: &Line, right: &Line) -> bool {
        let any = |map: &FxMap<&str, Vec<usize>>, pointer: &str| -> bool {
            if map.is_empty() {
                return false;
            }
            let mut p = pointer;
            loop {
                if map.get(p).is_some_and(|ids| {
                    ids.iter()
                        .any(|&i| !self.is_move.get(i).copied().unwrap_or(false))
                }) {
                    return true;
                }
                match p.rfind('/') {
                    Some(i) => p = &p[..i],
                    None => return false,
                }
            }
        };
        any(&self.old, &left.pointer) || any(&self.new, &right.pointer)
    }

    fn for_row(&self, left: Option<&Line>, right: Option<&Line>) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(l) = left {
            Self::collect(&self.old, &l.pointer, &mut out);
        }
        if let Some(r) = right {
            Self::collect(&self.new, &r.pointer, &mut out);
        }
        if out.is_empty() {
            if let Some(l) = left {
                Self::collect(&self.moved_old, &l.pointer, &mut out);
            }
            if let Some(r) = right {
                Self::collect(&self.moved_new, &r.pointer, &mut out);
            }
        }
        if out.is_empty() {
            if let Some(ids) = left.and_then(|l| self.sibling_old.get(parent(&l.pointer))) {
                out.extend(ids);
            }
            if let Some(ids) = right.and_then(|r| self.sibling_new.get(parent(&r.pointer))) {
                out.extend(ids);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Folds runs of Equal rows longer than twice the context.
fn fold(rows: Vec<Row>, context: usize) -> Vec<Row> {
    if context == usize::MAX {
        return rows;
    }
    let n = rows.len();
    let mut out = Vec::with_capacity(n.min(1024));
    let mut iter = rows.into_iter().peekable();
    let mut at = 0;
    while let Some(row) = iter.next() {
        if row.kind != RowKind::Equal {
            out.push(row);
            at += 1;
            continue;
        }
        let mut run = vec![row];
        while let Some(r) = iter.next_if(|r| r.kind == RowKind::Equal) {
            run.push(r);
        }
        let starts = at == 0;
        at += run.len();
        let ends = at == n;
        let keep_head = if starts { 0 } else { context };
        let keep_tail = if ends { 0 } else { context };
        if run.len() <= keep_head.saturating_add(keep_tail).saturating_add(1) {
            out.extend(run);
            continue;
        }
        let tail = run.split_off(run.len() - keep_tail);
        let hidden = run.split_off(keep_head);
        out.extend(run);
        out.push(Row {
            kind: RowKind::Collapsed,
            left: None,
            right: None,
            changes: Vec::new(),
            hidden,
        });
        out.extend(tail);
    }
    out
}
