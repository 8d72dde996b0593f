//! PDF → [`Document`], through lopdf.
//!
//! lopdf parses the file (xref tables and streams, broken xref rebuilt by scanning for
//! `N 0 obj`, object streams, RC4/AES decryption with the empty user password) and decodes
//! content streams; everything about text is ours: fonts and CMaps ([`fonts`], [`cmap`],
//! bundled Adobe CID tables), the content interpreter ([`content`]) and the layout ([`layout`]:
//! lines by baseline, paragraphs, ruled tables with merged cells).
//!
//! Guards: file size, object count, page count and a per-file time budget ([`Limits`]); the
//! page tree is walked with a visited set; form XObjects with a depth limit and cycle check;
//! Type3 glyph procedures are never run; lopdf runs on its own thread with a large stack and
//! a panic in it becomes [`ReadError::Corrupt`].
//!
//! Text that cannot be mapped to Unicode (CID fonts with no ToUnicode and no known collection,
//! simple fonts with meaningless glyph names) is not emitted as U+FFFD: it is counted, and a
//! page that is mostly unmappable, or has images and no text, puts a "needs OCR" remark in
//! [`Document::warnings`].

mod cmap;
mod content;
mod fonts;
mod images;
mod layout;
mod truetype;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use lopdf::{Dictionary, Document as PdfDoc, LoadOptions, Object, ObjectId};
use model::{Block, Document};

pub use images::{embedded_images, embedded_images_reduced, EmbeddedImage, PdfImages};

use crate::{Limits, ReadError};
use content::{Ctx, PageContent, Stop, M};
use layout::{Meta, ParaMeta};

const EXPECTED: &str = "PDF 文档";

/// Reads a PDF held in `bytes` into paragraphs and tables.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    extract(bytes, limits).map(|(doc, _)| doc)
}

/// The text of a PDF in reading order, pages separated by form feed (`'\u{c}'`). Pages that
/// need OCR contribute what text they have (possibly nothing).
pub fn text(bytes: &[u8], limits: &Limits) -> Result<String, ReadError> {
    extract(bytes, limits).map(|(_, t)| t)
}

fn extract(bytes: &[u8], limits: &Limits) -> Result<(Document, String), ReadError> {
    guarded(bytes, limits, extract_inner)
}

/// Runs `f` over the PDF in `bytes` after the cheap checks (size, header), on a thread of its
/// own with a large stack (lopdf's parser recurses), turning a panic into an error.
fn guarded<T: Send>(
    bytes: &[u8],
    limits: &Limits,
    f: impl Fn(&[u8], &Limits) -> Result<T, ReadError> + Sync,
) -> Result<T, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let mib = limits.max_file_bytes >> 20;
        return Err(ReadError::limit(format!("文件超过 {mib} MiB"), format!("file over {mib} MiB")));
    }
    if bytes.is_empty() {
        return Err(ReadError::corrupt("文件为空（0 字节）", "empty file"));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ReadError::NotThisFormat { expected: EXPECTED, found: None });
    }
    let panicked = || ReadError::corrupt("PDF 结构异常，解析中止", "malformed PDF structure (parser panicked)");
    std::thread::scope(|s| {
        let h = std::thread::Builder::new()
            .name("pdf-read".into())
            .stack_size(64 << 20)
            .spawn_scoped(s, || catch_unwind(AssertUnwindSafe(|| f(bytes, limits))));
        match h {
            Ok(h) => match h.join() {
                Ok(Ok(r)) => r,
                _ => Err(panicked()),
            },
            Err(_) => catch_unwind(AssertUnwindSafe(|| f(bytes, limits))).unwrap_or_else(|_| Err(panicked())),
        }
    })
}

/// Indirect objects written in the file (`N G obj`), counted before anything is parsed.
fn count_objects(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 1;
    while i + 3 <= bytes.len() {
        if &bytes[i..i + 3] == b"obj"
            && bytes[i - 1].is_ascii_whitespace()
            && bytes.get(i + 3).is_none_or(|b| b.is_ascii_whitespace() || *b == b'<' || *b == b'[')
        {
            n += 1;
            i += 3;
        } else {
            i += 1;
        }
    }
    n
}

