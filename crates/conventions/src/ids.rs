//! Identifier validators and finders.
//!
//! * 统一社会信用代码, GB 32100-2015: [`credit_code`], [`normalize_credit_code`],
//!   [`find_credit_codes`].
//! * 居民身份证号码, GB 11643-1999: [`id_number`], [`normalize_id_number`], [`find_id_numbers`].
//! * Chinese patent (application) numbers, new (since Oct 2003, 12 digits + check) and old
//!   (8 digits + check) forms: [`patent_number`], [`find_patent_numbers`]; publication numbers
//!   `CN 1xxxxxxxx A`: [`publication_number`], [`find_publication_numbers`].
//! * 软件著作权登记号 `2023SR0123456` / `2009SRBJ1234`: [`software_copyright_number`],
//!   [`find_software_copyright_numbers`]; certificate numbers `软著登字第NNNNNNN号`:
//!   [`certificate_number`], [`find_certificate_numbers`].
//! * Mainland phone numbers: [`phone`], [`parse_phone`], [`find_phones`].
//!
//! Validators accept what people type: surrounding white space, full-width characters, lower
//! case; they say what is wrong through [`IdError`], in English ([`std::fmt::Display`]) and in
//! plain Chinese ([`IdError::message_zh`]). Finders scan free text (OCR or PDF text of
//! attachments), return only valid identifiers, normalised, deduplicated, in order of first
//! appearance, and never match inside a longer run of digits.

use std::collections::HashSet;
use std::fmt;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::normalize::{fold_char, is_blank_char};

/// What is wrong with an identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdError {
    /// Nothing but white space.
    Empty,
    /// The identifier has the wrong number of characters.
    WrongLength {
        /// How many characters it should have.
        expected: usize,
        /// How many it has.
        found: usize,
    },
    /// A character that is not allowed at that place.
    BadCharacter {
        /// The character (after width folding and upper-casing).
        ch: char,
        /// 1-based position, counted in characters of the identifier as the validator sees it:
        /// white space around removed (for patent numbers also spaces inside and the `ZL`/`CN`
        /// prefix).
        position: usize,
    },
    /// The check character does not match the rest.
    BadCheckDigit {
        /// The check character the rest of the identifier calls for.
        expected: char,
        /// The check character written.
        found: char,
    },
    /// An impossible or out-of-range date or year (birth date of an ID number, year of a
    /// patent or software registration number).
    BadDate,
    /// A type or region code that does not exist (登记管理部门码 / 机构类别码 of a credit code,
    /// region of an ID number, patent type, mobile number segment, area code).
    BadKind,
    /// A 15-digit first-generation ID number, no longer valid.
    Obsolete15,
    /// The identifier does not have the expected shape.
    BadFormat,
}

/// How a character is shown inside a message: white space by name, anything else quoted.
fn show_char_en(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_whitespace() => format!("white space U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

fn show_char_zh(c: char) -> String {
    match c {
        ' ' => "空格".to_string(),
        c if c.is_whitespace() => "空白字符".to_string(),
        c => format!("“{c}”"),
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "empty"),
            IdError::WrongLength { expected, found } => {
                write!(f, "wrong length: expected {expected} characters, found {found}")
            }
            IdError::BadCharacter { ch, position } => {
                write!(f, "character {} not allowed at position {position}", show_char_en(*ch))
            }
            IdError::BadCheckDigit { expected, found } => {
                write!(f, "check character should be {expected}, found {found}")
            }
            IdError::BadDate => write!(f, "impossible or out-of-range date"),
            IdError::BadKind => write!(f, "unknown type or region code"),
            IdError::Obsolete15 => {
                write!(f, "obsolete 15-digit ID number; the 18-digit number is required")
            }
            IdError::BadFormat => write!(f, "not in the expected format"),
        }
    }
}

impl std::error::Error for IdError {}

impl IdError {
    /// The problem in plain Chinese for form-review staff and teams, e.g. `校验位应为 X，实际为 3`.
    pub fn message_zh(&self) -> String {
        match self {
            IdError::Empty => "未填写".to_string(),
            IdError::WrongLength { expected, found } => {
                format!("长度应为 {expected} 位，实际为 {found} 位")
            }
            IdError::BadCharacter { ch, position } => {
                format!("第 {position} 位字符{}不允许使用", show_char_zh(*ch))
            }
            IdError::BadCheckDigit { expected, found } => {
                format!("校验位应为 {expected}，实际为 {found}")
            }
            IdError::BadDate => "日期或年份无效（不存在或超出范围）".to_string(),
            IdError::BadKind => "类别码或地区码不存在".to_string(),
            IdError::Obsolete15 => "15 位旧身份证号码已停用，请填写 18 位号码".to_string(),
            IdError::BadFormat => "格式不正确".to_string(),
        }
    }
}

