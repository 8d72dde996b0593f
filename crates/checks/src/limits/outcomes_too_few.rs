//! OUTCOMES_TOO_FEW: fewer 项目应用成效 items filled than required.

use model::{FieldValue, FindingCode, Severity};
use template::FieldKind;

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::OutcomesTooFew,
    name: "outcomes-too-few",
    severity: Severity::Error,
    doc: "## What it checks\n项目应用成效（至少填2项）: at least the template's `min_filled` blanks of 存量价值, \
          增量价值 and 社会价值 hold a value.\n\n## Why it matters\nThe notice requires quantified outcomes; \
          reviewers score 实效性 on them.\n\n## Example\nOnly 降低管理成本 filled.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_none() {
        return;
    }
    for f in &input.template.fields {
        let FieldKind::Fills { min_filled: Some(min), .. } = &f.kind else { continue };
        let filled = match input.fields.get(&f.key) {
            Some(FieldValue::Object(m)) => m.len(),
            _ => 0,
        };
        if filled < *min {
            out.push(
                Draft::field(
                    f.key.clone(),
                    format!("“{}”至少应填写 {min} 项，实际填写 {filled} 项", f.name_zh),
                    format!("{}: at least {min} items must be filled, {filled} are", f.key),
                )
                .detail(&[("filled", Detail::N(filled as f64)), ("min", Detail::N(*min as f64))]),
            );
        }
    }
}
