//! Text and name normalisation for matching.
//!
//! * [`fold_width`]: full-width ASCII forms (U+FF01–FF5E) to ASCII, U+3000 to a space.
//! * [`org_name`]: an organisation name reduced to a key, so that `山西 数据（集团）有限公司` and
//!   `山西数据(集团)有限公司` compare equal.
//! * [`label_key`]: a form label reduced to a key: no spaces, no `*` marks, no leading
//!   enumeration (`1.`, `（一）`, `第一部分` …), no trailing colon.
//! * [`strip_parentheticals`]: removes every `(…)` / `（…）` group.

/// True for characters that separate words but print nothing: every Unicode white space
/// (including the ideographic space U+3000 and NBSP U+00A0) plus the zero-width space U+200B,
/// the word joiner U+2060 and the byte-order mark U+FEFF.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Folds one character: full-width ASCII forms (U+FF01–FF5E) to their ASCII counterparts and the
/// ideographic space U+3000 to a plain space; every other character is returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds full-width ASCII forms (U+FF01–FF5E: `１２３`, `ＡＢＣ`, `（）`, `：`, `，` …) to ASCII and
/// the ideographic space U+3000 to a plain space. Every other character is kept, so the result
/// has exactly as many characters as the input.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Maps an opening bracket of any style to `(`, a closing one to `)`, anything else to `None`.
fn bracket(c: char) -> Option<char> {
    match c {
        '(' | '（' | '【' | '〔' | '〖' | '[' | '［' | '{' | '｛' | '⦅' | '〘' => Some('('),
        ')' | '）' | '】' | '〕' | '〗' | ']' | '］' | '}' | '｝' | '⦆' | '〙' => Some(')'),
        _ => None,
    }
}

/// Punctuation that may trail (or, for quotes, wrap) a name without being part of it.
fn is_name_trim(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '。'
            | '，'
            | '；'
            | '：'
            | '！'
            | '？'
            | '、'
            | '…'
            | '·'
            | '•'
            | '"'
            | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
            | '『'
            | '』'
            | '《'
            | '》'
            | '*'
    )
}

/// An organisation name reduced to a key for matching.
///
/// Folds width, removes all white space (including U+3000, NBSP and zero-width spaces), turns
/// every bracket style (`（）`, `()`, `【】`, `〔〕`, `〖〗`, `[]`, `{}`) into `(` `)`, strips quotes
/// and punctuation at either end (`“某某公司”。` → `某某公司`) and upper-cases ASCII letters.
///
/// `org_name("山西 数据（集团）有限公司") == org_name("山西数据(集团)有限公司")`.
pub fn org_name(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .map(fold_char)
        .filter(|c| !is_blank_char(*c))
        .map(|c| bracket(c).unwrap_or(c.to_ascii_uppercase()))
        .collect();
    let mut start = 0;
    let mut end = chars.len();
    while start < end && is_name_trim(chars[start]) {
        start += 1;
    }
    while end > start && is_name_trim(chars[end - 1]) {
        end -= 1;
    }
    chars[start..end].iter().collect()
}

/// Canonical form of one label character: full-width letters, digits and symbols fold to ASCII,
/// while the Chinese punctuation marks `（）：，；？！` are kept full-width (and their ASCII forms
/// become full-width), so that `(限500字)` and `（限 500 字）` give the same key.
fn label_char(c: char) -> char {
    match fold_char(c) {
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ',' => '，',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        other => other,
    }
}

/// Chinese numerals as they appear in enumerations: `一、`, `（十二）`, `第三部分`.
fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '壹'
            | '贰'
            | '叁'
            | '肆'
            | '伍'
            | '陆'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
    )
}

/// Circled, parenthesised, dotted, dingbat and Roman numeral characters (`①`, `⑴`, `⒈`, `❶`, `Ⅳ`).
fn is_numeral_symbol(c: char) -> bool {
    matches!(c,
        '\u{2460}'..='\u{249B}'   // ①–⑳, ⑴–⒇, ⒈–⒛
        | '\u{24EB}'..='\u{24FF}' // ⓫–⓴, ⓵–⓾, ⓿
        | '\u{2776}'..='\u{2793}' // ❶–❿, ➀–➉, ➊–➓
        | '\u{3251}'..='\u{325F}' // ㉑–㉟
        | '\u{32B1}'..='\u{32BF}' // ㊱–㊿
        | '\u{2160}'..='\u{217F}' // Ⅰ–ↀ Roman numerals
        | '\u{3220}'..='\u{3229}' // ㈠–㈩
    )
}

