//! A small WordprocessingML writer: a block model (paragraphs, tables, cells, checkboxes)
//! rendered to `word/document.xml` with one checkbox convention for the whole document, then
//! zipped into a `.docx` with fixed timestamps so the output is byte-identical run after run.
//!
//! The model is also where ground-truth text comes from: [`Para::text`] gives a paragraph's
//! text with every checkbox written as the canonical `☑` / `☐`, which is what a correct reader
//! produces whatever convention the file uses.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::rng::Rng;

/// Canonical glyph of a checked box in ground-truth text.
pub const CHECKED: char = '☑';
/// Canonical glyph of an unchecked box in ground-truth text.
pub const UNCHECKED: char = '☐';

/// How every checkbox of one document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// `☑` / `☐` in their own run (MS Gothic).
    Unicode,
    /// `☒` / `☐` in their own run.
    UnicodeCross,
    /// `<w:sym w:font="Wingdings" w:char="F0FE"/>` / `F0A8`.
    WingdingsSym,
    /// `<w:sym w:font="Wingdings 2" w:char="F052"/>` (or `F054`) / `F0A3`.
    Wingdings2Sym,
    /// Word content controls (`w14:checkbox`); one unchecked control shows a lying `☒` glyph.
    ContentControl,
    /// Legacy `FORMCHECKBOX` fields, varying `w:checked` / `w:default`.
    FormField,
    /// `■` / `□` typed inline with the option text.
    Squares,
    /// `▣` / `□` typed inline with the option text.
    SquareDot,
    /// Private-use characters U+F0FE (or U+F0FD) / U+F0A8 in a run with a Wingdings font.
    PrivateUse,
    /// `√` (sometimes `✔`) before a checked option in place of a box, `□` for unchecked.
    CheckMark,
}

impl Convention {
    /// A short human description (README, logs).
    pub fn describe(self) -> &'static str {
        match self {
            Convention::Unicode => "Unicode ☑ / ☐ in their own run (MS Gothic)",
            Convention::UnicodeCross => "Unicode ☒ / ☐",
            Convention::WingdingsSym => "w:sym Wingdings F0FE / F0A8",
            Convention::Wingdings2Sym => "w:sym Wingdings 2 F052 and F054 / F0A3",
            Convention::ContentControl => "w14:checkbox content controls (one unchecked control shows a lying ☒)",
            Convention::FormField => "legacy FORMCHECKBOX form fields (w:checked / w:default variants)",
            Convention::Squares => "■ / □ inline with the option text",
            Convention::SquareDot => "▣ / □ inline with the option text",
            Convention::PrivateUse => "U+F0FE (U+F0FD) / U+F0A8 typed in a Wingdings run",
            Convention::CheckMark => "√ (some ✔) before checked options, □ for unchecked",
        }
    }
}

/// A piece of paragraph content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Bold text.
    Bold(String),
    /// A checkbox, checked or not, written in the document's convention.
    Box(bool),
    /// A tab character.
    Tab,
    /// A page break (no text).
    PageBreak,
}

/// Paragraph style ids known to `styles.xml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Heading1` … `Heading3`.
    Heading(u8),
    /// The cover title.
    Title,
    /// A table-of-contents line at level 1 or 2.
    Toc(u8),
}

impl Style {
    fn id(self) -> String {
        match self {
            Style::Heading(n) => format!("Heading{n}"),
            Style::Title => "Title".to_string(),
            Style::Toc(n) => format!("TOC{n}"),
        }
    }
}

/// A paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    /// Paragraph style, if any.
    pub style: Option<Style>,
    /// Centered.
    pub center: bool,
    /// A right tab stop with a dot leader (TOC lines).
    pub dot_tab: bool,
    /// Content.
    pub inlines: Vec<Inline>,
}

impl Para {
    /// An empty paragraph.
    pub fn new() -> Para {
        Para::default()
    }

    /// A paragraph holding plain text.
    pub fn plain(s: impl Into<String>) -> Para {
        Para::new().text(s)
    }

    /// A paragraph holding bold text.
    pub fn bold(s: impl Into<String>) -> Para {
        Para::new().b(s)
    }

