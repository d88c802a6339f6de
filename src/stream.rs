//! The stream decoder: SSE framing, chunk classification and (for chat) accumulation, producing
//! the compact record list the JS stream class consumes once per network read.
//!
//! Records (`u32`s): `[discard, (kind, segments, start0, end0, start1, end1, …)*]` where `discard`
//! is how many UTF-16 units JS may drop from the front of its text window after slicing, `kind` is
//! [`REC_DATA`], [`REC_DONE`] or [`REC_ERROR`], and each segment is a `[start, end)` UTF-16 range
//! of one `data:` line (JS joins several with `\n`). After `REC_DONE` or `REC_ERROR` nothing more is
//! recorded: the stream is over.
//!
//! ```
//! use zai_wasm::resources::StreamKind;
//! use zai_wasm::stream::{StreamDecoder, REC_DATA, REC_DONE};
//! let mut d = StreamDecoder::new(StreamKind::Chat);
//! let body = b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
//! let rec = d.feed(body).unwrap().to_vec();
//! assert_eq!(rec[1..4], [REC_DATA, 1, 6]);
//! assert_eq!(rec[5..7], [REC_DONE, 0]);
//! assert!(d.final_completion().contains("\"content\":\"Hi\""));
//! ```
use crate::prelude::*;

use crate::accumulate::ChatAccumulator;
use crate::chunk::{self, Chunk};
use crate::error::{Error, ErrorKind};
use crate::resources::StreamKind;
use crate::sse::{Event, SseParser, DEFAULT_MAX_EVENT_BYTES};
use crate::util;

/// A data chunk for `JSON.parse`.
pub const REC_DATA: u32 = 0;
/// `[DONE]`: the stream is complete.
pub const REC_DONE: u32 = 1;
/// An error frame; the error is taken with [`StreamDecoder::take_error`].
pub const REC_ERROR: u32 = 2;

/// Decodes one response body.
#[derive(Debug)]
pub struct StreamDecoder {
    parser: SseParser,
    accumulator: Option<ChatAccumulator>,
    records: Vec<u32>,
    error: Option<Error>,
    over: bool,
    /// The cap on the accumulated completion (`maxResponseBytes`).
    limit: usize,
}

impl StreamDecoder {
    #[cfg(not(target_arch = "wasm32"))] // for the native tests
    /// A decoder for one stream of this kind (chat streams also accumulate the final completion,
    /// up to the default `maxResponseBytes`).
    pub fn new(kind: StreamKind) -> Self {
        Self::with_limit(kind, crate::config::DEFAULT_MAX_RESPONSE_BYTES as usize)
    }

    /// A decoder whose chat accumulator keeps at most `limit` bytes (the call's
    /// `maxResponseBytes`): a stream whose completion would pass it ends with an error record
    /// naming the limit, as a non-stream answer of that size would.
    pub fn with_limit(kind: StreamKind, limit: usize) -> Self {
        StreamDecoder {
            parser: SseParser::new(DEFAULT_MAX_EVENT_BYTES),
            accumulator: (kind == StreamKind::Chat).then(|| ChatAccumulator::with_limit(limit)),
            records: Vec::new(),
            error: None,
            over: false,
            limit,
        }
    }

    /// Feeds the next bytes of the body; returns the records for them.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<&[u32], Error> {
        self.records.clear();
        self.records.push(0);
        let StreamDecoder {
            parser,
            accumulator,
            records,
            error,
            over,
            limit,
        } = self;
        let result = parser.feed(bytes, |ev| {
            on_event(ev, accumulator, records, error, over, *limit)
        });
        self.close_records(result)
    }

    /// The body ended: flushes a final event sent without its blank line, and reports a chat
    /// stream that stopped before its answer was complete.
    pub fn finish(&mut self) -> Result<&[u32], Error> {
        self.records.clear();
        self.records.push(0);
        let StreamDecoder {
            parser,
            accumulator,
            records,
            error,
            over,
            limit,
        } = self;
        let result =
            parser.finish(|ev| on_event(ev, accumulator, records, error, over, *limit));
        if result.is_ok() && !self.over && ended_incomplete(&self.accumulator) {
            return Err(incomplete());
        }
        self.close_records(result)
    }

    /// The error announced by a [`REC_ERROR`] record.
    pub fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }

    /// Whether the stream is over (`[DONE]` or an error frame arrived): later bytes are ignored.
    pub fn is_over(&self) -> bool {
        self.over
    }

    /// The accumulated `ChatCompletion` JSON (chat streams; `{}` for other kinds).
    pub fn final_completion(&self) -> String {
        match &self.accumulator {
            Some(acc) => acc.to_json(),
            None => String::from("{}"),
        }
    }

    fn close_records(&mut self, result: Result<(), crate::sse::SseError>) -> Result<&[u32], Error> {
        if result.is_err() {
            return Err(event_too_large());
        }
        let discard = self.parser.take_discard();
        if let Some(first) = self.records.first_mut() {
            *first = discard;
        }
        Ok(&self.records)
    }
}

