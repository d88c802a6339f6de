//! Property tests over random valid chat transcripts (deterministic PRNG, `tests/support/rng.rs`).
//!
//! Each transcript is a random chat completion stream: content mixing ASCII, CJK, emoji,
//! escapes (`\"`, `\\`, `\n`, `\uXXXX`, surrogate-pair escapes) and raw U+2028/U+2029;
//! reasoning; tool-call fragments; then serialised to SSE with random CR / LF / CRLF line ends,
//! comments, `id:` and `event: message` lines, payloads spread over several `data:` lines, an
//! optional BOM and an optional missing final blank line. For each one:
//!
//! * every way of splitting the byte stream (many random splits, and 1-byte pieces) yields the
//!   same events as the whole stream, and those are exactly the payloads the test wrote;
//! * the chat `StreamDecoder` accumulates, at every split, the non-stream answer the test
//!   built independently; both are compared structurally, read back with serde_json
//!   (`tests/support/json.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
// Native only: the JSON reader (tests/support/json.rs) uses a host dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use zai_wasm::resources::StreamKind;
use zai_wasm::sse::SseParser;
use zai_wasm::stream::StreamDecoder;

#[path = "support/json.rs"]
mod json;
#[path = "support/rng.rs"]
mod rng;
use json::{parse, Json as V};
use rng::Rng;

// ------------------------------------------------------------------------------ JSON values

fn obj(members: &[(&str, V)]) -> V {
    V::Obj(
        members
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn s(text: &str) -> V {
    V::Str(text.to_owned())
}

// ------------------------------------------------------------------------------ serialising

/// Writes `v` as JSON with random escapes; `\n` (JSON whitespace) may appear between tokens,
/// where the SSE writer starts a new `data:` line.
fn write(v: &V, rng: &mut Rng, out: &mut String) {
    let gap = |rng: &mut Rng, out: &mut String| {
        if rng.chance(8) {
            out.push_str(rng.pick(&["\n", " ", "\n ", "\t"]));
        }
    };
    match v {
        V::Null => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Num(n) => out.push_str(&n.to_string()),
        V::Str(text) => write_str(text, rng, out),
        V::Arr(a) => {
            out.push('[');
            for (n, item) in a.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                gap(rng, out);
                write(item, rng, out);
            }
            out.push(']');
        }
        V::Obj(m) => {
            out.push('{');
            for (n, (k, item)) in m.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                gap(rng, out);
                // Keys are written plainly: the accumulator matches member names on their raw
                // bytes (a service never escapes ASCII letters in a key).
                out.push('"');
                out.push_str(k);
                out.push('"');
                out.push(':');
                gap(rng, out);
                write(item, rng, out);
            }
            gap(rng, out);
            out.push('}');
        }
    }
}

