//! Retry decisions: which failures are worth sending again, and how long to wait first.
//!
//! Z.AI answers HTTP 429 both for "slow down" (business codes 1302 concurrency, 1303 frequency,
//! 1305 overload) and for "stop" (1113 no balance, 1304 daily cap, 1308/1310 usage windows, other
//! 13xx quota codes), so the business code decides, not the status (zai-api.md §11).
//!
//! ```
//! use zai_wasm::retry::{is_retryable_status, backoff_ms};
//! assert!(is_retryable_status(429, Some("1302")));
//! assert!(!is_retryable_status(429, Some("1113")));
//! assert!(is_retryable_status(503, None));
//! // First retry waits about 0.5 s (jitter takes off up to a quarter), capped at 8 s later on.
//! assert_eq!(backoff_ms(1, 0.0), 500);
//! assert_eq!(backoff_ms(10, 0.0), 8000);
//! ```
use crate::prelude::*;

use crate::util;

/// The longest wait a server hint (`Retry-After`, `retry-after-ms`) may impose, in ms.
pub const MAX_SERVER_DELAY_MS: u64 = 60_000;

/// Business codes that mean "try again shortly".
const RETRYABLE_CODES: &[&str] = &["500", "1234", "1302", "1303", "1305"];

/// Whether a business code alone says the request may succeed if repeated.
pub fn is_retryable_code(code: &str) -> bool {
    RETRYABLE_CODES.contains(&code)
}

/// Whether an HTTP failure with this status and business code is worth retrying.
///
/// 408, 409 and 5xx are retried; 429 only when the code is a transient one (or absent); a known
/// business code always wins over the status.
pub fn is_retryable_status(status: u16, code: Option<&str>) -> bool {
    if let Some(code) = code {
        if is_retryable_code(code) {
            return true;
        }
        // Any other 1xxx code names a permanent condition (auth, params, balance, quota).
        if code.len() == 4 && code.starts_with('1') {
            return false;
        }
    }
    matches!(status, 408 | 409 | 429 | 500..=599)
}

/// Exponential backoff before retry number `attempt` (1-based): 0.5 s, 1 s, 2 s, … capped at 8 s,
/// minus up to 25 % jitter. `random` is a uniform number in `[0, 1)`.
pub fn backoff_ms(attempt: u32, random: f64) -> u64 {
    let exp = attempt.saturating_sub(1).min(5);
    let base = (500u64 << exp).min(8_000);
    let jitter = 1.0 - 0.25 * random.clamp(0.0, 1.0);
    // f64 -> u64 `as` saturates and never panics.
    (base as f64 * jitter) as u64
}

/// Parses `retry-after-ms`, else `Retry-After` (delay-seconds or an HTTP date, compared with
/// `now_ms`, the current time in ms since the epoch). Returns the delay in ms, capped at
/// [`MAX_SERVER_DELAY_MS`]; a date in the past means "now" (0).
///
/// ```
/// use zai_wasm::retry::{http_date_ms, server_delay_ms};
/// assert_eq!(server_delay_ms(Some("2"), None, 0, http_date_ms), Some(2000));
/// assert_eq!(server_delay_ms(Some("2"), Some("150"), 0, http_date_ms), Some(150));
/// assert_eq!(server_delay_ms(Some("99999"), None, 0, http_date_ms), Some(60_000));
/// assert_eq!(server_delay_ms(Some("soon"), None, 0, http_date_ms), None);
/// // 784111777000 is Sun, 06 Nov 1994 08:49:37 GMT.
/// let now = 784_111_777_000 - 1500;
/// let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(server_delay_ms(date, None, now, http_date_ms), Some(1500));
/// ```
///
/// `http_date` reads an HTTP date as ms since the epoch: [`http_date_ms`] here; the browser build
/// passes the platform's `Date.parse`, which reads the same three forms and costs no wasm bytes.
pub fn server_delay_ms(
    retry_after: Option<&str>,
    retry_after_ms: Option<&str>,
    now_ms: u64,
    http_date: impl Fn(&str, u64) -> Option<u64>,
) -> Option<u64> {
    let ms = retry_after_ms.and_then(parse_decimal).or_else(|| {
        let value = retry_after?;
        match parse_decimal(value) {
            Some(s) => Some(s.saturating_mul(1000)),
            None => http_date(value, now_ms).map(|at| at.saturating_sub(now_ms)),
        }
    })?;
    Some(ms.min(MAX_SERVER_DELAY_MS))
}

