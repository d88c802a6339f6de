//! Server-Sent Events: a push-style, I/O-free parser for `text/event-stream` bodies.
//!
//! [`SseParser`] implements the WHATWG HTML "event stream interpretation"
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>)
//! directly on the raw body bytes, in whatever pieces the network delivers them. Besides the
//! events themselves it counts UTF-16 code units exactly as a JS `TextDecoder('utf-8')` produces
//! them (the WHATWG Encoding "UTF-8 decoder", <https://encoding.spec.whatwg.org/#utf-8-decoder>),
//! so the JS side can decode every read once and cut each payload out of the decoded text by
//! offset, instead of crossing the wasm boundary with strings.
//!
//! # The UTF-16 text window
//!
//! JS keeps a string `text` holding a window of the decoded body. The parser tracks where that
//! window starts (a running UTF-16 offset `W`, initially 0). For every network read the JS side
//! does (schematically; the binding layer packs the calls into one):
//!
//! ```js
//! text += decoder.decode(bytes, { stream: true }); // new TextDecoder('utf-8'), non-fatal
//! parser.feed(bytes, onEvent);                     // spans are relative to W
//! text = text.slice(parser.take_discard());        // drop what is no longer needed
//! ```
//!
//! and at the end of the body `text += decoder.decode(); parser.finish(onEvent);`. Each
//! [`Span`] of an [`Event`] is relative to `W` as it was when the `feed`/`finish` call began, so
//! `event.segments.map(s => text.slice(s.start, s.end)).join('\n')` is the event's data as a JS
//! string. [`SseParser::take_discard`] then moves `W` forward to the earliest offset still needed.
//!
//! # Interpretation choices
//!
//! * One leading UTF-8 BOM (`EF BB BF`) is skipped, even when split across reads; it counts 0
//!   UTF-16 units, as `TextDecoder` strips it too. A later BOM is ordinary text.
//! * [`SseParser::finish`] dispatches a pending event that lacks its final blank line (WHATWG
//!   discards it). A truncated final chunk is then still seen by the caller, which decides.
//! * `id:` and `retry:` are ignored like any unknown field: the client never reconnects, so
//!   neither the last event ID nor the reconnection time has a use (and neither is buffered).
//! * Memory is bounded by `max_event_bytes`, on both sides of the seam: see [`SseParser::new`].
#![forbid(unsafe_code)]

use crate::prelude::*;

/// Default cap for one line plus the pending event's data, in bytes.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// What a data line of a pending event counts against the cap besides its text: its span here,
/// its record and the string the JS side joins for it take memory even when the line is empty
/// (a 16 MiB event holds at most ~240,000 data lines, not ~3 million empty ones).
pub const DATA_LINE_COST: u64 = 64;

/// A range of UTF-16 code units `[start, end)` in the JS text window (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First UTF-16 unit of the range, relative to the window start.
    pub start: u32,
    /// One past the last UTF-16 unit of the range, relative to the window start.
    pub end: u32,
}

/// Why the parser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SseError {
    /// A line or an event's data exceeded the cap given to [`SseParser::new`].
    TooLarge,
}

/// One dispatched event, borrowed from the parser for the duration of the callback.
#[derive(Debug)]
pub struct Event<'a> {
    /// The `event:` field value as sent; empty when none was sent (i.e. type "message").
    pub event: &'a [u8],
    /// The data lines joined with b'\n' (no trailing newline), as raw UTF-8 bytes.
    pub data: &'a [u8],
    /// One span per `data` line: where that line's value sits in the JS text window.
    pub segments: &'a [Span],
}

