#![no_main]
// Filled in by issue 3.
libfuzzer_sys::fuzz_target!(|_data: &[u8]| {});
