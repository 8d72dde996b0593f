//! Unit tests for `ids`: every validator against valid numbers, near misses one character
//! away, and the finders against free text.

use super::*;

// Independent re-statements of the three check algorithms, written from the standards'
// text, used to build test numbers.

fn uscc_check(first17: &str) -> char {
    let alpha: Vec<char> = "0123456789ABCDEFGHJKLMNPQRTUWXY".chars().collect();
    let mut sum = 0;
    let mut w = 1u32;
    for c in first17.chars() {
        let v = alpha.iter().position(|a| *a == c).unwrap() as u32;
        sum += v * w;
        w = w * 3 % 31; // the weights are 3^(i-1) mod 31
    }
    let c = 31 - sum % 31;
    alpha[if c == 31 { 0 } else { c as usize }]
}

fn gb11643_check(first17: &str) -> char {
    let mut sum = 0;
    for (i, c) in first17.chars().enumerate() {
        // W_i = 2^(i-1) mod 11, counting i from the right (position 18 is i = 1)
        let w = (1u32 << (17 - i)) % 11;
        sum += c.to_digit(10).unwrap() * w;
    }
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

fn patent_check(body: &str) -> char {
    let w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    let s: u32 = body.chars().zip(w).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    match s % 11 {
        10 => 'X',
        v => char::from_digit(v, 10).unwrap(),
    }
}

fn with_uscc_check(first17: &str) -> String {
    format!("{first17}{}", uscc_check(first17))
}

fn with_id_check(first17: &str) -> String {
    format!("{first17}{}", gb11643_check(first17))
}

fn with_patent_check(body: &str) -> String {
    format!("{body}{}", patent_check(body))
}

// ----------------------------------------------------------------------------------------
// the independent helpers agree with the module and with published numbers
// ----------------------------------------------------------------------------------------

#[test]
fn helpers_agree_with_module() {
    assert_eq!(credit_code_check_char("91350100M000100Y4"), Some(uscc_check("91350100M000100Y4")));
    assert_eq!(id_check_char("11010519491231002"), Some(gb11643_check("11010519491231002")));
    assert_eq!(patent_check_char("202310123456"), Some(patent_check("202310123456")));
    for first17 in ["91440300708461136", "12100000400000624", "Y1000000000000000"] {
        assert_eq!(credit_code_check_char(first17), Some(uscc_check(first17)), "{first17}");
    }
    for first17 in ["44052418800101001", "14010520000229001", "91110119900307123"] {
        assert_eq!(id_check_char(first17), Some(gb11643_check(first17)), "{first17}");
    }
}

// ----------------------------------------------------------------------------------------
// 统一社会信用代码
// ----------------------------------------------------------------------------------------

/// Codes of well-known companies (华为技术, 深圳市腾讯计算机系统, 阿里巴巴（中国）, 小米科技)
/// and the example of the brief; all pass the standard's check.
const REAL_CREDIT_CODES: [&str; 5] =
    ["91350100M000100Y43", "914403001922038216", "91440300708461136T", "91330100716105852F", "91110108551385082Q"];

#[test]
fn credit_code_valid() {
    for code in REAL_CREDIT_CODES {
        assert_eq!(credit_code(code), Ok(()), "{code}");
        assert_eq!(normalize_credit_code(code).as_deref(), Ok(code));
        assert_eq!(credit_code_check_char(&code[..17]), code.chars().last());
    }
}

#[test]
fn credit_code_normalises_case_space_and_width() {
    assert_eq!(normalize_credit_code("  91350100m000100y43\t").as_deref(), Ok("91350100M000100Y43"));
    assert_eq!(normalize_credit_code("９１３５０１００Ｍ０００１００Ｙ４３").as_deref(), Ok("91350100M000100Y43"));
    assert_eq!(normalize_credit_code("\u{3000}91440300708461136t").as_deref(), Ok("91440300708461136T"));
}

#[test]
fn credit_code_near_misses() {
    assert_eq!(credit_code("91350100M000100Y44"), Err(IdError::BadCheckDigit { expected: '3', found: '4' }));
    assert_eq!(
        credit_code("91350100M000100Y33"),
        Err(IdError::BadCheckDigit { expected: uscc_check("91350100M000100Y3"), found: '3' })
    );
    // forbidden letters
    for (bad, ch) in [("91350100O000100Y43", 'O'), ("9135010OM000100Y43", 'O')] {
        assert!(matches!(credit_code(bad), Err(IdError::BadCharacter { ch: c, .. }) if c == ch), "{bad}");
    }
    assert_eq!(credit_code("91350100M000100I43"), Err(IdError::BadCharacter { ch: 'I', position: 16 }));
    for c in ['I', 'O', 'Z', 'S', 'V'] {
        let code = format!("91350100{c}000100Y43");
        assert_eq!(credit_code(&code), Err(IdError::BadCharacter { ch: c, position: 9 }));
    }
    assert_eq!(credit_code("91350100M000100Y4"), Err(IdError::WrongLength { expected: 18, found: 17 }));
    assert_eq!(credit_code("91350100M000100Y433"), Err(IdError::WrongLength { expected: 18, found: 19 }));
    assert_eq!(credit_code(""), Err(IdError::Empty));
    assert_eq!(credit_code("   "), Err(IdError::Empty));
    // a space inside is not tolerated by the validator
    assert_eq!(credit_code("9135 0100M000100Y43"), Err(IdError::WrongLength { expected: 18, found: 19 }));
    assert_eq!(credit_code("9135 100M000100Y43"), Err(IdError::BadCharacter { ch: ' ', position: 5 }));
}

#[test]
fn credit_code_every_single_substitution_is_caught() {
    let alpha: Vec<char> = CREDIT_CODE_ALPHABET.chars().collect();
    for code in REAL_CREDIT_CODES {
        let chars: Vec<char> = code.chars().collect();
        for pos in 0..18 {
            for &a in &alpha {
                if a == chars[pos] {
                    continue;
                }
                let mut v = chars.clone();
                v[pos] = a;
                let s: String = v.iter().collect();
                assert!(credit_code(&s).is_err(), "{s} accepted");
            }
        }
    }
}

#[test]
fn credit_code_every_adjacent_transposition_is_caught() {
    for code in REAL_CREDIT_CODES {
        let chars: Vec<char> = code.chars().collect();
        for pos in 0..17 {
            if chars[pos] == chars[pos + 1] {
                continue;
            }
            let mut v = chars.clone();
            v.swap(pos, pos + 1);
            let s: String = v.iter().collect();
            assert!(credit_code(&s).is_err(), "{s} accepted");
        }
    }
}

#[test]
fn credit_code_authority_and_category() {
    // every authority of the standard, category 1
    for a in "123456789ANY".chars() {
        let code = with_uscc_check(&format!("{a}1350100M000100Y4"));
        assert_eq!(credit_code(&code), Ok(()), "{code}");
    }
    // authority 0, B, C: check character right, authority unknown
    for a in ['0', 'B', 'C', 'X'] {
        let code = with_uscc_check(&format!("{a}1350100M000100Y4"));
        assert_eq!(credit_code(&code), Err(IdError::BadKind), "{code}");
    }
    // category 0 or a letter
    for c in ['0', 'A', 'Y'] {
        let code = with_uscc_check(&format!("9{c}350100M000100Y4"));
        assert_eq!(credit_code(&code), Err(IdError::BadKind), "{code}");
    }
}

#[test]
fn credit_code_check_char_rejects_bad_input() {
    assert_eq!(credit_code_check_char("9135"), None);
    assert_eq!(credit_code_check_char("91350100O000100Y4"), None);
    assert_eq!(credit_code_check_char("91350100m000100Y4"), None);
    // check value 31 → '0'
    let mut found_zero = false;
    for n in 0..2000u32 {
        let first17 = format!("91350100M{n:08}");
        if credit_code_check_char(&first17) == Some('0') {
            assert_eq!(uscc_check(&first17), '0');
            assert_eq!(credit_code(&format!("{first17}0")), Ok(()));
            found_zero = true;
            break;
        }
    }
    assert!(found_zero);
}

#[test]
fn find_credit_codes_in_text() {
    let text = "统一社会信用代码：91350100M000100Y43，合作方 914403001922038216；\
                重复写一次 91350100m000100y43。错一位 91350100M000100Y44，\
                嵌在长串里 X91350100M000100Y43 或 91350100M000100Y431 不算。\
                全角：９１４４０３００７０８４６１１３６Ｔ";
    assert_eq!(find_credit_codes(text), vec!["91350100M000100Y43", "914403001922038216", "91440300708461136T"]);
    assert!(find_credit_codes("").is_empty());
    assert!(find_credit_codes("没有代码 123456").is_empty());
}

// ----------------------------------------------------------------------------------------
// 居民身份证号码
// ----------------------------------------------------------------------------------------

/// The example printed in GB 11643-1999 itself.
const STANDARD_ID: &str = "11010519491231002X";

#[test]
fn id_number_valid() {
    assert_eq!(id_number(STANDARD_ID), Ok(()));
    assert_eq!(id_number("11010519491231002x"), Ok(()));
    assert_eq!(normalize_id_number(" 11010519491231002x ").as_deref(), Ok(STANDARD_ID));
    assert_eq!(normalize_id_number("１１０１０５１９４９１２３１００２ｘ").as_deref(), Ok(STANDARD_ID));
    let id = with_id_check("14010519900213131");
    assert_eq!(id, "140105199002131311");
    assert_eq!(id_number(&id), Ok(()));
}

#[test]
fn id_number_standard_second_example_is_out_of_range() {
    // GB 11643-1999's other example, born 1880: check digit right, date before 1900
    assert_eq!(gb11643_check("44052418800101001"), '4');
    assert_eq!(id_number("440524188001010014"), Err(IdError::BadDate));
}

#[test]
fn id_number_dates() {
    // leap years
    assert_eq!(id_number(&with_id_check("14010520000229001")), Ok(()));
    assert_eq!(id_number(&with_id_check("14010520240229001")), Ok(()));
    assert_eq!(id_number(&with_id_check("14010520230229001")), Err(IdError::BadDate));
    assert_eq!(id_number(&with_id_check("14010519000229001")), Err(IdError::BadDate));
    // Feb 30, April 31, month 13, month 0, day 0
    for first17 in [
        "14010519900230001",
        "14010519900431001",
        "14010519901301001",
        "14010519900001001",
        "14010519900100001",
        "14010519900132001",
    ] {
        assert_eq!(id_number(&with_id_check(first17)), Err(IdError::BadDate), "{first17}");
    }
    // range: 1900-01-01 ..= 2025-12-31
    assert_eq!(id_number(&with_id_check("14010519000101001")), Ok(()));
    assert_eq!(id_number(&with_id_check("14010518991231001")), Err(IdError::BadDate));
    assert_eq!(id_number(&with_id_check("14010520251231001")), Ok(()));
    assert_eq!(id_number(&with_id_check("14010520260101001")), Err(IdError::BadDate));
    // every day of a leap and a common year
    for (year, days) in [(2000, 366), (2023, 365), (1900, 365)] {
        let mut valid = 0;
        for m in 1..=12 {
            for d in 1..=31 {
                if id_number(&with_id_check(&format!("140105{year}{m:02}{d:02}001"))).is_ok() {
                    valid += 1;
                }
            }
        }
        assert_eq!(valid, days, "{year}");
    }
}

#[test]
fn id_number_near_misses() {
    assert_eq!(id_number("110105194912310021"), Err(IdError::BadCheckDigit { expected: 'X', found: '1' }));
    assert_eq!(id_number("110101199003071234"), Err(IdError::BadCheckDigit { expected: '3', found: '4' }));
    assert_eq!(id_number("110101199003071233"), Ok(()));
    // every single substitution outside the date is caught by the check digit
    let chars: Vec<char> = STANDARD_ID.chars().collect();
    for pos in (0..6).chain(14..18) {
        for d in "0123456789X".chars() {
            if d == chars[pos] || (d == 'X' && pos != 17) {
                continue;
            }
            let mut v = chars.clone();
            v[pos] = d;
            let s: String = v.iter().collect();
            assert!(matches!(id_number(&s), Err(IdError::BadCheckDigit { .. })), "{s}: {:?}", id_number(&s));
        }
    }
    // and inside the date, by the date or the check digit
    for pos in 6..14 {
        for d in '0'..='9' {
            if d == chars[pos] {
                continue;
            }
            let mut v = chars.clone();
            v[pos] = d;
            let s: String = v.iter().collect();
            assert!(id_number(&s).is_err(), "{s}");
        }
    }
}

#[test]
fn id_number_shape_errors() {
    assert_eq!(id_number(""), Err(IdError::Empty));
    assert_eq!(id_number("110105491231002"), Err(IdError::Obsolete15));
    assert_eq!(id_number(" 110105491231002 "), Err(IdError::Obsolete15));
    assert_eq!(id_number("11010519491231002"), Err(IdError::WrongLength { expected: 18, found: 17 }));
    assert_eq!(id_number("11010519491231002XX"), Err(IdError::WrongLength { expected: 18, found: 19 }));
    assert_eq!(id_number("1101051949123100XX"), Err(IdError::BadCharacter { ch: 'X', position: 17 }));
    assert_eq!(id_number("11010519491231002Y"), Err(IdError::BadCharacter { ch: 'Y', position: 18 }));
    assert_eq!(id_number("110105 19491231002"), Err(IdError::BadCharacter { ch: ' ', position: 7 }));
}

#[test]
fn id_number_region() {
    // check digit right, region 00 / 10 / 99 unknown
    for first17 in ["00010119900307123", "10010119900307123", "99010119900307123"] {
        assert_eq!(id_number(&with_id_check(first17)), Err(IdError::BadKind), "{first17}");
    }
    // Hong Kong, Macao, Taiwan residence permits and the 2023 foreigner permanent residence card
    for first17 in ["81000019900307123", "82000019900307123", "83000019900307123", "91110119900307123"] {
        assert_eq!(id_number(&with_id_check(first17)), Ok(()), "{first17}");
    }
}

#[test]
fn id_birth_date_reads_digits_7_to_14() {
    assert_eq!(id_birth_date(STANDARD_ID), Some((1949, 12, 31)));
    assert_eq!(id_birth_date("12345"), None);
}

#[test]
fn find_id_numbers_in_text() {
    let good2 = with_id_check("14010519900213131");
    let text = format!(
        "身份证号：{STANDARD_ID}，另一人{good2}；小写 11010519491231002x；\
         错号 110105194912310021；长串 9{STANDARD_ID} 和 {good2}5；\
         分组 140105 19900213 1311。"
    );
    assert_eq!(find_id_numbers(&text), vec![STANDARD_ID.to_string(), good2]);
    assert!(find_id_numbers("").is_empty());
    assert_eq!(find_id_numbers("ID:１１０１０５１９４９１２３１００２Ｘ号"), vec![STANDARD_ID]);
}

// ----------------------------------------------------------------------------------------
// patents
// ----------------------------------------------------------------------------------------

#[test]
fn patent_check_char_published_examples() {
    // from explanations of the algorithm: 201710601862.3 (new), 95115608.X and 97101765.4 (old)
    assert_eq!(patent_check_char("201710601862"), Some('3'));
    assert_eq!(patent_check_char("95115608"), Some('X'));
    assert_eq!(patent_check_char("97101765"), Some('4'));
    assert_eq!(patent_check_char("2017106018"), None);
    assert_eq!(patent_check_char("20171060186a"), None);
}

#[test]
fn patent_number_accepted_spellings() {
    let n = with_patent_check("202310123456");
    assert_eq!(n, "2023101234566");
    for s in [
        "ZL 2023 1 0123456.6",
        "ZL202310123456.6",
        "202310123456.6",
        "CN202310123456.6",
        "2023101234566",
        "zl202310123456.6",
        "cn 202310123456 . 6",
        "ZL２０２３１０１２３４５６．６",
        "ＺＬ２０２３１０１２３４５６。６",
        "ZL202310123456。6",
        " ZL 2023 1 0123456.6\u{3000}",
    ] {
        let p = patent_number(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p.normalized, "2023101234566", "{s}");
        assert_eq!(p.year, 2023);
        assert_eq!(p.kind, PatentKind::Invention);
        assert_eq!(p.serial, "0123456");
        assert_eq!(p.check, '6');
        assert_eq!(p.display(), "ZL202310123456.6");
        assert_eq!(p.to_string(), "ZL202310123456.6");
        assert!(!p.is_old());
    }
}

#[test]
fn patent_number_kinds_and_x() {
    for (body, kind) in [
        ("201920123457", PatentKind::UtilityModel),
        ("202130123452", PatentKind::Design),
        ("202080123458", PatentKind::PctInvention),
        ("202290123456", PatentKind::PctUtilityModel),
    ] {
        let n = with_patent_check(body);
        let p = patent_number(&n).unwrap();
        assert_eq!(p.kind, kind, "{n}");
    }
    // check X
    let p = patent_number("ZL 2019 2 0123457.X").unwrap();
    assert_eq!(p.check, 'X');
    assert_eq!(p.normalized, "201920123457X");
    assert_eq!(p.display(), "ZL201920123457.X");
    assert_eq!(patent_number("ZL201920123457.x").unwrap().check, 'X');
    assert_eq!(PatentKind::UtilityModel.name_zh(), "实用新型");
    assert_eq!(PatentKind::PctInvention.name_zh(), "发明");
    assert_eq!(PatentKind::Old(3).name_zh(), "外观设计");
    assert_eq!(PatentKind::Design.digit(), 3);
}

#[test]
fn patent_number_published_example() {
    let p = patent_number("201710601862.3").unwrap();
    assert_eq!(p.year, 2017);
    assert_eq!(p.kind, PatentKind::Invention);
    assert_eq!(p.serial, "0601862");
}

#[test]
fn patent_number_old_form() {
    let p = patent_number("ZL95115608.X").unwrap();
    assert_eq!(p.year, 1995);
    assert_eq!(p.kind, PatentKind::Old(1));
    assert_eq!(p.serial, "15608");
    assert_eq!(p.check, 'X');
    assert_eq!(p.normalized, "95115608X");
    assert_eq!(p.display(), "ZL95115608.X");
    assert!(p.is_old());
    let p = patent_number("97101765.4").unwrap();
    assert_eq!(p.year, 1997);
    assert_eq!(patent_number("ZL 03 1 12345.7").unwrap().year, 2003);
    assert_eq!(patent_number("ZL 99 2 12345.3").unwrap().kind, PatentKind::Old(2));
    assert_eq!(patent_number("97101765.5"), Err(IdError::BadCheckDigit { expected: '4', found: '5' }));
    assert_eq!(patent_number("84112345.4"), Err(IdError::BadDate));
    assert_eq!(patent_number("99412345.0"), Err(IdError::BadKind));
}

#[test]
fn patent_number_near_misses() {
    assert_eq!(patent_number("ZL202310123456.7"), Err(IdError::BadCheckDigit { expected: '6', found: '7' }));
    // wrong type digit 4 with its own right check digit
    assert_eq!(patent_number(&with_patent_check("202340123456")), Err(IdError::BadKind));
    // years outside 2003..=2026 with right check digits
    assert_eq!(patent_number(&with_patent_check("200210123456")), Err(IdError::BadDate));
    assert_eq!(patent_number(&with_patent_check("202710123456")), Err(IdError::BadDate));
    assert_eq!(patent_number(&with_patent_check("200310000000")).map(|p| p.year), Ok(2003));
    assert_eq!(patent_number(&with_patent_check("202630000000")).map(|p| p.year), Ok(2026));
    // shape
    assert_eq!(patent_number(""), Err(IdError::Empty));
    assert_eq!(patent_number("ZL"), Err(IdError::Empty));
    assert_eq!(patent_number("ZL20231012345.6"), Err(IdError::WrongLength { expected: 13, found: 12 }));
    assert_eq!(patent_number("ZL2023101234567.6"), Err(IdError::WrongLength { expected: 13, found: 14 }));
    assert_eq!(patent_number("2023.101234566"), Err(IdError::BadFormat));
    assert_eq!(patent_number("202310123456.6."), Err(IdError::BadFormat));
    assert_eq!(patent_number(".2023101234566"), Err(IdError::BadFormat));
    assert_eq!(patent_number("ZL2023101A3456.6"), Err(IdError::BadCharacter { ch: 'A', position: 8 }));
    assert_eq!(patent_number("ZL202310123456.Y"), Err(IdError::BadCharacter { ch: 'Y', position: 13 }));
    // every substitution in the serial part is caught by the check digit
    let good = "2023101234566";
    for pos in 5..13 {
        for d in "0123456789X".chars() {
            let mut v: Vec<char> = good.chars().collect();
            if v[pos] == d || (d == 'X' && pos != 12) {
                continue;
            }
            v[pos] = d;
            let s: String = v.iter().collect();
            assert!(matches!(patent_number(&s), Err(IdError::BadCheckDigit { .. })), "{s}");
        }
    }
}

#[test]
fn find_patent_numbers_in_text() {
    let text = "专利号：ZL 2019 2 0123457.X；发明专利 ZL202310123456.6，申请号 202130123452.X；\
                重复 CN202310123456.6。错号 ZL202310123456.7。老专利 ZL95115608.X。\
                金额 2023101234566789 元。";
    let found: Vec<String> = find_patent_numbers(text).iter().map(PatentNumber::display).collect();
    assert_eq!(found, vec!["ZL201920123457.X", "ZL202310123456.6", "ZL202130123452.X", "ZL95115608.X"]);
}

#[test]
fn find_patent_numbers_requires_a_marker_for_old_and_spaced_numbers() {
    // a bare 9-digit run is not taken as an old-form patent number
    assert!(find_patent_numbers("编号 951156081 号").is_empty());
    assert_eq!(find_patent_numbers("ZL971017654").len(), 1);
    assert!(find_patent_numbers("编号 971017654 号").is_empty());
    assert_eq!(find_patent_numbers("95115608.X").len(), 1);
    // bare new-form numbers must be contiguous
    assert!(find_patent_numbers("2023 1 0123456 6").is_empty());
    assert_eq!(find_patent_numbers("2023101234566").len(), 1);
    assert_eq!(find_patent_numbers("ZL 2023 1 0123456 6").len(), 1);
    // not inside longer runs
    assert!(find_patent_numbers("12023101234566").is_empty());
    assert!(find_patent_numbers("20231012345661").is_empty());
    assert!(find_patent_numbers("ABC2023101234566").is_empty());
    assert!(find_patent_numbers("").is_empty());
}

#[test]
fn publication_numbers() {
    assert_eq!(publication_number("CN 116123456 A").as_deref(), Some("CN116123456A"));
    assert_eq!(publication_number("cn116123456b").as_deref(), Some("CN116123456B"));
    assert_eq!(publication_number("CN 216123456 U").as_deref(), Some("CN216123456U"));
    assert_eq!(publication_number("CN 316123456 S").as_deref(), Some("CN316123456S"));
    assert_eq!(publication_number("116123456A").as_deref(), Some("CN116123456A"));
    assert_eq!(publication_number("ＣＮ１１６１２３４５６Ａ").as_deref(), Some("CN116123456A"));
    assert_eq!(publication_number("CN 116123456 U"), None);
    assert_eq!(publication_number("CN 216123456 A"), None);
    assert_eq!(publication_number("CN 416123456 A"), None);
    assert_eq!(publication_number("CN 11612345 A"), None);
    assert_eq!(publication_number("CN 1161234567 A"), None);
    assert_eq!(publication_number(""), None);
    assert_eq!(
        find_publication_numbers("公开号 CN 116123456 A，授权公告号CN216123456U；CN116123456A；CN1161234567A"),
        vec!["CN116123456A", "CN216123456U"]
    );
}

// ----------------------------------------------------------------------------------------
// 软件著作权
// ----------------------------------------------------------------------------------------

#[test]
fn software_copyright_numbers() {
    assert_eq!(software_copyright_number("2023SR0123456").as_deref(), Ok("2023SR0123456"));
    assert_eq!(software_copyright_number(" 2023 sr 0123456 ").as_deref(), Ok("2023SR0123456"));
    assert_eq!(software_copyright_number("２０２３ＳＲ０１２３４５６").as_deref(), Ok("2023SR0123456"));
    assert_eq!(software_copyright_number("2011SR012345").as_deref(), Ok("2011SR012345"));
    assert_eq!(software_copyright_number("2024SR01234567").as_deref(), Ok("2024SR01234567"));
    assert_eq!(software_copyright_number("2009SRBJ1234").as_deref(), Ok("2009SRBJ1234"));
    assert_eq!(software_copyright_number("2009srbj1234").as_deref(), Ok("2009SRBJ1234"));
    assert_eq!(software_copyright_number("2023SR12345"), Err(IdError::BadFormat));
    assert_eq!(software_copyright_number("2023SR012345678"), Err(IdError::BadFormat));
    assert_eq!(software_copyright_number("2023SR0123A56"), Err(IdError::BadFormat));
    assert_eq!(software_copyright_number("SR0123456"), Err(IdError::BadFormat));
    assert_eq!(software_copyright_number("202SR0123456"), Err(IdError::BadFormat));
    assert_eq!(software_copyright_number("1989SR0123456"), Err(IdError::BadDate));
    assert_eq!(software_copyright_number("2027SR0123456"), Err(IdError::BadDate));
    assert_eq!(software_copyright_number(""), Err(IdError::Empty));
}

#[test]
fn certificate_numbers() {
    assert_eq!(certificate_number("软著登字第0123456号").as_deref(), Some("0123456"));
    assert_eq!(certificate_number("证书号：软著登字第 0123456 号").as_deref(), Some("0123456"));
    assert_eq!(certificate_number("软著登字第０１２３４５６号").as_deref(), Some("0123456"));
    assert_eq!(certificate_number("软 著 登 字 第 12345678 号").as_deref(), Some("12345678"));
    assert_eq!(certificate_number("软著登字第号"), None);
    assert_eq!(certificate_number("登记号 2023SR0123456"), None);
    assert_eq!(
        find_certificate_numbers("软著登字第0123456号，软著登字第7654321号，软著登字第0123456号"),
        vec!["0123456", "7654321"]
    );
}

#[test]
fn find_software_copyright_numbers_in_text() {
    let text = "登记号：2023SR0123456；旧号 2009SRBJ1234；重复 2023 SR 0123456；\
                长串 12023SR0123456 和 2023SR012345678；错年 1989SR0123456。";
    assert_eq!(find_software_copyright_numbers(text), vec!["2023SR0123456", "2009SRBJ1234"]);
    assert!(find_software_copyright_numbers("").is_empty());
}

// ----------------------------------------------------------------------------------------
// phones
// ----------------------------------------------------------------------------------------

#[test]
fn mobiles() {
    for s in [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 13812345678",
        "+8613812345678",
        "+86-138-1234-5678",
        "86 138 1234 5678",
        "8613812345678",
        "0086-13812345678",
        "(+86)13812345678",
        "（+86）138 1234 5678",
        "１３８１２３４５６７８",
        "19912345678",
        " 16612345678 ",
    ] {
        let p = parse_phone(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p.kind, PhoneKind::Mobile, "{s}");
        assert_eq!(p.digits.len(), 11, "{s}");
        assert_eq!(phone(s), Ok(PhoneKind::Mobile));
    }
    assert_eq!(parse_phone("+86 138-1234-5678").unwrap().digits, "13812345678");
}

#[test]
fn mobile_near_misses() {
    assert_eq!(phone("12812345678"), Err(IdError::BadKind));
    assert_eq!(phone("10812345678"), Err(IdError::BadKind));
    assert_eq!(phone("1381234567"), Err(IdError::WrongLength { expected: 11, found: 10 }));
    assert_eq!(phone("138123456789"), Err(IdError::WrongLength { expected: 11, found: 12 }));
    assert_eq!(phone("13812345678转1"), Err(IdError::BadFormat));
    assert_eq!(phone("(138)12345678"), Err(IdError::BadFormat));
    assert_eq!(phone("138a2345678"), Err(IdError::BadCharacter { ch: 'a', position: 4 }));
    assert_eq!(phone(""), Err(IdError::Empty));
    assert_eq!(phone("  "), Err(IdError::Empty));
}

#[test]
fn landlines() {
    for (s, digits, ext) in [
        ("0351-1234567", "03511234567", None),
        ("(0351)1234567", "03511234567", None),
        ("（0351）1234567", "03511234567", None),
        ("(0351) 123-4567", "03511234567", None),
        ("0351 1234567", "03511234567", None),
        ("03511234567", "03511234567", None),
        ("0351—1234567", "03511234567", None),
        ("010-12345678", "01012345678", None),
        ("01012345678", "01012345678", None),
        ("010 1234 5678", "01012345678", None),
        ("020-87654321", "02087654321", None),
        ("0351-123-4567", "03511234567", None),
        ("0351-1234567转123", "03511234567", Some("123")),
        ("0351-1234567 转 123", "03511234567", Some("123")),
        ("0351-1234567-123", "03511234567", Some("123")),
        ("0351-1234567 分机 88", "03511234567", Some("88")),
        ("010-12345678 ext. 8001", "01012345678", Some("8001")),
        ("+86 10 12345678", "01012345678", None),
        ("+86 351 1234567", "03511234567", None),
        ("0086-351-1234567", "03511234567", None),
    ] {
        let p = parse_phone(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p.kind, PhoneKind::Landline, "{s}");
        assert_eq!(p.digits, digits, "{s}");
        assert_eq!(p.extension.as_deref(), ext, "{s}");
        assert_eq!(p.area_len, if digits.starts_with("01") || digits.starts_with("02") { 3 } else { 4 });
        assert_eq!(phone(s), Ok(PhoneKind::Landline));
    }
}

#[test]
fn landline_near_misses() {
    assert_eq!(phone("0351-123456"), Err(IdError::BadFormat));
    assert_eq!(phone("0351-123456789"), Err(IdError::BadFormat));
    assert_eq!(phone("0351-0234567"), Err(IdError::BadFormat));
    assert_eq!(phone("011-12345678"), Err(IdError::BadKind));
    assert_eq!(phone("001-12345678"), Err(IdError::BadKind));
    assert_eq!(phone("035-11234567"), Err(IdError::BadFormat));
    assert_eq!(phone("(0351-1234567"), Err(IdError::BadFormat));
    assert_eq!(phone("0351)1234567"), Err(IdError::BadFormat));
    assert_eq!(phone("2345678"), Err(IdError::BadFormat));
    assert_eq!(phone("4001234567"), Err(IdError::BadFormat));
    assert_eq!(phone("0351-1234567转"), Err(IdError::BadFormat));
    assert_eq!(phone("0351-1234567转1234567"), Err(IdError::BadFormat));
    assert_eq!(phone("0351-1234567-12-34"), Err(IdError::BadFormat));
    assert_eq!(phone("电话0351-1234567"), Err(IdError::BadCharacter { ch: '电', position: 1 }));
}

#[test]
fn find_phones_in_text() {
    let text = "联系人手机：13812345678，座机 0351-1234567 转 8001；\
                备用 +86 139-1234-5678，传真（010）12345678；重复 138 1234 5678。\
                身份证 110105194912310021 里的数字、订单 1381234567890 都不算；\
                4001234567 不是座机。";
    assert_eq!(find_phones(text), vec!["13812345678", "03511234567", "13912345678", "01012345678"]);
    assert!(find_phones("").is_empty());
    assert_eq!(find_phones("电话：１３８１２３４５６７８"), vec!["13812345678"]);
}

// ----------------------------------------------------------------------------------------
// messages
// ----------------------------------------------------------------------------------------

#[test]
fn messages() {
    let e = IdError::BadCheckDigit { expected: 'X', found: '3' };
    assert_eq!(e.message_zh(), "校验位应为 X，实际为 3");
    assert_eq!(e.to_string(), "check character should be X, found 3");
    assert_eq!(IdError::WrongLength { expected: 18, found: 17 }.message_zh(), "长度应为 18 位，实际为 17 位");
    assert_eq!(IdError::BadCharacter { ch: 'O', position: 9 }.message_zh(), "第 9 位字符“O”不允许使用");
    assert_eq!(IdError::BadCharacter { ch: ' ', position: 5 }.message_zh(), "第 5 位字符空格不允许使用");
    assert_eq!(
        IdError::BadCharacter { ch: ' ', position: 5 }.to_string(),
        "character a space not allowed at position 5"
    );
    assert_eq!(IdError::Obsolete15.message_zh(), "15 位旧身份证号码已停用，请填写 18 位号码");
    for e in [IdError::Empty, IdError::BadDate, IdError::BadKind, IdError::BadFormat, IdError::Obsolete15] {
        assert!(!e.message_zh().is_empty());
        assert!(!e.to_string().is_empty());
        assert!(e.message_zh().chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    }
}
