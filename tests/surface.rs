//! One source of truth for the API surface: the endpoint tables in `src/resources/`.
//!
//! * `tests/surface/endpoints.json` is generated from them (every endpoint: JS name, method, path,
//!   body, stream kind, parameter names). This test fails when it is stale; regenerate it with
//!   `ZAI_BLESS=1 cargo test --test surface`. `tests/surface/typescript.test.mjs` checks
//!   `src/wasm/index.d.ts` and the package README's endpoint table (`src/wasm/README.md`) against
//!   that file.
//! * The Rust API (`src/rust_api/`, compiled for wasm32 only, so read here as text): every handle
//!   method names its endpoint, and its request struct has exactly the endpoint's parameters
//!   (serde names), apart from the few differences listed in `RUST_API_DIFFERENCES` with why.

// Native only: `schema::Table::fields` (the table a compiled one came from) is not in wasm builds.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use zai_wasm::resources::{Answer, Body, Method, StreamKind, ENDPOINTS};

const SNAPSHOT: &str = "tests/surface/endpoints.json";

/// Where a Rust API request type knowingly differs from its endpoint's table, and why.
/// (endpoint, parameter, what the Rust API does instead)
const RUST_API_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "chat.completions.create",
        "stream",
        "create / create_stream set it",
    ),
    (
        "chat.completions.createAsync",
        "stream",
        "an async task does not stream",
    ),
    ("agents.invoke", "stream", "invoke / invoke_stream set it"),
    (
        "audio.speech.create",
        "stream",
        "create / create_stream set it",
    ),
    (
        "audio.transcriptions.create",
        "stream",
        "create / create_stream set it",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// JSON string literal (the names are ASCII identifiers and paths; escaped anyway).
fn quote(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The surface as JSON, one endpoint per line so a diff shows what changed.
fn surface_json() -> String {
    let mut lines = Vec::new();
    for ep in ENDPOINTS {
        let method = match ep.method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        };
        let body = match ep.body {
            Body::Json => "json",
            Body::Multipart => "multipart",
            Body::None => "none",
            Body::Query(_) => "query",
            Body::Raw => "raw",
        };
        let stream = match ep.stream {
            None => "null".to_string(),
            Some(StreamKind::Chat) => quote("chat"),
            Some(StreamKind::Agent) => quote("agent"),
            Some(StreamKind::Transcription) => quote("transcription"),
            Some(StreamKind::Speech) => quote("speech"),
            Some(StreamKind::Raw) => quote("raw"),
        };
        let params: Vec<String> = ep.params.fields().iter().map(|f| quote(f.name)).collect();
        let required: Vec<String> = ep
            .params
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| quote(f.name))
            .collect();
        let answer = match ep.answer {
            Answer::Json => "json",
            Answer::Binary => "binary",
            Answer::Auto => "auto",
        };
        lines.push(format!(
            "  {{\"name\": {}, \"method\": \"{method}\", \"path\": {}, \"body\": \"{body}\", \"stream\": {stream}, \"poll\": {}, \"answer\": \"{answer}\", \"params\": [{}], \"required\": [{}]}}",
            quote(ep.name),
            quote(ep.path),
            ep.poll,
            params.join(", "),
            required.join(", "),
        ));
    }
    format!("[\n{}\n]\n", lines.join(",\n"))
}

#[test]
fn snapshot_of_the_endpoint_tables_is_current() {
    let want = surface_json();
    let path = root().join(SNAPSHOT);
    if std::env::var_os("ZAI_BLESS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &want).unwrap();
        return;
    }
    let have = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{SNAPSHOT} is stale: the endpoint tables changed. Regenerate it with \
         `ZAI_BLESS=1 cargo test --test surface`, then make index.d.ts and the Rust API agree \
         (tests/surface/typescript.test.mjs and this test say where they do not)"
    );
}

/// `module::CONST` -> endpoint name, read from `src/resources/*.rs`
/// (`pub const CONST: Endpoint = Endpoint { name: "...", ...`).
fn endpoint_consts() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(root().join("src/resources")).unwrap() {
        let path = entry.unwrap().path();
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        let mut pending: Option<String> = None;
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("pub const ") {
                if let Some((name, ty)) = rest.split_once(':') {
                    if ty.trim_start().starts_with("Endpoint =") {
                        pending = Some(name.trim().to_string());
                    }
                }
            } else if let (Some(c), Some(rest)) = (&pending, line.strip_prefix("name: \"")) {
                let name = rest.split('"').next().unwrap();
                out.insert(format!("{module}::{c}"), name.to_string());
                pending = None;
            }
        }
    }
    out
}

