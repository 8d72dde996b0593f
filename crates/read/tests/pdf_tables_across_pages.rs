//! Generated multi-page PDFs (hand-written content streams with rulings): a table broken by a
//! page break is read as one table; a row split by the break (no ruling above its continuation)
//! is one row whose cells hold both parts.

mod support;
use read::{pdf, Limits};
use support::build_pdf;

fn stream(content: &str) -> Vec<u8> {
    let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    s.extend_from_slice(content.as_bytes());
    s.extend_from_slice(b"\nendstream");
    s
}

/// Pages with the given content streams, Helvetica as /F1.
fn pages_pdf(contents: &[String]) -> Vec<u8> {
    let n = contents.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    for (i, c) in contents.iter().enumerate() {
        objs.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objs.push(stream(c));
    }
    build_pdf(&objs)
}

fn hline(y: f32, x0: f32, x1: f32) -> String {
    format!("{x0} {y} m {x1} {y} l S ")
}
fn vline(x: f32, y0: f32, y1: f32) -> String {
    format!("{x} {y0} m {x} {y1} l S ")
}
fn text(x: f32, y: f32, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET ")
}

fn read(bytes: Vec<u8>) -> model::Document {
    pdf::read(&bytes, &Limits::default()).expect("readable")
}

fn texts(row: &model::Row) -> Vec<(usize, String)> {
    row.cells.iter().filter(|c| !c.merged_from_above).map(|c| (c.col, c.text())).collect()
}

#[test]
fn table_continued_on_the_next_page_is_one_table_and_a_split_row_is_one_row() {
    // Page 1: a title, then a 2-column table down to the bottom margin; its last row is split
    // by the page break (the vertical rulings run to the margin, no ruling below); page number.
    let mut p1 = String::from("0.5 w ");
    p1 += &text(72.0, 740.0, "Basic information");
    for y in [700.0, 660.0, 620.0] {
        p1 += &hline(y, 72.0, 472.0);
    }
    for x in [72.0, 172.0, 472.0] {
        p1 += &vline(x, 80.0, 700.0);
    }
    p1 += &text(80.0, 680.0, "Name");
    p1 += &text(180.0, 680.0, "Acme Data");
    p1 += &text(80.0, 640.0, "Unit");
    p1 += &text(180.0, 640.0, "Acme Ltd");
    p1 += &text(80.0, 600.0, "Parent of");
    p1 += &text(180.0, 600.0, "Big Group");
    p1 += &text(300.0, 40.0, "1");
    // Page 2: page number at the top, then the continuation: the split row's rest (no ruling
    // above it), then one more ruled row.
    let mut p2 = String::from("0.5 w ");
    p2 += &text(300.0, 760.0, "- 2 -");
    for y in [700.0, 660.0] {
        p2 += &hline(y, 72.0, 472.0);
    }
    for x in [72.0, 172.0, 472.0] {
        p2 += &vline(x, 660.0, 740.0);
    }
    p2 += &text(80.0, 720.0, "the company");
    p2 += &text(180.0, 720.0, "Holdings");
    p2 += &text(80.0, 680.0, "Phone");
    p2 += &text(180.0, 680.0, "12345");
    p2 += &text(72.0, 600.0, "After the table");
    let doc = read(pages_pdf(&[p1, p2]));
    let tables = doc.tables();
    assert_eq!(tables.len(), 1, "{doc:#?}");
    let t = tables[0];
    assert_eq!(t.rows.len(), 4, "{t:#?}");
    assert_eq!(texts(&t.rows[0]), [(0, "Name".to_string()), (1, "Acme Data".to_string())]);
    assert_eq!(texts(&t.rows[1]), [(0, "Unit".to_string()), (1, "Acme Ltd".to_string())]);
    // The row cut by the page break is one row, and each cell's text cut mid-sentence is one
    // paragraph again (as typed: `…和辅助决` + `策。` is `…和辅助决策。`).
    assert_eq!(texts(&t.rows[2]), [(0, "Parent of the company".to_string()), (1, "Big Group Holdings".to_string())]);
    assert_eq!(texts(&t.rows[3]), [(0, "Phone".to_string()), (1, "12345".to_string())]);
    assert_eq!(t.rows[2].cells[0].paragraphs().len(), 1);
    // Text after the table stays after it.
    let all = doc.plain_text();
    assert!(all.find("12345").unwrap() < all.find("After the table").unwrap(), "{all}");
}

