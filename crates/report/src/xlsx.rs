//! `report.xlsx` from the tables (rust_xlsxwriter).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::tables::{Cell, Sheet};

/// The workbook as bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
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
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head)?;
        }
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        let scoring = !s.filter;
        for (r, row) in s.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            let is_total = scoring && row.iter().any(|c| matches!(c, Cell::Formula { .. }));
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string_with_format(r, c, t, if is_total { &total } else { &body })?;
                    }
                    Cell::Num(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    Cell::Formula { formula, .. } => {
                        ws.write_formula_with_format(r, c, formula.as_str(), &total)?;
                    }
                    Cell::Empty if scoring && c >= 4 && !is_total => {
                        ws.write_blank(r, c, &score)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, if scoring { 4 } else { 1 })?;
        if s.filter && !s.headers.is_empty() {
            ws.autofilter(0, 0, s.rows.len() as u32, (s.headers.len() - 1) as u16)?;
        }
    }
    wb.save_to_buffer()
}
