//! One dossier: read every file, pick the application form, extract it.

use std::panic::{catch_unwind, AssertUnwindSafe};

use extract::Extraction;
use model::{Document, Finding};
use read::sniff::{self, Format};
use read::{Limits, ReadError};
use sha2::{Digest, Sha256};
use template::{Pipeline, Template};

use crate::input::{self, DossierSource, InputFile};
use crate::scan;
use crate::timings::{self, time, Stage};

/// What happened to one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Read successfully.
    Parsed,
    /// Could not be read (the reason is in `error`).
    Failed,
    /// Deliberately not read (a kind this version does not read, or not part of a dossier).
    Skipped,
}

impl FileStatus {
    /// The inventory's word.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Parsed => "parsed",
            FileStatus::Failed => "failed",
            FileStatus::Skipped => "skipped",
        }
    }
}

/// One inventory line.
#[derive(Debug, Clone)]
pub struct FileRecord {
    /// Path inside the dossier.
    pub path: String,
    /// SHA-256 of the bytes, hex (empty when the bytes could not be read).
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Format guessed from content and name.
    pub format: Format,
    /// What happened.
    pub status: FileStatus,
    /// Why it failed or was skipped.
    pub error: Option<String>,
    /// `form`, `attachment`, `roster` or `loose`.
    pub role: &'static str,
    /// Document class (`application_form`, `business_license`, `patent_certificate`, …).
    pub doc_class: &'static str,
    /// What the file says about who it belongs to (organisations, identifiers, holders,
    /// contract parties and amounts), from its text when it could be read.
    pub evidence: evidence::Evidence,
    /// Whether the file (a scan, an image) needs OCR for its text and did not get it.
    pub needs_ocr: bool,
    /// Whether its text (some or all) was read by OCR.
    pub ocr: bool,
    /// The file's plain text when it could be read, ID numbers and phones masked, cut at
    /// [`TEXT_LIMIT`] bytes; kept in `text/<id>.jsonl` for the search index.
    pub text: Option<String>,
}

/// Most bytes of a file's text kept for search (cut at a character boundary).
pub const TEXT_LIMIT: usize = 512 * 1024;

/// A file's text as kept: masked, bounded; `None` when blank.
fn kept_text(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    let mut end = text.len().min(TEXT_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(conventions::mask::mask_all(&text[..end]))
}

/// Everything the run keeps of one dossier.
#[derive(Debug, Clone)]
pub struct DossierResult {
    /// The dossier id.
    pub id: String,
    /// Every file, in path order.
    pub files: Vec<FileRecord>,
    /// The file recognised as the application form.
    pub form_file: Option<String>,
    /// What was extracted from it.
    pub extraction: Option<Extraction>,
    /// Findings of the reading stage.
    pub findings: Vec<Finding>,
    /// The dossier's fingerprint for the cross stage.
    pub print: cross::DossierPrint,
}

/// Perceptual hashes by SHA-256, shared by the workers of a run: the same bytes (a scan sent
/// by several teams) are decoded and hashed once.
#[derive(Default)]
pub(crate) struct ImageCache {
    by_sha: std::sync::Mutex<std::collections::HashMap<String, Pictures>>,
}

/// Most files whose picture fingerprints a run (or a worker) keeps for reuse.
const IMAGE_CACHE_ENTRIES: usize = 2048;

/// A file's pictures as fingerprinted, or — for a picture file — why it could not be decoded.
type Pictures = Result<Vec<cross::ImagePrint>, String>;

impl ImageCache {
    fn get_or(&self, sha: &str, f: impl FnOnce() -> Pictures) -> Pictures {
        if let Some(v) = self.by_sha.lock().unwrap_or_else(|e| e.into_inner()).get(sha) {
            return v.clone();
        }
        let v = f();
        let mut map = self.by_sha.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded: copies sent by several teams tend to come close together in a batch; past
        // the bound the cache starts afresh rather than growing with the batch.
        if map.len() >= IMAGE_CACHE_ENTRIES {
            map.clear();
        }
        map.insert(sha.to_string(), v.clone());
        v
    }
}

/// Where a dossier's processing is, for a supervisor that must know which file a crash hit.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    /// Listing the dossier and reading its bytes (zips inflated).
    Read,
    /// Reading one file (fingerprints, parsing, OCR, evidence): its path inside the dossier.
    File(&'a str),
    /// Recognising or extracting a document as the application form.
    Form(&'a str),
    /// The per-dossier checks and the fingerprint.
    Dossier,
}

/// What a supervising process asks of one attempt at a dossier (see `worker.rs`); the default
/// (no steps reported, nothing excluded) is an ordinary in-process run.
#[derive(Default)]
pub(crate) struct Supervision<'a> {
    /// Files not to read (path inside the dossier, reason recorded for it): a reader crashed
    /// on them in an earlier attempt.
    pub(crate) excluded: &'a [(String, String)],
    /// Set when the dossier cannot be processed at all: its files are listed by name, each
    /// with this reason, and nothing is read.
    pub(crate) give_up: Option<&'a str>,
    /// Told before each step that reads untrusted bytes.
    pub(crate) on_step: Option<&'a (dyn Fn(Step<'_>) + Sync)>,
}

