//! The ground truth of findings: every form-level finding the product must report for a
//! dossier, derived from what the generator wrote (the [`FormData`], the spec's knobs, the
//! files shipped and the files broken on purpose) by the rules the checks document
//! (`crates/checks/src/*/*.rs`, `doc:`), never by reading the product's output.
//!
//! The simple rules are re-implemented here with the generator's own helpers (Word's 字数 with
//! [`data::word_count`], check characters with [`ids`]); the option limits, word limits and
//! starred items are those of `templates/shanxi-2025/template.toml` and the limits those of
//! `pipelines/shanxi-2025.toml`. Cross-dossier codes (DUPLICATE_FILE, SIMILAR_TEXT …) are not
//! covered.

use serde_json::{json, Map, Value};

use crate::data::{self, word_count, FormData};
use crate::{bank, ids, truth, Dossier};

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// Finding code (`WORD_LIMIT_EXCEEDED`).
    pub code: &'static str,
    /// Canonical field key, when the finding is about a form item.
    pub field: Option<String>,
    /// File path inside the dossier, when it is about a file.
    pub file: Option<String>,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
}

impl Expected {
    fn field(code: &'static str, key: impl Into<String>, severity: &'static str) -> Expected {
        Expected { code, field: Some(key.into()), file: None, severity }
    }

    /// As written into the truth file.
    pub fn to_json(&self) -> Value {
        json!({ "code": self.code, "field": self.field, "file": self.file, "severity": self.severity })
    }
}

/// The form-level codes this truth covers, in the order the product reports them.
pub const CODES: &[&str] = &[
    "TEMPLATE_MISMATCH",
    "FILE_UNREADABLE",
    "SECTION_MISSING",
    "REQUIRED_MISSING",
    "WORD_LIMIT_EXCEEDED",
    "CHOICE_COUNT",
    "TRACK_UNKNOWN",
    "CREDIT_CODE_INVALID",
    "ID_NUMBER_INVALID",
    "PHONE_INVALID",
    "PATENT_NUMBER_INVALID",
    "SOFTWARE_COPYRIGHT_NUMBER_INVALID",
    "NUMBER_INVALID",
    "INCONSISTENT_VALUES",
    "TEAM_TOO_LARGE",
    "UNITS_TOO_MANY",
    "OUTCOMES_TOO_FEW",
    "ATTACHMENT_MISSING",
    "IP_EVIDENCE_MISSING",
];

/// Codes this truth also covers but that the committed samples never call for (their
/// certificates and contracts are in English, so holders and parties are not read; the sample
/// run has no reference list): any finding of these on `samples/` is a false positive. The
/// generated ownership batch (`ownership.rs`) plants them.
pub const NEVER_ON_SAMPLES: &[&str] = &[
    "IP_HOLDER_MISMATCH",
    "PARENT_COMPANY_MATERIAL",
    "FOREIGN_ENTITY_MATERIAL",
    "ORGANIZER_AFFILIATE",
    "EXCLUDED_ENTITY",
];

/// What the form says instead of a figure that the checks document as not a number.
pub const NOT_A_NUMBER: &[&str] = &["待定", "若干", "100-200"];

/// `pipelines/shanxi-2025.toml` `[limits]`.
const TEAM_MAX: usize = 5;
const UNITS_MAX: usize = 5;
/// `application.outcomes` `min_filled`.
const OUTCOMES_MIN: usize = 2;

