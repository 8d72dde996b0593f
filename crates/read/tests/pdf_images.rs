//! Pictures inside PDFs: generated files with a JPEG, raw RGB, gray and palette images, and
//! the real corpus compared with poppler's `pdfimages -list` (unique image objects it reports
//! as decodable kinds: `image`/`jpeg`, at least 32×32, not masks): every one of them decoded.

mod support;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use image::{DynamicImage, GenericImageView, ImageEncoder, RgbImage};
use read::{pdf, Limits};
use support::build_pdf;

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
        .join("corpus/real/pdf");
    dir.is_dir().then_some(dir)
}

fn gradient(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ((x + y) % 256) as u8]))
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

/// Mean absolute difference per channel between two pictures of the same size.
fn diff(a: &DynamicImage, b: &DynamicImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let (a, b) = (a.to_rgb8(), b.to_rgb8());
    let total: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    total as f64 / a.as_raw().len() as f64
}

#[test]
fn jpeg_raw_gray_and_palette_images_decode() {
    let photo = gradient(200, 120);
    let raw = gradient(64, 48);
    let gray: Vec<u8> = (0..40 * 40).map(|i| (i % 256) as u8).collect();
    // A 2-bit palette image: four colours, 4 pixels a byte.
    let palette_rows: Vec<u8> =
        (0..40).flat_map(|y| (0..10).map(move |x| if (x + y) % 2 == 0 { 0x1B } else { 0xE4 })).collect();
    let objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /A 5 0 R /B 6 0 R /F 8 0 R >> >> >>".to_vec(),
        stream("", b"q 200 0 0 120 0 0 cm /A Do Q q 64 0 0 48 0 200 cm /B Do Q /F Do"),
        stream("/Type /XObject /Subtype /Image /Width 200 /Height 120 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", &jpeg(&photo)),
        stream("/Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode", &zlib(raw.as_raw())),
        stream("/Type /XObject /Subtype /Image /Width 40 /Height 40 /ColorSpace /DeviceGray /BitsPerComponent 8", &gray),
        // A form XObject that draws the gray image and, again, the JPEG (decoded once).
        stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /G 7 0 R /A 5 0 R >> >>", b"/G Do /A Do"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R /Resources << /XObject << /P 11 0 R /T 12 0 R /M 13 0 R >> >> >>".to_vec(),
        stream("", b"/P Do /T Do /M Do"),
        stream("/Type /XObject /Subtype /Image /Width 40 /Height 40 /ColorSpace [/Indexed /DeviceRGB 3 <FF000000FF000000FFFFFFFF>] /BitsPerComponent 2", &palette_rows),
        // Too small to matter, and a stencil mask: both skipped.
        stream("/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8", &[0u8; 64]),
        stream("/Type /XObject /Subtype /Image /Width 40 /Height 40 /ImageMask true /BitsPerComponent 1", &[0u8; 200]),
    ];
    let bytes = build_pdf(&objs);
    let got = pdf::embedded_images(&bytes, &Limits::default()).expect("readable");
    assert_eq!(got.undecoded, 0);
    let sizes: Vec<(u32, u32, u32)> = got.images.iter().map(|i| (i.page, i.width, i.height)).collect();
    assert_eq!(sizes, vec![(1, 200, 120), (1, 64, 48), (1, 40, 40), (2, 40, 40)]);
    assert!(diff(&got.images[0].image, &DynamicImage::ImageRgb8(photo)) < 3.0, "JPEG decoded");
    assert_eq!(diff(&got.images[1].image, &DynamicImage::ImageRgb8(raw)), 0.0, "raw RGB exact");
    assert_eq!(got.images[2].image.to_luma8().as_raw(), &gray, "gray exact");
    let pal = got.images[3].image.to_rgb8();
    // 0x1B = indices 0,1,2,3: red, green, blue, white.
    assert_eq!(pal.get_pixel(0, 0).0, [255, 0, 0]);
    assert_eq!(pal.get_pixel(1, 0).0, [0, 255, 0]);
    assert_eq!(pal.get_pixel(2, 0).0, [0, 0, 255]);
    assert_eq!(pal.get_pixel(3, 0).0, [255, 255, 255]);
}

#[test]
fn damaged_and_oversized_images_are_counted_not_decoded() {
    let objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /A 5 0 R /B 6 0 R /C 7 0 R >> >> >>".to_vec(),
        stream("", b"/A Do /B Do /C Do"),
        // Declares 50000x50000: refused before any allocation.
        stream("/Type /XObject /Subtype /Image /Width 50000 /Height 50000 /ColorSpace /DeviceRGB /BitsPerComponent 8", b"xx"),
        // Truncated samples.
        stream("/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceRGB /BitsPerComponent 8", &[7u8; 100]),
        // Not a JPEG at all.
        stream("/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", b"garbage"),
    ];
    let got = pdf::embedded_images(&build_pdf(&objs), &Limits::default()).expect("the file itself is readable");
    assert!(got.images.is_empty());
    assert_eq!(got.undecoded, 3);
    assert!(pdf::embedded_images(b"not a pdf", &Limits::default()).is_err());
}

/// Unique decodable image objects per `pdfimages -list`.
fn poppler_images(path: &std::path::Path) -> Option<usize> {
    let out = Command::new("pdfimages").arg("-list").arg(path).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut objects = std::collections::BTreeSet::new();
    for line in text.lines().skip(2) {
        let c: Vec<&str> = line.split_whitespace().collect();
        // page num type width height color comp bpc enc interp object ID …
        if c.len() < 12 || c[2] != "image" || !matches!(c[8], "image" | "jpeg") {
            continue;
        }
        let (w, h): (u32, u32) = (c[3].parse().ok()?, c[4].parse().ok()?);
        if w >= 32 && h >= 32 {
            objects.insert((c[10].to_string(), c[11].to_string()));
        }
    }
    Some(objects.len())
}

#[test]
fn corpus_images_match_poppler() {
    let Some(dir) = shared() else {
        eprintln!("skipped: ../shared/corpus/real/pdf not found (set DOSSIER_SHARED)");
        return;
    };
    if Command::new("pdfimages").arg("-v").output().is_err() {
        eprintln!("skipped: pdfimages (poppler-utils) not installed");
        return;
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let (mut compared, mut total) = (0, 0);
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")) {
        let bytes = std::fs::read(path).unwrap();
        let ours = pdf::embedded_images(&bytes, &Limits::default());
        let name = path.file_name().unwrap().to_string_lossy();
        let Some(theirs) = poppler_images(path) else { continue };
        let Ok(ours) = ours else {
            // Refused files (encrypted with a user password, damaged beyond repair) are the
            // text reader's business; pdfimages must not have found pictures in them either.
            assert_eq!(theirs, 0, "{name}: refused, but poppler decodes {theirs} images");
            continue;
        };
        if theirs > 0 || !ours.images.is_empty() {
            eprintln!("{name:50} ours {:3} (undecoded {:3})  pdfimages {theirs:3}", ours.images.len(), ours.undecoded);
            compared += 1;
            total += theirs;
            // pdfimages lists what pages draw; we also decode pictures a page lists among its
            // resources without drawing them (still part of the file, still worth a fingerprint).
            assert!(ours.images.len() >= theirs, "{name}: poppler decodes {theirs} images, we {}", ours.images.len());
        }
    }
    eprintln!("{compared} corpus PDFs with images, {total} images, each decoded as poppler does");
    assert!(compared >= 8, "the corpus has PDFs with pictures");
}
