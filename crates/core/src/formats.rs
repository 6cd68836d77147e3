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
mod yaml_keys;

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

impl Format {
    /// The format a file name implies: `.json`, `.yaml`/`.yml`, or `.env`
    /// (also `.env.production` and `staging.env`).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let base = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase();
        if base.ends_with(".json") {
            Some(Format::Json)
        } else if base.ends_with(".yaml") || base.ends_with(".yml") {
            Some(Format::Yaml)
        } else if base.ends_with(".env") || base == ".env" || base.starts_with(".env.") {
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
// YAML

fn parse_yaml(text: &str) -> Result<Value, ImportError> {
    use serde::Deserialize as _;
    let yaml_error = |e: serde_yaml_ng::Error| match e.location() {
        Some(loc) => ImportError::Syntax {
            format: Format::Yaml,
            line: loc.line(),
            column: loc.column(),
            message: strip_position(&e.to_string()),
        },
        None => ImportError::Invalid {
            format: Format::Yaml,
            message: e.to_string(),
        },
    };
    // Only comments and markers (`---`, `...`): an empty document, which
    // libyaml would call a stream with no node.
    let blank = |l: &str| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    };
    if text.lines().all(blank) {
        return Ok(Value::Object(Map::new()));
    }
    let mut docs = serde_yaml_ng::Deserializer::from_str(text);
    let Some(first) = docs.next() else {
        return Ok(Value::Object(Map::new()));
    };
    let mut value = serde_yaml_ng::Value::deserialize(first).map_err(yaml_error)?;
    if let Some(second) = docs.next() {
        // A broken second document is reported as what it is.
        serde_yaml_ng::Value::deserialize(second).map_err(yaml_error)?;
        let count = 2 + docs.take(1000).count();
        return Err(ImportError::MultipleDocuments {
            count,
            line: second_document_line(text),
        });
    }
    value.apply_merge().map_err(yaml_error)?;
    let mut path = String::new();
    yaml_to_json(value, &mut path, text)
}

/// The line of the second `---` marker (or the first, after content).
fn second_document_line(text: &str) -> usize {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") {
            if seen_content {
                return i + 1;
            }
            seen_content = true;
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content = true;
        }
    }
    1
}

fn yaml_to_json(
    v: serde_yaml_ng::Value,
    path: &mut String,
    text: &str,
) -> Result<Value, ImportError> {
    use serde_yaml_ng::Value as Y;
    let unsupported = |path: &str, what: String| ImportError::Unsupported {
        format: Format::Yaml,
        path: path.to_owned(),
        what,
    };
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(
                    Number::from_f64(f).ok_or_else(|| {
                        unsupported(path, format!("the number {n} has no JSON form"))
                    })?,
                )
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                out.push(yaml_to_json(item, path, text)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        Y::Mapping(m) => {
            let mut out = Map::with_capacity(m.len());
            let mut keys = yaml_keys::KeyTracker::default();
            for (k, item) in m {
                let key = match &k {
                    Y::String(s) => s.clone(),
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(unsupported(
                            path,
                            "a key that is a list, mapping or tagged value".to_owned(),
                        ))
                    }
                };
                if let Some(first) = keys.insert(&key, &k) {
                    let (first_line, second_line) = yaml_keys::lines_of(text, &first, &k);
                    let named = |k: &Y, line| CollidingKey {
                        text: yaml_keys::show(k),
                        kind: yaml_keys::describe(k),
                        line,
                    };
                    return Err(ImportError::KeyCollision {
                        path: path.clone(),
                        key,
                        keys: Box::new((named(&first, first_line), named(&k, second_line))),
                    });
                }
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape(&key));
                let item = yaml_to_json(item, path, text)?;
                path.truncate(len);
                out.insert(key, item);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => return Err(unsupported(path, format!("the tag {}", t.tag))),
    })
}

// ---------------------------------------------------------------------------
// .env

fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

// ---------------------------------------------------------------------------
// Rendering

/// One rendered line and the pointer of the value it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub text: String,
    /// The value or member this line shows (a container's opening and
    /// closing lines point at the container).
    pub pointer: String,
}

/// How [`render_lines`] renders.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    mask: Option<Patterns>,
}

