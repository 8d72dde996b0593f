//! Spreadsheets (XLSX, XLSM, XLS, ODS) and delimited text (CSV, TSV, plain text) → [`Document`].
//!
//! Each sheet becomes a heading paragraph with the sheet's name followed by one
//! [`Block::Table`]; cells are text as a person reads them: numbers without a trailing `.0`,
//! dates as `YYYY-MM-DD` (with ` HH:MM:SS` when the time is not midnight), booleans as
//! `TRUE`/`FALSE`, errors as Excel prints them (`#DIV/0!`). Merged ranges are left as empty
//! cells after their first cell.
//!
//! Spreadsheets are read with calamine, but never trusted with sizes:
//!
//! * XLSX packages are inflated once through [`crate::container::Zip`] (entry size, ratio and
//!   total limits) before calamine opens them, and sheets are streamed cell by cell, so a
//!   `<dimension>` or a lone cell at `XFD1048576` cannot make anything allocate a grid;
//! * ODS `content.xml` is pre-scanned here for `table:number-rows-repeated` /
//!   `table:number-columns-repeated` (calamine expands repeats eagerly: the corpus' 999999999 ×
//!   999999999 repeat bomb), and refused before calamine sees it when the cells it would
//!   materialise exceed the limits;
//! * XLS (BIFF8) is bounded by the format itself (65,536 × 256); its grid is checked against the
//!   limits before it is copied. Encrypted workbooks (`FILEPASS`) and encrypted OOXML packages
//!   (an OLE file with `EncryptedPackage`) are [`ReadError::Encrypted`].
//!
//! The limits are [`Limits::max_sheet_cells`], [`Limits::max_sheet_rows`] and
//! [`Limits::max_sheet_cols`]: a sheet is materialised densely row by row (each row up to its
//! last non-empty cell), and the sum over the workbook must stay within `max_sheet_cells`.
//!
//! Text files are decoded from UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (a
//! superset of GBK) when the bytes are not UTF-8. A file named like a spreadsheet (`.xls`,
//! `.xlsx`, `.ods` …) whose content is text is refused as [`ReadError::NotThisFormat`]: it is
//! not the workbook it claims to be (the corpus' 68-byte "Attachment … not found!" page).

use std::io::Cursor;

use calamine::{Data, DataRef, ExcelDateTime, Ods, Range, Reader, SheetType, Xls, Xlsx};
use model::{Block, Cell, Document, Paragraph, Row, Table};
use quick_xml::events::Event;

use crate::container::Zip;
use crate::sniff::{self, Format};
use crate::{Limits, ReadError};

const EXPECTED: &str = "电子表格 (XLSX/XLS/ODS/CSV)";

/// Reads a spreadsheet or delimited text file held in `bytes`; `name` (the file name) decides
/// how plain text is split (`.csv` by commas, `.tsv` by tabs) and whether text is acceptable.
pub fn read(bytes: &[u8], name: &str, limits: &Limits) -> Result<Document, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let mib = limits.max_file_bytes >> 20;
        return Err(ReadError::limit(format!("文件超过 {mib} MiB"), format!("file over {mib} MiB")));
    }
    if bytes.is_empty() {
        return Err(ReadError::corrupt("文件为空（0 字节）", "empty file"));
    }
    let ext = sniff::extension(name);
    // calamine is a third-party parser of hostile bytes: a panic in it is a damaged file.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(bytes, name, &ext, limits))).unwrap_or_else(
        |_| Err(ReadError::corrupt("表格结构损坏，读取中止", "damaged spreadsheet: the reader gave up")),
    )
}

fn dispatch(bytes: &[u8], name: &str, ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    match sniff::sniff(bytes, name) {
        Format::Xlsx => read_xlsx(bytes, limits),
        Format::OpenDocument => read_ods(bytes, limits),
        Format::Zip if matches!(ext, "xlsx" | "xlsm") => read_xlsx(bytes, limits),
        Format::Zip if ext == "ods" => read_ods(bytes, limits),
        Format::Ole => read_xls(bytes, limits),
        Format::Text if matches!(ext, "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" | "et") => {
            Err(ReadError::NotThisFormat { expected: EXPECTED, found: Some(text_found(bytes)) })
        }
        Format::Text => read_text(bytes, ext, limits),
        other => Err(ReadError::NotThisFormat { expected: EXPECTED, found: Some(other.describe_zh().to_string()) }),
    }
}

/// The text of a spreadsheet: [`read`], then [`Document::plain_text`] (one line per row, cells
/// separated by tabs, each sheet introduced by its name).
pub fn text(bytes: &[u8], name: &str, limits: &Limits) -> Result<String, ReadError> {
    read(bytes, name, limits).map(|d| d.plain_text())
}