impl Supervision<'_> {
    fn step(&self, step: Step<'_>) {
        if let Some(f) = self.on_step {
            f(step);
        }
    }

    fn excluded(&self, path: &str) -> Option<&str> {
        self.excluded.iter().find(|(p, _)| p == path).map(|(_, why)| why.as_str())
    }
}

/// Test hooks that make a reader fail the way only a separate process survives (file names
/// containing `__abort__`, `__stack_overflow__`, `__hang__`, `__oom__`); compiled only with
/// the `failpoints` feature, which the test builds enable.
#[cfg(feature = "failpoints")]
fn failpoint(path: &str) {
    fn recurse(depth: u64) -> u64 {
        let frame = [depth; 512];
        std::hint::black_box(&frame);
        if depth == u64::MAX {
            return 0;
        }
        recurse(depth + 1) + std::hint::black_box(frame[7])
    }
    if path.contains("__abort__") {
        std::process::abort();
    } else if path.contains("__stack_overflow__") {
        std::hint::black_box(recurse(0));
    } else if path.contains("__hang__") {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    } else if path.contains("__oom__") {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        loop {
            hoard.push(vec![0u8; 64 << 20]);
            std::hint::black_box(&hoard);
        }
    }
}

#[cfg(not(feature = "failpoints"))]
fn failpoint(_path: &str) {}

/// Most pictures of one PDF fingerprinted (a scanned document has one per page).
const MAX_PDF_PICTURES: usize = 50;

/// Reads a file into a document with the reader its content calls for.
pub(crate) fn read_as_document(bytes: &[u8], name: &str, limits: &Limits) -> Result<Document, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::corrupt("文件为空（0 字节）", "empty file"));
    }
    match sniff::sniff(bytes, name) {
        f if sheet_like(f, name) => guarded(|| read::sheet::read(bytes, name, limits)),
        Format::Docx | Format::Ole => guarded(|| read::docx::read(bytes, limits)),
        Format::Pdf => guarded(|| read::pdf::read(bytes, limits)),
        Format::Zip if matches!(sniff::extension(name).as_str(), "docx" | "docm" | "dotx") => {
            guarded(|| read::docx::read(bytes, limits))
        }
        other => Err(ReadError::NotThisFormat {
            expected: "可读取的文档",
            found: Some(other.describe_zh().to_string()),
        }),
    }
}

/// Runs a reader, turning a panic (a bug, but third-party code may have them) into an error;
/// timed as the parse stage.
fn guarded<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    let _parse = timings::start(Stage::Parse);
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ReadError::corrupt("读取程序内部错误，文件已跳过", "reader panicked")))
}

