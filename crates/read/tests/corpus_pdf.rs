//! The PDF reader against the real corpus (`../shared/corpus/real/pdf/`, see its MANIFEST.md),
//! generated CID-font PDFs without ToUnicode, and a hostile set made here.
//!
//! Similarity: for each readable file, the multiset of non-whitespace characters of our text
//! against pdftotext's (`expected/<name>.txt`), scored as Dice: 2·|A∩B| / (|A|+|B|) (1.0 when
//! both are empty). Order-free on purpose: pdftotext -layout and our reading order differ in
//! tables and columns, the characters should not. The corpus test is skipped, with a message,
//! when `../shared` is absent.

mod support;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::build_pdf;

use read::{pdf, Limits, ReadError};

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
        .join("corpus/real");
    dir.join("pdf").is_dir().then_some(dir)
}

/// Reads on a thread with a 30 s watchdog: a hang fails the test instead of blocking it.
fn watchdog(name: &str, bytes: Vec<u8>) -> Result<(model::Document, String), ReadError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let limits = Limits::default();
        let r = pdf::read(&bytes, &limits).and_then(|d| pdf::text(&bytes, &limits).map(|t| (d, t)));
        let _ = tx.send(r);
    });
    rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("{name} hangs or panics"))
}

enum Want {
    Text(&'static [&'static str]),
    NeedsOcr,
    Unreadable(fn(&ReadError) -> bool),
}

fn encrypted(e: &ReadError) -> bool {
    matches!(e, ReadError::Encrypted { .. })
}
fn corrupt(e: &ReadError) -> bool {
    matches!(e, ReadError::Corrupt { .. } | ReadError::NotThisFormat { .. })
}

