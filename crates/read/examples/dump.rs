//! Prints the text the DOCX reader gets from a file (a developer aid).
#![allow(clippy::print_stdout)]
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        match read::docx::read(&bytes, &read::Limits::default()) {
            Ok(doc) => println!("{}", doc.plain_text()),
            Err(e) => println!("{path}: {e}"),
        }
    }
}
