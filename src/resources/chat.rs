//! Chat completions: `POST /paas/v4/chat/completions` (JSON or SSE) and the async variant
//! `POST /paas/v4/async/chat/completions` (zai-api.md §1, §4).

use super::shared::{
    CONTENT_SIZE, MODEL, REQUEST_ID, SEARCH_COUNT, SEARCH_RECENCY, SENSITIVE_WORD_CHECK, USER_ID,
};
use super::{Answer, Body, Endpoint, Method, StreamKind};
use crate::schema::{table, Field, Ty};

/// `client.chat.completions.create`.
pub const CREATE: Endpoint = Endpoint {
    name: "chat.completions.create",
    method: Method::Post,
    path: "/paas/v4/chat/completions",
    body: Body::Json,
    params: table!(PARAMS),
    stream: Some(StreamKind::Chat),
    poll: false,
    answer: Answer::Json,
};

/// `client.chat.completions.createAsync`: the same body, answered with a task record.
pub const CREATE_ASYNC: Endpoint = Endpoint {
    name: "chat.completions.createAsync",
    method: Method::Post,
    path: "/paas/v4/async/chat/completions",
    body: Body::Json,
    params: CREATE.params,
    stream: None,
    poll: false,
    answer: Answer::Json,
};

/// Chat request parameters (§1.1).
pub const PARAMS: &[Field] = &[
    MODEL,
    Field::req(
        "messages",
        Ty::Arr {
            item: &MESSAGE,
            min: 1,
            max: usize::MAX,
        },
    ),
    Field::opt("stream", Ty::Bool),
    Field::opt(
        "thinking",
        Ty::Obj(&[
            Field::opt("type", Ty::Enum(&["enabled", "disabled"])),
            Field::opt("clear_thinking", Ty::Bool),
        ]),
    ),
    Field::opt(
        "reasoning_effort",
        Ty::Enum(&["max", "xhigh", "high", "medium", "low", "minimal", "none"]),
    ),
    Field::opt("do_sample", Ty::Bool),
    Field::opt(
        "temperature",
        Ty::Num {
            min: 0.0,
            max: 1.0,
            range: "between 0 and 1",
        },
    ),
    Field::opt(
        "top_p",
        Ty::Num {
            min: 0.01,
            max: 1.0,
            range: "between 0.01 and 1",
        },
    ),
    Field::opt(
        "max_tokens",
        Ty::Int {
            min: 1.0,
            max: 131_072.0,
            range: "between 1 and 131072",
        },
    ),
    Field::opt(
        "stop",
        Ty::Arr {
            item: &Ty::Str,
            min: 0,
            max: 4,
        },
    ),
    Field::opt(
        "tools",
        Ty::Arr {
            item: &TOOL,
            min: 0,
            max: 128,
        },
    ),
    Field::opt("tool_choice", Ty::Enum(&["auto"])),
    Field::opt("tool_stream", Ty::Bool),
    Field::opt(
        "response_format",
        Ty::Obj(&[Field::req("type", Ty::Enum(&["text", "json_object"]))]),
    ),
    Field::opt("request_id", REQUEST_ID),
    Field::opt("user_id", USER_ID),
    SENSITIVE_WORD_CHECK,
    Field::opt("watermark_enabled", Ty::Bool),
    // Free-form string pairs the service stores with the request (the official SDK's `meta`).
    Field::opt("meta", Ty::AnyObj),
    // CodeGeeX code completion (the official SDK's `extra`).
    Field::opt(
        "extra",
        Ty::Obj(&[
            Field::req(
                "target",
                Ty::Obj(&[
                    Field::opt("path", Ty::Str),
                    Field::req("language", Ty::NonEmptyStr),
                    Field::req("code_prefix", Ty::Str),
                    Field::req("code_suffix", Ty::Str),
                ]),
            ),
            Field::opt(
                "contexts",
                Ty::Arr {
                    item: &Ty::Obj(&[Field::req("path", Ty::Str), Field::req("code", Ty::Str)]),
                    min: 0,
                    max: usize::MAX,
                },
            ),
        ]),
    ),
    Field::opt(
        "seed",
        Ty::Int {
            min: -9_007_199_254_740_991.0,
            max: 9_007_199_254_740_991.0,
            range: "a safe integer",
        },
    ),
];

const URL_OBJ: Ty = Ty::Obj(&[Field::req("url", Ty::NonEmptyStr)]);

