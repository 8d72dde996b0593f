//! docx-rs vs. our quick-xml DOCX reader (`read::docx::read`), side by side.
//!
//! Usage:
//!   docxrs-probe PATH...              compare both readers on every .docx/.doc under PATHs
//!   docxrs-probe --bench N PATH...    time N repetitions of each reader over the files
//!   docxrs-probe --one READER FILE    (internal) run one reader on one file, print a record
//!
//! Compare mode runs every reader on every file in a child process of its own (so a hang can be
//! killed and a stack overflow or abort cannot take the whole run down); inside that child the
//! reader runs on a separate thread (8 MiB stack) under `catch_unwind`, and the child waits at
//! most 10 s for it. Outcomes: ok / error (message) / panic (message) / timeout (hang) /
//! crash (the child died).
//!
//! Text similarity: both texts with all whitespace removed and all checkbox glyphs removed
//! (checkboxes are compared separately), capped at the first 20 000 characters each;
//! similarity = 1 − levenshtein(a, b) / max(|a|, |b|) over chars (1.0 when both are empty).
//!
//! Checkboxes: ours = `doc.paragraphs()[..].checkboxes` in reading order. docx-rs = what a
//! caller can recover from its tree, in document order, helped by our own glyph tables
//! (`read::glyphs`): Unicode box glyphs in text (☐ ☑ ☒ …), private-use U+F0xx box codes in
//! text, `w:sym` (font + char, which docx-rs keeps) and `FORMCHECKBOX` fields (docx-rs keeps the
//! field code but not `w:ffData`, so their state is unknown: `?`). docx-rs does not read
//! `w:sdtPr` at all, so a `w14:checkbox` content control is only visible through the glyph its
//! content shows. The two state sequences (`1` checked, `0` unchecked, `?` unknown) are compared
//! by edit distance, `?` never matching.

#![allow(clippy::print_stdout)]

use std::any::Any;
use std::fmt::Write as _;
use std::io::Read as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use docx_rs::{
    DocumentChild, DrawingData, InsertChild, MoveToChild, ParagraphChild, RunChild,
    StructuredDataTagChild, TableCellContent, TableChild, TableRowChild, TextBoxContentChild,
};

const TIMEOUT: Duration = Duration::from_secs(10);
const TEXT_CAP: usize = 20_000;

static PANIC_AT: Mutex<Option<String>> = Mutex::new(None);

/// What one reader produced on one file, as the child reports it.
#[derive(Debug, Default, Clone)]
struct Record {
    /// ok / error / panic / timeout / crash
    outcome: String,
    detail: String,
    ms: f64,
    /// Checkbox states in order: '1' checked, '0' unchecked, '?' unknown.
    states: String,
    /// Free-form checkbox notes (sources, counts).
    notes: String,
    text: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--one") if args.len() == 3 => one(&args[1], Path::new(&args[2])),
        Some("--bench") if args.len() >= 3 => {
            let n: usize = args[1].parse().expect("--bench N");
            bench(n, &collect(&args[2..]));
        }
        Some(_) => compare(&collect(&args)),
        None => {
            eprintln!("usage: docxrs-probe [--bench N] PATH... ");
            std::process::exit(2);
        }
    }
}

fn collect(args: &[String]) -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            for e in entries {
                walk(&e, out);
            }
        } else {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if ext == "docx" || ext == "doc" {
                out.push(p.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    for a in args {
        walk(Path::new(a), &mut out);
    }
    out
}

// ---------------------------------------------------------------- child: one reader, one file

fn panic_message(p: &(dyn Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_string()
    }
}

fn one(reader: &str, path: &Path) {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        *PANIC_AT.lock().unwrap() = Some(at);
    }));
    let bytes = std::fs::read(path).expect("read file");
    let reader = reader.to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let start = Instant::now();
            let r = catch_unwind(AssertUnwindSafe(|| match reader.as_str() {
                "docxrs" => run_docxrs(&bytes),
                "ours" => run_ours(&bytes),
                other => panic!("unknown reader {other}"),
            }));
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let rec = match r {
                Ok(mut rec) => {
                    rec.ms = ms;
                    rec
                }
                Err(p) => {
                    let at = PANIC_AT.lock().unwrap().clone().unwrap_or_default();
                    Record {
                        outcome: "panic".into(),
                        detail: format!("{} (at {at})", panic_message(&*p)),
                        ms,
                        ..Record::default()
                    }
                }
            };
            let _ = tx.send(rec);
        })
        .expect("spawn");
    let rec = match rx.recv_timeout(TIMEOUT) {
        Ok(rec) => rec,
        Err(_) => Record {
            outcome: "timeout".into(),
            detail: format!("no result after {} s (hang)", TIMEOUT.as_secs()),
            ms: TIMEOUT.as_secs_f64() * 1000.0,
            ..Record::default()
        },
    };
    print!("{}", encode(&rec));
    // Exit at once: a hung reader thread dies with the process.
    std::process::exit(0);
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t")
}