impl RenderOptions {
    /// Plain rendering: nothing masked.
    pub fn new() -> Self {
        Self::default()
    }

    /// Masks every scalar at a secret pointer (see [`Patterns::mask`]).
    pub fn mask_secrets(mut self, patterns: Patterns) -> Self {
        self.mask = Some(patterns);
        self
    }
}

/// Writes `value` as `format`, ending with a newline.
pub fn render(value: &Value, format: Format) -> Result<String, ExportError> {
    render_with(value, format, &RenderOptions::default())
}

/// Like [`render`], with secrets masked: for exports meant to be shared.
pub fn render_masked(
    value: &Value,
    format: Format,
    patterns: &Patterns,
) -> Result<String, ExportError> {
    render_with(
        value,
        format,
        &RenderOptions::new().mask_secrets(patterns.clone()),
    )
}

fn render_with(value: &Value, format: Format, opts: &RenderOptions) -> Result<String, ExportError> {
    let lines = render_lines(value, format, opts)?;
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    for l in lines {
        out.push_str(&l.text);
        out.push('\n');
    }
    Ok(out)
}

/// Renders `value` as `format`, one [`Line`] per line of text.
pub fn render_lines(
    value: &Value,
    format: Format,
    opts: &RenderOptions,
) -> Result<Vec<Line>, ExportError> {
    let root_secret = opts.mask.as_ref().is_some_and(|p| p.is_secret_here(""));
    let mut r = Renderer {
        out: Vec::new(),
        path: String::new(),
        secret: vec![root_secret],
        opts,
    };
    match format {
        Format::Json => {
            let mut first = String::new();
            r.json(value, 0, &mut first, "");
        }
        Format::Yaml => r.yaml_root(value),
        Format::Env => r.env(value)?,
    }
    Ok(r.out)
}

