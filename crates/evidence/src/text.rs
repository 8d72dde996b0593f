//! Text helpers shared by the analysers: compaction for keyword tests, file-name parts.

use conventions::normalize::{fold_char, is_blank_char};

/// Width-folded, blank-free copy: `营 业 执 照` (spaced titles, OCR) → `营业执照`.
pub(crate) fn compact(s: &str) -> String {
    s.chars().map(fold_char).filter(|c| !is_blank_char(*c)).collect()
}

/// The last path component of a file name, compacted.
pub(crate) fn base_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    compact(base)
}

/// The lower-case extension, without the dot.
pub(crate) fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rfind('.') {
        Some(i) if i > 0 => base[i + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// True when `hay` contains any of `needles`.
pub(crate) fn any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

/// How many of `needles` `hay` contains.
pub(crate) fn count(hay: &str, needles: &[&str]) -> usize {
    needles.iter().filter(|n| hay.contains(*n)).count()
}
