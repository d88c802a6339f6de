//! [`Client`] and its options, and the one generic call path every resource handle uses: the
//! request is serialised to a JS object and sent through the same transport as the JS client
//! (parameter checks, retries, timeouts, abort), and the answer is read back into its Rust type.

use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::error::{Error, ErrorKind};
use super::stream::EventStream;
use crate::resources::Endpoint;
use crate::wasm::client::{read_options, Inner};
use crate::wasm::transport;

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
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &self.default_headers)
            .field("accept_language", &self.accept_language)
            .field("jwt", &self.jwt)
            .finish()
    }
}

/// Options of the calls made through a client returned by [`Client::with_options`].
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// The whole call, every attempt and the waits between them included.
    pub timeout: Option<Duration>,
    /// Retries for these calls (0 to 10).
    pub max_retries: Option<u32>,
    /// Headers added to these calls.
    pub headers: Vec<(String, String)>,
    /// An `AbortSignal` (e.g. `web_sys::AbortController::signal().into()`): aborting it cancels
    /// the call (and a stream's body) with an [`ErrorKind::UserAbort`] error.
    pub signal: Option<JsValue>,
}

/// The Z.AI client for Rust code on wasm32. Cheap to clone; not `Send` (it holds JS values).
///
/// Resources hang off it, as in the JS client: `client.chat().completions().create(..)`,
/// `client.images().generate(..)`, ... See the [module docs](crate::api) for an example.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
    call: RequestOptions,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("call", &self.call)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client; fails with an [`ErrorKind::InvalidRequest`] error for options out of range.
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        let o = Object::new();
        set(&o, "apiKey", options.api_key.map(JsValue::from));
        set(&o, "baseURL", options.base_url.map(JsValue::from));
        set(&o, "timeout", options.timeout.map(ms));
        set(&o, "streamIdleTimeout", options.stream_idle_timeout.map(ms));
        set(&o, "maxRetries", options.max_retries.map(JsValue::from));
        set(&o, "defaultHeaders", headers(&options.default_headers));
        set(
            &o,
            "acceptLanguage",
            options.accept_language.map(JsValue::from),
        );
        set(&o, "jwt", options.jwt.then_some(JsValue::TRUE));
        let inner = read_options(&o.into()).map_err(|e| Error::from_js(&e))?;
        Ok(Client {
            inner: Rc::new(inner),
            call: RequestOptions::default(),
        })
    }

    /// This client with `options` for every call made through the copy (the client's own
    /// settings and connection stay shared):
    /// `client.with_options(RequestOptions { signal: Some(signal), ..Default::default() })`.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: Rc::clone(&self.inner),
            call: options,
        }
    }

    /// The per-call options as the transport reads them.
    fn call_options(&self) -> JsValue {
        let c = &self.call;
        let o = Object::new();
        set(&o, "timeout", c.timeout.map(ms));
        set(&o, "maxRetries", c.max_retries.map(JsValue::from));
        set(&o, "headers", headers(&c.headers));
        set(&o, "signal", c.signal.clone());
        o.into()
    }

    /// One call of `ep` with `params` (a request object, or a task id): the answer as `R`.
    pub(crate) async fn call<R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        params: JsValue,
    ) -> Result<R, Error> {
        let answer = transport::send(&self.inner, ep, params, self.call_options())
            .await
            .map_err(|e| Error::from_js(&e))?;
        decode(ep.name, &answer)
    }

    /// `request` sent to `ep`: the answer as `R`.
    pub(crate) async fn post<Q: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        request: &Q,
    ) -> Result<R, Error> {
        self.call(ep, to_params(request)?).await
    }

    /// `request` sent to `ep` with `stream: true`: the stream of `T` chunks.
    pub(crate) async fn post_stream<Q: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        request: &Q,
    ) -> Result<EventStream<T>, Error> {
        let params = to_params(request)?;
        set(&params, "stream", Some(JsValue::TRUE));
        let stream = transport::send(&self.inner, ep, params, self.call_options())
            .await
            .map_err(|e| Error::from_js(&e))?;
        Ok(EventStream::new(stream, ep))
    }

    /// `asyncResult.poll`: retrieves task `id` until it settles.
    pub(crate) async fn poll<R: DeserializeOwned>(
        &self,
        ep: &'static Endpoint,
        id: &str,
        options: JsValue,
    ) -> Result<R, Error> {
        let answer = transport::poll(&self.inner, ep, JsValue::from_str(id), options)
            .await
            .map_err(|e| Error::from_js(&e))?;
        decode(ep.name, &answer)
    }
}

/// `value` read as `R`; an answer that does not fit is an [`ErrorKind::Decode`] error naming
/// the call and the type.
pub(crate) fn decode<R: DeserializeOwned>(what: &str, value: &JsValue) -> Result<R, Error> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        let ty = std::any::type_name::<R>();
        let short = ty.rsplit("::").next().unwrap_or(ty);
        Error::decode(what, short, &e, value)
    })
}

/// A request as the plain JS object `JSON.parse` would give (unset fields absent).
fn to_params<Q: Serialize + ?Sized>(request: &Q) -> Result<JsValue, Error> {
    request
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidRequest,
                format!("the request cannot be sent as JSON: {e}"),
            )
        })
}

/// Milliseconds, as the JS options take them.
pub(crate) fn ms(d: Duration) -> JsValue {
    JsValue::from(d.as_secs_f64() * 1000.0)
}

/// Sets `key` on `o` when there is a value.
pub(crate) fn set(o: &JsValue, key: &str, value: Option<JsValue>) {
    if let Some(v) = value {
        let _ = Reflect::set(o, &JsValue::from_str(key), &v);
    }
}

/// Header pairs as a plain object, or nothing for none.
fn headers(pairs: &[(String, String)]) -> Option<JsValue> {
    if pairs.is_empty() {
        return None;
    }
    let o = Object::new();
    for (k, v) in pairs {
        set(&o, k, Some(JsValue::from_str(v)));
    }
    Some(o.into())
}
