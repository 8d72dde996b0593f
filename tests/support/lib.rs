//! Helpers shared by the end-to-end tests: where the repository, the samples and the shared
//! corpus are, and how to compare extracted JSON with a ground truth.

use std::path::PathBuf;

use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `../shared` beside the repository (or `$DOSSIER_SHARED`), when present.
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("DOSSIER_SHARED").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared"));
    p.is_dir().then_some(p)
}

/// Differences between an expected and an actual JSON value, one line each, with paths.
/// Numbers compare by value (35 equals 35.0).
pub fn json_diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => {
            if (a.as_f64().unwrap_or(f64::NAN) - b.as_f64().unwrap_or(f64::NAN)).abs() > 1e-9 {
                out.push(format!("{path}: want {a}, got {b}"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => json_diff(&format!("{path}.{k}"), va, vb, out),
                    None => out.push(format!("{path}.{k}: missing (want {})", short(va))),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {}", short(vb)));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!(
                    "{path}: want {} items, got {}: want {} got {}",
                    a.len(),
                    b.len(),
                    short(want),
                    short(got)
                ));
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                json_diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ => {
            if want != got {
                out.push(format!("{path}: want {}, got {}", short(want), short(got)));
            }
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

/// A minimal but valid DOCX whose body is `body_xml` (WordprocessingML inside `<w:body>`).
pub fn docx(body_xml: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body_xml}</w:body></w:document>"#
    );
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES_DOCX.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ])
}

/// A zip of `(name, bytes)` entries, deflated.
pub fn package(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A paragraph of plain text as WordprocessingML.
pub fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

const CONTENT_TYPES_DOCX: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A minimal XLSX package (what a `.docx` that is really a spreadsheet looks like).
pub fn xlsx_package() -> Vec<u8> {
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>"#;
    package(&[
        ("[Content_Types].xml", ct.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
    ])
}

/// Reads a JSON-lines file.
pub fn jsonl(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// A table row of plain-text cells as WordprocessingML (`None` continues a vertical merge).
pub fn row(cells: &[&str]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str("<w:tc>");
        s.push_str(&para(c));
        s.push_str("</w:tc>");
    }
    s.push_str("</w:tr>");
    s
}

/// A table of rows.
pub fn table(rows: &[String]) -> String {
    format!("<w:tbl>{}</w:tbl>", rows.concat())
}

/// Extracts the Shanxi template's fields from a DOCX body.
pub fn extract_body(body_xml: &str) -> model::Fields {
    let bytes = docx(body_xml);
    let doc = read::docx::read(&bytes, &read::Limits::default()).expect("valid test DOCX");
    let t = template::Template::load_named("shanxi-2025", template::default_templates_dir()).unwrap();
    extract::extract(&doc, &t).fields
}

/// Runs the product on one dossier folder made of `files` and returns its findings.
pub fn run_dossier(files: &[(String, Vec<u8>)], pipeline: &str) -> Vec<Value> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("batch/T-0001");
    std::fs::create_dir_all(&dir).expect("dossier dir");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write file");
    }
    let out = tmp.path().join("out");
    let cfg =
        batch::RunConfig::new(tmp.path().join("batch"), out.clone(), repo().join(format!("pipelines/{pipeline}.toml")));
    batch::run(&cfg, &|_| {}).expect("run completes");
    jsonl(&out.join("findings.jsonl"))
}

/// Rewrites `word/document.xml` of a DOCX with `edit`.
pub fn edit_docx(bytes: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("inflate");
        let name = f.name().to_string();
        if name == "word/document.xml" {
            b = edit(std::str::from_utf8(&b).expect("UTF-8 XML")).into_bytes();
        }
        entries.push((name, b));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    package(&refs)
}

/// Runs the product on `samples/batch` with the Shanxi pipeline; the run folder lives as long
/// as the returned guard.
pub fn run_samples() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let cfg = batch::RunConfig::new(
        repo().join("samples/batch"),
        out.path().to_path_buf(),
        repo().join("pipelines/shanxi-2025.toml"),
    );
    batch::run(&cfg, &|_| {}).expect("the sample run completes");
    out
}