const CASES: &[(&str, Want)] = &[
    ("lopdf__encrypted.pdf", Want::Text(&["e-Notification of Application/Petition Acceptance"])),
    ("lopdf__unicode.pdf", Want::Text(&["😀🔧🔨"])),
    ("mineru__introduction.pdf", Want::Text(&["一般化学方程式"])),
    ("mineru__small_ocr.pdf", Want::NeedsOcr),
    ("pdf2docx__demo-table-align-borders.pdf", Want::Text(&["板材冲压成形的晶体塑性有限元模拟"])),
    ("pdf2docx__demo-table-empty-cell.pdf", Want::Text(&["统计上大中小微型企业划分标准"])),
    // Known gap: the e-invoice stamp (统一发票监制) is drawn over the title and interleaves with it.
    ("pdf2docx__demo-table-lattice.pdf", Want::Text(&["发票代码", "增值税", "普通发票"])),
    ("pdfjs__ContentStreamCycleType3insideType3.pdf", Want::Text(&[])),
    ("pdfjs__Embedded_font.pdf", Want::Text(&["除"])),
    ("pdfjs__Pages-tree-refs.pdf", Want::Text(&["Testcase: 'Pages loop'"])),
    ("pdfjs__SimFang-variant.pdf", Want::Text(&[])),
    ("pdfjs__XiaoBiaoSong.pdf", Want::Text(&[])),
    ("pdfjs__bug1245391_reduced.pdf", Want::Text(&["集油器"])),
    ("pdfjs__helloworld-bad.pdf", Want::Text(&["Hello, world!"])),
    ("pdfjs__issue12823.pdf", Want::Text(&["愿景", "知识库简介"])),
    ("pdfjs__issue13316_reduced.pdf", Want::Text(&["开 票 通 知 单"])),
    ("pdfjs__issue13343.pdf", Want::Text(&["(57)【要約】"])),
    // Known gap: 𥕛 is shown as UTF-16 U+E687 (HKSCS private use) in UniCNS-UTF16-H, which only
    // the CMap file maps to its CID; we do not bundle the CNS1 Unicode CMaps.
    ("pdfjs__issue19182.pdf", Want::Text(&["胡駿", "Company Secretary"])),
    ("pdfjs__issue19360.pdf", Want::Text(&["坚持社会主义核心价值体系"])),
    ("pdfjs__issue2128r.pdf", Want::Text(&["浅谈校长的魅力"])),
    ("pdfjs__issue2884_reduced.pdf", Want::Text(&[])),
    ("pdfjs__issue3521.pdf", Want::Text(&["我们都是黑体字"])),
    ("pdfjs__issue4061.pdf", Want::Text(&["轉轉"])),
    ("pdfjs__issue6010_1.pdf", Want::Unreadable(encrypted)),
    ("pdfjs__issue6387.pdf", Want::Text(&["あのイーハトーヴォのすきとおった風"])),
    // AES-256 whose /CF is an indirect object: lopdf 0.47 alone leaves the streams encrypted.
    ("pdfjs__issue7665.pdf", Want::Text(&["Issue 7665"])),
    ("pdfjs__issue8372.pdf", Want::Text(&["目录"])),
    ("pdfjs__scan-bad.pdf", Want::Text(&["pdf.js"])),
    ("pdfjs__vertical.pdf", Want::Text(&["あいうえお", "日本語"])),
    ("pdfjs__xref_command_missing.pdf", Want::Text(&["Reduced test-case"])),
    ("pdfminer__aes-256-r6.pdf", Want::Unreadable(encrypted)),
    ("pdfminer__issue_566_test_2.pdf", Want::Text(&["甲方： 中国饮料有限公司"])),
    ("pdfminer__rc4-40.pdf", Want::Unreadable(encrypted)),
    ("pdfminer__zen_of_python_corrupted.pdf", Want::Text(&["Beautiful is better than ugly"])),
    ("pdfplumber__issue-336-example.pdf", Want::Text(&["安徽省建设用地使用标准（2020 年版）"])),
    ("pdfplumber__issue-461-example.pdf", Want::Text(&["性别: 男", "采样时间"])),
    ("pdfplumber__issue-67-example.pdf", Want::Text(&["东北电气发展股份有限公司 2018 年第一季度报告"])),
    ("pdfplumber__issue-71-duplicate-chars.pdf", Want::Text(&["项目描述"])),
    ("pdfplumber__issue-842-example.pdf", Want::Text(&["安徽安利合成革股份有限公司"])),
    ("pdfplumber__pr-136-example.pdf", Want::Text(&[])),
    ("pymupdf__chinese-tables.pdf", Want::Text(&["盐城高新区投资集团有限公司"])),
    ("pymupdf__has-bad-fonts.pdf", Want::Text(&["佛山市柏年建材有限公司"])),
    ("pymupdf__test_3854.pdf", Want::Text(&["天津外代货运有限公司", "HZHSE24083464"])),
    ("pymupdf__test_4182.pdf", Want::Text(&["数字拟人品"])),
    ("pymupdf__test_4546.pdf", Want::Text(&["Shipper (complete name and address) 发货人"])),
    ("qpdf__append-xref-loop.pdf", Want::Text(&["Potato 0", "Potato 29"])),
    ("qpdf__bad1.pdf", Want::Unreadable(corrupt)),
    ("qpdf__damaged-stream.pdf", Want::Text(&["Potato"])),
    ("qpdf__encrypted-with-images.pdf", Want::NeedsOcr),
    ("qpdf__issue-100.pdf", Want::Unreadable(corrupt)),
    ("qpdf__issue-143.pdf", Want::Unreadable(corrupt)),
    ("qpdf__issue-146.pdf", Want::Unreadable(corrupt)),
    ("qpdf__issue-149.pdf", Want::Text(&["bar"])),
    ("qpdf__issue-150.pdf", Want::Unreadable(corrupt)),
    ("qpdf__issue-202.pdf", Want::Text(&["Sample PDF Document", "Robert Maron"])),
];

/// Whitespace dropped and typographic quotes made plain, for phrase comparison.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// Files whose similarity is known to be low, with why; kept out of the per-file floor.
const KNOWN_GAPS: &[(&str, &str)] = &[(
    "pdfjs__ContentStreamCycleType3insideType3.pdf",
    "Type3 glyph names without Unicode meaning (pdftotext guesses 'ab')",
)];

/// Dice similarity of the multisets of non-whitespace characters.
fn similarity(ours: &str, theirs: &str) -> f64 {
    let count = |s: &str| {
        let mut m: HashMap<char, usize> = HashMap::new();
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_default() += 1;
        }
        m
    };
    let (a, b) = (count(ours), count(theirs));
    let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
    if na + nb == 0 {
        return 1.0;
    }
    let common: usize = a.iter().map(|(c, n)| (*n).min(*b.get(c).unwrap_or(&0))).sum();
    2.0 * common as f64 / (na + nb) as f64
}