/// A content part of a user message (vision models).
const CONTENT_PART: Ty = Ty::Tagged {
    tag: "type",
    variants: &[
        ("text", &[Field::req("text", Ty::Str)]),
        ("image_url", &[Field::req("image_url", URL_OBJ)]),
        ("video_url", &[Field::req("video_url", URL_OBJ)]),
        ("file_url", &[Field::req("file_url", URL_OBJ)]),
        (
            "file",
            &[Field::req(
                "file",
                Ty::Obj(&[
                    Field::opt("file_id", Ty::Str),
                    Field::opt("file_url", Ty::Str),
                    Field::opt("file_data", Ty::Str),
                    Field::opt("filename", Ty::Str),
                ]),
            )],
        ),
    ],
};

const USER_CONTENT: Ty = Ty::Either(
    &Ty::Str,
    &Ty::Arr {
        item: &CONTENT_PART,
        min: 1,
        max: usize::MAX,
    },
);

/// A tool call inside an assistant message sent back to the model.
const TOOL_CALL: Ty = Ty::Obj(&[
    Field::req("id", Ty::Str),
    Field::req("type", Ty::Enum(&["function", "web_search", "retrieval"])),
    Field::opt(
        "function",
        Ty::Obj(&[
            Field::req("name", Ty::Str),
            Field::req("arguments", Ty::Str),
        ]),
    ),
]);

/// A message, by role (§1.2); also what `tokenizer.count` counts.
pub const MESSAGE: Ty = Ty::Tagged {
    tag: "role",
    variants: &[
        ("system", &[Field::req("content", Ty::Str)]),
        ("user", &[Field::req("content", USER_CONTENT)]),
        (
            "assistant",
            &[
                Field::opt("content", Ty::Str),
                Field::opt("reasoning_content", Ty::Str),
                Field::opt(
                    "tool_calls",
                    Ty::Arr {
                        item: &TOOL_CALL,
                        min: 0,
                        max: usize::MAX,
                    },
                ),
            ],
        ),
        (
            "tool",
            &[
                Field::req("content", Ty::Str),
                Field::req("tool_call_id", Ty::Str),
            ],
        ),
    ],
};

/// The `web_search` tool's options (§1.3).
const WEB_SEARCH_TOOL: Ty = Ty::Obj(&[
    Field::opt("enable", Ty::Bool),
    Field::opt("search_engine", Ty::NonEmptyStr),
    Field::opt("search_query", Ty::Str),
    Field::opt("count", SEARCH_COUNT),
    Field::opt("search_domain_filter", Ty::Str),
    Field::opt("search_recency_filter", SEARCH_RECENCY),
    Field::opt("content_size", CONTENT_SIZE),
    Field::opt("result_sequence", Ty::Enum(&["before", "after"])),
    Field::opt("search_result", Ty::Bool),
    Field::opt("require_search", Ty::Bool),
    Field::opt("search_prompt", Ty::Str),
]);

