//! [`JsonText`]: the parameters as the JSON text `JSON.stringify` made of them, read through
//! [`Value`] over the text's [`Outline`] (found in one pass), so the same tables check them.

use core::cell::Cell;

use super::sentinel;
use super::{number, Kind, Value};
use crate::json::Outline;
use crate::util;

/// One JSON value of an [`Outline`], seen through [`Value`].
///
/// Strings are kept escaped and compared or measured without being copied. Members and items
/// are found through the outline, so no lookup scans the text; items read in order (as the
/// validator reads them) take one step each.
///
/// Duplicate keys: the **last** member with a key wins, as in `JSON.parse`, which is how the
/// service will read the text (`JSON.stringify` never writes duplicates).
///
/// The sentinel strings the JS replacer writes for what JSON cannot carry (see
/// [`SENTINEL_NONJSON`](super::SENTINEL_NONJSON)) have the kinds [`Kind::Unsupported`],
/// [`Kind::Function`] and [`Kind::Blob`].
///
/// ```
/// use zai_wasm::json::Outline;
/// use zai_wasm::schema::{JsonText, Kind, Value};
/// let text = Outline::new(br#" {"ro\u006ce": "user", "n": [1, 2.5e1], "f": "\u0000zai:function"} "#).unwrap();
/// let v = JsonText::root(&text);
/// assert_eq!(v.kind(), Kind::Object);
/// assert!(v.member("role").is_some_and(|r| r.str_eq("user")));
/// assert_eq!(v.member("n").and_then(|n| n.item(1)).and_then(|x| x.number()), Some(25.0));
/// assert_eq!(v.member("f").map(|f| f.kind()), Some(Kind::Function));
/// ```
#[derive(Debug, Clone)]
pub struct JsonText<'a> {
    outline: &'a Outline<'a>,
    node: usize,
    /// Arrays: the last item looked up, as (index, node), where the next lookup starts.
    cursor: Cell<(usize, usize)>,
}

impl<'a> JsonText<'a> {
    /// The whole value of `outline`.
    pub fn root(outline: &'a Outline<'a>) -> Self {
        JsonText::at(outline, 0)
    }

    #[inline(always)]
    fn at(outline: &'a Outline<'a>, node: usize) -> Self {
        JsonText {
            outline,
            node,
            cursor: Cell::new((0, node + 1)),
        }
    }

    /// The value's text.
    #[inline(always)]
    pub fn raw(&self) -> &'a [u8] {
        self.outline.raw(self.node)
    }

    /// Whether this is an object without members, an array without items, or neither.
    pub fn is_empty(&self) -> bool {
        self.outline.children(self.node).next().is_none()
    }

    /// The interior of a string value (escapes kept).
    #[inline(always)]
    fn str_interior(&self) -> Option<&'a [u8]> {
        match self.raw() {
            [b'"', inner @ .., b'"'] => Some(inner),
            _ => None,
        }
    }

    fn is_number_start(&self) -> bool {
        matches!(self.raw().first(), Some(b'-' | b'0'..=b'9'))
    }

    #[inline(always)]
    fn is(&self, open: u8) -> bool {
        matches!(self.raw(), [first, ..] if *first == open)
    }
}

impl Value for JsonText<'_> {
    fn kind(&self) -> Kind {
        let raw = self.raw();
        match raw.first() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => match self.str_interior() {
                Some(s) => sentinel::kind_of(s),
                None => Kind::Unsupported,
            },
            _ if raw == b"null" => Kind::Null,
            _ if raw == b"true" || raw == b"false" => Kind::Bool,
            _ if self.number().is_some_and(f64::is_finite) => Kind::Number,
            _ => Kind::Unsupported,
        }
    }

    fn member(&self, key: &str) -> Option<Self> {
        if !self.is(b'{') {
            return None;
        }
        let o = self.outline;
        let end = o.after(self.node);
        let mut found = None;
        // Keys are strings, leaves of the outline: each key's value is the node after it.
        let mut k = self.node + 1;
        while k + 1 < end {
            if let [b'"', name @ .., b'"'] = o.raw(k) {
                if raw_eq(name, key) {
                    found = Some(k + 1);
                }
            }
            k = o.after(k + 1);
        }
        found.map(|v| JsonText::at(o, v))
    }

    fn array_len(&self) -> usize {
        if self.is(b'[') {
            self.outline.children(self.node).count()
        } else {
            0
        }
    }

    fn item(&self, i: usize) -> Option<Self> {
        if !self.is(b'[') {
            return None;
        }
        let (mut at, mut n) = self.cursor.get();
        if i < at {
            (at, n) = (0, self.node + 1);
        }
        let end = self.outline.after(self.node);
        while at < i && n < end {
            n = self.outline.after(n);
            at += 1;
        }
        if n >= end {
            return None;
        }
        self.cursor.set((at, n));
        Some(JsonText::at(self.outline, n))
    }

    fn number(&self) -> Option<f64> {
        if self.is_number_start() {
            number::parse(self.raw())
        } else {
            None
        }
    }

    fn str_eq(&self, s: &str) -> bool {
        self.str_interior().is_some_and(|raw| raw_eq(raw, s))
    }

    fn str_len(&self) -> usize {
        self.str_interior().map_or(0, utf16_len)
    }

    fn str_is_empty(&self) -> bool {
        self.str_interior().is_some_and(<[u8]>::is_empty)
    }
}

