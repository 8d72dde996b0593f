//! The pictures inside a PDF: scans placed on pages, photos of licences and certificates.
//!
//! Image XObjects are found through each page's resources (and the form XObjects they use,
//! depth-limited, cycles cut), each decoded once in order of first use. Encodings: DCT (JPEG,
//! through [`crate::image::decode`] and its limits) and raw samples after Flate/LZW/RunLength
//! (gray, RGB, CMYK, ICC-based by component count, indexed palettes; 1, 2, 4, 8 or 16 bits).
//! JPEG 2000, CCITT fax and JBIG2 (bilevel scans) are counted as `undecoded`, never guessed.
//! Stencil masks and pictures under 32×32 pixels (bullets, rules) are skipped.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Dictionary, Document as PdfDoc, Object, ObjectId, Stream};

use super::fonts;
use crate::{Limits, ReadError};

/// Deepest nesting of form XObjects followed when looking for images.
const MAX_FORM_DEPTH: usize = 8;
/// Smallest width and height kept: smaller pictures are decoration.
const MIN_SIDE: u32 = 32;
/// Most images decoded from one file.
const MAX_IMAGES: usize = 500;

/// One picture decoded from a PDF.
#[derive(Debug, Clone)]
pub struct EmbeddedImage {
    /// The first page (1-based) that shows it.
    pub page: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The decoded picture.
    pub image: DynamicImage,
}

/// The pictures of a PDF and what could not be decoded.
#[derive(Debug, Clone, Default)]
pub struct PdfImages {
    /// Decoded pictures in order of first use.
    pub images: Vec<EmbeddedImage>,
    /// Pictures found but not decoded (JPEG 2000, CCITT, JBIG2, damaged, over a limit).
    pub undecoded: usize,
}

/// Decodes the pictures of the PDF in `bytes`, each image object once.
pub fn embedded_images(bytes: &[u8], limits: &Limits) -> Result<PdfImages, ReadError> {
    embedded(bytes, limits, None)
}

/// As [`embedded_images`], with JPEG pictures decoded at reduced size (see
/// [`crate::image::decode_reduced`]): for fingerprints, not for OCR.
pub fn embedded_images_reduced(bytes: &[u8], limits: &Limits, min_side: u32) -> Result<PdfImages, ReadError> {
    embedded(bytes, limits, Some(min_side))
}

fn embedded(bytes: &[u8], limits: &Limits, reduce: Option<u32>) -> Result<PdfImages, ReadError> {
    super::guarded(bytes, limits, |bytes, limits| {
        let deadline = Instant::now() + Duration::from_millis(limits.pdf_time_budget_ms);
        let doc = super::load(bytes, limits)?;
        let mut pages = super::page_list(&doc, limits)?;
        if pages.is_empty() {
            pages = super::scan_pages(&doc);
        }
        let mut out = PdfImages::default();
        let mut seen: HashSet<ObjectId> = HashSet::new();
        for (i, &pid) in pages.iter().enumerate() {
            let Ok(pdict) = doc.get_dictionary(pid) else { continue };
            let mut found = Vec::new();
            if let Some(res) = super::inherited(&doc, pdict, b"Resources").and_then(|o| o.as_dict().ok()) {
                collect(&doc, res, 0, &mut Vec::new(), &mut seen, &mut found);
            }
            // Annotation appearances (stamps, signatures, barcodes in form fields) draw too.
            for ap in appearances(&doc, pdict) {
                if let Some(res) = fonts::get(&doc, &ap.dict, b"Resources").and_then(|o| o.as_dict().ok()) {
                    collect(&doc, res, 1, &mut Vec::new(), &mut seen, &mut found);
                }
            }
            for id in found {
                if Instant::now() > deadline {
                    return Err(super::time_error(limits));
                }
                if out.images.len() >= MAX_IMAGES {
                    out.undecoded += 1;
                    continue;
                }
                let Ok(Object::Stream(s)) = doc.get_object(id) else { continue };
                match decode(&doc, s, limits, reduce) {
                    Decoded::Image(image) => out.images.push(EmbeddedImage {
                        page: i as u32 + 1,
                        width: image.width(),
                        height: image.height(),
                        image,
                    }),
                    Decoded::Skip => {}
                    Decoded::Failed => out.undecoded += 1,
                }
            }
        }
        Ok(out)
    })
}

