//! OCR on pictures of a business licence and a patent certificate typeset by LibreOffice and
//! rasterised by poppler (`samples/ocr/`, made by `samples/ocr/make-with-libreoffice.sh`), as
//! clean renders and as "scans" (tilted 1°, gray noise, JPEG quality 70): the credit code, the
//! patent number and the holder must come out, through the same evidence analysis the run uses.

use std::path::PathBuf;

use image::{DynamicImage, GrayImage, Luma};

fn sample(name: &str) -> DynamicImage {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/ocr")).join(name);
    image::open(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Tilted by `deg`, with deterministic noise, re-encoded as JPEG quality 70.
fn scanned(img: &DynamicImage, deg: f32) -> DynamicImage {
    let g = img.to_luma8();
    let (w, h) = g.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut seed = 0x2545_f491_u32;
    let out = GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        // Bilinear, as a scanner's optics blur; white outside the page.
        let px = |x: f32, y: f32| -> f32 {
            if x < 0.0 || y < 0.0 || x >= w as f32 || y >= h as f32 {
                255.0
            } else {
                f32::from(g.get_pixel(x as u32, y as u32)[0])
            }
        };
        let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
        let (x0, y0) = (sx.floor(), sy.floor());
        let v = px(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + px(x0 + 1.0, y0) * fx * (1.0 - fy)
            + px(x0, y0 + 1.0) * (1.0 - fx) * fy
            + px(x0 + 1.0, y0 + 1.0) * fx * fy;
        let v = v.round() as u8;
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 25) as i32 - 12;
        Luma([(i32::from(v) + noise).clamp(0, 255) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 70).encode_image(&out).unwrap();
    image::load_from_memory(&jpeg).unwrap()
}

#[cfg(feature = "tesseract")]
#[test]
fn licence_and_patent_certificate_yield_identifiers_and_holders() {
    assert!(ocr::available(), "Tesseract with chi_sim must load (apt-get install tesseract-ocr-chi-sim)");
    for (label, img) in [("clean", sample("licence.png")), ("scanned", scanned(&sample("licence.png"), 1.0))] {
        let text = ocr::recognize(&img).unwrap();
        let ev = evidence::analyse("scan.jpg", &text);
        eprintln!("licence ({label}): {ev:?}\n{text}");
        assert_eq!(ev.kind, evidence::Kind::BusinessLicense, "{label}: {text}");
        assert_eq!(ev.credit_codes, vec!["9114110279867752XD"], "{label}: {text}");
        assert!(ev.holders.iter().any(|h| h == "吕梁龙城智算数字技术有限公司"), "{label}: {text}");
    }
    for (label, img) in [("clean", sample("patent.png")), ("scanned", scanned(&sample("patent.png"), -1.0))] {
        let text = ocr::recognize(&img).unwrap();
        let ev = evidence::analyse("scan.jpg", &text);
        eprintln!("patent ({label}): {ev:?}\n{text}");
        assert_eq!(ev.kind, evidence::Kind::PatentCertificate, "{label}: {text}");
        assert_eq!(ev.patent_numbers, vec!["ZL202210719823.4"], "{label}: {text}");
        assert!(ev.holders.iter().any(|h| h == "吕梁龙城智算数字技术有限公司"), "{label}: {text}");
    }
}

#[cfg(not(feature = "tesseract"))]
#[test]
fn without_the_feature_ocr_says_it_is_not_built() {
    assert!(!ocr::available());
    let err = ocr::recognize(&sample("licence.png")).unwrap_err();
    assert_eq!(err, ocr::OcrError::NotBuilt);
    assert!(err.bilingual().contains("需要文字识别"));
}
