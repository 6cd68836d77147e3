//! The edits that turn one tree into another, as a tree of local steps.
//!
//! Every format editor works the same way: the promotion code computes the
//! target's new tree ([`crate::diff::apply`]), and [`reconcile`] compares
//! it with the tree read from the text. The result says, per container,
//! which members to remove, which to insert after which neighbour, which
//! array elements stay, move or are new, and which values to replace. The
//! editors then make exactly those edits in the text, so whatever the
//! promotion decided (anchors, keyed lists, custom values) is what the text
//! gets, and nothing else is touched.
//!
//! Arrays are aligned the way [`crate::diff`] aligns them: by an identity
//! key when every element on both sides is an object with a unique scalar
//! under it (the keys named by the changes' `steps` first, then `id`,
//! `name`, `key`), else by a longest common subsequence of equal elements,
//! a replaced run compared pair by pair.

use crate::diff::{hash_value, same, ChangeKind};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What to do to one value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Edit {
    /// Write this value instead (a scalar, or a value of another type).
    Replace(Value),
    /// Edits inside an object, in the new order (removals first).
    Object(Vec<Member>),
    /// The new elements of an array, in order.
    Array(Vec<Item>),
}

/// One step inside an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Member {
    Remove(String),
    Edit(String, Edit),
    /// A new member right after `after` (a key already placed; `None`: first).
    Insert {
        after: Option<String>,
        key: String,
        value: Value,
    },
}

/// One element of an array's new content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// The old element at this index, edited inside when `Some`.
    Old(usize, Option<Edit>),
    New(Value),
}

/// How the changes matched the elements of each array they go through,
/// so that the text is aligned the same way: by an identity key, or by
/// position (`None`).
#[derive(Debug, Default)]
pub(crate) struct Hints {
    /// Every identity key named by a change, tried first elsewhere.
    keys: Vec<String>,
    /// Array pointer (in the old tree) to its alignment.
    at: HashMap<String, Align>,
}

/// How a diff matched one array's elements.
#[derive(Debug)]
enum Align {
    Keyed(String),
    /// By position: the old indices removed, and those changed inside or
    /// replaced (all others are unchanged, in order).
    Positional {
        removed: std::collections::BTreeSet<usize>,
        edited: std::collections::BTreeSet<usize>,
    },
}

impl Hints {
    /// Reads the alignment of each array from the changes' paths and
    /// `steps`, walking `old` to see which tokens are array indices.
    pub(crate) fn from_changes(old: &Value, changes: &[crate::diff::Change]) -> Hints {
        let mut h = Hints::default();
        for c in changes {
            for s in &c.steps {
                if !h.keys.contains(&s.key) {
                    h.keys.push(s.key.clone());
                }
            }
            let Ok(tokens) = crate::pointer::parse(&c.path) else {
                continue;
            };
            let mut cur = Some(old);
            for (depth, t) in tokens.iter().enumerate() {
                let Some(v) = cur else { break };
                if v.is_array() {
                    let at = crate::pointer::join(&tokens[..depth]);
                    let key = c
                        .steps
                        .iter()
                        .find(|s| s.depth == depth)
                        .map(|s| s.key.clone());
                    let align = h.at.entry(at).or_insert_with(|| match key {
                        Some(k) => Align::Keyed(k),
                        None => Align::Positional {
                            removed: Default::default(),
                            edited: Default::default(),
                        },
                    });
                    if let (Align::Positional { removed, edited }, Some(i)) =
                        (align, crate::pointer::index(t))
                    {
                        let last = depth + 1 == tokens.len();
                        match c.kind {
                            // An added element's index is in the new array.
                            ChangeKind::Added if last => {}
                            ChangeKind::Removed if last => {
                                removed.insert(i);
                            }
                            _ => {
                                edited.insert(i);
                            }
                        }
                    }
                }
                cur = match v {
                    Value::Object(m) => m.get(t),
                    Value::Array(items) => crate::pointer::index(t).and_then(|i| items.get(i)),
                    _ => None,
                };
            }
        }
        h
    }
}

/// The edits from `old` to `new`; `None` when they are the same (bytes of
/// numbers and key order included).
pub(crate) fn reconcile(old: &Value, new: &Value, hints: &Hints) -> Option<Edit> {
    walk(old, new, hints, &mut String::new())
}

fn walk(old: &Value, new: &Value, hints: &Hints, path: &mut String) -> Option<Edit> {
    if same(old, new) && same_order(old, new) {
        return None;
    }
    Some(match (old, new) {
        (Value::Object(a), Value::Object(b)) => match object(a, b, hints, path) {
            Some(members) => Edit::Object(members),
            None => Edit::Replace(new.clone()),
        },
        (Value::Array(a), Value::Array(b)) => Edit::Array(array(a, b, hints, path)),
        _ => Edit::Replace(new.clone()),
    })
}

