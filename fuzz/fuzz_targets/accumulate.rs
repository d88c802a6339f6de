//! `ChatAccumulator` under a small limit, on arbitrary chunks in arbitrary order.
//!
//! Input: `[k, payloads..]`: the limit is `k * 64` bytes (0 to 16 KiB), the payloads are the
//! rest split at `\n` (like the `.jsonl` seeds), pushed in order; the same payloads are also
//! pushed in reverse order (choices and tool calls arrive in any order). Checks, each way:
//!
//! * no panic, and the JSON is always valid per `json::is_valid`, full or not;
//! * the limit bounds what is kept: the JSON is at most three times the limit plus a constant
//!   (each byte it holds is a kept value byte or part of an entry, an entry counts at least its
//!   JSON, and an invalid UTF-8 byte kept becomes a 3-byte U+FFFD in the text);
//! * under the limit the result is exactly that of a roomy accumulator (the cap changes nothing
//!   it did not stop), and once full it stays full.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zai_wasm::accumulate::ChatAccumulator;
use zai_wasm::json;

/// The roomy accumulator's limit: far above what a fuzz input holds, yet an absurd `index`
/// (its slot table) stops it instead of exhausting memory.
const ROOMY: usize = 1 << 20;

fn check(limit: usize, chunks: &[&[u8]]) {
    let mut small = ChatAccumulator::with_limit(limit);
    let mut roomy = ChatAccumulator::with_limit(ROOMY);
    let mut was_full = false;
    for c in chunks {
        small.push(c);
        roomy.push(c);
        assert!(!was_full || small.is_full(), "full, then not full");
        was_full = small.is_full();
    }
    let (a, b) = (small.to_json(), roomy.to_json());
    assert!(json::is_valid(a.as_bytes()), "invalid JSON: {a}");
    assert!(json::is_valid(b.as_bytes()), "invalid JSON: {b}");
    assert!(
        a.len() <= 3 * limit + 256,
        "{} bytes of JSON under a limit of {limit}",
        a.len()
    );
    if !small.is_full() && !roomy.is_full() {
        assert_eq!(a, b, "the limit changed a result it did not stop");
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&k, rest)) = input.split_first() else {
        return;
    };
    let limit = usize::from(k) * 64;
    let mut chunks: Vec<&[u8]> = rest.split(|&b| b == b'\n').collect();
    check(limit, &chunks);
    chunks.reverse();
    check(limit, &chunks);
});
