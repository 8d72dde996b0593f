//! Every reproducer kept under `fuzz/regressions/<target>/` (a crash, hang or out-of-memory the
//! fuzzer found, fixed since) goes through its target's harness again, each under a 10 s
//! deadline on a worker thread: a panic or a timeout fails naming the file.

use std::path::PathBuf;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(10);

fn regressions_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/regressions"))
}

fn replay(target: &str) {
    let t = fuzzing::target(target).expect("a target of fuzzing::TARGETS");
    let dir = regressions_dir().join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let started = Instant::now();
    let inputs = Box::new(files.into_iter().map(|p| {
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
        (p.display().to_string(), bytes)
    }));
    match fuzzing::deadline::run_each(t.run, inputs, LIMIT) {
        Ok(n) => eprintln!("{target}: {n} regression inputs replayed in {:?}", started.elapsed()),
        Err(f) => panic!("{target}: {} {}", f.input, f.what),
    }
}

#[test]
fn regressions_docx() {
    replay("docx");
}

#[test]
fn regressions_pdf() {
    replay("pdf");
}

#[test]
fn regressions_sheet() {
    replay("sheet");
}

#[test]
fn regressions_image() {
    replay("image");
}

#[test]
fn regressions_zip() {
    replay("zip");
}

#[test]
fn regressions_matcher() {
    replay("matcher");
}

/// A folder named after no target would be replayed by nothing.
#[test]
fn every_regressions_folder_is_a_target() {
    let Ok(rd) = std::fs::read_dir(regressions_dir()) else { return };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            assert!(fuzzing::target(&name).is_some(), "fuzz/regressions/{name}/ is not a target of fuzzing::TARGETS");
        }
    }
}
