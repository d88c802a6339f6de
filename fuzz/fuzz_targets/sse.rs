//! `SseParser` on arbitrary bytes at arbitrary read boundaries.
//!
//! Input: `[n, len_1, .., len_n, body..]` with `n = input[0] % 16`: the body is fed in pieces of
//! `len_1, len_2, ..` bytes (cycled; a 0 is an empty feed), then finished. Checks:
//!
//! * no panic;
//! * the split run gives exactly the events and result of a one-piece run, and these agree with
//!   a literal whole-input implementation of the WHATWG spec (whose `id` and `retry` the parser
//!   ignores: the client never reconnects);
//! * every span lies within the JS text window of a reference `TextDecoder` model, and the
//!   spans sliced out of that window spell the event's data; the window is empty at the end;
//! * under a small cap the outcome is still split-independent, what the JS text window keeps
//!   after each feed never passes the cap (comments, empty data lines and all), and a long
//!   `data:` line without a newline after the body fails with `SseError::TooLarge` exactly when
//!   it passes the cap.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zai_wasm::sse::{Event, SseError, SseParser, DEFAULT_MAX_EVENT_BYTES};

#[path = "../../tests/support/sse_model.rs"]
mod model;

use model::{spec_parse, text, TextDecoder};

/// Cap for the small-cap runs (a data line counts 64 bytes besides its text: room for a few).
const SMALL_CAP: usize = 160;

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    events: Vec<(Vec<u8>, Vec<u8>)>,
    result: Result<(), SseError>,
    final_window: usize,
}

/// Checks one event's spans against the JS window; returns `(event, data)`.
fn got(ev: &Event<'_>, window: &[u16]) -> (Vec<u8>, Vec<u8>) {
    let mut payload = Vec::new();
    for (i, span) in ev.segments.iter().enumerate() {
        if i > 0 {
            payload.push(u16::from(b'\n'));
        }
        let (start, end) = (span.start as usize, span.end as usize);
        assert!(
            start <= end && end <= window.len(),
            "span {span:?} outside the window of {} units",
            window.len()
        );
        payload.extend_from_slice(&window[start..end]);
    }
    let payload = String::from_utf16(&payload).expect("a span cut a surrogate pair");
    assert_eq!(
        payload,
        text(ev.data),
        "JS payload differs from the event's data"
    );
    (ev.event.to_vec(), ev.data.to_vec())
}

/// Feeds `pieces` the way the JS binding does (decode, feed, discard), then finishes.
fn run(cap: usize, pieces: &[&[u8]]) -> (Outcome, SseParser) {
    let mut parser = SseParser::new(cap);
    let mut decoder = TextDecoder::new(false);
    let mut window: Vec<u16> = Vec::new();
    let mut events = Vec::new();
    let mut result = Ok(());
    for piece in pieces {
        window.extend(decoder.decode(piece, true));
        result = parser.feed(piece, |ev| events.push(got(ev, &window)));
        if result.is_err() {
            break;
        }
        let k = parser.take_discard() as usize;
        assert!(k <= window.len(), "discard {k} > window {}", window.len());
        window.drain(..k);
        assert!(
            window.len() <= cap,
            "the window keeps {} units over the cap of {cap}",
            window.len()
        );
    }
    let mut final_window = 0;
    if result.is_ok() {
        window.extend(decoder.decode(&[], false));
        result = parser.finish(|ev| events.push(got(ev, &window)));
        if result.is_ok() {
            let k = parser.take_discard() as usize;
            assert!(k <= window.len(), "discard {k} > window {}", window.len());
            window.drain(..k);
            final_window = window.len();
        }
    }
    let out = Outcome {
        events,
        result,
        final_window,
    };
    (out, parser)
}

/// The body cut into pieces of the given lengths (cycled).
fn pieces<'a>(body: &'a [u8], lens: &[u8]) -> Vec<&'a [u8]> {
    if lens.iter().all(|&l| l == 0) {
        return vec![body];
    }
    let mut out = Vec::new();
    let mut rest = body;
    for &len in lens.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (a, b) = rest.split_at(usize::from(len).min(rest.len()));
        out.push(a);
        rest = b;
    }
    out
}

/// After `body` (fed, not finished), a blank line ends any event, then a `data:` line without a
/// newline grows past `SMALL_CAP`: it must fail exactly when the line passes the cap.
fn huge_line(body: &[&[u8]]) {
    let mut parser = SseParser::new(SMALL_CAP);
    for piece in body {
        if parser.feed(piece, |_| {}).is_err() {
            return;
        }
    }
    if parser.feed(b"\n\n", |_| {}).is_err() {
        return; // the last data line of the body completed over the cap
    }
    let mut line = 0;
    for piece in [
        &b"data: "[..],
        b"xxxxxxx",
        b"x\xE4\xBD\xA0",
        b"yyyyyyyyyyyyyyyyyyyy",
    ]
    .iter()
    .cycle()
    .take(64)
    {
        line += piece.len();
        let r = parser.feed(piece, |ev| panic!("event {ev:?} from an unterminated line"));
        if line <= SMALL_CAP {
            assert_eq!(
                r,
                Ok(()),
                "line of {line} bytes under the cap of {SMALL_CAP}"
            );
        } else {
            assert_eq!(
                r,
                Err(SseError::TooLarge),
                "line of {line} bytes over the cap"
            );
        }
    }
    assert_eq!(
        parser.finish(|_| {}),
        Err(SseError::TooLarge),
        "the error sticks"
    );
}

fuzz_target!(|input: &[u8]| {
    let Some((&head, rest)) = input.split_first() else {
        return;
    };
    let n = usize::from(head % 16).min(rest.len());
    let (lens, body) = rest.split_at(n);
    let split = pieces(body, lens);

    let (whole, _) = run(DEFAULT_MAX_EVENT_BYTES, &[body]);
    assert_eq!(whole.result, Ok(()), "a short body cannot exceed 16 MiB");
    assert_eq!(whole.final_window, 0, "window not emptied");
    let (parts, _) = run(DEFAULT_MAX_EVENT_BYTES, &split);
    assert_eq!(parts, whole, "split {:?} changed the outcome", lens);

    let spec = spec_parse(body);
    let decoded: Vec<_> = whole
        .events
        .iter()
        .map(|(e, d)| (text(e), text(d)))
        .collect();
    let model: Vec<_> = spec.events.into_iter().map(|(e, d, _id)| (e, d)).collect();
    assert_eq!(decoded, model, "differs from the WHATWG model");

    let (small_whole, _) = run(SMALL_CAP, &[body]);
    let (small_parts, _) = run(SMALL_CAP, &split);
    assert_eq!(
        small_parts, small_whole,
        "small cap: split {:?} changed the outcome",
        lens
    );
    if small_whole.result.is_ok() {
        assert_eq!(
            small_whole.events, whole.events,
            "the cap changed events it did not stop"
        );
    }

    huge_line(&split);
});
