//! `report.xlsx` from the tables (rust_xlsxwriter).
//!
//! The run's report is written in rust_xlsxwriter's constant-memory mode: each row goes to a
//! temporary file (unnamed, in the run folder) as it is made, so the workbook does not hold the
//! cells of the 问题清单 sheet (77,289 rows at 5,000 bench dossiers) in memory.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::tables::{Cell, Sheet};
use crate::Error;

impl From<XlsxError> for Error {
    fn from(e: XlsxError) -> Error {
        Error::Xlsx(e.to_string())
    }
}

/// A small workbook (all cells held) as bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    fill(&mut wb, sheets, false)?;
    Ok(wb.save_to_buffer()?)
}

/// Writes the workbook to `path` a row at a time: rows are spilled to unnamed temporary files in
/// `tempdir` as they are made (constant-memory mode), then zipped into `path`.
pub fn write(path: &Path, sheets: &[Sheet], tempdir: &Path) -> Result<(), Error> {
    let mut wb = Workbook::new();
    wb.set_tempdir(tempdir)?;
    fill(&mut wb, sheets, true)?;
    wb.save(path)?;
    Ok(())
}

/// Adds each sheet to `wb`, in constant-memory mode when `constant`.
fn fill(wb: &mut Workbook, sheets: &[Sheet], constant: bool) -> Result<(), Error> {
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE7F3))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let score = Format::new().set_background_color(Color::RGB(0xFFF8DC)).set_border(FormatBorder::Thin);
    let total = Format::new().set_bold().set_background_color(Color::RGB(0xEEEEEE));
    for s in sheets {
        let mut ws = if constant { wb.new_worksheet_with_constant_memory()? } else { Worksheet::new() };
        ws.set_name(&s.name)?;
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head)?;
        }
        let scoring = !s.filter;
        let mut r = 0u32;
        let n = s.for_each_row(|row| {
            r += 1;
            write_row(&mut ws, r, row, scoring, (&body, &score, &total))
        })?;
        ws.set_freeze_panes(1, if scoring { 4 } else { 1 })?;
        if s.filter && !s.headers.is_empty() {
            ws.autofilter(0, 0, n as u32, (s.headers.len() - 1) as u16)?;
        }
        wb.push_worksheet(ws);
    }
    Ok(())
}

fn write_row(
    ws: &mut Worksheet,
    r: u32,
    row: &[Cell],
    scoring: bool,
    (body, score, total): (&Format, &Format, &Format),
) -> Result<(), Error> {
    let is_total = scoring && row.iter().any(|c| matches!(c, Cell::Formula { .. }));
    for (c, cell) in row.iter().enumerate() {
        let c = c as u16;
        match cell {
            Cell::Text(t) => {
                ws.write_string_with_format(r, c, t, if is_total { total } else { body })?;
            }
            Cell::Num(n) => {
                ws.write_number(r, c, *n)?;
            }
            Cell::Formula { formula, .. } => {
                ws.write_formula_with_format(r, c, formula.as_str(), total)?;
            }
            Cell::Empty if scoring && c >= 4 && !is_total => {
                ws.write_blank(r, c, score)?;
            }
            Cell::Empty => {}
        }
    }
    Ok(())
}