/// Starred items of the form: (key, template section it lives in).
const REQUIRED: &[(&str, &str)] = &[
    ("project.name", "part1.project"),
    ("project.track", "part1.project"),
    ("project.source", "part1.project"),
    ("project.summary", "part1.project"),
    ("project.scenarios", "part1.project"),
    ("data.market", "part1.project"),
    ("application", "part1.project"),
    ("team.name", "part1.team"),
    ("team.members", "part1.team"),
    ("units", "part1.units"),
    ("narrative.background", "part2.overview.background"),
    ("narrative.scenarios", "part2.overview.scenarios"),
    ("narrative.advantages", "part2.overview.advantages"),
    ("solution.data_foundation", "part2.solution.data_foundation"),
    ("solution.technical_route", "part2.solution.technical_route"),
    ("solution.data_governance", "part2.solution.data_governance"),
    ("solution.innovation", "part2.solution.innovation"),
    ("solution.security", "part2.solution.security"),
    ("outcomes", "part2.outcomes"),
    ("business_model", "part2.business_model"),
];

/// Items of the two container cells (a container is answered when one of them is).
const DATA_MARKET: &[&str] = &[
    "data.service_targets",
    "data.sources",
    "data.sources_public",
    "data.sources_enterprise",
    "data.update_frequency",
    "data.aggregation",
    "data.cross_entity_volume_gb",
    "data.bandwidth_mb",
    "data.trade_forms",
    "data.product_types",
    "data.modeling",
    "data.value_goals",
];
const APPLICATION: &[&str] = &[
    "application.customers_total",
    "application.customers_breakdown",
    "application.industries",
    "application.cases",
    "application.deployment",
    "application.charging",
    "application.market_revenue",
    "application.gross_profit",
    "application.dev_cost",
    "application.payback_period",
    "application.outcomes",
];

/// Starred items of each participating unit.
const UNIT_REQUIRED: &[&str] = &[
    "name",
    "credit_code",
    "founded",
    "address",
    "nature",
    "is_soe_subsidiary",
    "contact",
    "contact_title",
    "contact_phone",
    "intro",
    "capability",
    "revenue",
    "profit",
    "rd_investment_2024",
    "ai_investment_2024",
    "external_data_cost_2024",
    "data_utilization",
];

/// Word limits of top-level items.
const WORD_LIMITS: &[(&str, usize)] = &[
    ("project.summary", 1000),
    ("narrative.background", 500),
    ("narrative.scenarios", 500),
    ("narrative.advantages", 1000),
    ("solution.data_foundation", 3000),
    ("solution.technical_route", 4000),
    ("solution.data_governance", 3000),
    ("solution.innovation", 3000),
    ("outcomes", 5000),
    ("business_model", 5000),
];

/// Choice items: (key, min, max, container or "" for a starred top-level item).
const CHOICES: &[(&str, usize, Option<usize>, &str)] = &[
    ("project.scenarios", 1, None, ""),
    ("data.service_targets", 1, None, "data.market"),
    ("data.sources", 1, Some(2), "data.market"),
    ("data.update_frequency", 1, None, "data.market"),
    ("data.product_types", 1, Some(2), "data.market"),
    ("data.modeling", 1, Some(1), "data.market"),
    ("data.value_goals", 1, Some(3), "data.market"),
    ("application.deployment", 1, Some(2), "application"),
    ("application.charging", 1, Some(2), "application"),
    ("application.payback_period", 0, Some(1), "application"),
];

/// Choice items of a unit: (key, min, max).
const UNIT_CHOICES: &[(&str, usize, Option<usize>)] =
    &[("nature", 1, Some(1)), ("scale", 0, Some(1)), ("financing_stage", 0, Some(1))];