/// "文本文件" with the first words of the text, so a person sees what the file really is.
fn text_found(bytes: &[u8]) -> String {
    let t = decode_text(bytes);
    let head: String = t.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(60).collect();
    format!("文本文件（“{head}”），不是 OLE/XLS 工作簿")
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/// Counts the cells a workbook materialises and stops at the limits.
struct Budget<'a> {
    limits: &'a Limits,
    cells: u64,
}

impl Budget<'_> {
    fn rows(&self, sheet: &str, rows: u64) -> Result<(), ReadError> {
        let max = self.limits.max_sheet_rows as u64;
        if rows > max {
            return Err(ReadError::limit(
                format!("工作表“{sheet}”有 {rows} 行，上限 {max} 行"),
                format!("sheet '{sheet}' has {rows} rows, the limit is {max}"),
            ));
        }
        Ok(())
    }

    fn cols(&self, sheet: &str, cols: u64) -> Result<(), ReadError> {
        let max = self.limits.max_sheet_cols as u64;
        if cols > max {
            return Err(ReadError::limit(
                format!("工作表“{sheet}”有 {cols} 列，上限 {max} 列"),
                format!("sheet '{sheet}' has {cols} columns, the limit is {max}"),
            ));
        }
        Ok(())
    }

    fn add(&mut self, sheet: &str, cells: u64) -> Result<(), ReadError> {
        self.cells = self.cells.saturating_add(cells);
        let max = self.limits.max_sheet_cells as u64;
        if self.cells > max {
            return Err(ReadError::limit(
                format!("工作表“{sheet}”处单元格超过 {max} 个"),
                format!("more than {max} cells (reached in sheet '{sheet}')"),
            ));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Building the document
// ---------------------------------------------------------------------------------------------

fn text_cell(col: usize, text: String) -> Cell {
    let blocks = if text.is_empty() { Vec::new() } else { vec![Block::Paragraph(Paragraph::from_text(&text))] };
    Cell { col, span: 1, merged_from_above: false, row_span: 1, blocks }
}

/// A dense row: one cell per column up to the last non-empty one.
fn dense_row(values: Vec<String>) -> Row {
    let last = values.iter().rposition(|v| !v.is_empty()).map_or(0, |i| i + 1);
    Row { cells: values.into_iter().take(last).enumerate().map(|(i, v)| text_cell(i, v)).collect() }
}

fn push_sheet(doc: &mut Document, name: &str, rows: Vec<Row>) {
    doc.blocks.push(Block::Paragraph(Paragraph { heading: Some(0), ..Paragraph::from_text(name) }));
    doc.blocks.push(Block::Table(Table { rows }));
}

/// Rows of a dense calamine range, counted against the budget before anything is copied.
fn range_rows(range: &Range<Data>, sheet: &str, budget: &mut Budget<'_>) -> Result<Vec<Row>, ReadError> {
    let (h, w) = range.get_size();
    budget.rows(sheet, h as u64)?;
    budget.cols(sheet, w as u64)?;
    let mut rows = Vec::with_capacity(h.min(1 << 16));
    let mut last_used = 0;
    for r in range.rows() {
        let values: Vec<String> = r.iter().map(data_text).collect();
        let row = dense_row(values);
        budget.add(sheet, row.cells.len() as u64 + 1)?;
        if !row.cells.is_empty() {
            last_used = rows.len() + 1;
        }
        rows.push(row);
    }
    rows.truncate(last_used);
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------------

/// A number as a person writes it: integers without `.0`, others in the shortest exact form.
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn datetime_text(dt: &ExcelDateTime) -> String {
    let v = dt.as_f64();
    if !v.is_finite() {
        return String::new();
    }
    if dt.is_duration() {
        let total = (v * 86_400.0).round() as i64;
        let (sign, t) = if total < 0 { ("-", -total) } else { ("", total) };
        return format!("{sign}{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
    }
    if !(0.0..2_958_466.0).contains(&v) {
        return number_text(v);
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if v < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

fn iso_text(s: &str) -> String {
    s.strip_suffix("T00:00:00").unwrap_or(s).replacen('T', " ", 1)
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => datetime_text(dt),
        Data::DateTimeIso(s) => iso_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn data_ref_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => datetime_text(dt),
        DataRef::DateTimeIso(s) => iso_text(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

fn zip_corrupt(e: ReadError) -> ReadError {
    match e {
        ReadError::Corrupt { zh, en } => {
            ReadError::corrupt(format!("ZIP 包结构损坏：{zh}"), format!("broken zip package: {en}"))
        }
        other => other,
    }
}

/// Inflates every entry once under the limits (sizes, ratios, CRC), so that calamine, which
/// inflates without limits, only ever sees a package already known to be safe.
/// Inflates every entry once under the limits (calamine trusts declared sizes), and refuses a
/// part that declares a DTD — external entities and billion laughs — before calamine's XML
/// reader sees it (it would fail on the entity with a less clear message).
fn precheck_zip(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut zip = Zip::open(bytes, limits).map_err(zip_corrupt)?;
    for i in 0..zip.names().len() {
        if !zip.names()[i].is_dir {
            let part = zip.read(i).map_err(zip_corrupt)?;
            if declares_dtd(&part) {
                return Err(ReadError::XmlDtd { part: zip.names()[i].name.clone() });
            }
        }
    }
    Ok(())
}

/// Whether XML markup declares a document type (`<!DOCTYPE` cannot occur unescaped in text).
fn declares_dtd(part: &[u8]) -> bool {
    memchr::memmem::find(part, b"<!DOCTYPE").is_some()
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    precheck_zip(bytes, limits)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_error(&e))?;
    let sheets: Vec<(String, SheetType)> = wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.typ)).collect();
    let mut doc = Document::default();
    let mut budget = Budget { limits, cells: 0 };
    for (name, typ) in sheets {
        if typ != SheetType::WorkSheet {
            doc.warnings.push(format!("“{name}”不是工作表（{typ:?}），已跳过 / sheet '{name}' is a {typ:?}: skipped"));
            continue;
        }
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(e) => {
                doc.warnings.push(format!("工作表“{name}”无法读取 / sheet '{name}' unreadable: {e}"));
                continue;
            }
        };
        // Sparse cells, streamed; positions checked before any row is built.
        let mut cells: Vec<(u32, u32, String)> = Vec::new();
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    return Err(ReadError::corrupt(
                        format!("工作表“{name}”内容损坏"),
                        format!("sheet '{name}' is damaged: {e}"),
                    ))
                }
            };
            let text = data_ref_text(cell.get_value());
            if text.is_empty() {
                continue;
            }
            let (r, c) = cell.get_position();
            budget.rows(&name, u64::from(r) + 1)?;
            budget.cols(&name, u64::from(c) + 1)?;
            budget.add(&name, 1)?;
            cells.push((r, c, text));
        }
        let rows = sparse_rows(cells, &name, &mut budget)?;
        push_sheet(&mut doc, &name, rows);
    }
    Ok(doc)
}

/// Rows from sparse `(row, col, text)` cells: every row from the first used one to the last,
/// each dense up to its last cell; the dense size is counted against the budget first.
fn sparse_rows(
    mut cells: Vec<(u32, u32, String)>,
    sheet: &str,
    budget: &mut Budget<'_>,
) -> Result<Vec<Row>, ReadError> {
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    cells.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
    let first_row = cells[0].0;
    let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
    // Dense size: per row, up to its last cell; blank rows cost one.
    let mut row_width = std::collections::BTreeMap::new();
    for (r, c, _) in &cells {
        row_width.insert(*r, c - first_col + 1);
    }
    let last_row = cells[cells.len() - 1].0;
    let blank_rows = u64::from(last_row - first_row + 1) - row_width.len() as u64;
    let dense = blank_rows + row_width.values().map(|w| u64::from(*w)).sum::<u64>();
    budget.add(sheet, dense)?;
    let mut rows: Vec<Row> = (first_row..=last_row).map(|_| Row::default()).collect();
    let mut it = cells.into_iter().peekable();
    for (i, row) in rows.iter_mut().enumerate() {
        let r = first_row + i as u32;
        let width = row_width.get(&r).copied().unwrap_or(0) as usize;
        let mut values = vec![String::new(); width];
        while let Some((_, c, _)) = it.peek().filter(|(cr, _, _)| *cr == r) {
            let c = (*c - first_col) as usize;
            if let Some((_, _, t)) = it.next() {
                values[c] = t;
            }
        }
        *row = dense_row(values);
    }
    Ok(rows)
}

fn xlsx_error(e: &calamine::XlsxError) -> ReadError {
    use calamine::XlsxError as E;
    match e {
        E::Password => ReadError::Encrypted { what: "Excel 工作簿密码".to_string() },
        _ => ReadError::corrupt("Excel 工作簿结构损坏", format!("broken XLSX workbook: {e}")),
    }
}

// ---------------------------------------------------------------------------------------------
// ODS
// ---------------------------------------------------------------------------------------------

fn read_ods(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let mut zip = Zip::open(bytes, limits).map_err(zip_corrupt)?;
    let content = zip.read_named("content.xml").map_err(zip_corrupt)?.ok_or_else(|| {
        ReadError::corrupt("OpenDocument 表格缺少 content.xml", "OpenDocument spreadsheet without content.xml")
    })?;
    ods_precheck(&content, limits)?;
    drop(content);
    precheck_zip(bytes, limits)?;
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes))
        .map_err(|e| ReadError::corrupt("OpenDocument 表格结构损坏", format!("broken ODS workbook: {e}")))?;
    let names = wb.sheet_names();
    let mut doc = Document::default();
    let mut budget = Budget { limits, cells: 0 };
    for name in names {
        match wb.worksheet_range(&name) {
            Ok(range) => {
                let rows = range_rows(&range, &name, &mut budget)?;
                push_sheet(&mut doc, &name, rows);
            }
            Err(e) => doc.warnings.push(format!("工作表“{name}”无法读取 / sheet '{name}' unreadable: {e}")),
        }
    }
    Ok(doc)
}

