//! Microsoft Word's 字数统计 (word count), the count teams and staff check word limits with.
//!
//! * every CJK ideograph counts 1 (all CJK Unified Ideographs blocks, Extensions A–I, the
//!   compatibility ideographs, radicals), and so does every kana, Hangul or Bopomofo character;
//! * every full-width or CJK punctuation mark counts 1 (U+3001–303F, U+FF01–FF60, U+FFE0–FFEE,
//!   the CJK compatibility and vertical forms, and `“ ” ‘ ’ — … ·` as Chinese text uses them);
//! * every maximal run of other non-white-space characters counts 1 (`5G` is 1, `hello,` is 1);
//! * white space separates and counts 0, including the ideographic space U+3000, NBSP and
//!   zero-width spaces.
//!
//! Combining marks and variation selectors belong to the character before them and never count
//! on their own.
//!
//! ```
//! use conventions::wordcount::word_count;
//! assert_eq!(word_count("5G"), 1);
//! assert_eq!(word_count("AI大模型"), 4);
//! assert_eq!(word_count("2024年"), 2);
//! assert_eq!(word_count("hello, world"), 2);
//! ```

use crate::normalize::is_blank_char;

/// True for a CJK ideograph (or radical) that Word counts as one 字.
pub fn is_cjk_ideograph(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // CJK Radicals Supplement, Kangxi Radicals
        | '\u{2FF0}'..='\u{2FFF}'   // Ideographic Description Characters
        | '\u{31C0}'..='\u{31EF}'   // CJK Strokes
        | '\u{3400}'..='\u{4DBF}'   // Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{2FFFF}' // Extensions B–F, I, Compatibility Supplement (plane 2)
        | '\u{30000}'..='\u{3FFFF}' // Extensions G, H (plane 3)
    )
}

/// True for kana, Hangul, Bopomofo and the other East Asian scripts Word counts per character.
fn is_east_asian_letter(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{3040}'..='\u{3098}'   // Hiragana (combining marks excluded)
        | '\u{309B}'..='\u{30FF}'   // Hiragana (rest), Katakana
        | '\u{3100}'..='\u{31BF}'   // Bopomofo, Hangul Compatibility Jamo, Kanbun, Bopomofo Ext.
        | '\u{31F0}'..='\u{31FF}'   // Katakana Phonetic Extensions
        | '\u{3200}'..='\u{33FF}'   // Enclosed CJK Letters and Months, CJK Compatibility
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7FF}'   // Hangul Syllables, Jamo Extended-B
        | '\u{FF61}'..='\u{FFDC}'   // half-width katakana and Hangul, half-width CJK punctuation
        | '\u{1AFF0}'..='\u{1B2FF}' // Kana Extended, Kana Supplement, small kana
    )
}

/// True for a full-width or CJK punctuation mark (or symbol) that Word counts as one 字.
/// The ideographic space U+3000 is white space, not punctuation.
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3029}'     // 、。〃〄々〆〇〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛〜〝〞〟〠 〡–〩
        | '\u{3030}'..='\u{303F}'   // 〰 … 〿
        | '\u{FE10}'..='\u{FE1F}'   // Vertical Forms
        | '\u{FE30}'..='\u{FE4F}'   // CJK Compatibility Forms
        | '\u{FE50}'..='\u{FE6F}'   // Small Form Variants
        | '\u{FF01}'..='\u{FF60}'   // Full-width ASCII forms, ｟｠
        | '\u{FFE0}'..='\u{FFEE}'   // Full-width signs ￠￡￢￣￤￥￦ and half-width forms
        | '\u{00B7}'                // ·  (间隔号)
        | '\u{2014}' | '\u{2015}'   // — ―  (破折号)
        | '\u{2016}'                // ‖
        | '\u{2018}' | '\u{2019}'   // ‘ ’
        | '\u{201C}' | '\u{201D}'   // “ ”
        | '\u{2025}' | '\u{2026}'   // ‥ …
        | '\u{2027}'                // ‧
        | '\u{203B}'                // ※
        | '\u{2E3A}' | '\u{2E3B}'   // ⸺ ⸻
    )
}

/// Marks that attach to the character before them: combining diacritics, variation selectors,
/// ideographic tone marks, kana voicing marks, zero-width (non-)joiners.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{302A}'..='\u{302F}'
        | '\u{3099}' | '\u{309A}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{E0100}'..='\u{E01EF}'
    )
}

/// True when `c` counts as one 字 on its own (ideograph, kana, Hangul, full-width punctuation).
pub fn counts_alone(c: char) -> bool {
    is_cjk_ideograph(c) || is_east_asian_letter(c) || is_cjk_punctuation(c)
}