fn write_str(text: &str, rng: &mut Rng, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        let escape = rng.chance(6);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str(if escape { "\\u000a" } else { "\\n" }),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            '/' if escape => out.push_str("\\/"),
            c if escape || (c as u32 > 0x7F && rng.chance(10)) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{:04X}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ------------------------------------------------------------------------------ transcripts

const PIECES: &[&str] = &[
    "Hello",
    " world",
    "!",
    "你好",
    "，世界",
    "🌍",
    "👩‍💻",
    "😀😀",
    "\u{2028}",
    "\u{2029}",
    "\"quoted\"",
    "back\\slash",
    "a\nb",
    "tab\there",
    "\u{1}",
    "/path/",
    "é",
    "ß",
    "\u{FEFF}",
    "data: x",
    ": not a comment",
    "\r\n",
    "[DONE]",
    "{\"json\":1}",
    " ",
    "e\u{301}",
];

/// Random text of whole characters.
fn text(rng: &mut Rng, max_pieces: usize) -> String {
    let n = 1 + rng.below(max_pieces);
    (0..n).map(|_| rng.pick(PIECES)).collect()
}

/// A random transcript: the chunk values and the non-stream answer they must accumulate to.
struct Transcript {
    chunks: Vec<V>,
    expected: V,
}

fn transcript(rng: &mut Rng, n: usize) -> Transcript {
    let id = format!("2025{n:08}de064dedfa4b68");
    let top = |delta: V, extra: Vec<(&str, V)>| {
        let mut choice = vec![("index", V::num("0"))];
        choice.extend(extra);
        choice.push(("delta", delta));
        obj(&[
            ("id", s(&id)),
            ("created", V::num("1757852265")),
            ("model", s("glm-4.6")),
            ("choices", V::Arr(vec![obj(&choice)])),
        ])
    };
    let mut chunks = Vec::new();
    let (mut content, mut reasoning) = (String::new(), None::<String>);
    // Reasoning first, sometimes.
    if rng.chance(50) {
        let mut r = String::new();
        for k in 0..1 + rng.below(4) {
            let piece = text(rng, 3);
            r.push_str(&piece);
            let mut delta = vec![("role", s("assistant"))];
            if k == 0 && rng.chance(50) {
                delta.push(("content", s("")));
            }
            delta.push(("reasoning_content", V::Str(piece)));
            chunks.push(top(obj(&delta), vec![]));
        }
        reasoning = Some(r);
    }
    for _ in 0..rng.below(6) {
        let piece = text(rng, 4);
        content.push_str(&piece);
        let delta = if rng.chance(50) {
            obj(&[("role", s("assistant")), ("content", V::Str(piece))])
        } else {
            obj(&[("content", V::Str(piece))])
        };
        chunks.push(top(delta, vec![]));
    }
    // Tool calls: a head fragment per call, then interleaved argument pieces.
    let mut calls: Vec<(String, String, String)> = Vec::new();
    let n_calls = if rng.chance(40) { 1 + rng.below(3) } else { 0 };
    for k in 0..n_calls {
        let (call_id, name) = (format!("call_{n}_{k}"), format!("tool_{k}"));
        let head = obj(&[
            ("index", V::num(&k.to_string())),
            ("id", s(&call_id)),
            ("type", s("function")),
            ("function", obj(&[("name", s(&name)), ("arguments", s(""))])),
        ]);
        chunks.push(top(obj(&[("tool_calls", V::Arr(vec![head]))]), vec![]));
        calls.push((call_id, name, String::new()));
    }
    for _ in 0..n_calls * 3 {
        let k = rng.below(n_calls);
        let piece = format!(
            "{{\"city\":\"{}\"}}",
            text(rng, 2).replace(['"', '\\'], "'")
        );
        calls[k].2.push_str(&piece);
        let frag = obj(&[
            ("index", V::num(&k.to_string())),
            ("function", obj(&[("arguments", V::Str(piece))])),
        ]);
        chunks.push(top(obj(&[("tool_calls", V::Arr(vec![frag]))]), vec![]));
    }
    let finish = if n_calls > 0 {
        "tool_calls"
    } else {
        rng.pick(&["stop", "length", "sensitive"])
    };
    let usage = obj(&[
        ("prompt_tokens", V::num("8")),
        ("completion_tokens", V::num(&chunks.len().to_string())),
        ("total_tokens", V::num(&(8 + chunks.len()).to_string())),
    ]);
    let mut last = top(
        obj(&[("content", s(""))]),
        vec![("finish_reason", s(finish))],
    );
    if let V::Obj(m) = &mut last {
        m.push(("usage".into(), usage.clone()));
    }
    chunks.push(last);

    let mut message = vec![("role", s("assistant")), ("content", V::Str(content))];
    if let Some(r) = reasoning {
        message.push(("reasoning_content", V::Str(r)));
    }
    if !calls.is_empty() {
        let list = calls
            .iter()
            .map(|(call_id, name, args)| {
                obj(&[
                    ("id", s(call_id)),
                    ("type", s("function")),
                    (
                        "function",
                        obj(&[("name", s(name)), ("arguments", s(args))]),
                    ),
                ])
            })
            .collect();
        message.push(("tool_calls", V::Arr(list)));
    }
    let expected = obj(&[
        ("id", s(&id)),
        ("created", V::num("1757852265")),
        ("model", s("glm-4.6")),
        (
            "choices",
            V::Arr(vec![obj(&[
                ("index", V::num("0")),
                ("finish_reason", s(finish)),
                ("message", obj(&message)),
            ])]),
        ),
        ("usage", usage),
    ]);
    Transcript { chunks, expected }
}

/// One expected event: `(event, data, id)`.
type Ev = (Vec<u8>, Vec<u8>);

/// Serialises the payloads as an SSE body with random framing; returns it and its events.
/// `seen` counts the framing features used.
fn sse_body(
    payloads: &[String],
    rng: &mut Rng,
    seen: &mut BTreeMap<&'static str, usize>,
) -> (Vec<u8>, Vec<Ev>) {
    let mut body = Vec::new();
    let mut events = Vec::new();
    let mut see = |what| *seen.entry(what).or_insert(0) += 1;
    if rng.chance(15) {
        body.extend_from_slice(b"\xEF\xBB\xBF");
        see("bom");
    }
    // After a CR ending a line, a LF would only complete that line end: pick CR or CRLF.
    let eol = |rng: &mut Rng, body: &mut Vec<u8>| {
        let after_cr = body.last() == Some(&b'\r');
        let choices: &[&[u8]] = if after_cr {
            &[b"\r\n", b"\r"]
        } else {
            &[b"\n", b"\r\n", b"\r"]
        };
        body.extend_from_slice(rng.pick(choices));
    };
    let last = payloads.len() - 1;
    for (n, payload) in payloads.iter().enumerate() {
        if rng.chance(20) {
            body.extend_from_slice(rng.pick(&[&b": keep-alive"[..], b":", b": ping \xE4\xBD\xA0"]));
            eol(rng, &mut body);
            see("comment");
        }
        let mut event = Vec::new();
        if rng.chance(10) {
            body.extend_from_slice(b"event: message");
            eol(rng, &mut body);
            see("event: message");
            event = b"message".to_vec();
        }
        if rng.chance(15) {
            // Ignored by the parser (the client never reconnects), like any unknown field.
            body.extend_from_slice(b"id: ");
            body.extend_from_slice(n.to_string().as_bytes());
            eol(rng, &mut body);
            see("id");
        }
        if payload.contains('\n') {
            see("multi-line data");
        }
        for line in payload.split('\n') {
            let bare = !line.starts_with(' ') && rng.chance(30);
            body.extend_from_slice(if bare { b"data:" } else { b"data: " });
            body.extend_from_slice(line.as_bytes());
            eol(rng, &mut body);
            if rng.chance(5) {
                body.extend_from_slice(b": between data lines");
                eol(rng, &mut body);
            }
        }
        events.push((event, payload.as_bytes().to_vec()));
        if n < last || rng.chance(70) {
            eol(rng, &mut body); // the blank line; the last one is sometimes missing
        } else {
            see("no final blank line");
        }
    }
    (body, events)
}

// ------------------------------------------------------------------------------ runs

fn cuts(rng: &mut Rng, len: usize) -> Vec<usize> {
    let mut c: Vec<usize> = (0..1 + rng.below(12)).map(|_| rng.below(len + 1)).collect();
    c.sort_unstable();
    c
}

fn pieces<'a>(body: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut from = 0;
    for &at in cuts {
        out.push(&body[from..at]);
        from = at;
    }
    out.push(&body[from..]);
    out
}

