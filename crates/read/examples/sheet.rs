//! Reads spreadsheets as the pipeline does and prints their text or the reason they were refused
//! (a developer aid: `cargo run --release -p read --example sheet -- FILE...`).
#![allow(clippy::print_stdout)]
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let name = std::path::Path::new(&path).file_name().and_then(|n| n.to_str()).unwrap_or("x.xlsx");
        match read::sheet::read(&bytes, name, &read::Limits::default()) {
            Ok(doc) => println!("{}", doc.plain_text()),
            Err(e) => println!("{path}: {e}"),
        }
    }
}