    /// A heading paragraph (`level` 1–3).
    pub fn heading(level: u8, s: impl Into<String>) -> Para {
        let mut p = Para::plain(s);
        p.style = Some(Style::Heading(level));
        p
    }

    /// Appends plain text.
    pub fn text(mut self, s: impl Into<String>) -> Para {
        let s = s.into();
        if !s.is_empty() {
            self.inlines.push(Inline::Text(s));
        }
        self
    }

    /// Appends bold text.
    pub fn b(mut self, s: impl Into<String>) -> Para {
        self.inlines.push(Inline::Bold(s.into()));
        self
    }

    /// Appends a checkbox.
    pub fn check(mut self, checked: bool) -> Para {
        self.inlines.push(Inline::Box(checked));
        self
    }

    /// Appends `☐label` for every option, separated by `sep`.
    pub fn options<S: AsRef<str>>(mut self, opts: &[(S, bool)], sep: &str) -> Para {
        for (i, (label, checked)) in opts.iter().enumerate() {
            if i > 0 && !sep.is_empty() {
                self = self.text(sep);
            }
            self = self.check(*checked).text(label.as_ref());
        }
        self
    }

    /// Appends a tab.
    pub fn tab(mut self) -> Para {
        self.inlines.push(Inline::Tab);
        self
    }

    /// Appends a page break.
    pub fn page_break(mut self) -> Para {
        self.inlines.push(Inline::PageBreak);
        self
    }

    /// Sets the style.
    pub fn styled(mut self, s: Style) -> Para {
        self.style = Some(s);
        self
    }

    /// Centers the paragraph.
    pub fn centered(mut self) -> Para {
        self.center = true;
        self
    }

    /// Gives the paragraph a right tab stop with a dot leader.
    pub fn dot_tab(mut self) -> Para {
        self.dot_tab = true;
        self
    }

    /// The text as a correct reader returns it: checkboxes as `☑` / `☐`, tabs as `\t`.
    pub fn text_canonical(&self) -> String {
        self.text_as_read(None)
    }

    /// The text as a faithful reader returns it from a form written in `conv`: glyphs a team
    /// types (☑ ☒ ■ □ ▣ √ ✔) stay as typed; boxes that have no character of their own
    /// (symbol fonts, content controls, form fields) read as `☑` / `☐`.
    pub fn text_as_read(&self, conv: Option<Convention>) -> String {
        let mut s = String::new();
        for (k, i) in self.inlines.iter().enumerate() {
            match i {
                Inline::Text(t) | Inline::Bold(t) => s.push_str(t),
                Inline::Box(c) => {
                    let next = next_text(&self.inlines[k + 1..]);
                    match conv.and_then(|cv| typed_glyph(cv, *c, next)) {
                        Some(g) => s.push_str(g),
                        None => s.push(if *c { CHECKED } else { UNCHECKED }),
                    }
                }
                Inline::Tab => s.push('\t'),
                Inline::PageBreak => {}
            }
        }
        s
    }
}

/// The text that follows a box (its option label), for glyph choices that depend on it.
fn next_text(rest: &[Inline]) -> &str {
    match rest.first() {
        Some(Inline::Text(t)) | Some(Inline::Bold(t)) => t,
        _ => "",
    }
}

/// The character typed for a box in conventions where the team types the glyph; `None` for
/// conventions without a character of their own. `✔` replaces `√` before some options (by
/// the option text, so the truth can say which without rendering).
pub fn typed_glyph(conv: Convention, checked: bool, option: &str) -> Option<&'static str> {
    Some(match (conv, checked) {
        (Convention::Unicode, true) => "☑",
        (Convention::Unicode, false) | (Convention::UnicodeCross, false) => "☐",
        (Convention::UnicodeCross, true) => "☒",
        (Convention::Squares, true) => "■",
        (Convention::Squares, false) | (Convention::SquareDot, false) | (Convention::CheckMark, false) => "□",
        (Convention::SquareDot, true) => "▣",
        (Convention::CheckMark, true) if option.trim().chars().count() % 3 == 0 => "✔",
        (Convention::CheckMark, true) => "√",
        _ => return None,
    })
}

/// Vertical merge state of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    /// Not merged.
    #[default]
    None,
    /// Starts a vertical merge.
    Restart,
    /// Continues the merge from the row above.
    Continue,
}