fn events(pieces: &[&[u8]]) -> Vec<Ev> {
    let mut p = SseParser::default();
    let mut out = Vec::new();
    for piece in pieces {
        p.feed(piece, |e| out.push((e.event.to_vec(), e.data.to_vec())))
            .unwrap();
        p.take_discard();
    }
    p.finish(|e| out.push((e.event.to_vec(), e.data.to_vec())))
        .unwrap();
    out
}

/// The chat decoder's final completion for the body fed in `pieces`.
fn completion(pieces: &[&[u8]]) -> String {
    let mut d = StreamDecoder::new(StreamKind::Chat);
    for piece in pieces {
        d.feed(piece).unwrap();
    }
    d.finish().unwrap();
    assert!(d.is_over() && d.take_error().is_none(), "no [DONE] seen");
    d.final_completion()
}

const TRANSCRIPTS: usize = 400;
const SPLITS_PER_TRANSCRIPT: usize = 40;

#[test]
fn random_transcripts_give_the_same_events_and_answer_at_every_split() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut checked = 0;
    for n in 0..TRANSCRIPTS {
        let t = transcript(&mut rng, n);
        let mut payloads: Vec<String> = t
            .chunks
            .iter()
            .map(|c| {
                let mut out = String::new();
                write(c, &mut rng, &mut out);
                out
            })
            .collect();
        for (p, chunk) in payloads.iter().zip(&t.chunks) {
            assert_eq!(&parse(p).unwrap(), chunk, "the writer round-trips");
        }
        payloads.push("[DONE]".into());
        let (body, want) = sse_body(&payloads, &mut rng, &mut BTreeMap::new());
        let expected = t.expected.unordered();

        let whole = events(&[&body]);
        let show = |e: &Ev| {
            let t = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            (t(&e.0), t(&e.1))
        };
        assert_eq!(whole.len(), want.len(), "transcript {n}: number of events");
        for (k, (a, b)) in whole.iter().zip(&want).enumerate() {
            assert_eq!(show(a), show(b), "transcript {n}: event {k}");
        }
        let answer = completion(&[&body]);
        assert_eq!(
            parse(&answer).unwrap().unordered(),
            expected,
            "transcript {n}: {answer}"
        );

        for _ in 0..SPLITS_PER_TRANSCRIPT {
            let c = cuts(&mut rng, body.len());
            let p = pieces(&body, &c);
            assert_eq!(events(&p), whole, "transcript {n} cut at {c:?}");
            assert_eq!(completion(&p), answer, "transcript {n} cut at {c:?}");
            checked += 1;
        }
        if n % 20 == 0 {
            let bytes: Vec<&[u8]> = body.chunks(1).collect();
            assert_eq!(events(&bytes), whole, "transcript {n} byte by byte");
            assert_eq!(completion(&bytes), answer, "transcript {n} byte by byte");
        }
    }
    assert_eq!(checked, TRANSCRIPTS * SPLITS_PER_TRANSCRIPT);
}

