//! Polling an async task (`GET /paas/v4/async-result/{id}`) until it settles: the decisions
//! only; the binding layer does the waiting.
//!
//! ```
//! use zai_wasm::poll::{decide, PollPolicy, Step};
//! let p = PollPolicy { interval_ms: 2000.0, timeout_ms: 10_000.0 };
//! assert_eq!(decide(&p, Some("PROCESSING"), 0.0), Step::Wait(2000.0));
//! assert_eq!(decide(&p, Some("PROCESSING"), 9000.0), Step::Wait(1000.0)); // never past the deadline
//! assert_eq!(decide(&p, Some("PROCESSING"), 10_000.0), Step::Deadline);
//! assert_eq!(decide(&p, Some("SUCCESS"), 1.0), Step::Success);
//! assert_eq!(decide(&p, Some("FAIL"), 1.0), Step::Failed);
//! ```

/// Default wait between two polls (ms); no interval is documented, 2–5 s is customary.
pub const DEFAULT_INTERVAL_MS: f64 = 3000.0;
/// Default overall deadline (ms): video generation can take minutes.
pub const DEFAULT_TIMEOUT_MS: f64 = 600_000.0;

/// How to poll.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollPolicy {
    /// Wait between two polls.
    pub interval_ms: f64,
    /// Give up after this long (measured from the first poll).
    pub timeout_ms: f64,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            interval_ms: DEFAULT_INTERVAL_MS,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// What to do after a poll.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// `task_status` is `SUCCESS` (or the agent `status` is `success`): resolve with it.
    Success,
    /// `FAIL` / `failed`: reject.
    Failed,
    /// Still running: poll again after this many ms.
    Wait(f64),
    /// Still running and the deadline has passed: reject with a timeout.
    Deadline,
}

/// Decides the next step from the task status and the time elapsed since polling began.
pub fn decide(policy: &PollPolicy, status: Option<&str>, elapsed_ms: f64) -> Step {
    match status {
        Some("SUCCESS") | Some("success") => Step::Success,
        Some("FAIL") | Some("failed") => Step::Failed,
        _ => {
            let left = policy.timeout_ms - elapsed_ms;
            if left <= 0.0 {
                Step::Deadline
            } else {
                Step::Wait(policy.interval_ms.min(left))
            }
        }
    }
}