/// Folds width and upper-cases ASCII letters, char by char.
fn fold_upper(c: char) -> char {
    fold_char(c).to_ascii_uppercase()
}

/// The identifier as validators see it: width folded, upper case, white space around removed.
fn prepare(s: &str) -> Vec<char> {
    let t: Vec<char> = s.chars().map(fold_upper).collect();
    let start = t.iter().position(|c| !is_blank_char(*c)).unwrap_or(t.len());
    let end = t.iter().rposition(|c| !is_blank_char(*c)).map_or(start, |e| e + 1);
    t[start..end].to_vec()
}

/// Appends `item` unless already present (keeps order of first appearance).
fn push_unique<T: Clone + Eq + std::hash::Hash>(out: &mut Vec<T>, seen: &mut HashSet<T>, item: T) {
    if seen.insert(item.clone()) {
        out.push(item);
    }
}

/// Runs `re` over `text`; for every match `accept(start, end)` decides. When a candidate is
/// refused, the search resumes one character after its start, so a valid identifier that
/// overlaps a refused candidate is still found.
fn scan<T>(re: &Regex, text: &str, mut accept: impl FnMut(usize, usize) -> Option<T>) -> Vec<T> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= text.len() {
        let Some(m) = re.find_at(text, pos) else {
            break;
        };
        if let Some(v) = accept(m.start(), m.end()) {
            out.push(v);
            pos = m.end().max(m.start() + 1);
        } else {
            pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
        }
        while pos < text.len() && !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
    out
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

fn is_ascii_digit_opt(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn is_ascii_alnum_opt(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Text prepared for the finders: width folded (char for char, so positions stay meaningful).
fn fold_text(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

// ---------------------------------------------------------------------------------------------
// 统一社会信用代码 GB 32100-2015
// ---------------------------------------------------------------------------------------------

/// The 31 characters a credit code may use (no I, O, Z, S, V).
pub const CREDIT_CODE_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// 登记管理部门码 (position 1) defined by GB 32100-2015 and its amendments:
/// 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管 (工商),
/// A 中央军委改革和编制办公室, N 农业, Y 其他.
const CREDIT_CODE_AUTHORITIES: &str = "123456789ANY";

fn credit_code_value(c: char) -> Option<u32> {
    CREDIT_CODE_ALPHABET.find(c).map(|i| i as u32)
}

/// The GB 32100-2015 check character for the first 17 characters of a credit code
/// (upper case), or `None` when `first17` is not 17 characters of the alphabet.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().zip(CREDIT_CODE_WEIGHTS) {
        sum += credit_code_value(*c)? * w;
    }
    let v = (31 - sum % 31) % 31;
    CREDIT_CODE_ALPHABET.chars().nth(v as usize)
}

/// Validates a 统一社会信用代码 and returns it normalised (upper case, no white space around,
/// width folded).
///
/// Checks, in order: length 18; every character from [`CREDIT_CODE_ALPHABET`]; the check
/// character (GB 32100-2015: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28,
/// 31 − Σ mod 31, 31 → 0); position 1 a registration authority of the standard
/// (`1`–`9`, `A`, `N`, `Y`) and position 2 an organisation category (`1`–`9`), both as
/// [`IdError::BadKind`].
pub fn normalize_credit_code(s: &str) -> Result<String, IdError> {
    let t = prepare(s);
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    if t.len() != 18 {
        return Err(IdError::WrongLength { expected: 18, found: t.len() });
    }
    if let Some((i, c)) = t.iter().enumerate().find(|(_, c)| credit_code_value(**c).is_none()) {
        return Err(IdError::BadCharacter { ch: *c, position: i + 1 });
    }
    let code: String = t.iter().collect();
    let expected = credit_code_check_char(&code[..17]).ok_or(IdError::BadFormat)?;
    if expected != t[17] {
        return Err(IdError::BadCheckDigit { expected, found: t[17] });
    }
    if !CREDIT_CODE_AUTHORITIES.contains(t[0]) || !('1'..='9').contains(&t[1]) {
        return Err(IdError::BadKind);
    }
    Ok(code)
}

/// Validates a 统一社会信用代码 (GB 32100-2015); see [`normalize_credit_code`] for the rules.
pub fn credit_code(s: &str) -> Result<(), IdError> {
    normalize_credit_code(s).map(|_| ())
}

static CREDIT_CANDIDATE: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9A-Za-z]+").unwrap());

/// Every valid credit code in free text, normalised, deduplicated, in order of first
/// appearance. A code must stand alone: not inside a longer run of ASCII letters and digits.
pub fn find_credit_codes(text: &str) -> Vec<String> {
    let t = fold_text(text);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for m in CREDIT_CANDIDATE.find_iter(&t) {
        if m.as_str().len() == 18 {
            if let Ok(code) = normalize_credit_code(m.as_str()) {
                push_unique(&mut out, &mut seen, code);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 居民身份证号码 GB 11643-1999
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest birth year accepted in an ID number.
pub const ID_MIN_BIRTH_YEAR: u32 = 1900;
/// Latest birth year accepted in an ID number (birth dates up to 31 December of that year).
pub const ID_MAX_BIRTH_YEAR: u32 = 2025;

/// The GB 11643-1999 check character for the first 17 digits of an ID number, or `None` when
/// `first17` is not 17 ASCII digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(ID_CHECK[(sum % 11) as usize])
}

/// True when `y-m-d` is a real Gregorian date.
pub fn is_real_date(y: u32, m: u32, d: u32) -> bool {
    // `is_multiple_of` needs Rust 1.87; the workspace declares 1.80.
    #[allow(clippy::manual_is_multiple_of)]
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Province-level region codes (first two digits) of mainland, Hong Kong, Macao and Taiwan
/// residents' numbers.
fn is_region_code(r: u32) -> bool {
    matches!(r,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
        // 外国人永久居留身份证 (2023 form): 9 followed by the issuing province's first digit
        | 91..=98
    )
}

fn digits_value(d: &[char]) -> u32 {
    d.iter().fold(0, |acc, c| acc * 10 + c.to_digit(10).unwrap_or(0))
}

/// The birth date (year, month, day) written in an 18-digit ID number, whatever its validity
/// otherwise; `None` when positions 7–14 are not digits.
pub fn id_birth_date(s: &str) -> Option<(u32, u32, u32)> {
    let t = prepare(s);
    if t.len() != 18 || !t[6..14].iter().all(char::is_ascii_digit) {
        return None;
    }
    Some((digits_value(&t[6..10]), digits_value(&t[10..12]), digits_value(&t[12..14])))
}

/// Validates a 居民身份证号码 and returns it normalised (upper-case `X`, width folded).
///
/// Checks, in order: a 15-digit number is [`IdError::Obsolete15`]; length 18; 17 digits then a
/// digit or `X` (`x` accepted); digits 7–14 a real date from 1900-01-01 to 2025-12-31
/// ([`IdError::BadDate`]); the check character (GB 11643-1999); the first two digits a
/// province-level region code ([`IdError::BadKind`]).
pub fn normalize_id_number(s: &str) -> Result<String, IdError> {
    let t = prepare(s);
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    if t.len() == 15 && t.iter().all(char::is_ascii_digit) {
        return Err(IdError::Obsolete15);
    }
    if t.len() != 18 {
        return Err(IdError::WrongLength { expected: 18, found: t.len() });
    }
    if let Some((i, c)) = t[..17].iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(IdError::BadCharacter { ch: *c, position: i + 1 });
    }
    if !(t[17].is_ascii_digit() || t[17] == 'X') {
        return Err(IdError::BadCharacter { ch: t[17], position: 18 });
    }
    let (y, m, d) = (digits_value(&t[6..10]), digits_value(&t[10..12]), digits_value(&t[12..14]));
    if !(ID_MIN_BIRTH_YEAR..=ID_MAX_BIRTH_YEAR).contains(&y) || !is_real_date(y, m, d) {
        return Err(IdError::BadDate);
    }
    let num: String = t.iter().collect();
    let expected = id_check_char(&num[..17]).ok_or(IdError::BadFormat)?;
    if expected != t[17] {
        return Err(IdError::BadCheckDigit { expected, found: t[17] });
    }
    if !is_region_code(digits_value(&t[..2])) {
        return Err(IdError::BadKind);
    }
    Ok(num)
}

/// Validates a 居民身份证号码 (GB 11643-1999); see [`normalize_id_number`] for the rules.
pub fn id_number(s: &str) -> Result<(), IdError> {
    normalize_id_number(s).map(|_| ())
}

/// Candidate ID numbers in text: 18 characters, optionally grouped 6-8-4 by single spaces.
static ID_CANDIDATE: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9]{6} ?[0-9]{8} ?[0-9]{3}[0-9Xx]").unwrap());

/// Byte ranges (in the width-folded `text`) of ID-number-shaped runs: 17 digits and a digit or
/// `X`, standing alone (no digit before, no digit or `X` after). With `valid_only`, only those
/// passing [`normalize_id_number`].
pub(crate) fn id_number_spans(folded: &str, valid_only: bool) -> Vec<(usize, usize, String)> {
    scan(&ID_CANDIDATE, folded, |s, e| {
        let before = char_before(folded, s);
        let after = char_after(folded, e);
        if is_ascii_digit_opt(before) || is_ascii_digit_opt(after) || after.is_some_and(|c| c == 'X' || c == 'x') {
            return None;
        }
        let compact: String = folded[s..e].chars().filter(|c| *c != ' ').map(|c| c.to_ascii_uppercase()).collect();
        if valid_only {
            normalize_id_number(&compact).ok().map(|n| (s, e, n))
        } else {
            Some((s, e, compact))
        }
    })
}

/// Every valid ID number in free text (digits may be grouped 6-8-4 by spaces), normalised,
/// deduplicated, in order of first appearance; never inside a longer run of digits.
pub fn find_id_numbers(text: &str) -> Vec<String> {
    let t = fold_text(text);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (_, _, n) in id_number_spans(&t, true) {
        push_unique(&mut out, &mut seen, n);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Patent numbers
// ---------------------------------------------------------------------------------------------

/// Earliest application year of a new-form (12-digit) patent number.
pub const PATENT_MIN_YEAR: u16 = 2003;
/// Latest application year accepted in a patent number.
pub const PATENT_MAX_YEAR: u16 = 2026;

/// The type of a patent application, from the digit after the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatentKind {
    /// 1: 发明.
    Invention,
    /// 2: 实用新型.
    UtilityModel,
    /// 3: 外观设计.
    Design,
    /// 8: PCT 发明 entering the national phase.
    PctInvention,
    /// 9: PCT 实用新型 entering the national phase.
    PctUtilityModel,
    /// An old-form number (before October 2003); the type digit as written (1, 2, 3, 8 or 9).
    Old(u8),
}

impl PatentKind {
    fn from_digit(d: u8) -> Option<PatentKind> {
        match d {
            1 => Some(PatentKind::Invention),
            2 => Some(PatentKind::UtilityModel),
            3 => Some(PatentKind::Design),
            8 => Some(PatentKind::PctInvention),
            9 => Some(PatentKind::PctUtilityModel),
            _ => None,
        }
    }

    /// The type digit (1, 2, 3, 8 or 9).
    pub fn digit(self) -> u8 {
        match self {
            PatentKind::Invention => 1,
            PatentKind::UtilityModel => 2,
            PatentKind::Design => 3,
            PatentKind::PctInvention => 8,
            PatentKind::PctUtilityModel => 9,
            PatentKind::Old(d) => d,
        }
    }

    /// The type in Chinese: 发明, 实用新型, 外观设计 (PCT applications are 发明 / 实用新型).
    pub fn name_zh(self) -> &'static str {
        match self.digit() {
            1 | 8 => "发明",
            2 | 9 => "实用新型",
            3 => "外观设计",
            _ => "未知",
        }
    }
}

/// A valid Chinese patent (application) number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PatentNumber {
    /// Application year (four digits; old two-digit years 85–99 → 19xx, 00–03 → 20xx).
    pub year: u16,
    /// Application type.
    pub kind: PatentKind,
    /// The serial number: 7 digits (new form) or 5 digits (old form).
    pub serial: String,
    /// The check character, `0`–`9` or `X`.
    pub check: char,
    /// Digits and check, no prefix, no dot: 13 characters (`2023101234567`) for the new form,
    /// 9 characters (`951156081`) for the old one.
    pub normalized: String,
}

impl PatentNumber {
    /// The number as a patent certificate prints it: `ZL202310123456.7`.
    pub fn display(&self) -> String {
        let n = &self.normalized;
        format!("ZL{}.{}", &n[..n.len() - 1], self.check)
    }

    /// True for an old-form number (before October 2003).
    pub fn is_old(&self) -> bool {
        matches!(self.kind, PatentKind::Old(_))
    }
}

impl fmt::Display for PatentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// The patent check character for 12 digits (new form, weights 2 3 4 5 6 7 8 9 2 3 4 5) or
/// 8 digits (old form, weights 2–9): Σ mod 11, 10 → `X`. `None` for anything else.
pub fn patent_check_char(digits: &str) -> Option<char> {
    if !(digits.len() == 12 || digits.len() == 8) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    const W: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    let sum: u32 = digits.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(match sum % 11 {
        10 => 'X',
        v => char::from(b'0' + v as u8),
    })
}

/// Width folding plus the decimal points Chinese text uses (`．` and `。` → `.`), upper case.
fn fold_patent_char(c: char) -> char {
    match fold_upper(c) {
        '。' | '｡' => '.',
        other => other,
    }
}

/// Validates a Chinese patent (application) number and returns its parts.
///
/// Accepts `ZL`/`CN` prefixes in any case, spaces anywhere, full-width characters and `．`/`。`
/// as the dot: `ZL 2023 1 0123456.7`, `ZL202310123456.7`, `202310123456.7`, `CN202310123456.7`,
/// `2023101234567`, and old-form `ZL95115608.X`.
///
/// New form (since October 2003): `YYYY T NNNNNNN C`, year 2003–2026, type T one of 1, 2, 3,
/// 8, 9, check C over the 12 digits. Old form: `YY T NNNNN C`, year 85–99 or 00–03. Errors:
/// [`IdError::BadDate`] for the year, [`IdError::BadKind`] for the type,
/// [`IdError::BadCheckDigit`], [`IdError::WrongLength`] (expected 13) for other digit counts,
/// [`IdError::BadFormat`] for a misplaced dot.
pub fn patent_number(s: &str) -> Result<PatentNumber, IdError> {
    let mut t: Vec<char> = s.chars().map(fold_patent_char).filter(|c| !is_blank_char(*c)).collect();
    if t.starts_with(&['Z', 'L']) || t.starts_with(&['C', 'N']) {
        t.drain(..2);
    }
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    let dots: Vec<usize> = t.iter().enumerate().filter(|(_, c)| **c == '.').map(|(i, _)| i).collect();
    match dots.as_slice() {
        [] => {}
        [d] if *d + 2 == t.len() && *d > 0 => {
            t.remove(*d);
        }
        _ => return Err(IdError::BadFormat),
    }
    let (body, check) = t.split_at(t.len() - 1);
    let check = check[0];
    if let Some((i, c)) = body.iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(IdError::BadCharacter { ch: *c, position: i + 1 });
    }
    if !(check.is_ascii_digit() || check == 'X') {
        return Err(IdError::BadCharacter { ch: check, position: t.len() });
    }
    let body_s: String = body.iter().collect();
    let (year, kind, serial) = match body.len() {
        12 => {
            let year = digits_value(&body[..4]) as u16;
            if !(PATENT_MIN_YEAR..=PATENT_MAX_YEAR).contains(&year) {
                return Err(IdError::BadDate);
            }
            let kind = PatentKind::from_digit(digits_value(&body[4..5]) as u8).ok_or(IdError::BadKind)?;
            (year, kind, body_s[5..].to_string())
        }
        8 => {
            let yy = digits_value(&body[..2]) as u16;
            let year = match yy {
                85..=99 => 1900 + yy,
                0..=3 => 2000 + yy,
                _ => return Err(IdError::BadDate),
            };
            let d = digits_value(&body[2..3]) as u8;
            PatentKind::from_digit(d).ok_or(IdError::BadKind)?;
            (year, PatentKind::Old(d), body_s[3..].to_string())
        }
        n => return Err(IdError::WrongLength { expected: 13, found: n + 1 }),
    };
    let expected = patent_check_char(&body_s).ok_or(IdError::BadFormat)?;
    if expected != check {
        return Err(IdError::BadCheckDigit { expected, found: check });
    }
    Ok(PatentNumber { year, kind, serial, check, normalized: format!("{body_s}{check}") })
}

/// Candidate patent numbers in text: optional `ZL`/`CN`, 8 or 12 digits (single spaces or tabs
/// allowed between them), an optional dot, the check character.
static PATENT_CANDIDATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:(?:ZL|CN)[ \t]*[:]?[ \t]*)?[0-9](?:[ \t]?[0-9]){7}(?:(?:[ \t]?[0-9]){4})?[ \t]?(?:[.。｡][ \t]?)?[0-9X]")
        .unwrap()
});

