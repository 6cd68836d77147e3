//! Checklists as GitHub-flavoured Markdown tables.
//!
//! ## Reading
//!
//! Parsed with pulldown-cmark (tables enabled):
//!
//! - the first `#` heading names the checklist, and a paragraph line
//!   `Go-live: 2026-03-31` sets the go-live date;
//! - each `##` heading starts a timeframe, with its offset inferred from the
//!   heading text ([`infer_offset`](super::import::infer_offset())) or given by
//!   a line `Offset from go-live: -56 days.` under it. A heading with a table
//!   but no recognisable offset gets 0 and a warning; one with neither a
//!   table nor an offset is skipped with a warning;
//! - every table row under it is an item (columns: see [`super::import`]).
//!
//! Cells keep their text as written, as plain text: `<br>` becomes a line
//! break; links become `[label](url)` (autolinks the bare URL), which
//! [`segments`](super::segments) renders as links again; inline code keeps
//! its backticks and emphasis its `*` or `_`, which
//! [`formatted`](super::formatted) shows as styles; any other HTML, such
//! as `<script>`, is kept as literal text; entities and backslash escapes
//! (`\|`) are decoded. `{{site.version}}` stays as it is.
//!
//! A page pasted from a documentation site (front matter, Liquid blocks, a
//! row broken across lines, site-relative links) is prepared first, and
//! the import report says what was skipped, joined and resolved: see
//! [`import_markdown_with`] and the `page` submodule.
//!
//! ## Writing
//!
//! [`export_markdown`] writes the same shape, escaping every character that
//! Markdown would otherwise interpret, so that the export imports back to
//! an equal checklist (see [`super::import`] for the exact conditions).
//! Optional columns (OWNER, STATUS, DUE, LINK, GATES) are written only when
//! some item uses them; DUE holds only dates set by hand.

use super::import::{
    columns, extra_names, fallback, groups, has_item_columns, infer_offset, item_from_row,
    parse_go_live_line, parse_offset_line, sort_warnings, warn_duplicate_codes, Column,
    ImportError, ImportFormat, ImportPreview, ImportWarning, WarningKind,
};
use super::text::{normalize, normalize_line, tokenize, Token};
use super::{Checklist, Item, Status, Timeframe};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

mod export;
mod page;
pub(crate) use export::cell_text;
pub use export::export_markdown;

/// Parses a Markdown checklist into a preview.
pub fn import_markdown(text: &str, fallback_name: &str) -> Result<ImportPreview, ImportError> {
    import_markdown_with(text, fallback_name, None)
}

/// Like [`import_markdown`], with the URL of the page the text was copied
/// from: site-relative links (`/docs/x.html`) resolve against its origin.
/// Without one, the page's front-matter `originalLink` is used; links that
/// still cannot be resolved are listed in a warning.
pub fn import_markdown_with(
    text: &str,
    fallback_name: &str,
    base_url: Option<&str>,
) -> Result<ImportPreview, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let page::Prepared {
        text,
        lines,
        base,
        report,
    } = page::prepare(text, base_url);
    let mut reader = Reader::new(&text);
    reader.map = lines;
    reader.origin = base.as_deref().and_then(page::origin);
    for (event, range) in Parser::new_ext(&text, Options::ENABLE_TABLES).into_offset_iter() {
        reader.event(event, range);
    }
    reader.finish_page(fallback_name, report)
}

/// What the reader knows about one `##` heading.
struct Frame {
    line: usize,
    recognised: bool,
    explicit: bool,
    has_table: bool,
}

struct Table {
    columns: Vec<Column>,
    skip: bool,
    row: Vec<String>,
    row_line: usize,
}

/// Where inline text is being collected.
enum Target {
    Heading(HeadingLevel, usize),
    Paragraph,
    Cell,
}

struct Reader<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    name: Option<String>,
    go_live: Option<jiff::civil::Date>,
    timeframes: Vec<Timeframe>,
    frames: Vec<Frame>,
    items: Vec<Item>,
    item_lines: Vec<usize>,
    warnings: Vec<ImportWarning>,
    table: Option<Table>,
    inline: Option<(Target, Inline)>,
    /// Page line of each line of `src` (empty: the same).
    map: Vec<usize>,
    /// Where site-relative links point.
    origin: Option<String>,
    links_resolved: usize,
    links_unresolved: Vec<String>,
    /// Paragraphs that were neither an offset nor a go-live line.
    skipped_paragraphs: usize,
}