/// The error of a chat stream whose completion would pass `limit` bytes.
pub fn completion_too_large(limit: usize) -> Error {
    let mut m = String::from("The streamed completion is larger than maxResponseBytes (");
    util::push_u64(&mut m, limit as u64);
    m.push_str(" bytes)");
    Error::new(ErrorKind::Api, m)
}

/// What one SSE event is to the stream (see [`step`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Nothing for the caller (a keep-alive, an empty event).
    Skip,
    /// A chunk for the caller (already accumulated for chat).
    Data,
    /// `[DONE]`: the stream is complete.
    Done,
    /// The stream ends with the error `step` wrote: an error frame, or the completion passed
    /// `limit`.
    Failed,
}

/// The one decision both stream paths (the JS records and the Rust API's `EventStream`) make per
/// event: classify it and, for a chat data chunk, accumulate it. A completion that would pass
/// `limit` bytes drops the accumulator at once (nothing more is kept) and fails the stream. On
/// [`Step::Failed`] the error is in `error`.
pub(crate) fn step(
    ev: &Event<'_>,
    accumulator: &mut Option<ChatAccumulator>,
    limit: usize,
    error: &mut Option<Error>,
) -> Step {
    match chunk::classify(ev.event, ev.data) {
        Chunk::Skip => Step::Skip,
        Chunk::Done => Step::Done,
        Chunk::Error => {
            *error = Some(Error::from_payload(ev.data));
            Step::Failed
        }
        Chunk::Data => {
            if let Some(acc) = accumulator {
                acc.push(ev.data);
                if acc.is_full() {
                    *accumulator = None;
                    *error = Some(completion_too_large(limit));
                    return Step::Failed;
                }
            }
            Step::Data
        }
    }
}

/// The error of an SSE event past the parser's cap.
pub(crate) fn event_too_large() -> Error {
    Error::new(ErrorKind::Api, "A stream event exceeded the 16 MiB size limit")
}

/// Whether a chat body that ended (without `[DONE]`) lacks its `finish_reason`: an answer cut short.
pub(crate) fn ended_incomplete(accumulator: &Option<ChatAccumulator>) -> bool {
    accumulator.as_ref().is_some_and(|acc| !acc.has_finish_reason())
}

/// The error of a chat body cut short (see [`ended_incomplete`]).
pub(crate) fn incomplete() -> Error {
    Error::new(
        ErrorKind::Connection,
        "The stream ended before the answer was complete (no finish_reason and no [DONE])",
    )
}

fn on_event(
    ev: &Event<'_>,
    accumulator: &mut Option<ChatAccumulator>,
    records: &mut Vec<u32>,
    error: &mut Option<Error>,
    over: &mut bool,
    limit: usize,
) {
    if *over {
        return;
    }
    match step(ev, accumulator, limit, error) {
        Step::Skip => {}
        Step::Done => {
            *over = true;
            records.extend_from_slice(&[REC_DONE, 0]);
        }
        Step::Failed => {
            *over = true;
            records.extend_from_slice(&[REC_ERROR, 0]);
        }
        Step::Data => {
            records.push(REC_DATA);
            records.push(ev.segments.len() as u32);
            for s in ev.segments {
                records.push(s.start);
                records.push(s.end);
            }
        }
    }
}
