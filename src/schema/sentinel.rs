//! The strings the JS side writes where `JSON.stringify` would lose a value, and the search
//! for one that no schema field accounted for.
//!
//! The binding layer serialises the parameters once, with `JSON.stringify(params, replacer)`.
//! JSON has no way to carry some JS values, and `JSON.stringify` changes them without a word
//! (`NaN` and `Infinity` become `null`, a function or symbol member disappears, a `Blob`
//! becomes `{}`, a bigint throws). The replacer returns one of these strings instead, each a
//! U+0000 character followed by a tag, so the core sees what was there:
//!
//! | replaced value | replacer returns | kind |
//! | --- | --- | --- |
//! | `NaN`, `±Infinity`, a symbol, a bigint | [`SENTINEL_NONJSON`] | [`Kind::Unsupported`] |
//! | a function | [`SENTINEL_FUNCTION`] | [`Kind::Function`] |
//! | a `Blob` or `File` | [`SENTINEL_BLOB`] | [`Kind::Blob`] |
//!
//! `JSON.stringify` always writes U+0000 as the escape `\u0000` (lower-case hex), so in the
//! text each is exactly `"\u0000zai:<tag>"`, which is what the core matches. A caller's own
//! string equal to a sentinel (U+0000 then `zai:`...) is read as the sentinel.
use crate::prelude::*;

use super::json_text::raw_eq;
use super::table;
use super::{accepts, Kind};
use crate::json::{self, Outline};
use crate::util;

#[cfg(any(test, not(target_arch = "wasm32")))] // for the native tests
/// What the replacer returns for `NaN`, `±Infinity`, a symbol or a bigint.
pub const SENTINEL_NONJSON: &str = "\0zai:nonjson";
/// What the replacer returns for a function.
pub const SENTINEL_FUNCTION: &str = "\0zai:function";
#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
/// What the replacer returns for a `Blob` or `File` (the file parts of multipart parameters).
pub const SENTINEL_BLOB: &str = "\0zai:blob";

/// What every sentinel starts with in JSON text.
const PREFIX: &[u8] = b"\\u0000zai:";

/// The kind of a string value whose raw interior (escapes kept) is `raw`.
pub(super) fn kind_of(raw: &[u8]) -> Kind {
    if !matches!(raw, [b'\\', ..]) {
        return Kind::Str; // every string but a sentinel (or one that starts with an escape)
    }
    let Some(tag) = util::strip_prefix(raw, PREFIX) else {
        return Kind::Str;
    };
    match tag {
        b"nonjson" => Kind::Unsupported,
        b"function" => Kind::Function,
        b"blob" => Kind::Blob,
        _ => Kind::Str,
    }
}

/// The kind of the raw value `v` if it is a sentinel string.
fn sentinel_kind(v: &[u8]) -> Option<Kind> {
    let inner = util::strip_suffix(util::strip_prefix(v, b"\"")?, b"\"")?;
    Some(kind_of(inner)).filter(|&k| k != Kind::Str)
}

/// Whether a sentinel of `kind` may be the member `key` of the top-level object: a `Blob`
/// always may (a multipart file part), a function where the table expects one (an option).
fn allowed_at_top(kind: Kind, key: &[u8], table: &str) -> bool {
    kind == Kind::Blob
        || table::fields(table).any(|f| raw_eq(key, f.name) && accepts(kind, f.ty, false))
}

/// The path of the first sentinel value in the outlined JSON object (text order) that `table`
/// does not allow: only a member of the top-level object may be one, a `Blob` (a multipart
/// file part) or a function where its field expects one (`Ty::Func`, e.g. `apiKey`). `None`
/// if there is no other.
///
/// The outline tells first whether any string starts with an escape (nearly all parameters
/// have no sentinel); then a look at each node finds the candidates, and only for one is its
/// path found, by descending from the top. A container nested deeper than
/// [`MAX_DEPTH`](crate::json::MAX_DEPTH) is one node of the outline: one that holds a
/// sentinel anywhere is reported with its own path.
pub(super) fn find(outline: &Outline<'_>, table: &str) -> Option<String> {
    if !outline.escaped_start() {
        return None;
    }
    (1..outline.count()).find_map(|n| forbidden(outline, n, table))
}

/// The path of node `target` if it is a sentinel value (not a key) that is not allowed where
/// it is, or a deep container that holds one.
fn forbidden(o: &Outline<'_>, target: usize, table: &str) -> Option<String> {
    let raw = o.raw(target);
    let kind = sentinel_kind(raw);
    let deep = kind.is_none()
        && matches!(raw.first(), Some(b'{' | b'['))
        && o.after(target) == target + 1
        && holds_sentinel(raw);
    if kind.is_none() && !deep {
        return None;
    }
    let mut path = Path::default();
    let (mut n, mut depth, mut key) = (0, 0, &[][..]);
    while n != target {
        let in_object = matches!(o.raw(n).first(), Some(b'{'));
        let mut children = o.children(n);
        let mut index = 0;
        n = loop {
            let c = children.next()?;
            let v = if in_object { children.next()? } else { c };
            if c == target && in_object {
                return None; // a key, not a value
            }
            if (v..o.after(v)).contains(&target) {
                if in_object {
                    key = util::strip_suffix(util::strip_prefix(o.raw(c), b"\"")?, b"\"")?;
                    push_raw_key(&mut path, key);
                } else {
                    path.push_index(index);
                }
                break v;
            }
            index += 1;
        };
        depth += 1;
    }
    let allowed = depth == 1 && kind.is_some_and(|k| allowed_at_top(k, key, table));
    (!allowed).then(|| path.into_string())
}

