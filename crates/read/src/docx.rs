//! DOCX (WordprocessingML, transitional and strict) → [`Document`].
//!
//! The package is read through [`crate::container::Zip`] and the main part is streamed with
//! quick-xml, matching elements by local name so strict OOXML (`purl.oclc.org` namespaces)
//! reads like transitional. docx-rs 0.4.22 was measured first and set aside for reading
//! (`docs/docx-reader.md`): it drops the checked state of content controls and form fields
//! (474 of 3,074 sample checkboxes lost), panics on strict OOXML and on a damaged theme part,
//! reads a legacy `.doc` as an empty document, and is about 4× slower.
//!
//! What the model keeps: paragraphs and tables in document order (block-level content
//! controls, custom XML, text boxes and insertions read through; deletions, hidden text and
//! struck-through runs dropped — teams strike the option they do not choose), table cells with
//! their grid column, span and vertical merges, headings (style or outline level), and every
//! checkbox: Unicode glyphs stay in the text as typed; symbol-font characters, content
//! controls and form fields become ☑ / ☐.

use std::collections::HashMap;

use model::{Block, Cell, CheckSource, Checkbox, Document, Paragraph, Row, Table, CHECKED, UNCHECKED};
use quick_xml::events::{BytesStart, Event};

use crate::container::Zip;
use crate::glyphs;
use crate::sniff::{self, Format};
use crate::{Limits, ReadError};

const EXPECTED: &str = "Word 文档 (DOCX)";

/// Reads a DOCX file held in `bytes`.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let mib = limits.max_file_bytes >> 20;
        return Err(ReadError::limit(format!("文件超过 {mib} MiB"), format!("file over {mib} MiB")));
    }
    match sniff::sniff(bytes, "") {
        Format::Ole => return Err(ole_error(bytes)),
        Format::Docx | Format::Xlsx | Format::Pptx | Format::OpenDocument | Format::Zip => {}
        _ if bytes.is_empty() => return Err(ReadError::corrupt("文件为空（0 字节）", "empty file")),
        other => {
            return Err(ReadError::NotThisFormat { expected: EXPECTED, found: Some(other.describe_zh().to_string()) })
        }
    }
    let mut zip = Zip::open(bytes, limits).map_err(|e| match e {
        ReadError::Corrupt { zh, en } => {
            ReadError::corrupt(format!("ZIP 包结构损坏：{zh}"), format!("broken zip package: {en}"))
        }
        other => other,
    })?;
    let content_types = zip.read_named("[Content_Types].xml")?.ok_or(ReadError::NotThisFormat {
        expected: EXPECTED,
        found: Some("普通 ZIP 压缩包（缺少 [Content_Types].xml）".to_string()),
    })?;
    let types = parse_content_types(&content_types, limits)?;
    let main = main_part_name(&mut zip, limits)?;
    let main_type = types.type_of(&main);
    if main_type.contains("spreadsheetml") {
        return Err(ReadError::NotThisFormat { expected: EXPECTED, found: Some("Excel 表格 (XLSX)".to_string()) });
    }
    if main_type.contains("presentationml") {
        return Err(ReadError::NotThisFormat {
            expected: EXPECTED,
            found: Some("PowerPoint 演示文稿 (PPTX)".to_string()),
        });
    }
    if !main_type.is_empty() && !main_type.contains("wordprocessingml") && !main_type.contains("ms-word") {
        return Err(ReadError::NotThisFormat { expected: EXPECTED, found: Some(format!("内容类型 {main_type}")) });
    }
    let xml = zip
        .read_named(&main)?
        .ok_or_else(|| ReadError::corrupt(format!("缺少正文部分 {main}"), format!("main part {main} missing")))?;
    let mut warnings = Vec::new();
    let styles = match styles_part_name(&mut zip, &main, limits) {
        Some(name) => match zip.read_named(&name) {
            Ok(Some(bytes)) => parse_styles(&bytes, limits).unwrap_or_else(|e| {
                warnings.push(format!("样式表无法读取，标题级别可能缺失 / styles unreadable: {e}"));
                Styles::default()
            }),
            Ok(None) => Styles::default(),
            Err(e) => {
                warnings.push(format!("样式表无法读取 / styles unreadable: {e}"));
                Styles::default()
            }
        },
        None => Styles::default(),
    };
    let mut doc = parse_body(&xml, &styles, limits, &main)?;
    doc.warnings.extend(warnings);
    Ok(doc)
}

