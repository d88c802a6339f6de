//! Declarative parameter validation, run before anything is sent.
//!
//! Each resource describes its parameters as a [`Field`] table, which `table!` compiles at build
//! time into a compact [`Table`] (the `Field` arrays never reach the binary); the validator walks
//! a value through the [`Value`] trait, so the same tables check JS objects, test values, and the
//! JSON text `JSON.stringify` made of the parameters ([`Table::validate_json`], through
//! [`JsonText`]). [`validate`] and [`validate_json`] take a `Field` table directly. Only
//! what the service documents is checked (required fields, JSON types, closed enums, documented
//! ranges); unknown fields pass through untouched, so new API parameters work without an SDK
//! update.
//!
//! ```
//! use zai_wasm::schema::{validate, Field, Ty};
//! # use zai_wasm::schema::test_value::V;
//! const PARAMS: &[Field] = &[
//!     Field::req("model", Ty::Str),
//!     Field::opt("temperature", Ty::Num { min: 0.0, max: 1.0, range: "between 0 and 1" }),
//! ];
//! let ok = V::obj(&[("model", V::s("glm-4.6")), ("temperature", V::n(0.6))]);
//! assert!(validate(&ok, PARAMS).is_ok());
//! let bad = V::obj(&[("temperature", V::n(0.6))]);
//! assert_eq!(validate(&bad, PARAMS).unwrap_err().message, "model is required");
//! ```
use crate::prelude::*;

use crate::error::Error;
use crate::json::Outline;
use crate::util;

mod json_text;
mod number;
mod sentinel;
mod table;

/// Compiles a `&'static [Field]` into a [`Table`] at build time (in a `const`).
pub(crate) use table::table;
pub use json_text::JsonText;
pub use sentinel::SENTINEL_FUNCTION;
#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
pub use sentinel::SENTINEL_BLOB;
#[cfg(not(target_arch = "wasm32"))] // for the native tests
pub use sentinel::SENTINEL_NONJSON;
use table::Reader;
pub use table::Table;
#[doc(hidden)]
pub use table::{encodable, encode, encoded_len};

/// The JSON-ish type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `undefined` or absent.
    Absent,
    /// `null`.
    Null,
    /// A boolean.
    Bool,
    /// A finite number.
    Number,
    /// A string.
    Str,
    /// An array.
    Array,
    /// A `Blob` or `File` (only in the browser).
    Blob,
    /// Any other object.
    Object,
    /// A function (valid only where a callback is expected, e.g. `apiKey`, `fetch`).
    Function,
    /// Something JSON cannot carry: a symbol, a bigint, NaN or Infinity.
    Unsupported,
}

/// Read access to a parameter value: a JS value in the browser, a test value natively.
pub trait Value: Sized {
    /// The kind of this value.
    fn kind(&self) -> Kind;
    /// The member `key` of an object (None when absent).
    fn member(&self, key: &str) -> Option<Self>;
    /// The length of an array (0 for anything else).
    fn array_len(&self) -> usize;
    /// Item `i` of an array.
    fn item(&self, i: usize) -> Option<Self>;
    /// The value of a number.
    fn number(&self) -> Option<f64>;
    /// Whether this string equals `s`.
    fn str_eq(&self, s: &str) -> bool;
    /// The length of a string in UTF-16 code units (how the service counts characters).
    fn str_len(&self) -> usize;
    /// Whether a string is empty (an implementation may answer faster than `str_len`).
    fn str_is_empty(&self) -> bool {
        self.str_len() == 0
    }
}

/// One named parameter.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name.
    pub name: &'static str,
    /// Whether it must be present (and not null).
    pub required: bool,
    /// When set, this field or the named sibling must be present (e.g. `prompt` or `image_url`).
    pub or: Option<&'static str>,
    /// What it must look like.
    pub ty: Ty,
}

impl Field {
    /// A required field.
    pub const fn req(name: &'static str, ty: Ty) -> Self {
        Field {
            name,
            required: true,
            or: None,
            ty,
        }
    }

    /// An optional field (absent and `null` both mean "not set").
    pub const fn opt(name: &'static str, ty: Ty) -> Self {
        Field {
            name,
            required: false,
            or: None,
            ty,
        }
    }