/// Measured floors (see the report printed by `cargo test -p read --test corpus_pdf -- --nocapture`).
/// Measured 2026-11-23: mean 0.970 over 45 parsed files, 43 at ≥ 0.9, lowest outside KNOWN_GAPS 0.849.
const MEAN_FLOOR: f64 = 0.95;
const FILE_FLOOR: f64 = 0.8;

#[test]
fn every_corpus_pdf_is_read_or_refused_with_a_reason() {
    let Some(dir) = shared() else {
        eprintln!("skipped: ../shared/corpus/real/pdf not found (set DOSSIER_SHARED)");
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(dir.join("pdf"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    let mut sims: Vec<(String, f64)> = Vec::new();
    let mut failures = Vec::new();
    eprintln!("{:<48} {:>10}  result", "file", "similarity");
    for name in &names {
        let (_, want) =
            CASES.iter().find(|(n, _)| *n == name.as_str()).unwrap_or_else(|| panic!("{name}: add it to CASES"));
        let bytes = std::fs::read(dir.join("pdf").join(name)).unwrap();
        let started = Instant::now();
        let got = watchdog(name, bytes);
        let took = started.elapsed();
        match (want, got) {
            (Want::Text(phrases), Ok((doc, text))) => {
                let flat = squash(&text);
                for p in *phrases {
                    if !flat.contains(&squash(p)) {
                        failures.push(format!("{name}: `{p}` not in the text"));
                    }
                }
                assert!(!text.contains('\u{FFFD}'), "{name}: U+FFFD in the text");
                assert_eq!(squash(&doc.plain_text()), squash(&text.replace('\u{c}', "")), "{name}: read/text differ");
                let expected =
                    std::fs::read_to_string(dir.join("expected").join(format!("{name}.txt"))).unwrap_or_default();
                let s = similarity(&text, &expected);
                eprintln!("{name:<48} {s:>10.3}  parsed in {took:.1?}");
                sims.push((name.clone(), s));
            }
            (Want::NeedsOcr, Ok((doc, _))) => {
                assert!(
                    doc.warnings.iter().any(|w| w.contains("needs OCR")),
                    "{name}: no OCR remark: {:?}",
                    doc.warnings
                );
                eprintln!("{name:<48} {:>10}  needs OCR ({took:.1?})", "-");
            }
            (Want::Unreadable(ok), Err(e)) => {
                assert!(ok(&e), "{name}: wrong reason: {e:?}");
                assert!(!e.message_zh().is_empty());
                eprintln!("{name:<48} {:>10}  refused: {e} ({took:.1?})", "-");
            }
            (Want::Text(_) | Want::NeedsOcr, Err(e)) => failures.push(format!("{name}: should be read, got: {e}")),
            (Want::Unreadable(_), Ok(_)) => failures.push(format!("{name}: should be refused")),
        }
    }
    let mean = sims.iter().map(|s| s.1).sum::<f64>() / sims.len().max(1) as f64;
    let min = sims.iter().map(|s| s.1).fold(1.0, f64::min);
    let high = sims.iter().filter(|s| s.1 >= 0.9).count();
    for (n, why) in KNOWN_GAPS {
        eprintln!("known gap: {n}: {why}");
    }
    eprintln!("similarity over {} parsed files: mean {mean:.3}, min {min:.3}, {high} at ≥ 0.9", sims.len());
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(mean >= MEAN_FLOOR, "mean similarity {mean:.3} under {MEAN_FLOOR}");
    for (name, s) in sims.iter().filter(|(n, _)| !KNOWN_GAPS.iter().any(|(k, _)| k == n)) {
        assert!(*s >= FILE_FLOOR, "{name}: similarity {s:.3} under {FILE_FLOOR}");
    }
    assert_eq!(names.len(), CASES.len(), "a corpus file listed in CASES is missing");
}

// ------------------------------------------------------------------ generated PDFs

fn stream(content: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    s.extend_from_slice(content);
    s.extend_from_slice(b"\nendstream");
    s
}

/// One page showing `shown` (raw string bytes, hex-encoded) in a Type0 font with `encoding`
/// over a CIDFontType0 of Adobe-GB1 with no ToUnicode and no embedded program.
fn cid_pdf(encoding: &str, shown: &[u8]) -> Vec<u8> {
    let hex: String = shown.iter().map(|b| format!("{b:02X}")).collect();
    let content = format!("BT /F1 12 Tf 72 720 Td <{hex}> Tj ET");
    build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(content.as_bytes()),
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{encoding} /DescendantFonts [6 0 R] >>")
            .into_bytes(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 5 >> /FontDescriptor 7 0 R /DW 1000 >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_vec(),
    ])
}

fn pdftotext(bytes: &[u8]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("pdf-reader-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{}.pdf", bytes.len()));
    std::fs::write(&path, bytes).ok()?;
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn check_generated(label: &str, bytes: Vec<u8>, want: &str) {
    let (doc, text) = watchdog(label, bytes.clone()).unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_eq!(text.trim(), want, "{label}");
    assert!(!text.contains('\u{FFFD}'), "{label}");
    assert!(doc.warnings.is_empty(), "{label}: {:?}", doc.warnings);
    match pdftotext(&bytes) {
        Some(theirs) => {
            eprintln!("{label}: ours {:?}, pdftotext {:?}", text.trim(), theirs.trim());
        }
        None => eprintln!("{label}: pdftotext not available, comparison skipped"),
    }
}

#[test]
fn identity_h_over_adobe_gb1_without_to_unicode() {
    // CIDs of 中 (4559) and 文 (3795) in Adobe-GB1 (data/Adobe-GB1.cidu).
    check_generated("Identity-H", cid_pdf("Identity-H", &[0x11, 0xCF, 0x0E, 0xD3]), "中文");
}

#[test]
fn gbk_euc_h_without_to_unicode() {
    let (gbk, _, _) = encoding_rs::GBK.encode("申报书ABC");
    check_generated("GBK-EUC-H", cid_pdf("GBK-EUC-H", &gbk), "申报书ABC");
}

#[test]
fn unigb_ucs2_h_without_to_unicode() {
    let ucs2: Vec<u8> = "项目名称".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    check_generated("UniGB-UCS2-H", cid_pdf("UniGB-UCS2-H", &ucs2), "项目名称");
}

/// A minimal TrueType program holding only a cmap: (3,1) format 4, 中 → glyph 5, 文 → glyph 6.
fn tiny_truetype() -> Vec<u8> {
    let be = |v: u16| v.to_be_bytes();
    let segs: [(u16, u16, u16); 3] =
        [(0x4E2D, 0x4E2D, 5u16.wrapping_sub(0x4E2D)), (0x6587, 0x6587, 6u16.wrapping_sub(0x6587)), (0xFFFF, 0xFFFF, 1)];
    let mut sub = Vec::new();
    sub.extend(be(4));
    sub.extend(be(16 + 8 * segs.len() as u16));
    sub.extend(be(0));
    sub.extend(be(2 * segs.len() as u16));
    sub.extend([0u8; 6]);
    segs.iter().for_each(|s| sub.extend(be(s.1)));
    sub.extend(be(0));
    segs.iter().for_each(|s| sub.extend(be(s.0)));
    segs.iter().for_each(|s| sub.extend(be(s.2)));
    segs.iter().for_each(|_| sub.extend(be(0)));
    let mut cmap = Vec::new();
    cmap.extend(be(0));
    cmap.extend(be(1));
    cmap.extend(be(3));
    cmap.extend(be(1));
    cmap.extend(12u32.to_be_bytes());
    cmap.extend(sub);
    let mut font = Vec::new();
    font.extend(0x0001_0000u32.to_be_bytes());
    font.extend(be(1));
    font.extend([0u8; 6]);
    font.extend(b"cmap");
    font.extend(0u32.to_be_bytes());
    font.extend(28u32.to_be_bytes());
    font.extend((cmap.len() as u32).to_be_bytes());
    font.extend(cmap);
    font
}

#[test]
fn identity_h_over_embedded_truetype_uses_the_font_cmap() {
    let content = b"BT /F1 12 Tf 72 720 Td <00050006> Tj ET";
    let bytes = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /CIDToGIDMap /Identity >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 /FontFile2 8 0 R >>".to_vec(),
        stream(&tiny_truetype()),
    ]);
    let (doc, text) = watchdog("embedded truetype cmap", bytes).unwrap();
    assert_eq!(text.trim(), "中文");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn unmappable_cid_text_is_counted_not_garbled() {
    // Identity ordering, no ToUnicode: no way to know the characters.
    let pdf = cid_pdf("Identity-H", &[0x11, 0xCF, 0x0E, 0xD3]);
    let pdf = String::from_utf8_lossy(&pdf).replace("(GB1)", "(Identity)").replace("/Supplement 5", "/Supplement 0");
    // The edit shifts the xref offsets: the reader rebuilds the table by scanning.
    let bytes = pdf.into_bytes();
    let (doc, text) = watchdog("identity ordering", bytes).unwrap();
    assert!(!text.contains('\u{FFFD}'));
    assert!(text.trim().is_empty(), "{text:?}");
    assert!(doc.warnings.iter().any(|w| w.contains("needs OCR")), "{:?}", doc.warnings);
}

/// One page showing `shown` with font object `font` as /F1.
fn simple_font_pdf(font: &[u8], shown: &[u8]) -> Vec<u8> {
    let mut content = b"BT /F1 12 Tf 72 720 Td (".to_vec();
    content.extend_from_slice(shown);
    content.extend_from_slice(b") Tj ET");
    build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(&content),
        font.to_vec(),
    ])
}

