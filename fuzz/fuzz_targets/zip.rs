#![no_main]
//! `zip`: see `fuzzing::zip` (crates/fuzzing), which the stable tests replay too.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::zip(data));
