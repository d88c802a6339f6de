//! # Rust API
//!
//! The typed Rust API for Rust web apps (Leptos, Dioxus, Yew, plain `wasm-bindgen`) on
//! `wasm32`: enable the `rust-api` feature.
//!
//! ```toml
//! zai-wasm = { version = "0.1", features = ["rust-api"] }
//! ```
//!
//! It drives the same request machine as the JS `ZaiClient` (the core's request module), so parameter
//! checks (an [`ErrorKind::InvalidRequest`] error naming the field, before anything is sent),
//! retries, timeouts, abort signals and errors behave exactly as documented for JS in the
//! package README (`src/wasm/README.md`). It performs the machine's actions itself, in Rust: `fetch`, timers and the response
//! body's reader come from `web_sys`, the request goes out as the JSON text serde wrote (the text
//! the machine validated), and answers and stream chunks are decoded with serde from the bytes
//! copied into wasm once, never through a JS object. Requests and responses are the serde structs
//! of [`types`], with the wire's field names.
//!
//! * [`Client::new`] with [`ClientOptions`]; [`Client::with_options`] for per-call
//!   [`RequestOptions`] (timeout, retries, headers, a `web_sys::AbortSignal`).
//! * One handle per resource, each a thin borrow of the client:
//!   [`chat().completions()`](Client::chat) (`create`, `create_stream`, `create_async`),
//!   [`images()`](Client::images), [`videos()`](Client::videos),
//!   [`async_result()`](Client::async_result) (`retrieve`, `poll`),
//!   [`web_search()`](Client::web_search), [`agents()`](Client::agents),
//!   [`files()`](Client::files), [`embeddings()`](Client::embeddings),
//!   [`tokenizer()`](Client::tokenizer), [`web_reader()`](Client::web_reader),
//!   [`layout_parsing()`](Client::layout_parsing),
//!   [`audio()`](Client::audio) (`transcriptions()`, `speech()`, `customization()`),
//!   [`models()`](Client::models), [`moderations()`](Client::moderations),
//!   [`batches()`](Client::batches), [`voice()`](Client::voice),
//!   [`file_parser()`](Client::file_parser), [`ocr()`](Client::ocr), and
//!   [`request()`](Client::request) for any path under the base URL. Binary answers (a file's
//!   content, speech audio) are the `web_sys::Response`, its status checked.
//! * Streaming calls return an [`EventStream`] ([`ChatCompletionStream`], [`AgentStream`],
//!   [`TranscriptionStream`]): a [`Stream`](futures_core::stream::Stream) of `Result<chunk, Error>`; dropping
//!   it cancels the request; [`ChatCompletionStream::final_completion`] gives the accumulated
//!   answer.
//! * Every failure is an [`Error`] with the JS error's fields (`kind`, `status`, `code`,
//!   `request_id`, `retryable`, `body`), made from the core's error directly; an answer that
//!   does not fit its type is an [`ErrorKind::Decode`] error, never a panic.
//! * Uploads (`files`, `audio`) take a `web_sys::Blob` (a `web_sys::File` converts with
//!   `.into()`: from an `<input type="file">`, or `gloo-file`).
//!
//! The types are `!Send` (they hold JS values): run calls with
//! `wasm_bindgen_futures::spawn_local` or your framework's local task spawner (Leptos
//! `spawn_local`, Dioxus `spawn`, Yew `spawn_local`).
//!
//! ## Example
//!
//! A client that talks to your own key-adding proxy, one whole answer and one streamed into the
//! UI. This file is `tests/web/rust_api_example.rs`: the browser tests run it against the mock
//! server.
//!
//! ```rust,ignore
#![doc = include_str!("../../tests/web/rust_api_example.rs")]
//! ```

mod agents;
mod async_result;
mod audio;
mod chat;
mod client;
mod driver;
mod embeddings;
mod error;
mod files;
mod images;
mod layout_parsing;
mod platform;
mod stream;
mod tokenizer;
pub mod types;
mod videos;
mod web_reader;
mod web_search;

pub use agents::Agents;
pub use async_result::{AsyncResults, PollOptions};
pub use audio::{Audio, Transcriptions};
pub use chat::{Chat, Completions};
pub use client::{Client, ClientOptions, MaxConcurrency, RequestOptions};
pub use embeddings::Embeddings;
pub use error::{Error, ErrorKind};
pub use files::Files;
pub use images::Images;
pub use layout_parsing::LayoutParsing;
pub use platform::{
    Batches, FileParser, Models, Moderations, Ocr, RawAnswer, Speech, SpeechCustomization, Voices,
};
pub use stream::{
    AgentStream, ChatCompletionStream, EventStream, SpeechStream, TranscriptionStream,
};
pub use tokenizer::Tokenizer;
pub use videos::Videos;
pub use web_reader::WebReader;
pub use web_search::WebSearch;