#[test]
fn wingdings_checkboxes_become_checked_and_unchecked_glyphs() {
    let font = b"<< /Type /Font /Subtype /TrueType /BaseFont /Wingdings-Regular /FirstChar 32 /LastChar 255 /Encoding /WinAnsiEncoding >>";
    let (doc, text) = watchdog("wingdings", simple_font_pdf(font, b"\xfe \xa8")).unwrap();
    assert_eq!(text.trim(), "☑ ☐");
    let p = doc.paragraphs();
    assert_eq!(p[0].checkboxes.iter().map(|c| c.checked).collect::<Vec<_>>(), [true, false]);
}

#[test]
fn actual_text_replaces_the_glyphs_it_marks() {
    // LibreOffice draws a checked Wingdings box with an empty-box glyph and says F0FE here.
    let content = b"BT /F1 12 Tf 72 720 Td /Span << /ActualText <FEFFF0FE> >> BDC (oo) Tj EMC ( Yes) Tj ET";
    let bytes = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]);
    let (_, text) = watchdog("actual text", bytes).unwrap();
    assert_eq!(text.trim(), "☑ Yes");
}

#[test]
fn differences_glyph_names_map_to_unicode() {
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Foo /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /uni4E2D /eacute /g17] >> >>";
    let (doc, text) = watchdog("differences", simple_font_pdf(font, b"ABCD")).unwrap();
    // g17 says nothing about its character: counted as unmappable, not shown (its advance
    // leaves a gap, hence the space).
    assert_eq!(text.trim(), "中é D");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn ruled_form_becomes_a_table_with_label_and_value_cells() {
    // A 2×3 grid; the second row's value cell spans two columns.
    let mut c = String::from("0.5 w 72 600 m 372 600 l S 72 640 m 372 640 l S 72 680 m 372 680 l S ");
    c += "72 600 m 72 680 l S 172 600 m 172 680 l S 272 640 m 272 680 l S 372 600 m 372 680 l S ";
    c += "BT /F1 10 Tf 80 665 Td (Name) Tj 100 0 Td (Value) Tj 100 0 Td (X) Tj ET ";
    c += "BT /F1 10 Tf 80 615 Td (Track) Tj 100 0 Td (Wide value) Tj ET ";
    let bytes = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(c.as_bytes()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ]);
    let (doc, _) = watchdog("table", bytes).unwrap();
    let tables = doc.tables();
    assert_eq!(tables.len(), 1, "{doc:#?}");
    let t = tables[0];
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].cells.iter().map(|c| c.text()).collect::<Vec<_>>(), ["Name", "Value", "X"]);
    let r1: Vec<(usize, usize, String)> = t.rows[1].cells.iter().map(|c| (c.col, c.span, c.text())).collect();
    assert_eq!(r1, [(0, 1, "Track".to_string()), (1, 2, "Wide value".to_string())]);
}