/// Every valid patent number in free text (`专利号：ZL 2019 2 0123456.X`, `ZL202310123456.7`,
/// `CN202310123456.7`, a bare `2023101234567`), deduplicated by number, in order of first
/// appearance. An old-form number is taken only with a `ZL`/`CN` prefix or a dot; a bare new-form
/// number only as 13 contiguous characters. Never inside a longer run of digits or letters.
pub fn find_patent_numbers(text: &str) -> Vec<PatentNumber> {
    let t = fold_text(text);
    let found = scan(&PATENT_CANDIDATE, &t, |s, e| {
        let m = &t[s..e];
        let upper = m.to_ascii_uppercase();
        let prefixed = upper.starts_with("ZL") || upper.starts_with("CN");
        let before = char_before(&t, s);
        if is_ascii_digit_opt(before) || (!prefixed && is_ascii_alnum_opt(before)) {
            return None;
        }
        if is_ascii_alnum_opt(char_after(&t, e)) {
            return None;
        }
        let dotted = m.contains(['.', '。', '｡']);
        let cleaned: String = m.chars().filter(|c| *c != ':').collect();
        let p = patent_number(&cleaned).ok()?;
        if p.is_old() && !(prefixed || dotted) {
            return None;
        }
        if !prefixed && !dotted && m.contains([' ', '\t']) {
            return None;
        }
        Some(p)
    });
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in found {
        if seen.insert(p.normalized.clone()) {
            out.push(p);
        }
    }
    out
}

