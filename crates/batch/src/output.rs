//! The run: list, process in bounded parallel chunks, write in order.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use template::{Pipeline, Template};

use crate::cache::{Cache, Rendered};
use crate::dossier::{self, DossierResult, FileRecord, FileStatus, Supervision};
use crate::input::{list_dossiers, DossierSource};
use crate::timings::{self, Stage};
use crate::wire;
use crate::{DossierLine, Progress, RunConfig, RunError, Summary};

/// Dossiers in flight at once per worker thread: bounds memory while keeping cores busy.
const CHUNK_PER_THREAD: usize = 4;

pub(crate) fn run(cfg: &RunConfig, progress: &(dyn Fn(Progress) + Sync)) -> Result<Summary, RunError> {
    timings::reset();
    let Setup { pipeline, template, refs, cx } = Setup::load(cfg)?;
    let against = load_against(&cfg.against)?;
    let image_cache = dossier::ImageCache::default();
    let mut entries =
        list_dossiers(&cfg.batch).map_err(|source| RunError::Batch { path: cfg.batch.clone(), source })?;
    // Never read our own output when the run folder sits inside the batch.
    if let Ok(out) = cfg.out.canonicalize() {
        entries.retain(|(_, s)| match s {
            DossierSource::Folder(p) => p.canonicalize().map_or(true, |p| p != out),
            _ => true,
        });
    }
    let dossier_dir = cfg.out.join("dossiers");
    fs::create_dir_all(&dossier_dir).map_err(|source| RunError::Output { path: dossier_dir.clone(), source })?;
    let text_dir = cfg.out.join("text");
    fs::create_dir_all(&text_dir).map_err(|source| RunError::Output { path: text_dir.clone(), source })?;
    let mut inventory = Sink::create(&cfg.out.join("inventory.jsonl"))?;
    let mut findings = Sink::create(&cfg.out.join("findings.jsonl"))?;

    let threads = if cfg.threads == 0 { rayon::current_num_threads() } else { cfg.threads };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Config(format!("cannot start worker threads: {e}")))?;
    let dossiers: Vec<&(String, DossierSource)> =
        entries.iter().filter(|(_, s)| !matches!(s, DossierSource::Loose(_))).collect();
    progress(Progress::Started { dossiers: dossiers.len() });

    let mut summary = Summary { dossiers: dossiers.len(), ..Summary::default() };
    let mut prints: Vec<cross::DossierPrint> = Vec::with_capacity(dossiers.len());
    let mut roster = None;
    for (_, src) in entries.iter().filter(|(_, s)| matches!(s, DossierSource::Loose(_))) {
        if let DossierSource::Loose(path) = src {
            let mut rec = loose_record(path);
            if rec.role == "roster" && roster.is_none() {
                match crate::roster::load(path, &cfg.limits) {
                    Ok(rows) => {
                        rec.status = FileStatus::Parsed;
                        rec.error = None;
                        roster = Some(rows);
                    }
                    Err(e) => {
                        rec.status = FileStatus::Failed;
                        rec.error = Some(e);
                        summary.files_failed += 1;
                    }
                }
            }
            summary.files += 1;
            inventory.line(&wire::inventory_line(None, &rec))?;
        }
    }
    let template_file = cfg.templates_dir.join(&template.id).join("template.toml");
    let cache = Cache::open(
        &cfg.out,
        &cfg.pipeline,
        &template_file,
        &cfg.limits,
        &format!("{refs:?} person key {}", cfg.person_key),
    );
    // Worker processes (when asked for): a reader that aborts or overflows its stack costs one
    // file, not the run. Dropped (and waited for) before the thread pool.
    let workers = match &cfg.isolation {
        Some(iso) => Some(crate::worker::Workers::start(iso, cfg)?),
        None => None,
    };
    let mut used = BTreeSet::new();
    // Fingerprints are written as the dossiers come; what the cross stage needs of them stays
    // in memory but their thumbnails and texts go to a scratch file in the output folder
    // (deleted after the stage), so that the run's memory does not grow with the batch.
    let mut fp = Sink::create(&cfg.out.join("fingerprints.jsonl"))?;
    let spill = cross::Spill::create(&cfg.out.join(".cross-spill.tmp")).ok();
    for chunk in dossiers.chunks(threads * CHUNK_PER_THREAD) {
        let results: Vec<(String, Rendered, bool)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(id, src)| {
                    let row = roster.as_ref().map(|rows| checks::RosterRow { entry: rows.get(id.as_str()) });
                    // Incremental runs: a dossier whose inputs are unchanged is not read again.
                    let key = cache.key(id, src, &format!("{row:?}"));
                    let in_process = |sup: &Supervision<'_>| {
                        render(
                            &dossier::process(
                                id,
                                src,
                                &template,
                                &pipeline,
                                &cfg.limits,
                                row,
                                &refs,
                                &cx,
                                &image_cache,
                                sup,
                            ),
                            &template.id,
                        )
                    };
                    let (r, hit) = match cache.get(&key).filter(|r| &r.id == id) {
                        Some(r) => (r, true),
                        None => match &workers {
                            None => (in_process(&Supervision::default()), false),
                            // A dossier nothing can read is listed by name only, here: no
                            // file is opened, so no reader can crash the run.
                            Some(w) => (
                                w.process(id, src, crate::worker::roster_of(roster.as_ref(), id), |why| {
                                    in_process(&Supervision { give_up: Some(why), ..Supervision::default() })
                                }),
                                false,
                            ),
                        },
                    };
                    progress(Progress::DossierDone { id: id.clone() });
                    (key, r, hit)
                })
                .collect()
        });
        let write = timings::start_sequential(Stage::Write);
        for (key, r, hit) in results {
            if !hit {
                cache.put(&key, &r);
            }
            used.insert(key);
            // `r.print` is the line itself (serialised once, in the worker or from the cache).
            fp.raw(&r.print)?;
            let mut print: cross::DossierPrint =
                serde_json::from_str(&r.print).expect("a fingerprint this program wrote reads back");
            if let Some(store) = &spill {
                print.spill(store);
            }
            prints.push(print);
            write_rendered(&dossier_dir, &text_dir, &r)?;
            for line in &r.inventory {
                inventory.raw(line)?;
            }
            for line in &r.findings {
                findings.raw(line)?;
            }
            summary.files += r.inventory.len();
            summary.files_failed += r.files_failed;
            summary.findings += r.findings.len();
            if r.form {
                summary.forms_found += 1;
            }
            let line = dossier_line(&r);
            if line.errors > 0 {
                summary.dossiers_with_errors += 1;
            } else if line.warnings > 0 {
                summary.dossiers_with_warnings += 1;
            }
            summary.per_dossier.push(line);
        }
        drop(write);
    }
    drop(workers);
    cache.prune(&used);
    // Roster rows without a dossier: registered, nothing submitted.
    if let Some(rows) = &roster {
        let submitted: BTreeSet<&str> = dossiers.iter().map(|(d, _)| d.as_str()).collect();
        for id in rows.keys().filter(|id| !submitted.contains(id.as_str())) {
            let f = model::Finding {
                dossier_id: id.clone(),
                code: model::FindingCode::RosterMismatch,
                severity: model::Severity::Warning,
                field: None,
                file: None,
                message_zh: "报名表中有该项目，但批次中没有其申报材料".to_string(),
                message_en: "the roster lists this dossier id, but the batch has no dossier for it".to_string(),
                detail_json: "{}".to_string(),
                excerpt: None,
                related: Vec::new(),
            };
            summary.findings += 1;
            findings.line(&wire::finding_line(&f))?;
        }
    }
    // The cross stage: every dossier's fingerprint against every other's (and earlier runs').
    fp.finish()?;
    // Its findings and clusters go to a scratch file as they are made and are read back one at
    // a time, in order, so that neither is held whole (most of the stage's memory otherwise).
    let crossed = timings::sequential(Stage::Cross, || {
        cross::analyse_spilled(&prints, &against, &cx, &cfg.out.join(".cross-records.tmp"))
    });
    drop(prints);
    drop(spill);
    let line_of: HashMap<String, usize> =
        summary.per_dossier.iter().enumerate().map(|(i, l)| (l.id.clone(), i)).collect();
    let scratch = || cfg.out.join(".cross-records.tmp");
    for f in crossed.findings() {
        let f = f.map_err(|source| RunError::Output { path: scratch(), source })?;
        summary.findings += 1;
        summary.cross_findings += 1;
        findings.line(&wire::finding_line(&f))?;
        if let Some(&i) = line_of.get(&f.dossier_id) {
            let line = &mut summary.per_dossier[i];
            add_to_line(line, &f, &mut summary.dossiers_with_errors, &mut summary.dossiers_with_warnings);
        }
    }
    summary.clusters = crossed.cluster_count();
    write_clusters(&cfg.out.join("clusters.json"), &crossed)?;
    drop(crossed);
    let write = timings::start_sequential(Stage::Write);
    inventory.finish()?;
    findings.finish()?;
    drop(write);
    // What made this folder, so `dossier serve/report/blind OUT` use the same contest without
    // being told. No clock time: a rerun writes the same bytes.
    let run_json = serde_json::json!({
        "schema_version": 1,
        "program": concat!("dossier ", env!("CARGO_PKG_VERSION")),
        "pipeline": {
            "id": pipeline.id,
            "name_zh": pipeline.name_zh,
            "file": std::fs::canonicalize(&cfg.pipeline).unwrap_or_else(|_| cfg.pipeline.clone()),
        },
        "template": template.id,
        "batch": std::fs::canonicalize(&cfg.batch).unwrap_or_else(|_| cfg.batch.clone()),
    });
    write_atomically(&cfg.out.join("run.json"), &serde_json::to_vec_pretty(&run_json).expect("run.json serialises"))?;
    timings::snapshot(threads)
        .write(&cfg.out)
        .map_err(|source| RunError::Output { path: cfg.out.join("timings.json"), source })?;
    Ok(summary)
}