#[test]
fn continuation_with_a_ruled_top_and_extra_columns_joins_without_merging_rows() {
    // Page 1 table: 2 columns; page 2: ruled at the top, the same outer frame, the right column
    // divided in two (a subset of column edges the other way round).
    let mut p1 = String::from("0.5 w ");
    for y in [200.0, 160.0, 120.0] {
        p1 += &hline(y, 72.0, 472.0);
    }
    for x in [72.0, 172.0, 472.0] {
        p1 += &vline(x, 120.0, 200.0);
    }
    p1 += &text(80.0, 180.0, "A");
    p1 += &text(180.0, 180.0, "a");
    p1 += &text(80.0, 140.0, "B");
    p1 += &text(180.0, 140.0, "b");
    let mut p2 = String::from("0.5 w ");
    for y in [740.0, 700.0, 660.0] {
        p2 += &hline(y, 72.0, 472.0);
    }
    for x in [72.0, 172.0, 472.0] {
        p2 += &vline(x, 660.0, 740.0);
    }
    p2 += &vline(322.0, 660.0, 700.0);
    p2 += &text(80.0, 720.0, "C");
    p2 += &text(180.0, 720.0, "c");
    p2 += &text(80.0, 680.0, "D");
    p2 += &text(180.0, 680.0, "d1");
    p2 += &text(330.0, 680.0, "d2");
    let doc = read(pages_pdf(&[p1, p2]));
    let tables = doc.tables();
    assert_eq!(tables.len(), 1, "{doc:#?}");
    let t = tables[0];
    assert_eq!(t.rows.len(), 4, "{t:#?}");
    let spans: Vec<(usize, usize, String)> = t.rows[0].cells.iter().map(|c| (c.col, c.span, c.text())).collect();
    assert_eq!(spans, [(0, 1, "A".to_string()), (1, 2, "a".to_string())]);
    assert_eq!(texts(&t.rows[2]), [(0, "C".to_string()), (1, "c".to_string())]);
    assert_eq!(texts(&t.rows[3]), [(0, "D".to_string()), (1, "d1".to_string()), (2, "d2".to_string())]);
}

#[test]
fn tables_with_other_frames_or_text_between_stay_apart() {
    let table = |x1: f32, top: f32| {
        let mut c = String::from("0.5 w ");
        for y in [top, top - 40.0, top - 80.0] {
            c += &hline(y, 72.0, x1);
        }
        for x in [72.0, 172.0, x1] {
            c += &vline(x, top - 80.0, top);
        }
        c += &text(80.0, top - 20.0, "K");
        c += &text(180.0, top - 20.0, "V");
        c
    };
    // Different right edge.
    let doc = read(pages_pdf(&[table(472.0, 200.0), table(540.0, 740.0)]));
    assert_eq!(doc.tables().len(), 2);
    // A paragraph before the second table.
    let mut p2 = text(72.0, 760.0, "Section two heading");
    p2 += &table(472.0, 740.0);
    let doc = read(pages_pdf(&[table(472.0, 200.0), p2]));
    assert_eq!(doc.tables().len(), 2);
}

#[test]
fn paragraph_wrapped_across_the_page_break_is_one_paragraph() {
    // Page 1 ends with a full-width line (no sentence end); page 2 starts with its rest.
    // Another page ends with a short line: the next page's text is a new paragraph.
    let full = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk";
    let mut p1 = text(72.0, 700.0, full);
    p1 += &text(72.0, 686.0, full);
    // A full-width line further down sets page 2's right edge.
    let p2 =
        text(72.0, 740.0, "the rest of it.") + &text(72.0, 726.0, "Short.") + &text(72.0, 600.0, &format!("{full}."));
    let p3 = text(72.0, 740.0, "Next page.");
    let doc = read(pages_pdf(&[p1, p2, p3]));
    let paras: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            model::Block::Paragraph(p) => Some(p.text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert_eq!(paras[0], format!("{full} {full} the rest of it."));
    assert_eq!(paras[1], "Short.");
    // Full-width but ending a sentence: the next page starts a new paragraph.
    assert_eq!(paras[2], format!("{full}."));
    assert_eq!(paras[3], "Next page.");
}

#[test]
fn table_ruled_inside_one_cell_is_a_nested_table() {
    // Outer: one row, label | answer. Inside the answer cell, under a line of text, a 2×2
    // table whose rulings meet the outer bottom border.
    let mut c = String::from("0.5 w ");
    for y in [700.0, 500.0] {
        c += &hline(y, 72.0, 472.0);
    }
    for x in [72.0, 172.0, 472.0] {
        c += &vline(x, 500.0, 700.0);
    }
    for y in [650.0, 575.0] {
        c += &hline(y, 200.0, 440.0);
    }
    for x in [200.0, 300.0, 440.0] {
        c += &vline(x, 500.0, 650.0);
    }
    c += &text(80.0, 680.0, "Cases");
    c += &text(180.0, 680.0, "Intro line");
    c += &text(210.0, 610.0, "Unit");
    c += &text(310.0, 610.0, "Year");
    c += &text(210.0, 530.0, "Acme");
    c += &text(310.0, 530.0, "2024");
    let doc = read(pages_pdf(&[c]));
    let tables = doc.tables();
    assert!(!tables.is_empty(), "{doc:#?}");
    let t = tables[0];
    // The outer grid keeps the nested table's row edges: the outer cells span them.
    assert_eq!(t.rows.len(), 3, "{t:#?}");
    assert!(t.rows[1..].iter().all(|r| r.cells.iter().all(|c| c.merged_from_above)), "{t:#?}");
    let row = &t.rows[0];
    let live: Vec<&model::Cell> = row.cells.iter().filter(|c| !c.merged_from_above).collect();
    assert_eq!(live.len(), 2, "{t:#?}");
    assert_eq!(live[0].text(), "Cases");
    let blocks = &live[1].blocks;
    assert!(matches!(&blocks[0], model::Block::Paragraph(p) if p.text == "Intro line"), "{blocks:#?}");
    let model::Block::Table(inner) = &blocks[1] else { panic!("{blocks:#?}") };
    let cells: Vec<Vec<String>> = inner.rows.iter().map(|r| r.cells.iter().map(|c| c.text()).collect()).collect();
    assert_eq!(cells, [["Unit", "Year"], ["Acme", "2024"]]);
}
