//! The one table of checks. A check is added here and nowhere else.

use model::{FindingCode, Severity};

use crate::out::Out;
use crate::{files, form, identifiers, limits, numbers, ownership, roster, Input};

/// A registered check.
pub struct Check {
    /// The finding code it reports.
    pub code: FindingCode,
    /// Its name: the problem it flags, in kebab case.
    pub name: &'static str,
    /// The severity of its findings unless the pipeline says otherwise.
    pub severity: Severity,
    /// What it checks, why it matters, an example (Markdown).
    pub doc: &'static str,
    pub(crate) run: fn(&Input<'_>, &mut Out),
}

/// Every check, in the order findings are reported.
pub static CHECKS: &[Check] = &[
    files::template_mismatch::CHECK,
    files::file_unreadable::CHECK,
    files::ocr_needed::CHECK,
    form::section_missing::CHECK,
    form::required_missing::CHECK,
    form::word_limit_exceeded::CHECK,
    form::choice_count::CHECK,
    form::track_unknown::CHECK,
    identifiers::credit_code_invalid::CHECK,
    identifiers::id_number_invalid::CHECK,
    identifiers::phone_invalid::CHECK,
    identifiers::patent_number_invalid::CHECK,
    identifiers::software_copyright_number_invalid::CHECK,
    numbers::number_invalid::CHECK,
    numbers::inconsistent_values::CHECK,
    limits::team_too_large::CHECK,
    limits::units_too_many::CHECK,
    limits::outcomes_too_few::CHECK,
    files::attachment_missing::CHECK,
    form::prior_awards::CHECK,
    roster::roster_mismatch::CHECK,
    ownership::ip_evidence_missing::CHECK,
    ownership::ip_holder_mismatch::CHECK,
    ownership::parent_company_material::CHECK,
    ownership::foreign_entity_material::CHECK,
    ownership::organizer_affiliate::CHECK,
    ownership::excluded_entity::CHECK,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for c in CHECKS {
            assert!(codes.insert(c.code), "{} registered twice", c.code);
            assert!(names.insert(c.name), "name {} used twice", c.name);
            assert!(c.name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'), "{}", c.name);
            for section in ["## What it checks", "## Why it matters", "## Example"] {
                assert!(c.doc.contains(section), "{}: doc lacks {section}", c.code);
            }
            // The check's name is its code in kebab case: one name per problem.
            assert_eq!(c.name, c.code.as_str().to_ascii_lowercase().replace('_', "-"));
        }
    }

    #[test]
    fn every_form_level_code_of_the_contract_has_a_check() {
        use FindingCode::*;
        for code in [
            RequiredMissing,
            SectionMissing,
            TemplateMismatch,
            WordLimitExceeded,
            ChoiceCount,
            TrackUnknown,
            CreditCodeInvalid,
            IdNumberInvalid,
            PhoneInvalid,
            NumberInvalid,
            InconsistentValues,
            TeamTooLarge,
            UnitsTooMany,
            OutcomesTooFew,
            AttachmentMissing,
            FileUnreadable,
            PatentNumberInvalid,
            SoftwareCopyrightNumberInvalid,
            IpEvidenceMissing,
            IpHolderMismatch,
            ParentCompanyMaterial,
            ForeignEntityMaterial,
            OrganizerAffiliate,
            ExcludedEntity,
        ] {
            assert!(CHECKS.iter().any(|c| c.code == code), "no check reports {code}");
        }
    }
}

/// The findings catalogue (`docs/findings.md`), generated from the registry.
pub fn catalogue() -> String {
    let mut md = String::from(
        "# Findings catalogue\n\nGenerated from `crates/checks/src/registry.rs` by `cargo test -p checks` \
         (set `UPDATE_DOCS=1` to rewrite it). One section per check; the code is the stable contract.\n",
    );
    for c in CHECKS {
        md.push_str(&format!(
            "\n## `{}` — {}\n\nCheck `{}`, default severity `{}`.\n\n{}\n",
            c.code.as_str(),
            c.code.title_zh(),
            c.name,
            c.severity.as_str(),
            c.doc.replace("## ", "### ")
        ));
    }
    md
}

#[cfg(test)]
mod catalogue_tests {
    #[test]
    fn docs_findings_md_is_current() {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/findings.md"));
        let want = super::catalogue();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(have == want, "docs/findings.md is stale: run `UPDATE_DOCS=1 cargo test -p checks`");
    }
}
