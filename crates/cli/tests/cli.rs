//! The `dossier` command as scripts use it: exit codes, the run folder contract, `extract`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn dossier(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).current_dir(repo()).output().expect("dossier runs")
}

/// Files in the batch as the contract counts them: zip dossiers count their members.
fn count_files(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            n += count_files(&p);
        } else if p.extension().is_some_and(|x| x == "zip") && p.parent() == Some(&repo().join("samples/batch")) {
            let f = std::fs::File::open(&p).unwrap();
            n += zip_members(f);
        } else {
            n += 1;
        }
    }
    n
}

fn zip_members(f: std::fs::File) -> usize {
    // Count central-directory entries without a zip crate: end-of-central-directory record.
    use std::io::Read;
    let mut bytes = Vec::new();
    let mut f = f;
    f.read_to_end(&mut bytes).unwrap();
    let eocd = bytes.windows(4).rposition(|w| w == b"PK\x05\x06").expect("zip end record");
    u16::from_le_bytes([bytes[eocd + 10], bytes[eocd + 11]]) as usize
}

#[test]
fn run_on_samples_writes_the_contract_and_exits_zero() {
    let out = tempfile::tempdir().unwrap();
    let o = dossier(&["run", "samples/batch", "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("完成") && stdout.contains("Done"), "{stdout}");
    let inventory = std::fs::read_to_string(out.path().join("inventory.jsonl")).unwrap();
    assert_eq!(inventory.lines().count(), count_files(&repo().join("samples/batch")), "one inventory line per file");
    let dossiers = std::fs::read_dir(repo().join("samples/batch")).unwrap().count();
    assert_eq!(std::fs::read_dir(out.path().join("dossiers")).unwrap().count(), dossiers);
    for l in std::fs::read_to_string(out.path().join("findings.jsonl")).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        for k in [
            "dossier_id",
            "code",
            "severity",
            "field",
            "file",
            "message_zh",
            "message_en",
            "detail",
            "excerpt",
            "related",
        ] {
            assert!(v.get(k).is_some(), "finding lacks {k}: {l}");
        }
    }
}

#[test]
fn a_missing_batch_is_an_error_with_a_reason() {
    let o = dossier(&["run", "no/such/batch", "--out", "/tmp/never-written"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("批次文件夹不存在") && err.contains("batch folder not found"), "{err}");
    assert!(!Path::new("/tmp/never-written").exists());
}

#[test]
fn an_unknown_pipeline_is_an_error() {
    let out = tempfile::tempdir().unwrap();
    let o = dossier(&[
        "run",
        "samples/batch",
        "--out",
        out.path().to_str().unwrap(),
        "--pipeline",
        "pipelines/nowhere.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pipeline"));
}

#[test]
fn every_contest_pipeline_runs_on_the_samples() {
    for p in ["national-2025", "hunan-2025", "guangdong-2025", "heilongjiang-2025", "shanxi-2025"] {
        let out = tempfile::tempdir().unwrap();
        let pipeline = format!("pipelines/{p}.toml");
        let o = dossier(&["run", "samples/batch", "--out", out.path().to_str().unwrap(), "--pipeline", &pipeline]);
        assert!(o.status.success(), "{p}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn extract_shows_the_document_and_fields() {
    let o = dossier(&["extract", "samples/batch/SX2025-0001/申报书.docx", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["form"]["recognised"], true);
    assert!(v["document"]["blocks"].as_array().unwrap().len() > 10);
    assert!(v["fields"]["project.name"].as_str().is_some_and(|s| !s.is_empty()));
    let plain = dossier(&["extract", "samples/batch/SX2025-0001/申报书.docx"]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("参赛项目申报书"));
    let bad = dossier(&["extract", "samples/batch/SX2025-0206/补充材料.docx"]);
    assert_eq!(bad.status.code(), Some(2), "a truncated DOCX cannot be read");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("无法读取"));
}

#[test]
fn extract_reads_a_scan_through_ocr_or_says_it_needs_it() {
    let o = dossier(&["extract", "samples/ocr/licence.png", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["document"].is_null(), "a picture has no document model");
    if v["ocr"] == true {
        // Built with OCR (the test command enables it): the licence's identity is read.
        assert_eq!(v["evidence"]["kind"], "business_license", "{v}");
        assert_eq!(v["evidence"]["credit_codes"], serde_json::json!(["9114110279867752XD"]), "{v}");
        assert!(v["text"].as_str().unwrap().contains("统一社会信用代码"), "{v}");
    } else {
        assert!(v["needs_ocr"].as_str().is_some_and(|w| w.contains("OCR")), "{v}");
        println!("skipped OCR half: this build has no OCR ({})", v["needs_ocr"]);
    }
}

#[test]
fn a_missing_or_unknown_reference_list_stops_before_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let missing = tmp.path().join("没有这个名单.xlsx");
    let o = dossier(&[
        "run",
        "samples/batch",
        "--out",
        out.to_str().unwrap(),
        "--ref",
        &format!("excluded={}", missing.display()),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("不存在或无法读取") && err.contains("cannot be read") && err.contains("没有这个名单.xlsx"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written when a list is missing");

    let list = tmp.path().join("list.csv");
    std::fs::write(&list, "单位名称\n某公司\n").unwrap();
    let o = dossier(&[
        "run",
        "samples/batch",
        "--out",
        out.to_str().unwrap(),
        "--ref",
        &format!("winners={}", list.display()),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown reference list name `winners`"));

    let o = dossier(&["run", "samples/batch", "--out", out.to_str().unwrap(), "--ref", "excluded"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NAME=FILE"));
    assert!(!out.exists());
}

#[test]
fn against_a_folder_that_is_not_a_run_is_an_error_before_the_run() {
    let out = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let target = out.path().join("never");
    let o = dossier(&[
        "run",
        "samples/batch",
        "--out",
        target.to_str().unwrap(),
        "--against",
        other.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("fingerprints.jsonl") && err.contains("--against"), "{err}");
    assert!(!target.exists(), "nothing written");
}