/// The expected findings of a dossier, in the product's reporting order.
pub fn expected(d: &Dossier) -> Vec<Expected> {
    let mut out = Vec::new();
    let Some(form) = &d.form else {
        out.push(Expected { code: "TEMPLATE_MISMATCH", field: None, file: None, severity: "error" });
        for f in &d.unreadable {
            // An unreadable file that may be the form is an error when no form was found.
            let sev = if form_candidate(f) { "error" } else { "warning" };
            out.push(Expected { code: "FILE_UNREADABLE", field: None, file: Some(f.clone()), severity: sev });
        }
        return out;
    };
    for f in &d.unreadable {
        out.push(Expected { code: "FILE_UNREADABLE", field: None, file: Some(f.clone()), severity: "warning" });
    }
    let fields = truth::fields(form);
    let has = |k: &str| fields.contains_key(k);

    // SECTION_MISSING.
    for s in &form.spec.omit_sections {
        out.push(Expected::field("SECTION_MISSING", *s, "error"));
    }

    // REQUIRED_MISSING.
    for (key, section) in REQUIRED {
        if form.spec.omits(section) {
            continue;
        }
        let present = match *key {
            "data.market" => DATA_MARKET.iter().any(|k| has(k)),
            "application" => APPLICATION.iter().any(|k| has(k)),
            k => has(k),
        };
        if !present {
            out.push(Expected::field("REQUIRED_MISSING", *key, "error"));
        }
    }
    for (i, u) in records(&fields, "units").iter().enumerate() {
        for item in UNIT_REQUIRED {
            if !u.contains_key(*item) {
                out.push(Expected::field("REQUIRED_MISSING", format!("units[{i}].{item}"), "error"));
            }
        }
    }

    // WORD_LIMIT_EXCEEDED, in template order.
    let over = |key: String, text: Option<&Value>, limit: usize, out: &mut Vec<Expected>| {
        if let Some(t) = text.and_then(Value::as_str) {
            if word_count(t) > limit {
                out.push(Expected::field("WORD_LIMIT_EXCEEDED", key, "error"));
            }
        }
    };
    over("project.summary".into(), fields.get("project.summary"), 1000, &mut out);
    for (i, c) in records(&fields, "application.cases").iter().enumerate() {
        for (k, limit) in [("need", 200), ("scenario", 300), ("effect", 200)] {
            over(format!("application.cases[{i}].{k}"), c.get(k), limit, &mut out);
        }
    }
    for (i, m) in records(&fields, "team.members").iter().enumerate() {
        over(format!("team.members[{i}].role"), m.get("role"), 50, &mut out);
    }
    for (i, u) in records(&fields, "units").iter().enumerate() {
        over(format!("units[{i}].intro"), u.get("intro"), 300, &mut out);
        over(format!("units[{i}].capability"), u.get("capability"), 600, &mut out);
    }
    for (key, limit) in &WORD_LIMITS[1..] {
        over(key.to_string(), fields.get(*key), *limit, &mut out);
    }

    // CHOICE_COUNT.
    let count = |v: Option<&Value>| v.and_then(Value::as_array).map(Vec::len);
    for (key, min, max, container) in CHOICES {
        match count(fields.get(*key)) {
            Some(n) => {
                if max.is_some_and(|m| n > m) || n < *min {
                    out.push(Expected::field("CHOICE_COUNT", *key, "error"));
                }
            }
            None => {
                let container_present = match *container {
                    "data.market" => DATA_MARKET.iter().any(|k| has(k)),
                    "application" => APPLICATION.iter().any(|k| has(k)),
                    _ => false, // starred: REQUIRED_MISSING
                };
                if *min > 0 && container_present {
                    out.push(Expected::field("CHOICE_COUNT", *key, "error"));
                }
            }
        }
    }
    // data.aggregation: 每类选最主要的 1 个.
    if let Some(chosen) = fields.get("data.aggregation").and_then(Value::as_array) {
        for group in data::opts::AGGREGATION {
            if chosen.iter().filter(|c| c.as_str().is_some_and(|c| group.contains(&c))).count() > 1 {
                out.push(Expected::field("CHOICE_COUNT", "data.aggregation", "error"));
            }
        }
    }
    for (i, u) in records(&fields, "units").iter().enumerate() {
        for (key, min, max) in UNIT_CHOICES {
            if let Some(n) = count(u.get(*key)) {
                if max.is_some_and(|m| n > m) || n < *min {
                    out.push(Expected::field("CHOICE_COUNT", format!("units[{i}].{key}"), "error"));
                }
            }
        }
    }

    // TRACK_UNKNOWN: the track written is one of the contest's (the phrase bank holds exactly
    // the Shanxi tracks).
    if let Some(track) = form.track.first().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !bank::DOMAINS.iter().any(|dm| track.starts_with(dm.track)) {
            out.push(Expected::field("TRACK_UNKNOWN", "project.track", "error"));
        }
    }

    // Identifiers, in template order: units' credit codes, members' ID numbers, phones
    // (members, then units), patents, 软著.
    for (i, u) in records(&fields, "units").iter().enumerate() {
        if let Some(code) = u.get("credit_code").and_then(Value::as_str) {
            if !credit_code_valid(code) {
                out.push(Expected::field("CREDIT_CODE_INVALID", format!("units[{i}].credit_code"), "error"));
            }
        }
    }
    for (i, m) in records(&fields, "team.members").iter().enumerate() {
        let id_type = m.get("id_type").and_then(Value::as_str).unwrap_or("");
        if !(id_type.is_empty() || id_type.contains("身份证")) {
            continue;
        }
        if let Some(n) = m.get("id_number").and_then(Value::as_str) {
            if !id_number_valid(n) {
                out.push(Expected::field("ID_NUMBER_INVALID", format!("team.members[{i}].id_number"), "error"));
            }
        }
    }
    for (i, m) in records(&fields, "team.members").iter().enumerate() {
        if let Some(p) = m.get("phone").and_then(Value::as_str) {
            if !phone_valid(p) {
                out.push(Expected::field("PHONE_INVALID", format!("team.members[{i}].phone"), "error"));
            }
        }
    }
    for (i, u) in records(&fields, "units").iter().enumerate() {
        if let Some(p) = u.get("contact_phone").and_then(Value::as_str) {
            if !phone_valid(p) {
                out.push(Expected::field("PHONE_INVALID", format!("units[{i}].contact_phone"), "error"));
            }
        }
    }
    for (i, p) in records(&fields, "ip.patents").iter().enumerate() {
        if let Some(n) = p.get("number").and_then(Value::as_str) {
            if !patent_number_valid(n) {
                out.push(Expected::field("PATENT_NUMBER_INVALID", format!("ip.patents[{i}].number"), "error"));
            }
        }
    }
    for (i, p) in records(&fields, "ip.software_copyrights").iter().enumerate() {
        if let Some(n) = p.get("number").and_then(Value::as_str) {
            if !software_copyright_valid(n) {
                out.push(Expected::field(
                    "SOFTWARE_COPYRIGHT_NUMBER_INVALID",
                    format!("ip.software_copyrights[{i}].number"),
                    "error",
                ));
            }
        }
    }

    // NUMBER_INVALID: what the generator wrote in place of a figure, in template order.
    let mut written: Vec<&(String, String)> = form.written.iter().collect();
    written.sort_by_key(|(k, _)| if k.starts_with("application.cases") { 0 } else { 1 });
    for (key, text) in written {
        if data::approximate(text).is_some() {
            continue; // `约300`: accepted as approximate
        }
        assert!(NOT_A_NUMBER.contains(&text.as_str()), "{key}: `{text}` is not a documented non-number");
        out.push(Expected::field("NUMBER_INVALID", key.clone(), "error"));
    }

    inconsistent(form, &mut out);

    if form.members.len() > TEAM_MAX {
        out.push(Expected::field("TEAM_TOO_LARGE", "team.members", "error"));
    }
    if form.units.len() > UNITS_MAX {
        out.push(Expected::field("UNITS_TOO_MANY", "units", "error"));
    }
    if form.outcomes_fills.len() < OUTCOMES_MIN {
        out.push(Expected::field("OUTCOMES_TOO_FEW", "application.outcomes", "error"));
    }

    attachments(d, form, &mut out);
    ip_evidence(d, form, &mut out);
    out
}

