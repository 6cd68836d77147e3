#![no_main]
//! The JSON importer never panics, and what it accepts renders and reads back.
use preflight_core::formats::{parse, render, Format};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(v) = parse(text, Format::Json) {
        let out = render(&v, Format::Json).expect("JSON renders every value");
        assert_eq!(parse(&out, Format::Json).ok(), Some(v));
    }
});
