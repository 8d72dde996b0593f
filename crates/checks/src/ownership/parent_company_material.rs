//! PARENT_COMPANY_MATERIAL: a licence or contract of a parent company, branch, subsidiary or group.

use model::{FindingCode, Severity};

use super::{attachments, belonging, units};
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::ParentCompanyMaterial,
    name: "parent-company-material",
    severity: Severity::Warning,
    doc: "## What it checks\nA business licence, contract, audit report or financial statement among the attachments belongs to a company \
          related to a participating unit rather than to the unit itself: the parent company the form \
          declares (是否央企子公司 / 母公司), a branch of the unit (`某某有限公司太原分公司`), the head office of a \
          unit that is a branch, or a company sharing the unit's core name (字号) — its group, a subsidiary or \
          a sister company (`晋数智联数据科技集团有限公司` for `太原晋数智联数据科技有限公司`; region prefixes \
          and legal forms such as 有限公司 / 股份有限公司 / 集团 are ignored when comparing). A licence belongs to \
          its holder (名称); a contract belongs to the team when any party is a participating unit (the other \
          party is a customer), and is reported only when no party is one and a party is related; an audit report or \
          financial statement belongs to the first organisation it names that is not the auditor (the addressee \
          `某公司全体股东`, `编制单位`). A \
          participating unit is always its own, even when it is a subsidiary of another participant. A credit \
          code of a participating unit printed on the attachment makes it the unit's. Certificates are \
          reported by `IP_HOLDER_MISMATCH`.\n\n\
          ## Why it matters\nThe notices forbid materials of parent companies, branches, subsidiaries and \
          holding companies (严禁使用母公司、分公司、子公司、控股公司或其他非参赛单位材料).\n\n\
          ## Example\n`营业执照-集团.pdf` names `晋数智联数据科技集团有限公司` while the participating unit is \
          `太原晋数智联数据科技有限公司`.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let units = units(input);
    if units.is_empty() {
        return;
    }
    for f in attachments(input) {
        let Some(b) = belonging(f, &units) else { continue };
        if !b.relation.is_related() {
            continue;
        }
        let Some(unit) = b.relation.unit().and_then(|i| units.iter().find(|u| u.index == i)) else { continue };
        let what = match f.evidence.kind {
            evidence::Kind::Contract => "合同",
            evidence::Kind::AuditReport => "审计报告",
            evidence::Kind::FinancialStatement => "财务报表",
            _ => "营业执照",
        };
        out.push(
            Draft::file(
                f.path.clone(),
                format!(
                    "附件“{}”（{what}）属于“{}”，是参赛单位“{}”的{}，不是参赛单位本身的材料",
                    f.path,
                    b.decisive,
                    unit.name,
                    b.relation.zh()
                ),
                format!(
                    "attachment `{}` belongs to `{}`, {} of participating unit `{}`, not to the unit itself",
                    f.path,
                    b.decisive,
                    b.relation.en(),
                    unit.name
                ),
            )
            .detail(&[
                ("entity", Detail::S(b.decisive.clone())),
                ("relation", Detail::S(b.relation.as_str().to_string())),
                ("unit", Detail::S(unit.name.clone())),
                ("names", Detail::L(b.names.clone())),
                ("kind", Detail::S(f.evidence.kind.as_str().to_string())),
            ])
            .excerpt(&b.decisive),
        );
    }
}
