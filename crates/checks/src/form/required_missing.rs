//! REQUIRED_MISSING: a starred item is blank.

use model::{FieldValue, FindingCode, Severity};
use template::{FieldKind, Scope};

use crate::out::{Draft, Out};
use crate::registry::Check;
use crate::walk::{get, record_name};
use crate::Input;

pub(crate) const CHECK: Check = Check {
    code: FindingCode::RequiredMissing,
    name: "required-missing",
    severity: Severity::Error,
    doc: "## What it checks\nEvery item marked `*` on the form (the template's `required = true`) has an answer, \
          including each participating unit's starred items, and no sub-item that must be answered (a choice with \
          a minimum) was deleted from a starred block such as *数据市场化 or *应用场景. An answer that is only the template's instruction \
          text or blanks (`___`) is no answer. Items of a section that is missing altogether are reported once as \
          SECTION_MISSING instead.\n\n## Why it matters\nStarred items are mandatory for the formal review.\n\n\
          ## Example\n`*统一社会信用代码` left empty for the second unit.",
    run,
};

fn run(input: &Input<'_>, out: &mut Out) {
    if input.form_file.is_none() {
        return;
    }
    let t = input.template;
    let section_missing =
        |key: &str| input.sections_missing.iter().any(|m| key == m || key.starts_with(&format!("{m}.")));
    for f in t.fields.iter().filter(|f| f.required) {
        let section = match &f.scope {
            Scope::Section(s) | Scope::SectionText(s) => Some(s.as_str()),
            Scope::Within(c) => match t.field(c).map(|c| &c.scope) {
                Some(Scope::Section(s)) => Some(s.as_str()),
                _ => None,
            },
            Scope::Cover | Scope::GroupItem => None,
        };
        if section.is_some_and(section_missing) {
            continue;
        }
        let present = match &f.kind {
            FieldKind::Container => {
                t.fields.iter().any(|s| s.scope == Scope::Within(f.key.clone()) && input.fields.get(&s.key).is_some())
            }
            _ => input.fields.get(&f.key).is_some(),
        };
        if !present {
            out.push(Draft::field(
                f.key.clone(),
                format!("必填项“{}”未填写", f.name_zh),
                format!("required item `{}` ({}) is blank", f.label, f.key),
            ));
            continue;
        }
        if let FieldKind::Container = f.kind {
            // A sub-item that must be answered (a choice with a minimum) deleted from the block.
            for sub in t.fields.iter().filter(|s| s.scope == Scope::Within(f.key.clone())) {
                let must = matches!(&sub.kind, FieldKind::Choice(c) if c.min.unwrap_or(0) >= 1) || sub.required;
                if must && !input.located.iter().any(|k| *k == sub.key) {
                    out.push(Draft::field(
                        sub.key.clone(),
                        format!("“{}”中缺少“{}”一项（申报书模板中有此项）", f.name_zh, sub.name_zh),
                        format!("item `{}` is missing from `{}`", sub.label, f.label),
                    ));
                }
            }
        }
        if let (FieldKind::Group { items, .. }, Some(FieldValue::Records(records))) =
            (&f.kind, input.fields.get(&f.key))
        {
            for (i, rec) in records.iter().enumerate() {
                let who = record_name(rec).map(|n| format!("（{n}）")).unwrap_or_default();
                for item in items.iter().filter(|i| i.required) {
                    if get(rec, &item.key).is_none() {
                        out.push(Draft::field(
                            format!("{}[{i}].{}", f.key, item.key),
                            format!("第{}家参赛单位{who}的必填项“{}”未填写", i + 1, item.name_zh),
                            format!("unit {} {who}: required item `{}` is blank", i + 1, item.label),
                        ));
                    }
                }
            }
        }
    }
}
