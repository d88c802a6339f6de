//! [`Table`]: a [`Field`] table compiled, at build time, into one string that the validator
//! reads in place.
//!
//! The `Field`/`Ty` tables are how the resources *write* their parameters; as data in the
//! `.wasm` they would be arrays of pointer-sized fields (each name, range text and nested table
//! a `&'static`), several KB that gzip compresses badly. `table!` runs [`encode`] in a `const`,
//! so the binary holds only the compact text below and the `Field` arrays are never emitted.
//!
//! The text is valid UTF-8 by construction: every number is written in 7-bit digits (bytes
//! below 0x80) and every string is copied whole, so the validator takes `&str` slices of it
//! with `str::get`, without a UTF-8 check.
//!
//! ```text
//! fields := count:1 field*
//! field  := size:2 flags:1 name:str [or:str] ty        size: bytes after `size`, to skip it
//! str    := len:1 bytes
//! ty     := tag:1 payload, by tag:
//!   STR_LEN  min:5 max:5 range:str        ENUM   count:1 str*
//!   NUM, INT min:10 max:10 range:str      INT_IN count:1 value:5*
//!   OBJ      fields                       ARR    min:5 max:5 item:ty
//!   TAGGED   tag:str count:1 (name:str size:2 fields)*
//!   EITHER   size:2 a:ty b:ty             (size: of `a`)
//!   the others: nothing
//! ```
//!
//! `n:k` is a number in `k` little-endian 7-bit digits; `f64` bounds are their bits; a length
//! bound of `u32::MAX` or more stands for "unbounded" (`usize::MAX`).
use super::{Field, Kind, Ty};

/// Type tags.
pub(super) const ANY: u8 = 0;
pub(super) const STR: u8 = 1;
pub(super) const NON_EMPTY_STR: u8 = 2;
pub(super) const STR_LEN: u8 = 3;
pub(super) const ENUM: u8 = 4;
pub(super) const BOOL: u8 = 5;
pub(super) const NUM: u8 = 6;
pub(super) const INT_IN: u8 = 7;
pub(super) const INT: u8 = 8;
pub(super) const OBJ: u8 = 9;
pub(super) const ANY_OBJ: u8 = 10;
pub(super) const ARR: u8 = 11;
pub(super) const TAGGED: u8 = 12;
pub(super) const EITHER: u8 = 13;
pub(super) const BLOB: u8 = 14;
pub(super) const FUNC: u8 = 15;

/// The kind each tag accepts at its top level (`EITHER`: its first type's, see `kind_of`).
pub(super) const KINDS: [Kind; 16] = [
    Kind::Absent,   // ANY
    Kind::Str,      // STR
    Kind::Str,      // NON_EMPTY_STR
    Kind::Str,      // STR_LEN
    Kind::Str,      // ENUM
    Kind::Bool,     // BOOL
    Kind::Number,   // NUM
    Kind::Number,   // INT_IN
    Kind::Number,   // INT
    Kind::Object,   // OBJ
    Kind::Object,   // ANY_OBJ
    Kind::Array,    // ARR
    Kind::Object,   // TAGGED
    Kind::Absent,   // EITHER
    Kind::Blob,     // BLOB
    Kind::Function, // FUNC
];

/// Field flags.
pub(super) const REQUIRED: u8 = 1;
pub(super) const HAS_OR: u8 = 2;

/// Digits of a size (fields, variant tables, the first type of an `Either`): up to 16383 bytes.
const SIZE: usize = 2;
/// Digits of a `u32` (length bounds, `IntIn` values).
const U32: usize = 5;
/// Digits of an `f64`'s bits.
const F64: usize = 10;

/// A parameter table compiled by `table!` (see the module docs); what the request path
/// validates parameters and options with.
#[derive(Clone, Copy)]
pub struct Table {
    text: &'static str,
    /// The table it was compiled from (native builds only: the tests generate parameters
    /// from it; in the `.wasm` it would bring back the arrays this type exists to avoid).
    #[cfg(not(target_arch = "wasm32"))]
    fields: &'static [Field],
}

impl Table {
    /// For `table!` only: `text` is `encode(fields)`.
    #[doc(hidden)]
    pub const fn compiled(text: &'static str, fields: &'static [Field]) -> Self {
        #[cfg(target_arch = "wasm32")]
        let _ = fields;
        Table {
            text,
            #[cfg(not(target_arch = "wasm32"))]
            fields,
        }
    }