struct Renderer<'o> {
    out: Vec<Line>,
    path: String,
    /// Whether each level of `path` is secret (itself or an ancestor), so
    /// that every node is matched once.
    secret: Vec<bool>,
    opts: &'o RenderOptions,
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Renderer<'_> {
    fn line(&mut self, text: String) {
        self.out.push(Line {
            text,
            pointer: self.path.clone(),
        });
    }

    /// The value to show for a scalar at the current path.
    fn shown<'v>(&self, v: &'v Value) -> std::borrow::Cow<'v, Value> {
        let Some(patterns) = &self.opts.mask else {
            return std::borrow::Cow::Borrowed(v);
        };
        let secret =
            self.secret.last().copied().unwrap_or(false) || crate::patterns::detect(v).is_some();
        if secret && !v.is_object() && !v.is_array() {
            std::borrow::Cow::Owned(Value::String(patterns.mask(v)))
        } else {
            std::borrow::Cow::Borrowed(v)
        }
    }

    fn push(&mut self, token: &str) -> usize {
        let len = self.path.len();
        self.path.push('/');
        if token.contains(['~', '/']) {
            self.path.push_str(&pointer::escape(token));
        } else {
            self.path.push_str(token);
        }
        let parent = self.secret.last().copied().unwrap_or(false);
        let here = parent
            || self
                .opts
                .mask
                .as_ref()
                .is_some_and(|p| p.is_secret_here(&self.path));
        self.secret.push(here);
        len
    }

    fn pop(&mut self, len: usize) {
        self.path.truncate(len);
        self.secret.pop();
    }

    // JSON: `prefix` is what goes before the value on its first line
    // (indent and key), `suffix` what follows its last line (a comma).
    fn json(&mut self, v: &Value, indent: usize, prefix: &mut String, suffix: &str) {
        let pad = "  ".repeat(indent);
        match v {
            Value::Object(m) if !m.is_empty() => {
                self.line(format!("{prefix}{{"));
                let n = m.len();
                for (i, (k, child)) in m.iter().enumerate() {
                    let len = self.push(k);
                    let mut p = format!("{pad}  {}: ", json_string(k));
                    self.json(child, indent + 1, &mut p, if i + 1 < n { "," } else { "" });
                    self.pop(len);
                }
                self.line(format!("{pad}}}{suffix}"));
            }
            Value::Array(items) if !items.is_empty() => {
                self.line(format!("{prefix}["));
                let n = items.len();
                for (i, child) in items.iter().enumerate() {
                    let len = self.push(&i.to_string());
                    let mut p = format!("{pad}  ");
                    self.json(child, indent + 1, &mut p, if i + 1 < n { "," } else { "" });
                    self.pop(len);
                }
                self.line(format!("{pad}]{suffix}"));
            }
            _ => {
                let shown = self.shown(v);
                let text = match shown.as_ref() {
                    Value::Object(_) => "{}".to_owned(),
                    Value::Array(_) => "[]".to_owned(),
                    other => other.to_string(),
                };
                self.line(format!("{prefix}{text}{suffix}"));
            }
        }
    }

    fn yaml_root(&mut self, v: &Value) {
        match v {
            Value::Object(m) if !m.is_empty() => self.yaml_map(m, 0, None),
            Value::Array(items) if !items.is_empty() => self.yaml_seq(items, 0, None),
            _ => {
                let text = self.yaml_scalar(v);
                self.line(text);
            }
        }
    }

    fn yaml_scalar(&self, v: &Value) -> String {
        match self.shown(v).as_ref() {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => yaml_string(s),
            Value::Array(_) => "[]".to_owned(),
            Value::Object(_) => "{}".to_owned(),
        }
    }

    /// A mapping at `indent`; `first` is the text that starts its first
    /// line instead of the indent (a sequence dash).
    fn yaml_map(&mut self, m: &Map<String, Value>, indent: usize, mut first: Option<String>) {
        let pad = " ".repeat(indent);
        for (k, child) in m {
            let lead = first.take().unwrap_or_else(|| pad.clone());
            let len = self.push(k);
            let key = yaml_string(k);
            match child {
                Value::Object(cm) if !cm.is_empty() => {
                    self.line(format!("{lead}{key}:"));
                    self.yaml_map(cm, indent + 2, None);
                }
                Value::Array(items) if !items.is_empty() => {
                    self.line(format!("{lead}{key}:"));
                    self.yaml_seq(items, indent, None);
                }
                _ => {
                    let text = self.yaml_scalar(child);
                    self.line(format!("{lead}{key}: {text}"));
                }
            }
            self.pop(len);
        }
    }

    fn yaml_seq(&mut self, items: &[Value], indent: usize, mut first: Option<String>) {
        let pad = " ".repeat(indent);
        for (i, child) in items.iter().enumerate() {
            let lead = first.take().unwrap_or_else(|| pad.clone());
            let len = self.push(&i.to_string());
            match child {
                Value::Object(cm) if !cm.is_empty() => {
                    self.yaml_map(cm, indent + 2, Some(format!("{lead}- ")));
                }
                Value::Array(inner) if !inner.is_empty() => {
                    self.yaml_seq(inner, indent + 2, Some(format!("{lead}- ")));
                }
                _ => {
                    let text = self.yaml_scalar(child);
                    self.line(format!("{lead}- {text}"));
                }
            }
            self.pop(len);
        }
    }

    fn env(&mut self, v: &Value) -> Result<(), ExportError> {
        let Value::Object(m) = v else {
            return Err(ExportError::NotAnObject { what: kind_name(v) });
        };
        for (k, child) in m {
            if !env::valid_key(k) {
                return Err(ExportError::InvalidKey { key: k.clone() });
            }
            let len = self.push(k);
            let text = match self.shown(child).as_ref() {
                Value::String(s) => env::value_text(k, s, &self.path)?,
                Value::Null => String::new(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(ExportError::NotFlat {
                        path: self.path.clone(),
                        what: kind_name(other),
                    })
                }
            };
            self.line(format!("{k}={text}"));
            self.pop(len);
        }
        Ok(())
    }
}

fn json_string(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// A YAML scalar for `s`: plain when it cannot be read as anything but
/// this string, else double-quoted with escapes.
fn yaml_string(s: &str) -> String {
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true"
                | "false"
                | "yes"
                | "no"
                | "on"
                | "off"
                | "y"
                | "n"
                | "null"
                | "nan"
                | "inf"
                | "infinity"
        );
    if plain {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
