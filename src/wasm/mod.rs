//! The binding layer: the only code that touches JS. It moves bytes and JS values between the
//! browser and the core: `fetch`, abort signals, timers, stream readers and `JSON.stringify` /
//! `JSON.parse`. Payloads stay JS objects; Rust inspects only what it must (see
//! `docs/ARCHITECTURE.md`).

#[cfg(feature = "small-alloc")]
mod alloc;
pub(crate) mod client;
mod decoder;
mod errors;
mod js;
pub(crate) mod transport;
mod value;

pub use client::{Api, ZaiClient};
pub use decoder::SseDecoder;

/// The runtime's public JS classes (`ZaiError`, its subclasses, the stream classes) by name.
/// The package entry re-exports them; browser tests use this to check `instanceof`.
pub fn runtime_classes() -> wasm_bindgen::JsValue {
    js::classes()
}

/// The module's `WebAssembly.Memory`, so the browser soak test can print and bound
/// `memory.buffer.byteLength`. Not exported to JS by the package.
#[doc(hidden)]
pub fn wasm_memory() -> wasm_bindgen::JsValue {
    wasm_bindgen::memory()
}
