//! Locating the template's sections by their headings.

use std::ops::Range;

use template::Template;

use crate::flat::Flat;
use crate::norm::label_form;

/// Where each section of the template is, by line range (heading line excluded).
pub(crate) struct SectionMap {
    /// Per template section (same order): the heading line and the content range.
    spans: Vec<Option<(usize, Range<usize>)>>,
    keys: Vec<String>,
    parents: Vec<Option<usize>>,
    total: usize,
}

impl SectionMap {
    pub(crate) fn locate(flat: &Flat, template: &Template) -> SectionMap {
        let n = template.sections.len();
        let keys: Vec<String> = template.sections.iter().map(|s| s.key.clone()).collect();
        let parents: Vec<Option<usize>> = template
            .sections
            .iter()
            .map(|s| s.parent.as_ref().and_then(|p| keys.iter().position(|k| k == p)))
            .collect();
        let titles: Vec<Vec<String>> = template
            .sections
            .iter()
            .map(|s| std::iter::once(&s.title).chain(&s.aliases).map(|t| label_form(t)).collect())
            .collect();
        let candidates: Vec<(usize, String)> = (0..flat.lines.len())
            .filter(|&i| flat.heading_candidate(i))
            .map(|i| (i, label_form(&flat.lines[i].text)))
            .collect();
        let mut heading: Vec<Option<usize>> = vec![None; n];
        for s in 0..n {
            // Search after the parent's heading and after the previous located sibling, so
            // that same-named headings elsewhere (the part-one 应用场景 item) are not taken.
            let mut from = parents[s].and_then(|p| heading[p]).map_or(0, |h| h + 1);
            for prev in (0..s).rev() {
                if parents[prev] == parents[s] {
                    if let Some(h) = heading[prev] {
                        from = from.max(h + 1);
                        break;
                    }
                }
            }
            heading[s] = candidates
                .iter()
                .find(|(line, form)| *line >= from && titles[s].iter().any(|t| heading_matches(form, t)))
                .map(|(line, _)| *line);
        }
        let total = flat.lines.len();
        let spans = (0..n)
            .map(|s| {
                let h = heading[s]?;
                let end = (0..n)
                    .filter(|&o| o != s && !is_descendant(&parents, o, s))
                    .filter_map(|o| heading[o])
                    .filter(|&oh| oh > h)
                    .min()
                    .unwrap_or(total);
                Some((h, h + 1..end))
            })
            .collect();
        SectionMap { spans, keys, parents, total }
    }

    fn index(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }

    /// The content lines of a section; a section not found falls back to its parent's
    /// content (or the whole document), so its fields can still be found.
    pub(crate) fn range(&self, key: &str) -> Range<usize> {
        let mut cur = self.index(key);
        while let Some(i) = cur {
            if let Some((_, r)) = &self.spans[i] {
                return r.clone();
            }
            cur = self.parents[i];
        }
        0..self.total
    }

    /// The exact content lines of a section, only when it was found.
    pub(crate) fn found_range(&self, key: &str) -> Option<Range<usize>> {
        self.index(key).and_then(|i| self.spans[i].as_ref()).map(|(_, r)| r.clone())
    }

    /// The lines before the first section heading found.
    pub(crate) fn cover(&self) -> Range<usize> {
        0..self.spans.iter().flatten().map(|(h, _)| *h).min().unwrap_or(0)
    }

    pub(crate) fn found(&self, key: &str) -> bool {
        self.index(key).is_some_and(|i| self.spans[i].is_some())
    }
}

fn is_descendant(parents: &[Option<usize>], node: usize, ancestor: usize) -> bool {
    let mut cur = parents[node];
    while let Some(p) = cur {
        if p == ancestor {
            return true;
        }
        cur = parents[p];
    }
    false
}

/// A heading matches a title when equal, or when it starts with the title and what follows
/// is short (a restyled heading such as `项目背景介绍`), never the reverse.
fn heading_matches(form: &str, title: &str) -> bool {
    if form == title {
        return true;
    }
    form.starts_with(title) && form.chars().count() <= title.chars().count() + 3 && !form.contains(':')
}
