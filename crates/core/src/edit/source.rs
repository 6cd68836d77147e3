//! An environment's file as written: import it keeping its text, edit it in
//! its own format, rename it, convert it (explicitly) to another format.
//!
//! Every write keeps the invariant of [`crate::environment`]: the config is
//! what the stored text reads as. A file that holds mask tokens (a masked
//! export edited and imported again) keeps the real secrets: in the tree
//! ([`restore_masked`], as for trees) *and* in the text, where the masks
//! are replaced by the editors, in place. What cannot be put back is
//! refused, never re-serialized.

use super::{EditError, EditSource, ImportFileError};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::diff::{self, Change, DiffOptions};
use crate::environment::{identical, EnvId, EnvSource};
use crate::files::{self, FileError, SourceFormat, SourceText, Unplaceable};
use crate::formats::{self, Format};
use crate::patterns::{restore_masked, KeptSecret};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde_json::Value;
use thiserror::Error;

/// Why a file's text could not become an environment's. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SourceEditError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    File(#[from] ImportFileError),
    /// The text does not parse (line and column inside).
    #[error("{0}")]
    Parse(FileError),
    /// Some edits of the text (putting secrets back, masking them, or a
    /// conversion) cannot be made; each path with why.
    #[error("the file cannot be edited in place: {}", list(.0))]
    Unplaceable(Vec<Unplaceable>),
}

fn list(u: &[Unplaceable]) -> String {
    let all: Vec<String> = u.iter().map(ToString::to_string).collect();
    all.join("; ")
}

/// The format a file's name implies, else one read from its content
/// (JSON, YAML or .env: JSONC and TOML are known by name only).
pub fn detect_source_format(name: &str, text: &str) -> SourceFormat {
    SourceFormat::from_file_name(name).unwrap_or(match Format::sniff(text) {
        Format::Json => SourceFormat::Json,
        Format::Yaml => SourceFormat::Yaml,
        Format::Env => SourceFormat::Env,
    })
}

/// Reads a dropped or picked file keeping its text: its format (from the
/// name, else the content), its exact text and its name, and the tree it
/// reads as (an object at the top). Errors carry line and column.
pub fn read_source_file(name: &str, text: &str) -> Result<(EnvSource, Value), ImportFileError> {
    let base = super::readable_file(name, text, SourceFormat::from_file_name(name).is_some())?;
    let format = detect_source_format(name, text);
    let source = EnvSource::new(format, text, base);
    let value = files::parse(&source.source_text()).map_err(|e| ImportFileError::File {
        name: base.to_owned(),
        source: e,
    })?;
    super::top_level_object(base, value).map(|v| (source, v))
}

/// A file's text made ready to become `env`'s: the real secrets put back
/// where it holds their masks (tree and text), and what it would change.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcePlan {
    /// The text to store (masks replaced by the secrets they stand for).
    pub source: EnvSource,
    /// What that text reads as.
    pub config: Value,
    /// Masked, for the preview.
    pub changes: Vec<Change>,
    /// Secrets kept because the file held their masks.
    pub kept: Vec<KeptSecret>,
}

/// Prepares `source` (a file's text, or the editor's) to replace `env`'s
/// config and text.
pub fn prepare_source(
    ws: &Workspace,
    env: &EnvId,
    source: EnvSource,
) -> Result<SourcePlan, SourceEditError> {
    let current = ws
        .env(env)
        .ok_or_else(|| EditError::UnknownEnvironment(env.clone()))?;
    let text = source.source_text();
    let read = files::parse(&text).map_err(SourceEditError::Parse)?;
    let patterns = ws.settings.compiled_patterns();
    let (restored, kept) =
        restore_masked(&current.config, read.clone(), &patterns).map_err(EditError::from)?;
    let (source, config) = if identical(&read, &restored) {
        (source, read)
    } else {
        // Masks in the text: the secrets go back into it, in place.
        let plan = files::plan_edits_to(&text, &restored, &[]);
        let Some(new_text) = plan.text else {
            return Err(SourceEditError::Unplaceable(plan.unplaceable));
        };
        let edited = EnvSource::new(source.format, new_text, source.file_name);
        let config = files::parse(&edited.source_text()).map_err(SourceEditError::Parse)?;
        (edited, config)
    };
    let changes = super::preview_changes(ws, env, &config)?;
    Ok(SourcePlan {
        source,
        config,
        changes,
        kept,
    })
}

/// One replacement of an environment's text (and so of its config).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceEdit {
    pub env: EnvId,
    /// The version the edit started from; a newer one means a stale edit.
    pub base_version: u64,
    /// The new file: format, text, name.
    pub source: EnvSource,
    pub origin: EditSource,
    /// Goes into the audit comment (e.g. the file name).
    pub note: String,
}

