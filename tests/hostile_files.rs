//! The hostile files of issues 5 and 10, made here (not downloaded), through whole runs:
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

/// A real JPEG whose frame header (SOF0/SOF2) is made to claim `w`×`h` pixels: a decoder that
/// believed it would allocate gigabytes.
fn jpeg_bomb(jpeg: &[u8], w: u16, h: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let sof = (2..out.len() - 9).find(|&i| out[i] == 0xFF && matches!(out[i + 1], 0xC0 | 0xC1 | 0xC2)).unwrap();
    out[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    out
}

/// A PDF of one page and `n` more objects that nothing refers to.
fn pdf_with_objects(n: usize) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".into(),
    ];
    objects.extend((0..n).map(|i| format!("<< /N {i} >>")));
    let refs: Vec<&str> = objects.iter().map(String::as_str).collect();
    pdf(&refs, "/Root 1 0 R")
}

/// A minimal XLSX whose sheet (and shared strings) carry `doctype` and use its entity.
fn xlsx_with_doctype(doctype: &str, entity: &str) -> Vec<u8> {
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="财务" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>营业收入&{entity};</t></is></c><c r="B1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&{entity};</t></si></sst>"#
    );
    e2e::package(&[
        ("[Content_Types].xml", ct.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
    ])
}

/// A zip of `n` one-byte entries.
fn many_entries(n: usize) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..n {
        w.start_file(format!("f{i}.txt"), opts).unwrap();
        w.write_all(b"x").unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every file below `dir` with its size and modification time (to see that nothing changed).
fn tree(dir: &Path, out: &mut Vec<(std::path::PathBuf, u64, Option<std::time::SystemTime>)>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(m) = fs::symlink_metadata(&p) else { continue };
        if m.is_dir() {
            tree(&p, out);
        }
        out.push((p, m.len(), m.modified().ok()));
    }
}

