//! Resident memory after each step of writing the reports of a run folder, to see which step
//! grows with the batch: `cargo run --release -p report --example report_memory -- OUT [PIPELINE]`.

use std::path::PathBuf;

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1e6)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: report_memory OUT [PIPELINE]"));
    let pipeline = PathBuf::from(args.next().unwrap_or_else(|| "pipelines/shanxi-2025.toml".into()));
    let p = template::Pipeline::load(&pipeline).expect("pipeline");
    let t = template::Template::load_named(&p.template, std::path::Path::new("templates")).expect("template");
    println!("start: {:.0} MB", rss_mb());
    let t0 = std::time::Instant::now();
    let run = report::RunData::load_for_report(&out).expect("run folder");
    println!(
        "loaded {} dossiers, {} findings: {:.0} MB ({:.2} s)",
        run.dossiers.len(),
        run.findings.len(),
        rss_mb(),
        t0.elapsed().as_secs_f64()
    );
    let sheets = report::tables::sheets(&run, &p, &t);
    let cells: usize = sheets.iter().map(|s| s.rows.len() * s.headers.len()).sum();
    println!("sheets ({cells} cells): {:.0} MB ({:.2} s)", rss_mb(), t0.elapsed().as_secs_f64());
    drop(run);
    println!("run dropped: {:.0} MB", rss_mb());
    let html = report::html::page("t", &sheets);
    println!("html ({} bytes): {:.0} MB ({:.2} s)", html.len(), rss_mb(), t0.elapsed().as_secs_f64());
    drop(html);
    let x = report::xlsx::workbook(&sheets).expect("xlsx");
    println!("xlsx ({} bytes): {:.0} MB ({:.2} s)", x.len(), rss_mb(), t0.elapsed().as_secs_f64());
}
