//! [`JsonText`]: the parameters as the JSON text `JSON.stringify` made of them, read through
//! [`Value`] with the zero-copy skimmer ([`crate::json`]), so the same tables check them.
use crate::prelude::*;

use core::cell::OnceCell;

use super::sentinel;
use super::{number, Kind, Value};
use crate::{json, util};

/// One JSON value, borrowed from a JSON text, seen through [`Value`].
///
/// Strings are kept escaped and compared or measured without being copied. An object's
/// members (or an array's items) are located once, the first time they are asked for, so
/// looking up every field of a table scans the object once, not once per field.
///
/// Duplicate keys: the **last** member with a key wins, as in `JSON.parse`, which is how the
/// service will read the text (`JSON.stringify` never writes duplicates).
///
/// The sentinel strings the JS replacer writes for what JSON cannot carry (see
/// [`SENTINEL_NONJSON`](super::SENTINEL_NONJSON)) have the kinds [`Kind::Unsupported`],
/// [`Kind::Function`] and [`Kind::Blob`].
///
/// ```
/// use zai_wasm::schema::{JsonText, Kind, Value};
/// let v = JsonText::new(br#" {"ro\u006ce": "user", "n": [1, 2.5e1], "f": "\u0000zai:function"} "#);
/// assert_eq!(v.kind(), Kind::Object);
/// assert!(v.member("role").is_some_and(|r| r.str_eq("user")));
/// assert_eq!(v.member("n").and_then(|n| n.item(1)).and_then(|x| x.number()), Some(25.0));
/// assert_eq!(v.member("f").map(|f| f.kind()), Some(Kind::Function));
/// ```
#[derive(Debug, Clone)]
pub struct JsonText<'a> {
    /// The value's bytes, without surrounding whitespace.
    raw: &'a [u8],
    /// Objects: key (raw interior), value, key, value, ...; arrays: the items. Built lazily.
    parts: OnceCell<Vec<&'a [u8]>>,
}

impl<'a> JsonText<'a> {
    /// The value whose text is `raw` (surrounding whitespace ignored). `raw` is trusted to be
    /// JSON; on anything else the answers are some answers, never a panic.
    pub fn new(raw: &'a [u8]) -> Self {
        JsonText {
            raw: raw.trim_ascii(),
            parts: OnceCell::new(),
        }
    }

    /// The members (flattened key, value pairs) or items, located on first use.
    fn parts(&self) -> &[&'a [u8]] {
        // `get` then `set`, not `get_or_init`: nothing here can re-enter, and this has no
        // panic path.
        if self.parts.get().is_none() {
            let mut parts = Vec::new();
            match self.raw.first() {
                Some(b'{') => {
                    for (k, v) in json::members(self.raw) {
                        parts.push(k);
                        parts.push(v);
                    }
                }
                Some(b'[') => parts.extend(json::items(self.raw)),
                _ => {}
            }
            let _ = self.parts.set(parts);
        }
        self.parts.get().map_or(&[], Vec::as_slice)
    }

    /// The interior of a string value (escapes kept).
    fn str_interior(&self) -> Option<&'a [u8]> {
        match self.raw {
            [b'"', inner @ .., b'"'] => Some(inner),
            _ => None,
        }
    }

    fn is_number_start(&self) -> bool {
        matches!(self.raw.first(), Some(b'-' | b'0'..=b'9'))
    }
}

impl Value for JsonText<'_> {
    fn kind(&self) -> Kind {
        match self.raw.first() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => match self.str_interior() {
                Some(s) => sentinel::kind_of(s),
                None => Kind::Unsupported,
            },
            _ if self.raw == b"null" => Kind::Null,
            _ if self.raw == b"true" || self.raw == b"false" => Kind::Bool,
            _ if self.number().is_some_and(f64::is_finite) => Kind::Number,
            _ => Kind::Unsupported,
        }
    }

    fn member(&self, key: &str) -> Option<Self> {
        if self.raw.first() != Some(&b'{') {
            return None;
        }
        // The last member with the key: pairs from the end.
        let parts = self.parts();
        let mut at = parts.len() / 2 * 2;
        while at >= 2 {
            at -= 2;
            if let (Some(k), Some(v)) = (parts.get(at), parts.get(at + 1)) {
                if raw_eq(k, key) {
                    return Some(JsonText::new(v));
                }
            }
        }
        None
    }

    fn array_len(&self) -> usize {
        if self.raw.first() == Some(&b'[') {
            self.parts().len()
        } else {
            0
        }
    }

    fn item(&self, i: usize) -> Option<Self> {
        if self.raw.first() != Some(&b'[') {
            return None;
        }
        self.parts().get(i).map(|v| JsonText::new(v))
    }

    fn number(&self) -> Option<f64> {
        if self.is_number_start() {
            number::parse(self.raw)
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
        let Some(p) = rest.iter().position(|&c| c == b'\\') else {
            return rest == want;
        };
        let (Some(head), Some(tail)) = (rest.get(..p), rest.get(p + 1..)) else {
            return false;
        };
        let Some(w) = util::strip_prefix(want, head) else {
            return false;
        };
        let Some((Escape::Char(c), after)) = escape(tail) else {
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
        let skip = if rest.get(p + 1) == Some(&b'u') { 6 } else { 2 };
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

    fn s(text: &str) -> JsonText<'_> {
        JsonText::new(text.as_bytes())
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
            ("\"", Kind::Unsupported),
            ("[]", Kind::Array),
            ("{}", Kind::Object),
            (r#""\u0000zai:nonjson""#, Kind::Unsupported),
            (r#""\u0000zai:function""#, Kind::Function),
            (r#""\u0000zai:blob""#, Kind::Blob),
            (r#""\u0000zai:blobs""#, Kind::Str),
            (r#""\u0000zai:""#, Kind::Str),
            (r#""\u0000Zai:blob""#, Kind::Str),
            ("", Kind::Unsupported),
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
            let v = JsonText::new(&json);
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
        // Truncated input: some answer, no panic.
        let cut = s(r#"{"a":[1,2"#);
        assert_eq!(cut.kind(), Kind::Object);
        assert!(cut.member("a").is_none());
    }
}
