//! The stream idle timeout: once a stream is open, the whole-call deadline no longer applies;
//! instead no read may take longer than `streamIdleTimeout`. One timer is kept per stream and
//! re-armed lazily (not once per read): when it fires, this decides whether the silence really
//! lasted that long.

/// What to do when a stream's idle timer fires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IdleStep {
    /// No read is pending: the timer is not needed until the next read starts.
    Idle,
    /// The current read started recently: fire again after this many ms.
    Rearm(f64),
    /// The current read has waited `streamIdleTimeout` or longer: fail with a timeout.
    TimedOut,
}

/// Decides on a fired idle timer: `reading_since_ms` is when the pending read started (`None`
/// when no read is pending), `idle_ms` the allowed silence.
///
/// ```
/// use zai_wasm::request::{idle_step, IdleStep};
/// assert_eq!(idle_step(Some(1000.0), 1500.0, 2000.0), IdleStep::Rearm(1500.0));
/// assert_eq!(idle_step(Some(1000.0), 3000.0, 2000.0), IdleStep::TimedOut);
/// assert_eq!(idle_step(None, 3000.0, 2000.0), IdleStep::Idle);
/// ```
pub fn idle_step(reading_since_ms: Option<f64>, now_ms: f64, idle_ms: f64) -> IdleStep {
    let Some(since) = reading_since_ms else {
        return IdleStep::Idle;
    };
    let left = since + idle_ms - now_ms;
    if left <= 0.0 {
        IdleStep::TimedOut
    } else {
        IdleStep::Rearm(left)
    }
}