    /// The compiled text.
    pub(super) fn text(&self) -> &'static str {
        self.text
    }

    /// The table this was compiled from (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn fields(&self) -> &'static [Field] {
        self.fields
    }

    /// Whether the table has a top-level field called `name`.
    ///
    /// ```
    /// use zai_wasm::resources::chat;
    /// assert!(chat::CREATE.params.has("request_id"));
    /// assert!(!chat::CREATE.params.has("prompt"));
    /// ```
    pub fn has(&self, name: &str) -> bool {
        fields(self.text).any(|f| f.name == name)
    }
}

impl core::fmt::Debug for Table {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Table")
    }
}

/// Compiles a `&'static [Field]` expression into a [`Table`] in a `const`: the `Field` arrays
/// stay compile-time values and only the compact text reaches the binary.
macro_rules! table {
    ($fields:expr) => {{
        const FIELDS: &[$crate::schema::Field] = $fields;
        const LEN: usize = $crate::schema::encoded_len(FIELDS);
        const BYTES: [u8; LEN] = $crate::schema::encode::<LEN>(FIELDS);
        const TEXT: &str = match ::core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => "",
        };
        const _: () = assert!(
            $crate::schema::encodable(FIELDS) && TEXT.len() == LEN,
            "a parameter table does not fit its compact encoding (a name, range text or enum \
             list of 128 or more, a field or variant of 16 KB or more)"
        );
        $crate::schema::Table::compiled(TEXT, FIELDS)
    }};
}
pub(crate) use table;

// ------------------------------------------------------------------------------------------------
// Encoding (const fns: `table!` runs them at compile time; `validate` with a `Field` table at run
// time). Out-of-range writes are dropped rather than panicking: the counting pass writes nowhere.
// ------------------------------------------------------------------------------------------------

struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
    /// Something did not fit (see `encodable`).
    bad: bool,
}

const fn put_at(w: &mut Writer<'_>, at: usize, b: u8) {
    if let Some((_, rest)) = w.out.split_at_mut_checked(at) {
        if let Some((slot, _)) = rest.split_first_mut() {
            *slot = b;
        }
    }
}

const fn put(w: &mut Writer<'_>, b: u8) {
    if b >= 0x80 {
        w.bad = true;
    }
    put_at(w, w.at, b);
    w.at += 1;
}

const fn digits_at(w: &mut Writer<'_>, at: usize, v: u64, n: usize) {
    let mut i = 0;
    while i < n {
        let shift = 7 * i as u32;
        put_at(
            w,
            at + i,
            if shift < 64 {
                (v >> shift) as u8 & 0x7f
            } else {
                0
            },
        );
        i += 1;
    }
    if n * 7 < 64 && v >> (n * 7) != 0 {
        w.bad = true;
    }
}

const fn digits(w: &mut Writer<'_>, v: u64, n: usize) {
    digits_at(w, w.at, v, n);
    w.at += n;
}

const fn bound(w: &mut Writer<'_>, v: usize) {
    let v = if v as u64 >= u32::MAX as u64 {
        u32::MAX as u64
    } else {
        v as u64
    };
    digits(w, v, U32);
}

const fn count(w: &mut Writer<'_>, n: usize) {
    if n >= 0x80 {
        w.bad = true;
    }
    put(w, n as u8 & 0x7f);
}

const fn text(w: &mut Writer<'_>, s: &str) {
    count(w, s.len());
    let mut rest = s.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        // Multi-byte characters are copied whole: their bytes are not digits.
        put_at(w, w.at, b);
        w.at += 1;
        rest = tail;
    }
}

/// Reserves a size; `end_size` fills it in.
const fn begin_size(w: &mut Writer<'_>) -> usize {
    let at = w.at;
    w.at += SIZE;
    at
}

const fn end_size(w: &mut Writer<'_>, at: usize) {
    digits_at(w, at, (w.at - at - SIZE) as u64, SIZE);
}

const fn enc_fields(w: &mut Writer<'_>, fs: &[Field]) {
    count(w, fs.len());
    let mut rest = fs;
    while let Some((f, tail)) = rest.split_first() {
        let at = begin_size(w);
        let flags =
            (if f.required { REQUIRED } else { 0 }) | (if f.or.is_some() { HAS_OR } else { 0 });
        put(w, flags);
        text(w, f.name);
        if let Some(or) = f.or {
            text(w, or);
        }
        enc_ty(w, &f.ty);
        end_size(w, at);
        rest = tail;
    }
}

