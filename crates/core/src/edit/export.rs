//! The file to download for an environment: its own text as it now is, in
//! its own format and under its own name; or, for an environment without
//! a file (or on an explicit conversion), a render of its tree.
//!
//! Secrets are masked unless revealed. Inside a kept text, masking is an
//! edit like any other: the editors replace each secret *value* in place
//! (towards the masked tree), so comments and layout stay and no secret
//! is left behind; what cannot be masked in place refuses the export
//! rather than leak. Importing the masked file again keeps the real
//! secrets ([`super::prepare_source`]).

use super::source::{file_name_for, render_as, SourceEditError};
use crate::environment::{identical, EnvId, EnvSource};
use crate::files::{self, SourceFormat};
use crate::workspace::Workspace;

/// A file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub file_name: String,
    pub format: SourceFormat,
    pub text: String,
    /// The text was rendered from the tree (no file kept, or converted),
    /// not the environment's own file.
    pub re_rendered: bool,
}

/// `source`'s text with every secret of its tree masked in place.
pub fn masked_source_text(ws: &Workspace, source: &EnvSource) -> Result<String, SourceEditError> {
    let text = source.source_text();
    let tree = files::parse(&text).map_err(SourceEditError::Parse)?;
    let masked = ws.settings.compiled_patterns().mask_value(&tree, "");
    if identical(&masked, &tree) {
        return Ok(text.text);
    }
    let plan = files::plan_edits_to(&text, &masked, &[]);
    plan.text
        .ok_or(SourceEditError::Unplaceable(plan.unplaceable))
}

/// The file to download for `env`, secrets masked unless `reveal`:
/// `convert` `None` gives its own file as it now is (or a JSON render
/// when it keeps none); `Some(format)` re-renders it in that format.
/// `None` for an unknown environment.
pub fn export_file(
    ws: &Workspace,
    env: &EnvId,
    reveal: bool,
    convert: Option<SourceFormat>,
) -> Option<Result<ExportFile, SourceEditError>> {
    let e = ws.env(env)?;
    let own = e
        .source
        .as_ref()
        .filter(|s| convert.is_none_or(|f| f == s.format));
    Some(match own {
        Some(s) => {
            let text = if reveal {
                Ok(s.text.to_string())
            } else {
                masked_source_text(ws, s)
            };
            text.map(|text| ExportFile {
                file_name: s.file_name.clone(),
                format: s.format,
                text,
                re_rendered: false,
            })
        }
        None => {
            let format = convert.unwrap_or(SourceFormat::Json);
            let tree = if reveal {
                e.config.as_ref().clone()
            } else {
                ws.settings.compiled_patterns().mask_value(&e.config, "")
            };
            let name = e
                .source
                .as_ref()
                .map_or_else(|| format!("{env}.json"), |s| s.file_name.clone());
            render_as(&tree, format).map(|text| ExportFile {
                file_name: file_name_for(&name, format),
                format,
                text,
                re_rendered: true,
            })
        }
    })
}
