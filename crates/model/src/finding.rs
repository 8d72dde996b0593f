//! Findings: one problem found in a dossier.

use std::fmt;
use std::str::FromStr;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// For information only.
    Info,
    /// A reviewer should look.
    Warning,
    /// Fails the form check.
    Error,
}

impl Severity {
    /// The wire name (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("unknown severity `{s}` (expected error, warning or info)")),
        }
    }
}

macro_rules! finding_codes {
    ($($variant:ident => $code:literal, $zh:literal;)*) => {
        /// Every finding code of the contract (PRODUCT.md). Codes are never renamed or reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FindingCode { $(#[doc = $zh] $variant,)* }

        impl FindingCode {
            /// All codes, in contract order.
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)*];

            /// The stable wire code, e.g. `WORD_LIMIT_EXCEEDED`.
            pub fn as_str(self) -> &'static str {
                match self { $(FindingCode::$variant => $code,)* }
            }

            /// A short Chinese title for people.
            pub fn title_zh(self) -> &'static str {
                match self { $(FindingCode::$variant => $zh,)* }
            }
        }

        impl FromStr for FindingCode {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok(FindingCode::$variant),)*
                    _ => Err(format!("unknown finding code `{s}`")),
                }
            }
        }
    };
}

finding_codes! {
    RequiredMissing => "REQUIRED_MISSING", "必填项缺失";
    SectionMissing => "SECTION_MISSING", "章节缺失";
    TemplateMismatch => "TEMPLATE_MISMATCH", "未识别到申报书";
    WordLimitExceeded => "WORD_LIMIT_EXCEEDED", "超出字数限制";
    ChoiceCount => "CHOICE_COUNT", "选项数量不符";
    TrackUnknown => "TRACK_UNKNOWN", "赛道或方向不在本赛事范围";
    CreditCodeInvalid => "CREDIT_CODE_INVALID", "统一社会信用代码无效";
    IdNumberInvalid => "ID_NUMBER_INVALID", "身份证号码无效";
    PhoneInvalid => "PHONE_INVALID", "电话号码无效";
    NumberInvalid => "NUMBER_INVALID", "数值无法识别";
    InconsistentValues => "INCONSISTENT_VALUES", "数据前后矛盾";
    TeamTooLarge => "TEAM_TOO_LARGE", "团队成员超过上限";
    UnitsTooMany => "UNITS_TOO_MANY", "参赛单位超过上限";
    OutcomesTooFew => "OUTCOMES_TOO_FEW", "应用成效填写不足";
    AttachmentMissing => "ATTACHMENT_MISSING", "缺少证明材料";
    FileUnreadable => "FILE_UNREADABLE", "文件无法读取";
    PatentNumberInvalid => "PATENT_NUMBER_INVALID", "专利号无效";
    SoftwareCopyrightNumberInvalid => "SOFTWARE_COPYRIGHT_NUMBER_INVALID", "软著登记号无效";
    IpEvidenceMissing => "IP_EVIDENCE_MISSING", "知识产权缺少证明";
    IpHolderMismatch => "IP_HOLDER_MISMATCH", "知识产权权利人不是参赛单位";
    IpSharedAcrossDossiers => "IP_SHARED_ACROSS_DOSSIERS", "同一知识产权被多个项目使用";
    DuplicateFile => "DUPLICATE_FILE", "文件与其他项目完全相同";
    SimilarImage => "SIMILAR_IMAGE", "图片与其他项目相似";
    SimilarText => "SIMILAR_TEXT", "文字与其他项目雷同";
    PersonInMultipleTeams => "PERSON_IN_MULTIPLE_TEAMS", "人员跨团队重复参赛";
    ParentCompanyMaterial => "PARENT_COMPANY_MATERIAL", "使用母公司/分子公司材料";
    ForeignEntityMaterial => "FOREIGN_ENTITY_MATERIAL", "使用非参赛单位材料";
    OrganizerAffiliate => "ORGANIZER_AFFILIATE", "参赛单位为组织方关联单位";
    ExcludedEntity => "EXCLUDED_ENTITY", "参赛单位在排除名单中";
    RosterMismatch => "ROSTER_MISMATCH", "报名信息与申报书不一致";
    CrossContestDuplicate => "CROSS_CONTEST_DUPLICATE", "与其他赛事重复参赛";
    PriorAwards => "PRIOR_AWARDS", "曾获数据类赛事奖项";
    OcrNeeded => "OCR_NEEDED", "扫描件未能识别文字";
    TeamsLinked => "TEAMS_LINKED", "团队之间存在关联";
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another dossier (and file) a cross-dossier finding points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    /// The other dossier.
    pub dossier_id: String,
    /// The file in it, when the finding is about a file.
    pub file: Option<String>,
}

/// One problem found in one dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The dossier it belongs to.
    pub dossier_id: String,
    /// What kind of problem.
    pub code: FindingCode,
    /// How serious.
    pub severity: Severity,
    /// The canonical field key, when the problem is in the form.
    pub field: Option<String>,
    /// The file (path inside the dossier), when the problem is in a file.
    pub file: Option<String>,
    /// Message for staff, in Chinese.
    pub message_zh: String,
    /// The same message in English.
    pub message_en: String,
    /// Machine-readable details (counts, limits, values), as JSON text of an object.
    pub detail_json: String,
    /// The passage the finding is about, shortened.
    pub excerpt: Option<String>,
    /// Other dossiers involved.
    pub related: Vec<Related>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &c in FindingCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert_eq!(c.as_str().parse::<FindingCode>().unwrap(), c);
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'));
        }
        assert_eq!(FindingCode::ALL.len(), 34);
    }
}
