//! Rendering a config as JSON, YAML or .env text, line by line with the
//! pointer each line shows (the side-by-side view and the exports use
//! the lines; secrets are masked on request).

use super::*;

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

pub(super) fn render_with(
    value: &Value,
    format: Format,
    opts: &RenderOptions,
) -> Result<String, ExportError> {
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

pub(super) struct Renderer<'o> {
    out: Vec<Line>,
    path: String,
    /// Whether each level of `path` is secret (itself or an ancestor), so
    /// that every node is matched once.
    secret: Vec<bool>,
    opts: &'o RenderOptions,
}

pub(super) fn kind_name(v: &Value) -> &'static str {
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

pub(super) fn json_string(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// A YAML scalar for `s`: plain when it cannot be read as anything but
/// this string, else double-quoted with escapes.
pub(super) fn yaml_string(s: &str) -> String {
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
