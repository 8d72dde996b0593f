//! Unit tests for `money`.

use super::*;

fn v(value: f64) -> Parsed {
    Parsed::Value { value, approx: false }
}

fn approx(value: f64) -> Parsed {
    Parsed::Value { value, approx: true }
}

#[test]
fn product_md_examples() {
    assert_eq!(parse_money_wan("1,234.5"), v(1234.5));
    assert_eq!(parse_money_wan("1234.5万"), v(1234.5));
    assert_eq!(parse_money_wan("约300"), approx(300.0));
    assert_eq!(parse_money_wan("—"), Parsed::Blank);
    assert_eq!(parse_money_wan("0"), v(0.0));
    assert_eq!(parse_money_wan("无"), Parsed::Blank);
}

#[test]
fn units() {
    assert_eq!(parse_money_wan("1234.5万元"), v(1234.5));
    assert_eq!(parse_money_wan("1234.5 万元"), v(1234.5));
    assert_eq!(parse_money_wan("1234.5 万 元"), v(1234.5));
    assert_eq!(parse_money_wan("1.2亿元"), v(12000.0));
    assert_eq!(parse_money_wan("1.2亿"), v(12000.0));
    assert_eq!(parse_money_wan("3000000元"), v(300.0));
    assert_eq!(parse_money_wan("3,000,000元"), v(300.0));
    assert_eq!(parse_money_wan("1.5千万"), v(1500.0));
    assert_eq!(parse_money_wan("1.5千万元"), v(1500.0));
    assert_eq!(parse_money_wan("2百万"), v(200.0));
    assert_eq!(parse_money_wan("3十万元"), v(30.0));
    assert_eq!(parse_money_wan("5千元"), v(0.5));
    assert_eq!(parse_money_wan("1元"), v(0.0001));
    assert_eq!(parse_money_wan("300(万元)"), v(300.0));
    assert_eq!(parse_money_wan("300（万元）"), v(300.0));
    assert_eq!(parse_money_wan("人民币300万元"), v(300.0));
    assert_eq!(parse_money_wan("300万元人民币"), v(300.0));
    assert_eq!(parse_money_wan("￥300万"), v(300.0));
    assert_eq!(parse_money_wan("¥ 1,234.5"), v(1234.5));
    assert_eq!(parse_money_wan("RMB 300万元"), v(300.0));
    assert_eq!(parse_money_wan("合计 300"), v(300.0));
    assert_eq!(parse_money_wan("1200万元（含税）"), v(1200.0));
    assert_eq!(parse_money_wan("1200（不含税）"), v(1200.0));
    assert_eq!(parse_money_wan("约1200万元(预计)"), approx(1200.0));
    assert_eq!(parse_money_wan("预计 1200 万元"), v(1200.0));
    assert_eq!(parse_money_wan("1200万元（美元）"), Parsed::Invalid);
    assert_eq!(parse_money_wan("100万元/年"), Parsed::Invalid);
}

#[test]
fn exact_values() {
    // the decimal is scaled before conversion: no floating noise
    for i in 0..2000u32 {
        let s = format!("{}.{:02}亿", i / 100, i % 100);
        assert_eq!(parse_money_wan(&s), v(f64::from(i) * 100.0), "{s}");
        let s = format!("{i}0000元");
        assert_eq!(parse_money_wan(&s), v(f64::from(i)), "{s}");
    }
    assert_eq!(parse_money_wan("0.1"), v(0.1));
    assert_eq!(parse_money_wan("123.456万元"), v(123.456));
    assert_eq!(parse_money_wan("1234.5元"), v(0.12345));
    assert_eq!(parse_money_wan("0.3亿元"), v(3000.0));
    assert_eq!(parse_money_wan("12345678901234567890"), v(12345678901234567890.0));
}

#[test]
fn approximate() {
    for s in [
        "约300",
        "300左右",
        "约 300 万元",
        "300余",
        "300+",
        "300余万元",
        "300多万",
        "300万元左右",
        "大约300万",
        "近300万元",
        "~300",
        "～300",
        "≈300",
        "300以上",
        "超过300万元",
        "约300万元左右",
    ] {
        assert_eq!(parse_money_wan(s), approx(300.0), "{s}");
        assert!(parse_money_wan(s).is_approx());
    }
    assert_eq!(parse_money_wan("约1.2亿元"), approx(12000.0));
}

