//! Collecting one check's findings.

use model::{Finding, FindingCode, Severity};

/// Where a check puts its findings.
pub(crate) struct Out {
    dossier_id: String,
    code: FindingCode,
    severity: Severity,
    findings: Vec<Finding>,
}

/// One finding being written.
pub(crate) struct Draft {
    pub field: Option<String>,
    pub file: Option<String>,
    pub zh: String,
    pub en: String,
    pub detail: String,
    pub excerpt: Option<String>,
    pub severity: Option<Severity>,
}

impl Draft {
    /// A finding about a form field.
    pub(crate) fn field(key: impl Into<String>, zh: String, en: String) -> Draft {
        Draft { field: Some(key.into()), file: None, zh, en, detail: "{}".into(), excerpt: None, severity: None }
    }

    /// A finding about a file.
    pub(crate) fn file(path: impl Into<String>, zh: String, en: String) -> Draft {
        Draft { field: None, file: Some(path.into()), zh, en, detail: "{}".into(), excerpt: None, severity: None }
    }

    /// A finding about the dossier as a whole.
    pub(crate) fn dossier(zh: String, en: String) -> Draft {
        Draft { field: None, file: None, zh, en, detail: "{}".into(), excerpt: None, severity: None }
    }

    /// Machine-readable details, as pairs written into a JSON object.
    pub(crate) fn detail(mut self, pairs: &[(&str, Detail)]) -> Draft {
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}:{}", json_str(k), v.json())).collect();
        self.detail = format!("{{{}}}", body.join(","));
        self
    }

    /// The passage concerned, shortened to 60 characters.
    pub(crate) fn excerpt(mut self, text: &str) -> Draft {
        let short: String = text.chars().take(60).collect();
        self.excerpt = Some(if text.chars().count() > 60 { format!("{short}…") } else { short });
        self
    }

    /// A severity other than the check's default.
    pub(crate) fn severity(mut self, s: Severity) -> Draft {
        self.severity = Some(s);
        self
    }
}

/// A detail value.
pub(crate) enum Detail {
    N(f64),
    S(String),
    L(Vec<String>),
    B(bool),
}

impl Detail {
    fn json(&self) -> String {
        match self {
            Detail::N(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => format!("{}", *v as i64),
            Detail::N(v) => format!("{v}"),
            Detail::S(s) => json_str(s),
            Detail::B(b) => b.to_string(),
            Detail::L(l) => format!("[{}]", l.iter().map(|s| json_str(s)).collect::<Vec<_>>().join(",")),
        }
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Out {
    pub(crate) fn new(dossier_id: &str, code: FindingCode, severity: Severity) -> Out {
        Out { dossier_id: dossier_id.to_string(), code, severity, findings: Vec::new() }
    }

    pub(crate) fn push(&mut self, d: Draft) {
        self.findings.push(Finding {
            dossier_id: self.dossier_id.clone(),
            code: self.code,
            severity: d.severity.unwrap_or(self.severity),
            field: d.field,
            file: d.file,
            message_zh: d.zh,
            message_en: d.en,
            detail_json: d.detail,
            excerpt: d.excerpt,
            related: Vec::new(),
        });
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
