//! Plain text with links, made safe to render.
//!
//! Descriptions and notes are plain text. [`segments`] splits one into text,
//! line breaks and links, so the UI can build nodes from them directly:
//!
//! - line breaks (`\n`, `\r\n`, `\r`) are kept;
//! - bare `http://` and `https://` URLs become links (trailing punctuation
//!   such as a full stop stays outside the link);
//! - Markdown links `[label](url)` become links when the URL is http, https
//!   or mailto; any other scheme (`javascript:`, `data:`, relative paths)
//!   leaves the whole construct as literal text;
//! - everything else, HTML included, is text. Nothing is ever interpreted
//!   as markup, so `<script>` shows as `<script>`.
//!
//! ```
//! use preflight_core::checklist::{segments, Segment};
//! let s = segments("See [docs](https://x.test).\n<b>hi</b>");
//! assert_eq!(s[1], Segment::Link { href: "https://x.test".into(), label: "docs".into() });
//! assert_eq!(s[3], Segment::LineBreak);
//! assert_eq!(s[4], Segment::Text("<b>hi</b>".into()));
//! ```

use serde::{Deserialize, Serialize};

/// One piece of rendered plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Segment {
    /// Literal text, to be shown as is (never as HTML).
    Text(String),
    /// A line break (`<br>` in HTML terms).
    LineBreak,
    /// A link whose `href` passed [`is_safe_href`].
    Link {
        /// The target URL.
        href: String,
        /// The text to show; for a bare URL, the URL itself.
        label: String,
    },
}

/// Splits plain text into text, line breaks and safe links.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for token in tokenize(text) {
        match token {
            Token::Text(t) => {
                if let Some(Segment::Text(prev)) = out.last_mut() {
                    prev.push_str(t);
                } else {
                    out.push(Segment::Text(t.to_owned()));
                }
            }
            Token::Break => out.push(Segment::LineBreak),
            Token::MdLink { label, href } => out.push(Segment::Link {
                href: href.to_owned(),
                label: label.to_owned(),
            }),
            Token::BareUrl(url) => out.push(Segment::Link {
                href: url.to_owned(),
                label: url.to_owned(),
            }),
        }
    }
    out
}

/// True for URLs the UI may put in an `href`: `http://` or `https://` with
/// a host, or `mailto:` with an address; no whitespace or control
/// characters anywhere. The scheme is matched in any case.
pub fn is_safe_href(href: &str) -> bool {
    if href.is_empty() || href.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let rest = strip_prefix_ignore_case(href, "https://")
        .or_else(|| strip_prefix_ignore_case(href, "http://"));
    if let Some(rest) = rest {
        return rest.chars().next().is_some_and(char::is_alphanumeric);
    }
    strip_prefix_ignore_case(href, "mailto:").is_some_and(|rest| !rest.is_empty())
}