/// `walk` one level down.
fn below(old: &Value, new: &Value, hints: &Hints, path: &mut String, token: &str) -> Option<Edit> {
    let len = path.len();
    path.push('/');
    path.push_str(&crate::pointer::escape(token));
    let e = walk(old, new, hints, path);
    path.truncate(len);
    e
}

/// Key order is content here, and `same` ignores it.
fn same_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same_order(v1, v2))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| same_order(v1, v2))
        }
        _ => true,
    }
}

/// `None` when the keys both sides keep are in another order (a promotion
/// never reorders keys; the caller replaces the object then).
fn object(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    hints: &Hints,
    path: &mut String,
) -> Option<Vec<Member>> {
    let kept_a = a.keys().filter(|k| b.contains_key(*k));
    let kept_b = b.keys().filter(|k| a.contains_key(*k));
    if !kept_a.eq(kept_b) {
        return None;
    }
    let mut out: Vec<Member> = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .map(|k| Member::Remove(k.clone()))
        .collect();
    let mut prev: Option<String> = None;
    for (k, v) in b {
        match a.get(k) {
            Some(old) => {
                if let Some(e) = below(old, v, hints, path, k) {
                    out.push(Member::Edit(k.clone(), e));
                }
            }
            None => out.push(Member::Insert {
                after: prev.clone(),
                key: k.clone(),
                value: v.clone(),
            }),
        }
        prev = Some(k.clone());
    }
    Some(out)
}

fn array(a: &[Value], b: &[Value], hints: &Hints, path: &mut String) -> Vec<Item> {
    let defaults = ["id", "name", "key"].map(String::from);
    let candidates: Vec<&String> = match hints.at.get(path.as_str()) {
        Some(Align::Keyed(key)) => vec![key],
        Some(Align::Positional { removed, edited }) => {
            if let Some(items) = as_changed(a, b, removed, edited, hints, path) {
                return items;
            }
            Vec::new()
        }
        None => hints.keys.iter().chain(defaults.iter()).collect(),
    };
    for key in candidates {
        if let (Some(ia), Some(ib)) = (ids(a, key), ids(b, key)) {
            let by_id: HashMap<&str, usize> = ia
                .iter()
                .enumerate()
                .map(|(i, s)| (s.as_str(), i))
                .collect();
            return b
                .iter()
                .zip(&ib)
                .map(|(v, id)| match by_id.get(id.as_str()) {
                    Some(&i) => Item::Old(i, below(&a[i], v, hints, path, &i.to_string())),
                    None => Item::New(v.clone()),
                })
                .collect();
        }
    }
    positional(a, b, hints, path)
}

/// The layout the changes describe for a positional array: the old
/// elements that stay, in order, matched into the new array (unchanged
/// ones to equal elements, edited ones to a value of the same kind);
/// `None` when they do not fit (the caller then aligns by content).
fn as_changed(
    a: &[Value],
    b: &[Value],
    removed: &std::collections::BTreeSet<usize>,
    edited: &std::collections::BTreeSet<usize>,
    hints: &Hints,
    path: &mut String,
) -> Option<Vec<Item>> {
    let kept: Vec<usize> = (0..a.len()).filter(|i| !removed.contains(i)).collect();
    let fits = |k: usize, j: usize| {
        if edited.contains(&kept[k]) {
            std::mem::discriminant(&a[kept[k]]) == std::mem::discriminant(&b[j])
        } else {
            same(&a[kept[k]], &b[j]) && same_order(&a[kept[k]], &b[j])
        }
    };
    let (n, m) = (kept.len(), b.len());
    if n > m {
        return None;
    }
    // An edited element goes to the new value it shares the most with
    // (an inserted neighbour of the same kind is not it).
    let score = |k: usize, j: usize| -> i64 {
        match (&a[kept[k]], &b[j]) {
            (Value::Object(x), Value::Object(y)) => {
                1 + x
                    .iter()
                    .filter(|(key, v)| y.get(*key).is_some_and(|w| same(v, w)))
                    .count() as i64
            }
            (Value::Array(x), Value::Array(y)) => {
                1 + x.iter().filter(|v| y.iter().any(|w| same(v, w))).count() as i64
            }
            _ => 1,
        }
    };
    // best[k][j]: the best score of fitting kept[k..] into b[j..].
    const NONE: i64 = i64::MIN / 2;
    let mut best = vec![vec![NONE; m + 1]; n + 1];
    for row in best[n].iter_mut() {
        *row = 0;
    }
    for k in (0..n).rev() {
        for j in (0..m).rev() {
            let take = if fits(k, j) && best[k + 1][j + 1] > NONE {
                score(k, j) + best[k + 1][j + 1]
            } else {
                NONE
            };
            best[k][j] = take.max(best[k][j + 1]);
        }
    }
    if best[0][0] <= NONE {
        return None;
    }
    let mut out = Vec::with_capacity(m);
    let mut k = 0;
    for (j, v) in b.iter().enumerate() {
        let take = k < n
            && fits(k, j)
            && best[k + 1][j + 1] > NONE
            && score(k, j) + best[k + 1][j + 1] == best[k][j];
        if take {
            let i = kept[k];
            out.push(Item::Old(i, below(&a[i], v, hints, path, &i.to_string())));
            k += 1;
        } else {
            out.push(Item::New(v.clone()));
        }
    }
    Some(out)
}

