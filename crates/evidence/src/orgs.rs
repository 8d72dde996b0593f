//! Organisation names in free text: the shortest plausible full name ending in a legal-form
//! or institution suffix.
//!
//! A candidate runs leftwards from a suffix (有限公司, 有限责任公司, 股份有限公司, 集团有限公司,
//! 公司, 分公司, 研究院, 研究所, 大学, 学院, 中心, 医院, 银行 … 支行 / 分行, 事务所, 合作社 …)
//! over name characters (ideographs, ASCII letters and digits, brackets) and stops at
//! punctuation, white space and labels, so `甲方：太原某某有限公司` gives `太原某某有限公司`. Then
//! words that introduce a name rather than belong to it are cut from its front: labels (`甲方`,
//! `专利权人`, `名称` …), verbs and connectives (`授权`, `委托`, `由`, `与`, `向`, `被`, `的` …),
//! so `本项目由太原某某科技有限公司承担` gives `太原某某科技有限公司`. Names containing another
//! (a bank's 支行 containing the bank) keep the longer. Names are normalised with
//! [`conventions::normalize::org_name`] (brackets, width, white space) and deduplicated.

use conventions::normalize::{fold_char, org_name};
use once_cell::sync::Lazy;

static SUFFIX_CHARS: Lazy<Vec<Vec<char>>> = Lazy::new(|| SUFFIXES.iter().map(|s| s.chars().collect()).collect());
static LEADER_CHARS: Lazy<Vec<Vec<char>>> = Lazy::new(|| LEADERS.iter().map(|s| s.chars().collect()).collect());
/// First characters of the suffixes and of the leaders, sorted: most text positions start
/// neither, and one binary search skips them (the scan was the run's hottest loop).
static SUFFIX_FIRST: Lazy<Vec<char>> = Lazy::new(|| first_chars(&SUFFIX_CHARS));
static LEADER_FIRST: Lazy<Vec<char>> = Lazy::new(|| first_chars(&LEADER_CHARS));

