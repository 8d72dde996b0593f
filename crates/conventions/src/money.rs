//! Money and number parsing, as teams fill in the form.
//!
//! The form asks for 万元; teams write `1,234.5`, `1234.5万`, `约300`, `—`, `0`, `无`, `1.2亿元`,
//! `3000000元`. [`parse_money_wan`] returns the value in 万元, [`parse_number`] parses counts,
//! percentages and quantities without unit conversion. Both say whether the cell is blank
//! ([`Parsed::Blank`]), a value (possibly approximate: `约300`, `300左右`, `300余`, `300+`), or
//! not a clear number ([`Parsed::Invalid`]: `待定`, `若干`, `100-200`, `12.3.4`), which becomes a
//! `NUMBER_INVALID` finding.
//!
//! Values are computed in decimal and converted to `f64` once, so `1.2亿` is exactly `12000.0`
//! and `3000000元` exactly `300.0`.

use crate::normalize::{fold_char, is_blank_char};

/// The result of parsing a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parsed {
    /// Nothing written, or a placeholder meaning "nothing": empty, `—`, `-`, `/`, `___`, `无`,
    /// `暂无`, `空`, `不适用`, `N/A`, or a bare unit such as `万元`.
    Blank,
    /// A number.
    Value {
        /// The value (in 万元 for [`parse_money_wan`]).
        value: f64,
        /// True when written as approximate: `约300`, `300左右`, `300余`, `300多`, `300+`,
        /// `300以上`, `近300`, `~300`.
        approx: bool,
    },
    /// Something that is not a clear number: `待定`, `若干`, `100-200`, `12.3.4`, `300美元`.
    Invalid,
}

