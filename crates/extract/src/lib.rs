//! The template matcher: finds every item of a form template in a [`model::Document`] and
//! returns the values as [`model::Fields`].
//!
//! Extraction never fails: what cannot be found is absent from the fields and reported in
//! [`Extraction::sections_missing`]; checks decide what that means. Matching is tolerant by
//! design: labels are compared after folding width, dropping whitespace, stars, numbering and
//! parentheticals (`＊单 位 名 称：` is `单位名称`); instruction text the template printed in a
//! cell is removed from the answer; tables are found by their column headers wherever they are
//! and may have any number of rows; sections are found by their headings whatever their
//! numbering or style.
//!
//! ```
//! use model::{Block, Document, Paragraph};
//! let t = template::Template::load_named("shanxi-2025", template::default_templates_dir()).unwrap();
//! let mut doc = Document::default();
//! doc.blocks.push(Block::Paragraph(Paragraph::from_text("团队名称：数智先锋队")));
//! let ex = extract::extract(&doc, &t);
//! assert_eq!(ex.fields.get("cover.team_name").and_then(|v| v.as_text()), Some("数智先锋队"));
//! ```

mod flat;
mod matcher;
mod norm;
mod rows;
mod sections;
mod tables;
mod values;

use model::{Document, Fields};
use template::Template;

/// What the matcher found in one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Field values by canonical key, in template order.
    pub fields: Fields,
    /// Keys of fields whose number was written as approximate (`约300`).
    pub approximate: Vec<String>,
    /// Keys of the template sections found.
    pub sections_found: Vec<String>,
    /// Keys of the required template sections not found.
    pub sections_missing: Vec<String>,
    /// Keys of the fields whose label was found in the form, answered or not: a choice item
    /// that is present with nothing checked differs from one the team deleted.
    pub located: Vec<String>,
}

/// How strongly a document looks like the template's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// Markers found.
    pub found: Vec<String>,
    /// Markers required.
    pub needed: usize,
}

impl Recognition {
    /// Whether the document is the form.
    pub fn is_form(&self) -> bool {
        self.found.len() >= self.needed
    }
}

/// Counts the template's marker phrases in `doc`.
pub fn recognise(doc: &Document, template: &Template) -> Recognition {
    let text = norm::canon_text(&doc.plain_text());
    let found = template.markers.iter().filter(|m| text.contains(&norm::canon_text(m))).cloned().collect();
    Recognition { found, needed: template.min_markers }
}

/// Extracts every field of `template` from `doc`.
pub fn extract(doc: &Document, template: &Template) -> Extraction {
    // Field labels and table column labels: either may be cut by a page break.
    let mut labels: Vec<&str> = template.all_labels();
    for f in &template.fields {
        if let template::FieldKind::Table(t) = &f.kind {
            for c in &t.columns {
                labels.push(&c.label);
                labels.extend(c.aliases.iter().map(String::as_str));
            }
        }
    }
    let labels = labels.into_iter().map(norm::label_form).filter(|l| !l.is_empty()).collect();
    match rows::rejoin_cut_rows(doc, &labels) {
        Some(joined) => matcher::Matcher::new(&joined, template).run(),
        None => matcher::Matcher::new(doc, template).run(),
    }
}
