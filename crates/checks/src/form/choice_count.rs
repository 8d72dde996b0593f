//! CHOICE_COUNT: checked options break the item's choice rule.

use model::{FieldValue, FindingCode, Severity};
use template::{FieldKind, Scope};

use crate::out::{Detail, Draft, Out};
use crate::registry::Check;
use crate::walk::items;
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::ChoiceCount,
    name: "choice-count",
    severity: Severity::Error,
    doc: "## What it checks\nThe number of checked options of each choice item keeps its rule: 单选, 最多选 2 项, \
          限选 1 项, 限 3 个, 限 2 个, 每类选最主要的 1 个 (per group), 至少 N 项. An item with nothing checked that \
          must have at least one is reported here unless it is a starred item (then REQUIRED_MISSING).\n\n\
          ## Why it matters\nChoice limits are part of the formal review; over-ticking inflates a project's \
          profile.\n\n## Example\n数据价值目标（限 3 个） with four options checked.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_none() {
        return;
    }
    for it in items(input) {
        let (Some(spec), FieldValue::Choices(chosen)) = (it.choice, it.value) else { continue };
        let n = chosen.len();
        let rule = spec.rule.clone().unwrap_or_default();
        if let Some(max) = spec.max {
            if n > max {
                out.push(
                    Draft::field(
                        it.key.clone(),
                        format!("{}（{rule}）勾选了 {n} 项：{}，最多 {max} 项", it.name_zh, chosen.join("、")),
                        format!("{}: {n} options checked, at most {max} allowed ({rule})", it.key),
                    )
                    .detail(&[("checked", Detail::L(chosen.clone())), ("max", Detail::N(max as f64))]),
                );
            }
        }
        if let Some(min) = spec.min {
            if n < min {
                out.push(
                    Draft::field(
                        it.key.clone(),
                        format!("{}至少应勾选 {min} 项，实际 {n} 项", it.name_zh),
                        format!("{}: at least {min} options must be checked, {n} are", it.key),
                    )
                    .detail(&[("checked", Detail::L(chosen.clone())), ("min", Detail::N(min as f64))]),
                );
            }
        }
        if let Some(per) = spec.per_group_max {
            for g in &spec.groups {
                let in_group: Vec<String> = chosen.iter().filter(|c| g.options.contains(c)).cloned().collect();
                if in_group.len() > per {
                    out.push(
                        Draft::field(
                            it.key.clone(),
                            format!(
                                "{}每类最多选 {per} 项，{} 一类勾选了 {}",
                                it.name_zh,
                                g.label,
                                in_group.join("、")
                            ),
                            format!("{}: at most {per} per group; group {} has {}", it.key, g.label, in_group.len()),
                        )
                        .detail(&[("group", Detail::S(g.label.clone())), ("checked", Detail::L(in_group))]),
                    );
                }
            }
        }
    }
    // Choice items with a minimum and nothing checked are absent from the fields.
    for f in &input.template.fields {
        let FieldKind::Choice(spec) = &f.kind else { continue };
        let min = spec.min.unwrap_or(0);
        if min == 0 || f.required || input.fields.get(&f.key).is_some() {
            continue;
        }
        // Only when the item is on the form (an item the team deleted is REQUIRED_MISSING).
        let on_form = match &f.scope {
            Scope::Within(_) => input.located.iter().any(|k| *k == f.key),
            _ => true,
        };
        if on_form {
            out.push(
                Draft::field(
                    f.key.clone(),
                    format!("“{}”至少应勾选 {min} 项，实际未勾选", f.name_zh),
                    format!("{}: at least {min} options must be checked, none is", f.key),
                )
                .detail(&[("min", Detail::N(min as f64)), ("checked", Detail::L(Vec::new()))]),
            );
        }
    }
}
