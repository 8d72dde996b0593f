//! Image attachments (JPEG, PNG, GIF, BMP, TIFF, WebP): dimensions from the header, and
//! decoding under limits with the EXIF orientation applied.
//!
//! * [`probe`] reads the format and the declared width and height without decoding a pixel and
//!   refuses decompression bombs (more than [`Limits::max_image_pixels`] pixels or a side over
//!   [`Limits::max_image_dimension`]): a 50,000 × 50,000 PNG with a tiny IDAT is refused from
//!   its 33-byte header.
//! * [`decode`] probes first, then decodes with `image::Limits` (width, height, allocation) and
//!   turns the picture upright according to its EXIF `Orientation` (a phone photo of a
//!   certificate held upside down is stored as Rotate 180 — OCR wants it upright).
//!
//! CMYK JPEGs come out as RGB, 16-bit and palette PNGs (with `tRNS`) decode, CCITT Group 4
//! TIFF (fax) decodes through the tiff crate. A truncated file is a [`ReadError::Corrupt`] with
//! the decoder's reason; nothing here panics on hostile input.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};

use crate::{Limits, ReadError};

const EXPECTED: &str = "图片 (JPEG/PNG/GIF/BMP/TIFF/WebP)";

/// What an image header declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format's usual name in lower case: `jpeg`, `png`, `gif`, `bmp`, `tiff`, `webp`.
    pub format: &'static str,
    /// Width in pixels as stored (before the EXIF orientation is applied).
    pub width: u32,
    /// Height in pixels as stored.
    pub height: u32,
}

fn format_name(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::Png => "png",
        ImageFormat::Gif => "gif",
        ImageFormat::Bmp => "bmp",
        ImageFormat::Tiff => "tiff",
        ImageFormat::WebP => "webp",
        _ => "other",
    }
}

/// A reader over in-memory bytes with its guessed format.
type Guessed<'a> = (ImageReader<Cursor<&'a [u8]>>, ImageFormat);

fn reader(bytes: &[u8]) -> Result<Guessed<'_>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::corrupt("文件为空（0 字节）", "empty file"));
    }
    let r = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ReadError::corrupt("无法识别图片格式", format!("cannot read the image header: {e}")))?;
    match r.format() {
        Some(
            f @ (ImageFormat::Jpeg
            | ImageFormat::Png
            | ImageFormat::Gif
            | ImageFormat::Bmp
            | ImageFormat::Tiff
            | ImageFormat::WebP),
        ) => Ok((r, f)),
        Some(f) => {
            Err(ReadError::NotThisFormat { expected: EXPECTED, found: Some(format!("{f:?} 图片（不支持）")) })
        }
        None => Err(ReadError::NotThisFormat { expected: EXPECTED, found: None }),
    }
}

fn check_size(width: u32, height: u32, limits: &Limits) -> Result<(), ReadError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_image_pixels {
        let max = limits.max_image_pixels;
        return Err(ReadError::limit(
            format!("图片声明 {width}×{height} = {pixels} 像素，超过上限 {max} 像素，疑似解压炸弹"),
            format!("image declares {width}x{height} = {pixels} pixels, over the limit of {max} pixels (decompression bomb)"),
        ));
    }
    let max = limits.max_image_dimension;
    if width > max || height > max {
        return Err(ReadError::limit(
            format!("图片尺寸 {width}×{height}，单边超过上限 {max} 像素"),
            format!("image is {width}x{height}, a side over the limit of {max} pixels"),
        ));
    }
    if width == 0 || height == 0 {
        return Err(ReadError::corrupt(
            format!("图片尺寸为 {width}×{height}"),
            format!("image declares {width}x{height}"),
        ));
    }
    Ok(())
}

