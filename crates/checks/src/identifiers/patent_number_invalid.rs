//! PATENT_NUMBER_INVALID: a Chinese patent number with a wrong form or check digit.

use model::{FindingCode, Severity};

use crate::identifiers::identifiers;
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::PatentNumberInvalid,
    name: "patent-number-invalid",
    severity: Severity::Error,
    doc: "## What it checks\nEach claimed patent's number is a Chinese application/patent number: since Oct 2003 \
          `[ZL|CN] YYYY T NNNNNNN . C` with T in 1 2 3 8 9 and check digit C over the 12 digits (weights 2 3 4 5 6 \
          7 8 9 2 3 4 5, Σ mod 11, 10 → X); before, 8 digits + check. `ZL`, `CN`, spaces and the dot are \
          optional; publication numbers (`CN 1xxxxxxxx A`) are accepted.\n\n## Why it matters\nIP reviewers look \
          numbers up in the patent office's database; a wrong digit hides a borrowed or invented patent.\n\n\
          ## Example\n`ZL202310123456.8` when the check digit is 7.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for (key, name, number) in identifiers(input, "patent") {
        if conventions::ids::publication_number(number).is_some() {
            continue;
        }
        if let Err(e) = conventions::ids::patent_number(number) {
            out.push(
                Draft::field(
                    key.clone(),
                    format!("{name}“{number}”不是有效的专利号：{}", e.message_zh()),
                    format!("{key}: `{number}` is not a valid patent number: {e}"),
                )
                .detail(&[("value", Detail::S(number.to_string()))]),
            );
        }
    }
}
