//! Every extracted value with what the template says about it: one walk serves the checks
//! that look at all values of a kind (word limits, numbers, identifiers, choices).

use model::FieldValue;
use template::{ChoiceSpec, FieldKind, FieldSpec};

use crate::Input;

/// One value found in the form.
pub(crate) struct Item<'a> {
    /// Canonical path: `project.summary`, `units[0].intro`, `team.members[2].phone`.
    pub key: String,
    /// The item as the form names it, for staff: `第1家参赛单位（某公司）“单位简介”`.
    pub name_zh: String,
    pub value: &'a FieldValue,
    pub word_limit: Option<usize>,
    pub identifier: Option<&'a str>,
    pub choice: Option<&'a ChoiceSpec>,
    /// Whether the template expects a number here (money or count).
    pub numeric: bool,
}

/// Every value of the form, nested ones included, in template order.
pub(crate) fn items<'a>(input: &Input<'a>) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    for f in &input.template.fields {
        let Some(v) = input.fields.get(&f.key) else { continue };
        match (&f.kind, v) {
            (FieldKind::Group { items, .. }, FieldValue::Records(records)) => {
                for (i, rec) in records.iter().enumerate() {
                    let who = record_name(rec).map(|n| format!("（{n}）")).unwrap_or_default();
                    for (k, v) in rec {
                        let Some(spec) = items.iter().find(|s| &s.key == k) else { continue };
                        out.push(item(
                            format!("{}[{i}].{k}", f.key),
                            format!("第{}家参赛单位{who}“{}”", i + 1, spec.name_zh),
                            v,
                            spec,
                        ));
                    }
                }
            }
            (FieldKind::Table(t), FieldValue::Records(rows)) => {
                for (i, rec) in rows.iter().enumerate() {
                    let who = record_name(rec).map(|n| format!("（{n}）")).unwrap_or_default();
                    for (k, v) in rec {
                        let Some(col) = t.columns.iter().find(|c| &c.key == k) else { continue };
                        out.push(Item {
                            key: format!("{}[{i}].{k}", f.key),
                            name_zh: format!("{}第{}行{who}“{}”", f.name_zh, i + 1, col.label),
                            value: v,
                            word_limit: col.word_limit,
                            identifier: col.identifier.as_deref(),
                            choice: None,
                            numeric: matches!(col.kind, FieldKind::Money | FieldKind::Number),
                        });
                    }
                }
            }
            _ => out.push(item(f.key.clone(), format!("“{}”", f.name_zh), v, f)),
        }
    }
    out
}

fn item<'a>(key: String, name_zh: String, value: &'a FieldValue, spec: &'a FieldSpec) -> Item<'a> {
    Item {
        key,
        name_zh,
        value,
        word_limit: spec.word_limit,
        identifier: spec.identifier.as_deref(),
        choice: match &spec.kind {
            FieldKind::Choice(c) => Some(c),
            _ => None,
        },
        numeric: matches!(
            spec.kind,
            FieldKind::Money | FieldKind::Number | FieldKind::YearValues { .. } | FieldKind::Fills { .. }
        ),
    }
}

/// The name of a unit, member or patent record, to say which one a finding is about.
pub(crate) fn record_name(rec: &[(String, FieldValue)]) -> Option<&str> {
    rec.iter().find(|(k, _)| k == "name" || k == "unit_name").and_then(|(_, v)| v.as_text())
}

/// The records of a table or group field.
pub(crate) fn records<'a>(input: &Input<'a>, key: &str) -> &'a [Vec<(String, FieldValue)>] {
    match input.fields.get(key) {
        Some(FieldValue::Records(r)) => r,
        _ => &[],
    }
}

/// A member of a record.
pub(crate) fn get<'a>(rec: &'a [(String, FieldValue)], key: &str) -> Option<&'a FieldValue> {
    rec.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}