/// Punctuation that may close an enumeration: `1.`, `1、`, `1）`, `一、`, `（一）：`.
fn is_enum_punct(c: char) -> bool {
    matches!(c, '、' | '.' | '：' | '）' | '，' | '．')
}

/// Characters that, right after a number, make it a quantity rather than an enumeration:
/// `12个月`, `3年`, `2.0版`, `5倍`.
fn is_quantity_char(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '号'
            | '个'
            | '万'
            | '亿'
            | '千'
            | '百'
            | '十'
            | '元'
            | '次'
            | '家'
            | '人'
            | '名'
            | '岁'
            | '周'
            | '天'
            | '期'
            | '届'
            | '级'
            | '类'
            | '种'
            | '倍'
            | '版'
            | '型'
            | '代'
            | '位'
            | '小'
            | '分'
            | '秒'
            | '米'
            | '吨'
            | '台'
            | '套'
            | '件'
            | '条'
            | '款'
            | '度'
            | '季'
            | '大'
            | '%'
            | '‰'
            | '°'
            | '℃'
    )
}

fn is_cjk_letter(c: char) -> bool {
    crate::wordcount::is_cjk_ideograph(c)
}

/// Skips spaces starting at `i`.
fn skip_spaces(t: &[char], mut i: usize) -> usize {
    while i < t.len() && t[i] == ' ' {
        i += 1;
    }
    i
}

/// Length (in chars) of a leading enumeration in `t` (spaces already canonicalised to ' '),
/// or 0 when `t` does not start with one.
fn enumeration_len(t: &[char]) -> usize {
    let n = t.len();
    let at = |i: usize| t.get(i).copied();
    // Optional closing punctuation and spaces after the enumeration proper.
    let close = |mut i: usize| {
        i = skip_spaces(t, i);
        if at(i).is_some_and(is_enum_punct) {
            i += 1;
        }
        skip_spaces(t, i)
    };
    // 第一部分 / 第3章 …
    if at(0) == Some('第') {
        let mut i = 1;
        while at(i).is_some_and(|c| is_cn_numeral(c) || c.is_ascii_digit()) {
            i += 1;
        }
        if i > 1 {
            for word in ["部分", "章", "节", "条", "篇", "项", "点"] {
                let w: Vec<char> = word.chars().collect();
                if t[i..].starts_with(&w) {
                    return close(i + w.len());
                }
            }
        }
        return 0;
    }
    // （一） / （1） / （a）
    if at(0) == Some('（') {
        let mut i = 1;
        while at(i).is_some_and(|c| is_cn_numeral(c) || c.is_ascii_digit()) {
            i += 1;
        }
        let digits = i - 1;
        if digits == 0 && at(1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = 2;
        } else if digits == 0 || digits > 3 {
            return 0;
        }
        if at(i) == Some('）') {
            return close(i + 1);
        }
        return 0;
    }
    // ① ⑴ ⒈ Ⅳ …
    if at(0).is_some_and(is_numeral_symbol) {
        return close(1);
    }
    // 一、 十二、 (punctuation required: 一体化 is not an enumeration)
    if at(0).is_some_and(is_cn_numeral) {
        let mut i = 0;
        while i < 3 && at(i).is_some_and(is_cn_numeral) {
            i += 1;
        }
        let j = skip_spaces(t, i);
        if at(j).is_some_and(|c| matches!(c, '、' | '.' | '．' | '：')) {
            return skip_spaces(t, j + 1);
        }
        return 0;
    }
    // 1 / 1. / 1、 / 1） / 1.2 / 2 项目…
    if at(0).is_some_and(|c| c.is_ascii_digit()) {
        let mut i = 0;
        let mut levels_ok = true;
        loop {
            let s = i;
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            if i - s == 0 || i - s > 2 {
                levels_ok = false;
                break;
            }
            if at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
                continue;
            }
            break;
        }
        if !levels_ok {
            return 0;
        }
        return match at(i) {
            Some(c) if is_enum_punct(c) => skip_spaces(t, i + 1),
            Some(' ') => skip_spaces(t, i),
            Some(c) if is_cjk_letter(c) && !is_quantity_char(c) => i,
            _ => 0,
        };
    }
    // A、 / a. followed by non-ASCII text
    if n >= 3 && t[0].is_ascii_alphabetic() && matches!(t[1], '、' | '.' | '）') {
        let j = skip_spaces(t, 2);
        if at(j).is_some_and(|c| !c.is_ascii()) {
            return j;
        }
    }
    0
}

