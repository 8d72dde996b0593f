//! Identifier keys: the one spelling under which an identifier is indexed and queried, so that
//! every way staff and certificates write it finds the same thing.
//!
//! * patents: `ZL 2023 1 0123456.7`, `ZL202310123456.7`, `202310123456.7`, `CN202310123456.7`
//!   and `2023101234567` → `2023101234567` (prefix, spaces and dot dropped, width folded);
//! * 软著: `2023SR0123456` (any case and width, spaces) → `2023SR0123456`; a certificate
//!   number `软著登字第0123456号` → `软著登字第0123456号`;
//! * credit codes: upper case, width folded, no spaces;
//! * company names: [`conventions::normalize::org_name`] (width, brackets, spaces, case).
//!
//! A value that is not a valid identifier is still keyed (folded, compacted), so a number typed
//! with a wrong check digit is found by exactly what was typed.

use conventions::ids;
use conventions::normalize::{fold_char, is_blank_char};

/// Width-folded, upper-cased, blank-free.
fn compact(s: &str) -> String {
    s.chars().map(|c| fold_char(c).to_ascii_uppercase()).filter(|c| !is_blank_char(*c)).collect()
}

/// The key of a patent number.
pub(crate) fn patent(s: &str) -> Option<String> {
    if let Ok(p) = ids::patent_number(s) {
        return Some(p.normalized);
    }
    let mut t = compact(s).replace(['。', '｡'], ".");
    if t.starts_with("ZL") || t.starts_with("CN") {
        t.drain(..2);
    }
    let t: String = t.chars().filter(|c| *c != '.').collect();
    (t.len() >= 6 && t.chars().all(|c| c.is_ascii_digit() || c == 'X')).then_some(t)
}

/// The key of a software registration number or of a 软著 certificate number.
pub(crate) fn copyright(s: &str) -> Option<String> {
    if let Ok(n) = ids::software_copyright_number(s) {
        return Some(n);
    }
    if let Some(n) = ids::certificate_number(s) {
        return Some(certificate_key(&n));
    }
    let t = compact(s);
    (!t.is_empty()).then_some(t)
}

/// The key of a certificate number's digits.
pub(crate) fn certificate_key(digits: &str) -> String {
    format!("软著登字第{digits}号")
}

/// The key of a credit code.
pub(crate) fn credit(s: &str) -> Option<String> {
    if let Ok(c) = ids::normalize_credit_code(s) {
        return Some(c);
    }
    let t = compact(s);
    (!t.is_empty()).then_some(t)
}

/// The key of a company name.
pub(crate) fn company(s: &str) -> Option<String> {
    let t = conventions::normalize::org_name(s);
    (!t.is_empty()).then_some(t)
}

/// Every identifier found in free text, as keys.
#[derive(Debug, Default, Clone)]
pub(crate) struct Found {
    pub(crate) patents: Vec<String>,
    pub(crate) copyrights: Vec<String>,
    pub(crate) credits: Vec<String>,
}

/// Patent, 软著 and credit-code keys found in `text`.
pub(crate) fn find_in(text: &str) -> Found {
    Found {
        patents: ids::find_patent_numbers(text).into_iter().map(|p| p.normalized).collect(),
        copyrights: ids::find_software_copyright_numbers(text)
            .into_iter()
            .chain(ids::find_certificate_numbers(text).iter().map(|d| certificate_key(d)))
            .collect(),
        credits: ids::find_credit_codes(text).into_iter().filter_map(|c| credit(&c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_patent_spelling_has_one_key() {
        let n = crate::tests_support::valid_patent();
        let digits = n.replace('.', "");
        let spellings = [
            format!("ZL {} {} {}.{}", &digits[..4], &digits[4..5], &digits[5..12], &digits[12..]),
            format!("ZL{n}"),
            n.clone(),
            format!("CN{n}"),
            digits.clone(),
            format!("ｚｌ{n}"),
        ];
        for s in &spellings {
            assert_eq!(patent(s).as_deref(), Some(digits.as_str()), "{s}");
        }
    }

    #[test]
    fn copyright_and_certificate_keys() {
        assert_eq!(copyright("2023 sr 0123456").as_deref(), Some("2023SR0123456"));
        assert_eq!(copyright("２０２３ＳＲ０１２３４５６").as_deref(), Some("2023SR0123456"));
        assert_eq!(copyright("软著登字第 0123456 号").as_deref(), Some("软著登字第0123456号"));
    }

    #[test]
    fn company_keys_ignore_width_brackets_and_spaces() {
        assert_eq!(company("山西 数据（集团）有限公司"), company("山西数据(集团)有限公司"));
        assert_eq!(company("ＡＢＣ科技有限公司"), company("abc科技有限公司"));
    }
}
