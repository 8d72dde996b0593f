//! Text from pictures: scans of licences and certificates, image-only PDF pages.
//!
//! Built with the `tesseract` feature, this links the system's Tesseract (Debian packages
//! `libtesseract-dev`, `tesseract-ocr-chi-sim`) and reads with the `chi_sim` model alone: it
//! reads Latin letters and digits (credit codes, `ZL…` numbers) well enough, and adding `eng`
//! made Tesseract read Chinese labels as Latin words (`专利权人` → `SAMA`) on our test scans.
//! `DOSSIER_OCR_LANG` overrides the model list, `DOSSIER_TESSDATA` the model folder. Without it,
//! [`available`] is false and [`recognize`] says OCR is not built in, so callers record the
//! file as needing OCR instead of silently reading nothing.
//!
//! One engine per thread (loading the models costs ~0.2 s), created on first use. Pictures are
//! turned to gray and scaled so their long side is at most [`MAX_SIDE`] pixels (small ones are
//! enlarged to [`MIN_SIDE`]): Tesseract's time grows with the pixel count, and certificate text
//! stays legible at that size. Spaces Tesseract puts between Chinese characters are removed.

use image::DynamicImage;

/// Longest side, in pixels, a picture is scaled down to before recognition.
pub const MAX_SIDE: u32 = 2600;
/// Shortest long side a picture is enlarged to (small scans read badly).
pub const MIN_SIDE: u32 = 1200;

/// Why a picture has no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcrError {
    /// This build has no OCR engine (built without the `tesseract` feature).
    NotBuilt,
    /// The engine or its Chinese model could not be loaded.
    Unavailable(String),
    /// Recognition failed on this picture.
    Failed(String),
}

impl OcrError {
    /// A message for staff, Chinese then English.
    pub fn bilingual(&self) -> String {
        match self {
            OcrError::NotBuilt => {
                "需要文字识别（OCR），本版本未启用 OCR / needs OCR; this build has no OCR engine".to_string()
            }
            OcrError::Unavailable(e) => {
                format!(
                    "需要文字识别（OCR），但 OCR 引擎或中文模型无法加载 / OCR engine or chi_sim model unavailable: {e}"
                )
            }
            OcrError::Failed(e) => format!("文字识别失败 / OCR failed: {e}"),
        }
    }
}

/// Whether this build can recognise text (the `tesseract` feature, and the engine loads).
pub fn available() -> bool {
    imp::available()
}

/// Why OCR cannot run here, for staff (Chinese / English); meaningful when [`available`] is false.
pub fn recognize_unavailable_reason() -> String {
    imp::unavailable_reason()
}

/// The text of a picture, in reading order, Chinese without spurious spaces.
pub fn recognize(img: &DynamicImage) -> Result<String, OcrError> {
    imp::recognize(&prepare(img))
}

/// Gray, scaled into [`MIN_SIDE`, `MAX_SIDE`] on the long side.
fn prepare(img: &DynamicImage) -> image::GrayImage {
    let (w, h) = (img.width().max(1), img.height().max(1));
    let long = w.max(h);
    let scale = if long > MAX_SIDE {
        f64::from(MAX_SIDE) / f64::from(long)
    } else if long < MIN_SIDE {
        (f64::from(MIN_SIDE) / f64::from(long)).min(4.0)
    } else {
        1.0
    };
    let gray = img.to_luma8();
    if (scale - 1.0).abs() < 1e-3 {
        return gray;
    }
    let nw = ((f64::from(w) * scale).round() as u32).max(1);
    let nh = ((f64::from(h) * scale).round() as u32).max(1);
    image::imageops::resize(&gray, nw, nh, image::imageops::FilterType::Triangle)
}