fn is_label_mark(c: char) -> bool {
    matches!(c, '*' | '※' | '★' | '☆')
}

/// A form label reduced to a key for matching.
///
/// Folds width (letters, digits and symbols to ASCII; the Chinese punctuation marks `（）：，；？！`
/// to their full-width form, so both spellings meet), removes all white space (including U+3000
/// and NBSP), drops leading required-marks (`*`, `＊`, `※`, `★`), a leading enumeration
/// (`1`, `1.`, `1、`, `1.2`, `(1)`, `（1）`, `一、`, `（一）`, `第一部分：`, `①`, `Ⅱ.`, `A、`) and trailing
/// colons and `*`. Text after the enumeration is kept, parentheses included.
///
/// A number directly followed by a quantity word (`2024年`, `12个月`, `5G`) is not an enumeration.
/// The key is never emptied by the enumeration rule: `label_key("1")` is `"1"`.
///
/// ```
/// use conventions::normalize::label_key;
/// assert_eq!(label_key("＊单 位 名 称："), "单位名称");
/// assert_eq!(label_key("2 项目数据来源"), "项目数据来源");
/// assert_eq!(label_key("（一）项目背景（限 500 字）"), "项目背景（限500字）");
/// ```
pub fn label_key(s: &str) -> String {
    let mut t: Vec<char> = s.chars().map(|c| if is_blank_char(c) { ' ' } else { label_char(c) }).collect();
    loop {
        let mut i = skip_spaces(&t, 0);
        while i < t.len() && is_label_mark(t[i]) {
            i = skip_spaces(&t, i + 1);
        }
        let e = enumeration_len(&t[i..]);
        let rest_nonblank = t[i + e..].iter().any(|c| *c != ' ');
        let cut = if e > 0 && rest_nonblank { i + e } else { i };
        if cut == 0 {
            break;
        }
        t.drain(..cut);
    }
    let mut out: Vec<char> = t.into_iter().filter(|c| *c != ' ').collect();
    while out.last().is_some_and(|c| matches!(c, '：' | '*')) {
        out.pop();
    }
    out.into_iter().collect()
}

