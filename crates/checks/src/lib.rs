//! Form checks: what form-review staff verify by hand, one check per file.
//!
//! Each check lives in `src/<family>/<problem>.rs`, documents what it checks, why it
//! matters and an example, names its [`FindingCode`], and is listed once in
//! [`registry::CHECKS`]. A contest pipeline can switch a check off or change its severity
//! (`[checks.CODE]` in `pipelines/*.toml`) without code.
//!
//! Checks do no IO: they see the extracted fields, the sections not found and the facts of
//! the dossier's files through [`Input`], and return [`Finding`]s.
//!
//! ```
//! let t = template::Template::load_named("shanxi-2025", template::default_templates_dir()).unwrap();
//! let p = template::Pipeline::load(&template::default_pipelines_dir().join("shanxi-2025.toml")).unwrap();
//! let fields = model::Fields::default();
//! let input = checks::Input { dossier_id: "X", form_file: None, fields: &fields, sections_missing: &[], located: &[], files: &[], template: &t, pipeline: &p, roster: None, refs: &[] };
//! let findings = checks::run(&input);
//! assert!(findings.iter().any(|f| f.code == model::FindingCode::TemplateMismatch));
//! ```

mod files;
mod form;
mod identifiers;
mod limits;
mod numbers;
mod out;
mod ownership;
pub mod registry;
mod roster;
mod walk;

use model::{Fields, Finding, Severity};
use template::{Pipeline, Template};

pub use ownership::ref_list_code;
pub use registry::{Check, CHECKS};

/// What the checks see of one dossier.
pub struct Input<'a> {
    /// The dossier id.
    pub dossier_id: &'a str,
    /// The file recognised as the application form, if any.
    pub form_file: Option<&'a str>,
    /// The fields extracted from it (empty without a form).
    pub fields: &'a Fields,
    /// Required sections of the template not found in the form.
    pub sections_missing: &'a [String],
    /// Keys of the fields whose label the form has (answered or not).
    pub located: &'a [String],
    /// Every file of the dossier.
    pub files: &'a [FileFacts],
    /// The form template.
    pub template: &'a Template,
    /// The contest.
    pub pipeline: &'a Pipeline,
    /// The platform roster, when the batch has one: this dossier's row, if any.
    pub roster: Option<RosterRow<'a>>,
    /// Reference lists of units (organizer affiliates, exclusion lists), loaded before the run.
    pub refs: &'a [RefList],
}

/// A reference list of units: `--ref NAME=FILE` or the pipeline's `[refs]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefList {
    /// The list's name (`affiliates`, `excluded`); [`ref_list_code`] gives its finding code.
    pub name: String,
    /// The file it was read from, for messages.
    pub source: String,
    /// Its rows.
    pub entries: Vec<RefEntry>,
}

/// One row of a reference list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefEntry {
    /// 单位名称 as written.
    pub name: String,
    /// The name normalised ([`conventions::normalize::org_name`]).
    pub key: String,
    /// 统一社会信用代码 (normalised when valid), when the list has the column and the row a value.
    pub credit_code: Option<String>,
    /// The row's number in the file (1-based, as a spreadsheet shows it).
    pub row: usize,
}

impl RefEntry {
    /// A row from what the file holds.
    pub fn new(name: &str, credit_code: Option<&str>, row: usize) -> RefEntry {
        let credit_code = credit_code.map(str::trim).filter(|c| !c.is_empty()).map(|c| {
            conventions::ids::normalize_credit_code(c).unwrap_or_else(|_| conventions::normalize::org_name(c))
        });
        RefEntry { name: name.trim().to_string(), key: conventions::normalize::org_name(name), credit_code, row }
    }
}

/// This dossier's view of the platform roster.
#[derive(Debug, Clone, Copy)]
pub struct RosterRow<'a> {
    /// The row with the dossier's id, or `None` when the roster does not list it.
    pub entry: Option<&'a RosterEntry>,
}

/// One row of the platform's registration export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterEntry {
    /// 项目名称.
    pub project_name: Option<String>,
    /// 团队名称.
    pub team_name: Option<String>,
    /// 参赛单位 / 牵头单位.
    pub unit_name: Option<String>,
    /// 统一社会信用代码.
    pub credit_code: Option<String>,
    /// 赛道.
    pub track: Option<String>,
}

/// What the checks know of one file.
#[derive(Debug, Clone)]
pub struct FileFacts {
    /// Path inside the dossier.
    pub path: String,
    /// Document class (`business_license`, `patent_certificate`, `contract`, …).
    pub class: String,
    /// Why it could not be read, when it could not.
    pub unreadable: Option<String>,
    /// Whether it is (or looks like, by name or format) an application form candidate.
    pub form_candidate: bool,
    /// What its text says about who it belongs to (empty when it has no text).
    pub evidence: evidence::Evidence,
    /// Why its text could not be read when it is a scan or picture that needed OCR and got
    /// none (OCR not built in, or it found no text).
    pub needs_ocr: Option<String>,
}

/// Runs every enabled check on one dossier; findings come in registry order.
pub fn run(input: &Input<'_>) -> Vec<Finding> {
    let mut all = Vec::new();
    for check in CHECKS {
        let setting = input.pipeline.check_setting(check.code);
        if setting.is_some_and(|s| !s.enabled) {
            continue;
        }
        let mut out = out::Out::new(input.dossier_id, check.code, check.severity);
        (check.run)(input, &mut out);
        let mut found = out.into_findings();
        if let Some(sev) = setting.and_then(|s| s.severity) {
            found.iter_mut().for_each(|f| f.severity = sev);
        }
        all.extend(found);
    }
    all
}

/// The worst severity among findings, if any.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}