/// What every dossier of a run is processed with (the run and each worker process load it).
pub(crate) struct Setup {
    pub(crate) pipeline: Pipeline,
    pub(crate) template: Template,
    pub(crate) refs: Vec<checks::RefList>,
    pub(crate) cx: cross::Context,
}

impl Setup {
    pub(crate) fn load(cfg: &RunConfig) -> Result<Setup, RunError> {
        let pipeline = Pipeline::load(&cfg.pipeline).map_err(|e| RunError::Config(e.to_string()))?;
        let template = Template::load_named(&pipeline.template, &cfg.templates_dir)
            .map_err(|e| RunError::Config(e.to_string()))?;
        // Reference lists before anything is written: a bad list stops the run before it starts.
        let refs = crate::refs::load_all(&crate::refs::wanted(&pipeline.refs, &cfg.refs), &cfg.limits)
            .map_err(RunError::Config)?;
        let cx = cross::Context::new(cross_config(&pipeline.cross), template_phrases(&template), &cfg.person_key);
        Ok(Setup { pipeline, template, refs, cx })
    }
}

/// Counts a cross-dossier finding in its dossier's summary line (and moves the dossier into
/// the warnings or errors count when it was clean before).
fn add_to_line(line: &mut DossierLine, f: &model::Finding, with_errors: &mut usize, with_warnings: &mut usize) {
    let before = (line.errors > 0, line.warnings > 0);
    match f.severity {
        model::Severity::Error => line.errors += 1,
        model::Severity::Warning => line.warnings += 1,
        model::Severity::Info => {}
    }
    match line.codes.iter_mut().find(|(c, _)| c == f.code.as_str()) {
        Some(slot) => slot.1 += 1,
        None => line.codes.push((f.code.as_str().to_string(), 1)),
    }
    line.codes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let after = (line.errors > 0, line.warnings > 0);
    if after.0 && !before.0 {
        *with_errors += 1;
        if before.1 {
            *with_warnings -= 1;
        }
    } else if !after.0 && after.1 && !before.0 && !before.1 {
        *with_warnings += 1;
    }
}

