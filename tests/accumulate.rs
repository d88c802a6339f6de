//! Tests of `zai_wasm::accumulate::ChatAccumulator` and `zai_wasm::chunk::classify` on the
//! stream transcripts of zai-api.md §1.6 and on edge cases. Every output is read back with
//! serde_json (`tests/support/json.rs`: strict, member order kept, a repeated member refused).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Native only: the JSON reader (tests/support/json.rs) uses a host dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use zai_wasm::accumulate::ChatAccumulator;
use zai_wasm::chunk::{classify, Chunk};

#[path = "support/json.rs"]
mod json;
#[path = "support/rng.rs"]
mod rng;
use json::{parse, Json as Value};
use rng::Rng;

// ---------------------------------------------------------------- the JSON reader

#[test]
fn test_parser_sanity() {
    assert!(parse(r#"{"a":[1,-2.5e3,"x\u00e9\ud83d\ude00",true,false,null,{}]}"#).is_ok());
    assert_eq!(
        parse(r#""\ud83d\ude00""#).unwrap(),
        Value::Str("😀".to_owned())
    );
    assert_eq!(
        parse(r#"{"b":1,"a":2}"#).unwrap().keys(),
        ["b", "a"],
        "member order is kept"
    );
    // JSON allows what a Rust string cannot hold: a lone surrogate reads as U+FFFD; an escaped
    // backslash before `u` is not an escape; a number past f64 is kept as written.
    assert_eq!(
        parse(r#""a\ud83db""#).unwrap(),
        Value::Str("a\u{FFFD}b".to_owned())
    );
    assert_eq!(
        parse(r#""\\ud83d""#).unwrap(),
        Value::Str("\\ud83d".to_owned())
    );
    assert_eq!(parse("1E999").unwrap(), Value::num("1E999"));
    for bad in [
        "{\"a\":1,}",
        "[1 2]",
        "01",
        "\"a\nb\"",
        "{\"a\":1,\"a\":2}",
        "[",
        "\"\\x\"",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------------- helpers

fn feed(chunks: &[&str]) -> String {
    let mut acc = ChatAccumulator::new();
    for c in chunks {
        acc.push(c.as_bytes());
    }
    let out = acc.to_json();
    parse(&out).unwrap_or_else(|e| panic!("invalid output {e}: {out}"));
    out
}

fn feed_value(chunks: &[&str]) -> Value {
    parse(&feed(chunks)).unwrap()
}

/// Feeds a fixture (one JSON chunk per line) the way a stream consumer does.
fn run_transcript(lines: &str) -> String {
    let mut acc = ChatAccumulator::new();
    for line in lines.lines() {
        assert_eq!(classify(b"message", line.as_bytes()), Chunk::Data, "{line}");
        acc.push(line.as_bytes());
    }
    assert_eq!(classify(b"message", b"[DONE]"), Chunk::Done);
    let out = acc.to_json();
    parse(&out).unwrap_or_else(|e| panic!("invalid output {e}: {out}"));
    out
}

// ---------------------------------------------------------------- transcripts

#[test]
fn transcript_a_thinking_and_answer() {
    let out = run_transcript(include_str!("fixtures/chunks/transcript_a.jsonl"));
    assert_eq!(
        out,
        include_str!("fixtures/chunks/transcript_a.expected.json").trim_end()
    );
    let v = parse(&out).unwrap();
    let msg = v.path(&["choices", "0", "message"]);
    assert_eq!(msg.path(&["content"]).str(), "Hello! How can I help?");
    assert_eq!(
        msg.path(&["reasoning_content"]).str(),
        "\nThe user wants a short greeting."
    );
}

#[test]
fn transcript_b_tool_call_without_tool_stream() {
    let out = run_transcript(include_str!("fixtures/chunks/transcript_b.jsonl"));
    assert_eq!(
        out,
        include_str!("fixtures/chunks/transcript_b.expected.json").trim_end()
    );
    let v = parse(&out).unwrap();
    let args = v.path(&[
        "choices",
        "0",
        "message",
        "tool_calls",
        "0",
        "function",
        "arguments",
    ]);
    assert_eq!(args.str(), r#"{"cityName": "Nanjing"}"#);
}

#[test]
fn transcript_c_streamed_tool_call() {
    let out = run_transcript(include_str!("fixtures/chunks/transcript_c.jsonl"));
    assert_eq!(
        out,
        include_str!("fixtures/chunks/transcript_c.expected.json").trim_end()
    );
    let v = parse(&out).unwrap();
    let call = v.path(&["choices", "0", "message", "tool_calls", "0"]);
    assert_eq!(call.keys(), ["id", "type", "function"]);
    assert_eq!(
        call.path(&["function", "arguments"]).str(),
        r#"{"location":"Beijing"}"#
    );
}

// ---------------------------------------------------------------- tool calls

#[test]
fn parallel_tool_calls_interleaved() {
    let out = feed(&[
        r#"{"id":"r1","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]}}]}"#,
        r#"{"id":"r1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"ci"}}]}}]}"#,
        r#"{"id":"r1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":"}}]}}]}"#,
        r#"{"id":"r1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Paris\"}"}},{"index":1,"function":{"arguments":"\"CET\"}"}}]}}]}"#,
        r#"{"id":"r1","choices":[{"index":0,"finish_reason":"tool_calls","delta":{"content":""}}]}"#,
    ]);
    assert_eq!(
        out,
        concat!(
            r#"{"id":"r1","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"","tool_calls":["#,
            r#"{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},"#,
            r#"{"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"CET\"}"}}]}}]}"#
        )
    );
}

#[test]
fn tool_call_index_defaults_to_position_and_type_to_function() {
    let v = feed_value(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"1"}},{"id":"b","function":{"name":"g"}}]}}]}"#,
        r#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"2"}},{"function":{"arguments":"3","name":"ignored"},"id":"ignored"}]}}]}"#,
    ]);
    let calls = v.path(&["choices", "0", "message", "tool_calls"]);
    assert_eq!(calls.path(&["0", "id"]).str(), "a");
    assert_eq!(calls.path(&["0", "type"]).str(), "function");
    assert_eq!(calls.path(&["0", "function", "arguments"]).str(), "12");
    assert_eq!(calls.path(&["1", "id"]).str(), "b");
    assert_eq!(calls.path(&["1", "function", "name"]).str(), "g");
    assert_eq!(calls.path(&["1", "function", "arguments"]).str(), "3");
}

#[test]
fn tool_call_index_after_other_fields() {
    // Transcript B puts `index` after `id`; order of members must not matter.
    let out = feed(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{}","name":"n"},"type":"function","id":"c9","index":3}]},"index":0}]}"#,
    ]);
    assert_eq!(
        out,
        r#"{"choices":[{"index":0,"finish_reason":null,"message":{"role":"assistant","content":"","tool_calls":[{"id":"c9","type":"function","function":{"name":"n","arguments":"{}"}}]}}]}"#
    );
}

