//! [`Exchange`]: one logical call, from its parameters to its answer, as a state machine.
use crate::prelude::*;

use super::plan::{self, CallOptions, Key, Settings};
use super::secrets::Secrets;
use crate::error::{Error, ErrorKind};
use crate::poll::{self, PollPolicy, Step};
use crate::resources::{raw, Answer, Body, Endpoint, StreamKind};
use crate::retry::{self, ServerHints};
use crate::schema::{JsonText, Value};
use crate::{config, json, jwt, util};

/// What the call is made of, as the seam has it.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// The JSON text of the parameters object: exactly the body that is sent.
    Json(&'a [u8]),
    /// The parameters of a multipart call as JSON text, each `Blob` written as the sentinel
    /// [`schema::SENTINEL_BLOB`](crate::schema::SENTINEL_BLOB); the seam builds the form from the same values.
    Multipart(&'a [u8]),
    /// The one argument of an endpoint whose path has one `{…}` parameter (the Rust API's; the
    /// JS seam sends [`Input::Path`]).
    #[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))]
    Id(&'a str),
    /// The arguments of a path with `{…}` parameters, as the JSON text of an array of strings.
    Path(&'a [u8]),
}

/// The time and a random number in `[0, 1)`, handed in with every event so that the machine
/// itself never reads a clock (native tests drive it with a simulated one).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Env {
    /// Milliseconds since the epoch.
    pub now_ms: f64,
    /// A uniform random number in `[0, 1)` (backoff jitter).
    pub random: f64,
}

/// What happened, fed to [`Exchange::handle`]. Its `Debug` shows neither a key nor the text
/// of a body (which may echo one).
#[derive(Clone, Copy)]
pub enum Event<'a> {
    /// The `apiKey` provider's answer to [`Action::Authorize`]; `None` when it threw, rejected
    /// or gave something that is not a string.
    Key(Option<&'a str>),
    /// `fetch` resolved with a response head.
    Head {
        /// The HTTP status.
        status: u16,
        /// The `content-type` header ("" when there is none).
        content_type: &'a str,
    },
    /// The whole body, read for [`Action::ReadBody`], or for [`Action::ReadJson`] when it is not
    /// JSON or carries an `error` member.
    Body {
        /// The body as received.
        text: &'a [u8],
        /// The `x-request-id` response header.
        request_id: Option<&'a str>,
        /// `x-should-retry`, `retry-after-ms` and `Retry-After`.
        hints: ServerHints,
    },
    /// [`Action::ReadJson`]: the body parsed as JSON and carries no error. For a poll the seam
    /// hands in its text (the task status is read from it); otherwise `None`.
    Answer(Option<&'a [u8]>),
    /// `fetch` rejected: no HTTP response (network, DNS, CORS). The text is the platform's.
    NetworkFailure(&'a str),
    /// The body could not be read to its end.
    BodyFailed(&'a str),
    /// The body grew past [`Exchange::max_body_bytes`] while it was read (the seam stopped
    /// reading and released the connection).
    BodyTooLarge,
    /// The timer of an [`Action::Wait`] fired.
    TimerFired,
    /// The deadline timer fired (see [`Exchange::deadline_in`]).
    Deadline,
    /// The caller's abort signal fired.
    UserAbort,
}

impl core::fmt::Debug for Event<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Event::Key(key) => f.debug_tuple("Key").field(&key.map(|_| "..")).finish(),
            Event::Head {
                status,
                content_type,
            } => f
                .debug_struct("Head")
                .field("status", status)
                .field("content_type", content_type)
                .finish(),
            Event::Body {
                text,
                request_id,
                hints,
            } => f
                .debug_struct("Body")
                .field("bytes", &text.len())
                .field("request_id", request_id)
                .field("hints", hints)
                .finish(),
            Event::Answer(text) => f
                .debug_tuple("Answer")
                .field(&text.map(<[u8]>::len))
                .finish(),
            Event::NetworkFailure(detail) => f.debug_tuple("NetworkFailure").field(detail).finish(),
            Event::BodyFailed(detail) => f.debug_tuple("BodyFailed").field(detail).finish(),
            Event::BodyTooLarge => f.write_str("BodyTooLarge"),
            Event::TimerFired => f.write_str("TimerFired"),
            Event::Deadline => f.write_str("Deadline"),
            Event::UserAbort => f.write_str("UserAbort"),
        }
    }
}

/// What the seam must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Ask the `apiKey` provider for a key; feed [`Event::Key`].
    Authorize,
    /// Send the request ([`Exchange::url`], [`Exchange::headers`], [`Exchange::authorization`],
    /// the body); feed [`Event::Head`] or [`Event::NetworkFailure`].
    Send,
    /// Read the whole body and parse it as JSON; feed [`Event::Answer`], or [`Event::Body`] when
    /// it is not JSON or carries an `error` member.
    ReadJson,
    /// Read the whole body as text; feed [`Event::Body`].
    ReadBody,
    /// Wait this many ms; feed [`Event::TimerFired`].
    Wait(f64),
    /// Done: the body is an event stream of this kind; hand it to the stream decoder. The
    /// deadline no longer applies (the stream's idle timeout does).
    OpenStream(StreamKind),
    /// Done: the parsed answer is the call's result.
    Resolve,
    /// Done: the response itself (its status checked, its body unread or, when it was JSON,
    /// read for an `error` member) is the call's result: a binary answer.
    Respond,
    /// Done: the call failed.
    Fail(Error),
    /// The call is already over: the event came late (a provider or timer after an abort).
    Ignore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Authorizing,
    Sending,
    ReadingJson,
    ReadingBody,
    Waiting,
    Done,
}

/// One logical call: every attempt, the waits between them, and for `asyncResult.poll` every
/// retrieve. See the [module docs](super) for an example. Its `Debug` shows no credential.
#[derive(Debug)]
pub struct Exchange {
    ep: &'static Endpoint,
    state: State,
    url: String,
    headers: String,
    authorization: Option<Credential>,
    /// Every credential sent so far and the key's secret part: scrubbed out of every error.
    secrets: Secrets,
    /// What to put right after the body's opening `{` (a generated `request_id`), or "".
    body_prefix: String,
    stream: Option<StreamKind>,
    max_retries: u32,
    retries_done: u32,
    resigned: bool,
    /// The HTTP method.
    method: &'static str,
    /// The HTTP status of the current attempt's response.
    status: u16,
    /// Its content type, kept only when a stream was asked for and something else came.
    content_type: String,
    /// When the whole call must be over (ms since the epoch).
    deadline_ms: f64,
    /// For a poll: when the current retrieve must be over.
    attempt_deadline_ms: f64,
    /// Per retrieve (the client's `timeout`).
    attempt_timeout_ms: f64,
    /// `maxResponseBytes`.
    max_body_bytes: f64,
    poll: Option<PollState>,
}

#[derive(Debug, Clone, Copy)]
struct PollState {
    policy: PollPolicy,
    started_ms: f64,
    attempts: u32,
}

const ABORTED: &str = "Request was aborted";
const TIMED_OUT: &str = "Request timed out";
const POLL_TIMED_OUT: &str = "The async task did not finish before the polling timeout";

impl Exchange {
    /// Builds the call of `ep` and decides its first action (a failed validation is an
    /// [`Action::Fail`] here, before anything is sent).
    pub fn start(
        settings: &mut Settings,
        ep: &'static Endpoint,
        input: Input<'_>,
        options: &CallOptions,
        env: Env,
    ) -> (Exchange, Action) {
        let max_retries = options.max_retries.unwrap_or(settings.max_retries);
        let poll = ep.poll.then(|| PollState {
            policy: PollPolicy {
                interval_ms: options
                    .poll_interval_ms
                    .unwrap_or(poll::DEFAULT_INTERVAL_MS),
                timeout_ms: options.timeout_ms.unwrap_or(poll::DEFAULT_TIMEOUT_MS),
            },
            started_ms: env.now_ms,
            attempts: 0,
        });
        let timeout_ms = match poll {
            Some(p) => p.policy.timeout_ms,
            None => options.timeout_ms.unwrap_or(settings.timeout_ms),
        };
        let mut call = Exchange {
            ep,
            method: ep.method.as_str(),
            state: State::Done,
            url: String::new(),
            headers: String::new(),
            authorization: None,
            secrets: Secrets::default(),
            body_prefix: String::new(),
            stream: None,
            max_retries,
            retries_done: 0,
            resigned: false,
            status: 0,
            content_type: String::new(),
            deadline_ms: deadline(env.now_ms, timeout_ms),
            attempt_deadline_ms: f64::INFINITY,
            attempt_timeout_ms: settings.timeout_ms,
            max_body_bytes: options
                .max_response_bytes
                .unwrap_or(settings.max_response_bytes),
            poll,
        };
        if let Err(e) = call.prepare(settings, input, env) {
            return (call, Action::Fail(e));
        }
        let first = call.attempt(settings, env);
        (call, first)
    }

    /// Validates the input and builds the URL, headers and body prefix.
    fn prepare(&mut self, settings: &Settings, input: Input<'_>, env: Env) -> Result<(), Error> {
        let ep = self.ep;
        let mut args = Vec::new();
        let mut query = None;
        match (ep.body, input) {
            #[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))]
            (Body::None, Input::Id(id)) => args.push(String::from(id)),
            (Body::None, Input::Path(text)) => {
                for item in json::items(text) {
                    args.push(json::string(item).unwrap_or_default());
                }
            }
            (Body::Query(_), Input::Json(text)) => {
                let _ = ep.params.validate_json(text)?;
                query = Some(text);
            }
            (Body::Raw, Input::Json(text)) => {
                let outline = ep.params.validate_json(text)?;
                self.stream = self.stream_kind(&JsonText::root(&outline))?;
                let method = json_string(text, "method").unwrap_or_default();
                self.method = raw::METHODS
                    .iter()
                    .find(|m| **m == method)
                    .copied()
                    .unwrap_or("GET");
                let path = json_string(text, "path").unwrap_or_default();
                // Under the base URL: one leading `/`, no `//` (another host) or `/..` (up).
                let p = path.as_bytes();
                if p.first() != Some(&b'/')
                    || util::find(p, b"//").is_some()
                    || util::find(p, b"/..").is_some()
                {
                    return Err(Error::invalid(
                        "path",
                        "must be a path under the base URL (starting with one /)",
                    ));
                }
                self.url = config::join_url(&settings.base_url, &path);
                if let Some(q) = json::get(text, "query") {
                    plan::push_query(&mut self.url, q, &[])?;
                }
                let json_body = json::get(text, "body") == Some(b"true");
                self.headers = plan::headers(
                    ep,
                    json_body,
                    self.stream.is_some(),
                    &settings.accept_language,
                );
                return Ok(());
            }
            (Body::Json, Input::Json(text)) | (Body::Multipart, Input::Multipart(text)) => {
                let outline = ep.params.validate_json(text)?;
                let params = JsonText::root(&outline);
                self.stream = self.stream_kind(&params)?;
                if self.max_retries > 0 && ep.takes_request_id() {
                    self.body_prefix = request_id_prefix(&params, env);
                }
            }
            (Body::None, _) => return Err(Error::invalid("id", "must be a non-empty string")),
            _ => return Err(Error::invalid("params", "must be an object")),
        }
        self.url = plan::url(&settings.base_url, ep, &args)?;
        if let Some(text) = query {
            if let Body::Query(renames) = ep.body {
                plan::push_query(&mut self.url, text, renames)?;
            }
        }
        let json_body = ep.body == Body::Json;
        self.headers = plan::headers(
            ep,
            json_body,
            self.stream.is_some(),
            &settings.accept_language,
        );
        Ok(())
    }

    /// The stream kind when the parameters say `stream: true`.
    fn stream_kind(&self, params: &JsonText<'_>) -> Result<Option<StreamKind>, Error> {
        if params.member("stream").map(|s| s.raw()) != Some(b"true") {
            return Ok(None);
        }
        match self.ep.stream {
            Some(kind) => Ok(Some(kind)),
            None => {
                let mut problem = String::from("true is not supported by ");
                problem.push_str(self.ep.name);
                Err(Error::invalid("stream", &problem))
            }
        }
    }

    /// Begins an attempt: ask for the key, or send.
    fn attempt(&mut self, settings: &mut Settings, env: Env) -> Action {
        if self.poll.is_some() {
            self.attempt_deadline_ms = deadline(env.now_ms, self.attempt_timeout_ms);
        }
        match &settings.key {
            Key::Provider => {
                self.state = State::Authorizing;
                Action::Authorize
            }
            Key::Fixed(key) => {
                let key = key.clone();
                self.authorize(settings, &key, env)
            }
            Key::None => self.send(),
        }
    }

    fn authorize(&mut self, settings: &mut Settings, key: &str, env: Env) -> Action {
        match settings.authorization(key, env.now_ms) {
            Ok(value) => {
                self.secrets.add(key, &value);
                self.authorization = Some(Credential(value));
                self.send()
            }
            Err(e) => self.fail(e),
        }
    }

    fn send(&mut self) -> Action {
        self.state = State::Sending;
        Action::Send
    }

    /// Feeds one event; returns what to do next.
    pub fn handle(&mut self, settings: &mut Settings, event: Event<'_>, env: Env) -> Action {
        if self.state == State::Done {
            return Action::Ignore;
        }
        self.on_event(settings, event, env)
    }

    fn on_event(&mut self, settings: &mut Settings, event: Event<'_>, env: Env) -> Action {
        match (self.state, event) {
            (_, Event::UserAbort) => self.fail(Error::new(ErrorKind::UserAbort, ABORTED)),
            (_, Event::Deadline) => {
                let e = self.timeout_error(env);
                self.fail(e)
            }
            (State::Authorizing, Event::Key(key)) => match key.filter(|k| !k.is_empty()) {
                Some(key) => self.authorize(settings, key, env),
                None => self.fail(Error::invalid(
                    "apiKey",
                    "provider must return a non-empty string (or a promise of one)",
                )),
            },
            (
                State::Sending,
                Event::Head {
                    status,
                    content_type,
                },
            ) => {
                self.status = status;
                let event_stream =
                    util::find(content_type.as_bytes(), b"text/event-stream").is_some();
                match (success(status), self.stream) {
                    (true, Some(_)) if !event_stream => {
                        self.content_type.clear();
                        self.content_type.push_str(content_type);
                        self.state = State::ReadingBody;
                        Action::ReadBody
                    }
                    (true, Some(kind)) => {
                        self.state = State::Done;
                        Action::OpenStream(kind)
                    }
                    // A binary answer is the response itself, unless it is JSON (which may be
                    // an error in a 200).
                    (true, None) if self.ep.answer != Answer::Json && !is_json(content_type) => {
                        self.state = State::Done;
                        Action::Respond
                    }
                    (true, None) => {
                        self.state = State::ReadingJson;
                        Action::ReadJson
                    }
                    _ => {
                        self.state = State::ReadingBody;
                        Action::ReadBody
                    }
                }
            }
            (State::Sending, Event::NetworkFailure(detail)) => {
                let e = connection_error(
                    "Connection error: the request got no HTTP response (network failure, DNS, or a CORS refusal: if the base URL refuses browser requests, use a proxy baseURL, see the README)",
                    detail,
                );
                self.retry_or_fail(settings, e, ServerHints::default(), env)
            }
            (State::ReadingJson | State::ReadingBody, Event::BodyFailed(detail)) => {
                let mut e = connection_error(
                    "Connection error: the connection was lost while reading the response body",
                    detail,
                );
                e.status = Some(self.status);
                self.fail(e)
            }
            (State::ReadingJson | State::ReadingBody, Event::BodyTooLarge) => {
                let mut m = String::from("The response body is larger than maxResponseBytes (");
                util::push_u64(&mut m, self.max_body_bytes as u64);
                m.push_str(" bytes)");
                let mut e = Error::new(ErrorKind::Api, m);
                e.status = Some(self.status);
                e.retryable = false;
                self.fail(e)
            }
            (
                State::ReadingJson | State::ReadingBody,
                Event::Body {
                    text,
                    request_id,
                    hints,
                },
            ) => self.on_body(settings, text, request_id, hints, env),
            (State::ReadingJson, Event::Answer(text)) => self.on_answer(text, env),
            (State::Waiting, Event::TimerFired) => {
                if env.now_ms >= self.deadline_ms {
                    let e = self.timeout_error(env);
                    return self.fail(e);
                }
                self.attempt(settings, env)
            }
            // An event the current state does not expect is a seam bug: fail the call rather
            // than hang it.
            _ => self.fail(Error::new(
                ErrorKind::Connection,
                "Internal error: unexpected request event",
            )),
        }
    }

    fn on_body(
        &mut self,
        settings: &mut Settings,
        text: &[u8],
        request_id: Option<&str>,
        hints: ServerHints,
        env: Env,
    ) -> Action {
        let status = self.status;
        let mut e = if !success(status) {
            Error::from_http(status, text, None)
        } else if carries_error(text) {
            let mut e = Error::from_payload(text);
            e.status = Some(status);
            e
        } else {
            let mut e = if self.stream.is_some() {
                let mut m = String::from("Expected an event stream, got content-type ");
                m.push_str(if self.content_type.is_empty() {
                    "(none)"
                } else {
                    &self.content_type
                });
                Error::new(ErrorKind::Api, m)
            } else {
                Error::new(ErrorKind::Api, "The response body is not valid JSON")
            };
            e.status = Some(status);
            e.body = Some(crate::util::lossy(text));
            e.retryable = false;
            e.request_id = request_id.map(String::from);
            return self.fail(e);
        };
        if e.request_id.is_none() {
            e.request_id = request_id.map(String::from);
        }
        self.retry_or_fail(settings, e, hints, env)
    }

    fn on_answer(&mut self, text: Option<&[u8]>, env: Env) -> Action {
        let Some(poll) = &mut self.poll else {
            self.state = State::Done;
            return match self.ep.answer {
                Answer::Json | Answer::Auto => Action::Resolve,
                Answer::Binary => Action::Respond,
            };
        };
        poll.attempts += 1;
        let text = text.unwrap_or_default();
        let status = json_string(text, "task_status");
        let elapsed = env.now_ms - poll.started_ms;
        match poll::decide(&poll.policy, status.as_deref(), elapsed) {
            Step::Success => {
                self.state = State::Done;
                Action::Resolve
            }
            Step::Failed => {
                let mut e = Error::new(ErrorKind::Api, "The async task failed (task_status FAIL)");
                e.retryable = false;
                e.request_id = json_string(text, "request_id");
                e.body = Some(crate::util::lossy(text));
                self.fail(e)
            }
            Step::Deadline => self.fail(Error::new(ErrorKind::Timeout, POLL_TIMED_OUT)),
            Step::Wait(ms) => {
                self.retries_done = 0;
                self.resigned = false;
                self.state = State::Waiting;
                Action::Wait(ms)
            }
        }
    }

    /// A failed attempt: re-sign an expired token once, retry after a wait, or give up.
    fn retry_or_fail(
        &mut self,
        settings: &mut Settings,
        error: Error,
        hints: ServerHints,
        env: Env,
    ) -> Action {
        if let (Some(cache), false) = (&mut settings.jwt, self.resigned) {
            if jwt::token_expired(error.code.as_deref()) {
                cache.clear();
                self.resigned = true;
                return self.attempt(settings, env);
            }
        }
        let planned = retry::plan(
            self.retries_done,
            self.max_retries,
            error.retryable,
            hints,
            env.random,
        );
        match planned {
            Some(delay) => {
                self.retries_done += 1;
                self.state = State::Waiting;
                // Never wait past the deadline: it is reported when the timer fires.
                let left = (self.deadline_ms - env.now_ms).max(0.0);
                Action::Wait((delay as f64).min(left))
            }
            None => self.fail(error),
        }
    }

    fn timeout_error(&self, env: Env) -> Error {
        let whole_call = env.now_ms >= self.deadline_ms || self.attempt_deadline_ms.is_infinite();
        let message = if self.poll.is_some() && whole_call {
            POLL_TIMED_OUT
        } else {
            TIMED_OUT
        };
        Error::new(ErrorKind::Timeout, message)
    }

    fn fail(&mut self, mut error: Error) -> Action {
        self.state = State::Done;
        self.authorization = None;
        self.secrets.scrub(&mut error);
        Action::Fail(error)
    }

    /// The request URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The fixed headers as `name\nvalue` lines joined by `\n`; the seam adds the
    /// `Authorization` value and the caller's headers.
    pub fn headers(&self) -> &str {
        &self.headers
    }

    /// The `Authorization` header of the attempt about to be sent, if any.
    pub fn authorization(&self) -> Option<&str> {
        self.authorization.as_ref().map(|c| c.0.as_str())
    }

    /// What the call's errors are scrubbed of (the credentials sent and the key's secret part):
    /// the stream of an opened call scrubs its own errors with it.
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// Text to insert right after the JSON body's opening `{` (a generated `request_id`, so
    /// every attempt of a retried call carries the same one), or "".
    pub fn body_prefix(&self) -> &str {
        &self.body_prefix
    }

    #[cfg(not(target_arch = "wasm32"))] // for the native tests
    /// `Some` when the call asked for a stream.
    pub fn stream(&self) -> Option<StreamKind> {
        self.stream
    }

    /// Milliseconds from `now_ms` until the deadline timer must fire ([`Event::Deadline`]);
    /// the seam arms it before each [`Action::Send`]. Infinite when there is no deadline.
    pub fn deadline_in(&self, now_ms: f64) -> f64 {
        (self.deadline_ms.min(self.attempt_deadline_ms) - now_ms).max(0.0)
    }

    /// The most a JSON or error body may hold (bytes, decompressed): the seam counts the bytes
    /// as they arrive and feeds [`Event::BodyTooLarge`] past it.
    pub fn max_body_bytes(&self) -> f64 {
        self.max_body_bytes
    }

    #[cfg(not(target_arch = "wasm32"))] // for the native tests
    /// For a poll: how many answers have been received (the `attempt` of `onProgress`).
    pub fn poll_attempts(&self) -> u32 {
        self.poll.map_or(0, |p| p.attempts)
    }

    #[cfg(not(target_arch = "wasm32"))] // for the native tests
    /// Whether the call is over.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }
}

/// Whether a content type is JSON (`application/json`, `…+json`; not `application/jsonl`).
fn is_json(content_type: &str) -> bool {
    let t = content_type.as_bytes();
    let mut at = 0;
    while let Some(i) = t.get(at..).and_then(|rest| util::find(rest, b"json")) {
        let start = at + i;
        let before = start.checked_sub(1).and_then(|b| t.get(b)).copied();
        let after = t.get(start + 4).copied().unwrap_or(b';');
        if matches!(before, Some(b'/' | b'+')) && !after.is_ascii_alphanumeric() {
            return true;
        }
        at = start + 4;
    }
    false
}

fn success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// `now + timeout`; a timeout of 0 or beyond what `setTimeout` can wait means none.
fn deadline(now_ms: f64, timeout_ms: f64) -> f64 {
    if timeout_ms > 0.0 && timeout_ms < 2_147_483_647.0 {
        now_ms + timeout_ms
    } else {
        f64::INFINITY
    }
}

/// Whether a JSON body carries an `error` member that is set (not `null` or `false`).
fn carries_error(text: &[u8]) -> bool {
    json::is_valid(text)
        && json::get(text, "error").is_some_and(|e| !json::is_null(e) && e != b"false")
}

/// The string member `key` of the JSON object `text`, unescaped.
fn json_string(text: &[u8], key: &str) -> Option<String> {
    json::get(text, key).and_then(json::string)
}

fn connection_error(message: &str, detail: &str) -> Error {
    let mut m = String::from(message);
    if !detail.is_empty() {
        m.push_str(": ");
        m.push_str(detail);
    }
    Error::new(ErrorKind::Connection, m)
}

/// `"request_id":"zai-…",` for a body that has no `request_id` (a retried call must carry the
/// same one in every attempt: the service treats it as the call's identity), else "".
fn request_id_prefix(params: &JsonText<'_>, env: Env) -> String {
    if params.member("request_id").is_some_and(|v| v.raw() != b"null") {
        return String::new();
    }
    // 16 bits at a time: three from the random number (52 random bits), three from the clock.
    let bits = [
        (env.random.clamp(0.0, 1.0) * 281_474_976_710_656.0) as u64,
        env.now_ms.max(0.0) as u64,
    ];
    let mut n = 0usize;
    let id = retry::request_id(|| {
        let word = bits.get(n / 3).copied().unwrap_or(0) >> (16 * (n % 3)) & 0xffff;
        n += 1;
        word as f64 / 65_536.0
    });
    let mut prefix = String::with_capacity(id.len() + 16);
    prefix.push_str("\"request_id\":\"");
    prefix.push_str(&id);
    prefix.push('"');
    if !params.is_empty() {
        prefix.push(',');
    }
    prefix
}

/// An `Authorization` value, which `Debug` does not show.
struct Credential(String);

impl core::fmt::Debug for Credential {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Credential(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_content_types() {
        for t in [
            "application/json",
            "application/json; charset=utf-8",
            "application/problem+json",
            "text/json",
        ] {
            assert!(is_json(t), "{t}");
        }
        for t in [
            "application/jsonl",
            "application/x-ndjson",
            "audio/wav",
            "",
            "application/octet-stream; name=json",
        ] {
            assert!(!is_json(t), "{t}");
        }
    }
}
