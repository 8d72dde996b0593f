//! Runs the cross stage again on a run folder's `fingerprints.jsonl` and prints its counters and
//! time: `cargo run --release -p cross --example replay -- OUT`. For profiling the stage on a
//! real batch without reading the batch again.

use std::io::BufRead;
use std::time::Instant;

fn main() {
    let out = std::env::args().nth(1).expect("usage: replay OUT");
    let file = std::fs::File::open(std::path::Path::new(&out).join("fingerprints.jsonl")).expect("fingerprints.jsonl");
    let prints: Vec<cross::DossierPrint> = std::io::BufReader::new(file)
        .lines()
        .map(|l| serde_json::from_str(&l.expect("line")).expect("a fingerprint"))
        .collect();
    let cx = cross::Context::new(cross::Config::default(), ["项目名称"], cross::DEFAULT_KEY);
    let t = Instant::now();
    let r = cross::analyse(&prints, &[], &cx);
    println!(
        "{} dossiers: {:.3} s, {} findings, {} clusters",
        prints.len(),
        t.elapsed().as_secs_f64(),
        r.findings.len(),
        r.clusters.len()
    );
    for (k, v) in &r.stats {
        println!("  {k}: {v}");
    }
}
