//! Editing an environment's config by hand or by import.
//!
//! The editor saves only a config that parsed; this module records the new
//! version and one audit event listing what changed (secrets masked), so a
//! hand edit is as traceable as a promotion.
//!
//! An environment that keeps its file ([`crate::environment::EnvSource`])
//! is edited through its text: [`source`] imports, edits, renames and
//! converts it; [`export`] gives the file to download. [`set_config`] (a
//! tree from the JSON editor or a tree import) edits that text in place
//! too, or refuses with what cannot be placed.

pub mod export;
pub mod source;

pub use export::{export_file, masked_source_text, ExportFile};
pub use source::{
    convert_source, prepare_source, read_source_file, set_file_name, set_source, Converted,
    SourceEdit, SourceEditError, SourcePlan,
};

use crate::audit::{self, AuditAction};
use crate::diff::{self, Change, DiffOptions};
use crate::environment::{identical, EnvId, EnvSource};
use crate::files::{self, FileError, Unplaceable};
use crate::formats::{self, Format, ImportError};
use crate::patterns::{restore_masked, KeptSecret, MaskedValueError};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde_json::Value;
use thiserror::Error;

/// Why a file could not be imported as a config. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportFileError {
    #[error("{name}: .{extension} files cannot be imported; choose a JSON, YAML or .env file")]
    UnknownType { name: String, extension: String },
    #[error("{name} is not a text file")]
    Binary { name: String },
    #[error("{name}: {source}")]
    Parse {
        name: String,
        #[source]
        source: ImportError,
    },
    #[error("{name}: {source}")]
    File {
        name: String,
        #[source]
        source: FileError,
    },
    #[error("{name} holds {found}, not a config object (key: value pairs at the top)")]
    NotAnObject { name: String, found: &'static str },
}

/// Extensions read by content as well as by name.
const TEXT_EXTENSIONS: [&str; 4] = ["txt", "conf", "cfg", "config"];

/// The file's base name, once it is known to be text a config can be read
/// from: a name whose format is `known`, or an extension read by content
/// (or none); never binary.
pub(crate) fn readable_file<'n>(
    name: &'n str,
    text: &str,
    known: bool,
) -> Result<&'n str, ImportFileError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if !known {
        if let Some((stem, ext)) = base.rsplit_once('.') {
            let ext = ext.to_ascii_lowercase();
            if !stem.is_empty() && !TEXT_EXTENSIONS.contains(&ext.as_str()) {
                return Err(ImportFileError::UnknownType {
                    name: base.to_owned(),
                    extension: ext,
                });
            }
        }
    }
    if text.contains('\0') {
        return Err(ImportFileError::Binary {
            name: base.to_owned(),
        });
    }
    Ok(base)
}

/// Reads a dropped or picked file as a config: the format comes from the
/// extension, else from the content; the top level must be an object.
pub fn read_config_file(name: &str, text: &str) -> Result<(Format, Value), ImportFileError> {
    let by_name = Format::from_file_name(name);
    let base = readable_file(name, text, by_name.is_some())?;
    let format = by_name.unwrap_or_else(|| Format::sniff(text));
    let value = formats::parse(text, format).map_err(|source| ImportFileError::Parse {
        name: base.to_owned(),
        source,
    })?;
    top_level_object(base, value).map(|v| (format, v))
}

/// `value` when it is an object, else why a config cannot be it.
fn top_level_object(base: &str, value: Value) -> Result<Value, ImportFileError> {
    let found = match &value {
        Value::Object(_) => return Ok(value),
        Value::Array(_) => "a list",
        Value::String(_) => "a single text",
        Value::Number(_) => "a single number",
        Value::Bool(_) => "a single true/false",
        Value::Null => "nothing",
    };
    Err(ImportFileError::NotAnObject {
        name: base.to_owned(),
        found,
    })
}

