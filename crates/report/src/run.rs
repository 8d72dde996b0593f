//! Reading a run folder (PRODUCT.md "Output") back: dossiers, findings, inventory, clusters.
//!
//! Everything is read as JSON values and kept close to the wire: this crate only shows what the
//! run wrote. A missing `clusters.json` means no clusters were found.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::Error;

/// One dossier: its id and its `dossiers/<id>.json`.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// The dossier id (folder or zip stem).
    pub id: String,
    /// The whole `dossiers/<id>.json`.
    pub json: Value,
}

impl Dossier {
    /// A field by canonical key (`fields.<key>`), absent or null → `None`.
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.json.get("fields")?.get(key).filter(|v| !v.is_null())
    }

    /// A text field (numbers rendered), trimmed; blank → `None`.
    pub fn text(&self, key: &str) -> Option<String> {
        self.field(key).map(value_text).filter(|s| !s.is_empty())
    }

    /// The team name (`team.name`, else the cover's).
    pub fn team(&self) -> Option<String> {
        self.text("team.name").or_else(|| self.text("cover.team_name"))
    }

    /// The project name (`project.name`, else the cover's).
    pub fn project(&self) -> Option<String> {
        self.text("project.name").or_else(|| self.text("cover.project_name"))
    }

    /// The participating units' names in form order.
    pub fn unit_names(&self) -> Vec<String> {
        let mut out: Vec<String> = records(self.field("units"))
            .iter()
            .filter_map(|u| u.get("name").map(value_text))
            .filter(|s| !s.is_empty())
            .collect();
        if out.is_empty() {
            out.extend(self.text("cover.unit_name"));
        }
        out
    }

    /// The attachments array (`attachments[]`).
    pub fn attachments(&self) -> &[Value] {
        self.json.get("attachments").and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// The form file's path, when a form was recognised.
    pub fn form_file(&self) -> Option<&str> {
        self.json.get("form_file").and_then(Value::as_str)
    }
}

/// One line of `findings.jsonl`.
#[derive(Debug, Clone)]
pub struct FindingRow {
    /// The dossier it is about.
    pub dossier_id: String,
    /// The finding code (may be one this build does not know).
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// Canonical field key, when the problem is in the form.
    pub field: Option<String>,
    /// File path, when the problem is in a file.
    pub file: Option<String>,
    /// The Chinese message.
    pub message_zh: String,
    /// The English message.
    pub message_en: String,
    /// Text the finding quotes.
    pub excerpt: Option<String>,
    /// Other dossiers (and files) a cross-dossier finding names.
    pub related: Vec<(String, Option<String>)>,
}

impl FindingRow {
    /// The severity in Chinese: 错误 / 警告 / 提示.
    pub fn severity_zh(&self) -> &'static str {
        severity_zh(&self.severity)
    }

    /// The code's Chinese name (the code itself when this build does not know it).
    pub fn code_zh(&self) -> String {
        code_zh(&self.code)
    }
}

/// The severity in Chinese: 错误 / 警告 / 提示.
pub fn severity_zh(s: &str) -> &'static str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        _ => "其他",
    }
}

/// A finding code's Chinese name, or the code itself when this build does not know it.
pub fn code_zh(code: &str) -> String {
    code.parse::<model::FindingCode>().map_or_else(|_| code.to_string(), |c| c.title_zh().to_string())
}

/// One member of a cluster in `clusters.json`.
#[derive(Debug, Clone)]
pub struct ClusterMember {
    /// The dossier.
    pub dossier_id: String,
    /// The file, when the shared material is a file.
    pub file: Option<String>,
    /// The field, when it is form text.
    pub field: Option<String>,
    /// The shared passage or a description.
    pub excerpt: Option<String>,
}

/// One cluster of shared or borrowed material (`clusters.json`).
#[derive(Debug, Clone)]
pub struct Cluster {
    /// `C0001` …
    pub id: String,
    /// The finding code it stands for.
    pub code: String,
    /// What is shared, in Chinese.
    pub summary_zh: String,
    /// What is shared, in English.
    pub summary_en: String,
    /// Similarity in 0–1 (or as the cross step wrote it), when it has one.
    pub similarity: Option<f64>,
    /// The dossiers (and places) in the cluster.
    pub members: Vec<ClusterMember>,
}