/// A push-style Server-Sent Events parser over raw body bytes.
///
/// Feed it the body with [`feed`](Self::feed) in pieces of any size, call
/// [`finish`](Self::finish) at the end, and [`take_discard`](Self::take_discard) after each of
/// those calls if the JS text window is in use. After an error every further call returns the
/// same error; the parser should be dropped.
#[derive(Debug)]
pub struct SseParser {
    /// The cap on a kept line and on the pending data.
    max: usize,
    /// Bytes of a line split across feeds (only in `LineState::Partial`).
    line: Vec<u8>,
    /// The pending event's data lines joined with LF.
    data: Vec<u8>,
    /// The event type buffer.
    event: Vec<u8>,
    /// One span per pending data line, relative to `base` (so moving the window costs nothing
    /// per line; they are made relative to the window once, when the event is dispatched).
    segments: Vec<Span>,
    /// Global UTF-16 offset of the first pending data line's value (what the window must keep).
    base: u64,
    /// Where the UTF-8 decoder stands.
    utf8: Utf16Counter,
    /// What is known of the current line.
    state: LineState,
    /// Leading BOM bytes matched so far; `3` once the stream start is behind us.
    bom: u8,
    /// The last byte seen was a CR ending a line: a LF right after it belongs to it.
    pending_cr: bool,
    /// An error was returned; the parser is unusable.
    failed: bool,
    /// Global UTF-16 offset of the end of the text decoded so far.
    pos: u64,
    /// Global UTF-16 offset of the start of the current line.
    line_start: u64,
    /// Global UTF-16 offset of the JS window start.
    win: u64,
}

/// What the parser holds of the current line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineState {
    /// No byte of the line has been seen yet.
    Start,
    /// The line started in an earlier feed; its bytes are in `SseParser::line`.
    Partial,
    /// The line started in an earlier feed and is ignored (a comment or an unknown field).
    Skip,
}

/// How a line (or the start of one) is to be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A field the parser acts on: `data` or `event`.
    Keep,
    /// Too short to tell (a prefix of a field name, no colon yet).
    Maybe,
    /// A comment or a field the parser ignores.
    Skip,
}

/// The UTF-8 byte order mark.
const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// The field names the parser acts on.
const FIELDS: [&[u8]; 2] = [b"data", b"event"];

/// A field the parser acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// `data`: append a line to the pending data.
    Data,
    /// `event`: set the event type.
    Event,
}

impl Field {
    /// The field named `name`, if the parser acts on it.
    fn of(name: &[u8]) -> Option<Self> {
        match name {
            b"data" => Some(Self::Data),
            b"event" => Some(Self::Event),
            _ => None,
        }
    }
}

impl Default for SseParser {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_EVENT_BYTES)
    }
}

impl SseParser {
    /// A parser for a new stream.
    ///
    /// `max_event_bytes` caps what either side of the seam must hold, as soon as the bytes
    /// arrive: [`feed`](Self::feed) or [`finish`](Self::finish) return [`SseError::TooLarge`]
    /// for a `data` or `event` line longer than this (field name and value, without
    /// the line terminator), for an event whose [`Event::data`] would grow longer than this, and
    /// for a pending event whose text window (from its first data line's value to the last byte
    /// fed, in UTF-16 units: every line of it counts, comments, empty `data` lines and unknown
    /// fields included) plus [`DATA_LINE_COST`] per data line would grow past this. Comments and
    /// unknown fields outside a pending event are never buffered, so they may be of any length.
    /// Memory use is therefore O(`max_event_bytes`) whatever the input: the line and data
    /// buffers never take more than the cap (their capacity stops there), and the span list
    /// takes 8 of the 64 bytes each data line counts.
    pub fn new(max_event_bytes: usize) -> Self {
        Self {
            max: max_event_bytes,
            line: Vec::new(),
            data: Vec::new(),
            event: Vec::new(),
            segments: Vec::new(),
            base: 0,
            utf8: Utf16Counter::new(),
            state: LineState::Start,
            bom: 0,
            pending_cr: false,
            failed: false,
            pos: 0,
            line_start: 0,
            win: 0,
        }
    }