    /// An optional field of which it or the sibling `other` must be set ("prompt or image_url").
    pub const fn req_or(name: &'static str, other: &'static str, ty: Ty) -> Self {
        Field {
            name,
            required: false,
            or: Some(other),
            ty,
        }
    }
}

/// The shape a value must have.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Anything JSON can carry.
    Any,
    /// Any string.
    Str,
    /// A non-empty string.
    NonEmptyStr,
    /// A string whose length (UTF-16 units) is within `[min, max]`; `range` says it in words.
    StrLen {
        /// Shortest allowed.
        min: usize,
        /// Longest allowed.
        max: usize,
        /// For the error message, e.g. `"6 to 64 characters"`.
        range: &'static str,
    },
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A boolean.
    Bool,
    /// A number within `[min, max]`.
    Num {
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
        /// For the error message, e.g. `"between 0 and 1"`.
        range: &'static str,
    },
    /// An integer from this list (e.g. `fps`: 30 or 60).
    IntIn(&'static [u32]),
    /// An integer within `[min, max]`.
    Int {
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
        /// For the error message.
        range: &'static str,
    },
    /// An object with these fields.
    Obj(&'static [Field]),
    /// Any object (free-form, e.g. a JSON Schema).
    AnyObj,
    /// An array of at least `min` and at most `max` items, each of type `item`.
    Arr {
        /// Item type.
        item: &'static Ty,
        /// Fewest items.
        min: usize,
        /// Most items.
        max: usize,
    },
    /// An object whose `tag` member selects which field table applies.
    Tagged {
        /// The discriminating member, e.g. `"type"` or `"role"`.
        tag: &'static str,
        /// `(tag value, fields)` pairs.
        variants: &'static [(&'static str, &'static [Field])],
    },
    /// The first of these types that matches the value's kind (e.g. string or array).
    Either(&'static Ty, &'static Ty),
    /// A `Blob`/`File`.
    Blob,
    /// A function.
    Func,
}

#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
/// Validates `value` as an object with `fields` (compiled to a [`Table`] on each call; the
/// request path validates with tables compiled at build time, [`Table::validate_json`]).
pub fn validate<V: Value>(value: &V, fields: &'static [Field]) -> Result<(), Error> {
    validate_text(value, &table::encode_now(fields))
}

fn validate_text<V: Value>(value: &V, table: &str) -> Result<(), Error> {
    match value.kind() {
        Kind::Object => check_fields(value, table::Reader::new(table)).map_err(Reject::into_error),
        _ => Err(Error::invalid("params", "must be an object")),
    }
}

#[cfg(not(target_arch = "wasm32"))] // for the native tests
/// Validates the JSON text of the parameters (what `JSON.stringify(params, replacer)` wrote, see
/// [`SENTINEL_NONJSON`]) as an object with `fields` (compiled to a [`Table`] on each call, like
/// [`validate`]; the request path uses [`Table::validate_json`]).
///
/// Gives the same answer as [`validate`] on the JS value, and one check more: a sentinel the
/// table did not account for (in an unknown member, or inside a free-form value) is an error
/// naming its path, since the text cannot carry that value faithfully. Allowed are a `Blob`
/// member of the top-level object (a multipart file part) and a function member of it whose
/// field expects one (`Ty::Func`, e.g. the `apiKey` option).
///
/// ```
/// use zai_wasm::schema::{validate_json, Field, Ty};
/// const PARAMS: &[Field] = &[Field::req("model", Ty::Str)];
/// assert!(validate_json(br#"{"model":"glm-4.6","extra":{"a":[1]}}"#, PARAMS).is_ok());
/// let err = |text: &[u8]| validate_json(text, PARAMS).unwrap_err().message;
/// assert_eq!(err(b"[]"), "params must be an object");
/// assert_eq!(err(br#"{"model":1}"#), "model must be a string");
/// assert_eq!(
///     err(br#"{"model":"m","extra":{"fn":"\u0000zai:function"}}"#),
///     "extra.fn is not a JSON value (a function, symbol, bigint, NaN or Infinity)"
/// );
/// ```
pub fn validate_json(text: &[u8], fields: &'static [Field]) -> Result<(), Error> {
    validate_json_text(text, &table::encode_now(fields)).map(drop)
}

impl Table {
    /// [`validate_json`] with this table. Returns the text's [`Outline`] (found once, for the
    /// checks), so the caller reads the members it needs without scanning the text again.
    ///
    /// ```
    /// use zai_wasm::resources::chat;
    /// use zai_wasm::schema::{JsonText, Value};
    /// let params = br#"{"model":"glm-4.6","messages":[]}"#;
    /// let err = chat::CREATE.params.validate_json(params).unwrap_err();
    /// assert_eq!(err.message, "messages must not be empty");
    /// let params = br#"{"model":"glm-4.6","messages":[{"role":"user","content":"Hi"}],"stream":true}"#;
    /// let outline = chat::CREATE.params.validate_json(params).unwrap();
    /// let stream = JsonText::root(&outline).member("stream").unwrap();
    /// assert_eq!(stream.raw(), b"true");
    /// ```
    pub fn validate_json<'t>(&self, text: &'t [u8]) -> Result<Outline<'t>, Error> {
        validate_json_text(text, self.text())
    }
}