fn first_chars(words: &[Vec<char>]) -> Vec<char> {
    let mut v: Vec<char> = words.iter().filter_map(|w| w.first().copied()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Suffixes, longest first so that `有限责任公司` is not read as `公司`.
const SUFFIXES: &[&str] = &[
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "分公司",
    "公司",
    "研究院",
    "研究所",
    "研究中心",
    "工程中心",
    "中心",
    "大学",
    "学院",
    "医院",
    "支行",
    "分行",
    "银行",
    "事务所",
    "合作社",
    "实验室",
    "研究会",
    "协会",
    "委员会",
    "管理局",
];

/// Suffixes that also end ordinary phrases (`数据中心`, `重点实验室`): the name must look like
/// an institution's, starting with a place or a national body.
const WEAK_SUFFIXES: &[&str] = &["中心", "实验室", "委员会", "协会", "研究会", "管理局"];

/// Words that introduce a name: cut from the front of a candidate, with everything before.
const LEADERS: &[&str] = &[
    "统一社会信用代码",
    "被审计单位",
    "单位名称",
    "企业名称",
    "公司名称",
    "机构名称",
    "专利权人",
    "著作权人",
    "权利人",
    "申请人",
    "发明人",
    "委托方",
    "受托方",
    "委托人",
    "受托人",
    "发包方",
    "承包方",
    "甲方",
    "乙方",
    "丙方",
    "丁方",
    "买方",
    "卖方",
    "名称",
    "兹授权",
    "授权",
    "委托",
    "签订",
    "签署",
    "承担",
    "提供",
    "隶属于",
    "隶属",
    "属于",
    "我们审计了",
    "审计了",
    "毕业于",
    "就职于",
    "任职于",
    "位于",
    "兹证明",
    "兹有",
    "证明",
    "本项目",
    "本合同",
    "本协议",
    "我单位",
    "我公司",
    "本公司",
    "以及",
    "以下简称",
    "以下称",
    "简称",
    "下称",
    "及其",
    "根据",
    "使用",
    "提交",
    "包括",
    "来自",
    "其他",
    "或者",
    "或",
    "及",
    "致",
    "由",
    "与",
    "向",
    "被",
    "的",
    "了",
    "于",
    "将",
    "把",
    "给",
    "是",
];

/// Provinces, autonomous regions, SARs and large cities: the places a Chinese organisation's
/// name may start with (`山西…`, `太原…`). One list for the crate and for `checks`.
pub const REGIONS: &[&str] = &[
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
    "太原",
    "大同",
    "阳泉",
    "长治",
    "晋城",
    "朔州",
    "晋中",
    "运城",
    "忻州",
    "临汾",
    "吕梁",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "武汉",
    "成都",
    "西安",
    "郑州",
    "长沙",
    "哈尔滨",
    "苏州",
    "青岛",
    "厦门",
    "合肥",
    "济南",
];

/// National prefixes that start institution names (`中国…`, `国家…`).
const NATIONAL: &[&str] = &["中国", "国家", "中华", "全国"];

/// Characters that, right after a suffix, show it is part of a longer word.
const NOT_AFTER: &[char] = &['业', '法', '章', '制', '类', '化', '员', '级', '生', '间', '区', '型'];

/// Longest name (characters, suffix included) taken at all.
const MAX_NAME: usize = 50;

fn is_name_char(c: char) -> bool {
    let c = fold_char(c);
    c.is_ascii_alphanumeric()
        || matches!(c, '(' | ')' | '（' | '）' | '·' | '&' | '-')
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
        || ('\u{20000}'..='\u{2FFFF}').contains(&c)
}

/// Cuts leaders from the front: everything up to the end of the last leader (a candidate left
/// with fewer than two characters before its suffix is no name: `使用母公司`).
fn trim_front(cand: &[char], suffix_len: usize) -> usize {
    let mut start = 0;
    let body_end = cand.len() - suffix_len;
    for i in 0..body_end {
        if LEADER_FIRST.binary_search(&cand[i]).is_err() {
            continue;
        }
        for lc in LEADER_CHARS.iter() {
            let end = i + lc.len();
            if end <= body_end && cand[i..end] == lc[..] && end > start {
                start = end;
            }
        }
    }
    // Unbalanced closing bracket at the front (`（甲方）某某公司` cut inside).
    while start < body_end && matches!(cand[start], ')' | '）') {
        start += 1;
    }
    start
}

/// Spans (char indices) of organisation names in `chars`.
fn spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if SUFFIX_FIRST.binary_search(&chars[i]).is_err() {
            i += 1;
            continue;
        }
        let Some(k) = SUFFIX_CHARS.iter().position(|sc| chars.get(i..i + sc.len()).is_some_and(|w| w == sc.as_slice()))
        else {
            i += 1;
            continue;
        };
        let suffix = &SUFFIXES[k];
        let slen = suffix.chars().count();
        let end = i + slen;
        // `银行业`, `公司法`, `大学生`: the suffix starts a longer word, not a name's end.
        if chars.get(end).is_some_and(|c| NOT_AFTER.contains(c)) {
            i = end;
            continue;
        }
        let mut start = i;
        let mut open_brackets = 0usize;
        while start > 0 && end - (start - 1) <= MAX_NAME {
            let c = chars[start - 1];
            if matches!(c, ')' | '）') {
                open_brackets += 1;
            }
            if matches!(c, '(' | '（') {
                // An opening bracket with no closing one after it starts a remark
                // (`某公司（以下简称贵公司）`): the name is not before it.
                if open_brackets == 0 {
                    break;
                }
                open_brackets -= 1;
            }
            if is_name_char(c) {
                start -= 1;
            } else if matches!(chars[start - 1], ' ' | '\u{3000}' | '\u{A0}')
                && start >= 2
                && is_name_char(chars[start - 2])
                && !matches!(chars[start - 2], ' ' | '\u{3000}')
            {
                // One space inside a name (PDF and OCR text): `山西 示例（集团）有限公司`.
                start -= 1;
            } else {
                break;
            }
        }
        // A partnership's form in brackets belongs to the name: `某会计师事务所（特殊普通合伙）`.
        let mut end = end;
        for form in ["（特殊普通合伙）", "(特殊普通合伙)", "（普通合伙）", "(普通合伙)", "（有限合伙）", "(有限合伙)"]
        {
            let fc: Vec<char> = form.chars().collect();
            if chars.get(end..end + fc.len()).is_some_and(|w| w == fc.as_slice()) {
                end += fc.len();
                break;
            }
        }
        let slen = slen + (end - i - suffix.chars().count());
        let cand = &chars[start..end];
        let cut = trim_front(cand, slen);
        let start = start + cut;
        let body = end - slen - start;
        let name: String = chars[start..end].iter().collect();
        let weak = WEAK_SUFFIXES.contains(suffix);
        let institution = !weak || NATIONAL.iter().chain(REGIONS).any(|p| name.starts_with(p));
        let ok = body >= 2
            && institution
            && !matches!(name.as_str(), "有限公司" | "分公司" | "子公司" | "母公司" | "总公司" | "本公司" | "该公司");
        let parent_child = matches!(chars[start..end - slen].last(), Some('母' | '子' | '总')) && body <= 2;
        if ok && !parent_child {
            out.push((start, end));
        }
        i = end;
    }
    // A name inside a longer one (the bank inside its 支行, the company inside its 分公司) goes.
    let all = out.clone();
    out.retain(|&(s, e)| !all.iter().any(|&(s2, e2)| (s2, e2) != (s, e) && s2 <= s && e <= e2));
    out
}

