#![no_main]
//! `docx`: see `fuzzing::docx` (crates/fuzzing), which the stable tests replay too.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::docx(data));
