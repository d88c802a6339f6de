//! Client and per-call options: defaults and the tables they are checked against.

use crate::schema::{Field, Ty};

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
];

/// The last argument of every method: `{ signal, timeout, maxRetries, headers, onResponse }`.
pub const CALL_OPTIONS: &[Field] = &[
    Field::opt("signal", Ty::AnyObj),
    Field::opt("timeout", MS),
    Field::opt("maxRetries", RETRIES),
    Field::opt("headers", Ty::AnyObj),
    Field::opt("onResponse", Ty::Func),
];

/// Joins the base URL and an endpoint path, with exactly one `/` between them.
///
/// ```
/// use zai_wasm::config::join_url;
/// assert_eq!(join_url("https://api.z.ai/api/", "/paas/v4/files"), "https://api.z.ai/api/paas/v4/files");
/// ```
pub fn join_url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.trim_start_matches('/');
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
