//! Page layout: glyphs into lines by baseline, lines into paragraphs, ruling lines into table
//! grids (merged cells where a border is missing), text into cells, blocks in reading order.

use model::{Block, Cell, Paragraph, Row, Table};

use super::content::{Glyph, PageContent, Seg};
use super::fonts::GlyphText;

/// A line of text on the page.
#[derive(Debug, Clone)]
struct Line {
    y: f32,
    x0: f32,
    x1: f32,
    size: f32,
    text: String,
}

/// Geometry of a ruled table, kept for joining a table broken across pages.
#[derive(Debug, Clone)]
pub(crate) struct TableMeta {
    /// Column edges, left to right (one more than the table's columns).
    pub(crate) xs: Vec<f32>,
    /// The first row has no ruling line above it (a row split by the page break).
    pub(crate) open_top: bool,
}

/// How a free paragraph sits on the page, kept for joining a paragraph broken across pages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParaMeta {
    /// Its last line runs to the right edge of the text (the paragraph may go on).
    pub(crate) full_end: bool,
    /// Font size of the first and of the last line.
    pub(crate) first_size: f32,
    pub(crate) last_size: f32,
}

/// What layout knows about a block beyond the model.
#[derive(Debug, Clone)]
pub(crate) enum Meta {
    None,
    Table(TableMeta),
    Para(ParaMeta),
}

/// The blocks of one page, top to bottom; tables and free paragraphs carry their geometry.
pub(crate) fn layout(page: PageContent) -> Vec<(Block, Meta)> {
    let PageContent { glyphs, segs, media_x, .. } = page;
    let (vert, horiz): (Vec<Glyph>, Vec<Glyph>) = glyphs.into_iter().partition(|g| g.vertical);
    let (horiz, rotated): (Vec<Glyph>, Vec<Glyph>) = horiz.into_iter().partition(|g| g.frame == 0);
    let mut out: Vec<(f32, Block)> = Vec::new();
    let mut metas: Vec<TableMeta> = Vec::new();
    let mut pmetas: Vec<ParaMeta> = Vec::new();

    // Vertical writing: columns right to left, each top to bottom.
    if !vert.is_empty() {
        for col in vertical_columns(vert) {
            out.push((f32::MAX, Block::Paragraph(Paragraph::from_text(&col))));
        }
    }

    let grids = grids(&segs);
    let mut free = Vec::with_capacity(horiz.len());
    let mut cell_glyphs: Vec<Vec<Vec<Glyph>>> = grids.iter().map(|g| vec![Vec::new(); g.cells.len()]).collect();
    'g: for g in horiz {
        let cx = g.x + g.w / 2.0;
        let cy = g.y + g.size * 0.3;
        for (k, grid) in grids.iter().enumerate() {
            if let Some(ci) = grid.cell_at(cx, cy) {
                cell_glyphs[k][ci].push(g);
                continue 'g;
            }
        }
        free.push(g);
    }
    for (grid, glyphs) in grids.iter().zip(cell_glyphs) {
        if glyphs.iter().all(|c| c.is_empty()) {
            continue;
        }
        out.push((grid.ys[0], Block::Table(grid.table(glyphs))));
        metas.push(TableMeta { xs: grid.xs.clone(), open_top: grid.open_top });
    }
    let free_lines = lines(free, CJK_GAP_FREE);
    let nfixed = out.len();
    for (y, b, m) in paragraphs_meta(&free_lines, text_right(&free_lines, media_x)) {
        out.push((y, b));
        pmetas.push(m);
    }
    // Tables first in `out` after the vertical columns: attach their geometry before sorting.
    let mut tagged: Vec<(f32, Block, Meta)> = Vec::with_capacity(out.len());
    let mut mi = metas.into_iter();
    let mut pi = pmetas.into_iter();
    for (k, (y, b)) in out.into_iter().enumerate() {
        let m = if matches!(b, Block::Table(_)) {
            mi.next().map(Meta::Table).unwrap_or(Meta::None)
        } else if k >= nfixed {
            pi.next().map(Meta::Para).unwrap_or(Meta::None)
        } else {
            Meta::None
        };
        tagged.push((y, b, m));
    }
    // Stable: equal tops keep their order (vertical columns first).
    tagged.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut blocks: Vec<(Block, Meta)> = tagged.into_iter().map(|(_, b, m)| (b, m)).collect();
    // Rotated text (landscape pages, stamps): each direction in its own frame, after the rest;
    // text at odd angles in content order.
    for frame in 1..=3u8 {
        let g: Vec<Glyph> = rotated.iter().filter(|g| g.frame == frame).cloned().collect();
        blocks.extend(paragraphs(&lines(g, CJK_GAP_FREE), None).into_iter().map(|(_, b)| (b, Meta::None)));
    }
    let mut odd: Vec<&Glyph> = rotated.iter().filter(|g| g.frame == 4).collect();
    odd.sort_by_key(|g| g.seq);
    let mut s = String::new();
    for g in odd {
        push_text(&mut s, &g.text);
    }
    let s = collapse_spaces(&s);
    if !s.is_empty() {
        blocks.push((Block::Paragraph(Paragraph::from_text(&s)), Meta::None));
    }
    blocks
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn first_char(t: &GlyphText) -> Option<char> {
    match t {
        GlyphText::Char(c) => Some(*c),
        GlyphText::Str(s) => s.chars().next(),
        _ => None,
    }
}

