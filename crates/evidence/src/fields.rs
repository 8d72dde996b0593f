//! Labelled values: certificate holders, contract parties, contract amounts.
//!
//! A label is found at the start of a line or after white space, followed by an optional
//! colon; its value runs to the end of the line, to a run of two spaces or a tab (the next
//! column of a scanned certificate), or to the next known label. An empty value takes the next
//! non-empty line (OCR often puts label and value on separate lines).

use conventions::money::parse_money_wan;
use conventions::normalize::org_name;
use once_cell::sync::Lazy;
use regex::Regex;

use crate::kind::PARTY_LABEL;
use crate::orgs::find_organisations;
use crate::text::compact;
use crate::{Kind, Party};

/// The labelled values of one attachment.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub(crate) holders: Vec<String>,
    pub(crate) parties: Vec<Party>,
    pub(crate) amounts_wan: Vec<f64>,
}

/// Labels that end a value when they follow it on the same line.
const STOP_LABELS: &[&str] = &[
    "地址",
    "住所",
    "法定代表人",
    "负责人",
    "类型",
    "注册资本",
    "成立日期",
    "营业期限",
    "经营范围",
    "统一社会信用代码",
    "专利号",
    "专利申请日",
    "申请日",
    "授权公告日",
    "授权公告号",
    "发明人",
    "设计人",
    "登记号",
    "证书号",
    "开发完成日期",
    "首次发表日期",
    "权利取得方式",
    "权利范围",
    "联系人",
    "电话",
    "签订日期",
    "签订地点",
];

/// What may stand between and after the characters of a spaced label: blanks, and the
/// commas, dots and quotes OCR reads the blank fill of a certificate's labels as (`名，称，`).
const FILL: &str = r#"[ \t　，,、．.。·•“”"'‘’]"#;

static HOLDER_LABEL: Lazy<Regex> = Lazy::new(|| {
    let f = FILL;
    Regex::new(&format!(r"(?m)(?:^|[\s　])(专{f}*利{f}*权{f}*人|著{f}*作{f}*权{f}*人|权{f}*利{f}*人){f}*[:：]?{f}*"))
        .unwrap()
});

static NAME_LABEL: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?m)(?:^|[\s　])(名{f}*称){f}*[:：]?{f}*", f = FILL)).unwrap());

static AMOUNT_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(合同(?:总)?(?:金额|价款|总价|价格)|(?:总|合同)?价款|协议金额)(?:[（(][^）)\n]{0,10}[）)])?[ \t　]*[:：为是]?")
        .unwrap()
});

static YUAN_FIGURE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[¥￥][ \t]*([0-9][0-9,，]*(?:\.[0-9]+)?)[ \t]*(亿元|万元|亿|万|元)?").unwrap());

/// The value after a label ending at byte `at` of `text`.
fn value_after(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let mut line = &rest[..line_end];
    let mut next_lines = rest[line_end..].lines().map(str::trim).filter(|l| !l.is_empty());
    let owned;
    if line.trim().is_empty() {
        owned = next_lines.next().unwrap_or("").to_string();
        line = &owned;
    }
    let line = line.trim_start_matches([' ', '\t', '　', ':', '：']);
    let mut end = line.len();
    for sep in ["  ", "\t", "　　"] {
        if let Some(i) = line.find(sep) {
            end = end.min(i);
        }
    }
    for l in STOP_LABELS {
        if let Some(i) = line.find(l) {
            if i > 0 {
                end = end.min(i);
            }
        }
    }
    line[..end].trim().trim_end_matches(['，', ',', '；', ';', '。']).to_string()
}

/// A holder or party value: the organisation in it, else the value itself.
fn name_of(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if let Some(org) = find_organisations(value).into_iter().next() {
        return Some(org);
    }
    let v = org_name(value.split(['（', '(', '，', ',']).next().unwrap_or(value));
    (!v.is_empty() && v.chars().count() <= 40).then_some(v)
}

fn push_unique(out: &mut Vec<String>, v: String) {
    if !out.contains(&v) {
        out.push(v);
    }
}

fn holders(text: &str, kind: Kind) -> Vec<String> {
    let mut out = Vec::new();
    for m in HOLDER_LABEL.captures_iter(text) {
        let end = m.get(0).map_or(0, |g| g.end());
        let value = value_after(text, end);
        // Co-holders: `甲公司；乙公司`, `甲公司、乙公司`.
        for part in value.split(['；', ';', '、']) {
            if let Some(n) = name_of(part.trim()) {
                push_unique(&mut out, n);
            }
        }
    }
    if kind == Kind::BusinessLicense {
        for m in NAME_LABEL.captures_iter(text) {
            let end = m.get(0).map_or(0, |g| g.end());
            if let Some(n) = name_of(&value_after(text, end)) {
                push_unique(&mut out, n);
            }
        }
        if out.is_empty() {
            // The 名称 label lost in a scan: the first organisation named on a line that is
            // not the registration authority's.
            let first = text
                .lines()
                .filter(|l| !compact(l).contains("登记机关"))
                .find_map(|l| find_organisations(l).into_iter().next());
            out.extend(first);
        }
    }
    out
}

fn parties(text: &str) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::new();
    for m in PARTY_LABEL.captures_iter(text) {
        let role = compact(&m[1]);
        let label = compact(&m[0]);
        if ["盖章", "签字", "签章", "签名", "公章"].iter().any(|w| label.contains(w)) {
            continue; // The signature block, not the party's introduction.
        }
        let end = m.get(0).map_or(0, |g| g.end());
        if let Some(name) = name_of(&value_after(text, end)) {
            if !out.iter().any(|p| p.role == role && p.name == name) {
                out.push(Party { role, name });
            }
        }
    }
    out
}

/// An amount after a label: the `¥` figure when there is one (`¥1,200,000.00` is in 元), else
/// the written amount (`人民币壹佰贰拾万元整`, `120万元`).
fn amount(value: &str) -> Option<f64> {
    if let Some(c) = YUAN_FIGURE.captures(value) {
        let unit = c.get(2).map_or("元", |u| u.as_str());
        if let Some(v) = parse_money_wan(&format!("{}{unit}", &c[1])).value() {
            return Some(v);
        }
    }
    let head = value.split(['（', '(', '，', ',', '；', ';', '。']).next().unwrap_or(value);
    let head = head.trim().trim_end_matches('整');
    let parsed = parse_money_wan(head);
    // A bare number after 合同金额 is in 元 unless a unit says otherwise: contracts print 元.
    match parsed.value() {
        Some(v) if head.chars().any(|c| matches!(c, '万' | '亿' | '元')) => Some(v),
        Some(v) => Some(v / 10_000.0),
        None => None,
    }
}

fn amounts(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for m in AMOUNT_LABEL.find_iter(text) {
        let rest = &text[m.end()..];
        let line = rest.lines().next().unwrap_or("");
        if let Some(v) = amount(line.trim()) {
            out.push(v);
        }
    }
    out
}

/// Holders, parties and amounts of `text`.
pub(crate) fn extract(text: &str, kind: Kind) -> Fields {
    Fields { holders: holders(text, kind), parties: parties(text), amounts_wan: amounts(text) }
}