/// A table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Grid columns spanned (`w:gridSpan`).
    pub span: usize,
    /// Vertical merge.
    pub vmerge: VMerge,
    /// Content.
    pub blocks: Vec<Block>,
}

impl Cell {
    /// A one-column cell with these blocks.
    pub fn new(blocks: Vec<Block>) -> Cell {
        Cell { span: 1, vmerge: VMerge::None, blocks }
    }

    /// A cell holding one plain paragraph.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::new(vec![Block::P(Para::plain(s))])
    }

    /// A cell holding one paragraph.
    pub fn para(p: Para) -> Cell {
        Cell::new(vec![Block::P(p)])
    }

    /// A cell holding several paragraphs.
    pub fn paras(ps: Vec<Para>) -> Cell {
        Cell::new(ps.into_iter().map(Block::P).collect())
    }

    /// Sets the grid span.
    pub fn span(mut self, n: usize) -> Cell {
        self.span = n;
        self
    }

    /// Sets the vertical merge state.
    pub fn vmerge(mut self, v: VMerge) -> Cell {
        self.vmerge = v;
        self
    }
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Cells.
    pub cells: Vec<Cell>,
}

impl Row {
    /// A row of these cells.
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells }
    }
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Grid column widths in twips.
    pub widths: Vec<u32>,
    /// Rows.
    pub rows: Vec<Row>,
}

/// A block of body or cell content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    P(Para),
    /// A table.
    T(Table),
}

/// Rendering options for one document.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The checkbox convention used for every box.
    pub convention: Convention,
    /// Split text runs at arbitrary places (as Word does after editing), to test run merging.
    pub split_runs: bool,
    /// Wrap the TOC lines (paragraphs styled `Toc`) in a `TOC` field.
    pub toc_field: bool,
    /// Seed for the run-splitting choices.
    pub seed: u64,
    /// `dc:creator` / `cp:lastModifiedBy` in `docProps/core.xml`.
    pub author: String,
    /// `dc:title` in `docProps/core.xml`.
    pub title: String,
}

const NS: &str = concat!(
    r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:o="urn:schemas-microsoft-com:office:office" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:w10="urn:schemas-microsoft-com:office:word" "#,
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" "#,
    r#"mc:Ignorable="w14""#
);

const GOTHIC: &str = r#"<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/>"#;

/// Renders blocks to `word/document.xml`.
struct Renderer {
    conv: Convention,
    split_runs: bool,
    toc_field: bool,
    rng: Rng,
    n_checked: usize,
    n_unchecked: usize,
    next_id: usize,
    in_toc: bool,
    out: String,
}

impl Renderer {
    fn new(opts: &RenderOptions) -> Renderer {
        Renderer {
            conv: opts.convention,
            split_runs: opts.split_runs,
            toc_field: opts.toc_field,
            rng: Rng::new(opts.seed ^ 0x005E_ED0F_D0C5),
            n_checked: 0,
            n_unchecked: 0,
            next_id: 1,
            in_toc: false,
            out: String::new(),
        }
    }

    fn document(mut self, blocks: &[Block]) -> String {
        self.out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        self.out.push('\n');
        write!(self.out, "<w:document {NS}><w:body>").unwrap();
        self.blocks(blocks, true);
        self.out.push_str(concat!(
            r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>"#,
            r#"<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>"#,
            r#"<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>"#,
            "</w:body></w:document>"
        ));
        self.out
    }