fn last_char(t: &GlyphText) -> Option<char> {
    match t {
        GlyphText::Char(c) => Some(*c),
        GlyphText::Str(s) => s.chars().last(),
        _ => None,
    }
}

fn push_text(out: &mut String, t: &GlyphText) {
    match t {
        GlyphText::Char(c) => out.push(*c),
        GlyphText::Str(s) => out.push_str(s),
        _ => {}
    }
}

/// Gap (in em) between CJK glyphs that is taken for a space in free text.
const CJK_GAP_FREE: f32 = 1.0;
/// … and inside a table cell, where justified lines spread a few characters over the cell's
/// width (`据      平` when the next character may not start a line).
const CJK_GAP_CELL: f32 = 4.0;

/// Glyphs into lines: clustered by baseline, ordered by x, overprinted duplicates dropped,
/// spaces where the gap is wider than 0.3 em between Latin glyphs (`cjk_gap` em next to CJK).
fn lines(mut glyphs: Vec<Glyph>, cjk_gap: f32) -> Vec<Line> {
    if glyphs.is_empty() {
        return Vec::new();
    }
    glyphs.sort_by(|a, b| b.y.partial_cmp(&a.y).unwrap_or(std::cmp::Ordering::Equal).then(a.seq.cmp(&b.seq)));
    let mut groups: Vec<Vec<Glyph>> = Vec::new();
    let mut cur: Vec<Glyph> = Vec::new();
    let mut cur_y = 0.0f32;
    let mut cur_size = 0.0f32;
    for g in glyphs {
        if !cur.is_empty() && (cur_y - g.y).abs() > 0.5 * cur_size.max(g.size).max(1.0) {
            groups.push(std::mem::take(&mut cur));
        }
        if cur.is_empty() {
            cur_y = g.y;
            cur_size = g.size;
        }
        cur.push(g);
    }
    groups.push(cur);
    let mut out = Vec::with_capacity(groups.len());
    for mut g in groups {
        g.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal).then(a.seq.cmp(&b.seq)));
        let size = g.iter().map(|x| x.size).fold(0.0f32, f32::max);
        let y = g.iter().map(|x| x.y).sum::<f32>() / g.len() as f32;
        let mut text = String::new();
        let mut prev: Option<&Glyph> = None;
        let mut x1 = g[0].x;
        for gl in &g {
            if let Some(p) = prev {
                // Overprinted duplicate (fake bold): same text almost at the same place.
                if p.text == gl.text
                    && (gl.x - p.x).abs() < 0.2 * gl.size.max(1.0)
                    && (gl.y - p.y).abs() < 0.2 * gl.size.max(1.0)
                {
                    continue;
                }
                let gap = gl.x - (p.x + p.w);
                let em = gl.size.max(p.size).max(1.0);
                let (a, b) = (last_char(&p.text), first_char(&gl.text));
                let spaced = a == Some(' ') || b == Some(' ');
                let cjk = a.is_some_and(is_cjk) || b.is_some_and(is_cjk);
                if !spaced && ((!cjk && gap > 0.3 * em) || (cjk && gap > cjk_gap * em)) {
                    text.push(' ');
                }
            }
            push_text(&mut text, &gl.text);
            x1 = x1.max(gl.x + gl.w);
            prev = Some(gl);
        }
        let text = collapse_spaces(&text);
        if text.is_empty() {
            continue;
        }
        out.push(Line { y, x0: g[0].x, x1, size, text });
    }
    out
}

