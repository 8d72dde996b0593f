//! Blind-review packets (盲评盲审): per dossier, the form's part two (the narrative sections in
//! template order, with their headings) as a DOCX with identities redacted, named by an
//! anonymous code; plus a key file for the secretariat.
//!
//! Redacted: the team's name, every participating unit's name (and its short form without the
//! region and company-form words), the declared parent company, every team member's and contact
//! person's name (taken from the dossier's own fields); credit codes, ID numbers, phones and
//! e-mail addresses wherever they appear (by pattern, validated with `conventions::ids`).
//!
//! The anonymous code is `P` + 6 characters of an HMAC-like SHA-256 over a secret and the
//! dossier id (alphabet without look-alikes), so the same secret gives the same codes and nobody
//! without the secret can tell which dossier a code stands for.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use once_cell::sync::Lazy;
use regex::Regex;
use sha2::{Digest, Sha256};
use template::{FieldKind, Scope, Template};

use crate::run::{records, value_text, Dossier, RunData};
use crate::Error;

/// Where the packets and the key go inside the target folder.
pub const PACKETS_DIR: &str = "盲审材料";
/// The secretariat's folder (key file and secret): never hand it to reviewers.
pub const KEY_DIR: &str = "秘书处-勿外发";

/// What `blind` wrote.
#[derive(Debug, Clone)]
pub struct BlindSummary {
    /// (code, dossier id, packet path), by code.
    pub packets: Vec<(String, String, PathBuf)>,
    /// The key file (CSV).
    pub key_csv: PathBuf,
    /// The key file (XLSX).
    pub key_xlsx: PathBuf,
    /// Where the secret is kept when it was generated here; `None` when it was given.
    pub secret_file: Option<PathBuf>,
    /// Redactions made over all packets.
    pub redactions: usize,
}

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The anonymous code of a dossier under a secret: `P` + `len` characters.
pub fn anonymous_code(secret: &str, dossier_id: &str, len: usize) -> String {
    let mut inner = Sha256::new();
    inner.update(b"dossier-blind-v1\0");
    inner.update(secret.as_bytes());
    inner.update(b"\0");
    inner.update(dossier_id.as_bytes());
    let h = Sha256::digest(inner.finalize());
    let mut bits: u128 = 0;
    for b in &h[..16] {
        bits = (bits << 8) | u128::from(*b);
    }
    let mut s = String::from("P");
    for _ in 0..len {
        s.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    s
}

/// A fresh secret from the clock, the process and the standard library's random hasher keys.
fn fresh_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.write_u32(std::process::id());
    let a = h.finish();
    let mut h2 = std::collections::hash_map::RandomState::new().build_hasher();
    h2.write_u64(a);
    format!("{a:016x}{:016x}", h2.finish())
}

/// The part-two sections in template order: (heading with its numbering, depth, text); the text
/// is `Some("")` for a heading over sub-sections, `None` for a section the team left blank.
pub fn narrative(d: &Dossier, template: &Template) -> Vec<(String, usize, Option<String>)> {
    const TOP: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut out = Vec::new();
    let mut top = 0;
    let mut sub = 0;
    for s in &template.sections {
        let Some(rest) = s.key.strip_prefix("part2.") else { continue };
        if rest.starts_with("attachments") {
            continue;
        }
        let depth = rest.matches('.').count();
        let heading = if depth == 0 {
            top += 1;
            sub = 0;
            format!("{}、{}", TOP.get(top - 1).copied().unwrap_or("十"), s.title)
        } else {
            sub += 1;
            format!("（{}）{}", TOP.get(sub - 1).copied().unwrap_or("十"), s.title)
        };
        let field = template.fields.iter().find(|f| {
            matches!(f.kind, FieldKind::SectionText)
                && matches!(&f.scope, Scope::SectionText(k) | Scope::Section(k) if *k == s.key)
        });
        let text = field.and_then(|f| d.text(&f.key));
        let has_children = template.sections.iter().any(|c| c.parent.as_deref() == Some(s.key.as_str()));
        // A heading over sub-sections carries no text of its own: `Some("")` marks it.
        let text = if text.is_none() && has_children { Some(String::new()) } else { text };
        out.push((heading, depth, text));
    }
    out
}

