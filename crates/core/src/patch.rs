//! RFC 6902 JSON Patch: export a promotion, import a patch.
//!
//! ## Export
//!
//! [`export`] turns a selection of a change set into a patch that does to
//! the target exactly what the promotion would ([`crate::promote::preview`]),
//! with a `test` op before every `replace` and `remove` guarding the old
//! value: applied to a target that changed since, the patch fails instead
//! of overwriting. [`diff_patch`] is the low level: a guarded patch from one
//! document to another.
//!
//! The patch is derived from the two documents, not from the change list,
//! so it never depends on how array indices shift while ops run: inside
//! objects it is one op per changed key, arrays of equal length are walked
//! element by element, and any other changed array is replaced whole
//! (guarded by a test of the whole old array). Key order cannot be
//! expressed in RFC 6902 (`test` compares objects as sets), so a
//! difference only in key order produces no op.
//!
//! ## Import
//!
//! [`parse`] reads patch text with typed errors that name the operation
//! index and the problem; [`apply`] runs the ops in order with RFC 6902
//! semantics, all or nothing; [`import`] does both against an environment
//! and returns a [`ChangeSet`] (with no source environment) whose changes
//! are the structural diff from the target to the patched result, so it
//! is reviewed, selected and promoted like any other change set.
//!
//! `test` compares with `serde_json`'s equality, as the `json-patch` crate
//! does: `1` and `1.0` are different values.
//!
//! The ops are applied by this module rather than by the `json-patch`
//! crate, whose `patch` can panic while undoing a failed patch (and does
//! not always restore the document); a property test checks that the two
//! agree on every patch that succeeds.

use crate::changeset::{ChangeSet, EnvRef};
use crate::diff::{self, DiffOptions};
use crate::environment::EnvId;
use crate::pointer;
use crate::promote::{PromoteError, Promotion, Selection};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// Patch text larger than this is refused rather than parsed.
pub const MAX_PATCH_BYTES: usize = 32 * 1024 * 1024;

/// One RFC 6902 operation. Serializes to the standard form
/// (`{"op":"replace","path":..,"value":..}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum PatchOp {
    Add { path: String, value: Value },
    Remove { path: String },
    Replace { path: String, value: Value },
    Move { from: String, path: String },
    Copy { from: String, path: String },
    Test { path: String, value: Value },
}

impl PatchOp {
    /// The `path` member.
    pub fn path(&self) -> &str {
        match self {
            Self::Add { path, .. }
            | Self::Remove { path }
            | Self::Replace { path, .. }
            | Self::Move { path, .. }
            | Self::Copy { path, .. }
            | Self::Test { path, .. } => path,
        }
    }
    /// The `op` member.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Add { .. } => "add",
            Self::Remove { .. } => "remove",
            Self::Replace { .. } => "replace",
            Self::Move { .. } => "move",
            Self::Copy { .. } => "copy",
            Self::Test { .. } => "test",
        }
    }
}