/// A run folder read back.
#[derive(Debug, Clone, Default)]
pub struct RunData {
    /// The run folder.
    pub out: PathBuf,
    /// Dossiers sorted by id — empty when read with [`RunData::load_for_report`], which reads
    /// them again one at a time ([`RunData::for_each_dossier`]).
    pub dossiers: Vec<Dossier>,
    /// Findings in file order — empty when read with [`RunData::load_for_report`], which
    /// reads them again from the file each time they are needed ([`RunData::for_each_finding`]).
    pub findings: Vec<FindingRow>,
    /// Inventory lines in file order (not read by [`RunData::load_for_report`]).
    pub inventory: Vec<Value>,
    /// Clusters (empty when `clusters.json` is absent).
    pub clusters: Vec<Cluster>,
    /// The template id the dossiers were read with (from the first dossier).
    pub template_id: Option<String>,
    /// Indices into `findings` per dossier id, for [`RunData::findings_of`] (the web pages; a scan
    /// of all findings per dossier is quadratic). Empty when findings are not held.
    by_dossier: std::collections::HashMap<String, Vec<usize>>,
    /// Per dossier id: its findings counted by severity, and its codes.
    stats: std::collections::HashMap<String, DossierStats>,
    /// How many findings the run has.
    findings_total: usize,
    /// `findings.jsonl`, when the findings are not held but streamed from it.
    findings_file: Option<PathBuf>,
    /// The dossiers' files by id, when the dossiers are not held but read again one at a time
    /// ([`RunData::for_each_dossier`]).
    dossier_files: Vec<(String, PathBuf)>,
}

/// What the summary shows of one dossier's findings.
#[derive(Debug, Clone, Default)]
struct DossierStats {
    counts: (usize, usize, usize),
    codes: std::collections::BTreeSet<String>,
}

impl DossierStats {
    fn add(&mut self, f: &FindingRow) {
        match f.severity.as_str() {
            "error" => self.counts.0 += 1,
            "warning" => self.counts.1 += 1,
            _ => self.counts.2 += 1,
        }
        if !self.codes.contains(&f.code) {
            self.codes.insert(f.code.clone());
        }
    }
}

/// The form fields the report's sheets read (`tables.rs`); [`RunData::load_for_report`] keeps
/// only these. A sheet that reads another field adds it here.
pub const REPORT_FIELDS: &[&str] = &[
    "project.track",
    "project.name",
    "cover.project_name",
    "cover.unit_name",
    "cover.team_name",
    "team.name",
    "units",
    "application.market_revenue",
    "data.sources",
    "data.sources_public",
    "data.sources_enterprise",
    "data.sources_personal",
    "ip.patents",
    "ip.software_copyrights",
];

impl RunData {
    /// Reads `out/`: `dossiers/*.json` (required), `findings.jsonl`, `inventory.jsonl`,
    /// `clusters.json` (each optional). A malformed line is an error naming the file.
    pub fn load(out: &Path) -> Result<RunData, Error> {
        RunData::load_keeping(out, None)
    }

    /// [`RunData::load`] keeping of the dossiers only their ids and files, and of the findings
    /// only their counts per dossier: the dossiers are read again one at a time, keeping the form
    /// fields in [`REPORT_FIELDS`] and of each attachment where claimed IP numbers were found
    /// ([`RunData::for_each_dossier`]), and the findings a row at a time from `findings.jsonl`
    /// ([`RunData::for_each_finding`]), when the sheets are made. At 5,000 bench dossiers the
    /// findings held as rows took 615 MB, the dossiers' report fields about 200 MB.
    /// tests/report_reading.rs checks the sheets are the same as from a full load.
    pub fn load_for_report(out: &Path) -> Result<RunData, Error> {
        RunData::load_keeping(out, Some(REPORT_FIELDS))
    }

    fn load_keeping(out: &Path, only: Option<&[&str]>) -> Result<RunData, Error> {
        let dir = out.join("dossiers");
        let entries = fs::read_dir(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
        let mut files = Vec::new();
        for e in entries {
            let e = e.map_err(|source| Error::Io { path: dir.clone(), source })?;
            let p = e.path();
            if p.extension().and_then(|x| x.to_str()) == Some("json") {
                files.push(p);
            }
        }
        let mut dossiers = Vec::new();
        let mut dossier_files = Vec::new();
        let mut template_id = None;
        if only.is_some() {
            // Lean: of each dossier only its id (and the first one's template) now; the dossiers
            // are read again one at a time when the sheets are made.
            for p in files {
                let head: Head = read_typed(&p)?;
                template_id = template_id.or(head.template);
                let id = head.dossier_id.or_else(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()));
                dossier_files.push((id.unwrap_or_default(), p));
            }
            dossier_files.sort();
        } else {
            for p in files {
                dossiers.push(read_dossier(&p, None)?);
            }
            dossiers.sort_by(|a, b| a.id.cmp(&b.id));
            template_id = dossiers.iter().find_map(|d| d.json.get("template")?.as_str().map(str::to_string));
        }
        let cpath = out.join("clusters.json");
        let clusters = if cpath.is_file() { read_clusters(&cpath)? } else { Vec::new() };
        let fpath = out.join("findings.jsonl");
        let mut run =
            RunData { out: out.to_path_buf(), dossiers, clusters, template_id, dossier_files, ..RunData::default() };
        if only.is_some() {
            // Lean: count now, list later from the file.
            let mut stats = std::mem::take(&mut run.stats);
            let mut total = 0;
            each_jsonl(&fpath, |v| {
                let f = finding_row(&v);
                stats.entry(f.dossier_id.clone()).or_default().add(&f);
                total += 1;
                Ok::<(), Error>(())
            })?;
            run.stats = stats;
            run.findings_total = total;
            run.findings_file = Some(fpath);
        } else {
            let findings = read_jsonl_as(&fpath, |v| finding_row(&v))?;
            for (i, f) in findings.iter().enumerate() {
                run.by_dossier.entry(f.dossier_id.clone()).or_default().push(i);
                run.stats.entry(f.dossier_id.clone()).or_default().add(f);
            }
            run.findings_total = findings.len();
            run.findings = findings;
            run.inventory = read_jsonl(&out.join("inventory.jsonl"))?;
        }
        Ok(run)
    }