/// Validates a Chinese patent publication number — `CN 1xxxxxxxx A` / `B` / `C` (invention),
/// `CN 2xxxxxxxx U` / `Y` (utility model), `CN 3xxxxxxxx S` / `D` (design): 9 digits and a kind
/// letter that fits the first digit — and returns it normalised as `CN123456789A`. The `CN`
/// prefix is optional here; spaces, lower case and full-width characters are accepted.
pub fn publication_number(s: &str) -> Option<String> {
    let mut t: Vec<char> = s.chars().map(fold_upper).filter(|c| !is_blank_char(*c)).collect();
    if t.starts_with(&['C', 'N']) {
        t.drain(..2);
    }
    if t.len() != 10 || !t[..9].iter().all(char::is_ascii_digit) {
        return None;
    }
    let fits = match t[0] {
        '1' => matches!(t[9], 'A' | 'B' | 'C'),
        '2' => matches!(t[9], 'U' | 'Y'),
        '3' => matches!(t[9], 'S' | 'D'),
        _ => false,
    };
    fits.then(|| format!("CN{}", t.iter().collect::<String>()))
}

static PUBLICATION_CANDIDATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)CN[ \t]*[123][0-9]{8}[ \t]*[ABCUYSD]").unwrap());

/// Every publication number (`CN 116123456 A`; the `CN` prefix is required in free text) in
/// order of first appearance, normalised, deduplicated.
pub fn find_publication_numbers(text: &str) -> Vec<String> {
    let t = fold_text(text);
    let found = scan(&PUBLICATION_CANDIDATE, &t, |s, e| {
        if is_ascii_alnum_opt(char_before(&t, s)) || is_ascii_alnum_opt(char_after(&t, e)) {
            return None;
        }
        publication_number(&t[s..e])
    });
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in found {
        push_unique(&mut out, &mut seen, p);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 软件著作权登记号
// ---------------------------------------------------------------------------------------------

/// Earliest year accepted in a software registration number.
pub const SOFTWARE_MIN_YEAR: u32 = 1991;
/// Latest year accepted in a software registration number.
pub const SOFTWARE_MAX_YEAR: u32 = 2026;

static SOFTWARE_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{4})SR(?:([A-Z]{2})([0-9]{3,7})|([0-9]{6,8}))$").unwrap());

/// Validates a 软件著作权登记号 and returns it normalised (upper case, no spaces, width folded):
/// `YYYYSR` + 6–8 digits (`2023SR0123456`), or the older regional form `YYYYSR` + two letters +
/// 3–7 digits (`2009SRBJ1234`). The year must be 1991–2026 ([`IdError::BadDate`]); any other
/// shape is [`IdError::BadFormat`].
pub fn software_copyright_number(s: &str) -> Result<String, IdError> {
    let t: String = s.chars().map(fold_upper).filter(|c| !is_blank_char(*c)).collect();
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    let caps = SOFTWARE_NUMBER.captures(&t).ok_or(IdError::BadFormat)?;
    let year: u32 = caps[1].parse().map_err(|_| IdError::BadFormat)?;
    if !(SOFTWARE_MIN_YEAR..=SOFTWARE_MAX_YEAR).contains(&year) {
        return Err(IdError::BadDate);
    }
    Ok(t)
}

static SOFTWARE_CANDIDATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)[0-9]{4}[ \t]*SR[ \t]*(?:[A-Z]{2}[ \t]*)?[0-9]{3,8}").unwrap());

