//! [`apply`]: any subset of one diff's changes applied to a target, all
//! or nothing. Every change is first located in the untouched target (by
//! identity for keyed elements, by checked index or value for positional
//! ones), then values are edited in place and each touched container is
//! rebuilt once, deepest first ([`rebuild`]), so no index goes stale.

use super::*;

mod rebuild;

use rebuild::*;

/// Applies `changes` (any subset of one diff's output) to `target`,
/// touching nothing else. All or nothing: on error, `target` is unchanged.
pub fn apply(target: &mut Value, changes: &[Change]) -> Result<(), ApplyError> {
    // Every check happens while planning, on the untouched target; the
    // edits that follow cannot fail, so no copy is needed for atomicity.
    let plan = plan(target, changes)?;
    execute(target, plan);
    Ok(())
}

/// The located edits of one apply call.
pub(super) struct Plan {
    replacements: Vec<(Vec<Tok>, Value)>,
    containers: Vec<(Vec<Tok>, Vec<Edit>)>,
}

/// One structural edit of a container, located in the target.
pub(super) enum Edit {
    Remove(Tok),
    Insert {
        value: Value,
        slot: Option<Slot>,
        new_index: usize,
        key: Option<String>,
        token: String,
    },
    Move {
        from: usize,
        slot: Option<Slot>,
        new_index: usize,
        key: Option<String>,
    },
}

/// A concrete token of a located path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Tok {
    Key(String),
    Index(usize),
}

pub(super) fn plan(target: &Value, changes: &[Change]) -> Result<Plan, ApplyError> {
    // Containers to rebuild, by their located tokens.
    let mut edits: HashMap<Vec<Tok>, Vec<Edit>> = HashMap::new();
    let mut replacements: Vec<(Vec<Tok>, Value)> = Vec::new();
    for c in changes {
        let tokens = pointer::parse(&c.path).map_err(|_| ApplyError::BadPointer {
            path: c.path.clone(),
        })?;
        match c.kind {
            ChangeKind::Modified | ChangeKind::TypeChanged => {
                let Some(new) = &c.new else {
                    return Err(missing_value(c, "new"));
                };
                match locate(target, c, &tokens, true)? {
                    Some(loc) => replacements.push((loc, new.clone())),
                    None => {
                        return Err(ApplyError::NotFound {
                            path: c.path.clone(),
                            missing: c.path.clone(),
                        })
                    }
                }
            }
            ChangeKind::Removed => {
                if tokens.is_empty() {
                    return Err(root_error(c));
                }
                if let Some(mut loc) = locate(target, c, &tokens, true)? {
                    let last = loc.pop().ok_or_else(|| root_error(c))?;
                    edits.entry(loc).or_default().push(Edit::Remove(last));
                }
            }
            ChangeKind::Added => {
                let Some((last, parents)) = tokens.split_last() else {
                    return Err(root_error(c));
                };
                let Some(new) = &c.new else {
                    return Err(missing_value(c, "new"));
                };
                let parent =
                    locate(target, c, parents, false)?.ok_or_else(|| ApplyError::NotFound {
                        path: c.path.clone(),
                        missing: pointer::join(parents),
                    })?;
                let key = c
                    .steps
                    .iter()
                    .find(|s| s.depth == parents.len())
                    .map(|s| s.key.clone());
                let new_index = pointer::index(last).unwrap_or(usize::MAX);
                edits.entry(parent).or_default().push(Edit::Insert {
                    value: new.clone(),
                    slot: c.slot.clone(),
                    new_index,
                    key,
                    token: last.clone(),
                });
            }
            ChangeKind::Moved => {
                if let Some(mut loc) = locate(target, c, &tokens, true)? {
                    let Some(Tok::Index(from)) = loc.pop() else {
                        return Err(ApplyError::Path {
                            path: c.path.clone(),
                            reason: "only array elements can move".to_owned(),
                        });
                    };
                    // `to` is absent when the element keeps its index
                    // (C,B,A → B stays at 1): its new index is then the
                    // path's own, not "last" (issue 12).
                    let new_index = pointer::split_last(c.new_path())
                        .and_then(|(_, t)| pointer::index(&t))
                        .unwrap_or(usize::MAX);
                    let key = c
                        .steps
                        .iter()
                        .find(|s| s.depth == tokens.len() - 1)
                        .map(|s| s.key.clone());
                    edits.entry(loc).or_default().push(Edit::Move {
                        from,
                        slot: c.slot.clone(),
                        new_index,
                        key,
                    });
                }
            }
        }
    }
    // Edits must not nest: a replaced value is never also edited inside.
    let replaced: std::collections::HashSet<&[Tok]> =
        replacements.iter().map(|(l, _)| l.as_slice()).collect();
    let overlaps = |loc: &[Tok], strict: bool| {
        let upto = if strict { loc.len() } else { loc.len() + 1 };
        (0..upto).any(|k| replaced.contains(&loc[..k]))
    };
    for (loc, _) in &replacements {
        if overlaps(loc, true) {
            return Err(nested_error(loc));
        }
    }
    for loc in edits.keys() {
        if overlaps(loc, false) {
            return Err(nested_error(loc));
        }
        match resolve(target, loc) {
            Some(Value::Object(_) | Value::Array(_)) => {}
            _ => {
                return Err(ApplyError::Path {
                    path: join_toks(loc),
                    reason: "the parent is neither an object nor an array".to_owned(),
                })
            }
        }
    }
    // Deepest containers first, so outer indices stay valid.
    let mut containers: Vec<(Vec<Tok>, Vec<Edit>)> = edits.into_iter().collect();
    containers.sort_by_key(|(loc, _)| std::cmp::Reverse(loc.len()));
    Ok(Plan {
        replacements,
        containers,
    })
}

