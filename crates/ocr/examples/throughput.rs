//! OCR throughput: pictures per second with the engine and settings `dossier run` uses.
//!
//! ```text
//! cargo run --release -p ocr --features tesseract --example throughput -- [--threads 1,2] [--limit N] PATH…
//! ```
//!
//! PATH is a picture or a folder searched for pictures (.png .jpg .jpeg .tif .tiff .bmp). Each
//! picture is decoded once, then recognised by T threads pulling from one queue (one engine per
//! thread, as in a run), for every T given. Prints one line per T: pictures, wall seconds,
//! pictures/s, CPU seconds per picture (the process's user+system time from /proc/self/stat,
//! engine loading included) and characters read per picture. Used by `bench/run.sh` (step 5).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn main() {
    let mut threads = vec![1, std::thread::available_parallelism().map_or(2, |n| n.get())];
    let mut limit = usize::MAX;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => {
                threads = args
                    .next()
                    .expect("--threads needs a list")
                    .split(',')
                    .map(|t| t.trim().parse().expect("--threads: numbers"))
                    .collect()
            }
            "--limit" => limit = args.next().and_then(|n| n.parse().ok()).expect("--limit needs a number"),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    if !ocr::available() {
        eprintln!("throughput: {}", ocr::recognize_unavailable_reason());
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for p in &paths {
        collect(p, &mut files);
    }
    files.sort();
    files.truncate(limit);
    let pictures: Vec<image::DynamicImage> = files
        .iter()
        .filter_map(|f| match image::open(f) {
            Ok(i) => Some(i),
            Err(e) => {
                eprintln!("throughput: skipped {}: {e}", f.display());
                None
            }
        })
        .collect();
    if pictures.is_empty() {
        eprintln!("throughput: no pictures under the given paths");
        std::process::exit(2);
    }
    let pixels: f64 = pictures.iter().map(|p| f64::from(p.width()) * f64::from(p.height())).sum();
    println!(
        "pictures {} · mean {:.2} Mpx · engine {} (MAX_SIDE {} px)",
        pictures.len(),
        pixels / pictures.len() as f64 / 1e6,
        std::env::var("DOSSIER_OCR_LANG").unwrap_or_else(|_| "chi_sim".into()),
        ocr::MAX_SIDE
    );
    for &t in &threads {
        let next = AtomicUsize::new(0);
        let chars = AtomicUsize::new(0);
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..t.max(1) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = pictures.get(i) else { break };
                    if let Ok(text) = ocr::recognize(p) {
                        chars.fetch_add(text.chars().filter(|c| !c.is_whitespace()).count(), Ordering::Relaxed);
                    }
                });
            }
        });
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        let n = pictures.len() as f64;
        println!(
            "threads {t} · wall {wall:.2} s · {:.2} pictures/s · CPU {:.2} s/picture · {:.0} characters/picture",
            n / wall,
            cpu / n,
            chars.load(Ordering::Relaxed) as f64 / n
        );
    }
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                collect(&e.path(), out);
            }
        }
    } else if p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg" | "tif" | "tiff" | "bmp"))
    {
        out.push(p.to_path_buf());
    }
}

/// User + system CPU seconds of this process so far (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
