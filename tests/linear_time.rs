//! Time is linear in the input wherever a server controls its size (issue 14): each input is
//! scaled 1×/4×/16× and the time of the 16× input must stay within 64× the 1× time (a quadratic
//! step would take ~256×). Each figure is the best of five runs; the figures are printed.
// Native tests of the core (private on wasm32).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Mutex;
use std::time::{Duration, Instant};

use zai_wasm::accumulate::ChatAccumulator;
use zai_wasm::sse::SseParser;

/// Times `run(&make(n))` (the best of five runs; `make` is not timed) for n = base, 4·base and
/// 16·base, and checks the growth is linear (generously: 64× for 16× the input). Linear code
/// measures 20-40× here when the 16× input outgrows the caches (64,000 choices), and a loaded
/// machine adds to that: 40× failed a clean-clone run of linear code (40.5×); quadratic is 256×.
fn linear<I>(what: &str, base: usize, make: impl Fn(usize) -> I, run: impl Fn(&I)) {
    // One measurement at a time: the tests of this file would otherwise share the cores.
    static SERIAL: Mutex<()> = Mutex::new(());
    let _one = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let times: Vec<Duration> = [1, 4, 16]
        .iter()
        .map(|k| {
            let input = make(base * k);
            (0..5)
                .map(|_| {
                    let t0 = Instant::now();
                    run(&input);
                    t0.elapsed()
                })
                .min()
                .unwrap()
        })
        .collect();
    let floor = Duration::from_micros(200);
    let ratio = times[2].as_secs_f64() / times[0].max(floor).as_secs_f64();
    println!("{what}: 1x/4x/16x of {base}: {times:?} (16x/1x = {ratio:.1})");
    assert!(
        ratio <= 64.0,
        "{what}: 16x the input took {ratio:.1}x the time: {times:?}"
    );
}

/// Feeds `body` in 4 KiB pieces the way the JS binding does (discarding after each feed);
/// returns the number of events.
fn sse(body: &[u8]) -> usize {
    let mut p = SseParser::new(usize::MAX / 2);
    let mut n = 0;
    for piece in body.chunks(4096) {
        p.feed(piece, |_| n += 1).unwrap();
        p.take_discard();
    }
    p.finish(|_| n += 1).unwrap();
    n
}

#[test]
fn sse_long_data_line() {
    let make = |n| {
        let mut body = b"data: ".to_vec();
        body.resize(n, b'x');
        body.extend_from_slice(b"\n\n");
        body
    };
    linear("one long data line", 1 << 20, make, |b| {
        assert_eq!(sse(b), 1)
    });
}

#[test]
fn sse_long_event_field_and_comment_in_an_event() {
    let make = |n| {
        let mut body = b"event: ".to_vec();
        body.resize(n, b'e');
        body.extend_from_slice(b"\ndata: x\n:");
        body.resize(2 * n, b'c');
        body.extend_from_slice(b"\n\n");
        body
    };
    let what = "a long event: field, then a long comment in an open event";
    linear(what, 1 << 20, make, |b| assert_eq!(sse(b), 1));
}

#[test]
fn sse_many_empty_data_lines_in_one_event() {
    let make = |n| {
        let mut body = b"data: x\n".to_vec();
        body.extend_from_slice(&b"data:\n".repeat(n / 2));
        body.extend_from_slice(&b"data\n".repeat(n / 2));
        body.extend_from_slice(b"\n");
        body
    };
    linear("empty data lines in one event", 100_000, make, |b| {
        assert_eq!(sse(b), 1)
    });
}

/// The chunks of `n` choices (or tool calls of choice 0) with indexes in `order`, in one chunk or
/// one per chunk.
fn chunks(n: usize, order: &str, tool_calls: bool, one_chunk: bool) -> Vec<String> {
    let mut idx: Vec<usize> = (0..n).collect();
    match order {
        "descending" => idx.reverse(),
        "shuffled" => {
            let mut x = 0x9E37_79B9_7F4A_7C15u64;
            for i in (1..n).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                idx.swap(i, (x % (i as u64 + 1)) as usize);
            }
        }
        _ => {}
    }
    let item = |i: usize| {
        if tool_calls {
            format!(r#"{{"index":{i},"id":"c{i}","function":{{"name":"f","arguments":"{{}}"}}}}"#)
        } else {
            format!(r#"{{"index":{i},"delta":{{"content":"c{i}"}}}}"#)
        }
    };
    let wrap = |items: String| {
        if tool_calls {
            format!(r#"{{"choices":[{{"index":0,"delta":{{"tool_calls":[{items}]}}}}]}}"#)
        } else {
            format!(r#"{{"choices":[{items}]}}"#)
        }
    };
    if one_chunk {
        let items: Vec<String> = idx.iter().map(|&i| item(i)).collect();
        vec![wrap(items.join(","))]
    } else {
        idx.iter().map(|&i| wrap(item(i))).collect()
    }
}

/// Accumulates `chunks`; checks the output is in index order.
fn merge(chunks: &[String]) {
    let mut acc = ChatAccumulator::with_limit(usize::MAX / 2);
    for c in chunks {
        acc.push(c.as_bytes());
    }
    assert!(!acc.is_full());
    let json = acc.to_json();
    let (first, second) = (json.find("\"c0\"").unwrap(), json.find("\"c1\"").unwrap());
    assert!(first < second);
}

#[test]
fn choices_merge_in_any_order() {
    for order in ["ascending", "descending", "shuffled"] {
        for one_chunk in [true, false] {
            let what = format!("{order} choices, one chunk: {one_chunk}");
            let make = |n| chunks(n, order, false, one_chunk);
            linear(&what, 4_000, make, |c| merge(c));
        }
    }
}

#[test]
fn tool_calls_merge_in_any_order() {
    for order in ["ascending", "descending", "shuffled"] {
        let what = format!("{order} tool calls");
        linear(
            &what,
            4_000,
            |n| chunks(n, order, true, false),
            |c| merge(c),
        );
    }
}