impl Parsed {
    /// The value, if any.
    pub fn value(&self) -> Option<f64> {
        match self {
            Parsed::Value { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// True for [`Parsed::Blank`].
    pub fn is_blank(&self) -> bool {
        matches!(self, Parsed::Blank)
    }

    /// True for [`Parsed::Invalid`].
    pub fn is_invalid(&self) -> bool {
        matches!(self, Parsed::Invalid)
    }

    /// True for an approximate value.
    pub fn is_approx(&self) -> bool {
        matches!(self, Parsed::Value { approx: true, .. })
    }
}

/// Parses a money amount and returns it in 万元.
///
/// * no unit: the value as written (the form's unit is 万元): `1,234.5` → 1234.5;
/// * `万` / `万元` → as is; `亿` / `亿元` → ×10000; `千万` → ×1000; `百万` → ×100; `十万` → ×10;
///   `千元` → ÷10; `元` → ÷10000 (`3000000元` → 300); `(万元)` in brackets too;
/// * `人民币`, `RMB`, `CNY`, `¥`, `￥`, `合计`, `共`, `预计` around the number are ignored, and so
///   are bracketed remarks at the end: `1200万元（含税）`, `(不含税)`, `（预计）`, `（经审计）`;
/// * approximate markers set `approx`: prefixes `约`, `大约`, `约为`, `约合`, `近`, `将近`, `超过`,
///   `逾`, `多于`, `≈`, `~`; suffixes `左右`, `上下`, `余`, `多`, `+`, `以上`, `有余`
///   (`约 300 万元`, `300余万元`, `300万元左右`);
/// * full-width digits, `．` / `。` as the decimal point, `,` / `，` / spaces as thousands
///   separators (groups of three), a leading `-` / `−` for negatives; a plain number in
///   parentheses `(12.5)` / `（12.5）` is negative (accounting style), but not with a unit or an
///   approximate marker;
/// * Chinese numerals for whole numbers: `三百万` → 300, `一千二百万元` → 1200, `五千元` → 0.5,
///   `壹佰万元整` → 100, `一亿二千万` → 12000 (a lone `一` is ambiguous with a dash: Invalid);
/// * `0` is a value, not blank; `—`, `/`, `无`, `___`, empty, a bare unit (`万元`, `____万元`:
///   the template's own text) → [`Parsed::Blank`];
/// * anything else is [`Parsed::Invalid`]: `待定`, `若干`, `100-200`, `12.3.4`, `300美元`, `12%`.
pub fn parse_money_wan(s: &str) -> Parsed {
    parse(s, Mode::Money)
}

/// Parses a count, percentage or quantity (`120家`, `12.5%`, `500GB`, `18个月`, `约300人`,
/// `1,200`): the number as written, with no unit conversion. A trailing unit word (`家`, `个月`,
/// `GB`, `%`, `％`, `‰` …) is dropped; magnitude words are numerals, not units, and do scale
/// (`1.2万` → 12000, `3亿` → 300000000, `三百` → 300, `两万人` → 20000). Blank, approximate
/// and invalid cells as in [`parse_money_wan`].
pub fn parse_number(s: &str) -> Parsed {
    parse(s, Mode::Number)
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Money,
    Number,
}

/// Width-folded, decimal points and minus signs unified, white space removed — except that
/// white space between two digits becomes `,` (a thousands separator, validated later).
fn prepare(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(|c| match fold_char(c) {
            '。' | '｡' => '.',
            '−' | '‐' | '‑' | '﹣' => '-',
            '＄' => '$',
            other => other,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if is_blank_char(chars[i]) {
            let start = i;
            while i < chars.len() && is_blank_char(chars[i]) {
                i += 1;
            }
            let prev_digit = start > 0 && chars[start - 1].is_ascii_digit();
            let next_digit = i < chars.len() && chars[i].is_ascii_digit();
            if prev_digit && next_digit {
                out.push(',');
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

const BLANK_WORDS: &[&str] = &[
    "无",
    "暂无",
    "空",
    "没有",
    "不适用",
    "无数据",
    "暂无数据",
    "未填",
    "未填写",
    "不涉及",
    "n/a",
    "na",
    "null",
    "none",
    "nil",
    "nan",
];

fn is_placeholder_char(c: char) -> bool {
    matches!(c, '-' | '—' | '–' | '―' | '─' | '━' | '_' | '﹏' | '/' | '\\' | '.' | '…' | '·' | '~' | '*')
}

fn is_blank_cell(t: &str) -> bool {
    if t.chars().all(is_placeholder_char) {
        return true;
    }
    let inner =
        t.trim_end_matches('.').trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | '【' | '】')).to_lowercase();
    BLANK_WORDS.contains(&inner.as_str())
}

const APPROX_PREFIXES: &[&str] = &["大约", "约为", "约合", "将近", "超过", "多于", "约", "近", "逾", "≈", "~"];
const APPROX_SUFFIXES: &[&str] = &["左右", "上下", "以上", "有余", "余", "多", "+"];
const DECOR_PREFIXES: &[&str] =
    &["人民币", "RMB", "rmb", "CNY", "cny", "¥", "￥", "合计", "总计", "累计", "共计", "共", "预计", "预期"];
const DECOR_SUFFIXES: &[&str] = &["人民币", "RMB", "rmb", "CNY", "cny"];

/// Remarks teams add in brackets after an amount that do not change it: `1200万元（含税）`.
const REMARKS: &[&str] = &[
    "含税",
    "不含税",
    "税前",
    "税后",
    "预计",
    "预期",
    "估算",
    "估计",
    "累计",
    "合计",
    "经审计",
    "未经审计",
    "已审计",
    "审计数",
    "人民币",
];

/// Strips bracketed remarks (`(含税)`, `（预计）`) at the end.
fn strip_remarks(mut s: &str) -> &str {
    while let Some(body) = s.strip_suffix(')') {
        let Some(open) = body.rfind('(') else { break };
        if !REMARKS.contains(&&body[open + 1..]) {
            break;
        }
        s = &s[..open];
    }
    s
}

/// Units of money and their power of ten relative to 万元 (longest first).
const MONEY_UNITS: &[(&str, i32)] = &[
    ("(千万元)", 3),
    ("(百万元)", 2),
    ("(万元)", 0),
    ("(亿元)", 4),
    ("(千元)", -1),
    ("(元)", -4),
    ("千万元", 3),
    ("百万元", 2),
    ("十万元", 1),
    ("万元", 0),
    ("亿元", 4),
    ("千元", -1),
    ("(万)", 0),
    ("千万", 3),
    ("百万", 2),
    ("十万", 1),
    ("万", 0),
    ("亿", 4),
    ("元", -4),
];

/// Magnitude words of plain numbers and their power of ten (longest first).
const MAGNITUDES: &[(&str, i32)] =
    &[("万亿", 12), ("千万", 7), ("百万", 6), ("十万", 5), ("万", 4), ("亿", 8), ("千", 3)];

/// Units that, alone in a cell, are what the template printed there: the cell is blank.
const BARE_UNITS: &[&str] = &[
    "%", "‰", "个", "家", "人", "名", "项", "次", "户", "台", "套", "件", "条", "篇", "天", "月", "个月", "年", "GB",
    "TB", "PB", "MB", "元",
];

fn strip_any_prefix<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| s.strip_prefix(w))
}

fn strip_any_suffix<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| s.strip_suffix(w))
}

/// Strips approximate markers and decorations at the end; sets `approx` when one was found.
fn strip_tail<'a>(mut s: &'a str, approx: &mut bool) -> &'a str {
    loop {
        if let Some(r) = strip_any_suffix(s, APPROX_SUFFIXES) {
            s = r;
            *approx = true;
        } else if let Some(r) = strip_any_suffix(s, DECOR_SUFFIXES) {
            s = r;
        } else {
            return s;
        }
    }
}

