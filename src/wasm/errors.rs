//! Core errors become instances of the JS error classes in `runtime.js`.

use wasm_bindgen::JsValue;

use super::js;
use crate::error::{Error, ErrorKind};

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

/// `Err` with the JS error for an `InvalidRequestError`.
pub(crate) fn invalid(field: &str, problem: &str) -> JsValue {
    to_js(&Error::invalid(field, problem))
}

/// A JS error of `kind` with just a message.
pub(crate) fn simple(kind: ErrorKind, message: &str) -> JsValue {
    to_js(&Error::new(kind, message))
}

fn opt_str(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::UNDEFINED, JsValue::from_str)
}
