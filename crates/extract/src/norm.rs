//! Canonical forms for matching labels, with a map back to the original text.

use once_cell::sync::Lazy;
use regex::Regex;

/// Canonicalises `s` for matching: whitespace and star marks dropped, full-width folded to
/// half-width, ASCII letters upper-cased, Chinese punctuation that has an ASCII twin
/// (（）：，；) folded to it. Returns the canonical text and, for each of its characters, the
/// index of the original character it came from.
pub(crate) fn canon(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() / 2);
    for (i, c) in s.chars().enumerate() {
        if let Some(c) = canon_char(c) {
            out.push(c);
            map.push(i);
        }
    }
    (out, map)
}

/// [`canon`]'s text alone (no map: most callers only compare).
pub(crate) fn canon_text(s: &str) -> String {
    s.chars().filter_map(canon_char).collect()
}

/// A template instruction line as a key: letters, digits and ideographs only, so that the line
/// is still recognised when an export lost a punctuation mark (LibreOffice's PDFs drop a 、 or
/// 。 that would hang in the margin).
pub(crate) fn hint_key(s: &str) -> String {
    canon_text(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn canon_char(c: char) -> Option<char> {
    if c.is_whitespace() || matches!(c, '*' | '＊' | '※' | '\u{200B}' | '\u{FEFF}') {
        return None;
    }
    Some(match conventions::normalize::fold_char(c) {
        '（' => '(',
        '）' => ')',
        '：' => ':',
        '，' => ',',
        '；' => ';',
        '【' | '〔' | '［' => '[',
        '】' | '〕' | '］' => ']',
        c => c.to_ascii_uppercase(),
    })
}

static NUMBERING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^(?:第[一二三四五六七八九十]+部分:?|\(?[一二三四五六七八九十]{1,3}\)?[、.:．]?|\(\d{1,2}\)|\d{1,2}(?:[、.．:]|\)|(?:[^\d年个月日%.．,A-Z]))|[①②③④⑤⑥⑦⑧⑨⑩])",
    )
    .expect("valid regex")
});

/// Length in chars of a leading enumeration (`1.`, `（一）`, `三、`, `第一部分：`, `①`) in a
/// canonical string. A digit run that is part of the text (`2024年`, `5G`) is not numbering.
pub(crate) fn numbering_len(canon: &str) -> usize {
    match NUMBERING.find(canon) {
        Some(m) => {
            let s = m.as_str();
            let n = s.chars().count();
            // The digit alternative consumes the first character of the label itself.
            if s.chars().next().is_some_and(|c| c.is_ascii_digit()) && !s.ends_with(['、', '.', '．', ':', ')']) {
                n - 1
            } else {
                n
            }
        }
        None => 0,
    }
}

/// Removes every parenthesised group (nested ones included) from a canonical string.
pub(crate) fn strip_parens(canon: &str) -> String {
    let mut out = String::with_capacity(canon.len());
    let mut depth = 0usize;
    for c in canon.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if depth > 0 {
        // An unclosed parenthesis: keep the text rather than lose it.
        return canon.replace(['(', ')'], "");
    }
    out
}

/// The form of a label cell or heading used for equality: canonical, numbering, parentheticals
/// and trailing colons dropped.
pub(crate) fn label_form(s: &str) -> String {
    let c = canon_text(s);
    let skip = numbering_len(&c);
    let rest: String = c.chars().skip(skip).collect();
    strip_parens(&rest).trim_end_matches([':', '.', '、']).to_string()
}

/// Like [`label_form`] but keeping parentheticals: `跨主体(企业或机构)交互的数据量`.
pub(crate) fn label_form_full(s: &str) -> String {
    let c = canon_text(s);
    let skip = numbering_len(&c);
    c.chars().skip(skip).collect::<String>().trim_end_matches([':', '.', '、']).to_string()
}

/// True when the character can stand right before a label that is not the start of a line:
/// anything but a letter or ideograph (a label inside a longer word is not the label).
pub(crate) fn is_boundary(c: char) -> bool {
    !c.is_alphabetic() || read_glyph_state(c).is_some()
}

/// A text in canonical form that remembers the original, so that a label found in the
/// canonical text can be judged by what stands around it in the original (a space before
/// `母公司` makes it a label; `参赛单位名称` does not contain the label `单位名称`).
pub(crate) struct Canon {
    pub chars: Vec<char>,
    map: Vec<usize>,
    orig: Vec<char>,
}

