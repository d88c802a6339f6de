//! The chunk/event decoder on arbitrary payloads: `chunk::classify`, `ChatAccumulator` and
//! `StreamDecoder`.
//!
//! Input: arbitrary bytes, read two ways. (1) Split at `\n` into payloads (like the `.jsonl`
//! seeds): each is classified, pushed to a `ChatAccumulator` and sent through a chat
//! `StreamDecoder` as `data: <payload>\n\n`. (2) Fed whole as an SSE body to a `StreamDecoder`
//! in pieces. Checks: no panic; the accumulator's JSON is always valid per `json::is_valid`;
//! the decoder's records are well formed (spans inside the body, nothing after `[DONE]` or an
//! error, an error record iff `take_error` has one); the decoder accumulates exactly the payloads
//! `classify` calls data, up to the first `[DONE]` or error frame, or the limit error once the
//! accumulator is full; error messages are bounded.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zai_wasm::accumulate::ChatAccumulator;
use zai_wasm::chunk::{classify, Chunk};
use zai_wasm::json;
use zai_wasm::resources::StreamKind;
use zai_wasm::stream::{StreamDecoder, REC_DATA, REC_DONE, REC_ERROR};

/// Walks one record list; returns whether the stream ended (`[DONE]` or error) in it.
fn check_records(rec: &[u32], window: u64, ended_before: bool) -> (bool, bool) {
    let (&discard, mut rest) = rec
        .split_first()
        .expect("records start with the discard count");
    assert!(
        u64::from(discard) <= window,
        "discard {discard} > window {window}"
    );
    let mut ended = false;
    let mut error = false;
    while let Some((&kind, tail)) = rest.split_first() {
        assert!(
            !ended && !ended_before,
            "a record after the end of the stream: {rec:?}"
        );
        let (&n, tail) = tail.split_first().expect("segment count");
        let n = n as usize;
        assert!(tail.len() >= 2 * n, "truncated record list {rec:?}");
        for pair in tail[..2 * n].chunks(2) {
            assert!(
                pair[0] <= pair[1] && u64::from(pair[1]) <= window,
                "span {pair:?} > {window}"
            );
        }
        match kind {
            REC_DATA => assert!(n > 0, "a data record without segments"),
            REC_DONE => {
                assert_eq!(n, 0);
                ended = true;
            }
            REC_ERROR => {
                assert_eq!(n, 0);
                ended = true;
                error = true;
            }
            _ => panic!("unknown record kind {kind}"),
        }
        rest = &tail[2 * n..];
    }
    (ended, error)
}

/// Feeds `pieces` to a chat decoder, checking every record list; returns the decoder.
fn decode(pieces: &[&[u8]]) -> StreamDecoder {
    let mut d = StreamDecoder::new(StreamKind::Chat);
    // The UTF-16 window is at most one unit per byte fed (and never more).
    let mut window = 0u64;
    let mut total = 0usize;
    let mut ended = false;
    for piece in pieces {
        window += piece.len() as u64;
        total += piece.len();
        let Ok(rec) = d.feed(piece) else {
            panic!("a body this short cannot exceed the 16 MiB cap");
        };
        let rec = rec.to_vec();
        let (end, error) = check_records(&rec, window, ended);
        window -= u64::from(rec[0]);
        if error {
            let e = d.take_error().expect("an error record comes with an error");
            assert!(!e.message.is_empty() && e.message.len() <= 3 * total + 64);
        }
        assert!(d.take_error().is_none(), "an error without an error record");
        ended |= end;
    }
    match d.finish() {
        Ok(rec) => {
            let rec = rec.to_vec();
            let (_, error) = check_records(&rec, window + 1, ended);
            if error {
                assert!(
                    d.take_error().is_some(),
                    "an error record comes with an error"
                );
            }
        }
        Err(e) => assert!(
            !ended && !e.message.is_empty(),
            "finish failed after the end: {e:?}"
        ),
    }
    assert!(
        json::is_valid(d.final_completion().as_bytes()),
        "final completion not valid JSON"
    );
    d
}

fuzz_target!(|input: &[u8]| {
    // (1) payload by payload.
    let mut acc = ChatAccumulator::new();
    let mut reference = ChatAccumulator::new();
    let mut ended = false;
    let mut body = Vec::new();
    for line in input.split(|&b| b == b'\n') {
        let kind = classify(b"", line);
        let as_error = classify(b"error", line);
        match kind {
            Chunk::Skip | Chunk::Done => assert_eq!(as_error, kind),
            Chunk::Data | Chunk::Error => assert_eq!(as_error, Chunk::Error),
        }
        acc.push(line);
        let out = acc.to_json();
        assert!(
            json::is_valid(out.as_bytes()),
            "accumulator output not valid JSON: {out}"
        );
        if !ended && !line.contains(&b'\r') {
            match kind {
                Chunk::Data => {
                    reference.push(line);
                    // Past the limit (an absurd index fills it at once) the decoder ends the
                    // stream with an error and drops the completion.
                    ended = reference.is_full();
                }
                Chunk::Done | Chunk::Error => ended = true,
                Chunk::Skip => {}
            }
            body.extend_from_slice(b"data: ");
            body.extend_from_slice(line);
            body.extend_from_slice(b"\n\n");
        }
    }
    let d = decode(&[&body]);
    if reference.is_full() {
        // (`decode` checked the error record came with its error.)
        assert_eq!(d.final_completion(), "{}", "a full accumulator was kept");
    } else {
        assert_eq!(
            d.final_completion(),
            reference.to_json(),
            "decoder and accumulator differ"
        );
    }

    // (2) the input as an SSE body, in pieces whose sizes come from the input itself.
    let mut pieces = Vec::new();
    let mut rest = input;
    let mut sizes = input.iter().cycle();
    while !rest.is_empty() {
        let n = sizes
            .next()
            .map_or(1, |&b| usize::from(b % 32) + 1)
            .min(rest.len());
        let (a, b) = rest.split_at(n);
        pieces.push(a);
        rest = b;
    }
    decode(&pieces);
    decode(&[input]);
});
