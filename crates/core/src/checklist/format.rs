//! Inline code and emphasis in checklist text, as inert formatting.
//!
//! Descriptions and notes keep the Markdown they were imported with
//! (`` `code` ``, `*emphasis*`, `**strong**`), so that an export reads
//! back the same. [`formatted`] is [`segments`] plus that formatting: each
//! piece says whether it is code, emphasised or strong, so the UI shows it
//! styled, and never as markup (every piece is still a text node).
//!
//! The rules are CommonMark's, simplified: a code span is a run of
//! backticks closed by a run of the same length; `*` and `_` runs of one
//! or two open when followed by a non-space and close when preceded by
//! one, `_` only at word edges (`snake_case` stays as it is), and only
//! when paired. Anything unpaired stays literal text.
//!
//! ```
//! use preflight_core::checklist::{formatted, Segment};
//! let f = formatted("Update `spryker/twig` *now*");
//! assert_eq!(f[1].segment, Segment::Text("spryker/twig".into()));
//! assert!(f[1].code);
//! assert!(f[3].emphasis);
//! ```

use super::text::{segments, Segment};

/// One piece of formatted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styled {
    pub segment: Segment,
    /// Inline code (show in a monospace font).
    pub code: bool,
    pub emphasis: bool,
    pub strong: bool,
}

enum Atom {
    Text(String, bool),
    Delim {
        ch: char,
        len: usize,
        open: bool,
        close: bool,
    },
    Other(Segment),
}

/// [`segments`] with code spans and emphasis (see the module docs).
pub fn formatted(text: &str) -> Vec<Styled> {
    let mut atoms = Vec::new();
    for seg in segments(text) {
        match seg {
            Segment::Text(t) => split_code(&t, &mut atoms),
            other => atoms.push(Atom::Other(other)),
        }
    }
    // Pair delimiters: a closer matches the nearest open run of its kind.
    let mut active = vec![false; atoms.len()];
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..atoms.len() {
        let Atom::Delim {
            ch,
            len,
            open,
            close,
        } = atoms[i]
        else {
            continue;
        };
        let opener = stack.iter().rposition(
            |&j| matches!(atoms[j], Atom::Delim { ch: c, len: l, .. } if c == ch && l == len),
        );
        match opener {
            Some(k) if close => {
                active[stack[k]] = true;
                active[i] = true;
                stack.truncate(k);
            }
            _ if open => stack.push(i),
            _ => {}
        }
    }
    let (mut em, mut strong) = (false, false);
    let mut out: Vec<Styled> = Vec::new();
    let mut push = |segment: Segment, code: bool, em: bool, strong: bool| {
        if let (Segment::Text(t), Some(last)) = (&segment, out.last_mut()) {
            if let Segment::Text(prev) = &mut last.segment {
                if (last.code, last.emphasis, last.strong) == (code, em, strong) && !code {
                    prev.push_str(t);
                    return;
                }
            }
        }
        out.push(Styled {
            segment,
            code,
            emphasis: em,
            strong,
        });
    };
    for (i, atom) in atoms.into_iter().enumerate() {
        match atom {
            Atom::Text(t, code) => push(Segment::Text(t), code, em, strong),
            Atom::Other(s) => push(s, false, em, strong),
            Atom::Delim { ch, len, .. } if active[i] => {
                if len == 2 {
                    strong = !strong;
                } else {
                    em = !em;
                }
                let _ = ch;
            }
            Atom::Delim { ch, len, .. } => {
                push(Segment::Text(ch.to_string().repeat(len)), false, em, strong)
            }
        }
    }
    out
}

fn split_code(t: &str, atoms: &mut Vec<Atom>) {
    let mut rest = t;
    while let Some(open) = rest.find('`') {
        let run = rest[open..].chars().take_while(|&c| c == '`').count();
        let after = &rest[open + run..];
        let close = find_run(after, run);
        let Some(close) = close else {
            split_emphasis(&rest[..open + run], atoms);
            rest = after;
            continue;
        };
        split_emphasis(&rest[..open], atoms);
        let code = &after[..close];
        let code = if code.len() > 1 && code.starts_with(' ') && code.ends_with(' ') {
            &code[1..code.len() - 1]
        } else {
            code
        };
        atoms.push(Atom::Text(code.to_owned(), true));
        rest = &after[close + run..];
    }
    split_emphasis(rest, atoms);
}

/// Where a run of exactly `n` backticks starts in `s`.
fn find_run(s: &str, n: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let len = b[i..].iter().take_while(|&&c| c == b'`').count();
            if len == n {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

fn split_emphasis(t: &str, atoms: &mut Vec<Atom>) {
    let chars: Vec<char> = t.chars().collect();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '*' && c != '_' {
            text.push(c);
            i += 1;
            continue;
        }
        let len = chars[i..].iter().take_while(|&&x| x == c).count();
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + len).copied();
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        let mut open = !space(after);
        let mut close = !space(before);
        if c == '_' {
            open &= !word(before);
            close &= !word(after);
        }
        if len > 2 || !(open || close) {
            text.extend(std::iter::repeat_n(c, len));
        } else {
            if !text.is_empty() {
                atoms.push(Atom::Text(std::mem::take(&mut text), false));
            }
            atoms.push(Atom::Delim {
                ch: c,
                len,
                open,
                close,
            });
        }
        i += len;
    }
    if !text.is_empty() {
        atoms.push(Atom::Text(text, false));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn plain(t: &str) -> String {
        formatted(t)
            .into_iter()
            .map(|s| match s.segment {
                Segment::Text(t) => t,
                Segment::LineBreak => "\n".into(),
                Segment::Link { label, .. } => label,
            })
            .collect()
    }

    #[test]
    fn code_and_emphasis_are_styles_not_characters() {
        assert_eq!(plain("b `|` az"), "b | az");
        assert_eq!(plain("b **|** im"), "b | im");
        assert_eq!(
            plain("snake_case_name and 2 * 3 * 4"),
            "snake_case_name and 2 * 3 * 4"
        );
        assert_eq!(plain("*open only"), "*open only");
        let f = formatted("*see [x](https://x.test) now*");
        assert!(f.iter().all(|s| s.emphasis));
        assert!(matches!(f[1].segment, Segment::Link { .. }));
    }
}