fn too_many_objects(limits: &Limits) -> ReadError {
    ReadError::limit(
        format!("PDF 对象数超过 {}", limits.max_pdf_objects),
        format!("more than {} PDF objects", limits.max_pdf_objects),
    )
}

fn load(bytes: &[u8], limits: &Limits) -> Result<PdfDoc, ReadError> {
    if count_objects(bytes) > limits.max_pdf_objects {
        return Err(too_many_objects(limits));
    }
    let options = || LoadOptions {
        max_decompressed_size: Some(limits.max_entry_bytes.min(usize::MAX as u64) as usize),
        ..LoadOptions::default()
    };
    let first = PdfDoc::load_mem_with_options(bytes, options());
    let doc = match first {
        Ok(d) => d,
        Err(e) => {
            if matches!(e, lopdf::Error::Decryption(_)) || matches!(e, lopdf::Error::InvalidPassword) {
                return Err(ReadError::Encrypted { what: "PDF 密码保护".to_string() });
            }
            let forced = PdfDoc::load_mem_with_options(bytes, LoadOptions { force_reconstruct: true, ..options() });
            match forced {
                Ok(d) => d,
                Err(e2) => {
                    return Err(ReadError::corrupt(
                        "无法解析 PDF 结构（交叉引用表或文件尾损坏）",
                        format!("cannot parse the PDF structure (xref/trailer damaged): {e}; rebuild: {e2}"),
                    ))
                }
            }
        }
    };
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(ReadError::Encrypted { what: "PDF 用户密码".to_string() });
    }
    if doc.was_encrypted() {
        // lopdf reads `/CF` only as a direct dictionary; with `/CF N 0 R` it finds no crypt
        // filter and leaves strings and streams encrypted. Inline it and load again.
        if let Some(patched) = inline_crypt_filters(bytes) {
            if let Ok(d) = PdfDoc::load_mem_with_options(&patched, LoadOptions { force_reconstruct: true, ..options() })
            {
                if d.trailer.get(b"Encrypt").is_err() {
                    return Ok(d);
                }
            }
        }
    }
    Ok(doc)
}

/// The file with an indirect `/CF N G R` (and the indirect crypt filters inside it) replaced
/// by the referenced dictionaries' text, when there is one.
fn inline_crypt_filters(bytes: &[u8]) -> Option<Vec<u8>> {
    let at = find(bytes, b"/CF ")?;
    let (cf_text, ref_len) = indirect_body(bytes, &bytes[at + 4..])?;
    // Inline the filters the /CF dictionary itself references (`/StdCF 8 0 R`).
    let mut cf = Vec::new();
    let mut i = 0;
    while i < cf_text.len() {
        if cf_text[i] == b'/' {
            let name_end = cf_text[i + 1..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || b"/<>[]()".contains(b))
                .map(|p| i + 1 + p)
                .unwrap_or(cf_text.len());
            cf.extend_from_slice(&cf_text[i..name_end]);
            let rest = &cf_text[name_end..];
            let trimmed = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if let Some((body, len)) = indirect_body(bytes, &rest[trimmed..]) {
                cf.push(b' ');
                cf.extend_from_slice(body);
                i = name_end + trimmed + len;
                continue;
            }
            i = name_end;
            continue;
        }
        cf.push(cf_text[i]);
        i += 1;
    }
    let mut out = Vec::with_capacity(bytes.len() + cf.len());
    out.extend_from_slice(&bytes[..at + 4]);
    out.extend_from_slice(&cf);
    out.extend_from_slice(&bytes[at + 4 + ref_len..]);
    Some(out)
}