/// The format and declared size of an image, read from its header without decoding; a size
/// over the limits is a [`ReadError::LimitExceeded`] naming the limit.
pub fn probe(bytes: &[u8], limits: &Limits) -> Result<ImageInfo, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let mib = limits.max_file_bytes >> 20;
        return Err(ReadError::limit(format!("文件超过 {mib} MiB"), format!("file over {mib} MiB")));
    }
    let (r, format) = reader(bytes)?;
    let (width, height) = r.into_dimensions().map_err(|e| image_error(&e, format))?;
    check_size(width, height, limits)?;
    Ok(ImageInfo { format: format_name(format), width, height })
}

/// Decodes an image under the limits and turns it upright by its EXIF orientation.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<DynamicImage, ReadError> {
    probe(bytes, limits)?;
    let (mut r, format) = reader(bytes)?;
    let mut il = image::Limits::default();
    il.max_image_width = Some(limits.max_image_dimension);
    il.max_image_height = Some(limits.max_image_dimension);
    il.max_alloc = Some(limits.max_image_alloc);
    r.limits(il);
    let mut decoder = r.into_decoder().map_err(|e| image_error(&e, format))?;
    // A broken EXIF block only costs the rotation, not the picture.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| image_error(&e, format))?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Decodes an image for fingerprinting, where only its shape at about `min_side` pixels matters:
/// a JPEG whose long side is at least twice that is decoded at 1/2, 1/4 or 1/8 of its size in
/// the DCT domain (the smallest scale still at least `min_side` long), which skips most of the
/// inverse transform and the colour conversion of a full-size scan; anything else as
/// [`decode`]. Same limits, same EXIF orientation.
pub fn decode_reduced(bytes: &[u8], limits: &Limits, min_side: u32) -> Result<DynamicImage, ReadError> {
    let info = probe(bytes, limits)?;
    let long = info.width.max(info.height);
    if info.format != "jpeg" || long < 2 * min_side.max(1) {
        return decode(bytes, limits);
    }
    let (r, format) = reader(bytes)?;
    let mut decoder = r.into_decoder().map_err(|e| image_error(&e, format))?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    drop(decoder);
    let corrupt = |e: jpeg_decoder::Error| ReadError::corrupt("JPEG 图片已损坏", format!("JPEG: {e}"));
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.set_max_decoding_buffer_size(limits.max_image_alloc.min(usize::MAX as u64) as usize);
    d.read_info().map_err(corrupt)?;
    let want = |side: u32| -> u16 {
        (u64::from(side) * u64::from(min_side) / u64::from(long)).clamp(1, u64::from(u16::MAX)) as u16
    };
    let (w, h) = d.scale(want(info.width), want(info.height)).map_err(corrupt)?;
    let px = d.decode().map_err(corrupt)?;
    let (w, h) = (u32::from(w), u32::from(h));
    let pf = d.info().map(|i| i.pixel_format);
    let img = match pf {
        Some(jpeg_decoder::PixelFormat::L8) => image::GrayImage::from_raw(w, h, px).map(DynamicImage::ImageLuma8),
        Some(jpeg_decoder::PixelFormat::RGB24) => image::RgbImage::from_raw(w, h, px).map(DynamicImage::ImageRgb8),
        Some(jpeg_decoder::PixelFormat::L16) => {
            let g: Vec<u8> = px.chunks_exact(2).map(|c| c[0]).collect();
            image::GrayImage::from_raw(w, h, g).map(DynamicImage::ImageLuma8)
        }
        Some(jpeg_decoder::PixelFormat::CMYK32) => {
            // As stored (Adobe writes it inverted): grey from ink coverage is enough for a hash.
            let rgb: Vec<u8> = px
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = u32::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| (u32::from(c) * k / 255) as u8)
                })
                .collect();
            image::RgbImage::from_raw(w, h, rgb).map(DynamicImage::ImageRgb8)
        }
        None => None,
    };
    let Some(mut img) = img else { return decode(bytes, limits) };
    img.apply_orientation(orientation);
    Ok(img)
}

