//! Runs a batch: walks the dossiers of a batch folder, reads every file, finds and extracts
//! the application form, and writes the run folder (`dossiers/<id>.json`, `inventory.jsonl`,
//! `findings.jsonl`, `fingerprints.jsonl`, `clusters.json`).
//!
//! Dossiers are processed in parallel (rayon) in bounded chunks, so memory does not grow with
//! the batch; results are written in dossier order, so output is deterministic. A file that
//! cannot be read — corrupt, encrypted, hostile, or a reader panic — becomes an inventory
//! line with its reason and a `FILE_UNREADABLE` finding; the run always completes.
//!
//! ```no_run
//! let cfg = batch::RunConfig::new("samples/batch".into(), "out".into(), "pipelines/shanxi-2025.toml".into());
//! let summary = batch::run(&cfg, &|_| {}).unwrap();
//! println!("{} dossiers", summary.dossiers);
//! ```

mod cache;
mod dossier;
mod input;
mod output;
mod refs;
mod roster;
mod scan;
pub mod timings;
mod wire;
mod worker;

use std::path::PathBuf;

pub use dossier::{DossierResult, FileRecord, FileStatus, TEXT_LIMIT};
pub use input::{list_dossiers, DossierSource};
pub use refs::load as load_ref_list;
pub use wire::{document_json, evidence_json, fields_to_json};
pub use worker::{worker_main, Isolation};

/// What a run needs.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The batch folder.
    pub batch: PathBuf,
    /// The run folder to write.
    pub out: PathBuf,
    /// The contest pipeline file.
    pub pipeline: PathBuf,
    /// Folder holding `templates/<id>/template.toml`.
    pub templates_dir: PathBuf,
    /// Reader limits.
    pub limits: read::Limits,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Reference lists from the command line (`--ref NAME=FILE`), in order; they replace the
    /// pipeline's `[refs]` list of the same name.
    pub refs: Vec<(String, PathBuf)>,
    /// Earlier run folders to compare with (`--against`): their `fingerprints.jsonl`.
    pub against: Vec<PathBuf>,
    /// Key of the keyed hashes of ID numbers and phones ([`cross::DEFAULT_KEY`] unless the
    /// organisers agree on their own; runs compared with `--against` must use the same).
    pub person_key: String,
    /// Read dossiers in worker processes (see [`Isolation`]); `None` reads them in this process,
    /// where a reader's abort or stack overflow would end the run.
    pub isolation: Option<Isolation>,
}

impl RunConfig {
    /// A configuration with default limits, the source tree's templates and all cores.
    pub fn new(batch: PathBuf, out: PathBuf, pipeline: PathBuf) -> RunConfig {
        RunConfig {
            batch,
            out,
            pipeline,
            templates_dir: template::default_templates_dir().to_path_buf(),
            limits: read::Limits::default(),
            threads: 0,
            refs: Vec::new(),
            against: Vec::new(),
            person_key: cross::DEFAULT_KEY.to_string(),
            isolation: None,
        }
    }
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The batch was listed: this many dossiers.
    Started {
        /// Dossiers to process.
        dossiers: usize,
    },
    /// One dossier is done.
    DossierDone {
        /// Its id.
        id: String,
    },
}

/// What a run did, for the closing summary.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Dossiers processed.
    pub dossiers: usize,
    /// Files accounted for in the inventory.
    pub files: usize,
    /// Files that could not be read.
    pub files_failed: usize,
    /// Dossiers in which an application form was recognised.
    pub forms_found: usize,
    /// Dossiers with at least one finding of severity error.
    pub dossiers_with_errors: usize,
    /// Dossiers with warnings (and no errors).
    pub dossiers_with_warnings: usize,
    /// Findings written.
    pub findings: usize,
    /// Of them, cross-dossier findings (shared files, pictures, text, people, links …).
    pub cross_findings: usize,
    /// Groups in `clusters.json`.
    pub clusters: usize,
    /// One line per dossier, in dossier order.
    pub per_dossier: Vec<DossierLine>,
}

/// The closing summary's line for one dossier.
#[derive(Debug, Clone, Default)]
pub struct DossierLine {
    /// The dossier id.
    pub id: String,
    /// Whether an application form was recognised.
    pub form: bool,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Finding codes with their counts, most frequent first.
    pub codes: Vec<(String, usize)>,
}

/// Why a run could not happen at all (a bad file inside the batch is never one of these).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The batch folder cannot be listed.
    #[error("cannot read the batch folder {path}: {source}")]
    Batch {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The pipeline or its template cannot be loaded.
    #[error("{0}")]
    Config(String),
    /// The run folder cannot be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs the whole batch.
pub fn run(cfg: &RunConfig, progress: &(dyn Fn(Progress) + Sync)) -> Result<Summary, RunError> {
    output::run(cfg, progress)
}

/// Reads one file the way a run would and returns its document, for `dossier extract`.
pub fn read_document(path: &std::path::Path, limits: &read::Limits) -> Result<model::Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    dossier::read_as_document(&bytes, &name, limits).map_err(|e| e.bilingual())
}

/// One file read the way a run reads an attachment, for `dossier extract`: its document (none
/// for a picture), its text (with OCR of pictures and image-only PDFs when this build has it),
/// and what the text says about ownership.
pub struct Examined {
    /// The neutral document model; `None` for a picture.
    pub document: Option<model::Document>,
    /// The text a run reads: the text layer, then what OCR read (pages separated by form feeds).
    pub text: String,
    /// Whether OCR supplied text.
    pub ocr: bool,
    /// Why the file needs OCR and got none (Chinese / English), as the inventory would say.
    pub needs_ocr: Option<String>,
    /// Organisations, credit codes, IP numbers, holders, parties and amounts found in the text.
    pub evidence: evidence::Evidence,
}

/// Reads one file as [`Examined`]; the error is the bilingual reason a run would record.
pub fn examine(path: &std::path::Path, limits: &read::Limits) -> Result<Examined, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (document, mut text, mut ocr, mut needs_ocr) = (None, String::new(), false, None);
    let mut document = document;
    if read::sniff::sniff(&bytes, &name) == read::sniff::Format::Image {
        match scan::image(&bytes, limits) {
            scan::Scan::Text(t) => {
                text = t;
                ocr = true;
            }
            scan::Scan::NoText(why) | scan::Scan::Unavailable(why) => needs_ocr = Some(why),
            scan::Scan::Failed(e) => return Err(e.bilingual()),
        }
    } else {
        let doc = dossier::read_as_document(&bytes, &name, limits).map_err(|e| e.bilingual())?;
        text = doc.plain_text();
        if let Some(w) = doc.warnings.iter().find(|w| w.contains("OCR")) {
            match scan::pdf(&bytes, limits) {
                scan::Scan::Text(t) => {
                    text.push('\n');
                    text.push_str(&t);
                    ocr = true;
                }
                scan::Scan::NoText(why) | scan::Scan::Unavailable(why) => needs_ocr = Some(format!("{w}；{why}")),
                scan::Scan::Failed(e) => needs_ocr = Some(format!("{w}；{}", e.bilingual())),
            }
        }
        document = Some(doc);
    }
    let evidence = evidence::analyse(&name, &text);
    Ok(Examined { document, text, ocr, needs_ocr, evidence })
}
