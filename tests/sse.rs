//! Native tests for `zai_wasm::sse`.
//!
//! Every run goes through a Rust model of the JS side (`TextDecoder` + the sliding text window),
//! so each event's spans are checked against what JS would slice, at every split of the input.
//! Events are also compared with a literal, whole-input implementation of the WHATWG "event
//! stream interpretation" on random inputs.
// Native tests of the core (private on wasm32).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use zai_wasm::sse::{Event, SseError, SseParser, DEFAULT_MAX_EVENT_BYTES};

#[path = "fixtures/sse/fixtures.rs"]
mod fixtures;

use fixtures::{Fixture, FIXTURES};

#[path = "support/sse_model.rs"]
pub mod sse_model;
use sse_model::{spec_parse, text, Spec, TextDecoder};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// One delivered event, plus its data as JS rebuilt it from the spans.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Got {
    event: Vec<u8>,
    data: Vec<u8>,
    /// `segments.map(s => text.slice(s.start, s.end)).join('\n')`
    payload: String,
    segments: usize,
}

/// What a whole run gave.
#[derive(Debug)]
struct Outcome {
    events: Vec<Got>,
    result: Result<(), SseError>,
    /// The largest JS text window seen right after a `decode`.
    max_window: usize,
    /// The JS text window left after `finish` + `take_discard`.
    final_window: usize,
}

/// Checks one event against the JS window and records it.
fn got(ev: &Event<'_>, window: &[u16]) -> Got {
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
    Got {
        event: ev.event.to_vec(),
        data: ev.data.to_vec(),
        payload,
        segments: ev.segments.len(),
    }
}

/// Feeds `chunks` the way the JS binding does, then finishes.
fn run(cap: usize, chunks: &[&[u8]]) -> Outcome {
    let mut parser = SseParser::new(cap);
    let mut decoder = TextDecoder::new(false);
    let mut window: Vec<u16> = Vec::new();
    let mut events = Vec::new();
    let mut max_window = 0;
    let mut result = Ok(());
    for chunk in chunks {
        window.extend(decoder.decode(chunk, true));
        max_window = max_window.max(window.len());
        result = parser.feed(chunk, |ev| events.push(got(ev, &window)));
        if result.is_err() {
            break;
        }
        let k = parser.take_discard() as usize;
        assert!(k <= window.len(), "discard {k} > window {}", window.len());
        window.drain(..k);
    }
    let mut final_window = window.len();
    if result.is_ok() {
        window.extend(decoder.decode(&[], false));
        max_window = max_window.max(window.len());
        result = parser.finish(|ev| events.push(got(ev, &window)));
        if result.is_ok() {
            let k = parser.take_discard() as usize;
            assert!(k <= window.len(), "discard {k} > window {}", window.len());
            window.drain(..k);
            final_window = window.len();
        }
    }
    Outcome {
        events,
        result,
        max_window,
        final_window,
    }
}

fn run_whole(input: &[u8]) -> Outcome {
    run(DEFAULT_MAX_EVENT_BYTES, &[input])
}

/// `(event, data)` of each event, decoded.
fn pairs(out: &Outcome) -> Vec<(String, String)> {
    out.events
        .iter()
        .map(|e| (text(&e.event), text(&e.data)))
        .collect()
}

/// The spec model's `(event, data)` of each event (the parser ignores `id` and `retry`).
fn spec_pairs(spec: &Spec) -> Vec<(String, String)> {
    spec.events
        .iter()
        .map(|(event, data, _id)| (event.clone(), data.clone()))
        .collect()
}

fn datas(out: &Outcome) -> Vec<String> {
    out.events.iter().map(|e| text(&e.data)).collect()
}

/// Splits `input` at the given (sorted) cut points.
fn cut<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut from = 0;
    for &at in cuts {
        pieces.push(&input[from..at]);
        from = at;
    }
    pieces.push(&input[from..]);
    pieces
}

// ---------------------------------------------------------------------------------------------
// Fixtures: whole, byte by byte, every 2-way split, 3-way splits
// ---------------------------------------------------------------------------------------------

fn check_fixture(f: &Fixture, chunks: &[&[u8]]) -> Vec<Got> {
    let out = run(DEFAULT_MAX_EVENT_BYTES, chunks);
    let how = || {
        format!(
            "{} split as {:?}",
            f.name,
            chunks.iter().map(|c| c.len()).collect::<Vec<_>>()
        )
    };
    assert_eq!(out.result, Ok(()), "{}", how());
    assert_eq!(out.events.len(), f.events.len(), "{}", how());
    for (got, want) in out.events.iter().zip(f.events) {
        assert_eq!(got.payload, want.data, "{}", how());
        assert_eq!(text(&got.data), want.data, "{}", how());
        assert_eq!(text(&got.event), want.event, "{}", how());
        if std::str::from_utf8(f.bytes).is_ok() {
            assert_eq!(got.data, want.data.as_bytes(), "{}", how());
        }
    }
    assert_eq!(out.final_window, 0, "{}: window not emptied", how());
    out.events
}

#[test]
fn fixtures_match_expectations_and_the_spec_model() {
    for f in FIXTURES {
        let events = check_fixture(f, &[f.bytes]);
        let spec = spec_parse(f.bytes);
        let want: Vec<_> = f
            .events
            .iter()
            .map(|e| (e.event.to_owned(), e.data.to_owned(), e.id.to_owned()))
            .collect();
        assert_eq!(
            spec.events, want,
            "{}: expected table disagrees with the spec model",
            f.name
        );
        assert_eq!(spec.retry, f.retry, "{}", f.name);
        assert!(!events.is_empty());
    }
}