fn validate_json_text<'t>(text: &'t [u8], table: &str) -> Result<Outline<'t>, Error> {
    let Some(outline) = Outline::new(text).filter(|o| matches!(o.raw(0).first(), Some(b'{'))) else {
        return Err(Error::invalid("params", "must be an object"));
    };
    validate_text(&JsonText::root(&outline), table)?;
    match sentinel::find(&outline, table) {
        Some(path) => Err(Error::invalid(
            &path,
            "is not a JSON value (a function, symbol, bigint, NaN or Infinity)",
        )),
        None => Ok(outline),
    }
}

/// Why a value was rejected, and where (`messages[2].content`). The path is written on the way
/// out of the walk, each level putting its key or index in front, so a valid value costs no
/// path bookkeeping.
#[derive(Debug)]
struct Reject {
    path: String,
    problem: String,
}

/// A rejection of the value being checked (its path follows on the way out).
fn fail(problem: &str) -> Reject {
    Reject {
        path: String::new(),
        problem: String::from(problem),
    }
}

impl Reject {
    /// The rejection as seen from the object whose member `key` was rejected.
    fn at_key(self, key: &str) -> Self {
        self.under(String::from(key))
    }

    /// The rejection as seen from the array whose item `i` was rejected.
    fn at_index(self, i: usize) -> Self {
        let mut step = String::from("[");
        util::push_u64(&mut step, i as u64);
        step.push(']');
        self.under(step)
    }

    /// The path with `step` (a key or `[i]`) in front.
    fn under(mut self, mut step: String) -> Self {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            step.push('.');
        }
        step.push_str(&self.path);
        self.path = step;
        self
    }

    fn into_error(self) -> Error {
        Error::invalid(&self.path, &self.problem)
    }
}

fn check_fields<V: Value>(obj: &V, mut at: Reader<'_>) -> Result<(), Reject> {
    for _ in 0..at.byte() {
        let field = at.field();
        let member = obj.member(field.name);
        match member.as_ref().map(|v| (v, v.kind())) {
            Some((v, kind)) if !matches!(kind, Kind::Absent | Kind::Null) => {
                check(v, kind, field.ty).map_err(|r| r.at_key(field.name))?;
            }
            _ if field.required => return Err(fail("is required").at_key(field.name)),
            _ => {
                if let Some(other) = field.or {
                    if !is_set(obj, other) {
                        let mut m = String::from("or ");
                        m.push_str(other);
                        m.push_str(" is required");
                        return Err(fail(&m).at_key(field.name));
                    }
                }
            }
        }
    }
    Ok(())
}

fn is_set<V: Value>(obj: &V, key: &str) -> bool {
    obj.member(key)
        .is_some_and(|v| !matches!(v.kind(), Kind::Absent | Kind::Null))
}

