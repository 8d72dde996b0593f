//! Field by field: where each template field is in the flattened document, and its value.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use model::{FieldValue, Fields};
use template::{FieldKind, FieldSpec, Scope, Template};

use crate::flat::Flat;
use crate::norm::{hint_key, label_form, label_form_full, numbering_len, Canon};
use crate::sections::SectionMap;
use crate::tables;
use crate::values;
use crate::Extraction;

type CellId = (usize, usize, usize);

pub(crate) struct Matcher<'a> {
    flat: Flat,
    t: &'a Template,
    sections: SectionMap,
    /// Label form of every cell, keyed by the cell's first line.
    cell_forms: HashMap<usize, (CellId, String)>,
    /// Every label the template knows, in label form: a cell holding one is not a value.
    known_labels: HashSet<String>,
    /// Container field key → the text of its content.
    containers: HashMap<String, String>,
    /// Field key → its label forms ([`labels_of`]), computed once per document instead of once
    /// per field and sibling (that was quadratic in the template's fields).
    labels: HashMap<String, Vec<String>>,
}

/// Where a label was found.
enum Hit {
    /// A cell that holds only the label.
    Cell(CellId),
    /// Inside a line: the line and the original char index right after the label.
    Inline(usize, usize),
}

impl<'a> Matcher<'a> {
    pub(crate) fn new(doc: &model::Document, t: &'a Template) -> Matcher<'a> {
        let flat = Flat::new(doc);
        let sections = SectionMap::locate(&flat, t);
        let mut cell_forms = HashMap::new();
        for (ti, table) in flat.tables.iter().enumerate() {
            for (ri, row) in table.rows.iter().enumerate() {
                for (ci, cell) in row.iter().enumerate() {
                    if !cell.merged_from_above && !cell.lines.is_empty() {
                        cell_forms
                            .insert(cell.lines.start, ((ti, ri, ci), label_form(&flat.text_of(cell.lines.clone()))));
                    }
                }
            }
        }
        let known_labels = t.all_labels().into_iter().map(label_form).filter(|l| !l.is_empty()).collect();
        let labels = t.fields.iter().map(|f| (f.key.clone(), labels_of(f))).collect();
        Matcher { flat, t, sections, cell_forms, known_labels, containers: HashMap::new(), labels }
    }

    /// The label forms of a template field (cached).
    fn labels(&self, f: &FieldSpec) -> std::borrow::Cow<'_, [String]> {
        match self.labels.get(&f.key) {
            Some(l) => std::borrow::Cow::Borrowed(l.as_slice()),
            None => std::borrow::Cow::Owned(labels_of(f)),
        }
    }

    pub(crate) fn run(mut self) -> Extraction {
        let mut ex = Extraction::default();
        for s in &self.t.sections {
            if self.sections.found(&s.key) {
                ex.sections_found.push(s.key.clone());
            } else if s.required {
                ex.sections_missing.push(s.key.clone());
            }
        }
        let mut fields = Fields::default();
        let mut located = Vec::new();
        for f in &self.t.fields {
            let value = match &f.scope {
                Scope::Cover => {
                    let mut r = self.sections.cover();
                    if r.is_empty() {
                        r = 0..self.flat.lines.len().min(20);
                    }
                    self.find_text(r, f, &[]).and_then(|raw| convert(f, &raw))
                }
                Scope::Section(s) => {
                    let range = self.sections.range(s);
                    if self.find_label(range.clone(), &self.labels(f)).is_some() {
                        located.push(f.key.clone());
                    }
                    self.section_field(range, f)
                }
                Scope::Within(c) => {
                    let (found, value) = self.within_field(c, f);
                    if found {
                        located.push(f.key.clone());
                    }
                    value
                }
                Scope::SectionText(s) => self.section_text(s),
                Scope::GroupItem => None,
            };
            if let Some(v) = value {
                collect_approx(&f.key, &v, &mut ex.approximate);
                fields.set(&f.key, v);
            }
        }
        ex.fields = fields;
        ex.located = located;
        ex
    }

