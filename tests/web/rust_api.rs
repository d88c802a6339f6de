//! Browser tests of the typed Rust API (`zai_wasm::api`, feature `rust-api`) against the mock
//! server: typed answers, streams, cancellation, errors, the exact wire body, and each resource.

use std::future::Future;

use futures_util::future::{select, Either};
use futures_util::StreamExt;
use js_sys::futures::JsFuture;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use zai_wasm::api::types::*;
use zai_wasm::api::{
    ChatCompletionStream, Client, ClientOptions, Error, ErrorKind, MaxConcurrency, PollOptions,
    RawAnswer, RequestOptions,
};

use super::rust_api_example;
use super::MOCK_URL;

const _HELPERS_JS: &str = include_str!("rust_api.js");

#[wasm_bindgen(module = "/tests/web/rust_api.js")]
extern "C" {
    #[wasm_bindgen(js_name = mockLog)]
    fn mock_log(mock_url: &str, tag: &str) -> js_sys::Promise;
    fn sleep(ms: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = textFile)]
    fn text_file(text: &str, name: &str) -> web_sys::Blob;
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(ms: u32) -> web_sys::AbortSignal;
    #[wasm_bindgen(js_name = jsStreamToEnd)]
    fn js_stream_to_end(
        make_client: &js_sys::Function,
        mock_url: &str,
        tag: &str,
        model: &str,
    ) -> js_sys::Promise;
}

/// How long one test may take: a test that never settles would stall the whole page (the runner
/// reports only once every test is done), so it fails by name instead (as in harness.js).
const LIMIT_MS: u32 = 30_000;

async fn within_limit(name: &str, test: impl Future<Output = ()>) {
    let timer = JsFuture::from(sleep(LIMIT_MS));
    if let Either::Right(_) = select(std::pin::pin!(test), timer).await {
        panic!("{name} did not finish within {LIMIT_MS} ms");
    }
}

/// The tests: each runs its body (the `async fn` of the same name without `rust_api_`) within
/// the limit.
macro_rules! tests {
    ($($name:ident => $body:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test]
            async fn $name() {
                within_limit(stringify!($name), $body()).await;
            }
        )*
    };
}

tests!(
    rust_api_example_runs => example_runs,
    rust_api_chat_create => chat_create,
    rust_api_wire_body_is_the_request => wire_body_is_the_request,
    rust_api_chat_stream => chat_stream,
    rust_api_chat_stream_reasoning_and_tools => chat_stream_reasoning_and_tools,
    rust_api_thinking_carries_over => thinking_carries_over,
    rust_api_stream_drop_cancels_request => stream_drop_cancels_request,
    rust_api_abort_signal_and_timeout => abort_signal_and_timeout,
    rust_api_typed_errors => typed_errors,
    rust_api_invalid_request_names_the_field => invalid_request_names_the_field,
    rust_api_decode_error => decode_error,
    rust_api_images => images,
    rust_api_videos_and_async_results => videos_and_async_results,
    rust_api_embeddings_tokenizer_search_reader_ocr => embeddings_tokenizer_search_reader_ocr,
    rust_api_agents => agents,
    rust_api_files_and_audio => files_and_audio,
    rust_api_streams_release_memory => streams_release_memory,
    rust_api_retries_request_id_and_jwt => retries_request_id_and_jwt,
    rust_api_stream_failures => stream_failures,
    rust_api_stream_abort_and_idle_timeout => stream_abort_and_idle_timeout,
    rust_api_bad_headers_and_uploads => bad_headers_and_uploads,
    rust_api_response_body_limit => response_body_limit,
    rust_api_debug_shows_no_key => debug_shows_no_key,
    rust_api_platform => platform,
    rust_api_max_concurrency => max_concurrency,
    rust_api_max_concurrency_shared_with_js => max_concurrency_shared_with_js,
);

async fn create(client: &Client, request: &ChatCompletionRequest) -> Result<ChatCompletion, Error> {
    client.chat().completions().create(request).await
}

async fn create_stream(
    client: &Client,
    request: &ChatCompletionRequest,
) -> Result<ChatCompletionStream, Error> {
    client.chat().completions().create_stream(request).await
}

/// The README shows the example file as it is (the crate docs include it).
/// No `Debug` of the Rust API shows a key or a header value (which may carry a credential).
async fn debug_shows_no_key() {
    const SECRET: &str = "debug-secret-part";
    let headers = vec![("authorization".to_owned(), format!("Bearer id.{SECRET}"))];
    let options = ClientOptions {
        api_key: Some(format!("id.{SECRET}")),
        base_url: Some(format!("{MOCK_URL}/api")),
        jwt: true,
        default_headers: headers.clone(),
        ..Default::default()
    };
    let call = RequestOptions {
        headers,
        ..Default::default()
    };
    let client = Client::new(options.clone()).expect("valid options");
    let scoped = client.with_options(call.clone());
    // A call signs a token: the client's JWT cache then holds the key and the token.
    let _ = create(&scoped, &hi("glm-4.6")).await;
    let shown = format!("{options:?} {options:#?} {call:?} {client:?} {scoped:#?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains("authorization"),
        "header names are shown: {shown}"
    );
}

#[wasm_bindgen_test]
fn rust_api_readme_shows_the_example() {
    let readme = include_str!("../../README.md");
    let example = include_str!("rust_api_example.rs");
    let block = format!("```rust\n{example}```");
    assert!(
        readme.contains(&block),
        "README.md's Rust example differs from tests/web/rust_api_example.rs"
    );
}

const KEY: &str = "test-id.test-secret";
const REPLY: &str = "Hello! 你好，世界 🌍 How can I help you today?";

/// A test's client: the mock's base URL, no retries, a tag for its log, and `scenario`.
struct Mock {
    tag: String,
}

impl Mock {
    fn new(name: &str) -> Mock {
        assert!(
            !MOCK_URL.is_empty(),
            "ZAI_MOCK_URL was not set when the tests were built: run ./scripts/test"
        );
        Mock {
            tag: format!("{name}-{}", js_sys::Date::now()),
        }
    }

    fn options(&self, scenario: &str) -> ClientOptions {
        let mut headers = vec![("x-mock-tag".to_owned(), self.tag.clone())];
        if !scenario.is_empty() {
            headers.push(("x-mock-scenario".to_owned(), scenario.to_owned()));
        }
        ClientOptions {
            api_key: Some(KEY.into()),
            base_url: Some(format!("{MOCK_URL}/api")),
            max_retries: Some(0),
            default_headers: headers,
            ..Default::default()
        }
    }

    fn client(&self, scenario: &str) -> Client {
        Client::new(self.options(scenario)).expect("valid options")
    }

    async fn log(&self) -> Vec<Value> {
        let log = JsFuture::from(mock_log(MOCK_URL, &self.tag))
            .await
            .expect("the mock log");
        serde_json::from_str(&log.as_string().expect("text")).expect("a JSON array")
    }

