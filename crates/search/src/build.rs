//! Builds `OUT/index/` from the run folder alone: `dossiers/<id>.json` (form fields and
//! attachment entities), `text/<id>.jsonl` (attachment texts) and `findings.jsonl` (codes),
//! one dossier at a time on each of up to four threads, each taking a contiguous part of the
//! sorted dossiers into its own segments.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;
use tantivy::indexer::{AddOperation, SegmentWriter};
use tantivy::{Index, IndexWriter, Segment, TantivyDocument};

use crate::error::{Error, Result};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::{norm, tokenizer, IndexStats};

/// Form keys (top level, or `top.sub` inside records) whose values are company names.
const COMPANY_KEYS: &[&str] = &[
    "cover.unit_name",
    "units.name",
    "units.parent_company",
    "team.members.unit",
    "application.cases.unit_name",
    "contracts.party_a",
    "contracts.party_b",
];

/// Keys never indexed (personal identifiers; masked text would be noise).
const PRIVATE_KEYS: &[&str] = &["id_number", "phone", "contact_phone", "id_type"];

/// Memory of all segments being written at once; each of the indexing threads gets an equal
/// share (at least [`MIN_BUDGET`]), and its segment is written out when it passes that share (less
/// [`MARGIN`]) and a new one begun.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;
/// Tantivy's minimum memory for a segment writer.
const MIN_BUDGET: usize = 15 * 1024 * 1024;
/// Room left under the budget for the document that passes it (tantivy's own margin).
const MARGIN: usize = 1024 * 1024;
/// Indexing threads at most: past four, the 64 MB budget would be cut below tantivy's minimum
/// and segments would multiply.
const MAX_THREADS: usize = 4;

/// Documents indexed on one thread, into one segment at a time, each written out when its memory
/// passes the thread's budget and handed to the index writer, which only commits. This is what
/// tantivy's `IndexWriter` does on its own indexing threads, less the queue in front of them: up
/// to 10,000 documents waiting to be indexed (tokenising is the slow part), which at 5,000 bench
/// dossiers held tens of megabytes more than the budget.
struct Segments<'w> {
    writer: &'w IndexWriter,
    budget: usize,
    current: Option<(Segment, SegmentWriter)>,
    opstamp: u64,
}