/// What calamine would materialise for one `table:table`, computed from the repeat attributes
/// without expanding them: rows from the first non-empty row to the last (repeats included),
/// each row as wide as its last non-empty cell (repeats included).
#[derive(Default)]
struct OdsTable {
    name: String,
    /// Rows seen since the last non-empty row (repeats included), pending.
    pending_rows: u64,
    /// Rows in the materialised span so far.
    span_rows: u64,
    started: bool,
    max_width: u64,
    /// Sum of row widths (calamine's per-row cell vectors, not multiplied by repeats).
    row_cells: u64,
}

fn attr_u64(e: &quick_xml::events::BytesStart<'_>, local: &[u8]) -> Result<u64, ReadError> {
    for a in e.attributes().flatten() {
        if a.key.local_name().as_ref() == local {
            let v = std::str::from_utf8(&a.value).unwrap_or("").trim();
            return v.parse::<u64>().map_err(|_| {
                let shown: String = v.chars().take(30).collect();
                ReadError::corrupt(
                    format!("重复次数“{shown}”不是有效数字"),
                    format!("repeat count '{shown}' is not a number"),
                )
            });
        }
    }
    Ok(1)
}

fn has_attr(e: &quick_xml::events::BytesStart<'_>, locals: &[&[u8]]) -> bool {
    e.attributes().flatten().any(|a| locals.contains(&a.key.local_name().as_ref()))
}