/// The rest of issue 10's hostile suite: a PDF of a million objects, nested and many-entry zip
/// bombs, external entities and billion laughs in XLSX and DOCX parts, a JPEG decompression bomb,
/// truncated XLSX/PNG/JPEG/zip files, wrong extensions, GBK names on disk, links pointing outside
/// the batch. Each is a clear reason or a correct read; the run completes; memory stays bounded;
/// nothing outside the run folder is written.
#[test]
fn the_rest_of_the_hostile_suite() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path().join("batch");
    let sample = repo().join("samples/batch/SX2025-0001");
    let form = fs::read(sample.join("申报书.docx")).unwrap();
    let licence = fs::read(sample.join("营业执照.jpg")).unwrap();
    let sheet = fs::read(sample.join("财务数据.xlsx")).unwrap();
    let zipped = fs::read(repo().join("samples/batch/SX2025-0009.zip")).unwrap();

    write(&b.join("M-1/申报书.docx"), &form);
    write(&b.join("M-1/百万对象.pdf"), &pdf_with_objects(1_000_000));
    write(&b.join("M-1/营业执照.jpg"), &jpeg_bomb(&licence, 65_000, 65_000));
    // XLSX: an external entity (file:///etc/passwd) and billion laughs; a DOCX with the entity.
    let xxe = r#"<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#;
    write(&b.join("M-1/财务-外部实体.xlsx"), &xlsx_with_doctype(xxe, "xxe"));
    let laughs = r#"<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>"#;
    write(&b.join("M-1/财务-实体炸弹.xlsx"), &xlsx_with_doctype(laughs, "h"));
    let xxe_doc = format!(
        r#"<?xml version="1.0"?>{xxe}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#
    );
    write(
        &b.join("M-1/说明-外部实体.docx"),
        &e2e::package(&[
            ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#),
            ("word/document.xml", xxe_doc.as_bytes()),
        ]),
    );
    // Truncated files of each kind, and wrong extensions.
    write(&b.join("M-1/财务-截断.xlsx"), &sheet[..sheet.len() / 2]);
    write(&b.join("M-1/照片-截断.jpg"), &licence[..licence.len() / 3]);
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 7])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    write(&b.join("M-1/图-截断.png"), &png[..png.len() / 2]);
    write(&b.join("M-1/附件-截断.zip"), &zipped[..zipped.len() / 2]);
    write(&b.join("M-1/表格其实是.pdf"), &sheet);
    write(&b.join("M-1/文档其实是.xlsx"), &form);
    // Zip bombs: zips within a zip (inner ones are not expanded again), 25,000 entries.
    let zeros = vec![0u8; 30 << 20];
    let inner = e2e::package(&[("zeros.bin", &zeros)]);
    let middle = e2e::package(&[("a.zip", &inner), ("b.zip", &inner), ("c.zip", &inner)]);
    write(&b.join("N-nested/材料.zip"), &e2e::package(&[("x.zip", &middle), ("y.zip", &middle)]));
    write(&b.join("N-nested/申报书.docx"), &form);
    write(&b.join("O-nested.zip"), &e2e::package(&[("申报书.docx", &form), ("x.zip", &middle)]));
    write(&b.join("P-many/材料.zip"), &many_entries(25_000));
    write(&b.join("Q-truncated.zip"), &zipped[..zipped.len() * 2 / 3]);
    // GBK names on disk (a Windows zip unpacked on Linux): the folder 山西 and 营业执照.jpg.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = b.join(std::ffi::OsStr::from_bytes(b"R-\xc9\xbd\xce\xf7"));
        write(&dir.join("申报书.docx"), &form);
        write(&dir.join(std::ffi::OsStr::from_bytes(b"\xd3\xaa\xd2\xb5\xd6\xb4\xd5\xd5.jpg")), &licence);
        // Links pointing outside the batch: a file, a folder inside a dossier, a dossier that is a link.
        std::os::unix::fs::symlink("/etc/passwd", b.join("M-1/passwd.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", b.join("M-1/etc")).unwrap();
        std::os::unix::fs::symlink("/usr/share", b.join("S-link")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", b.join("passwd.xlsx")).unwrap();
    }

    let mut before = Vec::new();
    tree(tmp.path(), &mut before);
    let out = tmp.path().join("out");
    let cfg = batch::RunConfig::new(b.clone(), out.clone(), repo().join("pipelines/shanxi-2025.toml"));
    let started = std::time::Instant::now();
    let summary = batch::run(&cfg, &|_| {}).expect("the run completes");
    println!("run: {:.1} s, {} dossiers, {} files", started.elapsed().as_secs_f64(), summary.dossiers, summary.files);

    let inv = jsonl(&out.join("inventory.jsonl"));
    for l in &inv {
        println!("{} | {} | {} | {} | {}", l["dossier_id"], l["path"], l["kind"], l["status"], l["error"]);
        assert!(["parsed", "failed", "skipped"].contains(&l["status"].as_str().unwrap()), "{l}");
        if l["status"] != "parsed" {
            assert!(l["error"].as_str().is_some_and(|e| !e.is_empty()), "a reason for {l}");
        }
        // No external entity was ever resolved.
        assert!(!l.to_string().contains("root:x:0:0"), "{l}");
    }
    let reason = |id: &str, path: &str| line(&inv, id, path)["error"].as_str().unwrap_or_default().to_string();
    let status = |id: &str, path: &str| line(&inv, id, path)["status"].as_str().unwrap().to_string();
    // A million objects: refused from a count taken before parsing, the limit named.
    assert_eq!(status("M-1", "百万对象.pdf"), "failed");
    assert!(reason("M-1", "百万对象.pdf").contains("对象数超过 250000"), "{}", reason("M-1", "百万对象.pdf"));
    assert_eq!(status("M-1", "营业执照.jpg"), "failed");
    assert!(reason("M-1", "营业执照.jpg").contains("像素"), "the pixel limit is named");
    for p in ["财务-外部实体.xlsx", "财务-实体炸弹.xlsx", "说明-外部实体.docx"] {
        assert_eq!(status("M-1", p), "failed", "{p}: a DTD is refused, not expanded");
        assert!(reason("M-1", p).contains("DTD"), "{p}: {}", reason("M-1", p));
    }
    for p in ["财务-截断.xlsx", "图-截断.png", "附件-截断.zip"] {
        assert_eq!(status("M-1", p), "failed", "{p}");
        assert!(reason("M-1", p).contains("损坏") || reason("M-1", p).contains("不完整"), "{p}: {}", reason("M-1", p));
    }
    // A baseline JPEG cut short decodes to its top part (as browsers show it): a picture still
    // needing OCR, with that reason — or failed, never silently "parsed".
    assert_ne!(status("M-1", "照片-截断.jpg"), "parsed");
    assert!(!reason("M-1", "照片-截断.jpg").is_empty());
    assert_eq!(line(&inv, "M-1", "表格其实是.pdf")["kind"], "xlsx", "content decides");
    assert_eq!(status("M-1", "表格其实是.pdf"), "parsed");
    assert_eq!(line(&inv, "M-1", "文档其实是.xlsx")["kind"], "docx");
    // Zips in zips: the inner ones are listed, never inflated; the batch's own zip with zips.
    for id in ["N-nested", "O-nested"] {
        assert!(inv.iter().any(|l| l["dossier_id"] == id && l["role"] == "form"), "{id}: the form is read");
        assert!(
            !inv.iter().any(|l| l["dossier_id"] == id && l["path"].as_str().unwrap().ends_with("zeros.bin")),
            "{id}: no inner zip is inflated"
        );
    }
    let many: Vec<&Value> = inv.iter().filter(|l| l["dossier_id"] == "P-many").collect();
    assert_eq!(many.len(), 1, "an archive over the entry limit is one refused line");
    assert!(many[0]["error"].as_str().unwrap().contains("20000"), "{}", many[0]);
    let q: Vec<&Value> = inv.iter().filter(|l| l["dossier_id"] == "Q-truncated").collect();
    assert!(!q.is_empty() && q.iter().all(|l| l["status"] == "failed" || l["status"] == "parsed"), "{q:?}");
    #[cfg(unix)]
    {
        assert_eq!(line(&inv, "R-山西", "营业执照.jpg")["kind"], "image", "GBK names decoded");
        assert_eq!(line(&inv, "R-山西", "申报书.docx")["role"], "form");
        assert!(reason("M-1", "passwd.txt").contains("符号链接"));
        assert!(reason("M-1", "etc").contains("符号链接"));
        let s = inv.iter().find(|l| l["path"] == "S-link").expect("the linked dossier is listed");
        assert!(s["error"].as_str().unwrap().contains("符号链接"), "{s}");
        let s = inv.iter().find(|l| l["path"] == "passwd.xlsx").expect("the root link is listed");
        assert!(s["error"].as_str().unwrap().contains("符号链接"), "{s}");
        // The SHA-256 of nothing: a link is not read.
        assert_eq!(s["sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "{s}");
    }
    // Nothing outside the run folder changed or appeared.
    let mut after = Vec::new();
    tree(tmp.path(), &mut after);
    after.retain(|(p, ..)| !p.starts_with(&out));
    before.retain(|(p, ..)| !p.starts_with(&out));
    assert_eq!(before, after, "files outside the run folder changed");
    match peak_rss_kib() {
        Some(kib) => {
            println!("peak memory of the test process: {} MiB", kib / 1024);
            assert!(kib < 1024 * 1024, "peak RSS {kib} KiB is over 1 GiB");
        }
        None => println!("skipped: no /proc/self/status here, peak memory not measured"),
    }
}
