//! The real corpus (`../shared/corpus/real/`) run as a batch, in place: each of its folders is a
//! dossier. Every file is accounted for, nothing panics or hangs, the run completes.

use e2e::{jsonl, shared};

#[test]
fn the_real_corpus_runs_as_a_batch() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared not found (set DOSSIER_SHARED)");
        return;
    };
    let batch = shared.join("corpus/real");
    let out = tempfile::tempdir().unwrap();
    let cfg =
        batch::RunConfig::new(batch.clone(), out.path().to_path_buf(), e2e::repo().join("pipelines/shanxi-2025.toml"));
    let summary = batch::run(&cfg, &|_| {}).expect("the run completes");
    let inv = jsonl(&out.path().join("inventory.jsonl"));
    assert_eq!(inv.len(), summary.files);
    // Every file on disk has a line (zips in the zip/ folder are expanded into their members,
    // or recorded whole when they cannot be opened).
    for dir in ["docx", "pdf", "xlsx", "images", "expected"] {
        for e in std::fs::read_dir(batch.join(dir)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(inv.iter().any(|l| l["dossier_id"] == dir && l["path"] == name.as_str()), "{dir}/{name} missing");
        }
    }
    for e in std::fs::read_dir(batch.join("zip")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            inv.iter().any(|l| l["dossier_id"] == "zip" && l["path"].as_str().unwrap().starts_with(name.as_str())),
            "zip/{name} missing"
        );
    }
    let line = |d: &str, p: &str| {
        inv.iter().find(|l| l["dossier_id"] == d && l["path"] == p).unwrap_or_else(|| panic!("{d}/{p}"))
    };
    // GB18030/GBK and UTF-8 names inside zips are decoded; traversal entries are refused.
    assert!(inv.iter().any(|l| l["path"].as_str().unwrap().starts_with("zip2__chinese.zip/")
        && l["path"].as_str().unwrap().contains("七个房间")));
    let slip = inv.iter().find(|l| l["path"].as_str().unwrap().contains("moo")).expect("the zip-slip entry is listed");
    assert_eq!(slip["status"], "failed");
    assert_eq!(line("docx", "poi__bug53475-password-is-solrcell.docx")["status"], "failed");
    assert!(line("docx", "poi__bug53475-password-is-solrcell.docx")["error"].as_str().unwrap().contains("加密"));
    assert_eq!(line("docx", "techplat__renwushu_template.doc")["status"], "failed");
    assert_eq!(line("docx", "docx2python__strict.docx")["status"], "parsed");
    assert_eq!(line("docx", "docxrs__read_hang.docx")["status"], "parsed");
    for l in &inv {
        if l["status"] != "parsed" {
            assert!(l["error"].as_str().is_some_and(|e| !e.is_empty()), "no reason: {l}");
        }
    }
}
