//! How teams actually fill the form: each variant of a label, colon, star, numbering,
//! leftover instruction or extended table still yields the same field. Each test builds a
//! real DOCX (WordprocessingML) and reads it through the product's reader and matcher.

use e2e::{extract_body, para, row, table};
use model::FieldValue;

fn text(f: &model::Fields, key: &str) -> String {
    f.get(key).and_then(|v| v.as_text()).unwrap_or_else(|| panic!("{key} not extracted: {f:?}")).to_string()
}

const PART1: &str = "第一部分：基本信息";

#[test]
fn spaced_labels_fullwidth_colons_and_dropped_stars() {
    for label in ["*项目名称", "项目名称", "＊项 目 名 称", "项目名称：", "*项目名称:"] {
        let body = para(PART1) + &table(&[row(&["（一）项目基本信息"]), row(&[label, "城市数据大脑"])]);
        assert_eq!(text(&extract_body(&body), "project.name"), "城市数据大脑", "label {label:?}");
    }
}

#[test]
fn inline_labels_with_or_without_colon() {
    for line in ["*团队名称：数智先锋队", "团队名称:数智先锋队", "团 队 名 称 ： 数智先锋队", "团队名称 数智先锋队"]
    {
        let body = para(PART1) + &para("（二）参赛团队信息") + &para(line);
        assert_eq!(text(&extract_body(&body), "team.name"), "数智先锋队", "line {line:?}");
    }
}

#[test]
fn instruction_text_left_in_the_cell_is_not_the_answer() {
    let kept = "（不超过 300 字）简要介绍发展历程、主营业务和市场地位等情况。本公司成立于2015年。";
    let only = "(不超过 300 字) 简要介绍发展历程、主营业务和市场地位等情况。";
    let unit = |intro: &str| {
        para("（三）参赛单位基本信息（单位可增加，最多五家）")
            + &table(&[row(&["*单位名称", "太原数智科技有限公司"]), row(&["*单位简介", intro])])
    };
    let f = extract_body(&(para(PART1) + &unit(kept)));
    let FieldValue::Records(units) = f.get("units").unwrap() else { panic!("units") };
    let intro = units[0].iter().find(|(k, _)| k == "intro").map(|(_, v)| v.as_text().unwrap().to_string());
    assert_eq!(intro.as_deref(), Some("本公司成立于2015年。"));
    let f = extract_body(&(para(PART1) + &unit(only)));
    let FieldValue::Records(units) = f.get("units").unwrap() else { panic!("units") };
    assert!(units[0].iter().all(|(k, _)| k != "intro"), "an untouched instruction is a blank answer");
}

#[test]
fn headings_renumbered_or_restyled_still_delimit_sections() {
    for (h1, h2) in [
        ("（一）项目背景（限 500 字）", "（二）应用场景（限 500 字）"),
        ("1、项目背景（限500字）", "2、应用场景（限500字）"),
        ("一 项目背景", "二 应用场景"),
        ("项目背景", "应用场景"),
    ] {
        let body = para("第二部分 参赛项目介绍")
            + &para("一、项目概述")
            + &para(h1)
            + &para(
                "围绕所选赛题方向，介绍参赛项目的行业背景，包括但不限于产业发展现状、拟解决的问题、建设目的等内容。",
            )
            + &para("我省煤炭产业数据分散。")
            + &para(h2)
            + &para("平台服务电网企业。");
        let f = extract_body(&body);
        assert_eq!(text(&f, "narrative.background"), "我省煤炭产业数据分散。", "{h1}");
        assert_eq!(text(&f, "narrative.scenarios"), "平台服务电网企业。", "{h2}");
    }
}

#[test]
fn toc_entries_are_not_headings() {
    let body = para("目 录")
        + &para("一、项目概述 ..... 33")
        + &para("（一）项目背景 ..... 33")
        + &para("第二部分：参赛项目介绍")
        + &para("一、项目概述")
        + &para("（一）项目背景（限 500 字）")
        + &para("真正的背景。");
    assert_eq!(text(&extract_body(&body), "narrative.background"), "真正的背景。");
}