    /// The log once its last request has ended with the client going away (at most 3 s).
    async fn aborted_log(&self) -> Vec<Value> {
        for _ in 0..60 {
            let log = self.log().await;
            if log.last().is_some_and(|r| r["aborted"] == json!(true)) {
                return log;
            }
            JsFuture::from(sleep(50)).await.expect("sleep");
        }
        self.log().await
    }
}

fn hi(model: &str) -> ChatCompletionRequest {
    ChatCompletionRequest {
        model: model.into(),
        messages: vec![ChatMessage::user("Hi")],
        ..Default::default()
    }
}

fn weather_tool() -> Tool {
    Tool::function(
        "get_weather",
        "Weather for a city",
        json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
    )
}

async fn example_runs() {
    let _checks_the_url = Mock::new("rust_api_example_runs");
    let client =
        rust_api_example::client(&format!("{MOCK_URL}/api"), Some(KEY.into())).expect("client");
    let mut pieces = Vec::new();
    let (whole, streamed) = rust_api_example::ask(&client, "What is WebAssembly?", |t| {
        pieces.push(t.to_owned())
    })
    .await
    .expect("the example works against the mock");
    assert_eq!(whole, REPLY);
    assert_eq!(streamed, REPLY);
    assert!(pieces.len() > 3, "streamed in pieces: {pieces:?}");
}

