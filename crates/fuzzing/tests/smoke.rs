//! A deterministic mutation smoke on stable, so CI exercises every reader even without nightly:
//! small seeds from `samples/` (and two written here), mutated by a seeded generator (bit flips,
//! insertions, boundary values, truncations, chunk duplication and removal), each mutant through
//! its target's harness under a 10 s deadline. A failing mutant is saved under the test's
//! temporary folder and named in the failure, ready to be kept in `fuzz/regressions/<target>/`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "support/mutate.rs"]
mod mutate;

use mutate::{mutant, Rng};

const LIMIT: Duration = Duration::from_secs(10);
const MUTANTS: usize = 300;
/// The matcher runs unoptimised in debug tests (about 90 ms a document): fewer mutants.
const MATCHER_MUTANTS: usize = 200;

fn samples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples"))
}

/// The seeds of `target` from these sample files.
fn seeds(target: &str, files: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for f in files {
        let path = samples().join(f);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for (i, (t, seed)) in fuzzing::seeds::seeds(f, &bytes).into_iter().enumerate() {
            if t == target {
                out.push((format!("{f}#{i}"), seed));
            }
        }
    }
    assert!(!out.is_empty(), "no {target} seed in {files:?}");
    out
}

fn smoke(target: &str, seeds: Vec<(String, Vec<u8>)>) {
    smoke_n(target, seeds, MUTANTS);
}

fn smoke_n(target: &str, seeds: Vec<(String, Vec<u8>)>, mutants: usize) {
    let t = fuzzing::target(target).expect("a target of fuzzing::TARGETS");
    let rng_seed = 0x5EED_0000 + target.bytes().map(u64::from).sum::<u64>();
    let n_seeds = seeds.len();
    let inputs = Box::new(seeds.clone().into_iter().chain((0..mutants).scan(Rng::new(rng_seed), move |rng, i| {
        let (name, seed) = &seeds[i % seeds.len()];
        Some((format!("mutant {i} of {name} (rng {rng_seed:#x})"), mutant(seed, rng)))
    })));
    let started = Instant::now();
    match fuzzing::deadline::run_each(t.run, inputs, LIMIT) {
        Ok(n) => eprintln!("{target}: {n} inputs ({n_seeds} seeds, {mutants} mutants) in {:?}", started.elapsed()),
        Err(f) => {
            let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-smoke");
            let _ = std::fs::create_dir_all(&dir);
            let saved = dir.join(format!("{target}-failure"));
            let _ = std::fs::write(&saved, &f.bytes);
            panic!("{target}: {} {} (input saved as {})", f.input, f.what, saved.display());
        }
    }
}

#[test]
fn smoke_docx() {
    smoke("docx", seeds("docx", &["batch/SX2025-0001/申报书.docx", "batch/SX2025-0012/技术服务合同.docx"]));
}

#[test]
fn smoke_pdf() {
    smoke(
        "pdf",
        seeds("pdf", &["batch/SX2025-0001/专利证书-1.pdf", "batch/SX2025-0001/合同-太原沁水汽车零部件有限公司.pdf"]),
    );
}

#[test]
fn smoke_sheet() {
    let mut s = seeds("sheet", &["batch/SX2025-0001/财务数据.xlsx"]);
    let mut csv = vec![fuzzing::sheet_prefix("csv")];
    csv.extend_from_slice("指标,2023年,2024年\n营业收入（万元）,1200.5,1530\n研发投入,\"1,000\",80\n".as_bytes());
    s.push(("csv".to_string(), csv));
    smoke("sheet", s);
}

#[test]
fn smoke_image() {
    smoke("image", seeds("image", &["batch/SX2025-0001/营业执照.jpg"]));
}

#[test]
fn smoke_zip() {
    smoke("zip", seeds("zip", &["batch/SX2025-0009.zip", "batch/SX2025-0001/财务数据.xlsx"]));
}

#[test]
fn smoke_matcher() {
    smoke_n(
        "matcher",
        seeds("matcher", &["batch/SX2025-0001/申报书.docx", "batch/SX2025-0003/申报书.docx"]),
        MATCHER_MUTANTS,
    );
}
