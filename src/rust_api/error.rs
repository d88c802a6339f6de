//! [`Error`]: every failure of a Rust API call. It is the core's [`crate::error::Error`] (the
//! request machine's, the same failure the JS client reports as a `ZaiError`) with its body read
//! as JSON, plus [`ErrorKind::Decode`] for an answer that does not fit its Rust type. The kinds
//! are the crate's [`ErrorKind`] (`zai_wasm::error::ErrorKind`), one per JS error class.
use crate::prelude::*;

use core::fmt;

use serde_json::Value;

pub use crate::error::ErrorKind;

/// A failed call. Never contains the API key: messages come from the service or fixed texts, and
/// a credential the service echoes back is redacted.
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

/// The core's error, as the request machine, the stream decoder or a parameter check made it:
/// the same fields, the body parsed when it is JSON.
impl From<crate::error::Error> for Error {
    fn from(e: crate::error::Error) -> Self {
        Error {
            kind: e.kind,
            message: e.message,
            status: e.status,
            code: e.code,
            request_id: e.request_id,
            retryable: e.retryable,
            body: e.body.map(parse_body),
        }
    }
}

impl Error {
    /// An error of `kind` with only a message (retryable as the core decides for that kind).
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        crate::error::Error::new(kind, message).into()
    }

    /// `text`, the answer of `what`, does not fit `ty`.
    pub(crate) fn decode(what: &str, ty: &str, detail: &dyn fmt::Display, text: &str) -> Self {
        let mut e = Error::new(
            ErrorKind::Decode,
            format!("{what}: the answer does not fit {ty}: {detail}"),
        );
        e.retryable = false;
        e.body = Some(parse_body(text.to_owned()));
        e
    }
}

/// A body as JSON when it is JSON, else as the text it is (an HTML error page, say).
fn parse_body(text: String) -> Value {
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(_) => Value::String(text),
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

impl core::error::Error for Error {}
