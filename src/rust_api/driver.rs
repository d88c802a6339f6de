//! The Rust API's driver of the request machine ([`crate::request`]): it performs the actions an
//! [`Exchange`] asks for with web APIs and `async` Rust, and feeds back what happened. Nothing
//! here decides anything (retries, waits, deadlines, errors are the machine's); the JS client's
//! executor (`src/wasm/runtime.js`) drives the same machine the same way.
//!
//! One [`Ctl`] per call holds the `AbortController` every attempt's `fetch` (and a stream's
//! body) is bound to. The caller's `AbortSignal` and the deadline timer abort it from JS at
//! once, whether or not Rust is polling at that moment; what was aborted then tells which event
//! to feed ([`Event::UserAbort`] or [`Event::Deadline`]).
use crate::prelude::*;

use std::fmt;

use js_sys::futures::JsFuture;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{
    AbortController, AbortSignal, Blob, FormData, Headers, ReadableStreamDefaultReader,
    ReadableStreamReadResult, RequestInit, Response,
};

use super::client::{HeaderNames, Shared};
use crate::error::{Error, ErrorKind};
use crate::request::{Action, CallOptions, Env, Event, Exchange, Input, Secrets};
use crate::resources::{Answer, Endpoint, StreamKind};
use crate::retry::{self, ServerHints};
use crate::{json, schema};

#[wasm_bindgen]
extern "C" {
    // The globals, not `Window::fetch`/`WorkerGlobalScope::fetch` from web-sys, so that the same
    // code runs in windows, workers and Node (as gloo-net binds them).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

// `max_concurrency`'s slots are the JS client's (`maxConcurrency` in runtime.js, always part of a
// wasm32 build): the same Web Locks, so Rust and JS clients of one origin share one budget.
#[wasm_bindgen(module = "/src/wasm/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = takeSlot, catch)]
    fn take_slot(name: &str, n: u32, signal: &AbortSignal) -> Result<Promise, JsValue>;
    /// The Web Lock name of `model`'s slots for clients of `base` (the `baseURL` as given).
    #[wasm_bindgen(js_name = slotName)]
    pub(crate) fn slot_name(base: &str, model: &str) -> String;
}

/// The longest delay `setTimeout` takes as given (longer ones fire at once).
pub(crate) const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// The parameters of one call, as the machine and the body need them.
#[derive(Debug)]
pub(crate) enum Params<'a> {
    /// The JSON text of the request: the body that is sent.
    Json(String),
    /// Multipart: the request's JSON text (each Blob written as [`schema::SENTINEL_BLOB`]) and
    /// the Blobs by field name.
    Multipart {
        json: String,
        blobs: &'a [(&'static str, &'a Blob)],
    },
    /// The one argument in the path of an endpoint without a body.
    Id(&'a str),
    /// The path's arguments as the JSON text of an array of strings.
    Path(String),
    /// The query's parameters as JSON text (no body).
    Query(String),
    /// `client.request`: the request's description as JSON text, and the JSON body to send.
    Raw { spec: String, body: Option<String> },
}

/// One call: what to send and with which options. Its `Debug` shows header names only (a
/// header may carry a credential).
pub(crate) struct Call<'a> {
    pub(crate) ep: &'static Endpoint,
    pub(crate) params: Params<'a>,
    pub(crate) options: CallOptions,
    /// The call's own headers (after the client's defaults).
    pub(crate) headers: &'a [(String, String)],
    pub(crate) signal: Option<&'a AbortSignal>,
}

impl fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("ep", &self.ep.name)
            .field("params", &self.params)
            .field("options", &self.options)
            .field("headers", &HeaderNames(self.headers))
            .field("signal", &self.signal)
            .finish()
    }
}

/// How a call ended well.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The answer's body (JSON text), and what an error made of it must not contain.
    Answer(String, Secrets),
    /// An event stream to decode.
    Stream(Opened),
    /// A binary answer: the response, its status checked.
    Response(Response),
}

/// A stream whose response head has arrived: its body is still to be read.
#[derive(Debug)]
pub(crate) struct Opened {
    pub(crate) kind: StreamKind,
    pub(crate) response: Response,
    pub(crate) ctl: Ctl,
    pub(crate) request_id: Option<String>,
    /// `streamIdleTimeout` (ms).
    pub(crate) idle_ms: f64,
    /// `maxResponseBytes`: the cap on a chat stream's accumulated completion.
    pub(crate) max_bytes: f64,
    /// What the stream's errors must not contain (the call's credential and key).
    pub(crate) secrets: Secrets,
}