/// What is wrong with one operation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OpProblem {
    #[error("an operation must be a JSON object")]
    NotAnObject,
    #[error("the member {0:?} is missing")]
    Missing(&'static str),
    #[error("the member {0:?} must be a string")]
    NotAString(&'static str),
    #[error("{0:?} is not an operation (add, remove, replace, move, copy or test)")]
    UnknownOp(String),
    #[error("{member} {pointer:?} is not a JSON Pointer: {reason}")]
    BadPointer {
        member: &'static str,
        pointer: String,
        reason: String,
    },
    #[error("nothing at {0}")]
    NotFound(String),
    #[error("{pointer}: {token:?} is not a valid index into the array")]
    BadIndex { pointer: String, token: String },
    #[error("{0}: the parent is neither an object nor an array")]
    NotAContainer(String),
    #[error("the whole document cannot be removed")]
    RemoveRoot,
    #[error("cannot move {from} into itself ({path})")]
    MoveIntoItself { from: String, path: String },
    #[error("the patched document would nest deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("the patched document would hold more than {limit} values")]
    TooBig { limit: usize },
    #[error("test failed at {path}: expected {expected}, found {found}")]
    TestFailed {
        path: String,
        expected: Box<Value>,
        found: Box<Value>,
    },
}

/// Why a patch could not be read or applied. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PatchError {
    #[error("the patch is not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the patch is {size} bytes; the limit is {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("a JSON Patch is an array of operations, not {0}")]
    NotAnArray(&'static str),
    #[error("operation {index} ({op}): {problem}")]
    Op {
        /// Position in the patch array, from 0.
        index: usize,
        /// The `op` member as written, or `?` when there is none.
        op: String,
        problem: OpProblem,
    },
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error(transparent)]
    Masked(#[from] crate::patterns::MaskedValueError),
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads patch text into operations, checking every member and pointer.
pub fn parse(text: &str) -> Result<Vec<PatchOp>, PatchError> {
    if text.len() > MAX_PATCH_BYTES {
        return Err(PatchError::TooLarge {
            size: text.len(),
            limit: MAX_PATCH_BYTES,
        });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| PatchError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    from_value(&value)
}

/// Like [`parse`], from an already parsed value.
pub fn from_value(value: &Value) -> Result<Vec<PatchOp>, PatchError> {
    let Value::Array(items) = value else {
        return Err(PatchError::NotAnArray(kind_name(value)));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let op_name = item
                .get("op")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            parse_op(item).map_err(|problem| PatchError::Op {
                index,
                op: op_name,
                problem,
            })
        })
        .collect()
}

fn parse_op(item: &Value) -> Result<PatchOp, OpProblem> {
    let Value::Object(obj) = item else {
        return Err(OpProblem::NotAnObject);
    };
    let string = |member: &'static str| -> Result<String, OpProblem> {
        match obj.get(member) {
            None => Err(OpProblem::Missing(member)),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(OpProblem::NotAString(member)),
        }
    };
    let ptr = |member: &'static str| -> Result<String, OpProblem> {
        let p = string(member)?;
        pointer::parse(&p).map_err(|e| OpProblem::BadPointer {
            member,
            pointer: p.clone(),
            reason: e.to_string(),
        })?;
        Ok(p)
    };
    // `null` is a value like any other; only a missing member is an error.
    let value = || obj.get("value").cloned().ok_or(OpProblem::Missing("value"));
    let op = string("op")?;
    Ok(match op.as_str() {
        "add" => PatchOp::Add {
            path: ptr("path")?,
            value: value()?,
        },
        "remove" => PatchOp::Remove { path: ptr("path")? },
        "replace" => PatchOp::Replace {
            path: ptr("path")?,
            value: value()?,
        },
        "move" => PatchOp::Move {
            from: ptr("from")?,
            path: ptr("path")?,
        },
        "copy" => PatchOp::Copy {
            from: ptr("from")?,
            path: ptr("path")?,
        },
        "test" => PatchOp::Test {
            path: ptr("path")?,
            value: value()?,
        },
        _ => return Err(OpProblem::UnknownOp(op)),
    })
}

/// The patch as pretty JSON text.
pub fn to_json(ops: &[PatchOp]) -> String {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_string_pretty(ops).unwrap_or_else(|_| "[]".to_owned())
}

/// The most values a patched document may hold. A few `copy` ops of the
/// root double the document each time; without a bound a small patch would
/// exhaust memory.
pub const MAX_NODES: usize = 4_000_000;

/// The deepest a patched document may nest (pointer depth plus the depth of
/// the value placed there). Chained `add` and `copy` ops could otherwise
/// nest without bound, past what a recursive walk can take.
pub const MAX_DEPTH: usize = 256;

/// How many values `v` holds and how deep it nests. The walk goes no
/// further than `MAX_DEPTH` below its start (everything in a document obeys
/// the bound, so a deeper value is already too deep).
fn measure(v: &Value, level: usize) -> (usize, usize) {
    if level > MAX_DEPTH {
        return (1, level);
    }
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Object(m) => Box::new(m.values()),
        Value::Array(a) => Box::new(a.iter()),
        _ => return (1, level),
    };
    let (mut nodes, mut depth) = (1, level);
    for c in children {
        let (n, d) = measure(c, level + 1);
        nodes += n;
        depth = depth.max(d);
    }
    (nodes, depth)
}