impl Canon {
    pub(crate) fn new(s: &str) -> Canon {
        let (c, map) = canon(s);
        Canon { chars: c.chars().collect(), map, orig: s.chars().collect() }
    }

    /// First occurrence of `label` (canonical chars) at or after canonical index `from` that
    /// does not continue a word of the original text.
    pub(crate) fn find(&self, label: &[char], from: usize) -> Option<usize> {
        if label.is_empty() || self.chars.len() < label.len() {
            return None;
        }
        // The first character is compared before the slice: this runs for every label form over
        // every line (hundreds of forms), and a slice comparison per position made a 128 KB
        // document take seconds (found by fuzzing the matcher).
        let first = label[0];
        (from..=self.chars.len() - label.len())
            .find(|&s| self.chars[s] == first && self.chars[s..s + label.len()] == *label && self.boundary_before(s))
    }

    fn boundary_before(&self, s: usize) -> bool {
        let o = self.map[s];
        o == 0 || is_boundary(self.orig[o - 1])
    }

    /// Original char index of canonical index `i` (the end of the text when past it).
    pub(crate) fn orig_index(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or(self.orig.len())
    }

    /// The original character right after canonical index `end` (exclusive), if any.
    pub(crate) fn orig_after(&self, end: usize) -> Option<char> {
        let o = if end == 0 { 0 } else { self.map[end - 1] + 1 };
        self.orig.get(o).copied()
    }

    /// The original text between two canonical indices.
    pub(crate) fn orig_between(&self, from: usize, to: usize) -> String {
        let a = if from == 0 { 0 } else { self.map.get(from - 1).map_or(self.orig.len(), |i| i + 1) };
        let b = self.orig_index(to);
        self.orig[a.min(b)..b].iter().collect()
    }
}

/// Checkbox state of a character of extracted text (Unicode glyphs and the model's ☑ ☐).
pub(crate) fn read_glyph_state(c: char) -> Option<bool> {
    match c {
        '☑' | '☒' | '■' | '▣' | '√' | '✓' | '✔' | '🗹' | '🗷' => Some(true),
        '☐' | '□' | '▢' | '❏' | '❑' | '🗆' => Some(false),
        _ => None,
    }
}

/// True when `s` holds nothing but blanks, underscores and similar fill-in marks.
pub(crate) fn is_blank_answer(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || matches!(c, '_' | '＿' | '—' | '-' | '…' | '.' | '/' | '／'))
}

/// Trims whitespace and fill-in underscores at both ends.
pub(crate) fn trim_answer(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '_' | '＿'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_forms() {
        assert_eq!(label_form("＊单 位 名 称："), "单位名称");
        assert_eq!(label_form("2 项目数据来源（最多选 2 项）："), "项目数据来源");
        assert_eq!(label_form("（一）项目背景（限 500 字）"), "项目背景");
        assert_eq!(label_form("第一部分：基本信息"), "基本信息");
        assert_eq!(label_form("1.知识产权情况（需与解决方案相关。可添加数量）"), "知识产权情况");
        assert_eq!(label_form("*2024 年 数据技术 研发投入 (万元)"), "2024年数据技术研发投入");
        assert_eq!(label_form("10 数据价值目标（限 3 个）"), "数据价值目标");
        assert_eq!(label_form("三、应用成效（限 5000 字）"), "应用成效");
        assert_eq!(label_form("5G基站"), "5G基站");
        assert_eq!(label_form("(1)企业内"), "企业内");
        assert_eq!(label_form("*营收 (万 元)"), "营收");
        assert_eq!(label_form("*其中, AI 投入 (万 元)"), "其中,AI投入");
    }

    #[test]
    fn canon_text_is_canons_text() {
        for s in ["单 位：Ab", "（一）项目名称*：", "  ", "【注】 ＡＢｃ，；"] {
            assert_eq!(canon_text(s), canon(s).0);
        }
    }

    #[test]
    fn canon_maps_back() {
        let (c, map) = canon("单 位：Ab");
        assert_eq!(c, "单位:AB");
        assert_eq!(map, vec![0, 2, 3, 4, 5]);
    }
}
