//! The npm build's global allocator (feature `small-alloc`): `lol_alloc`'s free list, about 1 KB
//! of code where dlmalloc is about 8 KB. Allocation is O(free-list length); the client's pattern
//! (a few buffers per network read, strings that grow by doubling) keeps that list short.

use lol_alloc::{AssumeSingleThreaded, FreeListAllocator};

// SAFETY: the package runs on one thread: wasm32-unknown-unknown without the atomics target
// feature has no threads, and every worker gets its own instance (and its own memory).
#[allow(unsafe_code)]
#[global_allocator]
static ALLOCATOR: AssumeSingleThreaded<FreeListAllocator> =
    unsafe { AssumeSingleThreaded::new(FreeListAllocator::new()) };