#[test]
fn tool_call_missing_id_and_name() {
    let out = feed(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"x"}}]}}]}"#,
    ]);
    assert_eq!(
        out,
        r#"{"choices":[{"index":0,"finish_reason":null,"message":{"role":"assistant","content":"","tool_calls":[{"id":"","type":"function","function":{"name":"","arguments":"x"}}]}}]}"#
    );
}

#[test]
fn arguments_as_object_become_a_json_string() {
    let args = r#"{"city": "Bei\"jing", "days": [1, 2.5e0], "note": "tab\tline\nend \u00e9", "nested": {"ok": true, "n": null}}"#;
    let chunk = format!(
        r#"{{"choices":[{{"index":0,"delta":{{"tool_calls":[{{"index":0,"id":"c","type":"function","function":{{"name":"f","arguments":{args}}}}}]}}}}]}}"#
    );
    let v = feed_value(&[&chunk]);
    let got = v.path(&[
        "choices",
        "0",
        "message",
        "tool_calls",
        "0",
        "function",
        "arguments",
    ]);
    // the string holds the raw JSON text, which parses back to the same value
    assert_eq!(got.str(), args);
    assert_eq!(parse(got.str()).unwrap(), parse(args).unwrap());

    let arr = feed_value(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"f","arguments":["a",{"b":"\\"}]}}]}}]}"#,
    ]);
    let got = arr.path(&[
        "choices",
        "0",
        "message",
        "tool_calls",
        "0",
        "function",
        "arguments",
    ]);
    assert_eq!(got.str(), r#"["a",{"b":"\\"}]"#);
}

#[test]
fn arguments_null_or_scalar_are_ignored() {
    let v = feed_value(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":null}}]}}]}"#,
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":12}}]}}]}"#,
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]}}]}"#,
    ]);
    let got = v.path(&[
        "choices",
        "0",
        "message",
        "tool_calls",
        "0",
        "function",
        "arguments",
    ]);
    assert_eq!(got.str(), "{}");
}

