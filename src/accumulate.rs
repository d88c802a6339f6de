//! [`ChatAccumulator`]: turns the chunks of a chat completion stream into the final
//! non-stream `ChatCompletion` JSON text (zai-api.md §1.5, §1.6), like openai-node's
//! `ChatCompletionStream.finalChatCompletion()`.
//!
//! Strings are never decoded: the raw interiors of `content`, `reasoning_content` and
//! `arguments` are concatenated as they are, which is valid because an escape never spans two
//! chunks (each chunk is a complete JSON text). Numbers and other scalars are copied as raw
//! text. Anything copied into the output is first checked with [`json::is_valid`], so the
//! output is valid JSON whatever the input; malformed parts of a chunk are skipped. Each
//! chunk is read in one pass with [`json::Reader`].
//!
//! ```
//! use zai_wasm::accumulate::ChatAccumulator;
//!
//! let mut acc = ChatAccumulator::new();
//! acc.push(br#"{"id":"a1","created":1757852265,"model":"glm-4.6","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}"#);
//! acc.push(br#"{"id":"a1","created":1757852265,"model":"glm-4.6","choices":[{"index":0,"finish_reason":"stop","delta":{"content":"lo \"you\""}}],"usage":{"total_tokens":9}}"#);
//! assert_eq!(
//!     acc.to_json(),
//!     r#"{"id":"a1","created":1757852265,"model":"glm-4.6","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello \"you\""}}],"usage":{"total_tokens":9}}"#
//! );
//! ```

use crate::json::{self, Reader};
use crate::util;

/// Accumulates chat completion stream chunks into the final completion.
///
/// Top-level `id`, `request_id`, `created` and `model` come from the first chunk that has
/// them (non-null); `usage` and `web_search` from the last one. Choices are keyed by
/// `choices[].index` (default: position in the array); per choice the first `delta.role`
/// wins, `content` and `reasoning_content` are concatenated, the last non-null
/// `finish_reason` wins, and `delta.tool_calls[]` fragments are merged by their `index`
/// (default: position): first `id`, `type` and `function.name`, concatenated
/// `function.arguments` (an object or array given instead of a string is converted to its
/// JSON text as a string). Unknown fields are ignored.
#[derive(Debug, Default)]
pub struct ChatAccumulator {
    id: Option<Vec<u8>>,
    request_id: Option<Vec<u8>>,
    created: Option<Vec<u8>>,
    model: Option<Vec<u8>>,
    usage: Option<Vec<u8>>,
    web_search: Option<Vec<u8>>,
    /// Sorted by `index`.
    choices: Vec<Choice>,
}

/// One accumulated choice; byte fields hold raw JSON.
#[derive(Debug, Default)]
struct Choice {
    index: u64,
    /// Raw value of the first `delta.role`.
    role: Option<Vec<u8>>,
    /// Raw string interior.
    content: Vec<u8>,
    /// Raw string interior; `Some` once any chunk had a string `reasoning_content`.
    reasoning: Option<Vec<u8>>,
    /// Raw value of the last non-null `finish_reason`.
    finish_reason: Option<Vec<u8>>,
    /// Sorted by `index`.
    tool_calls: Vec<ToolCall>,
}

/// One accumulated tool call; byte fields hold raw JSON.
#[derive(Debug, Default)]
struct ToolCall {
    index: u64,
    /// Raw values of the first `id`, `type`, `function.name`.
    id: Option<Vec<u8>>,
    kind: Option<Vec<u8>>,
    name: Option<Vec<u8>>,
    /// Raw string interior.
    arguments: Vec<u8>,
}

/// The raw value `v` if it is non-null and valid JSON (safe to copy into the output).
fn copyable(v: &[u8]) -> Option<&[u8]> {
    (!json::is_null(v) && json::is_valid(v)).then_some(v)
}

/// The raw interior of `v` if it is a valid JSON string.
fn string(v: &[u8]) -> Option<&[u8]> {
    if v.first() == Some(&b'"') && json::is_valid(v) {
        v.get(1..v.len() - 1)
    } else {
        None
    }
}

/// Stores `v` into an empty `slot` if it is copyable.
fn set_first(slot: &mut Option<Vec<u8>>, v: Option<&[u8]>) {
    if slot.is_none() {
        if let Some(v) = v.and_then(copyable) {
            *slot = Some(v.to_vec());
        }
    }
}

/// Replaces the contents of `slot` with `v` if it is copyable.
fn set_last(slot: &mut Option<Vec<u8>>, v: Option<&[u8]>) {
    if let Some(v) = v.and_then(copyable) {
        let buf = slot.get_or_insert_with(Vec::new);
        buf.clear();
        buf.extend_from_slice(v);
    }
}

/// The entry with `index` in a `Vec` sorted by index, inserting `new(index)` if missing.
fn entry<T>(
    list: &mut Vec<T>,
    index: u64,
    key: fn(&T) -> u64,
    new: fn(u64) -> T,
) -> Option<&mut T> {
    let at = match list.binary_search_by_key(&index, key) {
        Ok(at) => at,
        Err(at) => {
            list.insert(at, new(index));
            at
        }
    };
    list.get_mut(at)
}

