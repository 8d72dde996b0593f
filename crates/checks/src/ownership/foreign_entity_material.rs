//! FOREIGN_ENTITY_MATERIAL: a licence or contract of an entity that is not a participating unit.

use model::{FindingCode, Severity};

use super::{attachments, belonging, units, Relation};
use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::ForeignEntityMaterial,
    name: "foreign-entity-material",
    severity: Severity::Warning,
    doc: "## What it checks\nA business licence whose holder (名称), an audit report or financial statement whose \
          audited or reporting entity (the first organisation named that is not the auditor), or a contract none \
          of whose parties (甲方 / 乙方 / 委托方 / 受托方), is a participating unit or related to one. A contract \
          naturally has a customer as its other party: it is foreign only when NEITHER party is a \
          participating unit (nor its parent, branch or group — those are `PARENT_COMPANY_MATERIAL`). Names are \
          compared after normalisation (full/half-width brackets, spaces, quotes), and a participating unit's \
          credit code printed on the attachment makes it the unit's. Attachments whose holder or parties \
          cannot be read (scans without text, English certificates) are not judged; certificates are reported \
          by `IP_HOLDER_MISMATCH`.\n\n\
          ## Why it matters\nMaterials of other, non-participating entities (其他非参赛单位材料) may not be used \
          as evidence.\n\n\
          ## Example\n`合同-1.pdf` between `山西某能源有限公司` (甲方) and `北京某科技有限公司` (乙方), neither \
          of which is in the form's unit list.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let units = units(input);
    if units.is_empty() {
        return;
    }
    for f in attachments(input) {
        let Some(b) = belonging(f, &units) else { continue };
        if b.relation != Relation::Stranger {
            continue;
        }
        let (what_zh, what_en) = match f.evidence.kind {
            evidence::Kind::Contract => ("合同的各方{}都不是", "none of the contract's parties {} is"),
            evidence::Kind::AuditReport => ("审计报告的被审计单位{}不是", "the audited entity {} is not"),
            evidence::Kind::FinancialStatement => ("财务报表的编制单位{}不是", "the reporting entity {} is not"),
            _ => ("营业执照的名称{}不是", "the licence's holder {} is not"),
        };
        let unit_names: Vec<String> = units.iter().map(|u| u.name.clone()).collect();
        out.push(
            Draft::file(
                f.path.clone(),
                format!(
                    "附件“{}”{}参赛单位（{}），疑似使用其他单位的材料",
                    f.path,
                    what_zh.replace("{}", &format!("“{}”", b.names.join("”“"))),
                    unit_names.join("、")
                ),
                format!(
                    "attachment `{}`: {} a participating unit ({})",
                    f.path,
                    what_en.replace("{}", &format!("({})", b.names.join(", "))),
                    unit_names.join(", ")
                ),
            )
            .detail(&[
                ("names", Detail::L(b.names.clone())),
                ("units", Detail::L(unit_names)),
                ("kind", Detail::S(f.evidence.kind.as_str().to_string())),
            ])
            .excerpt(&b.names.join("；")),
        );
    }
}
