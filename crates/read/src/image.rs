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