// ------------------------------------------------------------------ hostile input

fn refused_promptly(label: &str, bytes: Vec<u8>, ok: fn(&ReadError) -> bool) {
    let started = Instant::now();
    let got = watchdog(label, bytes);
    match got {
        Err(e) => {
            assert!(ok(&e), "{label}: wrong reason {e:?}");
            assert!(!e.message_zh().is_empty());
        }
        Ok((doc, _)) => panic!("{label}: should be refused, read {:?}", doc.plain_text()),
    }
    assert!(started.elapsed() < Duration::from_secs(10), "{label}: took {:?}", started.elapsed());
}

#[test]
fn page_tree_cycle_is_refused() {
    let bytes = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Parent 2 0 R /Count 1 >>".to_vec(),
    ]);
    refused_promptly("pages cycle", bytes, |e| matches!(e, ReadError::Corrupt { .. }));
}

#[test]
fn truncated_file_is_refused() {
    let full = cid_pdf("Identity-H", &[0x11, 0xCF]);
    refused_promptly("truncated", full[..60].to_vec(), |e| matches!(e, ReadError::Corrupt { .. }));
}

#[test]
fn deeply_nested_arrays_are_refused() {
    let mut body = b"<< /Type /Catalog /Pages 2 0 R /X ".to_vec();
    body.extend(std::iter::repeat_n(b'[', 100_000));
    body.extend(std::iter::repeat_n(b']', 100_000));
    body.extend_from_slice(b" >>");
    let bytes = build_pdf(&[body, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec()]);
    refused_promptly("nested arrays", bytes, |e| matches!(e, ReadError::Corrupt { .. }));
}

