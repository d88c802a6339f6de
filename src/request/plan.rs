//! What a request is made of before it is sent: the client's settings, the per-call options, and
//! the pieces built from them (URL, fixed headers, the `Authorization` value).
use crate::prelude::*;

use crate::config;
use crate::error::Error;
use crate::json;
use crate::jwt::TokenCache;
use crate::resources::{Answer, Endpoint};
use crate::util;

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
    #[cfg(any(test, not(target_arch = "wasm32")))] // for the native tests
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

/// The URL of a call of `ep`: the base URL and the path, each `{name}` in it filled with the
/// next of `args`, percent-encoded by [`push_component`]. A missing or empty argument is an
/// error naming the parameter.
pub(crate) fn url(base_url: &str, ep: &Endpoint, args: &[String]) -> Result<String, Error> {
    let mut path = String::with_capacity(ep.path.len() + 32);
    let mut args = args.iter();
    // One pass over the path's bytes (ASCII): `name` collects a `{…}`'s name while `open` is set.
    let mut open = false;
    let mut name = String::new();
    for b in ep.path.bytes() {
        match (b, open) {
            (b'{', _) => open = true,
            (b'}', _) => {
                match args.next().filter(|a| !a.is_empty()) {
                    Some(arg) => push_component(&mut path, arg),
                    None => return Err(Error::invalid(&name, "must be a non-empty string")),
                }
                open = false;
                name.clear();
            }
            (b, true) => name.push(char::from(b)),
            (b, false) => path.push(char::from(b)),
        }
    }
    Ok(config::join_url(base_url, &path))
}

/// Appends the members of the params object `text` as the query string: strings decoded,
/// numbers and booleans as written, `null` left out; a name in `renames` goes under its wire
/// name. An object or array (which a query cannot carry) is an error naming it.
pub(crate) fn push_query(
    url: &mut String,
    text: &[u8],
    renames: &[(&str, &str)],
) -> Result<(), Error> {
    let mut first = true;
    for (key, value) in json::members(text) {
        let key = json::unescape(key).unwrap_or_default();
        if json::is_null(value) {
            continue;
        }
        let value = match json::str_raw(value) {
            Some(raw) => json::unescape(raw).unwrap_or_default(),
            None if matches!(value.first(), Some(b'{' | b'[')) => {
                return Err(Error::invalid(&key, "must be a string, number or boolean"));
            }
            None => util::lossy(value),
        };
        url.push(if first { '?' } else { '&' });
        first = false;
        let wire = renames.iter().find(|(param, _)| *param == key);
        push_component(url, wire.map_or(&key, |(_, wire)| wire));
        url.push('=');
        push_component(url, &value);
    }
    Ok(())
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
pub(crate) fn headers(
    ep: &Endpoint,
    json_body: bool,
    stream: bool,
    accept_language: &str,
) -> String {
    let mut h = String::with_capacity(96);
    if json_body {
        h.push_str("content-type\napplication/json\n");
    }
    h.push_str("accept\n");
    h.push_str(match (stream, ep.answer) {
        (true, _) => "text/event-stream",
        (false, Answer::Json) => "application/json",
        (false, Answer::Binary | Answer::Auto) => "*/*",
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
            url("https://h/api/", ep, &["a b/ü?#&=-_.!~*'()".into()]).unwrap(),
            "https://h/api/paas/v4/async-result/a%20b%2F%C3%BC%3F%23%26%3D-_.!~*'()"
        );
        assert_eq!(
            url("https://h/api", ep, &[]).unwrap_err().message,
            "id must be a non-empty string"
        );
    }

    #[test]
    fn queries_are_encoded_and_renamed() {
        let mut url = String::from("https://h/api/paas/v4/voice/list");
        let params =
            br#"{"voice_type":"PRIVATE","voice_name":"a b&c=\u00e9","n":20,"x":null,"ok":true}"#;
        push_query(
            &mut url,
            params,
            &[("voice_type", "voiceType"), ("voice_name", "voiceName")],
        )
        .unwrap();
        assert_eq!(
            url,
            "https://h/api/paas/v4/voice/list?voiceType=PRIVATE&voiceName=a%20b%26c%3D%C3%A9&n=20&ok=true"
        );
        let mut url = String::new();
        let e = push_query(&mut url, br#"{"a":1,"tags":["x"]}"#, &[]).unwrap_err();
        assert_eq!(e.message, "tags must be a string, number or boolean");
        let mut url = String::from("u");
        push_query(&mut url, b"{}", &[]).unwrap();
        assert_eq!(url, "u");
    }

    #[test]
    fn path_parameters_in_order() {
        let ep = find("batches.cancel").unwrap();
        assert_eq!(
            url("https://h/api", ep, &["b 1".into()]).unwrap(),
            "https://h/api/paas/v4/batches/b%201/cancel"
        );
        assert_eq!(
            url("https://h/api", ep, &["".into()]).unwrap_err().message,
            "batch_id must be a non-empty string"
        );
    }

    #[test]
    fn fixed_headers() {
        let chat = find("chat.completions.create").unwrap();
        assert_eq!(
            headers(chat, true, true, "en-US,en"),
            "content-type\napplication/json\naccept\ntext/event-stream\naccept-language\nen-US,en"
        );
        let files = find("files.create").unwrap();
        assert_eq!(headers(files, false, false, ""), "accept\napplication/json");
    }

    #[test]
    fn keys_never_show_in_debug() {
        let s = Settings::with_key("id.secret");
        let shown = format!("{s:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
