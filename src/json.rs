//! A zero-copy JSON *skimmer* over raw bytes.
//!
//! It finds the structure of a JSON text (the members of an object, the items of an array,
//! where a value ends) and hands out sub-slices of the input; strings keep their escapes
//! ([`unescape`] decodes them on demand). It is **not** a validator: on valid JSON it gives
//! the right answers, on anything else it gives some answer or stops early, but it never
//! panics, never loops forever and never recurses (nested values are skipped with a depth
//! counter, so its stack use does not depend on the input). [`is_valid`] is the separate,
//! strict check used before raw bytes are copied into generated JSON.
//!
//! Three ways to walk: [`members`], [`items`] and [`get`] take a value's bytes and are the
//! simple choice; [`Reader`] walks a whole text in one pass and is what the per-chunk hot
//! path ([`crate::accumulate`]) uses; [`Outline`] finds every value's extent in one pass, for
//! a walker that looks members up many times (parameter validation).
//!
//! Object keys are compared as raw bytes: a key written with escapes (`"\u0069d"`) does
//! not match `"id"`.
//!
//! ```
//! use zai_wasm::json;
//!
//! let chunk = br#"{"id":"2025","choices":[{"index":0,"delta":{"content":"Say \"hi\"\n"}}]}"#;
//! let choices = json::get(chunk, "choices").unwrap();
//! let choice = json::items(choices).next().unwrap();
//! let delta = json::get(choice, "delta").unwrap();
//! let content = json::get(delta, "content").and_then(json::str_raw).unwrap();
//! assert_eq!(content, br#"Say \"hi\"\n"#);
//! assert_eq!(json::unescape(content).as_deref(), Some("Say \"hi\"\n"));
//!
//! let keys: Vec<&[u8]> = json::members(chunk).map(|(k, _)| k).collect();
//! assert_eq!(keys, [&b"id"[..], b"choices"]);
//! ```
use crate::prelude::*;

use crate::util;

pub mod outline;
pub use outline::Outline;

/// Nesting limit of [`is_valid`]; deeper input is reported invalid.
pub const MAX_DEPTH: u32 = 128;

/// JSON insignificant whitespace.
#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// Bytes that end a bare (number or literal) value.
#[inline]
fn is_delim(c: u8) -> bool {
    is_ws(c) || matches!(c, b',' | b':' | b'"' | b'{' | b'}' | b'[' | b']')
}

/// First index at or after `i` that is not whitespace (`b.len()` if none, `i` if `i > b.len()`).
#[inline]
fn skip_ws(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(&c) if is_ws(c) => b
            .get(i..)
            .and_then(|rest| rest.iter().position(|&c| !is_ws(c)))
            .map_or(b.len(), |off| i + off),
        _ => i,
    }
}

/// Index just past the string whose opening quote is at `open` (escapes skipped, not checked).
#[inline]
fn string_end(b: &[u8], open: usize) -> Option<usize> {
    let mut j = open + 1;
    loop {
        j += util::find_either(b.get(j..)?, b'"', b'\\')?;
        if matches!(b.get(j), Some(b'"')) {
            return Some(j + 1);
        }
        j += 2;
    }
}

/// Index just past the object or array whose opening bracket is at `open`.
fn container_end(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open;
    loop {
        j += b
            .get(j..)?
            .iter()
            .position(|&c| matches!(c, b'"' | b'{' | b'[' | b'}' | b']'))?;
        match b.get(j)? {
            b'"' => j = string_end(b, j)?,
            b'{' | b'[' => {
                depth += 1;
                j += 1;
            }
            _ => {
                depth -= 1;
                j += 1;
                if depth == 0 {
                    return Some(j);
                }
            }
        }
    }
}

/// Index just past the JSON value that starts at `start` (leading whitespace skipped).
///
/// Strings and containers must be complete; a bare value (number, `true`, ...) runs to the
/// next delimiter or the end of input and is not checked. Brackets are counted, not matched.
/// `None` if there is no value at `start` or its end cannot be found (truncated input).
///
/// ```
/// use zai_wasm::json::value_end;
/// assert_eq!(value_end(br#" {"a":[1,"]"]} ,"#, 0), Some(14));
/// assert_eq!(value_end(b"[1,2", 0), None);
/// assert_eq!(value_end(b"12.5e3,", 0), Some(6));
/// ```
pub fn value_end(b: &[u8], start: usize) -> Option<usize> {
    let i = skip_ws(b, start);
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => container_end(b, i),
        b',' | b':' | b'}' | b']' => None,
        _ => Some(
            b.get(i..)?
                .iter()
                .position(|&c| is_delim(c))
                .map_or(b.len(), |n| i + n),
        ),
    }
}