/// Every valid 软件著作权登记号 in free text (`登记号：2023SR0123456`), normalised, deduplicated,
/// in order of first appearance; never inside a longer run of digits.
pub fn find_software_copyright_numbers(text: &str) -> Vec<String> {
    let t = fold_text(text);
    let found = scan(&SOFTWARE_CANDIDATE, &t, |s, e| {
        if is_ascii_digit_opt(char_before(&t, s)) || is_ascii_alnum_opt(char_after(&t, e)) {
            return None;
        }
        software_copyright_number(&t[s..e]).ok()
    });
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for n in found {
        push_unique(&mut out, &mut seen, n);
    }
    out
}

static CERTIFICATE: Lazy<Regex> = Lazy::new(|| Regex::new(r"软著登字第?([0-9]{1,10})号").unwrap());

/// Blank-free, width-folded copy of `text`.
fn compact(text: &str) -> String {
    text.chars().map(fold_char).filter(|c| !is_blank_char(*c)).collect()
}

/// The number of the first 软件著作权 certificate number `软著登字第NNNNNNN号` in `s` (spaces and
/// full-width digits accepted): the digits, e.g. `"0123456"`.
pub fn certificate_number(s: &str) -> Option<String> {
    CERTIFICATE.captures(&compact(s)).map(|c| c[1].to_string())
}

