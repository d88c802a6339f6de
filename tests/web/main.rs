//! Browser tests: headless Chromium (wasm-bindgen-test) against the mock Z.AI server over real
//! HTTP. The scenarios are written in JS (`*.js` next to this file) because what they check is
//! the JS contract itself: `for await`, `instanceof`, `AbortController`, promise rejections. Each
//! Rust test below runs one exported JS scenario; a thrown assertion fails the test.
//!
//! Run with `./scripts/test` (it starts the mock and sets `ZAI_MOCK_URL` at build time).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// The typed Rust API (`--features rust-api`): its tests, and the example of its docs they run.
#[cfg(feature = "rust-api")]
mod rust_api;
/// The Rust API example of the crate docs and the README.
#[cfg(feature = "rust-api")]
pub mod rust_api_example;

const MOCK_URL: &str = match option_env!("ZAI_MOCK_URL") {
    Some(url) => url,
    None => "",
};

const _HARNESS_JS: &str = include_str!("harness.js");

#[wasm_bindgen(module = "/tests/web/harness.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn run(name: &str, env: JsValue, groups: js_sys::Array) -> Result<JsValue, JsValue>;
    fn helpers() -> JsValue;
}

/// The tool runner (`src/wasm/tools.js`, the package's `zai-wasm/tools`), installed on the runtime's
/// own `ZaiClient` as that entry installs it on the package's.
#[wasm_bindgen(module = "/src/wasm/tools.js")]
extern "C" {
    fn install(zai: &JsValue) -> JsValue;
}
const _TOOLS_JS: &str = include_str!("../../src/wasm/tools.js");

/// The task store (`src/wasm/tasks.js`, the package's `zai-wasm/tasks`), installed the same way.
#[wasm_bindgen(module = "/src/wasm/tasks.js")]
extern "C" {
    #[wasm_bindgen(js_name = install)]
    fn install_tasks(zai: &JsValue);
}
const _TASKS_JS: &str = include_str!("../../src/wasm/tasks.js");

/// Each scenario file is imported on its own (wasm-bindgen copies imported files one by one).
macro_rules! scenario_files {
    ($($f:ident => $path:literal),* $(,)?) => {
        $(
            mod $f {
                use wasm_bindgen::prelude::*;
                // Makes cargo rebuild when the JS changes (wasm-bindgen does not track it).
                const _SOURCE: &str = include_str!(concat!("../..", $path));
                #[wasm_bindgen(module = $path)]
                extern "C" {
                    pub(crate) fn scenarios(helpers: &JsValue) -> JsValue;
                }
            }
        )*
        fn groups() -> js_sys::Array {
            let h = helpers();
            let groups = js_sys::Array::new();
            $( groups.push(&$f::scenarios(&h)); )*
            groups
        }
    };
}

scenario_files!(
    chat => "/tests/web/chat.js",
    thinking => "/tests/web/thinking.js",
    faults => "/tests/web/faults.js",
    errors => "/tests/web/errors.js",
    abort => "/tests/web/abort.js",
    faultmatrix => "/tests/web/faultmatrix.js",
    soak => "/tests/web/soak.js",
    badinput => "/tests/web/badinput.js",
    retry => "/tests/web/retry.js",
    images => "/tests/web/images.js",
    videos => "/tests/web/videos.js",
    async_tasks => "/tests/web/async.js",
    search => "/tests/web/search.js",
    agents => "/tests/web/agents.js",
    files => "/tests/web/files.js",
    extras => "/tests/web/extras.js",
    platform => "/tests/web/platform.js",
    concurrency => "/tests/web/concurrency.js",
    tools => "/tests/web/tools.js",
    tasks => "/tests/web/tasks.js",
);

/// Builds clients for the JS scenarios (the scenarios cannot import the test's own glue).
#[wasm_bindgen]
pub fn make_client(options: JsValue) -> Result<JsValue, JsValue> {
    zai_wasm::browser_tests::new_client(&options)
}