pub(super) fn nested_error(loc: &[Tok]) -> ApplyError {
    ApplyError::Path {
        path: join_toks(loc),
        reason: "changes from different diffs overlap here".to_owned(),
    }
}

/// Carries out a plan; every location in it was checked.
pub(super) fn execute(target: &mut Value, plan: Plan) {
    for (loc, value) in plan.replacements {
        if let Some(slot) = resolve_mut(target, &loc) {
            *slot = value;
        }
    }
    for (loc, list) in plan.containers {
        match resolve_mut(target, &loc) {
            Some(Value::Object(map)) => rebuild_object(map, list),
            Some(Value::Array(items)) => rebuild_array(items, list),
            _ => {}
        }
    }
}

pub(super) fn resolve<'v>(root: &'v Value, loc: &[Tok]) -> Option<&'v Value> {
    let mut cur = root;
    for t in loc {
        cur = match (cur, t) {
            (Value::Object(m), Tok::Key(k)) => m.get(k)?,
            (Value::Array(v), Tok::Index(i)) => v.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

pub(super) fn missing_value(c: &Change, which: &str) -> ApplyError {
    ApplyError::Path {
        path: c.path.clone(),
        reason: format!("the change has no {which} value"),
    }
}

pub(super) fn root_error(c: &Change) -> ApplyError {
    ApplyError::Path {
        path: c.path.clone(),
        reason: "the root can only be modified".to_owned(),
    }
}

pub(super) fn join_toks(loc: &[Tok]) -> String {
    pointer::join(loc.iter().map(|t| match t {
        Tok::Key(k) => k.clone(),
        Tok::Index(i) => i.to_string(),
    }))
}

pub(super) fn resolve_mut<'v>(root: &'v mut Value, loc: &[Tok]) -> Option<&'v mut Value> {
    let mut cur = root;
    for t in loc {
        cur = match (cur, t) {
            (Value::Object(m), Tok::Key(k)) => m.get_mut(k)?,
            (Value::Array(v), Tok::Index(i)) => v.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Finds `tokens` of change `c` in the target. `whole` says the tokens
/// are the change's full path (so the last one names the changed value,
/// which positional arrays check against `c.old`). `Ok(None)`: the value
/// is gone (only for the last token).
pub(super) fn locate(
    target: &Value,
    c: &Change,
    tokens: &[String],
    whole: bool,
) -> Result<Option<Vec<Tok>>, ApplyError> {
    let mut loc = Vec::with_capacity(tokens.len());
    let mut cur = target;
    for (depth, t) in tokens.iter().enumerate() {
        let last = whole && depth + 1 == tokens.len();
        let missing = || ApplyError::NotFound {
            path: c.path.clone(),
            missing: pointer::join(&tokens[..=depth]),
        };
        match cur {
            Value::Object(m) => match m.get(t) {
                Some(v) => {
                    loc.push(Tok::Key(t.clone()));
                    cur = v;
                }
                None if last => return Ok(None),
                None => return Err(missing()),
            },
            Value::Array(items) => {
                let hint = pointer::index(t);
                let step = c.steps.iter().find(|s| s.depth == depth);
                let keyed = step.is_some();
                let found = if let Some(step) = step {
                    let is = |v: &Value| id_value(v, &step.key) == Some(&step.id);
                    match hint.filter(|&i| items.get(i).is_some_and(is)) {
                        Some(i) => Some(i),
                        None => items.iter().position(is),
                    }
                } else if last && c.kind != ChangeKind::Moved {
                    positional_index(items, hint, c.old.as_ref())
                } else {
                    hint.filter(|&i| i < items.len())
                };
                match found {
                    Some(i) => {
                        loc.push(Tok::Index(i));
                        cur = &items[i];
                    }
                    None if last && c.kind == ChangeKind::Removed => return Ok(None),
                    None if last || keyed => {
                        return Err(ApplyError::Stale {
                            path: c.path.clone(),
                        })
                    }
                    None => return Err(missing()),
                }
            }
            _ => return Err(missing()),
        }
    }
    Ok(Some(loc))
}

/// The index of a positional element: the recorded one when it still
/// holds the old value, else the nearest element equal to it.
pub(super) fn positional_index(
    items: &[Value],
    hint: Option<usize>,
    old: Option<&Value>,
) -> Option<usize> {
    let Some(old) = old else {
        return hint.filter(|&i| i < items.len());
    };
    if let Some(i) = hint.filter(|&i| items.get(i) == Some(old)) {
        return Some(i);
    }
    let h = hint.unwrap_or(0);
    items
        .iter()
        .enumerate()
        .filter(|(_, v)| *v == old)
        .min_by_key(|(i, _)| i.abs_diff(h))
        .map(|(i, _)| i)
}
