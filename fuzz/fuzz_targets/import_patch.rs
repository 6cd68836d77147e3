#![no_main]
//! RFC 6902 import: any bytes give a change set or a typed error, never a
//! panic. The patch is applied to the demo QA config, so valid patches
//! exercise apply, diff and hashing too.
use preflight_core::{demo, patch, EnvId};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ws = demo::workspace();
    if let Ok(set) = patch::import(&ws, &EnvId::from("qa"), text) {
        assert!(set.verify());
    }
});
