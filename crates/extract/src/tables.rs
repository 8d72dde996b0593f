//! Table fields: records under a header row found by its column labels.

use std::collections::HashSet;
use std::ops::Range;

use model::FieldValue;
use template::{Column, FieldKind, TableSpec};

use crate::flat::Flat;
use crate::norm::{canon_text, hint_key, label_form};
use crate::values;

/// One header row: which grid columns hold which column keys.
struct Header {
    tier: usize,
    /// (grid start, grid end, column key or unknown header text, column index in spec)
    cols: Vec<(usize, usize, String, Option<usize>)>,
}

/// Extracts the records of a table field from every table in `range`.
pub(crate) fn extract(
    flat: &Flat,
    range: Range<usize>,
    spec: &TableSpec,
    others: &[&TableSpec],
    known_labels: &HashSet<String>,
) -> Vec<Vec<(String, FieldValue)>> {
    let tiers = spec.columns.iter().map(|c| c.tier).max().unwrap_or(0) + 1;
    let hints: Vec<String> = spec.hints.iter().map(|h| hint_key(h)).collect();
    // Column label forms once per call, not once per cell and row.
    let own = HeaderSpec::new(spec);
    let others: Vec<HeaderSpec> = others.iter().map(|o| HeaderSpec::new(o)).collect();
    let mut records: Vec<Vec<(String, FieldValue)>> = Vec::new();
    for table in flat.tables.iter().filter(|t| t.lines.start >= range.start && t.lines.start < range.end) {
        // The last header seen for each tier, and the one in force.
        let mut headers: Vec<Option<Header>> = (0..tiers).map(|_| None).collect();
        let mut active = false;
        let mut pending_tier: Option<usize> = None;
        let mut last_tier: Option<usize> = None;
        for row in &table.rows {
            let cells: Vec<(usize, usize, String)> = row
                .iter()
                .filter(|c| !c.merged_from_above)
                .map(|c| (c.col, c.col + c.span, flat.text_of(c.lines.clone())))
                .collect();
            // Each cell's label form once per row (a narrative cell can be thousands of characters).
            let forms: Vec<String> = cells.iter().map(|(_, _, t)| label_form(t)).collect();
            if let Some(h) = header_of(&cells, &forms, &own) {
                last_tier = None;
                let t = h.tier;
                if t == 0 {
                    // A first-tier header starts the records afresh.
                    headers.iter_mut().for_each(|slot| *slot = None);
                }
                headers[t] = Some(h);
                active = true;
                pending_tier = Some(t);
                continue;
            }
            if others.iter().any(|o| header_of(&cells, &forms, o).is_some()) {
                active = false;
                continue;
            }
            if !active {
                continue;
            }
            let nonempty: Vec<&(usize, usize, String)> = cells.iter().filter(|(_, _, t)| !t.is_empty()).collect();
            if nonempty.is_empty() || nonempty.iter().all(|(_, _, t)| hints.contains(&hint_key(t))) {
                continue;
            }
            // A row that is another item's label (`软著数量：1 个`) ends this table's rows.
            if cells
                .iter()
                .zip(&forms)
                .filter(|((_, _, t), _)| !t.is_empty())
                .any(|((_, _, t), form)| known_labels.contains(form) || starts_with_label(t, known_labels))
            {
                active = false;
                continue;
            }
            // Records spanning several header tiers (cases: 单位… then 投入…): with a header
            // above, its tier; rows repeated without headers take the tiers in turn.
            let tier = match (pending_tier.take(), last_tier) {
                _ if tiers == 1 => 0,
                (Some(t), _) => t,
                (None, Some(t)) => (t + 1) % tiers,
                (None, None) => 0,
            };
            let Some(h) = headers[tier].as_ref() else {
                continue;
            };
            last_tier = Some(tier);
            let mut values: Vec<(String, FieldValue)> = Vec::new();
            for (col_start, col_end, key, idx) in &h.cols {
                let text: Vec<&str> = cells
                    .iter()
                    .filter(|(s, _, _)| s >= col_start && s < col_end)
                    .map(|(_, _, t)| t.as_str())
                    .filter(|t| !t.is_empty() && !hints.contains(&hint_key(t)))
                    .collect();
                if text.is_empty() {
                    continue;
                }
                let raw = text.join("\n");
                let v = match idx.map(|i| &spec.columns[i]) {
                    Some(col) => cell_value(col, &raw),
                    None => values::clean_text(&raw, &[]).map(FieldValue::Text),
                };
                if let Some(v) = v {
                    values.push((key.clone(), v));
                }
            }
            if values.is_empty() {
                continue;
            }
            // The rest of a record cut by a page break (a PDF export): no required column of
            // its own, only text that goes on in the record above (`合同-晋城…有限` / `公司.pdf`).
            if tiers == 1 && !values.iter().any(|(k, _)| spec.columns.iter().any(|c| &c.key == k && c.required)) {
                if let Some(last) = records.last_mut() {
                    if continue_record(last, &values) {
                        continue;
                    }
                }
            }
            let start_new = tier == 0 || records.is_empty() || {
                let last =
                    records.last().map(|r| r.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()).unwrap_or_default();
                values.iter().any(|(k, _)| last.contains(k))
            };
            if start_new {
                records.push(values);
            } else if let Some(last) = records.last_mut() {
                last.extend(values);
            }
        }
    }
    // Keep each record's keys in the template's column order.
    for r in &mut records {
        r.sort_by_key(|(k, _)| spec.columns.iter().position(|c| &c.key == k).unwrap_or(usize::MAX));
    }
    records
}

