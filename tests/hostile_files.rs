//! The hostile files of issue 5, made here (not downloaded), in one batch through the whole run:
//! a PNG whose header claims 50000×50000 pixels, a PDF whose page tree is a cycle and whose
//! stream length refers to itself, an encrypted PDF, a JPEG named `.pdf`, a 2 GiB sparse file, a
//! name with control characters, beside a good form.
//! Each is accounted for with a clear reason (or read correctly, for the mislabelled one), the
//! run completes, and the process's peak memory stays under 1 GiB. (The zip bomb, billion
//! laughs, zip-slip, truncated and empty files are in `robustness.rs`.)

use std::fs;
use std::path::Path;

use e2e::{jsonl, repo};
use serde_json::Value;

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A valid PNG header for a 50000×50000 RGB picture, then a few bytes of compressed data:
/// decoding it would need 7.5 GB.
fn png_bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// A PDF from its objects (numbered from 1) and trailer entries, with a correct xref table.
fn pdf(objects: &[&str], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).into_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} {trailer} >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes(),
    );
    out
}

fn peak_rss_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn line<'a>(inv: &'a [Value], id: &str, path: &str) -> &'a Value {
    inv.iter()
        .find(|l| l["dossier_id"] == id && l["path"] == path)
        .unwrap_or_else(|| panic!("no inventory line for {id}/{path}: {inv:#?}"))
}

#[test]
fn hostile_files_become_clear_reasons_and_memory_stays_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("batch");
    let form = fs::read(repo().join("samples/batch/SX2025-0001/申报书.docx")).unwrap();
    let licence = fs::read(repo().join("samples/batch/SX2025-0001/营业执照.jpg")).unwrap();

    write(&b.join("H-1/申报书.docx"), &form);
    write(&b.join("H-1/营业执照.png"), &png_bomb());
    // Page tree 2 → 3 → 2, and a stream whose /Length is itself.
    let cyclic = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 /Contents 4 0 R >>",
            "<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf (loop) Tj ET\nendstream",
        ],
        "/Root 1 0 R",
    );
    write(&b.join("H-1/专利证书.pdf"), &cyclic);
    let encrypted = pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            "<< /Length 10 >>\nstream\n0123456789\nendstream",
            "<< /Filter /Standard /V 1 /R 2 /P -4 \
             /O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef> \
             /U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>",
        ],
        "/Root 1 0 R /Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    );
    write(&b.join("H-1/合同.pdf"), &encrypted);
    write(&b.join("H-1/营业执照副本.pdf"), &licence);
    // 2 GiB that take no disk: refused from its size, never read.
    fs::File::create(b.join("H-1/视频.mp4")).unwrap().set_len(2 << 30).unwrap();
    // A name with control characters (a bell and an escape).
    write(&b.join("H-1/说明\u{7}\u{1b}.txt"), "说明".as_bytes());

    let out = tmp.path().join("out");
    let cfg = batch::RunConfig::new(b.clone(), out.clone(), repo().join("pipelines/shanxi-2025.toml"));
    let summary = batch::run(&cfg, &|_| {}).expect("the run completes");
    assert_eq!(summary.dossiers, 1);

    let inv = jsonl(&out.join("inventory.jsonl"));
    assert_eq!(inv.len(), 7, "every file accounted for: {inv:#?}");
    for l in &inv {
        println!("{} {} {} {}", l["path"], l["kind"], l["status"], l["error"]);
    }
    let reason = |path: &str| line(&inv, "H-1", path)["error"].as_str().unwrap_or_default().to_string();
    let bomb = line(&inv, "H-1", "营业执照.png");
    assert_eq!(bomb["status"], "failed", "{bomb}");
    assert!(reason("营业执照.png").contains("像素"), "the pixel limit is named: {bomb}");
    let cyc = line(&inv, "H-1", "专利证书.pdf");
    assert_eq!(cyc["status"], "failed", "a page tree that is a cycle has no pages to read: {cyc}");
    assert!(!reason("专利证书.pdf").is_empty());
    let enc = line(&inv, "H-1", "合同.pdf");
    assert_eq!(enc["status"], "failed", "{enc}");
    assert!(reason("合同.pdf").contains("加密"), "the reason says it is encrypted: {enc}");
    let jpeg = line(&inv, "H-1", "营业执照副本.pdf");
    assert_eq!(jpeg["kind"], "image", "content, not the extension, decides: {jpeg}");
    assert_ne!(jpeg["status"], "failed", "{jpeg}");
    assert_eq!(line(&inv, "H-1", "申报书.docx")["role"], "form");
    let big = line(&inv, "H-1", "视频.mp4");
    assert_eq!(big["status"], "failed", "{big}");
    assert!(reason("视频.mp4").contains("MiB"), "the size limit is named: {big}");
    assert!(inv.iter().any(|l| l["path"].as_str().is_some_and(|p| p.starts_with("说明"))), "the odd name is listed");

    let findings = jsonl(&out.join("findings.jsonl"));
    let unreadable: Vec<&str> =
        findings.iter().filter(|f| f["code"] == "FILE_UNREADABLE").filter_map(|f| f["file"].as_str()).collect();
    for f in ["营业执照.png", "专利证书.pdf", "合同.pdf"] {
        assert!(unreadable.contains(&f), "FILE_UNREADABLE for {f}: {unreadable:?}");
    }
    assert!(!unreadable.contains(&"营业执照副本.pdf"));

    match peak_rss_kib() {
        Some(kib) => {
            println!("peak memory of the test process: {} MiB", kib / 1024);
            assert!(kib < 1024 * 1024, "peak RSS {kib} KiB is over 1 GiB");
        }
        None => println!("skipped: no /proc/self/status here, peak memory not measured"),
    }
}
