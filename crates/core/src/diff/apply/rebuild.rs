//! Rebuilding one object or array with its planned edits: removed
//! members dropped, added ones placed after their anchors (in the source's
//! order when several share one), moved keyed elements put in the new
//! order.

use super::*;

pub(super) fn rebuild_object(map: &mut Map<String, Value>, edits: Vec<Edit>) {
    let mut removed = std::collections::HashSet::new();
    // Added members by the key they follow; `None` is the start. The map
    // is only for lookups: `order` keeps the anchors in the order of the
    // changes (b's order), so that nothing depends on hash iteration order
    // (issue 12: key order is content here).
    let mut after: HashMap<Option<String>, Vec<(String, Value)>> = HashMap::new();
    let mut order: Vec<Option<String>> = Vec::new();
    let mut replace: Vec<(String, Value)> = Vec::new();
    for e in edits {
        match e {
            Edit::Remove(Tok::Key(k)) => {
                removed.insert(k);
            }
            Edit::Insert {
                value, slot, token, ..
            } => {
                if map.contains_key(&token) {
                    replace.push((token, value));
                    continue;
                }
                let anchor = match slot {
                    Some(Slot::AfterKey(k)) => k,
                    // No usable slot: append.
                    _ => map.keys().next_back().cloned(),
                };
                if !after.contains_key(&anchor) {
                    order.push(anchor.clone());
                }
                after.entry(anchor).or_default().push((token, value));
            }
            _ => {}
        }
    }
    for (k, v) in replace {
        map.insert(k, v);
    }
    if removed.is_empty() && after.is_empty() {
        return;
    }
    // Anchors that name no key of the target (nor an added one) go last.
    let mut known: std::collections::HashSet<String> = map.keys().cloned().collect();
    for list in after.values() {
        for (k, _) in list {
            known.insert(k.clone());
        }
    }
    let mut orphans: Vec<(String, Value)> = Vec::new();
    for a in &order {
        if let Some(k) = a {
            if !known.contains(k) {
                if let Some(list) = after.remove(a) {
                    orphans.extend(list);
                }
            }
        }
    }
    let old = std::mem::take(map);
    let mut out = Map::new();
    emit_chain(&mut out, &mut after, None);
    for (k, v) in old {
        let anchor = Some(k.clone());
        if !removed.contains(&k) {
            out.insert(k, v);
        }
        emit_chain(&mut out, &mut after, anchor);
    }
    for (k, v) in orphans {
        let anchor = Some(k.clone());
        out.insert(k, v);
        emit_chain(&mut out, &mut after, anchor);
    }
    // Whatever is left chains off a key that was itself never placed.
    for a in &order {
        for (k, v) in after.remove(a).unwrap_or_default() {
            out.insert(k, v);
        }
    }
    *map = out;
}

pub(super) fn emit_chain(
    out: &mut Map<String, Value>,
    after: &mut HashMap<Option<String>, Vec<(String, Value)>>,
    anchor: Option<String>,
) {
    let mut stack = vec![anchor];
    while let Some(a) = stack.pop() {
        if let Some(list) = after.remove(&a) {
            // Reverse so that the first one is emitted first.
            let mut pending: Vec<(String, Value)> = list;
            pending.reverse();
            // Emit in order, each followed by its own chain.
            let mut tail = Vec::new();
            while let Some((k, v)) = pending.pop() {
                out.insert(k.clone(), v);
                tail.push(Some(k));
            }
            // Chains hang off the last inserted first (b-order is one chain).
            while let Some(t) = tail.pop() {
                stack.push(t);
            }
        }
    }
}