/// Checks `v`, of kind `kind` (`v.kind()`, which the caller has already asked), against `ty`.
fn check<V: Value>(v: &V, kind: Kind, mut ty: Reader<'_>) -> Result<(), Reject> {
    if kind == Kind::Unsupported {
        return Err(fail("is not a JSON value (symbol, bigint, NaN or Infinity)"));
    }
    let tag = ty.byte();
    // Every type but `Any` and `Either` wants one kind of value first.
    if !matches!(tag, table::ANY | table::EITHER) {
        let want = tag_kind(tag);
        if kind != want {
            return Err(fail(match want {
                Kind::Str => "must be a string",
                Kind::Bool => "must be a boolean",
                Kind::Number => "must be a number",
                Kind::Array => "must be an array",
                Kind::Blob => "must be a Blob or File",
                Kind::Function => "must be a function",
                _ => "must be an object",
            }));
        }
    }
    match tag {
        table::NON_EMPTY_STR => {
            if v.str_is_empty() {
                return Err(fail("must not be empty"));
            }
            Ok(())
        }
        table::STR_LEN => {
            let (min, max) = (ty.bound(), ty.bound());
            let n = v.str_len();
            if n < min || n > max {
                return Err(fail(&must_be(ty.str())));
            }
            Ok(())
        }
        table::ENUM => {
            if table::names_at(ty, false).any(|(s, _)| v.str_eq(s)) {
                return Ok(());
            }
            Err(fail(&one_of(ty, false)))
        }
        table::INT_IN => {
            let n = v.number().unwrap_or(f64::NAN);
            let count = ty.byte();
            let mut m = String::from("must be one of ");
            for i in 0..count {
                let x = ty.u32();
                if f64::from(x) == n {
                    return Ok(());
                }
                if i > 0 {
                    m.push_str(", ");
                }
                util::push_u64(&mut m, u64::from(x));
            }
            Err(fail(&m))
        }
        table::NUM | table::INT => {
            let n = v.number().unwrap_or(f64::NAN);
            if tag == table::INT && has_fraction(n) {
                return Err(fail("must be an integer"));
            }
            let (min, max) = (ty.f64(), ty.f64());
            if !(min..=max).contains(&n) {
                return Err(fail(&must_be(ty.str())));
            }
            Ok(())
        }
        table::OBJ => check_fields(v, ty),
        table::ARR => {
            let (min, max) = (ty.bound(), ty.bound());
            let n = v.array_len();
            if n < min {
                return Err(fail(if min == 1 {
                    "must not be empty"
                } else {
                    "has too few items"
                }));
            }
            if n > max {
                return Err(fail("has too many items"));
            }
            for i in 0..n {
                let item = v.item(i);
                match item.as_ref().map(|x| (x, x.kind())) {
                    Some((x, kind)) if !matches!(kind, Kind::Absent | Kind::Null) => {
                        check(x, kind, ty).map_err(|r| r.at_index(i))?
                    }
                    _ => return Err(fail("must not be null").at_index(i)),
                }
            }
            Ok(())
        }
        table::TAGGED => {
            let tag = ty.str();
            let member = v.member(tag);
            let Some((t, t_kind)) = member
                .as_ref()
                .map(|t| (t, t.kind()))
                .filter(|(_, k)| !matches!(k, Kind::Absent | Kind::Null))
            else {
                return Err(fail("is required").at_key(tag));
            };
            check(t, t_kind, Reader::new(STR_TY)).map_err(|r| r.at_key(tag))?;
            let Some((_, fields)) = table::names_at(ty, true).find(|(name, _)| t.str_eq(name))
            else {
                return Err(fail(&one_of(ty, true)).at_key(tag));
            };
            check_fields(v, fields)
        }
        table::EITHER => {
            let (a, b) = either(ty);
            if accepts(kind, a, true) {
                check(v, kind, a)
            } else if accepts(kind, b, true) {
                check(v, kind, b)
            } else {
                let mut m = String::from("must be ");
                m.push_str(kind_word(a));
                m.push_str(" or ");
                m.push_str(kind_word(b));
                Err(fail(&m))
            }
        }
        _ => Ok(()),
    }
}

/// A compact `Ty::Str` (a tag's value must be a string).
const STR_TY: &str = "\u{1}";

/// The two types of an `EITHER` (the reader after its tag).
fn either(mut ty: Reader<'_>) -> (Reader<'_>, Reader<'_>) {
    let size = ty.size();
    let a = ty;
    ty.skip(size);
    (a, ty)
}