/// The cross stage's thresholds: the pipeline's `[cross]` over the defaults.
fn cross_config(s: &template::CrossSettings) -> cross::Config {
    let mut c = cross::Config::default();
    macro_rules! over {
        ($($k:ident),*) => { $(if let Some(v) = s.$k { c.$k = v; })* };
    }
    over!(
        min_file_bytes,
        image_max_distance,
        image_max_residual,
        image_max_candidates,
        text_min_chars,
        text_containment,
        text_jaccard,
        text_min_shared,
        df_max_share,
        df_min_count,
        address_min_chars,
        unit_name_min_chars
    );
    c
}

/// The template's own wording (labels, aliases, hints, section titles): every form repeats it,
/// so it says nothing about copied text.
fn template_phrases(t: &Template) -> Vec<&str> {
    let mut v = t.all_labels();
    for f in &t.fields {
        v.extend(f.hints.iter().map(String::as_str));
        if let template::FieldKind::Table(tb) = &f.kind {
            v.extend(tb.hints.iter().map(String::as_str));
        }
    }
    for s in &t.sections {
        v.push(s.title.as_str());
        v.extend(s.aliases.iter().map(String::as_str));
        v.extend(s.hints.iter().map(String::as_str));
    }
    v
}

/// The fingerprints of earlier run folders (`--against`); a folder without a readable
/// `fingerprints.jsonl` stops the run before it starts.
fn load_against(dirs: &[PathBuf]) -> Result<Vec<cross::OtherRun>, RunError> {
    let mut out = Vec::new();
    for dir in dirs {
        let path = dir.join("fingerprints.jsonl");
        let text = fs::read_to_string(&path).map_err(|e| {
            RunError::Config(format!(
                "--against {}：找不到或无法读取其中的 fingerprints.jsonl（需要本版本生成的运行结果文件夹） / cannot read {}: {e}",
                dir.display(),
                path.display()
            ))
        })?;
        let mut prints = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let p: cross::DossierPrint = serde_json::from_str(line).map_err(|e| {
                RunError::Config(format!(
                    "--against {}：fingerprints.jsonl 第 {} 行无法解析 / line {} of {} is not a fingerprint: {e}",
                    dir.display(),
                    i + 1,
                    i + 1,
                    path.display()
                ))
            })?;
            prints.push(p);
        }
        let name = dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        out.push(cross::OtherRun { name, prints });
    }
    Ok(out)
}

