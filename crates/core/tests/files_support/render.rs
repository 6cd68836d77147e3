//! A tree written as a commented file, with the comment line and the line
//! of each scalar recorded against its path.

use preflight_core::files::SourceFormat;
use preflight_core::formats::{self, Format};
use preflight_core::pointer;
use serde_json::{json, Value};

/// A rendered document.
#[derive(Default, Debug)]
pub struct Rendered {
    pub text: String,
    /// (comment line, path it belongs to).
    pub comments: Vec<(String, String)>,
    /// (line of a scalar, its path).
    pub leaves: Vec<(String, String)>,
    n: usize,
}

impl Rendered {
    fn comment(&mut self, pad: &str, mark: &str, path: &str) {
        self.n += 1;
        let line = format!("{pad}{mark} c{}", self.n);
        self.text.push_str(&line);
        self.text.push('\n');
        self.comments.push((line, path.to_owned()));
    }
    fn leaf(&mut self, line: String, path: &str) {
        self.leaves.push((line.clone(), path.to_owned()));
        self.text.push_str(&line);
    }
}

fn child(path: &str, token: &str) -> String {
    format!("{path}/{}", pointer::escape(token))
}

/// Whether TOML writes this value as an array of tables.
pub fn toml_tables(v: &Value) -> bool {
    matches!(v, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
}

pub fn render(v: &Value, format: SourceFormat, trailing_commas: bool) -> Rendered {
    let mut r = Rendered::default();
    match format {
        SourceFormat::Json | SourceFormat::Jsonc => {
            let mark = (format == SourceFormat::Jsonc).then_some("//");
            json(&mut r, v, 0, "", mark, trailing_commas && mark.is_some());
            r.text.push('\n');
        }
        SourceFormat::Yaml => {
            r.text.push_str("# a generated document\n");
            if let Value::Object(m) = v {
                yaml_map(&mut r, m, 0, "");
            }
        }
        SourceFormat::Toml => {
            r.text.push_str("# a generated document\n");
            if let Value::Object(m) = v {
                toml_table(&mut r, m, "", &[]);
            }
        }
        SourceFormat::Env => {
            r.text.push_str("# a generated document\n\n");
            if let Value::Object(m) = v {
                for (k, v) in m {
                    let p = child("", k);
                    r.comment("", "#", &p);
                    let line = formats::render(&json!({ k: v }), Format::Env).unwrap_or_default();
                    r.leaf(line.trim_end().to_owned(), &p);
                    r.text.push('\n');
                }
            }
        }
    }
    r
}

fn json_scalar(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn json(
    r: &mut Rendered,
    v: &Value,
    indent: usize,
    path: &str,
    mark: Option<&str>,
    trailing: bool,
) {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            r.text.push_str("{\n");
            for (i, (k, c)) in m.iter().enumerate() {
                let p = child(path, k);
                if let Some(mark) = mark {
                    r.comment(&pad, mark, &p);
                }
                let head = format!("{pad}{}: ", json_scalar(&Value::String(k.clone())));
                let comma = if i + 1 < m.len() || trailing { "," } else { "" };
                if c.is_object() || c.is_array() {
                    r.text.push_str(&head);
                    json(r, c, indent + 1, &p, mark, trailing);
                    r.text.push_str(comma);
                } else {
                    r.leaf(format!("{head}{}", json_scalar(c)), &p);
                    r.text.push_str(comma);
                }
                r.text.push('\n');
            }
            r.text.push_str(&format!("{close}}}"));
        }
        Value::Array(items) if !items.is_empty() => {
            r.text.push_str("[\n");
            for (i, c) in items.iter().enumerate() {
                let p = format!("{path}/{i}");
                if let Some(mark) = mark {
                    r.comment(&pad, mark, &p);
                }
                let comma = if i + 1 < items.len() || trailing {
                    ","
                } else {
                    ""
                };
                if c.is_object() || c.is_array() {
                    r.text.push_str(&pad);
                    json(r, c, indent + 1, &p, mark, trailing);
                } else {
                    r.leaf(format!("{pad}{}", json_scalar(c)), &p);
                }
                r.text.push_str(comma);
                r.text.push('\n');
            }
            r.text.push_str(&format!("{close}]"));
        }
        other => r.text.push_str(&json_scalar(other)),
    }
}

