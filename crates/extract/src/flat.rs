//! The document flattened into lines (one per paragraph, table cells included) with the
//! table structure kept alongside, so that both "the text after this label" and "the cell to
//! the right of this label" are cheap questions.

use std::ops::Range;

use model::{Block, Document};

/// One paragraph of the document.
#[derive(Debug)]
pub(crate) struct Line {
    /// The text as read (checkbox glyphs included).
    pub text: String,
    /// Heading level from the paragraph style, if any.
    pub heading: Option<u8>,
    /// The paragraph style id.
    pub style: Option<String>,
    /// The table cell the line is in: (table index, row, cell index in row).
    pub cell: Option<(usize, usize, usize)>,
}

/// A table, by line ranges.
#[derive(Debug)]
pub(crate) struct FlatTable {
    pub rows: Vec<Vec<FlatCell>>,
    /// Lines of the whole table (nested tables included).
    pub lines: Range<usize>,
}

/// A table cell, by line range.
#[derive(Debug)]
pub(crate) struct FlatCell {
    pub col: usize,
    pub span: usize,
    pub merged_from_above: bool,
    pub row_span: usize,
    pub lines: Range<usize>,
}

/// The flattened document.
#[derive(Debug, Default)]
pub(crate) struct Flat {
    pub lines: Vec<Line>,
    pub tables: Vec<FlatTable>,
}

impl Flat {
    pub(crate) fn new(doc: &Document) -> Flat {
        let mut flat = Flat::default();
        flat.push_blocks(&doc.blocks, None);
        flat
    }

    fn push_blocks(&mut self, blocks: &[Block], cell: Option<(usize, usize, usize)>) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => {
                    self.lines.push(Line { text: p.text.clone(), heading: p.heading, style: p.style.clone(), cell })
                }
                Block::Table(t) => {
                    let id = self.tables.len();
                    let start = self.lines.len();
                    self.tables.push(FlatTable { rows: Vec::new(), lines: start..start });
                    let mut rows = Vec::with_capacity(t.rows.len());
                    for (ri, row) in t.rows.iter().enumerate() {
                        let mut cells = Vec::with_capacity(row.cells.len());
                        for (ci, c) in row.cells.iter().enumerate() {
                            let s = self.lines.len();
                            self.push_blocks(&c.blocks, Some((id, ri, ci)));
                            cells.push(FlatCell {
                                col: c.col,
                                span: c.span.max(1),
                                merged_from_above: c.merged_from_above,
                                row_span: c.row_span.max(1),
                                lines: s..self.lines.len(),
                            });
                        }
                        rows.push(cells);
                    }
                    let end = self.lines.len();
                    self.tables[id] = FlatTable { rows, lines: start..end };
                }
            }
        }
    }

    /// The text of a range of lines: trimmed, empty lines dropped, joined with `\n`.
    pub(crate) fn text_of(&self, lines: Range<usize>) -> String {
        let mut out = String::new();
        for l in &self.lines[lines] {
            let t = l.text.trim();
            if !t.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(t);
            }
        }
        out
    }

    /// Whether a line could be a heading: a body paragraph, or the only non-empty cell of
    /// its table row (a title row), and not a table-of-contents entry.
    pub(crate) fn heading_candidate(&self, line: usize) -> bool {
        let l = &self.lines[line];
        let t = l.text.trim();
        let max = if l.heading.is_some() { 90 } else { 60 };
        if t.is_empty() || t.chars().count() > max || is_toc_line(l) {
            return false;
        }
        match l.cell {
            None => true,
            Some((ti, ri, ci)) => {
                let row = &self.tables[ti].rows[ri];
                let nonempty: Vec<usize> = row
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.merged_from_above && !self.text_of(c.lines.clone()).is_empty())
                    .map(|(i, _)| i)
                    .collect();
                nonempty == [ci] && row[ci].lines.start == line
            }
        }
    }
}

fn is_toc_line(l: &Line) -> bool {
    if l.style.as_deref().is_some_and(|s| s.to_ascii_lowercase().starts_with("toc") || s.starts_with("目录")) {
        return true;
    }
    let t = l.text.trim_end();
    let digits = t.chars().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let head: String = t.chars().take(t.chars().count() - digits).collect();
    let head = head.trim_end();
    head.ends_with("...")
        || head.ends_with("……")
        || head.ends_with('…')
        || head.ends_with("···")
        || t.contains('\t') && head.len() < t.len()
}