/// IP_EVIDENCE_MISSING, as `ownership/ip_evidence_missing.rs` documents it. The generator
/// knows which attachment prints which number: the patent certificate `专利证书-1.pdf` prints
/// the first patent's canonical number; no other attachment prints a patent or 软著 number.
/// A claim is only `info` (not verifiable) when an attachment that could hold the number
/// cannot be read: unreadable or an image, and a certificate of that kind by name, of no known
/// kind by name, or the claim's own proof file. The licence scan (营业执照.jpg), contracts and
/// financial sheets cannot hold it. Other entity checks (holder, parent, foreign, reference
/// lists) have nothing to report on the samples: their certificates and contracts are in
/// English (no 专利权人 / 甲方 labels) and the sample run has no reference list.
fn ip_evidence(d: &Dossier, form: &FormData, out: &mut Vec<Expected>) {
    let readable = |name: &str| !d.unreadable.iter().any(|u| u == name) && !is_image(name);
    let mut printed: Vec<String> = Vec::new();
    if let Some(p) = form.patents.first() {
        if d.files.iter().any(|(n, _)| n == "专利证书-1.pdf" && readable(n)) {
            printed.push(p.canonical.clone());
        }
    }
    for (key, items, words) in [
        ("ip.patents", &form.patents, &["专利"][..]),
        ("ip.software_copyrights", &form.softwares, &["软著", "著作权"][..]),
    ] {
        for (i, ip) in items.iter().enumerate() {
            let valid = if key == "ip.patents" {
                patent_number_valid(&ip.number) && !is_publication(&ip.number)
            } else {
                software_copyright_valid(&ip.number) && !ip.number.contains("软著登字")
            };
            if !valid || printed.contains(&ip.canonical) {
                continue;
            }
            const KNOWN: &[&str] =
                &["营业执照", "执照", "合同", "协议", "财务", "审计", "报表", "专利", "软著", "著作权"];
            let unverifiable = d.files.iter().skip(1).any(|(n, _)| {
                !readable(n)
                    && (words.iter().any(|w| n.contains(w))
                        || !KNOWN.iter().any(|k| n.contains(k))
                        || ip.proof.as_deref().is_some_and(|p| base(p) == base(n)))
            });
            let sev = if unverifiable { "info" } else { "warning" };
            out.push(Expected::field("IP_EVIDENCE_MISSING", format!("{key}[{i}].number"), sev));
        }
    }
}