async fn chat_create() {
    let mock = Mock::new("rust_api_chat_create");
    let c = create(&mock.client(""), &hi("glm-4.6"))
        .await
        .expect("a completion");
    assert!(!c.id.is_empty());
    assert!(
        c.created > 1_600_000_000,
        "created in seconds: {}",
        c.created
    );
    assert_eq!(c.model, "glm-4.6");
    assert_eq!(c.choices.len(), 1);
    let choice = &c.choices[0];
    assert_eq!(choice.index, 0);
    assert_eq!(choice.finish_reason.as_deref(), Some("stop"));
    assert_eq!(choice.message.role, "assistant");
    assert_eq!(choice.message.content.as_deref(), Some(REPLY));
    assert_eq!(c.content(), Some(REPLY));
    let usage = c.usage.expect("usage");
    assert!(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
    assert_eq!(
        usage.total_tokens,
        usage.prompt_tokens + usage.completion_tokens
    );
}

async fn wire_body_is_the_request() {
    let mock = Mock::new("rust_api_wire_body_is_the_request");
    let mut extra = serde_json::Map::new();
    extra.insert("future_param".into(), json!({"on": true}));
    let request = ChatCompletionRequest {
        model: "glm-4.6v".into(),
        messages: vec![
            ChatMessage::system("You are terse."),
            ChatMessage::user_parts(vec![
                ContentPart::image_url("https://example.com/cat.png"),
                ContentPart::text("What is this?"),
            ]),
            ChatMessage {
                role: "assistant".into(),
                tool_calls: Some(vec![ToolCall {
                    id: "call_1".into(),
                    r#type: "function".into(),
                    function: Some(FunctionCall {
                        name: "get_weather".into(),
                        arguments: r#"{"city":"Beijing"}"#.into(),
                    }),
                }]),
                ..Default::default()
            },
            ChatMessage::tool("call_1", r#"{"temp":21}"#),
            ChatMessage::user("And now?"),
        ],
        thinking: Some(Thinking::enabled()),
        temperature: Some(0.5),
        top_p: Some(0.9),
        max_tokens: Some(512),
        stop: Some(vec!["END".into()]),
        tools: Some(vec![weather_tool()]),
        tool_choice: Some("auto".into()),
        response_format: Some(ResponseFormat::json_object()),
        request_id: Some("rust-req-0001".into()),
        user_id: Some("rust-user-01".into()),
        seed: Some(42),
        do_sample: Some(true),
        extra,
        ..Default::default()
    };
    create(&mock.client(""), &request)
        .await
        .expect("a completion");
    let log = mock.log().await;
    assert_eq!(log.len(), 1, "one request");
    let sent = &log[0];
    assert_eq!(sent["method"], "POST");
    assert_eq!(sent["path"], "/api/paas/v4/chat/completions");
    assert_eq!(sent["headers"]["authorization"], format!("Bearer {KEY}"));
    let body: Value = serde_json::from_str(sent["body"].as_str().expect("a body")).expect("JSON");
    assert_eq!(
        body,
        serde_json::to_value(&request).expect("JSON"),
        "the body is the request, nothing added"
    );
    assert_eq!(body["messages"][1]["content"][0]["type"], "image_url");
    assert!(body.get("stream").is_none(), "no stream key");
    assert!(
        body["messages"][0].get("tool_calls").is_none(),
        "unset fields are not sent"
    );
    // The streaming call sends the same body plus `stream: true`.
    let stream = create_stream(&mock.client(""), &request)
        .await
        .expect("a stream");
    drop(stream);
    let log = mock.log().await;
    let body: Value = serde_json::from_str(log[1]["body"].as_str().expect("a body")).expect("JSON");
    let mut expected = serde_json::to_value(&request).expect("JSON");
    expected["stream"] = json!(true);
    assert_eq!(body, expected);
}

async fn chat_stream() {
    let mock = Mock::new("rust_api_chat_stream");
    let client = mock.client("id=chatcmpl-rust-1;created=1760000000");
    let request = hi("glm-4.6");
    let whole = create(&client, &request).await.expect("a completion");
    let mut stream = create_stream(&client, &request).await.expect("a stream");
    assert_eq!(stream.request_id().as_deref(), Some("chatcmpl-rust-1"));
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.next().await {
        chunks.push(chunk.expect("a chunk"));
    }
    assert!(stream.next().await.is_none(), "ended for good");
    assert!(chunks.len() > 3, "{} chunks", chunks.len());
    assert!(chunks
        .iter()
        .all(|c| c.id == "chatcmpl-rust-1" && c.created == 1_760_000_000));
    let text: String = chunks.iter().filter_map(|c| c.content()).collect();
    assert_eq!(text, REPLY);
    let (last, before) = chunks.split_last().expect("chunks");
    assert!(before.iter().all(|c| c.choices[0].finish_reason.is_none()
        && c.usage.is_none()
        && c.choices[0].delta.role.as_deref() == Some("assistant")));
    assert_eq!(last.choices[0].finish_reason.as_deref(), Some("stop"));
    assert_eq!(last.usage, whole.usage);
    // The accumulated answer after iterating equals the non-stream answer.
    let fin = stream
        .final_completion()
        .await
        .expect("the final completion");
    assert_eq!(fin.id, whole.id);
    assert_eq!(fin.model, whole.model);
    assert_eq!(fin.choices, whole.choices);
    assert_eq!(fin.usage, whole.usage);
}

async fn chat_stream_reasoning_and_tools() {
    let mock = Mock::new("rust_api_chat_stream_reasoning_and_tools");
    let request = ChatCompletionRequest {
        tools: Some(vec![weather_tool()]),
        tool_stream: Some(true),
        ..hi("glm-4.6")
    };
    let mut stream = create_stream(&mock.client("tool-stream;id=chat-tools-1"), &request)
        .await
        .expect("a stream");
    let mut reasoning = String::new();
    let mut fragments = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        let delta = &chunk.choices[0].delta;
        reasoning.push_str(delta.reasoning_content.as_deref().unwrap_or_default());
        fragments += delta.tool_calls.as_ref().map_or(0, Vec::len);
    }
    assert!(!reasoning.is_empty(), "reasoning deltas");
    assert!(fragments > 2, "tool-call fragments: {fragments}");
    // `final_completion` after the end merges the fragments by index.
    let fin = stream.final_completion().await.expect("final");
    assert_eq!(fin.choices[0].finish_reason.as_deref(), Some("tool_calls"));
    let calls = fin.choices[0]
        .message
        .tool_calls
        .clone()
        .expect("tool calls");
    assert_eq!(calls.len(), 2);
    for call in &calls {
        let f = call.function.as_ref().expect("a function call");
        assert_eq!(f.name, "get_weather");
        let args: Value = serde_json::from_str(&f.arguments).expect("arguments are JSON");
        assert!(args["city"].is_string(), "{args}");
    }
    // Without iterating first.
    let stream = create_stream(&mock.client("tool-stream;id=chat-tools-1"), &request)
        .await
        .expect("a stream");
    let fin2 = stream.final_completion().await.expect("final");
    assert_eq!(fin2.choices[0].message.tool_calls, Some(calls));
}

/// Preserved thinking over three turns (streamed, then whole): each turn appends
/// `assistant_message()` and the mock accepts the next one only if every earlier reasoning came
/// back verbatim; the default drops the reasoning, tool calls keep it, and an altered reasoning
/// is refused (so the accepted turns are the check passing).
async fn thinking_carries_over() {
    let mock = Mock::new("rust_api_thinking_carries_over");
    let client = mock.client("");
    let preserved = Some(Thinking {
        clear_thinking: Some(false),
        ..Thinking::enabled()
    });
    let check = |m: &ChatMessage, turn: usize| {
        let r = m.reasoning_content.as_deref().expect("reasoning kept");
        assert!(
            r.contains(&format!("Turn {turn} (zai-mock preserved thinking)")),
            "{r:?}"
        );
        assert!(r != r.trim() && r.contains('🤔'), "not trimmed: {r:?}");
    };
    let mut request = ChatCompletionRequest {
        thinking: preserved.clone(),
        ..hi("glm-4.7")
    };
    for turn in 1..=3 {
        let stream = create_stream(&client, &request).await.expect("accepted");
        let m = stream.assistant_message().await.expect("a message");
        assert_eq!(m.role, "assistant");
        check(&m, turn);
        request.messages.push(m);
        request.messages.push(ChatMessage::user("More."));
    }
    for turn in 4..=6 {
        let answer = create(&client, &request).await.expect("accepted");
        let m = answer.assistant_message(&request).expect("a message");
        assert_eq!(
            m.reasoning_content, answer.choices[0].message.reasoning_content,
            "byte for byte"
        );
        check(&m, turn);
        request.messages.push(m);
        request.messages.push(ChatMessage::user("More."));
    }
    let sent = mock.log().await;
    let last = &sent.last().expect("logged")["json"]["messages"];
    let kept: Vec<&str> = last
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["role"] == "assistant")
        .map(|m| m["reasoning_content"].as_str().expect("sent back"))
        .collect();
    // The last request (turn 6) carried the five earlier reasonings, as received.
    let received: Vec<&str> = request
        .messages
        .iter()
        .take(10)
        .filter_map(|m| m.reasoning_content.as_deref())
        .collect();
    assert_eq!(kept, received);
    assert_eq!(kept.len(), 5);
    // An altered reasoning (trimmed) is refused, naming the message.
    let mut altered = request.clone();
    let trimmed = altered.messages[1]
        .reasoning_content
        .as_deref()
        .map(|r| r.trim().to_owned());
    altered.messages[1].reasoning_content = trimmed;
    let e = create(&client, &altered).await.expect_err("refused");
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert_eq!(e.code.as_deref(), Some("1214"));
    assert!(
        e.message
            .starts_with("messages[1].reasoning_content differs"),
        "{e}"
    );

    // The default (clear_thinking true): the reasoning is dropped.
    let answer = create(&mock.client("reasoning"), &hi("glm-4.7"))
        .await
        .expect("an answer");
    assert!(answer.choices[0].message.reasoning_content.is_some());
    let m = answer.assistant_message(&hi("glm-4.7")).expect("a message");
    assert_eq!(m.reasoning_content, None);
    assert_eq!(m.content, Some(MessageContent::Text(REPLY.into())));
    let stream = create_stream(&mock.client("reasoning"), &hi("glm-4.7"))
        .await
        .expect("a stream");
    let m = stream.assistant_message().await.expect("a message");
    assert_eq!(m.reasoning_content, None);

    // Tool calls (interleaved thinking): the reasoning goes back with them.
    let tools = ChatCompletionRequest {
        tools: Some(vec![weather_tool()]),
        tool_stream: Some(true),
        ..hi("glm-4.7")
    };
    let stream = create_stream(&mock.client("tool-stream"), &tools)
        .await
        .expect("a stream");
    let m = stream.assistant_message().await.expect("a message");
    assert_eq!(
        m.reasoning_content.as_deref(),
        Some("Need the weather tool.")
    );
    assert_eq!(m.tool_calls.as_ref().map(Vec::len), Some(2));

    // No choice: a typed error, not a panic.
    let e = ChatCompletion::default()
        .assistant_message(&request)
        .expect_err("no choice");
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert_eq!(e.message, "completion has no choices[0].message");
}

async fn stream_drop_cancels_request() {
    let mock = Mock::new("rust_api_stream_drop_cancels_request");
    let mut stream = create_stream(&mock.client("delay;ms=100"), &hi("glm-4.6"))
        .await
        .expect("a stream");
    let first = stream.next().await.expect("a first chunk").expect("ok");
    assert!(first.content().is_some());
    drop(stream);
    let log = mock.aborted_log().await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0]["aborted"],
        json!(true),
        "the mock saw the client go away"
    );
}

async fn abort_signal_and_timeout() {
    let mock = Mock::new("rust_api_abort_signal_and_timeout");
    let client = mock.client("hang-headers");
    let aborting = client.with_options(RequestOptions {
        signal: Some(abort_after(100)),
        ..Default::default()
    });
    let e = create(&aborting, &hi("glm-4.6"))
        .await
        .expect_err("aborted");
    assert_eq!(e.kind, ErrorKind::UserAbort, "{e}");
    assert_eq!(mock.aborted_log().await[0]["aborted"], json!(true));
    let hurried = client.with_options(RequestOptions {
        timeout: Some(std::time::Duration::from_millis(150)),
        ..Default::default()
    });
    let e = hurried
        .embeddings()
        .create(&EmbeddingRequest {
            model: "embedding-3".into(),
            input: "x".into(),
            ..Default::default()
        })
        .await
        .expect_err("timed out");
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(e.retryable);
}

