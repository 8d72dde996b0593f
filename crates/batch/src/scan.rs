//! Text of scans: pictures and image-only PDF pages through OCR (crate `ocr`).
//!
//! Without an OCR engine (built without the `ocr` feature, or its model missing) nothing is
//! decoded and the reason is returned, so the file is recorded as needing OCR.

use read::{Limits, ReadError};

/// What OCR made of a file.
pub(crate) enum Scan {
    /// Text was read.
    Text(String),
    /// OCR ran and found no text worth the name; the reason for staff.
    NoText(String),
    /// OCR is not available here; the reason for staff.
    Unavailable(String),
    /// The picture itself could not be decoded.
    Failed(ReadError),
}

/// Fewer characters than this (after trimming) is "no text": OCR reads specks as a few glyphs.
const MIN_CHARS: usize = 8;

fn enough(text: &str) -> bool {
    text.chars().filter(|c| !c.is_whitespace()).count() >= MIN_CHARS
}

/// OCR of one picture file.
pub(crate) fn image(bytes: &[u8], limits: &Limits) -> Scan {
    if !ocr::available() {
        return Scan::Unavailable(ocr::recognize_unavailable_reason());
    }
    let img = match read::image::decode(bytes, limits) {
        Ok(i) => i,
        Err(e) => return Scan::Failed(e),
    };
    match ocr::recognize(&img) {
        Ok(t) if enough(&t) => Scan::Text(t),
        Ok(_) => Scan::NoText("文字识别（OCR）未在图片中识别到文字 / OCR found no text in the picture".into()),
        Err(e) => Scan::NoText(e.bilingual()),
    }
}

/// OCR of the pictures of a PDF whose text layer is missing: per page, its largest picture,
/// for at most `limits.max_ocr_pages` pages.
pub(crate) fn pdf(bytes: &[u8], limits: &Limits) -> Scan {
    if !ocr::available() {
        return Scan::Unavailable(ocr::recognize_unavailable_reason());
    }
    let pics = match read::pdf::embedded_images(bytes, limits) {
        Ok(p) => p,
        Err(e) => return Scan::Failed(e),
    };
    let mut best: Vec<&read::pdf::EmbeddedImage> = Vec::new();
    for im in &pics.images {
        match best.iter_mut().find(|b| b.page == im.page) {
            Some(b) if u64::from(b.width) * u64::from(b.height) < u64::from(im.width) * u64::from(im.height) => *b = im,
            Some(_) => {}
            None => best.push(im),
        }
    }
    let mut text = String::new();
    for im in best.iter().take(limits.max_ocr_pages) {
        if let Ok(t) = ocr::recognize(&im.image) {
            if !text.is_empty() {
                text.push('\u{c}');
            }
            text.push_str(&t);
        }
    }
    if enough(&text) {
        Scan::Text(text)
    } else if best.is_empty() {
        Scan::NoText(format!(
            "PDF 页面图片无法解码（{} 张为 JBIG2/CCITT/JPEG 2000 等格式），无法文字识别 / no decodable page pictures for OCR",
            pics.undecoded
        ))
    } else {
        Scan::NoText("文字识别（OCR）未在页面图片中识别到文字 / OCR found no text in the page pictures".into())
    }
}
