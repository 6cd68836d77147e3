//! Rows from two rendered sides: the lines aligned by `similar`'s patience
//! diff, each pair of lines that belong to the same change linked into one
//! row, with what was removed, added, replaced or modified marked.

use super::*;

/// The cell for a line, taking its text and pointer (each line lands in
/// exactly one row, so nothing is cloned).
pub(super) fn take_cell(n: usize, line: &mut Line, emphasized: bool) -> Cell {
    Cell {
        line: n + 1,
        pointer: std::mem::take(&mut line.pointer),
        segments: vec![Segment {
            text: std::mem::take(&mut line.text),
            emphasized,
        }],
    }
}

pub(super) fn align(left: &mut [Line], right: &mut [Line], links: &Links<'_>) -> Vec<Row> {
    let ops = {
        let lt: Vec<&str> = left.iter().map(|l| l.text.as_str()).collect();
        let rt: Vec<&str> = right.iter().map(|l| l.text.as_str()).collect();
        capture_diff_slices(Algorithm::Patience, &lt, &rt)
    };
    let mut rows = Vec::with_capacity(left.len().max(right.len()));
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                // Equal text can still be two different values (lines of
                // a removed value matching lines of an added one): such a
                // run is shown as removed, then added.
                let mut run: Option<usize> = None;
                for k in 0..=len {
                    let touched =
                        k < len && links.touches(&left[old_index + k], &right[new_index + k]);
                    if touched {
                        run.get_or_insert(k);
                        continue;
                    }
                    if let Some(start) = run.take() {
                        removed(&mut rows, left, old_index + start..old_index + k, links);
                        added(&mut rows, right, new_index + start..new_index + k, links);
                    }
                    if k == len {
                        break;
                    }
                    let (i, j) = (old_index + k, new_index + k);
                    rows.push(Row {
                        kind: RowKind::Equal,
                        left: Some(take_cell(i, &mut left[i], false)),
                        right: Some(take_cell(j, &mut right[j], false)),
                        changes: Vec::new(),
                        hidden: Vec::new(),
                    });
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => removed(&mut rows, left, old_index..old_index + old_len, links),
            DiffOp::Insert {
                new_index, new_len, ..
            } => added(&mut rows, right, new_index..new_index + new_len, links),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => replaced(
                &mut rows,
                left,
                right,
                old_index..old_index + old_len,
                new_index..new_index + new_len,
                links,
            ),
        }
    }
    rows
}

pub(super) fn removed(
    rows: &mut Vec<Row>,
    left: &mut [Line],
    range: std::ops::Range<usize>,
    links: &Links<'_>,
) {
    for i in range {
        let changes = links.for_row(Some(&left[i]), None);
        rows.push(Row {
            kind: RowKind::Removed,
            left: Some(take_cell(i, &mut left[i], true)),
            right: None,
            changes,
            hidden: Vec::new(),
        });
    }
}

pub(super) fn added(
    rows: &mut Vec<Row>,
    right: &mut [Line],
    range: std::ops::Range<usize>,
    links: &Links<'_>,
) {
    for j in range {
        let changes = links.for_row(None, Some(&right[j]));
        rows.push(Row {
            kind: RowKind::Added,
            left: None,
            right: Some(take_cell(j, &mut right[j], true)),
            changes,
            hidden: Vec::new(),
        });
    }
}

/// A replaced block: lines showing the same pointer pair up (word-level
/// highlights); the rest pair up in order, or stand alone.
pub(super) fn replaced(
    rows: &mut Vec<Row>,
    left: &mut [Line],
    right: &mut [Line],
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
    links: &Links<'_>,
) {
    let ops = {
        let lp: Vec<&str> = left[old.clone()]
            .iter()
            .map(|l| l.pointer.as_str())
            .collect();
        let rp: Vec<&str> = right[new.clone()]
            .iter()
            .map(|l| l.pointer.as_str())
            .collect();
        capture_diff_slices(Algorithm::Myers, &lp, &rp)
    };
    for op in ops {
        let (_, o, n) = op.as_tag_tuple();
        let (o, n) = (
            old.start + o.start..old.start + o.end,
            new.start + n.start..new.start + n.end,
        );
        match op {
            DiffOp::Delete { .. } => removed(rows, left, o, links),
            DiffOp::Insert { .. } => added(rows, right, n, links),
            DiffOp::Equal { .. } | DiffOp::Replace { .. } => {
                let pairs = o.len().min(n.len());
                for k in 0..pairs {
                    let (i, j) = (o.start + k, n.start + k);
                    rows.push(modified(i, &mut left[i], j, &mut right[j], links));
                }
                removed(rows, left, o.start + pairs..o.end, links);
                added(rows, right, n.start + pairs..n.end, links);
            }
        }
    }
}

pub(super) fn modified(i: usize, l: &mut Line, j: usize, r: &mut Line, links: &Links<'_>) -> Row {
    let changes = links.for_row(Some(l), Some(r));
    let (ls, rs) = word_segments(&l.text, &r.text);
    Row {
        kind: RowKind::Modified,
        left: Some(Cell {
            line: i + 1,
            pointer: std::mem::take(&mut l.pointer),
            segments: ls,
        }),
        right: Some(Cell {
            line: j + 1,
            pointer: std::mem::take(&mut r.pointer),
            segments: rs,
        }),
        changes,
        hidden: Vec::new(),
    }
}
