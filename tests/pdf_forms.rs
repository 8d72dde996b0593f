//! Application forms as PDF, exported from the sample DOCX forms by LibreOffice
//! (`samples/pdf/`, made by `samples/pdf/make-with-libreoffice.sh`), read through the same
//! template matcher: per form, how many top-level fields equal the DOCX original's truth
//! (`samples/truth/<id>.json`), printed with the differences.
//!
//! Two figures: fields equal character for character, and fields equal once full-width
//! punctuation and white space are left out on both sides. The second exists because the
//! exports themselves lack characters: LibreOffice drops a full-width 。 or ； that would hang
//! past the right margin at a line end (`…难以形成全局视图该问题…` — `pdftotext` shows the
//! same text, so no reader can find it). The test holds the level reached — the identity of
//! the project (name, track, team, lead unit and its credit code) exactly, and at least the
//! floors — so a regression fails it and progress shows in its table.

use e2e::{json_diff, repo};
use serde_json::Value;

/// Share of top-level fields equal to the truth over all PDF forms: 0.81 on 2026-11-23, 0.86 on
/// 2026-11-24 (justified CJK lines in cells, label and list lines, cell text and nested rows
/// continued across pages), 0.91 on 2026-12-03 (below). What is left differs only by the
/// punctuation the exports lack.
const FLOOR: f64 = 0.90;
/// The same with full-width punctuation and white space left out on both sides: 0.94, then on
/// 2026-12-03 every field (298 of 298) — answers going on past a long vertical merge, table rows
/// and records cut by a page break joined back, cover lines measured against the page's margin,
/// a numbered line after a sentence's end starting a list, `日期2025.6.30` read as label and date.
const FLOOR_LOOSE: f64 = 1.0;

/// `v` with full-width punctuation and white space removed from every string.
fn loose(v: &Value) -> Value {
    match v {
        Value::String(s) => {
            Value::String(s.chars().filter(|c| !c.is_whitespace() && !"。；，、：".contains(*c)).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(loose).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), loose(v))).collect()),
        other => other.clone(),
    }
}

#[test]
fn pdf_forms_extract_the_fields_of_their_docx_originals() {
    let template = template::Template::load_named("shanxi-2025", &template::default_templates_dir()).unwrap();
    let mut pdfs: Vec<_> = std::fs::read_dir(repo().join("samples/pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 6, "samples/pdf has {} PDFs", pdfs.len());
    let (mut matched, mut total, mut matched_loose) = (0, 0, 0);
    let mut problems = Vec::new();
    for pdf in &pdfs {
        let id = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let truth: Value =
            serde_json::from_slice(&std::fs::read(repo().join(format!("samples/truth/{id}.json"))).unwrap()).unwrap();
        let doc = batch::read_document(pdf, &read::Limits::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
        let got = batch::fields_to_json(&extract::extract(&doc, &template).fields);
        let want = truth["fields"].as_object().unwrap();
        let mut wrong = Vec::new();
        for (k, v) in want {
            let mut diffs = Vec::new();
            json_diff(k, v, got.get(k).unwrap_or(&Value::Null), &mut diffs);
            if diffs.is_empty() {
                matched += 1;
            } else {
                wrong.push(diffs.remove(0));
            }
            let mut loose_diffs = Vec::new();
            json_diff(k, &loose(v), &loose(got.get(k).unwrap_or(&Value::Null)), &mut loose_diffs);
            matched_loose += usize::from(loose_diffs.is_empty());
            if let Some(d) = loose_diffs.first() {
                eprintln!("    [even without punctuation] {d}");
            }
            total += 1;
        }
        eprintln!("{id}: {}/{} fields equal the DOCX truth", want.len() - wrong.len(), want.len());
        for w in &wrong {
            eprintln!("    {w}");
        }
        let unit = |v: &Value, k: &str| v["units"][0][k].clone();
        for key in ["project.name", "project.track", "team.name"] {
            if got.get(key) != want.get(key) {
                problems.push(format!("{id}: {key} differs: {:?} vs {:?}", got.get(key), want.get(key)));
            }
        }
        for k in ["name", "credit_code"] {
            if unit(&got, k) != unit(&truth["fields"], k) {
                problems.push(format!("{id}: units[0].{k} differs"));
            }
        }
    }
    let share = matched as f64 / total as f64;
    let share_loose = matched_loose as f64 / total as f64;
    eprintln!("all PDF forms: {matched}/{total} fields ({share:.2}); without full-width punctuation: {matched_loose}/{total} ({share_loose:.2})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(share >= FLOOR, "{share:.2} of fields equal the truth, below the floor {FLOOR}");
    assert!(share_loose >= FLOOR_LOOSE, "{share_loose:.2} without punctuation, below the floor {FLOOR_LOOSE}");
}