/// Every certificate number `软著登字第NNNNNNN号` in free text: the digits, deduplicated, in order
/// of first appearance.
pub fn find_certificate_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for c in CERTIFICATE.captures_iter(&compact(text)) {
        push_unique(&mut out, &mut seen, c[1].to_string());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------------------------

/// Mainland phone number types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// Mobile: `1[3-9]` + 9 digits.
    Mobile,
    /// Landline: area code (`010`, `02X`, `0[3-9]XX`) + 7–8 digits.
    Landline,
}

/// A parsed mainland phone number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    /// Mobile or landline.
    pub kind: PhoneKind,
    /// National digits without country prefix or extension: 11 digits for a mobile, area code
    /// (with its leading 0) and local number for a landline.
    pub digits: String,
    /// Length of the area code within `digits` (0 for a mobile).
    pub area_len: usize,
    /// The extension (`转123`, `-123`), if any.
    pub extension: Option<String>,
}

/// The area-code length for a national number starting with `0`: 3 for `010` and `02X`, 4 for
/// `03XX`–`09XX`; `None` for prefixes that are no area code (`00`, `011`–`019`).
fn area_code_len(digits: &str) -> Option<usize> {
    let b = digits.as_bytes();
    match (b.first(), b.get(1), b.get(2)) {
        (Some(b'0'), Some(b'1'), Some(b'0')) => Some(3),
        (Some(b'0'), Some(b'2'), _) => Some(3),
        (Some(b'0'), Some(b'3'..=b'9'), _) => Some(4),
        _ => None,
    }
}