/// When `s` starts with `N G R`: the text of object N's body (between `obj` and `endobj`)
/// and the length of the reference.
fn indirect_body<'a>(file: &'a [u8], s: &[u8]) -> Option<(&'a [u8], usize)> {
    let txt = std::str::from_utf8(&s[..s.len().min(32)]).ok().or_else(|| {
        let end = (0..s.len().min(32)).rev().find(|&k| std::str::from_utf8(&s[..k]).is_ok())?;
        std::str::from_utf8(&s[..end]).ok()
    })?;
    let mut parts = txt.split_ascii_whitespace();
    let n: u32 = parts.next()?.parse().ok()?;
    let g: u16 = parts.next()?.parse().ok()?;
    let r = parts.next()?;
    if !r.starts_with('R') {
        return None;
    }
    let ref_len = txt.find(" R").or_else(|| txt.find("\nR"))? + 2;
    let head = format!("{n} {g} obj");
    let start = find(file, head.as_bytes())? + head.len();
    let end = start + find(&file[start..], b"endobj")?;
    let body = &file[start..end];
    let body = body.trim_ascii();
    if body.starts_with(b"<<") {
        Some((body, ref_len))
    } else {
        None
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn extract_inner(bytes: &[u8], limits: &Limits) -> Result<(Document, String), ReadError> {
    let start = Instant::now();
    let budget = Duration::from_millis(limits.pdf_time_budget_ms);
    let deadline = start + budget;
    let mut doc = load(bytes, limits)?;
    if doc.objects.len() > limits.max_pdf_objects {
        return Err(too_many_objects(limits));
    }
    let mut pages = page_list(&doc, limits)?;
    if pages.is_empty() {
        // A page tree that leads nowhere: rebuild from the objects themselves.
        if let Ok(d) = PdfDoc::load_mem_with_options(
            bytes,
            LoadOptions {
                force_reconstruct: true,
                max_decompressed_size: Some(limits.max_entry_bytes as usize),
                ..LoadOptions::default()
            },
        ) {
            if d.trailer.get(b"Encrypt").is_err() {
                doc = d;
                pages = page_list(&doc, limits)?;
            }
        }
    }
    if pages.is_empty() {
        pages = scan_pages(&doc);
    }
    if pages.is_empty() {
        return Err(ReadError::corrupt(
            "PDF 没有可读的页面（页面树缺失或损坏）",
            "no readable pages (page tree missing or broken)",
        ));
    }
    if Instant::now() > deadline {
        return Err(time_error(limits));
    }
    let mut ctx = Ctx {
        doc: &doc,
        fonts: HashMap::new(),
        deadline,
        max_stream: limits.max_entry_bytes as usize,
        max_glyphs: 2_000_000,
    };
    let mut out = Document::default();
    let mut text = String::new();
    let mut ocr_pages: Vec<usize> = Vec::new();
    let mut warned_damage = false;
    let mut total_mapped = 0usize;
    let mut total_images = 0usize;
    // The last table of the page before, when nothing but page furniture follows it.
    let mut open_table: Option<(usize, Meta)> = None;
    for (i, &pid) in pages.iter().enumerate() {
        if Instant::now() > deadline {
            return Err(time_error(limits));
        }
        let mut page = PageContent::default();
        let Ok(pdict) = doc.get_dictionary(pid) else { continue };
        page.media_x = media_x(&doc, pdict);
        let resources = inherited(&doc, pdict, b"Resources").and_then(|o| o.as_dict().ok());
        let res: Vec<&Dictionary> = resources.into_iter().collect();
        let data = page_content(&doc, pdict, ctx.max_stream, &mut page);
        let mut forms = Vec::new();
        if let Err(Stop::Time) = ctx.run(&data, &res, M::ID, 0, &mut forms, &mut page) {
            return Err(time_error(limits));
        }
        if !page.warnings.is_empty() && !warned_damage {
            out.warnings.push(page.warnings[0].clone());
            warned_damage = true;
        }
        let total = page.mapped + page.unmapped;
        if (total > 0 && page.unmapped * 2 > total) || (page.mapped == 0 && page.images > 0) {
            ocr_pages.push(i + 1);
        }
        total_mapped += page.mapped;
        total_images += page.images;
        let tagged = layout::layout(page);
        if i > 0 {
            text.push('\u{c}');
        }
        let page_doc = Document { blocks: tagged.iter().map(|(b, _)| b.clone()).collect(), warnings: Vec::new() };
        text.push_str(&page_doc.plain_text());
        // A table that ends one page and starts the next (page numbers aside) is one table;
        // a paragraph wrapped across the page break is one paragraph.
        let mut tagged = tagged;
        let mut joined_into: Option<usize> = None;
        let first = tagged.iter().position(|(b, _)| !layout::is_page_furniture(b));
        match (open_table.take(), first) {
            (Some((at, Meta::Table(pm))), Some(k)) => {
                if let (Block::Table(_), Meta::Table(nm)) = &tagged[k] {
                    if layout::continues(&pm, nm) {
                        let (b, nm) = tagged.remove(k);
                        if let (Block::Table(next), Meta::Table(nm), Some(Block::Table(prev))) =
                            (b, nm, out.blocks.get_mut(at))
                        {
                            let m = layout::join(prev, &pm, next, &nm);
                            open_table = Some((at, Meta::Table(m)));
                            joined_into = Some(at);
                        }
                    }
                }
            }
            // Paragraphs only when nothing at all (not even a page number) lies between them.
            (Some((at, Meta::Para(pm))), Some(k @ 0)) if at + 1 == out.blocks.len() => {
                if let (Block::Paragraph(next), Meta::Para(nm), Some(Block::Paragraph(prev))) =
                    (&tagged[k].0, &tagged[k].1, out.blocks.get(at))
                {
                    if layout::continues_paragraph(&pm, nm, &prev.text) {
                        let joined = model::Paragraph::from_text(&layout::join_text(&prev.text, &next.text));
                        let nm = *nm;
                        tagged.remove(k);
                        out.blocks[at] = Block::Paragraph(joined);
                        open_table = Some((at, Meta::Para(ParaMeta { first_size: pm.first_size, ..nm })));
                        joined_into = Some(at);
                    }
                }
            }
            _ => {}
        }
        let base = out.blocks.len();
        let last = tagged.iter().rposition(|(b, _)| !layout::is_page_furniture(b));
        match last {
            Some(k) => {
                open_table = match &tagged[k] {
                    (Block::Table(_), m @ Meta::Table(_)) | (Block::Paragraph(_), m @ Meta::Para(_)) => {
                        Some((base + k, m.clone()))
                    }
                    _ => None,
                };
            }
            None => {
                if joined_into.is_none() {
                    open_table = None;
                }
            }
        }
        out.blocks.extend(tagged.into_iter().map(|(b, _)| b));
    }
    if !ocr_pages.is_empty() {
        let list = page_ranges(&ocr_pages);
        let (zh, en) = if total_mapped == 0 && total_images > 0 {
            ("没有文字层（扫描件）", "no text layer (scanned images)")
        } else {
            ("文字无法映射为 Unicode", "text cannot be mapped to Unicode")
        };
        out.warnings.push(format!("需要 OCR：第 {list} 页{zh} / needs OCR: page(s) {list}, {en}"));
    }
    let _ = Block::Paragraph;
    Ok((out, text))
}

fn time_error(limits: &Limits) -> ReadError {
    let s = limits.pdf_time_budget_ms as f64 / 1000.0;
    ReadError::limit(format!("PDF 解析超过时间上限 {s} 秒"), format!("PDF took longer than the {s} s budget"))
}

fn page_ranges(pages: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if i == j { pages[i].to_string() } else { format!("{}-{}", pages[i], pages[j]) });
        i = j + 1;
    }
    parts.join(",")
}

