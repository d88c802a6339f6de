//! [`Client`] and its options, and the generic call paths every resource handle uses: the
//! request is serialised once to the JSON text that is sent, the request machine
//! ([`crate::request`]) validates it and runs the call (retries, timeouts, abort) through the
//! Rust driver, and the answer's bytes are decoded into their Rust type with serde.
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::{RefCell, RefMut};
use core::fmt;
use core::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::{AbortSignal, Blob};

use super::driver::{self, Call, Outcome, Params};
use super::error::{Error, ErrorKind};
use super::stream::EventStream;
use crate::config;
use crate::jwt::TokenCache;
use crate::request::{CallOptions, Key, Secrets, Settings};
use crate::resources::Endpoint;
use crate::schema::{self, Field, Kind};

/// Settings of a [`Client`]. Every field is optional; the defaults are the JS client's.
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// The API key (`id.secret`). Leave it `None` when `base_url` is a proxy that adds it, which
    /// is how a browser app should reach Z.AI (see the README, "Keeping keys out of the browser").
    pub api_key: Option<String>,
    /// The API root. Default `https://api.z.ai/api`.
    pub base_url: Option<String>,
    /// A whole non-stream call, every attempt included. Default 300 s.
    pub timeout: Option<Duration>,
    /// The longest silence allowed between two stream reads. Default 60 s.
    pub stream_idle_timeout: Option<Duration>,
    /// Retries of connection failures, 408, 409, 5xx and retryable 429s (0 to 10). Default 2.
    pub max_retries: Option<u32>,
    /// Headers added to every request.
    pub default_headers: Vec<(String, String)>,
    /// `Accept-Language`. Default `en-US,en`; empty sends none.
    pub accept_language: Option<String>,
    /// Send an HS256 JWT signed from the key instead of the key (as the official SDKs can).
    pub jwt: bool,
    /// The most a JSON or error response body may hold, in bytes as decompressed (counted as
    /// they arrive; past it the call fails at once), and what a chat stream accumulates for
    /// `final_completion` (past it the stream fails with an error naming the limit). Default
    /// 32 MiB.
    pub max_response_bytes: Option<u64>,
    /// How many calls of one model may run at once; more wait in line for a slot (abortable,
    /// the wait counted in their timeout; a stream holds its slot until its body ends or it is
    /// dropped). Shared by every tab and worker of the origin through Web Locks, and with the JS
    /// clients (`maxConcurrency`) of the same `base_url`. Default: no limit.
    pub max_concurrency: Option<MaxConcurrency>,
}

/// [`ClientOptions::max_concurrency`]: the number of calls of a model that may run at once (1 to
/// 1000), for every model or by model name, as Z.AI limits concurrent requests per key (code
/// 1302). Each model has its own budget.
///
/// ```
/// use zai_wasm::api::MaxConcurrency;
///
/// // At most one glm-4.5-flash call at a time (a free model), five of any other model.
/// let limits = MaxConcurrency::per_model(5).with("glm-4.5-flash", 1);
/// # assert_eq!(limits.models.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MaxConcurrency {
    /// The budget of each model `models` does not list; `None`: those are not limited.
    pub default: Option<u32>,
    /// Budgets by model name (the last entry for a name counts).
    pub models: Vec<(String, u32)>,
}

impl MaxConcurrency {
    /// `n` calls at a time of each model.
    pub fn per_model(n: u32) -> MaxConcurrency {
        MaxConcurrency {
            default: Some(n),
            models: Vec::new(),
        }
    }

    /// This budget with `n` calls at a time of `model`.
    pub fn with(mut self, model: impl Into<String>, n: u32) -> MaxConcurrency {
        self.models.push((model.into(), n));
        self
    }

    /// The budget of `model`, if it has one.
    fn of(&self, model: &str) -> Option<u32> {
        let listed = self.models.iter().rev().find(|(m, _)| m == model);
        listed.map(|(_, n)| *n).or(self.default)
    }

