//! `fuzz-seed OUT SRC...`: writes the seeds of every file under the `SRC` folders into
//! `OUT/<target>/` (see `fuzzing::seeds::seeds`). Files and seeds over 1 MiB are skipped: libFuzzer
//! mutates small inputs far faster, and the big ones add little coverage. Run by `fuzz/seed.sh`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MAX_SEED: u64 = 1 << 20;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.is_file() && p.metadata().is_ok_and(|m| m.len() <= MAX_SEED) {
            out.push(p);
        }
    }
}

/// A file name for the seed: the source path's ASCII letters and digits (names in the samples are
/// Chinese), made unique by a counter.
fn seed_name(src: &Path, n: usize) -> String {
    let s: String = src
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let s = s.trim_matches(|c| c == '_' || c == '.');
    format!("{n:04}-{}", &s[s.len().saturating_sub(80)..])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, srcs)) = args.split_first() else {
        eprintln!("usage: fuzz-seed OUT SRC...");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let mut files = Vec::new();
    for s in srcs {
        walk(Path::new(s), &mut files);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else { continue };
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (target, seed) in fuzzing::seeds::seeds(&name, &bytes) {
            if seed.len() as u64 > MAX_SEED {
                continue;
            }
            let n = counts.entry(target).or_default();
            *n += 1;
            let dir = out.join(target);
            let path = dir.join(seed_name(f, *n));
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, &seed)) {
                eprintln!("cannot write {}: {e}", path.display());
                std::process::exit(1);
            }
        }
    }
    for (target, n) in &counts {
        eprintln!("{target}: {n} seeds");
    }
}
