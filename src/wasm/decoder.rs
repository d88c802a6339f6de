//! `SseDecoder`: the core [`StreamDecoder`] as a JS object, fed once per network read by the
//! stream classes in `runtime.js`. Internal: not re-exported by the package entry.
//!
//! Nothing is copied through the wasm-bindgen glue on the hot path, and a read costs one call
//! into wasm: JS writes each read straight into [`SseDecoder::input`]'s buffer (asking for its
//! address only when it must grow) and reads the records that [`SseDecoder::feed`] returns the
//! address of, both through views of the module's memory ([`SseDecoder::memory`]). A profile of
//! small paced reads put the glue's malloc + copy in and copy + free out at ~5 µs per read.
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::errors;
use crate::error::Error;
use crate::request::Secrets;
use crate::resources::StreamKind;
use crate::stream::StreamDecoder;

/// Decodes one SSE response body (internal to the stream classes).
#[wasm_bindgen]
#[derive(Debug)]
pub struct SseDecoder {
    inner: StreamDecoder,
    /// The next read, written here by JS (kept between reads: it only grows).
    input: Vec<u8>,
    /// The records of the last `feed`/`finish` after their length: `[n, records…]`.
    out: Vec<u32>,
    /// A failure of `feed`/`finish` (the framing itself, e.g. an event over the size cap).
    failure: Option<Error>,
    /// What the call's errors must not contain (an error event may echo the credential).
    secrets: Secrets,
}

impl SseDecoder {
    /// A decoder for a stream of `kind` whose chat completion may keep `limit` bytes and whose
    /// errors are scrubbed of `secrets`.
    pub(crate) fn new(kind: StreamKind, limit: usize, secrets: Secrets) -> SseDecoder {
        SseDecoder {
            inner: StreamDecoder::with_limit(kind, limit),
            input: Vec::new(),
            out: Vec::new(),
            failure: None,
            secrets,
        }
    }
}

/// Copies `records` after their length into `out` and returns its address, or records the
/// failure and returns null.
fn settle(
    out: &mut Vec<u32>,
    failure: &mut Option<Error>,
    result: Result<&[u32], Error>,
) -> *const u32 {
    match result {
        Ok(records) => {
            out.clear();
            out.push(u32::try_from(records.len()).unwrap_or(u32::MAX));
            out.extend_from_slice(records);
            out.as_ptr()
        }
        Err(e) => {
            *failure = Some(e);
            core::ptr::null()
        }
    }
}

#[wasm_bindgen]
impl SseDecoder {
    /// The module's `WebAssembly.Memory` (JS views the input buffer and the records through it).
    pub fn memory(&self) -> JsValue {
        wasm_bindgen::memory()
    }

    /// The address where JS writes the next read of up to `len` bytes before calling `feed`;
    /// the same for every `len` up to the largest asked for so far (the buffer only grows). The
    /// buffer is gone once a `feed` fails or ends the stream, and after `finish`.
    pub fn input(&mut self, len: usize) -> *mut u8 {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_mut_ptr()
    }

    /// Decodes the `len` bytes written at `input(len)`. Returns the address of `[n, records…]`
    /// (`n` words of records, see `stream` in the core; valid until the next call), or 0 on
    /// failure (see `takeError`). Once the stream is over the input buffer goes: a finished chat
    /// stream's decoder lives on (for `finalChatCompletion()`) and must not keep a read.
    pub fn feed(&mut self, len: usize) -> *const u32 {
        let SseDecoder {
            inner,
            input,
            out,
            failure,
            ..
        } = self;
        let at = settle(
            out,
            failure,
            inner.feed(input.get(..len).unwrap_or_default()),
        );
        if at.is_null() || self.inner.is_over() {
            self.input = Vec::new();
        }
        at
    }

    /// The body ended: the last records, as for `feed`.
    pub fn finish(&mut self) -> *const u32 {
        self.input = Vec::new();
        let SseDecoder {
            inner,
            out,
            failure,
            ..
        } = self;
        settle(out, failure, inner.finish())
    }

    /// The failure of `feed`/`finish`, else the error announced by an error record (scrubbed
    /// of the call's secrets).
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> JsValue {
        match self.failure.take().or_else(|| self.inner.take_error()) {
            Some(mut e) => {
                self.secrets.scrub(&mut e);
                errors::to_js(&e)
            }
            None => JsValue::UNDEFINED,
        }
    }

    /// The accumulated `ChatCompletion` as JSON text.
    #[wasm_bindgen(js_name = finalCompletion)]
    pub fn final_completion(&self) -> String {
        self.inner.final_completion()
    }
}