/// Runs of spaces as one; none between Chinese and a Latin letter or digit (`195 万元`,
/// `2023 年`): Word, WPS and LibreOffice space Asian and Western text apart on the page
/// ("autospace"), sometimes as a space glyph, a gap that is not in the text as typed.
fn collapse_spaces(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != ' ' {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let (a, b) = (out.chars().last(), chars.get(j).copied());
        let latin = |c: char| c.is_ascii_alphanumeric();
        let autospace =
            j - i == 1 && matches!((a, b), (Some(a), Some(b)) if (is_han(a) && latin(b)) || (latin(a) && is_han(b)));
        if !autospace {
            out.push(' ');
        }
        i = j;
    }
    out
}

/// A Chinese character (not punctuation): the side of an autospace gap.
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Lines into paragraphs: a line joins the one above when it follows closely, in the same
/// size, and the line above runs to the right edge (wrapped text).
/// The right edge of a page's running text: its longest line, unless that line stops a little
/// short of the left margin mirrored on the page's right side — a cover page of short lines,
/// whose longest would look full and swallow the next line — then the mirrored margin. A
/// longest line far short of it is a narrower column, whose own edge it is.
fn text_right(lines: &[Line], media_x: Option<(f32, f32)>) -> Option<f32> {
    let longest = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let left = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let (mx0, mx1) = media_x?;
    let mirrored = mx1 - (left - mx0).max(0.0);
    let width = mirrored - left;
    let near = longest - left >= 0.8 * width;
    (lines.len() > 1 && mirrored > longest && width > 100.0 && near).then_some(mirrored)
}

fn paragraphs(lines: &[Line], right: Option<f32>) -> Vec<(f32, Block)> {
    paragraphs_meta(lines, right).into_iter().map(|(y, b, _)| (y, b)).collect()
}

fn paragraphs_meta(lines: &[Line], right: Option<f32>) -> Vec<(f32, Block, ParaMeta)> {
    let right = right.unwrap_or_else(|| lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max));
    let mut out: Vec<(f32, Block, ParaMeta)> = Vec::new();
    let mut cur: Option<(f32, String, &Line, f32)> = None;
    let meta = |first: f32, last: &Line| ParaMeta {
        full_end: last.x1 >= right - 2.0 * last.size,
        first_size: first,
        last_size: last.size,
    };
    for l in lines {
        if let Some((top, text, prev, first)) = cur.as_mut() {
            let gap = prev.y - l.y;
            let close = gap > 0.0 && gap <= 1.8 * prev.size.max(l.size);
            let same = (prev.size - l.size).abs() <= 0.15 * prev.size.max(1.0);
            let full = prev.x1 >= right - 2.0 * prev.size;
            // Table-of-contents lines (dot leaders) are full but never wrapped.
            let leaders = prev.text.contains("....") || prev.text.contains("……") || prev.text.contains("···");
            // Two lines that each begin with a field label (`项目名称：…` then `日期：…`, a cover
            // page) are two fields, however long the first one runs.
            // A numbered line after a sentence's end (`…落地性强。` then `1、需求痛点`) starts a list.
            let fields = (starts_with_label(&prev.text) && starts_with_label(&l.text))
                || (starts_with_number(&prev.text) && starts_with_number(&l.text))
                || (starts_with_number(&l.text) && prev.text.trim_end().ends_with(['。', '：', ':', '；']));
            if close && same && full && !leaders && !fields {
                let (a, b) = (text.chars().last(), l.text.chars().next());
                // Dashes and ellipses (U+2010–U+2027) join like CJK text ("8月—" + "2023年").
                let wide = |c: char| is_cjk(c) || matches!(c as u32, 0x2010..=0x2027);
                // Latin punctuation ending a wrapped line keeps its space ("2." + "实现").
                let latin_punct = a.is_some_and(|c| ".,;:!?".contains(c)) && !b.is_some_and(|c| c.is_ascii_digit());
                let join_cjk = (a.is_some_and(wide) || b.is_some_and(wide)) && !latin_punct;
                // A number or code wrapped in a narrow cell (ID, phone): no space.
                let split_token = a.is_some_and(|c| c.is_ascii_digit()) && b.is_some_and(|c| c.is_ascii_alphanumeric());
                if !join_cjk && !split_token {
                    text.push(' ');
                }
                text.push_str(&l.text);
                *prev = l;
                continue;
            }
            out.push((*top, Block::Paragraph(Paragraph::from_text(text)), meta(*first, prev)));
        }
        cur = Some((l.y + l.size, l.text.clone(), l, l.size));
    }
    if let Some((top, text, last, first)) = cur {
        out.push((top, Block::Paragraph(Paragraph::from_text(&text)), meta(first, last)));
    }
    out
}

