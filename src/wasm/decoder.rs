//! `SseDecoder`: the core [`StreamDecoder`] as a JS object, fed once per network read by the
//! stream classes in `runtime.js`. Internal: not re-exported by the package entry.
//!
//! Nothing is copied through the wasm-bindgen glue on the hot path: JS writes each read straight
//! into [`SseDecoder::input`]'s buffer and reads the records through a view of
//! [`SseDecoder::records`], both in the module's memory ([`SseDecoder::memory`]). A profile of
//! small paced reads put the glue's malloc + copy in and copy + free out at ~5 µs per read.

use wasm_bindgen::prelude::*;

use super::errors;
use crate::error::Error;
use crate::resources::StreamKind;
use crate::stream::StreamDecoder;

/// What `feed` and `finish` return when decoding failed: the error is taken with `takeError`.
const FAILED: u32 = u32::MAX;

/// Decodes one SSE response body (internal to the stream classes).
#[wasm_bindgen]
#[derive(Debug)]
pub struct SseDecoder {
    inner: StreamDecoder,
    /// The next read, written here by JS (kept between reads: it only grows).
    input: Vec<u8>,
    /// Where the records of the last `feed`/`finish` start.
    records: *const u32,
    /// A failure of `feed`/`finish` (the framing itself, e.g. an event over the size cap).
    failure: Option<Error>,
}

impl SseDecoder {
    pub(crate) fn new(kind: StreamKind) -> SseDecoder {
        SseDecoder {
            inner: StreamDecoder::new(kind),
            input: Vec::new(),
            records: std::ptr::null(),
            failure: None,
        }
    }

    /// Keeps where the records are and returns how many words they have, or records a failure.
    /// Once the stream is over the input buffer goes: a finished chat stream's decoder lives on
    /// (for `finalChatCompletion()`) until its JS object is collected, and must not keep a read.
    fn settle(&mut self, result: Result<(*const u32, usize), Error>) -> u32 {
        if result.is_err() || self.inner.is_over() {
            self.input = Vec::new();
        }
        match result {
            Ok((ptr, len)) => {
                self.records = ptr;
                u32::try_from(len).unwrap_or(FAILED)
            }
            Err(e) => {
                self.failure = Some(e);
                FAILED
            }
        }
    }
}

#[wasm_bindgen]
impl SseDecoder {
    /// The module's `WebAssembly.Memory` (JS views `input` and `records` through it).
    pub fn memory(&self) -> JsValue {
        wasm_bindgen::memory()
    }

    /// The address where JS writes the next read of `len` bytes before calling `feed(len)`.
    pub fn input(&mut self, len: usize) -> *mut u8 {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_mut_ptr()
    }

    /// Decodes the `len` bytes written at `input(len)`; returns how many record words (see
    /// `stream` in the core) are at `records()`, or `0xFFFFFFFF` on failure (see `takeError`).
    pub fn feed(&mut self, len: usize) -> u32 {
        let bytes = self.input.get(..len).unwrap_or_default();
        let result = self.inner.feed(bytes).map(|r| (r.as_ptr(), r.len()));
        self.settle(result)
    }

    /// The body ended: the last records, as for `feed`.
    pub fn finish(&mut self) -> u32 {
        self.input = Vec::new();
        let result = self.inner.finish().map(|r| (r.as_ptr(), r.len()));
        self.settle(result)
    }

    /// The address of the records of the last `feed`/`finish` (valid until the next call).
    pub fn records(&self) -> *const u32 {
        self.records
    }

    /// The failure of `feed`/`finish`, else the error announced by an error record.
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> JsValue {
        match self.failure.take().or_else(|| self.inner.take_error()) {
            Some(e) => errors::to_js(&e),
            None => JsValue::UNDEFINED,
        }
    }

    /// The accumulated `ChatCompletion` as JSON text.
    #[wasm_bindgen(js_name = finalCompletion)]
    pub fn final_completion(&self) -> String {
        self.inner.final_completion()
    }
}
