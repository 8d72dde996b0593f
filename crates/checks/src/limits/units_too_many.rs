//! UNITS_TOO_MANY: more participating units than the contest allows.

use model::{FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::records;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::UnitsTooMany,
    name: "units-too-many",
    severity: Severity::Error,
    doc: "## What it checks\nThe form describes no more participating units than the contest allows \
          (`[limits] units_max`: 单位可增加，最多五家).\n\n## Why it matters\nA rule of the form; extra units also \
          dilute who owns the evidence.\n\n## Example\nSix 参赛单位基本信息 tables.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let n = records(input, "units").len();
    let max = input.pipeline.limits.units_max as usize;
    if n > max {
        out.push(
            Draft::field(
                "units",
                format!("参赛单位共 {n} 家，超过上限 {max} 家"),
                format!("{n} participating units; at most {max} allowed"),
            )
            .detail(&[("count", Detail::N(n as f64)), ("limit", Detail::N(max as f64))]),
        );
    }
}
