//! The comment lines that belong to a removed member go with it.
//!
//! `yaml-edit` and `jsonc-parser` remove a member's own lines but leave the
//! comment lines written above it, which would then describe a setting
//! that is gone. Before the edit, those lines are taken out of the text
//! (a pre-pass over whole comment lines, which never changes the tree):
//!
//! - the comment lines right above the member's first line, at its
//!   indentation, up to a blank line or anything else;
//! - unless the member is followed directly by another one at the same
//!   indentation: a comment above a run of members heads the group, and
//!   stays while the group does.
//!
//! A member that shares its line with other text (a flow mapping, a
//! one-line JSON object) owns no comment lines.

use std::ops::Range;

/// A removed member: its byte range (key to end of value), and whether
/// it is a list item (whose value may follow a YAML dash on its line).
pub(crate) type Span = (Range<usize>, bool);

/// `text` without the comment lines owned by the members at `spans`.
pub(crate) fn strip_owned(text: &str, spans: &[Span], is_comment: fn(&str) -> bool) -> String {
    let mut cut: Vec<Range<usize>> = spans
        .iter()
        .filter_map(|(s, item)| owned(text, s.clone(), *item, is_comment))
        .collect();
    if cut.is_empty() {
        return text.to_owned();
    }
    cut.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in cut {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The comment lines `span`'s member owns, as one byte range.
fn owned(
    text: &str,
    span: Range<usize>,
    item: bool,
    is_comment: fn(&str) -> bool,
) -> Option<Range<usize>> {
    let start = span.start.min(text.len());
    let first = line_start(text, start);
    // Only a member that starts its line (a list item: after its dash)
    // owns lines; the first key of a `- key: v` item does not.
    let before = text[first..start].trim();
    if !(before.is_empty() || (item && before == "-")) {
        return None;
    }
    let own_indent = indent(&text[first..]);
    let last_end = line_end(text, span.end.saturating_sub(1).max(start));
    let next = &text[last_end..line_end(text, last_end)];
    let next_body = next.trim();
    let heads_group = !next_body.is_empty()
        && !is_comment(next_body)
        && indent(next) == own_indent
        && !next_body.starts_with(['}', ']']);
    if heads_group {
        return None;
    }
    let mut top = first;
    while top > 0 {
        let prev = line_start(text, top - 1);
        let line = &text[prev..top];
        if !is_comment(line.trim()) || indent(line) != own_indent {
            break;
        }
        top = prev;
    }
    (top < first).then_some(top..first)
}

/// A YAML comment line.
pub(crate) fn yaml_comment(line: &str) -> bool {
    line.starts_with('#')
}

/// A JSONC comment line: `// ...`, or `/* ... */` on one line.
pub(crate) fn jsonc_comment(line: &str) -> bool {
    line.starts_with("//") || (line.starts_with("/*") && line.ends_with("*/") && line.len() >= 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, member: &str) -> Span {
        let at = text.find(member).unwrap_or(0);
        (at..at + member.len(), member.ends_with('\n'))
    }

    #[test]
    fn a_comment_above_a_lone_member_goes_a_group_heading_stays() {
        let text = "a: 1\n# about b\nb: 2\n# about c\nc: 3\n";
        assert_eq!(
            strip_owned(text, &[span(text, "b: 2")], yaml_comment),
            "a: 1\nb: 2\n# about c\nc: 3\n"
        );
        let text = "# database\nhost: x\nport: 1\n";
        assert_eq!(
            strip_owned(text, &[span(text, "host: x")], yaml_comment),
            text
        );
        let text = "list:\n  # one\n  - 1\n  # two\n  - 2\n";
        assert_eq!(
            strip_owned(text, &[span(text, "2\n")], yaml_comment),
            "list:\n  # one\n  - 1\n  - 2\n"
        );
        let text = "{\n  // a\n  \"a\": 1,\n  \"b\": {\"c\": 1}\n}\n";
        assert_eq!(
            strip_owned(text, &[span(text, "\"c\": 1")], jsonc_comment),
            text
        );
    }
}