    /// Each listed budget is 1 to 1000 (the default is checked with the other options).
    fn check(&self) -> Result<(), crate::error::Error> {
        match self.models.iter().find(|(_, n)| !(1..=1000).contains(n)) {
            Some((model, _)) => {
                let mut field = String::from("maxConcurrency.");
                field.push_str(model);
                Err(crate::error::Error::invalid(
                    &field,
                    "must be an integer from 1 to 1000",
                ))
            }
            None => Ok(()),
        }
    }
}

/// Shows no key and no header value (a header may carry a credential).
impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &HeaderNames(&self.default_headers))
            .field("accept_language", &self.accept_language)
            .field("jwt", &self.jwt)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_concurrency", &self.max_concurrency)
            .finish()
    }
}

/// Options of the calls made through a client returned by [`Client::with_options`].
#[derive(Clone, Default)]
pub struct RequestOptions {
    /// The whole call, every attempt and the waits between them included.
    pub timeout: Option<Duration>,
    /// Retries for these calls (0 to 10).
    pub max_retries: Option<u32>,
    /// Headers added to these calls (after the client's `default_headers`).
    pub headers: Vec<(String, String)>,
    /// An `AbortSignal` (`web_sys::AbortController::signal()`): aborting it cancels the call
    /// (and a stream's body) at once with an [`ErrorKind::UserAbort`] error.
    pub signal: Option<AbortSignal>,
    /// `max_response_bytes` for these calls (see [`ClientOptions`]).
    pub max_response_bytes: Option<u64>,
}

/// Shows no header value (a header may carry a credential).
impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &HeaderNames(&self.headers))
            .field("signal", &self.signal)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// Header pairs shown by name only.
pub(crate) struct HeaderNames<'a>(pub(crate) &'a [(String, String)]);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
    }
}

/// The Z.AI client for Rust code on wasm32. Cheap to clone; not `Send` (it holds JS values).
///
/// Resources hang off it, as in the JS client: `client.chat().completions().create(..)`,
/// `client.images().generate(..)`, ... See the [module docs](crate::api) for an example.
#[derive(Clone)]
pub struct Client {
    shared: Rc<Shared>,
    call: RequestOptions,
}

/// What the clones of a client share.
pub(crate) struct Shared {
    /// The machine's settings (with the JWT cache, which calls update).
    settings: RefCell<Settings>,
    pub(crate) default_headers: Vec<(String, String)>,
    /// `max_concurrency`, with the `base_url` as given (the slots' names include it).
    slots: Option<(String, MaxConcurrency)>,
}

impl Shared {
    /// The slots a call of `model` takes: their Web Lock name and number, if it is limited.
    pub(crate) fn slots_for(&self, model: &str) -> Option<(String, u32)> {
        let (base, limits) = self.slots.as_ref()?;
        limits
            .of(model)
            .map(|n| (driver::slot_name(base, model), n))
    }

