//! EXCLUDED_ENTITY: a participating unit on an exclusion list.

use model::{FindingCode, Severity};

use crate::out::Out;
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::ExcludedEntity,
    name: "excluded-entity",
    severity: Severity::Error,
    doc: "## What it checks\nA participating unit (`units[].name` / `credit_code`) is on an exclusion list: \
          the reference list named `excluded` (`dossier run … --ref excluded=FILE`, or the pipeline's \
          `[refs]`), a CSV or spreadsheet with a column `单位名称` and optionally `统一社会信用代码` — e.g. \
          2024 national-final winners for Shanxi, 失信 lists. A unit matches a row by credit code, or by name \
          after normalisation (full/half-width brackets, spaces and quotes do not matter). Without the list the \
          check does nothing.\n\n\
          ## Why it matters\nThe contest excludes these entrants (Shanxi: 2024 年全国总决赛获奖项目不得参赛).\n\n\
          ## Example\nUnit `太原某某科技有限公司` is on `excluded.csv` (2024 national-final winners).",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    super::ref_hits(input, FindingCode::ExcludedEntity, out, "排除名单", "an exclusion list");
}
