//! [`Secrets`]: what no error may ever contain. A server (or a proxy) that echoes the request's
//! `Authorization` header, the key in it, the signed token or the key's secret part alone must
//! not get it into an error's `message`, `body`, `code` or request id: every failure a call
//! reports, on the request path and in its stream, is scrubbed with the call's `Secrets`.

use crate::error::Error;
use crate::prelude::*;
use crate::util;

/// Texts shorter than this are not scrubbed: they would match ordinary words (a real key's
/// secret part has 16 characters or more).
const MIN_LEN: usize = 8;

/// The texts kept, in bytes, before an attempt adds its own: past it the older ones go (a key
/// provider may answer differently every attempt of a long poll; a server echoes what its
/// attempt carried).
const MAX_BYTES: usize = 4096;

/// What replaces a secret.
const REDACTED: &str = "[redacted]";

/// The credential of a call's attempts and the secret part of the key it came from. Its
/// `Debug` says whether there are any, never what.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// The texts one a line (none can contain a newline: each was sent in a header, or is part
    /// of what was), each attempt's whole credential before the key's secret part, so an echo
    /// of the whole reads `[redacted]`. One string: cheap to clone and to hand to JS.
    lines: String,
}

impl core::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(if self.lines.is_empty() {
            "Secrets(none)"
        } else {
            "Secrets(..)"
        })
    }
}

impl Secrets {
    /// Adds what an attempt authorized with `key` sent as `authorization` (`Bearer <key>` or
    /// `Bearer <signed token>`): the key or token, the key, and the key's secret part (after
    /// its last `.`), for a server that echoes that alone. A key provider may answer
    /// differently each time: every attempt's texts are kept.
    ///
    /// ```
    /// use zai_wasm::error::{Error, ErrorKind};
    /// use zai_wasm::request::Secrets;
    /// let mut secrets = Secrets::default();
    /// secrets.add("key-id.0123456789abcdef", "Bearer key-id.0123456789abcdef");
    /// let mut e = Error::new(ErrorKind::Authentication, "bad key key-id.0123456789abcdef");
    /// e.body = Some(r#"{"secret":"0123456789abcdef"}"#.into());
    /// secrets.scrub(&mut e);
    /// assert_eq!(e.message, "bad key [redacted]");
    /// assert_eq!(e.body.as_deref(), Some(r#"{"secret":"[redacted]"}"#));
    /// ```
    pub fn add(&mut self, key: &str, authorization: &str) {
        let credential = authorization
            .strip_prefix("Bearer ")
            .unwrap_or(authorization);
        // By bytes, not `rsplit_once('.')`: no char searcher, no slicing panic path.
        let dot = key.bytes().rposition(|b| b == b'.');
        let part = dot.and_then(|at| key.get(at + 1..)).unwrap_or_default();
        if self.lines.len() > MAX_BYTES {
            self.lines.clear();
        }
        // A text kept twice costs a search that finds nothing; checking would cost more code.
        self.push(credential);
        if key != credential {
            self.push(key);
        }
        self.push(part);
    }

    /// Keeps `text` (unless it is too short to be a secret). A newline cannot be in it: it was
    /// sent in a header (`Settings::authorization` refused a key with one).
    fn push(&mut self, text: &str) {
        if text.len() >= MIN_LEN {
            if !self.lines.is_empty() {
                self.lines.push('\n');
            }
            self.lines.push_str(text);
        }
    }

    /// Takes every secret out of the error's server-supplied texts.
    pub fn scrub(&self, e: &mut Error) {
        if self.lines.is_empty() {
            return;
        }
        self.scrub_text(&mut e.message);
        for s in [&mut e.body, &mut e.code, &mut e.request_id]
            .into_iter()
            .flatten()
        {
            self.scrub_text(s);
        }
    }

    /// Replaces every secret in `s` with `[redacted]`.
    pub fn scrub_text(&self, s: &mut String) {
        // By hand, not `split`: its iterator costs wasm bytes.
        let mut rest = self.lines.as_bytes();
        while !rest.is_empty() {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            // Never empty (no text is): an empty needle would be found forever.
            if end > 0 {
                hide(s, rest.get(..end).unwrap_or_default());
            }
            rest = rest.get(end + 1..).unwrap_or_default();
        }
    }

    /// The secrets, one a line, for the JS stream, which scrubs a chunk that is not JSON with
    /// them.
    pub fn to_lines(&self) -> String {
        self.lines.clone()
    }
}

/// Replaces every `secret` in `s` with `[redacted]` (byte search: `str::replace` would bring
/// the generic string searcher and its panic paths into the wasm).
fn hide(s: &mut String, secret: &[u8]) {
    let mut rest = s.as_str();
    let mut out = String::new();
    while let Some(at) = util::find(rest.as_bytes(), secret) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(REDACTED);
        rest = rest.get(at + secret.len()..).unwrap_or_default();
    }
    if !out.is_empty() {
        out.push_str(rest);
        *s = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn every_field_and_every_occurrence() {
        let mut s = Secrets::default();
        s.add("id.secret-part-16ch", "Bearer id.secret-part-16ch");
        let mut e = Error::new(ErrorKind::Api, "a id.secret-part-16ch b secret-part-16ch");
        e.code = Some("secret-part-16ch".into());
        e.request_id = Some("rid-secret-part-16ch".into());
        e.body = Some("secret-part-16chsecret-part-16ch".into());
        s.scrub(&mut e);
        assert_eq!(e.message, "a [redacted] b [redacted]");
        assert_eq!(e.code.as_deref(), Some("[redacted]"));
        assert_eq!(e.request_id.as_deref(), Some("rid-[redacted]"));
        assert_eq!(e.body.as_deref(), Some("[redacted][redacted]"));
    }

    #[test]
    fn a_signed_token_and_the_key_it_was_signed_from() {
        let mut s = Secrets::default();
        s.add("key-id.0123456789abcdef", "Bearer aaaa.bbbbbbbb.cccccccc");
        let mut text = String::from(
            "token aaaa.bbbbbbbb.cccccccc key key-id.0123456789abcdef 0123456789abcdef",
        );
        s.scrub_text(&mut text);
        assert_eq!(text, "token [redacted] key [redacted] [redacted]");
        assert_eq!(
            s.to_lines(),
            "aaaa.bbbbbbbb.cccccccc\nkey-id.0123456789abcdef\n0123456789abcdef",
            "the credential, the key, its secret part"
        );
    }

    #[test]
    fn short_texts_are_left_alone_and_attempts_accumulate() {
        let mut s = Secrets::default();
        s.add("k.abc", "Bearer k.abc");
        assert_eq!(s, Secrets::default());
        assert_eq!(format!("{s:?}"), "Secrets(none)");
        s.add("first-key-1234", "Bearer first-key-1234");
        s.add("second-key-5678", "Bearer second-key-5678");
        s.add("first-key-1234", "Bearer first-key-1234");
        let mut text = String::from("first-key-1234 second-key-5678");
        s.scrub_text(&mut text);
        assert_eq!(text, "[redacted] [redacted]");
        assert_eq!(format!("{s:?}"), "Secrets(..)");
        // A provider answering a new key every attempt of a long call: bounded, the newest kept.
        for i in 0..1000 {
            let key = format!("provider-key-{i:06}");
            s.add(&key, &format!("Bearer {key}"));
        }
        assert!(
            s.to_lines().len() <= MAX_BYTES + 64,
            "{}",
            s.to_lines().len()
        );
        let mut text = String::from("provider-key-000999");
        s.scrub_text(&mut text);
        assert_eq!(text, "[redacted]");
    }
}
