//! [`EventStream`]: the chunks of a `stream: true` call as a [`Stream`]. The response body is
//! read with its `ReadableStreamDefaultReader`, each read copied into wasm once and framed by
//! the core ([`SseParser`], then [`stream::step`] per event: classify, and for chat accumulate); each
//! data payload is decoded with serde from those bytes. The idle timeout is the core's
//! [`idle_step`]; the caller's abort signal and dropping the stream end the request at once.
use crate::prelude::*;

use alloc::collections::VecDeque;
use core::fmt;
use core::future::{poll_fn, Future};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{ready, Context, Poll};

use futures_core::{FusedStream, Stream};
use js_sys::futures::JsFuture;
use js_sys::Uint8Array;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult};

use super::client::{decode, decode_error};
use super::driver::{self, Ctl, Opened, Timer, MAX_TIMER_MS};
use super::error::Error;
use super::types::{
    AgentChunk, ChatCompletion, ChatCompletionChunk, ChatMessage, SpeechChunk, TranscriptionChunk,
};
use crate::accumulate::ChatAccumulator;
use crate::error::{Error as CoreError, ErrorKind};
use crate::request::{idle_step, IdleStep, Secrets};
use crate::resources::StreamKind;
use crate::sse::{self, SseParser, DEFAULT_MAX_EVENT_BYTES};
use crate::stream::{self, Step};

/// The chunks of a streaming call, in order, as a [`Stream`](futures_core::stream::Stream) of
/// `Result<T, Error>`.
///
/// It ends (`None`) after the last chunk, or after yielding the error that ended it (a cut
/// connection, an error event, a chunk that is not JSON, the idle timeout, an abort). A chunk
/// that is JSON but does not fit `T` is yielded as an
/// [`ErrorKind::Decode`](crate::api::ErrorKind::Decode) error and the stream goes on. Dropping
/// the stream before its end cancels the request and frees everything it holds.
///
/// Iterate it with `StreamExt::next` (`futures-util` or `futures`):
/// `while let Some(chunk) = stream.next().await { let chunk = chunk?; .. }`.
pub struct EventStream<T> {
    /// The body being read; `None` once it is closed.
    body: Option<Body>,
    parser: SseParser,
    /// Chat streams: the answer so far, for [`final_completion`](EventStream::final_completion)
    /// (at most `maxResponseBytes`; dropped when the stream fails).
    accumulator: Option<ChatAccumulator>,
    /// `maxResponseBytes`, for the error when the accumulator is full.
    limit: usize,
    /// Data payloads not yet yielded.
    queue: VecDeque<Vec<u8>>,
    /// Nothing more will be read: `[DONE]`, the end of the body, or a failure.
    over: bool,
    /// The error to yield once the queue is empty.
    pending: Option<CoreError>,
    /// The error that ended the stream (what `final_completion` returns).
    failure: Option<CoreError>,
    /// Everything has been yielded.
    terminated: bool,
    what: &'static str,
    request_id: Option<String>,
    /// What its errors must not contain (the call's credential and key).
    secrets: Secrets,
    /// Chat streams: the request's `thinking.clear_thinking`, for
    /// [`assistant_message`](EventStream::assistant_message).
    pub(crate) clear_thinking: Option<bool>,
    /// The caller's signal, watched until the last item is yielded (the body may be long in).
    signal: Option<AbortSignal>,
    chunk: PhantomData<fn() -> T>,
}

/// The stream of `client.chat().completions().create_stream(..)`.
pub type ChatCompletionStream = EventStream<ChatCompletionChunk>;
/// The stream of `client.agents().invoke_stream(..)`.
pub type AgentStream = EventStream<AgentChunk>;
/// The stream of `client.audio().transcriptions().create_stream(..)`.
pub type TranscriptionStream = EventStream<TranscriptionChunk>;

/// `audio().speech().create_stream(..)`: pieces of base64 (or hex) audio.
pub type SpeechStream = EventStream<SpeechChunk>;

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("what", &self.what)
            .field("request_id", &self.request_id)
            .field("queued", &self.queue.len())
            .field("over", &self.over)
            .field("terminated", &self.terminated)
            .finish_non_exhaustive()
    }
}