    fn section_field(&mut self, range: Range<usize>, f: &FieldSpec) -> Option<FieldValue> {
        match &f.kind {
            FieldKind::Table(_) => self.table_field(range, f),
            FieldKind::Group { anchor, items, .. } => self.group(range, anchor, items),
            FieldKind::Container => {
                let text = self.find_container(range.clone(), f).unwrap_or_else(|| self.flat.text_of(range));
                self.containers.insert(f.key.clone(), text);
                None
            }
            _ => {
                let siblings = self.sibling_forms(f, &self.t.fields);
                let raw = self.find_text(range, f, &siblings)?;
                convert(f, &raw)
            }
        }
    }

    fn table_field(&self, range: Range<usize>, f: &FieldSpec) -> Option<FieldValue> {
        let FieldKind::Table(spec) = &f.kind else {
            return None;
        };
        let others: Vec<&template::TableSpec> = self
            .t
            .fields
            .iter()
            .filter(|o| o.key != f.key)
            .filter_map(|o| if let FieldKind::Table(s) = &o.kind { Some(s) } else { None })
            .collect();
        let rows = tables::extract(&self.flat, range, spec, &others, &self.known_labels);
        (!rows.is_empty()).then_some(FieldValue::Records(rows))
    }

    /// Labels of the other fields that share the field's scope (they end its answer).
    fn sibling_forms(&self, f: &FieldSpec, all: &[FieldSpec]) -> Vec<String> {
        let own_labels = self.labels(f);
        let own: HashSet<&String> = own_labels.iter().collect();
        let mut out = Vec::new();
        for o in all.iter().filter(|o| o.key != f.key && o.scope == f.scope) {
            out.extend(self.labels(o).iter().filter(|l| !own.contains(l)).cloned());
        }
        out
    }

    /// The raw answer text of a label-and-value field in `range`.
    fn find_text(&self, range: Range<usize>, f: &FieldSpec, siblings: &[String]) -> Option<String> {
        let forms = self.labels(f);
        match self.find_label(range, &forms)? {
            Hit::Cell(id) => {
                let text = self.value_cells_text(id);
                Some(cut_at_siblings(&text, siblings))
            }
            Hit::Inline(line, after) => {
                let text: String = self.flat.lines[line].text.chars().skip(after).collect();
                let text = skip_label_tail(&text);
                Some(cut_at_siblings(text, siblings))
            }
        }
    }

    /// A label cell first (the form's table layout), else the label at the start of a line or
    /// followed by a colon.
    fn find_label(&self, range: Range<usize>, forms: &[String]) -> Option<Hit> {
        for line in range.clone() {
            if let Some((id, form)) = self.cell_forms.get(&line) {
                if forms.iter().any(|f| f == form) {
                    return Some(Hit::Cell(*id));
                }
            }
        }
        for line in range {
            if let Some(after) = inline_label(&self.flat.lines[line].text, forms) {
                return Some(Hit::Inline(line, after));
            }
        }
        None
    }

    /// The text of the cells holding the answer for a label cell: to its right until the next
    /// label cell, and for a label merged over several rows, those rows too.
    fn value_cells_text(&self, (t, r, c): CellId) -> String {
        let table = &self.flat.tables[t];
        let label = &table.rows[r][c];
        let mut parts = Vec::new();
        // A long answer broken across a page (PDF) or split by the team continues in rows whose
        // label column is empty: they belong to the answer too.
        let mut rows = r + label.row_span;
        while let Some(next) = table.rows.get(rows) {
            let label_col_empty = next
                .iter()
                .filter(|c| c.col < label.col + label.span && c.col + c.span > label.col)
                .all(|c| c.merged_from_above || self.flat.text_of(c.lines.clone()).is_empty());
            let has_text = next.iter().any(|c| !c.merged_from_above && !self.flat.text_of(c.lines.clone()).is_empty());
            // Rows of a vertical merge longer than the label's own span (a PDF's rebuilt grid)
            // carry nothing of their own: the answer may go on after them.
            let only_merged = next.iter().all(|c| c.merged_from_above);
            if !label_col_empty || !(has_text || only_merged) {
                break;
            }
            rows += 1;
        }
        for (ri, row) in table.rows.iter().enumerate().skip(r).take(rows - r) {
            let start = if ri == r { c + 1 } else { 0 };
            for cell in row.iter().skip(start) {
                if cell.col < label.col + label.span || cell.merged_from_above {
                    continue;
                }
                let text = self.flat.text_of(cell.lines.clone());
                if self.known_labels.contains(&label_form(&text)) {
                    break;
                }
                if !text.is_empty() {
                    parts.push(text);
                }
            }
        }
        parts.join("\n")
    }