/// The line opens with a list number (`2. `, `2、`, `（二）`, `(2)`, `二、`): the lines of a
/// list are items, not one wrapped sentence.
fn starts_with_number(text: &str) -> bool {
    let t: Vec<char> = text.trim_start().chars().take(6).collect();
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let n = t.iter().take_while(|c| numeral(**c)).count();
    if n > 0 && n <= 2 {
        return matches!(t.get(n), Some('、') | Some('．')) || (t.get(n) == Some(&'.') && t.get(n + 1) == Some(&' '));
    }
    matches!(t.first(), Some('(') | Some('（'))
        && t.get(1).is_some_and(|c| numeral(*c))
        && t.iter().skip(1).take(3).any(|c| *c == ')' || *c == '）')
}

/// The line opens with a short label and a colon (`日期：`, `参赛单位名称：`, `Name:`).
fn starts_with_label(text: &str) -> bool {
    let head: Vec<char> = text.trim_start().chars().take(12).collect();
    head.iter()
        .position(|c| *c == '：' || *c == ':')
        .is_some_and(|i| i >= 2 && head[..i].iter().all(|c| is_han(*c) || c.is_alphabetic() || *c == ' '))
}

fn vertical_columns(mut glyphs: Vec<Glyph>) -> Vec<String> {
    glyphs.sort_by(|a, b| b.x.partial_cmp(&a.x).unwrap_or(std::cmp::Ordering::Equal).then(a.seq.cmp(&b.seq)));
    let mut cols: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match cols.last_mut() {
            Some(c) if (c[0].x - g.x).abs() <= 0.5 * g.size.max(1.0) => c.push(g),
            _ => cols.push(vec![g]),
        }
    }
    cols.into_iter()
        .map(|mut c| {
            c.sort_by(|a, b| b.y.partial_cmp(&a.y).unwrap_or(std::cmp::Ordering::Equal).then(a.seq.cmp(&b.seq)));
            let mut s = String::new();
            for g in &c {
                push_text(&mut s, &g.text);
            }
            collapse_spaces(&s)
        })
        .filter(|s| !s.is_empty())
        .collect()
}

// ------------------------------------------------------------------ tables

const TOL: f32 = 2.0;

/// A ruled grid: column edges left to right, row edges top to bottom, and its cells (merged
/// grid cells as one), each `(row0, col0, row1, col1)` inclusive.
struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
    cells: Vec<(usize, usize, usize, usize)>,
    /// Grid cell (row-major) → index in `cells`.
    owner: Vec<usize>,
    /// The top edge was not ruled: the vertical rulings run above the first horizontal one.
    open_top: bool,
}