/// Splits an extension marker (`转`, `分机`, `ext`, `#`) off the end.
fn split_extension(t: &str) -> Result<(&str, Option<String>), IdError> {
    let lower = t.to_ascii_lowercase();
    let mut cut: Option<(usize, usize)> = None;
    for marker in ["转", "分机", "ext.", "ext", "#"] {
        if let Some(i) = lower.find(marker) {
            let earlier = match cut {
                None => true,
                Some((c, _)) => i < c,
            };
            if earlier {
                cut = Some((i, marker.len()));
            }
        }
    }
    let Some((i, len)) = cut else {
        return Ok((t, None));
    };
    let ext = t[i + len..].trim_matches(|c: char| is_blank_char(c) || c == ':' || c == '-');
    if ext.is_empty() || ext.len() > 6 || !ext.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::BadFormat);
    }
    Ok((&t[..i], Some(ext.to_string())))
}

/// Parses a mainland phone number.
///
/// Mobile: `1[3-9]` + 9 digits, optionally after `+86`, `86`, `0086` or `(+86)`, with spaces or
/// dashes anywhere inside. Landline: area code `010`, `02X` or `0[3-9]XX`, then 7–8 digits not
/// starting with 0; separators `-`, space, parentheses around the area code
/// (`(0351)1234567`, `0351-1234567`, `010 1234 5678`, `+86 10 12345678`); an optional extension
/// `转123`, `分机123`, `ext 123` or `-123` after the number.
pub fn parse_phone(s: &str) -> Result<PhoneNumber, IdError> {
    let folded: String = s
        .chars()
        .map(|c| match fold_char(c) {
            '—' | '–' | '―' | '−' | '‐' | '‑' => '-',
            other => other,
        })
        .collect();
    let t = folded.trim_matches(is_blank_char);
    if t.is_empty() {
        return Err(IdError::Empty);
    }
    let (main, mut extension) = split_extension(t)?;
    let mut main = main.trim_matches(|c: char| is_blank_char(c) || c == '-');
    let mut intl = false;
    for prefix in ["(+86)", "(86)", "+86", "0086"] {
        if let Some(rest) = main.strip_prefix(prefix) {
            main = rest.trim_start_matches(|c: char| is_blank_char(c) || c == '-');
            intl = true;
            break;
        }
    }
    // Characters: digits, separators, one pair of parentheses around the first group.
    let offset = main.as_ptr() as usize - t.as_ptr() as usize;
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut paren = 0; // 0 none yet, 1 open, 2 closed
    for (i, c) in main.chars().enumerate() {
        match c {
            '0'..='9' => current.push(c),
            '-' | '.' => {}
            c if is_blank_char(c) => {}
            '(' if paren == 0 && groups.is_empty() && current.is_empty() => paren = 1,
            ')' if paren == 1 && groups.is_empty() && !current.is_empty() => paren = 2,
            '(' | ')' => return Err(IdError::BadFormat),
            c => {
                let position = t[..offset].chars().count() + i + 1;
                return Err(IdError::BadCharacter { ch: c, position });
            }
        }
        if !c.is_ascii_digit() && !current.is_empty() {
            groups.push(std::mem::take(&mut current));
        }
    }
    if paren == 1 {
        return Err(IdError::BadFormat);
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return Err(IdError::BadFormat);
    }
    // Mobile.
    let mobile_digits =
        if !intl && digits.len() == 13 && digits.starts_with("86") { &digits[2..] } else { &digits[..] };
    if mobile_digits.starts_with('1') && !(intl && mobile_digits.starts_with("10")) {
        if mobile_digits.len() != 11 {
            return Err(IdError::WrongLength { expected: 11, found: mobile_digits.len() });
        }
        if !(b'3'..=b'9').contains(&mobile_digits.as_bytes()[1]) {
            return Err(IdError::BadKind);
        }
        if extension.is_some() || paren != 0 {
            return Err(IdError::BadFormat);
        }
        return Ok(PhoneNumber {
            kind: PhoneKind::Mobile,
            digits: mobile_digits.to_string(),
            area_len: 0,
            extension: None,
        });
    }
    // Landline.
    if intl && !groups[0].starts_with('0') {
        groups[0].insert(0, '0');
    }
    if !groups[0].starts_with('0') {
        return Err(IdError::BadFormat);
    }
    let area_len = area_code_len(&groups[0]).ok_or(IdError::BadKind)?;
    let first = std::mem::take(&mut groups[0]);
    let mut rest: Vec<String> = groups.split_off(1);
    if first.len() > area_len {
        if paren == 2 {
            return Err(IdError::BadFormat);
        }
        rest.insert(0, first[area_len..].to_string());
    } else if first.len() < area_len {
        return Err(IdError::BadFormat);
    }
    let area = &first[..area_len];
    let mut local = String::new();
    let mut it = rest.into_iter();
    for g in it.by_ref() {
        local.push_str(&g);
        if local.len() >= 7 {
            break;
        }
    }
    if !(7..=8).contains(&local.len()) || local.starts_with('0') {
        return Err(IdError::BadFormat);
    }
    let leftover: Vec<String> = it.collect();
    match leftover.as_slice() {
        [] => {}
        [ext] if extension.is_none() && ext.len() <= 6 => extension = Some(ext.clone()),
        _ => return Err(IdError::BadFormat),
    }
    Ok(PhoneNumber { kind: PhoneKind::Landline, digits: format!("{area}{local}"), area_len, extension })
}