const fn enc_ty(w: &mut Writer<'_>, t: &Ty) {
    match *t {
        Ty::Any => put(w, ANY),
        Ty::Str => put(w, STR),
        Ty::NonEmptyStr => put(w, NON_EMPTY_STR),
        Ty::StrLen { min, max, range } => {
            put(w, STR_LEN);
            bound(w, min);
            bound(w, max);
            text(w, range);
        }
        Ty::Enum(values) => {
            put(w, ENUM);
            count(w, values.len());
            let mut rest = values;
            while let Some((v, tail)) = rest.split_first() {
                text(w, v);
                rest = tail;
            }
        }
        Ty::Bool => put(w, BOOL),
        Ty::Num { min, max, range } | Ty::Int { min, max, range } => {
            put(
                w,
                if matches!(t, Ty::Int { .. }) {
                    INT
                } else {
                    NUM
                },
            );
            digits(w, min.to_bits(), F64);
            digits(w, max.to_bits(), F64);
            text(w, range);
        }
        Ty::IntIn(values) => {
            put(w, INT_IN);
            count(w, values.len());
            let mut rest = values;
            while let Some((&v, tail)) = rest.split_first() {
                digits(w, v as u64, U32);
                rest = tail;
            }
        }
        Ty::Obj(fs) => {
            put(w, OBJ);
            enc_fields(w, fs);
        }
        Ty::AnyObj => put(w, ANY_OBJ),
        Ty::Arr { item, min, max } => {
            put(w, ARR);
            bound(w, min);
            bound(w, max);
            enc_ty(w, item);
        }
        Ty::Tagged { tag, variants } => {
            put(w, TAGGED);
            text(w, tag);
            count(w, variants.len());
            let mut rest = variants;
            while let Some(((name, fs), tail)) = rest.split_first() {
                text(w, name);
                let at = begin_size(w);
                enc_fields(w, fs);
                end_size(w, at);
                rest = tail;
            }
        }
        Ty::Either(a, b) => {
            put(w, EITHER);
            let at = begin_size(w);
            enc_ty(w, a);
            end_size(w, at);
            enc_ty(w, b);
        }
        Ty::Blob => put(w, BLOB),
        Ty::Func => put(w, FUNC),
    }
}

const fn run<'a>(fs: &[Field], out: &'a mut [u8]) -> Writer<'a> {
    let mut w = Writer {
        out,
        at: 0,
        bad: false,
    };
    enc_fields(&mut w, fs);
    w
}

/// The length of `fs`'s compact text.
#[doc(hidden)]
pub const fn encoded_len(fs: &[Field]) -> usize {
    run(fs, &mut []).at
}

/// Whether `fs` fits the compact encoding (lengths and counts below 128, sizes below 16 KB).
#[doc(hidden)]
pub const fn encodable(fs: &[Field]) -> bool {
    !run(fs, &mut []).bad
}

/// `fs`'s compact text, `N` (= [`encoded_len`]) bytes.
#[doc(hidden)]
pub const fn encode<const N: usize>(fs: &[Field]) -> [u8; N] {
    let mut out = [0; N];
    run(fs, &mut out);
    out
}

#[cfg(any(feature = "rust-api", not(target_arch = "wasm32")))] // for the Rust API
/// `fs`'s compact text, at run time (for [`validate`](super::validate) with a `Field` table).
pub(super) fn encode_now(fs: &[Field]) -> alloc::string::String {
    let mut out = vec![0; encoded_len(fs)];
    run(fs, &mut out);
    alloc::string::String::from_utf8(out).unwrap_or_default()
}

// ------------------------------------------------------------------------------------------------
// Reading. The text comes from `encode`; on anything else the answers are some answers, never a
// panic.
// ------------------------------------------------------------------------------------------------

/// A position in a compact text.
#[derive(Clone, Copy)]
pub(super) struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Reader<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Reader { text, at: 0 }
    }

    #[inline(always)]
    pub(super) fn byte(&mut self) -> u8 {
        let b = self.text.as_bytes().get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    #[inline(always)]
    fn digits(&mut self, n: usize) -> u64 {
        (0..n).fold(0, |v, i| v | u64::from(self.byte()) << (7 * i))
    }

    #[inline(always)]
    pub(super) fn size(&mut self) -> usize {
        self.digits(SIZE) as usize
    }

    pub(super) fn u32(&mut self) -> u32 {
        self.digits(U32) as u32
    }

    /// A length bound (`usize::MAX`: unbounded).
    pub(super) fn bound(&mut self) -> usize {
        match self.u32() {
            u32::MAX => usize::MAX,
            n => n as usize,
        }
    }

    pub(super) fn f64(&mut self) -> f64 {
        f64::from_bits(self.digits(F64))
    }

    #[inline(always)]
    pub(super) fn str(&mut self) -> &'t str {
        let n = usize::from(self.byte());
        let end = self.at + n;
        let s = self.text.get(self.at..end).unwrap_or_default();
        self.at = end;
        s
    }

    /// The field here; moves past it.
    pub(super) fn field(&mut self) -> FieldRef<'t> {
        let size = self.size();
        let mut f = *self;
        self.skip(size);
        let flags = f.byte();
        let name = f.str();
        let or = (flags & HAS_OR != 0).then(|| f.str());
        FieldRef {
            name,
            required: flags & REQUIRED != 0,
            or,
            ty: f,
        }
    }

    pub(super) fn skip(&mut self, n: usize) {
        self.at += n;
    }
}

