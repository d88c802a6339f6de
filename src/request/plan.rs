//! What a request is made of before it is sent: the client's settings, the per-call options, and
//! the pieces built from them (URL, fixed headers, the `Authorization` value).
use crate::prelude::*;

use crate::config;
use crate::error::Error;
use crate::jwt::TokenCache;
use crate::resources::{Body, Endpoint};

/// Where the API key comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum Key {
    /// No `Authorization` header (a proxy adds it).
    None,
    /// A fixed key.
    Fixed(String),
    /// A function of the caller's, asked before every attempt ([`Action::Authorize`]).
    ///
    /// [`Action::Authorize`]: super::Action::Authorize
    Provider,
}

/// Never shows the key.
impl core::fmt::Debug for Key {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Key::None => "None",
            Key::Fixed(_) => "Fixed(..)",
            Key::Provider => "Provider",
        })
    }
}

/// A client's settings, shared by its calls (the validated `ZaiClient` options).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The API root (`baseURL`).
    pub base_url: String,
    /// `timeout`: a whole non-stream call, every attempt and wait included (ms).
    pub timeout_ms: f64,
    /// `streamIdleTimeout` (ms).
    pub stream_idle_timeout_ms: f64,
    /// `maxRetries`.
    pub max_retries: u32,
    /// `acceptLanguage`; empty sends none.
    pub accept_language: String,
    /// `maxResponseBytes`: the most a JSON or error body may hold, decompressed.
    pub max_response_bytes: f64,
    /// The API key.
    pub key: Key,
    /// `jwt: true`: the last token signed from the key (reused while it is fresh).
    pub jwt: Option<TokenCache>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: config::ZAI_BASE_URL.into(),
            timeout_ms: config::DEFAULT_TIMEOUT_MS,
            stream_idle_timeout_ms: config::DEFAULT_STREAM_IDLE_TIMEOUT_MS,
            max_retries: config::DEFAULT_MAX_RETRIES,
            accept_language: config::DEFAULT_ACCEPT_LANGUAGE.into(),
            max_response_bytes: config::DEFAULT_MAX_RESPONSE_BYTES,
            key: Key::None,
            jwt: None,
        }
    }
}

impl Settings {
    /// The default settings with a fixed key.
    pub fn with_key(key: &str) -> Self {
        Settings {
            key: Key::Fixed(key.into()),
            ..Settings::default()
        }
    }

    /// The `Authorization` value for `key`: `Bearer <key>`, or with `jwt` a token signed from it
    /// at `now_ms` (cached for up to 180 s of its 210 s life).
    pub(crate) fn authorization(&mut self, key: &str, now_ms: f64) -> Result<String, Error> {
        // The key never goes into an error: a bad one is reported without it.
        if !config::is_header_value(key) {
            return Err(Error::invalid(
                "apiKey",
                "contains characters not allowed in a header",
            ));
        }
        let mut value = String::from("Bearer ");
        match &mut self.jwt {
            Some(cache) => value.push_str(&cache.token(key, now_ms as u64)?),
            None => value.push_str(key),
        }
        Ok(value)
    }
}

/// The options of one call (`{ timeout, maxRetries }`; for `asyncResult.poll`,
/// `{ interval, timeout }`). `None` takes the client's setting or the default.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CallOptions {
    /// The whole call (ms); for a poll, the polling deadline.
    pub timeout_ms: Option<f64>,
    /// Retries of each request.
    pub max_retries: Option<u32>,
    /// The wait between two polls (ms).
    pub poll_interval_ms: Option<f64>,
    /// The most a JSON or error body may hold (bytes, decompressed).
    pub max_response_bytes: Option<f64>,
}

/// The URL of a call of `ep`: the base URL, the path, and `{id}` filled with `id` (already
/// percent-encoded by [`push_component`]).
pub(crate) fn url(base_url: &str, ep: &Endpoint, id: Option<&str>) -> String {
    // `{id}` ends every path that has one.
    match (id, ep.path.strip_suffix("{id}")) {
        (Some(id), Some(path)) => {
            let mut url = config::join_url(base_url, path);
            push_component(&mut url, id);
            url
        }
        _ => config::join_url(base_url, ep.path),
    }
}

/// Appends `s` percent-encoded as `encodeURIComponent` does (unreserved characters and
/// `!'()*` stay as they are).
pub(crate) fn push_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 15] {
                if let Some(&c) = HEX.get(usize::from(nibble)) {
                    out.push(char::from(c));
                }
            }
        }
    }
}

/// The fixed request headers of a call, as `name\nvalue` lines joined by `\n` (one string for
/// the seam to split): `Content-Type` for a JSON body, `Accept`, and `Accept-Language`.
pub(crate) fn headers(ep: &Endpoint, stream: bool, accept_language: &str) -> String {
    let mut h = String::with_capacity(96);
    if ep.body == Body::Json {
        h.push_str("content-type\napplication/json\n");
    }
    h.push_str("accept\n");
    h.push_str(if stream {
        "text/event-stream"
    } else {
        "application/json"
    });
    if !accept_language.is_empty() {
        h.push_str("\naccept-language\n");
        h.push_str(accept_language);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::find;

    #[test]
    fn ids_are_encoded_like_encode_uri_component() {
        let ep = find("asyncResult.retrieve").unwrap();
        assert_eq!(
            url("https://h/api/", ep, Some("a b/ü?#&=-_.!~*'()")),
            "https://h/api/paas/v4/async-result/a%20b%2F%C3%BC%3F%23%26%3D-_.!~*'()"
        );
    }

    #[test]
    fn fixed_headers() {
        let chat = find("chat.completions.create").unwrap();
        assert_eq!(
            headers(chat, true, "en-US,en"),
            "content-type\napplication/json\naccept\ntext/event-stream\naccept-language\nen-US,en"
        );
        let files = find("files.create").unwrap();
        assert_eq!(headers(files, false, ""), "accept\napplication/json");
    }

    #[test]
    fn keys_never_show_in_debug() {
        let s = Settings::with_key("id.secret");
        let shown = format!("{s:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
