//! The wasm heap as the browser benchmark measures it.
//!
//! Linear memory only ever grows, so the growth over a run is the run's
//! peak, provided the allocator had no free space to serve it from first.
//! [`Balloon`] takes that free space before the run and gives it back
//! after.

/// The size of the module's linear memory (0 off wasm, where there is none
/// to measure).
pub fn linear_memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        // Pages of 64 KiB.
        core::arch::wasm32::memory_size::<0>() * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Blocks that hold the allocator's free space, largest first, so that the
/// next allocations must grow linear memory. What is left free is under one
/// growth of the smallest size (tens of KB).
pub struct Balloon(Vec<Vec<u8>>);

impl Balloon {
    pub fn inflate() -> Self {
        // Capacity up front: growing this list would free its old buffer.
        let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(1 << 17);
        for size in [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1 << 5] {
            let start = linear_memory_bytes();
            while blocks.len() < blocks.capacity() {
                blocks.push(std::hint::black_box(Vec::with_capacity(size)));
                if linear_memory_bytes() > start {
                    break;
                }
            }
        }
        Balloon(blocks)
    }

    /// Bytes the balloon holds.
    pub fn bytes(&self) -> usize {
        self.0.iter().map(Vec::capacity).sum()
    }
}
