//! Turning the text found for a field into a value of its kind.

use conventions::money::{self, Parsed};
use model::FieldValue;
use once_cell::sync::Lazy;
use regex::Regex;
use template::{ChoiceSpec, FillItem};

use crate::norm::{canon, canon_text, is_blank_answer, read_glyph_state, trim_answer, Canon};

/// Removes template instruction text (`hints`) from the start or end of an answer, and fill-in
/// underscores around it; inner lines stay as written.
pub(crate) fn clean_text(raw: &str, hints: &[String]) -> Option<String> {
    let mut text: String = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    for _ in 0..6 {
        let before = text.len();
        for h in hints {
            if let Some(rest) = strip_prefix_canon(&text, h) {
                text = rest
                    .trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, ':' | '：' | ',' | '，' | '。' | ';' | '；')
                    })
                    .to_string();
            }
            if let Some(rest) = strip_suffix_canon(&text, h) {
                text = rest.trim_end().to_string();
            }
        }
        if text.len() == before {
            break;
        }
    }
    let text = trim_answer(&text).to_string();
    (!is_blank_answer(&text)).then_some(text)
}

/// If `s` ends with `suffix` (compared canonically), the part of `s` before it.
fn strip_suffix_canon<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let (cs, map) = canon(s);
    let (cx, _) = canon(suffix);
    if cx.is_empty() || !cs.ends_with(&cx) {
        return None;
    }
    let start_c = cs.chars().count() - cx.chars().count();
    let orig = map[start_c];
    let byte = s.char_indices().nth(orig).map_or(s.len(), |(b, _)| b);
    Some(&s[..byte])
}

/// If `s` starts with `prefix` (compared canonically), the rest of `s` in its original form.
pub(crate) fn strip_prefix_canon<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let (cs, map) = canon(s);
    let (cp, _) = canon(prefix);
    if cp.is_empty() || !cs.starts_with(&cp) {
        return None;
    }
    let n = cp.chars().count();
    let orig_end = if n < map.len() { map[n] } else { s.chars().count() };
    let byte = s.char_indices().nth(orig_end).map_or(s.len(), |(b, _)| b);
    Some(&s[byte..])
}

/// Removes parenthesised notes such as `（万元）`, `(GB)`, `（以合同为准，无填 0）`.
fn strip_notes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The text of an answer that should be one number: notes, colons and fill marks removed.
fn number_text(raw: &str) -> String {
    let s = strip_notes(raw);
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '_' | '＿'));
    let s: String = s.chars().filter(|c| read_glyph_state(*c).is_none()).collect();
    trim_answer(&s).to_string()
}

pub(crate) fn money_value(raw: &str) -> Option<FieldValue> {
    let t = number_text(raw);
    from_parsed(money::parse_money_wan(&t), &t)
}

pub(crate) fn number_value(raw: &str) -> Option<FieldValue> {
    let t = number_text(raw);
    // A number followed by the unit the form printed (`35个`, `120GB`): the leading number.
    from_parsed(money::parse_number(&t), &t)
}

fn from_parsed(p: Parsed, text: &str) -> Option<FieldValue> {
    match p {
        Parsed::Blank => None,
        Parsed::Value { value, approx } => Some(FieldValue::Number { value, approx }),
        Parsed::Invalid => Some(FieldValue::Invalid(text.to_string())),
    }
}

/// `是` / `否`, read from marks first (☑是 ☐否), then from the text; the template's own
/// `是/否` left untouched is no answer.
pub(crate) fn bool_value(raw: &str) -> Option<FieldValue> {
    let chars: Vec<char> = raw.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if read_glyph_state(*c) == Some(true) {
            let next: String = chars[i + 1..].iter().filter(|c| !c.is_whitespace()).take(1).collect();
            match next.as_str() {
                "是" => return Some(FieldValue::Bool(true)),
                "否" => return Some(FieldValue::Bool(false)),
                _ => {}
            }
        }
    }
    let c = canon_text(raw);
    let c = c.trim_start_matches(|ch: char| read_glyph_state(ch).is_some());
    if c.starts_with("是/否") || c.starts_with("是或否") || c.is_empty() {
        return None;
    }
    if c.starts_with('是') || c.starts_with("YES") || c.starts_with('有') {
        Some(FieldValue::Bool(true))
    } else if c.starts_with('否') || c.starts_with("NO") || c.starts_with('无') || c.starts_with('不') {
        Some(FieldValue::Bool(false))
    } else {
        None
    }
}

/// One checked option: its label and the group it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chosen {
    pub label: String,
    pub group: usize,
}