/// The time and a random number for the machine.
pub(crate) fn env() -> Env {
    Env {
        now_ms: js_sys::Date::now(),
        random: js_sys::Math::random(),
    }
}

/// Runs `call` through the request machine to its end.
pub(crate) async fn run(shared: &Shared, call: Call<'_>) -> Result<Outcome, Error> {
    let mut ctl = Ctl::new(call.signal)?;
    let input = match &call.params {
        Params::Json(text) => Input::Json(text.as_bytes()),
        Params::Multipart { json, .. } => Input::Multipart(json.as_bytes()),
        Params::Id(id) => Input::Id(id),
        Params::Path(text) => Input::Path(text.as_bytes()),
        Params::Query(text) | Params::Raw { spec: text, .. } => Input::Json(text.as_bytes()),
    };
    let (mut exchange, mut action) = {
        let mut settings = shared.settings()?;
        Exchange::start(&mut settings, call.ep, input, &call.options, env())
    };
    let feed = |exchange: &mut Exchange, event: Event<'_>| -> Result<Action, Error> {
        let mut settings = shared.settings()?;
        Ok(exchange.handle(&mut settings, event, env()))
    };
    // `max_concurrency`: the slots this call takes before its first send, if its model has some.
    let mut slots = match &call.params {
        Params::Json(text) | Params::Multipart { json: text, .. } => {
            json::get(text.as_bytes(), "model")
                .and_then(json::string)
                .and_then(|model| shared.slots_for(&model))
        }
        _ => None,
    };
    let mut body: Option<JsValue> = None;
    let mut response: Option<Response> = None;
    let mut answer = String::new();
    let mut copy: Option<Response> = None;
    loop {
        action = match action {
            // The Rust API has no key provider: a fixed key or none never asks.
            Action::Authorize => feed(&mut exchange, Event::Key(None))?,
            Action::Send => {
                if let Some((name, n)) = slots.take() {
                    // Waiting in line counts in the call's timeout.
                    ctl.arm_deadline(exchange.deadline_in(js_sys::Date::now()));
                    ctl.take_slot(&name, n).await;
                }
                if let Some(event) = ctl.abort_event() {
                    feed(&mut exchange, event)?
                } else {
                    ctl.arm_deadline(exchange.deadline_in(js_sys::Date::now()));
                    if body.is_none() {
                        body = Some(request_body(&call.params, &exchange)?);
                    }
                    let init = RequestInit::new();
                    init.set_method(exchange.method());
                    init.set_headers_headers(&request_headers(&exchange, shared, call.headers)?);
                    if let Some(b) = body.as_ref().filter(|b| !b.is_undefined()) {
                        init.set_body(b);
                    }
                    init.set_signal(Some(&ctl.signal()));
                    match fetch(exchange.url(), &init).await {
                        Ok(r) => {
                            let content_type = header(&r, "content-type").unwrap_or_default();
                            let head = Event::Head {
                                status: r.status(),
                                content_type: &content_type,
                            };
                            response = Some(r);
                            feed(&mut exchange, head)?
                        }
                        Err(e) => match ctl.abort_event() {
                            Some(event) => feed(&mut exchange, event)?,
                            None => feed(&mut exchange, Event::NetworkFailure(&message(&e)))?,
                        },
                    }
                }
            }
            Action::ReadJson | Action::ReadBody => {
                let json = action == Action::ReadJson;
                let Some(r) = &response else {
                    return Err(internal());
                };
                if json && call.ep.answer == Answer::Binary {
                    copy = Some(
                        Response::clone(r).map_err(|e| Error::new(ErrorKind::Api, message(&e)))?,
                    );
                }
                match read_text(r, exchange.max_body_bytes()).await {
                    Err(e) => match ctl.abort_event() {
                        Some(event) => feed(&mut exchange, event)?,
                        None => feed(&mut exchange, Event::BodyFailed(&message(&e)))?,
                    },
                    Ok(None) => feed(&mut exchange, Event::BodyTooLarge)?,
                    Ok(Some(text)) if json && is_answer(text.as_bytes()) => {
                        let poll = call.ep.poll.then_some(text.as_bytes());
                        let next = feed(&mut exchange, Event::Answer(poll))?;
                        answer = text;
                        next
                    }
                    Ok(Some(text)) => {
                        let request_id = header(r, "x-request-id");
                        let event = Event::Body {
                            text: text.as_bytes(),
                            request_id: request_id.as_deref(),
                            hints: hints(r),
                        };
                        feed(&mut exchange, event)?
                    }
                }
            }
            Action::Wait(ms) => {
                // The machine never waits past the call's deadline (it reports the timeout when
                // the wait ends); the timer armed for the last attempt may be a poll retrieve's
                // own deadline, which does not apply between retrieves.
                ctl.clear_deadline();
                ctl.sleep(ms).await;
                match ctl.abort_event() {
                    Some(event) => feed(&mut exchange, event)?,
                    None => feed(&mut exchange, Event::TimerFired)?,
                }
            }
            Action::OpenStream(kind) => {
                let Some(response) = response.take() else {
                    return Err(internal());
                };
                ctl.clear_deadline();
                let request_id = header(&response, "x-request-id");
                let idle_ms = shared.settings()?.stream_idle_timeout_ms;
                return Ok(Outcome::Stream(Opened {
                    kind,
                    response,
                    ctl,
                    request_id,
                    idle_ms,
                    max_bytes: exchange.max_body_bytes(),
                    secrets: exchange.secrets().clone(),
                }));
            }
            Action::Resolve => return Ok(Outcome::Answer(answer, exchange.secrets().clone())),
            Action::Respond => {
                // A JSON answer was read for an error: the copy taken before.
                ctl.handed_off = true;
                return match copy.take().or_else(|| response.take()) {
                    Some(r) => Ok(Outcome::Response(r)),
                    None => Err(internal()),
                };
            }
            Action::Fail(e) => return Err(e),
            Action::Ignore => return Err(internal()),
        };
    }
}