static ID_LIKE: Lazy<Regex> = Lazy::new(|| Regex::new(r"\d{6}\s?\d{8}\s?\d{3}[\dXx]").expect("id pattern"));
static MOBILE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}").expect("mobile pattern"));
static LANDLINE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[（(]?0\d{2,3}[)）]?[-－—\s]?\d{7,8}").expect("landline pattern"));
static CREDIT: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9A-Za-z]{18}").expect("credit pattern"));
static EMAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}").expect("email pattern"));

/// Names and identifiers of one dossier, longest first, with what replaces them.
fn known_strings(d: &Dossier) -> Vec<(String, &'static str)> {
    let mut v: Vec<(String, &'static str)> = Vec::new();
    let mut push = |s: String, tag: &'static str| {
        let s = s.trim().to_string();
        if s.chars().count() >= 2 {
            v.push((s, tag));
        }
    };
    for k in ["team.name", "cover.team_name"] {
        if let Some(t) = d.text(k) {
            push(t.clone(), "〔团队〕");
            if let Some(core) = t.strip_suffix("团队") {
                if core.chars().count() >= 4 {
                    push(core.to_string(), "〔团队〕");
                }
            }
        }
    }
    let mut orgs: Vec<String> = d.unit_names();
    orgs.extend(d.text("cover.unit_name"));
    for u in records(d.field("units")) {
        orgs.extend(u.get("parent_company").map(value_text));
        for k in ["contact"] {
            if let Some(n) = u.get(k).map(value_text) {
                push(n, "〔姓名〕");
            }
        }
        for k in ["credit_code"] {
            if let Some(n) = u.get(k).map(value_text) {
                push(n, "〔信用代码〕");
            }
        }
        if let Some(n) = u.get("contact_phone").map(value_text) {
            push(n, "〔电话〕");
        }
    }
    for o in orgs {
        for s in org_forms(&o) {
            push(s, "〔单位〕");
        }
    }
    for m in records(d.field("team.members")) {
        if let Some(n) = m.get("name").map(value_text) {
            push(n, "〔姓名〕");
        }
        if let Some(n) = m.get("id_number").map(value_text) {
            push(n, "〔证件号〕");
        }
        if let Some(n) = m.get("phone").map(value_text) {
            push(n, "〔电话〕");
        }
    }
    v.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(&b.0)));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

const COMPANY_FORMS: [&str; 8] =
    ["股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司", "研究院", "研究所", "中心"];
const TRADE_WORDS: [&str; 12] =
    ["数字技术", "信息技术", "科技", "技术", "网络", "数据", "信息", "软件", "智能", "数字", "集团", "控股"];
const REGIONS: [&str; 5] = ["省", "市", "自治区", "县", "区"];