/// The checked options of a choice field in `raw`, in order.
pub(crate) fn choices(raw: &str, spec: &ChoiceSpec) -> Vec<Chosen> {
    let options: Vec<(String, usize, String)> = spec
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, grp)| grp.options.iter().map(move |o| (o.clone(), g, canon_text(o))))
        .collect();
    let group_forms: Vec<String> = spec.groups.iter().map(|g| canon_text(&g.label)).filter(|g| !g.is_empty()).collect();
    let chars: Vec<char> = raw.chars().collect();
    let has_marks = chars.iter().any(|c| read_glyph_state(*c).is_some());
    let mut out = Vec::new();
    if has_marks {
        // Which group the text is in: the last group label seen before a mark.
        let mut i = 0;
        while i < chars.len() {
            let Some(state) = read_glyph_state(chars[i]) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < chars.len() && read_glyph_state(chars[j]).is_none() && !matches!(chars[j], '\n' | '\t') {
                j += 1;
            }
            if state {
                let seg: String = chars[i + 1..j].iter().collect();
                let seg = canon_text(&seg);
                let seg = seg.trim_start_matches([':', ',', '、', '.']);
                let prior: String = chars[..i].iter().collect();
                if let Some(c) = best_option(seg, &options, &prior, spec) {
                    out.push(c);
                }
            }
            i = j;
        }
    } else {
        // No marks at all: the team deleted the options it did not choose, or typed its
        // choice. Take the options named, unless every option is still there.
        let text = canon_text(raw);
        let named: Vec<&(String, usize, String)> = options
            .iter()
            .filter(|(_, _, f)| !f.is_empty() && text.contains(f.as_str()))
            .filter(|(_, _, f)| !group_forms.contains(f))
            .collect();
        let all = options.len();
        if !named.is_empty() && named.len() < all.max(2) {
            let mut found: Vec<(usize, Chosen)> = named
                .into_iter()
                .filter(|(_, _, f)| {
                    // Skip an option that is only part of a longer named option.
                    !options
                        .iter()
                        .any(|(_, _, g)| g.len() > f.len() && g.contains(f.as_str()) && text.contains(g.as_str()))
                })
                .map(|(l, g, f)| (text.find(f.as_str()).unwrap_or(0), Chosen { label: l.clone(), group: *g }))
                .collect();
            found.sort_by_key(|(p, _)| *p);
            out.extend(found.into_iter().map(|(_, c)| c));
        }
    }
    out
}

fn best_option(seg: &str, options: &[(String, usize, String)], prior: &str, spec: &ChoiceSpec) -> Option<Chosen> {
    let best = options
        .iter()
        .filter(|(_, _, f)| !f.is_empty() && seg.starts_with(f.as_str()))
        .max_by_key(|(_, _, f)| f.len())?;
    let (label, mut group, form) = best.clone();
    // An option printed in several groups (其他): the group whose label was seen last.
    let same: Vec<usize> = options.iter().filter(|(_, _, f)| *f == form).map(|(_, g, _)| *g).collect();
    if same.len() > 1 {
        let prior = canon_text(prior);
        let last_group = spec
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| !g.label.is_empty())
            .filter_map(|(i, g)| prior.rfind(&canon_text(&g.label)).map(|p| (p, i)))
            .max()
            .map(|(_, i)| i);
        if let Some(g) = last_group.filter(|g| same.contains(g)) {
            group = g;
        }
    }
    Some(Chosen { label, group })
}

static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(20\d\d)\s*年\s*(?:[（(][^）)]{0,8}[）)])?\s*[:：]?").expect("valid regex"));

/// Values written after `2023 年` … in `raw`, for the template's years, in its order.
pub(crate) fn year_values(raw: &str, years: &[String], money: bool) -> Vec<(String, FieldValue)> {
    let hits: Vec<(String, usize, usize)> = YEAR
        .captures_iter(raw)
        .map(|c| (c[1].to_string(), c.get(0).map_or(0, |m| m.start()), c.get(0).map_or(0, |m| m.end())))
        .collect();
    let mut out = Vec::new();
    for y in years {
        let Some(k) = hits.iter().position(|(hy, _, _)| hy == y) else {
            continue;
        };
        let end = hits.get(k + 1).map_or(raw.len(), |h| h.1);
        let seg = &raw[hits[k].2..end];
        let seg = seg.split(['\n', '、', '，', ';', '；']).next().unwrap_or("");
        let seg = seg.split_whitespace().next().unwrap_or("");
        let v = if money { money_value(seg) } else { number_value(seg) };
        if let Some(v) = v {
            out.push((y.clone(), v));
        }
    }
    out
}

