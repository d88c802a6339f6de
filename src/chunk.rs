//! Classification of one server-sent event of a Z.AI stream (zai-api.md A.8, §1.6).
//!
//! Every dispatched event goes through [`classify`] once, so the common case (an ordinary
//! data chunk) costs one trim and one fast scan for `"error"`; the member walk only happens
//! when the payload contains `"error"` at all.
//!
//! ```
//! use zai_wasm::chunk::{classify, Chunk};
//!
//! let data = br#"{"id":"1","choices":[{"index":0,"delta":{"content":"an error"}}]}"#;
//! assert_eq!(classify(b"message", data), Chunk::Data);
//! assert_eq!(classify(b"message", b"[DONE]"), Chunk::Done);
//! assert_eq!(classify(b"message", br#"{"error":{"code":"1113","message":"..."}}"#), Chunk::Error);
//! assert_eq!(classify(b"error", br#"{"request_id":"x"}"#), Chunk::Error);
//! assert_eq!(classify(b"message", b"  \n"), Chunk::Skip);
//! ```

use crate::json;

/// What one event of a stream means for the consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// Nothing to deliver (empty or whitespace-only data).
    Skip,
    /// `[DONE]`: the stream ends.
    Done,
    /// A data payload to hand to `JSON.parse` (not checked to be valid JSON).
    Data,
    /// An error frame: `event: error`, or a top-level `error` member that is not `null`/`false`.
    Error,
}

/// Classifies one event from its `event` type and its `data` payload.
///
/// Rules, in order, on `data` with surrounding ASCII whitespace trimmed: empty → `Skip`;
/// starts with `[DONE]` → `Done`; `event == b"error"` → `Error`; a JSON object with a
/// top-level `error` member whose value is not `null` or `false` → `Error`; anything else
/// (including text that is not JSON) → `Data`.
pub fn classify(event: &[u8], data: &[u8]) -> Chunk {
    let data = data.trim_ascii();
    if data.is_empty() {
        Chunk::Skip
    } else if data.starts_with(b"[DONE]") {
        Chunk::Done
    } else if event == b"error" || has_error_member(data) {
        Chunk::Error
    } else {
        Chunk::Data
    }
}

/// `true` if `data` is an object with a top-level non-`null`, non-`false` `error` member.
fn has_error_member(data: &[u8]) -> bool {
    matches!(data.first(), Some(b'{'))
        && may_contain_error_key(data)
        && json::members(data).any(|(k, v)| k == b"error" && !json::is_null(v) && v != b"false")
}

/// `0x0101...01`: multiplying a byte by it repeats the byte in the 8 lanes of a `u64`.
const LANES: u64 = u64::from_le_bytes([1; 8]);

/// `true` if some byte lane of `x` is zero (exact as a yes/no answer).
#[inline]
fn any_zero(x: u64) -> bool {
    x.wrapping_sub(LANES) & !x & (LANES << 7) != 0
}

/// `true` if `h` contains `"error"`. Ordinary chunks are full of `"` and `e`, so instead of a
/// byte-wise search this looks 8 bytes at a time for the pair `rr`, which is rare in chunks
/// (no key of a chat chunk has it), and checks for the whole needle only around a hit.
fn may_contain_error_key(h: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"\"error\"";
    const R: u64 = LANES * b'r' as u64;
    // A needle whose `rr` starts in `from..to` lies within `from - 2..to + 5`.
    let around = |from: usize, to: usize| {
        h.get(from.saturating_sub(2)..h.len().min(to + 5))
            .is_some_and(|w| w.windows(NEEDLE.len()).any(|w| w == NEEDLE))
    };
    let mut i = 0;
    while let Some(w) = h.get(i..i + 9) {
        if let (Some(a), Some(b)) = (w.first_chunk::<8>(), w.last_chunk::<8>()) {
            // Lane k is zero iff bytes i+k and i+k+1 are both `r`.
            let x = (u64::from_le_bytes(*a) ^ R) | (u64::from_le_bytes(*b) ^ R);
            if any_zero(x) && around(i, i + 8) {
                return true;
            }
        }
        i += 8;
    }
    around(i, h.len())
}
