//! Masking for everything a person looks at: every string that leaves this crate (a cell, a
//! page, a packet) goes through [`mask_text`].

use once_cell::sync::Lazy;
use regex::Regex;

/// Landline shape: area code 0 + 2–3 digits (optionally in brackets), a separator, 7–8 digits.
static LANDLINE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[（(]?0\d{2,3}[)）]?[-－—\s]?\d{7,8}").expect("valid landline pattern"));

/// Masks ID numbers and mobile numbers ([`conventions::mask::mask_all`]) and landline numbers
/// ([`conventions::mask::mask_phone`]) in free text; everything else is kept.
pub fn mask_text(text: &str) -> String {
    let s = conventions::mask::mask_all(text);
    if !s.bytes().any(|b| b == b'0') && !s.contains('０') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in LANDLINE.find_iter(&s) {
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        if conventions::ids::phone(m.as_str()).is_err() {
            continue;
        }
        out.push_str(&s[last..m.start()]);
        out.push_str(&conventions::mask::mask_phone(m.as_str()));
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// A copy of a dossier's JSON (or any part of it) safe to show: values under a key naming an ID
/// number (`id_number`) or a phone (`phone`, `contact_phone`, …) are masked whatever their shape
/// (passport numbers too), every other string through [`mask_text`].
pub fn mask_json(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    fn walk(key: Option<&str>, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(match key {
                Some(k) if k.contains("id_number") => conventions::mask::mask_id_number(s),
                Some(k) if k.contains("phone") => conventions::mask::mask_phone(s),
                _ => mask_text(s),
            }),
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(key, x)).collect()),
            Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), walk(Some(k), x))).collect()),
            other => other.clone(),
        }
    }
    walk(None, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_ids_mobiles_and_landlines() {
        let t = mask_text("身份证 110101199003071234，手机 13812345678，座机 0351-1234567。编号 2023SR0123456");
        assert!(t.contains("1101**********1234"), "{t}");
        assert!(t.contains("138****5678"), "{t}");
        assert!(!t.contains("1234567。"), "{t}");
        assert!(t.contains("2023SR0123456"), "{t}");
    }
}