    /// The settings, for one step of the machine (never held across an `.await`).
    pub(crate) fn settings(&self) -> Result<RefMut<'_, Settings>, crate::error::Error> {
        self.settings.try_borrow_mut().map_err(|_| {
            crate::error::Error::new(
                ErrorKind::Connection,
                "Internal error: the client's settings are in use",
            )
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base_url = self
            .shared
            .settings
            .try_borrow()
            .map(|s| s.base_url.clone());
        f.debug_struct("Client")
            .field("base_url", &base_url.unwrap_or_default())
            .field(
                "default_headers",
                &HeaderNames(&self.shared.default_headers),
            )
            .field("call", &self.call)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client; fails with an [`ErrorKind::InvalidRequest`] error naming the option (by its JS
    /// name, e.g. `maxRetries`) for options out of range.
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        let checked = present([
            ("apiKey", options.api_key.as_deref().map(Opt::Str)),
            ("baseURL", options.base_url.as_deref().map(Opt::Str)),
            ("timeout", options.timeout.map(|d| Opt::Num(ms(d)))),
            (
                "streamIdleTimeout",
                options.stream_idle_timeout.map(|d| Opt::Num(ms(d))),
            ),
            (
                "maxRetries",
                options.max_retries.map(|n| Opt::Num(f64::from(n))),
            ),
            (
                "acceptLanguage",
                options.accept_language.as_deref().map(Opt::Str),
            ),
            ("jwt", Some(Opt::Bool)),
            (
                "maxResponseBytes",
                options.max_response_bytes.map(|n| Opt::Num(n as f64)),
            ),
            (
                "maxConcurrency",
                (options.max_concurrency.as_ref())
                    .and_then(|m| m.default)
                    .map(|n| Opt::Num(f64::from(n))),
            ),
        ]);
        check(&checked, config::CLIENT_OPTIONS)?;
        if let Some(m) = &options.max_concurrency {
            m.check()?;
        }
        let slots = options
            .max_concurrency
            .map(|m| (options.base_url.clone().unwrap_or_default(), m));
        let mut settings = Settings::default();
        if let Some(url) = options.base_url {
            settings.base_url = url;
        }
        if let Some(t) = options.timeout {
            settings.timeout_ms = ms(t);
        }
        if let Some(t) = options.stream_idle_timeout {
            settings.stream_idle_timeout_ms = ms(t);
        }
        if let Some(n) = options.max_retries {
            settings.max_retries = n;
        }
        if let Some(n) = options.max_response_bytes {
            settings.max_response_bytes = n as f64;
        }
        if let Some(lang) = options.accept_language {
            if !is_header_value(&lang) {
                return Err(crate::error::Error::invalid(
                    "acceptLanguage",
                    "contains characters not allowed in a header",
                )
                .into());
            }
            settings.accept_language = lang;
        }
        settings.key = options.api_key.map_or(Key::None, Key::Fixed);
        if options.jwt {
            settings.jwt = Some(TokenCache::default());
        }
        Ok(Client {
            shared: Rc::new(Shared {
                settings: RefCell::new(settings),
                default_headers: options.default_headers,
                slots,
            }),
            call: RequestOptions::default(),
        })
    }

    /// This client with `options` for every call made through the copy (the client's own
    /// settings stay shared):
    /// `client.with_options(RequestOptions { signal: Some(signal), ..Default::default() })`.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            shared: Rc::clone(&self.shared),
            call: options,
        }
    }

    /// The per-call options, checked against the JS client's table.
    fn call_options(&self) -> Result<CallOptions, Error> {
        let c = &self.call;
        let checked = present([
            ("timeout", c.timeout.map(|d| Opt::Num(ms(d)))),
            ("maxRetries", c.max_retries.map(|n| Opt::Num(f64::from(n)))),
            (
                "maxResponseBytes",
                c.max_response_bytes.map(|n| Opt::Num(n as f64)),
            ),
        ]);
        check(&checked, config::CALL_OPTIONS)?;
        Ok(CallOptions {
            timeout_ms: c.timeout.map(ms),
            max_retries: c.max_retries,
            poll_interval_ms: None,
            max_response_bytes: c.max_response_bytes.map(|n| n as f64),
        })
    }

    /// Runs one call through the request machine.
    async fn run(
        &self,
        ep: &'static Endpoint,
        params: Params<'_>,
        options: CallOptions,
        signal: Option<&AbortSignal>,
    ) -> Result<Outcome, Error> {
        let call = Call {
            ep,
            params,
            options,
            headers: &self.call.headers,
            signal,
        };
        Ok(driver::run(&self.shared, call).await?)
    }

