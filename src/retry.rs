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

/// Parses `retry-after-ms`, else `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP
/// date, compared with `now_ms`, the current time in ms since the epoch). Returns the delay in
/// ms, capped at [`MAX_SERVER_DELAY_MS`]; a date in the past means "now" (0). A value of neither
/// form (`-5`, `1.5`, `1e3`, an ISO date, garbage) is ignored, and the backoff applies; an
/// invalid `retry-after-ms` leaves `Retry-After` to decide. Digits beyond what a `u64` holds
/// are a very long delay, so the cap (as RFC 9111 §1.2.2 says of delta-seconds).
///
/// `http_date` reads an HTTP date as ms since the epoch. It is the platform's `Date.parse`
/// (`wasm::js::http_date_ms`, for the JS client and the Rust API alike: the one date parser,
/// which costs no wasm bytes). It is only asked about a value that starts with a letter, as
/// every HTTP-date does (its weekday): a number in any form never reaches it, which matters
/// because `Date.parse` reads `-5` or `1.5` as dates in 2001 (a retry at once).
///
/// ```
/// use zai_wasm::retry::server_delay_ms;
/// // 784111777000 is Sun, 06 Nov 1994 08:49:37 GMT.
/// let date = |v: &str| (v == "Sun, 06 Nov 1994 08:49:37 GMT").then_some(784_111_777_000);
/// assert_eq!(server_delay_ms(Some("2"), None, 0, date), Some(2000));
/// assert_eq!(server_delay_ms(Some("2"), Some("150"), 0, date), Some(150));
/// assert_eq!(server_delay_ms(Some("99999"), None, 0, date), Some(60_000));
/// assert_eq!(server_delay_ms(Some("99999999999999999999999"), None, 0, date), Some(60_000));
/// assert_eq!(server_delay_ms(Some("-5"), None, 0, date), None);
/// assert_eq!(server_delay_ms(Some("soon"), None, 0, date), None);
/// let now = 784_111_777_000 - 1500;
/// let value = Some("Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(server_delay_ms(value, None, now, date), Some(1500));
/// ```
pub fn server_delay_ms(
    retry_after: Option<&str>,
    retry_after_ms: Option<&str>,
    now_ms: u64,
    http_date: impl Fn(&str) -> Option<u64>,
) -> Option<u64> {
    let ms = retry_after_ms.and_then(parse_delay).or_else(|| {
        let value = util::trim(retry_after?);
        match parse_delay(value) {
            Some(s) => Some(s.saturating_mul(1000)),
            None if value.as_bytes().first()?.is_ascii_alphabetic() => {
                http_date(value).map(|at| at.saturating_sub(now_ms))
            }
            None => None,
        }
    })?;
    Some(ms.min(MAX_SERVER_DELAY_MS))
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

/// `1*DIGIT` (surrounding whitespace allowed), saturating: a sign, a point, an exponent or an
/// empty value is not a delay.
fn parse_delay(s: &str) -> Option<u64> {
    let s = util::trim(s).as_bytes();
    // Digits past what a u64 holds: the longest delay there is.
    util::parse_u64(s)
        .or_else(|| (!s.is_empty() && s.iter().all(u8::is_ascii_digit)).then_some(u64::MAX))
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

    /// 2026-09-14 06:28:10 GMT.
    const NOW_2026: u64 = 1_789_367_290_000;

    /// The platform's date parser, as far as the tests need it: the dates they use, and a
    /// record of every value it was asked about.
    fn dates(asked: &core::cell::RefCell<Vec<String>>) -> impl Fn(&str) -> Option<u64> + '_ {
        move |v| {
            asked.borrow_mut().push(v.into());
            match v {
                "Sun, 06 Nov 1994 08:49:37 GMT" => Some(784_111_777_000),
                "Mon, 14 Sep 2026 06:28:12 GMT" => Some(NOW_2026 + 2_000),
                "Sunday, 14-Sep-26 06:28:15 GMT" => Some(NOW_2026 + 5_000),
                "Mon Sep 14 06:28:40 2026" => Some(NOW_2026 + 30_000),
                "Fri, 31 Dec 9999 23:59:59 GMT" => Some(253_402_300_799_000),
                "Thu, 01 Jan 1970 00:00:00 GMT" => Some(0),
                _ => None,
            }
        }
    }

    #[test]
    fn retry_after_forms() {
        let asked = core::cell::RefCell::new(Vec::new());
        let at = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
        let d = dates(&asked);
        assert_eq!(server_delay_ms(date, None, at - 2_000, &d), Some(2_000));
        assert_eq!(
            server_delay_ms(date, None, at + 5_000, &d),
            Some(0),
            "a past date"
        );
        assert_eq!(
            server_delay_ms(date, None, at - 3_600_000, &d),
            Some(MAX_SERVER_DELAY_MS)
        );
        assert_eq!(
            server_delay_ms(date, Some("250"), 0, &d),
            Some(250),
            "ms header wins"
        );
        assert_eq!(server_delay_ms(Some(" 3 "), None, 0, &d), Some(3_000));
        assert_eq!(server_delay_ms(Some("-1"), None, 0, &d), None);
        assert_eq!(server_delay_ms(None, Some("x"), 0, &d), None);
        assert_eq!(server_delay_ms(None, None, 0, &d), None);
    }

    /// Every kind of value a server may send, RFC 9110 §10.2.3 deciding: delay-seconds is
    /// `1*DIGIT`, an HTTP-date starts with its weekday; anything else is ignored (`None`: the
    /// backoff applies) and never reaches the (lenient) platform date parser.
    #[test]
    fn retry_after_values_follow_rfc_9110() {
        let asked = core::cell::RefCell::new(Vec::new());
        let d = dates(&asked);
        let now = NOW_2026;
        let numbers: &[(&str, Option<u64>)] = &[
            ("0", Some(0)),
            ("1", Some(1_000)),
            ("007", Some(7_000)),
            ("60", Some(60_000)),
            ("61", Some(MAX_SERVER_DELAY_MS)),
            ("999999999999", Some(MAX_SERVER_DELAY_MS)),
            ("18446744073709551616", Some(MAX_SERVER_DELAY_MS)),
            (
                "99999999999999999999999999999999",
                Some(MAX_SERVER_DELAY_MS),
            ),
            ("-5", None),
            ("-0", None),
            ("+5", None),
            ("1.5", None),
            ("0.5", None),
            ("1e3", None),
            ("5s", None),
            ("5 minutes", None),
            ("", None),
            ("   ", None),
            ("2026-09-14T06:28:12Z", None),
            ("2026-09-14", None),
            ("14 Sep 2026 06:28:12 GMT", None),
        ];
        for &(value, want) in numbers {
            assert_eq!(
                server_delay_ms(Some(value), None, now, &d),
                want,
                "{value:?}"
            );
        }
        assert_eq!(
            asked.borrow().len(),
            0,
            "no number reached the date parser: {:?}",
            asked.borrow()
        );
        let words: &[(&str, Option<u64>)] = &[
            ("soon, maybe", None),
            ("Infinity", None),
            ("NaN", None),
            ("Mon, 14 Sep 2026 06:28:12 GMT", Some(2_000)),
            (" Mon, 14 Sep 2026 06:28:12 GMT ", Some(2_000)),
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(0)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Fri, 31 Dec 9999 23:59:59 GMT", Some(MAX_SERVER_DELAY_MS)),
            ("Sunday, 14-Sep-26 06:28:15 GMT", Some(5_000)),
            ("Mon Sep 14 06:28:40 2026", Some(30_000)),
        ];
        for &(value, want) in words {
            assert_eq!(
                server_delay_ms(Some(value), None, now, &d),
                want,
                "{value:?}"
            );
        }
        // retry-after-ms: the same digits rule, in ms; an invalid one leaves Retry-After to decide.
        assert_eq!(
            server_delay_ms(Some("3"), Some("1500"), now, &d),
            Some(1_500)
        );
        assert_eq!(server_delay_ms(Some("3"), Some("-1"), now, &d), Some(3_000));
        assert_eq!(
            server_delay_ms(Some("3"), Some("1.5"), now, &d),
            Some(3_000)
        );
        assert_eq!(
            server_delay_ms(None, Some("99999999999999999999"), now, &d),
            Some(MAX_SERVER_DELAY_MS)
        );
        assert_eq!(server_delay_ms(Some("-5"), Some("garbage"), now, &d), None);
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