/// The identities of `items` under `key`, when every item has a unique one.
fn ids(items: &[Value], key: &str) -> Option<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for v in items {
        let id = match v.as_object()?.get(key)? {
            Value::String(s) => format!("s{s}"),
            Value::Number(n) => format!("n{n}"),
            _ => return None,
        };
        if !seen.insert(id.clone()) {
            return None;
        }
        out.push(id);
    }
    Some(out)
}

/// An element compared by content: equal hashes, then `same`.
struct Hashed<'v>(&'v Value, u64);

impl std::hash::Hash for Hashed<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.1.hash(state);
    }
}
impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.1 == other.1 && same(self.0, other.0) && same_order(self.0, other.0)
    }
}
impl Eq for Hashed<'_> {}

fn positional(a: &[Value], b: &[Value], hints: &Hints, path: &mut String) -> Vec<Item> {
    use similar::DiffOp;
    let ha: Vec<Hashed> = a.iter().map(|v| Hashed(v, hash_value(v))).collect();
    let hb: Vec<Hashed> = b.iter().map(|v| Hashed(v, hash_value(v))).collect();
    let mut out = Vec::with_capacity(b.len());
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ha, &hb) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                out.extend((old_index..old_index + len).map(|i| Item::Old(i, None)))
            }
            DiffOp::Delete { .. } => {}
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(
                b[new_index..new_index + new_len]
                    .iter()
                    .cloned()
                    .map(Item::New),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                // Paired elements are edited in place, as the diff pairs them.
                for j in 0..new_len {
                    let v = &b[new_index + j];
                    if j < old_len {
                        let i = old_index + j;
                        out.push(Item::Old(i, below(&a[i], v, hints, path, &i.to_string())));
                    } else {
                        out.push(Item::New(v.clone()));
                    }
                }
            }
        }
    }
    reuse_deleted(a, &mut out);
    out
}

/// A new element equal to an old one that was dropped is that old element
/// moved (so its text, comments included, moves instead of being written
/// anew).
fn reuse_deleted(a: &[Value], out: &mut [Item]) {
    let mut used = vec![false; a.len()];
    for it in out.iter() {
        if let Item::Old(i, _) = it {
            used[*i] = true;
        }
    }
    for it in out.iter_mut() {
        if let Item::New(v) = it {
            let found = (0..a.len()).find(|&i| !used[i] && same(&a[i], v) && same_order(&a[i], v));
            if let Some(i) = found {
                used[i] = true;
                *it = Item::Old(i, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::steps::array_steps;
    use super::*;
    use serde_json::json;

    #[test]
    fn keyed_move_is_one_removal_and_one_insertion() {
        let a = json!([{"id": 1}, {"id": 2}, {"id": 3}]);
        let b = json!([{"id": 2}, {"id": 3}, {"id": 1, "x": true}]);
        let Some(Edit::Array(items)) = reconcile(&a, &b, &Hints::default()) else {
            panic!("expected an array edit");
        };
        let steps = array_steps(&items, 3);
        assert_eq!(steps.remove, vec![0]);
        assert_eq!(steps.insert.len(), 1);
        assert_eq!(steps.inner.len(), 1);
    }

    #[test]
    fn added_keys_follow_their_neighbour() {
        let a = json!({"a": 1, "c": 3});
        let b = json!({"a": 1, "b": 2, "c": 4});
        assert_eq!(
            reconcile(&a, &b, &Hints::default()),
            Some(Edit::Object(vec![
                Member::Insert {
                    after: Some("a".into()),
                    key: "b".into(),
                    value: json!(2)
                },
                Member::Edit("c".into(), Edit::Replace(json!(4))),
            ]))
        );
        assert_eq!(reconcile(&a, &a, &Hints::default()), None);
    }

    #[test]
    fn an_edited_element_goes_to_the_value_it_shares_most_with() {
        use crate::diff::{apply, diff, DiffOptions};
        let t = json!({"hosts": [{"host": "a", "tls": true}]});
        let s = json!({"hosts": [{"host": "new"}, {"host": "b", "tls": true}]});
        let changes = diff(&t, &s, &DiffOptions::default());
        let mut e = t.clone();
        assert!(apply(&mut e, &changes).is_ok());
        let hints = Hints::from_changes(&t, &changes);
        let Some(Edit::Object(m)) = reconcile(&t, &e, &hints) else {
            panic!("expected an object edit");
        };
        let Member::Edit(_, Edit::Array(items)) = &m[0] else {
            panic!("expected an array edit");
        };
        assert!(
            matches!(items[..], [Item::New(_), Item::Old(0, Some(_))]),
            "{items:?}"
        );
    }
}
