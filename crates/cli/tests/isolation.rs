//! Isolation: a reader that aborts, overflows its stack, runs out of memory or hangs costs its
//! file, not the run. The test build's readers fail that way on marked file names (batch's
//! `failpoints` feature, enabled for this package's tests only); `dossier run` reads in worker
//! processes and must account for every file, read the rest of each dossier, and write for
//! the unaffected dossiers exactly what an in-process run writes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dossier(id: &str, to: &Path) {
    let src = repo().join("samples/batch").join(id);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn run(batch: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["run", batch.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"])
        .args(extra)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success(), "run failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_crashing_reader_costs_its_file_not_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("batch");
    // Clean dossiers, before and after the broken ones in dossier order.
    copy_dossier("SX2025-0001", &b.join("A-clean"));
    copy_dossier("SX2025-0003", &b.join("Z-clean"));
    // One marked file beside a whole dossier each; one dossier with two culprits.
    let marked = [
        ("B-abort", "专利证书__abort__.pdf"),
        ("C-overflow", "合同__stack_overflow__.pdf"),
        ("D-oom", "营业执照__oom__.jpg"),
        ("E-hang", "财务__hang__.xlsx"),
    ];
    for (id, name) in marked {
        copy_dossier("SX2025-0001", &b.join(id));
        std::fs::copy(repo().join("samples/batch/SX2025-0001/专利证书-1.pdf"), b.join(id).join(name)).unwrap();
    }
    copy_dossier("SX2025-0003", &b.join("F-two"));
    std::fs::write(b.join("F-two/a__abort__.pdf"), b"%PDF-1.4 whatever").unwrap();
    std::fs::write(b.join("F-two/b__stack_overflow__.docx"), b"PK whatever").unwrap();
    // A zip whose reading itself crashes: the dossier is listed, unread.
    std::fs::copy(repo().join("samples/batch/SX2025-0009.zip"), b.join("G__abort__.zip")).unwrap();

    let out = dir.path().join("out");
    let o = run(&b, &out, &["--file-timeout", "8", "--worker-memory", "1024", "--threads", "2"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("完成"), "{stdout}");

    let inv = jsonl(&out.join("inventory.jsonl"));
    let status = |d: &str, p: &str| {
        inv.iter()
            .find(|l| l["dossier_id"] == d && l["path"] == p)
            .unwrap_or_else(|| panic!("{d}/{p} not in the inventory"))
            .clone()
    };
    let expect = [
        ("B-abort", "专利证书__abort__.pdf", "abort"),
        ("C-overflow", "合同__stack_overflow__.pdf", "stack overflow"),
        ("D-oom", "营业执照__oom__.jpg", "memory limit"),
        ("E-hang", "财务__hang__.xlsx", "after 8 s"),
        ("F-two", "a__abort__.pdf", "abort"),
        ("F-two", "b__stack_overflow__.docx", "stack overflow"),
    ];
    for (d, p, why) in expect {
        let l = status(d, p);
        assert_eq!(l["status"], "failed", "{d}/{p}: {l}");
        let err = l["error"].as_str().unwrap();
        assert!(err.contains(why) && err.contains("已跳过"), "{d}/{p}: {err}");
        // Hashed all the same: a crashing file sent by two teams is still a duplicate.
        assert_eq!(l["sha256"].as_str().unwrap().len(), 64, "{d}/{p}");
    }
    // The rest of each affected dossier was read: its form recognised, its other files parsed.
    for d in ["B-abort", "C-overflow", "D-oom", "E-hang", "F-two"] {
        let dj: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("dossiers").join(format!("{d}.json"))).unwrap()).unwrap();
        assert!(dj["form_file"].is_string(), "{d}: form not read: {}", dj["form_file"]);
        assert!(
            inv.iter().any(|l| l["dossier_id"] == d && l["path"] == "申报书.docx" && l["status"] == "parsed"),
            "{d}: form not parsed"
        );
    }
    // The zip that crashed its reader: accounted for, with the reason, nothing else read.
    let g: Vec<_> = inv.iter().filter(|l| l["dossier_id"] == "G__abort__").collect();
    assert_eq!(g.len(), 1, "{g:?}");
    assert_eq!(g[0]["status"], "failed");
    assert!(g[0]["error"].as_str().unwrap().contains("人工审查"), "{}", g[0]["error"]);
    // Every culprit is a FILE_UNREADABLE finding.
    let findings = jsonl(&out.join("findings.jsonl"));
    for (d, p, _) in expect {
        assert!(
            findings.iter().any(|f| f["code"] == "FILE_UNREADABLE" && f["dossier_id"] == d && f["file"] == p),
            "no FILE_UNREADABLE for {d}/{p}"
        );
    }
    assert!(findings.iter().any(|f| f["code"] == "FILE_UNREADABLE" && f["dossier_id"] == "G__abort__"));

    // Unaffected dossiers: the same bytes as a run that reads everything in-process.
    let clean = dir.path().join("clean");
    copy_dossier("SX2025-0001", &clean.join("A-clean"));
    copy_dossier("SX2025-0003", &clean.join("Z-clean"));
    let out_iso = dir.path().join("out-iso");
    let out_in = dir.path().join("out-in");
    run(&clean, &out_iso, &[]);
    run(&clean, &out_in, &["--in-process"]);
    for f in
        ["dossiers/A-clean.json", "dossiers/Z-clean.json", "text/A-clean.jsonl", "inventory.jsonl", "findings.jsonl"]
    {
        assert_eq!(
            std::fs::read(out_iso.join(f)).unwrap(),
            std::fs::read(out_in.join(f)).unwrap(),
            "{f} differs between worker processes and in-process reading"
        );
    }
    // And within the crashing batch, the clean dossiers read as in the clean batch.
    assert_eq!(
        std::fs::read(out.join("dossiers/A-clean.json")).unwrap(),
        std::fs::read(out_in.join("dossiers/A-clean.json")).unwrap()
    );
    // The timings include the workers' stages.
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(out_iso.join("timings.json")).unwrap()).unwrap();
    let parse = t["stages"].as_array().unwrap().iter().find(|s| s["stage"] == "parse").unwrap();
    assert!(parse["calls"].as_u64().unwrap() > 0, "{t}");
}