impl<'a> Reader<'a> {
    fn new(src: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            src,
            line_starts,
            name: None,
            go_live: None,
            timeframes: Vec::new(),
            frames: Vec::new(),
            items: Vec::new(),
            item_lines: Vec::new(),
            warnings: Vec::new(),
            table: None,
            inline: None,
            map: Vec::new(),
            origin: None,
            links_resolved: 0,
            links_unresolved: Vec::new(),
            skipped_paragraphs: 0,
        }
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        let l = self.line_starts.partition_point(|&s| s <= offset);
        l.checked_sub(1)
            .and_then(|i| self.map.get(i).copied())
            .unwrap_or(l)
    }

    fn warn(&mut self, line: usize, kind: WarningKind) {
        self.warnings.push(ImportWarning {
            line: Some(line),
            kind,
        });
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let line = self.line(range.start);
                self.inline = Some((Target::Heading(level, line), Inline::default()));
            }
            Event::Start(Tag::Paragraph) if self.inline.is_none() => {
                self.inline = Some((Target::Paragraph, Inline::default()));
            }
            Event::Start(Tag::Table(_)) => self.start_table(range.start),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                let line = self.line(range.start);
                if let Some(table) = &mut self.table {
                    table.row.clear();
                    table.row_line = line;
                }
            }
            Event::Start(Tag::TableCell) => {
                let inline = Inline {
                    origin: self.origin.clone(),
                    ..Inline::default()
                };
                self.inline = Some((Target::Cell, inline));
            }
            Event::End(TagEnd::TableCell) => {
                if matches!(self.inline, Some((Target::Cell, _))) {
                    if let (Some((_, inline)), Some(table)) = (self.inline.take(), &mut self.table)
                    {
                        table.row.push(normalize(&inline.out));
                        self.links_resolved += inline.resolved;
                        self.links_unresolved.extend(inline.unresolved);
                    }
                }
            }
            Event::End(TagEnd::TableHead) => self.end_head(),
            Event::End(TagEnd::TableRow) => self.end_row(),
            Event::End(TagEnd::Table) => self.table = None,
            Event::End(TagEnd::Heading(_)) => {
                if let Some((Target::Heading(level, line), _)) = self.inline {
                    if let Some((_, inline)) = self.inline.take() {
                        self.heading(level, line, normalize_line(&inline.out));
                    }
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if matches!(self.inline, Some((Target::Paragraph, _))) {
                    if let Some((_, inline)) = self.inline.take() {
                        self.paragraph(&inline.out);
                    }
                }
            }
            other => {
                if let Some((_, inline)) = &mut self.inline {
                    inline.event(other, range, self.src);
                }
            }
        }
    }

    fn heading(&mut self, level: HeadingLevel, line: usize, text: String) {
        match level {
            HeadingLevel::H1 if self.name.is_none() => self.name = Some(text),
            HeadingLevel::H2 => {
                let offset = infer_offset(&text);
                self.timeframes
                    .push(Timeframe::new(text, offset.unwrap_or(0)));
                self.frames.push(Frame {
                    line,
                    recognised: offset.is_some(),
                    explicit: false,
                    has_table: false,
                });
            }
            _ => {}
        }
    }

    fn paragraph(&mut self, text: &str) {
        let mut used = false;
        for line in text.lines() {
            if let Some(offset) = parse_offset_line(line) {
                if let (Some(tf), Some(frame)) =
                    (self.timeframes.last_mut(), self.frames.last_mut())
                {
                    tf.offset_days = offset;
                    frame.explicit = true;
                }
                used = true;
            } else if self.go_live.is_none() {
                self.go_live = parse_go_live_line(line);
                used |= self.go_live.is_some();
            }
        }
        if !used {
            self.skipped_paragraphs += 1;
        }
    }

    fn start_table(&mut self, at: usize) {
        let line = self.line(at);
        if self.frames.is_empty() {
            let name = "Imported".to_owned();
            self.warn(
                line,
                WarningKind::TableOutsideTimeframe {
                    timeframe: name.clone(),
                },
            );
            self.timeframes.push(Timeframe::new(name, 0));
            self.frames.push(Frame {
                line,
                recognised: true,
                explicit: false,
                has_table: true,
            });
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.has_table = true;
        }
        self.table = Some(Table {
            columns: Vec::new(),
            skip: false,
            row: Vec::new(),
            row_line: line,
        });
    }

    fn end_head(&mut self) {
        let Some(table) = &mut self.table else {
            return;
        };
        let headers = std::mem::take(&mut table.row);
        table.columns = columns(&headers, false);
        let line = table.row_line;
        if !has_item_columns(&table.columns) {
            table.skip = true;
            self.warn(line, WarningKind::TableWithoutItemColumns { headers });
            return;
        }
        let extras = extra_names(&table.columns);
        if !extras.is_empty() {
            self.warn(line, WarningKind::ExtraColumns { columns: extras });
        }
    }

    fn end_row(&mut self) {
        let Some(table) = &mut self.table else {
            return;
        };
        if table.skip {
            return;
        }
        let cells = std::mem::take(&mut table.row);
        let line = table.row_line;
        let timeframe = self.timeframes.len().saturating_sub(1);
        match item_from_row(&table.columns, &cells, timeframe, line, &mut self.warnings) {
            Some(item) => {
                self.items.push(item);
                self.item_lines.push(line);
            }
            None => self.warn(line, WarningKind::EmptyRow),
        }
    }

    fn finish(mut self, fallback_name: &str) -> Result<ImportPreview, ImportError> {
        // Drop headings that are neither timeframes nor hold items (an
        // "Introduction" section), renumbering the items' timeframes.
        let mut keep = Vec::with_capacity(self.frames.len());
        let mut renumber = Vec::with_capacity(self.frames.len());
        for (frame, tf) in self.frames.iter().zip(&self.timeframes) {
            let kept = frame.has_table || frame.explicit || frame.recognised;
            renumber.push(keep.iter().filter(|k| **k).count());
            keep.push(kept);
            if !kept {
                self.warnings.push(ImportWarning {
                    line: Some(frame.line),
                    kind: WarningKind::SkippedHeading {
                        heading: tf.name.clone(),
                    },
                });
            } else if !frame.recognised && !frame.explicit {
                self.warnings.push(ImportWarning {
                    line: Some(frame.line),
                    kind: WarningKind::UnrecognisedTimeframe {
                        heading: tf.name.clone(),
                    },
                });
            }
        }
        let mut kept_iter = keep.iter();
        self.timeframes
            .retain(|_| kept_iter.next().copied().unwrap_or(true));
        for item in &mut self.items {
            item.timeframe = renumber.get(item.timeframe).copied().unwrap_or(0);
        }
        if self.timeframes.is_empty() && self.items.is_empty() {
            return Err(ImportError::NoTables);
        }
        warn_duplicate_codes(&self.items, &self.item_lines, &mut self.warnings);
        sort_warnings(&mut self.warnings);
        let name = match self.name {
            Some(name) if !name.is_empty() => name,
            _ => fallback(fallback_name),
        };
        Ok(ImportPreview {
            checklist: Checklist {
                id: String::new(),
                name,
                go_live: self.go_live,
                timeframes: self.timeframes,
                items: self.items,
            },
            format: ImportFormat::Markdown,
            warnings: self.warnings,
        })
    }
}

