#![no_main]
//! `docx`: see `fuzzing::docx` (crates/fuzzing), which the stable tests replay too.

libfuzzer_sys::fuzz_target!(init: fuzzing::fuzz_init(), |data: &[u8]| fuzzing::docx(data));
