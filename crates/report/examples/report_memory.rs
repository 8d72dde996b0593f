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
        "listed {} dossiers, counted {} findings: {:.0} MB ({:.2} s)",
        run.dossier_count(),
        run.findings_count(),
        rss_mb(),
        t0.elapsed().as_secs_f64()
    );
    let sheets = report::tables::sheets(&run, &p, &t).expect("sheets");
    println!("held sheets made: {:.0} MB ({:.2} s)", rss_mb(), t0.elapsed().as_secs_f64());
    let mut html = std::io::BufWriter::new(std::fs::File::create(out.join("report-memory.html.tmp")).unwrap());
    report::html::write_page(&mut html, "t", &sheets).expect("html");
    drop(html);
    println!("html streamed: {:.0} MB ({:.2} s)", rss_mb(), t0.elapsed().as_secs_f64());
    report::xlsx::write(&out.join("report-memory.xlsx.tmp"), &sheets, &out).expect("xlsx");
    println!("xlsx streamed: {:.0} MB ({:.2} s)", rss_mb(), t0.elapsed().as_secs_f64());
    for f in ["report-memory.html.tmp", "report-memory.xlsx.tmp"] {
        let _ = std::fs::remove_file(out.join(f));
    }
}
