//! Files as written: a config's own text, read into a tree and edited in
//! place, so that a promotion changes only the lines it promotes.
//!
//! ## Two layers
//!
//! - [`parse`] reads a [`SourceText`] (JSON, JSONC, YAML, TOML or .env)
//!   into a [`serde_json::Value`] with key order preserved, or a
//!   [`FileError`] with line and column.
//! - [`plan_edits`] / [`apply_edits`] apply a selection of
//!   [`Change`]s to the text as the smallest edit; [`plan_edits_to`] edits
//!   the text towards a tree the caller already has (a promotion's
//!   preview, with custom resolutions). [`unified_patch`] turns the old and
//!   new text into a patch that `git apply` accepts.
//!
//! ```
//! use preflight_core::files::{apply_edits, SourceFormat, SourceText};
//! use preflight_core::diff::{diff, DiffOptions};
//! use serde_json::json;
//!
//! let target = SourceText::new(SourceFormat::Yaml, "# replicas\nreplicas: 1 # one\nimage: app\n");
//! let source = json!({"replicas": 3, "image": "app"});
//! let changes = diff(&preflight_core::files::parse(&target).unwrap(), &source, &DiffOptions::default());
//! let text = apply_edits(&target, &changes).unwrap();
//! assert_eq!(text, "# replicas\nreplicas: 3 # one\nimage: app\n");
//! ```
//!
//! ## How an edit is made
//!
//! 1. The text is parsed into the tree `T` and the promotion's own
//!    [`crate::diff::apply`] computes the expected tree `E` (so keyed
//!    lists, moves and the neighbour of an added key are decided exactly
//!    as a promotion decides them: an added key follows the key before it
//!    in the source document).
//! 2. A tree of local edits from `T` to `E` is worked out (`reconcile`):
//!    members to remove, members to insert after a neighbour, array
//!    elements kept, moved or new, values to replace.
//! 3. The format's lossless editor makes those edits in the text. Nothing
//!    is ever re-serialized as a whole: bytes outside the edited values
//!    stay as they were.
//! 4. The new text is parsed again and compared with `E`, key order
//!    included (for TOML, where tables are unordered and plain keys must
//!    precede sub-tables, key order is not compared). A difference is
//!    reported as [`Unplaceable`] naming the first differing path, never
//!    written.
//!
//! ## Editors, and why these crates
//!
//! All three crates are maintained, pure Rust and build for
//! `wasm32-unknown-unknown` (checked with `cargo check --target
//! wasm32-unknown-unknown`); none pulls in a C library or a regex engine.
//!
//! - JSON and JSONC: `jsonc-parser` (dprint's; used by Deno and dprint,
//!   released often, no dependencies with the `cst` feature), whose CST
//!   keeps comments, commas and whitespace and reorders array elements
//!   with their comments ([`jsonc`]).
//! - YAML: `yaml-edit` (a rowan-based lossless YAML tree, maintained by
//!   Jelmer Vernooĳ for Debian's packaging tools) ([`yaml`]).
//! - TOML: `toml_edit` (toml-rs, the crate behind `cargo add`) ([`toml`]).
//! - .env: a line editor of our own, since a .env file is a list of lines
//!   ([`env`](mod@env)).
//!
//! ## What cannot be placed
//!
//! | format | refused, with the path |
//! |---|---|
//! | YAML | aliases, keys from merge keys, edits of an anchor that is merged or aliased elsewhere, tags |
//! | TOML | `null`, integers above i64::MAX; dates and times and `nan`/`inf` are refused on reading |
//! | .env | nested paths, values that are not text, text no quoting holds, keys assigned twice |
//! | JSON, JSONC | nothing known; the check after the edit guards the rest |
//!
//! Those paths come back in [`EditPlan::unplaceable`] for the review to
//! show before Execute; [`apply_edits`] then returns them as its error.
//!
//! ## For the caller
//!
//! - Keep each environment's [`SourceText`] (and the file's name, for
//!   [`unified_patch`]) next to its tree, and after a promotion store the
//!   new text together with `parse(new text)`, which [`EditPlan::expected`]
//!   equals (for TOML up to key order).
//! - Call [`plan_edits`] with the selection as the promotion applies it
//!   (resolutions included), or [`plan_edits_to`] with the promotion's
//!   preview tree, when building the review; refuse Execute while
//!   [`EditPlan::unplaceable`] is not empty.

mod comments;
pub mod env;
pub mod jsonc;
pub mod patch;
mod reconcile;
mod steps;
pub mod toml;
mod verify;
pub mod yaml;

pub use patch::unified_patch;
pub use verify::first_difference;

use crate::diff::{self, Change};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use thiserror::Error;

