//! `.env` files in and out, read the way motdotla/dotenv (the most used
//! implementation) reads them.
//!
//! ## Reading
//!
//! Lines are matched with motdotla/dotenv's own `LINE` expression (its
//! classic parser, `lib/main.js`), run by the `regex` crate, after turning
//! `\r\n` and a bare `\r` into `\n`:
//!
//! - `KEY=value`, `KEY = value`, `KEY: value` and `export KEY=value`; a
//!   key is letters, digits, `_`, `.` and `-`.
//! - An unquoted value runs to the end of the line or to a `#` comment and
//!   is trimmed: `APP_NAME=My App` is `My App`. It is **literal**:
//!   `DIR=C:\new` is `C:\new`, and `$HOME` stays `$HOME`.
//! - `'single'` and `` `backtick` `` quotes are literal and may span lines;
//!   `"double"` quotes may span lines and turn `\n` and `\r` into a line
//!   feed and a carriage return.
//! - A repeated key keeps its first position and its last value (as
//!   everywhere: the last assignment wins).
//!
//! ## Where we differ, and why
//!
//! motdotla/dotenv skips whatever it cannot read and other
//! implementations read some lines differently. Preflight writes configs,
//! so it refuses, with the line and column, every line whose meaning is
//! not certain instead of guessing:
//!
//! - A line that is not blank, a comment or an assignment (motdotla skips
//!   it silently; `3C=x` is read, as motdotla does).
//! - A `#` that touches the value before it (`A=b#c`): motdotla and
//!   bkeepers/dotenv read `b`, dotenvy, python-dotenv and Docker read
//!   `b#c`. A comment needs a space before it; quote a value holding `#`.
//! - A backslash in double quotes other than `\n` and `\r` (`"a\"b"`,
//!   `"C:\\x"`, `"\t"`): motdotla keeps the backslash, bkeepers/dotenv and
//!   dotenvy remove it. Single quotes hold such a value literally.
//! - A value that opens a quote it does not close, or has text after the
//!   closing quote (`A="x" y`): motdotla keeps it verbatim, quotes and
//!   all, which is rarely what was meant.
//! - A single- or backtick-quoted value ending in a backslash (`'a\'`):
//!   in motdotla's grammar `\'` may or may not close it, depending on the
//!   quotes on later lines.
//! - `$VAR` and `$(cmd)` are never expanded (bkeepers/dotenv expands them
//!   from the process environment; motdotla leaves that to dotenv-expand).
//!
//! ## Writing
//!
//! Each value is written in the first of these forms that reads back as
//! the same string (checked by reading it): plain (letters, digits and
//! `_-./:@%+,=*?~^`), `"double"` with `\n`/`\r`, `'single'`,
//! `` `backtick` ``, unquoted. A value no form holds is
//! refused ([`ExportError::Unrepresentable`]) rather than changed.

use super::{line_column, ExportError, Format, ImportError};
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// motdotla/dotenv's `LINE`, with `\w` spelled out as ASCII and `\s` as
/// JavaScript's set (each `%` becomes `S`: U+FEFF but not U+0085, unlike
/// Rust's `\s`).
const LINE: &str = r#"(?m)^%*(?:export%+)?([A-Za-z0-9_.-]+)(?:%*=%*?|:%+?)(%*'(?:\\'|[^'])*'|%*"(?:\\"|[^"])*"|%*`(?:\\`|[^`])*`|[^#\r\n]+)?%*(?:#.*)?$"#;

/// JavaScript's `\s`.
const S: &str = r"[\t\n\x0B\x0C\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]";

static LINE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&LINE.replace('%', S)).ok());

/// JavaScript's `\s` (what `String.prototype.trim` removes).
fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

fn syntax(text: &str, at: usize, message: &str) -> ImportError {
    let (line, column) = line_column(text, at);
    ImportError::Syntax {
        format: Format::Env,
        line,
        column,
        message: message.to_owned(),
    }
}

/// Reads `.env` text (see the module docs).
pub(crate) fn parse(text: &str) -> Result<Value, ImportError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let Some(re) = LINE_RE.as_ref() else {
        return Err(ImportError::Invalid {
            format: Format::Env,
            message: "the .env grammar did not compile".to_owned(),
        });
    };
    let mut out = Map::new();
    let mut covered = 0;
    for m in re.captures_iter(&text) {
        let (Some(whole), Some(key)) = (m.get(0), m.get(1)) else {
            continue;
        };
        check_gap(&text, covered, whole.start())?;
        covered = whole.end();
        let value = match m.get(2) {
            Some(v) => {
                // motdotla lets `\s` run over line ends, so `A:` would take
                // the next line as its value.
                let first = v.start() + (v.len() - v.as_str().trim_start_matches(js_space).len());
                if text[key.end()..first].contains('\n') {
                    return Err(syntax(
                        &text,
                        key.end(),
                        "a value must start on its key's line (write KEY= for an empty value)",
                    ));
                }
                let end_ok = text[v.end()..whole.end()].trim_start_matches(js_space);
                let touching = end_ok.len() == whole.end() - v.end()
                    && end_ok.starts_with('#')
                    && !v.as_str().ends_with(js_space);
                let quoted = v
                    .as_str()
                    .trim_start_matches(js_space)
                    .starts_with(['\'', '"', '`']);
                if touching && !quoted {
                    return Err(syntax(&text, v.end(), AMBIGUOUS_HASH));
                }
                value_of(&text, v.start(), v.as_str())?
            }
            None => {
                let rest = &text[key.end()..whole.end()];
                let hash = rest.find('#');
                if let Some(h) = hash {
                    if !rest[..h].ends_with(js_space) {
                        return Err(syntax(&text, key.end() + h, AMBIGUOUS_HASH));
                    }
                }
                String::new()
            }
        };
        out.insert(key.as_str().to_owned(), Value::String(value));
    }
    check_gap(&text, covered, text.len())?;
    Ok(Value::Object(out))
}

