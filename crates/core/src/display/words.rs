//! Word-level emphasis inside a modified line: both sides split into
//! words, blanks and single characters, aligned, and the differing runs
//! marked.

use super::*;

/// Words (letters, digits, `_`), runs of blanks, and single other chars.
pub(super) fn tokens(s: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum K {
        Word,
        Space,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphanumeric() || c == '_' {
            K::Word
        } else if c.is_whitespace() {
            K::Space
        } else {
            K::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<K> = None;
    for (i, c) in s.char_indices() {
        let k = kind(c);
        if let Some(p) = prev {
            if p != k || k == K::Other {
                out.push(&s[start..i]);
                start = i;
            }
        }
        prev = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Word-level segments of a changed pair of lines.
pub fn word_segments(old: &str, new: &str) -> (Vec<Segment>, Vec<Segment>) {
    let a = tokens(old);
    let b = tokens(new);
    let mut left: Vec<Segment> = Vec::new();
    let mut right: Vec<Segment> = Vec::new();
    fn push(out: &mut Vec<Segment>, text: &str, emphasized: bool) {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.emphasized == emphasized => last.text.push_str(text),
            _ => out.push(Segment {
                text: text.to_owned(),
                emphasized,
            }),
        }
    }
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, o, n) = op.as_tag_tuple();
        let equal = tag == similar::DiffTag::Equal;
        for t in &a[o] {
            push(&mut left, t, !equal);
        }
        for t in &b[n] {
            push(&mut right, t, !equal);
        }
    }
    (left, right)
}
