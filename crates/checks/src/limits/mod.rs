//! Count limits of the contest: team size, units, outcome items.

pub(crate) mod outcomes_too_few;
pub(crate) mod team_too_large;
pub(crate) mod units_too_many;
