//! CREDIT_CODE_INVALID: a 统一社会信用代码 that fails GB 32100-2015.

use model::{FindingCode, Severity};

use crate::identifiers::identifiers;
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::CreditCodeInvalid,
    name: "credit-code-invalid",
    severity: Severity::Error,
    doc: "## What it checks\nEach participating unit's 统一社会信用代码 has 18 characters of the GB 32100-2015 \
          alphabet (no I, O, Z, S, V), a valid registration-authority code, and the right check character \
          (weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, 31 − Σ mod 31).\n\n## Why it matters\nA \
          mistyped code cannot be matched against the registry, the platform roster or exclusion lists.\n\n\
          ## Example\n`91350100M000100Y44` (check character should be 3).",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for (key, name, code) in identifiers(input, "credit_code") {
        if let Err(e) = conventions::ids::credit_code(code) {
            out.push(
                Draft::field(
                    key.clone(),
                    format!("{name}“{code}”不是有效的统一社会信用代码：{}", e.message_zh()),
                    format!("{key}: `{code}` is not a valid credit code: {e}"),
                )
                .detail(&[("value", Detail::S(code.to_string()))]),
            );
        }
    }
}
