//! The neutral document model: paragraphs and tables in document order.

/// The glyph readers write into paragraph text for a checked box that has no character of its
/// own (symbol-font codes, content controls, form fields). Glyphs a team typed (☑ ☒ ■ ▣ √ ✔)
/// stay in the text as typed, so the text is what the team wrote; both kinds are listed in
/// [`Paragraph::checkboxes`].
pub const CHECKED: char = '☑';
/// The glyph readers write for an unchecked box that has no character of its own (typed ☐ □
/// stay as typed).
pub const UNCHECKED: char = '☐';

/// A whole document as the template matcher sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Body content in reading order.
    pub blocks: Vec<Block>,
    /// Reader remarks worth showing a person (a part that could not be read, a fallback used).
    pub warnings: Vec<String>,
}

/// One block of body content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph (a heading is a paragraph too; `Paragraph::heading` says so).
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// A paragraph: its text, with boxes that have no character of their own written as
/// [`CHECKED`] / [`UNCHECKED`], and every checkbox listed with its state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The visible text. Tabs stay `\t`, manual line breaks `\n`.
    pub text: String,
    /// The checkboxes in `text`, in order.
    pub checkboxes: Vec<Checkbox>,
    /// Outline level when the paragraph is styled as a heading (0 = Heading 1).
    pub heading: Option<u8>,
    /// The paragraph style id, when one is set.
    pub style: Option<String>,
}

/// A checkbox found in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkbox {
    /// Character index (not byte) of the box glyph in [`Paragraph::text`].
    pub char_index: usize,
    /// Whether it is checked.
    pub checked: bool,
    /// How the form marked it.
    pub source: CheckSource,
}

/// The convention a checkbox was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSource {
    /// A Unicode glyph in the text (☑ ☐ ■ □ √ …).
    Glyph,
    /// A symbol-font character (`w:sym`, or U+F0xx / a symbol font's code in a run).
    SymbolFont,
    /// A Word content control (`w14:checkbox`).
    ContentControl,
    /// A legacy form field (`FORMCHECKBOX`).
    FormField,
}

/// A table; merged cells are resolved into grid positions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Row>,
}

/// One table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The cells actually present in the row (a horizontally merged cell appears once).
    pub cells: Vec<Cell>,
}

/// One table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Grid column where the cell starts.
    pub col: usize,
    /// Grid columns it spans (`w:gridSpan`), at least 1.
    pub span: usize,
    /// True when this cell continues a vertical merge from the row above: its content is the
    /// origin cell's, which is where the text lives.
    pub merged_from_above: bool,
    /// Rows the cell covers when it starts a vertical merge (1 when not merged).
    pub row_span: usize,
    /// Cell content: paragraphs and nested tables.
    pub blocks: Vec<Block>,
}

impl Paragraph {
    /// A paragraph holding `text`, with checkbox glyphs already in canonical form located.
    pub fn from_text(text: &str) -> Paragraph {
        let mut p = Paragraph { text: text.to_string(), ..Paragraph::default() };
        for (i, c) in p.text.chars().enumerate() {
            if c == CHECKED || c == UNCHECKED {
                p.checkboxes.push(Checkbox { char_index: i, checked: c == CHECKED, source: CheckSource::Glyph });
            }
        }
        p
    }
}

impl Cell {
    /// The cell's text: paragraphs joined by `\n`, nested tables' cells by `\t`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        push_blocks_text(&self.blocks, &mut out);
        while out.ends_with('\n') {
            out.pop();
        }
        out
    }

    /// All paragraphs in the cell, nested tables included, in reading order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut out = Vec::new();
        collect_paragraphs(&self.blocks, &mut out);
        out
    }
}

impl Table {
    /// Number of grid columns used by the widest row.
    pub fn grid_width(&self) -> usize {
        self.rows.iter().filter_map(|r| r.cells.last().map(|c| c.col + c.span.max(1))).max().unwrap_or(0)
    }
}

impl Document {
    /// The whole text in reading order: one paragraph a line, table rows as tab-separated cells.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        push_blocks_text(&self.blocks, &mut out);
        out
    }

    /// Every paragraph in the document, table cells included, in reading order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut out = Vec::new();
        collect_paragraphs(&self.blocks, &mut out);
        out
    }

    /// Every table, nested ones included (outer before inner).
    pub fn tables(&self) -> Vec<&Table> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Table>) {
            for b in blocks {
                if let Block::Table(t) = b {
                    out.push(t);
                    for r in &t.rows {
                        for c in &r.cells {
                            walk(&c.blocks, out);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

fn push_blocks_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                out.push_str(&p.text);
                out.push('\n');
            }
            Block::Table(t) => {
                for r in &t.rows {
                    let cells: Vec<String> =
                        r.cells.iter().filter(|c| !c.merged_from_above).map(|c| c.text().replace('\n', " ")).collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
        }
    }
}

fn collect_paragraphs<'a>(blocks: &'a [Block], out: &mut Vec<&'a Paragraph>) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push(p),
            Block::Table(t) => {
                for r in &t.rows {
                    for c in &r.cells {
                        collect_paragraphs(&c.blocks, out);
                    }
                }
            }
        }
    }
}