/// An open response body.
#[derive(Debug)]
struct Body {
    reader: ReadableStreamDefaultReader,
    /// Aborts the request when dropped.
    _ctl: Ctl,
    /// The read in flight.
    read: Option<JsFuture>,
    /// When the read in flight started (ms since the epoch).
    reading_since: Option<f64>,
    /// `streamIdleTimeout` (ms).
    idle_ms: f64,
    /// The idle timer, re-armed lazily (not once per read).
    idle: Option<Timer>,
}

/// What one read of the body gave.
enum Read {
    Bytes(Vec<u8>),
    End,
    Failed(String),
    IdleTimeout,
}

impl Body {
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Poll<Read> {
        let read = match &mut self.read {
            Some(read) => read,
            None => {
                self.reading_since = Some(js_sys::Date::now());
                self.read.insert(JsFuture::from(self.reader.read()))
            }
        };
        if let Poll::Ready(result) = Pin::new(read).poll(cx) {
            self.read = None;
            self.reading_since = None;
            return Poll::Ready(match result {
                Err(e) => Read::Failed(driver::message(&e)),
                Ok(step) => {
                    let step: ReadableStreamReadResult = step.unchecked_into();
                    if step.get_done() == Some(true) {
                        Read::End
                    } else {
                        match step.get_value().dyn_into::<Uint8Array>() {
                            Ok(bytes) => Read::Bytes(bytes.to_vec()),
                            Err(_) => {
                                Read::Failed("the body sent something that is not bytes".into())
                            }
                        }
                    }
                }
            });
        }
        if self.idle.is_none() && self.idle_ms > 0.0 && self.idle_ms < MAX_TIMER_MS {
            self.idle = Some(Timer::new(self.idle_ms));
        }
        while let Some(timer) = &mut self.idle {
            if Pin::new(&mut timer.fired).poll(cx).is_pending() {
                break;
            }
            self.idle = None;
            match idle_step(self.reading_since, js_sys::Date::now(), self.idle_ms) {
                IdleStep::TimedOut => return Poll::Ready(Read::IdleTimeout),
                IdleStep::Rearm(ms) => self.idle = Some(Timer::new(ms)),
                IdleStep::Idle => {}
            }
        }
        Poll::Pending
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        // Cancels the body (then `_ctl` aborts the fetch). The promise is awaited by nobody, but
        // has handlers, so a rejection (an already failed body) is not reported as unhandled.
        drop(JsFuture::from(self.reader.cancel()));
    }
}

impl<T> EventStream<T> {
    /// The stream of a response whose head has arrived, for a call of `what`.
    pub(crate) fn new(opened: Opened, what: &'static str) -> Self {
        let Opened {
            kind,
            response,
            ctl,
            request_id,
            idle_ms,
            max_bytes,
            secrets,
        } = opened;
        let limit = max_bytes as usize;
        let mut stream = EventStream {
            body: None,
            parser: SseParser::new(DEFAULT_MAX_EVENT_BYTES),
            accumulator: (kind == StreamKind::Chat).then(|| ChatAccumulator::with_limit(limit)),
            limit,
            queue: VecDeque::new(),
            over: false,
            pending: None,
            failure: None,
            terminated: false,
            what,
            request_id,
            secrets,
            clear_thinking: None,
            signal: ctl.user_signal(),
            chunk: PhantomData,
        };
        match response
            .body()
            .map(|b| ReadableStreamDefaultReader::new(&b))
        {
            Some(Ok(reader)) => {
                stream.body = Some(Body {
                    reader,
                    _ctl: ctl,
                    read: None,
                    reading_since: None,
                    idle_ms,
                    idle: None,
                })
            }
            Some(Err(e)) => stream.fail(connection_lost(&driver::message(&e)), false),
            // No body at all: an empty stream.
            None => stream.feed(&[], true),
        }
        stream
    }

    /// The `x-request-id` of the response, when the server sent one.
    pub fn request_id(&self) -> Option<String> {
        self.request_id.clone()
    }