/// Iterator over the members of a JSON object, see [`members`].
#[derive(Debug, Clone)]
pub struct Members<'a> {
    b: &'a [u8],
    pos: usize,
    first: bool,
    done: bool,
}

/// Iterates over the `(key, value)` members of the JSON object `obj`.
///
/// `key` is the raw interior of the key string (escapes kept), `value` the raw bytes of the
/// value without surrounding whitespace. Yields nothing if `obj` is not an object; stops at
/// the first malformed member. Bytes after the closing `}` are ignored.
///
/// ```
/// use zai_wasm::json::members;
/// let m: Vec<_> = members(br#"{ "a" : 1 , "b\"" : {"c":[2]} }"#).collect();
/// assert_eq!(m, [(&b"a"[..], &b"1"[..]), (br#"b\""#, br#"{"c":[2]}"#)]);
/// ```
pub fn members(obj: &[u8]) -> Members<'_> {
    let start = skip_ws(obj, 0);
    Members {
        b: obj,
        pos: start + 1,
        first: true,
        done: !matches!(obj.get(start), Some(b'{')),
    }
}

impl<'a> Members<'a> {
    fn step(&mut self) -> Option<(&'a [u8], &'a [u8])> {
        let b = self.b;
        let mut i = skip_ws(b, self.pos);
        let c = *b.get(i)?;
        if c == b'}' {
            return None;
        }
        if !self.first {
            if c != b',' {
                return None;
            }
            i = skip_ws(b, i + 1);
        }
        self.first = false;
        if !matches!(b.get(i), Some(b'"')) {
            return None;
        }
        let key_end = string_end(b, i)?;
        let key = b.get(i + 1..key_end - 1)?;
        i = skip_ws(b, key_end);
        if !matches!(b.get(i), Some(b':')) {
            return None;
        }
        let start = skip_ws(b, i + 1);
        let end = value_end(b, start)?;
        self.pos = end;
        Some((key, b.get(start..end)?))
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.step();
        self.done = item.is_none();
        item
    }
}

impl core::iter::FusedIterator for Members<'_> {}

/// Iterator over the items of a JSON array, see [`items`].
#[derive(Debug, Clone)]
pub struct Items<'a> {
    b: &'a [u8],
    pos: usize,
    first: bool,
    done: bool,
}

/// Iterates over the raw values (without surrounding whitespace) of the JSON array `arr`.
///
/// Yields nothing if `arr` is not an array; stops at the first malformed item.
///
/// ```
/// use zai_wasm::json::items;
/// let v: Vec<_> = items(br#"[1, "a,b", {"c":[]}, null]"#).collect();
/// assert_eq!(v, [&b"1"[..], br#""a,b""#, br#"{"c":[]}"#, b"null"]);
/// ```
pub fn items(arr: &[u8]) -> Items<'_> {
    let start = skip_ws(arr, 0);
    Items {
        b: arr,
        pos: start + 1,
        first: true,
        done: !matches!(arr.get(start), Some(b'[')),
    }
}

impl<'a> Items<'a> {
    fn step(&mut self) -> Option<&'a [u8]> {
        let b = self.b;
        let mut i = skip_ws(b, self.pos);
        let c = *b.get(i)?;
        if c == b']' {
            return None;
        }
        if !self.first {
            if c != b',' {
                return None;
            }
            i = skip_ws(b, i + 1);
        }
        self.first = false;
        let end = value_end(b, i)?;
        self.pos = end;
        b.get(i..end)
    }
}

impl<'a> Iterator for Items<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.step();
        self.done = item.is_none();
        item
    }
}

impl core::iter::FusedIterator for Items<'_> {}

