//! A promotion into a target that keeps its file: the edit of its text,
//! what cannot be placed in it (for the review, before Execute), and the
//! edit as a unified diff.

use super::{ChangeSet, PromoteError, Promotion, Selection};
use crate::diff::Change;
use crate::environment::EnvSource;
use crate::files::{self, Unplaceable};
use crate::workspace::Workspace;
use serde_json::Value;

/// `source` edited in place to read as `config` (the promoted tree), and
/// the tree the edited text reads as (the config to store: for TOML it may
/// order keys as the file does). Refused, with every path, when a change
/// cannot be placed.
pub(super) fn edit_text(
    source: &EnvSource,
    config: Value,
    effective: &[Change],
) -> Result<(Value, EnvSource), PromoteError> {
    let text = source.source_text();
    let plan = files::plan_edits_to(&text, &config, effective);
    let new_text = match plan.text {
        Some(t) if plan.unplaceable.is_empty() => t,
        _ => return Err(PromoteError::Unplaceable(plan.unplaceable)),
    };
    if new_text == text.text {
        // Nothing to edit (every change kept the target): the same file.
        return Ok((config, source.clone()));
    }
    let edited = EnvSource::new(source.format, new_text, source.file_name.clone());
    let read = files::parse(&edited.source_text()).map_err(|e| {
        PromoteError::Unplaceable(vec![Unplaceable {
            path: String::new(),
            reason: format!("the edited file does not read back: {e}"),
        }])
    })?;
    Ok((read, edited))
}

/// The selected changes of `set` that cannot be written into the target's
/// file, each with why: what the review lists before Execute (Execute is
/// refused while there is one). Empty when the target keeps no file, and
/// when the promotion fails for another reason (which the review reports
/// through [`Promotion::check`]).
pub fn placement(ws: &Workspace, set: &ChangeSet, selection: &Selection) -> Vec<Unplaceable> {
    match Promotion::new(set, selection).plan(ws, false, true) {
        Err(PromoteError::Unplaceable(u)) => u,
        _ => Vec::new(),
    }
}

/// The target's file as the promotion would leave it (`None` when the
/// target keeps no file).
pub fn preview_source(
    ws: &Workspace,
    set: &ChangeSet,
    selection: &Selection,
) -> Result<Option<EnvSource>, PromoteError> {
    Ok(Promotion::new(set, selection).plan(ws, false, true)?.source)
}

/// The promotion as a unified diff of the target's file (`a/<name>` to
/// `b/<name>`, which `git apply` accepts): `None` when the target keeps no
/// file.
pub fn preview_patch(
    ws: &Workspace,
    set: &ChangeSet,
    selection: &Selection,
) -> Result<Option<String>, PromoteError> {
    let Some(after) = preview_source(ws, set, selection)? else {
        return Ok(None);
    };
    let before = ws
        .env(&set.to.id)
        .and_then(|e| e.source.as_ref())
        .map_or("", |s| s.text.as_ref());
    Ok(Some(files::unified_patch(
        before,
        &after.text,
        &after.file_name,
    )))
}