fn encode(r: &Record) -> String {
    format!(
        "outcome\t{}\ndetail\t{}\nms\t{}\nstates\t{}\nnotes\t{}\ntext\n{}",
        r.outcome,
        esc(&r.detail),
        r.ms,
        r.states,
        esc(&r.notes),
        r.text
    )
}

fn decode(s: &str) -> Option<Record> {
    let (head, text) = s.split_once("\ntext\n")?;
    let mut r = Record {
        text: text.to_string(),
        ..Record::default()
    };
    for line in head.lines() {
        let (k, v) = line.split_once('\t').unwrap_or((line, ""));
        let v = v.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
        match k {
            "outcome" => r.outcome = v,
            "detail" => r.detail = v,
            "ms" => r.ms = v.parse().unwrap_or(0.0),
            "states" => r.states = v,
            "notes" => r.notes = v,
            _ => {}
        }
    }
    Some(r)
}

fn run_ours(bytes: &[u8]) -> Record {
    match read::docx::read(bytes, &read::Limits::default()) {
        Ok(doc) => {
            let mut states = String::new();
            let (mut g, mut s, mut cc, mut ff) = (0, 0, 0, 0);
            for p in doc.paragraphs() {
                for c in &p.checkboxes {
                    states.push(if c.checked { '1' } else { '0' });
                    match c.source {
                        model::CheckSource::Glyph => g += 1,
                        model::CheckSource::SymbolFont => s += 1,
                        model::CheckSource::ContentControl => cc += 1,
                        model::CheckSource::FormField => ff += 1,
                    }
                }
            }
            Record {
                outcome: "ok".into(),
                states,
                notes: nonzero(&[
                    ("glyph", g),
                    ("symbol font", s),
                    ("content control", cc),
                    ("form field", ff),
                ]),
                text: doc.plain_text(),
                ..Record::default()
            }
        }
        Err(e) => Record {
            outcome: "error".into(),
            detail: e.to_string(),
            ..Record::default()
        },
    }
}

fn nonzero(parts: &[(&str, usize)]) -> String {
    let v: Vec<String> = parts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    v.join(", ")
}

fn run_docxrs(bytes: &[u8]) -> Record {
    match docx_rs::read_docx(bytes) {
        Ok(docx) => {
            let mut w = Walker::default();
            for c in &docx.document.children {
                w.doc_child(c);
            }
            Record {
                outcome: "ok".into(),
                notes: {
                    let mut n = nonzero(&[
                        ("glyph", w.glyphs),
                        ("w:sym box", w.syms_known),
                        ("FORMCHECKBOX", w.form_fields),
                    ]);
                    let mut extra = Vec::new();
                    let other_syms = w.syms - w.syms_known;
                    if other_syms > 0 {
                        extra.push(format!("{other_syms} other w:sym kept as font+code"));
                    }
                    if w.sdts > 0 {
                        extra.push(format!("{} sdt node(s), sdtPr dropped", w.sdts));
                    }
                    if !extra.is_empty() {
                        if !n.is_empty() {
                            n.push_str("; ");
                        }
                        n.push_str(&extra.join("; "));
                    }
                    n
                },
                states: w.states,
                text: w.text,
                ..Record::default()
            }
        }
        Err(e) => Record {
            outcome: "error".into(),
            detail: format!("{e} [{e:?}]"),
            ..Record::default()
        },
    }
}

