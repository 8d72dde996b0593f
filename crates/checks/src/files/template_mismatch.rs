//! TEMPLATE_MISMATCH: no application form in the dossier.

use model::{FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::TemplateMismatch,
    name: "template-mismatch",
    severity: Severity::Error,
    doc: "## What it checks\nThat one document of the dossier is the contest's application form (enough of the \
          template's marker phrases: 项目基本信息, 参赛团队信息, 解决方案 …).\n\n## Why it matters\nWithout the form \
          nothing else can be checked; teams sometimes upload only attachments, an old form or a contract.\n\n\
          ## Example\nA dossier with `营业执照.jpg` and `技术服务合同.docx` only.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_some() {
        return;
    }
    let candidates: Vec<String> = input.files.iter().filter(|f| f.form_candidate).map(|f| f.path.clone()).collect();
    let (zh, en) = if candidates.is_empty() {
        (
            "项目材料中没有 Word 或 PDF 文档，未找到参赛项目申报书".to_string(),
            "no Word or PDF document in the dossier: no application form found".to_string(),
        )
    } else {
        (
            format!("未在以下文档中识别到参赛项目申报书：{}", candidates.join("、")),
            format!("no application form recognised among: {}", candidates.join(", ")),
        )
    };
    out.push(Draft::dossier(zh, en).detail(&[("candidates", Detail::L(candidates))]));
}