/// An HTTP date (RFC 9110 §5.6.7) as ms since the epoch: the preferred IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms recipients must still accept,
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). An
/// RFC 850 two-digit year is the latest year with those digits that is not more than 50 years
/// after `now_ms` (as §5.6.7 says). Weekdays are not checked against the date.
///
/// ```
/// use zai_wasm::retry::http_date_ms;
/// let now = 1_789_367_290_000; // 2026-09-14
/// assert_eq!(http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(784_111_777_000));
/// assert_eq!(http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT", now), Some(784_111_777_000));
/// assert_eq!(http_date_ms("Sun Nov  6 08:49:37 1994", now), Some(784_111_777_000));
/// assert_eq!(http_date_ms("06 Nov 1994", now), None);
/// ```
pub fn http_date_ms(value: &str, now_ms: u64) -> Option<u64> {
    let v = util::trim(value).as_bytes();
    let (year, month, day, clock) = imf_fixdate(v)
        .or_else(|| rfc850_date(v, now_ms))
        .or_else(|| asctime_date(v))?;
    let (h, m, s) = clock;
    // 60 allows a leap second.
    if !(1..=31).contains(&day) || year < 1970 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((((days * 24 + h) * 60 + m) * 60 + s) * 1000)
}

/// (year, month 1-12, day, (hour, minute, second)) as written; ranges are checked by the caller.
type DateParts = (u64, u64, u64, (u64, u64, u64));

/// The digits at `v[from..from + len]` as a number (a leading space counts as a zero: asctime
/// pads the day with one).
fn digits_at(v: &[u8], from: usize, len: usize) -> Option<u64> {
    let digits = v.get(from..from + len)?;
    let mut n = 0u64;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => n = n * 10 + u64::from(c - b'0'),
            b' ' if i == 0 && len > 1 => {}
            _ => return None,
        }
    }
    Some(n)
}

fn month_at(v: &[u8], from: usize) -> Option<u64> {
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let name = v.get(from..from + 3)?;
    MONTHS
        .chunks_exact(3)
        .position(|m| m == name)
        .map(|i| i as u64 + 1)
}

/// `HH:MM:SS` at `from`.
fn clock_at(v: &[u8], from: usize) -> Option<(u64, u64, u64)> {
    let colons = v.get(from + 2) == Some(&b':') && v.get(from + 5) == Some(&b':');
    colons.then_some(())?;
    Some((
        digits_at(v, from, 2)?,
        digits_at(v, from + 3, 2)?,
        digits_at(v, from + 6, 2)?,
    ))
}

