//! Identifier checks: credit codes, ID numbers, phones, patent and 软著 numbers.

pub(crate) mod credit_code_invalid;
pub(crate) mod id_number_invalid;
pub(crate) mod patent_number_invalid;
pub(crate) mod phone_invalid;
pub(crate) mod software_copyright_number_invalid;

use model::FieldValue;

use crate::walk::items;
use crate::Input;

/// Every (key, name, text) whose column or item is of identifier kind `kind`.
pub(crate) fn identifiers<'a>(input: &Input<'a>, kind: &str) -> Vec<(String, String, &'a str)> {
    items(input)
        .into_iter()
        .filter(|it| it.identifier == Some(kind))
        .filter_map(|it| match it.value {
            FieldValue::Text(s) | FieldValue::Invalid(s) => Some((it.key, it.name_zh, s.as_str())),
            _ => None,
        })
        .collect()
}
