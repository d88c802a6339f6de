//! Imports: the JS half of the binding layer (`runtime.js`) and the few web APIs used directly.
//! Declared structurally (methods are looked up by name), so a custom `fetch` that returns a
//! Response-like object works too, in browsers, workers and Node alike.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

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

    /// One logical request: abort controller, caller signal, deadline, abortable sleeps.
    pub(crate) type Call;
    #[wasm_bindgen(constructor)]
    pub(crate) fn new(signal: &JsValue, timeout: f64) -> Call;
    /// 0 while running; 1 aborted by the caller; 2 deadline passed; 3 closed by the library.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn why(this: &Call) -> u32;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn ctl(this: &Call) -> AbortController;
    #[wasm_bindgen(method, js_name = stopDeadline)]
    pub(crate) fn stop_deadline(this: &Call);
    #[wasm_bindgen(method)]
    pub(crate) fn end(this: &Call);
    #[wasm_bindgen(method)]
    pub(crate) fn sleep(this: &Call, ms: f64) -> Promise;

    /// Calls the per-call `onResponse(info)`; a throw closes the call and is rethrown.
    #[wasm_bindgen(catch)]
    pub(crate) fn observe(
        cb: &JsValue,
        response: &FetchResponse,
        call: &Call,
    ) -> Result<(), JsValue>;

    /// Copies user headers (object, array of pairs or `Headers`) into `h`.
    #[wasm_bindgen(js_name = mergeHeaders, catch)]
    pub(crate) fn merge_headers(h: &Headers, src: &JsValue) -> Result<(), JsValue>;

    /// Every public class of the runtime (for tests).
    pub(crate) fn classes() -> JsValue;

    /// The path of the first value `JSON.stringify` cannot carry, or "".
    pub(crate) fn unserialisable(params: &JsValue) -> String;

    /// The multipart body for a params object.
    #[wasm_bindgen(js_name = formData, catch)]
    pub(crate) fn form_data(params: &JsValue) -> Result<JsValue, JsValue>;

    /// A namespace method calling `api.call(id, params, options)`.
    pub(crate) fn method(api: &JsValue, id: u32) -> JsValue;

    /// A new stream object of class `kind` (0 chat, 1 agent, 2 transcription).
    #[wasm_bindgen(js_name = makeStream)]
    pub(crate) fn make_stream(
        kind: u32,
        reader: JsValue,
        decoder: JsValue,
        call: &Call,
        idle_timeout: f64,
        request_id: JsValue,
    ) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker or Node alike).
    #[wasm_bindgen(js_name = fetch, catch)]
    pub(crate) fn global_fetch(url: &str, init: &JsValue) -> Result<Promise, JsValue>;

    pub(crate) type AbortController;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn signal(this: &AbortController) -> JsValue;

    pub(crate) type Headers;
    #[wasm_bindgen(constructor)]
    pub(crate) fn new() -> Headers;
    #[wasm_bindgen(method)]
    pub(crate) fn get(this: &Headers, name: &str) -> Option<String>;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn set(this: &Headers, name: &str, value: &str) -> Result<(), JsValue>;

    /// A `Response` (or anything shaped like one).
    pub(crate) type FetchResponse;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn status(this: &FetchResponse) -> u16;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn headers(this: &FetchResponse) -> Headers;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn body(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, catch)]
    pub(crate) fn text(this: &FetchResponse) -> Result<Promise, JsValue>;

    /// `JSON.parse` of a JS string, so a response body never has to be copied into wasm.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub(crate) fn parse_json(text: &js_sys::JsString) -> Result<JsValue, JsValue>;

    pub(crate) type ReadableStream;
    #[wasm_bindgen(method, js_name = getReader, catch)]
    pub(crate) fn get_reader(this: &ReadableStream) -> Result<JsValue, JsValue>;

    pub(crate) type Blob;
}