/// Applies `edit` if `env` is still at its base version: the text is
/// stored as given (masks replaced by their secrets), the config is what
/// it reads as, and one audit event lists what changed. False (and
/// nothing recorded) when neither text nor config changed.
pub fn set_source(
    ws: &mut Workspace,
    edit: SourceEdit,
    actor: &str,
    now: Timestamp,
) -> Result<bool, SourceEditError> {
    let SourceEdit {
        env,
        base_version,
        source,
        origin,
        note,
    } = edit;
    let current = ws
        .env(&env)
        .ok_or_else(|| EditError::UnknownEnvironment(env.clone()))?;
    if current.version != base_version {
        return Err(EditError::Stale {
            env: env.clone(),
            expected: base_version,
            found: current.version,
        }
        .into());
    }
    let plan = prepare_source(ws, &env, source)?;
    let action = match origin {
        EditSource::Editor => AuditAction::ConfigEdit,
        EditSource::Import => AuditAction::Import,
    };
    Ok(write(
        ws,
        &env,
        plan.config,
        Some(plan.source),
        action,
        &note,
        actor,
        now,
    ))
}

/// Writes config and source with one audit event of what changed.
#[allow(clippy::too_many_arguments)]
pub(super) fn write(
    ws: &mut Workspace,
    env: &EnvId,
    config: Value,
    source: Option<EnvSource>,
    action: AuditAction,
    note: &str,
    actor: &str,
    now: Timestamp,
) -> bool {
    let Some(current) = ws.env(env) else {
        return false;
    };
    let changes = diff::diff(&current.config, &config, &DiffOptions::default());
    let (audit_changes, more) = audit::listed_changes(&changes, &ws.settings.compiled_patterns());
    let changed = ws
        .env_mut(env)
        .is_some_and(|e| e.set_config_and_source(config, source));
    if changed {
        let mut event = AuditEvent::new(action, vec![env.clone()], actor, now);
        event.changes = audit_changes;
        event.comment = audit::with_note(note, more);
        audit::record(ws, event);
    }
    changed
}

/// Renames `env`'s file (for downloads and patches). False when it has no
/// file or the name is unchanged. Not a config write: no version bump.
pub fn set_file_name(ws: &mut Workspace, env: &EnvId, name: &str) -> bool {
    let name = name.trim();
    match ws.env_mut(env).and_then(|e| e.source.as_mut()) {
        Some(s) if !name.is_empty() && s.file_name != name => {
            s.file_name = name.to_owned();
            true
        }
        _ => false,
    }
}

/// What a conversion did.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub format: SourceFormat,
    pub file_name: String,
    /// Always true: a conversion re-renders the file; comments and layout
    /// of the old one are not kept. For the page to say so.
    pub re_rendered: bool,
    /// The config changed too (a format that cannot hold the tree as it
    /// was, such as .env flattening nested keys).
    pub config_changed: bool,
}

/// `value` rendered as a new file in `format`: the existing renderers
/// for JSON, YAML and .env; for JSONC and TOML, the editors building the
/// tree into an empty document. Never a silent loss: what cannot be
/// written is returned.
pub fn render_as(value: &Value, format: SourceFormat) -> Result<String, SourceEditError> {
    let via = |f: Format| {
        formats::render(value, f).map_err(|e| {
            SourceEditError::Unplaceable(vec![Unplaceable {
                path: String::new(),
                reason: e.to_string(),
            }])
        })
    };
    match format {
        SourceFormat::Json => via(Format::Json),
        SourceFormat::Yaml => via(Format::Yaml),
        SourceFormat::Env => via(Format::Env),
        SourceFormat::Jsonc | SourceFormat::Toml => {
            let empty = if format == SourceFormat::Jsonc {
                "{\n}\n"
            } else {
                ""
            };
            let plan = files::plan_edits_to(&SourceText::new(format, empty), value, &[]);
            plan.text
                .ok_or(SourceEditError::Unplaceable(plan.unplaceable))
        }
    }
}

/// `name` with its extension replaced by `format`'s (`.env` files keep a
/// name that is only `.env`).
pub fn file_name_for(name: &str, format: SourceFormat) -> String {
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ if name.starts_with('.') || name.is_empty() => "config",
        _ => name,
    };
    format!("{stem}.{}", format.extension())
}

/// Converts `env`'s file to `format`, explicitly: re-rendered from the
/// tree (comments and layout are not kept, and [`Converted::re_rendered`]
/// says so), audited as an edit.
pub fn convert_source(
    ws: &mut Workspace,
    env: &EnvId,
    format: SourceFormat,
    actor: &str,
    now: Timestamp,
) -> Result<Converted, SourceEditError> {
    let current = ws
        .env(env)
        .ok_or_else(|| EditError::UnknownEnvironment(env.clone()))?;
    let text = render_as(&current.config, format)?;
    let old_name = current
        .source
        .as_ref()
        .map_or_else(|| format!("{env}.json"), |s| s.file_name.clone());
    let file_name = file_name_for(&old_name, format);
    let source = EnvSource::new(format, text, file_name.clone());
    let config = files::parse(&source.source_text()).map_err(SourceEditError::Parse)?;
    let config_changed = !identical(&current.config, &config);
    let note = format!("converted to {} (re-rendered)", format.label());
    write(
        ws,
        env,
        config,
        Some(source),
        AuditAction::ConfigEdit,
        &note,
        actor,
        now,
    );
    Ok(Converted {
        format,
        file_name,
        re_rendered: true,
        config_changed,
    })
}