const AMBIGUOUS_HASH: &str = "a '#' right after a value: some tools start a comment there, others keep it in the value; put a space before a comment, or quote the value";

/// Text between two assignments must be blank or comments.
fn check_gap(text: &str, from: usize, to: usize) -> Result<(), ImportError> {
    let mut at = from;
    for line in text[from..to].split_inclusive('\n') {
        let body = line.trim_start_matches(js_space);
        if !body.is_empty() && !body.starts_with('#') {
            let col = at + (line.len() - body.len());
            return Err(syntax(
                text,
                col,
                "expected KEY=value (a name of letters, digits, '_', '.' or '-', then '=' or ': ')",
            ));
        }
        at += line.len();
    }
    Ok(())
}

/// The value of a match: trimmed, unquoted, and for double quotes with
/// `\n` and `\r` turned into line breaks.
fn value_of(text: &str, start: usize, raw: &str) -> Result<String, ImportError> {
    let lead = raw.len() - raw.trim_start_matches(js_space).len();
    let v = raw.trim_matches(js_space);
    let at = start + lead;
    let Some(q) = v.chars().next().filter(|c| matches!(c, '\'' | '"' | '`')) else {
        return Ok(v.to_owned());
    };
    if v.len() < 2 || !v.ends_with(q) {
        return Err(syntax(
            text,
            at,
            "a quoted value that is not closed, or has text after its closing quote",
        ));
    }
    let inner = &v[1..v.len() - 1];
    if q != '"' {
        if inner.ends_with('\\') {
            // `\'` may or may not close the quote in motdotla's grammar,
            // depending on the quotes of later lines.
            return Err(syntax(
                text,
                at + v.len() - 2,
                "a quoted value ending in a backslash: whether the quote closes there depends on the lines after it",
            ));
        }
        return Ok(inner.to_owned());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 'r')) => out.push('\r'),
            _ => {
                return Err(syntax(
                    text,
                    at + 1 + i,
                    "a backslash in double quotes other than \\n or \\r: implementations disagree on what it means; use single quotes for a literal value",
                ))
            }
        }
    }
    Ok(out)
}

/// A variable name that [`parse`] reads back.
pub(crate) fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// How `s` is written after `KEY=` (see the module docs), or why it can't be.
pub(crate) fn value_text(key: &str, s: &str, path: &str) -> Result<String, ExportError> {
    let plain = s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '_' | '-' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '=' | '*' | '?' | '~' | '^'
            )
    });
    if plain {
        return Ok(s.to_owned());
    }
    let mut double = String::with_capacity(s.len() + 2);
    double.push('"');
    for c in s.chars() {
        match c {
            '\n' => double.push_str("\\n"),
            '\r' => double.push_str("\\r"),
            c => double.push(c),
        }
    }
    double.push('"');
    // Double quotes first: the usual form, and what the other tools read
    // alike when the value has no backslash or `"` (checked below).
    let candidates = [double, format!("'{s}'"), format!("`{s}`"), s.to_owned()];
    for c in candidates {
        // `\'` (or `` \` ``) before the closing quote would let the value
        // run on into the next line's quotes: only a whole file shows it.
        if s.ends_with('\\') && !c.starts_with('"') && c != s {
            continue;
        }
        let line = format!("{key}={c}\n");
        let back = parse(&line).ok();
        if back
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            == Some(s)
        {
            return Ok(c);
        }
    }
    Err(ExportError::Unrepresentable {
        path: path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_like_motdotla() {
        let v = parse("APP_NAME=My App\nDIR=C:\\new\nT=a\\tb\rB=2\rC=3\r\nexport D=4\n").unwrap();
        assert_eq!(
            v,
            json!({"APP_NAME": "My App", "DIR": "C:\\new", "T": "a\\tb", "B": "2", "C": "3", "D": "4"})
        );
    }

    #[test]
    fn writes_what_it_reads() {
        for s in [
            "",
            "My App",
            "C:\\new",
            "a'b",
            "it's `x` \"y\"",
            " x ",
            "#",
            "a\nb",
            "a\rb",
            "'q'",
        ] {
            let text = value_text("K", s, "/K").unwrap();
            assert_eq!(parse(&format!("K={text}\n")).unwrap()["K"], s, "{text}");
        }
    }
}
