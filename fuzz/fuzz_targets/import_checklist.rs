#![no_main]
// Every checklist importer must return a preview or a typed error, never
// panic; and what it accepts must export and re-import without panicking.
use preflight_core::checklist::{
    export_csv, export_markdown, import_checklist, segments, ImportFormat,
};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = segments(text);
    for format in [ImportFormat::Markdown, ImportFormat::Csv, ImportFormat::Json] {
        if let Ok(preview) = import_checklist(text, format, "fuzz") {
            let _ = preview.counts();
            let _ = import_checklist(&export_markdown(&preview.checklist), ImportFormat::Markdown, "x");
            let _ = import_checklist(&export_csv(&preview.checklist), ImportFormat::Csv, "x");
        }
    }
});
