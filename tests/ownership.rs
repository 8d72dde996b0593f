//! The ownership checks on a generated batch (`samplegen::ownership`): claimed IP without
//! evidence, certificates held by others, parent-company and foreign materials, affiliate and
//! exclusion lists (one as a GBK CSV, one as a real XLSX) — each planted beside hard negatives.
//! Per-code precision and recall against the planted truth are printed and must be ≥ 0.95.

use std::collections::BTreeMap;

use e2e::jsonl;
use samplegen::ownership;

/// (dossier, code, field, file, severity).
type Key = (String, String, String, String, String);

fn s(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or("-").to_string()
}

#[test]
fn ownership_codes_have_high_precision_and_recall() {
    let b = ownership::batch(3);
    let tmp = tempfile::tempdir().unwrap();
    for d in &b.dossiers {
        samplegen::write_dossier(tmp.path(), d).unwrap();
    }
    let aff = tmp.path().join("affiliates.xlsx");
    std::fs::write(&aff, ownership::ref_xlsx("组委会关联单位名单", &b.affiliates)).unwrap();
    let exc = tmp.path().join("excluded.csv");
    std::fs::write(&exc, ownership::ref_csv_gbk("2024年全国总决赛获奖单位", &b.excluded)).unwrap();

    let out = tmp.path().join("out");
    let mut cfg =
        batch::RunConfig::new(tmp.path().join("batch"), out.clone(), e2e::repo().join("pipelines/shanxi-2025.toml"));
    cfg.refs = vec![("affiliates".into(), aff), ("excluded".into(), exc)];
    batch::run(&cfg, &|_| {}).expect("the run completes");

    let mut got: BTreeMap<Key, String> = BTreeMap::new();
    for f in jsonl(&out.join("findings.jsonl")) {
        let code = s(&f["code"]);
        if ownership::CODES.contains(&code.as_str()) {
            got.insert(
                (s(&f["dossier_id"]), code, s(&f["field"]), s(&f["file"]), s(&f["severity"])),
                s(&f["message_zh"]),
            );
        }
    }
    let want: BTreeMap<Key, ()> = b
        .expected
        .iter()
        .map(|(id, e)| {
            let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            ((id.clone(), e.code.to_string(), o(&e.field), o(&e.file), e.severity.to_string()), ())
        })
        .collect();

    let mut per_code: BTreeMap<&str, (usize, usize, usize)> =
        ownership::CODES.iter().map(|c| (*c, (0, 0, 0))).collect();
    let mut problems = Vec::new();
    for k in want.keys() {
        let e = per_code.get_mut(k.1.as_str()).unwrap();
        if got.contains_key(k) {
            e.0 += 1;
        } else {
            e.2 += 1;
            problems.push(format!("missing    {k:?}"));
        }
    }
    for (k, msg) in &got {
        if !want.contains_key(k) {
            per_code.get_mut(k.1.as_str()).unwrap().1 += 1;
            problems.push(format!("unexpected {k:?}: {msg}"));
        }
    }
    eprintln!("ownership checks over {} generated dossiers:", b.dossiers.len());
    eprintln!("  {:<26} {:>4} {:>4} {:>4} {:>9} {:>7}", "code", "tp", "fp", "fn", "precision", "recall");
    let mut low = Vec::new();
    for (code, (tp, fp, fn_)) in &per_code {
        let p = *tp as f64 / (tp + fp).max(1) as f64;
        let r = *tp as f64 / (tp + fn_).max(1) as f64;
        eprintln!("  {code:<26} {tp:>4} {fp:>4} {fn_:>4} {p:>9.2} {r:>7.2}");
        assert!(tp + fn_ >= 3, "{code}: only {} planted", tp + fn_);
        if p < 0.95 || r < 0.95 {
            low.push(*code);
        }
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(low.is_empty(), "precision or recall below 0.95 for {low:?}:\n{}", problems.join("\n"));
}

/// The pipeline's `[refs]` names default lists relative to the pipeline file; a default that is
/// missing stops the run before anything is written.
#[test]
fn pipeline_default_lists_are_used_and_checked_before_the_run() {
    let b = ownership::batch(1);
    let tmp = tempfile::tempdir().unwrap();
    for d in b.dossiers.iter().filter(|d| d.id == "OW-013" || d.id == "OW-015") {
        samplegen::write_dossier(tmp.path(), d).unwrap();
    }
    std::fs::create_dir_all(tmp.path().join("lists")).unwrap();
    std::fs::write(tmp.path().join("lists/excluded.xlsx"), ownership::ref_xlsx("排除名单", &b.excluded)).unwrap();
    std::fs::create_dir_all(tmp.path().join("pipelines")).unwrap();
    let shanxi = std::fs::read_to_string(e2e::repo().join("pipelines/shanxi-2025.toml")).unwrap();
    let pipeline = tmp.path().join("pipelines/p.toml");
    std::fs::write(&pipeline, format!("{shanxi}\n[refs]\nexcluded = \"../lists/excluded.xlsx\"\n")).unwrap();

    let out = tmp.path().join("out");
    let cfg = batch::RunConfig::new(tmp.path().join("batch"), out.clone(), pipeline.clone());
    batch::run(&cfg, &|_| {}).expect("the run completes");
    let hits: Vec<(String, String)> = jsonl(&out.join("findings.jsonl"))
        .iter()
        .filter(|f| f["code"] == "EXCLUDED_ENTITY")
        .map(|f| (s(&f["dossier_id"]), s(&f["field"])))
        .collect();
    assert_eq!(hits, [("OW-013".to_string(), "units[1].name".to_string()), ("OW-015".into(), "units[0].name".into())]);

    std::fs::write(&pipeline, format!("{shanxi}\n[refs]\nexcluded = \"../lists/没有.xlsx\"\n")).unwrap();
    let out2 = tmp.path().join("out2");
    let cfg = batch::RunConfig::new(tmp.path().join("batch"), out2.clone(), pipeline);
    let err = batch::run(&cfg, &|_| {}).expect_err("a missing default list stops the run").to_string();
    assert!(err.contains("没有.xlsx") && err.contains("不存在或无法读取"), "{err}");
    assert!(!out2.exists(), "nothing written");
}