impl Grid {
    fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let (x0, x1) = (self.xs[0], *self.xs.last()?);
        let (y0, y1) = (*self.ys.last()?, self.ys[0]);
        if x < x0 || x > x1 || y < y0 || y > y1 {
            return None;
        }
        let c = self.xs.partition_point(|&e| e <= x).saturating_sub(1).min(self.xs.len() - 2);
        let r = self.ys.partition_point(|&e| e >= y).saturating_sub(1).min(self.ys.len() - 2);
        Some(self.owner[r * (self.xs.len() - 1) + c])
    }

    fn table(&self, glyphs: Vec<Vec<Glyph>>) -> Table {
        let nrows = self.ys.len() - 1;
        let n = self.cells.len();
        // A nested table: cells lying wholly inside another cell's bounding box (the outer
        // cell's region is a ring around them). At least 2×2 cells, one level deep.
        let inside = |j: usize, k: usize| {
            let (a, b) = (self.cells[j], self.cells[k]);
            j != k && a.0 >= b.0 && a.2 <= b.2 && a.1 >= b.1 && a.3 <= b.3
        };
        let mut nested_in: Vec<Option<usize>> = vec![None; n];
        for k in 0..n {
            if (0..n).any(|o| inside(k, o)) {
                continue;
            }
            let inner: Vec<usize> = (0..n).filter(|&j| inside(j, k)).collect();
            let rows_in: std::collections::BTreeSet<usize> = inner.iter().map(|&j| self.cells[j].0).collect();
            let cols_in: std::collections::BTreeSet<usize> = inner.iter().map(|&j| self.cells[j].1).collect();
            // One row is enough when it has 2+ columns: cells inside another cell's box are a
            // nested table whatever their count (a nested row continued on the next page).
            if (inner.len() >= 4 && rows_in.len() >= 2 && cols_in.len() >= 2)
                || (inner.len() >= 2 && cols_in.len() >= 2)
            {
                for j in inner {
                    nested_in[j] = Some(k);
                }
            }
        }
        let mut glyphs: Vec<Option<Vec<Glyph>>> = glyphs.into_iter().map(Some).collect();
        let cell_blocks = |g: Vec<Glyph>, c1: usize| -> Vec<Block> {
            let ls = lines(g, CJK_GAP_CELL);
            let right = self.xs[c1 + 1];
            paragraphs(&ls, Some(right - 2.0)).into_iter().map(|(_, b)| b).collect()
        };
        let mut rows: Vec<Row> = (0..nrows).map(|_| Row::default()).collect();
        for k in 0..n {
            if nested_in[k].is_some() {
                continue;
            }
            let (r0, c0, r1, c1) = self.cells[k];
            let g = glyphs[k].take().unwrap_or_default();
            let inner: Vec<usize> = (0..n).filter(|&j| nested_in[j] == Some(k)).collect();
            let blocks = if inner.is_empty() {
                cell_blocks(g, c1)
            } else {
                let ir0 = inner.iter().map(|&j| self.cells[j].0).min().unwrap_or(r0);
                let ir1 = inner.iter().map(|&j| self.cells[j].2).max().unwrap_or(r1);
                let ic0 = inner.iter().map(|&j| self.cells[j].1).min().unwrap_or(c0);
                let (top, bottom) = (self.ys[ir0], self.ys[ir1 + 1]);
                let mut nrows: Vec<Row> = (ir0..=ir1).map(|_| Row::default()).collect();
                for &j in &inner {
                    let (jr0, jc0, jr1, jc1) = self.cells[j];
                    let b = cell_blocks(glyphs[j].take().unwrap_or_default(), jc1);
                    let span = jc1 - jc0 + 1;
                    let col = jc0 - ic0;
                    nrows[jr0 - ir0].cells.push(Cell {
                        col,
                        span,
                        merged_from_above: false,
                        row_span: jr1 - jr0 + 1,
                        blocks: b,
                    });
                    for r in (jr0 + 1)..=jr1 {
                        nrows[r - ir0].cells.push(Cell {
                            col,
                            span,
                            merged_from_above: true,
                            row_span: 1,
                            blocks: Vec::new(),
                        });
                    }
                }
                for r in &mut nrows {
                    r.cells.sort_by_key(|c| c.col);
                }
                let (above, rest): (Vec<Glyph>, Vec<Glyph>) = g.into_iter().partition(|gl| gl.y > top);
                let below: Vec<Glyph> = rest.into_iter().filter(|gl| gl.y < bottom).collect();
                let mut b = cell_blocks(above, c1);
                b.push(Block::Table(Table { rows: nrows }));
                b.extend(cell_blocks(below, c1));
                b
            };
            let span = c1 - c0 + 1;
            rows[r0].cells.push(Cell { col: c0, span, merged_from_above: false, row_span: r1 - r0 + 1, blocks });
            for row in rows.iter_mut().take(r1 + 1).skip(r0 + 1) {
                row.cells.push(Cell { col: c0, span, merged_from_above: true, row_span: 1, blocks: Vec::new() });
            }
        }
        for r in &mut rows {
            r.cells.sort_by_key(|c| c.col);
        }
        Table { rows }
    }
}

fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((m, n)) if x - *m / *n as f32 <= TOL => {
                *m += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

fn grids(segs: &[Seg]) -> Vec<Grid> {
    let hs: Vec<Seg> = merge(segs.iter().filter(|s| s.y0 == s.y1).copied().collect(), true);
    let vs: Vec<Seg> = merge(segs.iter().filter(|s| s.x0 == s.x1).copied().collect(), false);
    if hs.len() < 2 || vs.len() < 2 || hs.len() * vs.len() > 4_000_000 {
        return Vec::new();
    }
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if v.x0 >= h.x0 - TOL && v.x0 <= h.x1 + TOL && h.y0 >= v.y0 - TOL && h.y0 <= v.y1 + TOL {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = comps.entry(r).or_default();
        if i < hs.len() {
            e.0.push(i)
        } else {
            e.1.push(i - hs.len())
        }
    }
    let mut out = Vec::new();
    for (_, (hi, vi)) in comps {
        if hi.len() < 2 || vi.len() < 2 {
            continue;
        }
        let h: Vec<Seg> = hi.iter().map(|&i| hs[i]).collect();
        let v: Vec<Seg> = vi.iter().map(|&i| vs[i]).collect();
        let xs = cluster(v.iter().map(|s| s.x0).collect());
        let mut ys = cluster(h.iter().map(|s| s.y0).collect());
        ys.reverse();
        // A row split by a page break: the vertical rulings continue past the first (last)
        // horizontal one to the page margin; that open end is an edge of the grid too.
        let vtop = v.iter().map(|s| s.y1).fold(f32::MIN, f32::max);
        let vbot = v.iter().map(|s| s.y0).fold(f32::MAX, f32::min);
        let open_top = !ys.is_empty() && vtop > ys[0] + 3.0 && v.iter().filter(|s| s.y1 > ys[0] + 3.0).count() >= 2;
        if open_top {
            ys.insert(0, vtop);
        }
        if !ys.is_empty() && vbot < ys[ys.len() - 1] - 3.0 && v.iter().filter(|s| s.y0 < vbot + TOL).count() >= 2 {
            ys.push(vbot);
        }
        if xs.len() < 2 || ys.len() < 2 || (xs.len() - 1) * (ys.len() - 1) > 20_000 {
            continue;
        }
        let (nr, nc) = (ys.len() - 1, xs.len() - 1);
        let vborder = |j: usize, r: usize| {
            let (x, my) = (xs[j], (ys[r] + ys[r + 1]) / 2.0);
            v.iter().any(|s| (s.x0 - x).abs() <= TOL && s.y0 <= my && s.y1 >= my)
        };
        let hborder = |i: usize, c: usize| {
            let (y, mx) = (ys[i], (xs[c] + xs[c + 1]) / 2.0);
            h.iter().any(|s| (s.y0 - y).abs() <= TOL && s.x0 <= mx && s.x1 >= mx)
        };
        let mut p: Vec<usize> = (0..nr * nc).collect();
        for r in 0..nr {
            for c in 0..nc {
                if c + 1 < nc && !vborder(c + 1, r) {
                    let (a, b) = (find(&mut p, r * nc + c), find(&mut p, r * nc + c + 1));
                    if a != b {
                        p[b] = a;
                    }
                }
                if r + 1 < nr && !hborder(r + 1, c) {
                    let (a, b) = (find(&mut p, r * nc + c), find(&mut p, (r + 1) * nc + c));
                    if a != b {
                        p[b] = a;
                    }
                }
            }
        }
        let mut idx: std::collections::HashMap<usize, usize> = Default::default();
        let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut owner = vec![0; nr * nc];
        for r in 0..nr {
            for c in 0..nc {
                let root = find(&mut p, r * nc + c);
                let k = *idx.entry(root).or_insert_with(|| {
                    cells.push((r, c, r, c));
                    cells.len() - 1
                });
                let cell = &mut cells[k];
                cell.2 = cell.2.max(r);
                cell.1 = cell.1.min(c);
                cell.3 = cell.3.max(c);
                owner[r * nc + c] = k;
            }
        }
        if cells.len() < 2 {
            continue;
        }
        out.push(Grid { xs, ys, cells, owner, open_top });
    }
    out
}

/// Joins collinear overlapping segments.
fn merge(mut segs: Vec<Seg>, horizontal: bool) -> Vec<Seg> {
    let key = |s: &Seg| if horizontal { (s.y0, s.x0) } else { (s.x0, s.y0) };
    segs.sort_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal));
    let mut out: Vec<Seg> = Vec::new();
    for s in segs {
        if let Some(last) = out.last_mut() {
            if horizontal && (last.y0 - s.y0).abs() <= 0.8 && s.x0 <= last.x1 + TOL {
                last.x1 = last.x1.max(s.x1);
                continue;
            }
            if !horizontal && (last.x0 - s.x0).abs() <= 0.8 && s.y0 <= last.y1 + TOL {
                last.y1 = last.y1.max(s.y1);
                continue;
            }
        }
        out.push(s);
    }
    out
}

// ------------------------------------------------------------------ tables across pages

/// Cross-page tolerance for column edges.
const JOIN_TOL: f32 = 3.0;

/// Whether a table starting a page continues `prev` (the last table of the page before): the
/// same outer edges, and the column edges of one a subset of the other's, or most in common.
pub(crate) fn continues(prev: &TableMeta, next: &TableMeta) -> bool {
    let (Some(pl), Some(pr), Some(nl), Some(nr)) = (prev.xs.first(), prev.xs.last(), next.xs.first(), next.xs.last())
    else {
        return false;
    };
    if (pl - nl).abs() > JOIN_TOL || (pr - nr).abs() > JOIN_TOL {
        return false;
    }
    let has = |v: &[f32], x: f32| v.iter().any(|&y| (y - x).abs() <= JOIN_TOL);
    let a = prev.xs.iter().filter(|&&x| has(&next.xs, x)).count();
    let b = next.xs.iter().filter(|&&x| has(&prev.xs, x)).count();
    // Outer edges agree; a subset either way is certain, otherwise the page-2 part may have
    // different inner columns (other rows, a nested table): the outer frame decides.
    a == prev.xs.len() || b == next.xs.len() || (a >= 2 && b >= 2)
}