fn yaml_scalar(v: &Value) -> String {
    formats::render(v, Format::Yaml)
        .unwrap_or_default()
        .trim_end()
        .to_owned()
}

fn yaml_key(k: &str) -> String {
    let line = formats::render(&json!({ k: null }), Format::Yaml).unwrap_or_default();
    line.trim_end().trim_end_matches(": null").to_owned()
}

fn yaml_map(r: &mut Rendered, m: &serde_json::Map<String, Value>, indent: usize, path: &str) {
    let pad = " ".repeat(indent);
    for (k, c) in m {
        let p = child(path, k);
        r.comment(&pad, "#", &p);
        yaml_entry(r, &pad, indent, k, c, &p);
    }
}

fn yaml_entry(r: &mut Rendered, lead: &str, indent: usize, k: &str, c: &Value, p: &str) {
    let key = yaml_key(k);
    match c {
        Value::Object(cm) if !cm.is_empty() => {
            r.text.push_str(&format!("{lead}{key}:\n"));
            yaml_map(r, cm, indent + 2, p);
        }
        Value::Array(items) if !items.is_empty() => {
            r.text.push_str(&format!("{lead}{key}:\n"));
            yaml_seq(r, items, indent + 2, p);
        }
        _ => {
            r.leaf(format!("{lead}{key}: {}", yaml_scalar(c)), p);
            r.text.push('\n');
        }
    }
}

fn yaml_seq(r: &mut Rendered, items: &[Value], indent: usize, path: &str) {
    let pad = " ".repeat(indent);
    for (i, c) in items.iter().enumerate() {
        let p = format!("{path}/{i}");
        r.comment(&pad, "#", &p);
        match c {
            Value::Object(cm) if !cm.is_empty() => {
                // The first member shares the dash's line.
                for (j, (k, v)) in cm.iter().enumerate() {
                    let kp = child(&p, k);
                    let inner = " ".repeat(indent + 2);
                    if j == 0 {
                        yaml_entry(r, &format!("{pad}- "), indent + 2, k, v, &kp);
                    } else {
                        r.comment(&inner, "#", &kp);
                        yaml_entry(r, &inner, indent + 2, k, v, &kp);
                    }
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                r.text.push_str(&format!("{pad}-\n"));
                yaml_seq(r, inner, indent + 2, &p);
            }
            _ => {
                r.leaf(format!("{pad}- {}", yaml_scalar(c)), &p);
                r.text.push('\n');
            }
        }
    }
}

fn toml_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_owned()
    } else {
        json_scalar(&Value::String(k.to_owned()))
    }
}

fn toml_inline(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(toml_inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_inline(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        other => json_scalar(other),
    }
}

/// A table's plain keys, then its sub-tables and arrays of tables.
fn toml_table(r: &mut Rendered, m: &serde_json::Map<String, Value>, path: &str, header: &[String]) {
    for (k, c) in m {
        if c.is_object() || toml_tables(c) {
            continue;
        }
        let p = child(path, k);
        r.comment("", "#", &p);
        r.leaf(format!("{} = {}", toml_key(k), toml_inline(c)), &p);
        r.text.push('\n');
    }
    for (k, c) in m {
        let p = child(path, k);
        let mut h = header.to_vec();
        h.push(toml_key(k));
        match c {
            Value::Object(cm) => {
                r.text.push('\n');
                r.comment("", "#", &p);
                r.text.push_str(&format!("[{}]\n", h.join(".")));
                toml_table(r, cm, &p, &h);
            }
            Value::Array(items) if toml_tables(c) => {
                for (i, e) in items.iter().enumerate() {
                    let ep = format!("{p}/{i}");
                    r.text.push('\n');
                    r.comment("", "#", &ep);
                    r.text.push_str(&format!("[[{}]]\n", h.join(".")));
                    if let Value::Object(em) = e {
                        toml_table(r, em, &ep, &h);
                    }
                }
            }
            _ => {}
        }
    }
}
