//! Readers: turn the bytes of a dossier's files into the neutral [`model::Document`].
//!
//! Every reader takes bytes and [`Limits`] and returns a `Document` or a [`ReadError`] that
//! says, in Chinese and English, why the file cannot be read. Readers never panic on hostile
//! input by design (the batch also catches panics as a last resort), never follow external
//! references, and stop at the limits: entry counts, decompressed sizes and ratios, XML nesting.
//!
//! * [`docx`]: WordprocessingML (transitional and strict) through quick-xml over the raw parts,
//!   with every checkbox convention of PRODUCT.md normalised to ☑ / ☐.
//! * [`container`]: safe access to zip packages and zipped dossiers (GBK names, zip-slip, bombs).
//! * [`sniff`]: what a file is, from its first bytes and its name.
//!
//! ```
//! let err = read::docx::read(b"not a zip", &read::Limits::default()).unwrap_err();
//! assert!(err.message_zh().contains("不是有效的 Word 文档"));
//! ```

pub mod container;
pub mod docx;
mod error;
pub mod glyphs;
pub mod image;
pub mod pdf;
pub mod sheet;
pub mod sniff;

pub use error::ReadError;

/// Resource limits applied by every reader. The values are part of the error message when hit.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file (or zip member) read at all, in bytes.
    pub max_file_bytes: u64,
    /// Most entries a zip package may list.
    pub max_zip_entries: usize,
    /// Largest decompressed size of one zip entry, in bytes.
    pub max_entry_bytes: u64,
    /// Largest decompressed size of all entries of one zip together, in bytes.
    pub max_zip_total_bytes: u64,
    /// Largest decompressed/compressed ratio of an entry (zip-bomb guard).
    pub max_ratio: u64,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
    /// Most indirect objects a PDF may hold (object-count bomb guard). lopdf keeps about 0.9 KB
    /// per object: a million objects (a 55 MB file) took 908 MB; real forms have a few thousand
    /// (the corpus at most 772).
    pub max_pdf_objects: usize,
    /// Most pages a PDF may have.
    pub max_pdf_pages: usize,
    /// Time budget for reading one PDF, in milliseconds; past it the reader stops with a
    /// limit error instead of hanging the batch.
    pub pdf_time_budget_ms: u64,
    /// Most cells a workbook may materialise (all sheets together, each row up to its last
    /// non-empty cell); ODS repeat bombs are measured before anything is expanded.
    pub max_sheet_cells: usize,
    /// Most rows one sheet may span.
    pub max_sheet_rows: usize,
    /// Most columns one sheet may span.
    pub max_sheet_cols: usize,
    /// Most pixels (width × height) an image may declare; larger ones are refused from the
    /// header, before decoding (decompression-bomb guard).
    pub max_image_pixels: u64,
    /// Largest width or height an image may declare, in pixels.
    pub max_image_dimension: u32,
    /// Most bytes the image decoder may allocate.
    pub max_image_alloc: u64,
    /// Most pages of one PDF sent to OCR (scanned PDFs: the first pages carry the identity).
    pub max_ocr_pages: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 512 << 20,
            max_zip_entries: 20_000,
            max_entry_bytes: 256 << 20,
            max_zip_total_bytes: 1 << 30,
            max_ratio: 200,
            max_xml_depth: 256,
            max_pdf_objects: 250_000,
            max_pdf_pages: 5_000,
            pdf_time_budget_ms: 20_000,
            max_sheet_cells: 2_000_000,
            max_sheet_rows: 1_048_576,
            max_sheet_cols: 16_384,
            max_image_pixels: 100_000_000,
            max_image_dimension: 30_000,
            max_image_alloc: 512 << 20,
            max_ocr_pages: 20,
        }
    }
}