#[test]
fn members_table_extended_beyond_the_template_rows() {
    let mut rows = vec![row(&[
        "*团队成员（最多添加 5 名）",
        "姓名",
        "证件类型",
        "证件号码",
        "单位名称",
        "职务/职称",
        "手机",
        "项目中主要承担的角色（50字）",
        "是否团队联络人",
    ])];
    for i in 0..7 {
        rows.push(row(&[
            "",
            &format!("成员{i}"),
            "居民身份证",
            "",
            "某单位",
            "工程师",
            "13800000000",
            "研发",
            if i == 0 { "是" } else { "否" },
        ]));
    }
    let body = para(PART1) + &para("（二）参赛团队信息") + &table(&rows);
    let f = extract_body(&body);
    let FieldValue::Records(m) = f.get("team.members").unwrap() else { panic!("members") };
    assert_eq!(m.len(), 7, "every row the team added is read");
    assert!(m[0].contains(&("is_contact".to_string(), FieldValue::Bool(true))));
    assert!(m[6].contains(&("name".to_string(), FieldValue::Text("成员6".into()))));
}

#[test]
fn column_order_changed_and_header_aliases() {
    let rows = vec![
        row(&["专利号", "专利名称", "证明材料"]),
        row(&["ZL 2023 1 0123456.7", "一种数据确权方法", "专利证书-1.pdf"]),
    ];
    let body = para("第二部分：参赛项目介绍") + &para("五、附件") + &para("1.知识产权情况") + &table(&rows);
    let f = extract_body(&body);
    let FieldValue::Records(p) = f.get("ip.patents").unwrap() else { panic!("patents") };
    assert_eq!(p[0][0], ("name".to_string(), FieldValue::Text("一种数据确权方法".into())));
    assert_eq!(p[0][1], ("number".to_string(), FieldValue::Text("ZL 2023 1 0123456.7".into())));
}

#[test]
fn money_as_teams_write_it() {
    for (written, want, approx) in [
        ("1,234.5", 1234.5, false),
        ("1234.5万元", 1234.5, false),
        ("1.2亿元", 12000.0, false),
        ("约300", 300.0, true),
        ("3000000元", 300.0, false),
    ] {
        let body = para(PART1) + &table(&[row(&["*应用场景", &format!("8. 项目开发成本（万元）：{written}")])]);
        let f = extract_body(&body);
        assert_eq!(f.get("application.dev_cost"), Some(&FieldValue::Number { value: want, approx }), "{written}");
    }
    for blank in ["—", "无", "___", ""] {
        let body = para(PART1) + &table(&[row(&["*应用场景", &format!("8. 项目开发成本（万元）：{blank}")])]);
        assert_eq!(extract_body(&body).get("application.dev_cost"), None, "{blank:?}");
    }
    let body = para(PART1) + &table(&[row(&["*应用场景", "8. 项目开发成本（万元）：待定"])]);
    assert_eq!(extract_body(&body).get("application.dev_cost"), Some(&FieldValue::Invalid("待定".into())));
}

#[test]
fn an_answer_continued_in_rows_with_an_empty_label_cell() {
    let body = para(PART1)
        + &table(&[
            row(&["*应用场景", "1. 项目服务的客户数量（以合同为准，无填 0）：35个"]),
            row(&["", "6. 项目市场收入（万元，以合同为准，无填 0）2023年 120 2024年 260.5"]),
            row(&["", "8. 项目开发成本（万元）：150"]),
            row(&["*团队名称", "数智先锋队"]),
        ]);
    let f = extract_body(&body);
    assert_eq!(f.get("application.customers_total"), Some(&FieldValue::Number { value: 35.0, approx: false }));
    assert_eq!(f.get("application.dev_cost"), Some(&FieldValue::Number { value: 150.0, approx: false }));
    assert!(f.get("application.market_revenue").is_some());
}