async fn typed_errors() {
    let mock = Mock::new("rust_api_typed_errors");
    let e = create(&mock.client("status=400;code=1214"), &hi("glm-4.6"))
        .await
        .expect_err("a 400");
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert_eq!(e.status, Some(400));
    assert_eq!(e.code.as_deref(), Some("1214"));
    assert!(!e.retryable);
    assert!(e.request_id.is_some());
    assert_eq!(
        e.body.as_ref().map(|b| &b["error"]["code"]),
        Some(&json!("1214"))
    );
    let shown = e.to_string();
    assert!(
        shown.starts_with("BadRequestError: ") && shown.ends_with("(HTTP 400, code 1214)"),
        "{shown}"
    );

    let bad_key = Client::new(ClientOptions {
        api_key: Some("invalid.key".into()),
        ..mock.options("")
    })
    .expect("client");
    let e = bad_key
        .web_search()
        .search(&WebSearchRequest {
            search_engine: "search-prime".into(),
            search_query: "x".into(),
            ..Default::default()
        })
        .await
        .expect_err("a 401");
    assert_eq!((e.kind, e.status), (ErrorKind::Authentication, Some(401)));
    assert_eq!(e.code.as_deref(), Some("1002"));
    assert!(
        !format!("{e} {e:?}").contains("invalid.key"),
        "no key in the error"
    );

    let e = mock
        .client("status=429;code=1302")
        .images()
        .generate(&ImageGenerateRequest {
            model: "glm-image".into(),
            prompt: "A cat".into(),
            ..Default::default()
        })
        .await
        .expect_err("a 429");
    assert_eq!(e.kind, ErrorKind::RateLimit);
    assert!(e.retryable, "1302 is retryable");
}

async fn invalid_request_names_the_field() {
    let mock = Mock::new("rust_api_invalid_request_names_the_field");
    let client = mock.client("");
    let mut request = hi("glm-4.6");
    request.messages.push(ChatMessage {
        role: "robot".into(),
        ..ChatMessage::user("beep")
    });
    let e = create(&client, &request).await.expect_err("invalid");
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert_eq!(
        e.message,
        r#"messages[1].role must be one of "system", "user", "assistant", "tool""#
    );
    assert_eq!(e.status, None);
    let e = create(
        &client,
        &ChatCompletionRequest {
            temperature: Some(1.5),
            ..hi("glm-4.6")
        },
    )
    .await
    .expect_err("invalid");
    assert_eq!(e.message, "temperature must be between 0 and 1");
    let e = client
        .async_result()
        .retrieve("")
        .await
        .expect_err("invalid");
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::InvalidRequest, "id must be a non-empty string")
    );
    assert!(mock.log().await.is_empty(), "nothing was sent");
    let e = Client::new(ClientOptions {
        max_retries: Some(11),
        ..Default::default()
    })
    .expect_err("bad options");
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert!(e.message.starts_with("maxRetries"), "{}", e.message);
}

async fn decode_error() {
    // A base URL whose answers have another shape (here: the chat route answering an agent
    // call) gives a Decode error that names the call and the type, and keeps the answer.
    let mock = Mock::new("rust_api_decode_error");
    let client = Client::new(ClientOptions {
        base_url: Some(format!("{MOCK_URL}/api/paas/v4/chat/completions?")),
        ..mock.options("")
    })
    .expect("client");
    let mut extra = serde_json::Map::new();
    extra.insert("model".into(), json!("glm-4.6"));
    let e = client
        .agents()
        .invoke(&AgentInvokeRequest {
            agent_id: "general_translation".into(),
            messages: vec![AgentMessage::user("Hi")],
            extra,
            ..Default::default()
        })
        .await
        .expect_err("not an agent answer");
    assert_eq!(e.kind, ErrorKind::Decode, "{e}");
    assert!(
        e.message
            .starts_with("agents.invoke: the answer does not fit AgentResponse: "),
        "{}",
        e.message
    );
    assert_eq!(
        e.body
            .as_ref()
            .map(|b| &b["choices"][0]["message"]["content"]),
        Some(&json!(REPLY))
    );
    assert!(e.to_string().starts_with("DecodeError: "));
}

async fn images() {
    let mock = Mock::new("rust_api_images");
    let client = mock.client("polls=1");
    let request = ImageGenerateRequest {
        model: "glm-image".into(),
        prompt: "A cute little kitten".into(),
        size: Some("1280x1280".into()),
        quality: Some("hd".into()),
        ..Default::default()
    };
    let img = client.images().generate(&request).await.expect("an image");
    assert!(img.created > 0);
    assert_eq!(img.data.len(), 1);
    assert!(img.data[0].url.starts_with("http"), "{}", img.data[0].url);
    let task = client
        .images()
        .generate_async(&request)
        .await
        .expect("a task");
    assert_eq!(task.task_status, "PROCESSING");
    let poll = PollOptions {
        interval: Some(std::time::Duration::from_millis(50)),
        ..Default::default()
    };
    let done = client
        .async_result()
        .poll(&task.id, &poll)
        .await
        .expect("done");
    assert_eq!(done.task_status, "SUCCESS");
    assert!(done.image_result.expect("image_result")[0]
        .url
        .starts_with("http"));
}

