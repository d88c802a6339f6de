//! Small, generic helpers shared by the core modules: integer to decimal text without
//! `core::fmt`, decimal parsing of raw JSON integers, and a byte substring search.
//!
//! ```
//! use zai_wasm::util;
//!
//! let mut msg = String::from("HTTP ");
//! util::push_u64(&mut msg, 429);
//! assert_eq!(msg, "HTTP 429");
//!
//! assert_eq!(util::parse_u64(b"1757852265"), Some(1_757_852_265));
//! assert_eq!(util::find(br#"{"error":null}"#, b"\"error\""), Some(1));
//! ```
use crate::prelude::*;

/// Writes the decimal digits of `n` into the tail of `buf` and returns them.
fn digits(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut n = n;
    let mut len = 0;
    for slot in buf.iter_mut().rev() {
        // `n % 10` is below 10, so the cast is lossless.
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    buf.get(20 - len..).unwrap_or_default()
}

/// Appends the decimal text of `n` to `out` (no `core::fmt`).
pub fn push_u64(out: &mut String, n: u64) {
    let mut buf = [0; 20];
    out.extend(digits(n, &mut buf).iter().map(|&d| char::from(d)));
}

/// Appends the decimal text of `n` to a byte buffer (no `core::fmt`).
pub fn push_u64_bytes(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0; 20];
    out.extend_from_slice(digits(n, &mut buf));
}

/// Parses a non-empty run of ASCII digits (e.g. a raw JSON integer) as a `u64`.
///
/// Returns `None` for an empty input, any non-digit byte (sign, fraction, exponent,
/// whitespace) and on overflow.
pub fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u64, |acc, &c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        } else {
            None
        }
    })
}

/// Index of the first occurrence of `needle` in `hay` (`Some(0)` for an empty needle).
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, tail)) = needle.split_first() else {
        return Some(0);
    };
    let mut from = 0;
    loop {
        let at = from + find_either(hay.get(from..)?, first, first)?;
        if hay.get(at + 1..)?.starts_with(tail) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// `s` without leading and trailing whitespace: `str::trim` (Unicode `White_Space`), matched on
/// bytes, without the char-pattern machinery and UTF-8 decoding `trim` brings.
///
/// ```
/// use zai_wasm::util::trim;
/// assert_eq!(trim("\u{3000}\t 12\u{a0}\r\n"), "12");
/// assert_eq!(trim("\u{200b}x"), "\u{200b}x"); // ZERO WIDTH SPACE is not White_Space
/// ```
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let byte = |i: usize| u32::from(b.get(i).copied().unwrap_or(0));
    let (mut start, mut end) = (0, b.len());
    while start < end {
        let k = |n: usize| (0..n).fold(0, |k, i| k << 8 | byte(start + i));
        match space_len(k(1), k(2), k(3)) {
            0 => break,
            n => start += n,
        }
    }
    while start < end {
        let k = |n: usize| (0..n).fold(0, |k, i| k << 8 | byte((end + i).wrapping_sub(n)));
        match space_len(k(1), k(2), k(3)) {
            0 => break,
            n => end -= n,
        }
    }
    s.get(start..end).unwrap_or(s)
}

/// The length of a `White_Space` character whose first one, two and three bytes (big-endian)
/// are `k1`, `k2`, `k3`; 0 if it is not one. In valid UTF-8 at most one of them can match.
fn space_len(k1: u32, k2: u32, k3: u32) -> usize {
    match (k1, k2, k3) {
        (0x09..=0x0d | 0x20, _, _) => 1,
        (_, 0xc285 | 0xc2a0, _) => 2,
        (_, _, 0xe1_9a80 | 0xe2_8080..=0xe2_808a | 0xe2_80a8 | 0xe2_80a9 | 0xe2_80af)
        | (_, _, 0xe2_819f | 0xe3_8080) => 3,
        _ => 0,
    }
}

/// `s` without the prefix `p`, if it starts with it (`<[u8]>::strip_prefix` without its
/// `split_at` panic path).
pub fn strip_prefix<'a>(s: &'a [u8], p: &[u8]) -> Option<&'a [u8]> {
    if s.starts_with(p) {
        s.get(p.len()..)
    } else {
        None
    }
}

/// `s` without the suffix `p`, if it ends with it (see [`strip_prefix`]).
pub fn strip_suffix<'a>(s: &'a [u8], p: &[u8]) -> Option<&'a [u8]> {
    if s.ends_with(p) {
        s.get(..s.len() - p.len())
    } else {
        None
    }
}

/// `s` without the bytes `b` at its end (`str::trim_end_matches(char)` without the pattern
/// machinery; `b` is ASCII, so the cut is at a character boundary).
pub fn trim_end_byte(s: &str, b: u8) -> &str {
    let mut end = s.len();
    while end > 0 && s.as_bytes().get(end - 1) == Some(&b) {
        end -= 1;
    }
    s.get(..end).unwrap_or(s)
}

/// `s` without the bytes `b` at its start (see [`trim_end_byte`]).
pub fn trim_start_byte(s: &str, b: u8) -> &str {
    let mut start = 0;
    while s.as_bytes().get(start) == Some(&b) {
        start += 1;
    }
    s.get(start..).unwrap_or(s)
}

