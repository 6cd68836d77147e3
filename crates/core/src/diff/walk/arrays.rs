//! How the walk compares arrays: keyed by an identity field (matched,
//! moved by longest increasing subsequence), aligned positionally by a
//! Myers diff over element hashes, or as multisets when order is ignored;
//! and the value equality and hashing that all of them use.

use super::*;

impl<'o, 'v, S: Skip> Walker<'o, 'v, S> {
    pub(super) fn array(&mut self, a: &'v [Value], b: &'v [Value]) {
        if let Some((key, ids_a, ids_b)) = self.identity(a, b) {
            self.keyed(a, b, key, &ids_a, &ids_b);
        } else if self.opts.ignore_order {
            self.unordered(a, b);
        } else {
            self.positional(a, b);
        }
    }

    /// The first candidate key that identifies every element on both
    /// sides, with the identities.
    #[allow(clippy::type_complexity)]
    fn identity(&self, a: &'v [Value], b: &'v [Value]) -> Option<(&'o str, Ids<'v>, Ids<'v>)> {
        if a.is_empty() && b.is_empty() {
            return None;
        }
        let tokens = self.a_tokens.as_deref().unwrap_or(&[]);
        let candidates = self.opts.keys_for(tokens)?;
        candidates.iter().find_map(|key| {
            let ids_a = unique_ids(a, key)?;
            let ids_b = unique_ids(b, key)?;
            Some((key.as_str(), ids_a, ids_b))
        })
    }

    fn keyed(
        &mut self,
        a: &'v [Value],
        b: &'v [Value],
        key: &'o str,
        ids_a: &Ids<'v>,
        ids_b: &Ids<'v>,
    ) {
        let index_b = &ids_b.index;
        let index_a = &ids_a.index;
        let (ids_a, ids_b) = (ids_a.list.as_slice(), ids_b.list.as_slice());
        // Matched elements in a's order, as positions in b; those in the
        // longest increasing run kept their relative order.
        let matched: Vec<usize> = ids_a
            .iter()
            .filter_map(|id| index_b.get(id).copied())
            .collect();
        let stays = if self.opts.ignore_order {
            vec![true; matched.len()]
        } else {
            longest_increasing(&matched)
        };
        let mut next_b = 0;
        let mut m = 0;
        for (i, va) in a.iter().enumerate() {
            let Some(&j) = index_b.get(&ids_a[i]) else {
                self.enter_element(i, i, key, va, |w| {
                    w.emit(ChangeKind::Removed, Some(va), None, None)
                });
                continue;
            };
            let stay = stays.get(m).copied().unwrap_or(true);
            m += 1;
            if stay {
                self.added_elements(b, ids_b, index_a, key, next_b, j);
                next_b = next_b.max(j + 1);
            }
            self.enter_element(i, j, key, va, |w| {
                if !stay {
                    let after = j.checked_sub(1).and_then(|p| id_value(&b[p], key)).cloned();
                    w.emit(ChangeKind::Moved, None, None, Some(Slot::AfterId(after)));
                }
                w.value(va, &b[j]);
            });
        }
        self.added_elements(b, ids_b, index_a, key, next_b, b.len());
    }

    fn added_elements(
        &mut self,
        b: &'v [Value],
        ids_b: &[IdKey<'v>],
        index_a: &FxMap<IdKey<'v>, usize>,
        key: &'o str,
        from: usize,
        to: usize,
    ) {
        for j in from..to {
            if index_a.contains_key(&ids_b[j]) {
                continue;
            }
            let after = j.checked_sub(1).and_then(|p| id_value(&b[p], key)).cloned();
            let v = &b[j];
            // An Added element's path ends with its index in b.
            self.enter_element(j, j, key, v, |w| {
                w.emit(ChangeKind::Added, None, Some(v), Some(Slot::AfterId(after)))
            });
        }
    }

    fn enter_element(
        &mut self,
        i: usize,
        j: usize,
        key: &'o str,
        element: &'v Value,
        f: impl FnOnce(&mut Self),
    ) {
        let pushed = match id_value(element, key) {
            Some(id) => {
                self.steps.push((self.depth, key, id));
                true
            }
            None => false,
        };
        self.enter(T::Idx(i), T::Idx(j), f);
        if pushed {
            self.steps.pop();
        }
    }

    fn positional(&mut self, a: &'v [Value], b: &'v [Value]) {
        let ha: Vec<Hashed> = a.iter().map(Hashed::new).collect();
        let hb: Vec<Hashed> = b.iter().map(Hashed::new).collect();
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ha, &hb);
        for op in ops {
            match op {
                similar::DiffOp::Equal { .. } => {}
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => self.removed_run(a, old_index, old_index + old_len),
                similar::DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => self.inserted_run(b, old_index, new_index, new_index + new_len),
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let pairs = old_len.min(new_len);
                    for k in 0..pairs {
                        let (i, j) = (old_index + k, new_index + k);
                        self.enter(T::Idx(i), T::Idx(j), |w| w.value(&a[i], &b[j]));
                    }
                    self.removed_run(a, old_index + pairs, old_index + old_len);
                    self.inserted_run(
                        b,
                        old_index + old_len,
                        new_index + pairs,
                        new_index + new_len,
                    );
                }
            }
        }
    }

    fn removed_run(&mut self, a: &'v [Value], from: usize, to: usize) {
        for (i, v) in a.iter().enumerate().take(to).skip(from) {
            self.enter(T::Idx(i), T::Idx(i), |w| {
                w.emit(ChangeKind::Removed, Some(v), None, None)
            });
        }
    }

    fn inserted_run(&mut self, b: &'v [Value], before_old: usize, from: usize, to: usize) {
        for (j, v) in b.iter().enumerate().take(to).skip(from) {
            self.enter(T::Idx(j), T::Idx(j), |w| {
                w.emit(
                    ChangeKind::Added,
                    None,
                    Some(v),
                    Some(Slot::BeforeOld(before_old)),
                )
            });
        }
    }

    /// Positional arrays when order does not matter: a multiset match.
    fn unordered(&mut self, a: &'v [Value], b: &'v [Value]) {
        let ha: Vec<Hashed> = a.iter().map(Hashed::new).collect();
        let mut pool: FxMap<&Hashed, Vec<usize>> = FxMap::default();
        for (i, h) in ha.iter().enumerate().rev() {
            pool.entry(h).or_default().push(i);
        }
        let mut matched_a = vec![false; a.len()];
        let mut added = Vec::new();
        for (j, v) in b.iter().enumerate() {
            let h = Hashed::new(v);
            match pool.get_mut(&h).and_then(Vec::pop) {
                Some(i) => matched_a[i] = true,
                None => added.push(j),
            }
        }
        for (i, v) in a.iter().enumerate() {
            if !matched_a[i] {
                self.enter(T::Idx(i), T::Idx(i), |w| {
                    w.emit(ChangeKind::Removed, Some(v), None, None)
                });
            }
        }
        for j in added {
            self.enter(T::Idx(j), T::Idx(j), |w| {
                w.emit(
                    ChangeKind::Added,
                    None,
                    Some(&b[j]),
                    Some(Slot::BeforeOld(a.len())),
                )
            });
        }
    }
}