/// A tool definition (§1.3); also accepted by `tokenizer.count`.
pub const TOOL: Ty = Ty::Tagged {
    tag: "type",
    variants: &[
        (
            "function",
            &[Field::req(
                "function",
                Ty::Obj(&[
                    Field::req(
                        "name",
                        Ty::StrLen {
                            min: 1,
                            max: 64,
                            range: "1 to 64 characters long",
                        },
                    ),
                    Field::opt("description", Ty::Str),
                    Field::opt("parameters", Ty::AnyObj),
                ]),
            )],
        ),
        (
            "retrieval",
            &[Field::req(
                "retrieval",
                Ty::Obj(&[
                    Field::req("knowledge_id", Ty::NonEmptyStr),
                    Field::opt("prompt_template", Ty::Str),
                ]),
            )],
        ),
        ("web_search", &[Field::req("web_search", WEB_SEARCH_TOOL)]),
        ("mcp", &[Field::req("mcp", Ty::AnyObj)]),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_value::{rejected, V};
    use crate::schema::validate;

    fn user(text: &str) -> V {
        V::obj(&[("role", V::s("user")), ("content", V::s(text))])
    }

    #[test]
    fn minimal_request_passes() {
        let p = V::obj(&[
            ("model", V::s("glm-4.6")),
            ("messages", V::arr(&[user("hi")])),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }

    #[test]
    fn full_request_passes() {
        let tool = V::obj(&[
            ("type", V::s("function")),
            (
                "function",
                V::obj(&[
                    ("name", V::s("get_weather")),
                    ("description", V::s("Get the weather")),
                    ("parameters", V::obj(&[("type", V::s("object"))])),
                ]),
            ),
        ]);
        let vision = V::obj(&[
            ("role", V::s("user")),
            (
                "content",
                V::arr(&[
                    V::obj(&[
                        ("type", V::s("image_url")),
                        ("image_url", V::obj(&[("url", V::s("https://x/y.png"))])),
                    ]),
                    V::obj(&[("type", V::s("text")), ("text", V::s("Describe"))]),
                ]),
            ),
        ]);
        let p = V::obj(&[
            ("model", V::s("glm-4.6v")),
            ("messages", V::arr(&[vision])),
            ("stream", V::B(true)),
            ("tools", V::arr(&[tool])),
            ("tool_choice", V::s("auto")),
            ("tool_stream", V::B(true)),
            ("thinking", V::obj(&[("type", V::s("enabled"))])),
            ("temperature", V::n(1.0)),
            ("top_p", V::n(0.95)),
            ("max_tokens", V::n(1024.0)),
            ("stop", V::arr(&[V::s("END")])),
            ("response_format", V::obj(&[("type", V::s("json_object"))])),
            ("request_id", V::s("req-000123")),
            ("user_id", V::s("user-42abc")),
            ("do_sample", V::B(false)),
            ("temperature_extra_unknown", V::n(3.0)),
        ]);
        assert!(validate(&p, PARAMS).is_ok(), "{:?}", validate(&p, PARAMS));
    }

    #[test]
    fn errors_name_the_field() {
        let base = |extra: (&str, V)| {
            V::obj(&[
                ("model", V::s("glm-4.6")),
                ("messages", V::arr(&[user("hi")])),
                extra,
            ])
        };
        assert_eq!(
            rejected(V::obj(&[("messages", V::arr(&[user("hi")]))]), PARAMS),
            "model is required"
        );
        assert_eq!(
            rejected(V::obj(&[("model", V::s("glm-4.6"))]), PARAMS),
            "messages is required"
        );
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("m")), ("messages", V::arr(&[]))]),
                PARAMS
            ),
            "messages must not be empty"
        );
        assert_eq!(
            rejected(base(("temperature", V::n(1.5))), PARAMS),
            "temperature must be between 0 and 1"
        );
        assert_eq!(
            rejected(base(("max_tokens", V::n(10.5))), PARAMS),
            "max_tokens must be an integer"
        );
        assert_eq!(
            rejected(base(("tool_choice", V::s("required"))), PARAMS),
            "tool_choice must be one of \"auto\""
        );
        assert_eq!(
            rejected(base(("temperature", V::Func)), PARAMS),
            "temperature must be a number"
        );
        assert_eq!(
            rejected(base(("stream", V::s("yes"))), PARAMS),
            "stream must be a boolean"
        );
        assert_eq!(
            rejected(base(("request_id", V::s("abc"))), PARAMS),
            "request_id must be 6 to 64 characters long"
        );
        assert_eq!(
            rejected(base(("temperature", V::n(f64::NAN))), PARAMS),
            "temperature is not a JSON value (symbol, bigint, NaN or Infinity)"
        );
        let bad_role = V::obj(&[("role", V::s("robot")), ("content", V::s("x"))]);
        assert_eq!(
            rejected(
                V::obj(&[
                    ("model", V::s("m")),
                    ("messages", V::arr(&[user("a"), bad_role]))
                ]),
                PARAMS
            ),
            "messages[1].role must be one of \"system\", \"user\", \"assistant\", \"tool\""
        );
        let numeric_role = V::obj(&[("role", V::n(1.0)), ("content", V::s("x"))]);
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("m")), ("messages", V::arr(&[numeric_role]))]),
                PARAMS
            ),
            "messages[0].role must be a string"
        );
        let tool_msg = V::obj(&[("role", V::s("tool")), ("content", V::s("{}"))]);
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("m")), ("messages", V::arr(&[tool_msg]))]),
                PARAMS
            ),
            "messages[0].tool_call_id is required"
        );
        let part = V::obj(&[
            ("type", V::s("image_url")),
            ("image_url", V::s("https://x")),
        ]);
        let vision = V::obj(&[("role", V::s("user")), ("content", V::arr(&[part]))]);
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("m")), ("messages", V::arr(&[vision]))]),
                PARAMS
            ),
            "messages[0].content[0].image_url must be an object"
        );
        let num_content = V::obj(&[("role", V::s("user")), ("content", V::n(1.0))]);
        assert_eq!(
            rejected(
                V::obj(&[("model", V::s("m")), ("messages", V::arr(&[num_content]))]),
                PARAMS
            ),
            "messages[0].content must be a string or an array"
        );
    }

    #[test]
    fn null_optional_fields_are_unset() {
        let p = V::obj(&[
            ("model", V::s("glm-4.6")),
            ("messages", V::arr(&[user("hi")])),
            ("thinking", V::Null),
            ("response_format", V::Null),
        ]);
        assert!(validate(&p, PARAMS).is_ok());
    }
}