impl<'w> Segments<'w> {
    fn new(writer: &'w IndexWriter, budget: usize) -> Segments<'w> {
        Segments { writer, budget, current: None, opstamp: 0 }
    }

    fn add(&mut self, document: TantivyDocument) -> Result<()> {
        if self.current.is_none() {
            let segment = self.writer.new_segment();
            let sw = SegmentWriter::for_segment(self.budget, segment.clone())?;
            self.current = Some((segment, sw));
        }
        let (_, sw) = self.current.as_mut().expect("a segment is open");
        sw.add_document(AddOperation { opstamp: self.opstamp, document })?;
        self.opstamp += 1;
        if sw.mem_usage() >= self.budget - MARGIN {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out the open segment, if any, and hands it to the writer.
    fn flush(&mut self) -> Result<()> {
        if let Some((segment, sw)) = self.current.take() {
            let max_doc = sw.max_doc();
            sw.finalize()?;
            let segment = segment.with_max_doc(max_doc);
            let meta = segment.meta().clone();
            meta.untrack_temp_docstore();
            self.writer.add_segment(meta)?;
        }
        Ok(())
    }
}

/// An index writer that takes finished segments and commits them: its own indexing thread gets
/// no document.
fn segment_taker(index: &Index) -> Result<IndexWriter> {
    let writer = index.writer_with_num_threads(1, MIN_BUDGET)?;
    // No merging: a merge maps whole segments into memory, so the run's peak grew with the
    // batch (229 MB at 1,000 bench dossiers); a segment per filled budget is a few segments
    // per thousand dossiers, which search reads as one.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    Ok(writer)
}

fn commit(mut writer: IndexWriter) -> Result<()> {
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&serde_json::json!({ "schema_version": SCHEMA_VERSION }).to_string());
    commit.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// Where a finding is located: its code, field and file.
struct Located {
    code: String,
    field: Option<String>,
    file: Option<String>,
}

/// One tantivy document in the making.
#[derive(Default)]
struct Doc {
    kind: &'static str,
    location: String,
    body: String,
    patents: BTreeSet<String>,
    copyrights: BTreeSet<String>,
    credits: BTreeSet<String>,
    companies: BTreeSet<String>,
    codes: BTreeSet<String>,
}

impl Doc {
    fn new(kind: &'static str, location: &str) -> Doc {
        Doc { kind, location: location.to_string(), ..Doc::default() }
    }

    fn company(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.companies.insert(name.to_string());
        }
    }

    /// Identifiers found in the body text.
    fn scan_body(&mut self) {
        let found = norm::find_in(&self.body);
        self.patents.extend(found.patents);
        self.copyrights.extend(found.copyrights);
        self.credits.extend(found.credits);
    }
}

/// The index folder of a run folder.
pub fn index_dir(out: &Path) -> PathBuf {
    out.join("index")
}

pub(crate) fn build_index(out: &Path) -> Result<IndexStats> {
    let started = Instant::now();
    let dossiers_dir = out.join("dossiers");
    if !dossiers_dir.is_dir() {
        return Err(Error::NotARunFolder { path: out.to_path_buf() });
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&dossiers_dir)
        .map_err(Error::io(&dossiers_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let findings = FindingLines::open(&out.join("findings.jsonl"))?;

    let final_dir = index_dir(out);
    let tmp_dir = out.join("index.tmp");
    if tmp_dir.exists() {
        fs::remove_dir_all(&tmp_dir).map_err(Error::io(&tmp_dir))?;
    }
    fs::create_dir_all(&tmp_dir).map_err(Error::io(&tmp_dir))?;
    let (schema, f) = schema::schema();
    let index = Index::create_in_dir(&tmp_dir, schema)?;
    index.tokenizers().register(tokenizer::NAME, tokenizer::WordTokenizer);
    let writer = segment_taker(&index)?;

    // Contiguous parts of the sorted files, one per thread; each document's `ord` is its dossier's
    // place in that order and its own place in the dossier, so ties in search keep build order
    // whatever the number of threads (the search tie-break, `Searcher::search`).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_THREADS);
    let budget = (WRITER_BUDGET / threads).max(MIN_BUDGET);
    let part = files.len().div_ceil(threads).max(1);
    let parts: Vec<Result<IndexStats>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(part)
            .enumerate()
            .map(|(i, chunk)| {
                let (writer, findings, f) = (&writer, &findings, &f);
                scope.spawn(move || index_part(out, chunk, i * part, findings, f, Segments::new(writer, budget)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut stats = IndexStats::default();
    for p in parts {
        let p = p?;
        stats.dossiers += p.dossiers;
        stats.form_items += p.form_items;
        stats.attachments += p.attachments;
        stats.documents += p.documents;
    }
    commit(writer)?;
    drop(index);
    if final_dir.exists() {
        fs::remove_dir_all(&final_dir).map_err(Error::io(&final_dir))?;
    }
    fs::rename(&tmp_dir, &final_dir).map_err(Error::io(&final_dir))?;
    stats.seconds = started.elapsed().as_secs_f64();
    Ok(stats)
}

/// Indexes `files` (dossier JSONs; `first` is the place of the first in the sorted list) into
/// segments handed to the writer.
fn index_part(
    out: &Path,
    files: &[PathBuf],
    first: usize,
    findings: &FindingLines,
    f: &Fields,
    mut segments: Segments<'_>,
) -> Result<IndexStats> {
    let mut stats = IndexStats::default();
    let mut lines = findings.reader()?;
    for (n, path) in files.iter().enumerate() {
        let text = fs::read_to_string(path).map_err(Error::io(path))?;
        let v: Value =
            serde_json::from_str(&text).map_err(|e| Error::Malformed { path: path.clone(), reason: e.to_string() })?;
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let texts = read_texts(&out.join("text").join(format!("{stem}.jsonl")))?;
        let id = v["dossier_id"].as_str().unwrap_or(&stem).to_string();
        let located = findings.of(lines.as_mut(), &id)?;
        let (docs, team, track) = dossier_docs(&v, texts, &located);
        stats.dossiers += 1;
        for (k, d) in docs.iter().enumerate() {
            match d.kind {
                "form" => stats.form_items += 1,
                "attachment" => stats.attachments += 1,
                _ => {}
            }
            let ord = (((first + n) as u64) << ORD_SHIFT) | k as u64;
            segments.add(to_tantivy(f, &id, team.as_deref(), &track, d, ord))?;
            stats.documents += 1;
        }
    }
    segments.flush()?;
    Ok(stats)
}

/// Bits of `ord` for a document's place within its dossier (the rest: the dossier's place).
const ORD_SHIFT: u32 = 24;

fn to_tantivy(f: &Fields, id: &str, team: Option<&str>, track: &str, d: &Doc, ord: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.dossier_id, id);
    if let Some(t) = team {
        doc.add_text(f.team, t);
    }
    doc.add_text(f.kind, d.kind);
    doc.add_text(f.location, &d.location);
    doc.add_text(f.body, &d.body);
    doc.add_text(f.track, track);
    for p in &d.patents {
        if let Some(k) = norm::patent(p) {
            doc.add_text(f.patent, k);
        }
    }
    for c in &d.copyrights {
        if let Some(k) = norm::copyright(c) {
            doc.add_text(f.copyright, k);
        }
    }
    for c in &d.credits {
        if let Some(k) = norm::credit(c) {
            doc.add_text(f.credit, k);
        }
    }
    for c in &d.companies {
        if let Some(k) = norm::company(c) {
            doc.add_text(f.company, k);
        }
        doc.add_text(f.company_words, c);
    }
    for c in &d.codes {
        doc.add_text(f.code, c);
    }
    doc.add_u64(f.ord, ord);
    doc
}

/// The documents of one dossier: the overview, one per form item (top-level key), one per
/// attachment. Also returns the team name and the track text.
fn dossier_docs(v: &Value, texts: Vec<(String, String)>, located: &[Located]) -> (Vec<Doc>, Option<String>, String) {
    let id = v["dossier_id"].as_str().unwrap_or_default();
    let fields = v["fields"].as_object();
    let get = |k: &str| fields.and_then(|m| m.get(k)).map(|v| value_text(k, v)).filter(|s| !s.trim().is_empty());
    let team = get("team.name").or_else(|| get("cover.team_name"));
    let project = get("project.name").or_else(|| get("cover.project_name"));
    let track = get("project.track").unwrap_or_default();
    let form_file = v["form_file"].as_str();

    let mut overview = Doc::new("dossier", "");
    overview.body = [Some(id.to_string()), project, team.clone(), Some(track.clone())]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let mut docs = Vec::new();

    if let Some(m) = fields {
        for (key, value) in m {
            let body = conventions::mask::mask_all(&value_text(key, value));
            if body.trim().is_empty() {
                continue;
            }
            let mut d = Doc::new("form", key);
            d.body = body;
            collect_form_ids(key, value, &mut d);
            d.scan_body();
            docs.push(d);
        }
    }

    let mut texts: HashMap<String, String> = texts.into_iter().collect();
    if let Some(atts) = v["attachments"].as_array() {
        for a in atts {
            let path = a["path"].as_str().unwrap_or_default();
            let mut d = Doc::new("attachment", path);
            let text = conventions::mask::mask_all(&texts.remove(path).unwrap_or_default());
            d.body = if text.is_empty() { path.to_string() } else { format!("{path}\n{text}") };
            for n in strings(&a["ip_numbers"]) {
                if norm::patent(n).is_some() && conventions::ids::patent_number(n).is_ok() {
                    d.patents.insert(n.to_string());
                } else {
                    d.copyrights.insert(n.to_string());
                }
            }
            d.credits.extend(strings(&a["credit_codes"]).map(str::to_string));
            for n in strings(&a["entities"]).chain(strings(&a["holders"])) {
                d.company(n);
            }
            if let Some(ps) = a["parties"].as_array() {
                for p in ps {
                    if let Some(n) = p["name"].as_str() {
                        d.company(n);
                    }
                }
            }
            d.scan_body();
            docs.push(d);
        }
    }

    // Finding codes go where the finding points; the rest to the overview.
    for l in located {
        let by_field = l.field.as_deref().and_then(|k| {
            let top = k.split('[').next().unwrap_or(k);
            docs.iter_mut()
                .position(|d| d.kind == "form" && (d.location == top || top.starts_with(&format!("{}.", d.location))))
        });
        let by_file = || {
            l.file
                .as_deref()
                .filter(|f| Some(*f) != form_file)
                .and_then(|f| docs.iter().position(|d| d.kind == "attachment" && d.location == f))
        };
        match by_field.or_else(by_file) {
            Some(i) => docs[i].codes.insert(l.code.clone()),
            None => overview.codes.insert(l.code.clone()),
        };
    }
    let mut all = Vec::with_capacity(docs.len() + 1);
    all.push(overview);
    all.extend(docs);
    (all, team, track)
}

fn strings(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str)
}

/// Identifiers and company names the form states in their own items.
fn collect_form_ids(key: &str, value: &Value, d: &mut Doc) {
    let is_company = |k: &str| COMPANY_KEYS.contains(&k);
    match value {
        Value::String(s) if is_company(key) => d.company(s),
        Value::Array(items) => {
            for item in items {
                let Some(obj) = item.as_object() else { continue };
                for (sub, v) in obj {
                    let Some(s) = v.as_str() else { continue };
                    match (key, sub.as_str()) {
                        ("ip.patents", "number") => {
                            d.patents.insert(s.to_string());
                        }
                        ("ip.software_copyrights", "number") => {
                            d.copyrights.insert(s.to_string());
                        }
                        (_, "credit_code") => {
                            d.credits.insert(s.to_string());
                        }
                        _ if is_company(&format!("{key}.{sub}")) => d.company(s),
                        _ => {}
                    }
                }
            }
        }
        _ => {}
    }
}

/// A field value as text: strings, numbers and choices joined by line breaks, records one
/// value a line; personal identifiers left out.
fn value_text(key: &str, v: &Value) -> String {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Null => {}
            Value::Bool(b) => out.push(if *b { "是" } else { "否" }.to_string()),
            Value::Number(n) => out.push(n.to_string()),
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            Value::Object(m) => {
                for (k, v) in m {
                    if !PRIVATE_KEYS.contains(&k.as_str()) {
                        walk(v, out);
                    }
                }
            }
        }
    }
    if PRIVATE_KEYS.contains(&key.rsplit('.').next().unwrap_or(key)) {
        return String::new();
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out.join("\n")
}

/// Where each dossier's lines are in `findings.jsonl`: their byte offsets, read once; the lines
/// themselves are read again a dossier at a time ([`FindingLines::of`]). Holding every finding's
/// code, field and file for the whole build grew with the batch (14 MB at 5,000 bench dossiers).
struct FindingLines {
    path: PathBuf,
    exists: bool,
    offsets: HashMap<String, Vec<u64>>,
}

impl FindingLines {
    fn open(path: &Path) -> Result<FindingLines> {
        let mut offsets: HashMap<String, Vec<u64>> = HashMap::new();
        let Ok(file) = fs::File::open(path) else {
            return Ok(FindingLines { path: path.to_path_buf(), exists: false, offsets });
        };
        let mut r = BufReader::new(&file);
        let (mut at, mut line) = (0u64, String::new());
        loop {
            line.clear();
            let n = r.read_line(&mut line).map_err(Error::io(path))?;
            if n == 0 {
                break;
            }
            if !line.trim().is_empty() {
                let v: Value = serde_json::from_str(&line)
                    .map_err(|e| Error::Malformed { path: path.to_path_buf(), reason: e.to_string() })?;
                if let Some(id) = v["dossier_id"].as_str() {
                    offsets.entry(id.to_string()).or_default().push(at);
                }
            }
            at += n as u64;
        }
        Ok(FindingLines { path: path.to_path_buf(), exists: true, offsets })
    }

    /// A reader of the file for one thread (seeking moves a file's offset: one handle a thread).
    fn reader(&self) -> Result<Option<BufReader<fs::File>>> {
        if !self.exists {
            return Ok(None);
        }
        Ok(Some(BufReader::new(fs::File::open(&self.path).map_err(Error::io(&self.path))?)))
    }

    /// The code, field and file of each finding of dossier `id`.
    fn of(&self, r: Option<&mut BufReader<fs::File>>, id: &str) -> Result<Vec<Located>> {
        let (Some(r), Some(offsets)) = (r, self.offsets.get(id)) else { return Ok(Vec::new()) };
        let mut out = Vec::with_capacity(offsets.len());
        let mut line = String::new();
        for &at in offsets {
            use std::io::Seek;
            r.seek(std::io::SeekFrom::Start(at)).map_err(Error::io(&self.path))?;
            line.clear();
            r.read_line(&mut line).map_err(Error::io(&self.path))?;
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| Error::Malformed { path: self.path.clone(), reason: e.to_string() })?;
            if let Some(code) = v["code"].as_str() {
                out.push(Located {
                    code: code.to_string(),
                    field: v["field"].as_str().map(str::to_string),
                    file: v["file"].as_str().map(str::to_string),
                });
            }
        }
        Ok(out)
    }
}

/// `text/<id>.jsonl`: `{"path", "text"}` a line; absent → no texts.
fn read_texts(path: &Path) -> Result<Vec<(String, String)>> {
    let Ok(file) = fs::File::open(path) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.map_err(Error::io(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .map_err(|e| Error::Malformed { path: path.to_path_buf(), reason: e.to_string() })?;
        if let (Some(p), Some(t)) = (v["path"].as_str(), v["text"].as_str()) {
            out.push((p.to_string(), t.to_string()));
        }
    }
    Ok(out)
}