impl ChatAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one stream chunk (the raw JSON bytes of one `data:` payload).
    ///
    /// Chunks that are not objects (e.g. `[DONE]`) are ignored, as are unexpected or
    /// malformed values (each value is checked before it is copied). The chunk is read in
    /// one pass, so a chunk that breaks off midway still contributes what came before the
    /// break. Nothing is allocated except to grow the accumulated buffers.
    pub fn push(&mut self, chunk: &[u8]) {
        let mut r = Reader::new(chunk);
        if !r.object() {
            return;
        }
        while let Some(key) = r.key() {
            match key {
                b"choices" => {
                    if r.array() {
                        let mut pos = 0;
                        while r.item() {
                            self.push_choice(&mut r, pos);
                            pos += 1;
                        }
                    }
                }
                b"id" => set_first(&mut self.id, r.value()),
                b"request_id" => set_first(&mut self.request_id, r.value()),
                b"created" => set_first(&mut self.created, r.value()),
                b"model" => set_first(&mut self.model, r.value()),
                b"usage" => {
                    let v = r.value().filter(|v| v.first() == Some(&b'{'));
                    set_last(&mut self.usage, v);
                }
                b"web_search" => set_last(&mut self.web_search, r.value()),
                _ => {
                    r.value();
                }
            }
        }
    }

    /// The choice with `index`, created if new.
    fn choice(&mut self, index: u64) -> Option<&mut Choice> {
        let new = |index| Choice {
            index,
            ..Choice::default()
        };
        entry(&mut self.choices, index, |c| c.index, new)
    }

    /// Reads one `choices[]` item at position `pos`.
    fn push_choice(&mut self, r: &mut Reader<'_>, pos: u64) {
        if !r.object() {
            return;
        }
        let (mut index, mut finish, mut later) = (None, None, None);
        while let Some(key) = r.key() {
            match key {
                b"index" => index = r.value().and_then(util::parse_u64),
                b"finish_reason" => finish = r.value(),
                // Usually `index` comes first and the delta is read in place; if not, its raw
                // bytes are kept and read once the index is known.
                b"delta" => match index.and_then(|i| self.choice(i)) {
                    Some(ch) => ch.push_delta(r),
                    None => later = r.value(),
                },
                _ => {
                    r.value();
                }
            }
        }
        let Some(ch) = self.choice(index.unwrap_or(pos)) else {
            return;
        };
        set_last(&mut ch.finish_reason, finish);
        if let Some(delta) = later {
            ch.push_delta(&mut Reader::new(delta));
        }
    }

    /// `true` once some choice has received a non-null `finish_reason` (a stream that ends
    /// without one, and without `[DONE]`, was cut off).
    pub fn has_finish_reason(&self) -> bool {
        self.choices.iter().any(|c| c.finish_reason.is_some())
    }

    /// The final completion as compact JSON text, in the non-stream shape (zai-api.md §1.5):
    ///
    /// `{"id","request_id","created","model","choices":[{"index","finish_reason","message":
    /// {"role","content","reasoning_content","tool_calls":[{"id","type","function":{"name",
    /// "arguments"}}]}}],"usage","web_search"}`, keys in that order. Top-level members that
    /// were never seen are left out; choices and tool calls are sorted by index;
    /// `finish_reason` is `null` if none came, `role` defaults to `"assistant"`, `content` to
    /// `""`; `reasoning_content` and `tool_calls` appear only if some chunk had them; a tool
    /// call without `id`/`name` gets `""`, without `type` gets `"function"`. Invalid UTF-8 in
    /// strings becomes U+FFFD.
    pub fn to_json(&self) -> String {
        let mut o = Vec::with_capacity(self.size_hint());
        o.push(b'{');
        let mut first = true;
        for (k, v) in [
            ("id", &self.id),
            ("request_id", &self.request_id),
            ("created", &self.created),
            ("model", &self.model),
        ] {
            if let Some(v) = v {
                key(&mut o, &mut first, k);
                o.extend_from_slice(v);
            }
        }
        key(&mut o, &mut first, "choices");
        o.push(b'[');
        for (n, c) in self.choices.iter().enumerate() {
            if n > 0 {
                o.push(b',');
            }
            c.write(&mut o);
        }
        o.push(b']');
        for (k, v) in [("usage", &self.usage), ("web_search", &self.web_search)] {
            if let Some(v) = v {
                key(&mut o, &mut first, k);
                o.extend_from_slice(v);
            }
        }
        o.push(b'}');
        match String::from_utf8(o) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// Upper bound of the output size, to allocate once.
    fn size_hint(&self) -> usize {
        let len = |v: &Option<Vec<u8>>| v.as_ref().map_or(0, Vec::len);
        let fixed = [&self.id, &self.request_id, &self.created, &self.model];
        let tail = [&self.usage, &self.web_search];
        let choices: usize = self.choices.iter().map(Choice::size_hint).sum();
        128 + fixed.into_iter().chain(tail).map(len).sum::<usize>() + choices
    }
}