/// A forward-only reader that walks one JSON text in a single pass: the caller descends into
/// the objects and arrays it cares about and skips (or takes the raw bytes of) the rest, so
/// every byte is scanned once. [`members`] and [`items`] are simpler but scan a value again
/// for every level the caller descends into.
///
/// Protocol: after [`Reader::object`] returned `true`, call [`Reader::key`] until it returns
/// `None`; after each key, read the member's value with exactly one of [`Reader::value`],
/// [`Reader::object`] (then its keys, to the end) or [`Reader::array`] (then its items, to the
/// end). Arrays work the same with [`Reader::item`]. Like the rest of this module it is not a
/// validator (commas are not checked, a value is only scanned, not checked); once it meets
/// input it cannot follow, every later call returns `None`/`false`.
///
/// ```
/// use zai_wasm::json::Reader;
///
/// let chunk = br#"{"id":"x","choices":[{"index":0,"delta":{"content":"Hi"}},{"index":1}],"n":2}"#;
/// let mut r = Reader::new(chunk);
/// let mut seen = Vec::new();
/// if r.object() {
///     while let Some(key) = r.key() {
///         match key {
///             b"choices" => {
///                 if r.array() {
///                     while r.item() {
///                         if r.object() {
///                             while let Some(key) = r.key() {
///                                 seen.push((key, r.value().unwrap()));
///                             }
///                         }
///                     }
///                 }
///             }
///             _ => {
///                 r.value();
///             }
///         }
///     }
/// }
/// assert_eq!(seen, [
///     (&b"index"[..], &b"0"[..]),
///     (b"delta", br#"{"content":"Hi"}"#),
///     (b"index", b"1"),
/// ]);
/// ```
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    b: &'a [u8],
    /// Read position; `usize::MAX` once the reader has given up.
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader positioned before the first value of `b`.
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }

    /// The first byte of the next value or token (after whitespace), not consumed: lets a
    /// caller see whether an object (`{`), array (`[`), string (`"`) or other value follows.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.pos = skip_ws(self.b, self.pos);
        self.b.get(self.pos).copied()
    }

    /// Gives up: every later call returns `None`/`false`.
    fn stop<T>(&mut self, v: T) -> T {
        self.pos = usize::MAX;
        v
    }

    /// Enters the next value if it is an object and returns `true`; otherwise skips the
    /// value and returns `false`.
    pub fn object(&mut self) -> bool {
        self.enter(b'{')
    }

    /// Enters the next value if it is an array and returns `true`; otherwise skips the
    /// value and returns `false`.
    pub fn array(&mut self) -> bool {
        self.enter(b'[')
    }

    fn enter(&mut self, open: u8) -> bool {
        if self.peek() == Some(open) {
            self.pos += 1;
            true
        } else {
            self.value();
            false
        }
    }

    /// Inside an object: the raw key (escapes kept) of the next member, leaving the reader
    /// before its value. `None` after the closing `}` (consumed) or on unreadable input.
    pub fn key(&mut self) -> Option<&'a [u8]> {
        let mut c = self.peek()?;
        if c == b',' {
            self.pos += 1;
            c = self.peek()?;
        }
        if c == b'}' {
            self.pos += 1;
            return None;
        }
        let open = self.pos;
        let Some(end) = (if c == b'"' {
            string_end(self.b, open)
        } else {
            None
        }) else {
            return self.stop(None);
        };
        self.pos = end;
        if self.peek() != Some(b':') {
            return self.stop(None);
        }
        self.pos += 1;
        self.b.get(open + 1..end - 1)
    }

    /// Inside an array: `true` if another item follows (the reader is then before it);
    /// `false` after the closing `]` (consumed) or on unreadable input.
    pub fn item(&mut self) -> bool {
        let mut c = self.peek();
        if c == Some(b',') {
            self.pos += 1;
            c = self.peek();
        }
        match c {
            Some(b']') => {
                self.pos += 1;
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Skips the next value and returns its raw bytes; `None` on unreadable input.
    pub fn value(&mut self) -> Option<&'a [u8]> {
        let start = skip_ws(self.b, self.pos);
        let Some(end) = value_end(self.b, start) else {
            return self.stop(None);
        };
        self.pos = end;
        self.b.get(start..end)
    }
}

/// Raw value of the first member of the object `obj` whose raw key equals `key`.
///
/// ```
/// use zai_wasm::json::get;
/// let body = br#"{"error":{"code":"1302","message":"High concurrency"}}"#;
/// let err = get(body, "error").unwrap();
/// assert_eq!(get(err, "code"), Some(&br#""1302""#[..]));
/// assert_eq!(get(err, "missing"), None);
/// ```
pub fn get<'a>(obj: &'a [u8], key: &str) -> Option<&'a [u8]> {
    members(obj).find_map(|(k, v)| (k == key.as_bytes()).then_some(v))
}

/// Interior of the JSON string value `v` (escapes kept); `None` if `v` (ignoring
/// surrounding whitespace) is not exactly one string.
///
/// ```
/// use zai_wasm::json::str_raw;
/// assert_eq!(str_raw(br#" "a\"b" "#), Some(&br#"a\"b"#[..]));
/// assert_eq!(str_raw(b"12"), None);
/// ```
pub fn str_raw(v: &[u8]) -> Option<&[u8]> {
    let v = v.trim_ascii();
    if !matches!(v.first(), Some(b'"')) || string_end(v, 0)? != v.len() {
        return None;
    }
    v.get(1..v.len() - 1)
}

