//! What a file is, from its content first and its name second.
//!
//! Teams rename files freely (a `.pdf` that is a JPEG, a `.docx` that is an old `.doc`), so
//! the content decides; the extension only breaks ties among zip-based formats we cannot
//! tell apart cheaply and names the kind of plain files.

/// The format of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Word 2007+ (OOXML).
    Docx,
    /// Excel 2007+ (OOXML).
    Xlsx,
    /// PowerPoint 2007+ (OOXML).
    Pptx,
    /// OpenDocument text / spreadsheet / presentation.
    OpenDocument,
    /// A plain zip archive.
    Zip,
    /// PDF.
    Pdf,
    /// An image (JPEG, PNG, GIF, BMP, TIFF, WebP).
    Image,
    /// An OLE compound file: legacy .doc/.xls/.ppt, or an encrypted OOXML package.
    Ole,
    /// RTF.
    Rtf,
    /// Other archives (rar, 7z, gzip).
    OtherArchive,
    /// Audio or video.
    Media,
    /// Plain text (UTF-8, UTF-16 or GBK), CSV.
    Text,
    /// Anything else.
    Unknown,
}

impl Format {
    /// The inventory's `kind` word.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::OpenDocument => "opendocument",
            Format::Zip => "zip",
            Format::Pdf => "pdf",
            Format::Image => "image",
            Format::Ole => "ole",
            Format::Rtf => "rtf",
            Format::OtherArchive => "archive",
            Format::Media => "media",
            Format::Text => "text",
            Format::Unknown => "other",
        }
    }

    /// A description for messages, in Chinese.
    pub fn describe_zh(self) -> &'static str {
        match self {
            Format::Docx => "Word 文档 (DOCX)",
            Format::Xlsx => "Excel 表格 (XLSX)",
            Format::Pptx => "PowerPoint 演示文稿 (PPTX)",
            Format::OpenDocument => "OpenDocument 文档",
            Format::Zip => "ZIP 压缩包",
            Format::Pdf => "PDF 文档",
            Format::Image => "图片",
            Format::Ole => "旧版 Office 文件或加密的 Office 文件",
            Format::Rtf => "RTF 文档",
            Format::OtherArchive => "其他压缩包 (RAR/7z/GZ)",
            Format::Media => "音视频文件",
            Format::Text => "文本文件",
            Format::Unknown => "未知格式",
        }
    }
}

/// Guesses the format of `bytes` (the whole file or at least its first 4 KiB) named `name`.
pub fn sniff(bytes: &[u8], name: &str) -> Format {
    let ext = extension(name);
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") || head.starts_with(b"PK\x07\x08") {
        return sniff_zip(bytes, &ext);
    }
    if find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Ole;
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || (head.starts_with(b"BM") && head.len() > 14 && matches!(ext.as_str(), "bmp" | "dib"))
    {
        return Format::Image;
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    if head.starts_with(b"Rar!") || head.starts_with(b"7z\xBC\xAF\x27\x1C") || head.starts_with(&[0x1F, 0x8B]) {
        return Format::OtherArchive;
    }
    if (head.len() > 8 && &head[4..8] == b"ftyp")
        || head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3])
        || head.starts_with(b"ID3")
    {
        return Format::Media;
    }
    if looks_like_text(head) {
        return Format::Text;
    }
    match ext.as_str() {
        "mp4" | "mov" | "avi" | "wmv" | "mkv" | "mp3" | "wav" => Format::Media,
        _ => Format::Unknown,
    }
}

fn sniff_zip(bytes: &[u8], ext: &str) -> Format {
    // Look at the names in the local headers near the start and at the end (the central
    // directory); enough to tell OOXML and OpenDocument packages from plain zips.
    let probe = |needle: &[u8]| {
        find(&bytes[..bytes.len().min(1 << 16)], needle).is_some()
            || find(&bytes[bytes.len().saturating_sub(1 << 16)..], needle).is_some()
    };
    if probe(b"word/") {
        Format::Docx
    } else if probe(b"xl/") {
        Format::Xlsx
    } else if probe(b"ppt/") {
        Format::Pptx
    } else if probe(b"mimetypeapplication/vnd.oasis.opendocument") {
        Format::OpenDocument
    } else {
        match ext {
            "docx" | "docm" | "dotx" if probe(b"[Content_Types].xml") => Format::Docx,
            "xlsx" | "xlsm" if probe(b"[Content_Types].xml") => Format::Xlsx,
            _ => Format::Zip,
        }
    }
}

/// The lower-case extension of `name`, without the dot.
pub fn extension(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 => base[i + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn looks_like_text(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    if head.contains(&0) {
        return false;
    }
    // The probe may end in the middle of a multi-byte character: UTF-8 that is only cut short
    // at the end is text (a fixed cut of a few bytes is not enough: it can itself fall inside a
    // character of a short file); for GBK, drop the last few bytes.
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => true,
        Err(_) => {
            let cut = head.len().saturating_sub(4);
            let (_, _, errors) = encoding_rs::GBK.decode(&head[..cut]);
            !errors
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_extension() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF", "证书.pdf"), Format::Image);
        assert_eq!(sniff(b"%PDF-1.7\n", "scan.jpg"), Format::Pdf);
        assert_eq!(sniff(b"junk", "bad1.pdf"), Format::Text);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "x.docx"), Format::Ole);
        assert_eq!(sniff("编号,名称\n1,测试".as_bytes(), "roster.csv"), Format::Text);
        // A short UTF-8 file whose last 4 bytes start inside a character.
        assert_eq!(sniff("单位名称\n太原某某有限公司,\n".as_bytes(), "list.csv"), Format::Text);
        assert_eq!(sniff(b"", "empty.docx"), Format::Unknown);
    }

    #[test]
    fn extension_is_lowercased() {
        assert_eq!(extension("a/b/申报书.DOCX"), "docx");
        assert_eq!(extension(".hidden"), "");
    }
}