/// Walks docx-rs's document tree for the visible text and the checkboxes it still exposes.
#[derive(Default)]
struct Walker {
    text: String,
    states: String,
    glyphs: usize,
    syms: usize,
    syms_known: usize,
    form_fields: usize,
    sdts: usize,
    /// Inside a field: collecting its instruction (between begin and separate/end).
    in_instr: bool,
    instr: String,
}

impl Walker {
    fn doc_child(&mut self, c: &DocumentChild) {
        match c {
            DocumentChild::Paragraph(p) => self.paragraph(p),
            DocumentChild::Table(t) => self.table(t),
            DocumentChild::StructuredDataTag(s) => self.sdt(s),
            _ => {}
        }
    }

    fn sdt(&mut self, s: &docx_rs::StructuredDataTag) {
        self.sdts += 1;
        for c in &s.children {
            match c {
                StructuredDataTagChild::Run(r) => self.run(r),
                StructuredDataTagChild::Paragraph(p) => self.paragraph(p),
                StructuredDataTagChild::Table(t) => self.table(t),
                StructuredDataTagChild::StructuredDataTag(s) => self.sdt(s),
                _ => {}
            }
        }
    }

    fn table(&mut self, t: &docx_rs::Table) {
        for TableChild::TableRow(row) in &t.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                for c in &cell.children {
                    match c {
                        TableCellContent::Paragraph(p) => self.paragraph(p),
                        TableCellContent::Table(t) => self.table(t),
                        TableCellContent::StructuredDataTag(s) => self.sdt(s),
                        TableCellContent::TableOfContents(_) => {}
                    }
                }
                self.text.push('\t');
            }
            self.text.push('\n');
        }
    }

    fn paragraph(&mut self, p: &docx_rs::Paragraph) {
        for c in &p.children {
            self.para_child(c);
        }
        self.text.push('\n');
    }

    fn para_child(&mut self, c: &ParagraphChild) {
        match c {
            ParagraphChild::Run(r) => self.run(r),
            ParagraphChild::Insert(i) => {
                for c in &i.children {
                    if let InsertChild::Run(r) = c {
                        self.run(r);
                    }
                }
            }
            ParagraphChild::MoveTo(m) => {
                for c in &m.children {
                    if let MoveToChild::Run(r) = c {
                        self.run(r);
                    }
                }
            }
            ParagraphChild::Hyperlink(h) => {
                for c in &h.children {
                    self.para_child(c);
                }
            }
            ParagraphChild::StructuredDataTag(s) => self.sdt(s),
            // Deletions and moved-from text are not visible.
            _ => {}
        }
    }

    fn run(&mut self, r: &docx_rs::Run) {
        for c in &r.children {
            match c {
                RunChild::Text(t) => {
                    if self.in_instr {
                        continue;
                    }
                    for ch in t.text.chars() {
                        if let Some(state) = read::glyphs::unicode_state(ch) {
                            self.glyphs += 1;
                            self.states.push(if state { '1' } else { '0' });
                        }
                    }
                    self.text.push_str(&t.text);
                }
                RunChild::Sym(s) => {
                    self.syms += 1;
                    let code = u32::from_str_radix(s.char.trim(), 16).unwrap_or(0);
                    match read::glyphs::symbol_font_state(&s.font, code) {
                        Some(state) => {
                            self.syms_known += 1;
                            self.states.push(if state { '1' } else { '0' });
                        }
                        None => {}
                    }
                    if let Some(ch) = char::from_u32(code) {
                        self.text.push(ch);
                    }
                }
                RunChild::Tab(_) => self.text.push('\t'),
                RunChild::Break(_) | RunChild::CarriageReturn(_) => self.text.push('\n'),
                RunChild::FieldChar(f) => match f.field_char_type {
                    docx_rs::FieldCharType::Begin => {
                        self.in_instr = true;
                        self.instr.clear();
                    }
                    docx_rs::FieldCharType::Separate | docx_rs::FieldCharType::End => {
                        if self.in_instr && self.instr.contains("FORMCHECKBOX") {
                            self.form_fields += 1;
                            self.states.push('?');
                        }
                        self.in_instr = false;
                        self.instr.clear();
                    }
                    docx_rs::FieldCharType::Unsupported => {}
                },
                RunChild::InstrTextString(s) => {
                    if self.in_instr {
                        self.instr.push_str(s);
                    }
                }
                RunChild::Drawing(d) => {
                    if let Some(DrawingData::TextBox(tb)) = &d.data {
                        for c in &tb.children {
                            match c {
                                TextBoxContentChild::Paragraph(p) => self.paragraph(p),
                                TextBoxContentChild::Table(t) => self.table(t),
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------- parent: compare

fn run_child(reader: &str, path: &Path) -> Record {
    let exe = std::env::current_exe().expect("current exe");
    let mut child = match Command::new(exe)
        .arg("--one")
        .arg(reader)
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            return Record {
                outcome: "crash".into(),
                detail: format!("cannot start child: {e}"),
                ..Record::default()
            }
        }
    };
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    // The child enforces the 10 s limit itself; this is a backstop.
    let deadline = Instant::now() + TIMEOUT + Duration::from_secs(20);
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let out = out_thread.join().unwrap_or_default();
    let err = err_thread.join().unwrap_or_default();
    match (status, decode(&String::from_utf8_lossy(&out))) {
        (Some(st), Some(rec)) if st.success() => rec,
        (st, _) => Record {
            outcome: "crash".into(),
            detail: format!(
                "child died: {:?}; stderr: {}",
                st,
                String::from_utf8_lossy(&err)
                    .lines()
                    .last()
                    .unwrap_or("")
                    .chars()
                    .take(200)
                    .collect::<String>()
            ),
            ..Record::default()
        },
    }
}

fn strip_for_similarity(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !c.is_whitespace() && read::glyphs::unicode_state(*c).is_none())
        .collect()
}

fn levenshtein<T: PartialEq>(a: &[T], b: &[T], never_equal: impl Fn(&T) -> bool) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let cost = if x == y && !never_equal(x) { 0 } else { 1 };
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn similarity(a: &str, b: &str) -> (f64, usize, usize) {
    let a = strip_for_similarity(a);
    let b = strip_for_similarity(b);
    // Lengths reported in full; the distance is computed on the capped prefixes.
    let (la, lb) = (a.len(), b.len());
    let a = &a[..la.min(TEXT_CAP)];
    let b = &b[..lb.min(TEXT_CAP)];
    if a.is_empty() && b.is_empty() {
        return (1.0, la, lb);
    }
    let d = levenshtein(a, b, |_| false);
    (1.0 - d as f64 / a.len().max(b.len()) as f64, la, lb)
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn short(r: &Record) -> String {
    match r.outcome.as_str() {
        "ok" => format!("ok ({:.1} ms)", r.ms),
        "timeout" => "**timeout (hang, >10 s)**".to_string(),
        o => {
            // Registry paths are noise: keep "docx-rs-x.y.z/src/…".
            let detail = match r.detail.find("docx-rs-") {
                Some(i) => {
                    let head = &r.detail[..r.detail[..i].rfind("(at ").map(|j| j + 4).unwrap_or(i)];
                    format!("{head}{}", &r.detail[i..])
                }
                None => r.detail.clone(),
            };
            let d: String = detail.chars().take(160).collect();
            format!("**{o}**: {}", cell(&d))
        }
    }
}

fn compare(files: &[PathBuf]) {
    let mut counts: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let mut table = String::new();
    let mut details = String::new();
    let mut sims = Vec::new();
    writeln!(
        table,
        "| file | KB | docx-rs | ours | text similarity (chars docx-rs / ours) | checkboxes: ours | checkboxes: what docx-rs still exposes | state edit distance |"
    )
    .unwrap();
    writeln!(table, "|---|---:|---|---|---|---|---|---:|").unwrap();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let label = if name.ends_with("申报书.docx") {
            format!(
                "{}/{}",
                f.parent()
                    .and_then(|p| p.file_name())
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default(),
                name
            )
        } else {
            name
        };
        let kb = std::fs::metadata(f).map(|m| m.len()).unwrap_or(0) as f64 / 1024.0;
        let d = run_child("docxrs", f);
        let o = run_child("ours", f);
        *counts.entry(("docx-rs".into(), d.outcome.clone())).or_default() += 1;
        *counts.entry(("ours".into(), o.outcome.clone())).or_default() += 1;
        let (sim, box_ours, box_d, dist) = if d.outcome == "ok" && o.outcome == "ok" {
            let (s, ld, lo) = similarity(&d.text, &o.text);
            sims.push(s);
            let ours_seq: Vec<char> = o.states.chars().collect();
            let d_seq: Vec<char> = d.states.chars().collect();
            let dist = levenshtein(&ours_seq, &d_seq, |c| *c == '?');
            let checked = |s: &str| s.chars().filter(|c| *c == '1').count();
            let unknown = d.states.chars().filter(|c| *c == '?').count();
            let paren = |n: &str| if n.is_empty() { String::new() } else { format!(" [{n}]") };
            (
                format!("{:.3} ({ld} / {lo})", s),
                if o.states.is_empty() {
                    "0".to_string()
                } else {
                    format!(
                        "{}, {} checked{}",
                        o.states.len(),
                        checked(&o.states),
                        paren(&o.notes)
                    )
                },
                if d.states.is_empty() && d.notes.is_empty() {
                    "0".to_string()
                } else {
                    format!(
                        "{} with state, {} checked; {} state lost{}",
                        d.states.len() - unknown,
                        checked(&d.states),
                        unknown,
                        paren(&d.notes)
                    )
                },
                dist.to_string(),
            )
        } else {
            ("–".into(), "–".into(), "–".into(), "–".into())
        };
        writeln!(
            table,
            "| {} | {:.1} | {} | {} | {} | {} | {} | {} |",
            cell(&label),
            kb,
            short(&d),
            short(&o),
            sim,
            cell(&box_ours),
            cell(&box_d),
            dist
        )
        .unwrap();
        writeln!(
            details,
            "- {label}: docx-rs {} {:.2} ms {}; ours {} {:.2} ms {}",
            d.outcome,
            d.ms,
            cell(&d.detail),
            o.outcome,
            o.ms,
            cell(&o.detail)
        )
        .unwrap();
        eprintln!("done {label}: docx-rs {} / ours {}", d.outcome, o.outcome);
    }
    println!("{table}");
    println!("Outcome counts over {} files:", files.len());
    for ((reader, outcome), n) in &counts {
        println!("- {reader}: {outcome} {n}");
    }
    if !sims.is_empty() {
        let mean = sims.iter().sum::<f64>() / sims.len() as f64;
        let ge99 = sims.iter().filter(|s| **s >= 0.99).count();
        println!(
            "- text similarity over {} files both read: mean {:.3}, >= 0.99 on {}",
            sims.len(),
            mean,
            ge99
        );
    }
    println!("\nDetails:\n{details}");
}

// ---------------------------------------------------------------- bench

fn bench(n: usize, files: &[PathBuf]) {
    let data: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.display().to_string(), std::fs::read(f).expect("read")))
        .collect();
    let total_kb: f64 = data.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1024.0;
    println!(
        "{} files, {:.1} KB in all, {} repetitions each reader",
        data.len(),
        total_kb,
        n
    );
    // Warm-up and sanity: both must read every file.
    for (name, b) in &data {
        if let Err(e) = docx_rs::read_docx(b) {
            println!("docx-rs fails on {name}: {e}");
        }
        if let Err(e) = read::docx::read(b, &read::Limits::default()) {
            println!("ours fails on {name}: {e}");
        }
    }
    let limits = read::Limits::default();
    let mut sink = 0usize;
    let start = Instant::now();
    for _ in 0..n {
        for (_, b) in &data {
            if let Ok(d) = docx_rs::read_docx(b) {
                sink += d.document.children.len();
            }
        }
    }
    let t_docxrs = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    for _ in 0..n {
        for (_, b) in &data {
            if let Ok(d) = read::docx::read(b, &limits) {
                sink += d.blocks.len();
            }
        }
    }
    let t_ours = start.elapsed().as_secs_f64() * 1000.0;
    let reads = (n * data.len()) as f64;
    println!(
        "docx-rs read_docx: {:.0} ms total, {:.3} ms per file read",
        t_docxrs,
        t_docxrs / reads
    );
    println!(
        "ours read::docx::read: {:.0} ms total, {:.3} ms per file read",
        t_ours,
        t_ours / reads
    );
    println!("ratio docx-rs / ours: {:.2}x (sink {sink})", t_docxrs / t_ours);
}
