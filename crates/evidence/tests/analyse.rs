//! Realistic attachment texts, as the readers or OCR give them, and near misses.

use evidence::{analyse, Kind, Party};

fn party(role: &str, name: &str) -> Party {
    Party { role: role.to_string(), name: name.to_string() }
}

const LICENCE: &str = "营 业 执 照\n\
(副 本)\n\
统一社会信用代码 91140100MA0GRAB0XE\n\
名        称  山西示例数据科技有限公司\n\
类        型  有限责任公司(自然人投资或控股)\n\
法定代表人  张三\n\
经营范围  数据处理和存储支持服务；软件开发；信息技术咨询服务。\n\
注册资本  壹仟万圆整\n\
成立日期  2019年03月12日\n\
住        所  山西综改示范区太原学府园区长治路111号\n\
登记机关  山西转型综合改革示范区行政审批服务管理局\n";

#[test]
fn business_licence() {
    let e = analyse("附件/营业执照副本.jpg", LICENCE);
    assert_eq!(e.kind, Kind::BusinessLicense);
    assert_eq!(e.kind.as_str(), "business_license");
    assert_eq!(e.credit_codes, ["91140100MA0GRAB0XE"]);
    assert_eq!(e.holders, ["山西示例数据科技有限公司"]);
    assert_eq!(e.organisations[0], "山西示例数据科技有限公司");
    assert!(e.patent_numbers.is_empty() && e.parties.is_empty() && e.amounts_wan.is_empty());
    // Content wins over a misleading name.
    assert_eq!(analyse("scan_001.pdf", LICENCE).kind, Kind::BusinessLicense);
}

const PATENT: &str = "证书号第5123456号\n\
发明专利证书\n\
发 明 名 称：一种基于多源数据融合的交通流量预测方法\n\
发  明  人：李四；王五\n\
专  利  号：ZL 2023 1 0123456.6\n\
专利申请日：2023年02月01日\n\
专利权人：山西示例数据科技有限公司；太原理工大学\n\
地址：030006 山西省太原市小店区长治路111号\n\
授权公告日：2024年05月10日    授权公告号：CN 115123456 B\n\
国家知识产权局依照中华人民共和国专利法进行审查，决定授予专利权，颁发发明专利证书并在专利登记簿上予以登记。\n";

#[test]
fn patent_certificate() {
    let e = analyse("专利证书-1.pdf", PATENT);
    assert_eq!(e.kind, Kind::PatentCertificate);
    assert_eq!(e.kind.as_str(), "patent_certificate");
    assert_eq!(e.patent_numbers, ["ZL202310123456.6"]);
    assert_eq!(e.holders, ["山西示例数据科技有限公司", "太原理工大学"]);
    assert!(e.organisations.contains(&"山西示例数据科技有限公司".to_string()));
    assert!(e.organisations.contains(&"太原理工大学".to_string()));
    assert!(!e.organisations.iter().any(|o| o.contains("专利权人")));
}

const SOFTWARE: &str = "中华人民共和国国家版权局\n\
计算机软件著作权登记证书\n\
证书号：软著登字第11223344号\n\
软件名称：示例数据治理平台V1.0\n\
著作权人：山西示例数据科技有限公司\n\
开发完成日期：2022年06月30日\n\
首次发表日期：未发表\n\
权利取得方式：原始取得\n\
权利范围：全部权利\n\
登记号：2023SR0123456\n";

#[test]
fn software_copyright_certificate() {
    let e = analyse("软著证书.png", SOFTWARE);
    assert_eq!(e.kind, Kind::SoftwareCopyrightCertificate);
    assert_eq!(e.kind.as_str(), "software_copyright_certificate");
    assert_eq!(e.software_copyright_numbers, ["2023SR0123456"]);
    assert_eq!(e.holders, ["山西示例数据科技有限公司"]);
    assert!(e.patent_numbers.is_empty());
}

const CONTRACT: &str = "技术开发（委托）合同\n\
合同编号：SXDT-2024-017\n\
甲方（委托方）：太原市示例供水集团有限公司\n\
统一社会信用代码：91140105MA0KXY2128\n\
乙方（受托方）：山西示例数据科技有限公司\n\
法定代表人：张三\n\
根据《中华人民共和国民法典》，甲乙双方经协商一致，签订本合同。\n\
第一条 甲方委托乙方开发智慧水务数据平台。\n\
第二条 合同金额：人民币壹佰贰拾万元整（¥1,200,000.00）。\n\
第三条 甲方应于合同签订后10个工作日内支付首付款。\n\
甲方（盖章）：                      乙方（盖章）：\n\
签订日期：2024年3月15日\n";

#[test]
fn contract_with_parties_and_amount() {
    let e = analyse("合同-示例供水.pdf", CONTRACT);
    assert_eq!(e.kind, Kind::Contract);
    assert_eq!(e.kind.as_str(), "contract");
    assert_eq!(e.parties, [party("甲方", "太原市示例供水集团有限公司"), party("乙方", "山西示例数据科技有限公司")]);
    assert_eq!(e.amounts_wan, [120.0]);
    assert_eq!(e.credit_codes, ["91140105MA0KXY2128"]);
    assert_eq!(e.organisations, ["太原市示例供水集团有限公司", "山西示例数据科技有限公司"]);
}

#[test]
fn contract_amount_written_only_in_words_or_in_wan() {
    let e =
        analyse("x.docx", "服务协议\n委托方：山西大学\n受托方：太原示例科技有限公司\n合同总金额：人民币叁拾伍万元整\n");
    assert_eq!(e.kind, Kind::Contract);
    assert_eq!(e.parties, [party("委托方", "山西大学"), party("受托方", "太原示例科技有限公司")]);
    assert_eq!(e.amounts_wan, [35.0]);
    let e = analyse("x.docx", "采购合同\n甲方：山西大学\n乙方：太原示例科技有限公司\n合同金额：85.5万元\n");
    assert_eq!(e.amounts_wan, [85.5]);
}

