//! The native tests' reader of the JSON the crate writes: serde_json parses (strict RFC 8259), and
//! this visitor builds a tree that keeps member order and numbers as written, and refuses a
//! member name given twice (serde_json's own `Value` silently keeps the last one; the crate must
//! never write two).
//! Included with `#[path]` by `tests/accumulate.rs` and `tests/properties.rs`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// A JSON value; objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Num(Number),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Parses `text` (one JSON value, surrounding whitespace allowed); the error names the problem.
/// JSON allows an escaped lone surrogate (`"\ud83d"`: a JS string holds one, and the crate passes
/// escapes through as sent); a Rust string cannot, so such an escape reads as U+FFFD.
pub(crate) fn parse(text: &str) -> Result<Json, String> {
    serde_json::from_str(&lone_surrogates_replaced(text)).map_err(|e| e.to_string())
}

/// `text` with every `\uXXXX` escape of a surrogate that is not half of a pair made `\uFFFD`.
fn lone_surrogates_replaced(text: &str) -> String {
    let b = text.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let hex = b.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        let digits = hex.get(2..)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let Some(u) = unit(i) else {
            // Copy one character, or a backslash and the character it escapes (so the `u` of
            // `\\u` is not read as starting an escape). `i` stays on a character boundary.
            let mut rest = text[i..].chars();
            for c in rest.by_ref().take(if b[i] == b'\\' { 2 } else { 1 }) {
                out.push(c);
                i += c.len_utf8();
            }
            continue;
        };
        let paired = match u {
            0xD800..=0xDBFF => unit(i + 6).is_some_and(|lo| (0xDC00..=0xDFFF).contains(&lo)),
            _ => false,
        };
        if paired {
            out.push_str(&text[i..i + 12]);
            i += 12;
        } else if (0xD800..=0xDFFF).contains(&u) {
            out.push_str("\\uFFFD");
            i += 6;
        } else {
            out.push_str(&text[i..i + 6]);
            i += 6;
        }
    }
    out
}

/// Order-independent form, for comparing objects whose member order does not matter.
#[derive(Debug, PartialEq)]
pub(crate) enum Unordered {
    Null,
    Bool(bool),
    Num(Number),
    Str(String),
    Arr(Vec<Unordered>),
    Obj(BTreeMap<String, Unordered>),
}

impl Json {
    /// A number from its JSON text (`"12"`, `"-2.5e3"`).
    pub(crate) fn num(text: &str) -> Json {
        Json::Num(text.parse().expect("a JSON number"))
    }

    /// A member of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// An item of an array (panics otherwise).
    pub(crate) fn at(&self, i: usize) -> &Json {
        match self {
            Json::Arr(a) => &a[i],
            _ => panic!("not an array: {self:?}"),
        }
    }

    /// Follows member names and array indexes (`["choices", "0", "message"]`).
    pub(crate) fn path(&self, path: &[&str]) -> &Json {
        path.iter().fold(self, |v, k| match k.parse::<usize>() {
            Ok(i) => v.at(i),
            Err(_) => v.get(k).unwrap_or_else(|| panic!("no {k} in {v:?}")),
        })
    }

    /// The text of a string (panics otherwise).
    pub(crate) fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            _ => panic!("not a string: {self:?}"),
        }
    }

    /// The member names of an object, in order (panics otherwise).
    pub(crate) fn keys(&self) -> Vec<&str> {
        match self {
            Json::Obj(m) => m.iter().map(|(k, _)| k.as_str()).collect(),
            _ => panic!("not an object: {self:?}"),
        }
    }

    pub(crate) fn unordered(&self) -> Unordered {
        match self {
            Json::Null => Unordered::Null,
            Json::Bool(b) => Unordered::Bool(*b),
            Json::Num(n) => Unordered::Num(n.clone()),
            Json::Str(s) => Unordered::Str(s.clone()),
            Json::Arr(a) => Unordered::Arr(a.iter().map(Json::unordered).collect()),
            Json::Obj(m) => {
                Unordered::Obj(m.iter().map(|(k, v)| (k.clone(), v.unordered())).collect())
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

/// With serde_json's `arbitrary_precision` (numbers kept as their text, however large), a number
/// reaches a visitor as a one-member map under this name (serde_json 1.0.154, `number.rs`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Num(n.into()))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Num(n.into()))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Json, E> {
        Number::from_f64(n)
            .map(Json::Num)
            .ok_or_else(|| E::custom("a number out of range"))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members: Vec<(String, Json)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.is_empty() && key == NUMBER_TOKEN {
                let text: String = map.next_value()?;
                return text.parse().map(Json::Num).map_err(de::Error::custom);
            }
            if members.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("member {key:?} given twice")));
            }
            let value = map.next_value()?;
            members.push((key, value));
        }
        Ok(Json::Obj(members))
    }
}
