//! Runs the cross stage again on a run folder's `fingerprints.jsonl` and prints its counters,
//! time and (on Linux) the process's peak memory: `cargo run --release -p cross --example
//! replay -- OUT [--spill]`. For profiling the stage on a real batch without reading the batch
//! again. `--spill` moves thumbnails and section texts to a temporary file as each print is
//! read, as `dossier run` does (`OUT/.cross-spill.tmp`; a print in memory then keeps hashes and
//! offsets), so the figures are the run's. `--dump FILE` writes the findings and clusters (Debug
//! form), to compare the stage's output before and after a change. `--read-only` stops after
//! reading: its peak is what a run holds of the prints until the cross stage (with `--spill`).

use std::io::BufRead;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out =
        args.first().filter(|a| !a.starts_with("--")).expect("usage: replay OUT [--spill] [--read-only] [--dump FILE]");
    let spill_on = args.iter().any(|a| a == "--spill");
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1));
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
    if args.iter().any(|a| a == "--read-only") {
        println!("{} prints read: peak RSS {read} MB", prints.len());
        return;
    }
    let cx = cross::Context::new(cross::Config::default(), ["项目名称"], cross::DEFAULT_KEY);
    let t = Instant::now();
    // Resident memory sampled every 100 ms, to tell which join holds the peak.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut v = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                v.push((t.elapsed().as_millis() as u64, rss_mb()));
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            v
        })
    };
    // As a run does: the findings and clusters to a scratch file beside the spill.
    let r = cross::analyse_spilled(&prints, &[], &cx, &out.join(".replay-records.tmp"));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let samples = sampler.join().expect("sampler");
    println!(
        "{} dossiers: {:.3} s, {} findings, {} clusters; peak RSS {} MB after reading, {} MB after the stage",
        prints.len(),
        t.elapsed().as_secs_f64(),
        r.finding_count(),
        r.cluster_count(),
        read,
        peak_mb()
    );
    for (k, v) in &r.stats {
        println!("  {k}: {v}");
    }
    // The joins run in this order; their `ms_` counters give each one's span.
    let mut at = 0;
    for join in ["files", "images", "text", "people", "ip", "links", "contests"] {
        let ms = r.stats.get(&format!("ms_{join}")).copied().unwrap_or(0);
        let top = samples.iter().filter(|(s, _)| *s >= at && *s <= at + ms).map(|(_, m)| *m).max().unwrap_or(0);
        println!("  largest RSS during {join}: {top} MB");
        at += ms;
    }
    if let Some(path) = dump {
        let mut s = String::new();
        for f in r.findings() {
            s.push_str(&format!("{:?}\n", f.expect("finding read back")));
        }
        for c in r.clusters() {
            s.push_str(&format!("{:?}\n", c.expect("cluster read back")));
        }
        std::fs::write(path, s).expect("dump file");
    }
    drop(spill);
    let _ = std::fs::remove_file(&spill_path);
}

/// VmHWM of this process in MB (0 where /proc is absent).
fn peak_mb() -> u64 {
    status_mb("VmHWM:")
}

/// VmRSS of this process in MB.
fn rss_mb() -> u64 {
    status_mb("VmRSS:")
}

fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