/// Validates a mainland phone number and says whether it is a mobile or a landline; see
/// [`parse_phone`] for what is accepted.
pub fn phone(s: &str) -> Result<PhoneKind, IdError> {
    parse_phone(s).map(|p| p.kind)
}

static MOBILE_CANDIDATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}").unwrap());

static LANDLINE_CANDIDATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:\(0[0-9]{2,3}\)|0[0-9]{2,3})(?:[ -]?[0-9]{7,8}|[ -][0-9]{3,4}[ -][0-9]{4})").unwrap());

/// Byte ranges (in the width-folded text) and national digits of mobile numbers standing alone.
pub(crate) fn mobile_spans(folded: &str) -> Vec<(usize, usize, String)> {
    scan(&MOBILE_CANDIDATE, folded, |s, e| {
        let before = char_before(folded, s);
        if is_ascii_digit_opt(before) || before == Some('+') || is_ascii_digit_opt(char_after(folded, e)) {
            return None;
        }
        let p = parse_phone(&folded[s..e]).ok()?;
        (p.kind == PhoneKind::Mobile).then_some((s, e, p.digits))
    })
}

/// Every valid mobile or landline number in free text, as national digits (`13812345678`,
/// `03511234567`), deduplicated, in order of first appearance; never inside a longer run of
/// digits.
pub fn find_phones(text: &str) -> Vec<String> {
    let t = fold_text(text);
    let mut all: Vec<(usize, String)> = mobile_spans(&t).into_iter().map(|(s, _, d)| (s, d)).collect();
    let landlines = scan(&LANDLINE_CANDIDATE, &t, |s, e| {
        if is_ascii_digit_opt(char_before(&t, s)) || is_ascii_digit_opt(char_after(&t, e)) {
            return None;
        }
        let p = parse_phone(&t[s..e]).ok()?;
        (p.kind == PhoneKind::Landline).then_some((s, p.digits))
    });
    all.extend(landlines);
    all.sort_by_key(|(s, _)| *s);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (_, d) in all {
        push_unique(&mut out, &mut seen, d);
    }
    out
}

#[cfg(test)]
mod tests;
