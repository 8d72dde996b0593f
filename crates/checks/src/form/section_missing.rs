//! SECTION_MISSING: a section of the template cannot be found in the form.

use model::{FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::SectionMissing,
    name: "section-missing",
    severity: Severity::Error,
    doc: "## What it checks\nEvery required section of the template (第一部分 基本信息 … 五、附件) has its heading in \
          the form, whatever its numbering or style.\n\n## Why it matters\nA team that deleted a section has not \
          answered it; reviewers score by section.\n\n## Example\nThe form has no `（四）机制创新与模式创新` heading.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_none() {
        return;
    }
    for key in input.sections_missing {
        let Some(s) = input.template.section(key) else { continue };
        out.push(
            Draft::field(
                key.clone(),
                format!("申报书中未找到章节“{}”", s.title),
                format!("section `{}` ({key}) not found in the form", s.title),
            )
            .detail(&[("section", Detail::S(s.title.clone()))]),
        );
    }
}