/// A config file's format, as the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Json,
    /// JSON with comments and trailing commas (VS Code's `jsonc`).
    Jsonc,
    Yaml,
    Toml,
    Env,
}

impl SourceFormat {
    /// Every format, in the order a picker lists them.
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::Json,
        SourceFormat::Jsonc,
        SourceFormat::Yaml,
        SourceFormat::Toml,
        SourceFormat::Env,
    ];

    /// The format a file name implies: `.json` (JSON; `appsettings*.json`,
    /// `tsconfig*.json` and `.vscode` style files are read as JSONC, since
    /// their tools allow comments), `.jsonc`, `.yaml`/`.yml`, `.toml`,
    /// `.env` (also `.env.production` and `staging.env`).
    pub fn from_file_name(name: &str) -> Option<SourceFormat> {
        let base = crate::formats::base_name(name);
        if base.ends_with(".jsonc") {
            Some(SourceFormat::Jsonc)
        } else if base.ends_with(".json") {
            let commented = ["appsettings", "tsconfig", "jsconfig", "settings", "launch"]
                .iter()
                .any(|p| base.starts_with(p));
            Some(if commented {
                SourceFormat::Jsonc
            } else {
                SourceFormat::Json
            })
        } else if crate::formats::is_yaml_name(&base) {
            Some(SourceFormat::Yaml)
        } else if base.ends_with(".toml") {
            Some(SourceFormat::Toml)
        } else if crate::formats::is_env_name(&base) {
            Some(SourceFormat::Env)
        } else {
            None
        }
    }

    /// The stable lowercase tag (as serialized): `json`, `jsonc`, ...
    pub fn tag(self) -> &'static str {
        match self {
            SourceFormat::Json => "json",
            SourceFormat::Jsonc => "jsonc",
            SourceFormat::Yaml => "yaml",
            SourceFormat::Toml => "toml",
            SourceFormat::Env => "env",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Json => "JSON",
            SourceFormat::Jsonc => "JSONC",
            SourceFormat::Yaml => "YAML",
            SourceFormat::Toml => "TOML",
            SourceFormat::Env => ".env",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.tag()
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A config's text as written, with its format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub format: SourceFormat,
    pub text: String,
}

impl SourceText {
    pub fn new(format: SourceFormat, text: impl Into<String>) -> Self {
        Self {
            format,
            text: text.into(),
        }
    }
}

/// Why a text could not be read: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("line {line}, column {column}: {message}")]
pub struct FileError {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

impl FileError {
    pub(crate) fn at(text: &str, byte: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, byte);
        FileError {
            line,
            column,
            message: message.into(),
        }
    }

    fn from_import(e: crate::formats::ImportError) -> Self {
        use crate::formats::ImportError as E;
        match e {
            E::Syntax {
                line,
                column,
                message,
                ..
            } => FileError {
                line,
                column,
                message,
            },
            E::MultipleDocuments { line, .. } => FileError {
                line,
                column: 1,
                message: e.to_string(),
            },
            E::KeyCollision { ref keys, .. } => FileError {
                line: keys.1.line.unwrap_or(1),
                column: 1,
                message: e.to_string(),
            },
            other => FileError {
                line: 1,
                column: 1,
                message: other.to_string(),
            },
        }
    }
}

/// Whether the text's lines end with CRLF (judged by its first line end).
pub(crate) fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// `text` with every bare LF turned into CRLF.
pub(crate) fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

pub(crate) use crate::formats::line_column;

/// Reads `source` into a tree, key order preserved. JSON, YAML and .env
/// are read by [`crate::formats`]; JSONC by [`jsonc`], TOML by [`toml`].
pub fn parse(source: &SourceText) -> Result<Value, FileError> {
    use crate::formats::{self, Format};
    let text = source.text.as_str();
    match source.format {
        SourceFormat::Json => formats::parse(text, Format::Json).map_err(FileError::from_import),
        SourceFormat::Yaml => formats::parse(text, Format::Yaml).map_err(FileError::from_import),
        SourceFormat::Env => formats::parse(text, Format::Env).map_err(FileError::from_import),
        SourceFormat::Jsonc => jsonc::parse(text),
        SourceFormat::Toml => toml::parse(text),
    }
}

/// A change an editor cannot make in the text, with why.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("{path}: {reason}")]
pub struct Unplaceable {
    /// RFC 6901 pointer (into the target's tree).
    pub path: String,
    pub reason: String,
}

