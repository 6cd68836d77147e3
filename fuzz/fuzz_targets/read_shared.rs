#![no_main]
//! What arrives from outside the workspace: an approval link payload or
//! file, a backup file, a stored workspace document. Any bytes give a value
//! or a typed error, never a panic.
use preflight_core::{approval, backup, Workspace};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = approval::from_link_payload(text);
    let _ = approval::from_file(text);
    let _ = backup::read_backup(text);
    if let Ok(ws) = Workspace::from_json(text) {
        // What loads must save and load back the same.
        assert_eq!(Workspace::from_json(&ws.to_json()).ok(), Some(ws));
    }
});
