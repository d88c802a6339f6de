//! Imports: the JS half of the binding layer (`runtime.js`). Everything else JS (fetch, timers,
//! readers) is performed by the executor in `runtime.js`, not called from Rust.

use wasm_bindgen::prelude::*;

use super::engine::Factory;
use crate::prelude::*;
use crate::util;

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

/// An HTTP date (`Retry-After`) as ms since the epoch, by the platform's `Date.parse`: the one
/// date parser of the crate (the JS client's and the Rust API's), which costs no wasm bytes. It
/// reads the three forms of RFC 9110 §5.6.7; asctime carries no zone and is GMT by definition,
/// but `Date.parse` would read it as local time: the zone is added. `retry::server_delay_ms`
/// hands it only values that start with a letter (no number is ever read as a date).
pub(crate) fn http_date_ms(value: &str) -> Option<u64> {
    let value = util::trim(value);
    let ms = if value.ends_with("GMT") {
        js_sys::Date::parse(value)
    } else {
        let mut gmt = String::with_capacity(value.len() + 4);
        gmt.push_str(value);
        gmt.push_str(" GMT");
        js_sys::Date::parse(&gmt)
    };
    (ms.is_finite() && ms >= 0.0).then_some(ms as u64)
}
