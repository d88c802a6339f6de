//! Client and per-call options: defaults and the tables they are checked against.
use crate::prelude::*;

use crate::error::Error;
use crate::jwt::TokenCache;
use crate::request::{CallOptions, Key, Settings};
use crate::schema::{self, table, Field, JsonText, Table, Ty, Value};
use crate::{json, util};

/// The international API root; `/paas/v4/...` and `/v1/agents...` hang off it.
pub const ZAI_BASE_URL: &str = "https://api.z.ai/api";
/// Default `timeout`: a whole non-stream request, all attempts included (ms).
pub const DEFAULT_TIMEOUT_MS: f64 = 300_000.0;
/// Default `streamIdleTimeout`: the longest silence between two stream reads (ms).
pub const DEFAULT_STREAM_IDLE_TIMEOUT_MS: f64 = 60_000.0;
/// Default `maxRetries`.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default `Accept-Language` (the only documented value).
pub const DEFAULT_ACCEPT_LANGUAGE: &str = "en-US,en";
/// Default `maxResponseBytes`: the most a JSON or error body may hold, decompressed (32 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: f64 = 33_554_432.0;

const BYTES: Ty = Ty::Int {
    min: 1.0,
    max: 9_007_199_254_740_991.0,
    range: "a positive integer number of bytes",
};

const MS: Ty = Ty::Num {
    min: 0.0,
    max: f64::MAX,
    range: "a non-negative number of milliseconds",
};

const RETRIES: Ty = Ty::Int {
    min: 0.0,
    max: 10.0,
    range: "an integer from 0 to 10",
};

/// `new ZaiClient(options)`.
pub const CLIENT_OPTIONS: &[Field] = &[
    Field::opt("apiKey", Ty::Either(&Ty::NonEmptyStr, &Ty::Func)),
    Field::opt("baseURL", Ty::NonEmptyStr),
    Field::opt("timeout", MS),
    Field::opt("streamIdleTimeout", MS),
    Field::opt("maxRetries", RETRIES),
    Field::opt("defaultHeaders", Ty::AnyObj),
    Field::opt("acceptLanguage", Ty::Str),
    Field::opt("jwt", Ty::Bool),
    Field::opt("fetch", Ty::Func),
    Field::opt("maxResponseBytes", BYTES),
    // A number, or `{ [model]: number }` whose members runtime.js checks (`concurrencyLimits`).
    Field::opt("maxConcurrency", Ty::Either(&SLOTS, &Ty::AnyObj)),
];

const SLOTS: Ty = Ty::Int {
    min: 1.0,
    max: 1000.0,
    range: "an integer from 1 to 1000",
};

/// The last argument of every method: `{ signal, timeout, maxRetries, headers, onResponse }`.
pub const CALL_OPTIONS: &[Field] = &[
    Field::opt("signal", Ty::AnyObj),
    Field::opt("timeout", MS),
    Field::opt("maxRetries", RETRIES),
    Field::opt("headers", Ty::AnyObj),
    Field::opt("onResponse", Ty::Func),
    Field::opt("maxResponseBytes", BYTES),
    // Members merged into the JSON body (or form) as given, never checked: for parameters the
    // tables do not know yet.
    Field::opt("extraBody", Ty::AnyObj),
];

pub(crate) const CLIENT_TABLE: Table = table!(CLIENT_OPTIONS);
pub(crate) const CALL_TABLE: Table = table!(CALL_OPTIONS);
pub(crate) const POLL_TABLE: Table = table!(POLL_OPTIONS);

/// Joins the base URL and an endpoint path, with exactly one `/` between them.
///
/// ```
/// use zai_wasm::config::join_url;
/// assert_eq!(join_url("https://api.z.ai/api/", "/paas/v4/files"), "https://api.z.ai/api/paas/v4/files");
/// ```
pub fn join_url(base: &str, path: &str) -> String {
    let base = util::trim_end_byte(base, b'/');
    let path = util::trim_start_byte(path, b'/');
    let mut url = String::with_capacity(base.len() + path.len() + 1);
    url.push_str(base);
    url.push('/');
    url.push_str(path);
    url
}

/// `asyncResult.poll(id, { interval, timeout, signal, onProgress })`.
pub const POLL_OPTIONS: &[Field] = &[
    Field::opt("interval", MS),
    Field::opt("timeout", MS),
    Field::opt("signal", Ty::AnyObj),
    Field::opt("onProgress", Ty::Func),
];