#[test]
fn fixtures_byte_by_byte() {
    for f in FIXTURES {
        let whole = check_fixture(f, &[f.bytes]);
        let pieces: Vec<&[u8]> = f.bytes.chunks(1).collect();
        assert_eq!(check_fixture(f, &pieces), whole, "{}", f.name);
    }
}

#[test]
fn fixtures_at_every_two_way_split() {
    for f in FIXTURES {
        let whole = check_fixture(f, &[f.bytes]);
        for at in 0..=f.bytes.len() {
            assert_eq!(
                check_fixture(f, &cut(f.bytes, &[at])),
                whole,
                "{} at {at}",
                f.name
            );
        }
    }
}

#[test]
fn fixtures_at_three_way_splits() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for f in FIXTURES {
        let whole = check_fixture(f, &[f.bytes]);
        let n = f.bytes.len();
        let mut splits = Vec::new();
        // Adjacent cuts isolate 1- and 3-byte middles (a CR, an LF, a UTF-8 sequence).
        for i in 0..n {
            splits.push([i, i + 1]);
            splits.push([i, (i + 3).min(n)]);
        }
        for _ in 0..200 {
            let (a, b) = (rng.below(n + 1), rng.below(n + 1));
            splits.push([a.min(b), a.max(b)]);
        }
        for s in splits {
            assert_eq!(
                check_fixture(f, &cut(f.bytes, &s)),
                whole,
                "{} at {s:?}",
                f.name
            );
        }
    }
}

#[test]
fn fixtures_in_random_pieces() {
    let mut rng = Rng(42);
    for f in FIXTURES {
        let whole = check_fixture(f, &[f.bytes]);
        for _ in 0..50 {
            let mut cuts: Vec<usize> = (0..rng.below(20))
                .map(|_| rng.below(f.bytes.len() + 1))
                .collect();
            cuts.sort_unstable();
            assert_eq!(
                check_fixture(f, &cut(f.bytes, &cuts)),
                whole,
                "{} at {cuts:?}",
                f.name
            );
        }
    }
}

#[test]
fn fixture_invalid_utf8_raw_bytes() {
    let f = FIXTURES
        .iter()
        .find(|f| f.name == "invalid_utf8.sse")
        .unwrap();
    let out = run_whole(f.bytes);
    assert_eq!(out.events[0].data, b"ok \xff end\ncut \xe2\x82\noverlong \xc0\xaf surrogate \xed\xa0\x80 too big \xf4\x90\x80\x80!");
    assert_eq!(out.events[0].segments, 3);
    assert_eq!(out.events[2].event, b"bad\xfename");
    assert_eq!(
        out.events[3].data,
        b"no blank line at the end, cut \xe2\x82"
    );
}

// ---------------------------------------------------------------------------------------------
// The reference decoder itself
// ---------------------------------------------------------------------------------------------

#[test]
fn reference_decoder_agrees_with_lossy_on_whole_inputs() {
    // Rust's lossy conversion substitutes maximal subparts, as the WHATWG decoder does; this
    // cross-checks the model on inputs without a leading BOM.
    let mut rng = Rng(7);
    let alphabet: &[u8] = &[
        b'a', 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED,
        0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
    ];
    for _ in 0..20_000 {
        let bytes: Vec<u8> = (0..rng.below(12))
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let ours = String::from_utf16(&TextDecoder::new(true).decode(&bytes, false)).unwrap();
        assert_eq!(ours, String::from_utf8_lossy(&bytes), "{bytes:x?}");
    }
    // Streaming: same result at every split.
    let bytes = b"a\xF0\x9F\x98\x80\xE2\x82\xACb\xF0\x9F\xE2\x82\xAC\xED\xA0\x80";
    let whole = TextDecoder::new(false).decode(bytes, false);
    for at in 0..=bytes.len() {
        let mut d = TextDecoder::new(false);
        let mut units = d.decode(&bytes[..at], true);
        units.extend(d.decode(&bytes[at..], true));
        units.extend(d.decode(&[], false));
        assert_eq!(units, whole, "split at {at}");
    }
    assert!(TextDecoder::new(false).decode(b"\xEF\xBB\xBFx", false) == [u16::from(b'x')]);
    assert_eq!(
        TextDecoder::new(false).decode(b"\xEF\xBB\xBF\xEF\xBB\xBF", false),
        [0xFEFF]
    );
}

// ---------------------------------------------------------------------------------------------
// Random inputs against the spec model
// ---------------------------------------------------------------------------------------------

const TOKENS: &[&[u8]] = &[
    b"data",
    b"data:",
    b"data: ",
    b"data:  ",
    b"event:",
    b"event: ",
    b"id:",
    b"id: ",
    b"id",
    b"retry:",
    b"retry: ",
    b"retry",
    b":",
    b": ",
    b" ",
    b"x",
    b"hello",
    b"0",
    b"42",
    b"4294967296",
    b"\n",
    b"\n",
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"\r\r",
    "é".as_bytes(),
    "漢".as_bytes(),
    "😀".as_bytes(),
    "\u{2028}".as_bytes(),
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xEF\xBB",
    b"\xE2\x82",
    b"\xF0\x9F",
    b"\xF0\x9F\x98",
    b"\xFF",
    b"\xC0",
    b"\xED\xA0\x80",
    b"\xF4\x90",
    b"\x80",
    b"foo:",
    b"dat",
    b"Data:",
    b"datax:",
];

/// Single bytes: line ends, field-name letters, and every UTF-8 boundary value.
const BYTES: &[u8] = &[
    b'\n', b'\r', b':', b' ', b'd', b'a', b't', b'i', b'\0', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
    0xBB, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4,
    0xF5, 0xFF,
];