/// Reads one `delta.tool_calls[]` fragment at position `pos` and merges it by its `index`.
fn push_tool_call(calls: &mut Vec<ToolCall>, r: &mut Reader<'_>, pos: u64) {
    if !r.object() {
        return;
    }
    let (mut index, mut id, mut kind, mut name, mut args) = (None, None, None, None, None);
    while let Some(key) = r.key() {
        match key {
            b"index" => index = r.value().and_then(util::parse_u64),
            b"id" => id = r.value(),
            b"type" => kind = r.value(),
            b"function" => {
                if r.object() {
                    while let Some(key) = r.key() {
                        match key {
                            b"name" => name = r.value(),
                            b"arguments" => args = r.value(),
                            _ => {
                                r.value();
                            }
                        }
                    }
                }
            }
            _ => {
                r.value();
            }
        }
    }
    let new = |index| ToolCall {
        index,
        ..ToolCall::default()
    };
    let Some(call) = entry(calls, index.unwrap_or(pos), |t| t.index, new) else {
        return;
    };
    set_first(&mut call.id, id);
    set_first(&mut call.kind, kind);
    set_first(&mut call.name, name);
    match args {
        Some(v) if v.first() == Some(&b'"') => {
            if let Some(s) = string(v) {
                call.arguments.extend_from_slice(s);
            }
        }
        Some(v) if matches!(v.first(), Some(b'{' | b'[')) => {
            json::push_escaped(&mut call.arguments, v);
        }
        _ => {}
    }
}

/// Writes `"k":`, preceded by a comma unless it is the first member.
fn key(o: &mut Vec<u8>, first: &mut bool, k: &str) {
    if !*first {
        o.push(b',');
    }
    *first = false;
    o.push(b'"');
    o.extend_from_slice(k.as_bytes());
    o.extend_from_slice(b"\":");
}

/// Writes `"k":"<interior>"` after a comma.
fn string_member(o: &mut Vec<u8>, k: &str, interior: &[u8]) {
    key(o, &mut false, k);
    o.push(b'"');
    o.extend_from_slice(interior);
    o.push(b'"');
}

/// Writes `,"k":<raw>` with `default` if the raw value is missing.
fn raw_member(o: &mut Vec<u8>, k: &str, v: &Option<Vec<u8>>, default: &[u8]) {
    key(o, &mut false, k);
    o.extend_from_slice(v.as_deref().unwrap_or(default));
}

impl Choice {
    /// Reads one `delta` object into this choice.
    fn push_delta(&mut self, r: &mut Reader<'_>) {
        if !r.object() {
            return;
        }
        while let Some(key) = r.key() {
            match key {
                b"role" => set_first(&mut self.role, r.value()),
                b"content" => {
                    if let Some(s) = r.value().and_then(string) {
                        self.content.extend_from_slice(s);
                    }
                }
                b"reasoning_content" => {
                    if let Some(s) = r.value().and_then(string) {
                        let buf = self.reasoning.get_or_insert_with(Vec::new);
                        buf.extend_from_slice(s);
                    }
                }
                b"tool_calls" => {
                    if r.array() {
                        let mut pos = 0;
                        while r.item() {
                            push_tool_call(&mut self.tool_calls, r, pos);
                            pos += 1;
                        }
                    }
                }
                _ => {
                    r.value();
                }
            }
        }
    }

    fn size_hint(&self) -> usize {
        let len = |v: &Option<Vec<u8>>| v.as_ref().map_or(0, Vec::len);
        let calls: usize = self
            .tool_calls
            .iter()
            .map(|t| 96 + len(&t.id) + len(&t.kind) + len(&t.name) + t.arguments.len())
            .sum();
        160 + len(&self.role)
            + self.content.len()
            + len(&self.reasoning)
            + len(&self.finish_reason)
            + calls
    }

    fn write(&self, o: &mut Vec<u8>) {
        o.extend_from_slice(b"{\"index\":");
        util::push_u64_bytes(o, self.index);
        raw_member(o, "finish_reason", &self.finish_reason, b"null");
        o.extend_from_slice(b",\"message\":{");
        key(o, &mut true, "role");
        o.extend_from_slice(self.role.as_deref().unwrap_or(b"\"assistant\""));
        string_member(o, "content", &self.content);
        if let Some(r) = &self.reasoning {
            string_member(o, "reasoning_content", r);
        }
        if !self.tool_calls.is_empty() {
            o.extend_from_slice(b",\"tool_calls\":[");
            for (n, t) in self.tool_calls.iter().enumerate() {
                if n > 0 {
                    o.push(b',');
                }
                o.push(b'{');
                key(o, &mut true, "id");
                o.extend_from_slice(t.id.as_deref().unwrap_or(b"\"\""));
                raw_member(o, "type", &t.kind, b"\"function\"");
                o.extend_from_slice(b",\"function\":{");
                key(o, &mut true, "name");
                o.extend_from_slice(t.name.as_deref().unwrap_or(b"\"\""));
                string_member(o, "arguments", &t.arguments);
                o.extend_from_slice(b"}}");
            }
            o.push(b']');
        }
        o.extend_from_slice(b"}}");
    }
}