    /// Calls `f` with every dossier in id order: the held ones, or — after
    /// [`RunData::load_for_report`] — each read again from its file, keeping only what the report
    /// shows ([`REPORT_FIELDS`]), one in memory at a time.
    pub fn for_each_dossier<E: From<Error>>(&self, mut f: impl FnMut(&Dossier) -> Result<(), E>) -> Result<(), E> {
        if self.dossier_files.is_empty() {
            return self.dossiers.iter().try_for_each(f);
        }
        for (id, p) in &self.dossier_files {
            let mut d = read_dossier(p, Some(REPORT_FIELDS))?;
            d.id.clone_from(id);
            f(&d)?;
        }
        Ok(())
    }

    /// How many dossiers the run has (held or not).
    pub fn dossier_count(&self) -> usize {
        self.dossiers.len().max(self.dossier_files.len())
    }

    /// How many findings the run has (held or not).
    pub fn findings_count(&self) -> usize {
        self.findings_total
    }

    /// Calls `f` with every finding in file order: the held ones, or — after
    /// [`RunData::load_for_report`] — each line of `findings.jsonl` read again, one at a time.
    pub fn for_each_finding<E: From<Error>>(&self, mut f: impl FnMut(&FindingRow) -> Result<(), E>) -> Result<(), E> {
        match &self.findings_file {
            None => self.findings.iter().try_for_each(f),
            Some(p) => each_jsonl(p, |v| f(&finding_row(&v))),
        }
    }

    /// A dossier by id.
    pub fn dossier(&self, id: &str) -> Option<&Dossier> {
        self.dossiers.binary_search_by(|d| d.id.as_str().cmp(id)).ok().map(|i| &self.dossiers[i])
    }

    /// The findings of one dossier.
    pub fn findings_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a FindingRow> + 'a {
        self.by_dossier.get(id).into_iter().flatten().map(|&i| &self.findings[i])
    }

    /// (errors, warnings, info) of one dossier.
    pub fn counts(&self, id: &str) -> (usize, usize, usize) {
        self.stats.get(id).map_or((0, 0, 0), |s| s.counts)
    }

    /// The distinct finding codes of one dossier, sorted.
    pub fn codes_of(&self, id: &str) -> Vec<&str> {
        self.stats.get(id).map_or_else(Vec::new, |s| s.codes.iter().map(String::as_str).collect())
    }
}

/// A dossier's id and template, the rest of its file skipped as it is parsed.
#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    dossier_id: Option<String>,
    #[serde(default)]
    template: Option<String>,
}

fn read_json(p: &Path) -> Result<Value, Error> {
    let text = fs::read_to_string(p).map_err(|source| Error::Io { path: p.to_path_buf(), source })?;
    serde_json::from_str(&text).map_err(|e| Error::Format { path: p.to_path_buf(), message: e.to_string() })
}

/// A JSON file parsed as it is read into `T`, whose unnamed fields are skipped, never held (the
/// file itself is not held either: `clusters.json` is 35 MB at 5,000 bench dossiers).
fn read_typed<T: serde::de::DeserializeOwned>(p: &Path) -> Result<T, Error> {
    let f = fs::File::open(p).map_err(|source| Error::Io { path: p.to_path_buf(), source })?;
    serde_json::from_reader(std::io::BufReader::new(f))
        .map_err(|e| Error::Format { path: p.to_path_buf(), message: e.to_string() })
}