fn ole_error(bytes: &[u8]) -> ReadError {
    let utf16 = |s: &str| s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>();
    let has = |s: &str| {
        let n = utf16(s);
        bytes.windows(n.len()).any(|w| w == n.as_slice())
    };
    if has("EncryptedPackage") || has("EncryptionInfo") {
        ReadError::Encrypted { what: "Office 密码保护".to_string() }
    } else if has("WordDocument") {
        ReadError::Legacy { format: "Word 97-2003 (.doc)" }
    } else if has("Workbook") || has("Book") {
        ReadError::NotThisFormat { expected: EXPECTED, found: Some("旧版 Excel 表格 (.xls)".to_string()) }
    } else {
        ReadError::NotThisFormat { expected: EXPECTED, found: Some("OLE 复合文档".to_string()) }
    }
}

// ------------------------------------------------------------------ XML plumbing

fn xml_reader(bytes: &[u8]) -> quick_xml::Reader<&[u8]> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = quick_xml::Reader::from_reader(bytes);
    let cfg = r.config_mut();
    cfg.check_end_names = false;
    cfg.trim_text(false);
    r
}

/// Decodes UTF-16 parts (rare, but legal) to UTF-8 so one reader serves all.
fn utf8_part(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (s, _, _) = enc.decode(bytes);
        std::borrow::Cow::Owned(s.into_owned().into_bytes())
    } else {
        std::borrow::Cow::Borrowed(bytes)
    }
}

fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| {
        a.unescape_value().map(|v| v.into_owned()).unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn xml_error(part: &str, e: quick_xml::Error) -> ReadError {
    ReadError::corrupt(format!("{part} 不是有效的 XML"), format!("{part} is not well-formed XML: {e}"))
}

/// Walks every event of an XML part, refusing DTDs and enforcing the nesting limit.
fn for_each_event(
    bytes: &[u8],
    part: &str,
    limits: &Limits,
    mut f: impl FnMut(&Event<'_>, usize) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let bytes = utf8_part(bytes);
    let mut reader = xml_reader(&bytes);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| xml_error(part, e))?;
        match &ev {
            Event::Eof => break,
            Event::DocType(_) => return Err(ReadError::XmlDtd { part: part.to_string() }),
            Event::Start(_) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    let d = limits.max_xml_depth;
                    return Err(ReadError::limit(
                        format!("{part} 的 XML 嵌套超过 {d} 层"),
                        format!("XML nesting in {part} over {d}"),
                    ));
                }
            }
            _ => {}
        }
        f(&ev, depth)?;
        if let Event::End(_) = ev {
            depth = depth.saturating_sub(1);
        }
        buf.clear();
    }
    Ok(())
}

// ------------------------------------------------------------------ package structure

#[derive(Default)]
struct ContentTypes {
    overrides: HashMap<String, String>,
    defaults: HashMap<String, String>,
}

impl ContentTypes {
    fn type_of(&self, part: &str) -> String {
        let key = format!("/{}", part.trim_start_matches('/')).to_ascii_lowercase();
        if let Some(t) = self.overrides.get(&key) {
            return t.clone();
        }
        let ext = sniff::extension(part);
        self.defaults.get(&ext).cloned().unwrap_or_default()
    }
}