    /// `request` sent to `ep`: the answer as `R`.
    pub(crate) async fn post<Q: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        request: &Q,
    ) -> Result<R, Error> {
        let params = Params::Json(to_json(request)?);
        let outcome = self
            .run(ep, params, self.call_options()?, self.call.signal.as_ref())
            .await?;
        answer(ep, outcome)
    }

    /// `request` sent to `ep` with `stream: true`: the stream of `T` chunks.
    pub(crate) async fn post_stream<Q: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        request: &Q,
    ) -> Result<EventStream<T>, Error> {
        let params = Params::Json(with_stream(to_json(request)?));
        let outcome = self
            .run(ep, params, self.call_options()?, self.call.signal.as_ref())
            .await?;
        stream(ep, outcome)
    }

    /// `request` sent to `ep` as multipart form data, with `blobs` as its file parts (each
    /// serialised as [`schema::SENTINEL_BLOB`] in the request); `stream` adds `stream: true`.
    pub(crate) async fn upload<Q: Serialize + ?Sized>(
        &self,
        ep: &'static Endpoint,
        request: &Q,
        blobs: &[(&'static str, &Blob)],
        stream: bool,
    ) -> Result<Outcome, Error> {
        let mut json = to_json(request)?;
        if stream {
            json = with_stream(json);
        }
        let params = Params::Multipart { json, blobs };
        self.run(ep, params, self.call_options()?, self.call.signal.as_ref())
            .await
    }

    /// The `GET` of `ep` for `id`: the answer as `R`.
    pub(crate) async fn get<R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        id: &str,
    ) -> Result<R, Error> {
        let outcome = self
            .run(
                ep,
                Params::Id(id),
                self.call_options()?,
                self.call.signal.as_ref(),
            )
            .await?;
        answer(ep, outcome)
    }

    /// `ep` with `params`, with this client's call options: the outcome as it is.
    pub(crate) async fn call(
        &self,
        ep: &'static Endpoint,
        params: Params<'_>,
    ) -> Result<Outcome, Error> {
        self.run(ep, params, self.call_options()?, self.call.signal.as_ref())
            .await
    }

    /// `request` as the query of `ep`: the answer as `R`.
    pub(crate) async fn query<Q: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        request: &Q,
    ) -> Result<R, Error> {
        let outcome = self.call(ep, Params::Query(to_json(request)?)).await?;
        answer(ep, outcome)
    }

    /// `asyncResult.poll`: retrieves task `id` until it settles; `interval` and `timeout` as the
    /// JS `{ interval, timeout }`, `signal` (else the client's) stops it.
    pub(crate) async fn poll<R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        id: &str,
        interval: Option<Duration>,
        timeout: Option<Duration>,
        signal: Option<&AbortSignal>,
    ) -> Result<R, Error> {
        let checked = present([
            ("interval", interval.map(|d| Opt::Num(ms(d)))),
            ("timeout", timeout.map(|d| Opt::Num(ms(d)))),
        ]);
        check(&checked, config::POLL_OPTIONS)?;
        let options = CallOptions {
            timeout_ms: timeout.map(ms),
            poll_interval_ms: interval.map(ms),
            ..self.call_options()?
        };
        let signal = signal.or(self.call.signal.as_ref());
        let outcome = self.run(ep, Params::Id(id), options, signal).await?;
        answer(ep, outcome)
    }
}

/// A non-stream call's answer as `R`.
pub(crate) fn answer<R: DeserializeOwned>(
    ep: &'static Endpoint,
    outcome: Outcome,
) -> Result<R, Error> {
    match outcome {
        Outcome::Answer(text, secrets) => decode(ep.name, &text, &secrets),
        // Only when the request's own fields (`extra`) said `stream: true`.
        Outcome::Response(_) => Err(Error::new(
            ErrorKind::Api,
            "Expected JSON, got a binary answer",
        )),
        Outcome::Stream(_) => Err(crate::error::Error::invalid(
            "stream",
            "true needs the streaming method (create_stream, invoke_stream)",
        )
        .into()),
    }
}

/// A binary call's response (its status checked).
pub(crate) fn binary(outcome: Outcome) -> Result<web_sys::Response, Error> {
    match outcome {
        Outcome::Response(r) => Ok(r),
        _ => Err(Error::new(ErrorKind::Api, "Expected a binary answer")),
    }
}

/// A streaming call's stream of `T`.
pub(crate) fn stream<T>(ep: &'static Endpoint, outcome: Outcome) -> Result<EventStream<T>, Error> {
    match outcome {
        Outcome::Stream(opened) => Ok(EventStream::new(opened, ep.name)),
        // The machine only resolves a streaming call with a stream.
        Outcome::Answer(..) | Outcome::Response(_) => Err(Error::new(
            ErrorKind::Api,
            "Expected an event stream, got an answer",
        )),
    }
}