/// Removes the spaces OCR puts between CJK characters (and between a CJK character and
/// full-width punctuation), keeps those between Latin words, trims lines, drops empty lines.
pub fn tidy(text: &str) -> String {
    let cjk = |c: char| matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let chars: Vec<char> = line.trim().chars().collect();
        if chars.is_empty() {
            continue;
        }
        for (i, &c) in chars.iter().enumerate() {
            if c.is_whitespace() {
                let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace());
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                let keep = match (prev, next) {
                    (Some(&p), Some(&n)) => !(cjk(p) || cjk(n)),
                    _ => false,
                };
                if keep && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(feature = "tesseract")]
mod imp {
    use std::cell::RefCell;
    use std::ffi::CString;

    use tesseract_plumbing::TessBaseApi;

    use super::OcrError;

    thread_local! {
        static ENGINE: RefCell<Option<Result<TessBaseApi, OcrError>>> = const { RefCell::new(None) };
    }

    fn engine() -> Result<TessBaseApi, OcrError> {
        let mut api = TessBaseApi::create();
        let datapath = std::env::var("DOSSIER_TESSDATA").ok().and_then(|p| CString::new(p).ok());
        let lang = std::env::var("DOSSIER_OCR_LANG").unwrap_or_else(|_| "chi_sim".to_string());
        let lang = CString::new(lang).map_err(|_| OcrError::Unavailable("bad DOSSIER_OCR_LANG".into()))?;
        api.init_2(datapath.as_deref(), Some(&lang))
            .map_err(|_| OcrError::Unavailable("Tesseract init failed (is tesseract-ocr-chi-sim installed?)".into()))?;
        // Fully automatic page segmentation; no dictionary correction of identifiers.
        api.set_page_seg_mode(tesseract_plumbing::tesseract_sys::TessPageSegMode_PSM_AUTO);
        for (k, v) in [("load_system_dawg", "0"), ("load_freq_dawg", "0"), ("debug_file", "/dev/null")] {
            let (k, v) = (CString::new(k).expect("no NUL"), CString::new(v).expect("no NUL"));
            let _ = api.set_variable(&k, &v);
        }
        Ok(api)
    }

    fn with_engine<T>(f: impl FnOnce(&mut TessBaseApi) -> Result<T, OcrError>) -> Result<T, OcrError> {
        ENGINE.with(|cell| {
            let mut slot = cell.borrow_mut();
            let e = slot.get_or_insert_with(engine);
            match e {
                Ok(api) => f(api),
                Err(err) => Err(err.clone()),
            }
        })
    }

    pub(super) fn available() -> bool {
        with_engine(|_| Ok(())).is_ok()
    }

    pub(super) fn unavailable_reason() -> String {
        match with_engine(|_| Ok(())) {
            Ok(()) => String::new(),
            Err(e) => e.bilingual(),
        }
    }

    pub(super) fn recognize(gray: &image::GrayImage) -> Result<String, OcrError> {
        let (w, h) = (gray.width() as i32, gray.height() as i32);
        with_engine(|api| {
            api.set_image(gray.as_raw(), w, h, 1, w).map_err(|e| OcrError::Failed(format!("{e:?}")))?;
            api.set_source_resolution(300);
            api.recognize().map_err(|_| OcrError::Failed("recognition failed".into()))?;
            let text = api.get_utf8_text().map_err(|_| OcrError::Failed("no text returned".into()))?;
            let s = text.as_ref().to_string_lossy().into_owned();
            Ok(super::tidy(&s))
        })
    }
}

#[cfg(not(feature = "tesseract"))]
mod imp {
    use super::OcrError;

    pub(super) fn available() -> bool {
        false
    }

    pub(super) fn unavailable_reason() -> String {
        OcrError::NotBuilt.bilingual()
    }

    pub(super) fn recognize(_: &image::GrayImage) -> Result<String, OcrError> {
        Err(OcrError::NotBuilt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_joins_chinese_and_keeps_latin_words() {
        assert_eq!(
            tidy(" 营 业 执 照 \n\n名 称 ： 山西 数 据 有限 公司\nAI Lab 2024 年\n"),
            "营业执照\n名称：山西数据有限公司\nAI Lab 2024年\n"
        );
    }

    #[test]
    fn pictures_are_scaled_into_range() {
        let big = DynamicImage::new_luma8(5200, 1000);
        assert_eq!(prepare(&big).dimensions(), (2600, 500));
        let small = DynamicImage::new_luma8(300, 200);
        assert_eq!(prepare(&small).dimensions(), (1200, 800));
        let fine = DynamicImage::new_luma8(2000, 1400);
        assert_eq!(prepare(&fine).dimensions(), (2000, 1400));
    }
}