/// The kind a type accepts at its top level.
fn kind_of(mut ty: Reader<'_>) -> Kind {
    match ty.byte() {
        table::EITHER => kind_of(either(ty).0),
        tag => tag_kind(tag),
    }
}

/// The kind the type with `tag` accepts (not for `EITHER`).
fn tag_kind(tag: u8) -> Kind {
    table::KINDS
        .get(usize::from(tag))
        .copied()
        .unwrap_or(Kind::Absent)
}

/// Whether a value of `kind` matches `ty` at its top level (`Ty::Any`: `any`).
fn accepts(kind: Kind, mut ty: Reader<'_>, any: bool) -> bool {
    let at = ty;
    match ty.byte() {
        table::ANY => any,
        table::EITHER => {
            let (a, b) = either(ty);
            accepts(kind, a, any) || accepts(kind, b, any)
        }
        _ => kind_of(at) == kind,
    }
}

fn kind_word(ty: Reader<'_>) -> &'static str {
    match kind_of(ty) {
        Kind::Str => "a string",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::Array => "an array",
        Kind::Blob => "a Blob",
        Kind::Function => "a function",
        _ => "an object",
    }
}

fn must_be(range: &str) -> String {
    let mut m = String::from("must be ");
    m.push_str(range);
    m
}

/// `must be one of "a", "b"` for an `ENUM`'s values or a `TAGGED`'s variants (`at` their count).
fn one_of(at: Reader<'_>, tables: bool) -> String {
    let mut m = String::from("must be one of ");
    for (i, (v, _)) in table::names_at(at, tables).enumerate() {
        if i > 0 {
            m.push_str(", ");
        }
        m.push('"');
        m.push_str(v);
        m.push('"');
    }
    m
}

/// Whether `n` is not a whole number (as `n.fract() != 0.0`, which needs std): every finite
/// float of magnitude 2^52 or more is whole; below that, the `i64` round trip is exact.
fn has_fraction(n: f64) -> bool {
    const WHOLE_FROM: f64 = 4_503_599_627_370_496.0; // 2^52
    if !n.is_finite() {
        return true;
    }
    if n >= WHOLE_FROM || n <= -WHOLE_FROM {
        return false;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let whole = n as i64 as f64;
    whole != n
}

#[cfg(any(test, not(target_arch = "wasm32")))] // for the native tests
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // its unit tests use part of it
/// A plain Rust implementation of [`Value`] for tests and doc examples.
#[doc(hidden)]
pub mod test_value {
    use super::{Kind, Value};
    use crate::prelude::*;

    /// The message `validate` rejects `params` with; a test that expected a rejection fails here,
    /// naming the params that were accepted. `validate_json` must reject the JSON text of
    /// `params` ([`json_of`]) with the same message. (Unit tests only: library code never
    /// panics.)
    #[cfg(test)]
    pub fn rejected(params: V, fields: &'static [super::Field]) -> String {
        match super::validate(&params, fields) {
            Err(e) => {
                #[cfg(not(target_arch = "wasm32"))]
                {
                    let text = json_of(&params);
                    let from_text = super::validate_json(text.as_bytes(), fields);
                    assert_eq!(from_text, Err(e.clone()), "JSON text: {text}");
                }
                e.message
            }
            Ok(()) => panic!("expected a rejection, but these params were accepted: {params:?}"),
        }
    }

    /// The JSON text `JSON.stringify(params, replacer)` writes for the JS value `v` stands for:
    /// a `Blob`, a function and a non-finite number become their sentinel strings, and of
    /// members with the same key only the first is kept (it is the one [`V`] reads, and a JS
    /// object has no duplicates). Native only: it prints numbers with `core::fmt`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn json_of(v: &V) -> String {
        let mut out = String::new();
        write_json(&mut out, v);
        out
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn write_json(out: &mut String, v: &V) {
        use core::fmt::Write;
        let string = |out: &mut String, s: &str| {
            let mut b = vec![b'"'];
            crate::json::push_escaped(&mut b, s.as_bytes());
            b.push(b'"');
            out.push_str(&crate::util::lossy(&b));
        };
        match v {
            V::Null => out.push_str("null"),
            V::B(b) => out.push_str(if *b { "true" } else { "false" }),
            V::N(n) if n.is_finite() => {
                let _ = write!(out, "{n}");
            }
            V::N(_) => string(out, super::SENTINEL_NONJSON),
            V::S(s) => string(out, s),
            V::Blob => string(out, super::SENTINEL_BLOB),
            V::Func => string(out, super::SENTINEL_FUNCTION),
            V::A(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json(out, x);
                }
                out.push(']');
            }
            V::O(members) => {
                out.push('{');
                let mut first = true;
                for (i, (k, x)) in members.iter().enumerate() {
                    if members.iter().take(i).any(|(seen, _)| seen == k) {
                        continue;
                    }
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    string(out, k);
                    out.push(':');
                    write_json(out, x);
                }
                out.push('}');
            }
        }
    }

    /// A test value.
    #[derive(Debug, Clone)]
    pub enum V {
        /// `null`
        Null,
        /// boolean
        B(bool),
        /// number
        N(f64),
        /// string
        S(String),
        /// array
        A(Vec<V>),
        /// object
        O(Vec<(String, V)>),
        /// a Blob
        Blob,
        /// a function
        Func,
    }

    impl V {
        /// A string.
        pub fn s(s: &str) -> V {
            V::S(s.into())
        }
        /// A number.
        pub fn n(n: f64) -> V {
            V::N(n)
        }
        /// An object.
        pub fn obj(members: &[(&str, V)]) -> V {
            V::O(
                members
                    .iter()
                    .map(|(k, v)| ((*k).into(), v.clone()))
                    .collect(),
            )
        }
        /// An array.
        pub fn arr(items: &[V]) -> V {
            V::A(items.to_vec())
        }
    }

    impl Value for V {
        fn kind(&self) -> Kind {
            match self {
                V::Null => Kind::Null,
                V::B(_) => Kind::Bool,
                V::N(n) if n.is_finite() => Kind::Number,
                V::N(_) => Kind::Unsupported,
                V::Func => Kind::Function,
                V::S(_) => Kind::Str,
                V::A(_) => Kind::Array,
                V::O(_) => Kind::Object,
                V::Blob => Kind::Blob,
            }
        }
        fn member(&self, key: &str) -> Option<V> {
            match self {
                V::O(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
                _ => None,
            }
        }
        fn array_len(&self) -> usize {
            match self {
                V::A(a) => a.len(),
                _ => 0,
            }
        }
        fn item(&self, i: usize) -> Option<V> {
            match self {
                V::A(a) => a.get(i).cloned(),
                _ => None,
            }
        }
        fn number(&self) -> Option<f64> {
            match self {
                V::N(n) => Some(*n),
                _ => None,
            }
        }
        fn str_eq(&self, s: &str) -> bool {
            matches!(self, V::S(x) if x == s)
        }
        fn str_len(&self) -> usize {
            match self {
                V::S(x) => x.encode_utf16().count(),
                _ => 0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_value::V;
    use super::*;

    const FIELDS: &[Field] = &[
        Field::req_or("prompt", "image_url", Ty::Str),
        Field::opt("image_url", Ty::Str),
        Field::opt("fps", Ty::IntIn(&[30, 60])),
    ];

    fn msg(v: V) -> String {
        validate(&v, FIELDS).unwrap_err().message
    }

    #[test]
    fn either_of_two_fields() {
        assert!(validate(&V::obj(&[("prompt", V::s("a"))]), FIELDS).is_ok());
        assert!(validate(&V::obj(&[("image_url", V::s("u"))]), FIELDS).is_ok());
        assert_eq!(msg(V::obj(&[])), "prompt or image_url is required");
        assert_eq!(
            msg(V::obj(&[("prompt", V::Null), ("image_url", V::Null)])),
            "prompt or image_url is required"
        );
    }

    #[test]
    fn integer_from_a_list() {
        let fps = |n: f64| V::obj(&[("prompt", V::s("a")), ("fps", V::n(n))]);
        assert!(validate(&fps(60.0), FIELDS).is_ok());
        assert_eq!(msg(fps(45.0)), "fps must be one of 30, 60");
        assert_eq!(msg(fps(30.5)), "fps must be one of 30, 60");
        assert_eq!(
            msg(V::obj(&[("prompt", V::s("a")), ("fps", V::s("30"))])),
            "fps must be a number"
        );
    }
}
