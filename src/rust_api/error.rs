//! [`Error`]: every failure of a Rust API call, with the fields of the JS `ZaiError` it was
//! built from (the same request path serves both, so both report the same failures the same
//! way), plus [`ErrorKind::Decode`] for an answer that does not fit its Rust type. The kinds are
//! the crate's [`ErrorKind`] (`zai_wasm::error::ErrorKind`), one per JS error class.

use std::fmt;

use js_sys::Reflect;
use serde_json::Value;
use wasm_bindgen::JsValue;

pub use crate::error::ErrorKind;

/// A failed call. Never contains the API key: messages come from the service or fixed texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// What went wrong: the JS class (`kind.name()` is its name), or
    /// [`ErrorKind::Decode`].
    pub kind: ErrorKind,
    /// What happened, in words (the service's own message when it sent one).
    pub message: String,
    /// The HTTP status, when there was an HTTP answer.
    pub status: Option<u16>,
    /// The Z.AI business code, e.g. `"1302"`.
    pub code: Option<String>,
    /// The request id (`x-request-id`, or from the body).
    pub request_id: Option<String>,
    /// Whether sending the same request again later may succeed.
    pub retryable: bool,
    /// The error body (parsed JSON, or a string when it was not JSON); for
    /// [`ErrorKind::Decode`] the answer that did not fit.
    pub body: Option<Value>,
}

impl Error {
    /// An error of `kind` with only a message.
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        Error {
            kind,
            message,
            status: None,
            code: None,
            request_id: None,
            retryable: false,
            body: None,
        }
    }

    /// The Rust view of a rejection of the JS request path (an instance of the runtime's error
    /// classes; anything else becomes an [`ErrorKind::Api`] error with its text).
    pub(crate) fn from_js(e: &JsValue) -> Self {
        let get = |key: &str| Reflect::get(e, &JsValue::from_str(key)).unwrap_or_default();
        let message = get("message")
            .as_string()
            .or_else(|| e.as_string())
            .unwrap_or_else(|| String::from("unknown JavaScript error"));
        let body = get("body");
        Error {
            kind: ErrorKind::from_name(&get("name").as_string().unwrap_or_default())
                .unwrap_or(ErrorKind::Api),
            message,
            status: get("status")
                .as_f64()
                .filter(|s| (0.0..=f64::from(u16::MAX)).contains(s))
                .map(|s| s as u16),
            code: get("code").as_string(),
            request_id: get("requestId").as_string(),
            retryable: get("retryable").as_bool().unwrap_or(false),
            body: if body.is_undefined() {
                None
            } else {
                serde_wasm_bindgen::from_value(body).ok()
            },
        }
    }

    /// `value`, the answer of `what`, does not fit `ty`.
    pub(crate) fn decode(what: &str, ty: &str, detail: &dyn fmt::Display, value: &JsValue) -> Self {
        let mut e = Error::new(
            ErrorKind::Decode,
            format!("{what}: the answer does not fit {ty}: {detail}"),
        );
        e.body = serde_wasm_bindgen::from_value(value.clone()).ok();
        e
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)?;
        match (self.status, &self.code) {
            (Some(s), Some(c)) => write!(f, " (HTTP {s}, code {c})"),
            (Some(s), None) => write!(f, " (HTTP {s})"),
            (None, Some(c)) => write!(f, " (code {c})"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for Error {}
