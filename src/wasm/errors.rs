//! Core errors become instances of the JS error classes in `runtime.js`: once, at the boundary.

use wasm_bindgen::JsValue;

use super::js;
use crate::error::Error;

/// The JS error object for a core error.
pub(crate) fn to_js(e: &Error) -> JsValue {
    js::make_error(
        e.kind.name(),
        &e.message,
        e.status
            .map_or(JsValue::UNDEFINED, |s| JsValue::from(f64::from(s))),
        opt_str(e.code.as_deref()),
        opt_str(e.request_id.as_deref()),
        e.retryable,
        opt_str(e.body.as_deref()),
    )
}

fn opt_str(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::UNDEFINED, JsValue::from_str)
}