/// An organisation's name and its short forms: without the company form, without trade words,
/// without a leading region (`山西省`, `太原市`); short forms only when at least 4 characters.
pub fn org_forms(name: &str) -> Vec<String> {
    let mut out = vec![name.trim().to_string()];
    let mut core = name.trim().to_string();
    for f in COMPANY_FORMS {
        if let Some(c) = core.strip_suffix(f) {
            core = c.to_string();
            break;
        }
    }
    // A parenthesised region: `某某（北京）科技` → `某某科技`
    if let Some(i) = core.find('（') {
        if let Some(j) = core[i..].find('）') {
            core = format!("{}{}", &core[..i], &core[i + j + '）'.len_utf8()..]);
        }
    }
    let mut forms = vec![core.clone()];
    let mut c = core.clone();
    loop {
        let before = c.clone();
        for w in TRADE_WORDS {
            if let Some(x) = c.strip_suffix(w) {
                c = x.to_string();
            }
        }
        if c == before {
            break;
        }
    }
    forms.push(c.clone());
    // Leading region: up to the first 省/市/… within the first 6 characters.
    for f in forms.clone() {
        let chars: Vec<char> = f.chars().collect();
        for r in REGIONS {
            if let Some(pos) = f.find(r) {
                let n = f[..pos].chars().count();
                if (2..=4).contains(&n) && chars.len() > n + 1 {
                    forms.push(f[pos + r.len()..].to_string());
                }
            }
        }
    }
    for f in forms {
        if f.chars().count() >= 4 && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

fn digit_at(s: &str, before: usize, after: usize) -> bool {
    s[..before].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
        || s[after..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn replace_pattern(text: &str, re: &Regex, tag: &str, ok: impl Fn(&str) -> bool, n: &mut usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in re.find_iter(text) {
        if digit_at(text, m.start(), m.end()) || !ok(m.as_str()) {
            continue;
        }
        out.push_str(&text[last..m.start()]);
        out.push_str(tag);
        last = m.end();
        *n += 1;
    }
    out.push_str(&text[last..]);
    out
}

/// Redacts one text: the dossier's names and identifiers, then identifiers by pattern.
/// Returns the text and the number of redactions.
pub fn redact(text: &str, known: &[(String, &'static str)]) -> (String, usize) {
    let mut n = 0;
    let mut t = text.to_string();
    for (s, tag) in known {
        let c = t.matches(s.as_str()).count();
        if c > 0 {
            t = t.replace(s.as_str(), tag);
            n += c;
        }
    }
    t = replace_pattern(&t, &EMAIL, "〔邮箱〕", |_| true, &mut n);
    t = replace_pattern(&t, &CREDIT, "〔信用代码〕", |m| conventions::ids::credit_code(m).is_ok(), &mut n);
    t = replace_pattern(&t, &ID_LIKE, "〔证件号〕", |_| true, &mut n);
    t = replace_pattern(&t, &MOBILE, "〔电话〕", |m| conventions::ids::phone(m).is_ok(), &mut n);
    t = replace_pattern(&t, &LANDLINE, "〔电话〕", |m| conventions::ids::phone(m).is_ok(), &mut n);
    // Belt and braces: whatever shape is left is masked.
    (crate::mask::mask_text(&t), n)
}

/// The redaction list for a dossier (exposed for tests and the web UI).
pub fn redaction_list(d: &Dossier) -> Vec<(String, &'static str)> {
    known_strings(d)
}

fn xml_esc(s: &str) -> String {
    crate::html::esc(s).chars().filter(|c| matches!(*c, '\t' | '\n' | '\r') || *c >= ' ').collect()
}

fn para(text: &str, heading: Option<usize>) -> String {
    let (size, bold) = match heading {
        Some(0) => (32, true),
        Some(_) => (28, true),
        None => (24, false),
    };
    let rpr = format!(
        "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"宋体\"/>{}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>",
        if bold { "<w:b/>" } else { "" }
    );
    let ppr = if heading.is_some() {
        format!(
            "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/></w:pPr>",
            heading.unwrap_or(0)
        )
    } else {
        "<w:pPr><w:spacing w:after=\"120\" w:line=\"360\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/></w:pPr>".to_string()
    };
    format!("<w:p>{ppr}<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", xml_esc(text))
}

/// A minimal WordprocessingML package holding the given paragraphs.
fn docx(title: &str, paras: &[(String, Option<usize>)]) -> Result<Vec<u8>, Error> {
    let mut body = String::new();
    body.push_str(&para(title, Some(0)));
    for (t, h) in paras {
        body.push_str(&para(t, *h));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1800\" w:bottom=\"1440\" w:left=\"1800\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opt = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in
            [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document.as_str())]
        {
            z.start_file(name, opt).map_err(|e| Error::Zip(e.to_string()))?;
            z.write_all(data.as_bytes()).map_err(|e| Error::Zip(e.to_string()))?;
        }
        z.finish().map_err(|e| Error::Zip(e.to_string()))?;
    }
    Ok(buf.into_inner())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::write_atomic(path, bytes)
}

/// Writes the blind-review packets of a run into `to/盲审材料/<code>.docx` and the key into
/// `to/秘书处-勿外发/` (`编码对照表.csv`, `编码对照表.xlsx`, and `密钥.txt` when the secret
/// was generated here). `secret`: the same secret gives the same codes.
pub fn write_blind(run: &RunData, template: &Template, to: &Path, secret: Option<&str>) -> Result<BlindSummary, Error> {
    let (secret, generated) = match secret.filter(|s| !s.is_empty()) {
        Some(s) => (s.to_string(), false),
        None => (fresh_secret(), true),
    };
    // Codes: 6 characters, longer for everyone if two collide.
    let mut len = 6;
    let codes: BTreeMap<String, &Dossier> = loop {
        let m: BTreeMap<String, &Dossier> =
            run.dossiers.iter().map(|d| (anonymous_code(&secret, &d.id, len), d)).collect();
        if m.len() == run.dossiers.len() || len >= 20 {
            break m;
        }
        len += 2;
    };
    let pdir = to.join(PACKETS_DIR);
    let kdir = to.join(KEY_DIR);
    for d in [&pdir, &kdir] {
        fs::create_dir_all(d).map_err(|source| Error::Io { path: d.clone(), source })?;
    }
    let mut packets = Vec::new();
    let mut redactions = 0;
    let mut key_rows: Vec<[String; 5]> = Vec::new();
    for (code, d) in &codes {
        let known = known_strings(d);
        let mut paras = Vec::new();
        if let Some(p) = d.project() {
            let (t, n) = redact(&format!("项目名称：{p}"), &known);
            redactions += n;
            paras.push((t, None));
        }
        let sections = narrative(d, template);
        let any = sections.iter().any(|(_, _, t)| t.as_deref().is_some_and(|t| !t.is_empty()));
        for (heading, depth, text) in sections {
            paras.push((heading, Some(depth + 1)));
            match text {
                Some(t) => {
                    for line in t.lines().filter(|l| !l.trim().is_empty()) {
                        let (r, n) = redact(line.trim(), &known);
                        redactions += n;
                        paras.push((r, None));
                    }
                }
                None => paras.push(("（未填写）".to_string(), None)),
            }
        }
        if !any {
            paras.push(("（未识别到申报书第二部分的内容）".to_string(), None));
        }
        let bytes = docx(&format!("参赛项目介绍 · 盲审编号 {code}"), &paras)?;
        let path = pdir.join(format!("{code}.docx"));
        write_file(&path, &bytes)?;
        packets.push((code.clone(), d.id.clone(), path));
        key_rows.push([
            code.clone(),
            d.id.clone(),
            crate::mask::mask_text(&d.team().unwrap_or_default()),
            crate::mask::mask_text(&d.project().unwrap_or_default()),
            crate::mask::mask_text(&d.unit_names().join("、")),
        ]);
    }
    let headers = ["盲审编号", "项目编号", "团队名称", "项目名称", "参赛单位"];
    let mut csv = String::from("\u{feff}");
    csv.push_str(&headers.join(","));
    csv.push_str("\r\n");
    for r in &key_rows {
        csv.push_str(&r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let key_csv = kdir.join("编码对照表.csv");
    write_file(&key_csv, csv.as_bytes())?;
    let sheet = crate::tables::Sheet {
        name: "编码对照表".into(),
        note: String::new(),
        headers: headers.map(String::from).to_vec(),
        widths: vec![12.0, 14.0, 30.0, 30.0, 40.0],
        rows: crate::tables::Rows::Held(
            key_rows.iter().map(|r| r.iter().map(crate::tables::Cell::text).collect()).collect(),
        ),
        filter: true,
    };
    let key_xlsx = kdir.join("编码对照表.xlsx");
    write_file(&key_xlsx, &crate::xlsx::workbook(&[sheet])?)?;
    let secret_file = if generated {
        let p = kdir.join("密钥.txt");
        let text = format!(
            "盲审编号密钥（用同一密钥重新生成，编号不变：dossier blind OUT --to DIR --secret 下面这一行）\r\n{secret}\r\n"
        );
        write_file(&p, text.as_bytes())?;
        Some(p)
    } else {
        None
    };
    Ok(BlindSummary { packets, key_csv, key_xlsx, secret_file, redactions })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_secret_dependent() {
        let a = anonymous_code("s1", "SX2025-0001", 6);
        assert_eq!(a, anonymous_code("s1", "SX2025-0001", 6));
        assert_ne!(a, anonymous_code("s2", "SX2025-0001", 6));
        assert_ne!(a, anonymous_code("s1", "SX2025-0002", 6));
        assert_eq!(a.len(), 7);
    }

    #[test]
    fn org_short_forms() {
        let f = org_forms("吕梁龙城智算数字技术有限公司");
        assert!(f.contains(&"吕梁龙城智算数字技术".to_string()), "{f:?}");
        assert!(f.contains(&"吕梁龙城智算".to_string()), "{f:?}");
        let f = org_forms("山西省太原晋数科技有限公司");
        assert!(f.contains(&"太原晋数科技".to_string()), "{f:?}");
    }

    #[test]
    fn identifiers_by_pattern() {
        let (t, n) = redact(
            "联系 zhang.san@example.com，电话 13812345678 或 0351-7654321，证件 110101199003071234，代码 91140100MA0K1234XY。",
            &[],
        );
        assert!(!t.contains("example.com") && !t.contains("13812345678") && !t.contains("7654321"), "{t}");
        assert!(!t.contains("199003071234"), "{t}");
        assert!(n >= 4, "{t}");
    }
}
