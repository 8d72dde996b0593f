//! SOFTWARE_COPYRIGHT_NUMBER_INVALID: a 软著登记号 of the wrong form.

use model::{FindingCode, Severity};

use crate::identifiers::identifiers;
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::SoftwareCopyrightNumberInvalid,
    name: "software-copyright-number-invalid",
    severity: Severity::Error,
    doc: "## What it checks\nEach claimed software copyright's 登记号 has the registration form `YYYYSR` + digits \
          (`2023SR0123456`) or an older regional form (`2009SRBJ1234`); a certificate number `软著登字第NNNNNNN号` \
          is accepted as the certificate's number.\n\n## Why it matters\nIP reviewers search the registry by this \
          number.\n\n## Example\n`2023SR-12A45`.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for (key, name, number) in identifiers(input, "software_copyright") {
        if conventions::ids::certificate_number(number).is_some() {
            continue;
        }
        if let Err(e) = conventions::ids::software_copyright_number(number) {
            out.push(
                Draft::field(
                    key.clone(),
                    format!("{name}“{number}”不是有效的软著登记号：{}", e.message_zh()),
                    format!("{key}: `{number}` is not a valid software copyright number: {e}"),
                )
                .detail(&[("value", Detail::S(number.to_string()))]),
            );
        }
    }
}