fn parse_content_types(bytes: &[u8], limits: &Limits) -> Result<ContentTypes, ReadError> {
    let mut ct = ContentTypes::default();
    for_each_event(bytes, "[Content_Types].xml", limits, |ev, _| {
        if let Event::Start(e) | Event::Empty(e) = ev {
            match e.local_name().as_ref() {
                b"Override" => {
                    if let (Some(p), Some(t)) = (attr(e, b"PartName"), attr(e, b"ContentType")) {
                        ct.overrides.insert(p.to_ascii_lowercase(), t);
                    }
                }
                b"Default" => {
                    if let (Some(x), Some(t)) = (attr(e, b"Extension"), attr(e, b"ContentType")) {
                        ct.defaults.insert(x.to_ascii_lowercase(), t);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    Ok(ct)
}

/// Relationship targets of a `.rels` part, as (type, target) pairs.
fn parse_rels(bytes: &[u8], part: &str, limits: &Limits) -> Result<Vec<(String, String)>, ReadError> {
    let mut out = Vec::new();
    for_each_event(bytes, part, limits, |ev, _| {
        if let Event::Start(e) | Event::Empty(e) = ev {
            if e.local_name().as_ref() == b"Relationship" {
                if let (Some(t), Some(target)) = (attr(e, b"Type"), attr(e, b"Target")) {
                    if attr(e, b"TargetMode").as_deref() != Some("External") {
                        out.push((t, target));
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(out)
}

fn main_part_name(zip: &mut Zip<'_>, limits: &Limits) -> Result<String, ReadError> {
    if let Some(rels) = zip.read_named("_rels/.rels")? {
        for (t, target) in parse_rels(&rels, "_rels/.rels", limits)? {
            if t.ends_with("/officeDocument") {
                return Ok(resolve_target("", &target));
            }
        }
    }
    Ok("word/document.xml".to_string())
}

fn styles_part_name(zip: &mut Zip<'_>, main: &str, limits: &Limits) -> Option<String> {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let rels = zip.read_named(&rels_name).ok()??;
    parse_rels(&rels, &rels_name, limits)
        .ok()?
        .into_iter()
        .find(|(t, _)| t.ends_with("/styles"))
        .map(|(_, target)| resolve_target(dir, &target))
}

/// Resolves a relationship target against the folder of the part that names it.
fn resolve_target(base_dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

// ------------------------------------------------------------------ styles

#[derive(Default)]
struct Styles {
    by_id: HashMap<String, StyleInfo>,
}

#[derive(Default, Clone)]
struct StyleInfo {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
}

impl Styles {
    /// The heading level of a paragraph style (0 = Heading 1), following `basedOn`.
    fn heading_level(&self, id: &str) -> Option<u8> {
        let mut cur = id.to_string();
        for _ in 0..16 {
            let s = self.by_id.get(&cur)?;
            if let Some(l) = s.outline {
                return (l < 9).then_some(l);
            }
            if let Some(l) = heading_level_from_name(&s.name) {
                return Some(l);
            }
            cur = s.based_on.clone()?;
        }
        None
    }
}

fn heading_level_from_name(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    let rest = n.strip_prefix("heading").or_else(|| n.strip_prefix("标题"))?;
    let digits: String = rest.trim().chars().take_while(|c| c.is_ascii_digit()).collect();
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then(|| level - 1)
}

fn parse_styles(bytes: &[u8], limits: &Limits) -> Result<Styles, ReadError> {
    let mut styles = Styles::default();
    let mut cur: Option<(String, StyleInfo)> = None;
    for_each_event(bytes, "styles.xml", limits, |ev, _| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    if let Some((id, info)) = cur.take() {
                        styles.by_id.insert(id, info);
                    }
                    cur = attr(e, b"styleId").map(|id| (id, StyleInfo::default()));
                }
                b"name" => {
                    if let (Some((_, info)), Some(v)) = (cur.as_mut(), attr(e, b"val")) {
                        info.name = v;
                    }
                }
                b"basedOn" => {
                    if let Some((_, info)) = cur.as_mut() {
                        info.based_on = attr(e, b"val");
                    }
                }
                b"outlineLvl" => {
                    if let Some((_, info)) = cur.as_mut() {
                        info.outline = attr(e, b"val").and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, info)) = cur.take() {
                    styles.by_id.insert(id, info);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    if let Some((id, info)) = cur.take() {
        styles.by_id.insert(id, info);
    }
    Ok(styles)
}

// ------------------------------------------------------------------ the body

#[derive(Default)]
struct ParaB {
    text: String,
    chars: usize,
    checkboxes: Vec<Checkbox>,
    style: Option<String>,
    outline: Option<u8>,
}

impl ParaB {
    fn push_char(&mut self, c: char) {
        self.text.push(c);
        self.chars += 1;
    }

    fn push_box(&mut self, checked: bool, source: CheckSource) {
        self.checkboxes.push(Checkbox { char_index: self.chars, checked, source });
        self.push_char(if checked { CHECKED } else { UNCHECKED });
    }
}

#[derive(Default)]
struct RunB {
    text: String,
    font: Option<String>,
    struck: bool,
    hidden: bool,
}

#[derive(Default)]
struct RowB {
    cells: Vec<Cell>,
    next_col: usize,
}

#[derive(Default)]
struct CellProps {
    span: usize,
    vmerge_continue: bool,
}

#[derive(Default)]
struct SdtB {
    checkbox: Option<bool>,
}

#[derive(Default)]
struct FormCheckbox {
    default: Option<bool>,
    checked: Option<bool>,
}

struct Body<'s> {
    styles: &'s Styles,
    containers: Vec<Vec<Block>>,
    tables: Vec<(Vec<Row>, Option<RowB>)>,
    cells: Vec<CellProps>,
    paras: Vec<ParaB>,
    runs: Vec<RunB>,
    sdts: Vec<SdtB>,
    /// Depth of the `sdtContent` of a checkbox content control we are inside, if any: glyphs
    /// there are the control's picture of its state and are replaced by the real state.
    in_checkbox_content: Vec<usize>,
    form_checkbox: Option<FormCheckbox>,
    in_ff_checkbox: bool,
    in_sdt_checkbox: bool,
    in_t: bool,
    in_ppr: bool,
    in_rpr: bool,
    skip_until: Option<usize>,
    pending_box: Option<(bool, CheckSource)>,
}

fn truthy(v: Option<String>) -> bool {
    !matches!(v.as_deref(), Some("0") | Some("false") | Some("off") | Some("none"))
}

impl<'s> Body<'s> {
    fn new(styles: &'s Styles) -> Body<'s> {
        Body {
            styles,
            containers: vec![Vec::new()],
            tables: Vec::new(),
            cells: Vec::new(),
            paras: Vec::new(),
            runs: Vec::new(),
            sdts: Vec::new(),
            in_checkbox_content: Vec::new(),
            form_checkbox: None,
            in_ff_checkbox: false,
            in_sdt_checkbox: false,
            in_t: false,
            in_ppr: false,
            in_rpr: false,
            skip_until: None,
            pending_box: None,
        }
    }

    fn emit_box(&mut self, checked: bool, source: CheckSource) {
        match self.paras.last_mut() {
            Some(p) => p.push_box(checked, source),
            None => self.pending_box = Some((checked, source)),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, depth: usize, empty: bool) {
        let name = e.local_name();
        match name.as_ref() {
            b"p" if !empty => {
                let mut p = ParaB::default();
                if let Some((checked, source)) = self.pending_box.take() {
                    p.push_box(checked, source);
                }
                self.paras.push(p);
            }
            b"pPr" if !empty => self.in_ppr = true,
            b"pStyle" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, b"val");
                }
            }
            b"outlineLvl" if self.in_ppr => {
                if let Some(p) = self.paras.last_mut() {
                    p.outline = attr(e, b"val").and_then(|v| v.parse().ok());
                }
            }
            b"r" if !empty => self.runs.push(RunB::default()),
            b"rPr" if !empty => self.in_rpr = true,
            b"rFonts" if self.in_rpr && !self.in_ppr => {
                if let Some(r) = self.runs.last_mut() {
                    let fonts = [attr(e, b"ascii"), attr(e, b"hAnsi"), attr(e, b"cs"), attr(e, b"eastAsia")];
                    r.font = fonts.iter().flatten().find(|f| glyphs::is_symbol_font(f)).cloned().or(r.font.take());
                }
            }
            b"strike" | b"dstrike" if self.in_rpr && !self.in_ppr => {
                if let Some(r) = self.runs.last_mut() {
                    r.struck = truthy(attr(e, b"val"));
                }
            }
            b"vanish" if self.in_rpr && !self.in_ppr => {
                if let Some(r) = self.runs.last_mut() {
                    r.hidden = truthy(attr(e, b"val"));
                }
            }
            b"t" if !empty && !self.runs.is_empty() => self.in_t = true,
            b"tab" if !self.in_ppr && !self.runs.is_empty() => self.push_run_char('\t'),
            b"br" | b"cr" if !self.in_ppr && !self.runs.is_empty() => {
                if attr(e, b"type").as_deref() != Some("page") {
                    self.push_run_char('\n');
                }
            }
            b"noBreakHyphen" if !self.runs.is_empty() => self.push_run_char('-'),
            b"sym" => self.sym(e),
            // Legacy form fields: <w:fldChar begin><w:ffData><w:checkBox>…
            b"fldChar" => {
                if attr(e, b"fldCharType").as_deref() == Some("begin") && !empty {
                    self.form_checkbox = None;
                }
            }
            b"checkBox" if !empty => {
                self.in_ff_checkbox = true;
                self.form_checkbox = Some(FormCheckbox::default());
            }
            b"checkBox" => {
                // <w:checkBox/> with no children: an unchecked box with defaults.
                self.form_checkbox = Some(FormCheckbox::default());
            }
            b"default" if self.in_ff_checkbox => {
                if let Some(fc) = self.form_checkbox.as_mut() {
                    fc.default = Some(truthy(attr(e, b"val")));
                }
            }
            b"checked" if self.in_ff_checkbox => {
                if let Some(fc) = self.form_checkbox.as_mut() {
                    fc.checked = Some(truthy(attr(e, b"val")));
                }
            }
            // Content controls: <w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/>
            b"sdt" if !empty => self.sdts.push(SdtB::default()),
            b"checkbox" if !self.sdts.is_empty() => {
                if let Some(s) = self.sdts.last_mut() {
                    s.checkbox = Some(false);
                }
                self.in_sdt_checkbox = !empty;
            }
            b"checked" if self.in_sdt_checkbox => {
                if let Some(s) = self.sdts.last_mut() {
                    s.checkbox = Some(truthy(attr(e, b"val")));
                }
            }
            b"sdtContent" if !empty => {
                if let Some(state) = self.sdts.last().and_then(|s| s.checkbox) {
                    self.emit_box(state, CheckSource::ContentControl);
                    self.in_checkbox_content.push(depth);
                }
            }
            b"tbl" if !empty => self.tables.push((Vec::new(), None)),
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.1 = Some(RowB::default());
                }
            }
            b"gridBefore" => {
                if let Some(Some(row)) = self.tables.last_mut().map(|t| t.1.as_mut()) {
                    row.next_col += attr(e, b"val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(64);
                }
            }
            b"tc" if !empty => {
                self.containers.push(Vec::new());
                self.cells.push(CellProps { span: 1, vmerge_continue: false });
            }
            b"gridSpan" => {
                if let Some(c) = self.cells.last_mut() {
                    c.span = attr(e, b"val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            b"vMerge" => {
                if let Some(c) = self.cells.last_mut() {
                    c.vmerge_continue = attr(e, b"val").as_deref() != Some("restart");
                }
            }
            // Never read twice what Word stores twice, nor what was deleted.
            b"Fallback" | b"del" | b"moveFrom" | b"instrText" | b"delText" if !empty => self.skip_until = Some(depth),
            _ => {}
        }
    }

    fn end(&mut self, local: &[u8], depth: usize) {
        match local {
            b"p" => {
                if let Some(p) = self.paras.pop() {
                    let heading = p
                        .outline
                        .filter(|l| *l < 9)
                        .or_else(|| p.style.as_deref().and_then(|s| self.styles.heading_level(s)));
                    let para = Paragraph { text: p.text, checkboxes: p.checkboxes, heading, style: p.style };
                    self.container().push(Block::Paragraph(para));
                }
            }
            b"pPr" => self.in_ppr = false,
            b"rPr" => self.in_rpr = false,
            b"r" => {
                if let Some(run) = self.runs.pop() {
                    self.flush_run(run);
                }
            }
            b"t" => self.in_t = false,
            b"checkBox" => self.in_ff_checkbox = false,
            b"checkbox" => self.in_sdt_checkbox = false,
            b"fldChar" => {
                if let Some(fc) = self.form_checkbox.take() {
                    let state = fc.checked.or(fc.default).unwrap_or(false);
                    self.emit_box(state, CheckSource::FormField);
                }
            }
            b"sdtContent" => {
                if self.in_checkbox_content.last() == Some(&depth) {
                    self.in_checkbox_content.pop();
                }
            }
            b"sdt" => {
                self.sdts.pop();
            }
            b"tc" => {
                let blocks = self.containers.pop().unwrap_or_default();
                let props = self.cells.pop().unwrap_or(CellProps { span: 1, vmerge_continue: false });
                if let Some(Some(row)) = self.tables.last_mut().map(|t| t.1.as_mut()) {
                    row.cells.push(Cell {
                        col: row.next_col,
                        span: props.span,
                        merged_from_above: props.vmerge_continue,
                        row_span: 1,
                        blocks,
                    });
                    row.next_col += props.span;
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(row) = t.1.take() {
                        t.0.push(Row { cells: row.cells });
                    }
                }
            }
            b"tbl" => {
                if let Some((rows, _)) = self.tables.pop() {
                    let mut table = Table { rows };
                    resolve_vertical_merges(&mut table);
                    self.container().push(Block::Table(table));
                }
            }
            _ => {}
        }
    }

    fn container(&mut self) -> &mut Vec<Block> {
        if self.containers.is_empty() {
            self.containers.push(Vec::new());
        }
        self.containers.last_mut().expect("a container is always open")
    }

    fn push_run_char(&mut self, c: char) {
        if let Some(r) = self.runs.last_mut() {
            r.text.push(c);
        }
    }

    fn text(&mut self, s: &str) {
        if self.in_t {
            if let Some(r) = self.runs.last_mut() {
                r.text.push_str(s);
            }
        }
    }

    fn sym(&mut self, e: &BytesStart<'_>) {
        let font = attr(e, b"font").unwrap_or_default();
        let Some(code) = attr(e, b"char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok()) else {
            return;
        };
        if !self.in_checkbox_content.is_empty() {
            return;
        }
        if let Some(state) =
            glyphs::symbol_font_state(&font, code).or_else(|| char::from_u32(code).and_then(glyphs::private_use_state))
        {
            self.flush_pending_run_text();
            self.emit_box(state, CheckSource::SymbolFont);
        } else if let Some(c) = symbol_char(&font, code) {
            self.push_run_char(c);
        }
    }

    /// Moves text already collected in the open run into the paragraph so a symbol emitted
    /// now lands after it.
    fn flush_pending_run_text(&mut self) {
        if let Some(run) = self.runs.last_mut() {
            let taken = RunB {
                text: std::mem::take(&mut run.text),
                font: run.font.clone(),
                struck: run.struck,
                hidden: run.hidden,
            };
            self.flush_run(taken);
        }
    }

    fn flush_run(&mut self, run: RunB) {
        if run.hidden || run.text.is_empty() {
            return;
        }
        let in_box_content = !self.in_checkbox_content.is_empty();
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let symbol_font = run.font.as_deref().filter(|f| glyphs::is_symbol_font(f));
        for c in run.text.chars() {
            if let Some(font) = symbol_font {
                if let Some(state) = glyphs::symbol_font_state(font, c as u32) {
                    if !in_box_content && !run.struck {
                        p.push_box(state, CheckSource::SymbolFont);
                    }
                } else if let Some(m) = symbol_char(font, c as u32) {
                    if !run.struck {
                        p.push_char(m);
                    }
                }
                continue;
            }
            if let Some(state) = glyphs::private_use_state(c) {
                if !in_box_content && !run.struck {
                    p.push_box(state, CheckSource::SymbolFont);
                }
                continue;
            }
            if in_box_content && glyphs::unicode_state(c).is_some() {
                continue;
            }
            if run.struck {
                continue;
            }
            if let Some(state) = glyphs::unicode_state(c) {
                p.checkboxes.push(Checkbox { char_index: p.chars, checked: state, source: CheckSource::Glyph });
            }
            p.push_char(c);
        }
    }
}

/// Best-effort Unicode for a character of a symbol font that is not a checkbox: the Symbol
/// font's Greek and mathematical signs; other symbol-font codes (bullets, dingbats) are dropped.
fn symbol_char(font: &str, code: u32) -> Option<char> {
    let low = (code & 0xFF) as u8;
    if font.trim().eq_ignore_ascii_case("symbol") {
        const GREEK: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
        const GREEK_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
        let c = match low {
            b'A'..=b'Z' => GREEK.chars().nth((low - b'A') as usize)?,
            b'a'..=b'z' => GREEK_LOWER.chars().nth((low - b'a') as usize)?,
            0x20..=0x40 => low as char,
            0xA3 => '≤',
            0xA5 => '∞',
            0xB0 => '°',
            0xB1 => '±',
            0xB3 => '≥',
            0xB4 => '×',
            0xB5 => '∝',
            0xB8 => '÷',
            0xB9 => '≠',
            0xBA => '≡',
            0xBB => '≈',
            0xD2 | 0xE2 => '®',
            0xD3 | 0xE3 => '©',
            0xD4 | 0xE4 => '™',
            0xD6 => '√',
            0xE5 => '∑',
            0xF2 => '∫',
            0xAE => '→',
            0xAC => '←',
            0xB7 => '•',
            _ => return None,
        };
        return Some(c);
    }
    if glyphs::is_symbol_font(font) {
        return None;
    }
    char::from_u32(code).filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
}

/// Sets `row_span` on cells that start a vertical merge.
fn resolve_vertical_merges(table: &mut Table) {
    // For every grid column, the (row, cell) of the merge origin currently open there.
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    for r in 0..table.rows.len() {
        for c in 0..table.rows[r].cells.len() {
            let (col, merged) = {
                let cell = &table.rows[r].cells[c];
                (cell.col, cell.merged_from_above)
            };
            if merged {
                if let Some(&(or, oc)) = open.get(&col) {
                    table.rows[or].cells[oc].row_span += 1;
                    continue;
                }
                // A continuation with no origin above: treat it as an origin of its own.
                table.rows[r].cells[c].merged_from_above = false;
            }
            open.insert(col, (r, c));
        }
    }
}

fn parse_body(xml: &[u8], styles: &Styles, limits: &Limits, part: &str) -> Result<Document, ReadError> {
    let mut body = Body::new(styles);
    for_each_event(xml, part, limits, |ev, depth| {
        if let Some(skip) = body.skip_until {
            if let Event::End(_) = ev {
                if depth == skip {
                    body.skip_until = None;
                }
            }
            return Ok(());
        }
        match ev {
            Event::Start(e) => body.start(e, depth, false),
            Event::Empty(e) => body.start(e, depth, true),
            Event::End(e) => body.end(e.local_name().as_ref(), depth),
            Event::Text(t) => {
                if body.in_t {
                    let s = t
                        .unescape()
                        .map(|c| c.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(t.as_ref()).into_owned());
                    body.text(&s);
                }
            }
            Event::CData(t) => {
                if body.in_t {
                    body.text(&String::from_utf8_lossy(t.as_ref()));
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    // Close whatever a truncated part left open, so nothing read is lost.
    while !body.runs.is_empty() || !body.paras.is_empty() {
        if !body.runs.is_empty() {
            body.end(b"r", 0);
        } else {
            body.end(b"p", 0);
        }
    }
    let blocks = body.containers.into_iter().next().unwrap_or_default();
    Ok(Document { blocks, warnings: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_against_their_folder() {
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_target("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve_target("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve_target("word", "../customXml/item1.xml"), "customXml/item1.xml");
    }

    #[test]
    fn heading_names_in_english_and_chinese() {
        assert_eq!(heading_level_from_name("heading 2"), Some(1));
        assert_eq!(heading_level_from_name("标题 1"), Some(0));
        assert_eq!(heading_level_from_name("Normal"), None);
    }
}
