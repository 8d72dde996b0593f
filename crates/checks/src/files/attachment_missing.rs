//! ATTACHMENT_MISSING: a claim without its evidence file.

use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::{get, record_name, records};
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::AttachmentMissing,
    name: "attachment-missing",
    severity: Severity::Warning,
    doc: "## What it checks\nThe evidence the form points to is in the dossier: a business licence (营业执照) for \
          the participating units; for each patent and 软著 the proof file it names; for each application case \
          the contract it names; and, where the contest requires contracts related to the solution \
          (Heilongjiang), at least one contract.\n\n## Why it matters\nClaims without evidence are not scored; \
          staff return such dossiers for completion.\n\n## Example\nCase 2 names `合同-某公司.pdf` but no such file \
          was uploaded; no `营业执照` among the attachments.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_none() {
        return;
    }
    let has_class = |c: &str| input.files.iter().any(|f| f.class == c);
    if !has_class("business_license") {
        out.push(
            Draft::dossier(
                "未找到参赛单位的营业执照（或法人登记证书）扫描件".to_string(),
                "no business licence (or registration certificate) among the attachments".to_string(),
            )
            .severity(Severity::Error)
            .detail(&[("expected", Detail::S("business_license".into()))]),
        );
    }
    for (key, what_zh, what_en) in
        [("ip.patents", "专利", "patent"), ("ip.software_copyrights", "软著", "software copyright")]
    {
        for (i, rec) in records(input, key).iter().enumerate() {
            let name = record_name(rec).unwrap_or("");
            if let Some(proof) = get(rec, "proof").and_then(FieldValue::as_text) {
                if looks_like_file_name(proof) && !file_present(input, proof) {
                    out.push(
                        Draft::field(
                            format!("{key}[{i}].proof"),
                            format!("{what_zh}“{name}”的证明材料“{proof}”不在上传的附件中"),
                            format!("{what_en} `{name}`: proof file `{proof}` is not among the attachments"),
                        )
                        .detail(&[("file", Detail::S(proof.to_string()))]),
                    );
                }
            }
        }
    }
    for (i, rec) in records(input, "application.cases").iter().enumerate() {
        let name = record_name(rec).unwrap_or("");
        match get(rec, "contract_proof").and_then(FieldValue::as_text) {
            Some(proof) if looks_like_file_name(proof) && !file_present(input, proof) => out.push(
                Draft::field(
                    format!("application.cases[{i}].contract_proof"),
                    format!("应用案例“{name}”的合同证明“{proof}”不在上传的附件中"),
                    format!("case `{name}`: contract file `{proof}` is not among the attachments"),
                )
                .detail(&[("file", Detail::S(proof.to_string()))]),
            ),
            None => out.push(Draft::field(
                format!("application.cases[{i}].contract_proof"),
                format!("应用案例“{name}”未提供合同证明"),
                format!("case `{name}` gives no contract as proof"),
            )),
            _ => {}
        }
    }
    if input.pipeline.rules.require_solution_contracts
        && !has_class("contract")
        && records(input, "contracts").is_empty()
    {
        out.push(
            Draft::dossier(
                "本赛事要求提交与解决方案相关的合同，但材料中没有合同".to_string(),
                "this contest requires contracts related to the solution; none was found".to_string(),
            )
            .severity(Severity::Error),
        );
    }
}

/// A proof cell that names a file (`专利证书-1.pdf`) rather than saying `见附件`.
fn looks_like_file_name(s: &str) -> bool {
    let ext = s.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    s.contains('.')
        && ["pdf", "jpg", "jpeg", "png", "docx", "doc", "xlsx", "xls", "zip", "ofd", "tif", "tiff"]
            .contains(&ext.as_str())
}

fn file_present(input: &Input<'_>, name: &str) -> bool {
    let want = base(name);
    input.files.iter().any(|f| base(&f.path) == want)
}

fn base(path: &str) -> String {
    let b = path.rsplit(['/', '\\']).next().unwrap_or(path);
    b.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}