fn is_image(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"].iter().any(|e| lower.ends_with(e))
}

/// A publication number (`CN 112345678 A`), not a patent number.
fn is_publication(s: &str) -> bool {
    let up: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    up.starts_with("CN") && matches!(up.chars().last(), Some('A' | 'B' | 'U')) && !up.contains('.')
}

/// INCONSISTENT_VALUES (warnings), as `numbers/inconsistent_values.rs` documents them.
fn inconsistent(d: &FormData, out: &mut Vec<Expected>) {
    let w = |key: String| Expected::field("INCONSISTENT_VALUES", key, "warning");
    let sum: f64 = d.customers_breakdown.iter().map(|(_, v)| v).sum();
    if sum > 0.0 && (sum - d.customers_total).abs() > 1e-6 {
        out.push(w("application.customers_breakdown".into()));
    }
    if d.cases.len() as f64 > d.customers_total {
        out.push(w("application.customers_total".into()));
    }
    const UNIT_YEARS: [&str; 3] = ["2024", "2023", "2022"];
    for (i, u) in d.units.iter().enumerate() {
        for (k, y) in UNIT_YEARS.iter().enumerate() {
            if u.profit[k] > u.revenue[k] {
                out.push(w(format!("units[{i}].profit.{y}")));
            }
        }
        if u.ai_investment_2024 > u.rd_investment_2024 {
            out.push(w(format!("units[{i}].ai_investment_2024")));
        }
    }
    const MARKET_YEARS: [&str; 3] = ["2023", "2024", "2025"];
    for (k, y) in MARKET_YEARS.iter().enumerate() {
        let Some(m) = d.market_revenue[k] else { continue };
        // Every unit gives its revenue for 2022–2024; 2025 is nobody's.
        if let Some(j) = UNIT_YEARS.iter().position(|u| u == y) {
            let units: f64 = d.units.iter().map(|u| u.revenue[j]).sum();
            if m > units {
                out.push(w(format!("application.market_revenue.{y}")));
            }
        }
    }
    for (k, y) in MARKET_YEARS.iter().enumerate() {
        if let (Some(g), Some(m)) = (d.gross_profit[k], d.market_revenue[k]) {
            if g > m {
                out.push(w(format!("application.gross_profit.{y}")));
            }
        }
    }
    // 专利数量 / 软著数量 are written as the number of rows listed: always consistent.
}

