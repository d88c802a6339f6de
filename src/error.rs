//! Errors: one type for everything that can go wrong, with the fields the JS `ZaiError` carries.
//!
//! The HTTP status is the outer layer; the Z.AI business code in the body (`error.code`, a string
//! of digits such as `"1302"`) is the precise reason. Bodies are parsed leniently because the
//! service and its gateways send several shapes (zai-api.md A.7): `{"error":{"code","message"}}`,
//! a numeric `code`, `{"error":"text","code":..}`, `{"msg"|"message":..,"code":..}`, the agent
//! envelope `{"status":"failed","error":{..}}`, or plain text/HTML.
//!
//! ```
//! use zai_wasm::error::{Error, ErrorKind};
//! let body = br#"{"error":{"code":"1302","message":"High concurrency usage of this API"}}"#;
//! let err = Error::from_http(429, body, None);
//! assert_eq!(err.kind, ErrorKind::RateLimit);
//! assert_eq!(err.code.as_deref(), Some("1302"));
//! assert!(err.retryable);
//! ```
use crate::prelude::*;

use crate::{json, retry, util};

/// What kind of failure this is; maps one-to-one to the JS error class names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// HTTP 400.
    BadRequest,
    /// HTTP 401.
    Authentication,
    /// HTTP 403.
    PermissionDenied,
    /// HTTP 404.
    NotFound,
    /// HTTP 429.
    RateLimit,
    /// HTTP 5xx.
    InternalServer,
    /// Any other non-2xx status, or an error object inside a 200 body or stream.
    Api,
    /// The request never got an HTTP answer (network, DNS, CORS refusal, connection cut).
    Connection,
    /// `timeout` or `streamIdleTimeout` ran out.
    Timeout,
    /// The caller aborted.
    UserAbort,
    /// Bad parameters, caught before anything was sent.
    InvalidRequest,
    /// The answer arrived but does not fit the Rust type it is read into (the typed Rust API,
    /// feature `rust-api`; the JS client never reports it).
    #[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))]
    Decode,
}

#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
/// Every kind, for [`ErrorKind::from_name`].
const ALL_KINDS: [ErrorKind; 12] = [
    ErrorKind::BadRequest,
    ErrorKind::Authentication,
    ErrorKind::PermissionDenied,
    ErrorKind::NotFound,
    ErrorKind::RateLimit,
    ErrorKind::InternalServer,
    ErrorKind::Api,
    ErrorKind::Connection,
    ErrorKind::Timeout,
    ErrorKind::UserAbort,
    ErrorKind::InvalidRequest,
    ErrorKind::Decode,
];

impl ErrorKind {
    /// The JS class name (`err.name`) of this kind.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::InternalServer => "InternalServerError",
            ErrorKind::Api => "APIError",
            ErrorKind::Connection => "APIConnectionError",
            ErrorKind::Timeout => "APITimeoutError",
            ErrorKind::UserAbort => "APIUserAbortError",
            ErrorKind::InvalidRequest => "InvalidRequestError",
            #[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))]
            ErrorKind::Decode => "DecodeError",
        }
    }

    #[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
    /// The kind whose [`name`](ErrorKind::name) is `name`.
    ///
    /// ```
    /// use zai_wasm::error::ErrorKind;
    /// assert_eq!(ErrorKind::from_name("RateLimitError"), Some(ErrorKind::RateLimit));
    /// assert_eq!(ErrorKind::from_name("TypeError"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        ALL_KINDS.into_iter().find(|k| k.name() == name)
    }

    /// The kind for an HTTP status that is not a success.
    pub fn from_status(status: u16) -> Self {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimit,
            500..=599 => ErrorKind::InternalServer,
            _ => ErrorKind::Api,
        }
    }
}

/// A failed call. Never contains the API key or a signed token: messages come from the service
/// or from fixed texts, never from request headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// HTTP status, when there was an HTTP answer.
    pub status: Option<u16>,
    /// Z.AI business code (`"1302"`), when the body carried one.
    pub code: Option<String>,
    /// Human-readable message (the service's own when it sent one).
    pub message: String,
    /// The request id from the `x-request-id` header or the body.
    pub request_id: Option<String>,
    /// Whether the same request may succeed if sent again later.
    pub retryable: bool,
    /// The raw error body as received, for callers that need more than the fields above.
    pub body: Option<String>,
}