    /// Reads once more and handles what came.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(body) = &mut self.body else {
            self.over = true;
            return Poll::Ready(());
        };
        match ready!(body.poll_read(cx)) {
            Read::Bytes(bytes) => self.feed(&bytes, false),
            Read::End => self.feed(&[], true),
            Read::Failed(detail) => {
                if self.user_aborted() {
                    self.fail(aborted(), true);
                } else {
                    self.fail(connection_lost(&detail), false);
                }
            }
            Read::IdleTimeout => self.fail(
                CoreError::new(
                    ErrorKind::Timeout,
                    "No stream data received within the idle timeout",
                ),
                true,
            ),
        }
        Poll::Ready(())
    }

    /// Whether the caller's signal has fired. Also once the whole body is in (`[DONE]`): the
    /// caller cancels what it has not taken yet, so the next item is the abort (js-api.md:
    /// aborting rejects with `APIUserAbortError`, as the JS stream does).
    fn user_aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// Frames the next bytes of the body (`end`: the body ended) and queues their payloads.
    fn feed(&mut self, bytes: &[u8], end: bool) {
        let EventStream {
            parser,
            accumulator,
            queue,
            limit,
            ..
        } = self;
        // `Some(Ok)`: `[DONE]`; `Some(Err)`: an error frame. Nothing after either counts.
        let mut stop: Option<Result<(), CoreError>> = None;
        let mut on_event = |ev: &sse::Event<'_>| {
            if stop.is_some() {
                return;
            }
            let mut error = None;
            match stream::step(ev, accumulator, *limit, &mut error) {
                Step::Skip => {}
                Step::Done => stop = Some(Ok(())),
                Step::Failed => stop = error.map(Err),
                Step::Data => queue.push_back(ev.data.to_vec()),
            }
        };
        let framed = if end {
            parser.finish(&mut on_event)
        } else {
            parser.feed(bytes, &mut on_event)
        };
        // The spans of the JS text window are not used here; this keeps them small.
        parser.take_discard();
        match (framed, stop) {
            (Err(_), _) => self.fail(stream::event_too_large(), false),
            (Ok(()), Some(Ok(()))) => self.close(),
            (Ok(()), Some(Err(e))) => self.fail(e, false),
            (Ok(()), None) if end => {
                if stream::ended_incomplete(&self.accumulator) {
                    self.fail(stream::incomplete(), false);
                } else {
                    self.close();
                }
            }
            (Ok(()), None) => {}
        }
    }

    /// Nothing more is read: cancels the body and the request, and frees the parser's buffers
    /// (only the accumulated completion stays, for `final_completion`).
    fn close(&mut self) {
        self.over = true;
        self.body = None;
        self.parser.release();
        if let Some(acc) = &mut self.accumulator {
            acc.end();
        }
    }

    /// Ends the stream with `e`. Chunks that arrived before a failure of the stream itself are
    /// yielded first; an abort or a timeout (`drop_queue`) is the very next item.
    fn fail(&mut self, mut e: CoreError, drop_queue: bool) {
        // The first failure stands; a body that ended well can still be aborted (see
        // `user_aborted`).
        if self.failure.is_some() {
            return;
        }
        if e.request_id.is_none() {
            e.request_id.clone_from(&self.request_id);
        }
        self.secrets.scrub(&mut e);
        self.close();
        // `final_completion` returns the error now: the completion is of no more use.
        self.accumulator = None;
        if drop_queue {
            self.queue.clear();
        }
        self.pending = Some(e.clone());
        self.failure = Some(e);
    }
}

fn aborted() -> CoreError {
    CoreError::new(ErrorKind::UserAbort, "Request was aborted")
}

fn connection_lost(detail: &str) -> CoreError {
    let mut m = String::from("The connection was lost before the stream finished");
    if !detail.is_empty() {
        m.push_str(": ");
        m.push_str(detail);
    }
    CoreError::new(ErrorKind::Connection, m)
}

