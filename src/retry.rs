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

/// Parses `Retry-After` (delay-seconds; an HTTP date is handled by the caller, which has a clock)
/// or `retry-after-ms`. Returns the delay in ms, capped at [`MAX_SERVER_DELAY_MS`].
///
/// ```
/// use zai_wasm::retry::server_delay_ms;
/// assert_eq!(server_delay_ms(Some("2"), None), Some(2000));
/// assert_eq!(server_delay_ms(Some("2"), Some("150")), Some(150));
/// assert_eq!(server_delay_ms(Some("99999"), None), Some(60_000));
/// assert_eq!(server_delay_ms(Some("soon"), None), None);
/// ```
pub fn server_delay_ms(retry_after: Option<&str>, retry_after_ms: Option<&str>) -> Option<u64> {
    let ms = retry_after_ms.and_then(parse_decimal).or_else(|| {
        retry_after
            .and_then(parse_decimal)
            .map(|s| s.saturating_mul(1000))
    })?;
    Some(ms.min(MAX_SERVER_DELAY_MS))
}

/// What an `x-should-retry` response header says, if it says anything.
pub fn should_retry_header(value: Option<&str>) -> Option<bool> {
    match value.map(str::trim) {
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
    let s = s.trim();
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
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
    fn should_retry_header_values() {
        assert_eq!(should_retry_header(Some("true")), Some(true));
        assert_eq!(should_retry_header(Some(" false ")), Some(false));
        assert_eq!(should_retry_header(Some("yes")), None);
        assert_eq!(should_retry_header(None), None);
    }
}