/// Appends `more` to `record` when every value of it is text going on from a text of the
/// record that was cut mid-line (no sentence end); returns whether it did.
fn continue_record(record: &mut [(String, FieldValue)], more: &[(String, FieldValue)]) -> bool {
    let cut = |k: &str| {
        record.iter().any(|(rk, v)| {
            rk == k && matches!(v, FieldValue::Text(t) if !t.trim_end().ends_with(['。', '；', ';', '.', '！', '？']))
        })
    };
    if !more.iter().all(|(k, v)| matches!(v, FieldValue::Text(_)) && cut(k)) {
        return false;
    }
    for (k, v) in more {
        if let (Some((_, FieldValue::Text(into))), FieldValue::Text(t)) = (record.iter_mut().find(|(rk, _)| rk == k), v)
        {
            into.push_str(t);
        }
    }
    true
}

fn starts_with_label(text: &str, known: &HashSet<String>) -> bool {
    let c = canon_text(text);
    match c.split_once(':') {
        Some((head, _)) => known.contains(&label_form(head)),
        None => false,
    }
}

fn column_forms(c: &Column) -> Vec<String> {
    std::iter::once(&c.label).chain(&c.aliases).map(|l| label_form(l)).collect()
}

/// A table spec with its columns' label forms computed.
struct HeaderSpec<'a> {
    spec: &'a TableSpec,
    forms: Vec<Vec<String>>,
}

impl<'a> HeaderSpec<'a> {
    fn new(spec: &'a TableSpec) -> HeaderSpec<'a> {
        HeaderSpec { spec, forms: spec.columns.iter().map(column_forms).collect() }
    }
}

/// Whether a row is a header row of `spec` (enough of one tier's columns named), and its map.
/// `forms` holds each cell's [`label_form`].
fn header_of(cells: &[(usize, usize, String)], forms: &[String], hs: &HeaderSpec) -> Option<Header> {
    let spec = hs.spec;
    let tiers = spec.columns.iter().map(|c| c.tier).max().unwrap_or(0) + 1;
    for tier in 0..tiers {
        let in_tier: Vec<(usize, &Column)> = spec.columns.iter().enumerate().filter(|(_, c)| c.tier == tier).collect();
        let need = in_tier.len().clamp(2, 3).min(in_tier.len());
        let mut cols = Vec::new();
        let mut matched = 0;
        for ((s, e, _), form) in cells.iter().zip(forms) {
            if form.is_empty() {
                continue;
            }
            let hit = in_tier.iter().find(|(i, _)| {
                hs.forms[*i].iter().any(|f| f == form || (f.chars().count() >= 4 && form.starts_with(f.as_str())))
            });
            match hit {
                Some((i, c)) => {
                    matched += 1;
                    cols.push((*s, *e, c.key.clone(), Some(*i)));
                }
                None if spec.keep_unknown_columns => cols.push((*s, *e, form.clone(), None)),
                None => {}
            }
        }
        if matched >= need {
            return Some(Header { tier, cols });
        }
    }
    None
}

fn cell_value(col: &Column, raw: &str) -> Option<FieldValue> {
    match col.kind {
        FieldKind::Money => values::money_value(raw),
        FieldKind::Number => values::number_value(raw),
        FieldKind::Bool => values::bool_value(raw),
        _ => values::clean_text(raw, &[]).map(FieldValue::Text),
    }
}
