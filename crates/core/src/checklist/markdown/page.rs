//! A documentation page as a user pastes it, made ready for the table
//! reader: front matter, Liquid blocks and rows broken across lines.
//!
//! Pages from static-site generators (Jekyll, as the Spryker docs) carry
//! YAML front matter and Liquid tags around their tables, and a long row
//! is sometimes broken by an editor. [`prepare`] turns such a page into
//! plain GitHub-flavoured Markdown with the same line count where it can,
//! and says what it did:
//!
//! - front matter (`---` … `---` at the top) is read with serde_yaml_ng for
//!   its `title` (the checklist's name) and `originalLink` (the base for
//!   site-relative links), then blanked;
//! - a Liquid block (`{% name … %}` … `{% endname %}`) is blanked: it is
//!   commentary, not items;
//! - a table row that stops short (fewer cells than its header and no
//!   closing `|`) followed by a line that does not start with `|` is one
//!   row broken in two: the lines are joined, and reported.
//!
//! Every line of the result maps back to its line in the page.

use super::super::import::{sort_warnings, ImportError, ImportPreview, ImportWarning, WarningKind};
use super::{Inline, Reader};

/// The page made ready for the reader.
pub(crate) struct Prepared {
    pub text: String,
    /// 1-based page line of each line of `text`.
    pub lines: Vec<usize>,
    /// The base URL given, else the front matter's `originalLink`.
    pub base: Option<String>,
    pub report: Report,
}

/// What [`prepare`] found, for the import report.
pub(crate) struct Report {
    /// The front matter's `title`.
    pub title: Option<String>,
    pub warnings: Vec<ImportWarning>,
    /// Rows joined: (page line of the row, page line of its continuation).
    pub joined: Vec<(usize, usize)>,
}

pub(crate) fn prepare(src: &str, base_url: Option<&str>) -> Prepared {
    let mut lines: Vec<String> = src.lines().map(str::to_owned).collect();
    let mut warnings = Vec::new();
    let (mut title, mut base) = (None, None);
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim_end(), "---" | "..."))
        {
            let yaml = lines[1..=end].join("\n");
            if let Ok(serde_yaml_ng::Value::Mapping(m)) =
                serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&yaml)
            {
                let get = |k: &str| m.get(k).and_then(|v| v.as_str()).map(str::to_owned);
                title = get("title").filter(|t| !t.trim().is_empty());
                base = get("originalLink").or_else(|| get("url"));
            }
            for l in &mut lines[..=end + 1] {
                l.clear();
            }
            warnings.push(ImportWarning {
                line: Some(1),
                kind: WarningKind::Skipped {
                    what: format!("front matter block ({} lines)", end + 2),
                    count: 1,
                },
            });
        }
    }
    if let Some(b) = base_url.filter(|b| !b.trim().is_empty()) {
        base = Some(b.trim().to_owned());
    }
    let blocks = blank_liquid_blocks(&mut lines);
    if let Some(&first) = blocks.first() {
        warnings.push(ImportWarning {
            line: Some(first),
            kind: WarningKind::Skipped {
                what: "Liquid blocks ({% … %} … {% end… %})".to_owned(),
                count: blocks.len(),
            },
        });
    }
    let (text, map, joined) = join_broken_rows(lines);
    Prepared {
        text,
        lines: map,
        base,
        report: Report {
            title,
            warnings,
            joined,
        },
    }
}

/// Blanks each `{% name %}` … `{% endname %}` block; the page lines where
/// they start.
fn blank_liquid_blocks(lines: &mut [String]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let name = liquid_tag(&lines[i]);
        let Some(name) = name.filter(|n| !n.starts_with("end")) else {
            i += 1;
            continue;
        };
        let end_tag = format!("end{name}");
        let end =
            (i + 1..lines.len()).find(|&j| liquid_tag(&lines[j]).as_deref() == Some(&end_tag));
        let Some(end) = end else {
            i += 1;
            continue;
        };
        starts.push(i + 1);
        for l in &mut lines[i..=end] {
            l.clear();
        }
        i = end + 1;
    }
    starts
}

/// The tag name of a line that is only `{% name … %}`.
fn liquid_tag(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix("{%")?.strip_suffix("%}")?;
    inner.split_whitespace().next().map(str::to_owned)
}

/// Cells of a table line: the `|` not escaped and not in a code span.
fn pipes(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    let mut code = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => code = !code,
            '|' if !code => n += 1,
            _ => {}
        }
    }
    n
}

fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

