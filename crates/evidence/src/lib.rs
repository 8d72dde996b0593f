//! What an attachment says about who it belongs to.
//!
//! [`analyse`] takes an attachment's file name and its text (from the DOCX/PDF/spreadsheet
//! readers, or OCR) and returns [`Evidence`]: what kind of document it is ([`Kind`]: business
//! licence, patent or 软著 certificate, contract, audit report, financial statement …), the
//! organisations it names, the 统一社会信用代码, patent and 软著 numbers in it, the holders a
//! certificate names (专利权人 / 著作权人 / 权利人, a licence's 名称), the parties of a contract
//! (甲方 / 乙方 / 委托方 / 受托方) and its amounts in 万元.
//!
//! The IP checks use it to see whether a claimed patent has a certificate whose holder is a
//! participating unit; the entity checks to spot material of a parent company or a stranger.
//! Nothing here does IO; nothing here knows the form.
//!
//! ```
//! let e = evidence::analyse("营业执照.pdf", "营业执照\n统一社会信用代码 91140100MA0GRAB0XE\n名称 山西示例数据科技有限公司\n法定代表人 张三");
//! assert_eq!(e.kind, evidence::Kind::BusinessLicense);
//! assert_eq!(e.organisations, ["山西示例数据科技有限公司"]);
//! assert_eq!(e.credit_codes, ["91140100MA0GRAB0XE"]);
//! ```

mod fields;
mod kind;
mod orgs;
mod text;

pub use orgs::{find_organisations, REGIONS};

/// The kind of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Kind {
    /// 营业执照.
    BusinessLicense,
    /// 发明 / 实用新型 / 外观设计专利证书.
    PatentCertificate,
    /// 计算机软件著作权登记证书.
    SoftwareCopyrightCertificate,
    /// 合同 / 协议 with parties.
    Contract,
    /// 审计报告.
    AuditReport,
    /// 资产负债表 / 利润表 / 现金流量表.
    FinancialStatement,
    /// Slides (路演 PPT).
    Presentation,
    /// A video.
    Video,
    /// Anything else.
    #[default]
    Other,
}

impl Kind {
    /// The contract's `kind` word (`dossiers/<id>.json` `attachments[].kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::BusinessLicense => "business_license",
            Kind::PatentCertificate => "patent_certificate",
            Kind::SoftwareCopyrightCertificate => "software_copyright_certificate",
            Kind::Contract => "contract",
            Kind::AuditReport => "audit_report",
            Kind::FinancialStatement => "financial_statement",
            Kind::Presentation => "presentation",
            Kind::Video => "video",
            Kind::Other => "other",
        }
    }
}

/// A party of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The role as printed, without spaces or brackets: `甲方`, `乙方`, `丙方`, `委托方`,
    /// `受托方`, `委托人`, `受托人`.
    pub role: String,
    /// The party's name (an organisation name normalised with
    /// [`conventions::normalize::org_name`], or the text after the label).
    pub name: String,
}

/// What an attachment says about who it belongs to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// The kind: content decides when it is clear, else the file name.
    pub kind: Kind,
    /// Organisation names, normalised ([`conventions::normalize::org_name`]), deduplicated, in
    /// order of first appearance.
    pub organisations: Vec<String>,
    /// Valid 统一社会信用代码, in order.
    pub credit_codes: Vec<String>,
    /// Valid patent numbers in display form (`ZL202310123456.7`), in order.
    pub patent_numbers: Vec<String>,
    /// Valid 软件著作权登记号 (`2023SR0123456`), in order.
    pub software_copyright_numbers: Vec<String>,
    /// Holders a certificate names: 专利权人 / 著作权人 / 权利人, and 名称 on a business licence.
    pub holders: Vec<String>,
    /// Contract parties with their names.
    pub parties: Vec<Party>,
    /// Contract amounts (合同金额 / 合同总价 …) in 万元.
    pub amounts_wan: Vec<f64>,
}

/// Analyses one attachment: its file name (any path; only the last component and extension
/// matter) and its text.
pub fn analyse(file_name: &str, text: &str) -> Evidence {
    let kind = kind::classify(file_name, text);
    let fields = fields::extract(text, kind);
    Evidence {
        kind,
        organisations: orgs::find_organisations(text),
        credit_codes: conventions::ids::find_credit_codes(text),
        patent_numbers: conventions::ids::find_patent_numbers(text).iter().map(|p| p.display()).collect(),
        software_copyright_numbers: conventions::ids::find_software_copyright_numbers(text),
        holders: fields.holders,
        parties: fields.parties,
        amounts_wan: fields.amounts_wan,
    }
}

/// [`analyse`] over a document read by one of the readers (its plain text: paragraphs one a
/// line, table cells separated by tabs).
pub fn analyse_document(file_name: &str, doc: &model::Document) -> Evidence {
    analyse(file_name, &doc.plain_text())
}
