//! The request machine as JS objects: an [`Engine`] per client (its settings and JWT cache) and
//! an [`Exchange`] per call. The executor in `runtime.js` performs each action and feeds the
//! result back; every method here is synchronous and returns at once (no Rust `async`).
//!
//! The protocol is numbers and strings only, a handful of crossings per call: `begin` (the
//! params' JSON text in), `step` per event (an action code out), `request` (one string with the
//! method, URL, body prefix, deadline and headers), `error` on failure.
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::decoder::SseDecoder;
use super::errors;
use super::js;
use crate::config;
use crate::error::{Error, ErrorKind};
use crate::request::{self, Action, CallOptions, Env, Event, Input, Settings};
use crate::resources::{Answer, Body, StreamKind, ENDPOINTS};
use crate::retry::{self, ServerHints};
use crate::util;

// Event codes of `Exchange.step` (mirrored in runtime.js).
const EV_START: u32 = 0;
const EV_KEY: u32 = 1;
const EV_HEAD: u32 = 2;
const EV_ANSWER: u32 = 3;
const EV_NETWORK_FAILURE: u32 = 4;
const EV_BODY_FAILED: u32 = 5;
const EV_TIMER: u32 = 6;
const EV_DEADLINE: u32 = 7;
const EV_USER_ABORT: u32 = 8;
const EV_BODY_TOO_LARGE: u32 = 9;

// Action codes (mirrored in runtime.js); an open stream is `ACT_STREAM + kind`.
const ACT_AUTHORIZE: u32 = 0;
const ACT_SEND: u32 = 1;
const ACT_READ_JSON: u32 = 2;
const ACT_READ_BODY: u32 = 3;
const ACT_WAIT: u32 = 4;
const ACT_RESOLVE: u32 = 5;
const ACT_FAIL: u32 = 6;
const ACT_IGNORE: u32 = 7;
const ACT_RESPOND: u32 = 8;
const ACT_STREAM: u32 = 10;

/// Makes engines (internal: the one instance is handed to `runtime.js` by [`connect`], so the JS
/// client class can create them without importing the wasm glue).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Factory;

#[wasm_bindgen]
impl Factory {
    /// A client's engine from the JSON text of its options; throws `InvalidRequestError`.
    pub fn engine(&self, options: &str) -> Result<Engine, JsValue> {
        let settings =
            config::settings_from_json(options.as_bytes()).map_err(|e| errors::to_js(&e))?;
        Ok(Engine {
            settings: Rc::new(RefCell::new(settings)),
        })
    }

    /// The endpoint table for the JS namespaces: one `name kind` line per endpoint, in index
    /// order; kind `J` JSON body, `M` multipart, `Q` query, `R` raw (`client.request`), `P` poll, or `I` and the number of
    /// path arguments; then ` B` when the answer is binary (the `Response`).
    pub fn endpoints(&self) -> String {
        let mut out = String::with_capacity(ENDPOINTS.len() * 32);
        for ep in ENDPOINTS {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(ep.name);
            out.push_str(match (ep.poll, ep.body) {
                (true, _) => " P",
                (false, Body::None) => " I",
                (false, Body::Json) => " J",
                (false, Body::Multipart) => " M",
                (false, Body::Query(_)) => " Q",
                (false, Body::Raw) => " R",
            });
            if ep.body == Body::None && !ep.poll {
                let mut n = 0;
                for b in ep.path.bytes() {
                    n += u64::from(b == b'{');
                }
                util::push_u64(&mut out, n);
            }
            if ep.answer == Answer::Binary {
                out.push_str(" B");
            }
        }
        out
    }
}

/// One client's settings (internal).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Engine {
    settings: Rc<RefCell<Settings>>,
}

