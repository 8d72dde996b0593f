//! Checks of the form itself: completeness, limits, choices, track.

pub(crate) mod choice_count;
pub(crate) mod prior_awards;
pub(crate) mod required_missing;
pub(crate) mod section_missing;
pub(crate) mod track_unknown;
pub(crate) mod word_limit_exceeded;
