//! TEAM_TOO_LARGE: more team members than the contest allows.

use model::{FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::records;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::TeamTooLarge,
    name: "team-too-large",
    severity: Severity::Error,
    doc: "## What it checks\nThe team lists no more members than the contest allows (`[limits] team_max` of the \
          pipeline: 5 in every 2025 notice, 参赛代表人数不超过5人).\n\n## Why it matters\nA rule of every notice; teams \
          extend the table beyond the template's rows.\n\n## Example\nSix rows in 团队成员（最多添加 5 名）.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let n = records(input, "team.members").len();
    let max = input.pipeline.limits.team_max as usize;
    if n > max {
        out.push(
            Draft::field(
                "team.members",
                format!("团队成员共 {n} 人，超过上限 {max} 人"),
                format!("{n} team members; at most {max} allowed"),
            )
            .detail(&[("count", Detail::N(n as f64)), ("limit", Detail::N(max as f64))]),
        );
    }
}