pub(super) fn rebuild_array(items: &mut Vec<Value>, edits: Vec<Edit>) {
    let n = items.len();
    let mut gone = vec![false; n];
    let mut before_old: Vec<(usize, usize, Value)> = Vec::new();
    // Keyed placements: (new index, element, anchor, key).
    let mut placed: Vec<(usize, Placed)> = Vec::new();
    for e in edits {
        match e {
            Edit::Remove(Tok::Index(i)) if i < n => gone[i] = true,
            Edit::Insert {
                value,
                slot,
                new_index,
                key,
                ..
            } => match slot {
                Some(Slot::AfterId(anchor)) => placed.push((
                    new_index,
                    Placed {
                        value: Some(value),
                        from: None,
                        anchor,
                        key,
                    },
                )),
                Some(Slot::BeforeOld(k)) => before_old.push((k.min(n), new_index, value)),
                _ => before_old.push((new_index.min(n), new_index, value)),
            },
            Edit::Move {
                from,
                slot,
                new_index,
                key,
            } if from < n => {
                let anchor = match slot {
                    Some(Slot::AfterId(a)) => a,
                    _ => None,
                };
                gone[from] = true;
                placed.push((
                    new_index,
                    Placed {
                        value: None,
                        from: Some(from),
                        anchor,
                        key,
                    },
                ));
            }
            _ => {}
        }
    }
    before_old.sort_by_key(|(k, j, _)| (*k, *j));
    let mut old: Vec<Option<Value>> = std::mem::take(items).into_iter().map(Some).collect();
    // Moved elements leave their place first.
    let mut moving: Vec<(usize, Placed)> = placed
        .into_iter()
        .map(|(j, mut p)| {
            if let Some(from) = p.from {
                p.value = old.get_mut(from).and_then(Option::take);
            }
            (j, p)
        })
        .collect();
    let mut list: Vec<Value> = Vec::with_capacity(n + before_old.len() + moving.len());
    let mut ins = before_old.into_iter().peekable();
    for (i, slot) in old.into_iter().enumerate() {
        while let Some((_, _, v)) = ins.next_if(|(k, _, _)| *k == i) {
            list.push(v);
        }
        if let Some(v) = slot {
            if !gone[i] {
                list.push(v);
            }
        }
    }
    list.extend(ins.map(|(_, _, v)| v));
    if moving.is_empty() {
        *items = list;
        return;
    }
    // Keyed placements in b's order, each right after its anchor, through
    // a linked list so that every placement is O(1).
    moving.sort_by_key(|(j, _)| *j);
    const END: usize = usize::MAX;
    let mut values: Vec<Value> = list;
    let mut next: Vec<usize> = (1..=values.len())
        .map(|i| if i == values.len() { END } else { i })
        .collect();
    let mut head = if values.is_empty() { END } else { 0 };
    let mut tail = values.len().checked_sub(1).unwrap_or(END);
    let mut by_id: HashMap<(String, String), usize> = HashMap::new();
    let keys: std::collections::HashSet<String> =
        moving.iter().filter_map(|(_, p)| p.key.clone()).collect();
    for (i, v) in values.iter().enumerate() {
        for k in &keys {
            if let Some(id) = id_value(v, k).and_then(id_string) {
                by_id.entry((k.clone(), id)).or_insert(i);
            }
        }
    }
    for (_, p) in moving {
        let Some(value) = p.value else { continue };
        let node = values.len();
        if let Some(k) = &p.key {
            if let Some(id) = id_value(&value, k).and_then(id_string) {
                by_id.insert((k.clone(), id), node);
            }
        }
        values.push(value);
        next.push(END);
        let anchor_node = match (&p.anchor, &p.key) {
            (None, _) => None,
            (Some(a), Some(k)) => {
                Some(id_string(a).and_then(|id| by_id.get(&(k.clone(), id)).copied()))
            }
            (Some(_), None) => Some(None),
        };
        match anchor_node {
            None => {
                next[node] = head;
                head = node;
                if tail == END {
                    tail = node;
                }
            }
            Some(Some(at)) => {
                next[node] = next[at];
                next[at] = node;
                if tail == at {
                    tail = node;
                }
            }
            Some(None) => {
                if tail == END {
                    head = node;
                } else {
                    next[tail] = node;
                }
                tail = node;
            }
        }
    }
    let mut slots: Vec<Option<Value>> = values.into_iter().map(Some).collect();
    let mut cur = head;
    while cur != END {
        if let Some(v) = slots.get_mut(cur).and_then(Option::take) {
            items.push(v);
        }
        cur = next.get(cur).copied().unwrap_or(END);
    }
}

/// An identity as an owned hashable string (apply needs no borrows).
pub(super) fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(format!("s{s}")),
        Value::Number(n) => Some(format!("n{n}")),
        _ => None,
    }
}

pub(super) struct Placed {
    value: Option<Value>,
    from: Option<usize>,
    anchor: Option<Value>,
    key: Option<String>,
}