#[wasm_bindgen]
impl Engine {
    /// Starts a call of endpoint `id`: `input` is the params' JSON text (or the id), `options`
    /// the JSON text of the call's options, if any.
    pub fn begin(
        &self,
        id: u32,
        input: Option<String>,
        options: Option<String>,
        now: f64,
        random: f64,
    ) -> Exchange {
        let env = Env {
            now_ms: now,
            random,
        };
        let mut exchange = Exchange {
            settings: Rc::clone(&self.settings),
            call: None,
            action: Action::Ignore,
        };
        let Some(ep) = ENDPOINTS.get(id as usize).copied() else {
            exchange.action =
                Action::Fail(Error::new(ErrorKind::InvalidRequest, "unknown endpoint"));
            return exchange;
        };
        let options = match options {
            Some(text) => config::call_options_from_json(text.as_bytes(), ep.poll),
            None => Ok(CallOptions::default()),
        };
        let options = match options {
            Ok(o) => o,
            Err(e) => {
                exchange.action = Action::Fail(e);
                return exchange;
            }
        };
        let text = input.unwrap_or_default();
        let input = match ep.body {
            Body::None => Input::Path(text.as_bytes()),
            Body::Query(_) if text.is_empty() => Input::Json(b"{}"),
            Body::Json if text.is_empty() => Input::Json(b"null"),
            Body::Json | Body::Query(_) | Body::Raw => Input::Json(text.as_bytes()),
            Body::Multipart => Input::Multipart(text.as_bytes()),
        };
        let Ok(mut settings) = self.settings.try_borrow_mut() else {
            exchange.action = Action::Fail(busy());
            return exchange;
        };
        let (call, first) = request::Exchange::start(&mut settings, ep, input, &options, env);
        exchange.call = Some(call);
        exchange.action = first;
        exchange
    }

    /// `streamIdleTimeout` (ms).
    #[wasm_bindgen(js_name = idleTimeout)]
    pub fn idle_timeout(&self) -> f64 {
        self.settings
            .try_borrow()
            .map_or(config::DEFAULT_STREAM_IDLE_TIMEOUT_MS, |s| {
                s.stream_idle_timeout_ms
            })
    }
}

/// One call in flight (internal; `runtime.js` frees it when the call is over).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Exchange {
    settings: Rc<RefCell<Settings>>,
    call: Option<request::Exchange>,
    /// The last action decided (its payload: the wait, the error).
    action: Action,
}

#[wasm_bindgen]
impl Exchange {
    /// Feeds event `event` (`num`: the HTTP status; `text`: the key, the content type, the
    /// answer text of a poll or a failure's detail); returns the next action's code.
    pub fn step(
        &mut self,
        event: u32,
        num: f64,
        text: Option<String>,
        now: f64,
        random: f64,
    ) -> u32 {
        if event != EV_START {
            let text = text.as_deref();
            let event = match event {
                EV_KEY => Event::Key(text),
                EV_HEAD => Event::Head {
                    status: num as u16,
                    content_type: text.unwrap_or_default(),
                },
                EV_ANSWER => Event::Answer(text.map(str::as_bytes)),
                EV_NETWORK_FAILURE => Event::NetworkFailure(text.unwrap_or_default()),
                EV_BODY_FAILED => Event::BodyFailed(text.unwrap_or_default()),
                EV_TIMER => Event::TimerFired,
                EV_DEADLINE => Event::Deadline,
                EV_USER_ABORT => Event::UserAbort,
                EV_BODY_TOO_LARGE => Event::BodyTooLarge,
                _ => return self.code(),
            };
            self.feed(
                event,
                Env {
                    now_ms: now,
                    random,
                },
            );
        }
        self.code()
    }

    /// Feeds the whole body (with the response's `x-request-id` and retry headers).
    #[allow(clippy::too_many_arguments)]
    pub fn body(
        &mut self,
        text: String,
        request_id: Option<String>,
        retry_after: Option<String>,
        retry_after_ms: Option<String>,
        should_retry: Option<String>,
        now: f64,
        random: f64,
    ) -> u32 {
        let hints = ServerHints {
            should_retry: retry::should_retry_header(should_retry.as_deref()),
            delay_ms: retry::server_delay_ms(
                retry_after.as_deref(),
                retry_after_ms.as_deref(),
                now as u64,
                js::http_date_ms,
            ),
        };
        let event = Event::Body {
            text: text.as_bytes(),
            request_id: request_id.as_deref(),
            hints,
        };
        self.feed(
            event,
            Env {
                now_ms: now,
                random,
            },
        );
        self.code()
    }