/// A random body: tokens of the SSE grammar, or a token/byte mix.
fn random_stream(rng: &mut Rng) -> Vec<u8> {
    let mut s = Vec::new();
    match rng.below(4) {
        0 => s.extend_from_slice(b"\xEF\xBB\xBF"),
        1 => s.extend_from_slice(b"\xEF\xBB"),
        _ => {}
    }
    let mixed = rng.below(2) == 0;
    for _ in 0..rng.below(40) {
        if mixed && rng.below(2) == 0 {
            s.push(BYTES[rng.below(BYTES.len())]);
        } else {
            s.extend_from_slice(TOKENS[rng.below(TOKENS.len())]);
        }
    }
    s
}

#[test]
fn random_streams_match_the_spec_model_at_any_split() {
    let mut rng = Rng(0xDEC0_DE5E);
    for round in 0..4000 {
        let body = random_stream(&mut rng);
        let spec = spec_parse(&body);
        let whole = run_whole(&body);
        assert_eq!(whole.result, Ok(()));
        assert_eq!(pairs(&whole), spec_pairs(&spec), "round {round}: {body:x?}");
        assert_eq!(whole.final_window, 0, "round {round}: {body:x?}");
        let bytewise: Vec<&[u8]> = body.chunks(1).collect();
        let out = run(DEFAULT_MAX_EVENT_BYTES, &bytewise);
        assert_eq!(
            out.events, whole.events,
            "round {round} bytewise: {body:x?}"
        );
        for _ in 0..4 {
            let mut cuts: Vec<usize> = (0..1 + rng.below(6))
                .map(|_| rng.below(body.len() + 1))
                .collect();
            cuts.sort_unstable();
            let out = run(DEFAULT_MAX_EVENT_BYTES, &cut(&body, &cuts));
            assert_eq!(
                out.events, whole.events,
                "round {round} cuts {cuts:?}: {body:x?}"
            );
            assert_eq!(out.final_window, 0);
        }
    }
}