/// Every organisation name in `text`, normalised, deduplicated, in order of first appearance.
pub fn find_organisations(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for (s, e) in spans(&chars) {
        let name = org_name(&chars[s..e].iter().collect::<String>());
        let name = strip_label_remnant(&name).to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A certificate's `名称` label glued to the name by OCR, its blank fill read as letters:
/// `名WM吕梁…有限公司`, `名称吕梁…有限公司` → `吕梁…有限公司`. Names that merely begin with 名
/// (`名创优品…`) are kept.
fn strip_label_remnant(name: &str) -> &str {
    if let Some(rest) = name.strip_prefix("名称") {
        return rest;
    }
    let Some(rest) = name.strip_prefix('名') else { return name };
    let junk = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    let after = &rest[junk..];
    if (1..=4).contains(&junk) && after.chars().next().is_some_and(|c| !c.is_ascii()) {
        after
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_verbs_are_not_swallowed() {
        assert_eq!(find_organisations("甲方：太原示例科技有限公司"), ["太原示例科技有限公司"]);
        assert_eq!(find_organisations("本项目由太原示例科技有限公司承担"), ["太原示例科技有限公司"]);
        assert_eq!(find_organisations("兹授权山西示例数据有限公司使用"), ["山西示例数据有限公司"]);
        assert_eq!(
            find_organisations("中国工商银行股份有限公司太原迎泽支行"),
            ["中国工商银行股份有限公司太原迎泽支行"]
        );
        assert_eq!(find_organisations("山西 示例（集团）有限公司"), ["山西示例(集团)有限公司"]);
        assert!(find_organisations("严禁使用母公司、分公司、子公司材料").is_empty());
        assert!(find_organisations("建设了数据中心").is_empty());
        assert_eq!(find_organisations("毕业于山西大学"), ["山西大学"]);
        // OCR glues a certificate's 名称 label (its fill read as letters) to the name.
        assert_eq!(find_organisations("名WM吕梁龙城智算数字技术有限公司"), ["吕梁龙城智算数字技术有限公司"]);
        assert_eq!(find_organisations("名创优品（广州）有限责任公司"), ["名创优品(广州)有限责任公司"]);
    }
}
