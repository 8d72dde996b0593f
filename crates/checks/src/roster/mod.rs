//! Checks against the platform's registration export (`roster.xlsx` at the batch root).

pub(crate) mod roster_mismatch;