/// An attribute of a page, inherited through `/Parent` (bounded).
fn inherited<'a>(doc: &'a PdfDoc, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut d = page;
    for _ in 0..32 {
        if let Some(o) = fonts::get(doc, d, key) {
            return Some(o);
        }
        d = fonts::get(doc, d, b"Parent")?.as_dict().ok()?;
    }
    None
}

/// The left and right edges of a page's MediaBox.
fn media_x(doc: &PdfDoc, page: &Dictionary) -> Option<(f32, f32)> {
    let b = match inherited(doc, page, b"MediaBox")? {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let a = b.as_array().ok()?;
    let num = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    };
    let (x0, x1) = (num(a.first()?)?, num(a.get(2)?)?);
    let (l, r) = (x0.min(x1), x0.max(x1));
    (r - l > 1.0 && r.is_finite() && l.is_finite()).then_some((l, r))
}

/// The page's content streams, decompressed and joined.
fn page_content(doc: &PdfDoc, page: &Dictionary, max: usize, pc: &mut PageContent) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ids: Vec<&Object> = Vec::new();
    match page.get(b"Contents") {
        Ok(Object::Array(a)) => ids.extend(a.iter()),
        Ok(o @ Object::Reference(id)) => match doc.get_object(*id) {
            Ok(Object::Array(a)) => ids.extend(a.iter()),
            _ => ids.push(o),
        },
        Ok(o) => ids.push(o),
        Err(_) => {}
    }
    for o in ids.into_iter().take(10_000) {
        let s = match o {
            Object::Reference(id) => doc.get_object(*id).ok(),
            o => Some(o),
        };
        if let Some(Object::Stream(s)) = s {
            match stream_data(s, max.saturating_sub(out.len())) {
                Some(d) => out.extend_from_slice(&d),
                None => pc
                    .warnings
                    .push("页面内容流无法解压，部分文字可能缺失 / a content stream cannot be decompressed".into()),
            }
            out.push(b'\n');
        }
    }
    out
}

