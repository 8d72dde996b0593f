//! The application form template: sections and fields with their labels, kinds and limits.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A template could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The file could not be read.
    #[error("cannot read template {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The TOML does not fit the schema.
    #[error("template {origin} is not valid: {message}")]
    Invalid {
        /// Where it came from.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

/// A resolved form template.
#[derive(Debug, Clone)]
pub struct Template {
    /// Template id, e.g. `shanxi-2025`.
    pub id: String,
    /// The form's title.
    pub name_zh: String,
    /// Phrases whose presence identifies the form.
    pub markers: Vec<String>,
    /// How many markers must occur.
    pub min_markers: usize,
    /// Sections in form order.
    pub sections: Vec<Section>,
    /// Fields in form order.
    pub fields: Vec<FieldSpec>,
}

/// A section of the form, found by its heading.
#[derive(Debug, Clone)]
pub struct Section {
    /// Dotted key, e.g. `part2.overview.background`.
    pub key: String,
    /// The enclosing section, if any.
    pub parent: Option<String>,
    /// The heading as printed, without numbering and limits.
    pub title: String,
    /// Other headings teams use for it.
    pub aliases: Vec<String>,
    /// Whether `SECTION_MISSING` applies when it cannot be found.
    pub required: bool,
    /// Instruction paragraphs of the template under the heading (not the team's text).
    pub hints: Vec<String>,
}

/// Where a field is looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Before the first section: the cover page.
    Cover,
    /// Inside a section (by key).
    Section(String),
    /// Inside a container field's content (by field key).
    Within(String),
    /// The field is the text of a section (by section key).
    SectionText(String),
    /// Inside one record of a group (the group's items).
    GroupItem,
}

/// One field of the form.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The canonical dotted key.
    pub key: String,
    /// The label as printed.
    pub label: String,
    /// Other labels teams use.
    pub aliases: Vec<String>,
    /// A human name (defaults to the label).
    pub name_zh: String,
    /// Where it is found.
    pub scope: Scope,
    /// Starred (*) on the form or required by the pipeline.
    pub required: bool,
    /// Word limit (Word 字数), when the form sets one.
    pub word_limit: Option<usize>,
    /// Instruction text of the template that may be left in the answer.
    pub hints: Vec<String>,
    /// The identifier kind (`credit_code`, `id_number`, `phone`, `patent`, `software_copyright`).
    pub identifier: Option<String>,
    /// The value kind.
    pub kind: FieldKind,
}

/// What kind of value a field holds.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// Money in 万元.
    Money,
    /// A number without unit scaling.
    Number,
    /// A date, as written.
    Date,
    /// 是 / 否.
    Bool,
    /// Checked options.
    Choice(ChoiceSpec),
    /// Numbers per year.
    YearValues {
        /// The years, as printed.
        years: Vec<String>,
        /// Whether the values are money in 万元.
        money: bool,
    },
    /// Named blanks.
    Fills {
        /// The blanks in form order.
        items: Vec<FillItem>,
        /// How many must be filled.
        min_filled: Option<usize>,
    },
    /// A labelled cell holding sub-items.
    Container,
    /// A table found by its column headers.
    Table(TableSpec),
    /// A repeated block of fields.
    Group {
        /// The label that starts each record (usually the first item's label).
        anchor: String,
        /// The fields of one record (scope [`Scope::GroupItem`]).
        items: Vec<FieldSpec>,
        /// The count rule as printed (for messages).
        max_rule: Option<String>,
    },
    /// The text under a section heading.
    SectionText,
}

/// Options of a choice field.
#[derive(Debug, Clone)]
pub struct ChoiceSpec {
    /// The rule as printed (`单选`, `最多选 2 项` …), for messages.
    pub rule: Option<String>,
    /// Option groups; a flat list is one group with an empty label.
    pub groups: Vec<ChoiceGroup>,
    /// At least this many checked.
    pub min: Option<usize>,
    /// At most this many checked.
    pub max: Option<usize>,
    /// At most this many checked in each group.
    pub per_group_max: Option<usize>,
}

/// One group of options.
#[derive(Debug, Clone)]
pub struct ChoiceGroup {
    /// The group heading as printed (may be empty).
    pub label: String,
    /// The option labels as printed.
    pub options: Vec<String>,
}