/// Index of the first byte of `hay` equal to `a` or `b`.
///
/// Eight bytes per step (a JSON string can be megabytes of base64): a byte equal to `a` is a
/// zero byte of `x ^ aaaaaaaa`, flagged by the usual `(y - 0x01..) & !y & 0x80..` test, whose
/// lowest flag is always a true match (false flags only appear above a true one).
///
/// ```
/// use zai_wasm::util::find_either;
/// assert_eq!(find_either(br#"0123456789abc"def\"#, b'"', b'\\'), Some(13));
/// assert_eq!(find_either(b"x\\", b'"', b'\\'), Some(1));
/// assert_eq!(find_either(b"0123456789", b'"', b'"'), None);
/// ```
pub fn find_either(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero = |y: u64| y.wrapping_sub(ONES) & !y & HIGHS;
    let (aa, bb) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(bytes);
        let hits = zero(x ^ aa) | zero(x ^ bb);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let p = hay.get(at..)?.iter().position(|&c| c == a || c == b)?;
    Some(at + p)
}

/// `bytes` as text, each invalid UTF-8 sequence as one U+FFFD: what `String::from_utf8_lossy`
/// gives, without its iterator machinery (~0.4 KB gzip of wasm); core's `from_utf8`, which the
/// module carries anyway, finds each invalid sequence.
///
/// ```
/// assert_eq!(zai_wasm::util::lossy(b"caf\xc3\xa9 \xff!\xe2\x82"), "caf\u{e9} \u{fffd}!\u{fffd}");
/// ```
pub fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match core::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{fffd}');
                // `None`: the input ends inside a sequence, which is one replacement.
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len());
                bytes = bytes.get(skip..).unwrap_or_default();
            }
        }
    }
}

/// `bytes` as a `String`, reusing the allocation when they are valid UTF-8 and [`lossy`] when
/// they are not.
pub fn into_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => lossy(e.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::{find, find_either};

    #[test]
    fn lossy_matches_std_on_every_short_sequence_of_edge_bytes() {
        use super::{into_string, lossy};
        use crate::prelude::*;
        // Lead, continuation, overlong, surrogate, out-of-range and ASCII bytes: every sequence
        // of up to four of them, so truncated, invalid and mixed sequences all occur.
        let edge = [
            0x00u8, b'a', 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
            0xff, 0x9f, 0xa0,
        ];
        let mut seq = Vec::new();
        let mut checked = 0;
        for len in 0..=4u32 {
            for mut code in 0..edge.len().pow(len) {
                seq.clear();
                for _ in 0..len {
                    seq.push(edge[code % edge.len()]);
                    code /= edge.len();
                }
                let want = std::string::String::from_utf8_lossy(&seq);
                assert_eq!(lossy(&seq), want, "{seq:x?}");
                assert_eq!(into_string(seq.clone()), want, "{seq:x?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 1 + 17 + 289 + 4913 + 83521);
    }

    #[test]
    fn trim_is_str_trim() {
        // Every character to U+3100 (all of White_Space is below U+3001) and every 7th above,
        // alone and around text, at both ends.
        let chars = (0..0x3100u32).chain((0x3100..=0x10_ffff).step_by(7));
        for c in chars.filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("{c}x{c}"),
                format!("{c}{c} y"),
                format!("\u{a0}{c}"),
                format!("z{c}\u{3000}"),
            ] {
                assert_eq!(super::trim(&s), s.trim(), "{:x}", u32::from(c));
            }
        }
    }

    #[test]
    fn strip_and_trim_bytes() {
        use super::{strip_prefix, strip_suffix, trim_end_byte, trim_start_byte};
        assert_eq!(strip_prefix(b"\\u00e9", b"\\u"), Some(&b"00e9"[..]));
        assert_eq!(strip_prefix(b"\\", b"\\u"), None);
        assert_eq!(strip_suffix(b"\"x\"", b"\""), Some(&b"\"x"[..]));
        assert_eq!(strip_suffix(b"", b"\""), None);
        assert_eq!(trim_end_byte("https://x//", b'/'), "https://x");
        assert_eq!(trim_start_byte("//paas/é", b'/'), "paas/é");
        assert_eq!(
            (trim_end_byte("///", b'/'), trim_start_byte("", b'/')),
            ("", "")
        );
    }

    #[test]
    fn find_either_matches_a_plain_search() {
        // Every length to 40, the targets at every position, next to every other byte value
        // (0x80 and 0x22 ^ 0x80 and the bytes just below the targets trip naive SWAR tests).
        for len in 0..40 {
            for fill in [0u8, b'!', b'#', b'[', b']', 0x7f, 0x80, 0xa2, 0xdc, 0xff] {
                for at in 0..len {
                    for (a, b) in [(b'"', b'\\'), (b'x', b'x'), (0, 0xff)] {
                        let mut hay = vec![fill; len];
                        for target in [a, b] {
                            hay[at] = target;
                            let want = hay.iter().position(|&c| c == a || c == b);
                            assert_eq!(find_either(&hay, a, b), want, "{hay:?} {a} {b}");
                        }
                    }
                }
            }
        }
        assert_eq!(find(b"xx\\u0000zai:", b"\\u0000zai:"), Some(2));
        assert_eq!(find(b"\\u0000za\\u0000zai:", b"\\u0000zai:"), Some(8));
    }
}
