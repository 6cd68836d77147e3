//! An array's new layout ([`Item`]s) as the fewest removals and
//! insertions, for editors that change a list one element at a time.

use super::reconcile::{Edit, Item};
use serde_json::Value;

/// How an editor rearranges an array in place, given [`Item`]s: first the
/// edits inside kept elements, then `remove` (old indices, descending;
/// moved ones among them), then `insert` in ascending final index.
pub(crate) struct ArraySteps<'e> {
    pub inner: Vec<(usize, &'e Edit)>,
    pub remove: Vec<usize>,
    pub insert: Vec<(usize, Insert<'e>)>,
}

/// What goes in at a final index.
pub(crate) enum Insert<'e> {
    New(&'e Value),
    /// The old element at this index, taken out by `remove`.
    Moved(usize),
}

/// Splits a layout into the fewest removals and insertions: the old
/// elements on the longest run that kept its order stay where they are.
pub(crate) fn array_steps(items: &[Item], old_len: usize) -> ArraySteps<'_> {
    let olds: Vec<usize> = items
        .iter()
        .filter_map(|it| match it {
            Item::Old(i, _) => Some(*i),
            Item::New(_) => None,
        })
        .collect();
    let stay = longest_increasing(&olds);
    let mut staying = vec![false; old_len];
    for (k, &i) in olds.iter().enumerate() {
        if stay[k] && i < old_len {
            staying[i] = true;
        }
    }
    let mut inner = Vec::new();
    let mut insert = Vec::new();
    for (pos, it) in items.iter().enumerate() {
        match it {
            Item::Old(i, e) => {
                if let Some(e) = e {
                    inner.push((*i, e));
                }
                if !staying.get(*i).copied().unwrap_or(false) {
                    insert.push((pos, Insert::Moved(*i)));
                }
            }
            Item::New(v) => insert.push((pos, Insert::New(v))),
        }
    }
    let remove = (0..old_len).rev().filter(|&i| !staying[i]).collect();
    ArraySteps {
        inner,
        remove,
        insert,
    }
}

/// Marks the elements of one longest strictly increasing subsequence.
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // Patience sorting: tails[k] = index in seq of the smallest tail of a
    // run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < x);
        prev[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}