/// How many bytes of a non-JSON body (an HTML error page, say) go into the message.
const MAX_TEXT_IN_MESSAGE: usize = 200;

impl Error {
    /// An error with just a kind and a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            status: None,
            code: None,
            message: message.into(),
            request_id: None,
            retryable: matches!(kind, ErrorKind::Connection | ErrorKind::Timeout),
            body: None,
        }
    }

    /// Bad parameters: `field` names the offending parameter path, `problem` says what is wrong.
    ///
    /// ```
    /// let e = zai_wasm::error::Error::invalid("messages[0].role", "is required");
    /// assert_eq!(e.message, "messages[0].role is required");
    /// ```
    pub fn invalid(field: &str, problem: &str) -> Self {
        let mut message = String::with_capacity(field.len() + problem.len() + 1);
        message.push_str(field);
        message.push(' ');
        message.push_str(problem);
        Error::new(ErrorKind::InvalidRequest, message)
    }

    /// A non-2xx HTTP answer. `request_id` is the `x-request-id` header, if any; the body's
    /// `request_id` is used when the header is missing.
    pub fn from_http(status: u16, body: &[u8], request_id: Option<String>) -> Self {
        let mut err = Error::from_body(ErrorKind::from_status(status), body);
        err.status = Some(status);
        if err.message.is_empty() {
            err.message = status_message(status);
        }
        if err.request_id.is_none() {
            err.request_id = request_id;
        }
        err.retryable = retry::is_retryable_status(status, err.code.as_deref());
        err
    }

    /// An error object inside a successful (200) body or an SSE error frame.
    pub fn from_payload(body: &[u8]) -> Self {
        let mut err = Error::from_body(ErrorKind::Api, body);
        if err.message.is_empty() {
            err.message = String::from("The API returned an error");
        }
        err.retryable = err.code.as_deref().is_some_and(retry::is_retryable_code);
        err
    }

    fn from_body(kind: ErrorKind, body: &[u8]) -> Self {
        let mut err = Error::new(kind, String::new());
        err.retryable = false;
        err.body = Some(crate::util::lossy(body));
        let fields = ErrorFields::parse(body);
        err.code = fields.code;
        err.request_id = fields.request_id;
        err.message = match fields.message {
            Some(m) => m,
            None => text_excerpt(body),
        };
        err
    }
}

/// The fields found in an error body, whatever its shape.
#[derive(Debug, Default)]
struct ErrorFields {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorFields {
    fn parse(body: &[u8]) -> Self {
        let mut f = ErrorFields::default();
        let Some(top) = json::object(body) else {
            return f;
        };
        f.request_id = json::get(top, "request_id").and_then(string_value);
        if let Some(inner) = json::get(top, "error") {
            if json::object(inner).is_some() {
                f.code = json::get(inner, "code").and_then(code_value);
                f.message = json::get(inner, "message").and_then(string_value);
            } else {
                f.message = string_value(inner);
            }
        }
        if f.code.is_none() {
            f.code = json::get(top, "code").and_then(code_value);
        }
        if f.message.is_none() {
            f.message = json::get(top, "message")
                .or_else(|| json::get(top, "msg"))
                .and_then(string_value);
        }
        f
    }
}

/// A JSON string value, unescaped; None for other types or an empty string.
fn string_value(v: &[u8]) -> Option<String> {
    json::string(v).filter(|s| !s.is_empty())
}

/// A business code: a string (`"1302"`) or a number (`1302`) on the wire.
fn code_value(v: &[u8]) -> Option<String> {
    if let Some(s) = string_value(v) {
        return Some(s);
    }
    let digits = v.trim_ascii();
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        return Some(crate::util::lossy(digits));
    }
    None
}

