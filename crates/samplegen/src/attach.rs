//! Attachments: a business-licence scan (JPEG drawn with the `image` crate), tiny
//! hand-written PDFs (patent certificate, contract) with Latin-1 text and correct xref
//! offsets, and a financial spreadsheet (rust_xlsxwriter) with fixed document properties.
//! Everything is deterministic in its inputs.

use image::{Rgb, RgbImage};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::data::Unit;
use crate::rng::Rng;

fn rect(img: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, c: Rgb<u8>) {
    for y in y0..(y0 + h).min(img.height()) {
        for x in x0..(x0 + w).min(img.width()) {
            img.put_pixel(x, y, c);
        }
    }
}

/// A 600×400 "scan" of a business licence: paper, red double frame, a title bar, grey
/// text lines, a QR-like block and a red seal ring. The layout depends on `seed`.
pub fn licence_jpg(seed: u64) -> Vec<u8> {
    let mut r = Rng::new(seed ^ 0x11CE_2CE0);
    let (w, h) = (600u32, 400u32);
    let paper = Rgb([246, 242, 230]);
    let mut img = RgbImage::from_pixel(w, h, paper);
    let red = Rgb([196, 40, 36]);
    // Double frame.
    for (m, t) in [(10u32, 4u32), (20, 2)] {
        rect(&mut img, m, m, w - 2 * m, t, red);
        rect(&mut img, m, h - m - t, w - 2 * m, t, red);
        rect(&mut img, m, m, t, h - 2 * m, red);
        rect(&mut img, w - m - t, m, t, h - 2 * m, red);
    }
    // Title bar (营业执照).
    rect(&mut img, 220, 40, 160, 26, Rgb([60, 50, 50]));
    // Text lines.
    let grey = Rgb([90, 90, 96]);
    for i in 0..8u32 {
        let y = 95 + i * 30;
        rect(&mut img, 50, y, 70, 12, grey);
        let len = 120 + r.below(230) as u32;
        rect(&mut img, 135, y, len, 12, Rgb([40, 40, 48]));
    }
    // QR-like block.
    for by in 0..10u32 {
        for bx in 0..10u32 {
            if r.chance(50) || bx < 3 && by < 3 {
                rect(&mut img, 470 + bx * 9, 60 + by * 9, 9, 9, Rgb([20, 20, 20]));
            }
        }
    }
    // Seal ring.
    let (cx, cy, r_out, r_in) = (470i64, 300i64, 55i64, 47i64);
    for y in (cy - r_out)..=(cy + r_out) {
        for x in (cx - r_out)..=(cx + r_out) {
            let d2 = (x - cx).pow(2) + (y - cy).pow(2);
            if d2 <= r_out * r_out && d2 >= r_in * r_in {
                img.put_pixel(x as u32, y as u32, red);
            }
        }
    }
    rect(&mut img, 458, 288, 24, 24, red);
    // Light scanner noise.
    for _ in 0..1500 {
        let (x, y) = (r.below(w as u64) as u32, r.below(h as u64) as u32);
        let p = img.get_pixel(x, y).0;
        let n = r.below(30) as u8;
        img.put_pixel(x, y, Rgb([p[0].saturating_sub(n), p[1].saturating_sub(n), p[2].saturating_sub(n)]));
    }
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    img.write_with_encoder(enc).expect("jpeg");
    out
}

fn pdf_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                o.push('\\');
                o.push(c);
            }
            c if (c as u32) < 0x7F => o.push(c),
            _ => o.push('?'),
        }
    }
    o
}

/// A one-page PDF 1.4 with `lines` of Helvetica text and a correct cross-reference table.
pub fn pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT\n/F1 14 Tf\n72 760 Td\n18 TL\n");
    for (i, l) in lines.iter().enumerate() {
        if i == 1 {
            content.push_str("/F1 11 Tf\n");
        }
        content.push_str(&format!("({}) Tj T*\n", pdf_escape(l)));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{}endstream", content.len(), content),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, o).as_bytes());
    }
    let xref = out.len();
    let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        x.push_str(&format!("{off:010} 00000 n \n"));
    }
    x.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", objects.len() + 1, xref));
    out.extend_from_slice(x.as_bytes());
    out
}

/// A patent certificate naming the patent number and the holder.
pub fn patent_certificate(number: &str, title_en: &str, holder_en: &str, inventor: &str) -> Vec<u8> {
    pdf(&[
        "CERTIFICATE OF INVENTION PATENT".to_string(),
        format!("Patent No.: {number}"),
        format!("Title: {title_en}"),
        format!("Patentee (Holder): {holder_en}"),
        format!("Inventor: {inventor}"),
        "China National Intellectual Property Administration".to_string(),
    ])
}

/// A contract summary page.
pub fn contract_pdf(name_en: &str, party_a_en: &str, party_b_en: &str, amount: f64, signed: &str) -> Vec<u8> {
    pdf(&[
        "TECHNICAL SERVICE CONTRACT".to_string(),
        format!("Contract: {name_en}"),
        format!("Party A: {party_a_en}"),
        format!("Party B: {party_b_en}"),
        format!("Amount: {} (10,000 CNY)", crate::data::num(amount)),
        format!("Signed: {signed}"),
    ])
}

/// 财务数据.xlsx: the lead unit's revenue, profit and R&D by year.
pub fn finance_xlsx(u: &Unit) -> Vec<u8> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 6, 20).expect("date");
    wb.set_properties(&DocProperties::new().set_author("财务部").set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("财务数据").expect("sheet name");
    let bold = Format::new().set_bold();
    let heads = ["年度", "营业收入（万元）", "利润总额（万元）", "数据技术研发投入（万元）"];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).expect("cell");
    }
    ws.write_string(0, 5, format!("单位：{}", u.name)).expect("cell");
    for (i, year) in [2024u32, 2023, 2022].iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, format!("{year}年")).expect("cell");
        ws.write_number(row, 1, u.revenue[i]).expect("cell");
        ws.write_number(row, 2, u.profit[i]).expect("cell");
        if i == 0 {
            ws.write_number(row, 3, u.rd_investment_2024).expect("cell");
        }
    }
    ws.set_column_width(0, 10).expect("width");
    ws.set_column_width(1, 18).expect("width");
    ws.set_column_width(2, 18).expect("width");
    ws.set_column_width(3, 24).expect("width");
    wb.save_to_buffer().expect("xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_xref_offsets_point_at_objects() {
        let p = pdf(&["Hello (world)".into(), "Patent ZL202310123456.7".into()]);
        let s: String = p.iter().map(|&b| if b < 128 { b as char } else { '?' }).collect();
        let xref = s.rfind("startxref\n").unwrap();
        let off: usize = s[xref + 10..].lines().next().unwrap().parse().unwrap();
        assert!(s[off..].starts_with("xref"));
        let first: usize = s[off..].lines().nth(3).unwrap()[..10].parse().unwrap();
        assert!(s[first..].starts_with("1 0 obj"));
    }

    #[test]
    fn licence_is_deterministic() {
        assert_eq!(licence_jpg(5), licence_jpg(5));
        assert_ne!(licence_jpg(5), licence_jpg(6));
    }
}
