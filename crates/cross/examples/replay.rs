//! Runs the cross stage again on a run folder's `fingerprints.jsonl` and prints its counters,
//! time and (on Linux) the process's peak memory: `cargo run --release -p cross --example
//! replay -- OUT [--spill]`. For profiling the stage on a real batch without reading the batch
//! again. `--spill` moves thumbnails and section texts to a temporary file as each print is
//! read, as `dossier run` does (`OUT/.cross-spill.tmp`; a print in memory then keeps hashes and
//! offsets), so the figures are the run's.

use std::io::BufRead;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args.iter().find(|a| !a.starts_with("--")).expect("usage: replay OUT [--spill]");
    let spill_on = args.iter().any(|a| a == "--spill");
    let out = std::path::Path::new(out);
    let spill_path = out.join(".replay-spill.tmp");
    let spill = spill_on.then(|| cross::Spill::create(&spill_path).expect("spill file"));
    let file = std::fs::File::open(out.join("fingerprints.jsonl")).expect("fingerprints.jsonl");
    let prints: Vec<cross::DossierPrint> = std::io::BufReader::new(file)
        .lines()
        .map(|l| {
            let mut p: cross::DossierPrint = serde_json::from_str(&l.expect("line")).expect("a fingerprint");
            if let Some(s) = &spill {
                p.spill(s);
            }
            p
        })
        .collect();
    let read = peak_mb();
    let cx = cross::Context::new(cross::Config::default(), ["项目名称"], cross::DEFAULT_KEY);
    let t = Instant::now();
    let r = cross::analyse(&prints, &[], &cx);
    println!(
        "{} dossiers: {:.3} s, {} findings, {} clusters; peak RSS {} MB after reading, {} MB after the stage",
        prints.len(),
        t.elapsed().as_secs_f64(),
        r.findings.len(),
        r.clusters.len(),
        read,
        peak_mb()
    );
    for (k, v) in &r.stats {
        println!("  {k}: {v}");
    }
    drop(spill);
    let _ = std::fs::remove_file(&spill_path);
}

/// VmHWM of this process in MB (0 where /proc is absent).
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