/// Applies `ops` in order to `doc`, all or nothing: on an error `doc` is
/// left as it was. The result is bounded by [`MAX_NODES`] and [`MAX_DEPTH`].
pub fn apply(doc: &mut Value, ops: &[PatchOp]) -> Result<(), PatchError> {
    let mut work = doc.clone();
    let mut nodes = measure(&work, 0).0;
    for (index, op) in ops.iter().enumerate() {
        let fail = |problem| PatchError::Op {
            index,
            op: op.name().to_owned(),
            problem,
        };
        apply_one(&mut work, op).map_err(fail)?;
        // What an op places (add, replace, copy, move) is checked where it
        // landed; the node count only grows by what is placed.
        let placed = match op {
            PatchOp::Add { path, .. }
            | PatchOp::Replace { path, .. }
            | PatchOp::Copy { path, .. }
            | PatchOp::Move { path, .. } => Some(path),
            PatchOp::Remove { .. } | PatchOp::Test { .. } => None,
        };
        if let Some(path) = placed {
            let at = pointer::parse(path).map(|t| t.len()).unwrap_or(0);
            let (n, depth) = work.pointer(path).map_or((0, at), |v| measure(v, at));
            if depth > MAX_DEPTH {
                return Err(fail(OpProblem::TooDeep { limit: MAX_DEPTH }));
            }
            if !matches!(op, PatchOp::Move { .. }) {
                nodes = nodes.saturating_add(n);
            }
            if nodes > MAX_NODES {
                return Err(fail(OpProblem::TooBig { limit: MAX_NODES }));
            }
        }
    }
    *doc = work;
    Ok(())
}

/// An RFC 6901 array index: `0` or digits without a leading zero.
fn index_token(
    pointer: &str,
    token: &str,
    len: usize,
    allow_end: bool,
) -> Result<usize, OpProblem> {
    let bad = || OpProblem::BadIndex {
        pointer: pointer.to_owned(),
        token: token.to_owned(),
    };
    if token == "-" {
        return if allow_end { Ok(len) } else { Err(bad()) };
    }
    if token.is_empty()
        || !token.bytes().all(|b| b.is_ascii_digit())
        || (token.len() > 1 && token.starts_with('0'))
    {
        return Err(bad());
    }
    let i: usize = token.parse().map_err(|_| bad())?;
    let ok = if allow_end { i <= len } else { i < len };
    if ok {
        Ok(i)
    } else {
        Err(bad())
    }
}