#[test]
fn random_streams_give_the_same_outcome_at_any_split_under_small_caps() {
    let mut rng = Rng(0x5EED);
    for round in 0..4000 {
        let body = random_stream(&mut rng);
        let cap = rng.below(12);
        let whole = run(cap, &[&body]);
        let bytewise: Vec<&[u8]> = body.chunks(1).collect();
        let out = run(cap, &bytewise);
        assert_eq!(
            out.result, whole.result,
            "round {round} cap {cap}: {body:x?}"
        );
        assert_eq!(
            out.events, whole.events,
            "round {round} cap {cap}: {body:x?}"
        );
        let mut cuts: Vec<usize> = (0..1 + rng.below(4))
            .map(|_| rng.below(body.len() + 1))
            .collect();
        cuts.sort_unstable();
        let out = run(cap, &cut(&body, &cuts));
        assert_eq!(
            out.result, whole.result,
            "round {round} cap {cap} cuts {cuts:?}: {body:x?}"
        );
        assert_eq!(
            out.events, whole.events,
            "round {round} cap {cap} cuts {cuts:?}: {body:x?}"
        );
        for e in &whole.events {
            assert!(e.data.len() <= cap);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// WHATWG spec examples (HTML § 9.2.5/9.2.6)
// ---------------------------------------------------------------------------------------------

/// Events delivered by `feed` alone (what a WHATWG user agent would dispatch).
fn fed_only(input: &[u8]) -> Vec<(String, String)> {
    let mut parser = SseParser::default();
    let mut events = Vec::new();
    parser
        .feed(input, |ev| events.push((text(ev.event), text(ev.data))))
        .unwrap();
    events
}

fn t(event: &str, data: &str) -> (String, String) {
    (event.to_owned(), data.to_owned())
}

#[test]
fn spec_example_stock_ticker() {
    let out = run_whole(b"data: YHOO\ndata: +2\ndata: 10\n\n");
    assert_eq!(datas(&out), ["YHOO\n+2\n10"]);
    assert_eq!(out.events[0].segments, 3);
}

#[test]
fn spec_example_four_blocks() {
    let input = b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
    assert_eq!(
        fed_only(input),
        [t("", "first event"), t("", "second event")]
    );
    // The third block has no blank line: WHATWG drops it, `finish` delivers it.
    let out = run_whole(input);
    assert_eq!(pairs(&out)[2], t("", " third event"));
}

#[test]
fn spec_example_empty_data() {
    let input = b"data\n\ndata\ndata\n\ndata:";
    assert_eq!(fed_only(input), [t("", ""), t("", "\n")]);
    assert_eq!(datas(&run_whole(input)), ["", "\n", ""]);
}

#[test]
fn spec_example_space_after_colon_is_optional() {
    assert_eq!(
        datas(&run_whole(b"data:test\n\ndata: test\n\n")),
        ["test", "test"]
    );
}

// ---------------------------------------------------------------------------------------------
// Conformance cases of rexxars/eventsource-parser's test suite
// ---------------------------------------------------------------------------------------------

/// Runs `chunks` and returns `(event, data, id)` of each event, requiring success.
fn events_of(chunks: &[&[u8]]) -> Vec<(String, String)> {
    let out = run(DEFAULT_MAX_EVENT_BYTES, chunks);
    assert_eq!(out.result, Ok(()));
    pairs(&out)
}

fn done() -> (String, String) {
    t("done", "✔")
}

#[test]
fn basic_unnamed_events() {
    let mut chunks: Vec<String> = (0..5).map(|i| format!("data: {i}\n\n")).collect();
    chunks.push("event: done\ndata: ✔\n\n".into());
    let chunks: Vec<&[u8]> = chunks.iter().map(|c| c.as_bytes()).collect();
    let mut want: Vec<_> = (0..5).map(|i| t("", &i.to_string())).collect();
    want.push(done());
    assert_eq!(events_of(&chunks), want);
}

#[test]
fn id_and_retry_lines_are_ignored() {
    // The client never reconnects, so `id` and `retry` are fields without a use: events come
    // out exactly as without those lines, whatever their values, split anywhere.
    let with = b"event: tick\nid: 1337\nretry: 50\ndata: 1337\n\nid: bad\0id\nretry: -1\ndata: \xF0\x9F\xA5\x8C\n\nid\nretry\n\ndata: ok\n\n";
    let without = b"event: tick\ndata: 1337\n\ndata: \xF0\x9F\xA5\x8C\n\n\ndata: ok\n\n";
    let want = [t("tick", "1337"), t("", "🥌"), t("", "ok")];
    assert_eq!(pairs(&run_whole(without)), want);
    assert_eq!(pairs(&run_whole(with)), want);
    for at in 0..=with.len() {
        assert_eq!(events_of(&cut(with, &[at])), want, "cut at {at}");
    }
    // A block with only an `id` (or `retry`) dispatches nothing.
    let mut parser = SseParser::default();
    parser
        .feed(b"id: 42\n\nretry: 10\n\n", |_| panic!("no data, no event"))
        .unwrap();
    // Neither is buffered: a long `id` line is skipped like an unknown field, not an error.
    let long = [b"id: ".as_slice(), &vec![b'7'; 1000], b"\ndata: x\n\n"].concat();
    let out = run(100, &[&long]);
    assert_eq!((out.result, pairs(&out)), (Ok(()), vec![t("", "x")]));
}

#[test]
fn heartbeat_comments() {
    let mut s = String::new();
    for c in 'A'..='E' {
        s.push_str(&format!(": ♥\ndata: {c}\n\n"));
    }
    s.push_str("event: done\ndata: ✔\n\n");
    let want = ["A", "B", "C", "D", "E"].map(|d| t("", d));
    let got = events_of(&[s.as_bytes()]);
    assert_eq!(got[..5], want);
    assert_eq!(got[5], done());
}

#[test]
fn multi_line_data_events() {
    let chunks: &[&[u8]] = &[
        b"event: stock\n",
        b"data: YHOO\n",
        b"data: +2\n",
        b"data: 10\n\n",
        b"event: stock\n",
        b"data: GOOG\n",
        b"data: -8\n",
        b"data: 1881\n\n",
    ];
    assert_eq!(
        events_of(chunks),
        [t("stock", "YHOO\n+2\n10"), t("stock", "GOOG\n-8\n1881")]
    );
}

#[test]
fn multibyte_characters_split_across_data_lines_and_feeds() {
    let lines = [
        "我現在都看實況不玩遊戲 🎮👾",
        "Ämne: Ölkonsumtion 🍺",
        "Ελληνικά 🏛️ ✔",
        "العربية ✌🏽",
    ];
    let mut chunks = Vec::new();
    let mut want = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        chunks.push(format!("id: {i}\n").into_bytes());
        let bytes = line.as_bytes();
        if i % 2 == 0 {
            // Split mid-character on purpose (byte 5 is inside the 2nd char of each line).
            let mut first = b"data:".to_vec();
            first.extend_from_slice(&bytes[..5]);
            chunks.push(first);
            let mut second = bytes[5..].to_vec();
            second.extend_from_slice(b"\n\n");
            chunks.push(second);
        } else {
            chunks.push(format!("data:{line}\n\n").into_bytes());
        }
        want.push(t("", line));
    }
    let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
    assert_eq!(events_of(&chunks), want);
}

#[test]
fn multibyte_with_empty_lines() {
    let got = events_of(&[
        "\n\n\n\nid: 1\ndata: 我現在都看實況不玩遊戲\n\n".as_bytes(),
        "event: done\ndata: ✔\n\n".as_bytes(),
    ]);
    assert_eq!(got, [t("", "我現在都看實況不玩遊戲"), t("done", "✔")]);
}

#[test]
fn leading_bom_then_bomless() {
    let got = events_of(&[
        b"\xEF\xBB\xBFdata: bomful 1\n\n",
        b"data: bomless 2\n\n",
        b"event: done\ndata: x\n\n",
    ]);
    assert_eq!(got, [t("", "bomful 1"), t("", "bomless 2"), t("done", "x")]);
}

#[test]
fn only_the_first_bom_is_skipped() {
    let chunks: &[&[u8]] = &[
        b"\xEF\xBB\xBFdata: bomful 1\n\n",
        b"\xEF\xBB\xBFdata: bomful 2\n\n",
        b"data: bomless 3\n\n",
    ];
    assert_eq!(events_of(chunks), [t("", "bomful 1"), t("", "bomless 3")]);
    // Two BOMs at the start: the second one is part of the first line's field name.
    assert_eq!(
        events_of(&[b"\xEF\xBB\xBF\xEF\xBB\xBFdata: a\n\ndata: b\n\n"]),
        [t("", "b")]
    );
}

#[test]
fn bom_split_across_feeds() {
    let body = "\u{FEFF}data: 😀\n\n".as_bytes();
    for cuts in [
        vec![1],
        vec![2],
        vec![3],
        vec![1, 2],
        vec![1, 2, 3],
        vec![0, 1, 1, 2, 2, 3],
    ] {
        assert_eq!(events_of(&cut(body, &cuts)), [t("", "😀")], "{cuts:?}");
    }
}

#[test]
fn incomplete_bom_is_text() {
    // EF BB then `d`: one U+FFFD and a line whose field name is not `data`.
    for cuts in [vec![], vec![1], vec![2], vec![1, 2]] {
        let body = b"\xEF\xBBdata: a\n\ndata: b\n\n";
        let out = run(DEFAULT_MAX_EVENT_BYTES, &cut(body, &cuts));
        assert_eq!(datas(&out), ["b"], "{cuts:?}");
    }
    // A body that is only part of a BOM gives no event and an empty window.
    for body in [&b"\xEF"[..], b"\xEF\xBB"] {
        let out = run_whole(body);
        assert!(out.events.is_empty());
        assert_eq!(out.final_window, 0);
    }
    // A BOM then a bare U+FEFF... is not at the start; `data` is not preceded by the BOM bytes.
    assert_eq!(datas(&run_whole(b"\xEF\xBB\xBF")), Vec::<String>::new());
}

#[test]
fn line_endings_cr_lf_crlf() {
    let cr: &[&[u8]] = &[
        b"data: dog\r",
        b"data: bark\r\r",
        b"data: cat\r",
        b"data: meow\r\r",
    ];
    assert_eq!(events_of(cr), [t("", "dog\nbark"), t("", "cat\nmeow")]);
    let lf: &[&[u8]] = &[
        b"data: cow\n",
        b"data: moo\n\n",
        b"data: horse\n",
        b"data: neigh\n\n",
    ];
    assert_eq!(events_of(lf), [t("", "cow\nmoo"), t("", "horse\nneigh")]);
    let crlf: &[&[u8]] = &[
        b"data: sheep\r\n",
        b"data: bleat\r\n\r\n",
        b"data: pig\r\n",
        b"data: oink\r\n\r\n",
    ];
    assert_eq!(events_of(crlf), [t("", "sheep\nbleat"), t("", "pig\noink")]);
}

#[test]
fn cr_at_end_of_feed_and_lf_at_start_of_next_is_one_line_end() {
    // eventsource-parser issue #17.
    let chunks: &[&[u8]] = &[b"data: A\r\n", b"data: B\r", b"\n", b"data: C\r\n", b"\n"];
    assert_eq!(events_of(chunks), [t("", "A\nB\nC")]);
    // A blank CR line ending a feed, its LF in the next: exactly one event.
    assert_eq!(events_of(&[b"data: one\r", b"\r", b"\n"]), [t("", "one")]);
    // A bare CR at the end of a feed followed by a non-LF: the next feed is a new line.
    assert_eq!(
        events_of(&[b"data: one\r", b"data: two\r\r"]),
        [t("", "one\ntwo")]
    );
    // An empty feed between CR and LF changes nothing.
    assert_eq!(
        events_of(&[b"data: a\r", b"", b"\ndata: b\n\n"]),
        [t("", "a\nb")]
    );
}

#[test]
fn comments_in_odd_places() {
    let long = ":".repeat(300);
    let moop = ": Moop \n".repeat(10);
    let chunks: Vec<&[u8]> = vec![
        b": Hello\n\n",
        long.as_bytes(),
        b"\n",
        b"data: First\n\n",
        ": Первый".as_bytes(),
        ": 第二".as_bytes(),
        b"\n",
        b"data: Second\n\n",
        moop.as_bytes(),
        ": ثالث".as_bytes(),
        b"\n",
        b"data: Third\n\n",
        ":നാലാമത്തെ".as_bytes(),
        b"\n",
        b"data: Fourth\n\n",
        ": 😀 🎉 👾 :".as_bytes(),
        b"\n",
        b"data: Fifth\n\n",
    ];
    let want = ["First", "Second", "Third", "Fourth", "Fifth"].map(|d| t("", d));
    assert_eq!(events_of(&chunks), want);
}

#[test]
fn even_more_odd_comments() {
    let long = "x".repeat(2 * 1024 + 1);
    let chunks: Vec<&[u8]> = vec![
        b"data:1\r\r:\0\n:\r\ndata:2\n\n:",
        long.as_bytes(),
        b"\rdata:3\n\n:data:fail\r:",
        long.as_bytes(),
        b"\ndata:4\n\n",
        b"data:5",
    ];
    let mut parser = SseParser::new(80);
    let mut fed = Vec::new();
    for c in &chunks {
        parser.feed(c, |ev| fed.push(text(ev.data))).unwrap();
    }
    assert_eq!(fed, ["1", "2", "3", "4"]);
    // eventsource-parser never emits `5` (no blank line); `finish` does.
    parser.finish(|ev| fed.push(text(ev.data))).unwrap();
    assert_eq!(fed, ["1", "2", "3", "4", "5"]);
    assert_eq!(datas(&run(80, &chunks)), ["1", "2", "3", "4", "5"]);
}

#[test]
fn empty_event_field() {
    let got = events_of(&[
        b"event:\ndata: Hello 1\n\n",
        b"event:\n\n",
        b"event: done\ndata: x\n\n",
    ]);
    assert_eq!(got, [t("", "Hello 1"), t("done", "x")]);
}

#[test]
fn oddly_shaped_data_fields() {
    assert_eq!(
        datas(&run_whole(b"data:\n\ndata\ndata\n\ndata:test\n\n")),
        ["", "\n", "test"]
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let got = events_of(&[
        b"data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n",
    ]);
    assert_eq!(got, [t("", "abc\n\n123")]);
    // Field names are case-sensitive and exact.
    assert!(events_of(&[b"Data: a\n\nDATA: b\n\ndata : c\n\ndatas: d\n\n"]).is_empty());
}

#[test]
fn no_event_without_data() {
    assert!(events_of(&[b"event: x\n\nid: 1\n\n: c\n\nretry: 1\n\n\n\n"]).is_empty());
    // The event type does not leak into the next block.
    assert_eq!(events_of(&[b"event: x\n\ndata: y\n\n"]), [t("", "y")]);
}

#[test]
fn dispatch_only_on_blank_line() {
    let mut parser = SseParser::default();
    let mut n = 0;
    parser
        .feed(b"data: a\ndata: b\nevent: e\nid: 1\n", |_| n += 1)
        .unwrap();
    assert_eq!(n, 0);
    parser.feed(b"\n", |_| n += 1).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn huge_message() {
    // ~10 MB of multi-byte data in one event, fed in uneven pieces.
    let line = "我現在都看實況不玩遊戲 😀 data with \u{2028} separators ".repeat(2000);
    let mut body = b": hello\n\n".to_vec();
    for _ in 0..40 {
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(line.as_bytes());
        body.push(b'\n');
    }
    body.extend_from_slice(b"\n: END-OF-STREAM\n\nevent: done\ndata: x\n\n");
    let pieces: Vec<&[u8]> = body.chunks(65_521).collect();
    let out = run(DEFAULT_MAX_EVENT_BYTES, &pieces);
    assert_eq!(out.result, Ok(()));
    assert_eq!(out.events.len(), 2);
    assert_eq!(out.events[0].segments, 40);
    assert_eq!(out.events[0].data.len(), 40 * line.len() + 39);
    assert_eq!(out.events[0].payload, vec![line.as_str(); 40].join("\n"));
    assert_eq!(text(&out.events[1].event), "done");
}

// ---------------------------------------------------------------------------------------------
// The cap
// ---------------------------------------------------------------------------------------------

#[test]
fn huge_line_without_newline_is_too_large_and_bounded() {
    let cap = 64 * 1024;
    let mut parser = SseParser::new(cap);
    parser.feed(b"data: ", |_| {}).unwrap();
    let piece = vec![b'x'; 4096];
    let mut fed = 6;
    let err = loop {
        match parser.feed(&piece, |_| panic!("no event")) {
            Ok(()) => fed += piece.len(),
            Err(e) => break e,
        }
        assert!(
            fed <= cap,
            "accepted {fed} bytes of one line with a cap of {cap}"
        );
    };
    assert_eq!(err, SseError::TooLarge);
    // Sticky: the parser stays failed.
    assert_eq!(
        parser.feed(b"\n\ndata: x\n\n", |_| panic!("no event")),
        Err(SseError::TooLarge)
    );
    assert_eq!(
        parser.finish(|_| panic!("no event")),
        Err(SseError::TooLarge)
    );
}

#[test]
fn huge_line_in_one_feed_is_too_large() {
    let mut body = b"data: ok\n\ndata: ".to_vec();
    body.extend(std::iter::repeat_n(b'y', 100));
    body.extend_from_slice(b"\n\n");
    let out = run(80, &[&body]);
    assert_eq!(out.result, Err(SseError::TooLarge));
    assert_eq!(datas(&out), ["ok"]);
    // The limit is on the line: exactly at the cap is fine.
    let line = format!("event: {}\n\n", "z".repeat(43));
    assert_eq!(run(50, &[line.as_bytes()]).result, Ok(()));
    let line = format!("event: {}\n\n", "z".repeat(44));
    assert_eq!(run(50, &[line.as_bytes()]).result, Err(SseError::TooLarge));
    // A data line's value and line end count in the event's window, with 64 more: 45 + 64.
    let line = format!("data: {}\n\n", "z".repeat(44));
    assert_eq!(run(109, &[line.as_bytes()]).result, Ok(()));
    assert_eq!(run(108, &[line.as_bytes()]).result, Err(SseError::TooLarge));
    // Also for `event` lines, and for a `data` line completed by `finish` (`id` and `retry`
    // lines are skipped unbuffered, like unknown fields: `id_and_retry_lines_are_ignored`).
    for body in [&b"event: 0123456789\n"[..], b"data: 0123456789"] {
        assert_eq!(
            run(10, &[body]).result,
            Err(SseError::TooLarge),
            "{}",
            text(body)
        );
    }
}

#[test]
fn many_data_lines_exceed_the_cap() {
    let mut parser = SseParser::new(100);
    let mut result = Ok(());
    let mut lines = 0;
    for i in 0..50 {
        result = parser.feed(format!("data: chunk-{i}\n").as_bytes(), |_| {
            panic!("no event")
        });
        if result.is_err() {
            break;
        }
        lines += 1;
    }
    assert_eq!(result, Err(SseError::TooLarge));
    // From `chunk-0`: after the first feed 8 units and 64 for its line; the second feed makes
    // 22 + 128 > 100.
    assert_eq!(lines, 1);
    // Up to the blank line that dispatches: 22 units and 2 * 64. Exactly at the cap is fine.
    let body = b"data: chunk-0\ndata: chunk-1\n\n";
    assert_eq!(datas(&run(150, &[body])).len(), 1);
    assert_eq!(run(149, &[body]).result, Err(SseError::TooLarge));
}

/// Every line of a pending event counts against the cap (what the JS text window must hold for
/// it), whatever its kind, and whatever the split; the same lines between events do not count.
#[test]
fn a_pending_event_holds_at_most_the_cap_comments_and_empty_lines_included() {
    let comment = format!(":{}\n", "c".repeat(40));
    let unknown = format!("x-field: {}\n", "u".repeat(40));
    for filler in [
        comment.as_str(),
        unknown.as_str(),
        "data\n",
        "data:\n",
        "event: e\n",
    ] {
        let mut body = b"data: open\n".to_vec();
        for _ in 0..100 {
            body.extend_from_slice(filler.as_bytes());
        }
        body.extend_from_slice(b"\n");
        // The window when the blank line ends the event (from `open` to before its line end)
        // and 64 per data line.
        let lines = if filler.starts_with("data") { 101 } else { 1 };
        let len = body.len() - "data: ".len() - 1 + 64 * lines;
        let pieces: Vec<&[u8]> = body.chunks(3).collect();
        for (n, p) in [(body.len(), vec![&body[..]]), (3, pieces)] {
            assert_eq!(run(len, &p).result, Ok(()), "{filler:?} at the cap");
            let out = run(len - 1, &p);
            assert_eq!(out.result, Err(SseError::TooLarge), "{filler:?}");
            // What JS held: at most the cap and the piece that crossed it.
            assert!(
                out.max_window <= len - 1 + n - 64 * lines,
                "{filler:?}: window {}",
                out.max_window
            );
        }
        // Between events the same lines (but data lines: they open an event) are dropped as
        // they stream.
        let mut body = Vec::new();
        for _ in 0..100 {
            body.extend_from_slice(filler.as_bytes());
            body.extend_from_slice(b"data: x\n\n");
        }
        let between = if lines == 1 {
            Ok(())
        } else {
            Err(SseError::TooLarge)
        };
        assert_eq!(run(80, &[&body]).result, between, "{filler:?}");
    }
    // An open event, then an endless comment line: the error comes while the line streams.
    let mut parser = SseParser::new(1 << 16);
    parser.feed(b"data: {\"x\":1}\n:", |_| {}).unwrap();
    let piece = [b'c'; 4096];
    let mut fed = 0;
    let result = loop {
        if let Err(e) = parser.feed(&piece, |_| {}) {
            break e;
        }
        fed += piece.len();
        assert!(fed <= 1 << 16, "no error after {fed} bytes");
    };
    assert_eq!(result, SseError::TooLarge);
    assert!(fed >= (1 << 16) - 4096, "{fed}");
}

#[test]
fn cap_not_reached_when_events_dispatch() {
    let mut parser = SseParser::new(128);
    let mut n = 0;
    for i in 0..100 {
        parser
            .feed(format!("data: {i}\n\n").as_bytes(), |_| n += 1)
            .unwrap();
    }
    assert_eq!(n, 100);
}

#[test]
fn ignored_lines_are_not_buffered_whatever_their_length() {
    // Each of these would exceed the 80-byte cap if it were buffered.
    let cases: &[&[&[u8]]] = &[
        &[
            b"unknown-field",
            b": this content is ignored even without a terminator",
            b"\ndata: ok\n\n",
        ],
        &[
            b"datax",
            b": this started like data, but is not a valid field",
            b"\ndata: ok\n\n",
        ],
        &[
            b"::::::::::::::::::::::::::::::::::::::::",
            b"this content is ignored",
            b"\ndata: ok\n\n",
        ],
        &[b": a comment that is longer than the cap, in one feed\ndata: ok\n\n"],
        &[b"x-unknown: a field that is longer than the cap, in one feed\ndata: ok\n\n"],
    ];
    for chunks in cases {
        assert_eq!(datas(&run(80, chunks)), ["ok"]);
    }
    assert_eq!(datas(&run(80, &[b"da", b"ta\n\n"])), [""]);
}

#[test]
fn ignored_lines_split_around_line_ends() {
    let cases: &[(&[&[u8]], &str)] = &[
        (&[b"data: one\n:", b"ignored\r\ndata: two\n\n"], "one\ntwo"),
        (
            &[b"data: one\n:", b"ignored\r", b"\ndata: two\n\n"],
            "one\ntwo",
        ),
        (
            &[b"data: one\n:", b"ignored\r", b"data: two\n\n"],
            "one\ntwo",
        ),
        (&[b"data: one\n:ignored\r", b"data: two\n\n"], "one\ntwo"),
        (&[b"data: one\n:ignored\r", b"\ndata: two\n\n"], "one\ntwo"),
        (&[b"data: one\ndata\r", b"\ndata: two\n\n"], "one\n\ntwo"),
        (&[b"garbage\r", b"data: ok\n\n"], "ok"),
    ];
    // Ignored lines are not buffered as lines; inside the pending event they count in its
    // window (24 units at most here, and 64 per data line).
    for (chunks, want) in cases {
        assert_eq!(datas(&run(24 + 3 * 64, chunks)), [*want], "{chunks:?}");
    }
}

#[test]
fn fragment_overflow_without_terminator() {
    let mut parser = SseParser::new(24);
    parser.feed(b"data: short", |_| {}).unwrap();
    assert_eq!(
        parser.feed(b" and now too long", |_| {}),
        Err(SseError::TooLarge)
    );
}

#[test]
fn overflow_after_earlier_events_keeps_them() {
    let mut body = b"data: a\n\ndata: b\n\n".to_vec();
    body.extend_from_slice(b"data:");
    body.extend(std::iter::repeat_n(b'q', 104));
    for pieces in [
        vec![&body[..]],
        body.chunks(1).collect(),
        body.chunks(7).collect(),
    ] {
        let out = run(80, &pieces);
        assert_eq!(out.result, Err(SseError::TooLarge));
        assert_eq!(datas(&out), ["a", "b"]);
    }
}

// ---------------------------------------------------------------------------------------------
// The end of the body
// ---------------------------------------------------------------------------------------------

#[test]
fn finish_delivers_the_last_event_without_blank_line() {
    let mut parser = SseParser::default();
    let mut got = Vec::new();
    parser
        .feed(b"data: a\n\ndata: b\n", |ev| got.push(text(ev.data)))
        .unwrap();
    assert_eq!(got, ["a"]);
    parser.finish(|ev| got.push(text(ev.data))).unwrap();
    assert_eq!(got, ["a", "b"]);
}

#[test]
fn finish_treats_an_unterminated_line_as_complete() {
    assert_eq!(
        pairs(&run_whole(b"id: 7\nevent: e\ndata: {\"x\":1}")),
        [t("e", "{\"x\":1}")]
    );
    assert_eq!(datas(&run_whole(b"data: a\ndata")), ["a\n"]);
    assert_eq!(datas(&run_whole(b"data: a\r")), ["a"]);
    // A trailing comment or unknown field changes nothing.
    assert_eq!(datas(&run_whole(b"data: a\n: bye")), ["a"]);
    assert!(run_whole(b"event: e").events.is_empty());
    assert!(run_whole(b"").events.is_empty());
}

#[test]
fn finish_flushes_a_truncated_utf8_sequence() {
    for body in [
        &b"data: \xF0\x9F\x98"[..],
        b"data: \xF0\x9F\x98\n",
        b"data: \xE2",
    ] {
        let out = run_whole(body);
        assert_eq!(out.events[0].payload, "\u{FFFD}", "{body:x?}");
    }
}

#[test]
fn utf8_split_across_feeds() {
    let body = "data: a😀b€c\u{2028}d\n\n".as_bytes();
    for at in 6..body.len() {
        for at2 in at..body.len() {
            assert_eq!(
                events_of(&cut(body, &[at, at2])),
                [t("", "a😀b€c\u{2028}d")]
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Spans and the text window
// ---------------------------------------------------------------------------------------------

#[test]
fn spans_count_utf16_units() {
    let mut parser = SseParser::default();
    let mut spans = Vec::new();
    parser
        .feed("data: 😀\ndata:é\r\n: c\ndata\n\n".as_bytes(), |ev| {
            spans = ev.segments.to_vec()
        })
        .unwrap();
    let s: Vec<(u32, u32)> = spans.iter().map(|s| (s.start, s.end)).collect();
    // "data: 😀\n" = 6 + 2 + 1 units; "data:é\r\n" = 5 + 1 + 2; ": c\n" = 4; "data".
    assert_eq!(s, [(6, 8), (14, 15), (25, 25)]);
    assert_eq!(parser.take_discard(), 27);
}

#[test]
fn spans_skip_the_bom() {
    let mut parser = SseParser::default();
    let mut spans = Vec::new();
    parser
        .feed(b"\xEF\xBB\xBFdata: x\n\n", |ev| {
            spans = ev.segments.to_vec()
        })
        .unwrap();
    assert_eq!((spans[0].start, spans[0].end), (6, 7));
}

#[test]
fn discard_keeps_the_pending_event_and_the_partial_line() {
    let mut parser = SseParser::default();
    parser.feed(b"data: 12345\n\nda", |_| {}).unwrap();
    // The first event is done; "da" may start a data line.
    assert_eq!(parser.take_discard(), 13);
    parser.feed(b"ta: abc\ndata: de", |_| {}).unwrap();
    // The pending event's first value starts 6 units into the window.
    assert_eq!(parser.take_discard(), 6);
    let mut spans = Vec::new();
    parser
        .feed(b"f\n\n", |ev| {
            spans = ev.segments.iter().map(|s| (s.start, s.end)).collect()
        })
        .unwrap();
    // Window now: "abc\ndata: def\n\n".
    assert_eq!(spans, [(0, 3), (10, 13)]);
    assert_eq!(parser.take_discard(), 15);
    assert_eq!(parser.take_discard(), 0);
}

#[test]
fn discard_drops_ignored_lines_while_they_stream() {
    let mut body = b"data: a\n\n:".to_vec();
    body.extend(std::iter::repeat_n(b'c', 1_000_000));
    body.extend_from_slice(b"\ndata: b\n\n");
    let pieces: Vec<&[u8]> = body.chunks(4096).collect();
    let out = run(DEFAULT_MAX_EVENT_BYTES, &pieces);
    assert_eq!(datas(&out), ["a", "b"]);
    assert!(
        out.max_window <= 2 * 4096,
        "window grew to {}",
        out.max_window
    );
}

#[test]
fn window_stays_small_on_a_long_stream() {
    let f = FIXTURES
        .iter()
        .find(|f| f.name == "chat_thinking.sse")
        .unwrap();
    let body = f.bytes.repeat(500);
    for size in [1, 7, 100, 4096] {
        let pieces: Vec<&[u8]> = body.chunks(size).collect();
        let out = run(DEFAULT_MAX_EVENT_BYTES, &pieces);
        assert_eq!(out.events.len(), 500 * f.events.len());
        // At most one event's line (~300 units) plus one piece stays in the window.
        assert!(
            out.max_window <= 400 + size,
            "piece size {size}: window grew to {}",
            out.max_window
        );
        assert_eq!(out.final_window, 0);
    }
}

#[test]
fn spans_are_relative_to_the_window_start() {
    // Without discarding, spans are global offsets; with it, JS slices still work (checked in
    // `run`). Here: the second event's span moves by exactly the discarded amount.
    let body = b"data: first\n\ndata: second\n\n";
    let mut a = SseParser::default();
    let mut spans_a = Vec::new();
    a.feed(body, |ev| spans_a.push(ev.segments[0])).unwrap();
    let mut b = SseParser::default();
    let mut spans_b = Vec::new();
    b.feed(&body[..13], |ev| spans_b.push(ev.segments[0]))
        .unwrap();
    let k = b.take_discard();
    b.feed(&body[13..], |ev| spans_b.push(ev.segments[0]))
        .unwrap();
    assert_eq!(k, 13);
    assert_eq!(spans_a[0], spans_b[0]);
    assert_eq!(spans_a[1].start - k, spans_b[1].start);
    assert_eq!(spans_a[1].end - k, spans_b[1].end);
}
