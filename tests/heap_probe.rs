//! The heap probe of the browser memory benchmark, in headless Chromium:
//! once the balloon holds the free space, what is allocated next shows as
//! growth of linear memory, so the benchmark's peak is not an undercount.
#![cfg(target_arch = "wasm32")]

use preflight::heap_probe::{linear_memory_bytes, Balloon};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn after_the_balloon_new_allocations_grow_linear_memory() {
    // Leave free space behind, as the benchmark's document generation does.
    drop(std::hint::black_box(vec![vec![1u8; 4096]; 2_000]));
    let balloon = Balloon::inflate();
    assert!(
        balloon.bytes() >= 8_000_000,
        "took {} bytes",
        balloon.bytes()
    );
    let before = linear_memory_bytes();
    let held: Vec<Vec<u8>> = (0..64)
        .map(|_| std::hint::black_box(Vec::with_capacity(16_384)))
        .collect();
    let grown = linear_memory_bytes() - before;
    // 1 MiB asked for; at most one growth step may have been free already.
    assert!(grown >= 1_048_576 - 131_072, "grew {grown} bytes");
    drop(held);
    drop(balloon);
}