/// Refuses an ODS whose repeat attributes would make calamine allocate past the limits.
fn ods_precheck(xml: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut budget = Budget { limits, cells: 0 };
    let mut table: Option<OdsTable> = None;
    // Current row: its repeat count, materialised width so far, pending empty columns, and
    // whether it has a non-empty cell.
    let mut row: Option<(u64, u64, u64)> = None;
    // Current cell: (repeat count, non-empty).
    let mut cell: Option<(u64, bool)> = None;
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            ReadError::corrupt("OpenDocument 表格 content.xml 损坏", format!("content.xml is not well-formed: {e}"))
        })?;
        let (start, empty_elem) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if !empty_elem {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(ReadError::limit(
                        format!("XML 嵌套超过 {} 层", limits.max_xml_depth),
                        format!("XML nesting deeper than {}", limits.max_xml_depth),
                    ));
                }
            }
            match e.local_name().as_ref() {
                b"table" if e.name().as_ref().starts_with(b"table:") || e.name().as_ref() == b"table" => {
                    let name = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"name")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                        .unwrap_or_default();
                    table = Some(OdsTable { name, ..OdsTable::default() });
                    if empty_elem {
                        table = None;
                    }
                }
                b"table-row" if table.is_some() => {
                    row = Some((attr_u64(&e, b"number-rows-repeated")?, 0, 0));
                    if empty_elem {
                        end_row(&mut table, &mut row, &mut budget)?;
                    }
                }
                b"table-cell" | b"covered-table-cell" if row.is_some() => {
                    let repeats = attr_u64(&e, b"number-columns-repeated")?;
                    let valued = has_attr(&e, &[b"value-type", b"formula", b"value", b"date-value", b"time-value"]);
                    cell = Some((repeats, valued));
                    if empty_elem {
                        end_cell(&mut table, &mut row, &mut cell, &budget)?;
                    }
                }
                _ if cell.is_some() && !empty_elem => {
                    // Content inside a cell (text:p …) makes it non-empty.
                    if let Some(c) = cell.as_mut() {
                        c.1 = true;
                    }
                }
                _ => {}
            }
        }
        match &ev {
            Event::Text(t) if cell.is_some() && !t.iter().all(u8::is_ascii_whitespace) => {
                if let Some(c) = cell.as_mut() {
                    c.1 = true;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"table-cell" | b"covered-table-cell" if cell.is_some() => {
                        end_cell(&mut table, &mut row, &mut cell, &budget)?
                    }
                    b"table-row" if row.is_some() => end_row(&mut table, &mut row, &mut budget)?,
                    b"table" => {
                        table = None;
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

fn end_cell(
    table: &mut Option<OdsTable>,
    row: &mut Option<(u64, u64, u64)>,
    cell: &mut Option<(u64, bool)>,
    budget: &Budget<'_>,
) -> Result<(), ReadError> {
    let (Some(t), Some(r), Some((repeats, valued))) = (table.as_ref(), row.as_mut(), cell.take()) else {
        return Ok(());
    };
    if valued {
        r.1 = r.1.saturating_add(r.2).saturating_add(repeats);
        r.2 = 0;
        budget.cols(&t.name, r.1)?;
    } else {
        r.2 = r.2.saturating_add(repeats);
    }
    Ok(())
}

fn end_row(
    table: &mut Option<OdsTable>,
    row: &mut Option<(u64, u64, u64)>,
    budget: &mut Budget<'_>,
) -> Result<(), ReadError> {
    let (Some(t), Some((repeats, width, _))) = (table.as_mut(), row.take()) else {
        return Ok(());
    };
    if width == 0 {
        if t.started {
            t.pending_rows = t.pending_rows.saturating_add(repeats);
        }
        return Ok(());
    }
    t.started = true;
    t.span_rows = t.span_rows.saturating_add(t.pending_rows).saturating_add(repeats);
    t.pending_rows = 0;
    t.max_width = t.max_width.max(width);
    t.row_cells = t.row_cells.saturating_add(width);
    budget.rows(&t.name, t.span_rows)?;
    budget.cols(&t.name, t.max_width)?;
    let grid = t.span_rows.saturating_mul(t.max_width);
    let max = budget.limits.max_sheet_cells as u64;
    if grid > max || t.row_cells > max {
        let n = grid.max(t.row_cells);
        return Err(ReadError::limit(
            format!("工作表“{}”展开后有 {n} 个单元格，上限 {max} 个", t.name),
            format!("sheet '{}' expands to {n} cells, the limit is {max}", t.name),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// XLS
// ---------------------------------------------------------------------------------------------

fn contains_utf16(bytes: &[u8], s: &str) -> bool {
    let needle: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if contains_utf16(bytes, "EncryptedPackage") {
        return Err(ReadError::Encrypted { what: "加密的 Office 文档（OOXML 加密包）".to_string() });
    }
    let ole = Ole::parse(bytes)?;
    match ole.check_streams(&["Workbook", "Book"])? {
        Some(stream) => biff_precheck(&stream, limits)?,
        None => {
            return Err(ReadError::NotThisFormat {
                expected: EXPECTED,
                found: Some("OLE 复合文档（Word/PowerPoint 等，不含工作簿）".to_string()),
            })
        }
    }
    drop(ole);
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| xls_error(&e, bytes))?;
    let names = wb.sheet_names();
    let mut doc = Document::default();
    let mut budget = Budget { limits, cells: 0 };
    for name in names {
        match wb.worksheet_range(&name) {
            Ok(range) => {
                let rows = range_rows(&range, &name, &mut budget)?;
                push_sheet(&mut doc, &name, rows);
            }
            Err(e) => doc.warnings.push(format!("工作表“{name}”无法读取 / sheet '{name}' unreadable: {e}")),
        }
    }
    Ok(doc)
}

fn xls_error(e: &calamine::XlsError, bytes: &[u8]) -> ReadError {
    use calamine::XlsError as E;
    match e {
        E::Password => ReadError::Encrypted { what: "Excel 97-2003 工作簿密码 (FILEPASS)".to_string() },
        E::Cfb(_) | E::Io(_) => ReadError::corrupt("OLE 复合文档结构损坏", format!("corrupt OLE container: {e}")),
        _ if !contains_utf16(bytes, "Workbook") && !contains_utf16(bytes, "Book") => ReadError::NotThisFormat {
            expected: EXPECTED,
            found: Some("OLE 复合文档（Word/PowerPoint 等，不含工作簿）".to_string()),
        },
        _ => ReadError::corrupt("Excel 97-2003 工作簿结构损坏", format!("broken XLS workbook: {e}")),
    }
}

// ---------------------------------------------------------------------------------------------
// OLE (CFB) and BIFF pre-check
// ---------------------------------------------------------------------------------------------

/// A bounds-checked reading of an OLE compound file, made before calamine sees it: calamine's
/// CFB reader trusts sector ids (a fuzzed MSAT id makes it allocate terabytes and abort the
/// process), follows chains without cycle checks and indexes the FAT unchecked. Everything it
/// will touch is walked here first, with every id inside the file and every chain acyclic.
struct Ole<'a> {
    bytes: &'a [u8],
    sector: usize,
    header: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    ministream: Vec<u8>,
    dirs: Vec<(String, u32, u64)>,
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAXREGSECT: u32 = 0xFFFF_FFFA;

fn ole_corrupt(zh: impl std::fmt::Display, en: impl std::fmt::Display) -> ReadError {
    ReadError::corrupt(format!("OLE 复合文档结构损坏：{zh}"), format!("corrupt OLE container: {en}"))
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

impl<'a> Ole<'a> {
    fn sectors(&self) -> usize {
        self.bytes.len().saturating_sub(self.header).div_ceil(self.sector)
    }

    /// A sector wholly inside the file.
    fn sector_bytes(&self, id: u32) -> Result<&'a [u8], ReadError> {
        let start = self.header + id as usize * self.sector;
        self.bytes
            .get(start..start + self.sector)
            .ok_or_else(|| ole_corrupt(format!("扇区 {id} 超出文件末尾"), format!("sector {id} past the end")))
    }

    /// Follows a chain in `table`, every id below `count`, no cycles.
    fn chain(table: &[u32], start: u32, count: usize) -> Result<Vec<u32>, ReadError> {
        let mut out = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN {
            if out.len() >= count.min(table.len()) && (id as usize) < table.len() {
                return Err(ole_corrupt(
                    format!("扇区链在扇区 {id:#X} 处成环"),
                    format!("sector chain loops at sector {id:#X}"),
                ));
            }
            if id as usize >= count || id as usize >= table.len() {
                return Err(ole_corrupt(
                    format!("扇区链指向无效扇区 {id:#X}"),
                    format!("chain points to sector {id:#X}"),
                ));
            }
            out.push(id);
            id = table[id as usize];
        }
        Ok(out)
    }

    fn parse(bytes: &'a [u8]) -> Result<Ole<'a>, ReadError> {
        if bytes.len() < 512 {
            return Err(ole_corrupt("文件头不完整", "header truncated"));
        }
        let (sector, header) = match le16(bytes, 30) {
            9 => (512, 512),
            12 => (4096, 4096),
            s => return Err(ole_corrupt(format!("扇区大小 {s:#X} 无效"), format!("bad sector shift {s:#X}"))),
        };
        if le16(bytes, 32) != 6 {
            return Err(ole_corrupt("迷你扇区大小无效", "bad mini sector shift"));
        }
        let mut ole = Ole {
            bytes,
            sector,
            header,
            fat: Vec::new(),
            minifat: Vec::new(),
            ministream: Vec::new(),
            dirs: Vec::new(),
        };
        let n = ole.sectors();
        let dir_len = le32(bytes, 40) as usize;
        let mini_fat_len = le32(bytes, 64) as usize;
        if dir_len > n || mini_fat_len > n || le32(bytes, 44) as usize > n {
            return Err(ole_corrupt("头部声明的扇区数超过文件大小", "header counts exceed the file"));
        }
        // DIFAT: 109 ids in the header, then a chain of DIFAT sectors (last id = next).
        let mut difat: Vec<u32> = (0..109).map(|i| le32(bytes, 76 + 4 * i)).collect();
        let mut next = le32(bytes, 68);
        let mut hops = 0;
        while next < MAXREGSECT {
            hops += 1;
            if next as usize >= n || hops > n {
                return Err(ole_corrupt(
                    format!("主扇区分配表 (MSAT) 指向无效扇区 {next:#X}"),
                    format!("invalid MSAT sector id {next:#X}"),
                ));
            }
            let s = ole.sector_bytes(next)?;
            difat.extend((0..sector / 4).map(|i| le32(s, 4 * i)));
            next = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        for id in difat.into_iter().filter(|id| *id < 0xFFFF_FFFC) {
            if id as usize >= n {
                return Err(ole_corrupt(
                    format!("分配表扇区 {id:#X} 超出文件"),
                    format!("FAT sector {id:#X} past the end"),
                ));
            }
            let s = ole.sector_bytes(id)?;
            ole.fat.extend((0..sector / 4).map(|i| le32(s, 4 * i)));
        }
        // Directory.
        let mut dir_bytes = Vec::new();
        for id in Self::chain(&ole.fat, le32(bytes, 48), n)? {
            dir_bytes.extend_from_slice(ole.sector_bytes(id)?);
        }
        for e in dir_bytes.chunks_exact(128) {
            // The name as calamine reads it: all 32 units up to the first NUL, whatever the
            // declared name length says (a fuzzed length of 0 must not hide a "Workbook").
            let units: Vec<u16> = (0..32).map(|i| le16(e, 2 * i)).take_while(|u| *u != 0).collect();
            let len = if sector == 512 {
                u64::from(le32(e, 120))
            } else {
                u64::from(le32(e, 120)) | (u64::from(le32(e, 124)) << 32)
            };
            ole.dirs.push((String::from_utf16_lossy(&units), le32(e, 116), len));
        }
        let Some(&(_, root_start, root_len)) = ole.dirs.first() else {
            return Err(ole_corrupt("根目录为空", "empty root directory"));
        };
        if mini_fat_len > 0 {
            if root_len > bytes.len() as u64 {
                return Err(ole_corrupt("迷你流长度超过文件", "mini stream longer than the file"));
            }
            for id in Self::chain(&ole.fat, root_start, n)? {
                ole.ministream.extend_from_slice(ole.sector_bytes(id)?);
            }
            let mut mf = Vec::new();
            for id in Self::chain(&ole.fat, le32(bytes, 60), n)? {
                mf.extend_from_slice(ole.sector_bytes(id)?);
            }
            ole.minifat = mf.chunks_exact(4).map(|c| le32(c, 0)).collect();
        }
        Ok(ole)
    }

    /// Every stream calamine will fetch has a valid chain and a length that fits the file;
    /// returns the bytes of the one it reads as the workbook: the first entry called
    /// `names[0]`, else the first called `names[1]`, and so on.
    ///
    /// calamine looks a stream up as the first directory entry of that name, the root's
    /// included, and never looks at the others: unused entries full of garbage (real files
    /// have them) are left alone. It fetches `names`, and when a `_VBA_PROJECT_CUR` entry exists
    /// also `dir` and the modules that stream names, which can be any name: then every named
    /// entry but the root (whose chain `parse` has walked as the mini stream) is checked.
    fn check_streams(&self, names: &[&str]) -> Result<Option<Vec<u8>>, ReadError> {
        let n = self.sectors();
        let mini_n = self.ministream.len() / 64;
        let vba = self.dirs.iter().any(|(name, _, _)| name == "_VBA_PROJECT_CUR");
        let mut seen: Vec<&str> = Vec::new();
        let mut found: Option<(usize, Vec<u8>)> = None;
        for (i, (name, start, len)) in self.dirs.iter().enumerate() {
            let looked_up = names.contains(&name.as_str()) || (vba && (name == "dir" || i > 0));
            if name.is_empty() || !looked_up || seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            if *len > self.bytes.len() as u64 {
                return Err(ole_corrupt(
                    format!("流 {name} 的长度超过文件"),
                    format!("stream {name} longer than the file"),
                ));
            }
            // calamine follows the chain whatever the length says, an empty stream's too (a
            // zero-length "Workbook" starting in a mini-sector cycle made it grow a vector
            // until the process died).
            let data = if *len < 4096 {
                let mut d = Vec::new();
                for id in Self::chain(&self.minifat, *start, mini_n)? {
                    d.extend_from_slice(&self.ministream[id as usize * 64..id as usize * 64 + 64]);
                }
                d
            } else {
                let mut d = Vec::new();
                for id in Self::chain(&self.fat, *start, n)? {
                    d.extend_from_slice(self.sector_bytes(id)?);
                }
                d
            };
            if let Some(rank) = names.iter().position(|n| n == name) {
                if found.as_ref().is_none_or(|(r, _)| rank < *r) {
                    let mut d = data;
                    d.truncate(*len as usize);
                    found = Some((rank, d));
                }
            }
        }
        Ok(found.map(|(_, d)| d))
    }
}

/// Walks the BIFF records of every sheet calamine will read (from each BOUNDSHEET offset to its
/// EOF record) and refuses the workbook when the cells' bounding boxes exceed the limits:
/// calamine allocates each sheet's whole bounding box.
fn biff_precheck(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let records = |from: usize| {
        let mut at = from;
        std::iter::from_fn(move || {
            let typ = le16(stream, at);
            let len = le16(stream, at + 2) as usize;
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((typ, data))
        })
    };
    let mut budget = Budget { limits, cells: 0 };
    for (typ, data) in records(0) {
        if typ == 0x002F {
            return Ok(()); // FILEPASS: calamine reports the password.
        }
        if typ != 0x0085 {
            continue;
        }
        let pos = le32(data, 0) as usize;
        let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
        let mut cells = 0u64;
        for (t, d) in records(pos).skip(1) {
            let (row, first, last) = match t {
                0x000A | 0x0809 => break,
                0x0200 => {
                    // DIMENSIONS: calamine reserves rows × columns cells from it, as declared.
                    let (rf, rl, cf, cl) = match d.len() {
                        10 => {
                            (u32::from(le16(d, 0)), u32::from(le16(d, 2)), u32::from(le16(d, 4)), u32::from(le16(d, 6)))
                        }
                        14 => (le32(d, 0), le32(d, 4), u32::from(le16(d, 8)), u32::from(le16(d, 10))),
                        _ => continue,
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        if rl - 1 < rf || cl - 1 < cf {
                            return Err(ReadError::corrupt(
                                "工作表尺寸记录 (DIMENSIONS) 无效",
                                "invalid DIMENSIONS record (last row or column before the first)",
                            ));
                        }
                        let declared = u64::from(rl - rf) * u64::from(cl - cf);
                        let max = limits.max_sheet_cells as u64;
                        if declared > max {
                            return Err(ReadError::limit(
                                format!("工作表声明 {} 行 × {} 列，超过 {max} 个单元格", rl - rf, cl - cf),
                                format!("a sheet declares {} rows x {} columns, over {max} cells", rl - rf, cl - cf),
                            ));
                        }
                    }
                    continue;
                }
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00D6 => {
                    (u32::from(le16(d, 0)), u32::from(le16(d, 2)), u32::from(le16(d, 2)))
                }
                0x00BD => (u32::from(le16(d, 0)), u32::from(le16(d, 2)), u32::from(le16(d, d.len().saturating_sub(2)))),
                _ => continue,
            };
            cells += 1;
            r0 = r0.min(row);
            r1 = r1.max(row);
            c0 = c0.min(first);
            c1 = c1.max(last.max(first));
        }
        if cells == 0 {
            continue;
        }
        let sheet = format!("#{pos}");
        budget.rows(&sheet, u64::from(r1 - r0) + 1)?;
        budget.cols(&sheet, u64::from(c1 - c0) + 1)?;
        budget.add(&sheet, (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/// Decodes text: UTF-8 (BOM or not), UTF-16 LE/BE with a BOM, else GB18030.
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return cow.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn read_text(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Document, ReadError> {
    let text = decode_text(bytes);
    let delimiter = match ext {
        "csv" => Some(','),
        "tsv" | "tab" => Some('\t'),
        _ => {
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            (!lines.is_empty() && lines.iter().all(|l| l.contains('\t'))).then_some('\t')
        }
    };
    let mut doc = Document::default();
    let mut budget = Budget { limits, cells: 0 };
    match delimiter {
        Some(d) => {
            let records = parse_delimited(&text, d, &mut budget)?;
            let rows: Vec<Row> = records.into_iter().map(dense_row).collect();
            doc.blocks.push(Block::Table(Table { rows }));
        }
        None => {
            for line in text.lines() {
                budget.add("text", 1)?;
                doc.blocks.push(Block::Paragraph(Paragraph::from_text(line.trim_end_matches('\r'))));
            }
        }
    }
    Ok(doc)
}

/// RFC 4180 records: quoted fields may hold the delimiter, `""` and line breaks.
fn parse_delimited(text: &str, delim: char, budget: &mut Budget<'_>) -> Result<Vec<Vec<String>>, ReadError> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            c if c == delim => {
                record.push(std::mem::take(&mut field));
                budget.add("csv", 1)?;
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                budget.add("csv", 1)?;
                records.push(std::mem::take(&mut record));
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    budget.rows("csv", records.len() as u64)?;
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_as_written() {
        assert_eq!(number_text(100.0), "100");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(2343434343.0), "2343434343");
        let d = ExcelDateTime::new(40258.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime_text(&d), "2010-03-21");
        let t = ExcelDateTime::new(0.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime_text(&t), "12:00:00");
    }

    #[test]
    fn csv_in_every_encoding() {
        let l = Limits::default();
        let utf8 = "编号,名称\n1,\"山西, 数据\"\n";
        let doc = read(utf8.as_bytes(), "a.csv", &l).unwrap();
        assert_eq!(doc.plain_text(), "编号\t名称\n1\t山西, 数据\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(utf8);
        assert_eq!(read(&gbk, "a.csv", &l).unwrap().plain_text(), doc.plain_text());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(utf8.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&utf16, "a.csv", &l).unwrap().plain_text(), doc.plain_text());
    }

    #[test]
    fn a_stream_in_a_sector_cycle_is_refused_before_calamine() {
        // A zero-length "Workbook" whose mini-sector chain loops: calamine follows it anyway
        // and grows a vector until the allocation fails (found by the `sheet` fuzzer).
        let file = include_bytes!("../../../fuzz/regressions/sheet/xls-empty-workbook-in-a-mini-sector-cycle");
        let err = read(&file[1..], "cycle.xls", &Limits::default()).unwrap_err();
        assert!(matches!(err, ReadError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("loops at sector 0x0"), "{err}");
    }

    #[test]
    fn text_named_xls_is_refused() {
        let e = read(b"Attachment xyz not found!", "a.xls", &Limits::default()).unwrap_err();
        assert!(matches!(e, ReadError::NotThisFormat { .. }), "{e:?}");
    }

    #[test]
    fn csv_cell_limit() {
        let l = Limits { max_sheet_cells: 10, ..Limits::default() };
        let e = read("a,b,c\n".repeat(10).as_bytes(), "a.csv", &l).unwrap_err();
        assert!(matches!(e, ReadError::LimitExceeded { .. }), "{e:?}");
    }
}
