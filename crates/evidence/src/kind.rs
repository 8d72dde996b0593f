//! Which kind of document an attachment is, from its content first and its name second.
//!
//! Content decides when it is clear: a certificate's title with its own labels (营业执照 with
//! 统一社会信用代码 / 法定代表人 / 注册资本 …; 专利证书 with 专利号 / 专利权人; 计算机软件著作权
//! 登记证书 with 登记号 / 著作权人), a contract's title with labelled parties (`甲方：` and
//! `乙方：`, or 委托方 / 受托方), an audit report's title with an auditor's words, a statement's
//! title with its columns. A sentence that merely mentions 合同 or 营业执照 is not enough. When
//! the content is not clear, the file name decides (`营业执照.jpg`, `专利证书-1.pdf`,
//! `软著证书.png`, `合同-某某公司.pdf`, `路演.pptx`, `演示.mp4`).

use once_cell::sync::Lazy;
use regex::Regex;

use crate::text::{any, base_name, compact, count, extension};
use crate::Kind;

/// A party label at the start of a line: `甲方：`, `甲 方（委托方）:`, `受托方：`.
pub(crate) static PARTY_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?m)^[\s\d.、（）()一二三四五六七八九十]*((?:甲|乙|丙|丁)[ \t\u{3000}]*方|委[ \t\u{3000}]*托[ \t\u{3000}]*[方人]|受[ \t\u{3000}]*托[ \t\u{3000}]*[方人])[ \t\u{3000}]*(?:[（(][^）)\n]{0,12}[）)])?[ \t\u{3000}]*[:：]").unwrap()
});

fn has_party(text: &str, roles: &[&str]) -> bool {
    PARTY_LABEL.captures_iter(text).any(|c| roles.contains(&compact(&c[1]).as_str()))
}

fn from_content(text: &str) -> Option<Kind> {
    let t = compact(text);
    let contract_parties = (has_party(text, &["甲方"]) && has_party(text, &["乙方"]))
        || (has_party(text, &["委托方", "委托人"]) && has_party(text, &["受托方", "受托人"]));
    if t.contains("计算机软件著作权登记证书")
        || (t.contains("著作权人") && any(&t, &["登记号", "软著登字"]) && t.contains("软件"))
    {
        return Some(Kind::SoftwareCopyrightCertificate);
    }
    if any(&t, &["发明专利证书", "实用新型专利证书", "外观设计专利证书", "专利证书"])
        && any(&t, &["专利号", "专利权人"])
        && !contract_parties
    {
        return Some(Kind::PatentCertificate);
    }
    let licence_labels =
        ["统一社会信用代码", "法定代表人", "注册资本", "成立日期", "营业期限", "经营范围", "登记机关", "住所"];
    // The title alone is often lost in a scan (large, letter-spaced, stamped over): the set
    // of a licence's own labels says it too.
    let labels = count(&t, &licence_labels);
    if ((t.contains("营业执照") && labels >= 2) || (t.contains("统一社会信用代码") && labels >= 4)) && !contract_parties
    {
        return Some(Kind::BusinessLicense);
    }
    if contract_parties && any(&t, &["合同", "协议", "契约"]) {
        return Some(Kind::Contract);
    }
    if t.contains("审计报告") && any(&t, &["会计师事务所", "注册会计师", "审计意见", "我们审计了", "审计报告正文"])
    {
        return Some(Kind::AuditReport);
    }
    if any(&t, &["资产负债表", "利润表", "现金流量表", "损益表", "所有者权益变动表"])
        && any(
            &t,
            &["编制单位", "行次", "资产总计", "负债合计", "营业收入", "本期金额", "期末余额", "年初数", "期末数"],
        )
    {
        return Some(Kind::FinancialStatement);
    }
    None
}

fn from_name(file_name: &str) -> Kind {
    let ext = extension(file_name);
    if matches!(ext.as_str(), "ppt" | "pptx" | "pps" | "ppsx" | "key" | "odp" | "dps") {
        return Kind::Presentation;
    }
    if matches!(ext.as_str(), "mp4" | "mov" | "avi" | "wmv" | "mkv" | "flv" | "m4v" | "webm" | "mpg" | "mpeg" | "3gp") {
        return Kind::Video;
    }
    let n = base_name(file_name);
    let lower = n.to_lowercase();
    if n.contains("营业执照") {
        Kind::BusinessLicense
    } else if n.contains("软著") || n.contains("著作权") {
        Kind::SoftwareCopyrightCertificate
    } else if n.contains("专利") {
        Kind::PatentCertificate
    } else if n.contains("审计") {
        Kind::AuditReport
    } else if any(&n, &["资产负债表", "利润表", "现金流量表", "财务报表", "财务报告", "财务数据"])
    {
        Kind::FinancialStatement
    } else if any(&n, &["合同", "协议"]) {
        Kind::Contract
    } else if n.contains("路演") || lower.contains("ppt") || n.contains("演示文稿") {
        Kind::Presentation
    } else if n.contains("视频") {
        Kind::Video
    } else {
        Kind::Other
    }
}

/// The kind of the attachment `file_name` with `text`.
pub(crate) fn classify(file_name: &str, text: &str) -> Kind {
    from_content(text).unwrap_or_else(|| from_name(file_name))
}
