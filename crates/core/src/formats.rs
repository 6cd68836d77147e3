//! Config files in and out: JSON, YAML and .env.
//!
//! Every format becomes a [`serde_json::Value`] with key order preserved
//! ([`parse`]), and any value renders back ([`render`]). [`render_lines`]
//! is the same rendering, line by line, with the pointer each line shows:
//! the display diff aligns and links rows with it, and it masks secrets.
//!
//! ```
//! use preflight_core::formats::{parse, render, Format};
//! let v = parse("a: 1\nb: [x, y]\n", Format::Yaml).unwrap();
//! assert_eq!(render(&v, Format::Json).unwrap(), "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    \"y\"\n  ]\n}\n");
//! ```
//!
//! ## Formats
//!
//! - **JSON**: errors give line and column. Rendered like
//!   `serde_json::to_string_pretty`, with a final newline.
//! - **YAML** (serde_yaml_ng): anchors, aliases and `<<` merge keys are
//!   resolved; a stream of several documents is refused; tags, NaN and
//!   infinities (which JSON cannot hold) and mappings used as keys are
//!   refused with the path where they occur; numbers, booleans and null
//!   used as keys become strings, and two keys that would become the same
//!   string (`1` and `"1"`) are refused ([`ImportError::KeyCollision`],
//!   naming both and their lines) rather than losing a value. An empty file is an empty object. Rendered in
//!   block style; a string is plain only when it cannot be read as
//!   anything else, otherwise double-quoted.
//! - **.env**: read as motdotla/dotenv reads it, with every line whose
//!   meaning differs between implementations refused (see [`env`]'s docs
//!   for the rules and each difference). `$VAR` is kept literally. The
//!   result is a flat object of strings; a repeated key keeps its first
//!   position and last value. Rendering writes `KEY=value` in the first
//!   form that reads back as the same text (plain, double, single or
//!   backtick quotes), else refuses ([`ExportError::Unrepresentable`]).
//!   Numbers and booleans are written as text, `null` as an empty value;
//!   nested objects and arrays are refused ([`ExportError::NotFlat`])
//!   rather than flattened under invented names.
//!
//! Input larger than [`MAX_INPUT_BYTES`] is refused before parsing.

pub mod env;
pub(crate) mod exact_json;
mod render;
mod yaml;
mod yaml_keys;

pub use render::{render, render_lines, render_masked, Line, RenderOptions};
use yaml::parse_yaml;

use crate::patterns::Patterns;
use crate::pointer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};
use std::fmt;
use thiserror::Error;

/// The largest input [`parse`] accepts (32 MiB).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// A config file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    Json,
    Yaml,
    Env,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
            Format::Env => ".env",
        })
    }
}

/// A path's last component, lowercased (file names decide formats).
pub(crate) fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase()
}

/// `x.yaml` or `x.yml` (of a lowercased base name).
pub(crate) fn is_yaml_name(base: &str) -> bool {
    base.ends_with(".yaml") || base.ends_with(".yml")
}

/// `.env`, `.env.production` or `staging.env` (of a lowercased base name).
pub(crate) fn is_env_name(base: &str) -> bool {
    base.ends_with(".env") || base.starts_with(".env.")
}

impl Format {
    /// The format a file name implies: `.json`, `.yaml`/`.yml`, or `.env`
    /// (also `.env.production` and `staging.env`).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let base = base_name(name);
        if base.ends_with(".json") {
            Some(Format::Json)
        } else if is_yaml_name(&base) {
            Some(Format::Yaml)
        } else if is_env_name(&base) {
            Some(Format::Env)
        } else {
            None
        }
    }

    /// A guess from the content: JSON if it starts with `{` or `[`, .env if
    /// every line is blank, a comment or `KEY=...`, else YAML.
    pub fn sniff(text: &str) -> Format {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            return Format::Json;
        }
        let mut assignments = 0;
        for line in t.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let l = line.strip_prefix("export ").map_or(line, str::trim_start);
            let key_len = l
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
                .unwrap_or(l.len());
            let valid_key = l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            if !(valid_key && l[key_len..].trim_start().starts_with('=')) {
                return Format::Yaml;
            }
            assignments += 1;
        }
        if assignments > 0 {
            Format::Env
        } else {
            Format::Yaml
        }
    }

    /// The file name's format if it has one, else a guess from the content.
    pub fn detect(file_name: Option<&str>, text: &str) -> Format {
        file_name
            .and_then(Format::from_file_name)
            .unwrap_or_else(|| Format::sniff(text))
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Env => "env",
        }
    }
}

/// Why a file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("the {format} input is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        format: Format,
        size: usize,
        limit: usize,
    },
    #[error("{format} syntax error at line {line}, column {column}: {message}")]
    Syntax {
        format: Format,
        /// 1-based.
        line: usize,
        /// 1-based, in characters.
        column: usize,
        message: String,
    },
    #[error("{format} error: {message}")]
    Invalid { format: Format, message: String },
    #[error("the YAML input holds {count} documents (the second starts at line {line}); import one document at a time")]
    MultipleDocuments { count: usize, line: usize },
    #[error("YAML keys {} and {} in the mapping at {path:?} both become the JSON key {key:?}; rename one of them", keys.0, keys.1)]
    KeyCollision {
        /// JSON Pointer of the mapping ("" is the top).
        path: String,
        /// The JSON key both become.
        key: String,
        /// The first key and the second, as written.
        keys: Box<(CollidingKey, CollidingKey)>,
    },
    #[error("{format} value at {path} is not supported: {what}")]
    Unsupported {
        format: Format,
        /// JSON Pointer of the value.
        path: String,
        what: String,
    },
}

/// One of two YAML keys that would become the same JSON key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollidingKey {
    /// The key as YAML shows it (`1`, `"1"`, `~`).
    pub text: String,
    /// "an integer", "a string", ...
    pub kind: &'static str,
    /// 1-based; `None` when it could not be found in the text.
    pub line: Option<usize>,
}

impl fmt::Display for CollidingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{} (line {l}, {})", self.text, self.kind),
            None => write!(f, "{} (line unknown, {})", self.text, self.kind),
        }
    }
}

/// Why a value could not be exported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExportError {
    #[error(".env holds only flat text values; {path} is {what} (export as JSON or YAML instead)")]
    NotFlat { path: String, what: &'static str },
    #[error(".env needs an object of variables at the top, not {what}")]
    NotAnObject { what: &'static str },
    #[error(".env cannot hold the text at {path} exactly (it mixes quotes, backslashes and line breaks); export as JSON or YAML instead")]
    Unrepresentable { path: String },
    #[error("{key:?} is not a valid .env variable name (letters, digits, '_', '.' and '-')")]
    InvalidKey { key: String },
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads `text` as `format`.
pub fn parse(text: &str, format: Format) -> Result<Value, ImportError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            format,
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let text = strip_bom(text);
    match format {
        Format::Json => parse_json(text),
        Format::Yaml => parse_yaml(text),
        Format::Env => env::parse(text),
    }
}

fn parse_json(text: &str) -> Result<Value, ImportError> {
    exact_json::from_str(text).map_err(|e| ImportError::Syntax {
        format: Format::Json,
        line: e.line().max(1),
        column: e.column().max(1),
        message: strip_position(&e.to_string()),
    })
}

/// serde's messages end with " at line L column C", which we report apart.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// .env

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}