async fn videos_and_async_results() {
    let mock = Mock::new("rust_api_videos_and_async_results");
    let client = mock.client("");
    let task = client
        .videos()
        .generate(&VideoGenerateRequest {
            model: "cogvideox-3".into(),
            prompt: Some("Make the picture move".into()),
            image_url: Some(
                vec![
                    "https://example.com/first.png".to_owned(),
                    "https://example.com/last.png".to_owned(),
                ]
                .into(),
            ),
            with_audio: Some(true),
            fps: Some(30),
            duration: Some(5),
            ..Default::default()
        })
        .await
        .expect("a task");
    assert!(!task.id.is_empty());
    assert_eq!(task.model, "cogvideox-3");
    let first = client
        .async_result()
        .retrieve(&task.id)
        .await
        .expect("a state");
    assert_eq!(first.task_status, "PROCESSING");
    assert!(first.video_result.is_none());
    let done = client
        .async_result()
        .poll(
            &task.id,
            &PollOptions {
                interval: Some(std::time::Duration::from_millis(50)),
                ..Default::default()
            },
        )
        .await
        .expect("done");
    assert_eq!(done.task_status, "SUCCESS");
    let video = &done.video_result.expect("video_result")[0];
    assert!(video.url.starts_with("http") && video.cover_image_url.starts_with("http"));
    let log = mock.log().await;
    let body: Value = serde_json::from_str(log[0]["body"].as_str().expect("body")).expect("JSON");
    assert_eq!(
        body["image_url"],
        json!([
            "https://example.com/first.png",
            "https://example.com/last.png"
        ])
    );
    // A failed task is an Api error carrying the task; an unknown id a NotFound.
    let failing = mock.client("task-fail;polls=0");
    let task = failing
        .videos()
        .generate(&VideoGenerateRequest {
            model: "cogvideox-3".into(),
            prompt: Some("x".into()),
            ..Default::default()
        })
        .await
        .expect("a task");
    let e = client
        .async_result()
        .poll(&task.id, &PollOptions::default())
        .await
        .expect_err("FAIL");
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(
        e.body.as_ref().map(|b| &b["task_status"]),
        Some(&json!("FAIL"))
    );
    let e = client
        .async_result()
        .retrieve("no-such-task")
        .await
        .expect_err("404");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

async fn embeddings_tokenizer_search_reader_ocr() {
    let mock = Mock::new("rust_api_embeddings_tokenizer_search_reader_ocr");
    let client = mock.client("");
    let emb = client
        .embeddings()
        .create(&EmbeddingRequest {
            model: "embedding-3".into(),
            input: vec!["first text".to_owned(), "second text".to_owned()].into(),
            dimensions: Some(8),
            ..Default::default()
        })
        .await
        .expect("embeddings");
    assert_eq!(emb.data.len(), 2);
    assert_eq!((emb.data[0].index, emb.data[1].index), (0, 1));
    for d in &emb.data {
        assert_eq!(d.embedding.len(), 8);
        let norm: f32 = d.embedding.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-3, "unit vector: {norm}");
    }
    assert!(emb.usage.total_tokens > 0);

    let count = client
        .tokenizer()
        .count(&TokenizerRequest {
            model: "glm-4.6".into(),
            messages: vec![ChatMessage::user("How many tokens is this?")],
            tools: Some(vec![weather_tool()]),
            ..Default::default()
        })
        .await
        .expect("a count");
    assert!(count.usage.total_tokens > 0 && !count.request_id.is_empty());

    let found = client
        .web_search()
        .search(&WebSearchRequest {
            search_engine: "search-prime".into(),
            search_query: "GLM-4.6 release date".into(),
            count: Some(3),
            search_recency_filter: Some("oneYear".into()),
            ..Default::default()
        })
        .await
        .expect("results");
    assert_eq!(found.search_result.len(), 3);
    assert!(found.search_result[0].link.starts_with("https://"));
    assert_eq!(
        found.search_intent.expect("intent")[0].query,
        "GLM-4.6 release date"
    );

    let page = client
        .web_reader()
        .read(&WebReaderRequest {
            url: "https://www.example.com".into(),
            return_format: Some("markdown".into()),
            ..Default::default()
        })
        .await
        .expect("a page");
    assert!(!page.reader_result.content.is_empty());

    let doc = client
        .layout_parsing()
        .parse(&LayoutParsingRequest {
            model: "glm-ocr".into(),
            file: "https://example.com/scan.pdf".into(),
            need_layout_visualization: Some(true),
            ..Default::default()
        })
        .await
        .expect("a parse");
    assert!(!doc.md_results.is_empty());
    let block = &doc.layout_details[0][0];
    assert_eq!(block.bbox_2d.len(), 4);
}

async fn agents() {
    let mock = Mock::new("rust_api_agents");
    let client = mock.client("");
    let request = AgentInvokeRequest {
        agent_id: "general_translation".into(),
        messages: vec![AgentMessage::user("Hello, world")],
        custom_variables: Some(json!({"target_lang": "ja"})),
        ..Default::default()
    };
    let r = client.agents().invoke(&request).await.expect("an answer");
    assert_eq!(r.agent_id, "general_translation");
    let text = r.choices[0]
        .all_messages()
        .next()
        .and_then(|m| m.content.as_slice().first())
        .and_then(|c| c.text.clone())
        .expect("a text item");
    assert_eq!(text, "[ja] Hello, world");
    let mut stream = client
        .agents()
        .invoke_stream(&request)
        .await
        .expect("a stream");
    let mut streamed = String::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        if let Some(content) = chunk.choices[0]
            .delta
            .as_ref()
            .and_then(|d| d.content.as_ref())
        {
            for item in content.as_slice() {
                streamed.push_str(item.text.as_deref().unwrap_or_default());
            }
        }
    }
    assert_eq!(streamed, text);
    let deck = client
        .agents()
        .conversation(&AgentConversationRequest {
            agent_id: "slides_glm_agent".into(),
            conversation_id: "conv_7f0e2b".into(),
            custom_variables: Some(json!({"include_pdf": true})),
        })
        .await
        .expect("an export");
    let items: Vec<&str> = deck.choices[0]
        .all_messages()
        .flat_map(|m| m.content.as_slice())
        .map(|c| c.r#type.as_str())
        .collect();
    assert_eq!(items, ["file_url", "image_url"]);
}

async fn files_and_audio() {
    let mock = Mock::new("rust_api_files_and_audio");
    let client = mock.client("");
    let uploaded = client
        .files()
        .create(&FileCreateRequest::new(
            text_file("term,translation\n", "glossary.csv"),
            "agent",
        ))
        .await
        .expect("an upload");
    assert_eq!(
        (
            uploaded.filename.as_str(),
            uploaded.bytes,
            uploaded.purpose.as_str()
        ),
        ("glossary.csv", 17, "agent")
    );
    let request = TranscriptionRequest {
        file: Some(text_file("RIFF....WAVE", "")),
        model: "glm-asr-2512".into(),
        hotwords: Some(vec!["GLM".into()]),
        ..Default::default()
    };
    let t = client
        .audio()
        .transcriptions()
        .create(&request)
        .await
        .expect("a transcription");
    assert!(!t.text.is_empty());
    let mut stream = client
        .audio()
        .transcriptions()
        .create_stream(&TranscriptionRequest {
            file: None,
            file_base64: Some("UklGRg==".into()),
            ..request
        })
        .await
        .expect("a stream");
    let mut text = String::new();
    let mut last = String::new();
    while let Some(ev) = stream.next().await {
        let ev = ev.expect("an event");
        text.push_str(&ev.delta);
        last = ev.r#type;
    }
    assert_eq!(text, t.text);
    assert_eq!(last, "transcript.text.done");
    let parts = &mock.log().await[1]["parts"];
    assert_eq!(parts[0]["name"], "file");
    assert_eq!(
        parts[0]["filename"], "file",
        "a plain Blob is sent as `file`"
    );
}