/// The canonical form of a multi-line text field, which is what every
/// import produces: `\r\n` and `\r` become `\n`, tabs become spaces, other
/// control characters are dropped, each line is trimmed, and leading and
/// trailing blank lines are removed.
pub fn normalize(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = unified
        .split('\n')
        .map(|line| {
            line.chars()
                .filter_map(|c| match c {
                    '\t' => Some(' '),
                    c if c.is_control() => None,
                    c => Some(c),
                })
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect();
    lines.join("\n").trim().to_owned()
}

/// [`normalize`] for one-line fields (names, headings): line breaks become
/// spaces.
pub fn normalize_line(text: &str) -> String {
    normalize(text).replace('\n', " ")
}

/// A link field written as a Markdown link `[label](url)` reduced to its
/// URL; anything else is returned unchanged.
pub fn link_target(text: &str) -> String {
    match tokenize(text).as_slice() {
        [Token::MdLink { href, .. }] => (*href).to_owned(),
        _ => text.to_owned(),
    }
}

/// The lexical pieces of plain text. The Markdown export needs the
/// Markdown-form links apart from bare URLs, which [`Segment`] merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Text(&'a str),
    Break,
    MdLink { label: &'a str, href: &'a str },
    BareUrl(&'a str),
}

pub(crate) fn tokenize(s: &str) -> Vec<Token<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    // Every position examined holds an ASCII byte or a UTF-8 lead byte, and
    // every cut is made before an ASCII byte, so slices stay on char
    // boundaries.
    while i < bytes.len() {
        let b = bytes[i];
        let found = match b {
            b'\n' | b'\r' => {
                let len = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                Some((Token::Break, i + len))
            }
            b'[' => markdown_link_at(s, i),
            b'h' | b'H' => bare_url_at(s, i),
            _ => None,
        };
        match found {
            Some((token, end)) => {
                if text_start < i {
                    out.push(Token::Text(&s[text_start..i]));
                }
                out.push(token);
                i = end;
                text_start = end;
            }
            None => i += 1,
        }
    }
    if text_start < s.len() {
        out.push(Token::Text(&s[text_start..]));
    }
    out
}

/// `[label](url)` starting at `start`, with a safe URL.
fn markdown_link_at(s: &str, start: usize) -> Option<(Token<'_>, usize)> {
    let rest = &s[start + 1..];
    let close = rest.find([']', '[', '\n', '\r'])?;
    if !rest[close..].starts_with("](") {
        return None;
    }
    let label = &rest[..close];
    if label.trim().is_empty() {
        return None;
    }
    let url_start = close + 2;
    let url_len = rest[url_start..].find(|c: char| !is_link_url_char(c))?;
    if !rest[url_start + url_len..].starts_with(')') {
        return None;
    }
    let href = &rest[url_start..url_start + url_len];
    if !is_safe_href(href) {
        return None;
    }
    let end = start + 1 + url_start + url_len + 1;
    Some((Token::MdLink { label, href }, end))
}

/// Characters allowed in the URL of a Markdown link. Parentheses, angle
/// brackets, backslashes and backticks are left out so the exported
/// Markdown needs no escaping inside the destination beyond `|` and `&`.
fn is_link_url_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '(' | ')' | '<' | '>' | '\\' | '`' | '[' | ']'))
}