/// Whether the raw container `v` holds a sentinel value (approximately: a key, or a string
/// that ends with an escaped quote and then a sentinel's text, counts too).
fn holds_sentinel(v: &[u8]) -> bool {
    let mut rest = v;
    while let Some(at) = util::find(rest, PREFIX) {
        let quoted = at
            .checked_sub(1)
            .and_then(|q| rest.get(q))
            .is_some_and(|&c| c == b'"');
        rest = rest.get(at + PREFIX.len()..).unwrap_or_default();
        let tagged = [&b"nonjson\""[..], b"function\"", b"blob\""]
            .iter()
            .any(|tag| rest.starts_with(tag));
        if quoted && tagged {
            return true;
        }
    }
    false
}

/// Where in the parameters the walk is, as text (`messages[2].content`).
///
/// Bytes, not a `String`: only whole `&str` keys and ASCII go in, so it is always UTF-8.
#[derive(Debug, Default)]
struct Path {
    text: Vec<u8>,
}

impl Path {
    fn push_key(&mut self, key: &str) {
        if !self.text.is_empty() {
            self.text.push(b'.');
        }
        self.text.extend_from_slice(key.as_bytes());
    }

    fn push_index(&mut self, i: usize) {
        self.text.push(b'[');
        util::push_u64_bytes(&mut self.text, i as u64);
        self.text.push(b']');
    }

    /// The path as text.
    fn into_string(self) -> String {
        String::from_utf8(self.text).unwrap_or_default()
    }
}

/// Appends the unescaped `key` to the path (its raw bytes when it cannot be decoded).
fn push_raw_key(path: &mut Path, key: &[u8]) {
    let text = if util::find_either(key, b'\\', b'\\').is_some() {
        json::unescape(key)
    } else {
        None
    };
    match text {
        Some(k) => path.push_key(&k),
        None => path.push_key(&crate::util::lossy(key)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::MAX_DEPTH;

    fn find_in(text: &[u8]) -> Option<String> {
        find(&Outline::new(text).unwrap(), "\0")
    }

    #[test]
    fn sentinels_in_json_text_are_the_escaped_strings() {
        for (s, kind) in [
            (SENTINEL_NONJSON, Kind::Unsupported),
            (SENTINEL_FUNCTION, Kind::Function),
            (SENTINEL_BLOB, Kind::Blob),
        ] {
            let mut text = Vec::new();
            json::push_escaped(&mut text, s.as_bytes());
            assert!(text.starts_with(PREFIX));
            assert_eq!(kind_of(&text), kind);
            assert!(raw_eq(&text, s));
        }
    }

    #[test]
    fn paths() {
        let f = r#""\u0000zai:function""#;
        let b = r#""\u0000zai:blob""#;
        let n = r#""\u0000zai:nonjson""#;
        let cases = [
            (format!(r#"{{"a":1,"fn":{f}}}"#), Some("fn")),
            (
                format!(r#"{{"file":{b},"x":[1,{{"y":{n}}}]}}"#),
                Some("x[1].y"),
            ),
            (format!(r#"{{"file":{b}}}"#), None),
            (format!(r#"{{"x":[{b}]}}"#), Some("x[0]")),
            (format!(r#"{{"x":{{"file":{b}}}}}"#), Some("x.file")),
            (
                format!(r#"{{"a\u0062":{{"c":[[],[{f}]]}}}}"#),
                Some("ab.c[1][0]"),
            ),
            (
                r#"{"\u0000zai:function":1,"s":"x\u0000zai:function"}"#.into(),
                None,
            ),
            (r#"{"s":"\u0000zai:functions"}"#.into(), None),
            (
                format!(r#"{{"a":{{}},"b":[],"c":{{"d":[{{}}]}},"e":{n}}}"#),
                Some("e"),
            ),
            (
                format!(r#"{{ "a" : [ {{ "b" : {f} }} ] }}"#),
                Some("a[0].b"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(find_in(text.as_bytes()).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let depth = 100_000;
        let mut text = String::from("{\"a\":");
        text.push_str(&"[".repeat(depth));
        text.push_str(r#""\u0000zai:nonjson""#);
        text.push_str(&"]".repeat(depth));
        text.push('}');
        let path = find_in(text.as_bytes()).unwrap();
        let mut want = String::from("a");
        want.push_str(&"[0]".repeat(MAX_DEPTH as usize - 1));
        assert_eq!(path, want);
        let clean = text.replace("zai:nonjson", "zai:other");
        assert_eq!(find_in(clean.as_bytes()), None);
    }
}