async fn streams_release_memory() {
    // A dropped chat stream frees its accumulator at once (not when a garbage collection
    // happens to finalize the JS stream): 300 streams, whole and cut after one chunk, leave
    // wasm memory where the first 100 took it.
    let mock = Mock::new("rust_api_streams_release_memory");
    let client = mock.client("reply=ok%20%E4%BD%A0%E5%A5%BD%20%F0%9F%8C%8D");
    let memory = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    let mut marks = Vec::new();
    for _ in 0..3 {
        for i in 0..100 {
            let mut stream = create_stream(&client, &hi("glm-4.6"))
                .await
                .expect("a stream");
            while let Some(chunk) = stream.next().await {
                chunk.expect("a chunk");
                if i % 2 == 1 {
                    break;
                }
            }
        }
        marks.push(memory());
    }
    assert!(
        marks[2] - marks[0] <= 64 * 1024,
        "wasm memory after each 100 streams: {marks:?}"
    );
}

async fn retries_request_id_and_jwt() {
    // The driver performs the machine's waits and resends: a 429 and a 503, then the answer;
    // every attempt carries the one generated request_id and a signed token.
    let mock = Mock::new("rust_api_retries_request_id_and_jwt");
    let client = Client::new(ClientOptions {
        max_retries: Some(2),
        jwt: true,
        ..mock.options("status=429;code=1302;retry-after-ms=20+fail-times=1")
    })
    .expect("client");
    let c = create(&client, &hi("glm-4.6")).await.expect("retried");
    assert_eq!(c.content(), Some(REPLY));
    let log = mock.log().await;
    let statuses: Vec<&Value> = log.iter().map(|r| &r["status"]).collect();
    assert_eq!(statuses, [&json!(429), &json!(200)]);
    let body = |i: usize| -> Value {
        serde_json::from_str(log[i]["body"].as_str().expect("a body")).expect("JSON")
    };
    let id = body(0)["request_id"].clone();
    assert!(
        id.as_str().is_some_and(|s| s.starts_with("zai-")),
        "a generated id: {id}"
    );
    assert_eq!(body(1)["request_id"], id, "the same id in every attempt");
    assert_eq!(
        body(1)["messages"],
        json!([{"role": "user", "content": "Hi"}])
    );
    for r in &log {
        let auth = r["headers"]["authorization"].as_str().unwrap_or_default();
        assert!(auth.starts_with("Bearer ey"), "a JWT: {auth}");
    }
    // Out of retries: the last failure, typed.
    let e = create(
        &mock.client("status=503;retry-after-ms=10"),
        &ChatCompletionRequest {
            request_id: Some("rust-req-given".into()),
            ..hi("glm-4.6")
        },
    )
    .await
    .expect_err("a 503");
    assert_eq!((e.kind, e.status), (ErrorKind::InternalServer, Some(503)));
    assert!(e.retryable);
    // A poll may wait longer than the client's `timeout`: that bounds each retrieve only.
    let client = Client::new(ClientOptions {
        timeout: Some(std::time::Duration::from_millis(150)),
        ..mock.options("polls=1")
    })
    .expect("client");
    let task = client
        .videos()
        .generate(&VideoGenerateRequest {
            model: "cogvideox-3".into(),
            prompt: Some("x".into()),
            ..Default::default()
        })
        .await
        .expect("a task");
    let poll = PollOptions {
        interval: Some(std::time::Duration::from_millis(300)),
        ..Default::default()
    };
    let done = client
        .async_result()
        .poll(&task.id, &poll)
        .await
        .expect("done after a 300 ms wait");
    assert_eq!(done.task_status, "SUCCESS");
}

async fn stream_failures() {
    let mock = Mock::new("rust_api_stream_failures");
    // An error event after two chunks: both chunks, then the error, then the end.
    let mut stream = create_stream(&mock.client("stream-error"), &hi("glm-4.6"))
        .await
        .expect("a stream");
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok());
    let e = items[2].as_ref().expect_err("the error event");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Api, Some("1302")));
    assert!(e.retryable);
    // A cut connection: the chunks that arrived, then a connection error; final_completion
    // reports it too. Chromium and Firefox fail the body read ("The connection was lost...");
    // WebKit (2.50) ends a chunked body cut by the server as if it were complete, and then the
    // decoder's own check reports the stream that ended without finish_reason or [DONE]: the
    // same kind either way, which is what callers branch on.
    let stream = create_stream(&mock.client("stream-drop;after=2"), &hi("glm-4.6"))
        .await
        .expect("a stream");
    let e = stream.final_completion().await.expect_err("cut");
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
    assert!(
        e.message.starts_with("The connection was lost")
            || e.message
                .starts_with("The stream ended before the answer was complete"),
        "{e}"
    );
    // A chunk that is not JSON ends the stream with an Api error carrying the chunk.
    let mut stream = create_stream(
        &mock.client("malformed-chunk+split;bytes=3"),
        &hi("glm-4.6"),
    )
    .await
    .expect("a stream");
    assert!(stream.next().await.expect("a first chunk").is_ok());
    let e = stream.next().await.expect("an item").expect_err("not JSON");
    assert_eq!(e.message, "The stream sent a chunk that is not valid JSON");
    assert!(e.body.is_some());
    assert!(stream.next().await.is_none(), "ended");
    // A completion past max_response_bytes: the stream fails with the limit error at once (the
    // first chunk's id, model and choice already take more than 100 bytes).
    let client = Client::new(ClientOptions {
        max_response_bytes: Some(100),
        ..mock.options("")
    })
    .expect("valid options");
    let mut stream = create_stream(&client, &hi("glm-4.6"))
        .await
        .expect("a stream");
    let e = stream
        .next()
        .await
        .expect("an item")
        .expect_err("the limit");
    assert_eq!(
        (e.kind, e.message.as_str(), e.retryable),
        (
            ErrorKind::Api,
            "The streamed completion is larger than maxResponseBytes (100 bytes)",
            false
        )
    );
    assert!(stream.next().await.is_none(), "ended");
    let stream = create_stream(&client, &hi("glm-4.6"))
        .await
        .expect("a stream");
    let e = stream.final_completion().await.expect_err("the limit");
    assert!(e.message.contains("maxResponseBytes (100 bytes)"), "{e}");
    // SSE framing faults change nothing.
    let stream = create_stream(
        &mock.client("bom+crlf+comments+multiline+split;bytes=2"),
        &hi("glm-4.6"),
    )
    .await
    .expect("a stream");
    let fin = stream.final_completion().await.expect("final");
    assert_eq!(fin.content(), Some(REPLY));
}