/// The JSON text `text` as `R`; an answer that does not fit is an [`ErrorKind::Decode`] error
/// naming the call and the type.
pub(crate) fn decode<R: DeserializeOwned>(
    what: &str,
    text: &str,
    secrets: &Secrets,
) -> Result<R, Error> {
    serde_json::from_str(text).map_err(|e| decode_error::<R>(what, &e, text, secrets))
}

/// `text`, the answer of `what`, does not fit `R`. serde's detail may quote the answer: both
/// are scrubbed of `secrets` (a server may echo the credential anywhere).
pub(crate) fn decode_error<R>(
    what: &str,
    e: &serde_json::Error,
    text: &str,
    secrets: &Secrets,
) -> Error {
    let ty = core::any::type_name::<R>();
    let short = ty.rsplit("::").next().unwrap_or(ty);
    let mut detail = e.to_string();
    secrets.scrub_text(&mut detail);
    let mut text = text.to_owned();
    secrets.scrub_text(&mut text);
    Error::decode(what, short, &detail, &text)
}

/// A request as the JSON text that is sent (unset fields absent).
pub(crate) fn to_json<Q: Serialize + ?Sized>(request: &Q) -> Result<String, Error> {
    serde_json::to_string(request).map_err(|e| {
        Error::new(
            ErrorKind::InvalidRequest,
            format!("the request cannot be sent as JSON: {e}"),
        )
    })
}

/// `{"stream":true, ...}`: the request with `stream: true`, first (where the machine reads it).
pub(crate) fn with_stream(json: String) -> String {
    let Some(rest) = json.strip_prefix('{') else {
        return json;
    };
    let mut out = String::with_capacity(json.len() + 15);
    out.push_str("{\"stream\":true");
    if !rest.trim_start().starts_with('}') {
        out.push(',');
    }
    out.push_str(rest);
    out
}

/// Milliseconds, as the machine counts them.
pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Whether `s` may be sent as a header value (a `ByteString` without NUL, CR or LF).
fn is_header_value(s: &str) -> bool {
    s.chars()
        .all(|c| u32::from(c) <= 0xFF && !matches!(c, '\0' | '\r' | '\n'))
}

/// Checks options against a table of [`config`]: the same rules and messages as the JS client.
fn check(members: &[(&'static str, Opt<'_>)], fields: &'static [Field]) -> Result<(), Error> {
    Ok(schema::validate(&Opt::Obj(members), fields)?)
}

/// The options that are set.
fn present<'a, const N: usize>(
    members: [(&'static str, Option<Opt<'a>>); N],
) -> Vec<(&'static str, Opt<'a>)> {
    members
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect()
}

/// Rust option values seen through [`schema::Value`].
#[derive(Debug, Clone, Copy)]
enum Opt<'a> {
    Obj(&'a [(&'static str, Opt<'a>)]),
    Str(&'a str),
    Num(f64),
    Bool,
}

impl schema::Value for Opt<'_> {
    fn kind(&self) -> Kind {
        match self {
            Opt::Obj(_) => Kind::Object,
            Opt::Str(_) => Kind::Str,
            Opt::Num(n) if n.is_finite() => Kind::Number,
            Opt::Num(_) => Kind::Unsupported,
            Opt::Bool => Kind::Bool,
        }
    }

    fn member(&self, key: &str) -> Option<Self> {
        match self {
            Opt::Obj(members) => members.iter().find(|(k, _)| *k == key).map(|(_, v)| *v),
            _ => None,
        }
    }

    fn array_len(&self) -> usize {
        0
    }

    fn item(&self, _i: usize) -> Option<Self> {
        None
    }

    fn number(&self) -> Option<f64> {
        match self {
            Opt::Num(n) => Some(*n),
            _ => None,
        }
    }

    fn str_eq(&self, s: &str) -> bool {
        matches!(self, Opt::Str(x) if *x == s)
    }

    fn str_len(&self) -> usize {
        match self {
            Opt::Str(s) => s.encode_utf16().count(),
            _ => 0,
        }
    }
}
