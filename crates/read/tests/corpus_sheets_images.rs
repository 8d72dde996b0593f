//! Every spreadsheet and image of the real corpus (`../shared/corpus/real/xlsx/` and
//! `images/`, see its MANIFEST.md) is read with the text or size the manifest promises, or
//! refused with the manifest's reason — none panics or hangs (20 s watchdog), and the ODS
//! repeat bomb stops at once. Skipped, with a message, when `../shared` is absent. A generated
//! decompression-bomb PNG is refused from its header.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use read::{image, sheet, Limits, ReadError};

fn corpus_dir(sub: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")))
        .join("corpus/real")
        .join(sub);
    dir.is_dir().then_some(dir)
}

/// Runs `f` on a thread with a watchdog: a hang fails the test instead of blocking it.
fn watchdog<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("{what} hangs or panics"))
}

fn read_sheet(path: &Path) -> Result<model::Document, ReadError> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    watchdog(&name.clone(), move || sheet::read(&bytes, &name, &Limits::default()))
}

enum Want {
    Text(&'static [&'static str]),
    Unreadable(fn(&ReadError) -> bool),
}

fn corrupt(e: &ReadError) -> bool {
    matches!(e, ReadError::Corrupt { .. })
}

const SHEETS: &[(&str, Want)] = &[
    ("calamine__OOM_alloc.xls", Want::Text(&["Weekly Report"])),
    ("calamine__date_1904.xlsx", Want::Text(&["2021-01-01\t15", "2021-01-02\t16"])),
    ("calamine__issue_594_dos.ods", Want::Unreadable(|e| matches!(e, ReadError::LimitExceeded { .. }))),
    ("calamine__merged_range.xlsx", Want::Text(&["A1\tB1\tC1\t\tE1\tF1\tG1\tH1", "A3\tB3\tC3"])),
    ("calamine__too_small.xls", Want::Unreadable(|e| matches!(e, ReadError::NotThisFormat { .. }))),
    (
        "easyexcel__dataformat.xls",
        Want::Text(&["date\tdateStringCn\tdateStringCn2\tdateStringUs\tnumber", "2020-01-01 01:01:01"]),
    ),
    (
        "easyexcel__dataformat.xlsx",
        Want::Text(&["date\tdateStringCn\tdateStringCn2\tdateStringUs\tnumber", "2020年1月1日"]),
    ),
    ("easyexcel__t01.xls", Want::Text(&["紧密产品同步执行导入模板"])),
    ("mineru__xlsx_01.xlsx", Want::Text(&["first 123\tsecond 123\tthird 123", "5\t1\t-3", "DISPIMG"])),
    ("poi__12843-1.xls", Want::Text(&["中華電信網路容量及使用現況雙週報表"])),
    ("poi__44235.xls", Want::Text(&["还原利润表", "一、贷款利息收入类"])),
    ("poi__49273.xlsx", Want::Text(&["A1\t1\t100\t198\t2010-03-21\t13:20:01\t0.1\t0.5\t103434343", "合并单元格"])),
    ("poi__57893-many-merges.xlsx", Want::Text(&[])),
    ("poi__61287.xls", Want::Text(&["资产负债表", "编制单位：上海大众汽车石汇销售服务有限公司"])),
    ("poi__clusterfuzz-POIHSSFFuzzer-5786329142919168.xls", Want::Unreadable(corrupt)),
    ("poi__clusterfuzz-POIXSSFFuzzer-5937385319563264.xlsx", Want::Unreadable(corrupt)),
    ("poi__password.xls", Want::Unreadable(|e| matches!(e, ReadError::Encrypted { .. }))),
    ("poi__stress020.xlsx", Want::Text(&["2019年泰州市7月份银行业金融机构存贷款情况", "6779.0725293054"])),
    ("techplat__zhuanjiaku_template.xlsx", Want::Text(&["专家姓名\t身份证号\t性别\t出生年份\t所在单位"])),
];

/// The first line of the reference CSV (first sheet), as our tab-separated text.
fn expected_first_row(name: &str) -> Option<String> {
    let dir = corpus_dir("expected")?;
    let csv = std::fs::read_to_string(dir.join(format!("{name}.csv"))).ok()?;
    let line = csv.lines().find(|l| l.chars().any(|c| c != ','))?;
    (!line.contains('"')).then(|| line.trim_end_matches(',').replace(',', "\t"))
}

