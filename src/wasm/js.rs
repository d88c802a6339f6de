//! Imports: the JS half of the binding layer (`runtime.js`). Everything else JS (fetch, timers,
//! readers) is performed by the executor in `runtime.js`, not called from Rust.

use wasm_bindgen::prelude::*;

use super::engine::Factory;

// wasm-bindgen embeds runtime.js at compile time but does not tell cargo it depends on it: this
// makes an edit of the JS rebuild the crate (the constant itself is never used).
const _RUNTIME_JS: &str = include_str!("runtime.js");

#[wasm_bindgen(module = "/src/wasm/runtime.js")]
extern "C" {
    /// Builds an instance of the error class called `name`.
    #[wasm_bindgen(js_name = makeError)]
    pub(crate) fn make_error(
        name: &str,
        message: &str,
        status: JsValue,
        code: JsValue,
        request_id: JsValue,
        retryable: bool,
        body: JsValue,
    ) -> JsValue;

    /// Hands the engine factory to the runtime (see [`super::engine::connect`]).
    pub(crate) fn install(factory: Factory);

    /// `new ZaiClient(options)` of the runtime (for tests, which cannot import the entry).
    #[wasm_bindgen(js_name = newClient, catch)]
    pub(crate) fn new_client(options: &JsValue) -> Result<JsValue, JsValue>;

    /// Every public class of the runtime (for tests).
    pub(crate) fn classes() -> JsValue;
}