/// Appends `next` (continuing on the next page) to `prev`: columns are re-indexed over the
/// union of both tables' column edges; when `next` starts with a row split by the page break,
/// its cell texts are appended to the cells of `prev`'s last row, cell by cell. Returns the
/// geometry of the joined table.
pub(crate) fn join(prev: &mut Table, pm: &TableMeta, mut next: Table, nm: &TableMeta) -> TableMeta {
    let mut all: Vec<f32> = pm.xs.iter().chain(nm.xs.iter()).copied().collect();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let mut xs: Vec<f32> = Vec::new();
    for x in all {
        match xs.last() {
            Some(&l) if x - l <= JOIN_TOL => {}
            _ => xs.push(x),
        }
    }
    let idx = |x: f32| -> usize {
        let mut best = 0;
        for (i, &e) in xs.iter().enumerate() {
            if (e - x).abs() < (xs[best] - x).abs() {
                best = i;
            }
        }
        best
    };
    let remap = |t: &mut Table, old: &[f32]| {
        for r in &mut t.rows {
            for c in &mut r.cells {
                let (a, b) = (c.col, (c.col + c.span).min(old.len() - 1));
                let (na, nb) = (idx(old[a.min(old.len() - 1)]), idx(old[b]));
                c.col = na;
                c.span = nb.saturating_sub(na).max(1);
            }
            r.cells.sort_by_key(|c| c.col);
        }
    };
    remap(prev, &pm.xs);
    remap(&mut next, &nm.xs);
    // A ruled top edge can still be a continuation: LibreOffice closes a cut row with borders on
    // both pages. The row goes on when it starts with a nested table as wide as the one that
    // ends the last outer cell above it.
    let nested_goes_on = !nm.open_top
        && next.rows.first().is_some_and(|first| {
            first.cells.iter().any(|c| {
                let Some(Block::Table(t)) = c.blocks.first() else { return false };
                let width =
                    |t: &Table| t.rows.first().map_or(0, |r| r.cells.iter().filter(|x| !x.merged_from_above).count());
                prev.rows.iter().rev().take(8).flat_map(|r| r.cells.iter()).any(|pc| {
                    pc.col == c.col
                        && matches!(pc.blocks.last(), Some(Block::Table(pt)) if pt.rows.last().is_some_and(|lr| {
                            lr.cells.iter().filter(|x| !x.merged_from_above).count() == width(t)
                        }))
                })
            })
        });
    let mut rows = next.rows.into_iter();
    if (nm.open_top || nested_goes_on) && !prev.rows.is_empty() {
        if let Some(first) = rows.next() {
            let last = prev.rows.len() - 1;
            // Each continuing cell's target: the cell of the last row covering its first column,
            // or the cell above it owning a vertical merge.
            let mut groups: Vec<((usize, usize), Vec<Cell>)> = Vec::new();
            for cell in first.cells {
                if cell.merged_from_above {
                    continue;
                }
                let mid = cell.col;
                let mut target: Option<(usize, usize)> = None;
                for r in (0..=last).rev() {
                    let Some(k) = prev.rows[r].cells.iter().position(|c| c.col <= mid && mid < c.col + c.span) else {
                        break;
                    };
                    if !prev.rows[r].cells[k].merged_from_above {
                        target = Some((r, k));
                        break;
                    }
                }
                match target {
                    Some(t) => match groups.iter_mut().find(|g| g.0 == t) {
                        Some(g) => g.1.push(cell),
                        None => groups.push((t, vec![cell])),
                    },
                    None => {
                        prev.rows[last].cells.push(cell);
                        prev.rows[last].cells.sort_by_key(|c| c.col);
                    }
                }
            }
            for ((r, k), cells) in groups {
                let t = &mut prev.rows[r].cells[k];
                if r == last {
                    t.row_span += cells.iter().map(|c| c.row_span).max().unwrap_or(1).saturating_sub(1);
                }
                // An outer cell whose text starts with the rest of the nested table that ends the
                // cell above: the nested table's cut row goes on cell by cell, its other rows
                // follow, then the rest of the text.
                if cells.len() == 1 {
                    if let (Some(Block::Table(_)), Some(Block::Table(_))) = (t.blocks.last(), cells[0].blocks.first()) {
                        let mut incoming = cells.into_iter().next().map(|c| c.blocks).unwrap_or_default().into_iter();
                        if let (Some(Block::Table(pt)), Some(Block::Table(nt))) = (t.blocks.last_mut(), incoming.next())
                        {
                            let mut nrows = nt.rows.into_iter();
                            // A row that repeats one the table already has (the header of the next
                            // record) starts a row; anything else continues the cut one.
                            let texts = |r: &Row| -> Vec<String> {
                                r.cells.iter().filter(|c| !c.merged_from_above).map(cell_text).collect()
                            };
                            let known: Vec<Vec<String>> = pt.rows.iter().map(texts).collect();
                            if let Some(fr) = nrows.next() {
                                let repeats = known.contains(&texts(&fr));
                                let theirs: Vec<Cell> = fr.cells.into_iter().filter(|c| !c.merged_from_above).collect();
                                let lr = pt.rows.last_mut().filter(|_| !repeats);
                                let own: Vec<&mut Cell> = lr
                                    .map(|lr| lr.cells.iter_mut().filter(|c| !c.merged_from_above).collect())
                                    .unwrap_or_default();
                                if !own.is_empty() && own.len() == theirs.len() {
                                    for (into, cell) in own.into_iter().zip(theirs) {
                                        continue_cell(&mut into.blocks, cell.blocks);
                                    }
                                } else {
                                    pt.rows.push(Row { cells: theirs });
                                }
                            }
                            pt.rows.extend(nrows);
                        }
                        t.blocks.extend(incoming);
                        continue;
                    }
                }
                // Several cells continuing one outer cell that ends with a nested table: the
                // nested table's last row was cut, and goes on cell by cell.
                if let Some(Block::Table(nested)) = t.blocks.last_mut() {
                    if let Some(nrow) = nested.rows.last_mut() {
                        let mut own: Vec<&mut Cell> = nrow.cells.iter_mut().filter(|c| !c.merged_from_above).collect();
                        if cells.len() >= 2 && own.len() == cells.len() {
                            for (into, cell) in own.iter_mut().zip(cells) {
                                continue_cell(&mut into.blocks, cell.blocks);
                            }
                            continue;
                        }
                    }
                }
                for cell in cells {
                    continue_cell(&mut t.blocks, cell.blocks);
                }
            }
        }
    }
    prev.rows.extend(rows);
    TableMeta { xs, open_top: pm.open_top }
}

