//! A tiny byte format for [`model::Document`], so the `matcher` target can take arbitrary bytes:
//! [`decode`] turns any bytes into a document, [`encode`] writes a document (one the readers
//! made from a sample form) in the format, which is how the matcher's seeds are made.
//!
//! The format: bytes other than the control bytes below are paragraph text (UTF-8, invalid
//! sequences replaced).
//!
//! | byte | meaning |
//! | --- | --- |
//! | [`PARA`] | ends the current paragraph (an empty one too) |
//! | [`TABLE`] | opens a table in the current container, with a first row and cell opened implicitly (a cell that receives nothing is dropped; a table has at least one row) |
//! | [`ROW`] | ends the current row of the innermost table and opens the next |
//! | [`CELL`] `a` | starts a cell: span `1 + (a & 0x0f)`, merged from above when `a & 0x10`, row span `1 + (a >> 5)`; the cell's column is the sum of the spans before it in its row, as the readers compute it |
//! | [`END`] | closes the innermost table (ignored outside one) |
//! | [`HEADING`] `l` | the current paragraph is a heading of level `1 + l % 9` |
//!
//! Tables nest at most [`MAX_DEPTH`] deep (a [`TABLE`] deeper is ignored): the DOCX reader's
//! XML depth limit (256, three elements per table level) allows about 85, PDFs do not nest
//! further than a table in a cell.

use model::{Block, Cell, Document, Paragraph, Row, Table};

/// Ends a paragraph.
pub const PARA: u8 = 0x00;
/// Opens a table.
pub const TABLE: u8 = 0x01;
/// Next row.
pub const ROW: u8 = 0x02;
/// Next cell; one attribute byte follows.
pub const CELL: u8 = 0x03;
/// Closes a table.
pub const END: u8 = 0x04;
/// Heading level; one byte follows.
pub const HEADING: u8 = 0x05;
/// Deepest table nesting decoded.
pub const MAX_DEPTH: usize = 90;

#[derive(Default)]
struct Level {
    blocks: Vec<Block>,
    text: Vec<u8>,
    heading: Option<u8>,
}

impl Level {
    fn end_paragraph(&mut self) {
        let text = String::from_utf8_lossy(&self.text).into_owned();
        let mut p = Paragraph::from_text(&text);
        p.heading = self.heading.take();
        self.text.clear();
        self.blocks.push(Block::Paragraph(p));
    }

    /// Flushes text not yet ended by [`PARA`] (a paragraph is never lost at a container's end).
    fn flush(&mut self) {
        if !self.text.is_empty() || self.heading.is_some() {
            self.end_paragraph();
        }
    }
}

struct Open {
    rows: Vec<Row>,
    cells: Vec<Cell>,
    /// The open cell's attributes (its content is the innermost [`Level`]).
    cell: Cell,
    /// True while the open cell was opened implicitly and has received nothing yet.
    implicit: bool,
    col: usize,
}

impl Open {
    fn new() -> Open {
        Open { rows: Vec::new(), cells: Vec::new(), cell: cell_attrs(0), implicit: true, col: 0 }
    }
}

fn cell_attrs(a: u8) -> Cell {
    Cell {
        col: 0,
        span: 1 + usize::from(a & 0x0f),
        merged_from_above: a & 0x10 != 0,
        row_span: 1 + usize::from(a >> 5),
        blocks: Vec::new(),
    }
}

struct Builder {
    levels: Vec<Level>,
    tables: Vec<Open>,
}

impl Builder {
    fn level(&mut self) -> &mut Level {
        self.touch();
        self.levels.last_mut().expect("the document level is never popped")
    }

    /// Content arrived: the open cell, if implicit, is now a real one.
    fn touch(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.implicit = false;
        }
    }

    /// Closes the innermost table's open cell into its row (an implicit empty one is dropped).
    fn close_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else { return };
        // Each open table has its open cell's level above the document level.
        let Some(mut content) = self.levels.pop() else { return };
        content.flush();
        if !t.implicit {
            let mut cell = std::mem::take(&mut t.cell);
            cell.col = t.col;
            t.col += cell.span;
            cell.blocks = content.blocks;
            t.cells.push(cell);
        }
    }

    fn open_cell(&mut self, attrs: Cell, implicit: bool) {
        if let Some(t) = self.tables.last_mut() {
            t.cell = attrs;
            t.implicit = implicit;
            self.levels.push(Level::default());
        }
    }

    fn close_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.rows.push(Row { cells: std::mem::take(&mut t.cells) });
            t.col = 0;
        }
    }

    fn end_table(&mut self) {
        self.close_cell();
        let Some(mut t) = self.tables.pop() else { return };
        t.rows.push(Row { cells: std::mem::take(&mut t.cells) });
        let level = self.levels.last_mut().expect("a table's parent level is below it");
        level.flush();
        level.blocks.push(Block::Table(Table { rows: t.rows }));
    }
}