/// A hashable, borrowed form of an identity value (strings and numbers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum IdKey<'v> {
    Str(&'v str),
    Num(&'v serde_json::Number),
}

pub(super) fn id_key(v: &Value) -> Option<IdKey<'_>> {
    match v {
        Value::String(s) => Some(IdKey::Str(s)),
        Value::Number(n) => Some(IdKey::Num(n)),
        _ => None,
    }
}

pub(crate) fn id_value<'v>(element: &'v Value, key: &str) -> Option<&'v Value> {
    let map = element.as_object()?;
    // Elements are small objects: a scan beats hashing the key each time.
    if map.len() <= 8 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// The identities of an array's elements, in order and indexed.
pub(super) struct Ids<'v> {
    list: Vec<IdKey<'v>>,
    index: FxMap<IdKey<'v>, usize>,
}

/// The identities of all elements, if every one has a unique one.
pub(super) fn unique_ids<'v>(items: &'v [Value], key: &str) -> Option<Ids<'v>> {
    let mut index = FxMap::with_capacity_and_hasher(items.len(), Default::default());
    let mut list = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = id_key(id_value(item, key)?)?;
        if index.insert(id.clone(), i).is_some() {
            return None;
        }
        list.push(id);
    }
    Some(Ids { list, index })
}

/// Marks the members of one longest strictly increasing subsequence
/// (patience sorting, O(n log n)).
pub(super) fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // indices into seq
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq[t] < x);
        if pos > 0 {
            prev[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied().unwrap_or(usize::MAX);
    while cur != usize::MAX {
        keep[cur] = true;
        cur = prev[cur];
    }
    keep
}

/// A value with a precomputed structural hash; equality still compares
/// values, so hash collisions never hide a change.
pub(super) struct Hashed<'v> {
    hash: u64,
    value: &'v Value,
}

impl<'v> Hashed<'v> {
    fn new(value: &'v Value) -> Self {
        Self {
            hash: hash_value(value),
            value,
        }
    }
}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && same(self.value, other.value)
    }
}

impl Eq for Hashed<'_> {}

/// `Value`'s equality, except that numbers must be written alike:
/// `serde_json` holds `-0.0 == 0.0`, but they are different text, and the
/// diff promises b's bytes (issue 12). Key order is still not compared.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(f), Some(g)) if x.is_f64() && y.is_f64() => f.to_bits() == g.to_bits(),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

/// A structural hash consistent with `Value`'s equality (and so with
/// [`same`], which is finer), which ignores the
/// order of object keys.
pub(crate) fn hash_value(v: &Value) -> u64 {
    let mut h = FxHasher::default();
    match v {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => (1u8, b).hash(&mut h),
        Value::Number(n) => (2u8, n).hash(&mut h),
        Value::String(s) => (3u8, s).hash(&mut h),
        Value::Array(items) => {
            4u8.hash(&mut h);
            items.len().hash(&mut h);
            for item in items {
                hash_value(item).hash(&mut h);
            }
        }
        Value::Object(map) => {
            5u8.hash(&mut h);
            map.len().hash(&mut h);
            let mut sum = 0u64;
            for (k, item) in map {
                let mut e = FxHasher::default();
                k.hash(&mut e);
                hash_value(item).hash(&mut e);
                sum = sum.wrapping_add(e.finish());
            }
            sum.hash(&mut h);
        }
    }
    h.finish()
}