async fn stream_abort_and_idle_timeout() {
    let mock = Mock::new("rust_api_stream_abort_and_idle_timeout");
    // The caller's signal aborts an open stream at once, queued chunks or not.
    let ctl = web_sys::AbortController::new().expect("an AbortController");
    let client = mock.client("delay;ms=50").with_options(RequestOptions {
        signal: Some(ctl.signal()),
        ..Default::default()
    });
    let mut stream = create_stream(&client, &hi("glm-4.6"))
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("a chunk").is_ok());
    ctl.abort();
    let e = stream.next().await.expect("an item").expect_err("aborted");
    assert_eq!(e.kind, ErrorKind::UserAbort, "{e}");
    assert!(stream.next().await.is_none());
    assert_eq!(mock.aborted_log().await[0]["aborted"], json!(true));
    // Aborted once the whole body is in ([DONE] read with the first chunk, the rest queued):
    // the next item is the abort all the same; a stream read to its end stays ended.
    for read_all in [false, true] {
        let ctl = web_sys::AbortController::new().expect("an AbortController");
        let client = mock.client("").with_options(RequestOptions {
            signal: Some(ctl.signal()),
            ..Default::default()
        });
        let mut stream = create_stream(&client, &hi("glm-4.6"))
            .await
            .expect("a stream");
        assert!(stream.next().await.expect("a chunk").is_ok());
        JsFuture::from(sleep(100)).await.expect("sleep");
        if read_all {
            while let Some(item) = stream.next().await {
                item.expect("a chunk");
            }
        }
        ctl.abort();
        match stream.next().await {
            Some(Err(e)) if !read_all => assert_eq!(e.kind, ErrorKind::UserAbort, "{e}"),
            None if read_all => {}
            other => panic!(
                "read_all {read_all}: {:?}",
                other.map(|r| r.map(|_| "a chunk"))
            ),
        }
        assert!(stream.next().await.is_none());
    }
    // A body that goes silent: the idle timeout, not a hang.
    let slow = Client::new(ClientOptions {
        stream_idle_timeout: Some(std::time::Duration::from_millis(200)),
        ..mock.options("hang-body")
    })
    .expect("client");
    let mut stream = create_stream(&slow, &hi("glm-4.6"))
        .await
        .expect("a stream");
    let mut last = None;
    while let Some(item) = stream.next().await {
        last = Some(item);
    }
    let e = last.expect("an item").expect_err("timed out");
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert_eq!(e.message, "No stream data received within the idle timeout");
    // An already aborted signal: nothing is sent.
    let before = web_sys::AbortController::new().expect("an AbortController");
    before.abort();
    let e = create(
        &mock.client("").with_options(RequestOptions {
            signal: Some(before.signal()),
            ..Default::default()
        }),
        &hi("glm-4.6"),
    )
    .await
    .expect_err("aborted");
    assert_eq!(e.kind, ErrorKind::UserAbort);
    assert_eq!(mock.log().await.len(), 4, "the aborted call sent nothing");
}

async fn bad_headers_and_uploads() {
    let mock = Mock::new("rust_api_bad_headers_and_uploads");
    let mut options = mock.options("");
    options
        .default_headers
        .push(("bad header".into(), "x".into()));
    let e = create(&Client::new(options).expect("client"), &hi("glm-4.6"))
        .await
        .expect_err("a bad header");
    assert_eq!(e.kind, ErrorKind::InvalidRequest);
    assert!(e.message.starts_with("defaultHeaders "), "{}", e.message);
    let client = mock.client("");
    let e = create(
        &client.with_options(RequestOptions {
            headers: vec![("x-ok".into(), "line\nbreak".into())],
            ..Default::default()
        }),
        &hi("glm-4.6"),
    )
    .await
    .expect_err("a bad header value");
    assert!(e.message.starts_with("headers "), "{}", e.message);
    let e = Client::new(ClientOptions {
        api_key: Some(String::new()),
        ..Default::default()
    })
    .expect_err("an empty key");
    assert_eq!(e.message, "apiKey must not be empty");
    // A transcription needs its audio, as a Blob or as base64: checked before sending.
    let e = client
        .audio()
        .transcriptions()
        .create(&TranscriptionRequest {
            model: "glm-asr-2512".into(),
            ..Default::default()
        })
        .await
        .expect_err("no audio");
    assert_eq!(e.message, "file or file_base64 is required");
    assert!(mock.log().await.is_empty(), "nothing was sent");
    // A File converts into the request's Blob; its name is the part's filename.
    let file: web_sys::Blob = text_file("a,b\n", "terms.csv");
    let uploaded = client
        .files()
        .create(&FileCreateRequest::new(file, "agent"))
        .await
        .expect("an upload");
    assert_eq!(
        (uploaded.filename.as_str(), uploaded.bytes),
        ("terms.csv", 4)
    );
    let parts = &mock.log().await[0]["parts"];
    assert_eq!(parts[1]["name"], "purpose");
}

/// A body that never ends, or inflates from a small gzip, fails once `max_response_bytes` is
/// passed (not when memory runs out), names the limit, and the client keeps working.
async fn response_body_limit() {
    let mock = Mock::new("rust-body-limit");
    let limited = Client::new(ClientOptions {
        max_response_bytes: Some(1 << 20),
        ..mock.options("endless-json")
    })
    .expect("valid options");
    let e = create(&limited, &hi("glm-4.6")).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(
        e.message,
        "The response body is larger than maxResponseBytes (1048576 bytes)"
    );
    assert_eq!(e.status, Some(200));
    let bomb = mock.client("gzip-bomb;mib=64");
    let e = create(&bomb, &hi("glm-4.6")).await.unwrap_err();
    assert_eq!(
        e.message,
        "The response body is larger than maxResponseBytes (33554432 bytes)"
    );
    let per_call = mock.client("").with_options(RequestOptions {
        max_response_bytes: Some(10),
        ..Default::default()
    });
    let e = create(&per_call, &hi("glm-4.6")).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Api);
    let ok = create(&mock.client(""), &hi("glm-4.6"))
        .await
        .expect("still works");
    assert_eq!(ok.choices[0].message.content.as_deref(), Some(REPLY));
}

