//! `SseDecoder`: the core [`StreamDecoder`] as a JS object, fed once per network read by the
//! stream classes in `runtime.js`. Internal: not re-exported by the package entry.

use wasm_bindgen::prelude::*;

use super::errors;
use crate::resources::StreamKind;
use crate::stream::StreamDecoder;

/// Decodes one SSE response body (internal to the stream classes).
#[wasm_bindgen]
#[derive(Debug)]
pub struct SseDecoder {
    inner: StreamDecoder,
}

impl SseDecoder {
    pub(crate) fn new(kind: StreamKind) -> SseDecoder {
        SseDecoder {
            inner: StreamDecoder::new(kind),
        }
    }
}

#[wasm_bindgen]
impl SseDecoder {
    /// Feeds one read; returns the records (see `stream` in the core).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<u32>, JsValue> {
        match self.inner.feed(bytes) {
            Ok(r) => Ok(r.to_vec()),
            Err(e) => Err(errors::to_js(&e)),
        }
    }

    /// The body ended.
    pub fn finish(&mut self) -> Result<Vec<u32>, JsValue> {
        match self.inner.finish() {
            Ok(r) => Ok(r.to_vec()),
            Err(e) => Err(errors::to_js(&e)),
        }
    }

    /// The error announced by an error record.
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> JsValue {
        match self.inner.take_error() {
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
