//! Table rows cut in two by a page break. A PDF export leaves the part of a row that went on
//! to the next page as a row of its own (LibreOffice closes the cut row with borders on both
//! pages, so the reader cannot tell it from a new row), which splits labels (`*是否央企子` /
//! `公司`) and answers (`■小` / `微企业`). Such a row is joined back to the one above when it has,
//! column for column, the same cells, and one of its cells completes a label of the template
//! that neither part is on its own — knowledge of the form, hence here and not in the reader.

use std::collections::HashSet;

use model::{Block, Cell, Document, Paragraph, Row, Table};

use crate::norm::label_form;

/// Longest cell text taken for a piece of a label.
const LABEL_CHARS: usize = 40;

/// `doc` with cut rows joined, or `None` when it has none.
pub(crate) fn rejoin_cut_rows(doc: &Document, labels: &HashSet<String>) -> Option<Document> {
    let mut out = doc.clone();
    let mut joined = 0;
    for b in &mut out.blocks {
        if let Block::Table(t) = b {
            joined += rejoin_table(t, labels);
        }
    }
    (joined > 0).then_some(out)
}

fn rejoin_table(t: &mut Table, labels: &HashSet<String>) -> usize {
    let mut joined = 0;
    for row in &mut t.rows {
        for cell in &mut row.cells {
            for b in &mut cell.blocks {
                if let Block::Table(inner) = b {
                    joined += rejoin_table(inner, labels);
                }
            }
        }
    }
    let mut r = 0;
    while r + 1 < t.rows.len() {
        if is_cut(&t.rows[r], &t.rows[r + 1], labels) {
            let below = t.rows.remove(r + 1);
            for (into, cell) in t.rows[r].cells.iter_mut().zip(below.cells) {
                into.row_span = cell.row_span.max(1);
                continue_cell(&mut into.blocks, cell.blocks);
            }
            joined += 1;
        } else {
            r += 1;
        }
    }
    joined
}

/// Whether `below` is the rest of `above`: the same cells, none in a vertical merge, and one
/// pair whose texts make a known label together and none apart.
fn is_cut(above: &Row, below: &Row, labels: &HashSet<String>) -> bool {
    let geometry = |r: &Row| r.cells.iter().map(|c| (c.col, c.span)).collect::<Vec<_>>();
    if above.cells.is_empty() || geometry(above) != geometry(below) {
        return false;
    }
    // A cell of the part below may start a vertical merge (a label cell going on down the
    // records): the joined cell then starts it. The part above may not.
    if above.cells.iter().any(|c| c.merged_from_above || c.row_span > 1)
        || below.cells.iter().any(|c| c.merged_from_above)
    {
        return false;
    }
    above.cells.iter().zip(&below.cells).any(|(a, b)| {
        let (ta, tb) = (short_text(a), short_text(b));
        let (Some(ta), Some(tb)) = (ta, tb) else { return false };
        let known = |s: &str| {
            let f = label_form(s);
            !f.is_empty() && labels.contains(&f)
        };
        !known(&ta) && !known(&tb) && known(&format!("{ta}{tb}"))
    })
}

/// A cell's text when it is one short paragraph (a label, or a piece of one).
fn short_text(c: &Cell) -> Option<String> {
    match c.blocks.as_slice() {
        [Block::Paragraph(p)] if !p.text.trim().is_empty() && p.text.chars().count() <= LABEL_CHARS => {
            Some(p.text.trim().to_string())
        }
        _ => None,
    }
}

/// Appends the rest of a cut cell: a line cut mid-sentence goes on in the same paragraph.
fn continue_cell(blocks: &mut Vec<Block>, more: Vec<Block>) {
    let mut more = more.into_iter().filter(|b| !matches!(b, Block::Paragraph(p) if p.text.trim().is_empty()));
    let Some(first) = more.next() else { return };
    let ends_sentence = |s: &str| s.trim_end().ends_with(['。', '！', '？', '.', '!', '?', '；', ';']);
    match (blocks.last_mut(), first) {
        (Some(Block::Paragraph(a)), Block::Paragraph(b)) if !ends_sentence(&a.text) => join(a, b),
        (_, first) => blocks.push(first),
    }
    blocks.extend(more);
}

/// `b` appended to `a`, checkbox positions shifted.
fn join(a: &mut Paragraph, b: Paragraph) {
    let shift = a.text.chars().count();
    a.text.push_str(&b.text);
    a.checkboxes.extend(b.checkboxes.into_iter().map(|mut c| {
        c.char_index += shift;
        c
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(col: usize, text: &str) -> Cell {
        Cell {
            col,
            span: 1,
            row_span: 1,
            blocks: vec![Block::Paragraph(Paragraph::from_text(text))],
            ..Cell::default()
        }
    }

    fn row(texts: &[&str]) -> Row {
        Row { cells: texts.iter().enumerate().map(|(i, t)| cell(i, t)).collect() }
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.cells.iter().map(Cell::text).collect()).collect()
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_joined_back() {
        let labels: HashSet<String> = ["是否央企子公司", "企业规模", "联系人"].iter().map(|s| label_form(s)).collect();
        let mut t = Table {
            rows: vec![
                row(&["*是否央企子", "□是 ■否 母公司：___", "企业规模（企", "☐大型企业 ☐中型企业 ☑小"]),
                row(&["公司", "", "业填）", "微企业"]),
                row(&["*联系人", "赵欣明", "*职务", "高级工程师"]),
            ],
        };
        assert_eq!(rejoin_table(&mut t, &labels), 1);
        assert_eq!(
            texts(&t),
            [
                vec!["*是否央企子公司", "□是 ■否 母公司：___", "企业规模（企业填）", "☐大型企业 ☐中型企业 ☑小微企业"],
                vec!["*联系人", "赵欣明", "*职务", "高级工程师"],
            ]
        );
        let Block::Paragraph(p) = &t.rows[0].cells[3].blocks[0] else { panic!() };
        assert_eq!(p.checkboxes.len(), 3, "checkboxes kept");
    }

    #[test]
    fn rows_that_are_rows_stay() {
        let labels: HashSet<String> = ["联系人", "职务"].iter().map(|s| label_form(s)).collect();
        // A label each: nothing to complete.
        let mut t = Table { rows: vec![row(&["*联系人", "赵欣明"]), row(&["*职务", "高级工程师"])] };
        assert_eq!(rejoin_table(&mut t, &labels), 0);
        // Different cells: a new row, whatever the texts.
        let mut t = Table { rows: vec![row(&["*联", "赵欣明"]), row(&["系人"])] };
        assert_eq!(rejoin_table(&mut t, &labels), 0);
    }
}
