//! Scans in a dossier: a licence picture, a patent certificate scanned into a PDF (a JPEG page,
//! no text layer) and a blank picture. With OCR built in (`--features e2e/ocr`, as `.ci/run`
//! does) the first two are read and their holder, credit code and patent number reach the
//! dossier's attachments; the blank one is reported as OCR_NEEDED. Without OCR every scan is
//! recorded as needing OCR — inventory status `skipped`, `needs_ocr`, a reason, and an
//! OCR_NEEDED warning — never silently empty.

use std::io::Write;

use e2e::{jsonl, repo};
use serde_json::Value;

/// A one-page PDF whose page is the JPEG `jpg` (`w`×`h` pixels), with no text at all.
fn scanned_pdf(jpg: &[u8], w: u32, h: u32) -> Vec<u8> {
    let content = format!("q 595 0 0 842 0 0 cm /Im0 Do Q");
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>".to_vec(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
    ];
    let mut img = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
        jpg.len()
    )
    .into_bytes();
    img.extend_from_slice(jpg);
    img.extend_from_slice(b"\nendstream");
    objs.push(img);
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).unwrap();
    for o in offsets {
        write!(out, "{o:010} 00000 n \n").unwrap();
    }
    write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).unwrap();
    out
}

fn run(files: &[(&str, Vec<u8>)]) -> (Vec<Value>, Vec<Value>, Value) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("batch/T-0001");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let out = tmp.path().join("out");
    let cfg = batch::RunConfig::new(tmp.path().join("batch"), out.clone(), repo().join("pipelines/shanxi-2025.toml"));
    batch::run(&cfg, &|_| {}).expect("run completes");
    let dossier: Value = serde_json::from_slice(&std::fs::read(out.join("dossiers/T-0001.json")).unwrap()).unwrap();
    (jsonl(&out.join("inventory.jsonl")), jsonl(&out.join("findings.jsonl")), dossier)
}

fn files() -> Vec<(&'static str, Vec<u8>)> {
    let licence = std::fs::read(repo().join("samples/ocr/licence.png")).unwrap();
    let patent = image::open(repo().join("samples/ocr/patent.png")).unwrap().to_luma8();
    let mut jpg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 80).encode_image(&patent).unwrap();
    let mut blank = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut blank, 80)
        .encode_image(&image::GrayImage::from_pixel(800, 600, image::Luma([250])))
        .unwrap();
    vec![
        ("营业执照-扫描.png", licence),
        ("专利证书-扫描.pdf", scanned_pdf(&jpg, patent.width(), patent.height())),
        ("空白.jpg", blank),
    ]
}

fn line<'a>(inv: &'a [Value], path: &str) -> &'a Value {
    inv.iter().find(|l| l["path"] == path).unwrap_or_else(|| panic!("{path} not in the inventory"))
}

fn ocr_needed<'a>(findings: &'a [Value], path: &str) -> Option<&'a Value> {
    findings.iter().find(|f| f["code"] == "OCR_NEEDED" && f["file"] == path)
}

#[cfg(not(feature = "ocr"))]
#[test]
fn without_ocr_every_scan_is_recorded_as_needing_it() {
    let (inv, findings, _) = run(&files());
    for path in ["营业执照-扫描.png", "专利证书-扫描.pdf", "空白.jpg"] {
        let l = line(&inv, path);
        assert_eq!(l["needs_ocr"], true, "{path}: {l}");
        assert_eq!(l["status"], "skipped", "{path}: {l}");
        let reason = l["error"].as_str().unwrap_or_default();
        assert!(reason.contains("OCR"), "{path}: {reason}");
        let f = ocr_needed(&findings, path).unwrap_or_else(|| panic!("{path}: no OCR_NEEDED"));
        assert_eq!(f["severity"], "warning");
        assert!(f["message_zh"].as_str().unwrap().contains("未启用 OCR"), "{f}");
    }
}

#[cfg(feature = "ocr")]
#[test]
fn with_ocr_scans_are_read_and_a_blank_one_is_reported() {
    let (inv, findings, dossier) = run(&files());
    let attachment = |path: &str| -> Value {
        dossier["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("{path} not among the attachments"))
    };
    for path in ["营业执照-扫描.png", "专利证书-扫描.pdf"] {
        let l = line(&inv, path);
        assert_eq!(l["status"], "parsed", "{path}: {l}");
        assert_eq!(l["needs_ocr"], false, "{path}: {l}");
        assert_eq!(l["ocr"], true, "{path}: {l}");
        assert!(ocr_needed(&findings, path).is_none(), "{path}");
    }
    let lic = attachment("营业执照-扫描.png");
    assert_eq!(lic["kind"], "business_license", "{lic}");
    assert_eq!(lic["credit_codes"], serde_json::json!(["9114110279867752XD"]), "{lic}");
    assert!(lic["holders"].to_string().contains("吕梁龙城智算数字技术有限公司"), "{lic}");
    let pat = attachment("专利证书-扫描.pdf");
    assert_eq!(pat["kind"], "patent_certificate", "{pat}");
    assert!(pat["ip_numbers"].to_string().contains("ZL202210719823.4"), "{pat}");
    assert!(pat["holders"].to_string().contains("吕梁龙城智算数字技术有限公司"), "{pat}");
    let blank = line(&inv, "空白.jpg");
    assert_eq!(blank["needs_ocr"], true, "{blank}");
    assert!(ocr_needed(&findings, "空白.jpg").is_some(), "a picture without text is reported");
}