/// Named blanks: each item's answer is what stands between its label and the next label.
pub(crate) fn fills(raw: &str, items: &[FillItem]) -> Vec<(String, FieldValue)> {
    let text = Canon::new(raw);
    // Find each label in order, each after the previous one.
    let mut pos: Vec<Option<(usize, usize)>> = Vec::with_capacity(items.len());
    let mut from = 0usize;
    for item in items {
        let label: Vec<char> = canon_text(&item.label).chars().collect();
        match text.find(&label, from) {
            Some(s) => {
                from = s + label.len();
                pos.push(Some((s, s + label.len())));
            }
            None => pos.push(None),
        }
    }
    let mut out = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let Some((_, end)) = pos[k] else { continue };
        let next = pos[k + 1..].iter().flatten().map(|(s, _)| *s).next().unwrap_or(text.chars.len());
        if next <= end {
            continue;
        }
        let seg = strip_notes(&text.orig_between(end, next));
        let seg = seg.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'));
        let seg = seg.split(['\n', '、', '，', ';', '；']).next().unwrap_or("");
        let seg = trim_answer(seg.split_whitespace().next().unwrap_or(""));
        if seg.is_empty() || is_blank_answer(seg) {
            continue;
        }
        let v = match money::parse_number(seg) {
            Parsed::Value { value, approx } => FieldValue::Number { value, approx },
            Parsed::Blank => continue,
            Parsed::Invalid => FieldValue::Text(seg.to_string()),
        };
        out.push((item.key.clone(), v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use template::ChoiceGroup;

    fn spec(opts: &[&str]) -> ChoiceSpec {
        ChoiceSpec {
            rule: None,
            groups: vec![ChoiceGroup { label: String::new(), options: opts.iter().map(|s| s.to_string()).collect() }],
            min: None,
            max: None,
            per_group_max: None,
        }
    }

    fn labels(v: Vec<Chosen>) -> Vec<String> {
        v.into_iter().map(|c| c.label).collect()
    }

    #[test]
    fn checked_options_in_every_glyph_convention() {
        let s = spec(&["政府", "事业单位", "企业", "消费者"]);
        assert_eq!(labels(choices("☑政府 ☐事业单位 ☑企业 ☐消费者", &s)), ["政府", "企业"]);
        assert_eq!(labels(choices("■ 政府 □ 事业单位 □ 企业 ■ 消费者", &s)), ["政府", "消费者"]);
        assert_eq!(labels(choices("□√事业单位 □企业", &s)), ["事业单位"]);
        assert_eq!(labels(choices("企业、消费者", &s)), ["企业", "消费者"]);
        assert!(choices("政府 事业单位 企业 消费者", &s).is_empty());
    }

    #[test]
    fn longest_option_wins() {
        let s = spec(&["企业", "企业数据"]);
        assert_eq!(labels(choices("☑企业数据 如是", &s)), ["企业数据"]);
    }

    #[test]
    fn years_and_fills() {
        let v = year_values(
            "2023 年 120 2024 年 260.5 2025 年（预期）___",
            &["2023".into(), "2024".into(), "2025".into()],
            true,
        );
        assert_eq!(v.len(), 2);
        assert_eq!(v[1], ("2024".to_string(), FieldValue::Number { value: 260.5, approx: false }));
        let items: Vec<FillItem> = [("a", "降低管理成本"), ("b", "降低生产成本"), ("c", "其他"), ("d", "提高工作效率")]
            .iter()
            .map(|(k, l)| FillItem { key: k.to_string(), label: l.to_string() })
            .collect();
        let f = fills("降低管理成本：12、降低生产成本：___ 其他：___\n提高工作效率：15%", &items);
        assert_eq!(
            f,
            vec![
                ("a".into(), FieldValue::Number { value: 12.0, approx: false }),
                ("d".into(), FieldValue::Number { value: 15.0, approx: false })
            ]
        );
    }

    #[test]
    fn bools() {
        assert_eq!(bool_value("是/否 母公司：___"), None);
        assert_eq!(bool_value("否"), Some(FieldValue::Bool(false)));
        assert_eq!(bool_value("☐是 ☑否"), Some(FieldValue::Bool(false)));
        assert_eq!(bool_value("是 母公司：中国某集团"), Some(FieldValue::Bool(true)));
    }

    #[test]
    fn hints_are_removed() {
        let hints = vec!["(不超过 300 字) 简要介绍发展历程、主营业务和市场地位等情况。".to_string()];
        assert_eq!(
            clean_text("（不超过300字）简要介绍发展历程、主营业务和市场地位等情况。\n本公司成立于2015年。", &hints)
                .as_deref(),
            Some("本公司成立于2015年。")
        );
        assert_eq!(clean_text("(不超过 300 字) 简要介绍发展历程、主营业务和市场地位等情况。", &hints), None);
        assert_eq!(clean_text("_____", &[]), None);
    }
}