/// The JSON string value `v` (surrounding whitespace ignored), unescaped: [`str_raw`] then
/// [`unescape`]. `None` for anything else or a malformed escape.
///
/// ```
/// use zai_wasm::json::string;
/// assert_eq!(string(br#" "caf\u00e9" "#).as_deref(), Some("café"));
/// assert_eq!(string(b"12"), None);
/// ```
pub fn string(v: &[u8]) -> Option<String> {
    str_raw(v).and_then(unescape)
}

/// `v` without surrounding whitespace if it is exactly one JSON object (its closing brace
/// found, nothing after it); `None` otherwise.
///
/// ```
/// use zai_wasm::json::object;
/// assert_eq!(object(b" {\"a\":1}\n"), Some(&b"{\"a\":1}"[..]));
/// assert_eq!(object(b"[1]"), None);
/// assert_eq!(object(b"{\"a\":1"), None);
/// ```
pub fn object(v: &[u8]) -> Option<&[u8]> {
    let v = v.trim_ascii();
    (matches!(v.first(), Some(b'{')) && value_end(v, 0)? == v.len()).then_some(v)
}

/// `true` if `v` (ignoring surrounding whitespace) is the literal `null`.
pub fn is_null(v: &[u8]) -> bool {
    v.trim_ascii() == b"null"
}

/// Value of the hex digit `c`.
#[inline]
fn hex_val(c: u8) -> Option<u32> {
    char::from(c).to_digit(16)
}

/// Parses 4 hex digits at the start of `s`; returns the value and the rest.
fn hex4(s: &[u8]) -> Option<(u32, &[u8])> {
    let (h, rest) = s.split_at_checked(4)?;
    let v = h
        .iter()
        .try_fold(0, |acc, &c| Some(acc << 4 | hex_val(c)?))?;
    Some((v, rest))
}

/// Decodes the escapes of a raw JSON string interior (as returned by [`str_raw`]).
///
/// Handles all JSON escapes including `\uXXXX` and surrogate pairs; a lone surrogate becomes
/// U+FFFD, and so does invalid UTF-8 in the input. `None` on a malformed escape.
///
/// ```
/// use zai_wasm::json::unescape;
/// assert_eq!(unescape(br#"caf\u00e9 \ud83d\ude00 \"q\"\\"#).as_deref(), Some("café 😀 \"q\"\\"));
/// assert_eq!(unescape(br#"\ud800x"#).as_deref(), Some("\u{FFFD}x"));
/// assert_eq!(unescape(br#"bad \x"#), None);
/// ```
pub fn unescape(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(p) = rest.iter().position(|&c| c == b'\\') {
        let (head, tail) = rest.split_at_checked(p)?;
        out.extend_from_slice(head);
        let (&e, after) = tail.get(1..)?.split_first()?;
        rest = after;
        let byte = match e {
            b'"' | b'\\' | b'/' => e,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let (hi, after) = hex4(rest)?;
                rest = after;
                let mut c = char::from_u32(hi);
                if (0xD800..0xDC00).contains(&hi) {
                    let low = util::strip_prefix(rest, b"\\u").and_then(hex4);
                    if let Some((lo, after)) = low.filter(|(lo, _)| (0xDC00..0xE000).contains(lo)) {
                        rest = after;
                        c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                    }
                }
                let mut buf = [0; 4];
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
            _ => return None,
        };
        out.push(byte);
    }
    out.extend_from_slice(rest);
    Some(crate::util::into_string(out))
}

/// Lower-case hex digit of the low 4 bits of `n`.
#[inline]
fn hex_digit(n: u8) -> u8 {
    let n = n & 15;
    if n < 10 {
        b'0' + n
    } else {
        b'a' + n - 10
    }
}

/// Appends `s` to `out` escaped as the interior of a JSON string.
///
/// Escapes `"`, `\` and control characters below 0x20 (`\n`, `\r`, `\t`, `\b`, `\f`, else
/// `\u00XX`); every other byte is copied. Used e.g. to turn raw JSON text into a JSON string.
///
/// ```
/// use zai_wasm::json::push_escaped;
/// let mut out = b"\"".to_vec();
/// push_escaped(&mut out, b"{\"city\": \"Bei\\jing\"}\n\x01");
/// out.push(b'"');
/// assert_eq!(out, br#""{\"city\": \"Bei\\jing\"}\n\u0001""#);
/// ```
pub fn push_escaped(out: &mut Vec<u8>, s: &[u8]) {
    let mut rest = s;
    while let Some(p) = rest
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
    {
        let Some((head, tail)) = rest.split_at_checked(p) else {
            break;
        };
        out.extend_from_slice(head);
        let Some((&c, after)) = tail.split_first() else {
            break;
        };
        rest = after;
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0x08 => b'b',
            0x0c => b'f',
            _ => {
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex_digit(c >> 4), hex_digit(c)]);
                continue;
            }
        };
        out.extend_from_slice(&[b'\\', short]);
    }
    out.extend_from_slice(rest);
}

