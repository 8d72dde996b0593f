//! Helpers shared by the end-to-end tests: where the repository, the samples and the shared
//! corpus are, and how to compare extracted JSON with a ground truth.

use std::path::PathBuf;

use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `../shared` beside the repository (or `$DOSSIER_SHARED`), when present.
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("DOSSIER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    p.is_dir().then_some(p)
}

/// Differences between an expected and an actual JSON value, one line each, with paths.
/// Numbers compare by value (35 equals 35.0).
pub fn json_diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => {
            if (a.as_f64().unwrap_or(f64::NAN) - b.as_f64().unwrap_or(f64::NAN)).abs() > 1e-9 {
                out.push(format!("{path}: want {a}, got {b}"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => json_diff(&format!("{path}.{k}"), va, vb, out),
                    None => out.push(format!("{path}.{k}: missing (want {})", short(va))),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {}", short(vb)));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!(
                    "{path}: want {} items, got {}: want {} got {}",
                    a.len(),
                    b.len(),
                    short(want),
                    short(got)
                ));
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                json_diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ => {
            if want != got {
                out.push(format!("{path}: want {}, got {}", short(want), short(got)));
            }
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}
