//! # zai-wasm
//!
//! The Z.AI (GLM) API client for the browser: Rust compiled to WebAssembly, shipped as an npm
//! package. JS users see `ZaiClient` (see the package README, `src/wasm/README.md`); this crate
//! documents the Rust side. Rust web apps (Leptos, Dioxus, Yew) on `wasm32` use the typed client,
//! [`api`] (feature `rust-api`):
//!
//! ```toml
//! zai-wasm = { version = "0.1", features = ["rust-api"] }
//! ```
//!
//! A client that talks to your own key-adding proxy, one whole answer and one streamed into the
//! UI (`tests/web/rust_api_example.rs`: the browser tests run it against the mock server):
//!
//! ```rust,ignore
#![doc = include_str!("../tests/web/rust_api_example.rs")]
//! ```
//!
//! The crate has three parts:
//!
//! * an I/O-free **core**: the request machine (build, authenticate, retry and poll decisions),
//!   the SSE parser, chunk classification and accumulation, error mapping, and the endpoint and
//!   parameter tables. It has no dependencies and is tested natively with `cargo test`. It is
//!   private on `wasm32`, the crate's only real target, so rustc reports its dead code there; on
//!   other targets it is public (and hidden from the docs) for the native tests and fuzzing. For
//!   example, the SSE parser is fed raw bytes:
//!
//!   ```
//!   use zai_wasm::sse::{SseParser, DEFAULT_MAX_EVENT_BYTES};
//!   let mut parser = SseParser::new(DEFAULT_MAX_EVENT_BYTES);
//!   let mut payloads = Vec::new();
//!   parser
//!       .feed(b"data: {\"n\":1}\r\n\r\ndata: [DONE]\n\n", |ev| payloads.push(ev.data.to_vec()))
//!       .unwrap();
//!   assert_eq!(payloads, [b"{\"n\":1}".to_vec(), b"[DONE]".to_vec()]);
//!   ```
//! * the **binding layer** (`wasm`, compiled only for `wasm32`), the only code that touches JS;
//! * the **Rust API** (`api`, on `wasm32` with the `rust-api` feature): a typed client for Rust
//!   web apps over the same request path, with a `Stream` of chunks. Its main items are
//!   re-exported here (`zai_wasm::Client`, ...); see its module docs.

// No std: the npm build then carries no std panic machinery or `core::fmt` (feature
// `panic-trap`). The crate needs only `alloc`.
#![no_std]
#![deny(unsafe_code)]
// A panic inside wasm kills the module for the whole page: library code may not panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// `vec!` is used by the tests and by code the npm build does not have.
#[cfg_attr(
    any(test, feature = "rust-api", not(target_arch = "wasm32")),
    macro_use
)]
extern crate alloc;
// std is linked everywhere except the npm build (feature `panic-trap`, see `wasm::panic`).
#[cfg(not(all(target_arch = "wasm32", feature = "panic-trap")))]
extern crate std;

/// What std's prelude would bring: the crate is `no_std` (see above).
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec::Vec;
}

/// Declares the core's modules: private on `wasm32`, where the binding layer and the Rust API are
/// their only users (so rustc reports dead code), public elsewhere, where the native tests, doc
/// tests and fuzz targets are (no other target has a client to offer).
macro_rules! core_modules {
    ($($name:ident),* $(,)?) => {$(
        #[cfg(target_arch = "wasm32")]
        #[allow(unreachable_pub)] // `pub` for the native tests' build
        mod $name;
        #[cfg(not(target_arch = "wasm32"))]
        #[doc(hidden)]
        pub mod $name;
    )*};
}

core_modules!(
    accumulate, chunk, config, error, json, jwt, poll, request, resources, retry, schema, sse,
    stream, util,
);

#[cfg(target_arch = "wasm32")]
mod wasm;

/// What the browser tests (`tests/web`) reach: they load the module without the package entry.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod browser_tests {
    pub use crate::wasm::{new_client, runtime_classes, wasm_memory};
}

#[cfg(all(target_arch = "wasm32", feature = "rust-api"))]
#[path = "rust_api/mod.rs"]
pub mod api;
#[cfg(all(target_arch = "wasm32", feature = "rust-api"))]
pub use api::{
    ChatCompletionStream, Client, ClientOptions, Error, ErrorKind, EventStream, PollOptions,
    RequestOptions,
};
