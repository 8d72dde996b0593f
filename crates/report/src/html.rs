//! `report.html`: one self-contained file (inline CSS, no script, no external resource) with the
//! same tables as the workbook.

use std::fmt::Write;

use crate::tables::{Cell, Sheet};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The shared stylesheet (also used by `dossier serve`).
pub const CSS: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;margin:1.5em;color:#222}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid #3a6ea5;padding-bottom:.2em}\
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}\
th{background:#dde7f3;position:sticky;top:0}tr:nth-child(even) td{background:#f7f9fc}\
.note{color:#555}.num{text-align:right}.sev-error{color:#b00020;font-weight:bold}.sev-warning{color:#b26a00}.sev-info{color:#555}\
nav a{margin-right:1em}mark{background:#ffe08a}.score{background:#fff8dc;min-width:4em}";

/// The whole report page.
pub fn page(title: &str, sheets: &[Sheet]) -> String {
    let mut out = Vec::new();
    write_page(&mut out, title, sheets).expect("writing to memory");
    String::from_utf8(out).expect("the page is UTF-8")
}

/// Writes the page to `w` a row at a time: at 5,000 dossiers the page is ~85 MB, which need not
/// be held (nor grown by doubling) in memory.
pub fn write_page(w: &mut impl std::io::Write, title: &str, sheets: &[Sheet]) -> std::io::Result<()> {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body><h1>{}</h1><nav>",
        esc(title),
        esc(title)
    );
    for (i, s) in sheets.iter().enumerate() {
        let _ = write!(h, "<a href=\"#s{i}\">{}</a>", esc(&s.name));
    }
    h.push_str("</nav>");
    w.write_all(h.as_bytes())?;
    for (i, s) in sheets.iter().enumerate() {
        let head = format!("<section id=\"s{i}\"><h2>{}</h2><p class=\"note\">{}</p>", esc(&s.name), esc(&s.note));
        w.write_all(head.as_bytes())?;
        write_table(w, s)?;
        w.write_all(b"</section>")?;
    }
    w.write_all(b"</body></html>\n")
}

/// One sheet as an HTML table.
pub fn table(s: &Sheet) -> String {
    let mut out = Vec::new();
    write_table(&mut out, s).expect("writing to memory");
    String::from_utf8(out).expect("the table is UTF-8")
}

/// Writes one sheet as an HTML table to `w`, a row at a time.
pub fn write_table(w: &mut impl std::io::Write, s: &Sheet) -> std::io::Result<()> {
    let mut h = String::from("<table><thead><tr>");
    for c in &s.headers {
        let _ = write!(h, "<th>{}</th>", esc(c));
    }
    h.push_str("</tr></thead><tbody>");
    w.write_all(h.as_bytes())?;
    let scoring = !s.filter;
    s.for_each_row(|row| {
        h.clear();
        h.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            match c {
                Cell::Num(_) => {
                    let _ = write!(h, "<td class=\"num\">{}</td>", esc(&c.display()));
                }
                Cell::Empty if scoring && i >= 4 => h.push_str("<td class=\"score\"></td>"),
                Cell::Text(t) if s.headers.get(i).is_some_and(|h| h == "严重程度") => {
                    let class = match t.as_str() {
                        "错误" => "sev-error",
                        "警告" => "sev-warning",
                        _ => "sev-info",
                    };
                    let _ = write!(h, "<td class=\"{class}\">{}</td>", esc(t));
                }
                _ => {
                    let _ = write!(h, "<td>{}</td>", esc(&c.display()));
                }
            }
        }
        h.push_str("</tr>");
        w.write_all(h.as_bytes())
    })?;
    w.write_all(b"</tbody></table>")
}
