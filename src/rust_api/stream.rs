//! [`EventStream`]: the chunks of a `stream: true` call as a [`Stream`], on top of
//! the JS stream object the transport returns (`next()` resolving to `{done, value}`,
//! `return()` cancelling the request). Dropping it before the end cancels the request.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use js_sys::{Promise, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::client::decode;
use super::error::Error;
use super::types::{AgentChunk, ChatCompletion, ChatCompletionChunk, TranscriptionChunk};
use crate::resources::{Endpoint, StreamKind};

#[wasm_bindgen]
extern "C" {
    /// A `ChatCompletionStream`, `AgentStream` or `TranscriptionStream` of the runtime.
    #[derive(Debug, Clone)]
    type JsStream;
    #[wasm_bindgen(method, catch)]
    fn next(this: &JsStream) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = "return")]
    fn cancel(this: &JsStream) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = finalChatCompletion)]
    fn final_chat_completion(this: &JsStream) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, getter, js_name = requestId)]
    fn request_id(this: &JsStream) -> Option<String>;
}

/// The chunks of a streaming call, in order, as a [`Stream`](futures_core::stream::Stream) of
/// `Result<T, Error>`.
///
/// It ends (`None`) after the last chunk, or after yielding the error that ended it (a cut
/// connection, an error event, a timeout, an abort). A chunk that does not fit `T` is yielded
/// as an [`ErrorKind::Decode`](crate::api::ErrorKind::Decode) error and the stream goes on.
/// Dropping the stream before its end cancels the request; dropping a chat stream also frees
/// its accumulator at once (the JS stream keeps it for `finalChatCompletion()`).
///
/// Iterate it with `StreamExt::next` (`futures-util` or `futures`):
/// `while let Some(chunk) = stream.next().await { let chunk = chunk?; .. }`.
#[derive(Debug)]
pub struct EventStream<T> {
    js: JsStream,
    pending: Option<JsFuture>,
    finished: bool,
    /// A chat stream whose accumulator (wasm memory) is still held: the JS stream keeps it for
    /// `finalChatCompletion()` and frees it once that has run.
    holds_accumulator: bool,
    what: &'static str,
    chunk: PhantomData<fn() -> T>,
}

/// The stream of `client.chat().completions().create_stream(..)`.
pub type ChatCompletionStream = EventStream<ChatCompletionChunk>;
/// The stream of `client.agents().invoke_stream(..)`.
pub type AgentStream = EventStream<AgentChunk>;
/// The stream of `client.audio().transcriptions().create_stream(..)`.
pub type TranscriptionStream = EventStream<TranscriptionChunk>;

impl<T> EventStream<T> {
    /// Wraps the stream object the transport returned for a call of `ep`.
    pub(crate) fn new(js: JsValue, ep: &'static Endpoint) -> Self {
        EventStream {
            js: js.unchecked_into(),
            pending: None,
            finished: false,
            holds_accumulator: ep.stream == Some(StreamKind::Chat),
            what: ep.name,
            chunk: PhantomData,
        }
    }

    /// The `x-request-id` of the response, when the server sent one.
    pub fn request_id(&self) -> Option<String> {
        self.js.request_id()
    }
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        let next = match &mut this.pending {
            Some(next) => next,
            None => match this.js.next() {
                Ok(p) => this.pending.insert(JsFuture::from(p)),
                Err(e) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(Error::from_js(&e))));
                }
            },
        };
        let result = match Pin::new(next).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r,
        };
        this.pending = None;
        let step = match result {
            Ok(step) => step,
            Err(e) => {
                this.finished = true;
                return Poll::Ready(Some(Err(Error::from_js(&e))));
            }
        };
        let get = |key: &str| Reflect::get(&step, &JsValue::from_str(key)).unwrap_or_default();
        if get("done").as_bool() == Some(true) {
            this.finished = true;
            return Poll::Ready(None);
        }
        Poll::Ready(Some(decode(this.what, &get("value"))))
    }
}

impl<T: DeserializeOwned> FusedStream for EventStream<T> {
    fn is_terminated(&self) -> bool {
        self.finished
    }
}

impl<T> Drop for EventStream<T> {
    fn drop(&mut self) {
        if !self.finished {
            // Cancels the fetch and the body reader; the promise only reports `{done: true}`.
            let _ = self.js.cancel();
        }
        if self.holds_accumulator {
            // The JS stream frees a chat accumulator once its final completion has been taken,
            // else only when the garbage collector finalizes it, and wasm memory growth does not
            // prompt a collection: take it now (it merges what already arrived, nothing more is
            // read) and drop the answer.
            if let Ok(p) = self.js.final_chat_completion() {
                spawn_local(async move {
                    let _ = JsFuture::from(p).await;
                });
            }
        }
    }
}

impl EventStream<ChatCompletionChunk> {
    /// Reads the rest of the stream and returns the whole answer: content, reasoning, tool calls
    /// merged by index, finish reason and usage. Works before, during or after iterating (the
    /// chunks already taken are part of it); the error that ended the stream, if any, is
    /// returned instead.
    pub async fn final_completion(mut self) -> Result<ChatCompletion, Error> {
        self.pending = None;
        self.holds_accumulator = false;
        let promise = self
            .js
            .final_chat_completion()
            .map_err(|e| Error::from_js(&e))?;
        let result = JsFuture::from(promise).await;
        self.finished = true;
        decode(self.what, &result.map_err(|e| Error::from_js(&e))?)
    }
}