/// `dossiers/<id>.json`; with `only`, of its fields those listed and of each attachment where
/// claimed IP numbers were found.
fn read_dossier(p: &Path, only: Option<&[&str]>) -> Result<Dossier, Error> {
    let mut json = read_json(p)?;
    if let Some(only) = only {
        if let Some(Value::Object(fields)) = json.get_mut("fields") {
            fields.retain(|k, _| only.contains(&k.as_str()));
        }
        // Of an attachment, the report shows where claimed IP numbers were found.
        if let Some(Value::Array(atts)) = json.get_mut("attachments") {
            for a in atts.iter_mut() {
                if let Value::Object(m) = a {
                    m.retain(|k, _| matches!(k.as_str(), "path" | "ip_numbers" | "holders"));
                }
            }
        }
    }
    let id = json
        .get("dossier_id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    Ok(Dossier { id, json })
}

fn read_jsonl(p: &Path) -> Result<Vec<Value>, Error> {
    read_jsonl_as(p, |v| v)
}

/// The lines of a JSON-lines file, each made into a `T` as it is read (a run's findings are
/// tens of megabytes: never all held as JSON values at once).
fn read_jsonl_as<T>(p: &Path, mut f: impl FnMut(Value) -> T) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    each_jsonl(p, |v| {
        out.push(f(v));
        Ok::<(), Error>(())
    })?;
    Ok(out)
}

/// Calls `f` with each line of a JSON-lines file as a value, one line in memory at a time; a
/// missing file has no lines.
fn each_jsonl<E: From<Error>>(p: &Path, mut f: impl FnMut(Value) -> Result<(), E>) -> Result<(), E> {
    use std::io::BufRead;
    if !p.is_file() {
        return Ok(());
    }
    let file = fs::File::open(p).map_err(|source| Error::Io { path: p.to_path_buf(), source })?;
    let mut reader = std::io::BufReader::new(file);
    let mut line = String::new();
    for i in 1.. {
        line.clear();
        if reader.read_line(&mut line).map_err(|source| Error::Io { path: p.to_path_buf(), source })? == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(&line)
            .map_err(|e| Error::Format { path: p.to_path_buf(), message: format!("line {i}: {e}") })?;
        f(v)?;
    }
    Ok(())
}

fn opt_str(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn finding_row(v: &Value) -> FindingRow {
    let related = v
        .get("related")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|r| Some((r.get("dossier_id")?.as_str()?.to_string(), opt_str(r, "file")))).collect()
        })
        .unwrap_or_default();
    FindingRow {
        dossier_id: opt_str(v, "dossier_id").unwrap_or_default(),
        code: opt_str(v, "code").unwrap_or_default(),
        severity: opt_str(v, "severity").unwrap_or_default(),
        field: opt_str(v, "field"),
        file: opt_str(v, "file"),
        message_zh: opt_str(v, "message_zh").unwrap_or_default(),
        message_en: opt_str(v, "message_en").unwrap_or_default(),
        excerpt: opt_str(v, "excerpt"),
        related,
    }
}

/// `clusters.json` read straight into [`Cluster`]s, a field at a time: each cluster's
/// `evidence` (every pair of a text cluster; most of the file) is skipped as it is parsed, never
/// built. Read as one JSON value the file took 400 MB at 5,000 bench dossiers (35 MB of JSON).
fn read_clusters(p: &Path) -> Result<Vec<Cluster>, Error> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        clusters: Vec<In>,
    }
    #[derive(serde::Deserialize)]
    struct In {
        #[serde(default)]
        id: Option<String>,
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        summary_zh: Option<String>,
        #[serde(default)]
        summary_en: Option<String>,
        #[serde(default)]
        similarity: Option<f64>,
        #[serde(default)]
        members: Vec<MemberIn>,
    }
    #[derive(serde::Deserialize)]
    struct MemberIn {
        #[serde(default)]
        dossier_id: Option<String>,
        #[serde(default)]
        file: Option<String>,
        #[serde(default)]
        field: Option<String>,
        #[serde(default)]
        excerpt: Option<String>,
    }
    let file: File = read_typed(p)?;
    Ok(file
        .clusters
        .into_iter()
        .map(|c| Cluster {
            id: c.id.unwrap_or_default(),
            code: c.code.unwrap_or_default(),
            summary_zh: c.summary_zh.unwrap_or_default(),
            summary_en: c.summary_en.unwrap_or_default(),
            similarity: c.similarity,
            members: c
                .members
                .into_iter()
                .map(|m| ClusterMember {
                    dossier_id: m.dossier_id.unwrap_or_default(),
                    file: m.file,
                    field: m.field,
                    excerpt: m.excerpt,
                })
                .collect(),
        })
        .collect())
}

/// A JSON value as people read it: strings as they are, numbers without a trailing `.0`,
/// lists joined with `、`, booleans as 是 / 否, objects as `key: value` pairs.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
        Value::Array(a) => a.iter().map(value_text).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("、"),
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k}: {}", value_text(v))).collect::<Vec<_>>().join("；"),
    }
}

/// The records of a table field (array of objects); anything else → empty.
pub fn records(v: Option<&Value>) -> Vec<&serde_json::Map<String, Value>> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_object).collect()).unwrap_or_default()
}