/// One named blank of a `fills` field.
#[derive(Debug, Clone)]
pub struct FillItem {
    /// Sub-key.
    pub key: String,
    /// The label before the blank.
    pub label: String,
}

/// A table field's columns.
#[derive(Debug, Clone)]
pub struct TableSpec {
    /// Columns, found by header.
    pub columns: Vec<Column>,
    /// Template instruction cells that are not data.
    pub hints: Vec<String>,
    /// Whether columns the template does not name are kept under their header text.
    pub keep_unknown_columns: bool,
    /// The row-count rule as printed (for messages).
    pub max_rows_rule: Option<String>,
}

/// One table column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Sub-key in each record.
    pub key: String,
    /// Header as printed.
    pub label: String,
    /// Other headers.
    pub aliases: Vec<String>,
    /// Value kind: `Text`, `Money`, `Number`, `Bool`.
    pub kind: FieldKind,
    /// Word limit of a cell.
    pub word_limit: Option<usize>,
    /// Whether a record needs it.
    pub required: bool,
    /// Identifier kind.
    pub identifier: Option<String>,
    /// Header tier for tables whose records span several header rows (0 = first).
    pub tier: usize,
}

impl Template {
    /// Loads `dir/<id>/template.toml`.
    pub fn load_named(id: &str, dir: &Path) -> Result<Template, TemplateError> {
        Template::load(&dir.join(id).join("template.toml"))
    }

    /// Loads a template file.
    pub fn load(path: &Path) -> Result<Template, TemplateError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| TemplateError::Io { path: path.to_path_buf(), source })?;
        Template::from_toml_str(&text, &path.display().to_string())
    }

    /// Parses and resolves a template from TOML text.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Template, TemplateError> {
        let invalid = |message: String| TemplateError::Invalid { origin: origin.to_string(), message };
        let raw: RawTemplate = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if raw.schema_version != 1 {
            return Err(invalid(format!("schema_version {} is not supported (expected 1)", raw.schema_version)));
        }
        let sections: Vec<Section> = raw
            .sections
            .into_iter()
            .map(|s| Section {
                key: s.key,
                parent: s.parent,
                title: s.title,
                aliases: s.aliases,
                required: s.required,
                hints: s.hints,
            })
            .collect();
        let mut section_keys = HashSet::new();
        for s in &sections {
            if let Some(p) = &s.parent {
                if !section_keys.contains(p.as_str()) {
                    return Err(invalid(format!("section `{}`: parent `{p}` must be declared before it", s.key)));
                }
            }
            if !section_keys.insert(s.key.as_str()) {
                return Err(invalid(format!("section `{}` is declared twice", s.key)));
            }
        }
        let mut fields = Vec::with_capacity(raw.fields.len());
        for f in raw.fields {
            fields.push(resolve_field(f, false).map_err(&invalid)?);
        }
        let mut keys = HashSet::new();
        for f in &fields {
            if !keys.insert(f.key.as_str()) {
                return Err(invalid(format!("field `{}` is declared twice", f.key)));
            }
            match &f.scope {
                Scope::Section(s) | Scope::SectionText(s) if !section_keys.contains(s.as_str()) => {
                    return Err(invalid(format!("field `{}` names unknown section `{s}`", f.key)));
                }
                Scope::Within(c) => {
                    let ok = fields.iter().any(|g| &g.key == c && matches!(g.kind, FieldKind::Container));
                    if !ok {
                        return Err(invalid(format!(
                            "field `{}`: `within = \"{c}\"` must name a container field declared before it",
                            f.key
                        )));
                    }
                }
                _ => {}
            }
        }
        Ok(Template {
            id: raw.id,
            name_zh: raw.name_zh,
            markers: raw.recognise.markers,
            min_markers: raw.recognise.min,
            sections,
            fields,
        })
    }

    /// The field with this key (top-level fields only).
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The section with this key.
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// Every label and alias of every field (group items and table columns included):
    /// what the matcher treats as "another item starts here".
    pub fn all_labels(&self) -> Vec<&str> {
        let mut out = Vec::new();
        fn push<'a>(f: &'a FieldSpec, out: &mut Vec<&'a str>) {
            out.push(f.label.as_str());
            out.extend(f.aliases.iter().map(String::as_str));
            if let FieldKind::Group { items, .. } = &f.kind {
                for i in items {
                    push(i, out);
                }
            }
        }
        for f in &self.fields {
            push(f, &mut out);
        }
        out
    }
}