async fn scenario(name: &str) {
    assert!(
        !MOCK_URL.is_empty(),
        "ZAI_MOCK_URL was not set when the tests were built: run ./scripts/test"
    );
    let env = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        js_sys::Reflect::set(&env, &JsValue::from_str(k), v).expect("env is a plain object");
    };
    set("mockUrl", &JsValue::from_str(MOCK_URL));
    let make: Closure<dyn Fn(JsValue) -> Result<JsValue, JsValue>> = Closure::new(make_client);
    set("makeClient", make.as_ref());
    let classes = zai_wasm::browser_tests::runtime_classes();
    let runner = install(&classes);
    install_tasks(&classes);
    js_sys::Reflect::set(&classes, &JsValue::from_str("ChatToolRunner"), &runner)
        .expect("the classes are a plain object");
    set("classes", &classes);
    // For tests/web/soak.js: the wasm memory, to print and bound its size.
    js_sys::Reflect::set(
        &js_sys::global(),
        &JsValue::from_str("__zaiWasmMemory"),
        &zai_wasm::browser_tests::wasm_memory(),
    )
    .expect("the global object is writable");
    if let Err(e) = run(name, env.into(), groups()).await {
        // V8's `stack` starts with the message; Firefox's and WebKit's hold only the frames.
        let get = |k: &str| {
            js_sys::Reflect::get(&e, &JsValue::from_str(k))
                .ok()
                .and_then(|s| s.as_string())
        };
        let text = match (get("message"), get("stack")) {
            (Some(m), Some(s)) if !s.contains(&m) => format!("{m}\n{s}"),
            (_, Some(s)) => s,
            (Some(m), None) => m,
            (None, None) => e.as_string().unwrap_or_else(|| format!("{e:?}")),
        };
        panic!("{name} failed: {text}");
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test]
            async fn $name() {
                scenario(stringify!($name)).await;
            }
        )*
        /// The scenarios listed below, by name.
        const SCENARIOS: &[&str] = &[$(stringify!($name)),*];
    };
}

/// `chat_non_stream` -> `chatNonStream`, as `run` in harness.js looks scenarios up.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The registry both ways: every scenario the files of `scenario_files!` export is listed in
/// `scenarios!` (one left out would silently never run), and every listed one is exported. That
/// every `tests/web/*.js` file is in `scenario_files!` is checked natively (`tests/drift.rs`).
#[wasm_bindgen_test]
fn every_scenario_is_registered() {
    use std::collections::BTreeSet;
    let listed: BTreeSet<String> = SCENARIOS.iter().map(|s| camel(s)).collect();
    let mut exported = BTreeSet::new();
    for group in groups().iter() {
        for key in js_sys::Object::keys(&group.into()).iter() {
            exported.insert(key.as_string().expect("scenario names are strings"));
        }
    }
    assert_eq!(listed.len(), SCENARIOS.len(), "a scenario is listed twice");
    let unlisted: Vec<_> = exported.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&exported).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "exported by tests/web/*.js but not listed in scenarios! of tests/web/main.rs (never run): \
         {unlisted:?}; listed but exported by no scenario file: {missing:?}"
    );
}

