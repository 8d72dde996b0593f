//! Masking personal identifiers for display and for blind-review copies.
//!
//! * [`mask_id_number`]: `110101199003071234` → `1101**********1234`.
//! * [`mask_phone`]: `13812345678` → `138****5678`; `0351-1234567` → `0351-*****67`.
//! * [`mask_all`]: masks every ID-number-shaped run and every mobile number in free text,
//!   leaving everything else byte for byte as it was.

use crate::ids::{id_number_spans, mobile_spans, parse_phone, PhoneKind};
use crate::normalize::{fold_char, is_blank_char};

/// Masks an ID number for display: the first 4 and last 4 characters are kept, the rest become
/// `*` (`110101199003071234` → `1101**********1234`). White space around is removed and width
/// folded; anything of 8 characters or fewer is masked entirely.
pub fn mask_id_number(s: &str) -> String {
    let t: Vec<char> = s.trim_matches(is_blank_char).chars().map(fold_char).collect();
    let n = t.len();
    if n <= 8 {
        return "*".repeat(n);
    }
    let mut out: String = t[..4].iter().collect();
    out.push_str(&"*".repeat(n - 8));
    out.extend(&t[n - 4..]);
    out
}

/// Masks a phone number for display. A mobile keeps its first 3 and last 4 digits
/// (`+86 138-1234-5678` → `138****5678`); a landline keeps its area code and last 2 digits
/// (`(0351)1234567` → `0351-*****67`; an extension is dropped). Anything else keeps its first 3
/// and last 2 digits, every other digit becoming `*`.
pub fn mask_phone(s: &str) -> String {
    if let Ok(p) = parse_phone(s) {
        let d = &p.digits;
        return match p.kind {
            PhoneKind::Mobile => format!("{}****{}", &d[..3], &d[7..]),
            PhoneKind::Landline => {
                let local = d.len() - p.area_len;
                format!("{}-{}{}", &d[..p.area_len], "*".repeat(local - 2), &d[d.len() - 2..])
            }
        };
    }
    let t = s.trim_matches(is_blank_char);
    let total = t.chars().filter(|c| fold_char(*c).is_ascii_digit()).count();
    let mut seen = 0;
    t.chars()
        .map(|c| {
            if !fold_char(c).is_ascii_digit() {
                return c;
            }
            seen += 1;
            if total >= 7 && (seen <= 3 || seen > total - 2) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks, in free text, every ID-number-shaped run (17 digits and a digit or `X`, standing alone,
/// optionally grouped 6-8-4 by spaces; check digit not required, so typos are masked too) as
/// [`mask_id_number`] does, and every mobile number (with or without `+86`, spaces or dashes)
/// as [`mask_phone`] does. Separators, full-width digits' positions and all other text are kept.
pub fn mask_all(text: &str) -> String {
    let folded: String = text.chars().map(fold_char).collect();
    // original byte offset of each folded char start (fold is char for char)
    let mut orig_at = vec![0usize; folded.len() + 1];
    for ((fi, _), (oi, _)) in folded.char_indices().zip(text.char_indices()) {
        orig_at[fi] = oi;
    }
    orig_at[folded.len()] = text.len();

    // (start, end, keep_first, keep_last) in folded byte offsets, counted in digits
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (s, e, _) in id_number_spans(&folded, false) {
        spans.push((s, e, 4, 4));
    }
    for (s, e, _) in mobile_spans(&folded) {
        let digits = folded[s..e].bytes().filter(u8::is_ascii_digit).count();
        // country prefix digits are kept, then 3 kept, 4 masked, 4 kept
        spans.push((s, e, digits - 8, 4));
    }
    spans.sort_unstable();

    let mut out = String::with_capacity(text.len());
    let mut pos = 0; // folded offset copied so far
    for (s, e, keep_first, keep_last) in spans {
        if s < pos {
            continue; // overlaps a span already masked
        }
        out.push_str(&text[orig_at[pos]..orig_at[s]]);
        let span = &folded[s..e];
        let total = span.chars().filter(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x')).count();
        let mut idx = 0;
        for (fc, oc) in span.chars().zip(text[orig_at[s]..orig_at[e]].chars()) {
            if fc.is_ascii_digit() || matches!(fc, 'X' | 'x') {
                let keep = idx < keep_first || idx >= total - keep_last;
                out.push(if keep { oc } else { '*' });
                idx += 1;
            } else {
                out.push(oc);
            }
        }
        pos = e;
    }
    out.push_str(&text[orig_at[pos]..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_number_masks() {
        assert_eq!(mask_id_number("110101199003071234"), "1101**********1234");
        assert_eq!(mask_id_number(" 11010519491231002x "), "1101**********002x");
        assert_eq!(mask_id_number("１１０１０１１９９００３０７１２３４"), "1101**********1234");
        assert_eq!(mask_id_number("123456789012345"), "1234*******2345");
        assert_eq!(mask_id_number("12345678"), "********");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn phone_masks() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+86 138-1234-5678"), "138****5678");
        assert_eq!(mask_phone("0351-1234567"), "0351-*****67");
        assert_eq!(mask_phone("(0351)1234567"), "0351-*****67");
        assert_eq!(mask_phone("010-12345678"), "010-******78");
        assert_eq!(mask_phone("0351-1234567转123"), "0351-*****67");
        // not a valid number: first 3 and last 2 digits kept
        assert_eq!(mask_phone("4001234567"), "400*****67");
        assert_eq!(mask_phone("12345"), "*****");
    }

    #[test]
    fn mask_all_masks_ids_and_mobiles_only() {
        let text = "张三，身份证号110101199003071234，手机13812345678，座机0351-1234567。";
        assert_eq!(mask_all(text), "张三，身份证号1101**********1234，手机138****5678，座机0351-1234567。");
    }

    #[test]
    fn mask_all_keeps_separators_and_prefixes() {
        assert_eq!(mask_all("电话：+86 138-1234-5678"), "电话：+86 138-****-5678");
        assert_eq!(mask_all("电话：138 1234 5678。"), "电话：138 **** 5678。");
        assert_eq!(mask_all("110101 19900307 1234"), "1101** ******** 1234");
    }

    #[test]
    fn mask_all_masks_invalid_check_digit_ids_too() {
        // one digit changed: no longer a valid ID, still personal data
        assert_eq!(mask_all("号码110101199003071235。"), "号码1101**********1235。");
    }

    #[test]
    fn mask_all_full_width_digits() {
        assert_eq!(mask_all("手机１３８１２３４５６７８"), "手机１３８****５６７８");
    }

    #[test]
    fn mask_all_leaves_longer_runs_and_other_numbers() {
        let text = "订单号 1381234567890123456789，金额 13812345678901 元，2024年";
        assert_eq!(mask_all(text), text);
        assert_eq!(mask_all(""), "");
        assert_eq!(mask_all("没有号码"), "没有号码");
    }

    #[test]
    fn mask_all_several() {
        let text = "A:13812345678 B:13912345678 A:13812345678";
        assert_eq!(mask_all(text), "A:138****5678 B:139****5678 A:138****5678");
    }
}
