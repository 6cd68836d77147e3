#![no_main]
//! The .env importer never panics, and what it accepts renders and reads back.
use preflight_core::formats::{parse, render, Format};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(v) = parse(text, Format::Env) {
        let out = render(&v, Format::Env).expect(".env renders a flat object of strings");
        assert_eq!(parse(&out, Format::Env).ok(), Some(v));
    }
});
