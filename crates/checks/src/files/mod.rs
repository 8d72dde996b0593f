//! Checks about the dossier's files: the form found, files read, evidence present.

pub(crate) mod attachment_missing;
pub(crate) mod file_unreadable;
pub(crate) mod ocr_needed;
pub(crate) mod template_mismatch;
