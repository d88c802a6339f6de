//! `Error::from_http` / `Error::from_payload` on arbitrary bodies.
//!
//! Input: `[status_hi, status_lo, body..]`. Checks: no panic; the kind follows the status;
//! the message is never empty and never longer than a bound: at most 3 bytes per body byte
//! (U+FFFD for invalid UTF-8) plus a fixed text, and for a body that is not a JSON object (an
//! HTML page, say) at most the 200-byte excerpt plus one character's continuation bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zai_wasm::error::{Error, ErrorKind};
use zai_wasm::json;

/// Longest excerpt of a non-JSON body, in chars (200 bytes, then at most 3 continuation bytes
/// of the character being cut, each possibly its own U+FFFD).
const MAX_EXCERPT_CHARS: usize = 204;

fn check(e: &Error, body: &[u8]) {
    assert!(!e.message.is_empty(), "empty message for {body:?}");
    assert!(
        e.message.len() <= 3 * body.len() + 64,
        "message of {} bytes from a body of {}",
        e.message.len(),
        body.len()
    );
    if json::object(body).is_none() {
        let chars = e.message.chars().count();
        assert!(
            chars <= MAX_EXCERPT_CHARS,
            "excerpt of {chars} chars from a non-JSON body"
        );
    }
    if let Some(code) = &e.code {
        assert!(!code.is_empty());
    }
    assert_eq!(
        e.body.as_deref(),
        Some(String::from_utf8_lossy(body).as_ref())
    );
}

fuzz_target!(|input: &[u8]| {
    let (status, body) = match input {
        [a, b, body @ ..] => (u16::from_be_bytes([*a, *b]), body),
        _ => (500, input),
    };
    let e = Error::from_http(status, body, None);
    check(&e, body);
    assert_eq!(e.status, Some(status));
    assert_eq!(e.kind, ErrorKind::from_status(status));
    let e = Error::from_http(status, body, Some(String::from("rid")));
    assert!(e.request_id.is_some());
    let e = Error::from_payload(body);
    check(&e, body);
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(e.status, None);
});