fn dossier_line(r: &Rendered) -> DossierLine {
    let mut codes: Vec<(String, usize)> = Vec::new();
    for (_, code) in &r.severities {
        match codes.iter_mut().find(|(c, _)| c == code) {
            Some(slot) => slot.1 += 1,
            None => codes.push((code.clone(), 1)),
        }
    }
    codes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    DossierLine {
        id: r.id.clone(),
        form: r.form,
        errors: r.severities.iter().filter(|(s, _)| s == model::Severity::Error.as_str()).count(),
        warnings: r.severities.iter().filter(|(s, _)| s == model::Severity::Warning.as_str()).count(),
        codes,
    }
}

/// A dossier's outputs, serialised exactly as the run folder holds them.
pub(crate) fn render(r: &DossierResult, template_id: &str) -> Rendered {
    let json = serde_json::to_string_pretty(&wire::dossier_json(r, template_id)).expect("JSON values serialise");
    let mut text_jsonl = String::new();
    for f in &r.files {
        if let Some(text) = &f.text {
            text_jsonl.push_str(&serde_json::json!({ "path": f.path, "text": text }).to_string());
            text_jsonl.push('\n');
        }
    }
    Rendered {
        id: r.id.clone(),
        dossier_json: json,
        text_jsonl,
        inventory: r.files.iter().map(|f| wire::inventory_line(Some(&r.id), f).to_string()).collect(),
        findings: r.findings.iter().map(|f| wire::finding_line(f).to_string()).collect(),
        files_failed: r.files.iter().filter(|f| f.status == FileStatus::Failed).count(),
        form: r.form_file.is_some(),
        severities: r.findings.iter().map(|f| (f.severity.as_str().to_string(), f.code.as_str().to_string())).collect(),
        print: serde_json::to_string(&r.print).expect("fingerprints serialise"),
    }
}

fn loose_record(path: &Path) -> FileRecord {
    let name = path.file_name().map(crate::input::os_name).unwrap_or_default();
    // A link at the batch root is not followed (it may point anywhere on the machine).
    let link = fs::symlink_metadata(path).map_or(true, |m| !m.is_file());
    let bytes = if link { Vec::new() } else { fs::read(path).unwrap_or_default() };
    let is_roster = !link && crate::roster::is_roster(&name);
    FileRecord {
        sha256: {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&bytes))
        },
        bytes: bytes.len() as u64,
        format: read::sniff::sniff(&bytes, &name),
        status: FileStatus::Skipped,
        error: Some(if link {
            "符号链接或特殊文件，出于安全考虑不跟随 / a symbolic link or special file, not followed".to_string()
        } else if is_roster {
            "平台报名表：本版本暂不核对 / roster is not compared by this version".to_string()
        } else {
            "不在任何项目文件夹中 / not inside a dossier folder or zip".to_string()
        }),
        role: if is_roster { "roster" } else { "loose" },
        doc_class: "other",
        evidence: evidence::Evidence::default(),
        needs_ocr: false,
        ocr: false,
        text: None,
        path: name,
    }
}

