//! Rebuilds `OUT/index` from a run folder and prints what it took: `cargo run --release -p search
//! --example reindex OUT` (for measuring the index stage alone, e.g. under `/usr/bin/time -v`).

#![allow(clippy::print_stdout)]

fn main() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: reindex RUN_FOLDER");
        std::process::exit(2);
    };
    match search::build_index(std::path::Path::new(&out)) {
        Ok(s) => println!("{} dossiers, {} documents in {:.2} s", s.dossiers, s.documents, s.seconds),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