#[test]
fn every_corpus_spreadsheet_is_read_or_refused_with_a_reason() {
    let Some(dir) = corpus_dir("xlsx") else {
        eprintln!("skipped: ../shared/corpus/real/xlsx not found (set DOSSIER_SHARED)");
        return;
    };
    let mut listed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let (_, want) = SHEETS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("{name}: add it to SHEETS"));
        listed += 1;
        let started = Instant::now();
        let got = read_sheet(&dir.join(&name));
        match (want, got) {
            (Want::Text(phrases), Ok(doc)) => {
                let text = doc.plain_text();
                for p in *phrases {
                    assert!(text.contains(p), "{name}: `{p}` not in the text:\n{}", &text[..text.len().min(2000)]);
                }
                // The reference CSV's first non-empty row, where it has no quoting and no
                // serial dates (xlrd gives raw serial numbers, openpyxl datetimes).
                if let Some(row) = expected_first_row(&name).filter(|r| !r.contains(":00") && !r.contains("43831")) {
                    assert!(text.contains(&row), "{name}: reference row `{row}` not in the text");
                }
                assert!(!doc.tables().is_empty() || phrases.is_empty(), "{name}: no table");
            }
            (Want::Text(_), Err(e)) => panic!("{name}: should be read, got: {e}"),
            (Want::Unreadable(ok), Err(e)) => {
                assert!(ok(&e), "{name}: wrong reason: {e:?}");
                assert!(!e.message_zh().is_empty());
            }
            (Want::Unreadable(_), Ok(d)) => panic!("{name}: should be refused, read {:?}", d.plain_text()),
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{name}: too slow: {:?}", started.elapsed());
    }
    assert_eq!(listed, SHEETS.len(), "a corpus file listed in SHEETS is missing");
}

#[test]
fn ods_repeat_bomb_stops_at_once_naming_the_limit() {
    let Some(dir) = corpus_dir("xlsx") else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let started = Instant::now();
    let e = read_sheet(&dir.join("calamine__issue_594_dos.ods")).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!(e.message_zh().contains("16384"), "{}", e.message_zh());
}

#[test]
fn every_sheet_has_its_name_as_a_heading() {
    let Some(dir) = corpus_dir("xlsx") else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let doc = read_sheet(&dir.join("mineru__xlsx_01.xlsx")).unwrap();
    let headings: Vec<&str> =
        doc.paragraphs().into_iter().filter(|p| p.heading.is_some()).map(|p| p.text.as_str()).collect();
    assert_eq!(headings, ["Sheet1", "Sheet2", "Sheet3", "Sheet4"]);
    assert_eq!(doc.tables().len(), 4);
}

/// (file, width, height) as the manifest gives them.
const IMAGES: &[(&str, u32, u32)] = &[
    ("cnocr__fanti.jpg", 1270, 946),
    ("cnocr__huochepiao.jpeg", 1368, 930),
    ("cnocr__multi-line_cn1.png", 300, 187),
    ("cnocr__shupai.png", 1001, 807),
    ("imagers__basn6a16.png", 32, 32),
    ("imagers__fax4.tiff", 460, 307),
    ("imagers__progressive_3.jpg", 650, 470),
    ("imagers__simple-rgb.webp", 100, 100),
    ("imagers__tbbn3p08.png", 32, 32),
    ("pillow__pil_sample_cmyk.jpg", 100, 100),
    ("pillow__truncated_jpeg.jpg", 100, 100),
    ("rapidocr__ch_doc_server.png", 259, 133),
    ("rapidocr__img_exif_orientation.jpg", 752, 306),
];

