//! The one request path every endpoint uses: check the parameters, send with retries under one
//! deadline and abort signal, then hand back parsed JSON or a stream object.

use js_sys::{Function, JsString, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::client::{ApiKey, Inner};
use super::decoder::SseDecoder;
use super::errors;
use super::js::{self, Call, FetchResponse, Headers, ReadableStream};
use super::value::Js;
use crate::config;
use crate::error::{Error, ErrorKind};
use crate::jwt;
use crate::poll::{self, PollPolicy, Step};
use crate::resources::{Body, Endpoint, StreamKind};
use crate::retry::{self, ServerHints};
use crate::schema;
use crate::util;

/// `Call.why` values (see `runtime.js`).
const WHY_USER: u32 = 1;
const WHY_TIMEOUT: u32 = 2;

/// The per-call options (`{ signal, timeout, maxRetries, headers }`), read and checked.
struct CallOptions {
    signal: JsValue,
    timeout: Option<f64>,
    max_retries: Option<u32>,
    headers: JsValue,
    on_response: JsValue,
}

impl CallOptions {
    fn read(options: &JsValue) -> Result<Self, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Ok(CallOptions {
                signal: JsValue::UNDEFINED,
                timeout: None,
                max_retries: None,
                headers: JsValue::UNDEFINED,
                on_response: JsValue::UNDEFINED,
            });
        }
        schema::validate(&Js(options.clone()), config::CALL_OPTIONS)
            .map_err(|e| errors::to_js(&e))?;
        let get = |k: &str| Reflect::get(options, &JsValue::from_str(k)).unwrap_or_default();
        Ok(CallOptions {
            signal: get("signal"),
            timeout: get("timeout").as_f64(),
            max_retries: get("maxRetries").as_f64().map(|n| n as u32),
            headers: get("headers"),
            on_response: get("onResponse"),
        })
    }
}

/// What a successful HTTP exchange turned into.
enum Outcome {
    Done(JsValue),
    Retry(Error, ServerHints),
}

/// Sends one logical call of `ep` and resolves to its result.
pub(crate) async fn send(
    inner: &Inner,
    ep: &'static Endpoint,
    params: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = CallOptions::read(&options)?;
    let stream = prepare(ep, &params)?;
    let url = url_for(inner, ep, &params)?;
    let params = with_request_id(ep, params, opts.max_retries.unwrap_or(inner.max_retries));
    let body = encode_body(ep, &params)?;
    let call = Call::new(&opts.signal, opts.timeout.unwrap_or(inner.timeout));
    let result = attempts(inner, ep, &opts, &call, &url, &body, stream).await;
    if !matches!(&result, Ok(v) if stream.is_some() && v.is_object()) {
        call.end();
    }
    result
}

/// Validates the parameters; returns the stream kind when `stream: true` was asked for.
fn prepare(ep: &'static Endpoint, params: &JsValue) -> Result<Option<StreamKind>, JsValue> {
    if ep.body == Body::None {
        return match params.as_string() {
            Some(id) if !id.is_empty() => Ok(None),
            _ => Err(errors::invalid("id", "must be a non-empty string")),
        };
    }
    let p = Js(params.clone());
    schema::validate(&p, ep.params).map_err(|e| errors::to_js(&e))?;
    let wants_stream =
        Reflect::get(params, &JsValue::from_str("stream")).is_ok_and(|v| v.as_bool() == Some(true));
    match (wants_stream, ep.stream) {
        (false, _) => Ok(None),
        (true, Some(kind)) => Ok(Some(kind)),
        (true, None) => {
            let mut problem = String::from("true is not supported by ");
            problem.push_str(ep.name);
            Err(errors::invalid("stream", &problem))
        }
    }
}

fn url_for(inner: &Inner, ep: &Endpoint, params: &JsValue) -> Result<String, JsValue> {
    let mut url = config::join_url(&inner.base_url, ep.path);
    if let (Body::None, Some(id)) = (ep.body, params.as_string()) {
        // `{id}` ends every path that has one.
        if let Some(base) = url.strip_suffix("{id}") {
            let encoded: String = js_sys::encode_uri_component(&id).into();
            let mut filled = String::with_capacity(base.len() + encoded.len());
            filled.push_str(base);
            filled.push_str(&encoded);
            url = filled;
        }
    }
    Ok(url)
}

/// A call that may be retried carries one `request_id` in every attempt: the caller's, else a
/// generated one, set on a shallow copy (the caller's object is never changed).
fn with_request_id(ep: &Endpoint, params: JsValue, max_retries: u32) -> JsValue {
    let key = JsValue::from_str("request_id");
    let given = Reflect::get(&params, &key).is_ok_and(|v| !v.is_undefined() && !v.is_null());
    if max_retries == 0 || !ep.takes_request_id() || given {
        return params;
    }
    let copy = js_sys::Object::assign(&js_sys::Object::new(), params.unchecked_ref());
    let id = retry::request_id(js_sys::Math::random);
    set(&copy, "request_id", &JsValue::from_str(&id));
    copy.into()
}

