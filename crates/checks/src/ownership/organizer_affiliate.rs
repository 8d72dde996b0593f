//! ORGANIZER_AFFILIATE: a participating unit on the organizers' affiliate list.

use model::{FindingCode, Severity};

use crate::out::Out;
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::OrganizerAffiliate,
    name: "organizer-affiliate",
    severity: Severity::Error,
    doc: "## What it checks\nA participating unit (`units[].name` / `credit_code`) is on the organizers' \
          affiliate list: the reference list named `affiliates` (`dossier run … --ref affiliates=FILE`, or the \
          pipeline's `[refs]`), a CSV or spreadsheet with a column `单位名称` and optionally \
          `统一社会信用代码`. A unit matches a row by credit code, or by name after normalisation (full/half-width \
          brackets, spaces and quotes do not matter). Without the list the check does nothing.\n\n\
          ## Why it matters\nUnits affiliated with the organizers may not enter (承办、协办单位及其关联单位不得参赛).\n\n\
          ## Example\nUnit `山西某数据集团有限公司`, credit code `91140100MA0XXXXXXX`, is row 12 of `affiliates.xlsx`.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    super::ref_hits(
        input,
        FindingCode::OrganizerAffiliate,
        out,
        "组委会关联单位名单",
        "the organizers' affiliate list",
    );
}
