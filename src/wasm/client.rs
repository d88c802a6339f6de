//! `ZaiClient`: options, and the resource namespaces (`client.chat.completions.create`, …) built
//! from the core's endpoint table, every method calling the one generic request path.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::value::Js;
use super::{errors, js, transport};
use crate::config;
use crate::error::ErrorKind;
use crate::jwt::TokenCache;
use crate::resources::ENDPOINTS;
use crate::schema;

/// Where the API key comes from.
#[derive(Debug)]
pub(crate) enum ApiKey {
    /// No `Authorization` header (a proxy adds it).
    None,
    /// A fixed key.
    Fixed(String),
    /// Called per request; returns a string or a promise of one (token providers).
    Provider(Function),
}

/// Client settings shared by every call.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) api_key: ApiKey,
    pub(crate) base_url: String,
    pub(crate) timeout: f64,
    pub(crate) stream_idle_timeout: f64,
    pub(crate) max_retries: u32,
    pub(crate) default_headers: JsValue,
    pub(crate) accept_language: String,
    pub(crate) fetch: Option<Function>,
    /// `jwt: true`: the last signed token (never borrowed across an `.await`).
    pub(crate) jwt: Option<RefCell<TokenCache>>,
}

impl Inner {
    /// What goes after `Bearer `: the key itself, or with `jwt: true` a token signed from it
    /// (reused for up to 180 s of its 210 s life).
    pub(crate) fn credential(&self, key: String) -> Result<String, JsValue> {
        let Some(cache) = &self.jwt else {
            return Ok(key);
        };
        let now = js_sys::Date::now() as u64;
        cache
            .borrow_mut()
            .token(&key, now)
            .map_err(|e| errors::to_js(&e))
    }
}

/// The Z.AI API client.
///
/// ```js
/// import init, { ZaiClient } from 'zai-wasm';
/// await init();
/// const client = new ZaiClient({ apiKey: 'id.secret' });
/// const stream = await client.chat.completions.create({
///   model: 'glm-4.6', messages: [{ role: 'user', content: 'Hi' }], stream: true,
/// });
/// for await (const chunk of stream) console.log(chunk.choices[0]?.delta?.content ?? '');
/// ```
#[wasm_bindgen]
#[derive(Debug)]
pub struct ZaiClient {
    namespaces: Object,
}

#[wasm_bindgen]
impl ZaiClient {
    /// Creates a client; throws `InvalidRequestError` for malformed options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ZaiClient, JsValue> {
        let inner = Rc::new(read_options(&options)?);
        let api = JsValue::from(Api { inner });
        let namespaces = Object::new();
        for (id, ep) in ENDPOINTS.iter().enumerate() {
            let Ok(id) = u32::try_from(id) else { break };
            set_path(&namespaces, ep.name, &js::method(&api, id));
        }
        Ok(ZaiClient { namespaces })
    }

    /// `client.chat.completions.create` / `createAsync`.
    #[wasm_bindgen(getter)]
    pub fn chat(&self) -> JsValue {
        self.namespace("chat")
    }

    /// `client.images.generate` / `generateAsync`.
    #[wasm_bindgen(getter)]
    pub fn images(&self) -> JsValue {
        self.namespace("images")
    }

    /// `client.videos.generate`.
    #[wasm_bindgen(getter)]
    pub fn videos(&self) -> JsValue {
        self.namespace("videos")
    }

    /// `client.asyncResult.retrieve` / `poll`.
    #[wasm_bindgen(getter, js_name = asyncResult)]
    pub fn async_result(&self) -> JsValue {
        self.namespace("asyncResult")
    }

    /// `client.webSearch.search`.
    #[wasm_bindgen(getter, js_name = webSearch)]
    pub fn web_search(&self) -> JsValue {
        self.namespace("webSearch")
    }

    /// `client.agents.invoke` / `asyncResult` / `conversation`.
    #[wasm_bindgen(getter)]
    pub fn agents(&self) -> JsValue {
        self.namespace("agents")
    }

    /// `client.files.create`.
    #[wasm_bindgen(getter)]
    pub fn files(&self) -> JsValue {
        self.namespace("files")
    }

    /// `client.embeddings.create`.
    #[wasm_bindgen(getter)]
    pub fn embeddings(&self) -> JsValue {
        self.namespace("embeddings")
    }

    /// `client.tokenizer.count`.
    #[wasm_bindgen(getter)]
    pub fn tokenizer(&self) -> JsValue {
        self.namespace("tokenizer")
    }

    /// `client.webReader.read`.
    #[wasm_bindgen(getter, js_name = webReader)]
    pub fn web_reader(&self) -> JsValue {
        self.namespace("webReader")
    }

    /// `client.layoutParsing.parse`.
    #[wasm_bindgen(getter, js_name = layoutParsing)]
    pub fn layout_parsing(&self) -> JsValue {
        self.namespace("layoutParsing")
    }

    /// `client.audio.transcriptions.create`.
    #[wasm_bindgen(getter)]
    pub fn audio(&self) -> JsValue {
        self.namespace("audio")
    }

    fn namespace(&self, name: &str) -> JsValue {
        Reflect::get(&self.namespaces, &JsValue::from_str(name)).unwrap_or_default()
    }
}

