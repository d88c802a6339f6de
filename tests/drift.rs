//! What is written in two places and must agree, read from both and compared, so a change on one
//! side fails here (natively, in a second) instead of as a puzzling browser failure or not at all:
//!
//! * the numbers and strings `src/wasm/runtime.js` shares with the Rust side: the event and
//!   action codes of `Exchange.step` (`EV_*`, `ACT_*` in `src/wasm/engine.rs`), where the headers
//!   start in `Exchange.request()`'s lines (`HEADERS_AT`), the stream classes by index
//!   (`STREAMS`, `stream_index`), the endpoint kinds, the stream record kinds (`REC_*`), the
//!   sentinels of values JSON cannot carry (`SENTINEL_*`), the timer limit, and the documented
//!   default of `maxResponseBytes`;
//! * every scenario file `tests/web/*.js` is imported by the browser registry
//!   (`tests/web/main.rs`; that every exported scenario is listed there, and every listed one
//!   exists, is checked in the browser by `every_scenario_is_registered`).
//!
//! The record layout itself (`[n, discard, (kind, segments, start, end…)*]`) is exercised by
//! every browser stream test.
// Native tests of the core (private on wasm32).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fs;

fn read(path: &str) -> String {
    fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `start` (included) and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str, file: &str) -> &'a str {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("{file}: no `{start}` (did it move? update tests/drift.rs)"));
    let len = text[at..]
        .find(end)
        .unwrap_or_else(|| panic!("{file}: no `{end}` after `{start}`"));
    &text[at..at + len]
}

/// Every `NAME = <integer>` in `text` whose NAME starts with `prefix` (JS `const A = 1, B = 2;`
/// and Rust `const A: u32 = 1;` alike).
fn integer_consts(text: &str, prefix: &str) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (at, _) in text.match_indices(prefix) {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[at..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        let mut value = rest[name_len..].trim_start();
        if let Some(v) = value.strip_prefix(": u32") {
            value = v.trim_start();
        }
        let Some(value) = value.strip_prefix('=') else {
            continue; // a use, not a definition
        };
        let value = value.trim_start();
        let digits = value
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(value.len());
        if digits == 0 {
            continue;
        }
        let n: u64 = value[..digits].parse().unwrap();
        if let Some(old) = out.insert(name.to_owned(), n) {
            assert_eq!(old, n, "{name} is defined twice with different values");
        }
    }
    out
}

/// A JS string literal's value (`'\u0000zai:blob'`): single quotes, `\uXXXX` escapes.
fn js_string_const(js: &str, name: &str) -> String {
    let line = between(
        js,
        &format!("const {name} = '"),
        "';",
        "src/wasm/runtime.js",
    );
    let lit = &line[line.find('\'').unwrap() + 1..];
    let mut out = String::new();
    let mut rest = lit;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let code = u32::from_str_radix(&rest[at + 2..at + 6], 16).unwrap();
        out.push(char::from_u32(code).unwrap());
        rest = &rest[at + 6..];
    }
    out.push_str(rest);
    out
}

#[test]
fn event_and_action_codes_agree() {
    let js = read("src/wasm/runtime.js");
    let rs = read("src/wasm/engine.rs");
    for prefix in ["EV_", "ACT_"] {
        let in_js = integer_consts(&js, prefix);
        let in_rs = integer_consts(&rs, prefix);
        assert!(
            in_js.len() >= 5 && in_rs.len() >= 5,
            "{prefix}*: {in_js:?} / {in_rs:?}"
        );
        for (name, n) in &in_js {
            assert_eq!(
                in_rs.get(name),
                Some(n),
                "runtime.js {name} = {n}, engine.rs has {:?}",
                in_rs.get(name)
            );
        }
        for name in in_rs.keys() {
            // An action the executor need not name: it falls to the `default:` branch, which
            // fails the call with the machine's error (`Action::Ignore` ends nothing by itself).
            if name == "ACT_IGNORE" {
                continue;
            }
            assert!(
                in_js.contains_key(name),
                "engine.rs {name} is missing in runtime.js"
            );
        }
    }
}

#[test]
fn the_request_lines_have_their_headers_at_headers_at() {
    let js = read("src/wasm/runtime.js");
    let headers_at = integer_consts(&js, "HEADERS_AT")["HEADERS_AT"];
    let rs = read("src/wasm/engine.rs");
    let request = between(
        &rs,
        "pub fn request(",
        "out.push_str(call.headers())",
        "engine.rs",
    );
    let lines = request.matches("out.push('\\n');").count() as u64;
    assert_eq!(
        lines, headers_at,
        "Exchange::request writes {lines} lines before the headers; runtime.js HEADERS_AT = {headers_at}"
    );
}

#[test]
fn stream_classes_are_in_stream_index_order() {
    let js = read("src/wasm/runtime.js");
    let classes: Vec<&str> = between(&js, "const STREAMS = [", "]", "runtime.js")
        ["const STREAMS = [".len()..]
        .split(',')
        .map(str::trim)
        .collect();
    // Each StreamKind variant names its JS class in its doc comment (src/resources/mod.rs).
    let res = read("src/resources/mod.rs");
    let kinds = between(&res, "pub enum StreamKind {", "}", "src/resources/mod.rs");
    let mut class_of = BTreeMap::new();
    let mut class = None;
    for line in kinds.lines().map(str::trim) {
        if let Some(doc) = line.strip_prefix("/// `") {
            class = doc.split('`').next();
        } else if let Some(variant) = line.strip_suffix(',') {
            class_of.insert(variant, class.take().expect("a documented variant"));
        }
    }
    let rs = read("src/wasm/engine.rs");
    let index = between(&rs, "fn stream_index(", "\n}", "engine.rs");
    let mut by_index = BTreeMap::new();
    for line in index.lines().map(str::trim) {
        if let Some((variant, n)) = line
            .strip_prefix("StreamKind::")
            .and_then(|l| l.split_once(" => "))
        {
            let n: usize = n.trim_end_matches(',').parse().unwrap();
            by_index.insert(n, class_of[variant]);
        }
    }
    assert_eq!(
        by_index.len(),
        class_of.len(),
        "every StreamKind has an index"
    );
    let want: Vec<&str> = by_index.into_values().collect();
    assert_eq!(
        classes, want,
        "runtime.js STREAMS against engine.rs stream_index"
    );
}

