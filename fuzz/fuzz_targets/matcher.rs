#![no_main]
//! `matcher`: see `fuzzing::matcher` (crates/fuzzing), which the stable tests replay too.

libfuzzer_sys::fuzz_target!(init: fuzzing::fuzz_init(), |data: &[u8]| fuzzing::matcher(data));
