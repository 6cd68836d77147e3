//! The memory part of the browser benchmark page: parse + diff of the two
//! 50k-leaf documents the native memory bench uses, with the growth of
//! wasm linear memory as the peak (see [`crate::heap_probe`]).

use crate::browser;
use crate::heap_probe::{linear_memory_bytes, Balloon};
use leptos::prelude::*;
use preflight_core::demo::large::{memory_texts, parse_then_diff};
use wasm_bindgen::JsValue;

/// What one measurement found.
#[derive(Clone)]
struct Figures {
    input: usize,
    peak: usize,
    changes: usize,
    heap_before: usize,
    balloon: usize,
    ms: f64,
}

/// Generates the texts, moves them out to JavaScript (where the page holds
/// a file's text before reading it), takes the heap's free space, then
/// reads, parses and diffs them.
fn measure() -> Result<Figures, String> {
    let texts: [JsValue; 2] = {
        let (a, b) = memory_texts();
        [JsValue::from_str(&a), JsValue::from_str(&b)]
    };
    let balloon = Balloon::inflate();
    let heap_before = linear_memory_bytes();
    let clock = web_sys::window().and_then(|w| w.performance());
    let t0 = clock.as_ref().map_or(0.0, |p| p.now());
    let (input, changes) = parse_then_diff(|i| {
        texts[i]
            .as_string()
            .ok_or_else(|| Box::<dyn std::error::Error>::from("the text was lost"))
    })
    .map_err(|e| e.to_string())?;
    let ms = clock.as_ref().map_or(0.0, |p| p.now()) - t0;
    let peak = linear_memory_bytes() - heap_before;
    Ok(Figures {
        input,
        peak,
        changes,
        heap_before,
        balloon: balloon.bytes(),
        ms,
    })
}

#[component]
pub fn MemoryBench() -> impl IntoView {
    let result = RwSignal::new(None::<Result<Figures, String>>);
    let run = move |_| {
        browser::mark("bench:memory");
        result.set(Some(measure()));
    };
    let mb = |b: usize| format!("{:.1} MB", b as f64 / 1_048_576.0);
    view! {
        <section class="card">
            <h2>"Memory"</h2>
            <p>"Parses two 50k-leaf JSON documents (about 4.8 MB each) and diffs them, each text dropped once parsed, and reports how far the heap grew."</p>
            <button type="button" class="button" data-testid="bench-memory-run" on:click=run>"Measure parse + diff"</button>
            {move || match result.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p role="alert" data-testid="bench-memory-error">{e}</p> }.into_any(),
                Some(Ok(f)) => view! {
                    <dl
                        data-testid="bench-memory-result"
                        data-input=f.input
                        data-peak=f.peak
                        data-changes=f.changes
                        data-heap-before=f.heap_before
                        data-balloon=f.balloon
                        data-ms=format!("{:.0}", f.ms)
                    >
                        <dt>"Input"</dt><dd>{mb(f.input)}</dd>
                        <dt>"Peak"</dt><dd>{format!("{} = {:.2}× the input", mb(f.peak), f.peak as f64 / f.input.max(1) as f64)}</dd>
                        <dt>"Changes"</dt><dd>{f.changes}</dd>
                        <dt>"Time"</dt><dd>{format!("{:.0} ms", f.ms)}</dd>
                    </dl>
                }.into_any(),
            }}
        </section>
    }
}
