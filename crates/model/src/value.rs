//! Extracted field values.

/// The value of one field of the template, as extracted from a form.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Free text as written, trimmed.
    Text(String),
    /// A number (money in 万元, a count, a percentage …). `approx` is set when the team
    /// wrote it as approximate (`约300`, `300左右`).
    Number { value: f64, approx: bool },
    /// A value the form asks to be numeric but that is not (`待定`, `若干`): kept as written
    /// so the checks can report it.
    Invalid(String),
    /// Labels of the checked options, as printed on the form.
    Choices(Vec<String>),
    /// Named sub-values in template order (e.g. revenue by year).
    Object(Vec<(String, FieldValue)>),
    /// Rows of a table or a repeated group, each with named values in template order.
    Records(Vec<Vec<(String, FieldValue)>>),
    /// A yes/no answer.
    Bool(bool),
}

/// All fields extracted from one form: canonical key → value, in template order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    entries: Vec<(String, FieldValue)>,
}

impl Fields {
    /// Sets `key` (replacing an earlier value).
    pub fn set(&mut self, key: &str, value: FieldValue) {
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key.to_string(), value)),
        }
    }

    /// The value of `key`, if extracted.
    pub fn get(&self, key: &str) -> Option<&FieldValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Every `(key, value)` in template order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of fields extracted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was extracted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FieldValue {
    /// The text of a `Text` or `Invalid` value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) | FieldValue::Invalid(s) => Some(s),
            _ => None,
        }
    }

    /// The number of a `Number` value.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            FieldValue::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// A named sub-value of an `Object`.
    pub fn member(&self, name: &str) -> Option<&FieldValue> {
        match self {
            FieldValue::Object(m) => m.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}