#[allow(clippy::type_complexity)]
fn join_broken_rows(lines: Vec<String>) -> (String, Vec<usize>, Vec<(usize, usize)>) {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut map = Vec::with_capacity(lines.len());
    let mut joined = Vec::new();
    // Pipes a full row of the current table has (its delimiter row's).
    let mut full: Option<usize> = None;
    for (i, line) in lines.into_iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            full = None;
        } else if is_delimiter_row(t) && out.last().is_some_and(|l| l.contains('|')) {
            full = Some(pipes(t));
        } else if let (Some(n), Some(prev)) = (full, out.last_mut()) {
            let short = pipes(prev) < n && !prev.trim_end().ends_with('|');
            if short && !t.starts_with('|') && prev.trim_start().starts_with('|') {
                prev.push(' ');
                prev.push_str(t);
                joined.push((map.last().copied().unwrap_or(i), i + 1));
                continue;
            }
        }
        out.push(line);
        map.push(i + 1);
    }
    (out.join("\n"), map, joined)
}

/// `https://host` of a URL, for site-relative links.
pub(super) fn origin(url: &str) -> Option<String> {
    let scheme_end = url.find("://")?;
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (host_end > 0 && super::super::is_safe_href(url))
        .then(|| url[..scheme_end + 3 + host_end].to_owned())
}

impl Reader<'_> {
    /// [`Reader::finish`], plus what [`prepare`] found and the
    /// report of what was skipped, joined and resolved.
    pub(super) fn finish_page(
        mut self,
        fallback_name: &str,
        prepared: Report,
    ) -> Result<ImportPreview, ImportError> {
        let mut notes = prepared.warnings;
        if self.skipped_paragraphs > 0 {
            notes.push(ImportWarning {
                line: None,
                kind: WarningKind::Skipped {
                    what: "paragraphs of text outside tables".to_owned(),
                    count: self.skipped_paragraphs,
                },
            });
        }
        for &(row, continued) in &prepared.joined {
            let code = self
                .item_lines
                .iter()
                .position(|&l| l == row)
                .and_then(|i| self.items.get(i))
                .map(|it| it.code.clone())
                .unwrap_or_default();
            notes.push(ImportWarning {
                line: Some(row),
                kind: WarningKind::RowContinued { code, continued },
            });
        }
        if self.links_resolved > 0 {
            notes.push(ImportWarning {
                line: None,
                kind: WarningKind::LinksResolved {
                    count: self.links_resolved,
                    base: self.origin.clone().unwrap_or_default(),
                },
            });
        }
        if !self.links_unresolved.is_empty() {
            notes.push(ImportWarning {
                line: None,
                kind: WarningKind::UnresolvedLinks {
                    links: std::mem::take(&mut self.links_unresolved),
                },
            });
        }
        let h1 = self.name.take();
        let mut preview = self.finish(fallback_name)?;
        if let Some(name) = prepared.title.or(h1.filter(|n| !n.is_empty())) {
            preview.checklist.name = name;
        }
        preview.warnings.extend(notes);
        sort_warnings(&mut preview.warnings);
        Ok(preview)
    }
}

impl Inline {
    /// A site-relative link against the origin; a Liquid variable in it
    /// (`{{site.version}}`) has no value here, so such a link is reported.
    pub(super) fn resolve(&mut self, href: &str) -> String {
        if super::super::is_safe_href(href) || href.starts_with('#') || href.starts_with("mailto:")
        {
            return href.to_owned();
        }
        let liquid = href.contains("{{") || href.contains("{%");
        match &self.origin {
            Some(o) if href.starts_with('/') && !href.starts_with("//") && !liquid => {
                self.resolved += 1;
                format!("{o}{href}")
            }
            _ => {
                self.unresolved.push(href.to_owned());
                href.to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn joins_a_broken_row_and_keeps_lines() {
        let src = "| A | B | C |\n|---|---|---|\n| 1 | two<br>\nthree | 4 |\n| 5 | 6 | 7 |\n";
        let p = prepare(src, None);
        assert_eq!(
            p.text,
            "| A | B | C |\n|---|---|---|\n| 1 | two<br> three | 4 |\n| 5 | 6 | 7 |"
        );
        assert_eq!(p.lines, vec![1, 2, 3, 5]);
        assert_eq!(p.report.joined, vec![(3, 4)]);
    }

    #[test]
    fn front_matter_and_liquid() {
        let src = "---\ntitle: T\noriginalLink: https://x.test/a/b\n---\n{% info %}\nhi\n{% endinfo %}\n# x\n";
        let p = prepare(src, None);
        assert_eq!(p.report.title.as_deref(), Some("T"));
        assert_eq!(p.base.as_deref(), Some("https://x.test/a/b"));
        assert_eq!(p.text, "\n\n\n\n\n\n\n# x");
        assert_eq!(p.report.warnings.len(), 2);
    }
}