/// The normal appearance streams of a page's annotations (each state of a checkbox too).
fn appearances<'a>(doc: &'a PdfDoc, page: &'a Dictionary) -> Vec<&'a Stream> {
    let mut out = Vec::new();
    let Some(annots) = fonts::get(doc, page, b"Annots").and_then(|o| o.as_array().ok()) else { return out };
    for a in annots.iter().take(10_000) {
        let Ok(a) = fonts::deref(doc, a).as_dict() else { continue };
        let Some(ap) = fonts::get(doc, a, b"AP").and_then(|o| o.as_dict().ok()) else { continue };
        match fonts::get(doc, ap, b"N") {
            Some(Object::Stream(s)) => out.push(s),
            Some(Object::Dictionary(states)) => {
                for (_, st) in states.iter() {
                    if let Object::Stream(s) = fonts::deref(doc, st) {
                        out.push(s);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Image XObjects used by `res` (and the forms it uses) not seen before, in name order.
fn collect(
    doc: &PdfDoc,
    res: &Dictionary,
    depth: usize,
    forms: &mut Vec<ObjectId>,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<ObjectId>,
) {
    let Some(xd) = fonts::get(doc, res, b"XObject").and_then(|o| o.as_dict().ok()) else { return };
    for (_, entry) in xd.iter() {
        let Ok(id) = entry.as_reference() else { continue };
        let Ok(Object::Stream(s)) = doc.get_object(id) else { continue };
        let sub = s.dict.get(b"Subtype").and_then(|o| o.as_name()).unwrap_or(b"");
        if sub == b"Image" {
            if seen.insert(id) {
                out.push(id);
            }
        } else if sub == b"Form" && depth < MAX_FORM_DEPTH && !forms.contains(&id) {
            if let Some(own) = fonts::get(doc, &s.dict, b"Resources").and_then(|o| o.as_dict().ok()) {
                forms.push(id);
                collect(doc, own, depth + 1, forms, seen, out);
                forms.pop();
            }
        }
    }
}

enum Decoded {
    Image(DynamicImage),
    /// Deliberately not decoded (a mask, a tiny picture).
    Skip,
    Failed,
}

fn decode(doc: &PdfDoc, s: &Stream, limits: &Limits, reduce: Option<u32>) -> Decoded {
    let d = &s.dict;
    let int = |k: &[u8]| fonts::get(doc, d, k).and_then(|o| o.as_i64().ok());
    if matches!(fonts::get(doc, d, b"ImageMask"), Some(Object::Boolean(true))) {
        return Decoded::Skip;
    }
    let (Some(w), Some(h)) = (int(b"Width"), int(b"Height")) else { return Decoded::Failed };
    if w <= 0 || h <= 0 || w > i64::from(limits.max_image_dimension) || h > i64::from(limits.max_image_dimension) {
        return Decoded::Failed;
    }
    let (w, h) = (w as u32, h as u32);
    if w < MIN_SIDE || h < MIN_SIDE {
        return Decoded::Skip;
    }
    if u64::from(w) * u64::from(h) > limits.max_image_pixels {
        return Decoded::Failed;
    }
    let filters: Vec<Vec<u8>> = match fonts::get(doc, d, b"Filter") {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec)).collect(),
        _ => Vec::new(),
    };
    let max = limits.max_image_alloc.min(limits.max_entry_bytes) as usize;
    match filters.last().map(Vec::as_slice) {
        Some(b"DCTDecode" | b"DCT") => {
            let data = if filters.len() == 1 {
                s.content.clone()
            } else {
                // e.g. [/FlateDecode /DCTDecode]: undo the outer layers only.
                let mut outer = s.clone();
                let names: Vec<Object> = filters[..filters.len() - 1].iter().map(|n| Object::Name(n.clone())).collect();
                outer.dict.set("Filter", Object::Array(names));
                match outer.decompressed_content_with_limit(max) {
                    Ok(d) => d,
                    Err(_) => return Decoded::Failed,
                }
            };
            let decoded = match reduce {
                Some(side) => crate::image::decode_reduced(&data, limits, side),
                None => crate::image::decode(&data, limits),
            };
            match decoded {
                Ok(img) => Decoded::Image(img),
                Err(_) => Decoded::Failed,
            }
        }
        Some(b"JPXDecode" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode") => Decoded::Failed,
        _ => {
            let Some(data) = super::stream_data(s, max) else { return Decoded::Failed };
            let bpc = int(b"BitsPerComponent").unwrap_or(8);
            let cs = fonts::get(doc, d, b"ColorSpace").cloned().unwrap_or(Object::Name(b"DeviceGray".to_vec()));
            match samples(doc, &cs, &data, w, h, bpc) {
                Some(img) => Decoded::Image(img),
                None => Decoded::Failed,
            }
        }
    }
}

/// A colour space reduced to what sample decoding needs.
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// A palette of RGB triples.
    Indexed(Vec<[u8; 3]>),
}

fn space(doc: &PdfDoc, cs: &Object, depth: usize) -> Option<Space> {
    if depth > 4 {
        return None;
    }
    match fonts::deref(doc, cs) {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Some(Space::Gray),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Some(Space::Rgb),
            b"DeviceCMYK" | b"CMYK" => Some(Space::Cmyk),
            _ => None,
        },
        Object::Array(a) => {
            let kind = a.first()?.as_name().ok()?;
            match kind {
                b"ICCBased" => {
                    let Object::Stream(s) = fonts::deref(doc, a.get(1)?) else { return None };
                    match s.dict.get(b"N").and_then(|o| o.as_i64()).unwrap_or(3) {
                        1 => Some(Space::Gray),
                        4 => Some(Space::Cmyk),
                        _ => Some(Space::Rgb),
                    }
                }
                b"CalGray" => Some(Space::Gray),
                b"CalRGB" | b"Lab" => Some(Space::Rgb),
                b"Indexed" | b"I" => {
                    let base = space(doc, a.get(1)?, depth + 1)?;
                    let table: Vec<u8> = match fonts::deref(doc, a.get(3)?) {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => super::stream_data(s, 4 * 256)?,
                        _ => return None,
                    };
                    let n = match base {
                        Space::Gray => 1,
                        Space::Rgb => 3,
                        Space::Cmyk => 4,
                        Space::Indexed(_) => return None,
                    };
                    let palette = table
                        .chunks_exact(n)
                        .map(|c| match n {
                            1 => [c[0]; 3],
                            3 => [c[0], c[1], c[2]],
                            _ => cmyk(c[0], c[1], c[2], c[3]),
                        })
                        .collect();
                    Some(Space::Indexed(palette))
                }
                // Separation / DeviceN: the tint is shown as gray.
                b"Separation" => Some(Space::Gray),
                _ => None,
            }
        }
        _ => None,
    }
}

fn cmyk(c: u8, m: u8, y: u8, k: u8) -> [u8; 3] {
    let f = |x: u8| ((255 - u16::from(x)) * (255 - u16::from(k)) / 255) as u8;
    [f(c), f(m), f(y)]
}

/// Raw samples into a picture; `None` when they do not fit the declared size.
fn samples(doc: &PdfDoc, cs: &Object, data: &[u8], w: u32, h: u32, bpc: i64) -> Option<DynamicImage> {
    let space = space(doc, cs, 0)?;
    let comps = match &space {
        Space::Gray | Space::Indexed(_) => 1,
        Space::Rgb => 3,
        Space::Cmyk => 4,
    };
    let bpc = match bpc {
        1 | 2 | 4 | 8 | 16 => bpc as usize,
        _ => return None,
    };
    let row_bytes = (w as usize * comps * bpc).div_ceil(8);
    if data.len() < row_bytes * h as usize {
        return None;
    }
    let max = (1u32 << bpc.min(8)) - 1;
    // The n-th sample of a row, scaled to 0..=255 (indexed: the raw index).
    let sample = |row: &[u8], n: usize, scale: bool| -> u8 {
        let v = match bpc {
            8 => u32::from(row[n]),
            16 => u32::from(row[2 * n]),
            _ => {
                let bit = n * bpc;
                let byte = row[bit / 8];
                u32::from(byte >> (8 - bpc - bit % 8)) & max
            }
        };
        if scale && bpc < 8 {
            (v * 255 / max) as u8
        } else {
            v as u8
        }
    };
    let rows = data.chunks_exact(row_bytes).take(h as usize);
    match space {
        Space::Gray => {
            let mut px = Vec::with_capacity((w * h) as usize);
            for row in rows {
                px.extend((0..w as usize).map(|x| sample(row, x, true)));
            }
            GrayImage::from_raw(w, h, px).map(DynamicImage::ImageLuma8)
        }
        Space::Rgb | Space::Cmyk | Space::Indexed(_) => {
            let mut px = Vec::with_capacity((w * h * 3) as usize);
            for row in rows {
                for x in 0..w as usize {
                    let rgb = match &space {
                        Space::Rgb => {
                            [sample(row, 3 * x, true), sample(row, 3 * x + 1, true), sample(row, 3 * x + 2, true)]
                        }
                        Space::Cmyk => cmyk(
                            sample(row, 4 * x, true),
                            sample(row, 4 * x + 1, true),
                            sample(row, 4 * x + 2, true),
                            sample(row, 4 * x + 3, true),
                        ),
                        Space::Indexed(p) => p.get(usize::from(sample(row, x, false))).copied().unwrap_or([0; 3]),
                        Space::Gray => unreachable!("handled above"),
                    };
                    px.extend_from_slice(&rgb);
                }
            }
            RgbImage::from_raw(w, h, px).map(DynamicImage::ImageRgb8)
        }
    }
}
