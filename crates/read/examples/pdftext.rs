//! PDF text throughput, for `bench/run.sh`: reads the PDFs listed (one path a line) in the file
//! given as the first argument, on one thread, `--repeat N` times (the last pass is quoted),
//! and prints `files bytes chars failed seconds` of that pass. With `--out DIR` it also writes
//! each file's text to `DIR/<n>.txt` (for comparing with pdftotext).
#![allow(clippy::print_stdout)]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let list = args.next().expect("usage: pdftext LIST [--repeat N] [--out DIR]");
    let (mut repeat, mut out) = (2usize, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|v| v.parse().ok()).expect("--repeat N"),
            "--out" => out = args.next(),
            _ => panic!("unknown argument {a}"),
        }
    }
    let paths: Vec<String> =
        std::fs::read_to_string(&list).expect("list").lines().filter(|l| !l.is_empty()).map(String::from).collect();
    let limits = read::Limits::default();
    let mut last = (0u64, 0usize, 0usize, 0.0f64);
    for pass in 0..repeat.max(1) {
        let t = Instant::now();
        let (mut bytes, mut chars, mut failed) = (0u64, 0usize, 0usize);
        for (n, p) in paths.iter().enumerate() {
            let data = std::fs::read(p).expect("readable file");
            bytes += data.len() as u64;
            match read::pdf::read(&data, &limits) {
                Ok(doc) => {
                    let text = doc.plain_text();
                    chars += text.chars().count();
                    if let (Some(dir), true) = (&out, pass == 0) {
                        std::fs::write(format!("{dir}/{n}.txt"), text).expect("write text");
                    }
                }
                Err(_) => failed += 1,
            }
        }
        last = (bytes, chars, failed, t.elapsed().as_secs_f64());
    }
    println!("{} {} {} {} {:.3}", paths.len(), last.0, last.1, last.2, last.3);
}