scenarios!(
    // runTools
    tools_runner_loop,
    tools_run_in_parallel,
    tools_throwing_tool,
    tools_bad_arguments_ask_again,
    tools_abort_mid_tool,
    tools_abort_signal_and_break,
    tools_partial_arguments,
    tools_stops_at_max_steps_or_without_run,
    tools_bad_input,
    // the task store: persist, client.tasks
    tasks_persist_video_resume,
    tasks_persist_every_kind,
    tasks_failed_and_aborted,
    tasks_mistakes,
    tasks_per_base_url_and_age,
    // maxConcurrency
    concurrency_queues_beyond_the_budget,
    concurrency_per_model_budgets,
    concurrency_abort_while_queued,
    concurrency_timeout_while_queued,
    concurrency_stream_holds_its_slot_until_cancelled,
    concurrency_unlimited_calls,
    concurrency_bad_options,
    // chat, non-stream
    chat_non_stream,
    chat_wire_request,
    chat_null_and_unset_fields,
    chat_request_id_header,
    // chat, stream
    chat_stream_basic,
    chat_stream_final_equals_non_stream,
    chat_stream_final_without_iterating,
    chat_stream_reasoning,
    chat_stream_tools_one_shot,
    chat_stream_tool_stream,
    chat_stream_next_protocol,
    chat_stream_to_readable_stream,
    chat_stream_consumed_once,
    chat_stream_finish_reasons,
    chat_stream_no_done,
    // thinking that carries over: assistantMessage()
    thinking_preserved_stream,
    thinking_preserved_non_stream,
    thinking_drop_rule,
    thinking_tool_calls,
    thinking_altered_reasoning_rejected,
    thinking_assistant_message_errors,
    // SSE framing faults
    fault_split_one_byte,
    fault_crlf_and_cr,
    fault_comments,
    fault_bom,
    fault_multiline,
    fault_no_final_blank,
    fault_u2028,
    fault_leading_newline,
    fault_malformed_chunk,
    // errors
    error_event_in_stream,
    error_bare_in_stream,
    error_json_200_for_stream,
    error_drop_mid_stream,
    error_drop_mid_utf8,
    error_html_502,
    error_rate_limit_codes,
    error_http_statuses,
    error_invalid_params_not_sent,
    error_key_never_leaks,
    error_client_usable_after_failure,
    // abort and timeouts
    abort_signal_mid_stream,
    abort_signal_before_call,
    abort_stream_method,
    abort_break_cancels_request,
    abort_readable_stream_cancel,
    abort_pending_non_stream,
    timeout_stream_idle,
    timeout_non_stream,
    // retries, idempotency, auth, escape hatches
    retry_backoff_429,
    retry_transient_failures,
    retry_not_for_permanent_failures,
    retry_max_retries_override,
    retry_after_headers,
    retry_should_retry_header,
    retry_request_id_stable,
    retry_abort_during_wait,
    retry_timeout_bounds_all_attempts,
    retry_not_after_first_byte,
    retry_auth_key_function_per_request,
    retry_auth_jwt,
    retry_jwt_resign_on_expired,
    retry_escape_fetch_and_headers,
    retry_escape_on_response,
    retry_cors_broken_base_url,
    // images
    images_generate,
    images_generate_async_and_poll,
    images_errors,
    images_invalid_params,
    // videos
    videos_generate_and_poll,
    videos_generate_vidu,
    videos_errors,
    videos_invalid_params,
    // async results and polling
    async_result_retrieve,
    async_result_not_found,
    async_result_errors,
    async_result_invalid_id,
    async_poll_progress,
    async_poll_fail,
    async_poll_deadline,
    async_poll_abort_while_waiting,
    async_poll_abort_during_retrieve,
    async_poll_aborted_before,
    async_chat_poll,
    // web search
    web_search_search,
    web_search_minimal,
    web_search_errors,
    web_search_invalid_params,
    // agents
    agents_invoke_translation,
    agents_invoke_stream,
    agents_invoke_stream_break,
    agents_invoke_slides_stream,
    agents_vidu_async_result,
    agents_async_result_failed,
    agents_conversation,
    agents_errors,
    agents_invalid_params,
    // files
    files_create,
    files_create_blob,
    files_errors,
    files_invalid_params,
    // the rest of the platform (issue 16)
    platform_files_list,
    platform_files_list_encoding,
    platform_files_delete_and_content,
    platform_files_content_error_in_200,
    platform_errors,
    platform_invalid_params,
    platform_models_list,
    platform_moderations_create,
    platform_batches,
    platform_batch_cancel,
    platform_voice,
    platform_speech,
    platform_speech_stream,
    platform_speech_faults,
    platform_speech_customization,
    platform_file_parser,
    platform_ocr_handwriting,
    platform_request,
    platform_extra_body,
    // embeddings, tokenizer, web reader, layout parsing, audio
    embeddings_create,
    embeddings_errors,
    tokenizer_count,
    tokenizer_errors,
    web_reader_read,
    web_reader_errors,
    layout_parsing_parse,
    layout_parsing_errors,
    audio_transcriptions_create,
    audio_transcriptions_base64,
    audio_transcriptions_stream,
    audio_transcriptions_stream_break,
    audio_transcriptions_errors,
    // fault matrix: each fault, then the same client works
    matrix_body_limits,
    matrix_drop_before_headers,
    matrix_drop_mid_stream,
    matrix_drop_mid_utf8,
    matrix_html502_stream,
    matrix_malformed_chunk,
    matrix_event_error,
    matrix_bare_error,
    matrix_json200_error_for_stream,
    matrix_u2028,
    matrix_bom,
    matrix_crlf,
    matrix_comments,
    matrix_missing_last_blank_line,
    matrix_slow_drip_past_idle_timeout,
    matrix_abort_before_headers,
    matrix_abort_mid_stream,
    matrix_abort_during_retry_wait,
    // soak: memory and completion over many streams
    soak_sequential,
    soak_concurrent,
    // bad input from the caller
    bad_input_wrong_types,
    bad_input_missing_fields,
    bad_input_unknown_enum_values,
    bad_input_not_json,
    bad_input_huge_content,
    bad_input_never_hangs,
    bad_input_inherited_options_ignored,
);
