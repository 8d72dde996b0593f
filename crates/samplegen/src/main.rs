//! `samplegen [OUT]`: writes the sample batch (`OUT/batch/…`) and its ground truth
//! (`OUT/truth/…`); `OUT` defaults to `samples`.
//!
//! `samplegen perf [--n N] [--seed S] OUT`: writes a performance batch of `N` dossiers (default
//! 200, seed 1) into the folder `OUT` and the planted list to `OUT.planted.json` (see `perf.rs`).
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn perf(args: &[String]) -> ExitCode {
    let (mut n, mut seed, mut out) = (200usize, 1u64, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let num = |v: Option<&String>| v.and_then(|v| v.parse::<u64>().ok());
        match a.as_str() {
            "--n" => match num(it.next()) {
                Some(v) => n = v as usize,
                None => return usage(),
            },
            "--seed" => match num(it.next()) {
                Some(v) => seed = v,
                None => return usage(),
            },
            s if !s.starts_with('-') && out.is_none() => out = Some(PathBuf::from(s)),
            _ => return usage(),
        }
    }
    let Some(out) = out else { return usage() };
    let t = Instant::now();
    if !samplegen::perf::font_embedded() {
        eprintln!(
            "samplegen perf: warning: no CJK font to embed (install fonts-wqy-microhei or set DOSSIER_CJK_FONT): \
             the PDFs will name STSong-Light without embedding it, far smaller and lighter to read than Word/WPS exports"
        );
    }
    match samplegen::perf::write_perf(&out, n, seed) {
        Ok(s) => {
            println!(
                "wrote {} dossiers ({} zipped, {} files, {:.1} MB) to {} in {:.1} s; CJK font embedded: {}; planted: {} duplicates, {} near-duplicate images, {} copied sections",
                s.dossiers,
                s.zipped,
                s.files,
                s.bytes as f64 / 1e6,
                out.display(),
                t.elapsed().as_secs_f64(),
                samplegen::perf::font_embedded(),
                s.planted.duplicates.len(),
                s.planted.near_duplicate_images.len(),
                s.planted.copied_narratives.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("samplegen perf: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: samplegen [OUT] | samplegen perf [--n N] [--seed S] OUT");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("perf") {
        return perf(&args[1..]);
    }
    let out = args.first().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("samples"));
    match samplegen::write_samples(&out) {
        Ok(ds) => {
            for d in &ds {
                let kind = if d.as_zip { "zip" } else { "dir" };
                println!("{} ({kind}, {} files): {}", d.id, d.files.len(), d.note);
            }
            println!("wrote {} dossiers to {}", ds.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("samplegen: {e}");
            ExitCode::FAILURE
        }
    }
}