/// Removes every parenthesised group, `(…)` or `（…）` (the two styles may be mixed, groups may
/// nest), then trims white space at both ends. An opening parenthesis that is never closed removes
/// the rest of the text; a stray closing one is dropped.
///
/// `strip_parentheticals("项目背景(限500字)") == "项目背景"`.
pub fn strip_parentheticals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_matches(is_blank_char).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_width_maps_full_width_ascii_and_ideographic_space() {
        assert_eq!(fold_width("ＡＢＣ１２３（）：，"), "ABC123():,");
        assert_eq!(fold_width("a\u{3000}b"), "a b");
        assert_eq!(fold_width("！～"), "!~");
        // CJK punctuation outside the block is kept
        assert_eq!(fold_width("。、《》【】"), "。、《》【】");
        assert_eq!(fold_width("中文"), "中文");
        assert_eq!(fold_width(""), "");
        // one char out for one char in
        let s = "ＺＬ２０２３．７\u{3000}";
        assert_eq!(fold_width(s).chars().count(), s.chars().count());
    }

    #[test]
    fn org_name_examples() {
        assert_eq!(org_name("山西 数据（集团）有限公司"), org_name("山西数据(集团)有限公司"));
        assert_eq!(org_name("山西 数据（集团）有限公司"), "山西数据(集团)有限公司");
        assert_eq!(org_name("某某【集团】公司"), "某某(集团)公司");
        assert_eq!(org_name("某某〔集团〕公司"), "某某(集团)公司");
        assert_eq!(org_name("某某[集团]公司"), "某某(集团)公司");
        assert_eq!(org_name("某某公司。"), "某某公司");
        assert_eq!(org_name("“某某公司”，"), "某某公司");
        assert_eq!(org_name("ａｂｃ科技有限公司"), "ABC科技有限公司");
        assert_eq!(org_name("abc科技\u{3000}有限\u{00A0}公司\u{200B}"), "ABC科技有限公司");
        assert_eq!(org_name("  "), "");
        // closing bracket at the end is part of the name
        assert_eq!(org_name("某某公司（筹）"), "某某公司(筹)");
        assert_ne!(org_name("山西数据有限公司"), org_name("山西数据集团有限公司"));
    }

    #[test]
    fn label_key_brief_examples() {
        assert_eq!(label_key("＊单 位 名 称："), "单位名称");
        assert_eq!(label_key("2 项目数据来源"), "项目数据来源");
        assert_eq!(label_key("（一）项目背景（限 500 字）"), "项目背景（限500字）");
    }

    #[test]
    fn label_key_enumerations() {
        for s in [
            "1项目名称",
            "1 项目名称",
            "1.项目名称",
            "1. 项目名称",
            "1、项目名称",
            "1）项目名称",
            "(1)项目名称",
            "（1）项目名称",
            "（1）、项目名称",
            "一、项目名称",
            "十二、项目名称",
            "（一）项目名称",
            "(一)项目名称",
            "第一部分：项目名称",
            "第一部分 项目名称",
            "第一部分项目名称",
            "第2章 项目名称",
            "①项目名称",
            "① 项目名称",
            "⑴项目名称",
            "Ⅱ.项目名称",
            "A、项目名称",
            "1.2 项目名称",
            "1.2.3、项目名称",
            "*1、项目名称：",
            "※ 项目名称:",
            "＊（一）项目名称：",
            "\u{3000}\u{00A0}项目名称\u{3000}：",
            "项目名称*",
        ] {
            assert_eq!(label_key(s), "项目名称", "{s}");
        }
    }

    #[test]
    fn label_key_keeps_what_is_not_an_enumeration() {
        assert_eq!(label_key("2024年营业收入"), "2024年营业收入");
        assert_eq!(label_key("2023 年营业收入"), "2023年营业收入");
        assert_eq!(label_key("12个月内回款"), "12个月内回款");
        assert_eq!(label_key("5G应用"), "5G应用");
        assert_eq!(label_key("3D建模"), "3D建模");
        assert_eq!(label_key("一体化平台"), "一体化平台");
        assert_eq!(label_key("十大场景"), "十大场景");
        assert_eq!(label_key("第三方数据"), "第三方数据");
        assert_eq!(label_key("1.5倍增长"), "1.5倍增长");
        assert_eq!(label_key("AI大模型"), "AI大模型");
        // only a leading enumeration is removed
        assert_eq!(label_key("项目背景（一）"), "项目背景（一）");
        assert_eq!(label_key("数据来源 2"), "数据来源2");
        // never emptied by the enumeration rule
        assert_eq!(label_key("1"), "1");
        assert_eq!(label_key("（一）"), "（一）");
        assert_eq!(label_key(""), "");
        assert_eq!(label_key("：："), "");
    }

    #[test]
    fn label_key_parentheses_meet() {
        assert_eq!(label_key("项目背景(限500字)"), label_key("项目背景（限 500 字）"));
        assert_eq!(label_key("项目背景(限500字)"), "项目背景（限500字）");
        assert_eq!(label_key("单位名称:"), label_key("单位名称："));
        assert_eq!(label_key("ＡＩ投入（２０２４年）"), "AI投入（2024年）");
        // nested enumerations at the start are all removed
        assert_eq!(label_key("一、（一）项目背景"), "项目背景");
    }

    #[test]
    fn strip_parentheticals_examples() {
        assert_eq!(strip_parentheticals("项目背景(限500字)"), "项目背景");
        assert_eq!(strip_parentheticals("项目背景（限500字）"), "项目背景");
        assert_eq!(strip_parentheticals("项目背景（限500字)"), "项目背景");
        assert_eq!(strip_parentheticals("（一）项目背景（限500字）"), "项目背景");
        assert_eq!(strip_parentheticals("a(b(c)d)e"), "ae");
        assert_eq!(strip_parentheticals("a(b)c(d)e"), "ace");
        assert_eq!(strip_parentheticals("项目背景（限500字"), "项目背景");
        assert_eq!(strip_parentheticals("项目背景)"), "项目背景");
        assert_eq!(strip_parentheticals(" 项目背景 (限500字) "), "项目背景");
        assert_eq!(strip_parentheticals("无括号"), "无括号");
        assert_eq!(strip_parentheticals(""), "");
    }

    #[test]
    fn blank_chars() {
        for c in [' ', '\t', '\n', '\u{3000}', '\u{00A0}', '\u{200B}', '\u{FEFF}'] {
            assert!(is_blank_char(c), "{c:?}");
        }
        for c in ['a', '中', '。', '_'] {
            assert!(!is_blank_char(c), "{c:?}");
        }
    }
}