/// What replacing `env`'s config with `config` would change, flagged with
/// the workspace's patterns and with secret values masked, for a preview.
pub fn preview_changes(
    ws: &Workspace,
    env: &EnvId,
    config: &Value,
) -> Result<Vec<Change>, EditError> {
    let current = ws
        .env(env)
        .ok_or_else(|| EditError::UnknownEnvironment(env.clone()))?;
    let patterns = ws.settings.compiled_patterns();
    let opts = DiffOptions::default().patterns(patterns.clone());
    Ok(diff::diff(&current.config, config, &opts)
        .iter()
        .map(|c| c.masked(&patterns))
        .collect())
}

/// A file's content made ready to replace an environment's config: every
/// mask token in it replaced by the secret it stands for (see
/// [`restore_masked`]), and what the replacement would change.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub config: Value,
    /// Masked, for the preview.
    pub changes: Vec<Change>,
    /// Secrets kept because the file held their masks.
    pub kept: Vec<KeptSecret>,
}

/// Prepares `config` (as read from a file) to replace `env`'s config.
pub fn prepare_import(ws: &Workspace, env: &EnvId, config: Value) -> Result<ImportPlan, EditError> {
    let current = ws
        .env(env)
        .ok_or_else(|| EditError::UnknownEnvironment(env.clone()))?;
    let patterns = ws.settings.compiled_patterns();
    let (config, kept) = restore_masked(&current.config, config, &patterns)?;
    let changes = preview_changes(ws, env, &config)?;
    Ok(ImportPlan {
        config,
        changes,
        kept,
    })
}

/// How many changed paths an audit event lists before it only counts them.
pub const AUDIT_CHANGE_LIMIT: usize = audit::LISTED_CHANGES;

/// Why an edit was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("{env} changed meanwhile (now version {found}, the edit started from {expected}); reload it and edit again")]
    Stale {
        env: EnvId,
        expected: u64,
        found: u64,
    },
    #[error(transparent)]
    Masked(#[from] MaskedValueError),
    /// The environment keeps its file, and these changes cannot be made in
    /// its text (edit the text itself, or convert the file).
    #[error("{} cannot be written into the file: {}", .0.first().map_or("", |u| u.path.as_str()), .0.iter().map(|u| u.reason.as_str()).collect::<Vec<_>>().join("; "))]
    Unplaceable(Vec<Unplaceable>),
}

/// How the new config arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditSource {
    /// Typed into the editor.
    Editor,
    /// Read from a file.
    Import,
}

/// One replacement of an environment's config.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigEdit {
    pub env: EnvId,
    /// The version the edit started from; a newer one means a stale edit.
    pub base_version: u64,
    pub config: Value,
    pub source: EditSource,
    /// Goes into the audit comment (e.g. the file name).
    pub note: String,
}

/// The text of `env`'s config in `format` as the environment page shows,
/// edits and exports it: every secret masked unless `reveal`. Text edited
/// from the masked form can be saved as it is: [`set_config`] keeps the
/// secret behind every mask left in place. `None` for an unknown
/// environment.
pub fn config_text(
    ws: &Workspace,
    env: &EnvId,
    format: Format,
    reveal: bool,
) -> Option<Result<String, formats::ExportError>> {
    let env = ws.env(env)?;
    Some(if reveal {
        formats::render(&env.config, format)
    } else {
        formats::render_masked(&env.config, format, &ws.settings.compiled_patterns())
    })
}