#[test]
fn blanks() {
    for s in [
        "",
        " ",
        "\u{3000}",
        "—",
        "——",
        "-",
        "－",
        "--",
        "–",
        "/",
        "／",
        "\\",
        "无",
        "暂无",
        "空",
        "没有",
        "不适用",
        "不涉及",
        "___",
        "＿＿",
        "……",
        "无。",
        "N/A",
        "n/a",
        "NA",
        "null",
        "（无）",
        "万元",
        " 万元 ",
        "元",
        "*",
    ] {
        assert_eq!(parse_money_wan(s), Parsed::Blank, "{s:?}");
        assert!(parse_money_wan(s).is_blank());
        assert_eq!(parse_number(s), Parsed::Blank, "{s:?}");
    }
}

#[test]
fn template_blank_lines_with_units_are_blank() {
    for s in ["_____万元", "____ 元", "____（万元）"] {
        assert_eq!(parse_money_wan(s), Parsed::Blank, "{s:?}");
    }
    for s in ["____ %", "_____(GB)", "_____个", "%", "％", "家", "个月", "GB", " 万 ", "万家"] {
        assert_eq!(parse_number(s), Parsed::Blank, "{s:?}");
    }
    assert_eq!(parse_number("500 (GB)"), v(500.0));
    assert_eq!(parse_number("12（个）"), v(12.0));
    assert_eq!(parse_number("约____个"), Parsed::Invalid);
}

#[test]
fn zero_is_a_value() {
    for s in ["0", "0.0", "0.00", "0万元", "0元", "-0", "０", " 0 "] {
        let p = parse_money_wan(s);
        assert_eq!(p, v(0.0), "{s}");
        assert!(p.value().unwrap().is_sign_positive(), "{s}");
    }
}

#[test]
fn separators_and_width() {
    assert_eq!(parse_money_wan("１２３４．５"), v(1234.5));
    assert_eq!(parse_money_wan("1234。5"), v(1234.5));
    assert_eq!(parse_money_wan("1，234.5"), v(1234.5));
    assert_eq!(parse_money_wan("1 234.5"), v(1234.5));
    assert_eq!(parse_money_wan("1\u{00A0}234.5"), v(1234.5));
    assert_eq!(parse_money_wan("1,234,567"), v(1234567.0));
    assert_eq!(parse_money_wan("1, 234"), v(1234.0));
    assert_eq!(parse_money_wan(".5"), v(0.5));
    assert_eq!(parse_money_wan("5."), v(5.0));
    assert_eq!(parse_money_wan("1,23"), Parsed::Invalid);
    assert_eq!(parse_money_wan("1234,5"), Parsed::Invalid);
    assert_eq!(parse_money_wan(",123"), Parsed::Invalid);
    assert_eq!(parse_money_wan("12 34"), Parsed::Invalid);
    assert_eq!(parse_money_wan("1,2345"), Parsed::Invalid);
    // a space between digit groups is a thousands separator like ','
    assert_eq!(parse_money_wan("300 400"), v(300400.0));
    assert_eq!(parse_money_wan("万"), Parsed::Blank);
}

#[test]
fn negatives() {
    assert_eq!(parse_money_wan("-12.5"), v(-12.5));
    assert_eq!(parse_money_wan("－12.5"), v(-12.5));
    assert_eq!(parse_money_wan("−12.5"), v(-12.5));
    assert_eq!(parse_money_wan("-12.5万元"), v(-12.5));
    assert_eq!(parse_money_wan("(12.5)"), v(-12.5));
    assert_eq!(parse_money_wan("（12.5）"), v(-12.5));
    assert_eq!(parse_money_wan("（1,234.5）"), v(-1234.5));
    assert_eq!(parse_money_wan("+12.5"), v(12.5));
    // parentheses-negatives only for plain numbers
    assert_eq!(parse_money_wan("（12.5）万元"), Parsed::Invalid);
    assert_eq!(parse_money_wan("约（12.5）"), Parsed::Invalid);
    assert_eq!(parse_money_wan("(-12.5)"), Parsed::Invalid);
    assert_eq!(parse_money_wan("--12"), Parsed::Invalid);
}

#[test]
fn invalid() {
    for s in [
        "待定",
        "若干",
        "100-200",
        "100~200",
        "100至200",
        "12.3.4",
        "1.2.3万",
        "300美元",
        "300万美元",
        "12%",
        "abc",
        "3万5千",
        "1亿2000万",
        "一",
        "二〇二四",
        "300套",
        "约",
        "约万元",
        "0x10",
        "1e5",
        "三点五",
    ] {
        assert_eq!(parse_money_wan(s), Parsed::Invalid, "{s:?}");
        assert!(parse_money_wan(s).is_invalid());
        assert_eq!(parse_money_wan(s).value(), None);
    }
}