impl<T: DeserializeOwned> EventStream<T> {
    /// One queued payload as `T`. A payload that is not JSON ends the stream (as in the JS
    /// client); JSON that does not fit `T` is a [`ErrorKind::Decode`] error and the stream goes on.
    fn decode_chunk(&mut self, raw: Vec<u8>) -> Result<T, Error> {
        let text = match String::from_utf8(raw) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        match serde_json::from_str::<T>(&text) {
            Ok(chunk) => Ok(chunk),
            Err(e) if e.is_data() => Err(decode_error::<T>(self.what, &e, &text, &self.secrets)),
            Err(_) => {
                let mut e = CoreError::new(
                    ErrorKind::Api,
                    "The stream sent a chunk that is not valid JSON",
                );
                e.retryable = false;
                e.body = Some(text);
                e.request_id.clone_from(&self.request_id);
                self.secrets.scrub(&mut e);
                self.close();
                self.accumulator = None;
                self.queue.clear();
                self.failure = Some(e.clone());
                self.terminated = true;
                Err(e.into())
            }
        }
    }
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.terminated {
                return Poll::Ready(None);
            }
            if this.user_aborted() {
                this.fail(aborted(), true);
            }
            if let Some(raw) = this.queue.pop_front() {
                return Poll::Ready(Some(this.decode_chunk(raw)));
            }
            if let Some(e) = this.pending.take() {
                this.terminated = true;
                return Poll::Ready(Some(Err(e.into())));
            }
            if this.over {
                this.terminated = true;
                return Poll::Ready(None);
            }
            ready!(this.poll_fill(cx));
        }
    }
}

impl<T: DeserializeOwned> FusedStream for EventStream<T> {
    fn is_terminated(&self) -> bool {
        self.terminated
    }
}

impl EventStream<ChatCompletionChunk> {
    /// Reads the rest of the stream and returns the whole answer: content, reasoning, tool calls
    /// merged by index, finish reason and usage. Works before, during or after iterating (the
    /// chunks already taken are part of it); the error that ended the stream, if any, is
    /// returned instead.
    pub async fn final_completion(mut self) -> Result<ChatCompletion, Error> {
        loop {
            // Every payload read so far is in the accumulator already: none is decoded.
            self.queue.clear();
            if self.user_aborted() {
                self.fail(aborted(), true);
            }
            if self.over {
                break;
            }
            poll_fn(|cx| self.poll_fill(cx)).await;
        }
        self.terminated = true;
        if let Some(e) = self.failure.take() {
            return Err(e.into());
        }
        let text = self
            .accumulator
            .as_ref()
            .map_or_else(|| String::from("{}"), ChatAccumulator::to_json);
        decode(self.what, &text, &self.secrets)
    }

    /// Reads the rest of the stream like [`final_completion`](EventStream::final_completion)
    /// (and fails like it) and returns the assistant message to append to the request's
    /// `messages` for the next turn: [`ChatCompletion::assistant_message`] with the `thinking`
    /// of the request this stream answers, so `reasoning_content` goes back byte for byte for
    /// preserved thinking (`clear_thinking: Some(false)`) or with tool calls, and is left out
    /// otherwise.
    ///
    /// ```no_run
    /// # async fn turns(client: &zai_wasm::api::Client) -> Result<(), zai_wasm::api::Error> {
    /// use zai_wasm::api::types::{ChatCompletionRequest, ChatMessage, Thinking};
    ///
    /// let mut request = ChatCompletionRequest {
    ///     model: "glm-4.7".into(),
    ///     messages: vec![ChatMessage::user("Plan a trip.")],
    ///     thinking: Some(Thinking { clear_thinking: Some(false), ..Thinking::enabled() }),
    ///     ..Default::default()
    /// };
    /// for next in ["Now for two people.", "And a budget?"] {
    ///     let stream = client.chat().completions().create_stream(&request).await?;
    ///     // (iterate it to show the answer as it comes, then:)
    ///     request.messages.push(stream.assistant_message().await?);
    ///     request.messages.push(ChatMessage::user(next));
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn assistant_message(self) -> Result<ChatMessage, Error> {
        let clear_thinking = self.clear_thinking;
        self.final_completion()
            .await?
            .assistant_message_for(clear_thinking)
    }
}
