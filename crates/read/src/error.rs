//! Why a file could not be read.

use std::fmt;

/// Why a file could not be read: each variant is one reason a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not the format its reader expects (and not something else we recognise).
    NotThisFormat {
        /// What was expected, e.g. "Word 文档 (DOCX)".
        expected: &'static str,
        /// What the bytes look like, when known.
        found: Option<String>,
    },
    /// Password-protected or encrypted.
    Encrypted {
        /// Which encryption, when known.
        what: String,
    },
    /// A legacy binary format we do not read (e.g. Word 97-2003 .doc).
    Legacy {
        /// The format.
        format: &'static str,
    },
    /// The file is damaged.
    Corrupt {
        /// What is wrong, in Chinese.
        zh: String,
        /// What is wrong, in English.
        en: String,
    },
    /// A safety limit was hit.
    LimitExceeded {
        /// Which limit and its value, in Chinese.
        zh: String,
        /// Which limit and its value, in English.
        en: String,
    },
    /// An XML part declares a DTD (entity-expansion attack surface): refused.
    XmlDtd {
        /// The part.
        part: String,
    },
}

impl ReadError {
    /// A damaged-file error with its reason in both languages.
    pub fn corrupt(zh: impl Into<String>, en: impl Into<String>) -> ReadError {
        ReadError::Corrupt { zh: zh.into(), en: en.into() }
    }

    /// A limit error with the limit in both languages.
    pub fn limit(zh: impl Into<String>, en: impl Into<String>) -> ReadError {
        ReadError::LimitExceeded { zh: zh.into(), en: en.into() }
    }

    /// The reason as one bilingual line for the inventory: Chinese, then English.
    pub fn bilingual(&self) -> String {
        format!("{} / {}", self.message_zh(), self)
    }

    /// The reason in plain Chinese, for staff.
    pub fn message_zh(&self) -> String {
        match self {
            ReadError::NotThisFormat { expected, found: Some(f) } => {
                format!("不是有效的 {expected}：文件内容实际为 {f}")
            }
            ReadError::NotThisFormat { expected, found: None } => {
                format!("不是有效的 {expected}，文件可能已损坏或扩展名有误")
            }
            ReadError::Encrypted { what } => {
                format!("文件已加密或设有密码（{what}），请提交未加密的版本")
            }
            ReadError::Legacy { format } => {
                format!("旧版 {format} 格式暂不支持，请另存为新格式（如 .docx）后重新提交")
            }
            ReadError::Corrupt { zh, .. } => format!("文件已损坏，无法读取（{zh}）"),
            ReadError::LimitExceeded { zh, .. } => format!("超出安全限制，已停止读取（{zh}）"),
            ReadError::XmlDtd { part } => {
                format!("文档内部 {part} 含有 DTD 实体声明，存在安全风险，已拒绝读取")
            }
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotThisFormat { expected, found: Some(found) } => {
                write!(f, "not a valid {expected}: the content is {found}")
            }
            ReadError::NotThisFormat { expected, found: None } => write!(f, "not a valid {expected}"),
            ReadError::Encrypted { .. } => write!(f, "encrypted or password-protected"),
            ReadError::Legacy { format } => write!(f, "legacy {format} format is not supported"),
            ReadError::Corrupt { en, .. } => write!(f, "corrupt file: {en}"),
            ReadError::LimitExceeded { en, .. } => write!(f, "safety limit exceeded: {en}"),
            ReadError::XmlDtd { part } => write!(f, "XML part {part} declares a DTD (entity expansion refused)"),
        }
    }
}

impl std::error::Error for ReadError {}