#[test]
fn has_finish_reason() {
    let mut acc = ChatAccumulator::new();
    assert!(!acc.has_finish_reason());
    acc.push(br#"{"choices":[{"index":0,"finish_reason":null,"delta":{"content":"a"}}]}"#);
    assert!(!acc.has_finish_reason());
    acc.push(br#"{"choices":[{"index":0,"finish_reason":"length","delta":{}}]}"#);
    assert!(acc.has_finish_reason());
    acc.push(br#"{"choices":[{"index":0,"finish_reason":null,"delta":{}}]}"#);
    assert!(acc.has_finish_reason());
}

// ---------------------------------------------------------------- choices

#[test]
fn multiple_choices_sorted_by_index() {
    let out = feed(&[
        r#"{"id":"m","choices":[{"index":1,"delta":{"role":"assistant","content":"B1"}},{"index":0,"delta":{"role":"assistant","content":"A1"}}]}"#,
        r#"{"id":"m","choices":[{"index":0,"delta":{"content":" A2"}}]}"#,
        r#"{"id":"m","choices":[{"index":2,"delta":{"content":"C"},"finish_reason":"length"},{"index":1,"delta":{"content":" B2"},"finish_reason":"stop"}]}"#,
        r#"{"id":"m","choices":[{"index":0,"finish_reason":"sensitive","delta":{}}]}"#,
    ]);
    assert_eq!(
        out,
        concat!(
            r#"{"id":"m","choices":["#,
            r#"{"index":0,"finish_reason":"sensitive","message":{"role":"assistant","content":"A1 A2"}},"#,
            r#"{"index":1,"finish_reason":"stop","message":{"role":"assistant","content":"B1 B2"}},"#,
            r#"{"index":2,"finish_reason":"length","message":{"role":"assistant","content":"C"}}]}"#
        )
    );
}

#[test]
fn choice_index_defaults_to_position_and_may_come_last() {
    let v = feed_value(&[
        r#"{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]}"#,
        r#"{"choices":[{"delta":{"content":"c"},"index":1}]}"#,
    ]);
    assert_eq!(v.path(&["choices", "0", "message", "content"]).str(), "a");
    assert_eq!(v.path(&["choices", "1", "message", "content"]).str(), "bc");
    assert_eq!(v.path(&["choices", "1", "index"]), &Value::num("1"));
}

#[test]
fn choice_index_invalid_falls_back_to_position() {
    let v = feed_value(&[
        r#"{"choices":[{"index":-1,"delta":{"content":"a"}},{"index":"1","delta":{"content":"b"}},{"index":2.0,"delta":{"content":"c"}}]}"#,
    ]);
    let contents: Vec<&str> = (0..3)
        .map(|i| {
            v.path(&["choices", &i.to_string(), "message", "content"])
                .str()
        })
        .collect();
    assert_eq!(contents, ["a", "b", "c"]);
}

// ---------------------------------------------------------------- missing / null fields

#[test]
fn no_chunks_gives_an_empty_completion() {
    assert_eq!(feed(&[]), r#"{"choices":[]}"#);
    assert_eq!(feed(&[r#"{"choices":[]}"#]), r#"{"choices":[]}"#);
}

#[test]
fn null_and_missing_fields() {
    let out = feed(&[
        r#"{"id":null,"model":null,"choices":[{"index":0,"finish_reason":null,"delta":{"role":null,"content":null,"reasoning_content":null}}],"usage":null}"#,
        r#"{"id":"late","created":5,"choices":[{"index":0,"delta":{"content":"x"}}]}"#,
        r#"{"id":"later","model":"glm-4.6","created":6,"choices":[{"index":0,"finish_reason":"stop","delta":{}}],"usage":{"total_tokens":3}}"#,
        r#"{"choices":[{"index":0,"finish_reason":null,"delta":{"content":null}}],"usage":null}"#,
    ]);
    assert_eq!(
        out,
        r#"{"id":"late","created":5,"model":"glm-4.6","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"x"}}],"usage":{"total_tokens":3}}"#
    );
}

#[test]
fn choice_without_delta_and_role_first_seen() {
    let out = feed(&[
        r#"{"choices":[{"index":0}]}"#,
        r#"{"choices":[{"index":0,"delta":{"role":"assistant"}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"role":"tool","content":"x"}}]}"#,
    ]);
    assert_eq!(
        out,
        r#"{"choices":[{"index":0,"finish_reason":null,"message":{"role":"assistant","content":"x"}}]}"#
    );
}

#[test]
fn reasoning_content_present_once_seen_even_if_empty() {
    let v = feed_value(&[r#"{"choices":[{"delta":{"reasoning_content":"","content":"hi"}}]}"#]);
    assert_eq!(
        v.path(&["choices", "0", "message", "reasoning_content"])
            .str(),
        ""
    );
}

#[test]
fn request_id_usage_and_web_search() {
    let out = feed(&[
        r#"{"request_id":"req-1","id":"x","created":1,"model":"glm-4.6","web_search":[{"title":"old","refer":"ref_1"}],"choices":[{"index":0,"delta":{"content":"[ref_1]"}}]}"#,
        r#"{"request_id":"req-2","id":"x","web_search":null,"usage":{"prompt_tokens":1}}"#,
        r#"{"id":"x","choices":[{"index":0,"finish_reason":"stop","delta":{}}],"usage":{"prompt_tokens":2,"completion_tokens_details":{"reasoning_tokens":0}},"web_search":[{"title":"new","publish_date":""}]}"#,
    ]);
    assert_eq!(
        out,
        concat!(
            r#"{"id":"x","request_id":"req-1","created":1,"model":"glm-4.6","#,
            r#""choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"[ref_1]"}}],"#,
            r#""usage":{"prompt_tokens":2,"completion_tokens_details":{"reasoning_tokens":0}},"#,
            r#""web_search":[{"title":"new","publish_date":""}]}"#
        )
    );
}

#[test]
fn unknown_fields_and_whitespace_are_tolerated() {
    let out = feed(&[
        "{ \"object\" : \"chat.completion.chunk\" , \"id\" : \"w\" , \"created\" : 17 ,\n \"choices\" : [ { \"index\" : 0 , \"content_filter\" : [ { \"level\" : 1 } ] , \"delta\" : { \"role\" : \"assistant\" , \"content\" : \"a b\" , \"extra\" : { \"x\" : [ ] } } } ] , \"usage\" : { \"total_tokens\" : 1 } }",
    ]);
    assert_eq!(
        out,
        r#"{"id":"w","created":17,"choices":[{"index":0,"finish_reason":null,"message":{"role":"assistant","content":"a b"}}],"usage":{ "total_tokens" : 1 }}"#
    );
}

// ---------------------------------------------------------------- string content

#[test]
fn escapes_across_chunks_are_concatenated_raw() {
    let v = feed_value(&[
        r#"{"choices":[{"delta":{"content":"Caf\u00e9 says \"hi"}}]}"#,
        r#"{"choices":[{"delta":{"content":"\" \\ back\\slash\n"}}]}"#,
        r#"{"choices":[{"delta":{"content":"tab\there \/ \ud83d"}}]}"#,
        r#"{"choices":[{"delta":{"content":"\ude00 done"}}]}"#,
    ]);
    assert_eq!(
        v.path(&["choices", "0", "message", "content"]).str(),
        "Café says \"hi\" \\ back\\slash\ntab\there / 😀 done"
    );
    let out = feed(&[
        r#"{"choices":[{"delta":{"content":"a\"b"}}]}"#,
        r#"{"choices":[{"delta":{"content":"\\"}}]}"#,
    ]);
    assert!(out.contains(r#""content":"a\"b\\""#), "{out}");
}

#[test]
fn cjk_and_emoji() {
    let v = feed_value(&[
        r#"{"choices":[{"delta":{"reasoning_content":"用户想要","content":"你好，"}}]}"#,
        r#"{"choices":[{"delta":{"reasoning_content":"问候。","content":"世界 🌏👋🏽"}}]}"#,
    ]);
    let msg = v.path(&["choices", "0", "message"]);
    assert_eq!(msg.path(&["content"]).str(), "你好，世界 🌏👋🏽");
    assert_eq!(msg.path(&["reasoning_content"]).str(), "用户想要问候。");
}

// ---------------------------------------------------------------- malformed input

#[test]
fn malformed_chunks_are_ignored() {
    let out = feed(&[
        r#"{"id":"ok","choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        "[DONE]",
        "",
        "garbage",
        "{",
        "[1,2]",
        "null",
        r#"{"choices":[{"index":0,"delta":{"content":"trunc"#,
        // cut short: the single pass has already used what came before the cut
        r#"{"choices":[{"index":0,"delta":{"content":"b"}}]"#,
        r#"{"choices":[{"index":0,"delta":{"content":"c"}}"#,
        r#"{"choices":[{"index":0,"delta":{"content":"d"},"#,
        r#"{"choices":[{"index":0,"delta":{"content":"bad \x escape"}}]}"#,
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"raw\nnewline\"}}]}",
        r#"{"choices":[{"index":0,"delta":{"content":12}}]}"#,
        r#"{"choices":{"index":0,"delta":{"content":"not an array"}}}"#,
        r#"{"choices":[null,1,"s",[]]}"#,
        r#"{"created":01,"model":tru,"usage":{"a":},"web_search":[1,]}"#,
        r#"{"choices":[{"index":0,"finish_reason":stopp,"delta":{"role":"\q"}}]}"#,
        r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"\u12","function":{"name":bad,"arguments":"\z"}}]}}]}"#,
    ]);
    assert_eq!(
        out,
        concat!(
            r#"{"id":"ok","choices":[{"index":0,"finish_reason":null,"message":{"role":"assistant","content":"abcd","#,
            r#""tool_calls":[{"id":"","type":"function","function":{"name":"","arguments":""}}]}}]}"#
        )
    );
}

#[test]
fn invalid_utf8_is_replaced() {
    let mut acc = ChatAccumulator::new();
    acc.push(b"{\"choices\":[{\"delta\":{\"content\":\"a\xffb\xe4\xbd\"}}]}");
    acc.push("{\"choices\":[{\"delta\":{\"content\":\"好\"}}]}".as_bytes());
    let out = acc.to_json();
    let v = parse(&out).unwrap();
    assert_eq!(
        v.path(&["choices", "0", "message", "content"]).str(),
        "a\u{FFFD}b\u{FFFD}好"
    );
}

#[test]
fn fuzz_mutated_chunks_always_give_valid_json() {
    let base: Vec<&str> = [
        include_str!("fixtures/chunks/transcript_a.jsonl"),
        include_str!("fixtures/chunks/transcript_b.jsonl"),
        include_str!("fixtures/chunks/transcript_c.jsonl"),
    ]
    .iter()
    .flat_map(|t| t.lines())
    .chain([
        r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"f","arguments":{"a":["\"",1]}}}]}}],"web_search":[{"t":"\u00e9"}]}"#,
        r#"{"request_id":"r","choices":[{"index":1,"delta":{"content":"\ud83d"}},{"index":0,"delta":{"reasoning_content":"\\"}}]}"#,
        r#"{"error":{"code":"1302","message":"High concurrency"},"request_id":"r"}"#,
        r#"{"id":"e","error":null,"choices":[{"delta":{"content":"error"}}]}"#,
    ])
    .collect();
    let alphabet = b"{}[],:\"\\ 0-1.eEtrunlfa\x00\x1f\xff\xc3";
    let mut rng = Rng(7);
    for _ in 0..3_000 {
        let mut acc = ChatAccumulator::new();
        for _ in 0..rng.below(6) {
            let mut c = base[rng.below(base.len())].as_bytes().to_vec();
            for _ in 0..rng.below(4) {
                if c.is_empty() {
                    break;
                }
                let at = rng.below(c.len());
                match rng.below(4) {
                    0 => {
                        c.remove(at);
                    }
                    1 => c.insert(at, alphabet[rng.below(alphabet.len())]),
                    2 => c[at] = alphabet[rng.below(alphabet.len())],
                    _ => c.truncate(at),
                }
            }
            assert_eq!(classify(b"", &c), naive_classify(&c));
            acc.push(&c);
        }
        let out = acc.to_json();
        if let Err(e) = parse(&out) {
            panic!("invalid output {e}: {out}");
        }
    }
}