/// Word's 字数: CJK ideographs, East Asian letters and full-width punctuation count 1 each;
/// each maximal run of other non-white-space characters counts 1.
///
/// `word_count("5G") == 1`, `word_count("AI大模型") == 4`, `word_count("2024年") == 2`,
/// `word_count("hello, world") == 2`.
pub fn word_count(text: &str) -> usize {
    #[derive(PartialEq)]
    enum Prev {
        Space,
        Alone,
        Run,
    }
    let mut count = 0;
    let mut prev = Prev::Space;
    for c in text.chars() {
        if is_blank_char(c) {
            prev = Prev::Space;
        } else if is_combining(c) && prev != Prev::Space {
            // belongs to the character before it
        } else if counts_alone(c) {
            count += 1;
            prev = Prev::Alone;
        } else {
            if prev != Prev::Run {
                count += 1;
            }
            prev = Prev::Run;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_md_examples() {
        assert_eq!(word_count("5G"), 1);
        assert_eq!(word_count("AI大模型"), 4);
        assert_eq!(word_count("2024年"), 2);
    }

    #[test]
    fn brief_examples() {
        assert_eq!(word_count("hello, world"), 2);
        assert_eq!(word_count("hello world"), 2);
        assert_eq!(word_count("hello,world"), 1);
    }

    #[test]
    fn empty_and_white_space() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("   "), 0);
        assert_eq!(word_count("\u{3000}\u{3000}"), 0);
        assert_eq!(word_count("\u{00A0}\t\n\r"), 0);
        assert_eq!(word_count("\u{200B}\u{FEFF}"), 0);
    }

    #[test]
    fn ideographic_space_and_nbsp_separate_runs() {
        assert_eq!(word_count("ab\u{3000}cd"), 2);
        assert_eq!(word_count("ab\u{00A0}cd"), 2);
        assert_eq!(word_count("ab\u{200B}cd"), 2);
        assert_eq!(word_count("ab\tcd\ncd"), 3);
    }

    #[test]
    fn chinese_text_with_punctuation() {
        // 4 ideographs + ， + 4 ideographs + 。
        assert_eq!(word_count("数据要素，价值释放。"), 10);
        // 《 数 据 要 素 》 count 1 each; × (U+00D7) is not CJK punctuation: a run of its own
        assert_eq!(word_count("《数据要素×》"), 7);
        assert_eq!(word_count("“数据”"), 4);
        assert_eq!(word_count("‘数’"), 3);
        assert_eq!(word_count("数据——要素"), 6);
        assert_eq!(word_count("数据……"), 4);
        assert_eq!(word_count("张·三"), 3);
        assert_eq!(word_count("【附件】"), 4);
        assert_eq!(word_count("（一）"), 3);
        assert_eq!(word_count("！？：；"), 4);
        assert_eq!(word_count("￥100"), 2);
        assert_eq!(word_count("、"), 1);
        assert_eq!(word_count("※注"), 2);
    }

    #[test]
    fn runs_of_other_characters() {
        assert_eq!(word_count("GPT-4o"), 1);
        assert_eq!(word_count("3.14"), 1);
        assert_eq!(word_count("1,234.5万元"), 3);
        assert_eq!(word_count("https://example.com/a?b=c"), 1);
        assert_eq!(word_count("(AI)"), 1);
        assert_eq!(word_count("AI（人工智能）"), 1 + 1 + 4 + 1);
        assert_eq!(word_count("数据5G数据"), 5);
        assert_eq!(word_count("a中b"), 3);
        assert_eq!(word_count("100%"), 1);
        assert_eq!(word_count("2024年1月"), 4);
        assert_eq!(word_count("T+1"), 1);
        // ASCII punctuation alone is a run, too
        assert_eq!(word_count("- * -"), 3);
        assert_eq!(word_count("数据,要素"), 5);
    }

    #[test]
    fn full_width_letters_and_digits_count_one_each() {
        assert_eq!(word_count("ＡＩ"), 2);
        assert_eq!(word_count("２０２４年"), 5);
        assert_eq!(word_count("AＩ"), 2);
    }

    #[test]
    fn all_cjk_blocks() {
        assert_eq!(word_count("\u{3400}"), 1); // Ext A
        assert_eq!(word_count("\u{4E00}\u{9FFF}"), 2);
        assert_eq!(word_count("\u{F900}\u{FA6D}"), 2); // compatibility
        assert_eq!(word_count("\u{20000}"), 1); // Ext B
        assert_eq!(word_count("\u{2A700}\u{2B740}\u{2B820}\u{2CEB0}"), 4); // C, D, E, F
        assert_eq!(word_count("\u{2F800}"), 1); // compatibility supplement
        assert_eq!(word_count("\u{30000}\u{31350}"), 2); // G, H
        assert_eq!(word_count("\u{2F00}"), 1); // Kangxi radical
        assert_eq!(word_count("々〇"), 2);
    }

    #[test]
    fn kana_and_hangul_count_per_character() {
        assert_eq!(word_count("ひらがな"), 4);
        assert_eq!(word_count("カタカナ"), 4);
        assert_eq!(word_count("한국어"), 3);
        assert_eq!(word_count("ｶﾀｶﾅ"), 4);
        assert_eq!(word_count("ㄅㄆ"), 2);
    }

    #[test]
    fn combining_marks_do_not_count_alone() {
        // が written as か + combining voiced mark
        assert_eq!(word_count("か\u{3099}"), 1);
        // ideograph + variation selector
        assert_eq!(word_count("葛\u{E0100}"), 1);
        assert_eq!(word_count("葛\u{FE00}城"), 2);
        // Latin with combining accent stays one run
        assert_eq!(word_count("cafe\u{0301} au lait"), 3);
        // emoji ZWJ sequence is one run
        assert_eq!(word_count("👩\u{200D}💻"), 1);
        // a combining mark after white space starts a run
        assert_eq!(word_count(" \u{0301}"), 1);
    }

    #[test]
    fn private_use_symbols_are_runs() {
        assert_eq!(word_count("\u{F0FE}公共数据"), 5);
        assert_eq!(word_count("\u{F0FE}\u{F0A8}"), 1);
    }

    #[test]
    fn realistic_paragraph() {
        let text = "本项目基于5G和AI大模型，服务客户1,200家（2024年）。";
        // 本项目基于 5 + 5G 1 + 和 1 + AI 1 + 大模型 3 + ， 1 + 服务客户 4 + 1,200 1
        // + 家 1 + （ 1 + 2024 1 + 年 1 + ） 1 + 。 1 = 23
        assert_eq!(word_count(text), 23);
    }
}
