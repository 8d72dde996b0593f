//! Seed inputs from real files: which targets a file feeds, and in what form. Used by
//! `fuzz-seed` (behind `fuzz/seed.sh`) to build `fuzz/corpus/<target>/` and by the smoke test.

use read::sniff::{self, Format};

/// The seeds one file gives, as `(target, bytes)`: a DOCX feeds `docx` (the package, and its
/// `word/document.xml` alone), `zip` and `matcher` (the document it reads as, encoded with
/// [`crate::doc_bytes::encode`]); a PDF feeds `pdf` and `matcher`; a spreadsheet or CSV feeds
/// `sheet` (behind its [`crate::sheet_prefix`] byte; an XLSX also `zip`); an image feeds
/// `image`; a zip feeds `zip`. Other files give nothing.
pub fn seeds(name: &str, bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let limits = read::Limits::default();
    let ext = sniff::extension(name);
    let mut out = Vec::new();
    let sheet = |out: &mut Vec<(&'static str, Vec<u8>)>| {
        let mut s = vec![crate::sheet_prefix(&ext)];
        s.extend_from_slice(bytes);
        out.push(("sheet", s));
    };
    match sniff::sniff(bytes, name) {
        Format::Docx => {
            out.push(("docx", bytes.to_vec()));
            if let Ok(mut z) = read::container::Zip::open(bytes, &limits) {
                if let Ok(Some(xml)) = z.read_named("word/document.xml") {
                    out.push(("docx", xml));
                }
            }
            out.push(("zip", bytes.to_vec()));
            if let Ok(doc) = read::docx::read(bytes, &limits) {
                out.push(("matcher", crate::doc_bytes::encode(&doc)));
            }
        }
        Format::Pdf => {
            out.push(("pdf", bytes.to_vec()));
            if let Ok(doc) = read::pdf::read(bytes, &limits) {
                out.push(("matcher", crate::doc_bytes::encode(&doc)));
            }
        }
        Format::Xlsx | Format::OpenDocument => {
            sheet(&mut out);
            out.push(("zip", bytes.to_vec()));
        }
        Format::Ole if ext == "doc" || ext == "docx" => out.push(("docx", bytes.to_vec())),
        Format::Ole => sheet(&mut out),
        Format::Text if matches!(ext.as_str(), "csv" | "tsv" | "txt" | "xls" | "xlsx") => sheet(&mut out),
        Format::Image => out.push(("image", bytes.to_vec())),
        Format::Zip | Format::Pptx => out.push(("zip", bytes.to_vec())),
        _ => {}
    }
    out
}