fn internal() -> Error {
    Error::new(
        ErrorKind::Connection,
        "Internal error: unexpected request action",
    )
}

/// Whether a 2xx body is the answer: JSON without a set `error` member (anything else is fed to
/// the machine as [`Event::Body`], which reports it).
fn is_answer(text: &[u8]) -> bool {
    json::is_valid(text)
        && !json::get(text, "error").is_some_and(|e| !json::is_null(e) && e != b"false")
}

/// The body of every attempt: the JSON text with the machine's prefix (a generated
/// `request_id`) right after its `{`, or the multipart form.
fn request_body(params: &Params<'_>, exchange: &Exchange) -> Result<JsValue, Error> {
    match params {
        Params::Json(text) => {
            let prefix = exchange.body_prefix();
            if prefix.is_empty() {
                return Ok(JsValue::from_str(text));
            }
            let mut body = String::with_capacity(text.len() + prefix.len());
            // The text is a serialised struct: it starts with `{`.
            let (open, rest) = text.split_at_checked(1).unwrap_or(("", text));
            body.push_str(open);
            body.push_str(prefix);
            body.push_str(rest);
            Ok(JsValue::from_str(&body))
        }
        Params::Multipart { json, blobs } => form(json, blobs)
            .map(JsValue::from)
            .map_err(|_| Error::invalid("params", "cannot be encoded as multipart form data")),
        Params::Raw {
            body: Some(body), ..
        } => Ok(JsValue::from_str(body)),
        Params::Id(_) | Params::Path(_) | Params::Query(_) | Params::Raw { .. } => {
            Ok(JsValue::UNDEFINED)
        }
    }
}