/// Chinese numeral characters: digits and the small units 十百千.
fn cn_digit(c: char) -> Option<u128> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn cn_small_unit(c: char) -> Option<u128> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

fn cn_big_unit(c: char) -> Option<u128> {
    Some(match c {
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

fn is_cn_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || cn_small_unit(c).is_some() || cn_big_unit(c).is_some()
}

/// Parses a whole number written in Chinese numerals, ordinary (`一千二百三十四`) or financial
/// (`壹仟贰佰叁拾肆`), with `万` / `亿` sections (`三亿零五百万`), `两`, `零` gaps (`一千零五`), a
/// leading `十` (`十五`), a leading unit (`百万`), and the colloquial abbreviation of a last digit
/// after a unit (`一万二` = 12000, `三千五` = 3500, `一亿二` = 120000000).
/// `None` for anything else (including digit-by-digit numbers like `二〇二四`).
pub fn parse_chinese_integer(s: &str) -> Option<u128> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    let mut total: u128 = 0; // amount above the current 万-section, already scaled
    let mut below_yi: u128 = 0; // 万 part of the current 亿-section, scaled
    let mut section: u128 = 0; // below 10000
    let mut digit: Option<u128> = None;
    let mut last_small: u128 = 10_000;
    let mut seen_wan = false;
    let mut after_zero = false;
    // the unit written just before the pending digit, for 一万二 = 12000
    let mut last_unit: Option<u128> = None;
    let mut any_digit = false;
    for &c in &chars {
        if let Some(d) = cn_digit(c) {
            any_digit = true;
            match digit {
                Some(0) | None => {}
                Some(_) => return None, // two digits in a row
            }
            if d == 0 {
                after_zero = true;
                last_unit = None;
            }
            digit = Some(d);
        } else if let Some(u) = cn_small_unit(c) {
            let d = match digit.take() {
                Some(0) => return None,
                Some(d) => d,
                None if section == 0 && last_small == 10_000 => 1,
                None => return None,
            };
            if u >= last_small {
                return None;
            }
            section += d * u;
            last_small = u;
            last_unit = Some(u);
            after_zero = false;
        } else if let Some(u) = cn_big_unit(c) {
            let sec = section + digit.take().unwrap_or(0);
            if u == 10_000 {
                if seen_wan || sec == 0 {
                    return None;
                }
                below_yi = sec * 10_000;
                seen_wan = true;
            } else {
                let amount = below_yi + sec;
                if amount == 0 || total != 0 {
                    return None;
                }
                total = amount * 100_000_000;
                below_yi = 0;
                seen_wan = false;
            }
            section = 0;
            last_small = 10_000;
            last_unit = Some(u);
            after_zero = false;
        } else {
            return None;
        }
    }
    if !any_digit && section == 0 && below_yi == 0 && total == 0 {
        return None;
    }
    if let Some(d) = digit {
        match last_unit {
            // 一百五 = 150, 一万二 = 12000, 一亿二 = 120000000: the digit counts in units of the
            // place just below the unit written before it (二十五: 十 → ones).
            Some(u) if !after_zero => section += d * (u / 10),
            _ => section += d,
        }
    }
    Some(total + below_yi + section)
}

/// Validates `1,234.5` / `-12` / `.5` / `5.` and returns (negative, digits, exponent).
fn parse_decimal(s: &str) -> Option<(bool, String, i32)> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut parts = body.split('.');
    let int = parts.next()?;
    let frac = parts.next().unwrap_or("");
    if parts.next().is_some() {
        return None;
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int_digits: String = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        groups.concat()
    } else {
        if !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int.to_string()
    };
    let exp = -i32::try_from(frac.len()).ok()?;
    Some((neg, format!("{int_digits}{frac}"), exp))
}

/// `digits × 10^exp`, negated when `neg`, as the nearest `f64` (never `-0.0`).
fn to_f64(neg: bool, digits: &str, exp: i32) -> Option<f64> {
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0.0);
    }
    let v: f64 = format!("{digits}e{exp}").parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

fn value(v: Option<f64>, approx: bool) -> Parsed {
    match v {
        Some(value) => Parsed::Value { value, approx },
        None => Parsed::Invalid,
    }
}

