//! The product's findings on `samples/batch` equal the generator's ground truth
//! (`samples/truth/<id>.json`, `"findings"`): per dossier, the multiset of
//! (code, field, file, severity) of every form-level finding, exactly — the planted defects of
//! SX2025-0201… and nothing else. Clean dossiers (`"planted": []`) have no finding of
//! severity `error`. Per-code precision and recall over the batch are printed.
//!
//! Cross-dossier codes (DUPLICATE_FILE, SIMILAR_TEXT, PERSON_IN_MULTIPLE_TEAMS …) are not in
//! this truth: they are listed but not compared (the round-trips 0101–0105 share everything
//! with their sources, 0003 and 0007 share a licence, same-track dossiers share generated
//! sentences; `tests/cross_batch.rs` measures the cross stage on a batch built for it).

use std::collections::BTreeMap;

use e2e::{jsonl, repo};
use serde_json::Value;

/// (code, field, file, severity) of one finding.
type Key = (String, String, String, String);

fn key(f: &Value) -> Key {
    let s = |v: &Value| match v {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    (s(&f["code"]), s(&f["field"]), s(&f["file"]), s(&f["severity"]))
}

fn show(k: &Key) -> String {
    format!("{} field={} file={} severity={}", k.0, k.1, k.2, k.3)
}

/// Counts of each key.
fn multiset(keys: impl IntoIterator<Item = Key>) -> BTreeMap<Key, usize> {
    let mut m = BTreeMap::new();
    for k in keys {
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

#[test]
fn sample_findings_equal_the_planted_truth() {
    let out = e2e::run_samples();
    let mut got_by_id: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for f in jsonl(&out.path().join("findings.jsonl")) {
        got_by_id.entry(f["dossier_id"].as_str().unwrap_or("").to_string()).or_default().push(f);
    }

    let form_level: Vec<&str> =
        samplegen::findings::CODES.iter().chain(samplegen::findings::NEVER_ON_SAMPLES).copied().collect();
    let mut truths: Vec<Value> = std::fs::read_dir(repo().join("samples/truth"))
        .unwrap()
        .map(|e| serde_json::from_slice(&std::fs::read(e.unwrap().path()).unwrap()).unwrap())
        .collect();
    truths.sort_by(|a: &Value, b: &Value| a["dossier_id"].as_str().cmp(&b["dossier_id"].as_str()));

    // Per code: (true positives, false positives, false negatives).
    let mut per_code: BTreeMap<String, (usize, usize, usize)> =
        form_level.iter().map(|c| (c.to_string(), (0, 0, 0))).collect();
    let mut problems = Vec::new();
    let mut not_compared = Vec::new();
    let mut planted_dossiers = 0;
    for t in &truths {
        let id = t["dossier_id"].as_str().unwrap();
        let planted = t["planted"].as_array().unwrap_or_else(|| panic!("{id}: truth has no \"planted\""));
        let want_list = t["findings"].as_array().unwrap_or_else(|| panic!("{id}: truth has no \"findings\""));
        if !planted.is_empty() {
            planted_dossiers += 1;
        }
        let got_all = got_by_id.remove(id).unwrap_or_default();
        for f in got_all.iter().filter(|f| !form_level.contains(&f["code"].as_str().unwrap_or(""))) {
            not_compared.push(format!("{id}: {}", show(&key(f))));
        }
        let got = multiset(got_all.iter().filter(|f| form_level.contains(&f["code"].as_str().unwrap_or(""))).map(key));
        let want = multiset(want_list.iter().map(key));
        let mut lines = Vec::new();
        for (k, &n) in &want {
            let g = got.get(k).copied().unwrap_or(0);
            let e = per_code.entry(k.0.clone()).or_default();
            e.0 += n.min(g);
            if g < n {
                e.2 += n - g;
                lines.push(format!("  missing    {} (want {n}, got {g})", show(k)));
            }
        }
        for (k, &g) in &got {
            let n = want.get(k).copied().unwrap_or(0);
            if g > n {
                per_code.entry(k.0.clone()).or_default().1 += g - n;
                let msg = got_all
                    .iter()
                    .find(|f| key(f) == *k)
                    .and_then(|f| f["message_en"].as_str())
                    .unwrap_or("")
                    .to_string();
                lines.push(format!("  unexpected {} (want {n}, got {g}): {msg}", show(k)));
            }
        }
        if planted.is_empty() {
            // Form-level only: the round-trips 0101–0105 are copies of 0001… by construction, so
            // the cross stage rightly reports the same people (PERSON_IN_MULTIPLE_TEAMS, an
            // error), files, text and units between them.
            for f in got_all
                .iter()
                .filter(|f| f["severity"] == "error" && form_level.contains(&f["code"].as_str().unwrap_or("")))
            {
                lines.push(format!("  clean dossier has an error: {}", show(&key(f))));
            }
        }
        if !lines.is_empty() {
            problems.push(format!("{id}:\n{}", lines.join("\n")));
        }
    }
    for (id, fs) in &got_by_id {
        problems.push(format!("{id}: {} findings for a dossier without truth", fs.len()));
    }

    eprintln!(
        "per-code precision / recall over samples/batch ({} dossiers, {planted_dossiers} planted):",
        truths.len()
    );
    eprintln!("  {:<36} {:>4} {:>4} {:>4} {:>9} {:>7}", "code", "tp", "fp", "fn", "precision", "recall");
    for (code, (tp, fp, fn_)) in &per_code {
        let p = if tp + fp == 0 { "-".to_string() } else { format!("{:.2}", *tp as f64 / (tp + fp) as f64) };
        let r = if tp + fn_ == 0 { "-".to_string() } else { format!("{:.2}", *tp as f64 / (tp + fn_) as f64) };
        eprintln!("  {code:<36} {tp:>4} {fp:>4} {fn_:>4} {p:>9} {r:>7}");
    }
    if !not_compared.is_empty() {
        eprintln!("not compared (codes outside the form-level truth):\n  {}", not_compared.join("\n  "));
    }
    assert!(truths.len() >= 25, "only {} truth files", truths.len());
    assert!(planted_dossiers >= 8, "only {planted_dossiers} dossiers with planted defects");
    // Every form-level code is planted somewhere and expected at least once.
    for code in samplegen::findings::CODES {
        let (tp, _, fn_) = per_code[*code];
        assert!(tp + fn_ > 0, "no dossier expects {code}");
    }
    assert!(problems.is_empty(), "findings differ from the truth:\n{}", problems.join("\n"));
}