/// A stream's decoded data: no filter (or `/Filter []`) is the raw data; a damaged Flate
/// stream gives what a lenient inflate reads.
pub(crate) fn stream_data(s: &lopdf::Stream, max: usize) -> Option<Vec<u8>> {
    let unfiltered = match s.dict.get(b"Filter") {
        Err(_) => true,
        Ok(Object::Array(a)) => a.is_empty(),
        Ok(Object::Null) => true,
        Ok(_) => false,
    };
    if unfiltered {
        return Some(s.content[..s.content.len().min(max)].to_vec());
    }
    match s.decompressed_content_with_limit(max) {
        Ok(d) => Some(d),
        Err(_) => {
            let flate = match s.dict.get(b"Filter") {
                Ok(Object::Name(n)) => n == b"FlateDecode",
                Ok(Object::Array(a)) => a.len() == 1 && a[0].as_name().is_ok_and(|n| n == b"FlateDecode"),
                _ => false,
            };
            let d = if flate { partial_inflate(&s.content, max) } else { Vec::new() };
            (!d.is_empty()).then_some(d)
        }
    }
}

/// Inflates as much of a zlib stream as is readable (damaged streams end early).
fn partial_inflate(data: &[u8], max: usize) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut d = flate2::read::ZlibDecoder::new(data);
    let mut buf = [0u8; 8192];
    while out.len() < max {
        match d.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

/// Pages in order: the page tree walked depth first with a visited set (loops are cut).
fn page_list(doc: &PdfDoc, limits: &Limits) -> Result<Vec<ObjectId>, ReadError> {
    let Some(root) = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| o.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .and_then(|cat| cat.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok())
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Ok(d) = doc.get_dictionary(id) else { continue };
        let is_node = d.get(b"Kids").is_ok() && !d.has_type(b"Page");
        if is_node {
            if let Some(kids) = fonts::get(doc, d, b"Kids").and_then(|o| o.as_array().ok()) {
                for k in kids.iter().rev() {
                    if let Ok(kid) = k.as_reference() {
                        stack.push(kid);
                    }
                }
            }
        } else if d.has_type(b"Page") || d.get(b"Contents").is_ok() {
            out.push(id);
            if out.len() > limits.max_pdf_pages {
                return Err(ReadError::limit(
                    format!("PDF 页数超过 {}", limits.max_pdf_pages),
                    format!("more than {} pages", limits.max_pdf_pages),
                ));
            }
        }
    }
    Ok(out)
}

/// Every `/Type /Page` object in object order, for files whose page tree is gone.
fn scan_pages(doc: &PdfDoc) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Page")))
        .map(|(id, _)| *id)
        .take(100_000)
        .collect()
}