/// Characters that may form a trailing unit word of a plain number (`家`, `个月`, `GB`, `%`).
fn is_unit_word_char(c: char) -> bool {
    let approx_char = matches!(c, '余' | '多' | '左' | '右' | '上' | '下' | '以' | '有');
    (c.is_alphabetic() || matches!(c, '%' | '‰' | '°' | '℃' | '/' | '²' | '³'))
        && !is_cn_numeral_char(c)
        && !approx_char
}

/// Strips a trailing unit word, bare (`家`, `GB`) or in brackets (`(GB)`, `（个）`).
fn strip_unit_word(s: &str) -> &str {
    if let Some(inner_end) = s.strip_suffix(')') {
        if let Some(open) = inner_end.rfind('(') {
            let inner = &inner_end[open + 1..];
            if !inner.is_empty() && inner.chars().all(is_unit_word_char) {
                return &s[..open];
            }
        }
    }
    let cut = s.char_indices().rev().take_while(|(_, c)| is_unit_word_char(*c)).last().map_or(s.len(), |(i, _)| i);
    &s[..cut]
}

fn parse(s: &str, mode: Mode) -> Parsed {
    let t = prepare(s);
    if is_blank_cell(&t) {
        return Parsed::Blank;
    }
    let mut rest: &str = &t;
    let mut approx = false;
    loop {
        if let Some(r) = strip_any_prefix(rest, APPROX_PREFIXES) {
            rest = r;
            approx = true;
        } else if let Some(r) = strip_any_prefix(rest, DECOR_PREFIXES) {
            rest = r;
        } else {
            break;
        }
    }
    rest = strip_tail(strip_remarks(rest), &mut approx);

    // Chinese numerals: whole numbers, 万 / 亿 inside the numeral.
    let has_cn_digit = rest.chars().any(|c| cn_digit(c).is_some() || cn_small_unit(c).is_some());
    if has_cn_digit && !rest.bytes().any(|b| b.is_ascii_digit()) {
        return parse_chinese(rest, mode, approx);
    }

    let mut exp = 0;
    let mut has_unit = false;
    match mode {
        Mode::Money => {
            if let Some((unit, e)) = MONEY_UNITS.iter().find(|(u, _)| rest.ends_with(u)) {
                rest = &rest[..rest.len() - unit.len()];
                exp = *e;
                has_unit = true;
            }
        }
        Mode::Number => {
            let r = strip_unit_word(rest);
            if r.chars().all(is_placeholder_char) && !approx {
                // all letters: a bare unit left from the template (`%`, `家`), or words (`若干`)
                let unit = rest[r.len()..].trim_matches(['(', ')']);
                return if BARE_UNITS.contains(&unit) { Parsed::Blank } else { Parsed::Invalid };
            }
            has_unit = r.len() != rest.len();
            rest = strip_tail(r, &mut approx);
            if let Some((m, e)) = MAGNITUDES.iter().find(|(m, _)| rest.ends_with(m)) {
                rest = &rest[..rest.len() - m.len()];
                exp = *e;
                has_unit = true;
            }
        }
    }
    rest = strip_tail(rest, &mut approx);
    // nothing but a unit, or a unit after the template's blank line (`_____万元`, `____%`)
    if rest.chars().all(is_placeholder_char) {
        return if approx { Parsed::Invalid } else { Parsed::Blank };
    }
    // (12.5): accounting negative, for plain numbers only
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if has_unit || approx || inner.starts_with(['-', '+']) {
            return Parsed::Invalid;
        }
        return match parse_decimal(inner) {
            Some((_, digits, e)) => value(to_f64(true, &digits, e), false),
            None => Parsed::Invalid,
        };
    }
    match parse_decimal(rest) {
        Some((neg, digits, e)) => value(to_f64(neg, &digits, e + exp), approx),
        None => Parsed::Invalid,
    }
}

fn parse_chinese(rest: &str, mode: Mode, mut approx: bool) -> Parsed {
    let mut r = rest;
    let mut yuan = false;
    match mode {
        Mode::Money => {
            r = r.trim_end_matches(['整', '正']);
            if let Some(x) = r.strip_suffix('元').or_else(|| r.strip_suffix('圆')) {
                r = x;
                yuan = true;
            }
        }
        Mode::Number => r = strip_unit_word(r),
    }
    r = strip_tail(r, &mut approx);
    if r == "一" {
        return Parsed::Invalid; // a dash drawn with 一, or the number one: not clear
    }
    let Some(n) = parse_chinese_integer(r) else {
        return Parsed::Invalid;
    };
    let exp = match mode {
        Mode::Money if yuan || r.contains(['万', '萬', '亿', '億']) => -4,
        _ => 0,
    };
    value(to_f64(false, &n.to_string(), exp), approx)
}

#[cfg(test)]
mod tests;