#[test]
fn chinese_numerals_in_money() {
    assert_eq!(parse_money_wan("一百万"), v(100.0));
    assert_eq!(parse_money_wan("一百万元"), v(100.0));
    assert_eq!(parse_money_wan("三百万"), v(300.0));
    assert_eq!(parse_money_wan("一千二百万元"), v(1200.0));
    assert_eq!(parse_money_wan("五千元"), v(0.5));
    assert_eq!(parse_money_wan("五千"), v(5000.0));
    assert_eq!(parse_money_wan("五十"), v(50.0));
    assert_eq!(parse_money_wan("壹佰万元整"), v(100.0));
    assert_eq!(parse_money_wan("人民币壹仟贰佰叁拾肆万伍仟元整"), v(1234.5));
    assert_eq!(parse_money_wan("一亿二千万"), v(12000.0));
    assert_eq!(parse_money_wan("一亿二"), v(12000.0));
    assert_eq!(parse_money_wan("约三百万元"), approx(300.0));
    assert_eq!(parse_money_wan("两百万"), v(200.0));
    assert_eq!(parse_money_wan("百万"), v(100.0));
    assert_eq!(parse_money_wan("零"), v(0.0));
}

#[test]
fn chinese_integers() {
    for (s, n) in [
        ("零", 0u128),
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十五", 25),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百一", 110),
        ("一百五", 150),
        ("一千零五", 1005),
        ("一千零五十", 1050),
        ("三千五", 3500),
        ("九千九百九十九", 9999),
        ("一万", 10_000),
        ("一万二", 12_000),
        ("一万零五", 10_005),
        ("一万零五百", 10_500),
        ("十万", 100_000),
        ("三百万", 3_000_000),
        ("一千二百万", 12_000_000),
        ("一亿", 100_000_000),
        ("一亿二", 120_000_000),
        ("一亿二千万", 120_000_000),
        ("三亿零五百万", 305_000_000),
        ("两万", 20_000),
        ("壹仟贰佰叁拾肆", 1234),
        ("百万", 1_000_000),
        ("千万", 10_000_000),
        ("一万亿", 1_000_000_000_000),
    ] {
        assert_eq!(parse_chinese_integer(s), Some(n), "{s}");
    }
    for s in ["", "万", "亿", "一二", "二〇二四", "十百", "一百十", "万万", "一万一万", "三点五", "一亿一亿", "零百"]
    {
        assert_eq!(parse_chinese_integer(s), None, "{s}");
    }
}

#[test]
fn numbers() {
    assert_eq!(parse_number("1,200"), v(1200.0));
    assert_eq!(parse_number("12.5%"), v(12.5));
    assert_eq!(parse_number("12.5％"), v(12.5));
    assert_eq!(parse_number("500GB"), v(500.0));
    assert_eq!(parse_number("1.5 TB"), v(1.5));
    assert_eq!(parse_number("18个月"), v(18.0));
    assert_eq!(parse_number("120家"), v(120.0));
    assert_eq!(parse_number("约300人"), approx(300.0));
    assert_eq!(parse_number("300余家"), approx(300.0));
    assert_eq!(parse_number("300家左右"), approx(300.0));
    assert_eq!(parse_number("300+"), approx(300.0));
    assert_eq!(parse_number("1.2万"), v(12000.0));
    assert_eq!(parse_number("1.2万家"), v(12000.0));
    assert_eq!(parse_number("3亿"), v(300_000_000.0));
    assert_eq!(parse_number("两万人"), v(20000.0));
    assert_eq!(parse_number("三百"), v(300.0));
    assert_eq!(parse_number("十二个月"), v(12.0));
    assert_eq!(parse_number("0"), v(0.0));
    assert_eq!(parse_number("-3"), v(-3.0));
    assert_eq!(parse_number("（3）"), v(-3.0));
    assert_eq!(parse_number("（3）家"), Parsed::Invalid);
    assert_eq!(parse_number("１２"), v(12.0));
    // no unit conversion: 元 and 亿元 are not scaled to 万元
    assert_eq!(parse_number("300元"), v(300.0));
    assert_eq!(parse_number("共120家"), v(120.0));
    // a bare unit is what the template printed: blank
    for s in ["%", "％", "家", "个月", "GB", " 万 ", "万家"] {
        assert_eq!(parse_number(s), Parsed::Blank, "{s}");
    }
    for s in ["若干", "待定", "不详", "100-200", "12.3.4", "100~200家", "一", "约", "多家"] {
        assert_eq!(parse_number(s), Parsed::Invalid, "{s}");
    }
}

#[test]
fn parsed_helpers() {
    assert_eq!(v(3.0).value(), Some(3.0));
    assert!(!v(3.0).is_approx());
    assert!(approx(3.0).is_approx());
    assert_eq!(Parsed::Blank.value(), None);
    assert!(!Parsed::Blank.is_invalid());
    assert!(Parsed::Invalid.is_invalid());
}