/// The client's settings from the JSON text of its options (as the seam serialised them, a
/// function written as [`schema::SENTINEL_FUNCTION`]): validated against [`CLIENT_OPTIONS`], then
/// read. `apiKey` is a fixed key, or a provider the seam asks before every attempt.
///
/// ```
/// use zai_wasm::config::settings_from_json;
/// use zai_wasm::request::Key;
/// let s = settings_from_json(br#"{"apiKey":"id.secret","maxRetries":0,"jwt":true}"#).unwrap();
/// assert_eq!(s.key, Key::Fixed("id.secret".into()));
/// assert_eq!((s.max_retries, s.jwt.is_some()), (0, true));
/// let s = settings_from_json(br#"{"maxResponseBytes":1024}"#).unwrap();
/// assert_eq!(s.max_response_bytes, 1024.0);
/// let e = settings_from_json(br#"{"timeout":-1}"#).unwrap_err();
/// assert_eq!(e.message, "timeout must be a non-negative number of milliseconds");
/// ```
pub fn settings_from_json(text: &[u8]) -> Result<Settings, Error> {
    let outline = CLIENT_TABLE.validate_json(text)?;
    let text = &JsonText::root(&outline);
    let mut s = Settings::default();
    if let Some(url) = string(text, "baseURL") {
        s.base_url = url;
    }
    s.timeout_ms = number(text, "timeout").unwrap_or(s.timeout_ms);
    s.stream_idle_timeout_ms =
        number(text, "streamIdleTimeout").unwrap_or(s.stream_idle_timeout_ms);
    s.max_response_bytes = number(text, "maxResponseBytes").unwrap_or(s.max_response_bytes);
    if let Some(n) = number(text, "maxRetries") {
        s.max_retries = n as u32;
    }
    if let Some(lang) = string(text, "acceptLanguage") {
        if !is_header_value(&lang) {
            return Err(Error::invalid(
                "acceptLanguage",
                "contains characters not allowed in a header",
            ));
        }
        s.accept_language = lang;
    }
    s.key = match string(text, "apiKey") {
        Some(k) if k == schema::SENTINEL_FUNCTION => Key::Provider,
        Some(k) => Key::Fixed(k),
        None => Key::None,
    };
    if text.member("jwt").is_some_and(|v| v.raw() == b"true") {
        s.jwt = Some(TokenCache::default());
    }
    Ok(s)
}

/// A call's options from their JSON text: `{ timeout, maxRetries }` checked against
/// [`CALL_OPTIONS`], or for a poll `{ interval, timeout }` against [`POLL_OPTIONS`].
///
/// ```
/// use zai_wasm::config::call_options_from_json;
/// let o = call_options_from_json(br#"{"timeout":5000,"signal":{}}"#, false).unwrap();
/// assert_eq!((o.timeout_ms, o.max_retries), (Some(5000.0), None));
/// let e = call_options_from_json(br#"{"interval":"1s"}"#, true).unwrap_err();
/// assert_eq!(e.message, "interval must be a number");
/// ```
pub fn call_options_from_json(text: &[u8], poll: bool) -> Result<CallOptions, Error> {
    let outline = if poll { POLL_TABLE } else { CALL_TABLE }.validate_json(text)?;
    let text = &JsonText::root(&outline);
    Ok(CallOptions {
        timeout_ms: number(text, "timeout"),
        max_retries: number(text, "maxRetries").map(|n| n as u32),
        poll_interval_ms: number(text, "interval"),
        max_response_bytes: number(text, "maxResponseBytes"),
    })
}

/// Whether `s` may be sent as a header value (a `ByteString` without NUL, CR or LF).
pub fn is_header_value(s: &str) -> bool {
    // By bytes: in UTF-8 a character above U+00FF starts with a byte from 0xC4 up.
    s.bytes()
        .all(|b| b < 0xc4 && !matches!(b, b'\0' | b'\r' | b'\n'))
}

fn string(params: &JsonText<'_>, key: &str) -> Option<String> {
    json::string(params.member(key)?.raw())
}

/// The number member `key` (through the schema's own parser: `str::parse::<f64>` would bring
/// ~15 KB of float-parsing tables into the wasm).
fn number(params: &JsonText<'_>, key: &str) -> Option<f64> {
    params.member(key)?.number()
}
