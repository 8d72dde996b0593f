//! The fuzz harnesses: one function per entry point that takes bytes from a dossier, each
//! reading with the product's default [`read::Limits`] (limits are exercised, never bypassed).
//!
//! The same functions are called by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`, nightly,
//! by hand) and by this crate's stable tests (`tests/regressions.rs` replays every reproducer
//! under `fuzz/regressions/<target>/`; `tests/smoke.rs` runs a seeded mutation smoke), so what
//! CI replays is exactly what the fuzzer ran. A harness returns nothing: an `Err` from a reader
//! is a correct answer; a panic, a hang or an allocation past the fuzzer's limit is a bug.
//!
//! | target | entry points |
//! | --- | --- |
//! | `docx` | [`read::docx::read`]; input starting with `<` (XML) is packed as `word/document.xml` of a minimal package first, so mutations reach the XML reader past the zip CRC |
//! | `pdf` | [`read::pdf::read`], [`read::pdf::embedded_images`], [`read::pdf::embedded_images_reduced`] |
//! | `sheet` | [`read::sheet::read`]; the first byte picks the file name (`.xlsx`, `.xls`, `.ods`, `.csv`), the rest is the file |
//! | `image` | [`read::image::probe`], [`read::image::decode`], [`read::image::decode_reduced`] |
//! | `zip` | [`read::container::Zip`]: open, names, every safe entry read — what the batch's `zip_files` does with a zipped dossier |
//! | `matcher` | [`extract::recognise`] and [`extract::extract`] on the document [`doc_bytes::decode`] builds from the bytes, against `templates/shanxi-2025` |

pub mod deadline;
pub mod doc_bytes;
pub mod seeds;

use std::sync::OnceLock;

use read::Limits;

/// One fuzz target: its name (the cargo-fuzz target and the `fuzz/regressions/` folder) and its
/// harness.
#[derive(Clone, Copy)]
pub struct Target {
    /// The target's name.
    pub name: &'static str,
    /// The harness: reads the bytes, ignores the result.
    pub run: fn(&[u8]),
}

/// Every target, in the order of the docs.
pub const TARGETS: &[Target] = &[
    Target { name: "docx", run: docx },
    Target { name: "pdf", run: pdf },
    Target { name: "sheet", run: sheet },
    Target { name: "image", run: image },
    Target { name: "zip", run: zip },
    Target { name: "matcher", run: matcher },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().copied().find(|t| t.name == name)
}

/// For the cargo-fuzz targets, after libFuzzer's own hook (which aborts on every panic, caught
/// or not): a panic raised inside a third-party crate (located under a Cargo registry or git
/// checkout) is let to unwind, so that a reader's guard does what it does in a run — `read::sheet`
/// and `read::pdf` catch calamine's and lopdf's panics as damaged files; one that escapes the
/// harness is still aborted on by libfuzzer-sys. A panic in our own code aborts at once, even
/// where a guard would catch it: it is ours to fix. The stable tests see what a run sees.
pub fn fuzz_init() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NOTED: AtomicUsize = AtomicUsize::new(0);
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| match info.location() {
        Some(l) if is_third_party(l.file()) => {
            if NOTED.fetch_add(1, Ordering::Relaxed) < 20 {
                eprintln!("note: panic in a third-party crate at {l}, left to the reader's guard");
            }
        }
        _ => abort(info),
    }));
}

/// Whether a panic location is in a dependency's source rather than ours or the standard library's.
pub fn is_third_party(file: &str) -> bool {
    file.contains("/registry/src/") || file.contains("/git/checkouts/")
}

fn limits() -> &'static Limits {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    LIMITS.get_or_init(Limits::default)
}

/// `docx`: [`read::docx::read`] on the bytes, or on a minimal package around them when they are
/// XML (see [`docx_package`]).
pub fn docx(data: &[u8]) {
    if is_xml(data) {
        let _ = read::docx::read(&docx_package(data), limits());
    } else {
        let _ = read::docx::read(data, limits());
    }
}

/// Whether the `docx` target takes `data` as the main part rather than as a package.
pub fn is_xml(data: &[u8]) -> bool {
    data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data).starts_with(b"<")
}

/// A minimal DOCX package (stored, so CRCs are right) whose `word/document.xml` is `xml`.
pub fn docx_package(xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let mut buf = std::io::Cursor::new(Vec::with_capacity(xml.len() + 1024));
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opt = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        // Writing to memory cannot fail short of an allocation failure.
        let _ = z.start_file("[Content_Types].xml", opt).and_then(|()| Ok(z.write_all(TYPES.as_bytes())?));
        let _ = z.start_file("word/document.xml", opt).and_then(|()| Ok(z.write_all(xml)?));
        let _ = z.finish();
    }
    buf.into_inner()
}

/// `pdf`: the text reader and both picture extractors, as a run calls them.
pub fn pdf(data: &[u8]) {
    let _ = read::pdf::read(data, limits());
    let _ = read::pdf::embedded_images(data, limits());
    let _ = read::pdf::embedded_images_reduced(data, limits(), cross::imagehash::WORK_SIDE);
}

/// The file names the `sheet` target reads its input as, picked by the first byte modulo 4.
pub const SHEET_NAMES: [&str; 4] = ["fuzz.xlsx", "fuzz.xls", "fuzz.ods", "fuzz.csv"];

/// `sheet`: [`read::sheet::read`] on `data[1..]` named by `data[0]` (see [`SHEET_NAMES`]).
pub fn sheet(data: &[u8]) {
    if let Some((&pick, bytes)) = data.split_first() {
        let _ = read::sheet::read(bytes, SHEET_NAMES[usize::from(pick) % SHEET_NAMES.len()], limits());
    }
}

/// The first byte that makes the `sheet` target read the rest as a file with this extension
/// (`xlsx`, `xls`, `ods`, `csv`); anything else reads as `.csv`.
pub fn sheet_prefix(ext: &str) -> u8 {
    let ext = ext.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => 0,
        "xls" => 1,
        "ods" => 2,
        _ => 3,
    }
}

/// `image`: probe, full decode and the reduced decode of fingerprints.
pub fn image(data: &[u8]) {
    let _ = read::image::probe(data, limits());
    let _ = read::image::decode(data, limits());
    let _ = read::image::decode_reduced(data, limits(), cross::imagehash::WORK_SIDE);
}

/// `zip`: a zipped dossier as the batch opens it (`batch::input::zip_files`): the archive is
/// opened, its names decoded and checked, and every entry that is not a folder and not unsafe
/// is read under the entry, ratio and total limits.
pub fn zip(data: &[u8]) {
    let Ok(mut z) = read::container::Zip::open(data, limits()) else { return };
    let names = z.names().to_vec();
    for (i, n) in names.iter().enumerate() {
        if !n.is_dir && n.unsafe_reason.is_none() {
            let _ = z.read(i);
        }
    }
    // Lookup by name, as the DOCX and XLSX readers do.
    if let Some(n) = names.first() {
        let _ = z.read_named(&n.name);
    }
}

/// The form template the `matcher` target extracts against, loaded once.
pub fn shanxi_template() -> &'static template::Template {
    static TEMPLATE: OnceLock<template::Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        template::Template::load_named("shanxi-2025", template::default_templates_dir())
            .unwrap_or_else(|e| panic!("templates/shanxi-2025 does not load: {e}"))
    })
}

/// `matcher`: recognition and extraction on the document decoded from the bytes.
pub fn matcher(data: &[u8]) {
    let doc = doc_bytes::decode(data);
    let t = shanxi_template();
    let _ = extract::recognise(&doc, t);
    let _ = extract::extract(&doc, t);
}