/// The document the bytes describe (any bytes describe one).
pub fn decode(data: &[u8]) -> Document {
    let mut b = Builder { levels: vec![Level::default()], tables: Vec::new() };
    let mut i = 0;
    while i < data.len() {
        let byte = data[i];
        i += 1;
        match byte {
            PARA => b.level().end_paragraph(),
            TABLE => {
                if b.tables.len() < MAX_DEPTH {
                    b.level().flush();
                    b.tables.push(Open::new());
                    b.open_cell(cell_attrs(0), true);
                }
            }
            ROW => {
                if !b.tables.is_empty() {
                    b.close_cell();
                    b.close_row();
                    b.open_cell(cell_attrs(0), true);
                }
            }
            CELL => {
                let attrs = cell_attrs(data.get(i).copied().unwrap_or(0));
                i += 1;
                if let Some(t) = b.tables.last_mut() {
                    if t.implicit {
                        t.cell = attrs;
                        t.implicit = false;
                    } else {
                        b.close_cell();
                        b.open_cell(attrs, false);
                    }
                }
            }
            END => b.end_table(),
            HEADING => {
                let l = data.get(i).copied().unwrap_or(0);
                i += 1;
                b.level().heading = Some(1 + l % 9);
            }
            _ => b.level().text.push(byte),
        }
    }
    while !b.tables.is_empty() {
        b.end_table();
    }
    let mut top = b.levels.pop().expect("the document level");
    top.flush();
    Document { blocks: top.blocks, warnings: Vec::new() }
}

/// The bytes that [`decode`] turns back into `doc` (up to what the format keeps: text, headings,
/// tables, spans up to 16, row spans up to 8, merges; checkboxes come back from their glyphs).
pub fn encode(doc: &Document) -> Vec<u8> {
    let mut out = Vec::new();
    encode_blocks(&doc.blocks, &mut out);
    out
}

fn encode_blocks(blocks: &[Block], out: &mut Vec<u8>) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if let Some(h) = p.heading {
                    out.extend([HEADING, h.saturating_sub(1) % 9]);
                }
                for c in p.text.chars() {
                    let c = if u32::from(c) <= u32::from(HEADING) { ' ' } else { c };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                out.push(PARA);
            }
            Block::Table(t) => {
                out.push(TABLE);
                for (r, row) in t.rows.iter().enumerate() {
                    if r > 0 {
                        out.push(ROW);
                    }
                    for cell in &row.cells {
                        let span = cell.span.clamp(1, 16) - 1;
                        let row_span = cell.row_span.clamp(1, 8) - 1;
                        let a = span as u8 | if cell.merged_from_above { 0x10 } else { 0 } | (row_span as u8) << 5;
                        out.extend([CELL, a]);
                        encode_blocks(&cell.blocks, out);
                    }
                }
                out.push(END);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut doc = Document::default();
        let mut h = Paragraph::from_text("一、项目概况");
        h.heading = Some(1);
        doc.blocks.push(Block::Paragraph(h));
        let cell = |col, span, text: &str| Cell {
            col,
            span,
            merged_from_above: false,
            row_span: 1,
            blocks: vec![Block::Paragraph(Paragraph::from_text(text))],
        };
        let inner = Table { rows: vec![Row { cells: vec![cell(0, 1, "☑是"), cell(1, 1, "☐否")] }] };
        let mut nested = cell(1, 3, "");
        nested.blocks = vec![Block::Table(inner)];
        let mut merged = cell(0, 1, "");
        merged.merged_from_above = true;
        merged.blocks.clear();
        doc.blocks.push(Block::Table(Table {
            rows: vec![
                Row { cells: vec![cell(0, 1, "团队名称"), cell(1, 3, "数智先锋队")] },
                Row { cells: vec![merged, nested] },
                Row { cells: vec![] },
            ],
        }));
        doc.blocks.push(Block::Paragraph(Paragraph::from_text("")));
        assert_eq!(decode(&encode(&doc)), doc);
    }

    #[test]
    fn any_bytes_decode() {
        for data in [&b""[..], b"\x01\x01\x04\x04\x04\x02\x03", b"\x03", b"\x05", b"\x01a\x03\xffb\x02\x00"] {
            let _ = decode(data);
        }
        let deep = vec![TABLE; 10_000];
        let doc = decode(&deep);
        let mut depth = 0;
        let mut blocks = &doc.blocks;
        while let Some(Block::Table(t)) = blocks.first() {
            depth += 1;
            match t.rows[0].cells.first() {
                Some(c) => blocks = &c.blocks,
                None => break,
            }
        }
        assert_eq!(depth, MAX_DEPTH);
    }
}
