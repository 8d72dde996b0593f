//! Smoke test of the performance tooling (issue #9): the corpus generator makes 5 dossiers and
//! `bench/run.sh` runs on them with the debug `dossier` binary (the peer part runs when its Python
//! packages are present and says "skipped" otherwise). No timing is asserted: figures are for
//! `bench/RESULTS.md`, from release builds.
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::process::Command;

#[test]
fn generator_and_bench_run_on_five_dossiers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tmp = tempfile::tempdir().expect("temp dir");
    let batch = tmp.path().join("b5");
    let s = samplegen::perf::write_perf(&batch, 5, 1).expect("generate");
    assert_eq!(s.dossiers, 5);
    assert!(s.files >= 5 * 6, "form, 2+ scans, 2+ PDFs, XLSX per dossier: {} files", s.files);
    assert!(s.bytes > 5 * 1_000_000, "realistic sizes: {} bytes", s.bytes);
    assert!(tmp.path().join("b5.planted.json").is_file());
    // Same seed, same bytes.
    let again = samplegen::perf::perf_dossier(1, 3);
    let dir = batch.join(&again.id);
    if dir.is_dir() {
        for (name, bytes) in &again.files {
            assert_eq!(&std::fs::read(dir.join(name)).expect("written file"), bytes, "{name}");
        }
    }

    if !Path::new("/usr/bin/time").exists() {
        println!("skipped: /usr/bin/time is absent (Debian package 'time'); the bench needs it");
        return;
    }
    let results = tmp.path().join("RESULTS.md");
    let out = Command::new("bash")
        .arg(root.join("bench/run.sh"))
        .arg("5")
        .arg("--batch")
        .arg(&batch)
        .arg("--no-build")
        .arg("--results")
        .arg(&results)
        .env("DOSSIER_BIN", env!("CARGO_BIN_EXE_dossier"))
        .env("PDFTEXT_BIN", tmp.path().join("no-pdftext"))
        .env("OCR_BIN", tmp.path().join("no-ocr"))
        .env("BENCH_DATA", tmp.path())
        .current_dir(&root)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "bench failed:\n{stdout}\n{stderr}");
    let md = std::fs::read_to_string(&results).expect("results written");
    println!("{md}");
    assert!(md.contains("· 5 dossiers"), "{md}");
    let row = |label: &str| md.lines().find(|l| l.starts_with(label)).unwrap_or_default().to_string();
    assert!(row("| floor").ends_with("| ok |"), "{md}");
    assert!(row("| dossier run").ends_with("| ok |"), "{md}");
    let peer = row("| Python peer");
    assert!(peer.contains("skipped") || peer.ends_with("| ok |"), "{md}");
    if peer.contains("skipped") {
        println!("peer skipped: {peer}");
    }
    assert!(md.contains("PDF text ("), "{md}");
    assert!(md.contains("OCR throughput"), "{md}");
    assert!(md.contains("timings.json"), "the product's stage timings are in the report: {md}");
}
