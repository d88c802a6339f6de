//! Parameter validation on arbitrary JSON text: `json::Outline` and `Table::validate_json`.
//!
//! Input: arbitrary bytes, validated as the params of every endpoint. Checks: no panic; an
//! outline, when there is one, is well formed (every node's text inside the input, every
//! child inside its parent's subtree, no more nodes than bytes); every valid JSON text
//! (`json::is_valid`) has one, whose top-level children are exactly what `json::members` or
//! `json::items` find; a text that is not an object is rejected as such; a rejection's message
//! is never empty and bounded by the input (paths are built from its keys).

#![no_main]

use libfuzzer_sys::fuzz_target;
use zai_wasm::json::{self, Outline};
use zai_wasm::resources::ENDPOINTS;

/// `b` without JSON's insignificant whitespace around it (space, tab, LF, CR: `trim_ascii`
/// also strips form feed, which JSON does not).
fn trim_json_ws(b: &[u8]) -> &[u8] {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |e| e + 1);
    &b[start..end]
}

fn check_outline(data: &[u8], o: &Outline<'_>) {
    assert!(
        o.count() >= 1 && o.count() <= data.len(),
        "{} nodes",
        o.count()
    );
    assert_eq!(o.raw(0), trim_json_ws(data));
    let base = data.as_ptr() as usize;
    for n in 0..o.count() {
        let raw = o.raw(n);
        let at = raw.as_ptr() as usize;
        assert!(!raw.is_empty() && at >= base && at + raw.len() <= base + data.len());
        let end = o.after(n);
        assert!(end > n && end <= o.count());
        for c in o.children(n) {
            assert!(c > n && c < end && o.after(c) <= end, "child {c} of {n}");
            let inner = o.raw(c).as_ptr() as usize;
            assert!(inner > at && inner + o.raw(c).len() < at + raw.len());
        }
    }
}

/// The top-level children of a valid text are what the skimmer's iterators find.
fn check_against_skimmer(o: &Outline<'_>) {
    let root = o.raw(0);
    let kids: Vec<&[u8]> = o.children(0).map(|c| o.raw(c)).collect();
    match root.first() {
        Some(b'{') => {
            let mut want = Vec::new();
            for (k, v) in json::members(root) {
                // Keys come with their quotes in the outline.
                let start = k.as_ptr() as usize - root.as_ptr() as usize - 1;
                want.push(&root[start..start + k.len() + 2]);
                want.push(v);
            }
            assert_eq!(kids, want);
        }
        Some(b'[') => assert_eq!(kids, json::items(root).collect::<Vec<_>>()),
        _ => assert!(kids.is_empty()),
    }
}

fuzz_target!(|data: &[u8]| {
    let outline = Outline::new(data);
    if let Some(o) = &outline {
        check_outline(data, o);
    }
    if json::is_valid(data) {
        let o = outline.as_ref().expect("a valid JSON text has an outline");
        check_against_skimmer(o);
    }
    let is_object = outline
        .as_ref()
        .is_some_and(|o| o.raw(0).first() == Some(&b'{'));
    for ep in ENDPOINTS {
        match ep.params.validate_json(data) {
            Ok(_) => assert!(
                is_object,
                "{} accepted a text that is not an object",
                ep.name
            ),
            Err(e) => {
                assert!(!e.message.is_empty());
                assert!(
                    e.message.len() <= 3 * data.len() + 1024,
                    "message of {} bytes from {} bytes of input",
                    e.message.len(),
                    data.len()
                );
                if !is_object {
                    assert_eq!(e.message, "params must be an object");
                }
            }
        }
    }
});
