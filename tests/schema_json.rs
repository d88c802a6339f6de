//! `schema::validate_json` (the parameters as `JSON.stringify` text) against `schema::validate`
//! (the parameters as a value): for every table, valid parameters generated from the table and
//! every single-point mutation of them give the same answer both ways, whatever the JSON text
//! looks like (compact, spaced, every character escaped). Plus the cases only text has:
//! escapes, numbers, sentinels, duplicate keys, deep nesting.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(not(target_arch = "wasm32"))]

use zai_wasm::config;
use zai_wasm::error::Error;
use zai_wasm::json::Outline;
use zai_wasm::resources::{self, ENDPOINTS};
use zai_wasm::schema::test_value::{json_of, V};
use zai_wasm::schema::{
    validate, validate_json, Field, JsonText, Kind, Ty, Value, SENTINEL_BLOB, SENTINEL_FUNCTION,
    SENTINEL_NONJSON,
};

const NOT_JSON: &str = "is not a JSON value (a function, symbol, bigint, NaN or Infinity)";

// ---------------------------------------------------------------------------------------------
// JSON text of a test value, three ways.

#[derive(Clone, Copy, Debug)]
enum Style {
    /// What `JSON.stringify` writes (via `test_value::json_of`).
    Stringify,
    /// Whitespace around every token.
    Spaced,
    /// Every character of every key and string written as `\uXXXX` (pairs for astral ones).
    Escaped,
}

const STYLES: [Style; 3] = [Style::Stringify, Style::Spaced, Style::Escaped];

fn text_of(v: &V, style: Style) -> String {
    match style {
        Style::Stringify => json_of(v),
        _ => {
            let mut out = String::new();
            write(&mut out, v, style);
            out
        }
    }
}

fn write_str(out: &mut String, s: &str, style: Style) {
    out.push('"');
    if s.starts_with('\0') {
        // A sentinel: JSON.stringify's own escaping, whatever the style.
        let mut b = Vec::new();
        zai_wasm::json::push_escaped(&mut b, s.as_bytes());
        out.push_str(std::str::from_utf8(&b).unwrap());
    } else if matches!(style, Style::Escaped) {
        for u in s.encode_utf16() {
            out.push_str(&format!("\\u{u:04X}"));
        }
    } else {
        let mut b = Vec::new();
        zai_wasm::json::push_escaped(&mut b, s.as_bytes());
        out.push_str(std::str::from_utf8(&b).unwrap());
    }
    out.push('"');
}

fn write(out: &mut String, v: &V, style: Style) {
    let ws = " \n\t\r ";
    match v {
        V::Null => out.push_str("null"),
        V::B(b) => out.push_str(if *b { "true" } else { "false" }),
        V::N(n) if n.is_finite() => out.push_str(&format!("{n:e}")),
        V::N(_) => write_str(out, SENTINEL_NONJSON, style),
        V::S(s) => write_str(out, s, style),
        V::Blob => write_str(out, SENTINEL_BLOB, style),
        V::Func => write_str(out, SENTINEL_FUNCTION, style),
        V::A(items) => {
            out.push_str("[ ");
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(" ,\n");
                }
                write(out, x, style);
            }
            out.push_str(" ]");
        }
        V::O(members) => {
            out.push('{');
            out.push_str(ws);
            for (i, (k, x)) in dedup(members).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(ws);
                    out.push(',');
                }
                write_str(out, k, style);
                out.push_str(" : ");
                write(out, x, style);
            }
            out.push_str(ws);
            out.push('}');
        }
    }
}