#[test]
fn every_corpus_image_probes_and_decodes_to_its_size() {
    let Some(dir) = corpus_dir("images") else {
        eprintln!("skipped: ../shared/corpus/real/images not found (set DOSSIER_SHARED)");
        return;
    };
    let mut listed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let &(_, w, h) =
            IMAGES.iter().find(|(n, _, _)| *n == name).unwrap_or_else(|| panic!("{name}: add it to IMAGES"));
        listed += 1;
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let info = image::probe(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((info.width, info.height), (w, h), "{name}");
        // The truncated JPEG may decode partially or be refused as damaged; the rest decode.
        let decoded = watchdog(&name, move || image::decode(&bytes, &Limits::default()));
        match decoded {
            Ok(img) => assert_eq!((img.width(), img.height()), (w, h), "{name}"),
            Err(e) if name == "pillow__truncated_jpeg.jpg" => assert!(corrupt(&e), "{name}: {e:?}"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    assert_eq!(listed, IMAGES.len(), "an image listed in IMAGES is missing");
}

#[test]
fn cmyk_jpeg_comes_out_rgb_and_16_bit_png_keeps_its_depth() {
    let Some(dir) = corpus_dir("images") else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let cmyk = image::decode(&std::fs::read(dir.join("pillow__pil_sample_cmyk.jpg")).unwrap(), &Limits::default());
    assert_eq!(cmyk.unwrap().color().channel_count(), 3);
    let deep = image::decode(&std::fs::read(dir.join("imagers__basn6a16.png")).unwrap(), &Limits::default());
    assert_eq!(deep.unwrap().color(), ::image::ColorType::Rgba16);
}

#[test]
fn exif_rotate_180_is_applied() {
    let Some(dir) = corpus_dir("images") else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let bytes = std::fs::read(dir.join("rapidocr__img_exif_orientation.jpg")).unwrap();
    let upright = image::decode(&bytes, &Limits::default()).unwrap().to_rgb8();
    let stored = ::image::load_from_memory(&bytes).unwrap().to_rgb8();
    let (w, h) = stored.dimensions();
    assert_eq!(upright.dimensions(), (w, h));
    let mut same_rotated = 0;
    let mut same_as_stored = 0;
    for (x, y) in [(0, 0), (w / 3, h / 4), (w / 2, h / 2), (w - 5, 7), (11, h - 3)] {
        same_rotated += u32::from(upright.get_pixel(x, y) == stored.get_pixel(w - 1 - x, h - 1 - y));
        same_as_stored += u32::from(upright.get_pixel(x, y) == stored.get_pixel(x, y));
    }
    assert_eq!(same_rotated, 5, "not rotated by 180°");
    assert!(same_as_stored < 5, "left as stored");
}

/// A valid PNG header declaring `w`×`h` RGB with a tiny IDAT.
fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend_from_slice(data);
        out.extend_from_slice(&c);
        out.extend(crc32(&c).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of one stored empty block: far too little data for the declared size.
    chunk(&mut out, b"IDAT", &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn decompression_bomb_png_is_refused_from_its_header() {
    let bytes = bomb_png(50_000, 50_000);
    assert!(bytes.len() < 100);
    let started = Instant::now();
    let limits = Limits::default();
    let max = limits.max_image_pixels.to_string();
    let b2 = bytes.clone();
    let probe = watchdog("bomb probe", move || image::probe(&b2, &Limits::default()));
    let decode = watchdog("bomb decode", move || image::decode(&bytes, &Limits::default()));
    for e in [probe.unwrap_err(), decode.unwrap_err()] {
        assert!(matches!(e, ReadError::LimitExceeded { .. }), "{e:?}");
        assert!(e.message_zh().contains(&max), "{}", e.message_zh());
        assert!(e.to_string().contains(&max), "{e}");
    }
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
}

/// Seeded byte mutations of real workbooks: every one is read or refused, none aborts the
/// process (calamine trusts OLE sector ids and BIFF DIMENSIONS records; the pre-checks must
/// stop what it would allocate) and none hangs.
#[test]
fn mutated_workbooks_never_abort_or_hang() {
    let Some(dir) = corpus_dir("xlsx") else {
        eprintln!("skipped: corpus not found");
        return;
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in ["easyexcel__t01.xls", "poi__61287.xls", "easyexcel__dataformat.xls", "calamine__date_1904.xlsx"] {
        let orig = std::fs::read(dir.join(name)).unwrap();
        let mut cases = Vec::new();
        for i in 0..120 {
            let mut b = orig.clone();
            for _ in 0..1 + rnd() % 8 {
                let pos = (rnd() as usize) % b.len();
                b[pos] = rnd() as u8;
            }
            if i % 7 == 0 {
                b.truncate(((rnd() as usize) % b.len()).max(1));
            }
            cases.push(b);
        }
        let n = name.to_string();
        let outcomes = watchdog(name, move || {
            cases.iter().map(|b| sheet::read(b, &n, &Limits::default()).is_ok()).filter(|ok| *ok).count()
        });
        eprintln!("{name}: {outcomes} of 120 mutations still read");
    }
}

/// A minimal XLSX whose sheet declares `A1:XFD1048576` and holds cells at A1 and XFD1048576.
fn far_corner_xlsx() -> Vec<u8> {
    use std::io::Write;
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="远角" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>起点</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>42</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn far_corner_cell_is_streamed_not_allocated_as_a_grid() {
    let bytes = far_corner_xlsx();
    let b2 = bytes.clone();
    let started = Instant::now();
    let small = Limits { max_sheet_cells: 100_000, ..Limits::default() };
    let e = watchdog("far corner, small limit", move || sheet::read(&b2, "远角.xlsx", &small)).unwrap_err();
    assert!(matches!(e, ReadError::LimitExceeded { .. }), "{e:?}");
    assert!(e.message_zh().contains("100000"), "{}", e.message_zh());
    // Within the default limits it reads: each row only as wide as its last cell.
    let doc = watchdog("far corner", move || sheet::read(&bytes, "远角.xlsx", &Limits::default())).unwrap();
    let t = doc.tables()[0];
    assert_eq!(t.rows.len(), 1_048_576);
    assert_eq!(t.rows[0].cells.len(), 1);
    assert_eq!(t.rows[1_048_575].cells.len(), 16_384);
    assert_eq!(t.rows[1_048_575].cells[16_383].text(), "42");
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
}
