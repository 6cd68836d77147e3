#![no_main]
//! The YAML importer never panics, and what it accepts renders and reads back.
use preflight_core::formats::{parse, render, Format};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(v) = parse(text, Format::Yaml) {
        let out = render(&v, Format::Yaml).expect("YAML renders every value");
        // An empty document reads back as an empty object.
        if !v.is_null() {
            assert_eq!(parse(&out, Format::Yaml).ok(), Some(v));
        }
    }
});