/// The multipart body of a request, from its JSON text in member order: a Blob (the sentinel)
/// becomes a file part named after the `File` (a plain Blob `file`), an array one part per item,
/// an object its JSON text, `null` nothing, a string its value and anything else its JSON text.
/// The same rules as the JS client's form.
fn form(json: &str, blobs: &[(&'static str, &Blob)]) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    for (key, value) in json::members(json.as_bytes()) {
        let key = json::unescape(key).unwrap_or_default();
        if value.first() == Some(&b'[') {
            for item in json::items(value) {
                add_part(&form, &key, item, blobs)?;
            }
        } else {
            add_part(&form, &key, value, blobs)?;
        }
    }
    Ok(form)
}

fn add_part(
    form: &FormData,
    key: &str,
    value: &[u8],
    blobs: &[(&'static str, &Blob)],
) -> Result<(), JsValue> {
    if json::is_null(value) {
        return Ok(());
    }
    let Some(raw) = json::str_raw(value) else {
        return form.append_with_str(key, core::str::from_utf8(value).unwrap_or_default());
    };
    let text = json::unescape(raw).unwrap_or_default();
    if text != schema::SENTINEL_BLOB {
        return form.append_with_str(key, &text);
    }
    match blobs.iter().find(|(name, _)| *name == key) {
        Some((_, blob)) => {
            let name = blob
                .dyn_ref::<web_sys::File>()
                .map(web_sys::File::name)
                .filter(|n| !n.is_empty());
            form.append_with_blob_and_filename(key, blob, name.as_deref().unwrap_or("file"))
        }
        None => Ok(()),
    }
}

/// The request headers of the attempt about to be sent: the machine's fixed ones and
/// `Authorization`, then the client's default headers, then the call's (later ones win).
fn request_headers(
    exchange: &Exchange,
    shared: &Shared,
    call_headers: &[(String, String)],
) -> Result<Headers, Error> {
    let invalid = |field: &'static str| {
        move |_| Error::invalid(field, "contain an invalid header name or value")
    };
    let h = Headers::new().map_err(invalid("headers"))?;
    let mut lines = exchange.headers().split('\n');
    while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
        h.set(name, value).map_err(|_| {
            Error::invalid(
                "acceptLanguage",
                "contains characters not allowed in a header",
            )
        })?;
    }
    if let Some(value) = exchange.authorization() {
        // The key never goes into an error: a bad key is reported without it.
        h.set("authorization", value)
            .map_err(|_| Error::invalid("apiKey", "contains characters not allowed in a header"))?;
    }
    for (name, value) in &shared.default_headers {
        h.set(name, value).map_err(invalid("defaultHeaders"))?;
    }
    for (name, value) in call_headers {
        h.set(name, value).map_err(invalid("headers"))?;
    }
    Ok(h)
}

async fn fetch(url: &str, init: &RequestInit) -> Result<Response, JsValue> {
    let response = JsFuture::from(global_fetch(url, init)?).await?;
    // Anything but a Response (a polyfill gone wrong) is a failed fetch.
    response
        .dyn_into::<Response>()
        .map_err(|_| JsValue::from_str("fetch did not return a Response"))
}

/// The whole body as text, read a piece at a time with its (decompressed) bytes counted as they
/// arrive: `None` (and the connection released) once they pass `max`. The bytes are copied into
/// wasm once and decoded as `TextDecoder` does (invalid sequences become U+FFFD, a leading BOM
/// is dropped).
async fn read_text(response: &Response, max: f64) -> Result<Option<String>, JsValue> {
    let Some(body) = response.body() else {
        return Ok(Some(String::new()));
    };
    let reader = ReadableStreamDefaultReader::new(&body)?;
    let mut bytes = Vec::new();
    loop {
        let step: ReadableStreamReadResult = JsFuture::from(reader.read()).await?.unchecked_into();
        if step.get_done().unwrap_or(true) {
            return Ok(Some(utf8(bytes)));
        }
        let piece = Uint8Array::new(&step.get_value());
        let len = piece.length() as usize;
        if (bytes.len() + len) as f64 > max {
            drop(JsFuture::from(reader.cancel()));
            return Ok(None);
        }
        let at = bytes.len();
        bytes.resize(at + len, 0);
        if let Some(dest) = bytes.get_mut(at..) {
            piece.copy_to(dest);
        }
    }
}

/// `bytes` as text, as `TextDecoder` would decode them.
pub(crate) fn utf8(bytes: Vec<u8>) -> String {
    let mut text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

/// A response header's value.
pub(crate) fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).ok().flatten()
}

/// What a failed response says about retrying.
fn hints(response: &Response) -> ServerHints {
    let h = |name| header(response, name);
    ServerHints {
        should_retry: retry::should_retry_header(h("x-should-retry").as_deref()),
        delay_ms: retry::server_delay_ms(
            h("retry-after").as_deref(),
            h("retry-after-ms").as_deref(),
            js_sys::Date::now() as u64,
            crate::wasm::js::http_date_ms,
        ),
    }
}

/// The text of a JS exception (its `message`, or the value itself when it is a string).
pub(crate) fn message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => err.message().into(),
        None => e.as_string().unwrap_or_default(),
    }
}