/// Applies `edit`, if the environment is still at `edit.base_version`.
///
/// Returns false (and records nothing) when the config is identical, key
/// order included.
pub fn set_config(
    ws: &mut Workspace,
    edit: ConfigEdit,
    actor: &str,
    now: Timestamp,
) -> Result<bool, EditError> {
    let ConfigEdit {
        env,
        base_version,
        config,
        source,
        note,
    } = edit;
    let env = &env;
    let current = ws
        .env(env)
        .ok_or_else(|| EditError::UnknownEnvironment(env.clone()))?;
    if current.version != base_version {
        return Err(EditError::Stale {
            env: env.clone(),
            expected: base_version,
            found: current.version,
        });
    }
    // A mask is never stored as a value: it keeps the secret it stands for.
    let (config, _) = restore_masked(&current.config, config, &ws.settings.compiled_patterns())?;
    if identical(&current.config, &config) {
        return Ok(false);
    }
    // A kept file is edited in place towards the new tree, never
    // re-serialized; the config is then what the edited text reads as.
    let (config, kept_source) = match &current.source {
        None => (config, None),
        Some(s) => {
            let plan = files::plan_edits_to(&s.source_text(), &config, &[]);
            let Some(text) = plan.text else {
                return Err(EditError::Unplaceable(plan.unplaceable));
            };
            let edited = EnvSource::new(s.format, text, s.file_name.clone());
            let read = files::parse(&edited.source_text()).map_err(|e| {
                EditError::Unplaceable(vec![Unplaceable {
                    path: String::new(),
                    reason: e.to_string(),
                }])
            })?;
            (read, Some(edited))
        }
    };
    let action = match source {
        EditSource::Editor => AuditAction::ConfigEdit,
        EditSource::Import => AuditAction::Import,
    };
    let now_changed = source::write(ws, env, config, kept_source, action, &note, actor, now);
    Ok(now_changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use serde_json::json;

    #[test]
    fn a_masked_export_imported_again_keeps_the_real_secrets() {
        let mut ws = demo::workspace();
        ws.ensure_mask_key([3; 32]);
        let qa = EnvId::new("qa");
        let patterns = ws.settings.compiled_patterns();
        let current = ws.env(&qa).unwrap().config.clone();
        let mut file = patterns.mask_value(&current, "");
        file["added"] = json!("x");
        let plan = prepare_import(&ws, &qa, file.clone()).unwrap();
        assert!(!plan.kept.is_empty());
        assert!(plan.kept.iter().all(|k| k.same));
        let paths: Vec<&str> = plan.changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["/added"], "only the real change is previewed");
        let edit = ConfigEdit {
            env: qa.clone(),
            base_version: ws.env(&qa).unwrap().version,
            config: file,
            source: EditSource::Import,
            note: String::new(),
        };
        // Even handed the file as it is, saving keeps the secrets.
        assert!(set_config(&mut ws, edit, "me", Timestamp::UNIX_EPOCH).unwrap());
        let mut expected = (*current).clone();
        expected["added"] = json!("x");
        assert!(identical(&ws.env(&qa).unwrap().config, &expected));
    }

    #[test]
    fn config_files_are_read_by_name_then_content() {
        let (f, v) = read_config_file("qa.yaml", "a: 1\nb: [x]\n").unwrap();
        assert_eq!((f, v), (Format::Yaml, json!({"a": 1, "b": ["x"]})));
        let (f, _) = read_config_file("settings", "A=1\n# c\nexport B=\"x y\"\n").unwrap();
        assert_eq!(f, Format::Env);
        let (f, _) = read_config_file("notes.txt", "{\"a\": 1}").unwrap();
        assert_eq!(f, Format::Json);
        assert!(matches!(
            read_config_file("logo.png", "\u{89}PNG"),
            Err(ImportFileError::UnknownType { .. })
        ));
        assert!(matches!(
            read_config_file("x.conf", "a\0b"),
            Err(ImportFileError::Binary { .. })
        ));
        let err = read_config_file("bad.json", "{\n  \"a\": 1,\n}").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(matches!(
            read_config_file("list.json", "[1, 2]"),
            Err(ImportFileError::NotAnObject {
                found: "a list",
                ..
            })
        ));
    }

    #[test]
    fn preview_masks_secrets() {
        let ws = demo::workspace();
        let id = EnvId::new("qa");
        let mut config = ws.env(&id).unwrap().config.as_ref().clone();
        config["connections"]["erp"]["password"] = json!("hunter2");
        let changes = preview_changes(&ws, &id, &config).unwrap();
        assert_eq!(changes.len(), 1);
        assert!(changes[0].secret);
        assert!(!serde_json::to_string(&changes).unwrap().contains("hunter2"));
    }

    fn edit(env: &EnvId, base_version: u64, config: Value, source: EditSource) -> ConfigEdit {
        ConfigEdit {
            env: env.clone(),
            base_version,
            config,
            source,
            note: String::new(),
        }
    }

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    #[test]
    fn an_edit_bumps_the_version_and_is_audited_with_secrets_masked() {
        let mut ws = demo::workspace();
        let id = EnvId::new("development");
        let mut config = ws.env(&id).unwrap().config.as_ref().clone();
        config["connections"]["erp"]["password"] = json!("new-secret");
        config["logging"]["level"] = json!("info");
        let changed = set_config(
            &mut ws,
            edit(&id, 1, config, EditSource::Editor),
            "Ada",
            now(),
        )
        .unwrap();
        assert!(changed);
        assert_eq!(ws.env(&id).unwrap().version, 2);
        let event = ws.audit.last().unwrap();
        assert_eq!(event.action, AuditAction::ConfigEdit);
        assert_eq!(event.changes.len(), 2);
        let text = serde_json::to_string(&event.changes).unwrap();
        assert!(!text.contains("new-secret"), "{text}");
        assert!(!text.contains("dev-erp-pass-91"), "{text}");
    }

    #[test]
    fn identical_or_stale_edits_change_nothing() {
        let mut ws = demo::workspace();
        let id = EnvId::new("qa");
        let same = ws.env(&id).unwrap().config.as_ref().clone();
        assert!(!set_config(
            &mut ws,
            edit(&id, 1, same.clone(), EditSource::Editor),
            "A",
            now()
        )
        .unwrap());
        assert!(ws.audit.is_empty());
        let err = set_config(
            &mut ws,
            edit(&id, 7, json!({}), EditSource::Import),
            "A",
            now(),
        );
        assert!(matches!(err, Err(EditError::Stale { found: 1, .. })));
        assert!(matches!(
            set_config(
                &mut ws,
                edit(&EnvId::new("nope"), 1, json!({}), EditSource::Editor),
                "A",
                now()
            ),
            Err(EditError::UnknownEnvironment(_))
        ));
        assert_eq!(*ws.env(&id).unwrap().config, same);
    }

    #[test]
    fn the_editor_text_is_masked_and_saving_it_back_keeps_the_secrets() {
        let mut ws = demo::workspace();
        ws.ensure_mask_key([3; 32]);
        let id = ws.environments[0].id.clone();
        let mut config = (*ws.environments[0].config).clone();
        config["db"] = serde_json::json!({"password": "hunter2", "host": "x"});
        ws.environments[0].set_config(config);
        let masked = config_text(&ws, &id, Format::Json, false).unwrap().unwrap();
        assert!(!masked.contains("hunter2"));
        let clear = config_text(&ws, &id, Format::Json, true).unwrap().unwrap();
        assert!(clear.contains("hunter2"));
        // The masked text with one ordinary edit, saved as the editor does.
        let edited = masked.replace("\"host\": \"x\"", "\"host\": \"y\"");
        assert_ne!(edited, masked);
        let (_, config) = read_config_file("x.json", &edited).unwrap();
        let version = ws.environments[0].version;
        let change = ConfigEdit {
            env: id.clone(),
            base_version: version,
            config,
            source: EditSource::Editor,
            note: String::new(),
        };
        assert!(set_config(&mut ws, change, "me", Timestamp::UNIX_EPOCH).unwrap());
        let env = ws.env(&id).unwrap();
        assert_eq!(env.config["db"]["password"], "hunter2");
        assert_eq!(env.config["db"]["host"], "y");
        assert!(config_text(&ws, &EnvId::new("nope"), Format::Json, false).is_none());
    }
}