/// What one escape (after its backslash) stands for.
enum Escape {
    /// A character.
    Char(char),
    /// A UTF-16 surrogate without its partner: equal to no Rust string.
    Lone,
}

/// Decodes the escape at the start of `tail` (the bytes after a backslash); returns what it
/// stands for and the bytes after it. `None` on a malformed escape.
fn escape(tail: &[u8]) -> Option<(Escape, &[u8])> {
    let (&e, rest) = tail.split_first()?;
    let c = match e {
        b'"' | b'\\' | b'/' => char::from(e),
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let (hi, rest) = hex4(rest)?;
            if (0xD800..0xDC00).contains(&hi) {
                let low = util::strip_prefix(rest, b"\\u").and_then(hex4);
                if let Some((lo, after)) = low.filter(|(lo, _)| (0xDC00..0xE000).contains(lo)) {
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?;
                    return Some((Escape::Char(c), after));
                }
            }
            let e = char::from_u32(hi).map_or(Escape::Lone, Escape::Char);
            return Some((e, rest));
        }
        _ => return None,
    };
    Some((Escape::Char(c), rest))
}

/// Four hex digits at the start of `s`, and the rest.
fn hex4(s: &[u8]) -> Option<(u32, &[u8])> {
    let (h, rest) = s.split_at_checked(4)?;
    let v = h
        .iter()
        .try_fold(0, |acc, &c| Some(acc << 4 | char::from(c).to_digit(16)?))?;
    Some((v, rest))
}

/// Whether the raw string interior `raw` (escapes kept) decodes to exactly `s`. Compares in
/// place: no copy, whether or not there are escapes.
pub(super) fn raw_eq(raw: &[u8], s: &str) -> bool {
    let mut want = s.as_bytes();
    let mut rest = raw;
    loop {
        // Byte for byte up to an escape: most keys differ from the one looked for at once.
        let mut i = 0;
        while let (Some(&c), Some(&w)) = (rest.get(i), want.get(i)) {
            if c != w || c == b'\\' {
                break;
            }
            i += 1;
        }
        let (Some(tail), Some(w)) = (rest.get(i..), want.get(i..)) else {
            return false;
        };
        let Some((&b'\\', after)) = tail.split_first() else {
            return tail.is_empty() && w.is_empty();
        };
        let Some((Escape::Char(c), after)) = escape(after) else {
            return false;
        };
        let mut buf = [0; 4];
        let Some(w) = util::strip_prefix(w, c.encode_utf8(&mut buf).as_bytes()) else {
            return false;
        };
        want = w;
        rest = after;
    }
}

/// Length in UTF-16 code units of the string whose raw interior is `raw`, as JS counts it.
///
/// Every escape is one code unit (a `\uD83D\uDE00` pair is two escapes); raw UTF-8 counts by
/// its lead bytes, a 4-byte sequence as a surrogate pair. `JSON.stringify` writes valid UTF-8
/// (lone surrogates are escaped), so the count is exact for its output.
fn utf16_len(raw: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = raw;
    loop {
        let Some(p) = rest.iter().position(|&c| c == b'\\') else {
            return n + utf8_units(rest);
        };
        n += utf8_units(rest.get(..p).unwrap_or_default()) + 1;
        let skip = if matches!(rest.get(p + 1), Some(b'u')) { 6 } else { 2 };
        rest = rest.get(p + skip..).unwrap_or_default();
    }
}