// ---------------------------------------------------------------- chunk::classify

/// `classify` without the fast pre-check, for comparison.
fn naive_classify(data: &[u8]) -> Chunk {
    let d = data.trim_ascii();
    if d.is_empty() {
        Chunk::Skip
    } else if d.starts_with(b"[DONE]") {
        Chunk::Done
    } else if zai_wasm::json::members(d)
        .any(|(k, v)| k == b"error" && v != b"null" && v != b"false")
    {
        Chunk::Error
    } else {
        Chunk::Data
    }
}

#[test]
fn classify_finds_error_key_at_every_offset() {
    for pad in 0..40 {
        let filler = "r".repeat(pad);
        let late = format!(r#"{{"a":"{filler}","error":{{"code":"1"}}}}"#);
        assert_eq!(classify(b"", late.as_bytes()), Chunk::Error, "{late}");
        let early = format!(r#"{{"error":"x","a":"{filler}"}}"#);
        assert_eq!(classify(b"", early.as_bytes()), Chunk::Error, "{early}");
        let spaced = format!("{{{}\n\"error\" : 1 }}", " ".repeat(pad));
        assert_eq!(classify(b"", spaced.as_bytes()), Chunk::Error, "{spaced}");
        let not_key = format!(r#"{{"a":"{filler}\"error\"","b":["error"]}}"#);
        assert_eq!(classify(b"", not_key.as_bytes()), Chunk::Data, "{not_key}");
    }
}

#[test]
fn classify_done() {
    assert_eq!(classify(b"message", b"[DONE]"), Chunk::Done);
    assert_eq!(classify(b"", b"  [DONE]\n"), Chunk::Done);
    assert_eq!(classify(b"message", b"[DONE] trailing text"), Chunk::Done);
    assert_eq!(classify(b"message", b"[DONE]{\"x\":1}"), Chunk::Done);
    assert_eq!(classify(b"error", b"[DONE]"), Chunk::Done);
    assert_eq!(classify(b"message", b"[DONE"), Chunk::Data);
    assert_eq!(classify(b"message", b"[done]"), Chunk::Data);
}

#[test]
fn classify_skip() {
    assert_eq!(classify(b"message", b""), Chunk::Skip);
    assert_eq!(classify(b"message", b" \t\r\n "), Chunk::Skip);
    assert_eq!(classify(b"error", b"\n"), Chunk::Skip);
}

#[test]
fn classify_error_event() {
    let data = br#"{"error":{"code":"1302","message":"High concurrency usage of this API, please reduce concurrency or contact customer service to increase limits"},"request_id":"2026012315301053eda1059a6e4f85"}"#;
    assert_eq!(classify(b"error", data), Chunk::Error);
    assert_eq!(classify(b"error", b"plain text"), Chunk::Error);
    assert_eq!(classify(b"error", br#"{"id":"x"}"#), Chunk::Error);
    assert_eq!(classify(b"message", data), Chunk::Error);
    assert_eq!(classify(b"Error", br#"{"id":"x"}"#), Chunk::Data);
}

#[test]
fn classify_bare_error_object() {
    assert_eq!(
        classify(
            b"",
            br#"{"error":{"code":"1113","message":"Insufficient balance"}}"#
        ),
        Chunk::Error
    );
    assert_eq!(
        classify(b"", br#" {"request_id":"r","error" : "text"} "#),
        Chunk::Error
    );
    assert_eq!(classify(b"", br#"{"error":{},"code":1}"#), Chunk::Error);
    assert_eq!(classify(b"", br#"{"error":true}"#), Chunk::Error);
    assert_eq!(classify(b"", br#"{"error":0}"#), Chunk::Error);
}

#[test]
fn classify_non_errors() {
    assert_eq!(classify(b"", br#"{"error":null}"#), Chunk::Data);
    assert_eq!(classify(b"", br#"{"error": null ,"id":"x"}"#), Chunk::Data);
    assert_eq!(classify(b"", br#"{"error":false}"#), Chunk::Data);
    // "error" inside string values, nested objects or arrays is not a top-level member
    let in_content =
        br#"{"id":"x","choices":[{"index":0,"delta":{"content":"an \"error\" occurred: error"}}]}"#;
    assert_eq!(classify(b"message", in_content), Chunk::Data);
    let as_value = br#"{"id":"x","choices":[{"index":0,"delta":{"content":"error"}}]}"#;
    assert_eq!(classify(b"message", as_value), Chunk::Data);
    let nested = br#"{"id":"x","meta":{"error":{"code":"1"}},"list":["error",{"error":1}]}"#;
    assert_eq!(classify(b"message", nested), Chunk::Data);
    let tool_args =
        br#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{\"error\":1}"}}]}}]}"#;
    assert_eq!(classify(b"", tool_args), Chunk::Data);
    // not JSON at all, or not an object: still data for JSON.parse to judge
    assert_eq!(classify(b"", b"hello"), Chunk::Data);
    assert_eq!(classify(b"", br#"["error"]"#), Chunk::Data);
    assert_eq!(classify(b"", br#""error""#), Chunk::Data);
    assert_eq!(classify(b"", br#"{"id":"x","error"#), Chunk::Data);
    for line in include_str!("fixtures/chunks/transcript_a.jsonl").lines() {
        assert_eq!(classify(b"", line.as_bytes()), Chunk::Data);
    }
}