/// The rest of the platform (issue 16): file list / download / delete, batches, voices, speech,
/// the file parser and `request`, through the same machine as the JS client.
async fn platform() {
    let mock = Mock::new("rust_api_platform");
    let client = mock.client("");
    let purpose = format!("p-{}", mock.tag);
    let f = client
        .files()
        .create(&FileCreateRequest::new(
            text_file("{}\n", "in.jsonl"),
            purpose.clone(),
        ))
        .await
        .expect("an upload");
    let page = client
        .files()
        .list(&FileListRequest {
            purpose: Some(purpose.clone()),
            limit: Some(5),
            ..Default::default()
        })
        .await
        .expect("a page");
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, f.id);
    let res = client.files().content(&f.id).await.expect("the bytes");
    let text = JsFuture::from(res.text().expect("text"))
        .await
        .expect("read");
    assert_eq!(text.as_string().as_deref(), Some("{}\n"));
    let batch = client
        .batches()
        .create(&BatchCreateRequest {
            input_file_id: f.id.clone(),
            endpoint: "/v1/embeddings".into(),
            ..Default::default()
        })
        .await
        .expect("a batch");
    assert_eq!(batch.status, "validating");
    let cancelled = client.batches().cancel(&batch.id).await.expect("cancel");
    assert_eq!(cancelled.status, "cancelling");
    let voices = client
        .voice()
        .list(&VoiceListRequest {
            voice_type: Some("OFFICIAL".into()),
            ..Default::default()
        })
        .await
        .expect("voices");
    assert!(voices.voice_list.iter().any(|v| v.voice == "tongtong"));
    let speech = SpeechRequest {
        model: "glm-tts".into(),
        input: Some("hi".into()),
        response_format: Some("wav".into()),
        ..Default::default()
    };
    let audio = client
        .audio()
        .speech()
        .create(&speech)
        .await
        .expect("audio");
    assert_eq!(
        audio
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .as_deref(),
        Some("audio/wav")
    );
    let mut stream = client
        .audio()
        .speech()
        .create_stream(&speech)
        .await
        .expect("a speech stream");
    let mut pieces = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        pieces += usize::from(
            chunk.choices[0]
                .delta
                .content
                .as_deref()
                .is_some_and(|c| !c.is_empty()),
        );
    }
    assert!(pieces >= 1);
    let parsed = client
        .file_parser()
        .content("missing", "text")
        .await
        .expect_err("an unknown task");
    assert_eq!(parsed.status, Some(404));
    let answer = client
        .request(&RawRequest {
            method: "GET".into(),
            path: "/paas/v4/models".into(),
            query: Some(serde_json::from_value(json!({ "n": 1 })).expect("a map")),
            ..Default::default()
        })
        .await
        .expect("models");
    let RawAnswer::Json(models) = answer else {
        panic!("expected JSON")
    };
    assert_eq!(models["object"], "list");
    let deleted = client.files().delete(&f.id).await.expect("deleted");
    assert!(deleted.deleted);
    let log = mock.log().await;
    let lines: Vec<String> = log
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap(),
                r["query"]
            )
        })
        .collect();
    assert_eq!(
        lines[1],
        format!("GET /api/paas/v4/files {{\"limit\":\"5\",\"purpose\":\"{purpose}\"}}")
    );
    assert_eq!(
        lines[4],
        format!("POST /api/paas/v4/batches/{}/cancel {{}}", batch.id)
    );
    assert_eq!(
        lines[5],
        "GET /api/paas/v4/voice/list {\"voiceType\":\"OFFICIAL\"}"
    );
    assert_eq!(lines[9], "GET /api/paas/v4/models {\"n\":\"1\"}");
    assert_eq!(
        lines[10],
        format!("DELETE /api/paas/v4/files/{} {{}}", f.id)
    );
    assert_eq!(
        log[6]["json"],
        json!({ "model": "glm-tts", "input": "hi", "response_format": "wav" })
    );
}

/// Reads a chat stream of `model` to its end; the number of chunks.
async fn stream_to_end(client: &Client, model: &str) -> Result<usize, Error> {
    let mut stream = create_stream(client, &hi(model)).await?;
    let mut n = 0;
    while let Some(chunk) = stream.next().await {
        chunk?;
        n += 1;
    }
    Ok(n)
}

/// The logged requests of `model`, each as (start, end) in the mock's ms.
fn spans(log: &[Value], model: &str) -> Vec<(f64, f64)> {
    log.iter()
        .filter(|e| e["json"]["model"] == json!(model))
        .map(|e| {
            (
                e["t"].as_f64().expect("t"),
                e["tEnd"].as_f64().expect("tEnd"),
            )
        })
        .collect()
}

/// `max_concurrency`: calls of a model past its budget wait for a slot (a stream holds its slot
/// until its body ends), other models run alongside, a queued call is abortable and never sent;
/// budgets out of range are named.
async fn max_concurrency() {
    let mock = Mock::new("rust_api_max_concurrency");
    let mut options = mock.options("delay;ms=40");
    options.max_concurrency = Some(MaxConcurrency::per_model(5).with("glm-limited", 1));
    let client = Client::new(options).expect("valid options");
    let queued = client.with_options(RequestOptions {
        signal: Some(abort_after(150)),
        ..Default::default()
    });
    let (a, b, other, aborted) = futures_util::future::join4(
        stream_to_end(&client, "glm-limited"),
        stream_to_end(&client, "glm-limited"),
        stream_to_end(&client, "glm-other"),
        async {
            // Third in line behind two streams of ~0.5 s each: aborted while it waits.
            JsFuture::from(sleep(20)).await.expect("sleep");
            stream_to_end(&queued, "glm-limited").await
        },
    )
    .await;
    for n in [a, b, other] {
        assert!(n.expect("streamed") > 3);
    }
    let e = aborted.expect_err("aborted in line");
    assert_eq!(e.kind, ErrorKind::UserAbort, "{e}");
    let log = mock.log().await;
    let limited = spans(&log, "glm-limited");
    let others = spans(&log, "glm-other");
    assert_eq!(limited.len(), 2, "the aborted call was never sent: {log:?}");
    assert!(
        limited[1].0 >= limited[0].1,
        "the second stream was sent after the first one's body ended: {limited:?}"
    );
    assert!(
        others[0].0 < limited[1].0 && others[0].1 > limited[0].0,
        "the other model ran alongside: {others:?} {limited:?}"
    );

    for (limits, message) in [
        (
            MaxConcurrency::per_model(0),
            "maxConcurrency must be an integer from 1 to 1000",
        ),
        (
            MaxConcurrency::default().with("glm-4.6", 1001),
            "maxConcurrency.glm-4.6 must be an integer from 1 to 1000",
        ),
    ] {
        let mut options = mock.options("");
        options.max_concurrency = Some(limits);
        let e = Client::new(options).expect_err("out of range");
        assert_eq!(e.kind, ErrorKind::InvalidRequest, "{e}");
        assert_eq!(e.message, message);
    }
}

/// A Rust client and a JS client (`maxConcurrency: 1`) of the same `baseURL` share the budget:
/// the same Web Locks.
async fn max_concurrency_shared_with_js() {
    let mock = Mock::new("rust_api_max_concurrency_shared_with_js");
    let mut options = mock.options("delay;ms=40");
    options.max_concurrency = Some(MaxConcurrency::per_model(1));
    let client = Client::new(options).expect("valid options");
    let make: Closure<dyn Fn(JsValue) -> Result<JsValue, JsValue>> =
        Closure::new(super::make_client);
    let make = make.as_ref().unchecked_ref::<js_sys::Function>();
    let js = JsFuture::from(js_stream_to_end(make, MOCK_URL, &mock.tag, "glm-shared"));
    let (rust, js) = futures_util::future::join(stream_to_end(&client, "glm-shared"), js).await;
    assert!(rust.expect("streamed") > 3);
    assert!(js.expect("streamed").as_f64().expect("a count") > 3.0);
    let shared = spans(&mock.log().await, "glm-shared");
    assert_eq!(shared.len(), 2);
    let (first, second) = if shared[0].0 <= shared[1].0 {
        (shared[0], shared[1])
    } else {
        (shared[1], shared[0])
    };
    assert!(
        second.0 >= first.1,
        "one call waited for the other's body to end: {shared:?}"
    );
}