#[test]
fn the_generator_covers_the_interesting_cases() {
    // Guards the property above against a generator that silently stopped producing a feature.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seen = BTreeMap::new();
    for n in 0..TRANSCRIPTS {
        let t = transcript(&mut rng, n);
        let mut payloads: Vec<String> = t
            .chunks
            .iter()
            .map(|c| {
                let mut out = String::new();
                write(c, &mut rng, &mut out);
                out
            })
            .collect();
        payloads.push("[DONE]".into());
        let (body, _) = sse_body(&payloads, &mut rng, &mut seen);
        let all = payloads.concat();
        let has = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
        for (what, hit) in [
            ("crlf", has(b"\r\n")),
            (
                "lone cr",
                body.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n'),
            ),
            (
                "lone lf",
                body.windows(2).any(|w| w[0] != b'\r' && w[1] == b'\n'),
            ),
            ("u2028 raw", all.contains('\u{2028}')),
            (
                "surrogate escape",
                all.contains("\\uD83C") || all.contains("\\uD83D"),
            ),
            ("emoji raw", all.contains('🌍')),
            ("cjk", all.contains('你')),
            ("escaped quote", all.contains("\\\"")),
            ("reasoning", all.contains("reasoning_content")),
            ("tool calls", all.contains("tool_calls")),
        ] {
            *seen.entry(what).or_insert(0) += usize::from(hit);
        }
    }
    for (what, count) in &seen {
        assert!(*count > 0, "the generator never produced: {what}");
    }
}
