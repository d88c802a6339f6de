//! The binding layer: the only code that touches JS. The request machine (`crate::request`) runs
//! here as the synchronous `Engine` and `Exchange` objects; `runtime.js` holds the client class and the
//! executor that performs the machine's actions (`fetch`, timers, reading bodies), the error
//! classes and the stream classes (see `docs/ARCHITECTURE.md`).

#[cfg(feature = "small-alloc")]
mod allocator;
mod decoder;
mod engine;
mod errors;
pub(crate) mod js;
#[cfg(feature = "panic-trap")]
mod panic;

use engine::connect;

use wasm_bindgen::JsValue;

/// A `ZaiClient` (the runtime's JS class) for `options`; connects the runtime first. For the
/// browser tests, which load the wasm module without the package entry.
pub fn new_client(options: &JsValue) -> Result<JsValue, JsValue> {
    connect();
    js::new_client(options)
}

/// The runtime's public JS classes (`ZaiError`, its subclasses, the stream classes) by name.
/// The package entry re-exports them; browser tests use this to check `instanceof`.
pub fn runtime_classes() -> JsValue {
    js::classes()
}

/// The module's `WebAssembly.Memory`, so the browser soak test can print and bound
/// `memory.buffer.byteLength`. Not exported to JS by the package.
#[doc(hidden)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}