fn image_error(e: &ImageError, format: ImageFormat) -> ReadError {
    let f = format_name(format).to_ascii_uppercase();
    match e {
        ImageError::Limits(l) => ReadError::limit(
            format!("{f} 图片解码所需内存超出限制（{l}）"),
            format!("decoding the {f} image exceeds the limits: {l}"),
        ),
        ImageError::Unsupported(u) => ReadError::corrupt(
            format!("{f} 图片使用了暂不支持的编码方式，无法解码（{u}）"),
            format!("the {f} image uses an unsupported encoding: {u}"),
        ),
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ReadError::corrupt(format!("{f} 图片数据不完整（文件被截断）"), format!("the {f} image is truncated: {io}"))
        }
        other => {
            ReadError::corrupt(format!("{f} 图片数据损坏（{other}）"), format!("the {f} image is damaged: {other}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid PNG signature and IHDR declaring `w`×`h` RGB, a tiny IDAT and IEND.
    pub(crate) fn png_header(w: u32, h: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let mut c = kind.to_vec();
            c.extend_from_slice(data);
            out.extend_from_slice(&c);
            out.extend(crc32(&c).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_large_jpeg_is_decoded_small_for_fingerprints_and_looks_the_same() {
        // A 2000×1500 page: dark blocks on white, as text lines on a scan.
        let img = image::RgbImage::from_fn(2000, 1500, |x, y| {
            let ink = (y / 60) % 3 == 1 && x > 200 && x < 200 + (y % 7 + 3) * 150;
            if ink {
                image::Rgb([30, 30, 40])
            } else {
                image::Rgb([245, 240, 230])
            }
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80).encode_image(&img).unwrap();
        let small = decode_reduced(&jpeg, &Limits::default(), 512).unwrap();
        let long = small.width().max(small.height());
        assert!((512..1024).contains(&long), "{}×{}", small.width(), small.height());
        let aspect = f64::from(small.width()) / f64::from(small.height());
        assert!((aspect - 2000.0 / 1500.0).abs() < 0.01, "{aspect}");
        // Same picture: block means of the reduced decode equal the full decode's within a few levels.
        let full = decode(&jpeg, &Limits::default()).unwrap().to_luma8();
        let small = small.to_luma8();
        let mean = |g: &image::GrayImage, x0: u32, y0: u32, x1: u32, y1: u32| {
            let (mut s, mut n) = (0u64, 0u64);
            for y in y0..y1 {
                for x in x0..x1 {
                    s += u64::from(g.get_pixel(x, y)[0]);
                    n += 1;
                }
            }
            s as f64 / n as f64
        };
        let k = f64::from(small.width()) / 2000.0;
        for (x0, y0) in [(0u32, 0u32), (400, 60), (1000, 600), (1500, 1200)] {
            let (x1, y1) = (x0 + 400, y0 + 240);
            let a = mean(&full, x0, y0, x1, y1);
            let sx = |v: u32| (f64::from(v) * k) as u32;
            let b = mean(&small, sx(x0), sx(y0), sx(x1), sx(y1));
            assert!((a - b).abs() < 6.0, "block at {x0},{y0}: {a:.1} full vs {b:.1} reduced");
        }
        // Small pictures and other formats decode as usual.
        assert_eq!(decode_reduced(&png_header(3, 2), &Limits::default(), 512).map(|i| i.width()).ok(), None);
    }

    #[test]
    fn bomb_refused_from_header() {
        let e = probe(&png_header(50_000, 50_000), &Limits::default()).unwrap_err();
        assert!(e.message_zh().contains("100000000"), "{e}");
        let info = probe(&png_header(3, 2), &Limits::default()).unwrap();
        assert_eq!((info.format, info.width, info.height), ("png", 3, 2));
    }

    #[test]
    fn garbage_is_refused_without_panic() {
        assert!(probe(b"", &Limits::default()).is_err());
        assert!(decode(b"\xFF\xD8\xFF\xE0garbage", &Limits::default()).is_err());
        assert!(matches!(probe(b"hello", &Limits::default()), Err(ReadError::NotThisFormat { .. })));
    }
}
