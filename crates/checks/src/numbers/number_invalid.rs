//! NUMBER_INVALID: a money or count item that is not a number.

use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::items;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::NumberInvalid,
    name: "number-invalid",
    severity: Severity::Error,
    doc: "## What it checks\nMoney items (万元: revenue, profit, investment, market revenue, case investment …) and \
          counts have a clear value. Accepted as teams write them: `1,234.5`, `1234.5万元`, `1.2亿元` (= 12000), \
          `3000000元` (= 300), `约300` (approximate); `—`, `无`, `0` are blank or zero. Anything else (`待定`, \
          `100-200`, `若干`) is reported with what was written.\n\n## Why it matters\nThe figures feed the \
          consistency checks and the reviewers' comparison of projects.\n\n## Example\n营收 2024 年：`待定`.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    for it in items(input).into_iter().filter(|it| it.numeric) {
        let mut bad = Vec::new();
        collect(&it.key, it.value, &mut bad);
        for (key, written) in bad {
            out.push(
                Draft::field(
                    key.clone(),
                    format!("{}填写的“{written}”不是可识别的数值", it.name_zh),
                    format!("{key}: `{written}` is not a number"),
                )
                .detail(&[("value", Detail::S(written.clone()))])
                .excerpt(&written),
            );
        }
    }
}

fn collect(key: &str, v: &FieldValue, out: &mut Vec<(String, String)>) {
    match v {
        FieldValue::Invalid(s) => out.push((key.to_string(), s.clone())),
        FieldValue::Object(m) => m.iter().for_each(|(k, v)| collect(&format!("{key}.{k}"), v, out)),
        // A fill-in blank holding words instead of a figure.
        FieldValue::Text(s) if key.starts_with("application.customers_breakdown") => {
            out.push((key.to_string(), s.clone()))
        }
        _ => {}
    }
}