/// One call's abort plumbing: its `AbortController`, the link from the caller's signal, and
/// the deadline timer. Dropping it aborts the controller (ends a fetch or body still running)
/// and unhooks everything.
#[derive(Debug)]
pub(crate) struct Ctl {
    controller: AbortController,
    /// `controller.abort` bound to it: the listener on the caller's signal and the deadline
    /// timer's handler (a JS function, so it stays valid whenever JS calls it).
    abort: Function,
    user: Option<AbortSignal>,
    deadline: Option<JsValue>,
    /// The response was handed to the caller (a binary answer): its body must stay readable,
    /// so dropping this does not abort the controller.
    handed_off: bool,
    /// The release of the `max_concurrency` slot the call holds (a stream: until its body ends).
    slot: Option<Function>,
}

impl Ctl {
    fn new(user: Option<&AbortSignal>) -> Result<Ctl, Error> {
        let failed = |_| Error::new(ErrorKind::Connection, "AbortController is not available");
        let controller = AbortController::new().map_err(failed)?;
        let abort = Reflect::get(&controller, &JsValue::from_str("abort"))
            .map_err(failed)?
            .dyn_into::<Function>()
            .map_err(failed)?
            .bind0(&controller);
        if let Some(signal) = user {
            if signal.aborted() {
                controller.abort();
            } else {
                let _ = signal.add_event_listener_with_callback("abort", &abort);
            }
        }
        Ok(Ctl {
            controller,
            abort,
            user: user.cloned(),
            deadline: None,
            handed_off: false,
            slot: None,
        })
    }

    /// The signal `fetch` is bound to.
    pub(crate) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// The caller's signal, if any.
    pub(crate) fn user_signal(&self) -> Option<AbortSignal> {
        self.user.clone()
    }

    /// Whether the caller's signal has fired.
    pub(crate) fn user_aborted(&self) -> bool {
        self.user.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// The event for an aborted call: the caller's abort, else the deadline; `None` while the
    /// call runs.
    fn abort_event(&self) -> Option<Event<'static>> {
        if self.user_aborted() {
            Some(Event::UserAbort)
        } else if self.signal().aborted() {
            Some(Event::Deadline)
        } else {
            None
        }
    }

    /// Aborts the call in `ms` (no deadline when infinite).
    fn arm_deadline(&mut self, ms: f64) {
        self.clear_deadline();
        if ms.is_finite() {
            self.deadline = Some(set_timeout(&self.abort, ms.min(MAX_TIMER_MS)));
        }
    }

    fn clear_deadline(&mut self) {
        if let Some(id) = self.deadline.take() {
            clear_timeout(&id);
        }
    }

    /// Waits for one of the `n` slots named `name`, or less if the call is aborted meanwhile (the
    /// wait then ends without one). Where slots cannot be taken (Web Locks refused, in an opaque
    /// origin) the call goes on without one, as in JS.
    async fn take_slot(&mut self, name: &str, n: u32) {
        let Ok(waiting) = take_slot(name, n, &self.signal()) else {
            return;
        };
        let Ok(release) = JsFuture::from(waiting).await else {
            return;
        };
        if let Ok(release) = release.dyn_into::<Function>() {
            self.slot = Some(release);
        }
    }

    /// Waits `ms`, or less if the call is aborted meanwhile.
    async fn sleep(&self, ms: f64) {
        let signal = self.signal();
        if signal.aborted() {
            return;
        }
        let mut timer = JsValue::UNDEFINED;
        let mut wake = None;
        let done = Promise::new(&mut |resolve, _reject| {
            timer = set_timeout(&resolve, ms.clamp(0.0, MAX_TIMER_MS));
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
            wake = Some(resolve);
        });
        let _ = JsFuture::from(done).await;
        clear_timeout(&timer);
        if let Some(f) = wake {
            let _ = signal.remove_event_listener_with_callback("abort", &f);
        }
    }
}

impl Drop for Ctl {
    fn drop(&mut self) {
        self.clear_deadline();
        if let Some(release) = self.slot.take() {
            let _ = release.call0(&JsValue::NULL);
        }
        if let Some(signal) = &self.user {
            let _ = signal.remove_event_listener_with_callback("abort", &self.abort);
        }
        if !self.handed_off {
            self.controller.abort();
        }
    }
}

/// A one-shot timer as a future.
#[derive(Debug)]
pub(crate) struct Timer {
    id: JsValue,
    pub(crate) fired: JsFuture,
}

impl Timer {
    /// Fires after `ms`.
    pub(crate) fn new(ms: f64) -> Timer {
        let mut id = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve, _reject| {
            id = set_timeout(&resolve, ms.clamp(0.0, MAX_TIMER_MS));
        });
        Timer {
            id,
            fired: JsFuture::from(promise),
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}