    fn find_container(&self, range: Range<usize>, f: &FieldSpec) -> Option<String> {
        let forms = self.labels(f);
        for line in range {
            if let Some((id, form)) = self.cell_forms.get(&line) {
                if forms.iter().any(|x| x == form) {
                    return Some(self.value_cells_text(*id));
                }
            }
        }
        None
    }

    /// A sub-item of a container: found anywhere in the container's text, in form order, its
    /// answer running to the next sub-item's label.
    /// A sub-item of a container: whether its label was found, and its value.
    fn within_field(&self, container: &str, f: &FieldSpec) -> (bool, Option<FieldValue>) {
        if let FieldKind::Table(_) = f.kind {
            // A table inside a container is found by its headers in the container's section.
            let section = match self.t.field(container).map(|c| &c.scope) {
                Some(Scope::Section(s)) => s.clone(),
                _ => return (false, None),
            };
            let value = self.table_field(self.sections.range(&section), f);
            return (value.is_some(), value);
        }
        let Some(text) = self.containers.get(container) else { return (false, None) };
        let subs: Vec<&FieldSpec> = self.t.fields.iter().filter(|o| o.scope == f.scope).collect();
        match sub_item_text(text, f, &subs) {
            Some(seg) => (true, convert(f, &seg)),
            None => (false, None),
        }
    }

    fn section_text(&self, section: &str) -> Option<FieldValue> {
        let range = self.sections.found_range(section)?;
        let hints: Vec<String> =
            self.t.section(section).map(|s| s.hints.iter().map(|h| hint_key(h)).collect()).unwrap_or_default();
        let mut out = Vec::new();
        for l in &self.flat.lines[range] {
            let t = l.text.trim();
            if t.is_empty() || hints.contains(&hint_key(t)) {
                continue;
            }
            out.push(t.to_string());
        }
        let text = out.join("\n");
        (!crate::norm::is_blank_answer(&text)).then_some(FieldValue::Text(text))
    }

    fn group(&self, range: Range<usize>, anchor: &str, items: &[FieldSpec]) -> Option<FieldValue> {
        let anchor_form = label_form(anchor);
        let mut anchors: Vec<usize> = Vec::new();
        for line in range.clone() {
            let is_anchor = match self.cell_forms.get(&line) {
                Some((_, form)) => *form == anchor_form,
                None => {
                    self.flat.lines[line].cell.is_none()
                        && inline_label(&self.flat.lines[line].text, std::slice::from_ref(&anchor_form)).is_some()
                }
            };
            if is_anchor {
                anchors.push(line);
            }
        }
        let mut records = Vec::new();
        for (k, &start) in anchors.iter().enumerate() {
            let end = anchors.get(k + 1).copied().unwrap_or(range.end);
            let mut rec = Vec::new();
            for item in items {
                let siblings = self.sibling_forms(item, items);
                let Some(raw) = self.find_text(start..end, item, &siblings) else {
                    continue;
                };
                if let Some(v) = convert(item, &raw) {
                    rec.push((item.key.clone(), v));
                }
            }
            if !rec.is_empty() {
                records.push(rec);
            }
        }
        (!records.is_empty()).then_some(FieldValue::Records(records))
    }
}

