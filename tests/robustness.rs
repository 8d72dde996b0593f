//! A batch of broken and hostile dossiers: the run completes, every file is accounted for in
//! the inventory with a clear reason, and nothing is written outside the run folder.

use std::fs;
use std::path::Path;

use e2e::{docx, jsonl, package, para, repo, xlsx_package};
use serde_json::Value;

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn line<'a>(inv: &'a [Value], id: &str, path: &str) -> &'a Value {
    inv.iter()
        .find(|l| l["dossier_id"] == id && l["path"] == path)
        .unwrap_or_else(|| panic!("no inventory line for {id}/{path}: {inv:#?}"))
}

#[test]
fn hostile_and_broken_dossiers_are_accounted_for_and_the_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("batch");
    let form = fs::read(repo().join("samples/batch/SX2025-0001/申报书.docx")).unwrap();

    write(&b.join("A-good/申报书.docx"), &form);
    write(&b.join("B-corrupt/申报书.docx"), &form[..form.len() / 3]);
    fs::create_dir_all(b.join("C-empty")).unwrap();
    write(&b.join("D-nonform/技术服务合同.docx"), &docx(&(para("技术服务合同") + &para("甲方：某某科技有限公司"))));
    write(
        &b.join("E-slip.zip"),
        &package(&[("../../evil.txt", b"pwned"), ("/abs.txt", b"pwned"), ("申报书.docx", &form)]),
    );
    let zeros = vec![0u8; 40 << 20];
    write(&b.join("F-bomb/材料.zip"), &package(&[("zeros.bin", &zeros)]));
    write(&b.join("G-mislabel/申报书.pdf"), &form);
    write(&b.join("H-zero/申报书.docx"), b"");
    write(&b.join("I-xlsx/申报书.docx"), &xlsx_package());
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let mut entity = fs::read(repo().join("samples/batch/SX2025-0001/申报书.docx")).unwrap();
    entity.clear();
    entity.extend(package(&[
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#),
        ("word/document.xml", bomb.as_bytes()),
    ]));
    write(&b.join("J-entities/申报书.docx"), &entity);
    fs::create_dir_all(b.join("K-symlink")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", b.join("K-symlink/passwd.docx")).unwrap();
    write(&b.join("readme.txt"), "说明".as_bytes());

    let out = tmp.path().join("out");
    let cfg = batch::RunConfig::new(b.clone(), out.clone(), repo().join("pipelines/shanxi-2025.toml"));
    let summary = batch::run(&cfg, &|_| {}).expect("the run completes");
    assert_eq!(summary.dossiers, 11);

    let inv = jsonl(&out.join("inventory.jsonl"));
    // Every file: 13 in folders and the loose readme, plus the 3 members of E-slip.zip (the
    // bomb zip inside F is one line: it could not be expanded).
    assert_eq!(inv.len(), 1 + 1 + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 1, "{inv:#?}");
    for l in &inv {
        assert!(["parsed", "failed", "skipped"].contains(&l["status"].as_str().unwrap()), "{l}");
        if l["status"] != "parsed" {
            assert!(l["error"].as_str().is_some_and(|e| !e.is_empty()), "a reason for {l}");
        }
    }
    assert_eq!(line(&inv, "A-good", "申报书.docx")["role"], "form");
    assert_eq!(line(&inv, "B-corrupt", "申报书.docx")["status"], "failed");
    assert_eq!(line(&inv, "D-nonform", "技术服务合同.docx")["status"], "parsed");
    let evil = line(&inv, "E-slip", "../../evil.txt");
    assert_eq!(evil["status"], "failed");
    assert!(evil["error"].as_str().unwrap().contains("../"), "{evil}");
    assert_eq!(line(&inv, "E-slip", "/abs.txt")["status"], "failed");
    assert_eq!(line(&inv, "E-slip", "申报书.docx")["role"], "form");
    let bomb = line(&inv, "F-bomb", "材料.zip/zeros.bin");
    assert_eq!(bomb["status"], "failed");
    assert!(bomb["error"].as_str().unwrap().contains("压缩比"), "{bomb}");
    assert_eq!(line(&inv, "G-mislabel", "申报书.pdf")["role"], "form", "content, not the extension, decides");
    assert!(line(&inv, "H-zero", "申报书.docx")["error"].as_str().unwrap().contains("0 字节"));
    assert!(line(&inv, "I-xlsx", "申报书.docx")["error"].as_str().unwrap().contains("Excel"));
    assert!(line(&inv, "J-entities", "申报书.docx")["error"].as_str().unwrap().contains("DTD"));
    #[cfg(unix)]
    assert!(line(&inv, "K-symlink", "passwd.docx")["error"].as_str().unwrap().contains("符号链接"));
    assert!(inv.iter().any(|l| l["dossier_id"].is_null() && l["path"] == "readme.txt" && l["status"] == "skipped"));

    let findings = jsonl(&out.join("findings.jsonl"));
    let has = |id: &str, code: &str| findings.iter().any(|f| f["dossier_id"] == id && f["code"] == code);
    for id in ["B-corrupt", "C-empty", "D-nonform", "H-zero", "I-xlsx", "J-entities"] {
        assert!(has(id, "TEMPLATE_MISMATCH"), "{id}: TEMPLATE_MISMATCH");
    }
    for id in ["B-corrupt", "F-bomb", "H-zero", "J-entities", "E-slip"] {
        assert!(has(id, "FILE_UNREADABLE"), "{id}: FILE_UNREADABLE");
    }
    assert!(!has("A-good", "TEMPLATE_MISMATCH") && !has("G-mislabel", "TEMPLATE_MISMATCH"));
    for id in ["A-good", "B-corrupt", "C-empty", "E-slip", "K-symlink"] {
        assert!(out.join(format!("dossiers/{id}.json")).is_file(), "{id}.json");
    }
    // Nothing escaped: no evil.txt anywhere near, no temporary files left.
    assert!(!tmp.path().join("evil.txt").exists() && !b.join("evil.txt").exists() && !Path::new("/abs.txt").exists());
    for e in fs::read_dir(&out).unwrap() {
        assert!(!e.unwrap().file_name().to_string_lossy().ends_with(".tmp"));
    }
    // The bombs were refused before they were expanded: the process never came near 1 GiB.
    let hwm = fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
    });
    if let Some(kib) = hwm {
        println!("peak memory of the test process: {} MiB", kib / 1024);
        assert!(kib < 1024 * 1024, "peak RSS {kib} KiB is over 1 GiB");
    }
}