const AUDIT: &str = "审计报告\n\
晋示会审字[2025]第0123号\n\
山西示例数据科技有限公司全体股东：\n\
一、审计意见\n\
我们审计了山西示例数据科技有限公司（以下简称贵公司）财务报表，包括2024年12月31日的资产负债表，2024年度的利润表、现金流量表以及相关财务报表附注。\n\
山西示例会计师事务所（特殊普通合伙）        中国注册会计师：赵六\n\
中国·太原                                 2025年3月20日\n";

#[test]
fn audit_report() {
    let e = analyse("2024年审计报告.pdf", AUDIT);
    assert_eq!(e.kind, Kind::AuditReport);
    assert_eq!(e.kind.as_str(), "audit_report");
    assert_eq!(e.organisations, ["山西示例数据科技有限公司", "山西示例会计师事务所(特殊普通合伙)"]);
    assert!(e.parties.is_empty() && e.amounts_wan.is_empty());
}

#[test]
fn financial_statement() {
    let t = "资产负债表\n编制单位：山西示例数据科技有限公司\t2024年12月31日\t单位：元\n资产\t行次\t年初数\t期末数\n货币资金\t1\t6190718.68\t5241690.50\n";
    let e = analyse("财务.xlsx", t);
    assert_eq!(e.kind, Kind::FinancialStatement);
    assert_eq!(e.kind.as_str(), "financial_statement");
    assert_eq!(e.organisations, ["山西示例数据科技有限公司"]);
}

#[test]
fn name_decides_when_content_is_silent() {
    assert_eq!(analyse("路演材料.pptx", "").kind, Kind::Presentation);
    assert_eq!(analyse("项目演示.mp4", "").kind, Kind::Video);
    assert_eq!(analyse("营业执照.jpg", "").kind, Kind::BusinessLicense);
    assert_eq!(analyse("专利证书-2.pdf", "").kind, Kind::PatentCertificate);
    assert_eq!(analyse("软著-1.png", "").kind, Kind::SoftwareCopyrightCertificate);
    assert_eq!(analyse("合同扫描件.pdf", "").kind, Kind::Contract);
    assert_eq!(analyse("说明.txt", "").kind, Kind::Other);
    assert_eq!(Kind::Presentation.as_str(), "presentation");
    assert_eq!(Kind::Video.as_str(), "video");
    assert_eq!(Kind::Other.as_str(), "other");
}

#[test]
fn near_miss_mentions_are_not_documents() {
    // Mentions 合同, 甲方 and 营业执照 in running text: no labelled parties, no licence labels.
    let t = "项目简介：本项目已与太原市示例供水集团有限公司签订合同，甲方对交付成果表示满意。\n\
             申报单位须提供营业执照复印件。";
    let e = analyse("项目简介.docx", t);
    assert_eq!(e.kind, Kind::Other);
    assert!(e.parties.is_empty());
    assert!(e.amounts_wan.is_empty());
    // A name inside a longer sentence is cut at its start and end.
    assert_eq!(e.organisations, ["太原市示例供水集团有限公司"]);
    // A contract's file name with a text that is clearly a licence: content wins.
    assert_eq!(analyse("合同.pdf", LICENCE).kind, Kind::BusinessLicense);
}

#[test]
fn names_inside_sentences() {
    let e = analyse(
        "说明.docx",
        "兹授权山西示例数据科技有限公司使用本专利。本项目由太原理工大学与中国工商银行股份有限公司太原迎泽支行共同支持。",
    );
    assert_eq!(e.organisations, ["山西示例数据科技有限公司", "太原理工大学", "中国工商银行股份有限公司太原迎泽支行"]);
}

#[test]
fn document_input_reads_like_text() {
    let mut doc = model::Document::default();
    doc.blocks.push(model::Block::Paragraph(model::Paragraph::from_text("计算机软件著作权登记证书")));
    doc.blocks.push(model::Block::Paragraph(model::Paragraph::from_text("著作权人：山西示例数据科技有限公司")));
    doc.blocks.push(model::Block::Paragraph(model::Paragraph::from_text("登记号：2023SR0123456")));
    let e = evidence::analyse_document("a.pdf", &doc);
    assert_eq!(e.kind, Kind::SoftwareCopyrightCertificate);
    assert_eq!(e.holders, ["山西示例数据科技有限公司"]);
}

#[test]
fn ocr_layout_label_and_value_on_separate_lines() {
    let t = "实用新型专利证书\n专 利 号\nZL 2022 2 0654321.3\n专利权人\n太原示例智能装备有限公司、山西示例数据科技有限公司\n";
    let e = analyse("IMG_2041.jpg", t);
    assert_eq!(e.kind, Kind::PatentCertificate);
    assert_eq!(e.patent_numbers, ["ZL202220654321.3"]);
    assert_eq!(e.holders, ["太原示例智能装备有限公司", "山西示例数据科技有限公司"]);
}

#[test]
fn hostile_or_empty_text_never_panics() {
    for t in [
        "",
        "：",
        "甲方：",
        "合同金额：",
        "合同金额：¥",
        "专利权人：；；",
        "有限公司",
        "（（（有限公司",
        "甲方：\n乙方：\n合同",
    ] {
        let e = analyse("", t);
        assert!(e.parties.iter().all(|p| !p.name.is_empty()), "{t}");
    }
    let long: String = "山西示例".repeat(10_000) + "有限公司";
    let e = analyse("a.txt", &long);
    assert!(e.organisations.iter().all(|o| o.chars().count() <= 60));
}
