//! `samplegen [OUT]`: writes the sample batch (`OUT/batch/…`) and its ground truth
//! (`OUT/truth/…`); `OUT` defaults to `samples`.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("samples"));
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