/// One field of a compact table.
pub(super) struct FieldRef<'t> {
    pub(super) name: &'t str,
    pub(super) required: bool,
    pub(super) or: Option<&'t str>,
    /// At the field's type.
    pub(super) ty: Reader<'t>,
}

/// The fields of the table at `r` (at its count).
pub(super) fn fields_at<'t>(mut r: Reader<'t>) -> impl Iterator<Item = FieldRef<'t>> {
    let n = r.byte();
    (0..n).map(move |_| r.field())
}

/// The top-level fields of the compact table `text`.
pub(super) fn fields(text: &str) -> impl Iterator<Item = FieldRef<'_>> {
    fields_at(Reader::new(text))
}

/// The names of an `ENUM` (at its count) or the variants of a `TAGGED` (at its count; each
/// with the reader at its fields).
pub(super) fn names_at<'t>(
    mut r: Reader<'t>,
    tables: bool,
) -> impl Iterator<Item = (&'t str, Reader<'t>)> {
    let n = r.byte();
    (0..n).map(move |_| {
        let name = r.str();
        let mut at = r;
        if tables {
            let size = r.size();
            at = r;
            r.skip(size);
        }
        (name, at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    #[cfg(not(target_arch = "wasm32"))]
    use crate::{config, resources::ENDPOINTS};

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_table_is_compiled_from_its_fields() {
        let mut tables: Vec<(&str, Table)> = ENDPOINTS.iter().map(|e| (e.name, e.params)).collect();
        tables.push(("CLIENT_OPTIONS", config::CLIENT_TABLE));
        tables.push(("CALL_OPTIONS", config::CALL_TABLE));
        tables.push(("POLL_OPTIONS", config::POLL_TABLE));
        for (name, table) in tables {
            assert!(encodable(table.fields()), "{name}");
            assert_eq!(table.text(), encode_now(table.fields()), "{name}");
            let names: Vec<&str> = table.fields().iter().map(|f| f.name).collect();
            let read: Vec<&str> = fields(table.text()).map(|f| f.name).collect();
            assert_eq!(read, names, "{name}");
        }
    }

    #[test]
    fn what_does_not_fit_is_refused() {
        let long = "x".repeat(128);
        let name: &'static str = Box::leak(long.into_boxed_str());
        assert!(encodable(&[Field::opt(&name[1..], Ty::Str)]));
        assert!(!encodable(&[Field::opt(name, Ty::Str)]));
        let values: &'static [&'static str] = Box::leak(vec!["v"; 128].into_boxed_slice());
        assert!(!encodable(&[Field::opt("e", Ty::Enum(values))]));
        assert!(encodable(&[Field::opt("e", Ty::Enum(&values[1..]))]));
        // A field of 16 KB or more: 70 enums of 127 one-letter values (about 18 KB).
        let many: &'static [Field] =
            Box::leak(vec![Field::opt("e", Ty::Enum(&values[1..])); 70].into_boxed_slice());
        assert!(!encodable(&[Field::opt("o", Ty::Obj(many))]));
        assert!(encodable(many));
    }

    #[test]
    fn bounds_and_numbers_round_trip() {
        const T: &[Field] = &[
            Field::req(
                "a",
                Ty::Arr {
                    item: &Ty::Str,
                    min: 3,
                    max: usize::MAX,
                },
            ),
            Field::opt(
                "n",
                Ty::Num {
                    min: -0.01,
                    max: f64::MAX,
                    range: "r",
                },
            ),
            Field::opt("i", Ty::IntIn(&[0, 30, u32::MAX - 1])),
        ];
        let text = encode_now(T);
        let f: Vec<FieldRef<'_>> = fields(&text).collect();
        let mut a = f[0].ty;
        assert_eq!(
            (a.byte(), a.bound(), a.bound(), a.byte()),
            (ARR, 3, usize::MAX, STR)
        );
        let mut n = f[1].ty;
        assert_eq!(
            (n.byte(), n.f64(), n.f64(), n.str()),
            (NUM, -0.01, f64::MAX, "r")
        );
        let mut i = f[2].ty;
        assert_eq!(
            (i.byte(), i.byte(), i.u32(), i.u32(), i.u32()),
            (INT_IN, 3, 0, 30, u32::MAX - 1)
        );
        assert!(f[0].required && !f[1].required && f[2].or.is_none());
    }
}
