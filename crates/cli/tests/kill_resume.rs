//! Crash safety: `dossier run` killed with SIGKILL at seeded random moments, then run again to
//! the end, writes exactly what an uninterrupted run writes; the search index opens and
//! answers; no temporary file is left in the run folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A batch of a few sample dossiers (a form with attachments, a zip with GBK names, a dossier
/// without a form, planted defects), copied so the run folder is ours alone.
fn batch(dir: &Path) -> PathBuf {
    let b = dir.join("batch");
    for id in ["SX2025-0001", "SX2025-0003", "SX2025-0007", "SX2025-0011", "SX2025-0203", "SX2025-0206"] {
        let src = repo().join("samples/batch").join(id);
        let dst = b.join(id);
        std::fs::create_dir_all(&dst).unwrap();
        for e in std::fs::read_dir(&src).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(repo().join("samples/batch/SX2025-0009.zip"), b.join("SX2025-0009.zip")).unwrap();
    b
}

fn run(batch: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.args(["run", batch.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"])
        .current_dir(repo())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Every file of the run folder that the contract covers, by relative path, with its bytes
/// (the cache, the index and the reports are checked apart: the index by opening it).
fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for name in ["findings.jsonl", "inventory.jsonl", "clusters.json", "fingerprints.jsonl", "run.json"] {
        m.insert(name.to_string(), std::fs::read(out.join(name)).unwrap_or_default());
    }
    for dir in ["dossiers", "text"] {
        for e in std::fs::read_dir(out.join(dir)).unwrap() {
            let e = e.unwrap();
            m.insert(format!("{dir}/{}", e.file_name().to_string_lossy()), std::fs::read(e.path()).unwrap());
        }
    }
    m
}

fn no_temporaries(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp") && !name.contains(".tmp."), "left over: {}", e.path().display());
        if e.file_type().unwrap().is_dir() && name != "index" {
            no_temporaries(&e.path());
        }
    }
}

#[test]
fn a_run_killed_anywhere_and_run_again_writes_what_an_uninterrupted_run_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let b = batch(tmp.path());
    let reference = tmp.path().join("reference");
    let t = Instant::now();
    assert!(run(&b, &reference).status().unwrap().success());
    let full = t.elapsed();
    let want = outputs(&reference);
    assert!(want.len() > 10, "{:?}", want.keys());

    // Kill points spread over the run (seeded, so a failure can be replayed): early (listing,
    // first dossiers), middle (cache entries half written), late (cross stage, index, reports).
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut fractions = Vec::new();
    for _ in 0..5 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        fractions.push((state >> 33) as f64 / (1u64 << 31) as f64);
    }
    fractions.push(0.97);
    let mut interrupted = 0;
    for (k, f) in fractions.iter().enumerate() {
        let out = tmp.path().join(format!("out-{k}"));
        // Killed once or twice (the second time while the first one's leftovers are there).
        for kill in 0..1 + k % 2 {
            let mut child = run(&b, &out).spawn().unwrap();
            let at = full.mul_f64(f * (1.0 + kill as f64) / 2.0 + 0.01);
            std::thread::sleep(at);
            let running = child.try_wait().unwrap().is_none();
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            interrupted += usize::from(running);
            println!(
                "run {k}: killed after {at:?} of {full:?}{}",
                if running { "" } else { " (had already finished)" }
            );
        }
        let s = run(&b, &out).status().unwrap();
        assert!(s.success(), "the run after a kill completes");
        let got = outputs(&out);
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "run {k}: same files");
        for (name, bytes) in &want {
            assert!(got[name] == *bytes, "run {k} (killed at {f:.2} of the run): {name} differs");
        }
        no_temporaries(&out);
        assert!(!out.join("index.tmp").exists(), "run {k}: a half-built index is not left behind");
        let searcher = search::Searcher::open(&search::index_dir(&out)).expect("the index opens");
        let hits = searcher.search("credit:9114110279867752XD", 10).expect("a query runs");
        let ref_hits = search::Searcher::open(&search::index_dir(&reference))
            .unwrap()
            .search("credit:9114110279867752XD", 10)
            .unwrap();
        assert!(hits.iter().any(|h| h.dossier_id == "SX2025-0001"), "run {k}: the index answers");
        assert_eq!(
            hits.iter().map(|h| &h.dossier_id).collect::<Vec<_>>(),
            ref_hits.iter().map(|h| &h.dossier_id).collect::<Vec<_>>()
        );
        assert!(out.join("report.xlsx").is_file() && out.join("report.html").is_file());
    }
    assert!(interrupted >= 6, "most kills must land while the run is working ({interrupted} of 9 did)");
}
