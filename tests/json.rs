//! Tests of the JSON skimmer (`zai_wasm::json`) and the small `util` helpers.
// Native tests of the core (private on wasm32).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use zai_wasm::json::{
    get, is_null, is_valid, items, members, object, push_escaped, str_raw, unescape, value_end,
    Reader, MAX_DEPTH,
};
use zai_wasm::util;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

fn pairs(obj: &[u8]) -> Vec<(String, String)> {
    members(obj)
        .map(|(k, v)| {
            (
                String::from_utf8(k.to_vec()).unwrap(),
                String::from_utf8(v.to_vec()).unwrap(),
            )
        })
        .collect()
}

fn list(arr: &[u8]) -> Vec<String> {
    items(arr)
        .map(|v| String::from_utf8(v.to_vec()).unwrap())
        .collect()
}

fn p(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

// ---------------------------------------------------------------- value_end

#[test]
fn value_end_scalars() {
    assert_eq!(value_end(b"0", 0), Some(1));
    assert_eq!(value_end(b"-12.5e+3,", 0), Some(8));
    assert_eq!(value_end(b"  true ]", 0), Some(6));
    assert_eq!(value_end(b"false}", 0), Some(5));
    assert_eq!(value_end(b"null", 0), Some(4));
    assert_eq!(value_end(b"1.0\n", 0), Some(3));
    assert_eq!(value_end(b"123", 1), Some(3));
}

#[test]
fn value_end_strings() {
    assert_eq!(value_end(br#""""#, 0), Some(2));
    assert_eq!(value_end(br#""a\"b","#, 0), Some(6));
    assert_eq!(value_end(br#""a\\"x"#, 0), Some(5));
    assert_eq!(value_end(br#""\\\"""#, 0), Some(6));
    assert_eq!(value_end(br#""{[}]""#, 0), Some(6));
    assert_eq!(value_end("\"日本語 😀\"".as_bytes(), 0), Some(16));
    // truncated
    assert_eq!(value_end(br#""abc"#, 0), None);
    assert_eq!(value_end(br#""abc\"#, 0), None);
    assert_eq!(value_end(br#""abc\""#, 0), None);
}

#[test]
fn value_end_containers() {
    let b = br#"{"a":[1,{"b":"]}"},"\""],"c":{}} tail"#;
    assert_eq!(value_end(b, 0), Some(b.len() - 5));
    assert_eq!(value_end(b"[]", 0), Some(2));
    assert_eq!(value_end(b"{}", 0), Some(2));
    assert_eq!(value_end(b" [ [ ] , [ ] ] ", 0), Some(14));
    assert_eq!(value_end(b"[[[]]", 0), None);
    assert_eq!(value_end(br#"{"a":"}"#, 0), None);
    assert_eq!(value_end(br#"["\"]"]"#, 0), Some(7));
}

#[test]
fn value_end_nothing_there() {
    assert_eq!(value_end(b"", 0), None);
    assert_eq!(value_end(b"   ", 0), None);
    assert_eq!(value_end(b",1", 0), None);
    assert_eq!(value_end(b"}", 0), None);
    assert_eq!(value_end(b"]", 0), None);
    assert_eq!(value_end(b":", 0), None);
    assert_eq!(value_end(b"1", 5), None);
    assert_eq!(value_end(b"1", usize::MAX), None);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let n = 100_000;
    let mut b = Vec::new();
    b.extend_from_slice(br#"{"deep":"#);
    b.extend(std::iter::repeat_n(b'[', n));
    b.extend(std::iter::repeat_n(b']', n));
    b.extend_from_slice(br#","after":{"x":1}}"#);
    assert_eq!(value_end(&b, 0), Some(b.len()));
    let m: Vec<_> = members(&b).map(|(k, _)| k).collect();
    assert_eq!(m, [&b"deep"[..], b"after"]);
    assert_eq!(get(&b, "deep").unwrap().len(), 2 * n);
    assert_eq!(get(&b, "after"), Some(&br#"{"x":1}"#[..]));
    // the strict validator refuses to go that deep, without recursion either
    assert!(!is_valid(&b));
    let unclosed = vec![b'{'; n];
    assert_eq!(value_end(&unclosed, 0), None);
    assert_eq!(members(&unclosed).count(), 0);
    let mut objects = Vec::new();
    for _ in 0..n {
        objects.extend_from_slice(br#"{"a":"#);
    }
    objects.push(b'1');
    objects.extend(std::iter::repeat_n(b'}', n));
    assert_eq!(value_end(&objects, 0), Some(objects.len()));
    assert_eq!(members(&objects).count(), 1);
}

// ---------------------------------------------------------------- members / items / get

#[test]
fn members_basic() {
    let b = br#"{"id":"x1","n":-1.5e3,"t":true,"f":false,"z":null,"o":{"a":[1,2]},"s":"a,b}"}"#;
    assert_eq!(
        pairs(b),
        [
            p("id", "\"x1\""),
            p("n", "-1.5e3"),
            p("t", "true"),
            p("f", "false"),
            p("z", "null"),
            p("o", r#"{"a":[1,2]}"#),
            p("s", r#""a,b}""#),
        ]
    );
}

#[test]
fn members_whitespace_everywhere() {
    let b = b" \r\n\t{ \"a\" \n:\t 1 ,\r\n \"b\" : [ 1 , 2 ] , \"c\":{ } }  ";
    assert_eq!(pairs(b), [p("a", "1"), p("b", "[ 1 , 2 ]"), p("c", "{ }")]);
}

#[test]
fn members_keys_keep_escapes() {
    let b = br#"{"a\"b":1,"c\\":2,"\u0069d":3}"#;
    assert_eq!(
        pairs(b),
        [p(r#"a\"b"#, "1"), p(r"c\\", "2"), p(r"\u0069d", "3")]
    );
    assert_eq!(get(b, "id"), None);
}

#[test]
fn members_of_non_objects_and_empty() {
    for b in [&b"[1,2]"[..], b"\"s\"", b"12", b"null", b"", b"   ", b"}{"] {
        assert_eq!(members(b).count(), 0, "{:?}", String::from_utf8_lossy(b));
    }
    assert_eq!(members(b"{}").count(), 0);
    assert_eq!(members(b" { } ").count(), 0);
}

#[test]
fn members_stop_at_malformed_input() {
    // missing colon, missing comma, unquoted key, trailing comma, truncated value
    assert_eq!(pairs(br#"{"a":1,"b" 2,"c":3}"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":1 "b":2}"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":1,b:2}"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":1,}"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":1,"b":[1,2"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":1,"b":"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":1,"b"#), [p("a", "1")]);
    assert_eq!(pairs(br#"{"a":,"b":1}"#), []);
    // stays stopped
    let mut m = members(br#"{"a":1 x "b":2}"#);
    assert!(m.next().is_some());
    assert!(m.next().is_none());
    assert!(m.next().is_none());
}

#[test]
fn items_basic() {
    assert_eq!(
        list(br#"[1, "a,]", {"b":[2]}, [], null ,true]"#),
        ["1", r#""a,]""#, r#"{"b":[2]}"#, "[]", "null", "true"]
    );
    assert_eq!(list(b"[]"), Vec::<String>::new());
    assert_eq!(list(b" [ ] "), Vec::<String>::new());
    assert_eq!(list(b"{}"), Vec::<String>::new());
    assert_eq!(list(b"[1,2,"), ["1", "2"]);
    assert_eq!(list(b"[1 2]"), ["1"]);
    assert_eq!(list(b"[,1]"), Vec::<String>::new());
}

#[test]
fn get_first_match_and_nested() {
    let b = br#"{"choices":[{"index":0,"delta":{"content":"x"}}],"choices":[],"a":{"choices":1}}"#;
    let c = get(b, "choices").unwrap();
    assert_eq!(c, br#"[{"index":0,"delta":{"content":"x"}}]"#);
    let first = items(c).next().unwrap();
    assert_eq!(
        get(get(first, "delta").unwrap(), "content"),
        Some(&br#""x""#[..])
    );
    assert_eq!(get(b, "missing"), None);
    assert_eq!(get(b"[1]", "a"), None);
}

#[test]
fn object_helper() {
    assert_eq!(object(b" {\"a\":1} "), Some(&b"{\"a\":1}"[..]));
    assert_eq!(object(b"{}"), Some(&b"{}"[..]));
    assert_eq!(object(b"{} x"), None);
    assert_eq!(object(b"{"), None);
    assert_eq!(object(b"<html>"), None);
    assert_eq!(object(b""), None);
}

// ---------------------------------------------------------------- Reader

/// Walks a whole text with `Reader` (iteratively) and lists what it saw: `{`, `}`, `[`, `]`,
/// `key:` and raw scalar values; `!` where it gave up.
fn reader_events(b: &[u8]) -> Vec<String> {
    let text = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
    let mut r = Reader::new(b);
    let mut out = Vec::new();
    let mut stack = Vec::new(); // true: object
    'value: loop {
        match r.peek() {
            Some(b'{') => {
                assert!(r.object());
                out.push("{".to_owned());
                stack.push(true);
            }
            Some(b'[') => {
                assert!(r.array());
                out.push("[".to_owned());
                stack.push(false);
            }
            Some(_) => match r.value() {
                Some(v) => out.push(text(v)),
                None => {
                    out.push("!".to_owned());
                    break;
                }
            },
            None => break,
        }
        while let Some(&in_object) = stack.last() {
            if in_object {
                if let Some(k) = r.key() {
                    out.push(text(k) + ":");
                    continue 'value;
                }
                out.push("}".to_owned());
            } else {
                if r.item() {
                    continue 'value;
                }
                out.push("]".to_owned());
            }
            stack.pop();
        }
        break;
    }
    out
}

/// The same listing built with `members`/`items` (recursive, for small valid inputs).
fn skim_events(v: &[u8], out: &mut Vec<String>) {
    let text = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
    match v.first() {
        Some(b'{') => {
            out.push("{".to_owned());
            for (k, v) in members(v) {
                out.push(text(k) + ":");
                skim_events(v, out);
            }
            out.push("}".to_owned());
        }
        Some(b'[') => {
            out.push("[".to_owned());
            for v in items(v) {
                skim_events(v, out);
            }
            out.push("]".to_owned());
        }
        _ => out.push(text(v)),
    }
}

#[test]
fn reader_walks_like_members_and_items() {
    for doc in [
        &br#"{"id":"x","choices":[{"index":0,"delta":{"content":"a\"b","tool_calls":[{"index":0,"function":{"arguments":"{}"}}]}}],"usage":{"n":[1,2.5,true,null,[],{}]}}"#[..],
        b" [ 1 , { \"a\" : [ ] } , \"s\" ] ",
        b"\"just a string\"",
        b"-12.5e3",
        b"{}",
        b"[]",
    ] {
        let mut expected = Vec::new();
        skim_events(doc.trim_ascii(), &mut expected);
        assert_eq!(reader_events(doc), expected, "{}", String::from_utf8_lossy(doc));
    }
}

#[test]
fn reader_single_pass_usage() {
    let chunk = br#"{"id":"x","skip":{"deep":[{"a":"}"}]},"choices":[{"index":3,"delta":{"content":"Hi"}}]}"#;
    let mut r = Reader::new(chunk);
    let mut got = Vec::new();
    assert!(r.object());
    while let Some(key) = r.key() {
        match key {
            b"choices" => {
                assert!(r.array());
                while r.item() {
                    assert!(r.object());
                    while let Some(key) = r.key() {
                        got.push((key.to_vec(), r.value().unwrap().to_vec()));
                    }
                }
            }
            _ => {
                r.value().unwrap();
            }
        }
    }
    assert_eq!(
        got,
        [
            (b"index".to_vec(), b"3".to_vec()),
            (b"delta".to_vec(), br#"{"content":"Hi"}"#.to_vec())
        ]
    );
    assert_eq!(r.peek(), None);
}

#[test]
fn reader_object_and_array_skip_other_values() {
    let mut r = Reader::new(br#"{"a":[1,{"x":2}],"b":{"c":3},"d":"s"}"#);
    assert!(r.object());
    assert_eq!(r.key(), Some(&b"a"[..]));
    assert!(!r.object()); // an array: skipped whole
    assert_eq!(r.key(), Some(&b"b"[..]));
    assert!(!r.array()); // an object: skipped whole
    assert_eq!(r.key(), Some(&b"d"[..]));
    assert!(!r.object());
    assert_eq!(r.key(), None);
    assert_eq!(r.key(), None);
}

#[test]
fn reader_stops_on_unreadable_input() {
    assert_eq!(reader_events(br#"{"a":1,"b" 2}"#), ["{", "a:", "1", "}"]);
    assert_eq!(
        reader_events(br#"{"a":[1,2"#),
        ["{", "a:", "[", "1", "2", "]", "}"]
    );
    assert_eq!(reader_events(br#"{"a":"#), ["{", "a:"]);
    assert_eq!(reader_events(br#"{"a":}"#), ["{", "a:", "!"]);
    assert_eq!(reader_events(br#"{a:1}"#), ["{", "}"]);
    assert_eq!(reader_events(br#"["abc"#), ["[", "!"]);
    assert_eq!(reader_events(b""), Vec::<String>::new());
    // lenient about commas, like the rest of the skimmer
    assert_eq!(reader_events(br#"[1 2,]"#), ["[", "1", "2", "]"]);
    let mut r = Reader::new(br#"{"a":}"#);
    assert!(r.object());
    assert_eq!(r.key(), Some(&b"a"[..]));
    assert_eq!(r.value(), None);
    assert_eq!(r.peek(), None);
    assert!(!r.item());
    assert!(!r.object());
    assert_eq!(r.key(), None);
}

#[test]
fn reader_deep_nesting() {
    let n = 100_000;
    let mut b = Vec::new();
    b.extend_from_slice(br#"{"deep":"#);
    b.extend(std::iter::repeat_n(b'[', n));
    b.extend(std::iter::repeat_n(b']', n));
    b.extend_from_slice(br#","k":1}"#);
    let mut r = Reader::new(&b);
    assert!(r.object());
    assert_eq!(r.key(), Some(&b"deep"[..]));
    assert_eq!(r.value().map(<[u8]>::len), Some(2 * n));
    assert_eq!(r.key(), Some(&b"k"[..]));
    assert_eq!(r.value(), Some(&b"1"[..]));
    assert_eq!(r.key(), None);
    // walking into every level is fine too (the caller keeps the stack)
    let events = reader_events(&b);
    assert_eq!(events.len(), 2 * n + 5);
}

// ---------------------------------------------------------------- strings

#[test]
fn str_raw_cases() {
    assert_eq!(str_raw(br#""abc""#), Some(&b"abc"[..]));
    assert_eq!(str_raw(br#"  "a\"b\\"  "#), Some(&br#"a\"b\\"#[..]));
    assert_eq!(str_raw(br#""""#), Some(&b""[..]));
    assert_eq!(str_raw(br#""a" "b""#), None);
    assert_eq!(str_raw(br#""abc"#), None);
    assert_eq!(str_raw(br#"""#), None);
    assert_eq!(str_raw(b"null"), None);
    assert_eq!(str_raw(b"12"), None);
    assert_eq!(str_raw(b""), None);
}

#[test]
fn unescape_cases() {
    let u = |s: &[u8]| unescape(s);
    assert_eq!(u(b"plain").as_deref(), Some("plain"));
    assert_eq!(u(b"").as_deref(), Some(""));
    assert_eq!(
        u(br#"\"\\\/\b\f\n\r\t"#).as_deref(),
        Some("\"\\/\u{8}\u{c}\n\r\t")
    );
    assert_eq!(u(br"caf\u00e9 \u00E9").as_deref(), Some("café é"));
    assert_eq!(u(br"\u4f60\u597D").as_deref(), Some("你好"));
    assert_eq!(u(br"\ud83d\ude00!").as_deref(), Some("😀!"));
    assert_eq!(u(br"\uD83D\uDE00").as_deref(), Some("😀"));
    assert_eq!(u(br"\u0000").as_deref(), Some("\0"));
    // raw UTF-8 passes through
    assert_eq!(u("日本 😀 \\n".as_bytes()).as_deref(), Some("日本 😀 \n"));
    // lone surrogates
    assert_eq!(u(br"\ud83d").as_deref(), Some("\u{FFFD}"));
    assert_eq!(u(br"\ude00x").as_deref(), Some("\u{FFFD}x"));
    assert_eq!(u(br"\ud83d\u0041").as_deref(), Some("\u{FFFD}A"));
    assert_eq!(u(br"\ud83d\ud83d\ude00").as_deref(), Some("\u{FFFD}😀"));
    assert_eq!(u(br"\ud83d\n").as_deref(), Some("\u{FFFD}\n"));
    // invalid UTF-8 becomes U+FFFD
    assert_eq!(u(b"a\xffb").as_deref(), Some("a\u{FFFD}b"));
    // malformed escapes
    assert_eq!(u(br"\x"), None);
    assert_eq!(u(br"\"), None);
    assert_eq!(u(br"\u12"), None);
    assert_eq!(u(br"\u12g4"), None);
    assert_eq!(u(br"\ud83d\u12"), None);
}

#[test]
fn push_escaped_cases() {
    let esc = |s: &[u8]| {
        let mut v = Vec::new();
        push_escaped(&mut v, s);
        String::from_utf8(v).unwrap()
    };
    assert_eq!(esc(b""), "");
    assert_eq!(esc(b"plain"), "plain");
    assert_eq!(esc(br#"{"a":"b\"c"}"#), r#"{\"a\":\"b\\\"c\"}"#);
    assert_eq!(esc(b"\n\r\t\x08\x0c"), r"\n\r\t\b\f");
    assert_eq!(esc(b"\x00\x01\x1f\x7f"), "\\u0000\\u0001\\u001f\x7f");
    assert_eq!(esc("é😀/".as_bytes()), "é😀/");
    // round trip: escaping then unescaping gives the original text back
    let text = "{\"city\": \"Bei\\jing\"}\n\t\u{1}日本";
    let mut v = Vec::new();
    push_escaped(&mut v, text.as_bytes());
    assert_eq!(unescape(&v).as_deref(), Some(text));
    let mut quoted = b"\"".to_vec();
    quoted.extend_from_slice(&v);
    quoted.push(b'"');
    assert!(is_valid(&quoted));
}

#[test]
fn is_null_cases() {
    assert!(is_null(b"null"));
    assert!(is_null(b" null\n"));
    assert!(!is_null(b"\"null\""));
    assert!(!is_null(b"nul"));
    assert!(!is_null(b"nullx"));
    assert!(!is_null(b""));
}

// ---------------------------------------------------------------- is_valid

#[test]
fn is_valid_accepts() {
    for s in [
        "0",
        "-0",
        "1.5",
        "-1.5e10",
        "1E+2",
        "1e-2",
        "123456789012345678901234567890",
        "true",
        "false",
        "null",
        "\"\"",
        r#""\"\\\/\b\f\n\r\t\u00e9\uD83D""#,
        "\"日本 😀\"",
        "[]",
        "{}",
        " [ 1 , [ ] , { } ] ",
        r#"{"a":{"b":[{"c":null}]},"d":"e"}"#,
        "\t\r\n{\"a\" : 1}\n",
    ] {
        assert!(is_valid(s.as_bytes()), "{s}");
    }
}

#[test]
fn is_valid_rejects() {
    for s in [
        "",
        " ",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "+1",
        "0x10",
        "NaN",
        "tru",
        "nulll",
        "True",
        "\"abc",
        "\"a\\x\"",
        "\"\\u12\"",
        "\"a\nb\"",
        "\"tab\there\"",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":}",
        "{,}",
        "[}",
        "{]",
        "[1]]",
        "[[1]",
        "1 2",
        "{} {}",
        "'a'",
    ] {
        assert!(!is_valid(s.as_bytes()), "{s}");
    }
}

#[test]
fn is_valid_depth_limit() {
    let depth = MAX_DEPTH as usize;
    let ok = "[".repeat(depth) + &"]".repeat(depth);
    assert!(is_valid(ok.as_bytes()));
    let too_deep = "[".repeat(depth + 1) + &"]".repeat(depth + 1);
    assert!(!is_valid(too_deep.as_bytes()));
    let mixed = "{\"a\":[".repeat(depth / 2) + "1" + &"]}".repeat(depth / 2);
    assert!(is_valid(mixed.as_bytes()));
}

// ---------------------------------------------------------------- util

#[test]
fn util_push_u64() {
    for n in [0u64, 7, 10, 99, 100, 1_757_852_265, u64::MAX] {
        let mut s = String::from("n=");
        util::push_u64(&mut s, n);
        assert_eq!(s, format!("n={n}"));
        let mut v = Vec::new();
        util::push_u64_bytes(&mut v, n);
        assert_eq!(v, n.to_string().into_bytes());
    }
}

#[test]
fn util_parse_u64() {
    assert_eq!(util::parse_u64(b"0"), Some(0));
    assert_eq!(util::parse_u64(b"42"), Some(42));
    assert_eq!(util::parse_u64(b"18446744073709551615"), Some(u64::MAX));
    assert_eq!(util::parse_u64(b"18446744073709551616"), None);
    assert_eq!(util::parse_u64(b""), None);
    assert_eq!(util::parse_u64(b"-1"), None);
    assert_eq!(util::parse_u64(b"1.0"), None);
    assert_eq!(util::parse_u64(b" 1"), None);
}

#[test]
fn util_find() {
    assert_eq!(util::find(b"abcabd", b"abd"), Some(3));
    assert_eq!(util::find(b"abc", b""), Some(0));
    assert_eq!(util::find(b"", b"a"), None);
    assert_eq!(util::find(b"ab", b"abc"), None);
    assert_eq!(util::find(b"aab", b"ab"), Some(1));
    assert_eq!(util::find(br#"x "error" y"#, br#""error""#), Some(2));
}

// ---------------------------------------------------------------- fuzzing

/// Recursive reference validator (strict RFC 8259), for small inputs only.
mod reference {
    pub(super) fn valid(b: &[u8]) -> bool {
        let mut i = ws(b, 0);
        match value(b, i, 0) {
            Some(j) => {
                i = ws(b, j);
                i == b.len()
            }
            None => false,
        }
    }
    fn ws(b: &[u8], mut i: usize) -> usize {
        while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    }
    fn value(b: &[u8], i: usize, depth: u32) -> Option<usize> {
        match *b.get(i)? {
            b'{' => {
                if depth >= zai_wasm::json::MAX_DEPTH {
                    return None;
                }
                let mut j = ws(b, i + 1);
                if b.get(j) == Some(&b'}') {
                    return Some(j + 1);
                }
                loop {
                    j = string(b, j)?;
                    j = ws(b, j);
                    if b.get(j) != Some(&b':') {
                        return None;
                    }
                    j = ws(b, value(b, ws(b, j + 1), depth + 1)?);
                    match b.get(j)? {
                        b',' => j = ws(b, j + 1),
                        b'}' => return Some(j + 1),
                        _ => return None,
                    }
                }
            }
            b'[' => {
                if depth >= zai_wasm::json::MAX_DEPTH {
                    return None;
                }
                let mut j = ws(b, i + 1);
                if b.get(j) == Some(&b']') {
                    return Some(j + 1);
                }
                loop {
                    j = ws(b, value(b, j, depth + 1)?);
                    match b.get(j)? {
                        b',' => j = ws(b, j + 1),
                        b']' => return Some(j + 1),
                        _ => return None,
                    }
                }
            }
            b'"' => string(b, i),
            b't' => b[i..].starts_with(b"true").then_some(i + 4),
            b'f' => b[i..].starts_with(b"false").then_some(i + 5),
            b'n' => b[i..].starts_with(b"null").then_some(i + 4),
            _ => number(b, i),
        }
    }
    fn string(b: &[u8], i: usize) -> Option<usize> {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let mut j = i + 1;
        loop {
            match *b.get(j)? {
                b'"' => return Some(j + 1),
                b'\\' => match *b.get(j + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => j += 2,
                    b'u' => {
                        let h = b.get(j + 2..j + 6)?;
                        if !h.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        j += 6;
                    }
                    _ => return None,
                },
                c if c < 0x20 => return None,
                _ => j += 1,
            }
        }
    }
    fn number(b: &[u8], i: usize) -> Option<usize> {
        let digits = |mut j: usize| {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            j
        };
        let mut j = i;
        if b.get(j) == Some(&b'-') {
            j += 1;
        }
        match *b.get(j)? {
            b'0' => j += 1,
            b'1'..=b'9' => j = digits(j),
            _ => return None,
        }
        if b.get(j) == Some(&b'.') {
            let k = digits(j + 1);
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
            let k = digits(j);
            if k == j {
                return None;
            }
            j = k;
        }
        Some(j)
    }
}

const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"\\",
    b" ",
    b"\n",
    b"\"a\"",
    b"\"id\"",
    b"1",
    b"-2.5e3",
    b"0",
    b"true",
    b"null",
    b"fals",
    b"\\u00e9",
    b"\\ud83d",
    b"x",
    b"\x01",
    b"\xff",
    "é".as_bytes(),
    b"\"error\"",
    b"{\"a\":1}",
    b"[1,2]",
];

fn random_input(rng: &mut Rng) -> Vec<u8> {
    let mut v = Vec::new();
    for _ in 0..rng.below(40) {
        if rng.below(8) == 0 {
            v.push(rng.next() as u8);
        } else {
            v.extend_from_slice(PIECES[rng.below(PIECES.len())]);
        }
    }
    v
}

/// Mutates a valid document: delete, duplicate, or replace one byte, or truncate.
fn mutate(rng: &mut Rng, doc: &[u8]) -> Vec<u8> {
    let mut v = doc.to_vec();
    for _ in 0..1 + rng.below(3) {
        if v.is_empty() {
            break;
        }
        let at = rng.below(v.len());
        match rng.below(4) {
            0 => {
                v.remove(at);
            }
            1 => v.insert(at, v[at]),
            2 => {
                let alphabet = b"{}[],:\"\\ 0a";
                v[at] = alphabet[rng.below(alphabet.len())];
            }
            _ => v.truncate(at),
        }
    }
    v
}

fn exercise(b: &[u8]) {
    for start in 0..=b.len() + 1 {
        if let Some(end) = value_end(b, start) {
            assert!(end > start && end <= b.len(), "{start} {end}");
        }
    }
    for (k, v) in members(b) {
        assert!(k.len() < b.len() && !v.is_empty());
        let _ = items(v).count();
        let _ = members(v).count();
        let _ = str_raw(v).and_then(unescape);
    }
    for v in items(b) {
        assert!(!v.is_empty() && v.len() <= b.len());
    }
    let events = reader_events(b);
    assert!(events.len() <= 2 * b.len() + 2);
    if is_valid(b) {
        let mut expected = Vec::new();
        skim_events(b.trim_ascii(), &mut expected);
        assert_eq!(events, expected);
    }
    let _ = get(b, "a");
    let _ = object(b);
    let _ = unescape(b);
    assert_eq!(
        is_valid(b),
        reference::valid(b),
        "{:?}",
        String::from_utf8_lossy(b)
    );
    let mut esc = b"\"".to_vec();
    push_escaped(&mut esc, b);
    esc.push(b'"');
    assert!(is_valid(&esc));
    assert_eq!(
        unescape(&esc[1..esc.len() - 1]),
        Some(String::from_utf8_lossy(b).into_owned())
    );
}

#[test]
fn fuzz_random_bytes_never_panic_and_agree_with_reference() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let input = random_input(&mut rng);
        exercise(&input);
    }
}

#[test]
fn fuzz_mutated_documents() {
    let docs: [&[u8]; 4] = [
        br#"{"id":"2025","choices":[{"index":0,"delta":{"role":"assistant","content":"a\"b\\c\u00e9"}}]}"#,
        br#"{"error":{"code":"1302","message":"High concurrency"},"request_id":"x"}"#,
        br#"[1,-2.5e-3,true,false,null,{"a":[[],{}]},"\ud83d\ude00"]"#,
        br#"{"usage":{"prompt_tokens":13,"completion_tokens":41,"prompt_tokens_details":{"cached_tokens":0}}}"#,
    ];
    let mut rng = Rng(42);
    for doc in docs {
        assert!(is_valid(doc));
        exercise(doc);
        for _ in 0..5_000 {
            let m = mutate(&mut rng, doc);
            exercise(&m);
        }
    }
}