/// The generic request path the namespace methods call (internal).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Api {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Api {
    /// Calls endpoint number `id` of the core's table.
    pub fn call(&self, id: u32, params: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let Some(ep) = ENDPOINTS.get(id as usize).copied() else {
                return Err(errors::simple(
                    ErrorKind::InvalidRequest,
                    "unknown endpoint",
                ));
            };
            if ep.poll {
                transport::poll(&inner, ep, params, options).await
            } else {
                transport::send(&inner, ep, params, options).await
            }
        })
    }
}

/// Sets `root.a.b.c = value` for the dotted `path`, creating the objects in between.
fn set_path(root: &Object, path: &str, value: &JsValue) {
    let mut obj: JsValue = root.clone().into();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let key = JsValue::from_str(part);
        if parts.peek().is_none() {
            let _ = Reflect::set(&obj, &key, value);
            return;
        }
        let next = Reflect::get(&obj, &key).unwrap_or_default();
        let next = if next.is_object() {
            next
        } else {
            let o: JsValue = Object::new().into();
            let _ = Reflect::set(&obj, &key, &o);
            o
        };
        obj = next;
    }
}

pub(crate) fn read_options(options: &JsValue) -> Result<Inner, JsValue> {
    let opts = if options.is_undefined() || options.is_null() {
        Js(Object::new().into())
    } else {
        Js(options.clone())
    };
    schema::validate(&opts, config::CLIENT_OPTIONS).map_err(|e| errors::to_js(&e))?;
    let get = |k: &str| Reflect::get(&opts.0, &JsValue::from_str(k)).unwrap_or_default();
    let api_key = match get("apiKey") {
        k if k.is_function() => ApiKey::Provider(k.unchecked_into()),
        k => k.as_string().map_or(ApiKey::None, ApiKey::Fixed),
    };
    Ok(Inner {
        api_key,
        base_url: get("baseURL")
            .as_string()
            .unwrap_or_else(|| config::ZAI_BASE_URL.into()),
        timeout: get("timeout")
            .as_f64()
            .unwrap_or(config::DEFAULT_TIMEOUT_MS),
        stream_idle_timeout: get("streamIdleTimeout")
            .as_f64()
            .unwrap_or(config::DEFAULT_STREAM_IDLE_TIMEOUT_MS),
        max_retries: get("maxRetries")
            .as_f64()
            .map_or(config::DEFAULT_MAX_RETRIES, |n| n as u32),
        default_headers: get("defaultHeaders"),
        accept_language: get("acceptLanguage")
            .as_string()
            .unwrap_or_else(|| config::DEFAULT_ACCEPT_LANGUAGE.into()),
        fetch: Some(get("fetch"))
            .filter(JsValue::is_function)
            .map(JsCast::unchecked_into),
        jwt: (get("jwt").as_bool() == Some(true)).then(RefCell::default),
    })
}
