//! ID_NUMBER_INVALID: a 居民身份证号码 that fails GB 11643-1999. The number is never printed.

use conventions::mask::mask_id_number;
use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::{get, record_name, records};
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::IdNumberInvalid,
    name: "id-number-invalid",
    severity: Severity::Error,
    doc: "## What it checks\nEach team member whose 证件类型 is 居民身份证 (or blank) has an 18-character number with \
          a real date of birth in digits 7–14 and the GB 11643-1999 check character (weights 7 9 10 5 8 4 2 1 6 3 \
          7 9 10 5 8 4 2, Σ mod 11 → 1 0 X 9 8 7 6 5 4 3 2). Passports and other documents are not checked. \
          Messages show the number masked (`1101**********1234`).\n\n## Why it matters\nA wrong number defeats the \
          check for people in several teams.\n\n## Example\nA number whose date is 19900230.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for (i, rec) in records(input, "team.members").iter().enumerate() {
        let id_type = get(rec, "id_type").and_then(FieldValue::as_text).unwrap_or("");
        if !(id_type.is_empty() || id_type.contains("身份证")) {
            continue;
        }
        let Some(number) = get(rec, "id_number").and_then(FieldValue::as_text) else { continue };
        if let Err(e) = conventions::ids::id_number(number) {
            let who = record_name(rec).unwrap_or("");
            let masked = mask_id_number(number);
            out.push(
                Draft::field(
                    format!("team.members[{i}].id_number"),
                    format!("团队成员“{who}”的身份证号码 {masked} 无效：{}", e.message_zh()),
                    format!("team member {} ({masked}): invalid ID number: {e}", i + 1),
                )
                .detail(&[("masked", Detail::S(masked))]),
            );
        }
    }
}