/// Every Rust API handle method that sends a request: (endpoint name, request type).
fn rust_api_methods(consts: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(root().join("src/rust_api")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // Each `pub async fn` up to the next one: its request type and the endpoint it names.
        for body in text.split("pub async fn ").skip(1) {
            let body = body.split("\n    pub ").next().unwrap();
            let Some(ty) = body
                .split("request: &")
                .nth(1)
                .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
            else {
                continue; // retrieve(id) / poll(id): no request body
            };
            let endpoint = consts
                .iter()
                .find(|(c, _)| {
                    // `&chat::CREATE` but not the start of `&chat::CREATE_ASYNC`.
                    body.match_indices(&format!("&{c}")).any(|(at, m)| {
                        !body[at + m.len()..]
                            .starts_with(|ch: char| ch == '_' || ch.is_alphanumeric())
                    })
                })
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| {
                    panic!("{}: a method taking {ty} names no endpoint", path.display())
                });
            out.push((endpoint, ty.to_string()));
        }
    }
    out
}

/// The serde names of `pub struct ty`'s fields in `src/rust_api/types/` (a `flatten` field is
/// the catch-all for parameters the struct does not know yet, not a parameter).
fn struct_fields(ty: &str) -> BTreeSet<String> {
    for entry in fs::read_dir(root().join("src/rust_api/types")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        let Some(at) = text.find(&format!("pub struct {ty} {{")) else {
            continue;
        };
        let body = &text[at..];
        let body = &body[..body.find("\n}").unwrap()];
        let mut fields = BTreeSet::new();
        let mut attrs = String::new();
        for line in body.lines().skip(1) {
            let line = line.trim();
            if line.starts_with("#[") || line.starts_with(')') || !line.starts_with("pub ") {
                attrs.push_str(line);
                continue;
            }
            let name = line["pub ".len()..].split(':').next().unwrap().trim();
            if !attrs.contains("flatten") && !attrs.contains("skip)") {
                let renamed = attrs
                    .split("rename = \"")
                    .nth(1)
                    .and_then(|r| r.split('"').next());
                fields.insert(renamed.unwrap_or(name).to_string());
            }
            attrs.clear();
        }
        return fields;
    }
    panic!("no `pub struct {ty}` in src/rust_api/types/");
}

#[test]
fn rust_api_request_types_have_exactly_the_tables_parameters() {
    let consts = endpoint_consts();
    assert_eq!(
        consts.len(),
        ENDPOINTS.len(),
        "every endpoint is a `pub const X: Endpoint` in src/resources/"
    );
    let methods = rust_api_methods(&consts);
    let mut problems = Vec::new();
    let mut covered = BTreeSet::new();
    for (endpoint, ty) in &methods {
        covered.insert(endpoint.clone());
        let ep = ENDPOINTS.iter().find(|e| e.name == endpoint).unwrap();
        let mut want: BTreeSet<String> = ep
            .params
            .fields()
            .iter()
            .map(|f| f.name.to_string())
            .collect();
        for (e, p, _) in RUST_API_DIFFERENCES {
            if e == endpoint {
                assert!(
                    want.remove(*p),
                    "RUST_API_DIFFERENCES: {e} has no parameter {p}"
                );
            }
        }
        let have = struct_fields(ty);
        for p in want.difference(&have) {
            problems.push(format!("{endpoint}: {ty} lacks parameter `{p}`"));
        }
        for p in have.difference(&want) {
            problems.push(format!(
                "{endpoint}: {ty} has `{p}`, which the table does not"
            ));
        }
    }
    // Endpoints without a request body (GET by id) have a method too, just no request type.
    for ep in ENDPOINTS {
        if !ep.params.fields().is_empty() && !covered.contains(ep.name) {
            problems.push(format!("{}: no Rust API method sends it", ep.name));
        }
    }
    assert!(
        problems.is_empty(),
        "Rust API drift:\n{}",
        problems.join("\n")
    );
}
