//! PHONE_INVALID: not a mainland mobile or landline number. Numbers are printed masked.

use conventions::mask::mask_phone;
use model::{FindingCode, Severity};

use crate::identifiers::identifiers;
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::PhoneInvalid,
    name: "phone-invalid",
    severity: Severity::Error,
    doc: "## What it checks\nTeam members' 手机 and units' 联系方式 are mainland numbers: mobile `1[3-9]` + 9 digits \
          (with +86, spaces or dashes allowed), or a landline: area code `0` + 2–3 digits, then 7–8 digits, \
          optionally an extension.\n\n## Why it matters\nStaff must be able to reach the team; the numbers also \
          link teams that share a contact.\n\n## Example\n`1381234567` (ten digits).",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for (key, name, phone) in identifiers(input, "phone") {
        if let Err(e) = conventions::ids::phone(phone) {
            let masked = mask_phone(phone);
            out.push(
                Draft::field(
                    key.clone(),
                    format!("{name} {masked} 不是有效的手机或座机号码：{}", e.message_zh()),
                    format!("{key}: {masked} is not a valid phone number: {e}"),
                )
                .detail(&[("masked", Detail::S(masked))]),
            );
        }
    }
}
