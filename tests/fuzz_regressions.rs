//! Regression tests for what `scripts/fuzz` found (fuzz/fuzz_targets/*). Each input that made
//! a target fail is kept under `tests/fixtures/fuzz/` and replayed here with the target's check.
// Native tests of the core (private on wasm32).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use zai_wasm::accumulate::ChatAccumulator;
use zai_wasm::error::{Error, ErrorKind};
use zai_wasm::json;
use zai_wasm::resources::StreamKind;
use zai_wasm::stream::{StreamDecoder, REC_ERROR};

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

/// accumulate: a `usage` that did not fit in the limit left `Some(empty)` behind (the slot was
/// created before the room was checked): `"usage":}`, invalid JSON.
#[test]
fn a_value_over_the_accumulator_limit_leaves_valid_json() {
    let input = include_bytes!("fixtures/fuzz/accumulate-usage-over-the-limit.bin");
    let limit = usize::from(input[0]) * 64;
    let chunks: Vec<&[u8]> = input[1..].split(|&b| b == b'\n').collect();
    for order in [false, true] {
        let mut acc = ChatAccumulator::with_limit(limit);
        let mut list = chunks.clone();
        if order {
            list.reverse();
        }
        for c in &list {
            acc.push(c);
        }
        assert!(acc.is_full());
        let out = acc.to_json();
        assert!(json::is_valid(out.as_bytes()), "{out}");
        assert!(out.len() <= 3 * limit + 256, "{out}");
    }
}

/// chunk: a choice `index` of 1757852265 (a timestamp in the wrong place) would need a 7 GB
/// slot table: the accumulator is full at once, and the decoder ends the stream with the limit
/// error and drops the completion.
#[test]
fn an_absurd_choice_index_ends_the_stream_with_the_limit_error() {
    let input = include_bytes!("fixtures/fuzz/chunk-absurd-choice-index.bin");
    let mut acc = ChatAccumulator::new();
    let mut body = Vec::new();
    for line in input.split(|&b| b == b'\n') {
        acc.push(line);
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(line);
        body.extend_from_slice(b"\n\n");
        if acc.is_full() {
            break;
        }
    }
    assert!(acc.is_full());
    assert!(json::is_valid(acc.to_json().as_bytes()));
    let mut d = StreamDecoder::new(StreamKind::Chat);
    let rec = d.feed(&body).unwrap().to_vec();
    assert_eq!(rec[rec.len() - 2..], [REC_ERROR, 0]);
    assert_eq!(
        d.take_error().unwrap().message,
        "The streamed completion is larger than maxResponseBytes (33554432 bytes)"
    );
    assert_eq!(d.final_completion(), "{}");
}
