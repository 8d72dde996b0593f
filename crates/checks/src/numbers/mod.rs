//! Number checks: parseable, and consistent with each other.

pub(crate) mod inconsistent_values;
pub(crate) mod number_invalid;