/// The label and aliases of a field, in label form.
fn labels_of(f: &FieldSpec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in std::iter::once(&f.label).chain(&f.aliases) {
        for form in [label_form(l), label_form_full(l)] {
            if !form.is_empty() && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// Converts raw answer text to the field's kind; `None` when blank.
fn convert(f: &FieldSpec, raw: &str) -> Option<FieldValue> {
    match &f.kind {
        FieldKind::Text | FieldKind::Date => values::clean_text(raw, &f.hints).map(FieldValue::Text),
        FieldKind::Money => values::money_value(&values::clean_text(raw, &f.hints)?),
        FieldKind::Number => values::number_value(&values::clean_text(raw, &f.hints)?),
        FieldKind::Bool => values::bool_value(raw),
        FieldKind::Choice(spec) => {
            let chosen = values::choices(raw, spec);
            (!chosen.is_empty()).then(|| FieldValue::Choices(chosen.into_iter().map(|c| c.label).collect()))
        }
        FieldKind::YearValues { years, money } => {
            let v = values::year_values(raw, years, *money);
            (!v.is_empty()).then_some(FieldValue::Object(v))
        }
        FieldKind::Fills { items, .. } => {
            let v = values::fills(raw, items);
            (!v.is_empty()).then_some(FieldValue::Object(v))
        }
        FieldKind::Container | FieldKind::Table(_) | FieldKind::Group { .. } | FieldKind::SectionText => None,
    }
}

fn collect_approx(key: &str, v: &FieldValue, out: &mut Vec<String>) {
    match v {
        FieldValue::Number { approx: true, .. } => out.push(key.to_string()),
        FieldValue::Object(m) => m.iter().for_each(|(k, v)| collect_approx(&format!("{key}.{k}"), v, out)),
        FieldValue::Records(rs) => {
            for (i, r) in rs.iter().enumerate() {
                r.iter().for_each(|(k, v)| collect_approx(&format!("{key}[{i}].{k}"), v, out));
            }
        }
        _ => {}
    }
}

/// Finds a label in one line, at its start (after numbering) or anywhere at a word boundary
/// when a colon follows; returns the original char index right after the label.
fn inline_label(text: &str, forms: &[String]) -> Option<usize> {
    let c = Canon::new(text);
    let start = numbering_len(&c.chars.iter().collect::<String>());
    for form in forms {
        let label: Vec<char> = form.chars().collect();
        let mut from = 0;
        while let Some(s) = c.find(&label, from) {
            let end = s + label.len();
            let rest: String = c.chars[end..].iter().collect();
            let rest = crate::norm::strip_parens(&rest);
            let colon = rest.starts_with(':');
            // At the start of the line the label may be followed by a space, a note or the end;
            // not by more letters (`项目名称说明` is not `项目名称`).
            let next = c.orig_after(end);
            // A PDF drops the space between a label and a number (`日期2025.6.30`): a line that
            // is the label and a date or number is that answer.
            let date_after = rest.chars().count() >= 4
                && rest.starts_with(|ch: char| ch.is_ascii_digit())
                && rest.chars().all(|ch| ch.is_ascii_digit() || ".-/年月日 ".contains(ch));
            let at_start = s == start
                && (rest.is_empty() || date_after || next.is_none_or(|ch| ch.is_whitespace() || !ch.is_alphanumeric()));
            if at_start || colon {
                return Some(c.orig_index(end.saturating_sub(1)) + 1);
            }
            from = s + 1;
        }
    }
    None
}

/// Skips what follows a label before its answer: a parenthetical note and a colon.
fn skip_label_tail(s: &str) -> &str {
    let mut rest = s.trim_start();
    loop {
        if rest.starts_with(['(', '（']) {
            let close = rest.char_indices().find(|(_, c)| matches!(c, ')' | '）')).map(|(i, c)| i + c.len_utf8());
            match close {
                Some(i) if i <= 90 => rest = rest[i..].trim_start(),
                _ => break,
            }
        } else if rest.starts_with([':', '：']) {
            rest = rest[rest.chars().next().map_or(0, char::len_utf8)..].trim_start();
        } else {
            break;
        }
    }
    rest
}

/// Cuts an answer where another item of the same scope starts inline (`是/否 母公司：…`).
fn cut_at_siblings(text: &str, siblings: &[String]) -> String {
    if siblings.is_empty() {
        return text.to_string();
    }
    let mut out = Vec::new();
    for line in text.split('\n') {
        let c = Canon::new(line);
        let mut cut: Option<usize> = None;
        for s in siblings {
            let label: Vec<char> = s.chars().collect();
            let mut from = 0;
            while let Some(p) = c.find(&label, from) {
                let rest: String = c.chars[p + label.len()..].iter().collect();
                if p > 0 && crate::norm::strip_parens(&rest).starts_with(':') {
                    cut = Some(cut.map_or(p, |x: usize| x.min(p)));
                    break;
                }
                from = p + 1;
            }
        }
        match cut {
            Some(p) => {
                out.push(c.orig_between(0, p));
                break;
            }
            None => out.push(line.to_string()),
        }
    }
    out.join("\n")
}

/// The text of sub-item `f` inside a container's text: from its label to the next label of
/// another sub-item found after it.
fn sub_item_text(text: &str, f: &FieldSpec, subs: &[&FieldSpec]) -> Option<String> {
    let c = Canon::new(text);
    let own_forms = labels_of(f);
    // Positions of every sub-item label, searched in form order after the previous one.
    let mut pos: Vec<(String, bool, usize, usize)> = Vec::new();
    let mut from = 0;
    for s in subs {
        let forms = labels_of(s);
        let same_label = forms.iter().any(|x| own_forms.contains(x));
        let hit = forms
            .iter()
            .filter_map(|form| {
                let l: Vec<char> = form.chars().collect();
                c.find(&l, from).or_else(|| c.find(&l, 0)).map(|p| (p, p + l.len()))
            })
            .min();
        if let Some((p, e)) = hit {
            if p >= from {
                from = e;
            }
            pos.push((s.key.clone(), same_label, p, e));
        }
    }
    let &(_, _, _, end) = pos.iter().find(|(k, _, _, _)| *k == f.key)?;
    let next = pos
        .iter()
        .filter(|(k, same, p, _)| *k != f.key && !*same && *p >= end)
        .map(|(_, _, p, _)| *p)
        .min()
        .unwrap_or(c.chars.len());
    let seg = c.orig_between(end, next);
    Some(skip_label_tail(drop_trailing_numbering(&seg)).to_string())
}

/// Drops the numbering of the next item (`\n7. `, `（2）`) left at the end of a segment.
fn drop_trailing_numbering(seg: &str) -> &str {
    let trimmed = seg.trim_end();
    // After the last white space, which may be wider than a byte (U+3000, the ideographic space
    // Chinese forms use: found by fuzzing, `fuzz/regressions/matcher/ideographic-space-before-numbering`).
    let cut = trimmed.char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let last = &trimmed[cut..];
    let is_numbering = !last.is_empty()
        && last.chars().count() <= 5
        && last.chars().all(|c| c.is_ascii_digit() || "一二三四五六七八九十（）()、.．".contains(c));
    if is_numbering {
        &trimmed[..cut]
    } else {
        seg
    }
}

#[cfg(test)]
mod tests {
    use super::drop_trailing_numbering;

    #[test]
    fn trailing_numbering_after_an_ideographic_space_is_dropped_without_panicking() {
        // U+3000 is three bytes: the cut after it once landed inside it (found by fuzzing).
        assert_eq!(drop_trailing_numbering("项目背景说明\u{3000}2."), "项目背景说明\u{3000}");
        assert_eq!(drop_trailing_numbering("项目背景说明 （2）"), "项目背景说明 ");
        assert_eq!(drop_trailing_numbering("项目背景说明\u{3000}未完"), "项目背景说明\u{3000}未完");
        assert_eq!(drop_trailing_numbering("\u{3000}"), "\u{3000}");
    }
}
