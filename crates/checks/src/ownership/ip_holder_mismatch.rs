//! IP_HOLDER_MISMATCH: the holder on a patent or 软著 certificate is not a participating unit.

use model::{FindingCode, Severity};

use super::{attachments, relate, units, Relation};
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::IpHolderMismatch,
    name: "ip-holder-mismatch",
    severity: Severity::Warning,
    doc: "## What it checks\nEvery patent or 软著 certificate among the attachments names as holder \
          (专利权人 / 著作权人) at least one participating unit of the form (`units[].name`, compared after \
          normalisation: full/half-width brackets, spaces and quotes do not matter). Joint holders are fine \
          when any of them is a participating unit: IP held jointly with a partner still belongs to the \
          entrant. When no holder is a participating unit, the finding says how the holder relates to the \
          units: the declared parent company, a branch, the head office, a company of the same group (same \
          core name), or a stranger. Certificates whose holder cannot be read (scans, foreign-language \
          certificates) are not judged. This is the certificate form of `PARENT_COMPANY_MATERIAL` and \
          `FOREIGN_ENTITY_MATERIAL`, which do not report certificates again.\n\n\
          ## Why it matters\nThe notices require IP to belong to the entrant (知识产权归属参赛单位); a \
          parent company's or a stranger's patent is borrowed material.\n\n\
          ## Example\n`专利证书-1.pdf`: 专利权人 `山西某某集团有限公司` while the only participating unit is \
          `太原某某数据科技有限公司`.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let units = units(input);
    if units.is_empty() {
        return;
    }
    for f in attachments(input) {
        let kind = f.evidence.kind;
        if !matches!(kind, evidence::Kind::PatentCertificate | evidence::Kind::SoftwareCopyrightCertificate) {
            continue;
        }
        let holders = &f.evidence.holders;
        if holders.is_empty() {
            continue;
        }
        let rels: Vec<Relation> = holders.iter().map(|h| relate(h, &units)).collect();
        if rels.iter().any(|r| matches!(r, Relation::Own(_))) {
            continue;
        }
        let rel = rels.iter().copied().find(|r| r.is_related()).unwrap_or(Relation::Stranger);
        let what_zh = if kind == evidence::Kind::PatentCertificate { "专利证书" } else { "软著登记证书" };
        let unit = rel.unit().and_then(|i| units.iter().find(|u| u.index == i));
        let about_zh = unit.map(|u| format!("，是参赛单位“{}”的{}", u.name, rel.zh())).unwrap_or_default();
        let about_en = unit.map(|u| format!(" ({} of `{}`)", rel.en(), u.name)).unwrap_or_default();
        let mut detail = vec![
            ("holders", Detail::L(holders.clone())),
            ("relation", Detail::S(rel.as_str().to_string())),
            (
                "numbers",
                Detail::L(
                    f.evidence.patent_numbers.iter().chain(&f.evidence.software_copyright_numbers).cloned().collect(),
                ),
            ),
        ];
        if let Some(u) = unit {
            detail.push(("unit", Detail::S(u.name.clone())));
        }
        out.push(
            Draft::file(
                f.path.clone(),
                format!("{what_zh}“{}”的权利人“{}”不是参赛单位{about_zh}", f.path, holders.join("；")),
                format!(
                    "certificate `{}`: holder {} is not a participating unit{about_en}",
                    f.path,
                    holders.join("; ")
                ),
            )
            .detail(&detail)
            .excerpt(&holders.join("；")),
        );
    }
}