/// Inline content turned back into plain text.
#[derive(Default)]
struct Inline {
    out: String,
    /// What closes each open emphasis, strong or link.
    closers: Vec<String>,
    /// Origin for site-relative links, and what became of them.
    origin: Option<String>,
    resolved: usize,
    unresolved: Vec<String>,
}

impl Inline {
    fn event(&mut self, event: Event<'_>, range: Range<usize>, src: &str) {
        match event {
            Event::Text(t) => self.out.push_str(&t),
            Event::Code(code) => {
                let longest = longest_run(&code, '`');
                let fence = "`".repeat(longest + 1);
                let pad = if code.starts_with('`') || code.ends_with('`') {
                    " "
                } else {
                    ""
                };
                self.out
                    .push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if is_line_break_tag(&html) {
                    self.out.push('\n');
                } else {
                    self.out.push_str(&html);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.out.push('\n'),
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => {
                let strong = matches!(event, Event::Start(Tag::Strong));
                let delimiter = match src.get(range.start..).and_then(|s| s.chars().next()) {
                    Some('_') => "_",
                    _ => "*",
                };
                let marker = if strong {
                    delimiter.repeat(2)
                } else {
                    delimiter.to_owned()
                };
                self.out.push_str(&marker);
                self.closers.push(marker);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let closer = match link_type {
                    // The label is the URL itself: leave it bare.
                    LinkType::Autolink => String::new(),
                    LinkType::Email => {
                        self.out.push('[');
                        if dest_url.to_lowercase().starts_with("mailto:") {
                            format!("]({dest_url})")
                        } else {
                            format!("](mailto:{dest_url})")
                        }
                    }
                    _ => {
                        self.out.push('[');
                        format!("]({})", self.resolve(&dest_url))
                    }
                };
                self.closers.push(closer);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.out.push_str("![");
                self.closers.push(format!("]({dest_url})"));
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image) => {
                if let Some(closer) = self.closers.pop() {
                    self.out.push_str(&closer);
                }
            }
            _ => {}
        }
    }
}

fn is_line_break_tag(html: &str) -> bool {
    let inner: String = html
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .flat_map(char::to_lowercase)
        .collect();
    inner == "<br>"
}

fn longest_run(s: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests;