#[test]
fn endpoint_kinds_agree() {
    let js = read("src/wasm/runtime.js");
    let rs = read("src/wasm/engine.rs");
    let table = between(&rs, "pub fn endpoints(&self)", "\n    }\n", "engine.rs");
    let written: Vec<char> = table
        .match_indices("=> \" ")
        .map(|(at, m)| table[at + m.len()..].chars().next().unwrap())
        .collect();
    assert_eq!(written.len(), 6, "engine.rs endpoints(): {written:?}");
    let mut read_by_js: Vec<char> = js
        .match_indices("kind === '")
        .map(|(at, m)| js[at + m.len()..].chars().next().unwrap())
        .collect();
    read_by_js.sort_unstable();
    read_by_js.dedup();
    for k in &read_by_js {
        assert!(
            written.contains(k),
            "runtime.js tests kind '{k}', engine.rs never writes it"
        );
    }
    // 'I' (an id in the path, no body) is the one kind the executor needs no test for.
    for k in &written {
        assert!(
            read_by_js.contains(k) || *k == 'I',
            "engine.rs writes kind '{k}', runtime.js never tests it"
        );
    }
}

#[test]
fn record_kinds_agree() {
    let js = integer_consts(&read("src/wasm/runtime.js"), "KIND_");
    let rs = integer_consts(&read("src/stream.rs"), "REC_");
    assert_eq!(
        js.get("KIND_DATA"),
        rs.get("REC_DATA"),
        "runtime.js KIND_DATA"
    );
    assert_eq!(
        js.get("KIND_DONE"),
        rs.get("REC_DONE"),
        "runtime.js KIND_DONE"
    );
    // Any other kind is an error record (runtime.js's last branch).
    assert_eq!(rs.len(), 3, "src/stream.rs REC_*: {rs:?}");
}

#[test]
fn sentinels_agree() {
    let js = read("src/wasm/runtime.js");
    let rs = read("src/schema/sentinel.rs");
    for name in ["NONJSON", "FUNCTION", "BLOB"] {
        let def = between(
            &rs,
            &format!("const SENTINEL_{name}: &str = \""),
            "\";",
            "sentinel.rs",
        );
        let rust = def[def.find('"').unwrap() + 1..].replace("\\0", "\0");
        assert!(rust.starts_with('\0'), "SENTINEL_{name} = {rust:?}");
        assert_eq!(
            js_string_const(&js, name),
            rust,
            "runtime.js {name} against SENTINEL_{name}"
        );
    }
}

/// The digits of the first number after `marker` in `text` (`_` separators dropped).
fn number_after(text: &str, marker: &str, file: &str) -> u64 {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{file}: no `{marker}` (did it move? update tests/drift.rs)"));
    let digits: String = text[at + marker.len()..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '_')
        .filter(|c| *c != '_')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("{file}: no number after `{marker}`"))
}

#[test]
fn limits_agree() {
    // The longest wait `setTimeout` honours: beyond it a deadline is no deadline, on both sides.
    let js = number_after(&read("src/wasm/runtime.js"), "ms >=", "runtime.js");
    let rs = number_after(
        &read("src/request/exchange.rs"),
        "timeout_ms <",
        "exchange.rs",
    );
    assert_eq!(
        js, rs,
        "runtime.js's timer limit against exchange.rs deadline()"
    );
    assert_eq!(js, i32::MAX as u64);
    // The documented default of maxResponseBytes is the one the core applies.
    let dts = number_after(
        &read("src/wasm/index.d.ts"),
        "released. Default",
        "index.d.ts",
    );
    let config = read("src/config.rs");
    let rs = number_after(&config, "DEFAULT_MAX_RESPONSE_BYTES: f64 =", "config.rs");
    assert_eq!(
        dts, rs,
        "index.d.ts maxResponseBytes default against config.rs"
    );
}

#[test]
fn every_scenario_file_is_registered() {
    let main = read("tests/web/main.rs");
    let registry = between(&main, "scenario_files!(", ");", "tests/web/main.rs");
    let dir = format!("{}/tests/web", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".js"))
        .collect();
    files.sort();
    assert!(files.len() > 5, "{files:?}");
    for f in files {
        // The harness and the Rust API tests' helpers are imported by their own modules.
        if f == "harness.js" || f == "rust_api.js" {
            continue;
        }
        let path = format!("\"/tests/web/{f}\"");
        assert!(
            registry.contains(&path),
            "tests/web/{f} is not in scenario_files! of tests/web/main.rs: its scenarios never run"
        );
    }
}

#[test]
fn the_readers_above_find_what_they_look_for() {
    // Guards the checks against a parser that silently finds nothing.
    let consts = integer_consts(
        "const EV_A = 0, EV_B = 12;\nconst EV_C: u32 = 3; EV_A + 1",
        "EV_",
    );
    assert_eq!(
        consts.into_iter().collect::<Vec<_>>(),
        [("EV_A".into(), 0), ("EV_B".into(), 12), ("EV_C".into(), 3)]
    );
    assert_eq!(js_string_const("const X = '\\u0000a:b';", "X"), "\0a:b");
}