/// ATTACHMENT_MISSING, as `files/attachment_missing.rs` documents it.
fn attachments(d: &Dossier, form: &FormData, out: &mut Vec<Expected>) {
    let names: Vec<&str> = d.files.iter().map(|(n, _)| n.as_str()).collect();
    if !names.iter().any(|n| ["营业执照", "执照", "登记证书", "法人证书"].iter().any(|k| n.contains(k))) {
        out.push(Expected { code: "ATTACHMENT_MISSING", field: None, file: None, severity: "error" });
    }
    let present = |proof: &str| names.iter().any(|n| base(n) == base(proof));
    for (key, items) in [("ip.patents", &form.patents), ("ip.software_copyrights", &form.softwares)] {
        for (i, ip) in items.iter().enumerate() {
            if let Some(p) = ip.proof.as_deref().filter(|p| looks_like_file_name(p)) {
                if !present(p) {
                    out.push(Expected::field("ATTACHMENT_MISSING", format!("{key}[{i}].proof"), "warning"));
                }
            }
        }
    }
    for (i, c) in form.cases.iter().enumerate() {
        let missing = match c.contract_proof.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => true,
            Some(p) => looks_like_file_name(p) && !present(p),
        };
        if missing {
            out.push(Expected::field(
                "ATTACHMENT_MISSING",
                format!("application.cases[{i}].contract_proof"),
                "warning",
            ));
        }
    }
}

fn looks_like_file_name(s: &str) -> bool {
    let ext = s.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    s.contains('.')
        && ["pdf", "jpg", "jpeg", "png", "docx", "doc", "xlsx", "xls", "zip", "ofd", "tif", "tiff"]
            .contains(&ext.as_str())
}

fn base(path: &str) -> String {
    let b = path.rsplit(['/', '\\']).next().unwrap_or(path);
    b.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// A Word or PDF file, or one named like a form: a candidate for the application form.
fn form_candidate(path: &str) -> bool {
    let lower = path.to_lowercase();
    ["申报书", "申报表", "报名表", "参赛项目"].iter().any(|k| path.contains(k))
        || [".docx", ".doc", ".pdf"].iter().any(|e| lower.ends_with(e))
}

fn records<'a>(fields: &'a Map<String, Value>, key: &str) -> Vec<&'a Map<String, Value>> {
    fields
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default()
}

/// GB 32100-2015: 18 characters of the alphabet, a registration-authority code, the check
/// character.
pub fn credit_code_valid(s: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    s.chars().count() == 18
        && s.chars().all(|c| ALPHABET.contains(c))
        && "123456789ANY".contains(&s[..1])
        && ids::credit_check(&s[..17]) == s.chars().last().unwrap_or(' ')
}

/// GB 11643-1999: 17 digits, a real birth date in digits 7–14, the check character.
pub fn id_number_valid(s: &str) -> bool {
    if s.len() != 18 || !s[..17].bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let y: u32 = s[6..10].parse().unwrap_or(0);
    let m: u32 = s[10..12].parse().unwrap_or(0);
    let d: u32 = s[12..14].parse().unwrap_or(0);
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1900..=2100).contains(&y) && d >= 1 && d <= days && ids::id_check(&s[..17]) == s.chars().last().unwrap_or(' ')
}