    /// For `Send`: `method\nurl\nbodyPrefix\ndeadlineIn\nmaxBodyBytes` then `name\nvalue` per
    /// header, one string (one crossing; no part can contain a newline).
    pub fn request(&self, now: f64) -> String {
        let Some(call) = &self.call else {
            return String::new();
        };
        let mut out = String::with_capacity(call.url().len() + call.headers().len() + 160);
        out.push_str(call.method());
        out.push('\n');
        out.push_str(call.url());
        out.push('\n');
        out.push_str(call.body_prefix());
        out.push('\n');
        let left = call.deadline_in(now);
        if left.is_finite() {
            util::push_u64(&mut out, left as u64);
        }
        out.push('\n');
        util::push_u64(&mut out, call.max_body_bytes() as u64);
        out.push('\n');
        out.push_str(call.headers());
        if let Some(auth) = call.authorization() {
            out.push_str("\nauthorization\n");
            out.push_str(auth);
        }
        out
    }

    /// For `Wait`: how long (ms).
    pub fn delay(&self) -> f64 {
        match self.action {
            Action::Wait(ms) => ms,
            _ => 0.0,
        }
    }

    /// For `Fail`: the error, as an instance of its JS class.
    pub fn error(&self) -> JsValue {
        match &self.action {
            Action::Fail(e) => errors::to_js(e),
            _ => errors::to_js(&Error::new(ErrorKind::Api, "The call did not fail")),
        }
    }

    /// For an open stream: the decoder of its body (a chat completion kept up to the call's
    /// `maxResponseBytes`), which scrubs its errors of the call's secrets.
    pub fn decoder(&self) -> SseDecoder {
        let limit = self.call.as_ref().map_or(
            config::DEFAULT_MAX_RESPONSE_BYTES,
            request::Exchange::max_body_bytes,
        );
        let kind = match self.action {
            Action::OpenStream(kind) => kind,
            _ => StreamKind::Agent,
        };
        let secrets = self.call.as_ref().map(|c| c.secrets().clone());
        SseDecoder::new(kind, limit as usize, secrets.unwrap_or_default())
    }

    /// For an open stream: what its errors must not contain, one text a line (the stream
    /// scrubs a chunk that is not JSON, which JS reports, with them).
    pub fn secrets(&self) -> String {
        self.call
            .as_ref()
            .map(|c| c.secrets().to_lines())
            .unwrap_or_default()
    }
}

impl Exchange {
    fn feed(&mut self, event: Event<'_>, env: Env) {
        let (Some(call), Ok(mut settings)) = (&mut self.call, self.settings.try_borrow_mut())
        else {
            self.action = Action::Fail(busy());
            return;
        };
        self.action = call.handle(&mut settings, event, env);
    }

    fn code(&self) -> u32 {
        match self.action {
            Action::Authorize => ACT_AUTHORIZE,
            Action::Send => ACT_SEND,
            Action::ReadJson => ACT_READ_JSON,
            Action::ReadBody => ACT_READ_BODY,
            Action::Wait(_) => ACT_WAIT,
            Action::Resolve => ACT_RESOLVE,
            Action::Respond => ACT_RESPOND,
            Action::Fail(_) => ACT_FAIL,
            Action::Ignore => ACT_IGNORE,
            Action::OpenStream(kind) => ACT_STREAM + stream_index(kind),
        }
    }
}

/// The stream class index in `runtime.js` (`STREAMS`).
fn stream_index(kind: StreamKind) -> u32 {
    match kind {
        StreamKind::Chat => 0,
        StreamKind::Agent => 1,
        StreamKind::Transcription => 2,
        StreamKind::Speech => 3,
        StreamKind::Raw => 4,
    }
}

/// The settings are borrowed only inside one synchronous method, so this cannot happen; it is an
/// error rather than a panic all the same.
fn busy() -> Error {
    Error::new(ErrorKind::Api, "Internal error: the client is busy")
}

/// Connects `runtime.js` to this module (the package entry calls it once the module is
/// instantiated). Not a `#[wasm_bindgen(start)]`: a library's start function would clash with
/// the start function of a Rust app that depends on the crate.
#[wasm_bindgen]
#[allow(unreachable_pub)] // wasm-bindgen exports only `pub` functions
pub fn connect() {
    super::js::install(Factory);
}