fn parent_mut<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), OpProblem> {
    let (parent, last) = pointer::split_last(path).ok_or(OpProblem::RemoveRoot)?;
    let parent_value = doc
        .pointer_mut(parent)
        .ok_or_else(|| OpProblem::NotFound(parent.to_owned()))?;
    Ok((parent_value, last))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), OpProblem> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = parent_mut(doc, path)?;
    match parent {
        Value::Object(map) => {
            map.insert(last, value);
            Ok(())
        }
        Value::Array(items) => {
            let i = index_token(path, &last, items.len(), true)?;
            items.insert(i, value);
            Ok(())
        }
        _ => Err(OpProblem::NotAContainer(path.to_owned())),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, OpProblem> {
    let (parent, last) = parent_mut(doc, path)?;
    match parent {
        Value::Object(map) => map
            .shift_remove(&last)
            .ok_or_else(|| OpProblem::NotFound(path.to_owned())),
        Value::Array(items) => {
            let i = index_token(path, &last, items.len(), false)?;
            Ok(items.remove(i))
        }
        _ => Err(OpProblem::NotAContainer(path.to_owned())),
    }
}

/// True when `inner` names a value strictly inside `outer`.
fn strictly_inside(inner: &str, outer: &str) -> bool {
    inner.len() > outer.len()
        && inner.starts_with(outer)
        && inner.as_bytes().get(outer.len()) == Some(&b'/')
}

fn apply_one(doc: &mut Value, op: &PatchOp) -> Result<(), OpProblem> {
    match op {
        PatchOp::Add { path, value } => add(doc, path, value.clone()),
        PatchOp::Remove { path } => remove(doc, path).map(|_| ()),
        PatchOp::Replace { path, value } => {
            let slot = doc
                .pointer_mut(path)
                .ok_or_else(|| OpProblem::NotFound(path.clone()))?;
            *slot = value.clone();
            Ok(())
        }
        PatchOp::Move { from, path } => {
            if strictly_inside(path, from) {
                return Err(OpProblem::MoveIntoItself {
                    from: from.clone(),
                    path: path.clone(),
                });
            }
            // `from` = "" ends up here only with `path` = "" too; like the
            // json-patch crate, refuse to detach the root rather than no-op.
            let v = remove(doc, from)?;
            add(doc, path, v)
        }
        PatchOp::Copy { from, path } => {
            let v = doc
                .pointer(from)
                .cloned()
                .ok_or_else(|| OpProblem::NotFound(from.clone()))?;
            add(doc, path, v)
        }
        PatchOp::Test { path, value } => {
            let found = doc
                .pointer(path)
                .ok_or_else(|| OpProblem::NotFound(path.clone()))?;
            if found == value {
                Ok(())
            } else {
                Err(OpProblem::TestFailed {
                    path: path.clone(),
                    expected: Box::new(value.clone()),
                    found: Box::new(found.clone()),
                })
            }
        }
    }
}

/// A guarded patch that turns `old` into `new` (see the module docs).
pub fn diff_patch(old: &Value, new: &Value) -> Vec<PatchOp> {
    let mut ops = Vec::new();
    walk(old, new, "", &mut ops);
    ops
}

fn walk(old: &Value, new: &Value, at: &str, ops: &mut Vec<PatchOp>) {
    // Strict: `-0.0` → `0.0` is a change the patch must carry.
    if diff::same(old, new) {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = pointer::child(at, k);
                match b.get(k) {
                    Some(vb) => walk(va, vb, &p, ops),
                    None => {
                        ops.push(PatchOp::Test {
                            path: p.clone(),
                            value: va.clone(),
                        });
                        ops.push(PatchOp::Remove { path: p });
                    }
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    ops.push(PatchOp::Add {
                        path: pointer::child(at, k),
                        value: vb.clone(),
                    });
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                walk(va, vb, &pointer::child(at, &i.to_string()), ops);
            }
        }
        _ => {
            ops.push(PatchOp::Test {
                path: at.to_owned(),
                value: old.clone(),
            });
            ops.push(PatchOp::Replace {
                path: at.to_owned(),
                value: new.clone(),
            });
        }
    }
}

/// The selected part of `set` as a guarded JSON Patch against its target.
/// Refused for the same reasons as a promotion (stale review, unresolved
/// conflict, ...), except the chain rule.
pub fn export(
    ws: &Workspace,
    set: &ChangeSet,
    sel: &Selection,
) -> Result<Vec<PatchOp>, PromoteError> {
    let after = Promotion::new(set, sel).preview(ws)?;
    let before = ws
        .env(&set.to.id)
        .ok_or_else(|| PromoteError::UnknownEnvironment(set.to.id.clone()))?;
    Ok(diff_patch(&before.config, &after))
}

/// Reads a patch and turns it into a change set against environment `to`
/// (see the module docs).
pub fn import(ws: &Workspace, to: &EnvId, text: &str) -> Result<ChangeSet, PatchError> {
    let ops = parse(text)?;
    import_ops(ws, to, &ops)
}

/// Like [`import`], from parsed operations.
pub fn import_ops(ws: &Workspace, to: &EnvId, ops: &[PatchOp]) -> Result<ChangeSet, PatchError> {
    let target = ws
        .env(to)
        .ok_or_else(|| PatchError::UnknownEnvironment(to.clone()))?;
    let mut result = (*target.config).clone();
    apply(&mut result, ops)?;
    let patterns = ws.settings.compiled_patterns();
    // A patch written from a masked view carries masks: they keep the
    // target's secrets, never replace them.
    let (result, _) = crate::patterns::restore_masked(&target.config, result, &patterns)?;
    let mut changes = diff::diff(&target.config, &result, &DiffOptions::default());
    diff::flag(&mut changes, &patterns);
    Ok(ChangeSet::from_changes(
        None,
        EnvRef {
            id: target.id.clone(),
            version: target.version,
        },
        changes,
        &patterns,
    ))
}

#[cfg(test)]
mod tests;