/// Whether `v` has byte `c` at each of `at`.
fn seps(v: &[u8], at: &[usize], c: u8) -> bool {
    at.iter().all(|&i| v.get(i) == Some(&c))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (fixed positions).
fn imf_fixdate(v: &[u8]) -> Option<DateParts> {
    let shape = v.len() == 29 && v.ends_with(b" GMT") && seps(v, &[3], b',');
    (shape && seps(v, &[4, 7, 11, 16], b' ') && v.get(5) != Some(&b' ')).then_some(())?;
    Some((
        digits_at(v, 12, 4)?,
        month_at(v, 8)?,
        digits_at(v, 5, 2)?,
        clock_at(v, 17)?,
    ))
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`: a full weekday name, then fixed positions.
fn rfc850_date(v: &[u8], now_ms: u64) -> Option<DateParts> {
    let comma = v.iter().position(|&c| c == b',')?;
    let weekday = v.get(..comma)?;
    let known = [
        &b"Monday"[..],
        b"Tuesday",
        b"Wednesday",
        b"Thursday",
        b"Friday",
        b"Saturday",
        b"Sunday",
    ];
    known.contains(&weekday).then_some(())?;
    let r = v.get(comma + 1..)?; // " 06-Nov-94 08:49:37 GMT"
    let shape = r.len() == 23 && r.ends_with(b" GMT") && seps(r, &[0, 10], b' ');
    (shape && seps(r, &[3, 7], b'-') && r.get(1) != Some(&b' ')).then_some(())?;
    let yy = digits_at(r, 8, 2)?;
    // The latest year ending in `yy` that is at most 50 years after now.
    let this_year = 1970 + now_ms / 31_556_952_000; // mean Gregorian year; a day off is harmless
    let mut year = (this_year / 100) * 100 + yy;
    if year > this_year + 50 {
        year = year.saturating_sub(100);
    } else if year + 100 <= this_year + 50 {
        year += 100;
    }
    Some((year, month_at(r, 4)?, digits_at(r, 1, 2)?, clock_at(r, 11)?))
}

/// `Sun Nov  6 08:49:37 1994` (fixed positions; a one-digit day is padded with a space).
fn asctime_date(v: &[u8]) -> Option<DateParts> {
    (v.len() == 24 && seps(v, &[3, 7, 10, 19], b' ')).then_some(())?;
    Some((
        digits_at(v, 20, 4)?,
        month_at(v, 4)?,
        digits_at(v, 8, 2)?,
        clock_at(v, 11)?,
    ))
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian, `year >= 1970`), after
/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // 719468 = days from 0000-03-01 to 1970-01-01.
    (era * 146_097 + doe).saturating_sub(719_468)
}

/// A fresh idempotency key for one logical call: `"zai-"` and 24 lowercase hex digits taken
/// from `random` (uniform numbers in `[0, 1)`, 16 bits used from each of six draws).
///
/// ```
/// let id = zai_wasm::retry::request_id(|| 0.5);
/// assert_eq!(id, "zai-800080008000800080008000");
/// ```
pub fn request_id(mut random: impl FnMut() -> f64) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(28);
    id.push_str("zai-");
    for _ in 0..6 {
        // Saturating float-to-int `as`: never panics, stays below 65536 for inputs below 1.
        let n = (random().clamp(0.0, 1.0) * 65_536.0) as u32 & 0xffff;
        for shift in [12, 8, 4, 0] {
            if let Some(&c) = HEX.get(((n >> shift) & 15) as usize) {
                id.push(char::from(c));
            }
        }
    }
    id
}

/// What an `x-should-retry` response header says, if it says anything.
pub fn should_retry_header(value: Option<&str>) -> Option<bool> {
    match value.map(util::trim) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

/// What a failed response said about retrying, from its headers.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ServerHints {
    /// `x-should-retry: true|false`, which overrides the classification.
    pub should_retry: Option<bool>,
    /// `retry-after-ms` / `Retry-After`, already capped.
    pub delay_ms: Option<u64>,
}

/// Whether to send the request again, and after how many ms.
///
/// `retries_done` counts the retries already made; `retryable` is the failure's own
/// classification; `random` is uniform in `[0, 1)` for the jitter.
///
/// ```
/// use zai_wasm::retry::{plan, ServerHints};
/// let none = ServerHints::default();
/// assert_eq!(plan(0, 2, true, none, 0.0), Some(500));
/// assert_eq!(plan(2, 2, true, none, 0.0), None); // out of retries
/// assert_eq!(plan(0, 2, false, none, 0.0), None);
/// let hinted = ServerHints { should_retry: Some(true), delay_ms: Some(1500) };
/// assert_eq!(plan(0, 2, false, hinted, 0.0), Some(1500));
/// ```
pub fn plan(
    retries_done: u32,
    max_retries: u32,
    retryable: bool,
    hints: ServerHints,
    random: f64,
) -> Option<u64> {
    if retries_done >= max_retries || !hints.should_retry.unwrap_or(retryable) {
        return None;
    }
    Some(
        hints
            .delay_ms
            .unwrap_or_else(|| backoff_ms(retries_done.saturating_add(1), random)),
    )
}

fn parse_decimal(s: &str) -> Option<u64> {
    let s = util::trim(s);
    if s.len() > 12 {
        return None;
    }
    util::parse_u64(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        let cases: &[(u16, Option<&str>, bool)] = &[
            (429, Some("1302"), true),
            (429, Some("1303"), true),
            (429, Some("1305"), true),
            (503, Some("1305"), true),
            (429, Some("1113"), false),
            (429, Some("1304"), false),
            (429, Some("1308"), false),
            (429, Some("1310"), false),
            (429, Some("1313"), false),
            (429, None, true),
            (400, Some("1214"), false),
            (401, Some("1002"), false),
            (500, Some("500"), true),
            (502, None, true),
            (408, None, true),
            (409, None, true),
            (404, None, false),
            (400, None, false),
        ];
        for &(status, code, want) in cases {
            assert_eq!(is_retryable_status(status, code), want, "{status} {code:?}");
        }
    }

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff_ms(1, 0.0), 500);
        assert_eq!(backoff_ms(2, 0.0), 1000);
        assert_eq!(backoff_ms(3, 0.0), 2000);
        assert_eq!(backoff_ms(5, 0.0), 8000);
        assert_eq!(backoff_ms(u32::MAX, 0.0), 8000);
        assert_eq!(backoff_ms(1, 0.999_999), 375);
        assert_eq!(backoff_ms(0, 0.5), 437);
    }

    #[test]
    fn retry_after_forms() {
        let at = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            server_delay_ms(date, None, at - 2_000, http_date_ms),
            Some(2_000)
        );
        assert_eq!(
            server_delay_ms(date, None, at + 5_000, http_date_ms),
            Some(0),
            "a past date"
        );
        assert_eq!(
            server_delay_ms(date, None, at - 3_600_000, http_date_ms),
            Some(MAX_SERVER_DELAY_MS)
        );
        assert_eq!(
            server_delay_ms(date, Some("250"), 0, http_date_ms),
            Some(250),
            "ms header wins"
        );
        assert_eq!(
            server_delay_ms(Some(" 3 "), None, 0, http_date_ms),
            Some(3_000)
        );
        assert_eq!(server_delay_ms(Some("-1"), None, 0, http_date_ms), None);
        assert_eq!(server_delay_ms(None, Some("x"), 0, http_date_ms), None);
        assert_eq!(server_delay_ms(None, None, 0, http_date_ms), None);
    }

    #[test]
    fn imf_fixdate() {
        let cases: &[(&str, Option<u64>)] = &[
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(784_111_777_000)),
            ("Tue, 29 Feb 2000 12:00:00 GMT", Some(951_825_600_000)),
            ("Wed, 01 Mar 2000 00:00:00 GMT", Some(951_868_800_000)),
            ("Fri, 31 Dec 2038 23:59:59 GMT", Some(2_177_452_799_000)),
            ("Mon, 14 Sep 2026 06:28:10 GMT", Some(1_789_367_290_000)),
            ("Sun, 06 Nov 1994 08:49:37 UTC", None),
            ("Sun, 06 Nov 1994 08:49:37", None),
            ("Sun, 06 Nov 1994 08:49:37 GMT extra", None),
            ("Sun, 6 Nov 1994 08:49:37 GMT", None),
            ("Sun, 06 November 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 24:00:00 GMT", None),
            ("Sun, 32 Nov 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1969 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 08:49:37 GMT ", Some(784_111_777_000)),
            ("Sun,  6 Nov 1994 08:49:37 GMT", None),
            ("", None),
        ];
        for &(text, want) in cases {
            assert_eq!(http_date_ms(text, NOW_2026), want, "{text}");
        }
    }

    /// 2026-09-14 06:28:10 GMT.
    const NOW_2026: u64 = 1_789_367_290_000;

    #[test]
    fn obsolete_http_dates() {
        let cases: &[(&str, Option<u64>)] = &[
            // RFC 850 two-digit years, now being 2026: 94 -> 1994, 26 -> 2026, 70 -> 2070 (44
            // years ahead), 77 -> 1977 (2077 would be 51 years ahead). Weekdays are not checked.
            ("Sunday, 06-Nov-94 08:49:37 GMT", Some(784_111_777_000)),
            ("Monday, 14-Sep-26 06:28:10 GMT", Some(NOW_2026)),
            ("Thursday, 01-Jan-70 00:00:00 GMT", Some(3_155_760_000_000)),
            ("Saturday, 01-Jan-77 00:00:00 GMT", Some(220_924_800_000)),
            ("Sun, 06-Nov-94 08:49:37 GMT", None),
            ("Sunday, 06-Nov-1994 08:49:37 GMT", None),
            ("Sunday, 06 Nov 94 08:49:37 GMT", None),
            ("Sunday, 06-Nov-94 08:49:37 UTC", None),
            ("Someday, 06-Nov-94 08:49:37 GMT", None),
            // asctime: the day padded with a space, or two digits.
            ("Sun Nov  6 08:49:37 1994", Some(784_111_777_000)),
            ("Sun Nov 06 08:49:37 1994", Some(784_111_777_000)),
            ("Mon Sep 14 06:28:10 2026", Some(NOW_2026)),
            ("Sun Nov 6 08:49:37 1994", None),
            ("Sun Nov  6 08:49:37 94", None),
            ("Sun Nov  6 8:49:37 1994", None),
            ("Sun Nov 32 08:49:37 1994", None),
        ];
        for &(text, want) in cases {
            assert_eq!(http_date_ms(text, NOW_2026), want, "{text}");
        }
        // Through Retry-After: an RFC 850 date 2 s from now.
        assert_eq!(
            server_delay_ms(
                Some("Monday, 14-Sep-26 06:28:12 GMT"),
                None,
                NOW_2026,
                http_date_ms
            ),
            Some(2000)
        );
    }

    #[test]
    fn request_ids() {
        assert_eq!(request_id(|| 0.0), "zai-000000000000000000000000");
        assert_eq!(request_id(|| 0.999_999_999), "zai-ffffffffffffffffffffffff");
        assert_eq!(
            request_id(|| 2.0),
            "zai-000000000000000000000000",
            "1.0 wraps to 0"
        );
        let mut n = 0.0;
        let id = request_id(|| {
            n += 0.1;
            n
        });
        assert_eq!(id.len(), 28);
        assert!(id.bytes().skip(4).all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn should_retry_header_values() {
        assert_eq!(should_retry_header(Some("true")), Some(true));
        assert_eq!(should_retry_header(Some(" false ")), Some(false));
        assert_eq!(should_retry_header(Some("yes")), None);
        assert_eq!(should_retry_header(None), None);
    }
}