/// UTF-16 code units of raw UTF-8 bytes without escapes: one per lead byte, one more per
/// 4-byte sequence. (Two simple counts: the compiler turns each into a fast loop.)
fn utf8_units(b: &[u8]) -> usize {
    if b.is_ascii() {
        return b.len();
    }
    let leads = b.iter().filter(|&&c| !(0x80..0xC0).contains(&c)).count();
    leads + b.iter().filter(|&&c| c >= 0xF0).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::prelude::*;

    /// The value whose text is `text` (its outline leaked: a test's few bytes).
    fn s(text: &str) -> JsonText<'static> {
        let text = Vec::leak(text.as_bytes().to_vec());
        JsonText::root(Box::leak(Box::new(Outline::new(text).unwrap())))
    }

    #[test]
    fn kinds() {
        let cases = [
            ("null", Kind::Null),
            ("true", Kind::Bool),
            ("false", Kind::Bool),
            ("0", Kind::Number),
            ("-0.5e-3", Kind::Number),
            ("1e400", Kind::Unsupported),
            ("-", Kind::Unsupported),
            ("nul", Kind::Unsupported),
            ("\"x\"", Kind::Str),
            ("\"\"", Kind::Str),
            ("[]", Kind::Array),
            ("{}", Kind::Object),
            (r#""\u0000zai:nonjson""#, Kind::Unsupported),
            (r#""\u0000zai:function""#, Kind::Function),
            (r#""\u0000zai:blob""#, Kind::Blob),
            (r#""\u0000zai:blobs""#, Kind::Str),
            (r#""\u0000zai:""#, Kind::Str),
            (r#""\u0000Zai:blob""#, Kind::Str),
        ];
        for (text, kind) in cases {
            assert_eq!(s(text).kind(), kind, "{text}");
        }
    }

    #[test]
    fn strings_compare_and_measure_after_unescaping() {
        assert!(s(r#""ro\u006ce""#).str_eq("role"));
        assert!(s(r#""a\"b\\c\/d\n\t\b\f\r""#).str_eq("a\"b\\c/d\n\t\u{8}\u{c}\r"));
        assert!(s(r#""caf\u00e9 \ud83d\ude00""#).str_eq("café 😀"));
        assert!(s(r#""\uD83D\uDE00""#).str_eq("😀"));
        assert!(s("\"café 😀\"").str_eq("café 😀"));
        assert!(!s(r#""\ud83d""#).str_eq("\u{FFFD}"));
        assert!(!s(r#""\ud83dx""#).str_eq("\u{FFFD}x"));
        assert!(!s(r#""rol""#).str_eq("role"));
        assert!(!s(r#""rolee""#).str_eq("role"));
        // After an escape: a mismatch, the text ending first, the text going on.
        assert!(!s(r#""ro\u006cf""#).str_eq("role"));
        assert!(!s(r#""ro\u006c""#).str_eq("role"));
        assert!(!s(r#""ro\u006cee""#).str_eq("role"));
        assert!(!s(r#""ro\x""#).str_eq("ro\\x"));
        assert!(!s("1").str_eq("1"));
        assert_eq!(s(r#""""#).str_len(), 0);
        assert_eq!(s(r#""abc""#).str_len(), 3);
        assert_eq!(s("\"é\"").str_len(), 1);
        assert_eq!(s("\"中文\"").str_len(), 2);
        assert_eq!(s("\"😀\"").str_len(), 2);
        assert_eq!(s(r#""\ud83d\ude00""#).str_len(), 2);
        assert_eq!(s(r#""\ud83d""#).str_len(), 1);
        assert_eq!(s(r#""a\n\"\u00e9""#).str_len(), 4);
        assert_eq!(s("3").str_len(), 0);
        for text in ["", "a", "é😀中\u{FFFF}\u{10000}"] {
            let mut json = b"\"".to_vec();
            json::push_escaped(&mut json, text.as_bytes());
            json.push(b'"');
            let v = s(core::str::from_utf8(&json).unwrap());
            assert_eq!(v.str_len(), text.encode_utf16().count(), "{text}");
            assert!(v.str_eq(text));
        }
    }

    #[test]
    fn members_items_and_numbers() {
        let v = s(r#" { "a" : 1 , "a\u0062" : [ true , null , "x" ] , "a" : 2.5 } "#);
        assert_eq!(v.member("a").and_then(|a| a.number()), Some(2.5));
        let ab = v.member("ab").unwrap();
        assert_eq!(ab.kind(), Kind::Array);
        assert_eq!(ab.array_len(), 3);
        assert_eq!(ab.item(0).map(|x| x.kind()), Some(Kind::Bool));
        assert_eq!(ab.item(1).map(|x| x.kind()), Some(Kind::Null));
        assert!(ab.item(2).is_some_and(|x| x.str_eq("x")));
        assert!(ab.item(3).is_none());
        assert!(ab.member("0").is_none());
        assert!(v.member("b").is_none());
        assert_eq!(v.array_len(), 0);
        assert!(v.item(0).is_none());
        assert_eq!(s("\"1\"").number(), None);
        assert_eq!(s("-7").number(), Some(-7.0));
        // Items out of order: the cursor starts again.
        assert!(ab.item(2).is_some_and(|x| x.str_eq("x")));
        assert_eq!(ab.item(0).map(|x| x.kind()), Some(Kind::Bool));
        assert!(ab.item(usize::MAX).is_none());
        // Truncated input has no outline.
        assert!(Outline::new(br#"{"a":[1,2"#).is_none());
        assert!(Outline::new(b"\"").is_none());
    }
}
