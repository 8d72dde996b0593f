//! PRIOR_AWARDS: awards the team mentions, surfaced for reviewers where the contest scores them.

use model::{FieldValue, FindingCode, Severity};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::items;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::PriorAwards,
    name: "prior-awards",
    severity: Severity::Info,
    doc: "## What it checks\nIn contests whose pipeline sets `rules.surface_prior_awards` (Guangdong: prior awards \
          in provincial data contests earn extra points), every sentence of the form's text that mentions an award \
          (获奖, 荣获, 一等奖 … 优秀奖, 金奖) is listed for the reviewers, with the item it stands in.\n\n\
          ## Why it matters\nReviewers must verify and score claimed awards; they are scattered through the \
          narrative.\n\n## Example\n`项目曾荣获2024年广东省数据要素大赛二等奖。` in 核心优势.",
    run,
};

const MARKERS: &[&str] =
    &["获奖", "荣获", "获得", "一等奖", "二等奖", "三等奖", "优秀奖", "金奖", "银奖", "铜奖", "特等奖", "奖项"];

fn run(input: &Input<'_>, out: &mut Out) {
    if !input.pipeline.rules.surface_prior_awards {
        return;
    }
    for it in items(input) {
        let FieldValue::Text(text) = it.value else { continue };
        for sentence in text.split(['。', '；', ';', '\n', '！', '!']) {
            let s = sentence.trim();
            let award = MARKERS.iter().filter(|m| **m != "获得").any(|m| s.contains(m))
                || (s.contains("获得") && s.contains('奖'));
            if award && s.chars().count() >= 6 {
                out.push(
                    Draft::field(
                        it.key.clone(),
                        format!("{}提到获奖情况，请核实：{s}", it.name_zh),
                        format!("{} mentions an award: {s}", it.key),
                    )
                    .detail(&[("sentence", Detail::S(s.to_string()))])
                    .excerpt(s),
                );
            }
        }
    }
}
