//! Times a fuzz harness on inputs, as the fuzzer calls it but in a plain release build (no
//! coverage instrumentation): `cargo run --release -p fuzzing --example fuzz_replay -- TARGET FILE…`.
//! For a `timeout-`/`slow-unit-` artifact: is it slow here too, and where (run it under `perf`).
#![allow(clippy::print_stdout)]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().expect("usage: replay TARGET FILE…");
    let target = fuzzing::target(&name).unwrap_or_else(|| panic!("no target {name}"));
    for path in args {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let t = Instant::now();
        (target.run)(&bytes);
        println!("{path}: {} bytes, {:.3} s", bytes.len(), t.elapsed().as_secs_f64());
    }
}
