//! The request lifecycle as a synchronous, I/O-free state machine (the rustls "sans-IO" style).
//!
//! An [`Exchange`] is one logical call: it is built from the endpoint, the parameters (already
//! serialised: the JSON text that goes on the wire) and the options, and is then fed
//! [`Event`]s by whatever performs the I/O (the JS executor in `src/wasm/runtime.js`, or the Rust
//! API's driver). Each event returns the next [`Action`]: send, read the body, wait, open a
//! stream, resolve or fail. Time and randomness come in with every event ([`Env`]), so the whole
//! policy (retries, backoff, `Retry-After`, `x-should-retry`, deadlines, JWT re-signing, polling)
//! is tested natively with a simulated clock (`tests/request.rs`).
//!
//! ```
//! use zai_wasm::request::{Action, Env, Event, Exchange, Input, Settings};
//! use zai_wasm::resources::find;
//!
//! let mut settings = Settings::with_key("id.secret");
//! let ep = find("chat.completions.create").unwrap();
//! let params = br#"{"model":"glm-4.6","messages":[{"role":"user","content":"Hi"}]}"#;
//! let env = Env { now_ms: 0.0, random: 0.5 };
//! let (mut call, first) = Exchange::start(&mut settings, ep, Input::Json(params), &Default::default(), env);
//! assert_eq!(first, Action::Send);
//! assert_eq!(call.url(), "https://api.z.ai/api/paas/v4/chat/completions");
//! assert_eq!(call.authorization(), Some("Bearer id.secret"));
//! // The service is overloaded once, then answers.
//! let head = Event::Head { status: 503, content_type: "text/plain" };
//! assert_eq!(call.handle(&mut settings, head, env), Action::ReadBody);
//! let body = Event::Body { text: b"busy", request_id: None, hints: Default::default() };
//! let Action::Wait(ms) = call.handle(&mut settings, body, env) else { panic!() };
//! assert!(ms > 0.0);
//! let later = Env { now_ms: ms, random: 0.5 };
//! assert_eq!(call.handle(&mut settings, Event::TimerFired, later), Action::Send);
//! let ok = Event::Head { status: 200, content_type: "application/json" };
//! assert_eq!(call.handle(&mut settings, ok, later), Action::ReadJson);
//! assert_eq!(call.handle(&mut settings, Event::Answer(None), later), Action::Resolve);
//! ```

mod exchange;
#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
mod idle;
mod plan;
mod secrets;

pub use exchange::{Action, Env, Event, Exchange, Input};
#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
pub use idle::{idle_step, IdleStep};
pub use plan::{CallOptions, Key, Settings};
pub use secrets::Secrets;