/// Processes one dossier completely.
pub(crate) fn process(
    id: &str,
    source: &DossierSource,
    template: &Template,
    pipeline: &Pipeline,
    limits: &Limits,
    roster: Option<checks::RosterRow<'_>>,
    refs: &[checks::RefList],
    cx: &cross::Context,
    cache: &ImageCache,
    sup: &Supervision<'_>,
) -> DossierResult {
    let read = timings::start(Stage::Read);
    sup.step(Step::Read);
    let files = match sup.give_up {
        Some(why) => input::names_only(source, why),
        None => read_files(source, limits),
    };
    drop(read);
    let mut records = Vec::with_capacity(files.len());
    let mut docs: Vec<(usize, Document)> = Vec::new();
    let mut images: Vec<Vec<cross::ImagePrint>> = Vec::with_capacity(files.len());
    for mut f in files {
        sup.step(Step::File(&f.path));
        let fingerprint = timings::start(Stage::Fingerprint);
        let sha = if f.error.is_none() { hex::encode(Sha256::digest(&f.bytes)) } else { String::new() };
        if let Some(why) = sup.excluded(&f.path) {
            // A reader crashed on it before: hashed (for duplicates), not read again.
            f.error = Some(why.to_string());
            f.declared_size = f.bytes.len() as u64;
        }
        if f.error.is_none() {
            failpoint(&f.path);
        }
        let pictures: Pictures = if f.error.is_none() && !f.bytes.is_empty() {
            match sniff::sniff(&f.bytes, &f.path) {
                // Decoded at the size the hashes use (a scan's JPEG at 1/2–1/8 in the DCT domain):
                // fingerprints need the picture's shape, not its pixels. A picture that does not
                // decode (cut short, damaged) is recorded as such below.
                Format::Image => cache.get_or(&sha, || {
                    guarded(|| read::image::decode_reduced(&f.bytes, limits, cross::imagehash::WORK_SIDE))
                        .map(|img| vec![cross::ImagePrint::of(&img, None)])
                        .map_err(|e| e.bilingual())
                }),
                // Scans placed in PDFs: the same licence as a JPEG in one dossier and inside a
                // PDF in another is one picture.
                Format::Pdf => cache.get_or(&sha, || {
                    guarded(|| read::pdf::embedded_images_reduced(&f.bytes, limits, cross::imagehash::WORK_SIDE))
                        .map(|p| {
                            p.images
                                .iter()
                                .take(MAX_PDF_PICTURES)
                                .map(|e| cross::ImagePrint::of(&e.image, Some(e.page)))
                                .collect()
                        })
                        .or_else(|_| Ok(Vec::new()))
                }),
                _ => Ok(Vec::new()),
            }
        } else {
            Ok(Vec::new())
        };
        let undecodable = pictures.as_ref().err().cloned();
        images.push(pictures.unwrap_or_default());
        let format = if f.error.is_none() { sniff::sniff(&f.bytes, &f.path) } else { Format::Unknown };
        drop(fingerprint);
        let mut rec = FileRecord {
            path: f.path.clone(),
            sha256: sha,
            bytes: if f.error.is_none() { f.bytes.len() as u64 } else { f.declared_size },
            format,
            status: FileStatus::Skipped,
            error: None,
            role: "attachment",
            doc_class: classify(&f.path, format),
            evidence: evidence::Evidence::default(),
            needs_ocr: false,
            ocr: false,
            text: None,
        };
        if let Some(e) = f.error {
            rec.status = FileStatus::Failed;
            rec.error = Some(e);
        } else if f.bytes.is_empty() {
            rec.status = FileStatus::Failed;
            rec.error = Some("文件为空（0 字节） / empty file".to_string());
        } else {
            let document_like = matches!(format, Format::Docx | Format::Pdf)
                || (format == Format::Ole && !sheet_like(format, &f.path))
                || (format == Format::Zip && matches!(sniff::extension(&f.path).as_str(), "docx" | "docm" | "dotx"));
            match format {
                _ if document_like => match read_as_document(&f.bytes, &f.path, limits) {
                    Ok(doc) => {
                        rec.status = FileStatus::Parsed;
                        let mut text = time(Stage::Parse, || doc.plain_text());
                        if let Some(w) = doc.warnings.iter().find(|w| w.contains("OCR")) {
                            match time(Stage::Ocr, || scan::pdf(&f.bytes, limits)) {
                                scan::Scan::Text(t) => {
                                    rec.ocr = true;
                                    text.push('\n');
                                    text.push_str(&t);
                                }
                                scan::Scan::NoText(why) | scan::Scan::Unavailable(why) => {
                                    rec.needs_ocr = true;
                                    rec.error = Some(join_bilingual(w, &why));
                                }
                                scan::Scan::Failed(e) => {
                                    rec.needs_ocr = true;
                                    rec.error = Some(join_bilingual(w, &e.bilingual()));
                                }
                            }
                            if rec.needs_ocr && text.trim().is_empty() {
                                // Nothing could be read: say so rather than "parsed".
                                rec.status = FileStatus::Skipped;
                            }
                        }
                        rec.evidence = time(Stage::Extract, || evidence::analyse(&f.path, &text));
                        rec.doc_class = rec.evidence.kind.as_str();
                        rec.text = kept_text(&text);
                        docs.push((records.len(), doc));
                    }
                    Err(e) => {
                        rec.status = FileStatus::Failed;
                        rec.error = Some(e.bilingual());
                    }
                },
                _ if sheet_like(format, &f.path) => match guarded(|| read::sheet::read(&f.bytes, &f.path, limits)) {
                    Ok(doc) => {
                        rec.status = FileStatus::Parsed;
                        rec.evidence = time(Stage::Extract, || evidence::analyse_document(&f.path, &doc));
                        rec.doc_class = rec.evidence.kind.as_str();
                        rec.text = kept_text(&doc.plain_text());
                    }
                    Err(e) => {
                        rec.status = FileStatus::Failed;
                        rec.error = Some(e.bilingual());
                    }
                },
                Format::Image => match guarded(|| read::image::probe(&f.bytes, limits)) {
                    Ok(_) if undecodable.is_some() => {
                        rec.status = FileStatus::Failed;
                        rec.error = undecodable;
                    }
                    Ok(info) => match time(Stage::Ocr, || scan::image(&f.bytes, limits)) {
                        scan::Scan::Text(t) => {
                            rec.status = FileStatus::Parsed;
                            rec.ocr = true;
                            rec.evidence = evidence::analyse(&f.path, &t);
                            rec.doc_class = rec.evidence.kind.as_str();
                            rec.text = kept_text(&t);
                        }
                        scan::Scan::NoText(why) | scan::Scan::Unavailable(why) => {
                            rec.needs_ocr = true;
                            let size = format!(
                                "图片（{}×{}） / image ({}×{})",
                                info.width, info.height, info.width, info.height
                            );
                            rec.error = Some(join_bilingual(&size, &why));
                        }
                        scan::Scan::Failed(e) => {
                            rec.status = FileStatus::Failed;
                            rec.error = Some(e.bilingual());
                        }
                    },
                    Err(e) => {
                        rec.status = FileStatus::Failed;
                        rec.error = Some(e.bilingual());
                    }
                },
                other => {
                    rec.error = Some(format!(
                        "{}：本版本暂不读取其内容，已登记指纹 / {} content is not read by this version",
                        other.describe_zh(),
                        other.as_str()
                    ));
                }
            }
        }
        records.push(rec);
    }

    let extract = timings::start(Stage::Extract);
    let forms: Vec<(usize, extract::Recognition)> = docs
        .iter()
        .map(|(i, d)| {
            sup.step(Step::Form(&records[*i].path));
            (*i, extract::recognise(d, template))
        })
        .filter(|(_, r)| r.is_form())
        .collect();
    // Every other copy of the form (`申报书.pdf` beside `申报书.docx`) is an application form
    // too, not the certificate or contract its wording may suggest: it repeats claims, it
    // proves none.
    for (i, _) in &forms {
        records[*i].doc_class = "application_form";
    }
    let best = forms
        .iter()
        .max_by_key(|(i, r)| (name_says_form(&records[*i].path), r.found.len(), std::cmp::Reverse(*i)))
        .map(|(i, r)| (*i, r));
    let (form_file, extraction) = match best {
        Some((i, _)) => {
            records[i].role = "form";
            records[i].doc_class = "application_form";
            let doc = &docs.iter().find(|(j, _)| *j == i).expect("form doc is among the parsed docs").1;
            sup.step(Step::Form(&records[i].path));
            (Some(records[i].path.clone()), Some(extract::extract(doc, template)))
        }
        None => (None, None),
    };
    drop(extract);
    drop(docs);
    sup.step(Step::Dossier);
    let facts: Vec<checks::FileFacts> = records
        .iter()
        .map(|r| checks::FileFacts {
            path: r.path.clone(),
            class: r.doc_class.to_string(),
            unreadable: (r.status == FileStatus::Failed).then(|| r.error.clone().unwrap_or_default()),
            form_candidate: name_says_form(&r.path) || matches!(r.format, Format::Docx | Format::Ole | Format::Pdf),
            evidence: r.evidence.clone(),
            needs_ocr: r.needs_ocr.then(|| r.error.clone().unwrap_or_default()),
        })
        .collect();
    let empty = model::Fields::default();
    let input = checks::Input {
        dossier_id: id,
        form_file: form_file.as_deref(),
        fields: extraction.as_ref().map_or(&empty, |e| &e.fields),
        sections_missing: extraction.as_ref().map_or(&[][..], |e| &e.sections_missing),
        located: extraction.as_ref().map_or(&[][..], |e| &e.located),
        files: &facts,
        template,
        pipeline,
        roster,
        refs,
    };
    let findings = time(Stage::Check, || checks::run(&input));
    let file_prints = records
        .iter()
        .zip(images)
        .map(|(r, images)| cross::FilePrint {
            path: r.path.clone(),
            sha256: r.sha256.clone(),
            bytes: if r.status == FileStatus::Failed && r.sha256.is_empty() { 0 } else { r.bytes },
            role: r.role.to_string(),
            images,
        })
        .collect();
    let print =
        time(Stage::Fingerprint, || cross::print::dossier(id, file_prints, extraction.as_ref().map(|e| &e.fields), cx));
    DossierResult { id: id.to_string(), files: records, form_file, extraction, findings, print }
}