fn encode_body(ep: &Endpoint, params: &JsValue) -> Result<JsValue, JsValue> {
    match ep.body {
        Body::None => Ok(JsValue::UNDEFINED),
        Body::Json => JSON::stringify(params).map(JsValue::from).map_err(|_| {
            // Values no parameter table describes reach JSON.stringify: name where it failed.
            let field = js::unserialisable(params);
            errors::invalid(
                if field.is_empty() { "params" } else { &field },
                "cannot be serialised to JSON (a cycle or a BigInt)",
            )
        }),
        Body::Multipart => js::form_data(params)
            .map_err(|_| errors::invalid("params", "cannot be encoded as multipart form data")),
    }
}

async fn attempts(
    inner: &Inner,
    ep: &Endpoint,
    opts: &CallOptions,
    call: &Call,
    url: &str,
    body: &JsValue,
    stream: Option<StreamKind>,
) -> Result<JsValue, JsValue> {
    let max_retries = opts.max_retries.unwrap_or(inner.max_retries);
    let mut retries_done = 0u32;
    let mut resigned = false;
    loop {
        let error = match attempt(inner, ep, opts, call, url, body, stream).await? {
            Outcome::Done(v) => return Ok(v),
            Outcome::Retry(error, hints) => {
                // A token this client signed has expired: sign a new one and resend, once.
                if let (Some(cache), false) = (&inner.jwt, resigned) {
                    if jwt::token_expired(error.code.as_deref()) {
                        cache.borrow_mut().clear();
                        resigned = true;
                        check_aborted(call)?;
                        continue;
                    }
                }
                match retry::plan(
                    retries_done,
                    max_retries,
                    error.retryable,
                    hints,
                    js_sys::Math::random(),
                ) {
                    Some(delay) => {
                        JsFuture::from(call.sleep(delay as f64)).await.ok();
                        check_aborted(call)?;
                        retries_done += 1;
                        continue;
                    }
                    None => error,
                }
            }
        };
        return Err(errors::to_js(&error));
    }
}

