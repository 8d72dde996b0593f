//! ROSTER_MISMATCH: the platform roster and the form disagree.

use conventions::normalize::org_name;
use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::{get, records};
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::RosterMismatch,
    name: "roster-mismatch",
    severity: Severity::Warning,
    doc: "## What it checks\nWhen the batch has the platform's registration export (`roster.xlsx`, columns found by \
          their headers: 编号/项目编号, 项目名称, 团队名称, 参赛单位/牵头单位, 统一社会信用代码, 赛道), each dossier's row \
          agrees with its form: the lead unit is one of the form's participating units, the credit code is one of \
          theirs, and the team name, project name and track are the same (names compared after folding width, \
          brackets and spaces; tracks by the contest's track list). A dossier missing from the roster is reported \
          here; roster rows without a dossier are reported by the run with the row's id.\n\n## Why it matters\n\
          The roster is what teams registered; a form that names another unit or track was edited after \
          registration or belongs to another team.\n\n## Example\nThe roster says 山西数智科技有限公司 but the form's \
          only unit is 山西数智信息技术有限公司.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    let Some(roster) = input.roster else { return };
    let Some(row) = roster.entry else {
        out.push(Draft::dossier(
            "平台报名表中没有该项目编号，请核实是否已在平台报名".to_string(),
            "the dossier id is not in the platform roster".to_string(),
        ));
        return;
    };
    if input.form_file.is_none() {
        return;
    }
    let units = records(input, "units");
    let text = |rec: &[(String, FieldValue)], k: &str| get(rec, k).and_then(FieldValue::as_text).map(str::to_string);
    if let Some(lead) = row.unit_name.as_deref().filter(|s| !s.trim().is_empty()) {
        let lead = lead.split(['、', '，', ',', ';', '；', '\n']).next().unwrap_or(lead);
        let names: Vec<String> = units.iter().filter_map(|u| text(u, "name")).collect();
        if !names.is_empty() && !names.iter().any(|n| org_name(n) == org_name(lead)) {
            out.push(
                Draft::field(
                    "units",
                    format!("报名表中的参赛单位“{lead}”不在申报书的参赛单位中（申报书：{}）", names.join("、")),
                    format!("roster unit `{lead}` is not among the form's units ({})", names.join(", ")),
                )
                .detail(&[("roster", Detail::S(lead.to_string())), ("form", Detail::L(names))]),
            );
        }
    }
    if let Some(code) = row.credit_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let codes: Vec<String> = units.iter().filter_map(|u| text(u, "credit_code")).collect();
        if !codes.is_empty() && !codes.iter().any(|c| c.trim().eq_ignore_ascii_case(code)) {
            out.push(
                Draft::field(
                    "units",
                    format!("报名表中的统一社会信用代码 {code} 与申报书不一致（申报书：{}）", codes.join("、")),
                    format!("roster credit code {code} differs from the form's ({})", codes.join(", ")),
                )
                .detail(&[("roster", Detail::S(code.to_string())), ("form", Detail::L(codes))]),
            );
        }
    }
    for (key, label, roster_value) in
        [("team.name", "团队名称", &row.team_name), ("project.name", "项目名称", &row.project_name)]
    {
        let (Some(r), Some(FieldValue::Text(f))) = (roster_value.as_deref(), input.fields.get(key)) else { continue };
        if !r.trim().is_empty() && org_name(r) != org_name(f) {
            out.push(
                Draft::field(
                    key,
                    format!("报名表中的{label}“{r}”与申报书“{f}”不一致"),
                    format!("roster {key} `{r}` differs from the form's `{f}`"),
                )
                .detail(&[("roster", Detail::S(r.to_string())), ("form", Detail::S(f.clone()))]),
            );
        }
    }
    if let (Some(r), Some(FieldValue::Text(f))) = (row.track.as_deref(), input.fields.get("project.track")) {
        let rt = input.pipeline.find_track(r).map(|m| m.track);
        let ft = input.pipeline.find_track(f).map(|m| m.track);
        let differ = match (rt, ft) {
            (Some(a), Some(b)) => a != b,
            _ => org_name(r) != org_name(f),
        };
        if !r.trim().is_empty() && differ {
            out.push(
                Draft::field(
                    "project.track",
                    format!("报名表中的赛道“{r}”与申报书“{f}”不一致"),
                    format!("roster track `{r}` differs from the form's `{f}`"),
                )
                .detail(&[("roster", Detail::S(r.to_string())), ("form", Detail::S(f.clone()))]),
            );
        }
    }
}