/// `dossiers/<id>.json`, and `text/<id>.jsonl`: one `{"path", "text"}` line per file whose
/// text could be read, for the search index (which is built from the run folder alone).
fn write_rendered(dossier_dir: &Path, text_dir: &Path, r: &Rendered) -> Result<(), RunError> {
    let name = safe_file_name(&r.id);
    write_atomically(&dossier_dir.join(format!("{name}.json")), r.dossier_json.as_bytes())?;
    write_atomically(&text_dir.join(format!("{name}.jsonl")), r.text_jsonl.as_bytes())
}

/// A dossier id made safe as a file name (ids come from folder and zip names).
fn safe_file_name(id: &str) -> String {
    id.chars()
        .map(
            |c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            },
        )
        .collect()
}

/// `clusters.json`, serialised a cluster at a time as they are read back (the same bytes as
/// the whole file pretty-printed at once), to a temporary name then renamed.
fn write_clusters(path: &Path, crossed: &cross::CrossRecords) -> Result<(), RunError> {
    /// The clusters as a sequence serde pulls from the records one by one.
    struct Lazy<'a>(&'a cross::CrossRecords);
    impl serde::Serialize for Lazy<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{Error, SerializeSeq};
            let mut seq = s.serialize_seq(Some(self.0.cluster_count()))?;
            for c in self.0.clusters() {
                seq.serialize_element(&c.map_err(S::Error::custom)?)?;
            }
            seq.end()
        }
    }
    #[derive(serde::Serialize)]
    struct ClustersFile<'a> {
        schema_version: u32,
        clusters: Lazy<'a>,
    }
    let tmp = tmp_name(path);
    let written = File::create(&tmp).and_then(|f| {
        let mut w = BufWriter::new(f);
        serde_json::to_writer_pretty(&mut w, &ClustersFile { schema_version: 1, clusters: Lazy(crossed) })
            .map_err(std::io::Error::from)?;
        w.flush()
    });
    written.and_then(|_| fs::rename(&tmp, path)).map_err(|source| RunError::Output { path: path.to_path_buf(), source })
}

/// Writes next to the target and renames, so a file that exists is always complete.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let tmp = tmp_name(path);
    fs::write(&tmp, bytes)
        .and_then(|_| fs::rename(&tmp, path))
        .map_err(|source| RunError::Output { path: path.to_path_buf(), source })
}

fn tmp_name(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".tmp");
    PathBuf::from(s)
}

/// A JSON-lines file written to a temporary name and renamed when complete.
struct Sink {
    path: PathBuf,
    tmp: PathBuf,
    w: BufWriter<File>,
}

impl Sink {
    fn create(path: &Path) -> Result<Sink, RunError> {
        let tmp = tmp_name(path);
        let f = File::create(&tmp).map_err(|source| RunError::Output { path: tmp.clone(), source })?;
        Ok(Sink { path: path.to_path_buf(), tmp, w: BufWriter::new(f) })
    }

    fn line(&mut self, v: &serde_json::Value) -> Result<(), RunError> {
        serde_json::to_writer(&mut self.w, v)
            .map_err(std::io::Error::from)
            .and_then(|_| self.w.write_all(b"\n"))
            .map_err(|source| RunError::Output { path: self.tmp.clone(), source })
    }

    /// A line already serialised.
    fn raw(&mut self, line: &str) -> Result<(), RunError> {
        self.w
            .write_all(line.as_bytes())
            .and_then(|_| self.w.write_all(b"\n"))
            .map_err(|source| RunError::Output { path: self.tmp.clone(), source })
    }

    fn finish(mut self) -> Result<(), RunError> {
        self.w.flush().map_err(|source| RunError::Output { path: self.tmp.clone(), source })?;
        fs::rename(&self.tmp, &self.path).map_err(|source| RunError::Output { path: self.path.clone(), source })
    }
}