/// `cid_pdf` encrypted with RC4-128 (R3) by lopdf, with the given user password.
fn encrypted_pdf(user_password: &str) -> Vec<u8> {
    let plain = cid_pdf("Identity-H", &[0x11, 0xCF, 0x0E, 0xD3]);
    let mut doc = lopdf::Document::load_mem(&plain).unwrap();
    doc.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::string_literal(b"0123456789abcdef".to_vec()),
            lopdf::Object::string_literal(b"0123456789abcdef".to_vec()),
        ]),
    );
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn generated_encryption_empty_user_password_reads_and_user_password_is_refused() {
    let (_, text) = watchdog("rc4 empty user password", encrypted_pdf("")).unwrap();
    assert_eq!(text.trim(), "中文");
    refused_promptly("rc4 user password", encrypted_pdf("secret"), encrypted);
}

#[test]
fn object_count_and_time_limits_are_errors_with_reasons() {
    let bytes = cid_pdf("Identity-H", &[0x11, 0xCF]);
    let limits = Limits { max_pdf_objects: 3, ..Limits::default() };
    let e = pdf::read(&bytes, &limits).unwrap_err();
    assert!(matches!(e, ReadError::LimitExceeded { .. }), "{e:?}");
    assert!(e.message_zh().contains("对象数"));
    let limits = Limits { pdf_time_budget_ms: 0, ..Limits::default() };
    let e = pdf::read(&bytes, &limits).unwrap_err();
    assert!(matches!(e, ReadError::LimitExceeded { .. }), "{e:?}");
}

#[test]
fn deeply_nested_content_stream_does_not_overflow() {
    let mut c = b"BT /F1 12 Tf 72 720 Td (ok) Tj ET ".to_vec();
    c.extend(std::iter::repeat_n(b'[', 100_000));
    c.extend(std::iter::repeat_n(b']', 100_000));
    c.extend_from_slice(b" TJ << /A << /B << /C 1 >> >> >> BDC EMC");
    let bytes = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream(&c),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]);
    let started = Instant::now();
    let (_, text) = watchdog("nested content", bytes).unwrap();
    assert_eq!(text.trim(), "ok");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn user_password_is_refused_as_encrypted() {
    let Some(dir) = shared() else {
        eprintln!("skipped: corpus not found");
        return;
    };
    for name in ["pdfjs__issue6010_1.pdf", "pdfminer__aes-256-r6.pdf", "pdfminer__rc4-40.pdf"] {
        let bytes = std::fs::read(dir.join("pdf").join(name)).unwrap();
        refused_promptly(name, bytes, encrypted);
    }
}