impl Section {
    /// The section's depth (0 for a top-level part).
    pub fn depth(&self) -> usize {
        self.key.matches('.').count()
    }
}

fn resolve_field(f: RawField, in_group: bool) -> Result<FieldSpec, String> {
    let key = f.key.clone();
    let err = |m: &str| format!("field `{key}`: {m}");
    let scope = if in_group {
        Scope::GroupItem
    } else {
        match (&f.r#in, &f.within, &f.section) {
            (Some(s), None, None) if s == "cover" => Scope::Cover,
            (Some(s), None, None) => Scope::Section(s.clone()),
            (None, Some(c), None) => Scope::Within(c.clone()),
            (None, None, Some(s)) => Scope::SectionText(s.clone()),
            _ => return Err(err("give exactly one of `in`, `within`, `section`")),
        }
    };
    let choice = || -> Result<ChoiceSpec, String> {
        let groups = match (&f.options, &f.groups) {
            (Some(o), None) => vec![ChoiceGroup { label: String::new(), options: o.clone() }],
            (None, Some(g)) => {
                g.iter().map(|g| ChoiceGroup { label: g.label.clone(), options: g.options.clone() }).collect()
            }
            _ => return Err(err("a choice needs exactly one of `options`, `groups`")),
        };
        Ok(ChoiceSpec { rule: f.choice_rule.clone(), groups, min: f.min, max: f.max, per_group_max: f.per_group_max })
    };
    let kind = match f.kind.as_str() {
        "text" => FieldKind::Text,
        "money" => FieldKind::Money,
        "number" => FieldKind::Number,
        "date" => FieldKind::Date,
        "bool" => FieldKind::Bool,
        "choice" => FieldKind::Choice(choice()?),
        "year_values" => FieldKind::YearValues {
            years: f.years.clone().ok_or_else(|| err("year_values needs `years`"))?,
            money: f.money.unwrap_or(false),
        },
        "fills" => FieldKind::Fills {
            items: f.fill_items().ok_or_else(|| err("fills needs `items` with `key` and `label`"))?,
            min_filled: f.min_filled,
        },
        "container" => FieldKind::Container,
        "table" => {
            let columns = f
                .columns
                .clone()
                .ok_or_else(|| err("a table needs `columns`"))?
                .into_iter()
                .map(|c| {
                    let kind = match c.kind.as_deref().unwrap_or("text") {
                        "text" => FieldKind::Text,
                        "money" => FieldKind::Money,
                        "number" => FieldKind::Number,
                        "bool" => FieldKind::Bool,
                        other => return Err(err(&format!("column `{}`: unsupported kind `{other}`", c.key))),
                    };
                    Ok(Column {
                        key: c.key,
                        label: c.label,
                        aliases: c.aliases,
                        kind,
                        word_limit: c.word_limit,
                        required: c.required,
                        identifier: c.identifier,
                        tier: c.tier,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            FieldKind::Table(TableSpec {
                columns,
                hints: f.hints.clone(),
                keep_unknown_columns: f.keep_unknown_columns,
                max_rows_rule: f.max_rows_rule.clone(),
            })
        }
        "group" => {
            let raw_items: Vec<RawField> = f
                .items_raw
                .clone()
                .ok_or_else(|| err("a group needs `items`"))?
                .try_into()
                .map_err(|e: toml::de::Error| err(&e.to_string()))?;
            let items = raw_items.into_iter().map(|i| resolve_field(i, true)).collect::<Result<Vec<_>, _>>()?;
            FieldKind::Group { anchor: f.label.clone(), items, max_rule: f.max_rule.clone() }
        }
        "section_text" => FieldKind::SectionText,
        other => return Err(err(&format!("unknown kind `{other}`"))),
    };
    Ok(FieldSpec {
        name_zh: f.name_zh.clone().unwrap_or_else(|| f.label.clone()),
        key: f.key,
        label: f.label,
        aliases: f.aliases,
        scope,
        required: f.required,
        word_limit: f.word_limit,
        hints: if matches!(kind, FieldKind::Table(_)) { Vec::new() } else { f.hints },
        identifier: f.identifier,
        kind,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    schema_version: u32,
    id: String,
    name_zh: String,
    recognise: RawRecognise,
    sections: Vec<RawSection>,
    fields: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecognise {
    markers: Vec<String>,
    min: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    key: String,
    parent: Option<String>,
    title: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    hints: Vec<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: String,
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
    name_zh: Option<String>,
    r#in: Option<String>,
    within: Option<String>,
    section: Option<String>,
    #[serde(default)]
    required: bool,
    kind: String,
    word_limit: Option<usize>,
    #[serde(default)]
    hints: Vec<String>,
    identifier: Option<String>,
    choice_rule: Option<String>,
    options: Option<Vec<String>>,
    groups: Option<Vec<RawGroup>>,
    min: Option<usize>,
    max: Option<usize>,
    per_group_max: Option<usize>,
    years: Option<Vec<String>>,
    money: Option<bool>,
    min_filled: Option<usize>,
    columns: Option<Vec<RawColumn>>,
    #[serde(default)]
    keep_unknown_columns: bool,
    max_rows_rule: Option<String>,
    max_rule: Option<String>,
    /// `items` is either fill items (`fills`) or group fields (`group`).
    #[serde(default, rename = "items")]
    items_raw: Option<toml::Value>,
}

impl RawField {
    fn fill_items(&self) -> Option<Vec<FillItem>> {
        let arr = self.items_raw.as_ref()?.as_array()?;
        arr.iter()
            .map(|v| {
                let t = v.as_table()?;
                if t.keys().any(|k| k != "key" && k != "label") {
                    return None;
                }
                Some(FillItem {
                    key: t.get("key")?.as_str()?.to_string(),
                    label: t.get("label")?.as_str()?.to_string(),
                })
            })
            .collect()
    }
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: String,
    options: Vec<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    key: String,
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: Option<String>,
    word_limit: Option<usize>,
    #[serde(default)]
    required: bool,
    identifier: Option<String>,
    #[serde(default)]
    tier: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanxi() -> Template {
        Template::load_named("shanxi-2025", crate::default_templates_dir()).unwrap()
    }

    #[test]
    fn shanxi_template_loads_with_every_product_key() {
        let t = shanxi();
        for key in [
            "project.name",
            "project.track",
            "project.summary",
            "project.scenarios",
            "data.service_targets",
            "data.sources",
            "data.update_frequency",
            "data.product_types",
            "data.modeling",
            "data.value_goals",
            "application.customers_total",
            "application.cases",
            "application.deployment",
            "application.charging",
            "application.market_revenue",
            "application.dev_cost",
            "team.name",
            "team.members",
            "units",
            "narrative.background",
            "narrative.scenarios",
            "narrative.advantages",
            "solution.data_foundation",
            "solution.technical_route",
            "solution.data_governance",
            "solution.innovation",
            "solution.security",
            "outcomes",
            "business_model",
            "ip.patents",
            "ip.software_copyrights",
            "contracts",
        ] {
            assert!(t.field(key).is_some(), "template lacks {key}");
        }
        let limits: Vec<usize> =
            t.fields.iter().filter(|f| matches!(f.scope, Scope::SectionText(_))).filter_map(|f| f.word_limit).collect();
        assert_eq!(limits, vec![500, 500, 1000, 3000, 4000, 3000, 3000, 5000, 5000]);
    }

    #[test]
    fn unknown_keys_and_dangling_references_are_rejected() {
        let good = std::fs::read_to_string(crate::default_templates_dir().join("shanxi-2025/template.toml")).unwrap();
        let typo = good.replacen("word_limit = 1000", "word_limt = 1000", 1);
        let e = Template::from_toml_str(&typo, "typo").unwrap_err().to_string();
        assert!(e.contains("word_limt"), "{e}");
        let dangling = good.replacen("within = \"data.market\"", "within = \"data.nowhere\"", 1);
        let e = Template::from_toml_str(&dangling, "dangling").unwrap_err().to_string();
        assert!(e.contains("data.nowhere"), "{e}");
    }
}