/// A mainland mobile (`1[3-9]` + 9 digits) or landline (`0` + 2–3 digit area code + 7–8
/// digits); spaces, dashes and `+86` allowed.
pub fn phone_valid(s: &str) -> bool {
    let t = s.trim().trim_start_matches("+86");
    if !t.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ') {
        return false;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let b = digits.as_bytes();
    if b.first() == Some(&b'1') {
        return b.len() == 11 && (b'3'..=b'9').contains(&b[1]);
    }
    b.first() == Some(&b'0') && (10..=12).contains(&b.len())
}

/// A Chinese patent number (`[ZL|CN] YYYY T NNNNNNN . C`, or 8 digits + check before 2003), or
/// a publication number (`CN 1xxxxxxxx A/B`, `CN 2xxxxxxxx U`), which the check accepts.
pub fn patent_number_valid(s: &str) -> bool {
    let up: String = s.chars().filter(|c| !c.is_whitespace() && *c != '.').collect::<String>().to_uppercase();
    if let Some(p) = up.strip_prefix("CN") {
        let (digits, kind) = p.split_at(p.len().saturating_sub(1));
        if (9..=10).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!((&digits[..1], kind), ("1", "A" | "B") | ("2", "U"))
        {
            return true;
        }
    }
    let n = up.trim_start_matches("ZL").trim_start_matches("CN");
    let (body, check) = match n.len() {
        13 | 9 => (&n[..n.len() - 1], n.chars().last().unwrap_or(' ')),
        _ => return false,
    };
    if !body.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if body.len() == 12 {
        matches!(&body[4..5], "1" | "2" | "3" | "8" | "9") && ids::patent_check(body) == check
    } else {
        const W: [u32; 8] = [2, 3, 4, 5, 6, 7, 8, 9];
        let sum: u32 = body.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
        let c = match sum % 11 {
            10 => 'X',
            v => char::from(b'0' + v as u8),
        };
        c == check
    }
}

/// A 软著登记号: `YYYYSR` + digits, or `YYYYSR` + two letters + digits; a certificate number
/// `软著登字第NNNNNNN号` is accepted too.
pub fn software_copyright_valid(s: &str) -> bool {
    let s = s.trim();
    if let Some(n) = s.strip_prefix("软著登字第").and_then(|r| r.strip_suffix('号')) {
        return !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    }
    if s.len() < 7 || !s[..4].bytes().all(|b| b.is_ascii_digit()) || &s[4..6] != "SR" {
        return false;
    }
    let rest = &s[6..];
    let rest = if rest.len() > 2 && rest[..2].bytes().all(|b| b.is_ascii_uppercase()) { &rest[2..] } else { rest };
    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_agree_with_the_documented_examples() {
        assert!(credit_code_valid("91350100M000100Y43"));
        assert!(!credit_code_valid("91350100M000100Y44"));
        assert!(id_number_valid("11010519491231002X"));
        assert!(!id_number_valid("110105194912310021"));
        assert!(phone_valid("13812345678") && phone_valid("0351-7654321"));
        assert!(!phone_valid("1381234567") && !phone_valid("0351-12345"));
        assert!(patent_number_valid("ZL200310102344.5") && patent_number_valid("ZL 2003 1 0102344.5"));
        assert!(!patent_number_valid("ZL200310102344.6"));
        assert!(software_copyright_valid("2023SR0123456") && software_copyright_valid("2009SRBJ1234"));
        assert!(!software_copyright_valid("2023SR-12A45"));
        assert!(software_copyright_valid("软著登字第1234567号"));
        assert!(patent_number_valid("CN 112345678 A") && patent_number_valid("CN212345678U"));
        assert!(!patent_number_valid("CN 112345678 U"));
    }
}