    /// Feed the next bytes of the body (any split, including 1 byte and inside UTF-8 sequences
    /// and between CR and LF). Calls `on_event` for each dispatched event in order.
    ///
    /// # Errors
    ///
    /// [`SseError::TooLarge`] when a line or the pending data exceeds the cap; events before the
    /// offending line have been delivered.
    pub fn feed(
        &mut self,
        bytes: &[u8],
        mut on_event: impl FnMut(&Event<'_>),
    ) -> Result<(), SseError> {
        if self.failed {
            return Err(SseError::TooLarge);
        }
        let rest = self.skip_bom(bytes, &mut on_event)?;
        self.process(rest, &mut on_event)
    }

    /// End of body: treats an unterminated last line as complete and DISPATCHES a pending event
    /// even without the final blank line (deliberate deviation from WHATWG, which discards it),
    /// and flushes the UTF-8 counter (an incomplete trailing sequence counts as one U+FFFD, like
    /// `TextDecoder`'s final `decode()`). Call it once; the parser is then at a line start with
    /// nothing pending.
    ///
    /// # Errors
    ///
    /// [`SseError::TooLarge`] as for [`feed`](Self::feed).
    pub fn finish(&mut self, mut on_event: impl FnMut(&Event<'_>)) -> Result<(), SseError> {
        if self.failed {
            return Err(SseError::TooLarge);
        }
        if self.bom < 3 {
            // The body ended inside what looked like a BOM: those bytes are text after all.
            self.replay_bom(&mut on_event)?;
        }
        self.pending_cr = false;
        if self.utf8.flush() {
            self.pos += 1;
        }
        if self.state == LineState::Partial {
            let mut line = core::mem::take(&mut self.line);
            let result = self.field_line(&line, &mut on_event);
            line.clear();
            self.line = line;
            result?;
        }
        self.state = LineState::Start;
        self.line_start = self.pos;
        self.dispatch(&mut on_event);
        Ok(())
    }

    /// How many UTF-16 units the JS side may now drop from the front of its text window;
    /// advances the window start by that much.
    ///
    /// The window must keep everything from the first data line of the pending event, or, with
    /// no pending data, from the start of the current incomplete line (nothing of a line that
    /// is being ignored). Call it after every [`feed`](Self::feed) and [`finish`](Self::finish)
    /// whose spans are used: spans are `u32` offsets from the window start, so they saturate if
    /// the window is never advanced past 4 Gi units.
    pub fn take_discard(&mut self) -> u32 {
        let from = if !self.segments.is_empty() {
            self.base
        } else if self.state == LineState::Skip {
            self.pos
        } else {
            self.line_start
        };
        let k = self.rel(from);
        self.win += u64::from(k);
        k
    }

    #[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
    /// Frees the buffers of a parser that will not be fed again (what it holds of an
    /// unfinished line or event is dropped).
    pub fn release(&mut self) {
        self.line = Vec::new();
        self.data = Vec::new();
        self.segments = Vec::new();
        self.event = Vec::new();
        self.state = LineState::Start;
    }

    /// Skips a leading BOM, holding a partial one across feeds; returns the bytes after it.
    fn skip_bom<'b>(
        &mut self,
        mut bytes: &'b [u8],
        on_event: &mut dyn FnMut(&Event<'_>),
    ) -> Result<&'b [u8], SseError> {
        while self.bom < 3 {
            let Some((&byte, tail)) = bytes.split_first() else {
                break;
            };
            if BOM.get(usize::from(self.bom)) == Some(&byte) {
                self.bom += 1;
                bytes = tail;
            } else {
                self.replay_bom(on_event)?;
            }
        }
        Ok(bytes)
    }

    /// The held BOM prefix turned out not to be a BOM: parse it as ordinary bytes.
    fn replay_bom(&mut self, on_event: &mut dyn FnMut(&Event<'_>)) -> Result<(), SseError> {
        let held = BOM.get(..usize::from(self.bom)).unwrap_or_default();
        self.bom = 3;
        self.process(held, on_event)
    }

    /// Splits `rest` into lines and handles each; keeps what an incomplete last line needs.
    fn process(
        &mut self,
        mut rest: &[u8],
        on_event: &mut dyn FnMut(&Event<'_>),
    ) -> Result<(), SseError> {
        if self.pending_cr {
            let Some((&first, tail)) = rest.split_first() else {
                return Ok(());
            };
            self.pending_cr = false;
            if first == b'\n' {
                self.pos += 1;
                self.line_start = self.pos;
                rest = tail;
            }
        }
        loop {
            let (len, units) = self.utf8.scan(rest);
            self.pos += units;
            let (line, tail) = rest.split_at_checked(len).unwrap_or((rest, &[]));
            let Some((&terminator, tail)) = tail.split_first() else {
                return self.hold(line);
            };
            self.check_window()?;
            match self.state {
                LineState::Start => self.field_line(line, on_event)?,
                LineState::Partial => self.complete_partial(line, on_event)?,
                LineState::Skip => {}
            }
            self.state = LineState::Start;
            self.pos += 1;
            rest = tail;
            if terminator == b'\r' {
                match rest.split_first() {
                    Some((&b'\n', tail)) => {
                        self.pos += 1;
                        rest = tail;
                    }
                    Some(_) => {}
                    None => self.pending_cr = true,
                }
            }
            self.line_start = self.pos;
        }
    }

    /// Keeps the unterminated end of a feed, or only notes that it is to be ignored.
    fn hold(&mut self, tail: &[u8]) -> Result<(), SseError> {
        self.check_window()?;
        if self.state == LineState::Skip || (self.state == LineState::Start && tail.is_empty()) {
            return Ok(());
        }
        match classify(&self.line, tail, false) {
            Class::Skip => {
                self.line.clear();
                self.state = LineState::Skip;
            }
            class => {
                if class == Class::Keep && self.line.len() + tail.len() > self.max {
                    return Err(self.fail());
                }
                append(&mut self.line, tail, self.max);
                self.state = LineState::Partial;
            }
        }
        Ok(())
    }

    /// Handles a line whose start is in `self.line` and whose end is `tail`.
    fn complete_partial(
        &mut self,
        tail: &[u8],
        on_event: &mut dyn FnMut(&Event<'_>),
    ) -> Result<(), SseError> {
        let mut line = core::mem::take(&mut self.line);
        let result = match classify(&line, tail, true) {
            Class::Skip => Ok(()),
            _ if line.len() + tail.len() > self.max => Err(self.fail()),
            _ => {
                append(&mut line, tail, self.max);
                self.field_line(&line, on_event)
            }
        };
        line.clear();
        self.line = line;
        result
    }

    /// Handles one complete line spanning `[self.line_start, self.pos)` in UTF-16 units.
    fn field_line(
        &mut self,
        line: &[u8],
        on_event: &mut dyn FnMut(&Event<'_>),
    ) -> Result<(), SseError> {
        if line.is_empty() {
            self.dispatch(on_event);
            return Ok(());
        }
        let (name, value, prefix) = match line.iter().position(|&b| b == b':') {
            Some(0) => return Ok(()),
            Some(colon) => {
                let (name, rest) = line.split_at_checked(colon).unwrap_or((line, &[]));
                let value = rest.get(1..).unwrap_or_default();
                match value.split_first() {
                    Some((&b' ', value)) => (name, value, colon + 2),
                    _ => (name, value, colon + 1),
                }
            }
            None => (line, &[][..], line.len()),
        };
        let Some(field) = Field::of(name) else {
            return Ok(());
        };
        if line.len() > self.max {
            return Err(self.fail());
        }
        match field {
            Field::Data => {
                let sep = !self.segments.is_empty();
                if self.data.len() + usize::from(sep) + value.len() > self.max {
                    return Err(self.fail());
                }
                if sep {
                    append(&mut self.data, b"\n", self.max);
                }
                append(&mut self.data, value, self.max);
                // The field name, colon and space are ASCII: one UTF-16 unit per byte.
                let start = self.line_start + prefix as u64;
                if !sep {
                    self.base = start;
                }
                let at = |global: u64| {
                    u32::try_from(global.saturating_sub(self.base)).unwrap_or(u32::MAX)
                };
                let span = Span {
                    start: at(start),
                    end: at(self.pos),
                };
                self.segments.push(span);
            }
            Field::Event => {
                self.event.clear();
                self.event.extend_from_slice(value);
            }
        }
        Ok(())
    }

    /// The blank-line step: delivers the pending event, if it has data, and resets the buffers.
    fn dispatch(&mut self, on_event: &mut dyn FnMut(&Event<'_>)) {
        if !self.segments.is_empty() {
            // Each span moves to the window once: linear in the number of data lines.
            let shift = self.rel(self.base);
            for span in &mut self.segments {
                span.start = span.start.saturating_add(shift);
                span.end = span.end.saturating_add(shift);
            }
            on_event(&Event {
                event: &self.event,
                data: &self.data,
                segments: &self.segments,
            });
            self.data.clear();
            self.segments.clear();
        }
        self.event.clear();
    }

    /// A global UTF-16 offset relative to the window start.
    fn rel(&self, global: u64) -> u32 {
        u32::try_from(global.saturating_sub(self.win)).unwrap_or(u32::MAX)
    }

    /// Fails when the pending event's text window (what the JS side holds for it, comments and
    /// all) plus [`DATA_LINE_COST`] per data line has grown past the cap. Checked at every line
    /// end and at the end of every feed, so the outcome does not depend on how the body is split.
    fn check_window(&mut self) -> Result<(), SseError> {
        let lines = self.segments.len() as u64 * DATA_LINE_COST;
        if !self.segments.is_empty() && self.pos - self.base + lines > self.max as u64 {
            return Err(self.fail());
        }
        Ok(())
    }

    /// Marks the parser unusable, frees its buffers and returns the error.
    fn fail(&mut self) -> SseError {
        self.failed = true;
        self.line = Vec::new();
        self.data = Vec::new();
        self.segments = Vec::new();
        SseError::TooLarge
    }
}

/// Past this capacity a buffer grows to the cap at once (see [`append`]).
const LARGE: usize = 1 << 20;

/// Appends `bytes` to `buf`, whose length stays within `max` (checked by the caller). The
/// capacity doubles up to [`LARGE`], then goes to `max` (at most 16 MiB) at once: a plain
/// `extend` of a 16 MiB line reserves 32 MiB, and under an allocator that does not coalesce each
/// doubling's old buffer stays unusable for the next (1 + 2 + … + 32 MiB); this way a huge line
/// takes at most 2 MiB + the cap.
fn append(buf: &mut Vec<u8>, bytes: &[u8], max: usize) {
    let need = buf.len() + bytes.len();
    if need > buf.capacity() {
        let double = buf.capacity().saturating_mul(2);
        // (Past 16 MiB, under a larger cap, it doubles again.)
        let jump = if double > LARGE {
            double.max(DEFAULT_MAX_EVENT_BYTES)
        } else {
            double
        };
        buf.reserve_exact(jump.min(max).max(need) - buf.len());
    }
    buf.extend_from_slice(bytes);
}

/// Classifies the line that starts with `a` followed by `b`; `complete` when nothing follows.
///
/// Only the first six bytes matter: a kept field's colon is at most at index 5 (`event:`), and
/// six bytes without a colon match no field name, nor a prefix of one.
fn classify(a: &[u8], b: &[u8], complete: bool) -> Class {
    let mut head = [0u8; 6];
    let mut n = 0;
    for (slot, &byte) in head.iter_mut().zip(a.iter().chain(b)) {
        *slot = byte;
        n += 1;
    }
    let head = head.get(..n).unwrap_or_default();
    match head.iter().position(|&c| c == b':') {
        Some(colon) => {
            let name = head.get(..colon).unwrap_or_default();
            if Field::of(name).is_some() {
                Class::Keep
            } else {
                Class::Skip
            }
        }
        None if complete => {
            if Field::of(head).is_some() {
                Class::Keep
            } else {
                Class::Skip
            }
        }
        None => {
            if FIELDS.iter().any(|field| field.starts_with(head)) {
                Class::Maybe
            } else {
                Class::Skip
            }
        }
    }
}

/// Eight copies of a byte value in a word.
const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each byte of a word.
const HIGH: u64 = splat(0x80);

/// Non-zero if any byte of `word` is zero (exact as a yes/no test).
#[inline(always)]
fn zero_byte(word: u64) -> u64 {
    word.wrapping_sub(splat(1)) & !word & HIGH
}

/// Counts the UTF-16 code units the WHATWG UTF-8 decoder emits, keeping its state across calls.
#[derive(Debug, Clone, Copy)]
struct Utf16Counter {
    /// Continuation bytes still needed by the sequence in progress (0: none in progress).
    needed: u8,
    /// Lowest acceptable next continuation byte.
    lower: u8,
    /// Highest acceptable next continuation byte.
    upper: u8,
    /// UTF-16 units the sequence in progress yields when complete (2 for 4-byte sequences).
    units: u8,
}

impl Utf16Counter {
    /// A decoder at the start of a stream.
    const fn new() -> Self {
        Self {
            needed: 0,
            lower: 0x80,
            upper: 0xBF,
            units: 1,
        }
    }

    /// Scans `bytes` up to the first CR or LF, counting the units the decoder emits for them.
    ///
    /// Returns the index of the CR/LF (or `bytes.len()`) and the unit count. A sequence cut
    /// short by the CR/LF counts as the U+FFFD the decoder emits before it.
    #[inline]
    fn scan(&mut self, bytes: &[u8]) -> (usize, u64) {
        // Work on a copy so the state stays in registers.
        let mut c = *self;
        let mut i = 0;
        let mut units = 0u64;
        loop {
            if c.needed == 0 {
                // Fast path: eight ASCII bytes without CR or LF at a time.
                let from = i;
                while let Some(&chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
                    let word = u64::from_le_bytes(chunk);
                    if (word & HIGH)
                        | zero_byte(word ^ splat(b'\n'))
                        | zero_byte(word ^ splat(b'\r'))
                        != 0
                    {
                        break;
                    }
                    i += 8;
                }
                units += (i - from) as u64;
            }
            let Some(&byte) = bytes.get(i) else {
                *self = c;
                return (i, units);
            };
            if byte == b'\n' || byte == b'\r' {
                if c.needed != 0 {
                    c = Self::new();
                    units += 1;
                }
                *self = c;
                return (i, units);
            }
            if c.needed == 0 && byte >= 0xC2 {
                // Fast path: a whole valid multi-byte sequence.
                let mut seq = Self::new();
                seq.lead(byte);
                let need = usize::from(seq.needed);
                if let Some((&first, rest)) =
                    bytes.get(i + 1..i + 1 + need).and_then(<[u8]>::split_first)
                {
                    if (seq.lower..=seq.upper).contains(&first)
                        && rest.iter().all(|&b| (0x80..=0xBF).contains(&b))
                    {
                        units += u64::from(seq.units);
                        i += 1 + need;
                        continue;
                    }
                }
            }
            units += c.step(byte);
            i += 1;
        }
    }

    /// Feeds one byte; returns the units emitted.
    #[inline]
    fn step(&mut self, byte: u8) -> u64 {
        if self.needed == 0 {
            return self.lead(byte);
        }
        if byte < self.lower || byte > self.upper {
            // Unexpected byte: U+FFFD for the broken sequence, then the byte is reprocessed.
            *self = Self::new();
            return 1 + self.lead(byte);
        }
        self.lower = 0x80;
        self.upper = 0xBF;
        self.needed -= 1;
        if self.needed == 0 {
            u64::from(self.units)
        } else {
            0
        }
    }

    /// Feeds one byte with no sequence in progress; returns the units emitted.
    #[inline]
    fn lead(&mut self, byte: u8) -> u64 {
        match byte {
            0x00..=0x7F => 1,
            0xC2..=0xDF => {
                self.needed = 1;
                self.units = 1;
                0
            }
            0xE0..=0xEF => {
                if byte == 0xE0 {
                    self.lower = 0xA0;
                } else if byte == 0xED {
                    self.upper = 0x9F;
                }
                self.needed = 2;
                self.units = 1;
                0
            }
            0xF0..=0xF4 => {
                if byte == 0xF0 {
                    self.lower = 0x90;
                } else if byte == 0xF4 {
                    self.upper = 0x8F;
                }
                self.needed = 3;
                self.units = 2;
                0
            }
            _ => 1,
        }
    }

    /// End of stream: resets and reports whether a sequence was cut short (one U+FFFD).
    fn flush(&mut self) -> bool {
        let cut = self.needed != 0;
        *self = Self::new();
        cut
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn count(chunks: &[&[u8]]) -> u64 {
        let mut c = Utf16Counter::new();
        let mut units = 0;
        for chunk in chunks {
            let (len, n) = c.scan(chunk);
            assert_eq!(len, chunk.len());
            units += n;
        }
        units + u64::from(c.flush())
    }

    #[test]
    fn counter_matches_whatwg_on_edge_sequences() {
        assert_eq!(count(&[b"abc"]), 3);
        assert_eq!(count(&["é".as_bytes()]), 1);
        assert_eq!(count(&["€".as_bytes()]), 1);
        assert_eq!(count(&["😀".as_bytes()]), 2);
        assert_eq!(count(&[b"\xF0\x9F", b"\x98\x80"]), 2);
        // Overlong / surrogate / out of range: each broken byte is its own U+FFFD.
        assert_eq!(count(&[b"\xE0\x80\x80"]), 3);
        assert_eq!(count(&[b"\xED\xA0\x80"]), 3);
        assert_eq!(count(&[b"\xF4\x90\x80\x80"]), 4);
        assert_eq!(count(&[b"\xF0\x8F\xBF\xBF"]), 4);
        assert_eq!(count(&[b"\xF4\x8F\xBF\xBF"]), 2);
        assert_eq!(count(&[b"\xED\x9F\xBF"]), 1);
        assert_eq!(count(&[b"\xE0\xA0\x80"]), 1);
        assert_eq!(count(&[b"\xF5\x80"]), 2);
        assert_eq!(count(&[b"\xC0\xAF"]), 2);
        assert_eq!(count(&[b"\xFF"]), 1);
        // Truncated sequences: one U+FFFD, then the interrupting byte.
        assert_eq!(count(&[b"\xE2\x82A"]), 2);
        assert_eq!(count(&[b"\xF0\x9F\x98"]), 1);
        assert_eq!(count(&[b"\xF0\x9F", b"\x98"]), 1);
    }

    #[test]
    fn scan_stops_at_terminators_and_cuts_sequences() {
        let mut c = Utf16Counter::new();
        assert_eq!(c.scan(b"0123456789abcdef\nx"), (16, 16));
        assert_eq!(c.scan(b"ab\xE2\x82\rx"), (4, 3));
        assert_eq!(c.needed, 0);
        assert_eq!(c.scan("漢字\n".as_bytes()), (6, 2));
    }

    #[test]
    fn buffers_never_reserve_past_the_cap() {
        let cap = 100_000;
        for piece in [1000, 4096, 99_999] {
            let mut p = SseParser::new(cap);
            let mut line = b"data: ".to_vec();
            line.resize(cap - 80, b'x');
            for part in line.chunks(piece) {
                p.feed(part, |_| {}).unwrap();
            }
            assert!(p.line.capacity() <= cap, "line {}", p.line.capacity());
            p.feed(b"\ndata:", |_| {}).unwrap();
            assert!(p.data.capacity() <= cap, "data {}", p.data.capacity());
            assert_eq!(p.feed(b"y\n", |_| {}), Err(SseError::TooLarge));
        }
    }

    #[test]
    fn classify_lines() {
        assert_eq!(classify(b"", b": hi", false), Class::Skip);
        assert_eq!(classify(b"da", b"ta", false), Class::Maybe);
        assert_eq!(classify(b"da", b"ta", true), Class::Keep);
        assert_eq!(classify(b"dat", b"", true), Class::Skip);
        assert_eq!(classify(b"datax", b"", false), Class::Skip);
        assert_eq!(classify(b"even", b"t:", false), Class::Keep);
        assert_eq!(classify(b"eventt", b"", false), Class::Skip);
        assert_eq!(classify(b"foo", b":bar", false), Class::Skip);
        // `id` and `retry` are ignored like any unknown field.
        assert_eq!(classify(b"i", b"d: 1", false), Class::Skip);
        assert_eq!(classify(b"retry", b":", false), Class::Skip);
        assert_eq!(classify(b"r", b"", false), Class::Skip);
    }
}