/// A bare http(s) URL starting at `start`, not glued to a preceding word.
fn bare_url_at(s: &str, start: usize) -> Option<(Token<'_>, usize)> {
    if s[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    let rest = &s[start..];
    let after_scheme = strip_prefix_ignore_case(rest, "https://")
        .or_else(|| strip_prefix_ignore_case(rest, "http://"))?;
    // A host must follow the scheme. Checking this before scanning keeps
    // the tokenizer linear: every scan that starts also succeeds and moves
    // past the whole URL.
    if !after_scheme
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let scheme_len = rest.len() - after_scheme.len();
    let body_len = after_scheme
        .find(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '<' | '>' | '"' | '`' | '[' | ']' | '{' | '}' | '|' | '\\'
                )
        })
        .unwrap_or(after_scheme.len());
    let mut url = &rest[..scheme_len + body_len];
    // Punctuation that ends a sentence is not part of the URL, and neither
    // is a closing parenthesis that has no opening one inside the URL.
    let opens = url.matches('(').count();
    let mut closes = url.matches(')').count();
    while let Some(last) = url.chars().next_back() {
        let unbalanced_paren = last == ')' && opens < closes;
        if unbalanced_paren {
            closes -= 1;
        }
        if matches!(
            last,
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
        ) || unbalanced_paren
        {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            break;
        }
    }
    if !is_safe_href(url) {
        return None;
    }
    Some((Token::BareUrl(url), start + url.len()))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn link(href: &str, label: &str) -> Segment {
        Segment::Link {
            href: href.into(),
            label: label.into(),
        }
    }
    fn text(t: &str) -> Segment {
        Segment::Text(t.into())
    }

    #[test]
    fn bare_urls_lose_trailing_punctuation() {
        assert_eq!(
            segments("See https://docs.example.test/env. Or (http://a.test/x_(y))."),
            [
                text("See "),
                link(
                    "https://docs.example.test/env",
                    "https://docs.example.test/env"
                ),
                text(". Or ("),
                link("http://a.test/x_(y)", "http://a.test/x_(y)"),
                text(")."),
            ]
        );
    }

    #[test]
    fn markdown_links_need_a_safe_scheme() {
        assert_eq!(
            segments("[desk](https://desk.example.test/new)"),
            [link("https://desk.example.test/new", "desk")]
        );
        assert_eq!(
            segments("[mail](MAILTO:ops@example.test)"),
            [link("MAILTO:ops@example.test", "mail")]
        );
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert)",
            "[x](data:text/html,hi)",
            "[x](/relative)",
        ] {
            assert_eq!(segments(bad), [text(bad)], "{bad}");
        }
        // Not Markdown links, but the bare URL inside is still one.
        assert_eq!(
            segments("[](https://x.test)"),
            [
                text("[]("),
                link("https://x.test", "https://x.test"),
                text(")")
            ]
        );
        assert_eq!(
            segments("[x](https://x.test"),
            [text("[x]("), link("https://x.test", "https://x.test")]
        );
    }

    #[test]
    fn html_is_text_and_breaks_are_kept() {
        assert_eq!(
            segments("<script>alert(1)</script>\r\nnext\rlast\n"),
            [
                text("<script>alert(1)</script>"),
                Segment::LineBreak,
                text("next"),
                Segment::LineBreak,
                text("last"),
                Segment::LineBreak,
            ]
        );
    }

    #[test]
    fn urls_inside_words_and_empty_hosts_are_text() {
        assert_eq!(segments("xhttps://a.test"), [text("xhttps://a.test")]);
        assert_eq!(segments("https:// x"), [text("https:// x")]);
        assert_eq!(segments("https://."), [text("https://.")]);
    }

    #[test]
    fn safe_hrefs() {
        assert!(is_safe_href("https://a.test/x?y=1&z"));
        assert!(is_safe_href("HTTP://a.test"));
        assert!(is_safe_href("mailto:ops@example.test"));
        assert!(!is_safe_href("javascript:alert(1)"));
        assert!(!is_safe_href("https://a.test/x y"));
        assert!(!is_safe_href("https:///x"));
        assert!(!is_safe_href("ftp://a.test"));
        assert!(!is_safe_href(""));
    }

    #[test]
    fn normalize_trims_lines_and_controls() {
        assert_eq!(normalize("  a \r\n\tb\tc\u{0}d  \r\r"), "a\nb cd");
        assert_eq!(normalize_line(" a\nb "), "a b");
        assert_eq!(link_target("[d](https://x.test)"), "https://x.test");
        assert_eq!(link_target("https://x.test"), "https://x.test");
    }

    #[test]
    fn pathological_input_stays_linear() {
        let dots = "https://.".repeat(20_000);
        assert_eq!(segments(&dots), [text(&dots)]);
        let parens = format!("https://a{}", ")".repeat(50_000));
        assert_eq!(segments(&parens)[0], link("https://a", "https://a"));
        let brackets = "[a](".repeat(20_000);
        assert_eq!(segments(&brackets), [text(&brackets)]);
    }

    #[test]
    fn multibyte_text_is_sliced_safely() {
        let s = "é[ü](https://ü.test)ß https://x.test/ä";
        let joined: String = segments(s)
            .into_iter()
            .map(|seg| match seg {
                Segment::Text(t) => t,
                Segment::LineBreak => "\n".into(),
                Segment::Link { href, label } => format!("<{label}|{href}>"),
            })
            .collect();
        assert_eq!(
            joined,
            "é<ü|https://ü.test>ß <https://x.test/ä|https://x.test/ä>"
        );
    }
}