/// The files of a dossier with their bytes (a zip inflated within the limits).
fn read_files(source: &DossierSource, limits: &Limits) -> Vec<InputFile> {
    match source {
        DossierSource::Folder(dir) => input::folder_files(dir, limits),
        DossierSource::Zip(path) => match std::fs::read(path) {
            Ok(bytes) => match {
                failpoint(&path.to_string_lossy());
                input::zip_files(&bytes, limits)
            } {
                Ok(files) => files,
                Err(e) => vec![InputFile {
                    path: path.file_name().map(input::os_name).unwrap_or_default(),
                    declared_size: bytes.len() as u64,
                    bytes,
                    error: Some(format!("压缩包无法打开 / zip cannot be opened: {}", e.bilingual())),
                }],
            },
            Err(e) => vec![InputFile {
                path: path.display().to_string(),
                bytes: Vec::new(),
                error: Some(format!("文件无法读取 / cannot read: {e}")),
                declared_size: 0,
            }],
        },
        DossierSource::Loose(_) => Vec::new(),
    }
}

/// Two `中文 / English` messages as one: `中文1；中文2 / English1; English2`.
fn join_bilingual(a: &str, b: &str) -> String {
    let split = |s: &str| -> (String, String) {
        match s.split_once(" / ") {
            Some((zh, en)) => (zh.trim().to_string(), en.trim().to_string()),
            None => (s.trim().to_string(), s.trim().to_string()),
        }
    };
    let ((za, ea), (zb, eb)) = (split(a), split(b));
    format!("{za}；{zb} / {ea}; {eb}")
}

fn name_says_form(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    ["申报书", "申报表", "报名表", "参赛项目"].iter().any(|k| base.contains(k))
}

/// The document class of a file from its name alone (its content, when read, refines it).
fn classify(path: &str, format: Format) -> &'static str {
    match format {
        Format::Pptx => "presentation",
        Format::Media => "video",
        _ => evidence::analyse(path, "").kind.as_str(),
    }
}

/// Spreadsheets and plain-text tables, read with the sheet reader.
fn sheet_like(format: Format, path: &str) -> bool {
    let ext = sniff::extension(path);
    match format {
        Format::Xlsx | Format::Text => true,
        Format::OpenDocument => ext == "ods",
        Format::Ole => matches!(ext.as_str(), "xls" | "xlt" | "et"),
        _ => false,
    }
}