/// A cell's text, its paragraphs joined by newlines (nested tables left out).
fn cell_text(c: &Cell) -> String {
    c.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Appends the text of a cell continued after a page break: a paragraph cut mid-sentence is one
/// paragraph again (`…和辅助决` + `策。`).
fn continue_cell(blocks: &mut Vec<Block>, more: Vec<Block>) {
    let mut more = more.into_iter();
    if let Some(first) = more.next() {
        let cut = |s: &str| !s.trim_end().ends_with(['。', '！', '？', '.', '!', '?', '：', ':', '；']);
        match (blocks.last(), first) {
            (Some(Block::Paragraph(a)), Block::Paragraph(b)) if cut(&a.text) => {
                let joined = Paragraph::from_text(&join_text(&a.text, &b.text));
                if let Some(last) = blocks.last_mut() {
                    *last = Block::Paragraph(joined);
                }
            }
            (_, first) => blocks.push(first),
        }
    }
    blocks.extend(more);
}

/// A page header or footer line that sits between a table and its continuation: a page number
/// ("3", "- 3 -", "第 3 页", "3 / 12", "Page 3").
pub(crate) fn is_page_furniture(b: &Block) -> bool {
    let Block::Paragraph(p) = b else { return false };
    let t: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return true;
    }
    if t.chars().count() > 16 {
        return false;
    }
    let rest: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !"-–—/第页共Page of()（）".contains(*c) && !c.is_ascii_punctuation())
        .collect();
    t.chars().any(|c| c.is_ascii_digit()) && rest.is_empty()
}

/// Joins a paragraph that starts a page to the one that ended the page before, when that one's
/// last line ran to the right edge and the sizes agree (text wrapped across the page break).
pub(crate) fn continues_paragraph(prev: &ParaMeta, next: &ParaMeta, prev_text: &str) -> bool {
    let same = (prev.last_size - next.first_size).abs() <= 0.15 * prev.last_size.max(1.0);
    let ends = prev_text.trim_end().ends_with(['。', '！', '？', '.', '!', '?', '：', ':']);
    prev.full_end && same && !ends
}

/// The text of two parts of a paragraph joined as a wrapped line is.
pub(crate) fn join_text(a: &str, b: &str) -> String {
    let (x, y) = (a.chars().last(), b.chars().next());
    let cjk = x.is_some_and(is_cjk) || y.is_some_and(is_cjk);
    if cjk || a.is_empty() {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}