/// Index just past the strictly valid string whose opening quote is at `open`.
fn valid_string_end(b: &[u8], open: usize) -> Option<usize> {
    let mut j = open + 1;
    loop {
        j += b
            .get(j..)?
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        match *b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => match *b.get(j + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => j += 2,
                b'u' => {
                    hex4(b.get(j + 2..)?)?;
                    j += 6;
                }
                _ => return None,
            },
            _ => return None,
        }
    }
}

/// Index of the first non-digit at or after `i`.
fn digits_end(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .and_then(|r| r.iter().position(|c| !c.is_ascii_digit()))
        .map_or(b.len().max(i), |n| i + n)
}

/// Index just past the strictly valid number starting at `i`.
fn valid_number_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    if matches!(b.get(j), Some(b'-')) {
        j += 1;
    }
    match *b.get(j)? {
        b'0' => j += 1,
        b'1'..=b'9' => j = digits_end(b, j),
        _ => return None,
    }
    if matches!(b.get(j), Some(b'.')) {
        let k = digits_end(b, j + 1);
        if k == j + 1 {
            return None;
        }
        j = k;
    }
    if matches!(b.get(j), Some(b'e' | b'E')) {
        j += 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let k = digits_end(b, j);
        if k == j {
            return None;
        }
        j = k;
    }
    Some(j)
}

/// After a `{` or `,` inside an object at `i`: checks `"key" :` and returns the value start.
fn valid_key(b: &[u8], i: usize) -> Option<usize> {
    if !matches!(b.get(i), Some(b'"')) {
        return None;
    }
    let j = skip_ws(b, valid_string_end(b, i)?);
    (matches!(b.get(j), Some(b':'))).then(|| skip_ws(b, j + 1))
}

/// Strict RFC 8259 check of one complete JSON text (surrounding whitespace allowed).
///
/// Rejects invalid escapes, raw control characters in strings, malformed numbers, bad
/// literals, trailing bytes, and nesting deeper than [`MAX_DEPTH`]. UTF-8 is not checked.
/// Iterative, O(1) memory.
///
/// ```
/// use zai_wasm::json::is_valid;
/// assert!(is_valid(br#" {"a":[1,-2.5e3,"x\u00e9",true,null,{}]} "#));
/// assert!(!is_valid(br#"{"a":01}"#));
/// assert!(!is_valid(br#"["unterminated]"#));
/// assert!(!is_valid(b"[1,]"));
/// ```
pub fn is_valid(b: &[u8]) -> bool {
    validate(b).is_some()
}

fn validate(b: &[u8]) -> Option<()> {
    // Bit k of `stack` is 1 if nesting level k (0 = innermost) is an object.
    let mut stack: u128 = 0;
    let mut depth = 0u32;
    let mut i = skip_ws(b, 0);
    'value: loop {
        match *b.get(i)? {
            open @ (b'{' | b'[') => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                let is_obj = open == b'{';
                stack = stack << 1 | u128::from(is_obj);
                depth += 1;
                i = skip_ws(b, i + 1);
                if b.get(i) == Some(if is_obj { &b'}' } else { &b']' }) {
                    stack >>= 1;
                    depth -= 1;
                    i += 1;
                } else {
                    if is_obj {
                        i = valid_key(b, i)?;
                    }
                    continue 'value;
                }
            }
            b'"' => i = valid_string_end(b, i)?,
            b't' => i = literal_end(b, i, b"true")?,
            b'f' => i = literal_end(b, i, b"false")?,
            b'n' => i = literal_end(b, i, b"null")?,
            _ => i = valid_number_end(b, i)?,
        }
        loop {
            i = skip_ws(b, i);
            if depth == 0 {
                return (i == b.len()).then_some(());
            }
            let in_obj = stack & 1 == 1;
            match *b.get(i)? {
                b',' => {
                    i = skip_ws(b, i + 1);
                    if in_obj {
                        i = valid_key(b, i)?;
                    }
                    continue 'value;
                }
                b'}' if in_obj => {}
                b']' if !in_obj => {}
                _ => return None,
            }
            stack >>= 1;
            depth -= 1;
            i += 1;
        }
    }
}

/// Index just past `word` if it starts at `i`.
fn literal_end(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    b.get(i..)?.starts_with(word).then_some(i + word.len())
}