/// One HTTP exchange. `Err` is final (abort, timeout, bad options); `Outcome::Retry` carries a
/// failure the caller may retry.
async fn attempt(
    inner: &Inner,
    ep: &Endpoint,
    opts: &CallOptions,
    call: &Call,
    url: &str,
    body: &JsValue,
    stream: Option<StreamKind>,
) -> Result<Outcome, JsValue> {
    let headers = build_headers(inner, ep, opts, stream.is_some()).await?;
    check_aborted(call)?;
    let init = js_sys::Object::new();
    set(&init, "method", &JsValue::from_str(ep.method.as_str()));
    set(&init, "headers", &headers);
    if !body.is_undefined() {
        set(&init, "body", body);
    }
    set(&init, "signal", &call.ctl().signal());
    let sent = match &inner.fetch {
        Some(f) => f
            .call2(&JsValue::UNDEFINED, &JsValue::from_str(url), &init)
            .map(|v| Promise::resolve(&v)),
        None => js::global_fetch(url, &init),
    };
    let response = match sent {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    let response: FetchResponse = match response {
        Ok(r) => r.unchecked_into(),
        Err(e) => {
            check_aborted(call)?;
            return Ok(Outcome::Retry(connection_error(&e), ServerHints::default()));
        }
    };
    let status = response.status();
    let resp_headers = response.headers();
    let request_id = resp_headers.get("x-request-id");
    if !opts.on_response.is_undefined() {
        js::observe(&opts.on_response, &response, call)?;
    }
    if !(200..300).contains(&status) {
        let text = String::from(read_text(&response, call).await?);
        let error = Error::from_http(status, text.as_bytes(), request_id);
        return Ok(Outcome::Retry(error, hints(&resp_headers)));
    }
    let content_type = resp_headers.get("content-type").unwrap_or_default();
    if let Some(kind) = stream {
        if util::find(content_type.as_bytes(), b"text/event-stream").is_some() {
            call.stop_deadline();
            return open_stream(inner, kind, &response, call, request_id).map(Outcome::Done);
        }
    }
    // The body stays a JS string on the way to JSON.parse; only an error is copied into wasm.
    let text = read_text(&response, call).await?;
    let parsed = match js::parse_json(&text) {
        Ok(v) => v,
        Err(_) => {
            let mut e = Error::new(ErrorKind::Api, "The response body is not valid JSON");
            e.status = Some(status);
            e.body = Some(text.into());
            e.request_id = request_id;
            return Err(errors::to_js(&e));
        }
    };
    let has_error = Reflect::get(&parsed, &JsValue::from_str("error"))
        .is_ok_and(|e| !e.is_undefined() && !e.is_null() && e.as_bool() != Some(false));
    if has_error {
        let mut e = Error::from_payload(String::from(text).as_bytes());
        e.status = Some(status);
        if e.request_id.is_none() {
            e.request_id = request_id;
        }
        return Ok(Outcome::Retry(e, hints(&resp_headers)));
    }
    if stream.is_some() {
        let mut message = String::from("Expected an event stream, got content-type ");
        message.push_str(if content_type.is_empty() {
            "(none)"
        } else {
            &content_type
        });
        let mut e = Error::new(ErrorKind::Api, message);
        e.status = Some(status);
        e.body = Some(text.into());
        e.request_id = request_id;
        e.retryable = false;
        return Err(errors::to_js(&e));
    }
    Ok(Outcome::Done(parsed))
}

fn open_stream(
    inner: &Inner,
    kind: StreamKind,
    response: &FetchResponse,
    call: &Call,
    request_id: Option<String>,
) -> Result<JsValue, JsValue> {
    let body: ReadableStream = response.body().unchecked_into();
    let reader = body
        .get_reader()
        .map_err(|e| errors::to_js(&connection_error(&e)))?;
    let decoder = JsValue::from(SseDecoder::new(kind));
    let kind_index = match kind {
        StreamKind::Chat => 0,
        StreamKind::Agent => 1,
        StreamKind::Transcription => 2,
    };
    Ok(js::make_stream(
        kind_index,
        reader,
        decoder,
        call,
        inner.stream_idle_timeout,
        request_id.map_or(JsValue::UNDEFINED, JsValue::from),
    ))
}

async fn read_text(response: &FetchResponse, call: &Call) -> Result<JsString, JsValue> {
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    match text {
        Ok(t) => Ok(t.dyn_into().unwrap_or_default()),
        Err(e) => {
            check_aborted(call)?;
            Err(errors::to_js(&connection_error(&e)))
        }
    }
}

/// Fails with the caller's abort or the deadline, if either has happened.
fn check_aborted(call: &Call) -> Result<(), JsValue> {
    match call.why() {
        WHY_USER => Err(errors::simple(ErrorKind::UserAbort, "Request was aborted")),
        WHY_TIMEOUT => Err(errors::simple(ErrorKind::Timeout, "Request timed out")),
        _ => Ok(()),
    }
}

/// `fetch` rejected without an HTTP answer. Browsers say only "Failed to fetch" for a network
/// failure and a CORS refusal alike, so the message names both.
fn connection_error(e: &JsValue) -> Error {
    let detail = Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    let mut message = String::from(
        "Connection error: the request got no HTTP response (network failure, DNS, or a CORS refusal: if the base URL refuses browser requests, use a proxy baseURL, see the README)",
    );
    if !detail.is_empty() {
        message.push_str(": ");
        message.push_str(&detail);
    }
    Error::new(ErrorKind::Connection, message)
}

fn hints(headers: &Headers) -> ServerHints {
    ServerHints {
        should_retry: retry::should_retry_header(headers.get("x-should-retry").as_deref()),
        delay_ms: retry::server_delay_ms(
            headers.get("retry-after").as_deref(),
            headers.get("retry-after-ms").as_deref(),
            js_sys::Date::now() as u64,
            platform_http_date,
        ),
    }
}

/// `Date.parse` reads all three HTTP-date forms (like the core's `retry::http_date_ms`, which
/// the native tests use) and costs no wasm bytes. asctime carries no zone and is GMT by
/// definition, but `Date.parse` would read it as local time: the zone is added.
fn platform_http_date(value: &str, _now_ms: u64) -> Option<u64> {
    let value = value.trim();
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

async fn build_headers(
    inner: &Inner,
    ep: &Endpoint,
    opts: &CallOptions,
    stream: bool,
) -> Result<Headers, JsValue> {
    let h = Headers::new();
    let bad = |_| errors::invalid("headers", "contain an invalid header name or value");
    if ep.body == Body::Json {
        h.set("Content-Type", "application/json").map_err(bad)?;
    }
    h.set(
        "Accept",
        if stream {
            "text/event-stream"
        } else {
            "application/json"
        },
    )
    .map_err(bad)?;
    if !inner.accept_language.is_empty() {
        h.set("Accept-Language", &inner.accept_language)
            .map_err(bad)?;
    }
    if let Some(key) = api_key(inner).await? {
        let mut value = String::from("Bearer ");
        value.push_str(&key);
        // The key never goes into an error: a bad key is reported without it.
        h.set("Authorization", &value).map_err(|_| {
            errors::invalid("apiKey", "contains characters not allowed in a header")
        })?;
    }
    js::merge_headers(&h, &inner.default_headers).map_err(|_| {
        errors::invalid("defaultHeaders", "contain an invalid header name or value")
    })?;
    js::merge_headers(&h, &opts.headers).map_err(bad)?;
    Ok(h)
}

async fn api_key(inner: &Inner) -> Result<Option<String>, JsValue> {
    match &inner.api_key {
        ApiKey::None => Ok(None),
        ApiKey::Fixed(k) => inner.credential(k.clone()).map(Some),
        ApiKey::Provider(f) => inner.credential(provided_key(f).await?).map(Some),
    }
}

async fn provided_key(f: &Function) -> Result<String, JsValue> {
    let fail = || {
        errors::invalid(
            "apiKey",
            "provider must return a non-empty string (or a promise of one)",
        )
    };
    let value = f.call0(&JsValue::UNDEFINED).map_err(|_| fail())?;
    let value = JsFuture::from(Promise::resolve(&value))
        .await
        .map_err(|_| fail())?;
    value.as_string().filter(|s| !s.is_empty()).ok_or_else(fail)
}

fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `asyncResult.poll(id, { interval, timeout, signal, onProgress })`: retrieves the task until it
/// settles. Each retrieve is a normal call (with its retries); the wait between polls and any
/// retrieve in flight end at once on abort or when the deadline passes.
pub(crate) async fn poll(
    inner: &Inner,
    ep: &'static Endpoint,
    id: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = if options.is_undefined() || options.is_null() {
        js_sys::Object::new().into()
    } else {
        options
    };
    schema::validate(&Js(opts.clone()), config::POLL_OPTIONS).map_err(|e| errors::to_js(&e))?;
    let get = |k: &str| Reflect::get(&opts, &JsValue::from_str(k)).unwrap_or_default();
    let policy = PollPolicy {
        interval_ms: get("interval")
            .as_f64()
            .unwrap_or(poll::DEFAULT_INTERVAL_MS),
        timeout_ms: get("timeout").as_f64().unwrap_or(poll::DEFAULT_TIMEOUT_MS),
    };
    let on_progress: Option<Function> = Some(get("onProgress"))
        .filter(JsValue::is_function)
        .map(JsCast::unchecked_into);
    let call = Call::new(&get("signal"), policy.timeout_ms);
    let result = poll_loop(inner, ep, &id, &policy, on_progress.as_ref(), &call).await;
    call.end();
    result
}

async fn poll_loop(
    inner: &Inner,
    ep: &'static Endpoint,
    id: &JsValue,
    policy: &PollPolicy,
    on_progress: Option<&Function>,
    call: &Call,
) -> Result<JsValue, JsValue> {
    let started = js_sys::Date::now();
    let retrieve_options = js_sys::Object::new();
    set(&retrieve_options, "signal", &call.ctl().signal());
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let result = match send(inner, ep, id.clone(), retrieve_options.clone().into()).await {
            Ok(r) => r,
            Err(e) => {
                check_poll_aborted(call)?;
                return Err(e);
            }
        };
        let elapsed = js_sys::Date::now() - started;
        if let Some(f) = on_progress {
            let progress = js_sys::Object::new();
            set(&progress, "attempt", &JsValue::from(attempt));
            set(&progress, "elapsedMs", &JsValue::from(elapsed));
            // A throwing callback is the caller's bug; it must not kill the poll loop silently.
            f.call2(&JsValue::UNDEFINED, &result, &progress)?;
        }
        let status = Reflect::get(&result, &JsValue::from_str("task_status"))
            .ok()
            .and_then(|s| s.as_string());
        match poll::decide(policy, status.as_deref(), elapsed) {
            Step::Success => return Ok(result),
            Step::Failed => {
                let mut e = Error::new(ErrorKind::Api, "The async task failed (task_status FAIL)");
                e.retryable = false;
                e.request_id = Reflect::get(&result, &JsValue::from_str("request_id"))
                    .ok()
                    .and_then(|s| s.as_string());
                e.body = JSON::stringify(&result).ok().map(String::from);
                return Err(errors::to_js(&e));
            }
            Step::Deadline => {
                return Err(errors::simple(
                    ErrorKind::Timeout,
                    "The async task did not finish before the polling timeout",
                ))
            }
            Step::Wait(ms) => {
                JsFuture::from(call.sleep(ms)).await.ok();
                check_poll_aborted(call)?;
            }
        }
    }
}

fn check_poll_aborted(call: &Call) -> Result<(), JsValue> {
    match call.why() {
        WHY_TIMEOUT => Err(errors::simple(
            ErrorKind::Timeout,
            "The async task did not finish before the polling timeout",
        )),
        _ => check_aborted(call),
    }
}