/// The start of a non-JSON body (an HTML error page, say), ASCII whitespace folded, cut at a
/// character boundary after [`MAX_TEXT_IN_MESSAGE`] bytes.
fn text_excerpt(body: &[u8]) -> String {
    let mut out = Vec::with_capacity(body.len().min(MAX_TEXT_IN_MESSAGE + 4));
    let mut space = false;
    for &b in body {
        if b.is_ascii_whitespace() {
            space = !out.is_empty();
            continue;
        }
        // Stop at a character start once the excerpt is long enough. Continuation bytes after
        // a space, or more than a character can have, are stray: they end it too.
        if out.len() >= MAX_TEXT_IN_MESSAGE
            && ((b & 0xC0) != 0x80 || space || out.len() >= MAX_TEXT_IN_MESSAGE + 4)
        {
            break;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        out.push(b);
    }
    crate::util::into_string(out)
}

fn status_message(status: u16) -> String {
    let mut m = String::from("Request failed with HTTP status ");
    util::push_u64(&mut m, u64::from(status));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_string_code() {
        let e = Error::from_http(
            400,
            br#"{"error":{"code":"1211","message":"Unknown Model, please check the model code."}}"#,
            Some("rid-1".into()),
        );
        assert_eq!(e.kind, ErrorKind::BadRequest);
        assert_eq!(e.code.as_deref(), Some("1211"));
        assert_eq!(e.message, "Unknown Model, please check the model code.");
        assert_eq!(e.request_id.as_deref(), Some("rid-1"));
        assert!(!e.retryable);
    }

    #[test]
    fn numeric_and_top_level_codes() {
        let e = Error::from_http(429, br#"{"code":1302,"msg":"busy"}"#, None);
        assert_eq!(e.code.as_deref(), Some("1302"));
        assert_eq!(e.message, "busy");
        assert!(e.retryable);
        let e = Error::from_http(500, br#"{"error":"boom","code":"500"}"#, None);
        assert_eq!(e.message, "boom");
        assert_eq!(e.code.as_deref(), Some("500"));
        assert_eq!(e.kind, ErrorKind::InternalServer);
    }

    #[test]
    fn html_body_becomes_excerpt() {
        let e = Error::from_http(502, b"<html>\n<body>  Bad   Gateway </body></html>", None);
        assert_eq!(e.kind, ErrorKind::InternalServer);
        assert_eq!(e.message, "<html> <body> Bad Gateway </body></html>");
        assert!(e.retryable);
        assert_eq!(e.code, None);
    }

    #[test]
    fn empty_body_gets_status_message() {
        let e = Error::from_http(418, b"", None);
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.message, "Request failed with HTTP status 418");
    }

    #[test]
    fn payload_error_with_request_id() {
        let e = Error::from_payload(
            br#"{"error":{"code":"1302","message":"High concurrency"},"request_id":"2026012315301053eda1059a6e4f85"}"#,
        );
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.status, None);
        assert_eq!(
            e.request_id.as_deref(),
            Some("2026012315301053eda1059a6e4f85")
        );
        assert!(e.retryable);
        let e = Error::from_payload(br#"{"error":{"code":"1113","message":"no balance"}}"#);
        assert!(!e.retryable);
    }

    #[test]
    fn agent_failure_envelope() {
        let e = Error::from_payload(
            br#"{"status":"failed","agent_id":"vidu_template_agent","error":{"code":"1214","message":"bad template"}}"#,
        );
        assert_eq!(e.code.as_deref(), Some("1214"));
        assert_eq!(e.message, "bad template");
    }

    #[test]
    fn kind_names_are_the_js_class_names() {
        assert_eq!(ErrorKind::from_status(403).name(), "PermissionDeniedError");
        assert_eq!(ErrorKind::from_status(404).name(), "NotFoundError");
        assert_eq!(ErrorKind::from_status(409).name(), "APIError");
        assert_eq!(ErrorKind::from_status(503).name(), "InternalServerError");
        for kind in ALL_KINDS {
            assert_eq!(ErrorKind::from_name(kind.name()), Some(kind));
        }
    }
}