impl Unplaceable {
    pub(crate) fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Unplaceable {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// What an edit of a file would do: shown in the review before Execute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditPlan {
    /// The tree the promotion produces (what the text must read as).
    pub expected: Value,
    /// The edited text, when every change could be placed.
    pub text: Option<String>,
    /// The changes that cannot be written into this text (empty when
    /// `text` is set).
    pub unplaceable: Vec<Unplaceable>,
}

/// Plans the edit of `source` for `changes` (a selection of one diff,
/// with resolutions applied, as a promotion applies them).
pub fn plan_edits(source: &SourceText, changes: &[Change]) -> EditPlan {
    let tree = match parse(source) {
        Ok(t) => t,
        Err(e) => {
            return failed(
                Value::Null,
                "",
                format!("the target text does not parse: {e}"),
            )
        }
    };
    let mut expected = tree.clone();
    if let Err(e) = diff::apply(&mut expected, changes) {
        let path = match &e {
            diff::ApplyError::Path { path, .. }
            | diff::ApplyError::BadPointer { path }
            | diff::ApplyError::NotFound { path, .. }
            | diff::ApplyError::Stale { path } => path.clone(),
        };
        return failed(tree, &path, e.to_string());
    }
    plan_from(source, &tree, expected, changes)
}

/// Plans the edit of `source` so that it reads as `target` (a promotion's
/// preview). `changes` only name the identity keys of keyed lists (their
/// `steps`), for matching array elements; pass `&[]` for the defaults.
pub fn plan_edits_to(source: &SourceText, target: &Value, changes: &[Change]) -> EditPlan {
    match parse(source) {
        Ok(tree) => plan_from(source, &tree, target.clone(), changes),
        Err(e) => failed(
            target.clone(),
            "",
            format!("the target text does not parse: {e}"),
        ),
    }
}

/// Applies `changes` to the text; the edited text, or every change that
/// cannot be placed. Never re-serializes the document.
pub fn apply_edits(source: &SourceText, changes: &[Change]) -> Result<String, Vec<Unplaceable>> {
    let plan = plan_edits(source, changes);
    match plan.text {
        Some(t) if plan.unplaceable.is_empty() => Ok(t),
        _ => Err(plan.unplaceable),
    }
}

fn failed(expected: Value, path: &str, reason: String) -> EditPlan {
    EditPlan {
        expected,
        text: None,
        unplaceable: vec![Unplaceable::new(path, reason)],
    }
}

fn plan_from(source: &SourceText, tree: &Value, expected: Value, changes: &[Change]) -> EditPlan {
    let hints = reconcile::Hints::from_changes(tree, changes);
    let Some(edit) = reconcile::reconcile(tree, &expected, &hints) else {
        return EditPlan {
            expected,
            text: Some(source.text.clone()),
            unplaceable: Vec::new(),
        };
    };
    // A byte order mark stays, outside what the editors see.
    let (bom, body) = match source.text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", source.text.as_str()),
    };
    let result = match source.format {
        SourceFormat::Json | SourceFormat::Jsonc => jsonc::edit(body, source.format, &edit),
        SourceFormat::Yaml => yaml::edit(body, &edit),
        SourceFormat::Toml => toml::edit(body, &edit),
        SourceFormat::Env => env::edit(body, &edit),
    }
    .map(|t| format!("{bom}{t}"));
    let text = match result {
        Ok(t) => t,
        Err(unplaceable) => {
            return EditPlan {
                expected,
                text: None,
                unplaceable,
            }
        }
    };
    match verify::check(source.format, &text, &expected) {
        Ok(()) => EditPlan {
            expected,
            text: Some(text),
            unplaceable: Vec::new(),
        },
        Err(u) => EditPlan {
            expected,
            text: None,
            unplaceable: vec![u],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_file_names() {
        let f = SourceFormat::from_file_name;
        assert_eq!(f("charts/values.yaml"), Some(SourceFormat::Yaml));
        assert_eq!(f("values-prod.yml"), Some(SourceFormat::Yaml));
        assert_eq!(f("appsettings.json"), Some(SourceFormat::Jsonc));
        assert_eq!(f("appsettings.Production.json"), Some(SourceFormat::Jsonc));
        assert_eq!(f("package.json"), Some(SourceFormat::Json));
        assert_eq!(f("x.jsonc"), Some(SourceFormat::Jsonc));
        assert_eq!(f(".env.production"), Some(SourceFormat::Env));
        assert_eq!(f(".env"), Some(SourceFormat::Env));
        assert_eq!(f("staging.env"), Some(SourceFormat::Env));
        assert_eq!(f("Cargo.toml"), Some(SourceFormat::Toml));
        assert_eq!(f("README.md"), None);
        assert_eq!(
            serde_json::to_string(&SourceFormat::Jsonc).ok().as_deref(),
            Some("\"jsonc\"")
        );
    }
}
