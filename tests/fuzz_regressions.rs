//! Regression tests for what `scripts/fuzz` found (fuzz/fuzz_targets/*). Each input that made
//! a target fail is kept under `tests/fixtures/fuzz/` and replayed here with the target's check.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use zai_wasm::error::{Error, ErrorKind};

/// `fuzz/fuzz_targets/error_body.rs`: the longest excerpt of a non-JSON body, in chars.
const MAX_EXCERPT_CHARS: usize = 204;

/// error_body: a non-JSON body with a long run of stray UTF-8 continuation bytes after the
/// first 200 bytes made an unbounded message (the excerpt only stopped at a character start,
/// and continuation bytes are never one): 3 bytes of U+FFFD per body byte.
/// The second input: whitespace before stray continuation bytes at the 200-byte mark let one
/// more space through (205 chars).
#[test]
fn error_excerpt_is_bounded_with_stray_continuation_bytes() {
    for input in [
        &include_bytes!("fixtures/fuzz/error_body-stray-continuation-bytes.bin")[..],
        include_bytes!("fixtures/fuzz/error_body-stray-bytes-after-space.bin"),
    ] {
        let (status, body) = (u16::from_be_bytes([input[0], input[1]]), &input[2..]);
        for e in [
            Error::from_http(status, body, None),
            Error::from_payload(body),
        ] {
            assert!(
                e.message.chars().count() <= MAX_EXCERPT_CHARS,
                "{}",
                e.message
            );
        }
    }
    assert_eq!(
        Error::from_http(502, b"<html>", None).kind,
        ErrorKind::InternalServer
    );

    let mut body = b"<html>".to_vec();
    body.extend_from_slice(&[b'x'; 200]);
    body.extend_from_slice(&[0x8C; 1 << 20]);
    for e in [
        Error::from_http(502, &body, None),
        Error::from_payload(&body),
    ] {
        assert!(e.message.starts_with("<html>xxx"), "{}", e.message);
        assert!(
            e.message.chars().count() <= MAX_EXCERPT_CHARS,
            "{} chars",
            e.message.len()
        );
    }
    // A character that straddles the 200th byte is still kept whole.
    let mut body = vec![b'a'; 199];
    body.extend_from_slice("😀 tail".as_bytes());
    let e = Error::from_http(502, &body, None);
    assert!(e.message.ends_with('😀'), "{}", e.message);
}