    fn blocks(&mut self, blocks: &[Block], body: bool) {
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::P(p) => {
                    let is_toc = matches!(p.style, Some(Style::Toc(_)));
                    let next_is_toc =
                        matches!(blocks.get(i + 1), Some(Block::P(Para { style: Some(Style::Toc(_)), .. })));
                    let open = body && self.toc_field && is_toc && !self.in_toc;
                    let close = body && self.toc_field && is_toc && !next_is_toc;
                    if open {
                        self.in_toc = true;
                    }
                    self.para(p, open, close);
                    if close {
                        self.in_toc = false;
                    }
                }
                Block::T(t) => {
                    self.table(t);
                    // Two adjacent tables would merge into one in Word; keep them apart.
                    if matches!(blocks.get(i + 1), Some(Block::T(_))) {
                        self.out.push_str("<w:p/>");
                    }
                }
            }
        }
    }

    fn para(&mut self, p: &Para, toc_open: bool, toc_close: bool) {
        self.out.push_str("<w:p>");
        let mut ppr = String::new();
        if let Some(s) = p.style {
            write!(ppr, r#"<w:pStyle w:val="{}"/>"#, s.id()).unwrap();
        }
        if p.dot_tab {
            ppr.push_str(r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs>"#);
        }
        if p.center {
            ppr.push_str(r#"<w:jc w:val="center"/>"#);
        }
        if !ppr.is_empty() {
            write!(self.out, "<w:pPr>{ppr}</w:pPr>").unwrap();
        }
        if toc_open {
            self.out.push_str(concat!(
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#,
                r#"<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r>"#,
                r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#
            ));
        }
        // Inline text-glyph conventions are written into the neighbouring text run.
        let mut pending = String::new();
        let mut pending_bold = false;
        for (k, inl) in p.inlines.iter().enumerate() {
            match inl {
                Inline::Text(t) | Inline::Bold(t) => {
                    let bold = matches!(inl, Inline::Bold(_));
                    if bold != pending_bold && !pending.is_empty() {
                        self.text_run(&pending, pending_bold);
                        pending.clear();
                    }
                    pending_bold = bold;
                    pending.push_str(t);
                }
                Inline::Box(c) => {
                    if let Some(g) = self.inline_glyph(*c, next_text(&p.inlines[k + 1..])) {
                        pending.push_str(g);
                    } else {
                        if !pending.is_empty() {
                            self.text_run(&pending, pending_bold);
                            pending.clear();
                        }
                        self.checkbox(*c);
                    }
                }
                Inline::Tab => {
                    if !pending.is_empty() {
                        self.text_run(&pending, pending_bold);
                        pending.clear();
                    }
                    self.out.push_str("<w:r><w:tab/></w:r>");
                }
                Inline::PageBreak => {
                    if !pending.is_empty() {
                        self.text_run(&pending, pending_bold);
                        pending.clear();
                    }
                    self.out.push_str(r#"<w:r><w:br w:type="page"/></w:r>"#);
                }
            }
        }
        if !pending.is_empty() {
            self.text_run(&pending, pending_bold);
        }
        if toc_close {
            self.out.push_str(r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#);
        }
        self.out.push_str("</w:p>");
    }

    /// For conventions whose glyph is typed inline with the option text, the glyph.
    fn inline_glyph(&mut self, checked: bool, option: &str) -> Option<&'static str> {
        match self.conv {
            Convention::Squares | Convention::SquareDot | Convention::CheckMark => {
                typed_glyph(self.conv, checked, option)
            }
            _ => None,
        }
    }

    fn text_run(&mut self, text: &str, bold: bool) {
        let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        let chars: Vec<char> = text.chars().collect();
        if self.split_runs && chars.len() > 3 && self.rng.below(2) == 0 {
            let cut = 1 + self.rng.below(chars.len() as u64 - 1) as usize;
            let a: String = chars[..cut].iter().collect();
            let b: String = chars[cut..].iter().collect();
            write!(self.out, "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(&a)).unwrap();
            if self.rng.below(3) == 0 {
                self.out.push_str(r#"<w:proofErr w:type="gramStart"/>"#);
            }
            write!(self.out, "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(&b)).unwrap();
        } else {
            write!(self.out, "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text)).unwrap();
        }
    }

    fn checkbox(&mut self, checked: bool) {
        let (nc, nu) = (self.n_checked, self.n_unchecked);
        if checked {
            self.n_checked += 1;
        } else {
            self.n_unchecked += 1;
        }
        let id = self.next_id;
        self.next_id += 1;
        let o = &mut self.out;
        match self.conv {
            Convention::Unicode | Convention::UnicodeCross => {
                let g = match (self.conv, checked) {
                    (_, false) => UNCHECKED,
                    (Convention::Unicode, true) => CHECKED,
                    _ => '☒',
                };
                write!(o, "<w:r><w:rPr>{GOTHIC}</w:rPr><w:t>{g}</w:t></w:r>").unwrap();
            }
            Convention::WingdingsSym => {
                let c = if checked { "F0FE" } else { "F0A8" };
                write!(
                    o,
                    r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:sym w:font="Wingdings" w:char="{c}"/></w:r>"#
                )
                .unwrap();
            }
            Convention::Wingdings2Sym => {
                let c = match (checked, nc % 2) {
                    (false, _) => "F0A3",
                    (true, 0) => "F052",
                    (true, _) => "F054",
                };
                write!(o, r#"<w:r><w:sym w:font="Wingdings 2" w:char="{c}"/></w:r>"#).unwrap();
            }
            Convention::ContentControl => {
                // The first unchecked control lies: its visible glyph is ☒ while its state is 0.
                let lying = !checked && nu == 0;
                let (val, glyph) = match (checked, lying) {
                    (true, _) => ("1", '☒'),
                    (false, true) => ("0", '☒'),
                    (false, false) => ("0", '☐'),
                };
                write!(
                    o,
                    concat!(
                        r#"<w:sdt><w:sdtPr><w:rPr>{g}</w:rPr><w:id w:val="{id}"/>"#,
                        r#"<w14:checkbox><w14:checked w14:val="{val}"/>"#,
                        r#"<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>"#,
                        r#"<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>"#,
                        r#"</w:sdtPr><w:sdtContent><w:r><w:rPr>{g}</w:rPr><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"#
                    ),
                    g = GOTHIC,
                    id = 1_000_000 + id,
                    val = val,
                    glyph = glyph
                )
                .unwrap();
            }
            Convention::FormField => {
                let state = match (checked, nc % 2, nu % 3) {
                    (true, 0, _) => r#"<w:default w:val="0"/><w:checked/>"#,
                    (true, _, _) => r#"<w:default w:val="1"/>"#,
                    (false, _, 0) => r#"<w:default w:val="0"/>"#,
                    (false, _, 1) => r#"<w:default w:val="0"/><w:checked w:val="0"/>"#,
                    (false, _, _) => r#"<w:default w:val="1"/><w:checked w:val="0"/>"#,
                };
                write!(
                    o,
                    concat!(
                        r#"<w:bookmarkStart w:id="{bid}" w:name="Check{n}"/>"#,
                        r#"<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check{n}"/><w:enabled/>"#,
                        r#"<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>"#,
                        r#"<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>"#,
                        r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{bid}"/>"#
                    ),
                    bid = id,
                    n = id,
                    state = state
                )
                .unwrap();
            }
            Convention::PrivateUse => {
                let c = match (checked, nc % 3) {
                    (false, _) => "&#xF0A8;",
                    (true, 2) => "&#xF0FD;",
                    (true, _) => "&#xF0FE;",
                };
                write!(
                    o,
                    r#"<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>{c}</w:t></w:r>"#
                )
                .unwrap();
            }
            Convention::Squares | Convention::SquareDot | Convention::CheckMark => {
                unreachable!("inline conventions are handled by inline_glyph")
            }
        }
    }

    fn table(&mut self, t: &Table) {
        self.out.push_str(concat!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>"#,
            r#"<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
        ));
        for w in &t.widths {
            write!(self.out, r#"<w:gridCol w:w="{w}"/>"#).unwrap();
        }
        self.out.push_str("</w:tblGrid>");
        for row in &t.rows {
            self.out.push_str("<w:tr>");
            let mut col = 0usize;
            for cell in &row.cells {
                let span = cell.span.max(1);
                let width: u32 = t.widths.iter().skip(col).take(span).sum();
                col += span;
                write!(self.out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#).unwrap();
                if span > 1 {
                    write!(self.out, r#"<w:gridSpan w:val="{span}"/>"#).unwrap();
                }
                match cell.vmerge {
                    VMerge::None => {}
                    VMerge::Restart => self.out.push_str(r#"<w:vMerge w:val="restart"/>"#),
                    VMerge::Continue => self.out.push_str("<w:vMerge/>"),
                }
                self.out.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
                self.blocks(&cell.blocks, false);
                // A cell must end with a paragraph.
                if !matches!(cell.blocks.last(), Some(Block::P(_))) {
                    self.out.push_str("<w:p/>");
                }
                self.out.push_str("</w:tc>");
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
    }
}

/// Escapes XML text.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// Renders `blocks` to the XML of `word/document.xml`.
pub fn document_xml(blocks: &[Block], opts: &RenderOptions) -> String {
    Renderer::new(opts).document(blocks)
}

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    "</Relationships>"
);

const DOC_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    "</Relationships>"
);

const APP: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    "<Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>"
);

/// `word/styles.xml`: Normal, Title, Heading 1–3, TOC 1–2 and Table Grid.
pub fn styles_xml() -> String {
    let mut s = String::new();
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    s.push('\n');
    s.push_str(r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#);
    s.push_str(concat!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>"#,
        r#"<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
        r#"<w:pPrDefault/></w:docDefaults>"#,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>"#,
        r#"<w:pPr><w:spacing w:before="240" w:after="60"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="44"/></w:rPr></w:style>"#,
    ));
    for (n, size) in [(1u8, 32u32), (2, 30), (3, 28)] {
        write!(
            s,
            concat!(
                r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>"#,
                r#"<w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="260" w:after="260"/>"#,
                r#"<w:outlineLvl w:val="{lvl}"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="{size}"/></w:rPr></w:style>"#
            ),
            n = n,
            lvl = n - 1,
            size = size
        )
        .unwrap();
    }
    for n in 1..=2u8 {
        write!(
            s,
            concat!(
                r#"<w:style w:type="paragraph" w:styleId="TOC{n}"><w:name w:val="toc {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>"#,
                r#"<w:uiPriority w:val="39"/><w:pPr><w:ind w:leftChars="{ind}" w:left="{indw}"/></w:pPr></w:style>"#
            ),
            n = n,
            ind = (n - 1) * 200,
            indw = (n as u32 - 1) * 420
        )
        .unwrap();
    }
    s.push_str(concat!(
        r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>"#,
        r#"<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>"#,
        r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
        r#"</w:tblBorders></w:tblPr></w:style></w:styles>"#
    ));
    s
}

fn core_xml(opts: &RenderOptions) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
            r#"<cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2025-06-20T08:00:00Z</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2025-06-28T09:30:00Z</dcterms:modified></cp:coreProperties>"#
        ),
        title = esc(&opts.title),
        author = esc(&opts.author)
    )
}

/// Writes named parts into a zip with fixed timestamps (deflated).
pub fn zip_parts(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut cur = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut cur);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, data) in parts {
            z.start_file(*name, o).expect("zip entry");
            z.write_all(data).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    cur.into_inner()
}

/// A complete `.docx` file holding `blocks`.
pub fn write_docx(blocks: &[Block], opts: &RenderOptions) -> Vec<u8> {
    let doc = document_xml(blocks, opts);
    zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("word/document.xml", doc.into_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes().to_vec()),
        ("word/styles.xml", styles_xml().into_bytes()),
        ("docProps/core.xml", core_xml(opts).into_bytes()),
        ("docProps/app.xml", APP.as_bytes().to_vec()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(c: Convention) -> RenderOptions {
        RenderOptions {
            convention: c,
            split_runs: false,
            toc_field: false,
            seed: 1,
            author: "a".into(),
            title: "t".into(),
        }
    }

    #[test]
    fn canonical_text_uses_canonical_glyphs() {
        let p = Para::plain("1 对象：").options(&[("政府", true), ("企业", false)], " ");
        assert_eq!(p.text_canonical(), "1 对象：☑政府 ☐企业");
    }

    #[test]
    fn content_control_has_one_lying_glyph() {
        let p = Para::new().options(&[("a", false), ("b", false), ("c", true)], " ");
        let xml = document_xml(&[Block::P(p)], &opts(Convention::ContentControl));
        assert_eq!(xml.matches(r#"w14:checked w14:val="0""#).count(), 2);
        assert_eq!(xml.matches("<w:t>☒</w:t>").count(), 2);
    }

    #[test]
    fn squares_are_inline() {
        let p = Para::new().options(&[("a", true), ("b", false)], " ");
        let xml = document_xml(&[Block::P(p)], &opts(Convention::Squares));
        assert!(xml.contains(">■a □b<"));
    }
}