/// The members a JS object would have: the first of each key (what `V::member` reads).
fn dedup(members: &[(String, V)]) -> Vec<(&String, &V)> {
    let mut out: Vec<(&String, &V)> = Vec::new();
    for (k, v) in members {
        if !out.iter().any(|(seen, _)| *seen == k) {
            out.push((k, v));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// What validate_json must answer: validate's answer, then the first sentinel no field accounts
// for (text order; a top-level Blob, or a top-level function whose field expects one, is fine).

fn expects(v: &V, ty: &Ty) -> bool {
    match ty {
        Ty::Func => matches!(v, V::Func),
        Ty::Blob => matches!(v, V::Blob),
        Ty::Either(a, b) => expects(v, a) || expects(v, b),
        _ => false,
    }
}

fn is_sentinel(v: &V) -> bool {
    matches!(v, V::Func | V::Blob) || matches!(v, V::N(n) if !n.is_finite())
}

fn first_sentinel(v: &V, path: &str, depth: usize, fields: &[Field]) -> Option<String> {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        V::O(members) => dedup(members).into_iter().find_map(|(k, x)| {
            let p = join(k);
            if is_sentinel(x) {
                let allowed = depth == 0
                    && (matches!(x, V::Blob)
                        || fields.iter().any(|f| f.name == k && expects(x, &f.ty)));
                return (!allowed).then_some(p);
            }
            first_sentinel(x, &p, depth + 1, fields)
        }),
        V::A(items) => items.iter().enumerate().find_map(|(i, x)| {
            let p = format!("{path}[{i}]");
            if is_sentinel(x) {
                return Some(p);
            }
            first_sentinel(x, &p, depth + 1, fields)
        }),
        _ => None,
    }
}

fn expected(v: &V, fields: &'static [Field]) -> Result<(), Error> {
    validate(v, fields)?;
    match first_sentinel(v, "", 0, fields) {
        Some(path) => Err(Error::invalid(&path, NOT_JSON)),
        None => Ok(()),
    }
}

/// Checks `v` both ways, as the text of each of `styles`; returns whether it was valid.
fn agree_in(v: &V, fields: &'static [Field], what: &str, styles: &[Style]) -> bool {
    let want = expected(v, fields);
    for &style in styles {
        let text = text_of(v, style);
        let got = validate_json(text.as_bytes(), fields);
        assert_eq!(got, want, "{what} ({style:?}): {text}");
    }
    want.is_ok()
}

/// Checks `v` both ways in every style; returns whether it was valid.
fn agree(v: &V, fields: &'static [Field], what: &str) -> bool {
    agree_in(v, fields, what, &STYLES)
}

// ---------------------------------------------------------------------------------------------
// Valid parameters generated from a table; `choice` picks the variant, branch, enum value and
// bound, so a few choices cover every tagged variant and both ends of every range.

fn gen_ty(ty: &Ty, choice: usize, full: bool) -> V {
    match *ty {
        Ty::Any => V::obj(&[("any", V::arr(&[V::n(1.0), V::Null, V::s("x")]))]),
        Ty::Str => V::s(["text", "", "é😀"][choice % 3]),
        Ty::NonEmptyStr => V::s(["x", "中文", "a\"b\\c\n"][choice % 3]),
        Ty::StrLen { min, max, .. } => {
            let n = if choice % 2 == 0 {
                min.max(1).min(max)
            } else {
                max.min(600)
            };
            V::S("é".repeat(n))
        }
        Ty::Enum(values) => V::s(values[choice % values.len()]),
        Ty::Bool => V::B(choice % 2 == 0),
        Ty::Num { min, max, .. } => V::n(match choice % 3 {
            0 => min,
            1 => max,
            _ => 0.5f64.clamp(min, max),
        }),
        Ty::Int { min, max, .. } => V::n(if choice % 2 == 0 { min } else { max }),
        Ty::IntIn(values) => V::n(f64::from(values[choice % values.len()])),
        Ty::Obj(fields) => gen_fields(fields, choice, full),
        Ty::AnyObj => V::obj(&[("type", V::s("object")), ("n", V::arr(&[V::obj(&[])]))]),
        Ty::Arr { item, min, max } => {
            let n = (min.max(1) + choice % 3).min(max);
            V::A((0..n).map(|i| gen_ty(item, choice + i, full)).collect())
        }
        Ty::Tagged { tag, variants } => {
            let (name, fields) = variants[choice % variants.len()];
            let V::O(mut members) = gen_fields(fields, choice / variants.len(), full) else {
                unreachable!()
            };
            members.insert(choice % 2 * members.len(), (tag.into(), V::s(name)));
            V::O(members)
        }
        Ty::Either(a, b) => gen_ty(if choice % 2 == 0 { a } else { b }, choice / 2, full),
        Ty::Blob => V::Blob,
        Ty::Func => V::Func,
    }
}

fn gen_fields(fields: &[Field], choice: usize, full: bool) -> V {
    V::O(
        fields
            .iter()
            .enumerate()
            .filter(|(_, f)| full || f.required || f.or.is_some())
            .map(|(i, f)| (f.name.to_string(), gen_ty(&f.ty, choice + i, full)))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Single-point mutations of a value.

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path to a node (the root excluded).
fn paths(v: &V, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        V::O(members) => {
            for (k, x) in members {
                at.push(Step::Key(k.clone()));
                out.push(at.clone());
                paths(x, at, out);
                at.pop();
            }
        }
        V::A(items) => {
            for (i, x) in items.iter().enumerate() {
                at.push(Step::Index(i));
                out.push(at.clone());
                paths(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `v` with the node at `path` replaced by `with` (`None`: removed).
fn edit(v: &V, path: &[Step], with: Option<&V>) -> V {
    let Some((step, rest)) = path.split_first() else {
        return with.cloned().unwrap_or(V::Null);
    };
    match (v, step) {
        (V::O(members), Step::Key(key)) => V::O(
            members
                .iter()
                .filter_map(|(k, x)| {
                    if k != key {
                        return Some((k.clone(), x.clone()));
                    }
                    if rest.is_empty() && with.is_none() {
                        return None;
                    }
                    Some((k.clone(), edit(x, rest, with)))
                })
                .collect(),
        ),
        (V::A(items), Step::Index(i)) => V::A(
            items
                .iter()
                .enumerate()
                .filter_map(|(j, x)| {
                    if j != *i {
                        return Some(x.clone());
                    }
                    if rest.is_empty() && with.is_none() {
                        return None;
                    }
                    Some(edit(x, rest, with))
                })
                .collect(),
        ),
        _ => v.clone(),
    }
}

/// `v` with a member `key: with` added to the object at `path` (if it is one).
fn add_member(v: &V, path: &[Step], key: &str, with: &V) -> V {
    match (v, path.split_first()) {
        (V::O(members), None) => {
            let mut m = members.clone();
            m.push((key.into(), with.clone()));
            V::O(m)
        }
        (V::O(members), Some((Step::Key(k), rest))) => V::O(
            members
                .iter()
                .map(|(mk, x)| {
                    let x = if mk == k {
                        add_member(x, rest, key, with)
                    } else {
                        x.clone()
                    };
                    (mk.clone(), x)
                })
                .collect(),
        ),
        (V::A(items), Some((Step::Index(i), rest))) => V::A(
            items
                .iter()
                .enumerate()
                .map(|(j, x)| {
                    if j == *i {
                        add_member(x, rest, key, with)
                    } else {
                        x.clone()
                    }
                })
                .collect(),
        ),
        _ => v.clone(),
    }
}

fn palette() -> Vec<V> {
    vec![
        V::Null,
        V::B(false),
        V::n(0.0),
        V::n(-0.0),
        V::n(1.0),
        V::n(1.5),
        V::n(-1.0),
        V::n(30.0),
        V::n(131_073.0),
        V::n(1e300),
        V::n(f64::MAX),
        V::n(9_007_199_254_740_992.0),
        V::n(f64::NAN),
        V::n(f64::INFINITY),
        V::s(""),
        V::s("x"),
        V::s("hd"),
        V::s("user"),
        V::s("function"),
        V::s(&"y".repeat(65)),
        V::s("é😀"),
        V::s("\0zai:blobby"),
        V::arr(&[]),
        V::arr(&[V::s("x")]),
        V::arr(&[V::Func]),
        V::obj(&[]),
        V::obj(&[("type", V::s("text")), ("text", V::s("t"))]),
        V::obj(&[("deep", V::arr(&[V::n(f64::NEG_INFINITY)]))]),
        V::Blob,
        V::Func,
    ]
}

/// The palette values worth trying as an unknown member: the ones that are or hold sentinels,
/// and two plain ones.
fn extra_worthy(v: &V) -> bool {
    match v {
        V::N(n) => !n.is_finite() || *n == 1.5,
        V::S(s) => s.starts_with('\0'),
        V::A(items) => items.iter().any(extra_worthy),
        V::O(members) => members.iter().any(|(_, x)| extra_worthy(x)),
        V::Blob | V::Func | V::Null => true,
        V::B(_) => false,
    }
}

/// Every table the core checks: the endpoints' parameters and the client, call and poll options.
fn tables() -> Vec<(&'static str, &'static [Field])> {
    let mut t: Vec<(&'static str, &'static [Field])> = ENDPOINTS
        .iter()
        .map(|e| (e.name, e.params.fields()))
        .collect();
    t.push(("CLIENT_OPTIONS", config::CLIENT_OPTIONS));
    t.push(("CALL_OPTIONS", config::CALL_OPTIONS));
    t.push(("POLL_OPTIONS", config::POLL_OPTIONS));
    t
}

#[test]
fn generated_params_and_every_mutation_agree() {
    let palette = palette();
    let (mut valid, mut invalid) = (0usize, 0usize);
    // Each mutation is checked in one style, the styles taking turns (every one in all three
    // would triple the time for little more coverage).
    let mut turn = 0;
    let mut check = |v: &V, fields: &'static [Field], what: &str| {
        turn += 1;
        if agree_in(v, fields, what, &[STYLES[turn % 3]]) {
            valid += 1;
        } else {
            invalid += 1;
        }
    };
    for (name, fields) in tables() {
        for choice in 0..4 {
            for full in [true, false] {
                let base = gen_fields(fields, choice, full);
                assert!(
                    validate(&base, fields).is_ok(),
                    "{name}: generated params are invalid: {:?}\n{}",
                    validate(&base, fields),
                    json_of(&base)
                );
                check(&base, fields, name);
                let mut all = Vec::new();
                paths(&base, &mut Vec::new(), &mut all);
                for path in &all {
                    let what = format!("{name} at {path:?}");
                    check(&edit(&base, path, None), fields, &what);
                    for with in &palette {
                        check(&edit(&base, path, Some(with)), fields, &what);
                    }
                }
                // An unknown member at the top and in every nested object.
                all.push(Vec::new());
                for path in &all {
                    for with in palette.iter().filter(|v| extra_worthy(v)) {
                        let v = add_member(&base, path, "zz_extra", with);
                        check(&v, fields, &format!("{name}: extra at {path:?}"));
                    }
                }
            }
        }
    }
    assert!(
        valid > 5_000 && invalid > 20_000,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn hand_written_params_agree() {
    let user = |text: &str| V::obj(&[("role", V::s("user")), ("content", V::s(text))]);
    let chat = |extra: (&str, V)| {
        V::obj(&[
            ("model", V::s("glm-4.6")),
            ("messages", V::arr(&[user("hi")])),
            extra,
        ])
    };
    let cases = [
        (chat(("temperature", V::n(0.6))), resources::chat::PARAMS),
        (chat(("max_tokens", V::n(1.5))), resources::chat::PARAMS),
        (
            chat(("stop", V::A(vec![V::s("a"); 5]))),
            resources::chat::PARAMS,
        ),
        (
            chat(("custom", V::obj(&[("fn", V::Func)]))),
            resources::chat::PARAMS,
        ),
        (chat(("file", V::Blob)), resources::chat::PARAMS),
        (
            chat(("messages", V::arr(&[user("a"), V::Null]))),
            resources::chat::PARAMS,
        ),
        (
            V::obj(&[("file", V::Blob), ("purpose", V::s("batch"))]),
            resources::files::PARAMS,
        ),
        (
            V::obj(&[("file", V::Func), ("purpose", V::s("batch"))]),
            resources::files::PARAMS,
        ),
        (
            V::obj(&[("apiKey", V::Func), ("fetch", V::Func)]),
            config::CLIENT_OPTIONS,
        ),
        (
            V::obj(&[("apiKey", V::Blob), ("fetch", V::Func)]),
            config::CLIENT_OPTIONS,
        ),
        (
            V::obj(&[
                ("onResponse", V::Func),
                ("headers", V::obj(&[("x", V::Func)])),
            ]),
            config::CALL_OPTIONS,
        ),
        (V::Null, resources::chat::PARAMS),
        (V::arr(&[]), resources::chat::PARAMS),
        (V::s("{}"), resources::chat::PARAMS),
        (V::n(1.0), resources::chat::PARAMS),
        (V::Func, resources::chat::PARAMS),
        (V::Blob, resources::chat::PARAMS),
        (V::n(f64::NAN), resources::chat::PARAMS),
    ];
    for (v, fields) in cases {
        agree(&v, fields, &format!("{v:?}"));
    }
}

// ---------------------------------------------------------------------------------------------
// What only text has.

const CHAT_FIELDS: &[Field] = resources::chat::PARAMS;

fn msg(text: &str, fields: &'static [Field]) -> String {
    match validate_json(text.as_bytes(), fields) {
        Err(e) => e.message,
        Ok(()) => panic!("accepted: {text}"),
    }
}

fn chat_with(extra: &str) -> String {
    format!(r#"{{"model":"glm-4.6","messages":[{{"role":"user","content":"hi"}}]{extra}}}"#)
}

#[test]
fn top_level_must_be_one_object() {
    for text in [
        "",
        " ",
        "null",
        "[]",
        "[{}]",
        "1",
        "\"{}\"",
        "true",
        r#""\u0000zai:function""#,
        "{",
        r#"{"model":"m""#,
        "{} {}",
        "{}x",
        "{}]",
    ] {
        assert_eq!(
            msg(text, CHAT_FIELDS),
            "params must be an object",
            "{text:?}"
        );
    }
    assert_eq!(msg(" {} ", CHAT_FIELDS), "model is required");
    assert!(validate_json(b"\n{}\n", &[]).is_ok());
}

#[test]
fn escaped_keys_and_strings() {
    let text = r#"{"mod\u0065l":"glm-4.6","messages":[{"ro\u006ce":"\u0075ser","content":"hi"}]}"#;
    assert!(validate_json(text.as_bytes(), CHAT_FIELDS).is_ok());
    let text = r#"{"model":"glm-4.6","messages":[{"role":"us\"er","content":"hi"}]}"#;
    assert_eq!(
        msg(text, CHAT_FIELDS),
        r#"messages[0].role must be one of "system", "user", "assistant", "tool""#
    );
    // A key that only looks like a field once unescaped still names the field in errors.
    let text = r#"{"model":"m","messages":[],"\u0074emperature":2}"#;
    assert_eq!(msg(text, CHAT_FIELDS), "messages must not be empty");
    let text = chat_with(r#","t\u0065mperature":2"#);
    assert_eq!(
        msg(&text, CHAT_FIELDS),
        "temperature must be between 0 and 1"
    );
}

#[test]
fn string_lengths_count_utf16_units() {
    // request_id: 6 to 64 characters.
    let id = |s: &str| {
        validate_json(
            chat_with(&format!(r#","request_id":"{s}""#)).as_bytes(),
            CHAT_FIELDS,
        )
    };
    assert!(id("abcdef").is_ok());
    assert!(id("abcde").is_err());
    assert!(
        id("😀😀😀").is_ok(),
        "3 astral characters are 6 UTF-16 units"
    );
    assert!(id(r"\ud83d\ude00\ud83d\ude00\ud83d\ude00").is_ok());
    assert!(id("😀😀").is_err());
    assert!(id("ééééé").is_err());
    assert!(id("éééééé").is_ok());
    assert!(id(r"\n\n\n\n\n\n").is_ok());
    assert!(id(&"😀".repeat(32)).is_ok());
    assert!(id(&format!("{}a", "😀".repeat(32))).is_err());
    let text = Outline::new(r#""a😀\ud83d\ude00中\u00e9""#.as_bytes()).unwrap();
    assert_eq!(
        JsonText::root(&text).str_len(),
        "a😀😀中é".encode_utf16().count()
    );
}

#[test]
fn numbers() {
    let num = |field: &str, n: &str| {
        validate_json(
            chat_with(&format!(r#","{field}":{n}"#)).as_bytes(),
            CHAT_FIELDS,
        )
        .err()
        .map(|e| e.message)
    };
    assert_eq!(num("max_tokens", "1e3"), None);
    assert_eq!(num("max_tokens", "1E+3"), None);
    assert_eq!(
        num("max_tokens", "1.5"),
        Some("max_tokens must be an integer".into())
    );
    assert_eq!(
        num("max_tokens", "15e-1"),
        Some("max_tokens must be an integer".into())
    );
    assert_eq!(num("max_tokens", "131072"), None);
    assert_eq!(
        num("max_tokens", "131073"),
        Some("max_tokens must be between 1 and 131072".into())
    );
    assert_eq!(
        num("max_tokens", "0"),
        Some("max_tokens must be between 1 and 131072".into())
    );
    assert_eq!(
        num("temperature", "-0.5"),
        Some("temperature must be between 0 and 1".into())
    );
    assert_eq!(num("temperature", "-0"), None);
    assert_eq!(
        num("temperature", "1.0000000000000002"),
        Some("temperature must be between 0 and 1".into())
    );
    assert_eq!(num("temperature", "1"), None);
    assert_eq!(num("top_p", "0.01"), None);
    assert_eq!(
        num("top_p", "0.009999999999999998"),
        Some("top_p must be between 0.01 and 1".into())
    );
    assert_eq!(num("seed", "9007199254740991"), None);
    assert_eq!(num("seed", "-9007199254740991"), None);
    assert_eq!(
        num("seed", "9007199254740992"),
        Some("seed must be a safe integer".into())
    );
    assert_eq!(
        num("seed", "1e400"),
        Some("seed is not a JSON value (symbol, bigint, NaN or Infinity)".into())
    );
    assert_eq!(
        num("temperature", "\"0.5\""),
        Some("temperature must be a number".into())
    );
    // The longest timeout there is.
    let opts = br#"{"timeout":1.7976931348623157e+308}"#;
    assert!(validate_json(opts, config::CLIENT_OPTIONS).is_ok());
}

#[test]
fn sentinels_at_every_level() {
    let f = r#""\u0000zai:function""#;
    let n = r#""\u0000zai:nonjson""#;
    let b = r#""\u0000zai:blob""#;
    let cases = [
        (
            chat_with(&format!(r#","temperature":{n}"#)),
            "temperature is not a JSON value (symbol, bigint, NaN or Infinity)".to_string(),
        ),
        (
            chat_with(&format!(r#","temperature":{f}"#)),
            "temperature must be a number".into(),
        ),
        (
            chat_with(&format!(r#","temperature":{b}"#)),
            "temperature must be a number".into(),
        ),
        (
            chat_with(&format!(r#","custom":{f}"#)),
            format!("custom {NOT_JSON}"),
        ),
        (
            chat_with(&format!(r#","custom":{n}"#)),
            format!("custom {NOT_JSON}"),
        ),
        (
            chat_with(&format!(r#","custom":{{"fn":{f}}}"#)),
            format!("custom.fn {NOT_JSON}"),
        ),
        (
            chat_with(&format!(r#","custom":[1,[2,{b}]]"#)),
            format!("custom[1][1] {NOT_JSON}"),
        ),
        (
            chat_with(&format!(
                r#","tools":[{{"type":"function","function":{{"name":"f","x":{f}}}}}]"#
            )),
            format!("tools[0].function.x {NOT_JSON}"),
        ),
        (
            chat_with(&format!(
                r#","tools":[{{"type":"function","function":{{"name":"f","parameters":{{"a":{n}}}}}}}]"#
            )),
            format!("tools[0].function.parameters.a {NOT_JSON}"),
        ),
        (
            format!(r#"{{"model":"m","messages":[{{"role":"user","content":"hi","x":{f}}}]}}"#),
            format!("messages[0].x {NOT_JSON}"),
        ),
        (
            chat_with(&format!(r#","a":{{"b":{n}}},"c":{f}"#)),
            format!("a.b {NOT_JSON}"),
        ),
        (
            chat_with(&format!(r#","cust\u006fm":{f}"#)),
            format!("custom {NOT_JSON}"),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(msg(&text, CHAT_FIELDS), want, "{text}");
    }
    // Fine: a Blob member of the top-level object, a function where a field expects one, and
    // strings that only contain a sentinel's text.
    for (text, fields) in [
        (chat_with(&format!(r#","file":{b}"#)), CHAT_FIELDS),
        (
            chat_with(r#","s":"\u0000zai:functional","t":"x\u0000zai:function""#),
            CHAT_FIELDS,
        ),
        (chat_with(r#","\u0000zai:function":1"#), CHAT_FIELDS),
        (
            format!(r#"{{"file":{b},"purpose":"batch"}}"#),
            resources::files::PARAMS,
        ),
        (
            format!(r#"{{"apiKey":{f},"fetch":{f}}}"#),
            config::CLIENT_OPTIONS,
        ),
        (
            format!(r#"{{"onProgress":{f},"interval":100}}"#),
            config::POLL_OPTIONS,
        ),
    ] {
        assert!(validate_json(text.as_bytes(), fields).is_ok(), "{text}");
    }
    assert_eq!(
        msg(
            &format!(r#"{{"apiKey":"k","baseURL":{f}}}"#),
            config::CLIENT_OPTIONS
        ),
        "baseURL must be a string"
    );
    assert_eq!(
        msg(
            &format!(r#"{{"apiKey":"k","x":{f}}}"#),
            config::CLIENT_OPTIONS
        ),
        format!("x {NOT_JSON}")
    );
    assert_eq!(
        msg(
            &format!(r#"{{"file":{b},"purpose":"batch","meta":{{"f":{b}}}}}"#),
            resources::files::PARAMS
        ),
        format!("meta.f {NOT_JSON}")
    );
    // The constants are what the JS replacer returns; in the text they are escaped.
    assert_eq!(SENTINEL_NONJSON, "\u{0}zai:nonjson");
    let kind = |text: &str| JsonText::root(&Outline::new(text.as_bytes()).unwrap()).kind();
    assert_eq!(kind(f), Kind::Function);
    assert_eq!(kind(n), Kind::Unsupported);
    assert_eq!(kind(b), Kind::Blob);
}

#[test]
fn duplicate_keys_last_wins_like_json_parse() {
    let text = chat_with(r#","temperature":5,"temperature":0.5"#);
    assert!(validate_json(text.as_bytes(), CHAT_FIELDS).is_ok());
    let text = chat_with(r#","temperature":0.5,"temperature":5"#);
    assert_eq!(
        msg(&text, CHAT_FIELDS),
        "temperature must be between 0 and 1"
    );
    let text = r#"{"model":"m","messages":[{"role":"robot","role":"user","content":"x"}]}"#;
    assert!(validate_json(text.as_bytes(), CHAT_FIELDS).is_ok());
    let text = r#"{"model":"m","model":null,"messages":[{"role":"user","content":"x"}]}"#;
    assert_eq!(msg(text, CHAT_FIELDS), "model is required");
}

#[test]
fn hostile_nesting_is_bounded() {
    let depth = 100_000;
    let deep = |inner: &str| {
        chat_with(&format!(
            r#","custom":{}{inner}{}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        ))
    };
    assert!(validate_json(deep("1").as_bytes(), CHAT_FIELDS).is_ok());
    let m = msg(&deep(r#""\u0000zai:nonjson""#), CHAT_FIELDS);
    assert!(
        m.starts_with("custom[0][0]") && m.ends_with(NOT_JSON),
        "{}",
        &m[..40]
    );
    assert_eq!(m.matches("[0]").count(), 127);
    // Deep inside a free-form field.
    let text = chat_with(&format!(
        r#","tools":[{{"type":"mcp","mcp":{}1{}}}]"#,
        "{\"a\":".repeat(depth),
        "}".repeat(depth)
    ));
    assert!(validate_json(text.as_bytes(), CHAT_FIELDS).is_ok());
}

#[test]
fn every_endpoint_table_is_covered() {
    let names: Vec<&str> = tables().iter().map(|(n, _)| *n).collect();
    for ep in ENDPOINTS {
        assert!(names.contains(&ep.name));
    }
}
