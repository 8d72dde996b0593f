//! People's views of a run folder: `report.xlsx`, `report.html` and blind-review packets.
//!
//! Reads only the run folder (`dossiers/*.json`, `findings.jsonl`, `inventory.jsonl`,
//! `clusters.json` when present) plus the pipeline (track names, 评价指标) and template
//! (field names, section order). Every string a person sees goes through [`mask::mask_text`]:
//! ID numbers and phones never appear unmasked.
//!
//! ```no_run
//! # use std::path::Path;
//! let p = template::Pipeline::load(Path::new("pipelines/hunan-2025.toml")).unwrap();
//! let t = template::Template::load_named(&p.template, template::default_templates_dir()).unwrap();
//! report::write_reports(Path::new("out"), &p, &t).unwrap();
//! ```

pub mod blind;
pub mod html;
pub mod mask;
pub mod run;
pub mod tables;
pub mod xlsx;

use std::fs;
use std::path::{Path, PathBuf};

use template::{Pipeline, Template};

pub use blind::{write_blind, BlindSummary};
pub use run::{Cluster, ClusterMember, Dossier, FindingRow, RunData};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file of the run folder could not be read or written.
    #[error("无法读写 / cannot read or write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file of the run folder is not what the contract says.
    #[error("文件格式不对 / malformed {path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The workbook could not be built.
    #[error("无法生成 Excel / cannot build the workbook: {0}")]
    Xlsx(String),
    /// A packet could not be built.
    #[error("无法生成 DOCX / cannot build a document: {0}")]
    Zip(String),
}

/// A report written through an `io::Write` (the HTML page) carries a reading error of the run
/// folder (a malformed `findings.jsonl` line met while streaming rows) as an I/O error.
impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        std::io::Error::other(e.to_string())
    }
}

/// What [`write_reports`] wrote.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    /// `OUT/report.xlsx`.
    pub xlsx: PathBuf,
    /// `OUT/report.html`.
    pub html: PathBuf,
    /// Sheet names in order.
    pub sheets: Vec<String>,
}

/// Reads the run folder `out` and writes `out/report.xlsx` and `out/report.html` (atomically).
pub fn write_reports(out: &Path, pipeline: &Pipeline, template: &Template) -> Result<ReportSummary, Error> {
    let run = RunData::load_for_report(out)?;
    let sheets = tables::sheets(&run, pipeline, template)?;
    let xlsx = out.join("report.xlsx");
    let html = out.join("report.html");
    let tmp = tmp_name(&xlsx);
    xlsx::write(&tmp, &sheets, out)?;
    fs::rename(&tmp, &xlsx).map_err(|source| Error::Io { path: xlsx.clone(), source })?;
    let title = format!("{} — 形式审查报告", pipeline.name_zh);
    write_atomic_with(&html, |w| html::write_page(w, &title, &sheets))?;
    Ok(ReportSummary { xlsx, html, sheets: sheets.into_iter().map(|s| s.name).collect() })
}

/// Streams into a temporary name beside `path` (buffered), then renames.
pub(crate) fn write_atomic_with(
    path: &Path,
    f: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    use std::io::Write;
    let tmp = tmp_name(path);
    let io = |source| Error::Io { path: tmp.clone(), source };
    let file = fs::File::create(&tmp).map_err(io)?;
    let mut w = std::io::BufWriter::new(file);
    f(&mut w).map_err(io)?;
    w.flush().map_err(io)?;
    drop(w);
    fs::rename(&tmp, path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// `report.xlsx` → `report.xlsx.tmp`: where a file is written before it is renamed into place.
fn tmp_name(path: &Path) -> PathBuf {
    path.with_extension(format!("{}.tmp", path.extension().and_then(|e| e.to_str()).unwrap_or_default()))
}

/// Writes to a temporary name beside `path`, then renames.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| std::io::Write::write_all(w, bytes))
}
